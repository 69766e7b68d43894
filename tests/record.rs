//! The partner's record of a user: one test per rule of `docs/rules.md` (R1–R13), and the losses
//! the record must not have.
#![cfg(feature = "json")]
// Builders take JSON by value and read it with closures, for short test lines.
#![allow(
    clippy::needless_pass_by_value,
    clippy::redundant_closure_for_method_calls
)]

mod common;

use bunq_onboarding::ids::{OnboardingId, ProvisionId, UserId, VerificationSessionId};
use bunq_onboarding::record::{
    AnsweredRequest, FactCounts, FactOutcome, FactRefusal, FactSubject, FulfillmentList, Ids,
    ListChange, ObjectKey, RecordChange,
};
use bunq_onboarding::vocabulary::{ProvisionStatus, ProvisionSubStatus};
use bunq_onboarding::{Envelope, Fact, FactLine, UserRecord};
use common::{SEED, ts};
use serde_json::{Value, json};

/// The facts of one body, received at `received`, answering `request`.
#[track_caller]
fn facts(received: &str, request: Option<&str>, body: &Value) -> Vec<Fact> {
    let request = request.map(|request| request.parse::<AnsweredRequest>().unwrap());
    let body = Envelope::from_json(&body.to_string()).unwrap();
    Fact::read(body, ts(received), request.as_ref())
}

/// The one fact of a body.
#[track_caller]
fn fact(received: &str, request: Option<&str>, body: &Value) -> Fact {
    let mut facts = facts(received, request, body);
    assert_eq!(facts.len(), 1, "{facts:?}");
    facts.remove(0)
}

fn provision(members: Value) -> Value {
    json!({"Response": [{"PartnerUserProvision": members}]})
}

fn onboarding_callback(members: Value) -> Value {
    json!({"NotificationUrl": {"category": "USER_ONBOARDING", "event_type": "USER_ONBOARDING_UPDATED",
        "object": {"UserOnboarding": members}}})
}

/// bunq's refusal listing `rows` as required.
fn fulfillments(rows: Value) -> Value {
    serde_json::from_str(&common::answer_with_rows(rows, "[]")).unwrap()
}

fn email(status: Option<&str>) -> Value {
    json!({"type": "EMAIL", "user_id": 877, "status": status, "all_status_allowed": ["FULFILLED"]})
}

const PUT: &str = "PUT /v1/user/1364/user-onboarding/260";

#[track_caller]
fn applied(record: &mut UserRecord, fact: &Fact) -> FactOutcome {
    record.apply(fact).unwrap()
}

// ---- reading facts -------------------------------------------------------------------------

#[test]
fn a_request_is_method_and_path_and_anything_else_is_refused() {
    let request: AnsweredRequest = "POST /v1/user/1364/user-onboarding?page=2".parse().unwrap();
    assert_eq!(
        (request.method(), request.path()),
        ("POST", "/v1/user/1364/user-onboarding")
    );
    assert_eq!(request.to_string(), "POST /v1/user/1364/user-onboarding");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!("POST /v1/user/1364/user-onboarding")
    );
    for text in [
        "",
        "PUT",
        "put /v1/x",
        "PUT v1/x",
        "PUT  /v1/x",
        "PUT /v1/x y",
        "PUT /v1/user/1/user-onboarding/abc",
        "GET /v1/user/1/identity-verification-session/x",
    ] {
        let error = text.parse::<AnsweredRequest>().unwrap_err();
        assert_eq!(error.text(), text);
        assert!(
            error
                .to_string()
                .starts_with(&format!("request {text:?} is not `METHOD /path`")),
            "{error}"
        );
    }
    let line = FactLine::from_json(
        r#"{"received":"2025-08-13 14:45:18.621550","request":"PUT","body":{"Response":[]}}"#,
    )
    .unwrap_err();
    assert_eq!(line.path(), "request");
}

#[test]
fn a_bare_id_means_what_its_request_says() {
    let id = json!({"Response": [{"Id": {"id": 260}}]});
    let created = fact(
        "2025-08-13 14:00:00.000000",
        Some("POST /v1/user/1364/user-onboarding"),
        &id,
    );
    assert_eq!(created.subject(), &FactSubject::OnboardingCreated);
    assert_eq!(created.ids().onboarding, Some(OnboardingId::new(260)));

    let accepted = fact("2025-08-13 14:00:00.000000", Some(PUT), &id);
    assert_eq!(
        accepted.subject(),
        &FactSubject::FulfillmentList(FulfillmentList::Accepted)
    );

    let session = fact(
        "2025-08-13 14:00:00.000000",
        Some("POST /v1/user/1364/identity-verification-session"),
        &json!({"Response": [{"Id": {"id": 36}}]}),
    );
    assert!(
        matches!(session.subject(), FactSubject::Object { key: ObjectKey::VerificationSession { id }, members } if *id == VerificationSessionId::new(36) && members.is_empty())
    );

    let server = fact(
        "2025-08-13 14:00:00.000000",
        Some("POST /v1/session-server"),
        &common::published("session-server-answer.json"),
    );
    assert_eq!(server.subject(), &FactSubject::SessionStarted);

    for request in [
        None,
        Some("PUT /v1/partner-user-provision/123"),
        Some("GET /v1/user/1364/user-onboarding/260"),
        Some("POST /v1/user/1364/monetary-account-bank"),
    ] {
        let other = fact("2025-08-13 14:00:00.000000", request, &id);
        assert_eq!(other.subject(), &FactSubject::Ignored, "{request:?}");
    }
}

#[test]
fn an_error_with_fulfillments_is_a_list_whatever_it_answers_and_one_without_is_bunqs_error() {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    for request in [None, Some(PUT), Some("GET /v1/anything")] {
        let list = fact("2025-08-13 14:00:00.000000", request, &seed);
        assert!(matches!(
            list.subject(),
            FactSubject::FulfillmentList(FulfillmentList::Required { .. })
        ));
        assert_eq!(list.ids().user, Some(UserId::new(877)));
    }
    let error = fact(
        "2025-08-13 14:00:00.000000",
        Some(PUT),
        &json!({"Error": [{"error_description": "Too many requests.", "error_description_translated": "Te veel."}]}),
    );
    let FactSubject::BunqError(errors) = error.subject() else {
        panic!("{error:?}")
    };
    assert_eq!(errors[0].description, "Too many requests.");
}

#[test]
fn a_callback_of_a_category_the_crate_does_not_model_is_ignored_not_an_error() {
    let payment = json!({"NotificationUrl": {"target_url": "https://p.example/hook", "category": "PAYMENT",
        "event_type": "PAYMENT_CREATED", "object": {"Payment": {"id": 1, "amount": {"value": "1.00"}}}}});
    let mut record = UserRecord::new();
    let ignored = fact("2025-08-13 14:00:00.000000", None, &payment);
    assert_eq!(record.apply(&ignored), Ok(FactOutcome::Ignored));
    assert_eq!(record, UserRecord::new());
    let listed = json!({"Response": [{"Token": {"id": 1, "token": "x"}}], "Pagination": {"older_url": null}});
    assert_eq!(
        fact("2025-08-13 14:00:00.000000", Some("GET /v1/x"), &listed).subject(),
        &FactSubject::Ignored
    );
}

#[test]
fn a_response_with_several_objects_is_one_fact_per_object() {
    let body = json!({"Response": [
        {"UserOnboarding": {"id": 260, "user_id": 877, "action_required": "USER"}},
        {"IdentityVerificationSessionIncode": {"id": 36, "status": "CREATED"}},
        {"Other": {}}
    ], "Pagination": {"future_url": null, "newer_url": null, "older_url": null}});
    let facts = facts(
        "2025-08-13 14:00:00.000000",
        Some("GET /v1/user/1364/user-onboarding"),
        &body,
    );
    assert_eq!(facts.len(), 2);
    assert!(matches!(
        facts[0].subject(),
        FactSubject::Object {
            key: ObjectKey::Onboarding,
            ..
        }
    ));
    assert!(matches!(
        facts[1].subject(),
        FactSubject::Object {
            key: ObjectKey::VerificationSession { .. },
            ..
        }
    ));
}

#[test]
fn a_verification_session_without_an_id_is_the_one_its_path_names_else_ignored() {
    let processed = common::published("idv-session-processed-approved.json");
    let mut without_id = processed.clone();
    without_id["Response"][0]["IdentityVerificationSessionIncode"]
        .as_object_mut()
        .unwrap()
        .remove("id");
    let named = fact(
        "2025-08-13 14:00:00.000000",
        Some("GET /v1/user/1364/identity-verification-session/65541"),
        &without_id,
    );
    assert!(
        matches!(named.subject(), FactSubject::Object { key: ObjectKey::VerificationSession { id }, .. } if id.get() == 65541)
    );
    let unnamed = fact("2025-08-13 14:00:00.000000", None, &without_id);
    assert_eq!(unnamed.subject(), &FactSubject::Ignored);
}

#[test]
fn a_created_session_exists_and_the_latest_session_is_the_newest_then_the_higher_id() {
    let mut record = UserRecord::new();
    let created = fact(
        "2025-08-13 14:00:00.000000",
        Some("POST /v1/user/1364/identity-verification-session"),
        &json!({"Response": [{"Id": {"id": 37}}]}),
    );
    assert_eq!(applied(&mut record, &created), FactOutcome::Applied);
    assert_eq!(applied(&mut record, &created), FactOutcome::Duplicate);
    let (id, version, session) = record.read_latest_verification_session().unwrap();
    assert_eq!((id.get(), version), (37, ts("2025-08-13 14:00:00.000000")));
    assert!(session.status.get().is_none());
    // Another session, of the same version: the higher id is the latest.
    let other = fact(
        "2025-08-13 14:00:00.000000",
        None,
        &json!({"Response": [{"IdentityVerificationSessionIncode": {"id": 36, "status": "CREATED"}}]}),
    );
    applied(&mut record, &other);
    assert_eq!(
        record.read_latest_verification_session().unwrap().0.get(),
        37
    );
    let newer = fact(
        "2025-08-13 14:00:01.000000",
        None,
        &json!({"Response": [{"IdentityVerificationSessionIncode": {"id": 36, "status": "SUBMITTED"}}]}),
    );
    applied(&mut record, &newer);
    assert_eq!(
        record.read_latest_verification_session().unwrap().0.get(),
        36
    );
}

// ---- identity ------------------------------------------------------------------------------

#[test]
fn ids_are_learnt_from_the_first_fact_and_a_contradicting_fact_is_refused_naming_both() {
    let mut record = UserRecord::new();
    let first = fact(
        "2025-08-13 14:00:00.000000",
        None,
        &provision(json!({"id": 123, "status": "CREATED"})),
    );
    assert_eq!(applied(&mut record, &first), FactOutcome::Applied);
    assert_eq!(record.ids().provision, Some(ProvisionId::new(123)));

    let before = record.clone();
    let other = fact(
        "2025-08-13 15:00:00.000000",
        None,
        &provision(json!({"id": 999, "status": "CANCELLED"})),
    );
    let refusal = record.apply(&other).unwrap_err();
    assert_eq!(
        refusal,
        FactRefusal::OtherProvision {
            record: ProvisionId::new(123),
            fact: ProvisionId::new(999)
        }
    );
    assert_eq!(
        refusal.to_string(),
        "the fact is about provision 999, the record about provision 123"
    );
    assert_eq!(record, before, "a refused fact changes nothing");

    // A record made with an id refuses another from the first fact on.
    let mut made = UserRecord::with_ids(Ids {
        user: Some(UserId::new(877)),
        ..Ids::default()
    });
    let rows_of_999 = fact(
        "2025-08-13 14:00:00.000000",
        Some(PUT),
        &fulfillments(
            json!([{"type": "EMAIL", "user_id": 999, "status": null, "all_status_allowed": ["FULFILLED"]}]),
        ),
    );
    assert_eq!(
        made.apply(&rows_of_999).unwrap_err().to_string(),
        "the fact is about user 999, the record about user 877"
    );
    assert!(made.events().is_empty());
}

#[test]
fn a_fact_naming_two_ids_of_one_kind_is_refused() {
    let mut record = UserRecord::new();
    let two_users = fact(
        "2025-08-13 14:00:00.000000",
        None,
        &fulfillments(
            json!([email(None), {"type": "DATE_OF_BIRTH", "user_id": 999, "status": null}]),
        ),
    );
    assert_eq!(
        record.apply(&two_users).unwrap_err().to_string(),
        "the fact names two users, 877 and 999"
    );
    let two_onboardings = fact(
        "2025-08-13 14:00:00.000000",
        Some(PUT),
        &json!({"Response": [{"Id": {"id": 261}}]}),
    );
    assert_eq!(
        record.apply(&two_onboardings).unwrap_err(),
        FactRefusal::TwoOnboardings {
            path: OnboardingId::new(260),
            body: OnboardingId::new(261)
        }
    );
    assert_eq!(record, UserRecord::new());
}

#[test]
fn the_user_segment_of_a_path_is_not_compared() {
    let mut record = UserRecord::with_ids(Ids {
        user: Some(UserId::new(877)),
        ..Ids::default()
    });
    let accepted = fact(
        "2025-08-13 14:00:00.000000",
        Some("PUT /v1/user/1364/user-onboarding/260"),
        &json!({"Response": [{"Id": {"id": 260}}]}),
    );
    assert_eq!(applied(&mut record, &accepted), FactOutcome::Applied);
}

#[test]
fn a_fact_naming_an_onboarding_or_any_fulfillment_list_makes_the_onboarding_known() {
    let mut record = UserRecord::new();
    assert!(!record.is_onboarding_known());
    applied(
        &mut record,
        &fact(
            "2025-08-13 14:00:00.000000",
            None,
            &fulfillments(json!([email(None)])),
        ),
    );
    assert!(record.is_onboarding_known());
    assert_eq!(record.ids().onboarding, None);
    assert!(
        record.read_onboarding().is_none(),
        "no onboarding object was read"
    );

    let mut record = UserRecord::new();
    let error_on_path = fact(
        "2025-08-13 14:00:00.000000",
        Some(PUT),
        &json!({"Error": [{"error_description": "x", "error_description_translated": "x"}]}),
    );
    applied(&mut record, &error_on_path);
    assert!(record.is_onboarding_known());
    assert_eq!(record.ids().onboarding, Some(OnboardingId::new(260)));
}

// ---- versions and values ---------------------------------------------------------------------

#[test]
fn the_version_is_bunqs_updated_else_the_receipt_time() {
    let with_updated = fact(
        "2025-08-13 15:00:00.000000",
        None,
        &provision(json!({"id": 7, "updated": "2025-08-13 14:00:00.000000"})),
    );
    assert_eq!(with_updated.version(), ts("2025-08-13 14:00:00.000000"));
    let partial = fact(
        "2025-08-13 15:00:00.000000",
        None,
        &provision(json!({"id": 7})),
    );
    assert_eq!(partial.version(), ts("2025-08-13 15:00:00.000000"));
    let list = fact(
        "2025-08-13 15:00:00.000000",
        Some(PUT),
        &fulfillments(json!([email(None)])),
    );
    assert_eq!(list.version(), list.received());
    let session = fact(
        "2025-08-13 15:00:00.000000",
        None,
        &json!({"Response": [{"IdentityVerificationSessionIncode":
            {"id": 36, "status": "CREATED", "updated": "2025-08-13 14:10:00.000000"}}]}),
    );
    assert_eq!(session.version(), ts("2025-08-13 14:10:00.000000"));
}

#[test]
fn an_event_names_the_ids_it_learnt_and_no_others() {
    let mut record = UserRecord::new();
    for (at, status) in [("14:00", "CREATED"), ("14:01", "ACTIVE")] {
        let received = format!("2025-08-13 {at}:00.000000");
        let body = provision(json!({"id": 7, "status": status}));
        record.apply(&fact(&received, None, &body)).unwrap();
    }
    let events = serde_json::to_value(record.events()).unwrap();
    assert_eq!(events[0]["learned"]["provision"], json!(7));
    assert_eq!(events[1].get("learned"), None, "{events}");
}

#[test]
fn the_report_tells_an_onboarding_created_but_not_read_yet() {
    let mut record = UserRecord::new();
    let created = fact(
        "2025-08-13 14:00:00.000000",
        Some("POST /v1/user/1364/user-onboarding"),
        &json!({"Response": [{"Id": {"id": 260}}]}),
    );
    record.apply(&created).unwrap();
    let report = bunq_onboarding::RecordReport::new(
        &record,
        ts("2025-08-13 14:30:00.000000"),
        FactCounts::default(),
    );
    assert!(
        report
            .to_string()
            .contains("\nonboarding: created, not read yet\n"),
        "{report}"
    );
}

#[test]
fn the_newest_value_wins_member_by_member_and_an_absent_member_keeps_its_value() {
    let mut record = UserRecord::new();
    let newer = fact(
        "2025-08-13 15:00:00.000000",
        None,
        &provision(
            json!({"id": 7, "updated": "2025-08-13 14:00:00.000000", "status": "ACTIVE",
            "sub_status": "PENDING_PROCESS_USER_ONBOARDING"}),
        ),
    );
    // Older, but the only one to carry `external_uuid`; its `status` is older and loses.
    let older = fact(
        "2025-08-13 15:00:01.000000",
        None,
        &provision(
            json!({"id": 7, "updated": "2025-08-13 13:00:00.000000", "status": "CREATED",
            "external_uuid": "f8b6"}),
        ),
    );
    assert_eq!(applied(&mut record, &newer), FactOutcome::Applied);
    assert_eq!(applied(&mut record, &older), FactOutcome::Applied);
    let provision = record.read_provision().unwrap();
    assert_eq!(provision.status.get(), Some(&ProvisionStatus::ACTIVE));
    assert_eq!(
        provision.sub_status.get(),
        Some(&ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING)
    );
    assert_eq!(
        provision.external_uuid.get().map(String::as_str),
        Some("f8b6")
    );

    // The other order gives the same state.
    let mut other = UserRecord::new();
    applied(&mut other, &older);
    applied(&mut other, &newer);
    assert_eq!(other.state(), record.state());
}

#[test]
fn a_nested_object_is_one_member_replaced_whole() {
    let mut record = UserRecord::new();
    applied(
        &mut record,
        &fact(
            "2025-08-13 14:00:00.000000",
            None,
            &provision(json!({"id": 7,
            "credential": {"id": 1, "status": "PENDING_FIRST_USE", "expiry_time": "2025-08-13 15:00:00.000000"}})),
        ),
    );
    applied(
        &mut record,
        &fact(
            "2025-08-13 14:30:00.000000",
            None,
            &provision(json!({"id": 7, "credential": {"status": "EXPIRED"}})),
        ),
    );
    let credential = record
        .read_provision()
        .unwrap()
        .credential
        .get()
        .cloned()
        .unwrap();
    assert_eq!(credential.status.get().map(|s| s.as_str()), Some("EXPIRED"));
    assert!(
        credential.expiry_time.get().is_none(),
        "not merged with the older credential"
    );
    assert!(credential.id.get().is_none());
}

#[test]
fn equal_versions_are_decided_by_the_greater_canonical_json_in_any_order() {
    let at = "2025-08-13 14:00:00.000000";
    let active = fact(
        at,
        None,
        &provision(json!({"id": 7, "updated": at, "status": "ACTIVE"})),
    );
    let created = fact(
        at,
        None,
        &provision(json!({"id": 7, "updated": at, "status": "CREATED"})),
    );
    for order in [[&active, &created], [&created, &active]] {
        let mut record = UserRecord::new();
        let outcomes: Vec<_> = order
            .iter()
            .map(|fact| applied(&mut record, fact))
            .collect();
        // "CREATED" > "ACTIVE", byte by byte.
        assert_eq!(
            record.read_provision().unwrap().status.get(),
            Some(&ProvisionStatus::CREATED)
        );
        let expected = if order[0] == &active {
            [FactOutcome::Applied, FactOutcome::Applied]
        } else {
            [FactOutcome::Applied, FactOutcome::Stale]
        };
        assert_eq!(outcomes, expected, "the loser of a tie is stale");
    }
}

#[test]
fn a_newer_fulfillment_list_replaces_the_older_one_whole() {
    // bunq's example lists ADDRESS_MAIN twice; a later answer lists it once, FULFILLED.
    let mut record = UserRecord::new();
    let seed: Value = serde_json::from_str(SEED).unwrap();
    applied(
        &mut record,
        &fact("2025-08-13 14:00:00.000000", Some(PUT), &seed),
    );
    let later = fulfillments(
        json!([{"type": "ADDRESS_MAIN", "user_id": 877, "status": "FULFILLED",
        "all_status_allowed": ["FULFILLED"]}]),
    );
    applied(
        &mut record,
        &fact("2025-08-13 15:00:00.000000", Some(PUT), &later),
    );
    let now = ts("2025-08-13 15:00:00.000000");
    let assessment = record.assess(now).unwrap();
    assert!(
        assessment.can_reach_target(),
        "the rows bunq no longer lists are gone"
    );
    assert_eq!(assessment.verdicts().len(), 1);
    // The older list, arriving late, changes nothing.
    assert_eq!(
        applied(
            &mut record,
            &fact("2025-08-13 14:00:00.000000", Some(PUT), &seed)
        ),
        FactOutcome::Stale
    );
    assert!(record.assess(now).unwrap().can_reach_target());
}

#[test]
fn bunqs_acceptance_is_a_list_with_nothing_required_and_wins_a_tie() {
    let at = "2025-08-13 14:00:00.000000";
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let refusal = fact(at, Some(PUT), &seed);
    let acceptance = fact(at, Some(PUT), &json!({"Response": [{"Id": {"id": 260}}]}));
    for order in [[&refusal, &acceptance], [&acceptance, &refusal]] {
        let mut record = UserRecord::new();
        for fact in order {
            record.apply(fact).unwrap();
        }
        assert!(record.is_accepted());
        assert!(record.assess(ts(at)).unwrap().can_reach_target());
    }
}

#[test]
fn of_two_lists_or_two_errors_received_at_once_the_greater_canonical_json_wins() {
    // The rule itself, not only that the order does not matter: the order-free laws hold as well
    // when the smaller one wins.
    let at = "2025-08-13 14:00:00.000000";
    let canonical = |value: &Value| serde_json::to_string(value).unwrap(); // keys sorted
    let lists = [
        fulfillments(json!([email(None)])),
        fulfillments(json!([email(Some("IN_PROGRESS"))])),
    ];
    let rows_of = |record: &UserRecord| match record.fulfillment_list().unwrap().0 {
        FulfillmentList::Required { parameter } => serde_json::to_value(parameter).unwrap(),
        FulfillmentList::Accepted => panic!("no acceptance was received"),
    };
    let written: Vec<Value> = lists
        .iter()
        .map(|body| {
            let mut record = UserRecord::new();
            applied(&mut record, &fact(at, Some(PUT), body));
            rows_of(&record)
        })
        .collect();
    let greater = written
        .iter()
        .max_by_key(|rows| canonical(&json!({"list": "required", "parameter": rows})))
        .unwrap();
    assert_ne!(written[0], written[1]);
    let errors = [
        json!({"Error": [{"error_description": "A", "error_description_translated": "A"}]}),
        json!({"Error": [{"error_description": "B", "error_description_translated": "B"}]}),
    ];
    for (first, second) in [(0, 1), (1, 0)] {
        let mut record = UserRecord::new();
        applied(&mut record, &fact(at, Some(PUT), &lists[first]));
        applied(&mut record, &fact(at, Some(PUT), &lists[second]));
        assert_eq!(&rows_of(&record), greater, "lists {first} then {second}");
        applied(&mut record, &fact(at, Some(PUT), &errors[first]));
        applied(&mut record, &fact(at, Some(PUT), &errors[second]));
        // `[{"error_description":"B",…}]` is greater than `[{"error_description":"A",…}]`.
        assert_eq!(record.bunq_error().unwrap()[0].description, "B");
    }
}

#[test]
fn an_error_without_fulfillments_becomes_bunqs_latest_error_and_leaves_the_list() {
    let mut record = UserRecord::new();
    applied(
        &mut record,
        &fact(
            "2025-08-13 14:00:00.000000",
            Some(PUT),
            &fulfillments(json!([email(None)])),
        ),
    );
    let error = json!({"Error": [{"error_description": "Too many requests.", "error_description_translated": "Te veel."}]});
    applied(
        &mut record,
        &fact("2025-08-13 15:00:00.000000", Some(PUT), &error),
    );
    assert_eq!(
        record.bunq_error().unwrap()[0].description,
        "Too many requests."
    );
    assert!(
        !record
            .assess(ts("2025-08-13 15:00:00.000000"))
            .unwrap()
            .can_reach_target()
    );
}

// ---- secrets, counting, history --------------------------------------------------------------

#[test]
fn secrets_are_never_kept_in_the_record_or_its_history() {
    // Each body on a record of its own: they are of different users, and a refused fact would
    // prove nothing.
    for (file, request, secret, kept) in [
        (
            "provision-ready-for-onboarding.json",
            None,
            "credential_token_abc123def456",
            "2025-08-20 14:45:24.567890", // the credential's expiry_time
        ),
        (
            "webhook-provision-updated.json",
            None,
            "a0239a79b1a8d4429062bbcbdccf30cfda06eb6a2a8effc041085135e36d63d4",
            "2025-09-03 09:24:14.178685",
        ),
        (
            "idv-session-created-full.json",
            None,
            "token_value_123",
            "https://demo-api.incodesmile.com/0/", // the session's url_api
        ),
        (
            "session-server-answer.json",
            Some("POST /v1/session-server"),
            "f981bd6d26b8328b89e85a774c404bb02e72d18062dab92bb59c9e59a1c5958f",
            "\"session_started\":true",
        ),
    ] {
        let body = common::published(file);
        assert!(body.to_string().contains(secret), "{file} holds {secret}");
        let mut record = UserRecord::new();
        for fact in facts("2025-08-13 14:00:00.000000", request, &body) {
            assert_eq!(record.apply(&fact), Ok(FactOutcome::Applied), "{file}");
        }
        let stored = serde_json::to_string(&record).unwrap();
        assert!(!stored.contains(secret), "{file}: {secret} kept");
        assert!(stored.contains(kept), "{file}: {kept} not kept");
        assert!(
            !stored.contains("token_value\"") && !stored.contains("\"token\""),
            "{stored}"
        );
    }
}

#[test]
fn each_fact_is_counted_as_what_it_did() {
    let at = "2025-08-13 14:00:00.000000";
    let mut record = UserRecord::new();
    let mut counts = FactCounts::default();
    let newer = fact(
        at,
        None,
        &provision(json!({"id": 7, "updated": at, "status": "ACTIVE"})),
    );
    let older = fact(
        at,
        None,
        &provision(json!({"id": 7, "updated": "2025-08-13 13:00:00.000000", "status": "CREATED"})),
    );
    let other = fact(at, None, &provision(json!({"id": 8})));
    let payment = fact(
        at,
        None,
        &json!({"NotificationUrl": {"category": "PAYMENT", "object": {"Payment": {}}}}),
    );
    for fact in [&newer, &newer, &older, &other, &payment] {
        counts.count(&record.apply(fact));
    }
    assert_eq!(
        counts,
        FactCounts {
            applied: 1,
            duplicate: 1,
            stale: 1,
            refused: 1,
            ignored: 1
        }
    );
}

#[test]
fn a_late_retry_with_an_older_updated_changes_nothing() {
    let mut record = UserRecord::new();
    let fulfilled = json!({"id": 260, "user_id": 877, "updated": "2025-08-13 15:00:00.000000", "action_required": "NONE"});
    let earlier = json!({"id": 260, "user_id": 877, "updated": "2025-08-13 14:00:00.000000", "action_required": "USER"});
    applied(
        &mut record,
        &fact(
            "2025-08-13 15:00:01.000000",
            None,
            &onboarding_callback(fulfilled),
        ),
    );
    let events = record.events().len();
    let retry = fact(
        "2025-08-13 15:01:00.000000",
        None,
        &onboarding_callback(earlier),
    );
    assert_eq!(applied(&mut record, &retry), FactOutcome::Stale);
    assert_eq!(record.events().len(), events, "no event");
    assert_eq!(
        record
            .read_onboarding()
            .unwrap()
            .action_required
            .get()
            .map(|a| a.as_str()),
        Some("NONE")
    );
}

#[test]
fn a_retried_callback_adds_no_event_and_one_changed_row_adds_one_row() {
    let mut record = UserRecord::new();
    let callback = common::published("webhook-provision-updated.json");
    let first = fact("2025-09-03 08:24:15.000000", None, &callback);
    applied(&mut record, &first);
    let retried = fact("2025-09-03 08:25:15.000000", None, &callback);
    assert_eq!(applied(&mut record, &retried), FactOutcome::Duplicate);
    assert_eq!(record.events().len(), 1);

    let seed: Value = serde_json::from_str(SEED).unwrap();
    let mut changed = seed.clone();
    changed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"]["all_fulfillment"]
        [2]["status"] = json!("IN_PROGRESS");
    let mut record = UserRecord::new();
    applied(
        &mut record,
        &fact("2025-08-13 14:00:00.000000", Some(PUT), &seed),
    );
    applied(
        &mut record,
        &fact("2025-08-13 15:00:00.000000", Some(PUT), &changed),
    );
    let Some(Some(RecordChange::FulfillmentList(ListChange::Rows {
        required,
        fulfilled,
    }))) = record.events().last().map(|event| event.change.clone())
    else {
        panic!("{:?}", record.events().last())
    };
    assert_eq!(required.rows.len(), 1, "one row");
    assert_eq!(required.rows[0].0, 2);
    assert!(fulfilled.rows.is_empty());
}

#[test]
fn the_same_value_received_later_raises_its_version_so_an_older_fact_cannot_win_after_it() {
    let list = |status| fulfillments(json!([email(status)]));
    let l1_early = fact("2025-08-13 14:00:00.000000", Some(PUT), &list(None));
    let l1_late = fact("2025-08-13 16:00:00.000000", Some(PUT), &list(None));
    let l2_between = fact(
        "2025-08-13 15:00:00.000000",
        Some(PUT),
        &list(Some("FULFILLED")),
    );
    let mut record = UserRecord::new();
    applied(&mut record, &l1_early);
    assert_eq!(applied(&mut record, &l1_late), FactOutcome::Duplicate);
    assert_eq!(record.events().len(), 2, "the raise is a small event");
    assert_eq!(applied(&mut record, &l2_between), FactOutcome::Stale);
    let (_, version) = record.fulfillment_list().unwrap();
    assert_eq!(version, ts("2025-08-13 16:00:00.000000"));
    assert!(
        !record
            .assess(ts("2025-08-13 16:00:00.000000"))
            .unwrap()
            .can_reach_target()
    );
}

#[test]
fn replay_and_serde_give_the_record_back_and_a_tampered_record_is_refused() {
    let mut record = UserRecord::new();
    for file in [
        "provision-created-person.json",
        "onboarding-create-answer.json",
        "idv-session-created-full.json",
    ] {
        let request =
            (file == "onboarding-create-answer.json").then_some("POST /v1/user/1/user-onboarding");
        for fact in facts(
            "2026-02-10 18:33:16.000000",
            request,
            &common::published(file),
        ) {
            record.apply(&fact).unwrap();
        }
    }
    let seed: Value = serde_json::from_str(SEED).unwrap();
    record
        .apply(&fact(
            "2026-02-10 18:40:00.000000",
            Some("PUT /v1/user/1/user-onboarding/260"),
            &seed,
        ))
        .unwrap();
    let replayed = UserRecord::replay(record.given_ids(), record.events().iter().cloned());
    assert_eq!(replayed, record);
    let json = serde_json::to_string(&record).unwrap();
    assert_eq!(serde_json::from_str::<UserRecord>(&json).unwrap(), record);

    let mut tampered: Value = serde_json::from_str(&json).unwrap();
    tampered["state"]["session_started"] = json!(true);
    assert_eq!(
        serde_json::from_value::<UserRecord>(tampered)
            .unwrap_err()
            .to_string(),
        "the stored state is not the one its events rebuild"
    );
    let mut not_bunqs: Value = serde_json::from_str(&json).unwrap();
    not_bunqs["events"][0]["change"]["set"]["status"] = json!(5);
    not_bunqs["state"]["provision"]["members"]["status"]["value"] = json!(5);
    assert_eq!(
        serde_json::from_value::<UserRecord>(not_bunqs)
            .unwrap_err()
            .to_string(),
        "the stored record holds an object that is not bunq's"
    );
}

/// Stored records outlive the crate's versions: a record written by 0.1.0 (the journey of
/// `tests/fixtures/facts/`) reads back as the record the same facts build today.
#[test]
fn a_record_stored_by_0_1_0_reads_back_as_the_same_record() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let stored = std::fs::read_to_string(format!("{fixtures}/records/journey-0.1.0.json")).unwrap();
    let journey = std::fs::read_to_string(format!("{fixtures}/facts/journey.jsonl")).unwrap();
    let mut record = UserRecord::new();
    for line in journey.lines().filter(|line| !line.trim().is_empty()) {
        for fact in FactLine::from_json(line).unwrap().facts() {
            record.apply(&fact).unwrap();
        }
    }
    let read: UserRecord = serde_json::from_str(&stored).unwrap();
    assert_eq!(read, record);
    assert!(read.next_step(ts("2025-09-03 09:00:00.000000")).is_done());
    let written: Value = serde_json::to_value(&record).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(&stored).unwrap());
}

// ---- bunq's published examples ---------------------------------------------------------------

/// Every published answer or callback: it reads, its values are what the file says, and written
/// back it equals the input as JSON.
#[test]
fn every_published_answer_and_callback_reads_and_writes_back_as_it_was() {
    let answers = [
        "device-server-answer.json",
        "idv-session-create-answer.json",
        "idv-session-created-full.json",
        "idv-session-created.json",
        "idv-session-processed-approved.json",
        "inquiry-entry-answer-answer.spec.json",
        "inquiry-list-answer.json",
        "inquiry-list-answer.spec.json",
        "installation-answer.json",
        "notification-filter-failure-get-answer.spec.json",
        "notification-filter-failure-post-answer.spec.json",
        "onboarding-create-answer.json",
        "provision-created-company.json",
        "provision-created-person.json",
        "provision-pending-oauth-request.json",
        "provision-pending-relation-user.json",
        "provision-pending-user-full.json",
        "provision-pending-user.json",
        "provision-ready-for-onboarding.json",
        "provision-update-answer.json",
        "session-server-answer.json",
        "session-server-partner-answer.json",
        "webhook-inquiry-expecting-reply-from-user.json",
        "webhook-onboarding-updated.assembled.json",
        "webhook-provision-updated.assembled.json",
        "webhook-provision-updated.json",
    ];
    for file in answers {
        let text = common::published_text(file);
        let envelope = Envelope::from_json(&text).unwrap_or_else(|error| panic!("{file}: {error}"));
        let written = serde_json::to_value(&envelope).unwrap();
        assert_eq!(
            written,
            serde_json::from_str::<Value>(&text).unwrap(),
            "{file}"
        );
    }
    // The rest of the folder: the bodies a partner sends, bunq's spec, and the README.
    let requests = [
        "address-main-request.json",
        "address-postal-request.json",
        "idv-session-create-request.json",
        "idv-session-submit-request.json",
        "inquiry-entry-answer-request.json",
        "nationality-request.json",
        "notification-filter-onboarding-request.json",
        "onboarding-create-request.json",
        "onboarding-update-request.json",
        "provision-cancel-request.json",
        "provision-token-reset-request.json",
        "tax-resident-request.json",
        "user-person-name-dob-request.json",
    ];
    let mut listed: Vec<String> = std::fs::read_dir("tests/fixtures/bunq-published")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| {
            !requests.contains(&name.as_str())
                && !["README.md", "partner-api-swagger.yaml"].contains(&name.as_str())
        })
        .collect();
    listed.sort();
    assert_eq!(
        listed, answers,
        "every published answer and callback is read here"
    );
}

#[test]
fn the_published_provisions_read_as_the_files_say() {
    let ready = common::published_object("provision-ready-for-onboarding.json");
    let record = record_of(&[("provision-ready-for-onboarding.json", None)]);
    let provision = record.read_provision().unwrap();
    assert_eq!(provision.id.get(), Some(&ProvisionId::new(123)));
    assert_eq!(provision.status.get(), Some(&ProvisionStatus::ACTIVE));
    assert_eq!(
        provision.sub_status.get(),
        Some(&ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING)
    );
    let credential = provision.credential.get().unwrap();
    assert_eq!(
        credential.expiry_time.get(),
        Some(&ts("2025-08-20 14:45:24.567890"))
    );
    assert_eq!(credential.token_value.get(), None, "dropped by the record");
    assert_eq!(
        ready["credential"]["token_value"], "credential_token_abc123def456",
        "read by the wire type"
    );
    assert!(provision.created.get().is_none(), "partial: no created");

    // No `id` at all: the provision is still read.
    let relation = record_of(&[("provision-pending-relation-user.json", None)]);
    let provision = relation.read_provision().unwrap();
    assert!(provision.id.get().is_none());
    assert_eq!(
        provision.sub_status.get(),
        Some(&ProvisionSubStatus::PENDING_PROCESS_RELATION_USER)
    );
    assert_eq!(relation.ids().provision, None);

    let callback = record_of(&[("webhook-provision-updated.json", None)]);
    let provision = callback.read_provision().unwrap();
    assert_eq!(provision.id.get(), Some(&ProvisionId::new(7)));
    assert_eq!(
        provision.products.get().unwrap()[0].as_str(),
        "USER_ANONYMOUS_TRANSACTION_AUDIT"
    );
    assert_eq!(provision.oauth_request.get().unwrap()["status"], "ACCEPTED");
}

#[test]
fn the_published_onboarding_and_verification_sessions_read_as_the_files_say() {
    let record = record_of(&[("webhook-onboarding-updated.assembled.json", None)]);
    let onboarding = record.read_onboarding().unwrap();
    assert_eq!(record.ids().onboarding, Some(OnboardingId::new(101)));
    assert_eq!(record.ids().user, Some(UserId::new(789)));
    assert_eq!(
        onboarding.status.get().map(String::as_str),
        Some("VERIFIED")
    );
    assert_eq!(
        onboarding.action_required.get().map(|a| a.as_str()),
        Some("NONE")
    );
    assert_eq!(
        onboarding.waiting_type.get().map(|w| w.as_str()),
        Some("AUTOMATED")
    );

    let record = record_of(&[
        ("idv-session-created-full.json", None),
        ("idv-session-processed-approved.json", None),
    ]);
    let created = record
        .read_verification_session(VerificationSessionId::new(36))
        .unwrap();
    assert_eq!(created.status.get().map(|s| s.as_str()), Some("CREATED"));
    assert_eq!(
        created.url_api.get().map(String::as_str),
        Some("https://demo-api.incodesmile.com/0/")
    );
    assert_eq!(created.token.get(), None, "the token is dropped");
    let processed = record
        .read_verification_session(VerificationSessionId::new(65541))
        .unwrap();
    assert_eq!(
        processed
            .result
            .get()
            .unwrap()
            .result
            .get()
            .map(|r| r.as_str()),
        Some("APPROVED")
    );
}

/// A record of published files, each received in turn a second apart.
#[track_caller]
fn record_of(files: &[(&str, Option<&str>)]) -> UserRecord {
    let mut record = UserRecord::new();
    for (second, (file, request)) in files.iter().enumerate() {
        let received = format!("2026-11-01 10:00:{second:02}.000000");
        for fact in facts(&received, *request, &common::published(file)) {
            record.apply(&fact).unwrap();
        }
    }
    record
}

/// One user's journey, from the provision to ACTIVE / VERIFIED (`tests/fixtures/facts/`): the next
/// step after each fact, judged at its receipt time.
#[test]
fn a_journey_through_bunqs_examples_takes_the_next_step_each_time_until_done() {
    let journey = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/facts/journey.jsonl"
    ))
    .unwrap();
    let mut record = UserRecord::new();
    let mut counts = FactCounts::default();
    let mut steps = Vec::new();
    for line in journey.lines() {
        let line = FactLine::from_json(line).unwrap();
        let now = line.received;
        for fact in line.facts() {
            counts.count(&record.apply(&fact));
        }
        steps.push(record.next_step(now).kind().as_str());
    }
    assert_eq!(
        steps,
        [
            "wait_for_bunq",     // the provision is created: bunq is at PENDING_PROCESS_USER
            "start_session",     // the callback: ACTIVE, a credential to use before 09:24
            "start_session",     // bunq's retry of the callback
            "create_onboarding", // the session started
            "request_target",    // the onboarding exists
            "ask_user",          // bunq's answer: five types block
            "ask_user",          // a verification session is created
            "ask_user",          // … and read: the user has to finish scanning
            "request_target",    // the next answer: nothing blocks
            "request_target",    // the verification is approved
            "wait_for_bunq",     // bunq accepted; its decision is not known yet
            "done",              // the onboarding's callback: nothing pending
            "done",              // bunq's first answer, arriving late, changes nothing
        ]
    );
    assert_eq!(
        counts,
        FactCounts {
            applied: 11,
            duplicate: 1,
            stale: 1,
            refused: 0,
            ignored: 0
        }
    );
    assert_eq!(record.ids().provision, Some(ProvisionId::new(7)));
    assert_eq!(record.ids().user, Some(UserId::new(877)));
    assert!(record.is_accepted());
}

/// The report of `explain --facts`: its JSON contract, read back, and its text.
#[test]
fn the_report_on_a_real_callback_has_the_documented_contract() {
    use bunq_onboarding::RecordReport;
    use bunq_onboarding::record::RecordSummary;
    let line = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/facts/provision-callback.jsonl"
    ))
    .unwrap();
    let mut record = UserRecord::new();
    let mut counts = FactCounts::default();
    for fact in FactLine::from_json(&line).unwrap().facts() {
        counts.count(&record.apply(&fact));
    }
    let report = RecordReport::new(&record, ts("2025-09-03 08:30:00.000000"), counts);
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "next_step",
        "blocking",
        "due_later",
        "in_review",
        "satisfied",
        "provision",
        "onboarding",
        "facts",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["next_step"]["step"], "start_session");
    assert_eq!(
        json["next_step"]["expiry_time"],
        "2025-09-03 09:24:14.178685"
    );
    assert_eq!(
        json["provision"],
        json!({"status": "ACTIVE", "sub_status": "NONE", "action_required": "NONE"})
    );
    assert_eq!(json["onboarding"], Value::Null);
    assert_eq!(
        json["facts"],
        json!({"applied": 1, "duplicate": 0, "stale": 0, "refused": 0, "ignored": 0})
    );
    assert_eq!(
        serde_json::from_value::<RecordSummary>(json).unwrap(),
        report.summary()
    );
    assert_eq!(
        report.to_string(),
        "provision 7, user unknown, onboarding unknown\n\
         provision: status ACTIVE, sub-status NONE, action required NONE\n\
         onboarding: none yet\n\
         fulfillments: no list yet\n\
         facts: 1 applied, 0 duplicate, 0 stale, 0 refused, 0 ignored\n\
         next step: start the user's session before 2025-09-03 09:24:14.178685: \
         POST /v1/session-server with the credential's API key as `secret`"
    );
}
