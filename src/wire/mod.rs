//! bunq's wire formats: the answer envelopes, what an onboarding `PUT` answer means, and the
//! request bodies a partner sends.

#[cfg(feature = "json")]
pub(crate) mod answer;
pub(crate) mod request;
