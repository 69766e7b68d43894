//! Laws of the record, on random sets of facts about one user (provision, onboarding, identity
//! verification sessions, fulfillment lists, bunq's errors, session starts, compliance inquiries
//! and their answered entries, ignored callbacks),
//! drawn so that stale, duplicate and equal-version conflicting facts are common.

mod common;

use bunq_onboarding::record::FactOutcome;
use bunq_onboarding::vocabulary::{InquiryEntryStatus, InquiryStatus};
use bunq_onboarding::{Fact, FactLine, Timestamp, UserRecord};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// Four instants: versions and receipt times collide often, so ties and stale facts are common.
fn instant() -> impl Strategy<Value = &'static str> {
    select(
        &[
            "2025-08-13 14:00:00.000000",
            "2025-08-13 14:00:01.000000",
            "2025-08-13 14:00:02.000000",
            "2025-08-13 14:00:03.000000",
        ][..],
    )
}

/// `Some(value)` or the member left out.
fn maybe<T: Clone + std::fmt::Debug + 'static>(values: Vec<T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.7, select(values))
}

/// An object's members: each one maybe present, maybe `null`.
fn members(pairs: Vec<(&'static str, Option<Value>)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .filter_map(|(name, value)| value.map(|value| (name.to_owned(), value)))
            .collect(),
    )
}

fn text(values: &'static [&'static str]) -> impl Strategy<Value = Option<Value>> {
    maybe(values.to_vec()).prop_map(|value| {
        value.map(|text| {
            if text == "null" {
                Value::Null
            } else {
                json!(text)
            }
        })
    })
}

fn provision() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    (
        text(&["CREATED", "ACTIVE", "CANCELLED", "MADE_UP", "null"]),
        text(&["PENDING_PROCESS_USER", "PENDING_PROCESS_USER_ONBOARDING", "NONE", "null"]),
        text(&["USER", "SYSTEM", "NONE"]),
        maybe(vec![
            json!(null),
            json!({"status": "PENDING_FIRST_USE", "expiry_time": "2025-08-13 14:00:02.000000", "token_value": "secret"}),
            json!({"status": "EXPIRED"}),
        ]),
        maybe(vec!["2025-08-13 14:00:00.000000", "2025-08-13 14:00:02.000000"]),
        any::<bool>(),
    )
        .prop_map(|(status, sub_status, action, credential, updated, callback)| {
            let object = members(vec![
                ("id", Some(json!(7))),
                ("status", status),
                ("sub_status", sub_status),
                ("action_required", action),
                ("credential", credential),
                ("updated", updated.map(|t| json!(t))),
            ]);
            let body = if callback {
                json!({"NotificationUrl": {"category": "PARTNER_USER_PROVISION", "object": {"PartnerUserProvision": object}}})
            } else {
                json!({"Response": [{"PartnerUserProvision": object}]})
            };
            (None, body)
        })
}

fn onboarding() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    (
        text(&["USER", "SYSTEM", "NONE", "null", "MADE_UP"]),
        text(&["AUTOMATED", "MANUAL"]),
        maybe(vec!["2025-08-13 14:00:01.000000", "2025-08-13 14:00:03.000000"]),
        any::<bool>(),
    )
        .prop_map(|(action, waiting, updated, with_id)| {
            let object = members(vec![
                ("id", with_id.then(|| json!(260))),
                ("user_id", Some(json!(877))),
                ("action_required", action),
                ("waiting_type", waiting),
                ("updated", updated.map(|t| json!(t))),
            ]);
            (None, json!({"NotificationUrl": {"category": "USER_ONBOARDING", "object": {"UserOnboarding": object}}}))
        })
}

fn verification_session() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    (
        select(&[36, 37][..]),
        text(&["CREATED", "SUBMITTED", "PROCESSED"]),
        maybe(vec![
            json!(null),
            json!({"result": "APPROVED", "all_fail_reason": []}),
        ]),
        maybe(vec![
            "2025-08-13 14:00:01.000000",
            "2025-08-13 14:00:02.000000",
        ]),
    )
        .prop_map(|(id, status, result, updated)| {
            let object = members(vec![
                ("id", Some(json!(id))),
                ("status", status),
                ("result", result),
                ("token", Some(json!("secret"))),
                ("updated", updated.map(|t| json!(t))),
            ]);
            (
                None,
                json!({"Response": [{"IdentityVerificationSessionIncode": object}]}),
            )
        })
}

/// A compliance inquiry of two possible ids, from a `GET` or a callback, with entries that may be
/// pending, answered or decided, versioned or not: a stale copy after an answer is common.
fn inquiry() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    let entry = (
        select(&[2001, 2002][..]),
        text(&["PENDING", "WAITING_FOR_REVIEW", "APPROVED", "REJECTED"]),
        maybe(vec![
            "2025-08-13 14:00:01.000000",
            "2025-08-13 14:00:02.000000",
        ]),
        text(&["Tell us more.", "null"]),
    )
        .prop_map(|(id, status, updated, reject_reason)| {
            json!({"UserInformationInquiryEntry": members(vec![
                ("id", Some(json!(id))),
                ("status", status),
                ("updated", updated.map(|t| json!(t))),
                ("reject_reason", reject_reason),
                ("all_data_submitted", Some(json!(["the user's answer"]))),
            ])})
        });
    (
        select(&[1001, 1002][..]),
        text(&["EXPECTING_REPLY_FROM_USER", "EXPECTING_REPLY_FROM_BUNQ", "FINALIZED"]),
        maybe(vec!["2025-08-13 14:00:00.000000", "2025-08-13 14:00:03.000000"]),
        maybe(vec![json!(null), json!("2025-08-13 14:00:02.000000")]),
        prop::collection::vec(entry, 0..3),
        any::<bool>(),
    )
        .prop_map(|(id, status, updated, expiry, entries, callback)| {
            let object = members(vec![
                ("id", Some(json!(id))),
                ("user_id", Some(json!(877))),
                ("purpose", Some(json!("ONBOARDING"))),
                ("status", status),
                ("updated", updated.map(|t| json!(t))),
                ("time_expiry", expiry),
                ("all_entry", Some(Value::Array(entries))),
                ("assistant_conversation", Some(json!({"said": "the user's words"}))),
            ]);
            let body = if callback {
                json!({"NotificationUrl": {"category": "USER_INFORMATION_INQUIRY", "object": {"UserInformationInquiry": object}}})
            } else {
                json!({"Response": [{"UserInformationInquiry": object}]})
            };
            (None, body)
        })
}

/// bunq's bare `Id` answering a partner's answer to an entry.
fn answered_entry() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    select(
        &[
            ("PUT /v1/user/1364/user-information-inquiry/1001/partner-user-information-inquiry-entry/2001", 2001),
            ("PUT /v1/user/1364/user-information-inquiry/1002/partner-user-information-inquiry-entry/2002", 2002),
        ][..],
    )
    .prop_map(|(request, id)| (Some(request), json!({"Response": [{"Id": {"id": id}}]})))
}

fn fulfillment_list() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    let row = (
        select(&["ADDRESS_MAIN", "EMAIL", "IDENTIFICATION_VERIFICATION", "MADE_UP_TYPE"][..]),
        select(vec![json!(null), json!("IN_PROGRESS"), json!("FULFILLED")]),
        select(vec![json!(null), json!("2025-08-13 14:00:02.000000")]),
    )
        .prop_map(|(fulfillment_type, status, due)| {
            json!({"type": fulfillment_type, "user_id": 877, "status": status, "time_mandatory": due,
                "all_status_allowed": ["FULFILLED", "IN_PROGRESS"], "reason": "Because."})
        });
    prop_oneof![
        3 => prop::collection::vec(row, 0..4).prop_map(|rows| {
            let text = common::answer_with_rows(Value::Array(rows), "[]");
            (Some("PUT /v1/user/1364/user-onboarding/260"), serde_json::from_str(&text).unwrap())
        }),
        1 => Just((Some("PUT /v1/user/1364/user-onboarding/260"), json!({"Response": [{"Id": {"id": 260}}]}))),
    ]
}

fn other() -> impl Strategy<Value = (Option<&'static str>, Value)> {
    prop_oneof![
        select(&["Too many requests.", "Try again."][..]).prop_map(|text| (
            Some("PUT /v1/user/1364/user-onboarding/260"),
            json!({"Error": [{"error_description": text, "error_description_translated": text}]})
        )),
        Just((
            Some("POST /v1/session-server"),
            json!({"Response": [{"Id": {"id": 1}}, {"Token": {"token": "secret"}}]})
        )),
        Just((
            Some("POST /v1/user/1364/user-onboarding"),
            json!({"Response": [{"Id": {"id": 260}}]})
        )),
        select(vec![36, 37]).prop_map(|id| (
            Some("POST /v1/user/1364/identity-verification-session"),
            json!({"Response": [{"Id": {"id": id}}]})
        )),
        Just((
            None,
            json!({"NotificationUrl": {"category": "PAYMENT", "object": {"Payment": {"id": 1}}}})
        )),
    ]
}

/// One fact line's facts: a body, when it was received, and its request.
fn fact_lines() -> impl Strategy<Value = Vec<Fact>> {
    let body = prop_oneof![
        provision(),
        onboarding(),
        verification_session(),
        fulfillment_list(),
        inquiry(),
        answered_entry(),
        other()
    ];
    prop::collection::vec((instant(), body), 1..12).prop_map(|lines| {
        lines
            .into_iter()
            .flat_map(|(received, (request, body))| {
                let mut line = json!({"received": received, "body": body});
                if let Some(request) = request {
                    line["request"] = json!(request);
                }
                FactLine::from_json(&line.to_string()).unwrap().facts()
            })
            .collect()
    })
}

/// Facts, and the same facts shuffled with some repeated.
fn facts_and_arrival() -> impl Strategy<Value = (Vec<Fact>, Vec<Fact>)> {
    fact_lines().prop_flat_map(|facts| {
        let n = facts.len();
        let repeats = prop::collection::vec(0..n, 0..=n);
        (Just(facts.clone()), repeats).prop_flat_map(|(facts, repeats)| {
            let mut arrival = facts.clone();
            arrival.extend(repeats.into_iter().map(|i| facts[i].clone()));
            (Just(facts), Just(arrival).prop_shuffle())
        })
    })
}

fn record_of<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> UserRecord {
    let mut record = UserRecord::new();
    for fact in facts {
        record.apply(fact).unwrap();
    }
    record
}

/// The record's values, without the versions they carry.
fn values(record: &UserRecord) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(members) => {
                members.remove("version");
                members.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut state = serde_json::to_value(record.state()).unwrap();
    strip(&mut state);
    state
}

fn now() -> Timestamp {
    common::ts("2025-08-13 14:00:02.000000")
}

proptest! {
    #![proptest_config(common::proptest_config(512, "proptest-regressions/record_properties.txt"))]

    /// Any order and any repetition gives the record and the next step of the facts applied in
    /// version order.
    #[test]
    fn every_order_and_repetition_gives_the_same_record_and_next_step((facts, arrival) in facts_and_arrival()) {
        let mut in_version_order = facts.clone();
        in_version_order.sort_by_key(Fact::version);
        let expected = record_of(&in_version_order);
        let got = record_of(&arrival);
        prop_assert_eq!(got.state(), expected.state());
        prop_assert_eq!(got.next_step(now()), expected.next_step(now()));
    }

    /// Applying a fact again changes nothing: not the state, not the history.
    #[test]
    fn applying_a_fact_twice_equals_applying_it_once((facts, arrival) in facts_and_arrival()) {
        let mut record = record_of(&facts);
        for fact in &arrival {
            let once = record.clone();
            let outcome = record.apply(fact).unwrap();
            if outcome != FactOutcome::Applied {
                prop_assert_eq!(values(&record), values(&once));
            }
            let twice = record.clone();
            let again = record.apply(fact).unwrap();
            prop_assert!(again != FactOutcome::Applied);
            prop_assert_eq!(&record, &twice);
        }
    }

    /// A stale (or duplicate) fact never changes a value of the record; it may only raise a
    /// version.
    #[test]
    fn a_stale_fact_never_changes_a_value(arrival in fact_lines()) {
        let mut record = UserRecord::new();
        for fact in &arrival {
            let before = values(&record);
            let outcome = record.apply(fact).unwrap();
            if matches!(outcome, FactOutcome::Stale | FactOutcome::Duplicate | FactOutcome::Ignored) {
                prop_assert_eq!(values(&record), before, "{:?}", outcome);
            }
        }
    }

    /// Replay and serde give the record back; no secret and no user's answer is kept.
    #[test]
    fn replay_and_serde_give_the_record_back((_, arrival) in facts_and_arrival()) {
        let record = record_of(&arrival);
        prop_assert_eq!(UserRecord::replay(record.given_ids(), record.events().iter().cloned()), record.clone());
        let json = serde_json::to_string(&record).unwrap();
        prop_assert!(!json.contains("secret"));
        prop_assert!(!json.contains("the user's"), "a user's answer or conversation is kept");
        prop_assert_eq!(serde_json::from_str::<UserRecord>(&json).unwrap(), record);
    }

    /// The next step never says "done" while anything blocks.
    #[test]
    fn the_next_step_is_never_done_while_anything_blocks_or_an_entry_is_to_answer(arrival in fact_lines()) {
        let record = record_of(&arrival);
        if record.next_step(now()).is_done() {
            prop_assert!(record.assess(now()).is_some_and(|assessment| assessment.can_reach_target()));
            prop_assert!(record.is_accepted());
            // Nor while bunq waits for the user's answer to an inquiry's entry.
            for id in record.inquiry_ids() {
                let finalized = record.read_inquiry(id).is_some_and(|inquiry| {
                    inquiry.status.get().map(InquiryStatus::as_str) == Some("FINALIZED")
                });
                let pending = record.read_inquiry_entries(id).into_iter().any(|(_, entry)| {
                    entry.status.get().map(InquiryEntryStatus::as_str) == Some("PENDING")
                });
                prop_assert!(finalized || !pending, "done while inquiry {} waits for the user", id);
            }
        }
    }
}
