//! The rules on one answer: the fulfillment row, what satisfies it, the verdict per type
//! (`docs/rules.md` A) and the status lifecycles (L).

pub(crate) mod allowed;
pub(crate) mod assessment;
pub(crate) mod fulfillment;
pub(crate) mod lifecycle;

pub use allowed::{AllowedStatuses, StatusIter};
pub use assessment::{Assessment, Class, Verdict};
pub use fulfillment::{AdditionalFulfillmentParameter, Fulfillment};
pub use lifecycle::{
    FULFILLMENT_LIFECYCLE, FulfillmentCommand, INQUIRY_ENTRY_LIFECYCLE, INQUIRY_LIFECYCLE,
    InquiryCommand, InquiryEntryCommand, Lifecycle, LifecycleCommand, LifecycleState, Step,
    Transition, USER_LIFECYCLE, UserCommand,
};
