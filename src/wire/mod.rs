//! bunq's wire formats: the envelopes of answers and callbacks, the objects of a user's journey
//! (provision, onboarding, identity verification), what an onboarding `PUT` answer means, the
//! request bodies a partner sends, and the located error when a body cannot be read.

#[cfg(feature = "json")]
pub(crate) mod callback;

#[cfg(feature = "json")]
pub(crate) mod envelope;
pub(crate) mod error_answer;
#[cfg(feature = "json")]
pub(crate) mod inquiry;
#[cfg(feature = "json")]
pub(crate) mod object;
pub(crate) mod object_only;
#[cfg(feature = "json")]
pub(crate) mod parse;
#[cfg(feature = "json")]
pub(crate) mod provision;
#[cfg(feature = "json")]
pub(crate) mod put_answer;
pub(crate) mod request;
pub(crate) mod row;
#[cfg(feature = "json")]
pub(crate) mod user_onboarding;
#[cfg(feature = "json")]
pub(crate) mod verification;

#[cfg(feature = "json")]
pub use callback::NotificationUrl;
#[cfg(feature = "json")]
pub use envelope::{
    AdditionalParameter, BareId, BunqError, Content, Envelope, JsonValue, Members, OtherObject,
    Pagination, ResponseItem,
};
pub use error_answer::ErrorDescription;
#[cfg(feature = "json")]
pub use inquiry::{InquiryEntryItem, UserInformationInquiry, UserInformationInquiryEntry};
#[cfg(feature = "json")]
pub use object::WireField;
#[cfg(feature = "json")]
pub use parse::{ParseError, ParseErrorKind};
#[cfg(feature = "json")]
pub use provision::{Credential, PartnerUserProvision};
#[cfg(feature = "json")]
pub use put_answer::{NotAnAnswer, PutAnswer};
pub use request::{
    AnswerInquiryEntry, CreateOnboarding, CreateVerificationSession, UpdateOnboarding,
    UpdateProvision, UpdateVerificationSession,
};
#[cfg(feature = "json")]
pub use user_onboarding::UserOnboarding;
#[cfg(feature = "json")]
pub use verification::{IdentityVerificationSession, VerificationResult};

/// The names of bunq's envelope members, each written once: the readers match them and the
/// writers write them.
pub(crate) mod members {
    #[cfg(feature = "json")]
    pub(crate) const RESPONSE: &str = "Response";
    pub(crate) const ERROR: &str = "Error";
    #[cfg(feature = "json")]
    pub(crate) const NOTIFICATION_URL: &str = "NotificationUrl";
    #[cfg(feature = "json")]
    pub(crate) const PAGINATION: &str = "Pagination";
    /// The type name bunq wraps the fulfillment parameter in.
    pub(crate) const ADDITIONAL_FULFILLMENT_PARAMETER: &str = "AdditionalFulfillmentParameter";
}
