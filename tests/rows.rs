//! The hand-written reading of fulfillment rows (it shares repeated reasons) agrees with the
//! plain derived reading it replaces: same rows, same errors at the same places, on any object.

use bunq_onboarding::ids::UserId;
use bunq_onboarding::rules::AllowedStatuses;
use bunq_onboarding::{
    AdditionalFulfillmentParameter, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp,
};
use proptest::prelude::*;
use serde::{Deserialize, Deserializer};

mod common;

/// The row as serde derives it: the oracle.
#[derive(Debug, Deserialize)]
struct PlainRow {
    #[serde(rename = "type")]
    fulfillment_type: FulfillmentType,
    status: Option<FulfillmentStatus>,
    time_mandatory: Option<Timestamp>,
    #[serde(default, deserialize_with = "null_as_empty")]
    all_status_allowed: AllowedStatuses,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    reason_translated: String,
    #[serde(default)]
    user_id: Option<UserId>,
    /// Read as ids are.
    #[serde(default)]
    id: Option<UserId>,
    created_timestamp: Option<Timestamp>,
    updated_timestamp: Option<Timestamp>,
}

#[derive(Debug, Deserialize)]
struct PlainParameter {
    #[serde(default, deserialize_with = "null_as_empty")]
    all_fulfillment: Vec<PlainRow>,
    #[serde(default, deserialize_with = "null_as_empty")]
    all_fulfillment_fulfilled: Vec<PlainRow>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn same_row(row: &Fulfillment, plain: &PlainRow) -> bool {
    row.fulfillment_type == plain.fulfillment_type
        && row.status == plain.status
        && row.time_mandatory == plain.time_mandatory
        && row.all_status_allowed == plain.all_status_allowed
        && row.reason == plain.reason
        && row.reason_translated == plain.reason_translated
        && row.user_id == plain.user_id
        && row.id == plain.id.map(u64::from)
        && row.created_timestamp == plain.created_timestamp
        && row.updated_timestamp == plain.updated_timestamp
}

/// Any JSON value a row's member might hold, right or wrong.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just(r#""EMAIL""#.to_owned()),
        Just(r#""FULFILLED""#.to_owned()),
        Just(r#""So we know where to send your card.""#.to_owned()),
        Just(r#""""#.to_owned()),
        Just(r#""2025-08-13 14:45:18.621550""#.to_owned()),
        Just(r#""2025-02-30 14:45:18.621550""#.to_owned()),
        Just(r#"["FULFILLED","IN_PROGRESS"]"#.to_owned()),
        Just(r#"["MADE_UP_STATUS"]"#.to_owned()),
        Just("[1]".to_owned()),
        Just("{}".to_owned()),
        Just("true".to_owned()),
        Just("-4".to_owned()),
        Just("1.5".to_owned()),
        Just("18446744073709551616".to_owned()),
        (0..u64::MAX).prop_map(|n| n.to_string()),
        ".{0,8}".prop_map(|text| serde_json::to_string(&text).unwrap()),
    ]
}

/// A JSON object of members bunq's rows have (and some they do not), any of them missing,
/// repeated, or of the wrong type, on one line or several.
fn row_object() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "type",
        "reason",
        "reason_translated",
        "user_id",
        "status",
        "time_mandatory",
        "all_status_allowed",
        "id",
        "created_timestamp",
        "updated_timestamp",
        "made_up_field",
        // Names as long as bunq's, and as the reading tells them apart, but not bunq's.
        "ix",
        "rxason",
        "statux",
        "rxason_translated",
        "cxeated_timestamp",
        "uxdated_timestamp",
    ]);
    (prop::collection::vec((name, value()), 0..14), any::<bool>()).prop_map(|(members, pretty)| {
        let separator = if pretty { ",\n  " } else { "," };
        let members: Vec<String> = members
            .into_iter()
            .map(|(name, value)| format!("\"{name}\":{value}"))
            .collect();
        format!("{{{}}}", members.join(separator))
    })
}

/// A row that reads: its type first, then members that may repeat reasons of other rows.
fn valid_row() -> impl Strategy<Value = String> {
    let reason = prop::sample::select(vec!["", "Let's make this account truly yours.", "é\\n"]);
    (reason.clone(), reason, any::<bool>()).prop_map(|(reason, translated, status)| {
        let status = if status { r#""FULFILLED""# } else { "null" };
        format!(
            r#"{{"type":"EMAIL","reason":"{reason}","reason_translated":"{translated}","status":{status},"all_status_allowed":["FULFILLED"]}}"#
        )
    })
}

proptest! {
    #![proptest_config(common::proptest_config(512, "proptest-regressions/rows.txt"))]

    #[test]
    fn a_row_reads_as_the_derived_reading_does(text in row_object()) {
        let row = serde_json::from_str::<Fulfillment>(&text);
        let plain = serde_json::from_str::<PlainRow>(&text);
        match (&row, &plain) {
            (Ok(row), Ok(plain)) => prop_assert!(same_row(row, plain), "{row:?} {plain:?}"),
            (Err(error), Err(plain_error)) => {
                prop_assert_eq!(error.to_string(), plain_error.to_string());
            }
            _ => prop_assert!(false, "{:?} against {:?} for {}", row, plain, text),
        }
    }

    #[test]
    fn lists_of_rows_read_as_the_derived_reading_does(
        required in prop::collection::vec(prop_oneof![valid_row(), row_object()], 0..6),
        fulfilled in prop::option::of(prop::collection::vec(valid_row(), 0..6)),
    ) {
        let fulfilled = fulfilled.map_or("null".to_owned(), |rows| format!("[{}]", rows.join(",")));
        let text = format!(
            r#"{{"all_fulfillment":[{}],"all_fulfillment_fulfilled":{fulfilled}}}"#,
            required.join(",")
        );
        let parameter = serde_json::from_str::<AdditionalFulfillmentParameter>(&text);
        let plain = serde_json::from_str::<PlainParameter>(&text);
        match (&parameter, &plain) {
            (Ok(parameter), Ok(plain)) => {
                prop_assert_eq!(parameter.all_fulfillment.len(), plain.all_fulfillment.len());
                prop_assert_eq!(parameter.all_fulfillment_fulfilled.len(), plain.all_fulfillment_fulfilled.len());
                let pairs = parameter.all_fulfillment.iter().zip(&plain.all_fulfillment)
                    .chain(parameter.all_fulfillment_fulfilled.iter().zip(&plain.all_fulfillment_fulfilled));
                for (row, plain) in pairs {
                    prop_assert!(same_row(row, plain), "{row:?} {plain:?}");
                }
            }
            (Err(error), Err(plain_error)) => {
                prop_assert_eq!(error.to_string(), plain_error.to_string());
            }
            _ => prop_assert!(false, "{:?} against {:?} for {}", parameter, plain, text),
        }
    }
}

#[test]
fn rows_of_one_list_share_the_reasons_they_repeat() {
    let row = r#"{"type":"EMAIL","reason":"Get notified instantly on important matters.","reason_translated":"Get notified instantly on important matters."}"#;
    let text = format!(r#"{{"all_fulfillment":[{row},{row}]}}"#);
    let parameter: AdditionalFulfillmentParameter = serde_json::from_str(&text).unwrap();
    let [first, second] = &parameter.all_fulfillment[..] else {
        panic!("{parameter:?}")
    };
    assert!(first.reason.shares_with(&first.reason_translated));
    assert!(first.reason.shares_with(&second.reason));
    assert!(first.reason.shares_with(&second.reason_translated));
}

#[test]
fn a_list_or_a_row_of_another_kind_says_what_was_expected() {
    let error = |text: &str| {
        serde_json::from_str::<AdditionalFulfillmentParameter>(text)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error(r#"{"all_fulfillment":7}"#),
        "invalid type: integer `7`, expected a sequence of fulfillment rows at line 1 column 20"
    );
    assert_eq!(
        error(r#"{"all_fulfillment":[7]}"#),
        "invalid type: integer `7`, expected struct Fulfillment at line 1 column 21"
    );
}
