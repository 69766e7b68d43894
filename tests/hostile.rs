//! Hostile input at every public entry point: each gets a typed error that names the field and the
//! position, or a documented lossless acceptance; nothing panics or overflows the stack.
#![cfg(feature = "json")]

mod common;

use bunq_onboarding::{Envelope, FulfillmentType, ParseErrorKind, PutAnswer, Timestamp};
use serde_json::{Value, json};

const ROW: &str =
    "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter.all_fulfillment[0]";

fn with_row(row: &str) -> String {
    format!(
        r#"{{"Error":[{{"error_description":"d","error_description_translated":"d","error_additional_parameter":[{{"AdditionalFulfillmentParameter":{{"all_fulfillment":[{row}],"all_fulfillment_fulfilled":[]}}}}]}}]}}"#
    )
}

#[track_caller]
fn refused(text: &str) -> (ParseErrorKind, String, String) {
    let error = PutAnswer::from_json(text).unwrap_err();
    let located = error.line() >= 1;
    assert!(located, "every error has a position: {error}");
    (
        error.kind(),
        error.path().to_owned(),
        error.message().to_owned(),
    )
}

/// Refused as data at `field` of the first row; the message.
#[track_caller]
fn refused_at_field(text: &str, field: &str) -> String {
    let (kind, path, message) = refused(text);
    assert_eq!(
        (kind, path),
        (ParseErrorKind::Data, format!("{ROW}.{field}"))
    );
    message
}

#[test]
fn json_nested_thousands_deep_is_an_error_not_a_stack_overflow() {
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(refused(&deep_array).0, ParseErrorKind::Syntax);
    let deep_object = format!("{}{}", r#"{"Error":"#.repeat(50_000), "}".repeat(50_000));
    assert_eq!(refused(&deep_object).0, ParseErrorKind::Data);

    // Inside an object the crate keeps as it is, serde_json's limit of 128 levels applies.
    let deep_kept = format!(
        r#"{{"Error":[{{"error_additional_parameter":[{{"Unknown":{}{}}}]}}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (kind, path, message) = refused(&deep_kept);
    assert_eq!(
        (kind, message.as_str()),
        (ParseErrorKind::Syntax, "recursion limit exceeded")
    );
    assert!(path.starts_with("Error[0].error_additional_parameter[0].Unknown[0][0]"));
    assert!(Envelope::from_json(&deep_kept).is_err());

    // 120 levels are within the limit and kept exactly.
    let nested = format!(
        r#"{{"Error":[{{"error_description":"d","error_description_translated":"d","error_additional_parameter":[{{"Unknown":{}1{}}}]}}]}}"#,
        "[".repeat(120),
        "]".repeat(120)
    );
    let envelope = Envelope::from_json(&nested).unwrap();
    assert_eq!(
        serde_json::to_value(envelope).unwrap(),
        serde_json::from_str::<Value>(&nested).unwrap()
    );
}

#[test]
fn very_long_strings_are_kept_exactly() {
    let reason = "é".repeat(5_000_000);
    let text = with_row(&format!(
        r#"{{"type":"{}","reason":"{reason}"}}"#,
        "X".repeat(1_000_000)
    ));
    let PutAnswer::NeedsFulfillments { parameter, .. } = PutAnswer::from_json(&text).unwrap()
    else {
        panic!()
    };
    let row = &parameter.all_fulfillment[0];
    assert_eq!(row.reason, reason);
    assert_eq!(
        row.fulfillment_type,
        FulfillmentType::new(&"X".repeat(1_000_000))
    );
    assert!(!row.fulfillment_type.is_known());
}

#[test]
fn a_very_long_timestamp_is_refused_and_quoted_short() {
    let text = with_row(&format!(
        r#"{{"type":"EMAIL","time_mandatory":"{}"}}"#,
        "9".repeat(1_000_000)
    ));
    let message = refused_at_field(&text, "time_mandatory");
    assert_eq!(
        message,
        format!(
            "timestamp \"{}…\" is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff",
            "9".repeat(64)
        )
    );
}

#[test]
fn ids_that_overflow_are_negative_or_not_integers_are_refused() {
    for (id, message) in [
        (
            "18446744073709551616",
            "invalid type: floating point `1.8446744073709552e+19`, expected u64",
        ),
        ("-1", "invalid value: integer `-1`, expected u64"),
        ("1.5", "invalid type: floating point `1.5`, expected u64"),
        ("\"3573\"", "invalid type: string \"3573\", expected u64"),
        ("1e3", "invalid type: floating point `1000.0`, expected u64"),
    ] {
        for field in ["id", "user_id"] {
            let (kind, path, got) =
                refused(&with_row(&format!(r#"{{"type":"EMAIL","{field}":{id}}}"#)));
            assert_eq!(
                (kind, path.as_str()),
                (ParseErrorKind::Data, format!("{ROW}.{field}").as_str())
            );
            assert_eq!(got, message, "{field} = {id}");
        }
    }
    let (_, path, message) = refused(r#"{"Response":[{"Id":{"id":-260}}]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "Response[0].Id.id",
            "invalid value: integer `-260`, expected u64"
        )
    );
    let max = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":18446744073709551615}}]}"#).unwrap();
    assert_eq!(
        max,
        PutAnswer::Accepted { id: u64::MAX },
        "the largest id is accepted"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let (kind, path, message) = refused(&with_row(r#"{"type":"EMAIL","type":"DATE_OF_BIRTH"}"#));
    assert_eq!(
        (kind, path.as_str(), message.as_str()),
        (ParseErrorKind::Data, ROW, "duplicate field `type`")
    );
    let (_, path, message) = refused(
        r#"{"Error":[{"error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[],"all_fulfillment":[]}}]}]}"#,
    );
    assert_eq!(
        path,
        "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter"
    );
    assert_eq!(message, "duplicate field `all_fulfillment`");
    // A second envelope key: the envelope is one key.
    assert_eq!(
        refused(r#"{"Error":[],"Error":[]}"#).0,
        ParseErrorKind::Syntax
    );
}

#[test]
fn a_number_where_a_string_belongs_is_refused_with_its_field() {
    for (field, path) in [
        ("reason", format!("{ROW}.reason")),
        ("reason_translated", format!("{ROW}.reason_translated")),
        ("created_timestamp", format!("{ROW}.created_timestamp")),
    ] {
        let (kind, got, _) = refused(&with_row(&format!(r#"{{"type":"EMAIL","{field}":5}}"#)));
        assert_eq!((kind, got), (ParseErrorKind::Data, path));
    }
    let (_, path, message) = refused(r#"{"Error":[{"error_description":5}]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "Error[0].error_description",
            "invalid type: integer `5`, expected a string"
        )
    );
}

#[test]
fn bytes_that_are_not_utf8_are_refused_where_they_stand() {
    let error =
        PutAnswer::from_slice(b"{\"Error\":[{\"error_description\":\"\xff\xfe\"}]}").unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Syntax);
    assert_eq!(error.path(), "Error[0].error_description");
    assert_eq!(
        error.to_string(),
        "invalid unicode code point at `Error[0].error_description`, line 1 column 33"
    );
    assert!(Envelope::from_slice(b"\xff").is_err());
    let seed = PutAnswer::from_slice(common::SEED.as_bytes()).unwrap();
    assert_eq!(
        seed,
        PutAnswer::from_json(common::SEED).unwrap(),
        "bytes and text read alike"
    );
}

#[test]
fn escapes_are_decoded_and_invalid_ones_refused() {
    let answer =
        PutAnswer::from_json(r#"{"Error":[{"error_description":"a\u0000b \u00e9 \ud83d\ude00"}]}"#)
            .unwrap();
    let PutAnswer::Rejected { errors } = answer else {
        panic!()
    };
    assert_eq!(errors[0].description, "a\u{0}b é 😀");
    let (kind, path, message) = refused(r#"{"Error":[{"error_description":"\ud800"}]}"#);
    assert_eq!(
        (kind, path.as_str()),
        (ParseErrorKind::Syntax, "Error[0].error_description")
    );
    assert_eq!(message, "unexpected end of hex escape");
}

#[test]
fn timestamps_out_of_range_name_the_field_and_position() {
    for (timestamp, problem) in [
        ("2025-13-01 00:00:00.000000", "month 13"),
        ("2025-01-01 24:00:00.000000", "hour 24"),
        ("2024-02-30 00:00:00.000000", "day 30"),
        ("0000-01-01 00:00:00.000000", "year 0"),
        ("2025-01-01 00:00:60.000000", "second 60"),
    ] {
        let text = with_row(&format!(
            r#"{{"type":"EMAIL","updated_timestamp":"{timestamp}"}}"#
        ));
        let message = refused_at_field(&text, "updated_timestamp");
        assert_eq!(
            message,
            format!("timestamp \"{timestamp}\" has {problem} out of range")
        );
        assert!(Timestamp::parse(timestamp).is_err());
    }
}

#[test]
fn empty_and_blank_input_is_an_end_of_file_error() {
    for text in ["", " ", "\n\t "] {
        let error = PutAnswer::from_json(text).unwrap_err();
        assert_eq!(
            (error.kind(), error.message()),
            (ParseErrorKind::Eof, "EOF while parsing a value")
        );
    }
    assert_eq!(
        PutAnswer::from_slice(b"").unwrap_err().kind(),
        ParseErrorKind::Eof
    );
    assert!(Timestamp::parse("").is_err());
}

#[test]
fn a_byte_order_mark_is_refused_at_the_first_column() {
    let error = PutAnswer::from_json("\u{feff}{\"Response\":[{\"Id\":{\"id\":1}}]}").unwrap_err();
    assert_eq!(
        (error.kind(), error.line(), error.column()),
        (ParseErrorKind::Syntax, 1, 1)
    );
}

#[test]
fn wrong_shapes_anywhere_in_the_seed_are_refused_not_panicked() {
    let seed: Value = serde_json::from_str(common::SEED).unwrap();
    let parameter = "/Error/0/error_additional_parameter/0/AdditionalFulfillmentParameter";
    let paths = [
        "/Error".to_owned(),
        "/Error/0/error_additional_parameter".to_owned(),
        format!("{parameter}/all_fulfillment"),
        format!("{parameter}/all_fulfillment/0/all_status_allowed"),
    ];
    for path in &paths {
        for replacement in [
            json!(null),
            json!(true),
            json!(7),
            json!("x"),
            json!({}),
            json!([[]]),
        ] {
            let mut damaged = seed.clone();
            *damaged.pointer_mut(path).unwrap() = replacement.clone();
            // Either read (null and empty shapes are documented as empty) or refused with a position.
            if let Err(error) = PutAnswer::from_json(&damaged.to_string()) {
                assert!(error.line() >= 1, "{path} = {replacement}: {error}");
            }
        }
    }
}
