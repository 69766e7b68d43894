//! Hostile input at every public entry point: each gets a typed error that names the field and the
//! position, or a documented lossless acceptance; nothing panics or overflows the stack. Every
//! input that is accepted is also rendered, as the table and as JSON: printing is an entry point
//! too, and must be safe on a terminal whatever bunq's text holds.
#![cfg(feature = "json")]

mod common;

use bunq_onboarding::report::Summary;
use bunq_onboarding::wire::ParseErrorKind;
use bunq_onboarding::{Envelope, FulfillmentType, PutAnswer, Report, Timestamp};
use common::{PATH_TO_ROW, SEED, answer_with_rows, ts};
use serde_json::{Value, json};

const NOW: &str = "2025-08-13 14:45:18.621550";

/// An answer whose `all_fulfillment` is the one row `row` (JSON text).
fn with_row(row: &str) -> String {
    answer_with_rows(format!("[{row}]"), "[]")
}

/// Reads an answer that must be accepted, and renders it both ways: the table holds no character
/// that acts on a terminal, and the JSON reads back as the report's [`Summary`].
#[track_caller]
fn accepted(text: &str) -> PutAnswer {
    let answer = PutAnswer::from_json(text).unwrap();
    let report = Report::new(&answer, ts(NOW));
    assert_terminal_safe(&report.to_string());
    let json = serde_json::to_string(&report).unwrap();
    assert_eq!(
        serde_json::from_str::<Summary>(&json).unwrap(),
        report.summary()
    );
    answer
}

/// No control character but the line break, no bidi override, no invisible format character.
#[track_caller]
fn assert_terminal_safe(table: &str) {
    let unsafe_char = table.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    });
    assert_eq!(unsafe_char, None, "the table prints a raw {unsafe_char:?}");
}

#[track_caller]
fn refused(text: &str) -> (ParseErrorKind, String, String) {
    let error = PutAnswer::from_json(text).unwrap_err();
    common::assert_position_within(text, &error);
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
        (ParseErrorKind::Data, format!("{PATH_TO_ROW}.{field}"))
    );
    message
}

#[test]
fn json_nested_thousands_deep_is_an_error_not_a_stack_overflow() {
    // Not an object at the top: refused before descending.
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(refused(&deep_array).0, ParseErrorKind::Data);
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
    accepted(&nested);
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
    let PutAnswer::NeedsFulfillments { parameter, .. } = accepted(&text) else {
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
fn ids_that_overflow_are_negative_or_not_integers_are_refused_with_a_clear_message() {
    const EXPECTED: &str = "expected an id (an integer from 0 to 18446744073709551615)";
    for (id, message) in [
        (
            "18446744073709551616",
            "invalid value: a number above 18446744073709551615, the largest id".to_owned(),
        ),
        (
            "99999999999999999999999",
            "invalid value: a number above 18446744073709551615, the largest id".to_owned(),
        ),
        ("-1", format!("invalid value: integer `-1`, {EXPECTED}")),
        (
            "-99999999999999999999",
            format!("invalid value: floating point `-1e+20`, {EXPECTED}"),
        ),
        (
            "1.5",
            format!("invalid type: floating point `1.5`, {EXPECTED}"),
        ),
        (
            "0.0",
            format!("invalid type: floating point `0.0`, {EXPECTED}"),
        ),
        (
            "\"3573\"",
            format!("invalid type: string \"3573\", {EXPECTED}"),
        ),
        (
            "1e3",
            format!("invalid type: floating point `1000.0`, {EXPECTED}"),
        ),
    ] {
        for field in ["id", "user_id"] {
            let (kind, path, got) =
                refused(&with_row(&format!(r#"{{"type":"EMAIL","{field}":{id}}}"#)));
            assert_eq!(
                (kind, path.as_str()),
                (
                    ParseErrorKind::Data,
                    format!("{PATH_TO_ROW}.{field}").as_str()
                )
            );
            assert_eq!(got, message, "{field} = {id}");
        }
    }
    let (_, path, message) = refused(r#"{"Response":[{"Id":{"id":-260}}]}"#);
    assert_eq!(
        (path.as_str(), message.as_str()),
        (
            "Response[0].Id.id",
            format!("invalid value: integer `-260`, {EXPECTED}").as_str()
        )
    );
    let max = accepted(r#"{"Response":[{"Id":{"id":18446744073709551615}}]}"#);
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
        (ParseErrorKind::Data, PATH_TO_ROW, "duplicate field `type`")
    );
    let (_, path, message) = refused(
        r#"{"Error":[{"error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[],"all_fulfillment":[]}}]}]}"#,
    );
    assert_eq!(
        path,
        "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter"
    );
    assert_eq!(message, "duplicate field `all_fulfillment`");
    let (kind, _, message) = refused(r#"{"Error":[],"Error":[]}"#);
    assert_eq!(
        (kind, message.as_str()),
        (ParseErrorKind::Data, "duplicate field `Error`")
    );
}

#[test]
fn a_number_where_a_string_belongs_is_refused_with_its_field() {
    for (field, path) in [
        ("reason", format!("{PATH_TO_ROW}.reason")),
        (
            "reason_translated",
            format!("{PATH_TO_ROW}.reason_translated"),
        ),
        (
            "created_timestamp",
            format!("{PATH_TO_ROW}.created_timestamp"),
        ),
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
    let seed = PutAnswer::from_slice(SEED.as_bytes()).unwrap();
    assert_eq!(seed, accepted(SEED), "bytes and text read alike");
}

#[test]
fn escapes_are_decoded_and_lone_surrogates_refused_as_data_with_a_clear_message() {
    let answer =
        accepted(r#"{"Error":[{"error_description":"a\u0000b \u00e9 \ud83d\ude00 \u001b[2J"}]}"#);
    let PutAnswer::Rejected { errors } = answer else {
        panic!()
    };
    assert_eq!(errors[0].description, "a\u{0}b é 😀 \u{1b}[2J");
    for (escape, shown) in [
        (r"\ud800", r"\ud800"),
        (r"\uDBFF\u0041", r"\udbff"),
        (r"\udc00", r"\udc00"),
        (r"x\ud83d", r"\ud83d"),
    ] {
        for error in [
            PutAnswer::from_json(&format!(
                r#"{{"Error":[{{"error_description":"{escape}"}}]}}"#
            ))
            .unwrap_err(),
            PutAnswer::from_slice(
                format!(r#"{{"Error":[{{"error_description":"{escape}"}}]}}"#).as_bytes(),
            )
            .unwrap_err(),
        ] {
            assert_eq!(
                (error.kind(), error.path()),
                (ParseErrorKind::Data, "Error[0].error_description")
            );
            assert_eq!(
                error.message(),
                format!(
                    "lone surrogate `{shown}` in a string: an escape of half a UTF-16 pair is not Unicode text"
                )
            );
        }
    }
    // A broken escape that is no surrogate is still not JSON.
    let (kind, _, message) = refused(r#"{"Error":[{"error_description":"\u12"}]}"#);
    assert_eq!(
        (kind, message.as_str()),
        (ParseErrorKind::Syntax, "invalid escape")
    );
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
fn wrong_shapes_anywhere_in_the_seed_are_read_as_documented_or_refused_as_data() {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let parameter = "/Error/0/error_additional_parameter/0/AdditionalFulfillmentParameter";
    // For each place: whether `null` there reads (as an absent or empty list); every other
    // wrong shape is refused as data at that place.
    let places = [
        ("/Error".to_owned(), "Error", false),
        (
            "/Error/0/error_additional_parameter".to_owned(),
            "Error[0].error_additional_parameter",
            true,
        ),
        (
            format!("{parameter}/all_fulfillment"),
            "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter.all_fulfillment",
            true,
        ),
        (
            format!("{parameter}/all_fulfillment/0/all_status_allowed"),
            "Error[0].error_additional_parameter[0].AdditionalFulfillmentParameter.all_fulfillment[0].all_status_allowed",
            true,
        ),
    ];
    for (pointer, path, null_reads) in &places {
        for replacement in [
            json!(null),
            json!(true),
            json!(7),
            json!("x"),
            json!({}),
            json!([[]]),
        ] {
            let mut damaged = seed.clone();
            *damaged.pointer_mut(pointer).unwrap() = replacement.clone();
            let text = damaged.to_string();
            if replacement.is_null() && *null_reads {
                accepted(&text);
                continue;
            }
            let (kind, got, _) = refused(&text);
            assert_eq!(kind, ParseErrorKind::Data, "{pointer} = {replacement}");
            assert!(
                got.starts_with(path),
                "{pointer} = {replacement}: refused at {got}"
            );
        }
    }
}

#[test]
fn a_cell_longer_than_65535_characters_is_cut_not_a_panic() {
    let long = "R".repeat(70_000);
    let text = answer_with_rows(
        json!([{"type": long, "status": long, "reason": long, "all_status_allowed": [long, long]}]),
        "[]",
    );
    assert!(text.len() > 66_000);
    let answer = accepted(&text);
    let table = Report::new(&answer, ts(NOW)).to_string();
    let row = table.lines().nth(4).unwrap();
    assert!(row.len() < 500, "cells are cut: {} bytes", row.len());
    assert!(
        row.starts_with(&format!("{}…  satisfied", "R".repeat(79))),
        "{row}"
    );
}

#[test]
fn control_characters_escapes_and_bidi_overrides_are_shown_escaped() {
    let text = answer_with_rows(
        json!([{
            "type": "EMAIL\u{1b}[31m",
            "status": "IN_\u{202e}PROGRESS",
            "reason": "line one\nline two\r\u{7}\u{1b}]0;title\u{7}\u{2066}x\u{2069}\u{200b}",
            "all_status_allowed": ["FULFILLED\t"],
        }]),
        "[]",
    );
    let answer = accepted(&text);
    let table = Report::new(&answer, ts(NOW)).to_string();
    let row = table.lines().nth(4).unwrap();
    assert_eq!(
        row,
        r#""EMAIL\u{1b}[31m"  blocking  "IN_\u{202e}PROGRESS"  "FULFILLED\t"  -         line one\nline two\r\u{7}\u{1b}]0;title\u{7}\u{2066}x\u{2069}\u{200b}"#
    );
    let rejected = accepted(r#"{"Error":[{"error_description":"bad\u001b[2J\nthing"}]}"#);
    assert_eq!(
        Report::new(&rejected, ts(NOW)).to_string(),
        "outcome: rejected\nbunq: bad\\u{1b}[2J\\nthing\naction required: NONE"
    );
}

#[test]
fn a_type_a_type_with_a_trailing_space_and_the_empty_type_are_told_apart() {
    let text = answer_with_rows(
        json!([
            {"type": "EMAIL", "all_status_allowed": ["FULFILLED"]},
            {"type": "EMAIL ", "all_status_allowed": ["FULFILLED"]},
            {"type": "", "all_status_allowed": ["FULFILLED"]},
            {"type": "\"EMAIL\"", "all_status_allowed": ["FULFILLED"]},
        ]),
        "[]",
    );
    let answer = accepted(&text);
    let table = Report::new(&answer, ts(NOW)).to_string();
    let types: Vec<&str> = table
        .lines()
        .skip(4)
        .take(4)
        .map(|line| line.split("  ").next().unwrap())
        .collect();
    assert_eq!(types, ["EMAIL", "\"EMAIL \"", "\"\"", r#""\"EMAIL\"""#]);
}

#[test]
fn wide_characters_line_up_by_display_columns() {
    let text = answer_with_rows(
        json!([
            {"type": "日本語の種類", "all_status_allowed": ["FULFILLED"]},
            {"type": "🙂🙂", "all_status_allowed": ["FULFILLED"]},
            {"type": "EMAIL", "all_status_allowed": ["FULFILLED"]},
        ]),
        "[]",
    );
    let answer = accepted(&text);
    let table = Report::new(&answer, ts(NOW)).to_string();
    // The CLASS column starts at the same display column on every line: after 12 columns of
    // type (6 CJK characters) and two spaces.
    let lines: Vec<&str> = table.lines().skip(3).take(4).collect();
    assert_eq!(
        lines[0],
        "TYPE          CLASS     STATUS       SATISFIED BY  DEADLINE  REASON"
    );
    assert_eq!(
        lines[1],
        "日本語の種類  blocking  not started  FULFILLED     -"
    );
    assert_eq!(
        lines[2],
        "🙂🙂          blocking  not started  FULFILLED     -"
    );
    assert_eq!(
        lines[3],
        "EMAIL         blocking  not started  FULFILLED     -"
    );
}
