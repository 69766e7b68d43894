//! bunq's timestamp: strict parsing, the exact errors, order, and Unix conversions.

use bunq_onboarding::{Timestamp, TimestampError};

#[track_caller]
fn error(text: &str) -> String {
    Timestamp::parse(text).unwrap_err().to_string()
}

#[test]
fn it_reads_and_writes_bunqs_format() {
    for text in [
        "2025-08-13 14:45:18.621550",
        "0001-01-01 00:00:00.000000",
        "9999-12-31 23:59:59.999999",
        "2024-02-29 12:00:00.000001",
        "2000-02-29 00:00:00.000000",
        "1969-12-31 23:59:59.999999",
    ] {
        assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
    }
}

#[test]
fn unix_microseconds_convert_both_ways() {
    let epoch = Timestamp::from_unix_micros(0).unwrap();
    assert_eq!(epoch.to_string(), "1970-01-01 00:00:00.000000");
    let before = Timestamp::from_unix_micros(-1).unwrap();
    assert_eq!(before.to_string(), "1969-12-31 23:59:59.999999");
    let seed = Timestamp::parse("2025-08-13 14:45:18.621550").unwrap();
    assert_eq!(seed.as_unix_micros(), 1_755_096_318_621_550);
    assert_eq!(Timestamp::from_unix_micros(seed.as_unix_micros()), Ok(seed));
}

#[test]
fn unix_time_outside_years_1_to_9999_is_refused() {
    let first = Timestamp::parse("0001-01-01 00:00:00.000000")
        .unwrap()
        .as_unix_micros();
    let last = Timestamp::parse("9999-12-31 23:59:59.999999")
        .unwrap()
        .as_unix_micros();
    assert!(Timestamp::from_unix_micros(first).is_ok());
    assert!(Timestamp::from_unix_micros(last).is_ok());
    for micros in [first - 1, last + 1, i64::MIN, i64::MAX] {
        assert_eq!(
            Timestamp::from_unix_micros(micros),
            Err(TimestampError::UnixOutOfRange { micros })
        );
    }
    assert_eq!(
        Timestamp::from_unix_micros(i64::MAX)
            .unwrap_err()
            .to_string(),
        "unix time 9223372036854775807 µs is outside the years 1 to 9999"
    );
}

#[test]
fn debug_shows_bunqs_format() {
    let t = Timestamp::parse("2025-08-13 14:45:18.621550").unwrap();
    assert_eq!(format!("{t:?}"), "Timestamp(2025-08-13 14:45:18.621550)");
}

#[test]
fn order_is_the_order_of_time() {
    let earlier = Timestamp::parse("2025-08-13 14:45:18.621550").unwrap();
    let later = Timestamp::parse("2025-08-13 14:45:18.621551").unwrap();
    let next_year = Timestamp::parse("2026-01-01 00:00:00.000000").unwrap();
    assert!(earlier < later && later < next_year);
}

#[test]
fn any_other_shape_is_a_format_error() {
    for text in [
        "",
        "2025-08-13",
        "2025-08-13T14:45:18.621550",
        "2025-08-13 14:45:18",
        "2025-08-13 14:45:18.62155",
        "2025-08-13 14:45:18.6215500",
        "2025-08-13 14:45:18.621550Z",
        " 2025-08-13 14:45:18.62155",
        "2025/08/13 14:45:18.621550",
        "+025-08-13 14:45:18.621550",
        "2025-08-13 14:45:18,621550",
        "2025-0８-13 14:45:18.621550",
    ] {
        assert_eq!(
            Timestamp::parse(text),
            Err(TimestampError::Format {
                input: text.to_owned()
            }),
            "{text:?}"
        );
    }
    assert_eq!(
        error("2025-08-13T14:45:18.621550"),
        "timestamp \"2025-08-13T14:45:18.621550\" is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff"
    );
}

#[test]
fn a_field_out_of_range_is_named() {
    assert_eq!(
        error("2025-13-01 00:00:00.000000"),
        "timestamp \"2025-13-01 00:00:00.000000\" has month 13 out of range"
    );
    assert_eq!(
        error("2025-00-01 00:00:00.000000"),
        "timestamp \"2025-00-01 00:00:00.000000\" has month 0 out of range"
    );
    assert_eq!(
        error("2025-02-30 00:00:00.000000"),
        "timestamp \"2025-02-30 00:00:00.000000\" has day 30 out of range"
    );
    assert_eq!(
        error("2025-02-29 00:00:00.000000"),
        "timestamp \"2025-02-29 00:00:00.000000\" has day 29 out of range"
    );
    assert_eq!(
        error("1900-02-29 00:00:00.000000"),
        "timestamp \"1900-02-29 00:00:00.000000\" has day 29 out of range"
    );
    assert_eq!(
        error("2025-04-31 00:00:00.000000"),
        "timestamp \"2025-04-31 00:00:00.000000\" has day 31 out of range"
    );
    assert_eq!(
        error("2025-01-00 00:00:00.000000"),
        "timestamp \"2025-01-00 00:00:00.000000\" has day 0 out of range"
    );
    assert_eq!(
        error("2025-01-01 24:00:00.000000"),
        "timestamp \"2025-01-01 24:00:00.000000\" has hour 24 out of range"
    );
    assert_eq!(
        error("2025-01-01 00:60:00.000000"),
        "timestamp \"2025-01-01 00:60:00.000000\" has minute 60 out of range"
    );
    assert_eq!(
        error("2025-01-01 00:00:60.000000"),
        "timestamp \"2025-01-01 00:00:60.000000\" has second 60 out of range"
    );
    assert_eq!(
        error("0000-01-01 00:00:00.000000"),
        "timestamp \"0000-01-01 00:00:00.000000\" has year 0 out of range"
    );
    assert_eq!(
        Timestamp::parse("2025-13-01 00:00:00.000000"),
        Err(TimestampError::OutOfRange {
            input: "2025-13-01 00:00:00.000000".to_owned(),
            field: "month",
            value: 13
        })
    );
}

#[test]
fn a_long_or_hostile_input_is_kept_whole_but_quoted_cut_and_escaped_in_the_message() {
    let long = "x".repeat(1_000_000);
    let error = Timestamp::parse(&long).unwrap_err();
    let TimestampError::Format { input } = &error else {
        panic!()
    };
    assert!(*input == long, "the input is kept whole");
    assert_eq!(
        error.to_string(),
        format!(
            "timestamp \"{}…\" is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff",
            "x".repeat(64)
        )
    );
    assert_eq!(
        Timestamp::parse("\u{1b}[2J").unwrap_err().to_string(),
        r#"timestamp "\u{1b}[2J" is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff"#
    );
}

#[test]
fn min_max_and_system_time_convert() {
    use std::time::{Duration, UNIX_EPOCH};
    assert_eq!(Timestamp::MIN.to_string(), "0001-01-01 00:00:00.000000");
    assert_eq!(Timestamp::MAX.to_string(), "9999-12-31 23:59:59.999999");
    assert!(Timestamp::MIN < Timestamp::MAX);
    let at = |micros: i64| Timestamp::from_unix_micros(micros).unwrap();
    assert_eq!(Timestamp::try_from(UNIX_EPOCH), Ok(at(0)));
    assert_eq!(
        Timestamp::try_from(UNIX_EPOCH + Duration::from_nanos(1_755_096_318_621_550_999)),
        Ok(at(1_755_096_318_621_550)),
        "nanoseconds are truncated"
    );
    assert_eq!(
        Timestamp::try_from(UNIX_EPOCH - Duration::from_micros(1)),
        Ok(at(-1)),
        "before 1970"
    );
    let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
    assert_eq!(
        Timestamp::try_from(far),
        Err(TimestampError::UnixOutOfRange {
            micros: 400_000_000_000_000_000
        })
    );
    let beyond_i64 = UNIX_EPOCH + Duration::from_secs(10_000_000_000_000);
    assert_eq!(
        Timestamp::try_from(beyond_i64),
        Err(TimestampError::SystemTimeOutOfRange(beyond_i64))
    );
}

#[test]
fn serde_reads_and_writes_the_string() {
    let t: Timestamp = serde_json::from_str(r#""2025-08-13 14:45:18.621550""#).unwrap();
    assert_eq!(
        serde_json::to_string(&t).unwrap(),
        r#""2025-08-13 14:45:18.621550""#
    );
    let escaped: Timestamp = serde_json::from_str(r#""2025-08-13 14:45:18.62155\u0030""#).unwrap();
    assert_eq!(escaped, t, "a string with escapes is read like a plain one");
    assert_eq!(
        serde_json::from_str::<Timestamp>("1755096318")
            .unwrap_err()
            .to_string(),
        "invalid type: integer `1755096318`, expected a timestamp string YYYY-MM-DD hh:mm:ss.ffffff at line 1 column 10"
    );
}
