//! The open vocabularies: one wire spelling per value, shared by every conversion, and unknown
//! text kept exactly.

mod common;

use std::collections::HashSet;
use std::fmt::{Debug, Display};
use std::str::FromStr;

use bunq_onboarding::vocabulary::{ActionRequired, OnboardingType, UserStatus, VerificationStatus};
use bunq_onboarding::wire::{CreateOnboarding, UpdateOnboarding};
use bunq_onboarding::{FulfillmentStatus, FulfillmentType};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Walks every known value of a vocabulary through `as_str`, `Display`, `FromStr`, `From<&str>`,
/// serde and the string comparisons, and checks the spellings are exactly `expected`.
#[track_caller]
fn check_vocabulary<T>(
    known: impl Iterator<Item = T>,
    expected: &[&'static str],
    as_str: fn(&T) -> &str,
    is_known: fn(&T) -> bool,
) where
    T: Clone
        + Debug
        + Display
        + PartialEq
        + Eq
        + std::hash::Hash
        + FromStr
        + for<'a> From<&'a str>
        + Serialize
        + DeserializeOwned
        + PartialEq<&'static str>,
    <T as FromStr>::Err: Debug,
{
    let known: Vec<T> = known.collect();
    let spellings: Vec<&str> = known.iter().map(as_str).collect();
    assert_eq!(spellings, expected);
    assert_eq!(known.iter().collect::<HashSet<_>>().len(), known.len());
    for (value, spelling) in known.iter().zip(expected) {
        assert!(is_known(value));
        assert_eq!(value.to_string(), *spelling);
        assert_eq!(&T::from_str(spelling).unwrap(), value);
        assert_eq!(&T::from(*spelling), value);
        assert_eq!(value, spelling);
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(json, format!("\"{spelling}\""));
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value);
    }
    let unknown = T::from("SOMETHING_NEW");
    assert!(!is_known(&unknown));
    assert_eq!(as_str(&unknown), "SOMETHING_NEW");
    assert!(!known.contains(&unknown));
    assert_eq!(
        serde_json::to_string(&unknown).unwrap(),
        "\"SOMETHING_NEW\""
    );
    // Case matters on the wire: a near miss is unknown text, not a known value.
    let lower = T::from(expected[0].to_lowercase().as_str());
    assert!(!is_known(&lower));
}

#[test]
fn fulfillment_types() {
    check_vocabulary(
        FulfillmentType::known(),
        &[
            "ADDRESS_MAIN",
            "ADDRESS_POSTAL",
            "DATE_OF_BIRTH",
            "EMAIL",
            "PHONE_NUMBER",
            "IDENTIFICATION_VERIFICATION",
        ],
        FulfillmentType::as_str,
        FulfillmentType::is_known,
    );
}

#[test]
fn fulfillment_statuses() {
    check_vocabulary(
        FulfillmentStatus::known(),
        &["IN_PROGRESS", "FULFILLED"],
        FulfillmentStatus::as_str,
        FulfillmentStatus::is_known,
    );
}

#[test]
fn user_statuses() {
    check_vocabulary(
        UserStatus::known(),
        &[
            "ACTIVE", "BLOCKED", "SIGNUP", "RECOVERY", "DENIED", "ABORTED",
        ],
        UserStatus::as_str,
        UserStatus::is_known,
    );
}

#[test]
fn verification_statuses() {
    check_vocabulary(
        VerificationStatus::known(),
        &["VERIFIED"],
        VerificationStatus::as_str,
        VerificationStatus::is_known,
    );
}

#[test]
fn actions_required() {
    check_vocabulary(
        ActionRequired::known(),
        &["NONE", "USER", "SYSTEM"],
        ActionRequired::as_str,
        ActionRequired::is_known,
    );
}

#[test]
fn onboarding_types() {
    check_vocabulary(
        OnboardingType::known(),
        &["PARTNER_USER"],
        OnboardingType::as_str,
        OnboardingType::is_known,
    );
}

#[test]
fn consts_match_in_patterns_and_unknown_text_falls_through() {
    fn describe(status: &FulfillmentStatus) -> &'static str {
        match *status {
            FulfillmentStatus::FULFILLED => "done",
            FulfillmentStatus::IN_PROGRESS => "in review",
            _ => "unknown",
        }
    }
    assert_eq!(describe(&FulfillmentStatus::new("FULFILLED")), "done");
    assert_eq!(
        describe(&FulfillmentStatus::new("IN_PROGRESS")),
        "in review"
    );
    assert_eq!(
        describe(&FulfillmentStatus::new("OTHER_MADE_UP_STATUS")),
        "unknown"
    );
}

#[test]
fn comparisons_with_str_work_both_ways_and_debug_shows_the_spelling() {
    let email = FulfillmentType::EMAIL;
    // Each direction is its own impl, so each is checked on its own.
    assert!(email == "EMAIL");
    assert!("EMAIL" == email);
    assert!(*"EMAIL" == email);
    assert!(email == *"EMAIL");
    assert!(email != "email");
    assert_eq!(format!("{email:?}"), r#"FulfillmentType("EMAIL")"#);
    assert_eq!(
        format!("{:?}", FulfillmentType::new("X")),
        r#"FulfillmentType("X")"#
    );
    assert_eq!(email.as_ref(), "EMAIL");
}

#[test]
fn unknown_text_is_kept_byte_for_byte() {
    for text in [
        "",
        " ",
        "tax_residency",
        "OTHER_MADE_UP_TYPE\n",
        "ÉÑ😀",
        "\u{0}",
    ] {
        let value = FulfillmentType::new(text);
        assert!(!value.is_known());
        assert_eq!(value.as_str(), text);
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(
            serde_json::from_str::<FulfillmentType>(&json).unwrap(),
            value
        );
    }
}

#[test]
fn the_request_bodies_are_bunqs() {
    assert_eq!(
        serde_json::to_string(&CreateOnboarding::default()).unwrap(),
        r#"{"type":"PARTNER_USER"}"#
    );
    assert_eq!(
        serde_json::to_string(&UpdateOnboarding::default()).unwrap(),
        r#"{"user_status_desired":"ACTIVE","user_verification_status_desired":"VERIFIED"}"#
    );
    let read: UpdateOnboarding = serde_json::from_str(
        r#"{"user_status_desired":"ACTIVE","user_verification_status_desired":"VERIFIED"}"#,
    )
    .unwrap();
    assert_eq!(read, UpdateOnboarding::default());
}

/// The request types write bunq's published request bodies, and read them back.
#[test]
fn the_request_types_write_and_read_bunqs_published_bodies() {
    use bunq_onboarding::vocabulary::RequestedProvisionStatus;
    use bunq_onboarding::wire::{
        CreateVerificationSession, UpdateProvision, UpdateVerificationSession,
    };
    fn check<T: Serialize + DeserializeOwned + PartialEq + Debug>(file: &str, value: &T) {
        let published = common::published(file);
        assert_eq!(serde_json::to_value(value).unwrap(), published, "{file}");
        assert_eq!(
            &serde_json::from_value::<T>(published).unwrap(),
            value,
            "{file}"
        );
    }
    check(
        "provision-token-reset-request.json",
        &UpdateProvision::token_reset(),
    );
    check(
        "provision-cancel-request.json",
        &UpdateProvision {
            status: RequestedProvisionStatus::CANCELLED,
        },
    );
    check(
        "idv-session-create-request.json",
        &CreateVerificationSession::default(),
    );
    check(
        "idv-session-submit-request.json",
        &UpdateVerificationSession::submitted(),
    );
    check(
        "onboarding-create-request.json",
        &CreateOnboarding::default(),
    );
    check(
        "onboarding-update-request.json",
        &UpdateOnboarding::default(),
    );
}
