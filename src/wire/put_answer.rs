//! What an answer to the onboarding `PUT` means.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::wire::envelope::{Body, Skipped, deserialize_answer};
use crate::wire::error_answer::ErrorAnswer;
use crate::wire::parse::{ParseError, from_json, from_json_bytes};
use crate::{
    AdditionalFulfillmentParameter, AdditionalParameter, BareId, BunqError, Content, Envelope,
    ErrorDescription, ResponseItem,
};

/// The meaning of bunq's answer to `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`.
///
/// Serializing writes bunq's envelope for that meaning (`{"Response":[{"Id":…}]}` or
/// `{"Error":[…]}`, the fulfillment parameter on the first error), which reads back to the same
/// value. It is the meaning, not the text: other top-level members are not kept (use
/// [`Envelope`] for that), and the rows of several parameters come back as one.
///
/// ```
/// use bunq_onboarding::PutAnswer;
///
/// let answer = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#)?;
/// assert_eq!(answer, PutAnswer::Accepted { id: 260 });
/// assert_eq!(serde_json::to_string(&answer)?, r#"{"Response":[{"Id":{"id":260}}]}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PutAnswer {
    /// bunq took the target request: `{"Response":[{"Id":{"id":N}}]}`. bunq may still be
    /// processing the user.
    Accepted {
        /// The onboarding's id.
        id: u64,
    },
    /// bunq refused because fulfillments are missing: an `Error` carrying an
    /// `AdditionalFulfillmentParameter` (several are merged, lists in order).
    NeedsFulfillments {
        /// The rows: what is still required and what is done.
        parameter: AdditionalFulfillmentParameter,
        /// bunq's error descriptions.
        errors: Vec<ErrorDescription>,
    },
    /// bunq refused for another reason: an `Error` without fulfillments.
    Rejected {
        /// bunq's error descriptions.
        errors: Vec<ErrorDescription>,
    },
}

impl PutAnswer {
    /// Reads the body of bunq's answer. Other top-level members (`Pagination`…) are allowed and
    /// skipped.
    ///
    /// # Errors
    /// [`ParseError`] for text that is not JSON, not an envelope, a callback, a `Response`
    /// without an `Id`, or a field of the wrong type; it names the path, the line and the
    /// column.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        from_json(text)
    }

    /// Reads the body of bunq's answer from bytes, such as an HTTP body; bytes that are not UTF-8
    /// are a [`ParseErrorKind::Syntax`](crate::ParseErrorKind::Syntax) error at their position.
    ///
    /// # Errors
    /// As [`PutAnswer::from_json`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        from_json_bytes(bytes)
    }

    /// Interprets the errors of an `Error` envelope.
    fn from_errors(errors: Vec<BunqError>) -> Self {
        let mut merged: Option<AdditionalFulfillmentParameter> = None;
        let mut descriptions = Vec::with_capacity(errors.len());
        for error in errors {
            for parameter in error.error_additional_parameter.into_iter().flatten() {
                let AdditionalParameter::Fulfillment(parameter) = parameter else {
                    continue;
                };
                match &mut merged {
                    None => merged = Some(parameter),
                    Some(into) => {
                        into.all_fulfillment.extend(parameter.all_fulfillment);
                        into.all_fulfillment_fulfilled
                            .extend(parameter.all_fulfillment_fulfilled);
                    }
                }
            }
            descriptions.push(ErrorDescription {
                description: error.error_description,
                translated: error.error_description_translated,
            });
        }
        match merged {
            Some(parameter) => Self::NeedsFulfillments {
                parameter,
                errors: descriptions,
            },
            None => Self::Rejected {
                errors: descriptions,
            },
        }
    }
}

/// An envelope that does not answer the onboarding `PUT`: a `Response` without an `Id`, or a
/// callback. The envelope is given back whole.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("not an answer to the onboarding PUT: {}", match .0.content {
    Content::Callback(_) => "a callback",
    _ => "a `Response` without an `Id` object",
})]
pub struct NotAnAnswer(pub Envelope);

/// The meaning of an envelope already read, without parsing it again.
///
/// ```
/// use bunq_onboarding::{Envelope, PutAnswer};
///
/// let envelope = Envelope::from_json(r#"{"Response":[{"Id":{"id":260}}],"Pagination":{}}"#)?;
/// assert_eq!(PutAnswer::try_from(envelope)?, PutAnswer::Accepted { id: 260 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl TryFrom<Envelope> for PutAnswer {
    type Error = NotAnAnswer;

    fn try_from(envelope: Envelope) -> Result<Self, NotAnAnswer> {
        let id = match &envelope.content {
            Content::Error(_) => None,
            Content::Response(items) => items.iter().find_map(|item| match item {
                ResponseItem::Id(BareId { id }) => Some(*id),
                _ => None,
            }),
            _ => return Err(NotAnAnswer(envelope)),
        };
        match (envelope.content, id) {
            (Content::Error(errors), _) => Ok(Self::from_errors(errors)),
            (_, Some(id)) => Ok(Self::Accepted { id }),
            (content, None) => Err(NotAnAnswer(Envelope {
                content,
                ..envelope
            })),
        }
    }
}

/// The first `Id` of a `Response` list; other objects are skipped.
struct FirstId(u64);

impl<'de> Deserialize<'de> for FirstId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FirstIdVisitor;

        impl<'de> Visitor<'de> for FirstIdVisitor {
            type Value = FirstId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of objects holding an `Id`")
            }

            // Raised inside the list, so the error carries the position of its end.
            fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<FirstId, A::Error> {
                let mut first: Option<u64> = None;
                while let Some(item) = items.next_element::<ResponseItem>()? {
                    if let (None, ResponseItem::Id(BareId { id })) = (first, item) {
                        first = Some(id);
                    }
                }
                first.map(FirstId).ok_or_else(|| {
                    de::Error::custom("expected an `Id` object in the `Response` list")
                })
            }
        }

        deserializer.deserialize_seq(FirstIdVisitor)
    }
}

impl<'de> Deserialize<'de> for PutAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (body, Skipped) = deserialize_answer(deserializer)?;
        match body {
            Body::Response(FirstId(id)) => Ok(Self::Accepted { id }),
            Body::Error(errors) => Ok(Self::from_errors(errors)),
            Body::Callback(_) => Err(de::Error::custom(
                "a callback (`NotificationUrl`), not an answer to the onboarding PUT",
            )),
        }
    }
}

impl Serialize for PutAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Accepted { id } => Envelope {
                content: Content::Response(vec![ResponseItem::Id(BareId { id: *id })]),
                pagination: None,
                members: crate::Members::new(),
            }
            .serialize(serializer),
            Self::NeedsFulfillments { parameter, errors } => ErrorAnswer {
                errors,
                parameter: Some(parameter),
            }
            .serialize(serializer),
            Self::Rejected { errors } => ErrorAnswer {
                errors,
                parameter: None,
            }
            .serialize(serializer),
        }
    }
}
