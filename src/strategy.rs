//! Strategies for property tests (feature `proptest`), for this crate's tests and for services
//! that embed it.
//!
//! Values are drawn so that interesting cases are common: types repeat (duplicates, a type in
//! both lists), statuses include unknown text, and deadlines fall on a handful of [`instant`]s so
//! that "before", "at" and "after `now`" all occur. Unknown words are obviously made up
//! (`MADE_UP_TYPE`): bunq's unpublished type strings are never guessed.
//!
//! A service's own property test, fed with bunq's answers as its HTTP client would see them:
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use bunq_onboarding::PutAnswer;
//! use bunq_onboarding::strategy::put_answer_body;
//! use proptest::prelude::*;
//!
//! proptest!(|(body in put_answer_body())| {
//!     // The code under test would get `body` from bunq; here it must read every one.
//!     let answer = PutAnswer::from_json(&body).unwrap();
//!     prop_assert_eq!(serde_json::to_string(&answer).unwrap(), body);
//! });
//! # }
//! ```

use proptest::prelude::*;

use crate::{
    AdditionalFulfillmentParameter, Fulfillment, FulfillmentCommand, FulfillmentStatus,
    FulfillmentType, Timestamp, UserCommand, UserId, UserStatus,
};

/// The middle of the instants drawn by [`instant`]: `2025-08-13 12:00:00.000000`.
const AROUND_MICROS: i64 = 1_755_086_400_000_000;
const HOUR_MICROS: i64 = 3_600_000_000;

/// Fulfillment types: the six known ones and three made-up ones, so a list of a few rows repeats
/// types.
pub fn fulfillment_type() -> impl Strategy<Value = FulfillmentType> {
    prop_oneof![
        8 => prop::sample::select(FulfillmentType::known().collect::<Vec<_>>()),
        2 => prop::sample::select(vec!["MADE_UP_TYPE", "OTHER_MADE_UP_TYPE", "THIRD_MADE_UP_TYPE"])
            .prop_map(FulfillmentType::new),
    ]
}

/// Fulfillment statuses: the two known ones and made-up text.
pub fn fulfillment_status() -> impl Strategy<Value = FulfillmentStatus> {
    prop_oneof![
        4 => prop::sample::select(FulfillmentStatus::known().collect::<Vec<_>>()),
        1 => prop::sample::select(vec!["MADE_UP_STATUS", "OTHER_MADE_UP_STATUS"]).prop_map(FulfillmentStatus::new),
    ]
}

/// Any timestamp bunq's format can write: years 1 to 9999, to the microsecond.
pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    let first = Timestamp::parse("0001-01-01 00:00:00.000000").map_or(0, Timestamp::as_unix_micros);
    let last = Timestamp::parse("9999-12-31 23:59:59.999999").map_or(0, Timestamp::as_unix_micros);
    (first..=last).prop_filter_map("in range", |micros| {
        Timestamp::from_unix_micros(micros).ok()
    })
}

/// One of seven instants, an hour apart, around `2025-08-13 12:00`: draw `now` and deadlines from
/// it so that they often coincide.
pub fn instant() -> impl Strategy<Value = Timestamp> {
    (-3i64..=3).prop_filter_map("in range", |hours| {
        Timestamp::from_unix_micros(AROUND_MICROS + hours * HOUR_MICROS).ok()
    })
}

/// A row: any status or none, zero to three allowed statuses, a deadline from [`instant`] or none,
/// and arbitrary text and ids.
pub fn fulfillment() -> impl Strategy<Value = Fulfillment> {
    let ids = (
        proptest::option::of(any::<u64>().prop_map(UserId::new)),
        proptest::option::of(any::<u64>()),
        proptest::option::of(timestamp()),
        proptest::option::of(timestamp()),
    );
    (
        fulfillment_type(),
        proptest::option::of(fulfillment_status()),
        prop::collection::vec(fulfillment_status(), 0..=3),
        proptest::option::weighted(0.3, instant()),
        (".{0,12}", ".{0,12}"),
        ids,
    )
        .prop_map(
            |(fulfillment_type, status, allowed, time_mandatory, reasons, ids)| {
                let mut row = Fulfillment::new(fulfillment_type, allowed);
                row.status = status;
                row.time_mandatory = time_mandatory;
                (row.reason, row.reason_translated) = (reasons.0.into(), reasons.1.into());
                (
                    row.user_id,
                    row.id,
                    row.created_timestamp,
                    row.updated_timestamp,
                ) = ids;
                row
            },
        )
}

/// A parameter of up to 12 required and 6 fulfilled rows.
pub fn parameter() -> impl Strategy<Value = AdditionalFulfillmentParameter> {
    (
        prop::collection::vec(fulfillment(), 0..=12),
        prop::collection::vec(fulfillment(), 0..=6),
    )
        .prop_map(|(all_fulfillment, all_fulfillment_fulfilled)| {
            AdditionalFulfillmentParameter {
                all_fulfillment,
                all_fulfillment_fulfilled,
            }
        })
}

/// bunq's answer to the onboarding PUT: mostly fulfillments to assess (each from at least one
/// error, as bunq sends them), sometimes an acceptance or another refusal.
#[cfg(feature = "json")]
pub fn put_answer() -> impl Strategy<Value = crate::PutAnswer> {
    use crate::{ErrorDescription, PutAnswer};
    let description =
        (".{0,20}", ".{0,20}").prop_map(|(description, translated)| ErrorDescription {
            description,
            translated,
        });
    prop_oneof![
        6 => (parameter(), prop::collection::vec(description.clone(), 1..=2))
            .prop_map(|(parameter, errors)| PutAnswer::NeedsFulfillments { parameter, errors }),
        1 => any::<u64>().prop_map(|id| PutAnswer::Accepted { id }),
        1 => prop::collection::vec(description, 0..=2).prop_map(|errors| PutAnswer::Rejected { errors }),
    ]
}

/// bunq's answer to the onboarding PUT as the body bunq sends: compact JSON text of
/// [`put_answer`].
#[cfg(feature = "json")]
pub fn put_answer_body() -> impl Strategy<Value = String> {
    put_answer().prop_filter_map("serializable", |answer| serde_json::to_string(&answer).ok())
}

/// Any fulfillment command.
pub fn fulfillment_command() -> impl Strategy<Value = FulfillmentCommand> {
    prop::sample::select(FulfillmentCommand::ALL)
}

/// Any user command, `Activate` included (which an onboarding refuses as a command).
pub fn user_command() -> impl Strategy<Value = UserCommand> {
    prop::sample::select(UserCommand::ALL)
}

/// User statuses: the six known ones and one made up.
pub fn user_status() -> impl Strategy<Value = UserStatus> {
    prop_oneof![
        6 => prop::sample::select(UserStatus::known().collect::<Vec<_>>()),
        1 => Just(UserStatus::new("MADE_UP_USER_STATUS")),
    ]
}

macro_rules! arbitrary_from {
    ($($type:ty => $strategy:ident,)+) => {
        $(
            impl Arbitrary for $type {
                type Parameters = ();
                type Strategy = BoxedStrategy<Self>;

                fn arbitrary_with((): ()) -> Self::Strategy {
                    $strategy().boxed()
                }
            }
        )+
    };
}

arbitrary_from! {
    FulfillmentType => fulfillment_type,
    FulfillmentStatus => fulfillment_status,
    Timestamp => timestamp,
    Fulfillment => fulfillment,
    AdditionalFulfillmentParameter => parameter,
}
