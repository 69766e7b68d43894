//! A pure domain model of bunq partner user onboarding.
//!
//! A partner that provisions users through bunq asks for the target `ACTIVE` / `VERIFIED` with
//! `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`. While the user still has to provide
//! something, bunq answers with an `Error` envelope listing *fulfillments*: rows with a type, a
//! status and the statuses that would satisfy them. This crate reads that answer losslessly and
//! says, per fulfillment type, what blocks the target now, what is due later, what is in review
//! and what is done.
//!
//! Around that answer, bunq sends the rest of a user's journey: the provision and its credential,
//! the onboarding object, identity verification sessions, callbacks. [`UserRecord`] is the
//! partner's record of one user, built only from those facts, in any order and any number of
//! times, and [`UserRecord::next_step`] says what to do next. [`Onboarding`] is the stand-in for
//! bunq: it refuses the target exactly as bunq would.
//!
//! It never reads a clock, a file or the network (`now` is always an argument), never panics on
//! input, and keeps wire values it does not know exactly as they were.
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use bunq_onboarding::{Class, PutAnswer, Report, Timestamp};
//!
//! let body = r#"{"Error":[{"error_description":"You need to provide additional information in order to perform this action.",
//!   "error_description_translated":"You need to provide additional information in order to perform this action.",
//!   "error_additional_parameter":[{"AdditionalFulfillmentParameter":{
//!     "all_fulfillment":[{"type":"EMAIL","user_id":877,"status":"IN_PROGRESS","time_mandatory":null,"all_status_allowed":["FULFILLED","IN_PROGRESS"]},
//!                        {"type":"MADE_UP_TYPE","user_id":877,"status":null,"time_mandatory":"2026-02-01 00:00:00.000000","all_status_allowed":["FULFILLED"]}],
//!     "all_fulfillment_fulfilled":[{"type":"PHONE_NUMBER","user_id":877,"status":"FULFILLED","all_status_allowed":["FULFILLED"]}]}}]}]}"#;
//!
//! let answer = PutAnswer::from_json(body)?;
//! let now: Timestamp = "2025-11-26 12:00:00.000000".parse()?;
//! let PutAnswer::NeedsFulfillments { parameter, .. } = &answer else { unreachable!() };
//! let assessment = parameter.assess(now);
//!
//! assert!(assessment.can_reach_target()); // nothing is mandatory *now*
//! let tax = assessment.of_class(Class::DueLater).next().unwrap();
//! assert_eq!(tax.fulfillment_type(), "MADE_UP_TYPE"); // unknown types are judged too
//! assert_eq!(tax.deadline().unwrap().to_string(), "2026-02-01 00:00:00.000000");
//! assert_eq!(assessment.action_required(), "SYSTEM"); // EMAIL is in review
//!
//! let report = serde_json::to_value(Report::new(&answer, now))?;
//! assert_eq!(report["outcome"], "ready");
//! assert_eq!(report["in_review"], serde_json::json!(["EMAIL"]));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//! - `json` (default): reading and writing bunq's JSON: [`PutAnswer`], [`Envelope`], [`Report`],
//!   bunq's objects, and the record ([`UserRecord`], [`Fact`], [`NextStep`]).
//! - `proptest`: the `strategy` module: proptest strategies and `Arbitrary` for the crate's types.

#![forbid(unsafe_code)] // a pure model of data needs none, and users can rely on that
#![deny(missing_docs)] // every public item is part of the contract and says why it exists
#![warn(missing_debug_implementations)]
// users log these values
// Library code never aborts the service embedding it: no unwrap, expect, panic or indexing.
// Tests (here and in `tests/`) may use them.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod ids;
mod names;
#[cfg(feature = "json")]
pub mod record;
pub mod report;
pub mod rules;
mod shared_text;
pub mod standin;
#[cfg(feature = "proptest")]
pub mod strategy;
mod text;
mod timestamp;
pub mod vocabulary;
pub mod wire;

// The entry points, at the root; every other public name lives in the module of its part.
pub use names::UnknownName;
#[cfg(feature = "json")]
pub use record::{Fact, FactLine, NextStep, RecordReport, UserRecord};
#[cfg(feature = "json")]
pub use report::Report;
pub use rules::{AdditionalFulfillmentParameter, Assessment, Class, Fulfillment, Verdict};
pub use shared_text::SharedText;
pub use standin::{Onboarding, Policy};
pub use timestamp::{Timestamp, TimestampError};
pub use vocabulary::{FulfillmentStatus, FulfillmentType};
#[cfg(feature = "json")]
pub use wire::{Envelope, ParseError, PutAnswer};

// Inside the crate every name is also at the root, so that modules name each other's types
// shortly (`crate::ObjectKey`). Globs: the modules' own lists are the one source of names.
#[allow(clippy::wildcard_imports)]
pub(crate) use ids::*;
#[cfg(feature = "json")]
#[allow(clippy::wildcard_imports)]
pub(crate) use record::*;
#[cfg(feature = "json")]
#[allow(clippy::wildcard_imports)]
pub(crate) use report::*;
#[allow(clippy::wildcard_imports)]
pub(crate) use rules::*;
#[allow(clippy::wildcard_imports)]
pub(crate) use standin::*;
#[allow(clippy::wildcard_imports)]
pub(crate) use vocabulary::*;
#[allow(clippy::wildcard_imports)]
pub(crate) use wire::*;

/// The crate's documents, as in its repository's `docs/` folder: the rules it implements (each with
/// the test that guards it), the record's contract, the lifecycles and the errors.
// The documents are prose read on GitHub too: words like "OpenAPI" are names, not code.
#[allow(clippy::doc_markdown)]
pub mod docs {
    #[doc = include_str!("../docs/rules.md")]
    pub mod rules {}
    #[doc = include_str!("../docs/record.md")]
    #[cfg(feature = "json")]
    pub mod record {}
    #[doc = include_str!("../docs/lifecycle.md")]
    pub mod lifecycle {}
    #[doc = include_str!("../docs/errors.md")]
    pub mod errors {}
}

/// The README's examples, run as doctests so that they stay true.
#[cfg(all(doctest, feature = "json"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
