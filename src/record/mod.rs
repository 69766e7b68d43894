//! The partner's record of a user (`docs/rules.md` R and N): facts read from bunq's bodies, a record
//! built from them in any order and any number of times, its history, and the next step.

pub(crate) mod canonical;
pub(crate) mod fact;
pub(crate) mod history;
pub(crate) mod next_step;
pub(crate) mod report;
pub(crate) mod state;
pub(crate) mod user_record;
