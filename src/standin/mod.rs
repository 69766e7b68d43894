//! The stand-in for bunq: a local onboarding that takes commands through the lifecycles and
//! refuses the target exactly as bunq would.

pub(crate) mod onboarding;
pub(crate) mod policy;
pub(crate) mod refusal;

pub use onboarding::{Onboarding, OnboardingEvent, ReplayError, TransitionError};
pub use policy::{Policy, Requirement};
pub use refusal::{BlockedTarget, TargetRefusal};
