//! Fact streams for the record's benches.

use bunq_onboarding::{Fact, FactLine};
use serde_json::{Value, json};

use super::minify;

/// bunq's published provision callback.
pub fn provision_callback() -> Value {
    serde_json::from_str(include_str!(
        "../../tests/fixtures/bunq-published/webhook-provision-updated.json"
    ))
    .unwrap()
}

/// The facts of one line of `explain --facts`.
pub fn facts_of(line: &Value) -> Vec<Fact> {
    FactLine::from_json(&line.to_string()).unwrap().facts()
}

/// The journey of `tests/fixtures/facts/journey.jsonl`: one user from provision to ACTIVE /
/// VERIFIED, with a retried callback and a late answer.
pub fn journey() -> Vec<Fact> {
    include_str!("../../tests/fixtures/facts/journey.jsonl")
        .lines()
        .flat_map(|line| FactLine::from_json(line).unwrap().facts())
        .collect()
}

/// The compact provision callback as bunq retries it: `received` later each time.
pub fn retried_callback(received: &str) -> Fact {
    let line = format!(
        r#"{{"received":"{received}","body":{}}}"#,
        minify(&provision_callback().to_string())
    );
    FactLine::from_json(&line).unwrap().facts().remove(0)
}

/// The compliance inquiry callback that ends `journey-then-inquiry.jsonl` (an inquiry and its
/// entry: two facts), as bunq retries it: `received` later each time.
pub fn retried_inquiry_callback(received: &str) -> Vec<Fact> {
    let last = include_str!("../../tests/fixtures/facts/journey-then-inquiry.jsonl")
        .lines()
        .last()
        .unwrap();
    let mut line: Value = serde_json::from_str(last).unwrap();
    line["received"] = json!(received);
    facts_of(&line)
}

/// `count` facts about one user that each change its record: provision callbacks whose status
/// and sub-status alternate, a second apart. Every one is an event of the record.
pub fn changing_facts(count: usize) -> Vec<Fact> {
    let template = provision_callback();
    (0..count)
        .map(|i| {
            let mut body = template.clone();
            let provision = &mut body["NotificationUrl"]["object"]["PartnerUserProvision"];
            let (status, sub_status) = if i % 2 == 0 {
                ("ACTIVE", "NONE")
            } else {
                ("CREATED", "PENDING_PROCESS_USER")
            };
            let at = format!(
                "2025-09-{:02} {:02}:{:02}:{:02}.000000",
                3 + i / 86_400,
                i / 3_600 % 24,
                i / 60 % 60,
                i % 60
            );
            provision["status"] = json!(status);
            provision["sub_status"] = json!(sub_status);
            provision["updated"] = json!(at);
            facts_of(&json!({"received": at, "body": body})).remove(0)
        })
        .collect()
}
