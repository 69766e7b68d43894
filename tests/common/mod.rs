//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use bunq_onboarding::{
    Assessment, Class, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp,
};

/// bunq's example answer to the onboarding PUT, byte for byte.
pub const SEED: &str = include_str!("../fixtures/put-onboarding-error.json");

#[track_caller]
pub fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A row of `fulfillment_type` with `status` (None: not started), satisfied by `allowed`,
/// mandatory now.
pub fn row(fulfillment_type: &str, status: Option<&str>, allowed: &[&str]) -> Fulfillment {
    let mut row = Fulfillment::new(
        FulfillmentType::new(fulfillment_type),
        allowed.iter().map(|status| FulfillmentStatus::new(status)),
    );
    row.status = status.map(FulfillmentStatus::new);
    row
}

/// The same row, mandatory only from `time_mandatory`.
#[track_caller]
pub fn due(mut row: Fulfillment, time_mandatory: &str) -> Fulfillment {
    row.time_mandatory = Some(ts(time_mandatory));
    row
}

/// Each verdict as (type, class), in order.
pub fn classes(assessment: &Assessment<'_>) -> Vec<(String, Class)> {
    assessment
        .verdicts()
        .iter()
        .map(|verdict| (verdict.fulfillment_type().to_string(), verdict.class()))
        .collect()
}

/// The types of one class, in order.
pub fn types_of(assessment: &Assessment<'_>, class: Class) -> Vec<String> {
    assessment
        .of_class(class)
        .map(|verdict| verdict.fulfillment_type().to_string())
        .collect()
}

/// `cases` cases, failing seeds kept in `proptest-regressions/{file}.txt` (committed).
pub fn proptest_config(cases: u32, file: &'static str) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(file),
        )),
        ..proptest::test_runner::Config::default()
    }
}
