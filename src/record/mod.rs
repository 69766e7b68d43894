//! The partner's record of a user (`docs/rules.md` R and N): facts read from bunq's bodies, a record
//! built from them in any order and any number of times, its history, and the next step.

pub(crate) mod anomaly;
pub(crate) mod canonical;
pub(crate) mod fact;
pub(crate) mod history;
pub(crate) mod next_step;
pub(crate) mod report;
pub(crate) mod state;
pub(crate) mod user_record;

pub use anomaly::Anomaly;
pub use canonical::{CanonicalJson, CanonicalMembers, SortedMembers};
pub use fact::{
    AnsweredRequest, Fact, FactLine, FactSubject, FulfillmentList, IdConflict, Ids, ObjectKey,
    RequestError,
};
pub use history::{ErrorChange, ListChange, ObjectChange, RecordChange, RecordEvent, RowsChange};
pub use next_step::{ApiCall, AskedType, EntryToAnswer, NextStep, StepKind, Waiting, WaitingOn};
pub use report::{
    InquiryEntrySummary, InquirySummary, OnboardingSummary, ProvisionSummary, RecordReport,
    RecordSummary,
};
pub use state::{RecordState, StoredObject, Versioned};
pub use user_record::{FactCounts, FactOutcome, FactRefusal, UserRecord};
