//! bunq's wire formats: the envelopes of answers and callbacks, the objects of a user's journey
//! (provision, onboarding, identity verification), what an onboarding `PUT` answer means, the
//! request bodies a partner sends, and the located error when a body cannot be read.

#[cfg(feature = "json")]
pub(crate) mod callback;
#[cfg(feature = "json")]
pub(crate) mod envelope;
pub(crate) mod error_answer;
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
