//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use bunq_onboarding::{
    Assessment, Class, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp,
};

/// bunq's example answer to the onboarding PUT, byte for byte.
pub const SEED: &str = include_str!("../fixtures/put-onboarding-error.json");

/// The rows of bunq's example answer.
#[cfg(feature = "json")]
#[track_caller]
pub fn seed_parameter() -> bunq_onboarding::AdditionalFulfillmentParameter {
    match bunq_onboarding::PutAnswer::from_json(SEED).unwrap() {
        bunq_onboarding::PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
        other => panic!("the seed needs fulfillments, got {other:?}"),
    }
}

/// The path of the first row of `all_fulfillment` in [`answer_with_parameter`]'s answer.
pub const PATH_TO_ROW: &str =
    "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter.all_fulfillment[0]";

/// bunq's `Error` answer (one error, described "Need more." / "Meer nodig.") carrying one
/// fulfillment parameter, whose JSON text is `parameter`.
pub fn answer_with_parameter(parameter: &str) -> String {
    format!(
        r#"{{"Error":[{{"error_description":"Need more.","error_description_translated":"Meer nodig.","error_additional_parameter":[{{"AdditionalFulfillmentParameter":{parameter}}}]}}]}}"#
    )
}

/// The same answer with the lists `all_fulfillment` and `all_fulfillment_fulfilled`, each
/// displayed as a JSON array (a `serde_json::Value`, or text).
pub fn answer_with_rows(
    all_fulfillment: impl std::fmt::Display,
    fulfilled: impl std::fmt::Display,
) -> String {
    answer_with_parameter(&format!(
        r#"{{"all_fulfillment":{all_fulfillment},"all_fulfillment_fulfilled":{fulfilled}}}"#
    ))
}

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

/// Every value of one of the crate's closed sets (`ALL`, named `NAMES`) through `as_str`'s
/// spelling, `Display`, `FromStr` and serde: one spelling each; and an unknown name refused with
/// the crate's own error, listing the names.
#[track_caller]
pub fn check_names<T>(all: &[T], names: &[&'static str], what: &str)
where
    T: Copy
        + std::fmt::Debug
        + PartialEq
        + std::fmt::Display
        + std::str::FromStr<Err = bunq_onboarding::UnknownName>
        + serde::Serialize
        + serde::de::DeserializeOwned,
{
    assert_eq!(all.len(), names.len());
    for (value, name) in all.iter().zip(names) {
        assert_eq!(value.to_string(), *name);
        assert_eq!(name.parse::<T>().unwrap(), *value);
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *value);
    }
    let error = "NOT_A_NAME".parse::<T>().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            r#"unknown {what} "NOT_A_NAME"; expected one of: {}"#,
            names.join(", ")
        )
    );
    let refused = serde_json::from_str::<T>("\"NOT_A_NAME\"").unwrap_err();
    assert!(
        refused.to_string().starts_with(&error.to_string()),
        "{refused}"
    );
}

/// A file of `tests/fixtures/bunq-published/` (bunq's own examples, byte for byte), as text.
#[track_caller]
pub fn published_text(file: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/bunq-published/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The same, as JSON.
#[track_caller]
pub fn published(file: &str) -> serde_json::Value {
    serde_json::from_str(&published_text(file)).unwrap()
}

/// The one object of a published `Response`.
#[track_caller]
pub fn published_object(file: &str) -> serde_json::Value {
    let value = published(file);
    let wrapped = value["Response"][0].as_object().unwrap();
    wrapped.values().next().unwrap().clone()
}

/// An error's position lies inside the text: its line exists, and its column (in bytes, from 1; 0
/// before the line's first byte) is within that line.
#[cfg(feature = "json")]
#[track_caller]
pub fn assert_position_within(text: &str, error: &bunq_onboarding::ParseError) {
    let line = text.split('\n').nth(error.line().wrapping_sub(1));
    let Some(line) = line else {
        panic!(
            "line {} of a text of {} lines: {error}",
            error.line(),
            text.split('\n').count()
        );
    };
    assert!(
        error.column() <= line.len(),
        "column {} of a line of {} bytes: {error}",
        error.column(),
        line.len()
    );
}
