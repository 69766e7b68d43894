//! bunq's wire formats: the answer envelopes, what an onboarding `PUT` answer means, the request
//! bodies a partner sends, and the located error when a body cannot be read.

#[cfg(feature = "json")]
pub(crate) mod envelope;
pub(crate) mod error_answer;
pub(crate) mod object_only;
#[cfg(feature = "json")]
pub(crate) mod parse;
#[cfg(feature = "json")]
pub(crate) mod put_answer;
pub(crate) mod request;
