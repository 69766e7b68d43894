//! bunq's envelope as on the wire: an answer, `{"Response":[…]}` or `{"Error":[…]}`, beside which
//! it may carry other top-level members (`Pagination` on list answers); or a callback,
//! `{"NotificationUrl":{…}}`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::ids::deserialize_id;
use crate::wire::members::{
    ADDITIONAL_FULFILLMENT_PARAMETER, ERROR, NOTIFICATION_URL, PAGINATION, RESPONSE,
};
use crate::wire::object::keep_other;
use crate::wire::object_only::object_only;
use crate::wire::parse::{ParseError, from_json, from_json_bytes};
use crate::{
    AdditionalFulfillmentParameter, ErrorDescription, IdentityVerificationSession, NotificationUrl,
    PartnerUserProvision, UserInformationInquiry, UserOnboarding,
};

/// A JSON object's members, by name (`serde_json`'s map, re-exported so no foreign path is
/// needed).
pub type Members = serde_json::Map<String, serde_json::Value>;

/// A JSON value (`serde_json`'s, re-exported).
pub type JsonValue = serde_json::Value;

/// A whole body bunq sends, lossless: an answer or a callback.
///
/// Parsing then serializing gives the same JSON value back: unknown wrapped objects and members,
/// `Pagination` and any other top-level member included.
///
/// ```
/// use bunq_onboarding::Envelope;
/// use bunq_onboarding::wire::{Content, ResponseItem};
///
/// let body = r#"{"Response":[{"Id":{"id":260}}],"Pagination":{"future_url":null,"newer_url":null,"older_url":"/v1/user/877/user-onboarding?older_id=259"},"Extra":1}"#;
/// let envelope = Envelope::from_json(body)?;
/// let Content::Response(items) = &envelope.content else { unreachable!() };
/// assert!(matches!(items[..], [ResponseItem::Id(id)] if id.id == 260));
/// let pagination = envelope.pagination.as_ref().unwrap();
/// assert_eq!(pagination.older_url.as_deref(), Some("/v1/user/877/user-onboarding?older_id=259"));
/// assert_eq!(envelope.members["Extra"], 1);
///
/// let written: serde_json::Value = serde_json::to_value(&envelope)?;
/// assert_eq!(written, serde_json::from_str::<serde_json::Value>(body)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// What bunq sent: objects, errors or a callback.
    pub content: Content,
    /// `Pagination`, on list answers.
    pub pagination: Option<Pagination>,
    /// Every other top-level member, kept as it was.
    pub members: Members,
}

/// The heart of a body: `Response`, `Error` or `NotificationUrl`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Content {
    /// A success: the objects bunq returns, each wrapped in its type name.
    Response(Vec<ResponseItem>),
    /// A refusal: bunq's errors.
    Error(Vec<BunqError>),
    /// A callback.
    Callback(Box<NotificationUrl>),
}

impl Envelope {
    /// Reads an envelope from JSON text.
    ///
    /// # Errors
    /// [`ParseError`] naming what was expected, the path and the line and column; a body with
    /// more than one of `Response`, `Error` and `NotificationUrl`, or none, is a
    /// [`ParseErrorKind::Data`] error.
    ///
    /// [`ParseErrorKind::Data`]: crate::ParseErrorKind::Data
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        from_json(text)
    }

    /// Reads an envelope from bytes, such as an HTTP body; bytes that are not UTF-8 are a
    /// [`ParseErrorKind::Syntax`](crate::ParseErrorKind::Syntax) error at their position.
    ///
    /// # Errors
    /// As [`Envelope::from_json`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        from_json_bytes(bytes)
    }
}

/// bunq's `Pagination` of a list answer: the URLs of the neighbouring pages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    /// Items newer than this page, once there are any.
    #[serde(default)]
    pub future_url: Option<String>,
    /// The newer page.
    #[serde(default)]
    pub newer_url: Option<String>,
    /// The older page.
    #[serde(default)]
    pub older_url: Option<String>,
    /// Any other member, kept as it was.
    #[serde(flatten)]
    pub members: Members,
}

/// One object of a `Response` envelope (or a callback's `object`), wrapped in its type name.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ResponseItem {
    /// `{"Id":{"id":N}}`: the id of what was created or updated.
    Id(BareId),
    /// `{"PartnerUserProvision":{…}}`.
    PartnerUserProvision(Box<PartnerUserProvision>),
    /// `{"UserOnboarding":{…}}`.
    UserOnboarding(Box<UserOnboarding>),
    /// `{"IdentityVerificationSessionIncode":{…}}`.
    IdentityVerificationSession(Box<IdentityVerificationSession>),
    /// `{"UserInformationInquiry":{…}}`.
    UserInformationInquiry(Box<UserInformationInquiry>),
    /// A wrapped object this crate does not model (`Token`, `UserApiKey`, a payment…), kept as
    /// it was.
    Other(OtherObject),
}

/// bunq's bare `{"Id":{"id":…}}` object: what answers a `POST` that creates, or a `PUT` that bunq took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct BareId {
    /// The id.
    #[serde(deserialize_with = "deserialize_id")]
    pub id: u64,
}

/// One error of an `Error` envelope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
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

object_only!(BareId, serialize);
object_only!(BunqError, serialize);

impl BunqError {
    /// Its descriptions.
    pub fn description(&self) -> ErrorDescription {
        ErrorDescription {
            description: self.error_description.clone(),
            translated: self.error_description_translated.clone(),
        }
    }
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
    pub value: JsonValue,
}

/// The kinds of body, whatever a `Response` is read into.
pub(crate) enum Body<R> {
    Response(R),
    Error(Vec<BunqError>),
    Callback(Box<NotificationUrl>),
}

/// Where an answer's other top-level members go.
pub(crate) trait OtherMembers<'de>: Default {
    /// Reads the value of the member `name` (neither `Response` nor `Error`).
    fn read<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error>;
}

/// Other members are skipped: for readers that want an answer's meaning only.
#[derive(Default)]
pub(crate) struct Skipped;

impl<'de> OtherMembers<'de> for Skipped {
    fn read<A: MapAccess<'de>>(&mut self, _: String, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

/// Other members are kept: `Pagination` typed, the rest as JSON.
#[derive(Default)]
struct Kept {
    pagination: Option<Pagination>,
    members: Members,
}

impl<'de> OtherMembers<'de> for Kept {
    fn read<A: MapAccess<'de>>(&mut self, name: String, map: &mut A) -> Result<(), A::Error> {
        if name == PAGINATION {
            if self.pagination.is_some() {
                return Err(de::Error::duplicate_field(PAGINATION));
            }
            self.pagination = Some(map.next_value()?);
            Ok(())
        } else {
            keep_other(&mut self.members, name, map)
        }
    }
}

/// A top-level member's name: the three that make a body, or another kept as text.
enum Name {
    Response,
    Error,
    NotificationUrl,
    Other(String),
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl Visitor<'_> for NameVisitor {
            type Value = Name;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Name, E> {
                Ok(match name {
                    RESPONSE => Name::Response,
                    ERROR => Name::Error,
                    NOTIFICATION_URL => Name::NotificationUrl,
                    other => Name::Other(other.to_owned()),
                })
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

/// Reads a body: exactly one of `Response` (read as `R`), `Error` and `NotificationUrl`, other
/// members to `O`.
pub(crate) fn deserialize_answer<'de, D, R, O>(deserializer: D) -> Result<(Body<R>, O), D::Error>
where
    D: Deserializer<'de>,
    R: Deserialize<'de>,
    O: OtherMembers<'de>,
{
    struct AnswerVisitor<R, O>(PhantomData<(R, O)>);

    impl<'de, R: Deserialize<'de>, O: OtherMembers<'de>> Visitor<'de> for AnswerVisitor<R, O> {
        type Value = (Body<R>, O);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a body of bunq: an object with `Response`, `Error` or `NotificationUrl`")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut body: Option<Body<R>> = None;
            let mut others = O::default();
            while let Some(name) = map.next_key::<Name>()? {
                let read = match name {
                    Name::Response => Body::Response(map.next_value()?),
                    Name::Error => Body::Error(map.next_value()?),
                    Name::NotificationUrl => Body::Callback(map.next_value()?),
                    Name::Other(name) => {
                        others.read(name, &mut map)?;
                        continue;
                    }
                };
                body = match (body, read) {
                    (None, read) => Some(read),
                    (Some(Body::Response(_)), Body::Response(_)) => {
                        return Err(de::Error::duplicate_field(RESPONSE));
                    }
                    (Some(Body::Error(_)), Body::Error(_)) => {
                        return Err(de::Error::duplicate_field(ERROR));
                    }
                    (Some(Body::Callback(_)), Body::Callback(_)) => {
                        return Err(de::Error::duplicate_field(NOTIFICATION_URL));
                    }
                    (Some(_), _) => {
                        return Err(de::Error::custom(
                            "a body holds one of `Response`, `Error` and `NotificationUrl`, not two",
                        ));
                    }
                };
            }
            let body = body.ok_or_else(|| {
                de::Error::custom(
                    "no `Response`, `Error` or `NotificationUrl` member: not a body of bunq",
                )
            })?;
            Ok((body, others))
        }
    }

    deserializer.deserialize_map(AnswerVisitor(PhantomData))
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (
            body,
            Kept {
                pagination,
                members,
            },
        ) = deserialize_answer(deserializer)?;
        Ok(Self {
            content: match body {
                Body::Response(items) => Content::Response(items),
                Body::Error(errors) => Content::Error(errors),
                Body::Callback(callback) => Content::Callback(callback),
            },
            pagination,
            members,
        })
    }
}

impl Serialize for Envelope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match &self.content {
            Content::Response(items) => map.serialize_entry(RESPONSE, items)?,
            Content::Error(errors) => map.serialize_entry(ERROR, errors)?,
            Content::Callback(callback) => map.serialize_entry(NOTIFICATION_URL, callback)?,
        }
        if let Some(pagination) = &self.pagination {
            map.serialize_entry(PAGINATION, pagination)?;
        }
        for (name, value) in &self.members {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// An object wrapped in its type name, `{"Name": value}`: read by the name.
pub(crate) trait Wrapped: Sized {
    /// A name it may have, for the error message.
    const EXAMPLE: &'static str;

    /// Reads the value of a wrapper named `name`.
    fn read<'de, A: MapAccess<'de>>(name: TypeName, map: &mut A) -> Result<Self, A::Error>;
}

/// A wrapper's type name: one the crate models is read without allocating.
pub(crate) struct TypeName(Cow<'static, str>);

impl TypeName {
    const MODELLED: [&'static str; 6] = [
        ID,
        PARTNER_USER_PROVISION,
        USER_ONBOARDING,
        IDENTITY_VERIFICATION_SESSION,
        USER_INFORMATION_INQUIRY,
        ADDITIONAL_FULFILLMENT_PARAMETER,
    ];

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for TypeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TypeNameVisitor;

        impl Visitor<'_> for TypeNameVisitor {
            type Value = TypeName;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a type name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<TypeName, E> {
                Ok(TypeName(
                    match TypeName::MODELLED
                        .iter()
                        .find(|modelled| **modelled == name)
                    {
                        Some(modelled) => Cow::Borrowed(modelled),
                        None => Cow::Owned(name.to_owned()),
                    },
                ))
            }
        }

        deserializer.deserialize_str(TypeNameVisitor)
    }
}

/// Reads `{"Name": value}`: exactly one member.
pub(crate) fn deserialize_wrapped<'de, D: Deserializer<'de>, T: Wrapped>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct WrappedVisitor<T>(PhantomData<T>);

    impl<'de, T: Wrapped> Visitor<'de> for WrappedVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(
                f,
                "an object with one key, its type name such as `{}`",
                T::EXAMPLE
            )
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let Some(name) = map.next_key::<TypeName>()? else {
                return Err(de::Error::invalid_length(0, &self));
            };
            let wrapped = T::read(name, &mut map)?;
            match map.next_key::<IgnoredAny>()? {
                None => Ok(wrapped),
                Some(_) => Err(de::Error::invalid_length(2, &self)),
            }
        }
    }

    deserializer.deserialize_map(WrappedVisitor(PhantomData))
}

/// Writes `{"Name": value}`.
pub(crate) fn serialize_wrapped<S: Serializer>(
    serializer: S,
    name: &str,
    value: &impl Serialize,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

/// The type names bunq wraps the modelled objects in.
const ID: &str = "Id";
const PARTNER_USER_PROVISION: &str = "PartnerUserProvision";
const USER_ONBOARDING: &str = "UserOnboarding";
const IDENTITY_VERIFICATION_SESSION: &str = "IdentityVerificationSessionIncode";
const USER_INFORMATION_INQUIRY: &str = "UserInformationInquiry";

impl Wrapped for ResponseItem {
    const EXAMPLE: &'static str = ID;

    fn read<'de, A: MapAccess<'de>>(name: TypeName, map: &mut A) -> Result<Self, A::Error> {
        Ok(match name.as_str() {
            ID => Self::Id(map.next_value()?),
            PARTNER_USER_PROVISION => Self::PartnerUserProvision(map.next_value()?),
            USER_ONBOARDING => Self::UserOnboarding(map.next_value()?),
            IDENTITY_VERIFICATION_SESSION => Self::IdentityVerificationSession(map.next_value()?),
            USER_INFORMATION_INQUIRY => Self::UserInformationInquiry(map.next_value()?),
            _ => Self::Other(OtherObject {
                value: map.next_value()?,
                name: name.0.into_owned(),
            }),
        })
    }
}

impl<'de> Deserialize<'de> for ResponseItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wrapped(deserializer)
    }
}

impl Serialize for ResponseItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => serialize_wrapped(serializer, ID, id),
            Self::PartnerUserProvision(provision) => {
                serialize_wrapped(serializer, PARTNER_USER_PROVISION, provision)
            }
            Self::UserOnboarding(onboarding) => {
                serialize_wrapped(serializer, USER_ONBOARDING, onboarding)
            }
            Self::IdentityVerificationSession(session) => {
                serialize_wrapped(serializer, IDENTITY_VERIFICATION_SESSION, session)
            }
            Self::UserInformationInquiry(inquiry) => {
                serialize_wrapped(serializer, USER_INFORMATION_INQUIRY, inquiry)
            }
            Self::Other(other) => serialize_wrapped(serializer, &other.name, &other.value),
        }
    }
}

impl Wrapped for AdditionalParameter {
    const EXAMPLE: &'static str = ADDITIONAL_FULFILLMENT_PARAMETER;

    fn read<'de, A: MapAccess<'de>>(name: TypeName, map: &mut A) -> Result<Self, A::Error> {
        Ok(if name.as_str() == ADDITIONAL_FULFILLMENT_PARAMETER {
            Self::Fulfillment(map.next_value()?)
        } else {
            Self::Other(OtherObject {
                value: map.next_value()?,
                name: name.0.into_owned(),
            })
        })
    }
}

impl<'de> Deserialize<'de> for AdditionalParameter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wrapped(deserializer)
    }
}

impl Serialize for AdditionalParameter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Fulfillment(parameter) => {
                serialize_wrapped(serializer, ADDITIONAL_FULFILLMENT_PARAMETER, parameter)
            }
            Self::Other(other) => serialize_wrapped(serializer, &other.name, &other.value),
        }
    }
}
