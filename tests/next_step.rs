//! The next step: one test per rule of `docs/rules.md` N1–N9, in order.
#![cfg(feature = "json")]
// Builders take JSON by value and read it with closures, for short test lines.
#![allow(
    clippy::needless_pass_by_value,
    clippy::redundant_closure_for_method_calls
)]

mod common;

use bunq_onboarding::record::{AnsweredRequest, StepKind, Waiting, WaitingOn};
use bunq_onboarding::{Envelope, Fact, FulfillmentType, NextStep, UserRecord};
use common::ts;
use serde_json::{Value, json};

const NOW: &str = "2025-08-13 14:30:00.000000";
const PUT: &str = "PUT /v1/user/1364/user-onboarding/260";

/// A record of bodies received in turn, a second apart from `2025-08-13 14:00:00`.
#[track_caller]
fn record(bodies: &[(Option<&str>, Value)]) -> UserRecord {
    let mut record = UserRecord::new();
    for (second, (request, body)) in bodies.iter().enumerate() {
        let request = request.map(|request| request.parse::<AnsweredRequest>().unwrap());
        let envelope = Envelope::from_json(&body.to_string()).unwrap();
        let received = ts(&format!("2025-08-13 14:00:{second:02}.000000"));
        for fact in Fact::read(envelope, received, request.as_ref()) {
            record.apply(&fact).unwrap();
        }
    }
    record
}

fn step(bodies: &[(Option<&str>, Value)]) -> NextStep {
    record(bodies).next_step(ts(NOW))
}

fn provision(members: Value) -> (Option<&'static str>, Value) {
    (
        None,
        json!({"Response": [{"PartnerUserProvision": members}]}),
    )
}

/// A provision ready for onboarding, whose credential was used.
fn ready() -> Vec<(Option<&'static str>, Value)> {
    vec![
        provision(
            json!({"id": 123, "status": "ACTIVE", "sub_status": "PENDING_PROCESS_USER_ONBOARDING",
            "credential": {"status": "PENDING_FIRST_USE", "expiry_time": "2025-08-13 15:00:00.000000"}}),
        ),
        (
            Some("POST /v1/session-server"),
            json!({"Response": [{"Id": {"id": 1}}, {"Token": {"token": "t"}}]}),
        ),
        (
            Some("POST /v1/user/1364/user-onboarding"),
            json!({"Response": [{"Id": {"id": 260}}]}),
        ),
    ]
}

fn with(
    mut bodies: Vec<(Option<&'static str>, Value)>,
    more: impl IntoIterator<Item = (Option<&'static str>, Value)>,
) -> Vec<(Option<&'static str>, Value)> {
    bodies.extend(more);
    bodies
}

fn row(fulfillment_type: &str, status: Option<&str>, allowed: &[&str], reason: &str) -> Value {
    json!({"type": fulfillment_type, "user_id": 877, "status": status, "all_status_allowed": allowed,
        "reason": reason, "reason_translated": format!("{reason} (nl)")})
}

fn refusal(rows: Value) -> (Option<&'static str>, Value) {
    (
        Some(PUT),
        serde_json::from_str(&common::answer_with_rows(rows, "[]")).unwrap(),
    )
}

fn accepted() -> (Option<&'static str>, Value) {
    (Some(PUT), json!({"Response": [{"Id": {"id": 260}}]}))
}

fn onboarding(action_required: Value) -> (Option<&'static str>, Value) {
    (
        None,
        json!({"NotificationUrl": {"category": "USER_ONBOARDING", "object": {"UserOnboarding":
        {"id": 260, "user_id": 877, "action_required": action_required, "waiting_type": "MANUAL",
         "waiting_time_message": "Within 2 days.", "waiting_time_message_translated": "Binnen 2 dagen."}}}}),
    )
}

fn session(members: Value) -> (Option<&'static str>, Value) {
    (
        None,
        json!({"Response": [{"IdentityVerificationSessionIncode": members}]}),
    )
}

#[track_caller]
fn waiting(step: &NextStep) -> &Waiting {
    match step {
        NextStep::WaitForBunq(wait) => wait,
        other => panic!("not waiting: {other:?}"),
    }
}

// 1.
#[test]
fn stopped_when_the_provision_failed_is_cancelled_closed_or_closing_whatever_else_holds() {
    for (status, sub_status) in [
        ("FAILED", "NONE"),
        ("CANCELLED", "NONE"),
        ("CLOSED", "NONE"),
        ("ACTIVE", "PENDING_PROCESS_CLOSURE"),
    ] {
        let bodies = with(
            ready(),
            [
                accepted(),
                onboarding(json!("NONE")),
                provision(json!({"id": 123, "status": status, "sub_status": sub_status})),
            ],
        );
        let step = step(&bodies);
        assert_eq!(step.kind(), StepKind::Stopped, "{status} {sub_status}");
        assert!(
            step.to_string()
                .starts_with("stopped: the provision's status is")
        );
    }
}

// 2.
#[test]
fn wait_for_bunq_while_it_creates_the_user_or_says_what_it_does_not_publish() {
    for (status, sub_status, why) in [
        (
            "CREATED",
            "PENDING_PROCESS_USER",
            "bunq is at PENDING_PROCESS_USER",
        ),
        (
            "CREATED",
            "PENDING_PROCESS_RELATION_USER",
            "bunq is at PENDING_PROCESS_RELATION_USER",
        ),
        (
            "CREATED",
            "PENDING_PROCESS_OAUTH_REQUEST",
            "bunq is at PENDING_PROCESS_OAUTH_REQUEST",
        ),
        (
            "SLEEPING",
            "NONE",
            "the provision's status SLEEPING is not one bunq publishes",
        ),
        (
            "ACTIVE",
            "PENDING_MADE_UP",
            "the provision's sub-status PENDING_MADE_UP is not one bunq publishes",
        ),
    ] {
        let step = step(&with(
            ready(),
            [provision(
                json!({"id": 123, "status": status, "sub_status": sub_status}),
            )],
        ));
        let wait = waiting(&step);
        assert_eq!(
            (wait.on(), wait.why().as_str()),
            (WaitingOn::Provision, why)
        );
        let Waiting::Provision {
            call,
            status: said,
            sub_status: said_sub,
        } = wait
        else {
            panic!("{wait:?}")
        };
        assert_eq!(said.as_ref().map(|s| s.as_str()), Some(status));
        assert_eq!(said_sub.as_ref().map(|s| s.as_str()), Some(sub_status));
        assert_eq!(call.to_string(), "GET /v1/partner-user-provision/123");
    }
    // A null status or sub-status is no value bunq does not publish.
    let step = step(&with(
        ready(),
        [provision(
            json!({"id": 123, "status": null, "sub_status": null}),
        )],
    ));
    assert_eq!(step.kind(), StepKind::RequestTarget);
}

// 3.
#[test]
fn renew_an_expired_credential_and_start_a_session_with_a_live_one() {
    let credential = |status: &str, expiry: Value| {
        step(&[provision(
            json!({"id": 123, "status": "ACTIVE", "sub_status": "PENDING_PROCESS_USER_ONBOARDING",
            "credential": {"status": status, "expiry_time": expiry}}),
        )])
    };
    for (status, expiry) in [
        ("EXPIRED", json!("2025-08-13 15:00:00.000000")),
        ("PENDING_FIRST_USE", json!(NOW)),
        ("PENDING_FIRST_USE", json!("2025-08-13 14:00:00.000000")),
    ] {
        let step = credential(status, expiry);
        let NextStep::RenewCredential { call, .. } = &step else {
            panic!("{status}: {step:?}")
        };
        assert_eq!(
            call.to_string(),
            r#"PUT /v1/partner-user-provision/123 {"status":"TOKEN_RESET_REQUESTED"}"#
        );
    }
    for expiry in [json!("2025-08-13 14:30:00.000001"), json!(null)] {
        let step = credential("PENDING_FIRST_USE", expiry.clone());
        let NextStep::StartSession { call, expiry_time } = &step else {
            panic!("{step:?}")
        };
        assert_eq!(call.to_string(), "POST /v1/session-server");
        assert_eq!(
            expiry_time.map(|t| t.to_string()),
            expiry.as_str().map(str::to_owned)
        );
    }
    // Another credential status, or none: go on.
    assert_eq!(
        credential("ACTIVE", json!(null)).kind(),
        StepKind::CreateOnboarding
    );
    assert_eq!(step(&[]).kind(), StepKind::CreateOnboarding);
    // Once the session started, or an onboarding is known, the credential does not matter.
    let expired = provision(json!({"id": 123, "credential": {"status": "EXPIRED"}}));
    let started = (
        Some("POST /v1/session-server"),
        json!({"Response": [{"Id": {"id": 1}}]}),
    );
    assert_eq!(
        step(&[expired.clone(), started]).kind(),
        StepKind::CreateOnboarding
    );
    let created = (
        Some("POST /v1/user/1364/user-onboarding"),
        json!({"Response": [{"Id": {"id": 260}}]}),
    );
    assert_eq!(step(&[expired, created]).kind(), StepKind::RequestTarget);
}

// 4.
#[test]
fn create_the_onboarding_when_none_is_known() {
    let step = step(&ready()[..2]);
    let NextStep::CreateOnboarding { call } = &step else {
        panic!("{step:?}")
    };
    assert_eq!(
        call.to_string(),
        r#"POST /v1/user/{user_api_key_id}/user-onboarding {"type":"PARTNER_USER"}"#
    );
}

// 5.
#[test]
fn ask_the_user_for_every_blocking_type_with_reasons_statuses_and_what_is_due_later() {
    let rows = json!([
        row("ADDRESS_MAIN", None, &["FULFILLED"], "Where do you live?"),
        row("ADDRESS_MAIN", None, &["FULFILLED"], "Where do you live?"),
        row("EMAIL", Some("IN_PROGRESS"), &["FULFILLED", "IN_PROGRESS"], ""),
        {"type": "MADE_UP_TYPE", "status": null, "all_status_allowed": ["FULFILLED"],
         "time_mandatory": "2025-11-11 00:00:00.000000", "reason": "Within 90 days."},
        row("IDENTIFICATION_VERIFICATION", None, &["FULFILLED", "IN_PROGRESS"], "Take a picture."),
    ]);
    let step = step(&with(ready(), [refusal(rows)]));
    let NextStep::AskUser {
        asks,
        due_later,
        verification_session,
        entries,
    } = &step
    else {
        panic!("{step:?}")
    };
    assert!(entries.is_empty(), "no inquiry: no entry to answer");
    let types: Vec<&str> = asks
        .iter()
        .map(|ask| ask.fulfillment_type.as_str())
        .collect();
    assert_eq!(types, ["ADDRESS_MAIN", "IDENTIFICATION_VERIFICATION"]);
    assert_eq!(asks[0].reasons, ["Where do you live?"], "each reason once");
    assert_eq!(asks[0].reasons_translated, ["Where do you live? (nl)"]);
    assert_eq!(
        asks[1].satisfied_by,
        ["FULFILLED", "IN_PROGRESS"].map(bunq_onboarding::FulfillmentStatus::new)
    );
    assert_eq!(
        asks[0].inferred_call.as_ref().unwrap().to_string(),
        "POST /v1/user/{user_api_key_id}/address-main"
    );
    assert_eq!(
        due_later[0].fulfillment_type,
        FulfillmentType::new("MADE_UP_TYPE")
    );
    assert_eq!(
        due_later[0].deadline,
        Some(ts("2025-11-11 00:00:00.000000"))
    );
    assert_eq!(
        due_later[0].reasons.as_deref(),
        Some(&["Within 90 days.".to_owned()][..])
    );
    assert_eq!(*verification_session, None);
    assert_eq!(
        step.to_string(),
        "ask the user for:\n  \
           - ADDRESS_MAIN (satisfied by FULFILLED): Where do you live?\n    \
             provide: POST /v1/user/{user_api_key_id}/address-main (inferred from the type's name)\n  \
           - IDENTIFICATION_VERIFICATION (satisfied by FULFILLED, IN_PROGRESS): Take a picture.\n    \
             provide: POST /v1/user/{user_api_key_id}/identity-verification-session {\"provider\":\"INCODE\",\"purpose\":\"VERIFICATION\"} (inferred from the type's name)\n  \
           due later: MADE_UP_TYPE by 2025-11-11 00:00:00.000000: Within 90 days."
    );
}

// 5: the call that provides each known type inferred from its name (`docs/rules.md` N5).
#[test]
fn each_known_type_is_asked_for_with_the_call_that_provides_it() {
    let rows = json!(
        FulfillmentType::known()
            .map(|known| row(known.as_str(), None, &["FULFILLED"], ""))
            .collect::<Vec<_>>()
    );
    let step = step(&with(ready(), [refusal(rows)]));
    let NextStep::AskUser { asks, .. } = &step else {
        panic!("{step:?}")
    };
    let calls: Vec<(&str, Option<String>)> = asks
        .iter()
        .map(|ask| {
            let call = ask.inferred_call.as_ref().map(ToString::to_string);
            (ask.fulfillment_type.as_str(), call)
        })
        .collect();
    let user = "/v1/user/{user_api_key_id}";
    assert_eq!(
        calls,
        [
            ("ADDRESS_MAIN", Some(format!("POST {user}/address-main"))),
            (
                "ADDRESS_POSTAL",
                Some(format!("POST {user}/address-postal"))
            ),
            ("DATE_OF_BIRTH", Some("PUT /v1/user-person/877".to_owned())),
            ("EMAIL", None),
            ("PHONE_NUMBER", None),
            (
                "IDENTIFICATION_VERIFICATION",
                Some(format!(
                    r#"POST {user}/identity-verification-session {{"provider":"INCODE","purpose":"VERIFICATION"}}"#
                ))
            ),
        ]
    );
}

// 5: the identity verification.
#[test]
fn the_identity_verification_is_not_asked_for_while_bunq_processes_it_or_after_it_was_approved() {
    let verification = || json!([row("IDENTIFICATION_VERIFICATION", None, &["FULFILLED"], "")]);
    let date_and_verification = || {
        json!([
            row("DATE_OF_BIRTH", None, &["FULFILLED"], ""),
            row("IDENTIFICATION_VERIFICATION", None, &["FULFILLED"], ""),
        ])
    };
    // CREATED: asked for, with the session the user has to finish.
    let step1 = step(&with(
        ready(),
        [
            session(json!({"id": 36, "status": "CREATED"})),
            refusal(verification()),
        ],
    ));
    let NextStep::AskUser {
        verification_session,
        ..
    } = &step1
    else {
        panic!("{step1:?}")
    };
    assert_eq!(verification_session.map(|id| id.get()), Some(36));

    // SUBMITTED: not asked for; the date of birth still is.
    let submitted = session(json!({"id": 36, "status": "SUBMITTED"}));
    let step2 = step(&with(
        ready(),
        [submitted.clone(), refusal(date_and_verification())],
    ));
    let NextStep::AskUser {
        asks,
        verification_session,
        ..
    } = &step2
    else {
        panic!("{step2:?}")
    };
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0].fulfillment_type, FulfillmentType::DATE_OF_BIRTH);
    assert_eq!(*verification_session, None);

    // PROCESSED and APPROVED after the list: not asked for; the target is requested again.
    let approved = session(
        json!({"id": 36, "status": "PROCESSED", "result": {"result": "APPROVED", "all_fail_reason": []}}),
    );
    let step3 = step(&with(ready(), [refusal(verification()), approved.clone()]));
    assert_eq!(step3.kind(), StepKind::RequestTarget);
    // … but approved before the list that still asks for it: asked for again, with no session
    // to finish (it is not CREATED).
    let step4 = step(&with(ready(), [approved, refusal(verification())]));
    let NextStep::AskUser {
        verification_session,
        ..
    } = &step4
    else {
        panic!("{step4:?}")
    };
    assert_eq!(*verification_session, None);
    // Approved at the very time of the list is not newer than it.
    let at = "2025-08-13 14:00:09.000000";
    let mut record = record(&ready());
    for line in [
        json!({"received": at, "request": PUT, "body": refusal(verification()).1}),
        json!({"received": at, "body": session(json!({"id": 36, "status": "PROCESSED",
            "result": {"result": "APPROVED", "all_fail_reason": []}})).1}),
    ] {
        for fact in bunq_onboarding::FactLine::from_json(&line.to_string())
            .unwrap()
            .facts()
        {
            record.apply(&fact).unwrap();
        }
    }
    assert_eq!(record.next_step(ts(NOW)).kind(), StepKind::AskUser);
}

// 6.
#[test]
fn wait_for_bunq_while_it_processes_the_onboarding_or_a_submitted_verification() {
    let step1 = step(&with(
        ready(),
        [refusal(json!([])), onboarding(json!("SYSTEM"))],
    ));
    let wait = waiting(&step1);
    assert_eq!(wait.on(), WaitingOn::Onboarding);
    let Waiting::Onboarding {
        waiting_type,
        waiting_time_message,
        waiting_time_message_translated,
        ..
    } = wait
    else {
        panic!("{wait:?}")
    };
    assert_eq!(waiting_type.as_ref().map(|w| w.as_str()), Some("MANUAL"));
    assert_eq!(waiting_time_message.as_deref(), Some("Within 2 days."));
    assert_eq!(
        waiting_time_message_translated.as_deref(),
        Some("Binnen 2 dagen.")
    );
    assert_eq!(
        step1.to_string(),
        "wait for bunq (onboarding): bunq is processing the onboarding (action_required SYSTEM)\n  \
         waiting: MANUAL\n  bunq says: Within 2 days.\n  \
         meanwhile: GET /v1/user/{user_api_key_id}/user-onboarding/260"
    );
    let verification = json!([row("IDENTIFICATION_VERIFICATION", None, &["FULFILLED"], "")]);
    let step2 = step(&with(
        ready(),
        [
            refusal(verification),
            session(json!({"id": 36, "status": "SUBMITTED"})),
        ],
    ));
    let wait = waiting(&step2);
    assert_eq!(wait.on(), WaitingOn::Onboarding);
    assert!(
        matches!(wait, Waiting::Verification { session, .. } if session.get() == 36),
        "{wait:?}"
    );
}

// 7.
#[test]
fn request_the_target_until_bunq_accepts_it_and_again_when_it_asks_the_user() {
    for bodies in [
        ready(),
        with(
            ready(),
            [refusal(json!([row(
                "EMAIL",
                Some("FULFILLED"),
                &["FULFILLED"],
                ""
            )]))],
        ),
    ] {
        let step = step(&bodies);
        let NextStep::RequestTarget { call, again } = &step else {
            panic!("{step:?}")
        };
        assert!(!again);
        assert_eq!(
            call.to_string(),
            r#"PUT /v1/user/{user_api_key_id}/user-onboarding/260 {"user_status_desired":"ACTIVE","user_verification_status_desired":"VERIFIED"}"#
        );
    }
    let step = step(&with(ready(), [accepted(), onboarding(json!("USER"))]));
    assert!(matches!(step, NextStep::RequestTarget { again: true, .. }));
}

// 8.
#[test]
fn done_when_bunq_accepted_and_has_nothing_pending() {
    let step = step(&with(ready(), [accepted(), onboarding(json!("NONE"))]));
    assert!(step.is_done());
    assert_eq!(
        serde_json::to_value(&step).unwrap(),
        json!({"step": "done"})
    );
}

// 9.
#[test]
fn wait_for_bunqs_decision_when_it_accepted_but_has_not_said() {
    for last in [
        None,
        Some(onboarding(json!(null))),
        Some(onboarding(json!("MAYBE"))),
    ] {
        let bodies = with(with(ready(), [accepted()]), last);
        let step = step(&bodies);
        assert_eq!(waiting(&step).on(), WaitingOn::Decision, "{step}");
    }
}

#[test]
fn every_step_serializes_with_its_name_and_reads_back() {
    let steps = [
        step(&[provision(json!({"status": "FAILED"}))]),
        step(&[provision(json!({"sub_status": "PENDING_PROCESS_USER"}))]),
        step(&[provision(json!({"credential": {"status": "EXPIRED"}}))]),
        step(&[provision(
            json!({"credential": {"status": "PENDING_FIRST_USE"}}),
        )]),
        step(&[]),
        step(&with(
            ready(),
            [refusal(json!([row("EMAIL", None, &["FULFILLED"], "")]))],
        )),
        step(&ready()),
        step(&with(ready(), [accepted(), onboarding(json!("NONE"))])),
    ];
    let kinds: Vec<StepKind> = steps.iter().map(NextStep::kind).collect();
    assert_eq!(kinds, StepKind::ALL);
    for step in steps {
        let json = serde_json::to_value(&step).unwrap();
        assert_eq!(json["step"], step.kind().as_str());
        assert_eq!(serde_json::from_value::<NextStep>(json).unwrap(), step);
    }
}

#[test]
fn with_a_created_session_the_verification_is_asked_for_by_submitting_that_session() {
    let verification = json!([row("IDENTIFICATION_VERIFICATION", None, &["FULFILLED"], "")]);
    let created = step(&with(
        ready(),
        [
            session(json!({"id": 36, "status": "CREATED"})),
            refusal(verification.clone()),
        ],
    ));
    let NextStep::AskUser { asks, .. } = &created else {
        panic!("{created:?}")
    };
    assert_eq!(
        asks[0].inferred_call.as_ref().unwrap().to_string(),
        r#"PUT /v1/user/{user_api_key_id}/identity-verification-session/36 {"status":"SUBMITTED"}"#
    );
    let none = step(&with(ready(), [refusal(verification)]));
    let NextStep::AskUser { asks, .. } = &none else {
        panic!("{none:?}")
    };
    assert_eq!(
        asks[0].inferred_call.as_ref().unwrap().to_string(),
        r#"POST /v1/user/{user_api_key_id}/identity-verification-session {"provider":"INCODE","purpose":"VERIFICATION"}"#
    );
}
