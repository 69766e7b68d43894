//! What the crate prints for people and machines: the report on one answer and its table.

#[cfg(feature = "json")]
pub(crate) mod answer;
pub(crate) mod table;

#[cfg(feature = "json")]
pub use answer::{DueLater, Outcome, Report, Summary};
