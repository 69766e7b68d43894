//! Any sequence of facts about one user, and any bytes as a fact line: reading never panics, and
//! the record's laws hold: the reversed order gives the same state and next step, a fact applied
//! twice changes nothing the second time, replay and serde give the record back, no secret and no
//! user's answer is kept, and the next step is never `done` while anything blocks. Compliance
//! inquiries and answered entries are among the facts.
#![no_main]

use arbitrary::Arbitrary;
use bunq_onboarding::{FactLine, Timestamp, UserRecord};
use bunq_onboarding::record::FactOutcome;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

/// One fact line, from a few choices each: ids always agree (provision 7, user 877, onboarding
/// 260), versions and receipts collide often.
#[derive(Arbitrary, Debug)]
enum Line {
    Provision { status: u8, sub_status: u8, credential: u8, updated: Option<u8> },
    Onboarding { action_required: u8, with_id: bool, updated: Option<u8> },
    Session { id: bool, status: u8, approved: Option<bool>, updated: Option<u8> },
    List { rows: Vec<(u8, u8, bool)> },
    Accepted,
    BunqError(u8),
    SessionStarted,
    OnboardingCreated,
    Payment,
    Inquiry { id: bool, status: u8, updated: Option<u8>, expiry: bool, entries: Vec<(bool, u8, Option<u8>)> },
    AnsweredEntry { first: bool },
    /// Any bytes, read as a fact line.
    Raw(Vec<u8>),
}

fn pick<'a>(options: &[&'a str], index: u8) -> &'a str {
    options[usize::from(index) % options.len()]
}

fn instant(index: u8) -> String {
    format!("2025-08-13 14:00:0{}.000000", index % 4)
}

fn text(options: &[&str], index: u8) -> Value {
    match pick(options, index) {
        "null" => Value::Null,
        text => json!(text),
    }
}

/// The line's JSON text, and whether it is one of the structured lines.
fn line(received: u8, line: &Line) -> Result<String, Vec<u8>> {
    const PUT: &str = "PUT /v1/user/1364/user-onboarding/260";
    let (request, body) = match line {
        Line::Provision { status, sub_status, credential, updated } => {
            let credentials = [
                json!(null),
                json!({"status": "EXPIRED"}),
                json!({"status": "PENDING_FIRST_USE", "expiry_time": instant(*credential), "token_value": "secret"}),
            ];
            let credential = credentials[usize::from(*credential) % credentials.len()].clone();
            let mut object = json!({"id": 7,
                "status": text(&["CREATED", "ACTIVE", "CANCELLED", "MADE_UP", "null"], *status),
                "sub_status": text(&["PENDING_PROCESS_USER", "PENDING_PROCESS_USER_ONBOARDING", "NONE"], *sub_status),
                "credential": credential});
            if let Some(updated) = updated {
                object["updated"] = json!(instant(*updated));
            }
            (None, json!({"Response": [{"PartnerUserProvision": object}]}))
        }
        Line::Onboarding { action_required, with_id, updated } => {
            let mut object = json!({"user_id": 877,
                "action_required": text(&["USER", "SYSTEM", "NONE", "null", "MADE_UP"], *action_required)});
            if *with_id {
                object["id"] = json!(260);
            }
            if let Some(updated) = updated {
                object["updated"] = json!(instant(*updated));
            }
            (None, json!({"NotificationUrl": {"category": "USER_ONBOARDING", "object": {"UserOnboarding": object}}}))
        }
        Line::Session { id, status, approved, updated } => {
            let mut object = json!({"id": if *id { 36 } else { 37 }, "token": "secret",
                "status": text(&["CREATED", "SUBMITTED", "PROCESSED"], *status)});
            if let Some(approved) = approved {
                object["result"] = if *approved { json!({"result": "APPROVED"}) } else { json!(null) };
            }
            if let Some(updated) = updated {
                object["updated"] = json!(instant(*updated));
            }
            (None, json!({"Response": [{"IdentityVerificationSessionIncode": object}]}))
        }
        Line::List { rows } => {
            let rows: Vec<Value> = rows
                .iter()
                .take(6)
                .map(|(fulfillment_type, status, due)| json!({
                    "type": pick(&["ADDRESS_MAIN", "EMAIL", "IDENTIFICATION_VERIFICATION", "MADE_UP_TYPE"], *fulfillment_type),
                    "user_id": 877,
                    "status": text(&["null", "IN_PROGRESS", "FULFILLED"], *status),
                    "time_mandatory": if *due { json!("2025-08-13 14:00:02.000000") } else { json!(null) },
                    "all_status_allowed": ["FULFILLED", "IN_PROGRESS"],
                }))
                .collect();
            let body = json!({"Error": [{"error_description": "d", "error_description_translated": "d",
                "error_additional_parameter": [{"AdditionalFulfillmentParameter": {"all_fulfillment": rows}}]}]});
            (Some(PUT), body)
        }
        Line::Accepted => (Some(PUT), json!({"Response": [{"Id": {"id": 260}}]})),
        Line::BunqError(which) => (Some(PUT), json!({"Error": [{"error_description": pick(&["a", "b"], *which)}]})),
        Line::SessionStarted => (Some("POST /v1/session-server"), json!({"Response": [{"Id": {"id": 1}}, {"Token": {"token": "secret"}}]})),
        Line::OnboardingCreated => (Some("POST /v1/user/1364/user-onboarding"), json!({"Response": [{"Id": {"id": 260}}]})),
        Line::Payment => (None, json!({"NotificationUrl": {"category": "PAYMENT", "object": {"Payment": {}}}})),
        Line::Inquiry { id, status, updated, expiry, entries } => {
            let entries: Vec<Value> = entries
                .iter()
                .take(3)
                .map(|(first, status, updated)| {
                    let mut entry = json!({"id": if *first { 2001 } else { 2002 },
                        "status": text(&["PENDING", "WAITING_FOR_REVIEW", "APPROVED", "REJECTED", "MADE_UP"], *status),
                        "all_data_submitted": ["the user's answer"]});
                    if let Some(updated) = updated {
                        entry["updated"] = json!(instant(*updated));
                    }
                    json!({"UserInformationInquiryEntry": entry})
                })
                .collect();
            let mut object = json!({"id": if *id { 1001 } else { 1002 }, "user_id": 877,
                "status": text(&["EXPECTING_REPLY_FROM_USER", "EXPECTING_REPLY_FROM_BUNQ", "FINALIZED"], *status),
                "time_expiry": if *expiry { json!("2025-08-13 14:00:01.000000") } else { json!(null) },
                "assistant_conversation": {"said": "the user's words"}, "all_entry": entries});
            if let Some(updated) = updated {
                object["updated"] = json!(instant(*updated));
            }
            (None, json!({"NotificationUrl": {"category": "USER_INFORMATION_INQUIRY", "object": {"UserInformationInquiry": object}}}))
        }
        Line::AnsweredEntry { first } => {
            let (request, id) = if *first {
                ("PUT /v1/user/1364/user-information-inquiry/1001/partner-user-information-inquiry-entry/2001", 2001)
            } else {
                ("PUT /v1/user/1364/user-information-inquiry/1002/partner-user-information-inquiry-entry/2002", 2002)
            };
            (Some(request), json!({"Response": [{"Id": {"id": id}}]}))
        }
        Line::Raw(bytes) => return Err(bytes.clone()),
    };
    let mut line = json!({"received": instant(received), "body": body});
    if let Some(request) = request {
        line["request"] = json!(request);
    }
    Ok(line.to_string())
}

fuzz_target!(|lines: Vec<(u8, Line)>| {
    let now = Timestamp::parse("2025-08-13 14:00:02.000000").unwrap();
    let mut facts = Vec::new();
    for (received, fuzzed) in &lines {
        match line(*received, fuzzed) {
            Ok(text) => facts.extend(FactLine::from_json(&text).expect("a structured line reads").facts()),
            // Any bytes: read, or refused with an error; never a panic.
            Err(bytes) => {
                if let Ok(line) = FactLine::from_slice(&bytes) {
                    let _ = UserRecord::new().apply(&line.facts()[0]);
                }
            }
        }
    }
    let mut forward = UserRecord::new();
    for fact in &facts {
        forward.apply(fact).expect("the facts agree on the ids");
        let once = forward.clone();
        let again = forward.apply(fact).unwrap();
        assert_ne!(again, FactOutcome::Applied, "a fact applied twice changed the record");
        assert_eq!(forward, once, "a fact applied twice changed the record");
    }
    let mut backward = UserRecord::new();
    for fact in facts.iter().rev() {
        backward.apply(fact).unwrap();
    }
    assert_eq!(forward.state(), backward.state(), "the order of the facts mattered");
    assert_eq!(forward.next_step(now), backward.next_step(now));
    let replayed = UserRecord::replay(forward.given_ids(), forward.events().iter().cloned());
    assert_eq!(replayed, forward, "replay did not rebuild the record");
    let stored = serde_json::to_string(&forward).unwrap();
    assert!(!stored.contains("secret"), "a secret was kept");
    assert!(!stored.contains("the user's"), "a user's answer or conversation was kept");
    assert_eq!(serde_json::from_str::<UserRecord>(&stored).unwrap(), forward);
    if forward.next_step(now).is_done() {
        assert!(forward.assess(now).is_some_and(|assessment| assessment.can_reach_target()));
    }
});
