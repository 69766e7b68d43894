//! Reading bunq's answers: the seed, lossless round trips, and malformed input.
#![cfg(feature = "json")]

mod common;

use bunq_onboarding::ids::UserId;
use bunq_onboarding::vocabulary::ActionRequired;
use bunq_onboarding::wire::{
    AdditionalParameter, Content, ErrorDescription, ParseErrorKind, ResponseItem,
};
use bunq_onboarding::{
    AdditionalFulfillmentParameter, Class, Envelope, FulfillmentStatus, FulfillmentType, PutAnswer,
};
use common::{PATH_TO_ROW, SEED, answer_with_rows, seed_parameter, ts, types_of};
use serde_json::{Value, json};

/// The kind, path and whole message of the error reading `text` as an [`Envelope`].
#[track_caller]
fn envelope_error(text: &str) -> (ParseErrorKind, String, String) {
    let error = Envelope::from_json(text).unwrap_err();
    (error.kind(), error.path().to_owned(), error.to_string())
}

#[track_caller]
fn assert_round_trip(text: &str) {
    let envelope = Envelope::from_json(text).unwrap();
    let written = serde_json::to_value(&envelope).unwrap();
    let read: Value = serde_json::from_str(text).unwrap();
    assert_eq!(written, read);
}

#[track_caller]
fn parse_error(text: &str) -> (ParseErrorKind, String, String) {
    let error = PutAnswer::from_json(text).unwrap_err();
    (error.kind(), error.path().to_owned(), error.to_string())
}

#[test]
fn the_seed_blocks_five_types_in_order_with_address_main_once() {
    let parameter = seed_parameter();
    assert_eq!(parameter.all_fulfillment.len(), 6);
    let assessment = parameter.assess(ts("2025-08-13 14:45:18.621550"));
    assert_eq!(
        types_of(&assessment, Class::Blocking),
        [
            "ADDRESS_MAIN",
            "DATE_OF_BIRTH",
            "EMAIL",
            "ADDRESS_POSTAL",
            "IDENTIFICATION_VERIFICATION"
        ]
    );
    assert_eq!(types_of(&assessment, Class::Satisfied), ["PHONE_NUMBER"]);
    assert_eq!(
        assessment.count(Class::DueLater) + assessment.count(Class::InReview),
        0
    );
    assert_eq!(assessment.action_required(), ActionRequired::USER);
    let address = assessment.verdict(&FulfillmentType::ADDRESS_MAIN).unwrap();
    assert_eq!(address.rows().count(), 2);
}

#[test]
fn the_seed_keeps_every_field_of_its_rows_and_the_descriptions() {
    let answer = PutAnswer::from_json(SEED).unwrap();
    let PutAnswer::NeedsFulfillments { parameter, errors } = answer else {
        panic!()
    };
    let text = "You need to provide additional information in order to perform this action.";
    assert_eq!(
        errors,
        [ErrorDescription {
            description: text.into(),
            translated: text.into()
        }]
    );
    let phone = &parameter.all_fulfillment_fulfilled[0];
    assert_eq!(phone.fulfillment_type, FulfillmentType::PHONE_NUMBER);
    assert_eq!(
        phone.reason,
        "Secure your account with a phone number. You’ll use this to login."
    );
    assert_eq!(phone.user_id, Some(UserId::new(877)));
    assert_eq!(phone.status, Some(FulfillmentStatus::FULFILLED));
    assert_eq!(phone.id, Some(3573));
    assert_eq!(phone.all_status_allowed, [FulfillmentStatus::FULFILLED]);
    let email = &parameter.all_fulfillment[2];
    assert_eq!(
        email.all_status_allowed,
        [FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS]
    );
    assert_eq!(
        (email.status.as_ref(), email.time_mandatory, email.id),
        (None, None, None)
    );
}

#[test]
fn the_seed_round_trips() {
    assert_round_trip(SEED);
    let parameter = seed_parameter();
    let again: AdditionalFulfillmentParameter =
        serde_json::from_value(serde_json::to_value(&parameter).unwrap()).unwrap();
    assert_eq!(again, parameter);
}

#[test]
fn unknown_types_statuses_wrappers_and_null_fields_round_trip() {
    let text = answer_with_rows(
        json!([
            {"type": "MADE_UP_TYPE", "reason": "", "reason_translated": "", "user_id": 1,
             "status": "AWAITING_DOCUMENTS", "time_mandatory": "2026-02-01 00:00:00.000000",
             "all_status_allowed": ["FULFILLED", "MADE_UP_STATUS"], "id": 9,
             "created_timestamp": "2025-08-13 14:45:18.621550", "updated_timestamp": null},
            {"type": "EMAIL", "reason": "r", "reason_translated": "t", "user_id": 1, "status": null,
             "time_mandatory": null, "all_status_allowed": [], "id": null,
             "created_timestamp": null, "updated_timestamp": null}
        ]),
        "[]",
    );
    assert_round_trip(&text);
    let mut with_unknown_wrapper: Value = serde_json::from_str(&text).unwrap();
    with_unknown_wrapper["Error"][0]["error_additional_parameter"]
        .as_array_mut()
        .unwrap()
        .push(json!({"AdditionalFooParameter": {"nested": [1, 2.5, null, {"x": "y"}]}}));
    assert_round_trip(&with_unknown_wrapper.to_string());
    assert_round_trip(
        r#"{"Response":[{"Id":{"id":260}},{"UserPerson":{"id":877,"status":"SIGNUP"}}]}"#,
    );
    assert_round_trip(
        r#"{"Error":[{"error_description":"User not found.","error_description_translated":"x"}]}"#,
    );
}

#[test]
fn unknown_values_are_kept_and_judged() {
    let text = answer_with_rows(
        json!([
            {"type": "MADE_UP_TYPE", "user_id": 1, "status": "MADE_UP_STATUS", "all_status_allowed": ["MADE_UP_STATUS"]}
        ]),
        "[]",
    );
    let PutAnswer::NeedsFulfillments { parameter, .. } = PutAnswer::from_json(&text).unwrap()
    else {
        panic!()
    };
    let row = &parameter.all_fulfillment[0];
    assert!(!row.fulfillment_type.is_known());
    assert_eq!(row.fulfillment_type, "MADE_UP_TYPE");
    assert_eq!(row.status.as_ref().unwrap(), "MADE_UP_STATUS");
    assert!(row.is_satisfied());
}

#[test]
fn absent_optional_fields_read_as_null_and_unknown_fields_are_ignored() {
    let text = answer_with_rows(json!([{"type": "EMAIL", "new_field": {"a": 1}}]), "[]");
    let PutAnswer::NeedsFulfillments { parameter, .. } = PutAnswer::from_json(&text).unwrap()
    else {
        panic!()
    };
    let row = &parameter.all_fulfillment[0];
    assert_eq!(
        row,
        &bunq_onboarding::Fulfillment::new(FulfillmentType::EMAIL, [])
    );
}

#[test]
fn absent_lists_and_fields_are_written_back_as_empty_and_null() {
    let envelope = Envelope::from_json(
        r#"{"Error":[{"error_description":"d","error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[{"type":"EMAIL"}]}}]}]}"#,
    )
    .unwrap();
    let parameter = &serde_json::to_value(&envelope).unwrap()["Error"][0]["error_additional_parameter"]
        [0]["AdditionalFulfillmentParameter"];
    assert_eq!(parameter["all_fulfillment_fulfilled"], json!([]));
    assert_eq!(
        parameter["all_fulfillment"][0],
        json!({"type": "EMAIL", "reason": "", "reason_translated": "", "user_id": null, "status": null,
               "time_mandatory": null, "all_status_allowed": [], "id": null,
               "created_timestamp": null, "updated_timestamp": null})
    );
}

#[test]
fn fulfillments_without_descriptions_are_written_on_one_error_of_empty_descriptions() {
    let answer = PutAnswer::NeedsFulfillments {
        parameter: seed_parameter(),
        errors: Vec::new(),
    };
    let json = serde_json::to_value(&answer).unwrap();
    let errors = json["Error"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (
            &errors[0]["error_description"],
            &errors[0]["error_description_translated"]
        ),
        (&json!(""), &json!(""))
    );
    let read = PutAnswer::from_json(&json.to_string()).unwrap();
    let PutAnswer::NeedsFulfillments { parameter, errors } = read else {
        panic!("{read:?}")
    };
    assert_eq!(parameter, seed_parameter());
    assert_eq!(
        errors.len(),
        1,
        "the carrier reads back as one empty description"
    );
}

#[test]
fn a_success_envelope_is_accepted_with_its_id() {
    let answer = PutAnswer::from_json(r#"{"Response":[{"Other":{}},{"Id":{"id":260}}]}"#).unwrap();
    assert_eq!(answer, PutAnswer::Accepted { id: 260 });
    let envelope = Envelope::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#).unwrap();
    assert_eq!(
        envelope.content,
        Content::Response(vec![ResponseItem::Id(bunq_onboarding::wire::BareId {
            id: 260
        })])
    );
    assert_eq!((envelope.pagination, envelope.members.len()), (None, 0));
}

#[test]
fn an_error_without_fulfillments_is_rejected_with_its_descriptions() {
    let answer = PutAnswer::from_json(
        r#"{"Error":[{"error_description":"User not found.","error_description_translated":"Gebruiker niet gevonden.",
            "error_additional_parameter":[{"SomethingElse":{}}]}]}"#,
    )
    .unwrap();
    assert_eq!(
        answer,
        PutAnswer::Rejected {
            errors: vec![ErrorDescription {
                description: "User not found.".into(),
                translated: "Gebruiker niet gevonden.".into()
            }]
        }
    );
}

#[test]
fn several_fulfillment_parameters_are_merged_in_order() {
    let text = r#"{"Error":[
        {"error_description":"a","error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[{"type":"EMAIL"}]}}]},
        {"error_description":"b","error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[{"type":"DATE_OF_BIRTH"}],"all_fulfillment_fulfilled":[{"type":"PHONE_NUMBER"}]}}]}]}"#;
    let PutAnswer::NeedsFulfillments { parameter, errors } = PutAnswer::from_json(text).unwrap()
    else {
        panic!()
    };
    let types: Vec<&str> = parameter
        .rows()
        .map(|row| row.fulfillment_type.as_str())
        .collect();
    assert_eq!(types, ["EMAIL", "DATE_OF_BIRTH", "PHONE_NUMBER"]);
    assert_eq!(errors.len(), 2);
    let envelope = Envelope::from_json(text).unwrap();
    let Content::Error(errors) = envelope.content else {
        panic!()
    };
    assert!(matches!(
        errors[1].error_additional_parameter.as_deref(),
        Some([AdditionalParameter::Fulfillment(_)])
    ));
}

#[test]
fn a_number_where_a_status_belongs_names_the_field_and_position() {
    let text = answer_with_rows(json!([{"type": "EMAIL", "status": 5}]), "[]");
    let column = text.find(r#""status":5"#).unwrap() + r#""status":5"#.len();
    let error = PutAnswer::from_json(&text).unwrap_err();
    assert_eq!((error.line(), error.column()), (1, column));
    let (kind, path, message) = parse_error(&text);
    assert_eq!(kind, ParseErrorKind::Data);
    assert_eq!(path, format!("{PATH_TO_ROW}.status"));
    assert_eq!(
        message,
        format!(
            "invalid type: integer `5`, expected a fulfillment status string or null at `{PATH_TO_ROW}.status`, line 1 column {column}"
        )
    );
}

#[test]
fn wrong_types_elsewhere_name_their_field() {
    for (row, field, expected) in [
        (
            json!({"type": 7}),
            "type",
            "invalid type: integer `7`, expected a fulfillment type string",
        ),
        (
            json!({"type": "EMAIL", "id": -1}),
            "id",
            "invalid value: integer `-1`, expected an id (an integer from 0 to 18446744073709551615)",
        ),
        (
            json!({"type": "EMAIL", "all_status_allowed": "FULFILLED"}),
            "all_status_allowed",
            "invalid type: string \"FULFILLED\", expected a sequence of fulfillment statuses",
        ),
        (
            json!({"type": "EMAIL", "time_mandatory": "2025-08-13T14:45:18.621550"}),
            "time_mandatory",
            "timestamp \"2025-08-13T14:45:18.621550\" is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff",
        ),
        (
            json!({"type": "EMAIL", "time_mandatory": "2025-02-29 00:00:00.000000"}),
            "time_mandatory",
            "timestamp \"2025-02-29 00:00:00.000000\" has day 29 out of range",
        ),
    ] {
        let error = PutAnswer::from_json(&answer_with_rows(json!([row]), "[]")).unwrap_err();
        assert_eq!(error.kind(), ParseErrorKind::Data);
        assert_eq!(error.path(), format!("{PATH_TO_ROW}.{field}"));
        assert_eq!(error.message(), expected);
        assert_eq!(error.line(), 1);
    }
}

#[test]
fn a_row_without_a_type_is_refused() {
    let error =
        PutAnswer::from_json(&answer_with_rows(json!([{"status": null}]), "[]")).unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (ParseErrorKind::Data, PATH_TO_ROW)
    );
    assert_eq!(error.message(), "missing field `type`");
}

#[test]
fn truncated_input_is_an_end_of_file_error_with_its_position() {
    let cut = &SEED[..SEED.len() / 2];
    let error = PutAnswer::from_json(cut).unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Eof);
    assert_eq!(error.line(), cut.lines().count());
    assert!(
        error
            .path()
            .starts_with("Error[0].error_additional_parameter[0]"),
        "{}",
        error.path()
    );

    let (kind, path, message) = parse_error(r#"{"Error":["#);
    assert_eq!((kind, path.as_str()), (ParseErrorKind::Eof, "Error"));
    assert_eq!(
        message,
        "EOF while parsing a list at `Error`, line 1 column 10"
    );
}

#[test]
fn empty_and_non_json_input_are_errors_at_the_top() {
    assert_eq!(
        parse_error(""),
        (
            ParseErrorKind::Eof,
            ".".into(),
            "EOF while parsing a value at line 1 column 0".into()
        )
    );
    assert_eq!(
        parse_error("<html>bad gateway</html>"),
        (
            ParseErrorKind::Syntax,
            ".".into(),
            "expected value at line 1 column 1".into()
        )
    );
    assert_eq!(
        parse_error(r#"{"Response":[{"Id":{"id":1}}]} x"#),
        (
            ParseErrorKind::Syntax,
            ".".into(),
            "trailing characters at line 1 column 32".into()
        )
    );
}

#[test]
fn valid_json_of_the_wrong_shape_is_a_data_error_that_says_so() {
    for (text, message) in [
        (
            r#"{"Foo":1}"#,
            "no `Response`, `Error` or `NotificationUrl` member: not a body of bunq at line 1 column 9",
        ),
        (
            "{}",
            "no `Response`, `Error` or `NotificationUrl` member: not a body of bunq at line 1 column 2",
        ),
        (
            r#"{"Response":[{"Id":{"id":1}}],"Error":[]}"#,
            "a body holds one of `Response`, `Error` and `NotificationUrl`, not two at line 1 column 41",
        ),
        (
            r#"{"Error":[],"Error":[]}"#,
            "duplicate field `Error` at line 1 column 23",
        ),
        (
            r#"[{"Response":[]}]"#,
            "invalid type: sequence, expected a body of bunq: an object with `Response`, `Error` or `NotificationUrl` at line 1 column 0",
        ),
    ] {
        for (kind, _, got) in [parse_error(text), envelope_error(text)] {
            assert_eq!(
                (kind, got.as_str()),
                (ParseErrorKind::Data, message),
                "{text}"
            );
        }
    }
}

#[test]
fn other_top_level_members_are_kept_by_the_envelope_and_skipped_by_the_answer() {
    let text = r#"{"Response":[{"Id":{"id":260}}],"Pagination":{"future_url":null,"newer_url":"/v1/user/1/user-onboarding?newer_id=261","older_url":null,"extra":true},"Unmodelled":[1,{"a":null}]}"#;
    assert_eq!(
        PutAnswer::from_json(text).unwrap(),
        PutAnswer::Accepted { id: 260 }
    );
    let envelope = Envelope::from_json(text).unwrap();
    let pagination = envelope.pagination.as_ref().unwrap();
    assert_eq!(
        pagination.newer_url.as_deref(),
        Some("/v1/user/1/user-onboarding?newer_id=261")
    );
    assert_eq!(
        (
            pagination.future_url.as_deref(),
            pagination.members["extra"].as_bool()
        ),
        (None, Some(true))
    );
    assert_eq!(envelope.members["Unmodelled"], json!([1, {"a": null}]));
    assert_round_trip(text);
    assert_eq!(
        PutAnswer::try_from(envelope).unwrap(),
        PutAnswer::Accepted { id: 260 }
    );
    assert_eq!(
        envelope_error(r#"{"Error":[],"X":1,"X":2}"#).2,
        r#"duplicate field "X" at line 1 column 21"#
    );
}

#[test]
fn an_envelope_without_an_id_is_given_back_whole() {
    let envelope = Envelope::from_json(r#"{"Response":[{"Other":{}}],"Pagination":{}}"#).unwrap();
    let error = PutAnswer::try_from(envelope.clone()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "not an answer to the onboarding PUT: a `Response` without an `Id` object"
    );
    assert_eq!(error.0, envelope);
}

#[test]
fn an_object_that_is_no_envelope_is_refused() {
    assert_eq!(
        parse_error(r#"{"Response":5}"#).2,
        "invalid type: integer `5`, expected a list of objects holding an `Id` at `Response`, line 1 column 13"
    );
    assert_eq!(
        parse_error(r#"{"Response":[]}"#).2,
        "expected an `Id` object in the `Response` list at `Response`, line 1 column 14"
    );
    assert_eq!(
        parse_error(r#"{"Error":[{"error_additional_parameter":[{"A":1,"B":2}]}]}"#).2,
        "invalid length 2, expected an object with one key, its type name such as \
         `AdditionalFulfillmentParameter` at `Error[0].error_additional_parameter[0]`, line 1 column 51"
    );
}

#[test]
fn a_callback_is_an_envelope_but_no_answer_to_the_put() {
    let text = common::published_text("webhook-onboarding-updated.assembled.json");
    let error = PutAnswer::from_json(&text).unwrap_err();
    assert_eq!(
        (error.kind(), error.message()),
        (
            ParseErrorKind::Data,
            "a callback (`NotificationUrl`), not an answer to the onboarding PUT"
        )
    );
    let envelope = Envelope::from_json(&text).unwrap();
    assert!(matches!(envelope.content, Content::Callback(_)));
    assert_eq!(
        PutAnswer::try_from(envelope).unwrap_err().to_string(),
        "not an answer to the onboarding PUT: a callback"
    );
}
