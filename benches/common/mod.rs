//! Inputs and the hand-written peer, shared by the bench targets.
#![allow(dead_code)] // each bench target uses its own subset

use bunq_onboarding::{
    AdditionalFulfillmentParameter, Class, FulfillmentType, PutAnswer, Timestamp,
};
use serde_json::{Value, json};

pub const SEED: &str = include_str!("../../tests/fixtures/put-onboarding-error.json");
pub const NOW: &str = "2025-08-13 14:45:18.621550";

/// A real-shaped answer with `rows` rows: the seed's rows repeated, with some statuses,
/// deadlines and unknown types varied so that every class occurs.
pub fn answer_with_rows(rows: usize) -> String {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let parameter =
        &seed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let templates: Vec<Value> = parameter["all_fulfillment"].as_array().unwrap().clone();
    let all: Vec<Value> = (0..rows)
        .map(|i| {
            let mut row = templates[i % templates.len()].clone();
            match i % 5 {
                0 => row["status"] = json!("FULFILLED"),
                1 => row["status"] = json!("IN_PROGRESS"),
                2 => row["time_mandatory"] = json!("2026-02-01 00:00:00.000000"),
                _ => {}
            }
            if i % 7 == 0 {
                row["type"] = json!(format!("UNKNOWN_TYPE_{}", i % 11));
            }
            row
        })
        .collect();
    let mut answer = seed.clone();
    answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"]["all_fulfillment"] =
        Value::Array(all);
    answer.to_string()
}

/// What a team writes by hand: walk the `Value`, compare strings, group by type.
pub fn peer_blocking(answer: &Value, now: &str) -> Vec<String> {
    let parameter =
        &answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let mut verdicts: Vec<(String, bool)> = Vec::new();
    for list in ["all_fulfillment", "all_fulfillment_fulfilled"] {
        for row in parameter[list].as_array().into_iter().flatten() {
            let fulfillment_type = row["type"].as_str().unwrap_or_default();
            let status = row["status"].as_str();
            let satisfied = status.is_some()
                && row["all_status_allowed"]
                    .as_array()
                    .is_some_and(|allowed| allowed.iter().any(|a| a.as_str() == status));
            let mandatory = row["time_mandatory"].as_str().is_none_or(|due| due <= now);
            let blocks = !satisfied && mandatory;
            match verdicts.iter_mut().find(|(t, _)| t == fulfillment_type) {
                Some((_, blocking)) => *blocking |= blocks,
                None => verdicts.push((fulfillment_type.to_owned(), blocks)),
            }
        }
    }
    verdicts
        .into_iter()
        .filter(|(_, blocking)| *blocking)
        .map(|(t, _)| t)
        .collect()
}

pub fn parameter_of(answer: &str) -> AdditionalFulfillmentParameter {
    match PutAnswer::from_json(answer).unwrap() {
        PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
        other => panic!("{other:?}"),
    }
}

pub fn crate_blocking(answer: &str, now: Timestamp) -> Vec<FulfillmentType> {
    let parameter = parameter_of(answer);
    let assessment = parameter.assess(now);
    assessment
        .of_class(Class::Blocking)
        .map(|v| v.fulfillment_type().clone())
        .collect()
}
