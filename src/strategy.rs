//! Strategies for property tests (feature `proptest`), for this crate's tests and for services
//! that embed it.
//!
//! Values are drawn so that interesting cases are common: types repeat (duplicates, a type in
//! both lists), statuses include unknown text, and deadlines fall on a handful of [`instant`]s so
//! that "before", "at" and "after `now`" all occur.

use proptest::prelude::*;

use strum::IntoEnumIterator;

use crate::{
    AdditionalFulfillmentParameter, Fulfillment, FulfillmentCommand, FulfillmentStatus,
    FulfillmentType, Timestamp, UserCommand, UserStatus,
};

/// The middle of the instants drawn by [`instant`]: `2025-08-13 12:00:00.000000`.
const AROUND_MICROS: i64 = 1_755_086_400_000_000;
const HOUR_MICROS: i64 = 3_600_000_000;

/// Fulfillment types: the six known ones and three unknown, so a list of a few rows repeats types.
pub fn fulfillment_type() -> impl Strategy<Value = FulfillmentType> {
    prop_oneof![
        8 => prop::sample::select(FulfillmentType::known().collect::<Vec<_>>()),
        2 => prop::sample::select(vec!["TAX_RESIDENCY", "NATIONALITY", "SOURCE_OF_FUNDS"])
            .prop_map(FulfillmentType::new),
    ]
}

/// Fulfillment statuses: the two known ones and unknown text (`WAIVED`, `REJECTED`).
pub fn fulfillment_status() -> impl Strategy<Value = FulfillmentStatus> {
    prop_oneof![
        4 => prop::sample::select(FulfillmentStatus::known().collect::<Vec<_>>()),
        1 => prop::sample::select(vec!["WAIVED", "REJECTED"]).prop_map(FulfillmentStatus::new),
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
        proptest::option::of(any::<u64>()),
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
                (row.reason, row.reason_translated) = reasons;
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

/// bunq's answer to the onboarding PUT: mostly fulfillments to assess, sometimes an acceptance or
/// another refusal.
#[cfg(feature = "json")]
pub fn put_answer() -> impl Strategy<Value = crate::PutAnswer> {
    use crate::{ErrorDescription, PutAnswer};
    let description =
        (".{0,20}", ".{0,20}").prop_map(|(description, translated)| ErrorDescription {
            description,
            translated,
        });
    prop_oneof![
        6 => (parameter(), prop::collection::vec(description.clone(), 0..=2))
            .prop_map(|(parameter, errors)| PutAnswer::NeedsFulfillments { parameter, errors }),
        1 => any::<u64>().prop_map(|id| PutAnswer::Accepted { id }),
        1 => prop::collection::vec(description, 0..=2).prop_map(|errors| PutAnswer::Rejected { errors }),
    ]
}

/// Any fulfillment command.
pub fn fulfillment_command() -> impl Strategy<Value = FulfillmentCommand> {
    prop::sample::select(FulfillmentCommand::iter().collect::<Vec<_>>())
}

/// Any user command, `Activate` included (which an onboarding refuses as a command).
pub fn user_command() -> impl Strategy<Value = UserCommand> {
    prop::sample::select(UserCommand::iter().collect::<Vec<_>>())
}

/// User statuses: the six known ones and one unknown.
pub fn user_status() -> impl Strategy<Value = UserStatus> {
    prop_oneof![
        6 => prop::sample::select(UserStatus::known().collect::<Vec<_>>()),
        1 => Just(UserStatus::new("SUSPENDED")),
    ]
}

/// One thing that can happen to an [`Onboarding`](crate::Onboarding), legal or not.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// [`Onboarding::command`](crate::Onboarding::command).
    Command {
        /// The rows' type.
        fulfillment_type: FulfillmentType,
        /// The command.
        command: FulfillmentCommand,
    },
    /// [`Onboarding::reject`](crate::Onboarding::reject).
    Reject {
        /// The rows' type.
        fulfillment_type: FulfillmentType,
        /// Why.
        reason: Option<String>,
    },
    /// [`Onboarding::observe`](crate::Onboarding::observe).
    Observe {
        /// The rows reported.
        rows: Vec<Fulfillment>,
    },
    /// [`Onboarding::user_command`](crate::Onboarding::user_command).
    UserCommand(UserCommand),
    /// [`Onboarding::observe_user_status`](crate::Onboarding::observe_user_status).
    ObserveUserStatus(UserStatus),
    /// [`Onboarding::request_target`](crate::Onboarding::request_target).
    RequestTarget {
        /// When.
        now: Timestamp,
    },
}

/// Operations in realistic proportions: mostly commands, then observations and target requests.
pub fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        8 => (fulfillment_type(), fulfillment_command())
            .prop_map(|(fulfillment_type, command)| Operation::Command { fulfillment_type, command }),
        1 => (fulfillment_type(), proptest::option::of(".{0,8}"))
            .prop_map(|(fulfillment_type, reason)| Operation::Reject { fulfillment_type, reason }),
        2 => prop::collection::vec(fulfillment(), 0..=3).prop_map(|rows| Operation::Observe { rows }),
        1 => user_command().prop_map(Operation::UserCommand),
        1 => user_status().prop_map(Operation::ObserveUserStatus),
        2 => instant().prop_map(|now| Operation::RequestTarget { now }),
    ]
}

/// Sequences of up to `max` operations.
pub fn operations(max: usize) -> impl Strategy<Value = Vec<Operation>> {
    prop::collection::vec(operation(), 0..=max)
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
