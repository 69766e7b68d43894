//! The stand-in's onboarding: one user's rows and statuses as bunq holds them, changed by commands
//! (checked against the lifecycles) and the target request; the errors of a command and of a
//! replay.

use serde::{Deserialize, Serialize};

use crate::text::Word;

use crate::{
    Assessment, BlockedTarget, FULFILLMENT_LIFECYCLE, Fulfillment, FulfillmentCommand,
    FulfillmentStatus, FulfillmentType, LifecycleState, OnboardingId, OnboardingType, Policy, Step,
    TargetRefusal, Timestamp, USER_LIFECYCLE, UpdateOnboarding, UserCommand, UserId, UserStatus,
    VerificationStatus,
};

/// Something that happened to an onboarding and changed it. Replaying an onboarding's events
/// rebuilds it exactly ([`Onboarding::replay`]); a no-op leaves no event, so repeats are harmless.
///
/// ```
/// use bunq_onboarding::{FulfillmentType, Onboarding, Policy};
/// use bunq_onboarding::ids::{OnboardingId, UserId};
/// use bunq_onboarding::rules::FulfillmentCommand;
/// use bunq_onboarding::standin::OnboardingEvent;
///
/// let mut onboarding = Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
/// onboarding.command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit)?;
/// onboarding.command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit)?; // a no-op: no event
/// assert!(matches!(onboarding.events(), [OnboardingEvent::Created { .. }, OnboardingEvent::Commanded { .. }]));
/// let json = serde_json::to_string(&onboarding.events()[1])?;
/// assert_eq!(json, r#"{"event":"commanded","fulfillment_type":"EMAIL","command":"submit","reason":null}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
#[non_exhaustive]
pub enum OnboardingEvent {
    /// The onboarding was created with these rows.
    Created {
        /// The user.
        user_id: UserId,
        /// bunq's id of the onboarding.
        onboarding_id: OnboardingId,
        /// The kind of onboarding.
        onboarding_type: OnboardingType,
        /// The target the onboarding works towards.
        target: UpdateOnboarding,
        /// The rows required, not started.
        rows: Vec<Fulfillment>,
    },
    /// A command on the rows of one type was accepted.
    Commanded {
        /// The rows' type.
        fulfillment_type: FulfillmentType,
        /// The command.
        command: FulfillmentCommand,
        /// Why, for a rejection.
        reason: Option<String>,
    },
    /// A command on the user's status was accepted.
    UserCommanded {
        /// The command.
        command: UserCommand,
    },
    /// The target was requested at `now` and reached.
    TargetReached {
        /// When.
        now: Timestamp,
    },
}

/// One user's onboarding as bunq holds it: the stand-in for bunq, in partners' tests and in a fake
/// of bunq's API.
///
/// - **Commands** (what the user provides, what a reviewer decides, what bunq does to the user)
///   go through the lifecycles and are refused when illegal; a refused command changes nothing.
/// - **The target request** succeeds only when nothing blocks; a refusal serializes to bunq's own
///   `Error` envelope.
///
/// It takes no observations: what a partner learns from bunq goes into a
/// [`UserRecord`](crate::UserRecord), whose rules make the order and repetition of facts harmless.
///
/// A user who reached the target keeps `ACTIVE` / `VERIFIED` when a row is later invalidated:
/// only bunq moves an active user (to `BLOCKED` or `RECOVERY`, by a user command). The
/// invalidated row shows as blocking in [`Onboarding::assess`], and a repeated target request is
/// refused until it is satisfied again.
///
/// Serde reads an onboarding back as it was written, trusting the stored state; to check a stored
/// history against the lifecycles, rebuild it from its events with [`Onboarding::replay`].
///
/// ```
/// use bunq_onboarding::rules::FulfillmentCommand::*;
/// use bunq_onboarding::{FulfillmentType, Onboarding, Policy, Timestamp};
/// use bunq_onboarding::ids::{OnboardingId, UserId};
/// use bunq_onboarding::vocabulary::UserStatus;
///
/// let now: Timestamp = "2025-08-13 14:45:18.621550".parse()?;
/// let mut onboarding = Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
/// for fulfillment_type in FulfillmentType::known() {
///     onboarding.command(&fulfillment_type, Accept)?;
/// }
/// onboarding.command(&FulfillmentType::EMAIL, Invalidate)?;
/// onboarding.command(&FulfillmentType::EMAIL, Submit)?; // IN_PROGRESS satisfies EMAIL
///
/// assert!(onboarding.command(&FulfillmentType::EMAIL, Accept).is_err()); // not from IN_PROGRESS
/// onboarding.request_target(now)?;
/// assert_eq!(onboarding.user_status(), &UserStatus::ACTIVE);
///
/// let rebuilt = Onboarding::replay(onboarding.events().iter().cloned())?;
/// assert_eq!(rebuilt, onboarding);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    user_id: UserId,
    onboarding_id: OnboardingId,
    onboarding_type: OnboardingType,
    user_status: UserStatus,
    verification_status: Option<VerificationStatus>,
    target: UpdateOnboarding,
    rows: Vec<Fulfillment>,
    events: Vec<OnboardingEvent>,
}

impl Onboarding {
    /// A `PARTNER_USER` onboarding for `user_id` working towards `ACTIVE` / `VERIFIED`, with the
    /// rows `policy` requires, not started; the user in `SIGNUP`, not verified.
    pub fn new(user_id: UserId, onboarding_id: OnboardingId, policy: &Policy) -> Self {
        Self::with_rows(user_id, onboarding_id, policy.rows(user_id))
    }

    /// The same, with these rows as they stand (a scenario where the e-mail address was given
    /// at provisioning, say).
    pub fn with_rows(user_id: UserId, onboarding_id: OnboardingId, rows: Vec<Fulfillment>) -> Self {
        Self::start(
            user_id,
            onboarding_id,
            OnboardingType::PARTNER_USER,
            UpdateOnboarding::default(),
            rows,
        )
    }

    /// The onboarding a `created` event starts, that event recorded.
    fn start(
        user_id: UserId,
        onboarding_id: OnboardingId,
        onboarding_type: OnboardingType,
        target: UpdateOnboarding,
        rows: Vec<Fulfillment>,
    ) -> Self {
        let created = OnboardingEvent::Created {
            user_id,
            onboarding_id,
            onboarding_type: onboarding_type.clone(),
            target: target.clone(),
            rows: rows.clone(),
        };
        Self {
            user_id,
            onboarding_id,
            onboarding_type,
            user_status: USER_LIFECYCLE.start().clone(),
            verification_status: None,
            target,
            rows,
            events: vec![created],
        }
    }

    /// Rebuilds an onboarding from the events it recorded.
    ///
    /// # Errors
    /// [`ReplayError`] when the first event is not `created`, or an event is refused where it
    /// stands (events that no onboarding recorded in that order).
    pub fn replay(events: impl IntoIterator<Item = OnboardingEvent>) -> Result<Self, ReplayError> {
        let mut events = events.into_iter();
        let Some(OnboardingEvent::Created {
            user_id,
            onboarding_id,
            onboarding_type,
            target,
            rows,
        }) = events.next()
        else {
            return Err(ReplayError::NotCreatedFirst);
        };
        let mut onboarding = Self::start(user_id, onboarding_id, onboarding_type, target, rows);
        for (index, event) in (1..).zip(events) {
            match event {
                OnboardingEvent::Created { .. } => return Err(ReplayError::CreatedAgain { index }),
                OnboardingEvent::Commanded {
                    fulfillment_type,
                    command,
                    reason,
                } => {
                    onboarding
                        .commanded(&fulfillment_type, command, reason)
                        .map_err(|source| ReplayError::Refused { index, source })?;
                }
                OnboardingEvent::UserCommanded { command } => {
                    onboarding
                        .user_command(command)
                        .map_err(|source| ReplayError::Refused { index, source })?;
                }
                OnboardingEvent::TargetReached { now } => {
                    onboarding
                        .request_target(now)
                        .map_err(|source| ReplayError::TargetRefused { index, source })?;
                }
            }
        }
        Ok(onboarding)
    }

    /// The user.
    pub fn user_id(&self) -> UserId {
        self.user_id
    }

    /// bunq's id of the onboarding.
    pub fn onboarding_id(&self) -> OnboardingId {
        self.onboarding_id
    }

    /// The kind of onboarding.
    pub fn onboarding_type(&self) -> &OnboardingType {
        &self.onboarding_type
    }

    /// The user's status.
    pub fn user_status(&self) -> &UserStatus {
        &self.user_status
    }

    /// The user's verification status; `None` until the target is reached.
    pub fn verification_status(&self) -> Option<&VerificationStatus> {
        self.verification_status.as_ref()
    }

    /// The target the onboarding works towards.
    pub fn target(&self) -> &UpdateOnboarding {
        &self.target
    }

    /// The rows, in order.
    pub fn rows(&self) -> &[Fulfillment] {
        &self.rows
    }

    /// Every change, in order, starting with `created`.
    pub fn events(&self) -> &[OnboardingEvent] {
        &self.events
    }

    /// The verdict on the rows at `now`.
    pub fn assess(&self, now: Timestamp) -> Assessment<'_> {
        Assessment::of(&self.rows, now)
    }

    /// Applies a command to every row of `fulfillment_type`, all or nothing.
    ///
    /// # Errors
    /// [`TransitionError::UnknownFulfillment`] when no row has the type;
    /// [`TransitionError::Fulfillment`] when a row's status does not allow the command.
    pub fn command(
        &mut self,
        fulfillment_type: &FulfillmentType,
        command: FulfillmentCommand,
    ) -> Result<Step<Option<FulfillmentStatus>>, TransitionError> {
        self.commanded(fulfillment_type, command, None)
    }

    /// Rejects the rows of `fulfillment_type` (from `IN_PROGRESS`), keeping `reason` in the event.
    ///
    /// # Errors
    /// As [`Onboarding::command`].
    pub fn reject(
        &mut self,
        fulfillment_type: &FulfillmentType,
        reason: Option<String>,
    ) -> Result<Step<Option<FulfillmentStatus>>, TransitionError> {
        self.commanded(fulfillment_type, FulfillmentCommand::Reject, reason)
    }

    fn commanded(
        &mut self,
        fulfillment_type: &FulfillmentType,
        command: FulfillmentCommand,
        reason: Option<String>,
    ) -> Result<Step<Option<FulfillmentStatus>>, TransitionError> {
        let mut found = false;
        let mut changed_to = None;
        for row in self
            .rows
            .iter()
            .filter(|row| row.fulfillment_type == *fulfillment_type)
        {
            found = true;
            match FULFILLMENT_LIFECYCLE.step(&row.status, command) {
                Some(Step::Changed(to)) => changed_to = changed_to.or(Some(to)),
                Some(Step::Unchanged) => {}
                None => {
                    return Err(TransitionError::Fulfillment {
                        fulfillment_type: fulfillment_type.clone(),
                        status: row.status.clone(),
                        command,
                    });
                }
            }
        }
        if !found {
            return Err(TransitionError::UnknownFulfillment {
                fulfillment_type: fulfillment_type.clone(),
                command,
            });
        }
        let Some(changed_to) = changed_to else {
            return Ok(Step::Unchanged);
        };
        for row in self
            .rows
            .iter_mut()
            .filter(|row| row.fulfillment_type == *fulfillment_type)
        {
            if let Some(Step::Changed(to)) = FULFILLMENT_LIFECYCLE.step(&row.status, command) {
                row.status = to;
            }
        }
        self.events.push(OnboardingEvent::Commanded {
            fulfillment_type: fulfillment_type.clone(),
            command,
            reason,
        });
        Ok(Step::Changed(changed_to))
    }

    /// Applies a command to the user's status.
    ///
    /// # Errors
    /// [`TransitionError::ActivationNeedsTarget`] for [`UserCommand::Activate`] (use
    /// [`Onboarding::request_target`]); [`TransitionError::User`] when the status does not allow
    /// the command.
    pub fn user_command(
        &mut self,
        command: UserCommand,
    ) -> Result<Step<UserStatus>, TransitionError> {
        if command == UserCommand::Activate {
            return Err(TransitionError::ActivationNeedsTarget {
                user_id: self.user_id,
            });
        }
        let step = self.user_step(command)?;
        if let Step::Changed(to) = &step {
            self.user_status = to.clone();
            self.events.push(OnboardingEvent::UserCommanded { command });
        }
        Ok(step)
    }

    fn user_step(&self, command: UserCommand) -> Result<Step<UserStatus>, TransitionError> {
        USER_LIFECYCLE
            .step(&self.user_status, command)
            .ok_or_else(|| TransitionError::User {
                user_id: self.user_id,
                status: self.user_status.clone(),
                command,
            })
    }

    /// Asks for the target (`ACTIVE` / `VERIFIED`) at `now`, as the PUT does at bunq: reached when
    /// nothing blocks, the user's status allowing it.
    ///
    /// # Errors
    /// [`TargetRefusal::Unsupported`] when the onboarding works towards another target (bunq
    /// supports only `ACTIVE` / `VERIFIED`, the only one the user's lifecycle reaches by the
    /// target request); [`TargetRefusal::Lifecycle`] when the user's status cannot become
    /// `ACTIVE`; [`TargetRefusal::Blocked`], which serializes to bunq's `Error` envelope, when a
    /// row blocks.
    pub fn request_target(&mut self, now: Timestamp) -> Result<Step<UserStatus>, TargetRefusal> {
        if self.target != UpdateOnboarding::default() {
            return Err(TargetRefusal::Unsupported {
                target: self.target.clone(),
            });
        }
        let step = self
            .user_step(UserCommand::Activate)
            .map_err(TargetRefusal::Lifecycle)?;
        let assessment = self.assess(now);
        if !assessment.can_reach_target() {
            return Err(TargetRefusal::Blocked(BlockedTarget::new(&assessment)));
        }
        let verified = Some(self.target.user_verification_status_desired.clone());
        if step == Step::Unchanged && self.verification_status == verified {
            return Ok(Step::Unchanged);
        }
        if let Step::Changed(to) = step {
            self.user_status = to;
        }
        self.verification_status = verified;
        self.events.push(OnboardingEvent::TargetReached { now });
        Ok(Step::Changed(self.user_status.clone()))
    }
}

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
