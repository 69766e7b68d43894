//! The lifecycles of a fulfillment row and of a user (`docs/rules.md` L1–L3): tables of data, one lookup.
//!
//! bunq publishes no transition rules; these are the crate's. A command whose table entry exists
//! changes the state; a command that lands where the state already is (a repeated webhook) is a
//! no-op; anything else is refused. The Mermaid picture and the Markdown table are generated from
//! the same table, never written twice.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::names::named;

use crate::{FulfillmentStatus, InquiryEntryStatus, InquiryStatus, UserStatus};

/// The lifecycles are the crate's tables: their states and commands are the crate's types only.
mod sealed {
    pub trait Sealed {}

    impl Sealed for Option<crate::FulfillmentStatus> {}
    impl Sealed for crate::UserStatus {}
    impl Sealed for crate::FulfillmentCommand {}
    impl Sealed for crate::UserCommand {}
    impl Sealed for crate::InquiryEntryStatus {}
    impl Sealed for crate::InquiryStatus {}
    impl Sealed for crate::InquiryEntryCommand {}
    impl Sealed for crate::InquiryCommand {}
}

/// A state of a lifecycle, with the name its picture and errors show. Sealed: implemented by the
/// crate's states only.
pub trait LifecycleState: sealed::Sealed + Clone + PartialEq {
    /// The state's name: its wire spelling, or `not started` for a row without a status.
    fn name(&self) -> &str;
}

impl LifecycleState for Option<FulfillmentStatus> {
    fn name(&self) -> &str {
        self.as_ref()
            .map_or("not started", FulfillmentStatus::as_str)
    }
}

macro_rules! lifecycle_states {
    ($($state:ty),+) => {
        $(
            impl LifecycleState for $state {
                fn name(&self) -> &str {
                    self.as_str()
                }
            }
        )+
    };
}

lifecycle_states!(UserStatus, InquiryEntryStatus, InquiryStatus);

/// A command of a lifecycle, with its name. Sealed: implemented by the crate's commands only.
pub trait LifecycleCommand: sealed::Sealed + Copy + PartialEq + 'static {
    /// The command's name, lowercase.
    fn name(self) -> &'static str;

    /// Every command, in declaration order.
    fn all() -> &'static [Self];
}

named! {
    /// What the partner (or a reviewer) does to one fulfillment row.
    #[non_exhaustive]
    pub enum FulfillmentCommand, "fulfillment command" {
        /// Not started → `IN_PROGRESS`: the user provided it; review follows.
        Submit = "submit",
        /// Not started → `FULFILLED`: provided and accepted at once.
        Accept = "accept",
        /// `IN_PROGRESS` → `FULFILLED`: the review passed.
        Approve = "approve",
        /// `IN_PROGRESS` → not started: the review failed; the user must provide it again.
        Reject = "reject",
        /// `FULFILLED` → not started: the data changed or expired.
        Invalidate = "invalidate",
    }
}

named! {
    /// What happens to a user's status.
    #[non_exhaustive]
    pub enum UserCommand, "user command" {
        /// `SIGNUP` → `ACTIVE`: only through the onboarding's target request, when nothing blocks.
        Activate = "activate",
        /// `SIGNUP` → `DENIED`: bunq refuses the user; terminal.
        Deny = "deny",
        /// `SIGNUP` → `ABORTED`: the user gives up; terminal.
        Abort = "abort",
        /// `ACTIVE` → `BLOCKED`: bunq blocks the user.
        Block = "block",
        /// `BLOCKED` → `ACTIVE`: bunq unblocks the user.
        Unblock = "unblock",
        /// `ACTIVE` → `RECOVERY`: account recovery starts.
        StartRecovery = "start_recovery",
        /// `RECOVERY` → `ACTIVE`: account recovery ends.
        EndRecovery = "end_recovery",
    }
}

named! {
    /// What happens to a compliance inquiry's entry. Only bunq moves it: these name what the
    /// record observes, and a move no command makes is an anomaly.
    #[non_exhaustive]
    pub enum InquiryEntryCommand, "inquiry entry command" {
        /// `PENDING` → `WAITING_FOR_REVIEW`: the partner answered for the user.
        Answer = "answer",
        /// `PENDING` → `SUBMITTED`: the user answered bunq directly.
        AnswerDirectly = "answer_directly",
        /// → `APPROVED`: a reviewer at bunq approved the answer; final.
        Approve = "approve",
        /// → `REJECTED`: a reviewer rejected it; final (bunq appends a new entry for more).
        Reject = "reject",
        /// → `AUTO_APPROVED`: bunq approved it automatically; final.
        AutoApprove = "auto_approve",
        /// → `AUTO_REJECTED`: bunq rejected it automatically; final.
        AutoReject = "auto_reject",
        /// → `CANCELLED`: no longer needed; final.
        Cancel = "cancel",
    }
}

named! {
    /// What happens to a compliance inquiry, as the record observes it.
    #[non_exhaustive]
    pub enum InquiryCommand, "inquiry command" {
        /// `EXPECTING_REPLY_FROM_USER` → `EXPECTING_REPLY_FROM_BUNQ`: every entry is answered.
        AllAnswered = "all_answered",
        /// `EXPECTING_REPLY_FROM_BUNQ` → `EXPECTING_REPLY_FROM_USER`: bunq appended an entry.
        EntryAppended = "entry_appended",
        /// → `FINALIZED`: closed; final.
        Finalize = "finalize",
    }
}

macro_rules! lifecycle_commands {
    ($($command:ty),+) => {
        $(
            impl LifecycleCommand for $command {
                fn name(self) -> &'static str {
                    self.as_str()
                }

                fn all() -> &'static [Self] {
                    Self::ALL
                }
            }
        )+
    };
}

lifecycle_commands!(
    FulfillmentCommand,
    UserCommand,
    InquiryEntryCommand,
    InquiryCommand
);

/// One entry of a lifecycle table: `command` moves `from` to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition<S: 'static, C: 'static> {
    /// The state before.
    pub from: S,
    /// The command.
    pub command: C,
    /// The state after.
    pub to: S,
}

/// The result of a command the lifecycle accepts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step<S> {
    /// The state changed to this one.
    Changed(S),
    /// The command landed where the state already was: a no-op.
    Unchanged,
}

impl<S> Step<S> {
    /// Whether the state changed (`false` for a no-op).
    pub fn is_changed(&self) -> bool {
        matches!(self, Self::Changed(_))
    }
}

/// A lifecycle: its start, its known states and its table.
///
#[doc = include_str!("../../docs/lifecycle.md")]
#[derive(Debug)]
pub struct Lifecycle<S: 'static, C: 'static> {
    start: S,
    states: &'static [S],
    transitions: &'static [Transition<S, C>],
}

/// The lifecycle of one fulfillment row; its states are `Option<FulfillmentStatus>` (`None`: not
/// started). Unknown statuses have no commands.
pub const FULFILLMENT_LIFECYCLE: Lifecycle<Option<FulfillmentStatus>, FulfillmentCommand> = {
    const NOT_STARTED: Option<FulfillmentStatus> = None;
    const IN_PROGRESS: Option<FulfillmentStatus> = Some(FulfillmentStatus::IN_PROGRESS);
    const FULFILLED: Option<FulfillmentStatus> = Some(FulfillmentStatus::FULFILLED);
    const fn t(
        from: Option<FulfillmentStatus>,
        command: FulfillmentCommand,
        to: Option<FulfillmentStatus>,
    ) -> Transition<Option<FulfillmentStatus>, FulfillmentCommand> {
        Transition { from, command, to }
    }
    Lifecycle {
        start: NOT_STARTED,
        states: &[NOT_STARTED, IN_PROGRESS, FULFILLED],
        transitions: &[
            t(NOT_STARTED, FulfillmentCommand::Submit, IN_PROGRESS),
            t(NOT_STARTED, FulfillmentCommand::Accept, FULFILLED),
            t(IN_PROGRESS, FulfillmentCommand::Reject, NOT_STARTED),
            t(IN_PROGRESS, FulfillmentCommand::Approve, FULFILLED),
            t(FULFILLED, FulfillmentCommand::Invalidate, NOT_STARTED),
        ],
    }
};

/// The lifecycle of a user's status. `DENIED` and `ABORTED` are terminal.
pub const USER_LIFECYCLE: Lifecycle<UserStatus, UserCommand> = {
    const fn t(
        from: UserStatus,
        command: UserCommand,
        to: UserStatus,
    ) -> Transition<UserStatus, UserCommand> {
        Transition { from, command, to }
    }
    Lifecycle {
        start: UserStatus::SIGNUP,
        states: &[
            UserStatus::SIGNUP,
            UserStatus::ACTIVE,
            UserStatus::BLOCKED,
            UserStatus::RECOVERY,
            UserStatus::DENIED,
            UserStatus::ABORTED,
        ],
        transitions: &[
            t(
                UserStatus::SIGNUP,
                UserCommand::Activate,
                UserStatus::ACTIVE,
            ),
            t(UserStatus::SIGNUP, UserCommand::Deny, UserStatus::DENIED),
            t(UserStatus::SIGNUP, UserCommand::Abort, UserStatus::ABORTED),
            t(UserStatus::ACTIVE, UserCommand::Block, UserStatus::BLOCKED),
            t(
                UserStatus::BLOCKED,
                UserCommand::Unblock,
                UserStatus::ACTIVE,
            ),
            t(
                UserStatus::ACTIVE,
                UserCommand::StartRecovery,
                UserStatus::RECOVERY,
            ),
            t(
                UserStatus::RECOVERY,
                UserCommand::EndRecovery,
                UserStatus::ACTIVE,
            ),
        ],
    }
};

/// The lifecycle of a compliance inquiry's entry (`docs/rules.md` Q12): answered, then reviewed;
/// `APPROVED`, `REJECTED`, `AUTO_APPROVED`, `AUTO_REJECTED` and `CANCELLED` are final.
pub const INQUIRY_ENTRY_LIFECYCLE: Lifecycle<InquiryEntryStatus, InquiryEntryCommand> = {
    use InquiryEntryCommand as C;
    use InquiryEntryStatus as S;
    const fn t(
        from: InquiryEntryStatus,
        command: InquiryEntryCommand,
        to: InquiryEntryStatus,
    ) -> Transition<InquiryEntryStatus, InquiryEntryCommand> {
        Transition { from, command, to }
    }
    Lifecycle {
        start: S::PENDING,
        states: &[
            S::PENDING,
            S::WAITING_FOR_REVIEW,
            S::SUBMITTED,
            S::APPROVED,
            S::REJECTED,
            S::AUTO_APPROVED,
            S::AUTO_REJECTED,
            S::CANCELLED,
        ],
        transitions: &[
            t(S::PENDING, C::Answer, S::WAITING_FOR_REVIEW),
            t(S::PENDING, C::AnswerDirectly, S::SUBMITTED),
            t(S::WAITING_FOR_REVIEW, C::Approve, S::APPROVED),
            t(S::WAITING_FOR_REVIEW, C::Reject, S::REJECTED),
            t(S::WAITING_FOR_REVIEW, C::AutoApprove, S::AUTO_APPROVED),
            t(S::WAITING_FOR_REVIEW, C::AutoReject, S::AUTO_REJECTED),
            t(S::SUBMITTED, C::Approve, S::APPROVED),
            t(S::SUBMITTED, C::Reject, S::REJECTED),
            t(S::SUBMITTED, C::AutoApprove, S::AUTO_APPROVED),
            t(S::SUBMITTED, C::AutoReject, S::AUTO_REJECTED),
            t(S::PENDING, C::Cancel, S::CANCELLED),
            t(S::SUBMITTED, C::Cancel, S::CANCELLED),
            t(S::WAITING_FOR_REVIEW, C::Cancel, S::CANCELLED),
        ],
    }
};

/// The lifecycle of a compliance inquiry (`docs/rules.md` Q12): back to the user when bunq appends
/// an entry; `FINALIZED` is final.
pub const INQUIRY_LIFECYCLE: Lifecycle<InquiryStatus, InquiryCommand> = {
    use InquiryCommand as C;
    use InquiryStatus as S;
    const fn t(
        from: InquiryStatus,
        command: InquiryCommand,
        to: InquiryStatus,
    ) -> Transition<InquiryStatus, InquiryCommand> {
        Transition { from, command, to }
    }
    Lifecycle {
        start: S::EXPECTING_REPLY_FROM_USER,
        states: &[
            S::EXPECTING_REPLY_FROM_USER,
            S::EXPECTING_REPLY_FROM_BUNQ,
            S::FINALIZED,
        ],
        transitions: &[
            t(
                S::EXPECTING_REPLY_FROM_USER,
                C::AllAnswered,
                S::EXPECTING_REPLY_FROM_BUNQ,
            ),
            t(
                S::EXPECTING_REPLY_FROM_BUNQ,
                C::EntryAppended,
                S::EXPECTING_REPLY_FROM_USER,
            ),
            t(S::EXPECTING_REPLY_FROM_USER, C::Finalize, S::FINALIZED),
            t(S::EXPECTING_REPLY_FROM_BUNQ, C::Finalize, S::FINALIZED),
        ],
    }
};

impl<S: LifecycleState, C: LifecycleCommand> Lifecycle<S, C> {
    /// Where every instance starts.
    pub fn start(&self) -> &S {
        &self.start
    }

    /// The states the lifecycle knows, start first.
    pub fn states(&self) -> &'static [S] {
        self.states
    }

    /// The table.
    pub fn transitions(&self) -> &'static [Transition<S, C>] {
        self.transitions
    }

    /// What `command` does in `from`: [`Step::Changed`] along a table entry, [`Step::Unchanged`]
    /// when the command lands where `from` already is, `None` when it is refused. Allocates
    /// nothing.
    pub fn step(&self, from: &S, command: C) -> Option<Step<S>> {
        let mut lands_here = false;
        for transition in self.transitions.iter().filter(|t| t.command == command) {
            if transition.from == *from {
                return Some(Step::Changed(transition.to.clone()));
            }
            lands_here |= transition.to == *from;
        }
        lands_here.then_some(Step::Unchanged)
    }

    /// Whether a state may go to another: the same state, or a table entry between them.
    pub fn allows(&self, from: &S, to: &S) -> bool {
        from == to
            || self
                .transitions
                .iter()
                .any(|t| t.from == *from && t.to == *to)
    }

    /// The commands that change `from`, in table order.
    pub fn commands_from<'a>(&'a self, from: &'a S) -> impl Iterator<Item = C> + 'a {
        self.transitions
            .iter()
            .filter(move |t| t.from == *from)
            .map(|t| t.command)
    }

    /// Whether `state` is known and has no way out.
    pub fn is_terminal(&self, state: &S) -> bool {
        self.states.contains(state) && self.commands_from(state).next().is_none()
    }

    /// The Mermaid state diagram of the table.
    pub fn mermaid(&self) -> String {
        let id = |state: &S| state.name().replace(' ', "_");
        let mut text = String::from("stateDiagram-v2\n");
        for state in self
            .states
            .iter()
            .filter(|state| state.name().contains(' '))
        {
            let _ = writeln!(text, "    state \"{}\" as {}", state.name(), id(state));
        }
        let _ = writeln!(text, "    [*] --> {}", id(&self.start));
        for t in self.transitions {
            let _ = writeln!(
                text,
                "    {} --> {}: {}",
                id(&t.from),
                id(&t.to),
                t.command.name()
            );
        }
        for state in self.states.iter().filter(|state| self.is_terminal(state)) {
            let _ = writeln!(text, "    {} --> [*]", id(state));
        }
        text
    }

    /// The table as Markdown: one row per transition.
    pub fn markdown_table(&self) -> String {
        let mut text = String::from("| from | command | to |\n| --- | --- | --- |\n");
        for t in self.transitions {
            let _ = writeln!(
                text,
                "| {} | {} | {} |",
                t.from.name(),
                t.command.name(),
                t.to.name()
            );
        }
        text
    }
}
