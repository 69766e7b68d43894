//! A stateful fake of bunq's partner onboarding API over HTTP.
//!
//! Partners test their onboarding code against bunq's sandbox: rate-limited, slow, and unable to
//! stage the cases that matter. This fake answers bunq's endpoints (the API context with its
//! tokens and signatures, provisions, onboarding and its target, the data endpoints, identity
//! verification, compliance inquiries and attachments, notification filters and failed callbacks)
//! with bunq's envelopes, sends callbacks, and lets a test drive what bunq would decide: a
//! scenario, a virtual clock, and faults. Any language's test suite, bunq's own SDKs included,
//! points its base URL at it.
//!
//! Every rule of onboarding comes from the core crate, `bunq_onboarding`: the target is answered
//! by its stand-in (`Onboarding`), the refusal is its `BlockedTarget`, the objects are its wire
//! types. This crate is the shell: bunq's other state, HTTP, and callbacks.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let fake = bunq_onboarding_fake::start(bunq_onboarding_fake::Settings::default()).await?;
//! println!("bunq at {}", fake.base_url());
//! fake.control().advance(5).await; // the provision steps run
//! fake.stop().await;
//! # Ok(())
//! # }
//! ```

mod answer;
mod bunq;
mod deliver;
mod server;
mod shared;
mod signing;

pub use answer::Answer;
pub use bunq::{
    ATTACHMENT_LIMIT, Access, Attempt, Bunq, Caller, Credentials, DEFAULT_PARTNER_API_KEY,
    Decision, EntryDecision, EntryRequest, Failure, Faults, InquiryFilter, InquiryRequest,
    PARTNER_USER_ID, Scenario, ScenarioRequirement, Settings, Undelivered,
};
pub use server::{Control, Fake, start, start_on};
pub use signing::{ClientKey, SERVER_PUBLIC_KEY_PEM, ServerKey};
