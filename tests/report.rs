//! The reports on a PUT answer: the machine JSON contract and the human table.
#![cfg(feature = "json")]

mod common;

use bunq_onboarding::report::Outcome;
use bunq_onboarding::wire::ParseErrorKind;
use bunq_onboarding::{PutAnswer, Report};
use common::{SEED, answer_with_rows, ts};
use serde_json::{Value, json};

const NOW: &str = "2025-08-13 14:45:18.621550";

fn report_json(answer: &str) -> Value {
    let answer = PutAnswer::from_json(answer).unwrap();
    serde_json::to_value(Report::new(&answer, ts(NOW))).unwrap()
}

#[test]
fn the_seed_report_is_blocked_by_five_types() {
    assert_eq!(
        report_json(SEED),
        json!({
            "outcome": "blocked",
            "action_required": "USER",
            "blocking": ["ADDRESS_MAIN", "DATE_OF_BIRTH", "EMAIL", "ADDRESS_POSTAL", "IDENTIFICATION_VERIFICATION"],
            "due_later": [],
            "in_review": [],
            "satisfied": ["PHONE_NUMBER"],
            "errors": ["You need to provide additional information in order to perform this action."]
        })
    );
}

#[test]
fn the_report_keys_come_in_the_documented_order() {
    let answer = PutAnswer::from_json(SEED).unwrap();
    let text = serde_json::to_string(&Report::new(&answer, ts(NOW))).unwrap();
    let keys = [
        "outcome",
        "action_required",
        "blocking",
        "due_later",
        "in_review",
        "satisfied",
        "errors",
    ];
    let positions: Vec<usize> = keys
        .iter()
        .map(|key| text.find(&format!("\"{key}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{text}");
}

#[test]
fn nothing_blocking_is_ready_with_due_later_deadlines_and_reviews() {
    let answer = answer_with_rows(
        json!([
            {"type": "MADE_UP_TYPE", "status": null, "time_mandatory": "2025-11-11 00:00:00.000000", "all_status_allowed": ["FULFILLED"]},
            {"type": "EMAIL", "status": "IN_PROGRESS", "all_status_allowed": ["FULFILLED", "IN_PROGRESS"]},
            {"type": "MADE_UP_TYPE", "status": null, "time_mandatory": "2025-10-01 00:00:00.000000", "all_status_allowed": ["FULFILLED"]}
        ]),
        json!([{"type": "PHONE_NUMBER", "status": "FULFILLED", "all_status_allowed": ["FULFILLED"]}]),
    );
    assert_eq!(
        report_json(&answer),
        json!({
            "outcome": "ready",
            "action_required": "SYSTEM",
            "blocking": [],
            "due_later": [{"type": "MADE_UP_TYPE", "deadline": "2025-10-01 00:00:00.000000"}],
            "in_review": ["EMAIL"],
            "satisfied": ["PHONE_NUMBER"],
            "errors": ["Need more."]
        })
    );
}

#[test]
fn accepted_and_rejected_answers_have_no_types() {
    assert_eq!(
        report_json(r#"{"Response":[{"Id":{"id":260}}]}"#),
        json!({"outcome": "accepted", "action_required": "NONE", "blocking": [], "due_later": [],
               "in_review": [], "satisfied": [], "errors": []})
    );
    assert_eq!(
        report_json(
            r#"{"Error":[{"error_description":"User not found.","error_description_translated":"Niet gevonden."}]}"#
        ),
        json!({"outcome": "rejected", "action_required": "NONE", "blocking": [], "due_later": [],
               "in_review": [], "satisfied": [], "errors": ["User not found."]})
    );
}

#[test]
fn the_report_gives_its_assessment_and_bunqs_errors() {
    let answer = PutAnswer::from_json(SEED).unwrap();
    let report = Report::new(&answer, ts(NOW));
    assert_eq!(report.assessment().map(|a| a.verdicts().len()), Some(6));
    assert_eq!(report.errors().len(), 1);
    assert_eq!(
        report.errors()[0].description,
        "You need to provide additional information in order to perform this action."
    );
    let accepted = PutAnswer::Accepted { id: 260 };
    let report = Report::new(&accepted, ts(NOW));
    assert!(report.assessment().is_none() && report.errors().is_empty());
}

#[test]
fn only_ready_and_accepted_are_successes() {
    assert!(Outcome::Ready.is_success() && Outcome::Accepted.is_success());
    assert!(!Outcome::Blocked.is_success() && !Outcome::Rejected.is_success());
    let answer = PutAnswer::from_json(SEED).unwrap();
    assert_eq!(Report::new(&answer, ts(NOW)).outcome(), Outcome::Blocked);
}

#[test]
fn the_seed_table_lists_each_type_once_with_its_class_status_and_reason() {
    let answer = PutAnswer::from_json(SEED).unwrap();
    let table = Report::new(&answer, ts(NOW)).to_string();
    let expected = "\
outcome: blocked
bunq: You need to provide additional information in order to perform this action.

TYPE                         CLASS      STATUS       SATISFIED BY            DEADLINE  REASON
ADDRESS_MAIN                 blocking   not started  FULFILLED               -
DATE_OF_BIRTH                blocking   not started  FULFILLED               -         Let's make this account truly yours.
EMAIL                        blocking   not started  FULFILLED, IN_PROGRESS  -         Get notified instantly on important matters.
ADDRESS_POSTAL               blocking   not started  FULFILLED               -         So we know where to send your card.
IDENTIFICATION_VERIFICATION  blocking   not started  FULFILLED, IN_PROGRESS  -         It takes just a few seconds to take a picture and complete your account.
PHONE_NUMBER                 satisfied  FULFILLED    FULFILLED               -         Secure your account with a phone number. You’ll use this to login.
5 blocking, 0 due later, 0 in review, 1 satisfied: the target is blocked; action required: USER";
    assert_eq!(table, expected);
}

#[test]
fn the_table_shows_deadlines_reviews_and_rows_that_nothing_satisfies() {
    let answer = PutAnswer::from_json(&answer_with_rows(json!([
            {"type": "MADE_UP_TYPE", "status": null, "time_mandatory": "2025-10-01 00:00:00.000000", "all_status_allowed": ["FULFILLED"], "reason": "Within 90 days."},
            {"type": "EMAIL", "status": "IN_PROGRESS", "all_status_allowed": ["FULFILLED", "IN_PROGRESS"]},
            {"type": "X", "status": "FULFILLED", "all_status_allowed": []}
        ]), json!([])))
    .unwrap();
    let table = Report::new(&answer, ts(NOW)).to_string();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[4],
        "MADE_UP_TYPE  due_later  not started  FULFILLED               2025-10-01 00:00:00.000000  Within 90 days."
    );
    assert_eq!(
        lines[5],
        "EMAIL         in_review  IN_PROGRESS  FULFILLED, IN_PROGRESS  -"
    );
    assert_eq!(
        lines[6],
        "X             blocking   FULFILLED    nothing                 -"
    );
    assert_eq!(
        lines[7],
        "1 blocking, 1 due later, 1 in review, 0 satisfied: the target is blocked; action required: USER"
    );
}

#[test]
fn an_accepted_table_says_who_acts() {
    let answer = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#).unwrap();
    assert_eq!(
        Report::new(&answer, ts(NOW)).to_string(),
        "outcome: accepted\naction required: NONE"
    );
}

#[test]
fn outcomes_have_one_name_each() {
    common::check_names(Outcome::ALL, Outcome::NAMES, "outcome");
    assert_eq!(Outcome::NAMES, ["blocked", "ready", "accepted", "rejected"]);
}

#[test]
fn error_descriptions_and_parse_error_kinds_display_in_words() {
    let error = bunq_onboarding::wire::ErrorDescription {
        description: "User not found.".into(),
        translated: "Niet gevonden.".into(),
    };
    assert_eq!(error.to_string(), "User not found.");
    assert_eq!(
        [
            ParseErrorKind::Syntax,
            ParseErrorKind::Data,
            ParseErrorKind::Eof
        ]
        .map(|kind| kind.to_string()),
        ["not JSON", "JSON of the wrong shape", "truncated JSON"]
    );
}
