//! Compliance inquiries: one test per rule Q of `docs/rules.md`.
#![cfg(feature = "json")]

mod common;

use bunq_onboarding::ids::{InquiryEntryId, InquiryId, UserId};
use bunq_onboarding::record::{FactCounts, FactOutcome, FactRefusal, Ids, RecordReport};
use bunq_onboarding::vocabulary::{InquiryEntryType, InquiryStatus};
use bunq_onboarding::{FactLine, NextStep, UserRecord};
use common::{published, ts};
use serde_json::{Value, json};

const ANSWER: &str =
    "PUT /v1/user/1364/user-information-inquiry/1001/partner-user-information-inquiry-entry/2001";

/// Applies one body received at `received`, answering `request`; the outcomes of its facts.
#[track_caller]
fn apply(
    record: &mut UserRecord,
    received: &str,
    request: Option<&str>,
    body: &Value,
) -> Vec<Result<FactOutcome, FactRefusal>> {
    let mut line = json!({"received": received, "body": body});
    if let Some(request) = request {
        line["request"] = json!(request);
    }
    FactLine::from_json(&line.to_string())
        .unwrap()
        .facts()
        .iter()
        .map(|fact| record.apply(fact))
        .collect()
}

fn entry_status(record: &UserRecord, inquiry: u64, entry: u64) -> Option<String> {
    record
        .read_inquiry_entries(InquiryId::new(inquiry))
        .into_iter()
        .find(|(id, _)| *id == InquiryEntryId::new(entry))
        .and_then(|(_, entry)| entry.status.get().map(|status| status.as_str().to_owned()))
}

/// bunq's spec example, of user 12345.
fn spec_list() -> Value {
    published("inquiry-list-answer.spec.json")
}

#[allow(clippy::needless_pass_by_value)] // built in place, for short test lines
fn inquiry(id: u64, status: &str, expiry: Option<&str>, entries: Value) -> Value {
    json!({"Response": [{"UserInformationInquiry": {"id": id, "user_id": 877, "purpose": "DOCUMENT_EXPIRY_RENEWAL",
        "title": "Your passport expired", "status": status, "time_expiry": expiry, "all_entry": entries}}]})
}

fn entry(id: u64, status: &str, updated: Option<&str>) -> Value {
    json!({"UserInformationInquiryEntry": {"id": id, "type": "IDENTIFICATION_DOCUMENT_VERIFY",
        "status": status, "updated": updated, "entry_description": "A photo of your new passport.",
        "all_data_submitted": ["secret answer"], "assistant_conversation": {"said": "private words"}}})
}

// Q1.
#[test]
fn an_inquiry_is_kept_by_id_and_each_entry_by_inquiry_and_entry() {
    let mut record = UserRecord::new();
    let outcomes = apply(
        &mut record,
        "2026-06-03 12:30:00.000000",
        None,
        &spec_list(),
    );
    assert_eq!(
        outcomes,
        vec![Ok(FactOutcome::Applied); 3],
        "the inquiry, then its two entries"
    );
    assert_eq!(record.inquiry_ids(), [InquiryId::new(1001)]);
    let inquiry = record.read_inquiry(InquiryId::new(1001)).unwrap();
    assert_eq!(
        inquiry.title.get().map(String::as_str),
        Some("We need some information from you")
    );
    assert!(
        inquiry.all_entry.get().is_none(),
        "entries are objects of their own"
    );
    let entries = record.read_inquiry_entries(InquiryId::new(1001));
    let ids: Vec<u64> = entries.iter().map(|(id, _)| id.get()).collect();
    assert_eq!(ids, [2001, 2002]);
    assert_eq!(
        entries[1].1.entry_description.get().map(String::as_str),
        Some("USER_PERSON_SOURCE_OF_INCOME")
    );
    assert_eq!(record.ids().user, Some(UserId::new(12345)));
    // A later list that no longer lists 2002 keeps it: bunq appends, it does not remove.
    let mut later = spec_list();
    later["Response"][0]["UserInformationInquiry"]["all_entry"] =
        json!([later["Response"][0]["UserInformationInquiry"]["all_entry"][0].clone()]);
    apply(&mut record, "2026-06-04 00:00:00.000000", None, &later);
    assert_eq!(record.read_inquiry_entries(InquiryId::new(1001)).len(), 2);
}

// Q2.
#[test]
fn the_users_answers_and_conversations_are_read_but_never_kept() {
    let mut record = UserRecord::with_ids(Ids {
        user: Some(UserId::new(877)),
        ..Ids::default()
    });
    let mut body = inquiry(
        1001,
        "EXPECTING_REPLY_FROM_USER",
        None,
        json!([entry(2001, "PENDING", None)]),
    );
    body["Response"][0]["UserInformationInquiry"]["finn_conversation"] =
        json!({"said": "private words"});
    apply(&mut record, "2026-06-03 12:30:00.000000", None, &body);
    let stored = serde_json::to_string(&record).unwrap();
    assert!(
        !stored.contains("secret answer") && !stored.contains("private words"),
        "{stored}"
    );
    // bunq's question is kept.
    assert!(
        stored.contains("Your passport expired")
            && stored.contains("A photo of your new passport.")
    );
}

// Q3.
#[test]
fn an_inquiry_of_another_user_is_refused_with_its_entries_and_changes_nothing() {
    let mut record = UserRecord::with_ids(Ids {
        user: Some(UserId::new(877)),
        ..Ids::default()
    });
    let outcomes = apply(
        &mut record,
        "2026-06-03 12:30:00.000000",
        None,
        &spec_list(),
    );
    let refused = FactRefusal::OtherUser {
        record: UserId::new(877),
        fact: UserId::new(12345),
    };
    assert_eq!(outcomes, vec![Err(refused); 3]);
    assert_eq!(
        refused.to_string(),
        "the fact is about user 12345, the record about user 877"
    );
    assert!(record.inquiry_ids().is_empty() && record.events().is_empty());
}

// Q4.
#[test]
fn an_answered_entry_waits_for_review_and_a_stale_get_cannot_undo_it() {
    let pending = inquiry(
        1001,
        "EXPECTING_REPLY_FROM_USER",
        None,
        json!([entry(2001, "PENDING", Some("2026-06-01 10:00:00.000000"))]),
    );
    let answered = json!({"Response": [{"Id": {"id": 2001}}]});
    // The GET read before the answer arrives late, then again: bunq's `updated` is older.
    for order in [[0, 1], [1, 0]] {
        let mut record = UserRecord::new();
        for i in order {
            if i == 0 {
                apply(&mut record, "2026-06-03 12:00:00.000000", None, &pending);
            } else {
                let outcome = apply(
                    &mut record,
                    "2026-06-03 12:05:00.000000",
                    Some(ANSWER),
                    &answered,
                );
                assert_eq!(outcome, [Ok(FactOutcome::Applied)]);
            }
        }
        assert_eq!(
            entry_status(&record, 1001, 2001).as_deref(),
            Some("WAITING_FOR_REVIEW")
        );
    }
    // After the answer (received 12:05), a copy received at 13:00: the entry's status.
    let after_the_answer = |copy: &Value| {
        let mut record = UserRecord::new();
        apply(
            &mut record,
            "2026-06-03 12:05:00.000000",
            Some(ANSWER),
            &answered,
        );
        apply(&mut record, "2026-06-03 13:00:00.000000", None, copy);
        entry_status(&record, 1001, 2001)
    };
    // The entry's own `updated` decides, not its inquiry's: an inquiry changed since (another
    // entry appended) still lists this entry as bunq last changed it, before the answer.
    let mut newer_inquiry = pending.clone();
    newer_inquiry["Response"][0]["UserInformationInquiry"]["updated"] =
        json!("2026-06-03 12:30:00.000000");
    assert_eq!(
        after_the_answer(&newer_inquiry).as_deref(),
        Some("WAITING_FOR_REVIEW")
    );
    // Without `updated`, the receipt decides: a copy received after the answer still saying
    // PENDING wins, as for any other object.
    let unversioned = inquiry(
        1001,
        "EXPECTING_REPLY_FROM_USER",
        None,
        json!([entry(2001, "PENDING", None)]),
    );
    assert_eq!(after_the_answer(&unversioned).as_deref(), Some("PENDING"));
}

// Q5.
#[test]
fn an_entry_answered_before_its_inquiry_was_read_is_kept_and_its_inquiry_known_by_id() {
    let mut record = UserRecord::new();
    apply(
        &mut record,
        "2026-06-03 12:05:00.000000",
        Some(ANSWER),
        &json!({"Response": [{"Id": {"id": 2001}}]}),
    );
    assert_eq!(record.inquiry_ids(), [InquiryId::new(1001)]);
    assert!(record.read_inquiry(InquiryId::new(1001)).is_none());
    assert_eq!(
        entry_status(&record, 1001, 2001).as_deref(),
        Some("WAITING_FOR_REVIEW")
    );
}

// Q6.
#[test]
fn an_id_naming_another_entry_than_the_path_is_refused() {
    let mut record = UserRecord::new();
    let outcome = apply(
        &mut record,
        "2026-06-03 12:05:00.000000",
        Some(ANSWER),
        &json!({"Response": [{"Id": {"id": 2002}}]}),
    );
    let refused = FactRefusal::TwoInquiryEntries {
        path: InquiryEntryId::new(2001),
        body: InquiryEntryId::new(2002),
    };
    assert_eq!(outcome, [Err(refused)]);
    assert_eq!(
        refused.to_string(),
        "the fact names two inquiry entries, 2001 in its request and 2002 in its body"
    );
    // An attachment's `Id` says nothing.
    let attachment = apply(
        &mut record,
        "2026-06-03 12:05:00.000000",
        Some("POST /v1/user/1364/attachment"),
        &json!({"Response": [{"Id": {"id": 1771}}]}),
    );
    assert_eq!(attachment, [Ok(FactOutcome::Ignored)]);
}

// Q7.
#[test]
fn an_inquiry_or_entry_without_an_id_says_nothing_and_the_rest_applies() {
    let mut record = UserRecord::new();
    let mut body = inquiry(
        1001,
        "EXPECTING_REPLY_FROM_USER",
        None,
        json!([entry(2001, "PENDING", None)]),
    );
    body["Response"][0]["UserInformationInquiry"]["all_entry"][0]["UserInformationInquiryEntry"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    assert_eq!(
        apply(&mut record, "2026-06-03 12:00:00.000000", None, &body),
        [Ok(FactOutcome::Applied)]
    );
    assert!(record.read_inquiry_entries(InquiryId::new(1001)).is_empty());
    body["Response"][0]["UserInformationInquiry"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    let mut fresh = UserRecord::new();
    assert_eq!(
        apply(&mut fresh, "2026-06-03 12:00:00.000000", None, &body),
        [Ok(FactOutcome::Ignored)]
    );
}

/// A user who reached `done` (bunq's accepted onboarding), then `bodies`.
fn done_then(bodies: &[(&str, Option<&str>, Value)]) -> UserRecord {
    let mut record = UserRecord::with_ids(Ids {
        user: Some(UserId::new(877)),
        ..Ids::default()
    });
    let accepted = json!({"Response": [{"Id": {"id": 260}}]});
    apply(
        &mut record,
        "2026-06-01 09:00:00.000000",
        Some("PUT /v1/user/1364/user-onboarding/260"),
        &accepted,
    );
    let onboarding = json!({"NotificationUrl": {"category": "USER_ONBOARDING", "object": {"UserOnboarding":
        {"id": 260, "user_id": 877, "action_required": "NONE", "updated": "2026-06-01 09:00:01.000000"}}}});
    apply(&mut record, "2026-06-01 09:00:02.000000", None, &onboarding);
    assert!(record.next_step(ts("2026-06-01 10:00:00.000000")).is_done());
    for (received, request, body) in bodies {
        apply(&mut record, received, *request, body);
    }
    record
}

// Q8.
#[test]
fn the_user_is_asked_for_every_entry_to_answer_even_long_after_done_and_then_done_again() {
    let now = ts("2026-07-02 00:00:00.000000");
    let renewal = inquiry(
        1001,
        "EXPECTING_REPLY_FROM_USER",
        Some("2026-07-01 00:00:00.000000"),
        json!([entry(2001, "PENDING", None), entry(2002, "REJECTED", None)]),
    );
    let later = inquiry(
        1003,
        "EXPECTING_REPLY_FROM_USER",
        None,
        json!([entry(2005, "PENDING", None)]),
    );
    let sooner = inquiry(
        1004,
        "EXPECTING_REPLY_FROM_USER",
        Some("2026-08-01 00:00:00.000000"),
        json!([entry(2009, "PENDING", None)]),
    );
    let record = done_then(&[
        ("2026-06-02 00:00:00.000000", None, renewal),
        ("2026-06-02 00:00:01.000000", None, later),
        ("2026-06-02 00:00:02.000000", None, sooner),
    ]);
    let step = record.next_step(now);
    let NextStep::AskUser { asks, entries, .. } = &step else {
        panic!("{step:?}")
    };
    assert!(asks.is_empty());
    let order: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| (e.inquiry.get(), e.entry.get()))
        .collect();
    assert_eq!(
        order,
        [(1001, 2001), (1004, 2009), (1003, 2005)],
        "by deadline, none last"
    );
    let first = &entries[0];
    assert!(first.deadline_passed, "2026-07-01 is not after now");
    assert!(!entries[1].deadline_passed);
    assert_eq!(
        first.entry_type.as_ref().map(InquiryEntryType::as_str),
        Some("IDENTIFICATION_DOCUMENT_VERIFY")
    );
    assert_eq!(first.title.as_deref(), Some("Your passport expired"));
    assert_eq!(
        first.call.to_string(),
        "PUT /v1/user/{user_api_key_id}/user-information-inquiry/1001/partner-user-information-inquiry-entry/2001"
    );
    assert!(step.to_string().contains(
        "answer inquiry 1001 (DOCUMENT_EXPIRY_RENEWAL) entry 2001 IDENTIFICATION_DOCUMENT_VERIFY: A photo of your new passport. (deadline 2026-07-01 00:00:00.000000, passed)"
    ), "{step}");
    // Answered: in review, so done again; a FINALIZED inquiry's entries are not to answer.
    let answered = done_then(&[
        (
            "2026-06-02 00:00:00.000000",
            None,
            inquiry(
                1001,
                "EXPECTING_REPLY_FROM_USER",
                None,
                json!([entry(2001, "PENDING", None)]),
            ),
        ),
        (
            "2026-06-03 00:00:00.000000",
            Some(ANSWER),
            json!({"Response": [{"Id": {"id": 2001}}]}),
        ),
        (
            "2026-06-03 00:00:01.000000",
            None,
            inquiry(
                1003,
                "FINALIZED",
                None,
                json!([entry(2005, "PENDING", None)]),
            ),
        ),
    ]);
    assert!(
        answered.next_step(now).is_done(),
        "{}",
        answered.next_step(now)
    );
}

// Q9.
#[test]
fn the_report_lists_every_inquiry_with_its_entries_and_reject_reasons() {
    let mut rejected = entry(2002, "REJECTED", None);
    rejected["UserInformationInquiryEntry"]["reject_reason"] = json!("The photo is blurred.");
    let record = done_then(&[(
        "2026-06-02 00:00:00.000000",
        None,
        inquiry(
            1001,
            "EXPECTING_REPLY_FROM_BUNQ",
            None,
            json!([entry(2001, "WAITING_FOR_REVIEW", None), rejected]),
        ),
    )]);
    let now = ts("2026-06-03 00:00:00.000000");
    let report = RecordReport::new(&record, now, FactCounts::default());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["inquiries"],
        json!([{"id": 1001, "purpose": "DOCUMENT_EXPIRY_RENEWAL", "status": "EXPECTING_REPLY_FROM_BUNQ", "time_expiry": null,
        "entries": [
            {"id": 2001, "type": "IDENTIFICATION_DOCUMENT_VERIFY", "status": "WAITING_FOR_REVIEW", "reject_reason": null},
            {"id": 2002, "type": "IDENTIFICATION_DOCUMENT_VERIFY", "status": "REJECTED", "reject_reason": "The photo is blurred."}
        ]}])
    );
    assert!(
        record.next_step(now).is_done(),
        "a rejected entry is not to answer: bunq appends a new one"
    );
    let text = report.to_string();
    assert!(text.contains("inquiry 1001 (DOCUMENT_EXPIRY_RENEWAL): EXPECTING_REPLY_FROM_BUNQ\n  entry 2001 IDENTIFICATION_DOCUMENT_VERIFY: WAITING_FOR_REVIEW\n  entry 2002 IDENTIFICATION_DOCUMENT_VERIFY: REJECTED, rejected: The photo is blurred."), "{text}");
}

// Q10.
#[test]
fn bunqs_published_inquiry_bodies_read_as_the_files_say() {
    let mut record = UserRecord::new();
    apply(
        &mut record,
        "2026-06-03 12:30:00.000000",
        None,
        &published("inquiry-list-answer.json"),
    );
    assert_eq!(
        entry_status(&record, 1001, 2001).as_deref(),
        Some("PENDING")
    );
    let callback = published("webhook-inquiry-expecting-reply-from-user.json");
    let mut other = UserRecord::new();
    assert_eq!(
        apply(&mut other, "2026-06-03 12:30:00.000000", None, &callback),
        [Ok(FactOutcome::Applied), Ok(FactOutcome::Applied)]
    );
    assert_eq!(entry_status(&other, 17, 17).as_deref(), Some("PENDING"));
    let step = other.next_step(ts("2026-06-03 12:31:00.000000"));
    assert!(
        matches!(step, NextStep::CreateOnboarding { .. }),
        "the rules before N5 still come first: {step}"
    );
    let answer = published("inquiry-entry-answer-answer.spec.json");
    apply(
        &mut record,
        "2026-06-03 12:40:00.000000",
        Some(ANSWER),
        &answer,
    );
    assert_eq!(
        entry_status(&record, 1001, 2001).as_deref(),
        Some("WAITING_FOR_REVIEW")
    );
}

// Q12.
#[test]
fn a_move_the_lifecycle_does_not_make_is_recorded_and_reported_as_an_anomaly() {
    let at = |status: &str, updated: &str| {
        inquiry(
            1001,
            "EXPECTING_REPLY_FROM_USER",
            None,
            json!([entry(2001, status, Some(updated))]),
        )
    };
    let mut record = UserRecord::new();
    apply(
        &mut record,
        "2026-06-03 12:00:00.000000",
        None,
        &at("PENDING", "2026-06-03 11:00:00.000000"),
    );
    apply(
        &mut record,
        "2026-06-03 12:05:00.000000",
        Some(ANSWER),
        &json!({"Response": [{"Id": {"id": 2001}}]}),
    );
    apply(
        &mut record,
        "2026-06-03 13:00:00.000000",
        None,
        &at("APPROVED", "2026-06-03 12:59:00.000000"),
    );
    assert!(
        record.anomalies().is_empty(),
        "answered, then approved: along the table"
    );
    // bunq says PENDING again, later: recorded, and reported.
    apply(
        &mut record,
        "2026-06-04 09:00:00.000000",
        None,
        &at("PENDING", "2026-06-04 08:59:00.000000"),
    );
    assert_eq!(
        entry_status(&record, 1001, 2001).as_deref(),
        Some("PENDING")
    );
    let anomalies = record.anomalies();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(
        (anomalies[0].from.as_str(), anomalies[0].to.as_str()),
        ("APPROVED", "PENDING")
    );
    let report = RecordReport::new(
        &record,
        ts("2026-06-04 10:00:00.000000"),
        FactCounts::default(),
    );
    assert!(report.to_string().contains(
        "anomaly: entry 2001 of inquiry 1001 went APPROVED -> PENDING, a move its lifecycle does not make (received 2026-06-04 09:00:00.000000)"
    ), "{report}");
}

// Q12, for inquiries and for statuses the crate does not know.
#[test]
fn an_inquirys_moves_follow_its_table_and_an_unknown_status_is_no_anomaly() {
    let at = |status: &str, updated: &str| {
        let mut body = inquiry(1001, status, None, json!([]));
        body["Response"][0]["UserInformationInquiry"]["updated"] = json!(updated);
        body
    };
    let mut record = UserRecord::new();
    for (status, updated) in [
        ("EXPECTING_REPLY_FROM_USER", "2026-06-03 11:00:00.000000"),
        ("EXPECTING_REPLY_FROM_BUNQ", "2026-06-03 12:00:00.000000"),
        ("EXPECTING_REPLY_FROM_USER", "2026-06-03 13:00:00.000000"),
        ("FINALIZED", "2026-06-03 14:00:00.000000"),
    ] {
        apply(&mut record, updated, None, &at(status, updated));
    }
    assert!(record.anomalies().is_empty(), "{:?}", record.anomalies());
    apply(
        &mut record,
        "2026-06-04 00:00:00.000000",
        None,
        &at("EXPECTING_REPLY_FROM_USER", "2026-06-04 00:00:00.000000"),
    );
    let anomalies = record.anomalies();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(
        (anomalies[0].from.as_str(), anomalies[0].to.as_str()),
        ("FINALIZED", "EXPECTING_REPLY_FROM_USER")
    );
    // An entry's status the crate does not know has no lifecycle: no move into or out of it is one.
    let entry_at = |status: &str, updated: &str| {
        inquiry(
            1002,
            "EXPECTING_REPLY_FROM_USER",
            None,
            json!([entry(2003, status, Some(updated))]),
        )
    };
    let mut unknown = UserRecord::new();
    for (status, updated) in [
        ("APPROVED", "2026-06-03 11:00:00.000000"),
        ("MADE_UP", "2026-06-03 12:00:00.000000"),
        ("PENDING", "2026-06-03 13:00:00.000000"),
    ] {
        apply(&mut unknown, updated, None, &entry_at(status, updated));
    }
    // An inquiry's status the crate does not know, likewise.
    apply(
        &mut unknown,
        "2026-06-03 14:00:00.000000",
        None,
        &at("EXPECTING_REPLY_FROM_USER", "2026-06-03 14:00:00.000000"),
    );
    apply(
        &mut unknown,
        "2026-06-03 15:00:00.000000",
        None,
        &at("ON_HOLD", "2026-06-03 15:00:00.000000"),
    );
    assert!(unknown.anomalies().is_empty(), "{:?}", unknown.anomalies());
}

// R6 for inquiries: an inquiry's version is its `updated`, and an entry without one takes it.
#[test]
fn an_inquirys_version_is_its_updated_and_its_entries_inherit_it() {
    let body = |status: &str, updated: &str| {
        let entry_status = if status == "FINALIZED" {
            "APPROVED"
        } else {
            "PENDING"
        };
        let mut body = inquiry(1001, status, None, json!([entry(2001, entry_status, None)]));
        body["Response"][0]["UserInformationInquiry"]["updated"] = json!(updated);
        body
    };
    let mut record = UserRecord::new();
    apply(
        &mut record,
        "2026-06-03 12:00:00.000000",
        None,
        &body("FINALIZED", "2026-06-03 11:00:00.000000"),
    );
    // Received later, but bunq's `updated` is older: stale, for the inquiry and its entry alike.
    let outcomes = apply(
        &mut record,
        "2026-06-03 13:00:00.000000",
        None,
        &body("EXPECTING_REPLY_FROM_USER", "2026-06-03 10:00:00.000000"),
    );
    assert_eq!(outcomes, [Ok(FactOutcome::Stale), Ok(FactOutcome::Stale)]);
    assert_eq!(
        entry_status(&record, 1001, 2001).as_deref(),
        Some("APPROVED")
    );
    let inquiry = record.read_inquiry(InquiryId::new(1001)).unwrap();
    assert_eq!(
        inquiry.status.get().map(InquiryStatus::as_str),
        Some("FINALIZED")
    );
}
