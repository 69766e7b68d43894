//! The rules on one answer: the fulfillment row, what satisfies it, the verdict per type
//! (DOMAIN.md §3) and the status lifecycles (§4).

pub(crate) mod allowed;
pub(crate) mod assessment;
pub(crate) mod fulfillment;
pub(crate) mod lifecycle;
