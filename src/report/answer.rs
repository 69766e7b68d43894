//! The report on a PUT answer: the human table and the machine JSON, produced here so that
//! both are tested in the library.

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::{
    ActionRequired, Assessment, Class, ErrorDescription, FulfillmentType, PutAnswer, Timestamp,
    Verdict,
};

/// What a PUT answer means for the partner, in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// bunq listed fulfillments and at least one blocks the target.
    Blocked,
    /// bunq listed fulfillments and none blocks: asking again can succeed.
    Ready,
    /// bunq accepted the target request.
    Accepted,
    /// bunq refused for a reason other than fulfillments.
    Rejected,
}

impl Outcome {
    /// The outcome's name in reports: `blocked`, `ready`, `accepted` or `rejected`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Whether nothing stands in the way: `ready` or `accepted`.
    pub fn is_success(self) -> bool {
        matches!(self, Self::Ready | Self::Accepted)
    }
}

/// The report on one PUT answer at `now`.
///
/// `Display` writes a table for people; `Serialize` writes the machine report:
/// `{"outcome", "action_required", "blocking": [TYPE…], "due_later": [{"type", "deadline"}…],
/// "in_review": [TYPE…], "satisfied": [TYPE…], "errors": [DESCRIPTION…]}`, types spelled as on the
/// wire, in order of first appearance, each once.
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

    fn types_of(&self, class: Class) -> impl Iterator<Item = &'a FulfillmentType> + '_ {
        self.assessment
            .iter()
            .flat_map(move |assessment| assessment.of_class(class))
            .map(Verdict::fulfillment_type)
    }
}

/// A list serialized straight from an iterator, without collecting it.
struct SeqOf<F>(F);

impl<F, I> Serialize for SeqOf<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[derive(Serialize)]
struct DueLater<'a> {
    #[serde(rename = "type")]
    fulfillment_type: &'a FulfillmentType,
    deadline: Option<Timestamp>,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut report = serializer.serialize_struct("Report", 7)?;
        report.serialize_field("outcome", self.outcome.as_str())?;
        report.serialize_field("action_required", &self.action_required())?;
        report.serialize_field("blocking", &SeqOf(|| self.types_of(Class::Blocking)))?;
        let due_later = || {
            self.assessment
                .iter()
                .flat_map(|assessment| assessment.of_class(Class::DueLater))
                .map(|verdict| DueLater {
                    fulfillment_type: verdict.fulfillment_type(),
                    deadline: verdict.deadline(),
                })
        };
        report.serialize_field("due_later", &SeqOf(due_later))?;
        report.serialize_field("in_review", &SeqOf(|| self.types_of(Class::InReview)))?;
        report.serialize_field("satisfied", &SeqOf(|| self.types_of(Class::Satisfied)))?;
        let errors = || self.errors.iter().map(|error| &error.description);
        report.serialize_field("errors", &SeqOf(errors))?;
        report.end()
    }
}

/// The outcome, bunq's descriptions, then the assessment's table and summary line.
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "outcome: {}", self.outcome.as_str())?;
        for error in self.errors {
            writeln!(f, "bunq: {}", error.description)?;
        }
        match &self.assessment {
            Some(assessment) => write!(f, "\n{assessment}"),
            None => write!(f, "action required: {}", self.action_required()),
        }
    }
}
