//! bunq's `Error` answer as written: the descriptions, and the fulfillment parameter when
//! fulfillments are missing. Both a parsed [`PutAnswer`](crate::PutAnswer) and the stand-in's
//! [`BlockedTarget`](crate::BlockedTarget) are written through here.

use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct, Serializer};

use crate::AdditionalFulfillmentParameter;
use crate::wire::members::{ADDITIONAL_FULFILLMENT_PARAMETER, ERROR};

/// An error's description, in English and translated.
///
/// `Display` shows the English description as it was (it is bunq's text: escape it before it
/// reaches a terminal).
///
/// ```
/// use bunq_onboarding::wire::ErrorDescription;
///
/// let error = ErrorDescription { description: "User not found.".into(), translated: "Niet gevonden.".into() };
/// assert_eq!(error.to_string(), "User not found.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ErrorDescription {
    /// `error_description`.
    #[serde(rename = "error_description")]
    pub description: String,
    /// `error_description_translated`.
    #[serde(rename = "error_description_translated")]
    pub translated: String,
}

/// Written as bunq's error, without parameters.
impl Serialize for ErrorDescription {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OneError {
            error: self,
            parameter: None,
        }
        .serialize(serializer)
    }
}

impl fmt::Display for ErrorDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

/// `{"Error":[…]}`: one error per description, the first carrying the fulfillment parameter if any
/// (one error of empty descriptions carries it when there are none).
pub(crate) struct ErrorAnswer<'a> {
    pub(crate) errors: &'a [ErrorDescription],
    pub(crate) parameter: Option<&'a AdditionalFulfillmentParameter>,
}

impl Serialize for ErrorAnswer<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(ERROR, &Errors(self))?;
        map.end()
    }
}

struct Errors<'a, 'b>(&'a ErrorAnswer<'b>);

impl Serialize for Errors<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        const NONE: &ErrorDescription = &ErrorDescription {
            description: String::new(),
            translated: String::new(),
        };
        let ErrorAnswer { errors, parameter } = *self.0;
        let carrier: &[ErrorDescription] = match (errors, parameter) {
            ([], Some(_)) => std::slice::from_ref(NONE),
            _ => errors,
        };
        let mut seq = serializer.serialize_seq(Some(carrier.len()))?;
        for (i, error) in carrier.iter().enumerate() {
            seq.serialize_element(&OneError {
                error,
                parameter: parameter.filter(|_| i == 0),
            })?;
        }
        seq.end()
    }
}

struct OneError<'a> {
    error: &'a ErrorDescription,
    parameter: Option<&'a AdditionalFulfillmentParameter>,
}

impl Serialize for OneError<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = 2 + usize::from(self.parameter.is_some());
        let mut error = serializer.serialize_struct("BunqError", fields)?;
        error.serialize_field("error_description", &self.error.description)?;
        error.serialize_field("error_description_translated", &self.error.translated)?;
        if let Some(parameter) = self.parameter {
            error.serialize_field("error_additional_parameter", &[Wrapped(parameter)])?;
        }
        error.end()
    }
}

struct Wrapped<'a>(&'a AdditionalFulfillmentParameter);

impl Serialize for Wrapped<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(ADDITIONAL_FULFILLMENT_PARAMETER, self.0)?;
        map.end()
    }
}
