//! The refusals of the local onboarding.

use crate::LifecycleState;
use crate::{
    BlockedTarget, FulfillmentCommand, FulfillmentStatus, FulfillmentType, UserCommand, UserStatus,
};

/// A command the lifecycle does not allow. The onboarding is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// The fulfillment's status has no such move (or is unknown to the lifecycle).
    #[error("cannot {command} {fulfillment_type}: its status is {}", status.name())]
    Fulfillment {
        /// The row's type.
        fulfillment_type: FulfillmentType,
        /// Its status.
        status: Option<FulfillmentStatus>,
        /// The command refused.
        command: FulfillmentCommand,
    },
    /// The onboarding has no row of that type.
    #[error("cannot {command} {fulfillment_type}: the onboarding has no such fulfillment")]
    UnknownFulfillment {
        /// The type asked for.
        fulfillment_type: FulfillmentType,
        /// The command refused.
        command: FulfillmentCommand,
    },
    /// The user's status has no such move.
    #[error("cannot {command} user {user_id}: its status is {status}")]
    User {
        /// The user.
        user_id: u64,
        /// Its status.
        status: UserStatus,
        /// The command refused.
        command: UserCommand,
    },
    /// `activate` was given as a command: a user becomes `ACTIVE` only through the target request.
    #[error("cannot activate user {user_id} by command: only the target request activates")]
    ActivationNeedsTarget {
        /// The user.
        user_id: u64,
    },
}

/// Why the target request was refused. The onboarding is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetRefusal {
    /// Something blocks: bunq would answer with its `Error` envelope (the value serializes to it).
    #[error(transparent)]
    Blocked(BlockedTarget),
    /// The user's status cannot become `ACTIVE` (`DENIED`, `ABORTED`, `BLOCKED`…).
    #[error(transparent)]
    Lifecycle(TransitionError),
}

/// Why events cannot be replayed into an onboarding.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The first event must be `created`.
    #[error("event 0 must create the onboarding")]
    NotCreatedFirst,
    /// A `created` event after the first.
    #[error("event {index} creates the onboarding a second time")]
    CreatedAgain {
        /// The event's position.
        index: usize,
    },
    /// A command is refused where it stands.
    #[error("event {index} is refused: {source}")]
    Refused {
        /// The event's position.
        index: usize,
        /// The refusal.
        source: TransitionError,
    },
    /// A target request is refused where it stands.
    #[error("event {index} is refused: {source}")]
    TargetRefused {
        /// The event's position.
        index: usize,
        /// The refusal.
        source: TargetRefusal,
    },
}
