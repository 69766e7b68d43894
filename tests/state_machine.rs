//! Random sequences of commands and target requests, legal and illegal, run against a tiny
//! reference model of the stand-in. After every step: the onboarding equals the model, every
//! status moved only through the table, and the target was reached only when nothing blocked at
//! that moment.

mod common;

use bunq_onboarding::ids::{OnboardingId, UserId};
use bunq_onboarding::rules::{
    FULFILLMENT_LIFECYCLE, FulfillmentCommand, USER_LIFECYCLE, UserCommand,
};
use bunq_onboarding::strategy::{fulfillment_command, fulfillment_type, instant, user_command};
use bunq_onboarding::vocabulary::{UserStatus, VerificationStatus};
use bunq_onboarding::{Fulfillment, FulfillmentStatus, Onboarding, Policy};
use proptest::prelude::*;

/// One thing that can happen to an [`Onboarding`], legal or not.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Operation {
    Command {
        fulfillment_type: bunq_onboarding::FulfillmentType,
        command: FulfillmentCommand,
    },
    Reject {
        fulfillment_type: bunq_onboarding::FulfillmentType,
        reason: Option<String>,
    },
    UserCommand(UserCommand),
    RequestTarget {
        now: bunq_onboarding::Timestamp,
    },
}

/// Operations in realistic proportions: mostly commands, then observations and target requests.
fn operation() -> impl Strategy<Value = Operation> {
    prop_oneof![
        8 => (fulfillment_type(), fulfillment_command())
            .prop_map(|(fulfillment_type, command)| Operation::Command { fulfillment_type, command }),
        1 => (fulfillment_type(), proptest::option::of(".{0,8}"))
            .prop_map(|(fulfillment_type, reason)| Operation::Reject { fulfillment_type, reason }),
        2 => user_command().prop_map(Operation::UserCommand),
        2 => instant().prop_map(|now| Operation::RequestTarget { now }),
    ]
}

/// Sequences of up to `max` operations.
fn operations(max: usize) -> impl Strategy<Value = Vec<Operation>> {
    prop::collection::vec(operation(), 0..=max)
}

/// The reference: `docs/rules.md` L1–L3 as plain matches on names, and rows in a vector.
#[derive(Clone, Debug)]
struct Model {
    rows: Vec<Fulfillment>,
    user: UserStatus,
    verified: bool,
}

/// `Ok(Some(to))` moves, `Ok(None)` is a no-op, `Err(())` is refused.
type ModelStep<S> = Result<Option<S>, ()>;

fn model_fulfillment_step(
    status: Option<&FulfillmentStatus>,
    command: FulfillmentCommand,
) -> ModelStep<Option<FulfillmentStatus>> {
    use FulfillmentCommand::*;
    let in_progress = || Some(FulfillmentStatus::IN_PROGRESS);
    let fulfilled = || Some(FulfillmentStatus::FULFILLED);
    match (status.map(FulfillmentStatus::as_str), command) {
        (None, Submit) => Ok(Some(in_progress())),
        (None, Accept) | (Some("IN_PROGRESS"), Approve) => Ok(Some(fulfilled())),
        (Some("IN_PROGRESS"), Reject) | (Some("FULFILLED"), Invalidate) => Ok(Some(None)),
        (None, Reject | Invalidate)
        | (Some("IN_PROGRESS"), Submit)
        | (Some("FULFILLED"), Accept | Approve) => Ok(None),
        _ => Err(()),
    }
}

fn model_user_step(status: &UserStatus, command: UserCommand) -> ModelStep<UserStatus> {
    use UserCommand::*;
    let to = |s: &str| Ok(Some(UserStatus::new(s)));
    match (status.as_str(), command) {
        ("SIGNUP", Activate) | ("BLOCKED", Unblock) | ("RECOVERY", EndRecovery) => to("ACTIVE"),
        ("SIGNUP", Deny) => to("DENIED"),
        ("SIGNUP", Abort) => to("ABORTED"),
        ("ACTIVE", Block) => to("BLOCKED"),
        ("ACTIVE", StartRecovery) => to("RECOVERY"),
        ("ACTIVE", Activate | Unblock | EndRecovery)
        | ("DENIED", Deny)
        | ("ABORTED", Abort)
        | ("BLOCKED", Block)
        | ("RECOVERY", StartRecovery) => Ok(None),
        _ => Err(()),
    }
}

impl Model {
    fn new(onboarding: &Onboarding) -> Self {
        Self {
            rows: onboarding.rows().to_vec(),
            user: UserStatus::SIGNUP,
            verified: false,
        }
    }

    /// Whether some row blocks at `now`: unsatisfied and mandatory.
    fn blocks(&self, now: bunq_onboarding::Timestamp) -> bool {
        self.rows.iter().any(|row| {
            let satisfied = row
                .status
                .as_ref()
                .is_some_and(|s| row.all_status_allowed.contains(s));
            !satisfied && row.time_mandatory.is_none_or(|due| due <= now)
        })
    }

    /// Applies the operation; `false` when it is refused.
    fn apply(&mut self, operation: &Operation) -> bool {
        match operation {
            Operation::Command {
                fulfillment_type,
                command,
            } => self.command(fulfillment_type, *command),
            Operation::Reject {
                fulfillment_type, ..
            } => self.command(fulfillment_type, FulfillmentCommand::Reject),
            Operation::UserCommand(UserCommand::Activate) => false,
            Operation::UserCommand(command) => match model_user_step(&self.user, *command) {
                Ok(to) => {
                    self.user = to.unwrap_or_else(|| self.user.clone());
                    true
                }
                Err(()) => false,
            },
            Operation::RequestTarget { now } => {
                let Ok(to) = model_user_step(&self.user, UserCommand::Activate) else {
                    return false;
                };
                if self.blocks(*now) {
                    return false;
                }
                self.user = to.unwrap_or_else(|| self.user.clone());
                self.verified = true;
                true
            }
        }
    }

    fn command(
        &mut self,
        fulfillment_type: &bunq_onboarding::FulfillmentType,
        command: FulfillmentCommand,
    ) -> bool {
        let of_type: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].fulfillment_type == *fulfillment_type)
            .collect();
        if of_type.is_empty() {
            return false;
        }
        let mut moves = Vec::new();
        for &i in &of_type {
            match model_fulfillment_step(self.rows[i].status.as_ref(), command) {
                Ok(Some(to)) => moves.push((i, to)),
                Ok(None) => {}
                Err(()) => return false,
            }
        }
        for (i, to) in moves {
            self.rows[i].status = to;
        }
        true
    }
}

/// Runs the operation on the onboarding: whether it was accepted.
fn run(onboarding: &mut Onboarding, operation: &Operation) -> bool {
    match operation {
        Operation::Command {
            fulfillment_type,
            command,
        } => onboarding.command(fulfillment_type, *command).is_ok(),
        Operation::Reject {
            fulfillment_type,
            reason,
        } => onboarding.reject(fulfillment_type, reason.clone()).is_ok(),
        Operation::UserCommand(command) => onboarding.user_command(*command).is_ok(),
        Operation::RequestTarget { now } => onboarding.request_target(*now).is_ok(),
    }
}

proptest! {
    #![proptest_config(common::proptest_config(1024, "proptest-regressions/state_machine.txt"))]

    #[test]
    fn the_onboarding_follows_the_model_and_the_tables(operations in operations(40)) {
        let mut onboarding = Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
        let mut model = Model::new(&onboarding);
        for operation in &operations {
            let before = onboarding.clone();
            let model_before = model.clone();
            let accepted = run(&mut onboarding, operation);
            prop_assert_eq!(accepted, model.apply(operation), "{:?}", operation);

            // The onboarding equals the model; a refused operation changed nothing.
            prop_assert_eq!(onboarding.rows(), &model.rows[..]);
            prop_assert_eq!(onboarding.user_status(), &model.user);
            prop_assert_eq!(onboarding.verification_status().is_some(), model.verified);
            if !accepted {
                prop_assert_eq!(&onboarding, &before);
            }

            // Rows are never added, dropped or reordered; every status moved through the table,
            // and only by a command.
            prop_assert_eq!(onboarding.rows().len(), before.rows().len());
            for (row, old) in onboarding.rows().iter().zip(before.rows()) {
                prop_assert_eq!(&row.fulfillment_type, &old.fulfillment_type);
                if row.status != old.status {
                    prop_assert!(
                        matches!(operation, Operation::Command { .. } | Operation::Reject { .. }),
                        "{:?} moved a row", operation
                    );
                    prop_assert!(FULFILLMENT_LIFECYCLE.allows(&old.status, &row.status));
                }
            }

            // The user moved through its table; ACTIVE / VERIFIED only when nothing blocked.
            let (from, to) = (before.user_status(), onboarding.user_status());
            if from != to {
                match operation {
                    Operation::UserCommand(_) => prop_assert!(USER_LIFECYCLE.allows(from, to)),
                    Operation::RequestTarget { .. } => prop_assert_eq!(to, &UserStatus::ACTIVE),
                    _ => prop_assert!(false, "{:?} moved the user", operation),
                }
            }
            if before.verification_status().is_none() && onboarding.verification_status().is_some() {
                let Operation::RequestTarget { now } = operation else {
                    return Err(TestCaseError::fail(format!("{operation:?} verified the user")));
                };
                prop_assert!(!model_before.blocks(*now));
                prop_assert!(before.assess(*now).can_reach_target());
                prop_assert_eq!(onboarding.verification_status(), Some(&VerificationStatus::VERIFIED));
            }
        }

        // Replay and serde rebuild the same onboarding.
        let replayed = Onboarding::replay(onboarding.events().iter().cloned());
        prop_assert_eq!(replayed.as_ref(), Ok(&onboarding));
        let json = serde_json::to_string(&onboarding).unwrap();
        prop_assert_eq!(serde_json::from_str::<Onboarding>(&json).unwrap(), onboarding);
    }
}
