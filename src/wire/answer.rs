//! bunq's answer envelopes as on the wire, and what an answer to the onboarding `PUT` means.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::AdditionalFulfillmentParameter;

/// A whole answer of bunq, lossless: `{"Response":[…]}` or `{"Error":[…]}`.
///
/// Parsing then serializing gives the same JSON value back, unknown wrapped objects included.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Envelope {
    /// A success: the objects bunq returns, each wrapped in its type name.
    Response(Vec<ResponseItem>),
    /// A refusal: bunq's errors.
    Error(Vec<BunqError>),
}

impl Envelope {
    /// Reads an envelope from JSON text.
    ///
    /// # Errors
    /// [`ParseError`] naming what was expected, the path and the line and column.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        from_json(text)
    }

    /// Reads an envelope from bytes, such as an HTTP body; bytes that are not UTF-8 are a
    /// [`ParseErrorKind::Syntax`] error at their position.
    ///
    /// # Errors
    /// As [`Envelope::from_json`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        from_json_bytes(bytes)
    }
}

/// One object of a `Response` envelope.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ResponseItem {
    /// `{"Id":{"id":N}}`: the id of what was created or updated.
    Id(Id),
    /// A wrapped object this crate does not model, kept as it was.
    Other(OtherObject),
}

/// bunq's `Id` object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Id {
    /// The id.
    pub id: u64,
}

/// One error of an `Error` envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BunqError {
    /// The description, in English.
    #[serde(default)]
    pub error_description: String,
    /// The description in the language of the request's `X-Bunq-Language`.
    #[serde(default)]
    pub error_description_translated: String,
    /// What the error carries, each object wrapped in its type name; absent on most errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_additional_parameter: Option<Vec<AdditionalParameter>>,
}

/// One object of `error_additional_parameter`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum AdditionalParameter {
    /// `{"AdditionalFulfillmentParameter":{…}}`: what the user still has to provide.
    Fulfillment(AdditionalFulfillmentParameter),
    /// A wrapped object this crate does not model, kept as it was.
    Other(OtherObject),
}

/// A wrapped object the crate does not model: its type name and its JSON, kept to be written
/// back unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherObject {
    /// The type name it was wrapped in.
    pub name: String,
    /// The object itself.
    pub value: serde_json::Value,
}

/// The meaning of bunq's answer to `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`.
///
/// ```
/// use bunq_onboarding::PutAnswer;
///
/// let answer = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#)?;
/// assert_eq!(answer, PutAnswer::Accepted { id: 260 });
/// # Ok::<(), bunq_onboarding::ParseError>(())
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

/// An error's description, in English and translated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDescription {
    /// `error_description`.
    pub description: String,
    /// `error_description_translated`.
    pub translated: String,
}

impl PutAnswer {
    /// Reads the body of bunq's answer.
    ///
    /// # Errors
    /// [`ParseError`] for text that is not JSON, not an envelope, a `Response` without an `Id`,
    /// or a field of the wrong type; it names the path, the line and the column.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        from_json(text)
    }

    /// Reads the body of bunq's answer from bytes, such as an HTTP body; bytes that are not UTF-8
    /// are a [`ParseErrorKind::Syntax`] error at their position.
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

/// The wire shape of a PUT answer: an envelope whose `Response` must hold an `Id`.
#[derive(Deserialize)]
enum RawPutAnswer {
    Response(FirstId),
    Error(Vec<BunqError>),
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
                    if let (None, ResponseItem::Id(Id { id })) = (first, item) {
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
        Ok(match RawPutAnswer::deserialize(deserializer)? {
            RawPutAnswer::Response(FirstId(id)) => Self::Accepted { id },
            RawPutAnswer::Error(errors) => Self::from_errors(errors),
        })
    }
}

/// Why a JSON text could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {}line {line} column {column}", path_prefix(.path))]
pub struct ParseError {
    kind: ParseErrorKind,
    message: String,
    path: String,
    line: usize,
    column: usize,
}

/// The kind of a [`ParseError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// Not JSON (or nested deeper than 128 levels).
    Syntax,
    /// JSON, but not what bunq sends there: a wrong type, a bad timestamp, no envelope.
    Data,
    /// The text ends before the JSON does: truncated input.
    Eof,
}

impl ParseError {
    /// What kind of failure it is.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the document, e.g. `Error[0].error_additional_parameter[0]`; `.` for the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, from 1 (0 when the text ended before the line had any).
    pub fn column(&self) -> usize {
        self.column
    }
}

/// The path as the start of a location, nothing for the top level.
fn path_prefix(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!("`{path}`, ")
    }
}

/// Parses at full speed; only on failure parses again to learn the path.
fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    serde_json::from_str(text).map_err(|error| {
        located(
            &error,
            path_of::<T, _>(serde_json::Deserializer::from_str(text)),
        )
    })
}

/// As [`from_json`], for bytes that may not be UTF-8.
fn from_json_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    serde_json::from_slice(bytes).map_err(|error| {
        located(
            &error,
            path_of::<T, _>(serde_json::Deserializer::from_slice(bytes)),
        )
    })
}

/// Where in the document reading a `T` fails; `.` when the value itself was whole.
fn path_of<'de, T: DeserializeOwned, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> String {
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) => located.path().to_string(),
        Ok(_) => ".".to_owned(),
    }
}

fn located(error: &serde_json::Error, path: String) -> ParseError {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    ParseError {
        kind: match error.classify() {
            serde_json::error::Category::Eof => ParseErrorKind::Eof,
            serde_json::error::Category::Data => ParseErrorKind::Data,
            serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
                ParseErrorKind::Syntax
            }
        },
        message: full.strip_suffix(&position).unwrap_or(&full).to_owned(),
        path,
        line: error.line(),
        column: error.column(),
    }
}

/// Reads `{"Name": value}`: `Ok` with the value when `Name` is `known`, else the object kept.
fn deserialize_wrapped<'de, D, T>(
    deserializer: D,
    known: &'static str,
) -> Result<Result<T, OtherObject>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct WrappedVisitor<T>(&'static str, std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for WrappedVisitor<T> {
        type Value = Result<T, OtherObject>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "an object with one key, its type name such as `{}`",
                self.0
            )
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let Some(name) = map.next_key::<String>()? else {
                return Err(de::Error::invalid_length(0, &self));
            };
            let wrapped = if name == self.0 {
                Ok(map.next_value()?)
            } else {
                Err(OtherObject {
                    value: map.next_value()?,
                    name,
                })
            };
            match map.next_key::<de::IgnoredAny>()? {
                None => Ok(wrapped),
                Some(_) => Err(de::Error::invalid_length(2, &self)),
            }
        }
    }

    deserializer.deserialize_map(WrappedVisitor(known, std::marker::PhantomData))
}

fn serialize_wrapped<S: Serializer>(
    serializer: S,
    name: &str,
    value: &impl Serialize,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

impl<'de> Deserialize<'de> for ResponseItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(deserialize_wrapped(deserializer, "Id")?.map_or_else(Self::Other, Self::Id))
    }
}

impl Serialize for ResponseItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => serialize_wrapped(serializer, "Id", id),
            Self::Other(other) => serialize_wrapped(serializer, &other.name, &other.value),
        }
    }
}

impl<'de> Deserialize<'de> for AdditionalParameter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(
            deserialize_wrapped(deserializer, "AdditionalFulfillmentParameter")?
                .map_or_else(Self::Other, Self::Fulfillment),
        )
    }
}

impl Serialize for AdditionalParameter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Fulfillment(parameter) => {
                serialize_wrapped(serializer, "AdditionalFulfillmentParameter", parameter)
            }
            Self::Other(other) => serialize_wrapped(serializer, &other.name, &other.value),
        }
    }
}
