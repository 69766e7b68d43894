//! The report on a PUT answer: the human table and the machine JSON, produced here so that
//! both are tested in the library.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

use crate::names::named;
use crate::report::table::MAX_WIDTH;
use crate::text::Shown;
use crate::{
    ActionRequired, Assessment, Class, ErrorDescription, FulfillmentType, PutAnswer, Timestamp,
    Verdict,
};

named! {
    /// What a PUT answer means for the partner, in one word.
    #[non_exhaustive]
    pub enum Outcome, "outcome" {
        /// bunq listed fulfillments and at least one blocks the target.
        Blocked = "blocked",
        /// bunq listed fulfillments and none blocks: asking again can succeed.
        Ready = "ready",
        /// bunq accepted the target request.
        Accepted = "accepted",
        /// bunq refused for a reason other than fulfillments.
        Rejected = "rejected",
    }
}

impl Outcome {
    /// Whether nothing stands in the way: `ready` or `accepted`.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Ready | Self::Accepted)
    }
}

/// The report on one PUT answer at `now`.
///
/// `Display` writes a table for people (bunq's text escaped, cells cut to a maximum width);
/// `Serialize` writes the machine report, [`Summary`]:
/// `{"outcome", "action_required", "blocking": [TYPE…], "due_later": [{"type", "deadline"}…],
/// "in_review": [TYPE…], "satisfied": [TYPE…], "errors": [DESCRIPTION…]}`.
///
/// ```
/// use bunq_onboarding::{PutAnswer, Report};
/// use bunq_onboarding::report::Outcome;
///
/// let body = r#"{"Error":[{"error_description":"Need more.","error_description_translated":"Meer.",
///   "error_additional_parameter":[{"AdditionalFulfillmentParameter":{"all_fulfillment":[
///     {"type":"EMAIL","status":null,"all_status_allowed":["FULFILLED"]}]}}]}]}"#;
/// let answer = PutAnswer::from_json(body)?;
/// let report = Report::new(&answer, "2025-08-13 14:45:18.621550".parse()?);
/// assert_eq!(report.outcome(), Outcome::Blocked);
/// assert_eq!(report.summary().blocking, ["EMAIL"]);
/// assert!(report.to_string().starts_with("outcome: blocked\nbunq: Need more.\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Report<'a> {
    outcome: Outcome,
    assessment: Option<Assessment<'a>>,
    errors: &'a [ErrorDescription],
}

impl<'a> Report<'a> {
    /// Assesses `answer` at `now`.
    pub fn new(answer: &'a PutAnswer, now: Timestamp) -> Self {
        match answer {
            PutAnswer::Accepted { .. } => Self {
                outcome: Outcome::Accepted,
                assessment: None,
                errors: &[],
            },
            PutAnswer::NeedsFulfillments { parameter, errors } => {
                let assessment = parameter.assess(now);
                Self {
                    outcome: if assessment.can_reach_target() {
                        Outcome::Ready
                    } else {
                        Outcome::Blocked
                    },
                    assessment: Some(assessment),
                    errors,
                }
            }
            PutAnswer::Rejected { errors } => Self {
                outcome: Outcome::Rejected,
                assessment: None,
                errors,
            },
        }
    }

    /// The outcome.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The assessment, when bunq listed fulfillments.
    pub fn assessment(&self) -> Option<&Assessment<'a>> {
        self.assessment.as_ref()
    }

    /// bunq's error descriptions (empty for an accepted answer).
    pub fn errors(&self) -> &'a [ErrorDescription] {
        self.errors
    }

    /// Who acts next: the assessment's answer, `NONE` without fulfillments.
    pub fn action_required(&self) -> ActionRequired {
        self.assessment
            .as_ref()
            .map_or(ActionRequired::NONE, Assessment::action_required)
    }

    /// The machine report, owned.
    pub fn summary(&self) -> Summary {
        let ClassLists {
            blocking,
            due_later,
            in_review,
            satisfied,
        } = ClassLists::of(self.assessment.as_ref());
        Summary {
            outcome: self.outcome,
            action_required: self.action_required(),
            blocking,
            due_later,
            in_review,
            satisfied,
            errors: self
                .errors
                .iter()
                .map(|error| error.description.clone())
                .collect(),
        }
    }
}

/// The types of each class, in order of first appearance, as both machine reports list them.
pub(crate) struct ClassLists {
    pub(crate) blocking: Vec<FulfillmentType>,
    pub(crate) due_later: Vec<DueLater>,
    pub(crate) in_review: Vec<FulfillmentType>,
    pub(crate) satisfied: Vec<FulfillmentType>,
}

impl ClassLists {
    /// The lists of an assessment; empty without one.
    pub(crate) fn of(assessment: Option<&Assessment<'_>>) -> Self {
        let of_class = |class| {
            assessment
                .into_iter()
                .flat_map(move |assessment| assessment.of_class(class))
        };
        let types_of = |class| {
            of_class(class)
                .map(|verdict| verdict.fulfillment_type().clone())
                .collect()
        };
        Self {
            blocking: types_of(Class::Blocking),
            due_later: of_class(Class::DueLater).map(DueLater::of).collect(),
            in_review: types_of(Class::InReview),
            satisfied: types_of(Class::Satisfied),
        }
    }
}

/// The machine report on one answer, owned: what `explain --json` prints and what a consumer of
/// that JSON reads back (`serde_json::from_str::<Summary>`).
///
/// Types are spelled as on the wire, in order of first appearance, each once.
///
/// ```
/// use bunq_onboarding::{PutAnswer, Report};
/// use bunq_onboarding::report::{Outcome, Summary};
///
/// let answer = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#)?;
/// let json = serde_json::to_string(&Report::new(&answer, "2025-08-13 14:45:18.621550".parse()?))?;
/// assert_eq!(json, r#"{"outcome":"accepted","action_required":"NONE","blocking":[],"due_later":[],"in_review":[],"satisfied":[],"errors":[]}"#);
/// let summary: Summary = serde_json::from_str(&json)?;
/// assert_eq!(summary.outcome, Outcome::Accepted);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// The outcome.
    pub outcome: Outcome,
    /// Who acts next, in bunq's words.
    pub action_required: ActionRequired,
    /// The blocking types.
    pub blocking: Vec<FulfillmentType>,
    /// The types due later, with their deadlines.
    pub due_later: Vec<DueLater>,
    /// The types in review.
    pub in_review: Vec<FulfillmentType>,
    /// The satisfied types.
    pub satisfied: Vec<FulfillmentType>,
    /// bunq's error descriptions, in English.
    pub errors: Vec<String>,
}

/// A type that becomes mandatory later, and when: in a report's `"due_later"`, and in the next
/// step's ask (with bunq's reasons).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueLater {
    /// The type (`type` on the wire).
    #[serde(rename = "type")]
    pub fulfillment_type: FulfillmentType,
    /// When it becomes mandatory: the earliest `time_mandatory` of its unsatisfied rows (always
    /// set for a type judged due later).
    pub deadline: Option<Timestamp>,
    /// bunq's reasons for the user, each once, from the rows due later: given where the user is
    /// asked ([`NextStep::AskUser`](crate::NextStep::AskUser)); a report lists the type only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<String>>,
}

impl DueLater {
    /// The type of a verdict due later, without its reasons.
    pub fn of(verdict: &Verdict<'_>) -> Self {
        Self {
            fulfillment_type: verdict.fulfillment_type().clone(),
            deadline: verdict.deadline(),
            reasons: None,
        }
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.summary().serialize(serializer)
    }
}

/// The outcome, bunq's descriptions, then the assessment's table and summary line.
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "outcome: {}", self.outcome.as_str())?;
        for error in self.errors {
            writeln!(f, "bunq: {}", Shown::prose(&error.description, MAX_WIDTH))?;
        }
        match &self.assessment {
            Some(assessment) => write!(f, "\n{assessment}"),
            None => write!(f, "action required: {}", self.action_required()),
        }
    }
}
