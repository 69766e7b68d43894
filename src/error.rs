//! The refusals of the local onboarding.

use crate::text::Word;
use crate::{
    BlockedTarget, FulfillmentCommand, FulfillmentStatus, FulfillmentType, LifecycleState,
    UpdateOnboarding, UserCommand, UserId, UserStatus,
};

/// A command the lifecycle does not allow. The onboarding is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransitionError {
    /// The fulfillment's status has no such move (or is unknown to the lifecycle).
    #[error("cannot {command} {}: its status is {}", Word(fulfillment_type.as_str()), status_name(status.as_ref()))]
    Fulfillment {
        /// The row's type.
        fulfillment_type: FulfillmentType,
        /// Its status.
        status: Option<FulfillmentStatus>,
        /// The command refused.
        command: FulfillmentCommand,
    },
    /// The onboarding has no row of that type.
    #[error("cannot {command} {}: the onboarding has no such fulfillment", Word(fulfillment_type.as_str()))]
    UnknownFulfillment {
        /// The type asked for.
        fulfillment_type: FulfillmentType,
        /// The command refused.
        command: FulfillmentCommand,
    },
    /// The user's status has no such move.
    #[error("cannot {command} user {user_id}: its status is {}", Word(status.as_str()))]
    User {
        /// The user.
        user_id: UserId,
        /// Its status.
        status: UserStatus,
        /// The command refused.
        command: UserCommand,
    },
    /// `activate` was given as a command: a user becomes `ACTIVE` only through the target request.
    #[error("cannot activate user {user_id} by command: only the target request activates")]
    ActivationNeedsTarget {
        /// The user.
        user_id: UserId,
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
    /// The onboarding works towards a target other than `ACTIVE` / `VERIFIED`: bunq supports only
    /// that one, and the user's lifecycle reaches no other by the target request.
    #[error(
        "cannot request the target {} / {}: only ACTIVE / VERIFIED is supported",
        Word(target.user_status_desired.as_str()),
        Word(target.user_verification_status_desired.as_str())
    )]
    Unsupported {
        /// The target asked for.
        target: UpdateOnboarding,
    },
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
    #[error("event {index} is refused")]
    Refused {
        /// The event's position.
        index: usize,
        /// The refusal.
        source: TransitionError,
    },
    /// A target request is refused where it stands.
    #[error("event {index} is refused")]
    TargetRefused {
        /// The event's position.
        index: usize,
        /// The refusal.
        source: TargetRefusal,
    },
}

/// A fulfillment status's name, shown safely: `not started` for none.
fn status_name(status: Option<&FulfillmentStatus>) -> String {
    status.map_or_else(
        || None::<FulfillmentStatus>.name().to_owned(),
        |status| Word(status.as_str()).to_string(),
    )
}
