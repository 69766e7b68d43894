//! Random commands, observations and target requests on an onboarding, checking its invariants
//! after each: a refused operation changes nothing, rows are never lost, the user is verified
//! only by a target request that nothing blocked, and replay rebuilds the onboarding.
#![no_main]

use arbitrary::Arbitrary;
use bunq_onboarding::{
    Fulfillment, FulfillmentCommand, FulfillmentStatus, FulfillmentType, Onboarding, Policy,
    Timestamp, UserCommand, UserStatus,
};
use libfuzzer_sys::fuzz_target;

const TYPES: [&str; 8] = [
    "ADDRESS_MAIN",
    "ADDRESS_POSTAL",
    "DATE_OF_BIRTH",
    "EMAIL",
    "PHONE_NUMBER",
    "IDENTIFICATION_VERIFICATION",
    "TAX_RESIDENCY",
    "NATIONALITY",
];
const STATUSES: [&str; 3] = ["IN_PROGRESS", "FULFILLED", "WAIVED"];
const USERS: [&str; 7] = [
    "SIGNUP",
    "ACTIVE",
    "BLOCKED",
    "RECOVERY",
    "DENIED",
    "ABORTED",
    "SUSPENDED",
];
const COMMANDS: [FulfillmentCommand; 5] = [
    FulfillmentCommand::Submit,
    FulfillmentCommand::Accept,
    FulfillmentCommand::Approve,
    FulfillmentCommand::Reject,
    FulfillmentCommand::Invalidate,
];
const USER_COMMANDS: [UserCommand; 7] = [
    UserCommand::Activate,
    UserCommand::Deny,
    UserCommand::Abort,
    UserCommand::Block,
    UserCommand::Unblock,
    UserCommand::StartRecovery,
    UserCommand::EndRecovery,
];

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
    Observe(Vec<Row>),
    UserCommand(u8),
    ObserveUser(u8),
    RequestTarget(i8),
}

fn pick<T: Copy>(options: &[T], index: u8) -> T {
    options[usize::from(index) % options.len()]
}

fn at(hours: i8) -> Timestamp {
    Timestamp::from_unix_micros(1_755_086_400_000_000 + i64::from(hours) * 3_600_000_000).unwrap()
}

fn row(row: &Row) -> Fulfillment {
    let mut fulfillment = Fulfillment::new(
        FulfillmentType::new(pick(&TYPES, row.fulfillment_type)),
        row.allowed
            .iter()
            .map(|&s| FulfillmentStatus::new(pick(&STATUSES, s))),
    );
    fulfillment.status = row
        .status
        .map(|s| FulfillmentStatus::new(pick(&STATUSES, s)));
    fulfillment.time_mandatory = row.due_in_hours.map(at);
    fulfillment
}

fuzz_target!(|ops: Vec<Op>| {
    let mut onboarding = Onboarding::new(877, 260, &Policy::default());
    for op in &ops {
        let before = onboarding.clone();
        let accepted = match op {
            Op::Command(t, c) => onboarding
                .command(&FulfillmentType::new(pick(&TYPES, *t)), pick(&COMMANDS, *c))
                .is_ok(),
            Op::Reject(t, reason) => onboarding
                .reject(&FulfillmentType::new(pick(&TYPES, *t)), reason.clone())
                .is_ok(),
            Op::Observe(rows) => {
                let rows: Vec<Fulfillment> = rows.iter().map(row).collect();
                onboarding.observe(&rows);
                for reported in &rows {
                    assert!(
                        onboarding.rows().contains(reported),
                        "an observed row was lost"
                    );
                }
                true
            }
            Op::UserCommand(c) => onboarding.user_command(pick(&USER_COMMANDS, *c)).is_ok(),
            Op::ObserveUser(s) => {
                onboarding.observe_user_status(UserStatus::new(pick(&USERS, *s)));
                true
            }
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
        assert!(
            onboarding.rows().len() >= before.rows().len(),
            "a row was lost"
        );
        if before.verification_status().is_none() && onboarding.verification_status().is_some() {
            assert!(matches!(op, Op::RequestTarget(_)), "verified by {op:?}");
        }
    }
    let replayed = Onboarding::replay(onboarding.events().iter().cloned()).unwrap();
    assert_eq!(replayed, onboarding, "replay differs");
});
