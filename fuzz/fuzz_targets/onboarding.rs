//! Random starting rows, commands and target requests on the stand-in's onboarding, checking its
//! invariants after each: a refused operation changes nothing, rows are never added or lost, the
//! user is verified only by a target request that nothing blocked, and replay rebuilds the
//! onboarding.
#![no_main]

use arbitrary::Arbitrary;
use bunq_onboarding::rules::LifecycleState;
use bunq_onboarding::{Fulfillment, FulfillmentStatus, FulfillmentType, Onboarding, Policy, Timestamp};
use bunq_onboarding::ids::{OnboardingId, UserId};
use bunq_onboarding::rules::{FULFILLMENT_LIFECYCLE, FulfillmentCommand, Lifecycle, LifecycleCommand, USER_LIFECYCLE, UserCommand};
use libfuzzer_sys::fuzz_target;

/// The crate's own vocabularies and commands, plus values it does not know, so that a value
/// added to the crate is fuzzed without touching this file.
struct Choices {
    types: Vec<FulfillmentType>,
    statuses: Vec<FulfillmentStatus>,
    commands: Vec<FulfillmentCommand>,
    user_commands: Vec<UserCommand>,
}

impl Choices {
    fn new() -> Self {
        fn commands<S: LifecycleState, C: LifecycleCommand>(lifecycle: &Lifecycle<S, C>) -> Vec<C> {
            let mut commands: Vec<C> = Vec::new();
            for transition in lifecycle.transitions() {
                if !commands.contains(&transition.command) {
                    commands.push(transition.command);
                }
            }
            commands
        }
        Self {
            types: FulfillmentType::known()
                .chain(["MADE_UP_TYPE", "OTHER_MADE_UP_TYPE"].map(FulfillmentType::new))
                .collect(),
            statuses: FulfillmentStatus::known()
                .chain([FulfillmentStatus::new("MADE_UP_STATUS")])
                .collect(),
            commands: commands(&FULFILLMENT_LIFECYCLE),
            user_commands: commands(&USER_LIFECYCLE),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Row {
    fulfillment_type: u8,
    status: Option<u8>,
    allowed: Vec<u8>,
    /// Hours after 2025-08-13 12:00, if any.
    due_in_hours: Option<i8>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Command(u8, u8),
    Reject(u8, Option<String>),
    UserCommand(u8),
    RequestTarget(i8),
}

fn pick<T: Clone>(options: &[T], index: u8) -> T {
    options[usize::from(index) % options.len()].clone()
}

fn at(hours: i8) -> Timestamp {
    Timestamp::from_unix_micros(1_755_086_400_000_000 + i64::from(hours) * 3_600_000_000).unwrap()
}

fn row(choices: &Choices, row: &Row) -> Fulfillment {
    let mut fulfillment = Fulfillment::new(
        pick(&choices.types, row.fulfillment_type),
        row.allowed.iter().map(|&s| pick(&choices.statuses, s)),
    );
    fulfillment.status = row.status.map(|s| pick(&choices.statuses, s));
    fulfillment.time_mandatory = row.due_in_hours.map(at);
    fulfillment
}

fuzz_target!(|input: (Option<Vec<Row>>, Vec<Op>)| {
    let (rows, ops) = input;
    let choices = Choices::new();
    let mut onboarding = match rows {
        None => Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default()),
        Some(rows) => Onboarding::with_rows(
            UserId::new(877),
            OnboardingId::new(260),
            rows.iter().map(|r| row(&choices, r)).collect(),
        ),
    };
    for op in &ops {
        let before = onboarding.clone();
        let accepted = match op {
            Op::Command(t, c) => onboarding
                .command(&pick(&choices.types, *t), pick(&choices.commands, *c))
                .is_ok(),
            Op::Reject(t, reason) => onboarding
                .reject(&pick(&choices.types, *t), reason.clone())
                .is_ok(),
            Op::UserCommand(c) => onboarding
                .user_command(pick(&choices.user_commands, *c))
                .is_ok(),
            Op::RequestTarget(hours) => {
                let now = at(*hours);
                let nothing_blocked = before.assess(now).can_reach_target();
                let reached = onboarding.request_target(now).is_ok();
                assert!(
                    !reached || nothing_blocked,
                    "the target was reached while something blocked"
                );
                reached
            }
        };
        if !accepted {
            assert_eq!(
                onboarding, before,
                "a refused operation changed the onboarding"
            );
        }
        assert_eq!(
            onboarding.rows().len(),
            before.rows().len(),
            "a row was added or lost"
        );
        if before.verification_status().is_none() && onboarding.verification_status().is_some() {
            assert!(matches!(op, Op::RequestTarget(_)), "verified by {op:?}");
        }
    }
    let replayed = Onboarding::replay(onboarding.events().iter().cloned()).unwrap();
    assert_eq!(replayed, onboarding, "replay differs");
});
