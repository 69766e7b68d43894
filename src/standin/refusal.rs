//! The refused target request: why ([`TargetRefusal`]), and what blocks it, written as bunq's
//! own `Error` envelope ([`BlockedTarget`]).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::text::Word;
use crate::wire::error_answer::ErrorAnswer;
use crate::{
    AdditionalFulfillmentParameter, Assessment, ErrorDescription, Fulfillment, FulfillmentType,
    TransitionError, UpdateOnboarding,
};

/// The target was asked for while something blocks it.
///
/// It serializes (with any serde format) to bunq's own answer: `{"Error":[{"error_description":
/// …, "error_description_translated": …, "error_additional_parameter":[{
/// "AdditionalFulfillmentParameter": {…}}]}]}`, unsatisfied rows in `all_fulfillment` and satisfied
/// ones in `all_fulfillment_fulfilled`, so a partner's tests can use the crate as a stand-in for
/// bunq and read the refusal with `PutAnswer::from_json`.
///
/// Both `error_description` and `error_description_translated` are bunq's English text
/// ([`BlockedTarget::DESCRIPTION`]): the stand-in does not translate.
///
/// ```
/// use bunq_onboarding::{Onboarding, Policy};
/// use bunq_onboarding::ids::{OnboardingId, UserId};
/// use bunq_onboarding::standin::TargetRefusal;
///
/// let mut onboarding = Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
/// let Err(TargetRefusal::Blocked(blocked)) = onboarding.request_target("2025-08-13 14:45:18.621550".parse()?) else {
///     unreachable!("nothing was provided yet")
/// };
/// assert_eq!(blocked.blocking_types().len(), 6);
/// # #[cfg(feature = "json")] {
/// let answer = serde_json::to_value(&blocked)?;
/// assert_eq!(answer["Error"][0]["error_description"], bunq_onboarding::standin::BlockedTarget::DESCRIPTION);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockedTarget {
    blocking: Vec<Fulfillment>,
    parameter: AdditionalFulfillmentParameter,
}

impl BlockedTarget {
    /// bunq's description of this refusal, word for word.
    pub const DESCRIPTION: &'static str =
        "You need to provide additional information in order to perform this action.";

    /// The refusal of an assessment with blocking rows: those rows, and every row assessed,
    /// unsatisfied ones first, as bunq lists them.
    pub(crate) fn new(assessment: &Assessment<'_>) -> Self {
        let (satisfied, unsatisfied): (Vec<_>, Vec<_>) = assessment
            .rows()
            .cloned()
            .partition(Fulfillment::is_satisfied);
        Self {
            blocking: assessment.blocking_rows().cloned().collect(),
            parameter: AdditionalFulfillmentParameter {
                all_fulfillment: unsatisfied,
                all_fulfillment_fulfilled: satisfied,
            },
        }
    }

    /// The rows that block: unsatisfied and mandatory at the time of the request.
    pub fn blocking_rows(&self) -> &[Fulfillment] {
        &self.blocking
    }

    /// The blocking types, each once, in order.
    pub fn blocking_types(&self) -> Vec<&FulfillmentType> {
        let mut types: Vec<&FulfillmentType> = Vec::new();
        for row in &self.blocking {
            if !types.contains(&&row.fulfillment_type) {
                types.push(&row.fulfillment_type);
            }
        }
        types
    }

    /// The parameter bunq would send: every row, unsatisfied ones first.
    pub fn parameter(&self) -> &AdditionalFulfillmentParameter {
        &self.parameter
    }
}

impl fmt::Display for BlockedTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the target is blocked by ")?;
        for (i, fulfillment_type) in self.blocking_types().into_iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Word(fulfillment_type.as_str()))?;
        }
        Ok(())
    }
}

impl std::error::Error for BlockedTarget {}

impl Serialize for BlockedTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ErrorAnswer {
            errors: &[ErrorDescription {
                description: Self::DESCRIPTION.to_owned(),
                translated: Self::DESCRIPTION.to_owned(),
            }],
            parameter: Some(&self.parameter),
        }
        .serialize(serializer)
    }
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
