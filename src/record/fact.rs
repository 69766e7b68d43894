//! Facts: what one body of bunq says about a user, read with its receipt time and, where the body
//! alone cannot say what it answers, the request it answers (`docs/rules.md` R1–R4).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::Quoted;
use crate::wire::parse::{ParseError, from_json, from_json_bytes};
use crate::{
    AdditionalFulfillmentParameter, BareId, CanonicalJson, CanonicalMembers, Content, Envelope,
    ErrorDescription, InquiryEntryId, InquiryEntryItem, InquiryEntryStatus, InquiryId, JsonValue,
    OnboardingId, ProvisionId, PutAnswer, ResponseItem, Timestamp, UserId, UserInformationInquiry,
    VerificationSessionId, WireField,
};

/// The request a body answers: `METHOD /path`, e.g. `PUT /v1/user/877/user-onboarding/260`. The
/// query string is ignored.
///
/// ```
/// use bunq_onboarding::record::AnsweredRequest;
///
/// let request: AnsweredRequest = "PUT /v1/user/1364/user-onboarding/260?x=1".parse()?;
/// assert_eq!((request.method(), request.path()), ("PUT", "/v1/user/1364/user-onboarding/260"));
/// assert!("put onboarding".parse::<AnsweredRequest>().is_err());
/// # Ok::<(), bunq_onboarding::record::RequestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AnsweredRequest {
    method: String,
    path: String,
}

/// Text that is not `METHOD /path`, or names an object by a segment that is no id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("request {} is not `METHOD /path` with integer ids: {problem}", Quoted(.text))]
pub struct RequestError {
    text: String,
    problem: &'static str,
}

impl RequestError {
    /// The text read.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl AnsweredRequest {
    /// Reads `METHOD /path`: an upper-case method, one space, a path from `/` without white
    /// space; the query string is dropped.
    ///
    /// # Errors
    /// [`RequestError`] for any other shape, or an id segment (after `user-onboarding` or
    /// `identity-verification-session`) that is not an integer.
    pub fn parse(text: &str) -> Result<Self, RequestError> {
        let refuse = |problem| RequestError {
            text: text.to_owned(),
            problem,
        };
        let (method, target) = text
            .split_once(' ')
            .ok_or_else(|| refuse("no space between method and path"))?;
        if method.is_empty() || !method.bytes().all(|byte| byte.is_ascii_uppercase()) {
            return Err(refuse("the method is not upper-case letters"));
        }
        if !target.starts_with('/') || target.chars().any(char::is_whitespace) {
            return Err(refuse(
                "the path does not start with `/` or holds white space",
            ));
        }
        let path = target.split_once('?').map_or(target, |(path, _)| path);
        let request = Self {
            method: method.to_owned(),
            path: path.to_owned(),
        };
        let named_ids = [
            ONBOARDINGS,
            VERIFICATION_SESSIONS,
            INQUIRIES,
            INQUIRY_ENTRIES,
        ]
        .into_iter()
        .filter_map(|name| request.segment_after(name));
        for segment in named_ids {
            if segment.parse::<u64>().is_err() {
                return Err(refuse("an object's id is not an integer"));
            }
        }
        Ok(request)
    }

    /// The method, e.g. `PUT`.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn segments(&self) -> impl Iterator<Item = &str> {
        self.path.split('/').filter(|segment| !segment.is_empty())
    }

    /// The segment after the collection `name`, if the path goes on past it.
    fn segment_after(&self, name: &str) -> Option<&str> {
        let mut segments = self.segments().skip_while(|segment| *segment != name);
        segments.next()?;
        segments.next()
    }

    /// Whether the path ends with the collection `name` (a `POST` there creates one).
    fn ends_with(&self, name: &str) -> bool {
        self.segments().last() == Some(name)
    }

    /// The onboarding the path names: `…/user-onboarding/{id}`.
    fn onboarding(&self) -> Option<OnboardingId> {
        self.segment_after(ONBOARDINGS)?
            .parse()
            .ok()
            .map(OnboardingId::new)
    }

    /// The identity verification session the path names.
    fn verification_session(&self) -> Option<VerificationSessionId> {
        self.segment_after(VERIFICATION_SESSIONS)?
            .parse()
            .ok()
            .map(VerificationSessionId::new)
    }

    /// The inquiry entry the path names: `…/user-information-inquiry/{i}/…-entry/{e}`.
    fn inquiry_entry(&self) -> Option<(InquiryId, InquiryEntryId)> {
        let inquiry = self.segment_after(INQUIRIES)?.parse().ok()?;
        let entry = self.segment_after(INQUIRY_ENTRIES)?.parse().ok()?;
        Some((InquiryId::new(inquiry), InquiryEntryId::new(entry)))
    }

    /// What a bare `Id` answering this request means.
    fn meaning_of_id(&self) -> Option<IdMeaning> {
        if let ("PUT", Some((inquiry, entry))) = (self.method.as_str(), self.inquiry_entry()) {
            return Some(IdMeaning::InquiryEntryAnswered { inquiry, entry });
        }
        match self.method.as_str() {
            "POST" if self.ends_with(ONBOARDINGS) => Some(IdMeaning::OnboardingCreated),
            "PUT" if self.onboarding().is_some() => Some(IdMeaning::TargetAccepted),
            "POST" if self.ends_with(VERIFICATION_SESSIONS) => {
                Some(IdMeaning::VerificationSessionCreated)
            }
            _ => None,
        }
    }

    fn starts_a_session(&self) -> bool {
        self.method == "POST" && self.ends_with("session-server")
    }
}

const ONBOARDINGS: &str = "user-onboarding";
const VERIFICATION_SESSIONS: &str = "identity-verification-session";
const INQUIRIES: &str = "user-information-inquiry";
const INQUIRY_ENTRIES: &str = "partner-user-information-inquiry-entry";

/// What a bare `{"Response":[{"Id":…}]}` says, by the request it answers.
enum IdMeaning {
    OnboardingCreated,
    TargetAccepted,
    VerificationSessionCreated,
    InquiryEntryAnswered {
        inquiry: InquiryId,
        entry: InquiryEntryId,
    },
}

impl FromStr for AnsweredRequest {
    type Err = RequestError;

    fn from_str(text: &str) -> Result<Self, RequestError> {
        Self::parse(text)
    }
}

impl fmt::Display for AnsweredRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

impl Serialize for AnsweredRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AnsweredRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What bunq's latest fulfillment list says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "list", rename_all = "snake_case")]
pub enum FulfillmentList {
    /// bunq accepted the target: nothing is required any more.
    Accepted,
    /// bunq refused the target, listing what is required and what is done.
    Required {
        /// The rows.
        parameter: AdditionalFulfillmentParameter,
    },
}

impl FulfillmentList {
    /// Whether it is bunq's acceptance of the target.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted)
    }
}

/// The ids a fact names, from its body or its request's path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ids {
    /// The provision.
    pub provision: Option<ProvisionId>,
    /// The user (not bunq's `user_api_key_id` of a path: that one is never compared).
    pub user: Option<UserId>,
    /// The onboarding.
    pub onboarding: Option<OnboardingId>,
}

/// Two different ids of one kind in one fact: rows of two users, a path and a body naming two
/// onboardings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdConflict {
    /// Two users.
    Users(UserId, UserId),
    /// Two onboardings.
    Onboardings(OnboardingId, OnboardingId),
    /// Two inquiry entries: the answered one in the path, another in the body's `Id`.
    InquiryEntries(InquiryEntryId, InquiryEntryId),
}

/// One of bunq's objects a record keeps, by kind and id: every object follows one rule (newest
/// wins, member by member; `docs/rules.md` R7, R8). A new kind of object is a new key.
///
/// Serialized as `{"object": "provision"}`, `{"object": "verification_session", "id": 36}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "object", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ObjectKey {
    /// The provision (one per record).
    Provision,
    /// The onboarding object (one per record).
    Onboarding,
    /// One identity verification session.
    VerificationSession {
        /// The session.
        id: VerificationSessionId,
    },
    /// One compliance inquiry: its own members (its entries are objects of their own).
    Inquiry {
        /// The inquiry.
        id: InquiryId,
    },
    /// One entry of a compliance inquiry.
    InquiryEntry {
        /// Its inquiry.
        inquiry: InquiryId,
        /// The entry.
        entry: InquiryEntryId,
    },
}

/// In words, as a report names it: `provision`, `entry 2001 of inquiry 1001`.
impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Provision => f.write_str("provision"),
            Self::Onboarding => f.write_str("onboarding"),
            Self::VerificationSession { id } => write!(f, "identity verification session {id}"),
            Self::Inquiry { id } => write!(f, "inquiry {id}"),
            Self::InquiryEntry { inquiry, entry } => {
                write!(f, "entry {entry} of inquiry {inquiry}")
            }
        }
    }
}

/// What a fact is about.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum FactSubject {
    /// One of bunq's objects: the members the fact carries (secrets dropped; none when the fact
    /// only says a verification session exists).
    Object {
        /// Which object.
        key: ObjectKey,
        /// Its members.
        members: CanonicalMembers,
    },
    /// The onboarding exists (a bare `Id` answering its creation), and nothing more is known.
    OnboardingCreated,
    /// The user's session exists (`POST /v1/session-server` answered): the credential is used.
    SessionStarted,
    /// bunq's fulfillment list: what the target still needs, or its acceptance.
    FulfillmentList(FulfillmentList),
    /// bunq refused a request for another reason: its latest error.
    BunqError(Vec<ErrorDescription>),
    /// The fact names two different ids of one kind: it is refused.
    Conflict(IdConflict),
    /// The body says nothing about onboarding (another object, a payment callback…).
    Ignored,
}

/// One fact: what one object of a body says, when it was received, and its version.
///
/// A body holding several objects the record models is one fact per object, with the same
/// receipt. Facts are made only by reading bodies ([`Fact::read`], [`FactLine::facts`]).
///
/// ```
/// use bunq_onboarding::{Envelope, Fact};
/// use bunq_onboarding::record::{AnsweredRequest, FactSubject};
///
/// let body = Envelope::from_json(r#"{"Response":[{"Id":{"id":260}}]}"#)?;
/// let facts = Fact::read(body, "2025-08-13 14:45:18.621550".parse()?, Some(&"PUT /v1/user/1364/user-onboarding/260".parse()?));
/// assert!(matches!(facts[0].subject(), FactSubject::FulfillmentList(list) if list.is_accepted()));
/// assert_eq!(facts[0].ids().onboarding.map(|id| id.get()), Some(260));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    received: Timestamp,
    version: Timestamp,
    ids: Ids,
    subject: FactSubject,
}

/// The members a record never keeps: the credential's API key, and an identity verification
/// session's token.
const PROVISION_SECRETS: &[(&str, &str)] = &[("credential", "token_value")];
const VERIFICATION_SECRETS: &[&str] = &["token"];
/// What a record never keeps of an inquiry: the user's conversations, and its entries (kept as
/// objects of their own); of an entry, the user's answers.
const INQUIRY_ANSWERS: &[&str] = &["all_entry", "assistant_conversation", "finn_conversation"];
const ENTRY_ANSWERS: &[&str] = &["all_data_submitted", "assistant_conversation"];

/// What the bare `Id` answering an entry's `PUT` says of it: answered, and in review.
fn answered_entry() -> CanonicalMembers {
    std::iter::once((
        "status".to_owned(),
        CanonicalJson::new(&JsonValue::String(
            InquiryEntryStatus::WAITING_FOR_REVIEW.as_str().to_owned(),
        )),
    ))
    .collect()
}

impl Fact {
    /// When the partner received the body.
    pub fn received(&self) -> Timestamp {
        self.received
    }

    /// The fact's version: bunq's `updated` when its object carries it, else the receipt time.
    pub fn version(&self) -> Timestamp {
        self.version
    }

    /// The ids it names.
    pub fn ids(&self) -> Ids {
        self.ids
    }

    /// What it is about.
    pub fn subject(&self) -> &FactSubject {
        &self.subject
    }

    /// The facts of one body, received at `received`, answering `request` when known.
    ///
    /// Secrets (the credential's `token_value`, an identity verification session's `token`, the
    /// session-server answer's `Token`) are dropped here: no fact holds them.
    pub fn read(
        body: Envelope,
        received: Timestamp,
        request: Option<&AnsweredRequest>,
    ) -> Vec<Self> {
        let path_onboarding = request.and_then(AnsweredRequest::onboarding);
        let base = Self {
            received,
            version: received,
            ids: Ids {
                onboarding: path_onboarding,
                ..Ids::default()
            },
            subject: FactSubject::Ignored,
        };
        let mut facts = Vec::new();
        if matches!(body.content, Content::Error(_)) {
            let subject = match PutAnswer::try_from(body) {
                Ok(PutAnswer::NeedsFulfillments { parameter, .. }) => {
                    FactSubject::FulfillmentList(FulfillmentList::Required { parameter })
                }
                Ok(PutAnswer::Rejected { errors }) => FactSubject::BunqError(errors),
                _ => FactSubject::Ignored,
            };
            return vec![Self { subject, ..base }.with_row_users()];
        }
        match body.content {
            Content::Callback(callback) => {
                if let WireField::Value(object) = callback.object {
                    facts.extend(Self::of_object(object, &base, request));
                }
            }
            Content::Response(items) => {
                if request.is_some_and(AnsweredRequest::starts_a_session) {
                    facts.push(Self {
                        subject: FactSubject::SessionStarted,
                        ..base
                    });
                } else {
                    for item in items {
                        facts.extend(Self::of_object(item, &base, request));
                    }
                }
            }
            _ => {}
        }
        if facts.is_empty() {
            facts.push(base);
        }
        facts
    }

    /// The facts one object says: none, one, or (an inquiry) one per object it holds.
    fn of_object(item: ResponseItem, base: &Self, request: Option<&AnsweredRequest>) -> Vec<Self> {
        match item {
            ResponseItem::UserInformationInquiry(inquiry) => Self::of_inquiry(&inquiry, base),
            item => Self::of_single(item, base, request).into_iter().collect(),
        }
    }

    /// An inquiry's facts: the inquiry, then each entry by (inquiry, entry), versioned by its
    /// own `updated`, else the inquiry's version. The user's answers and conversations are
    /// dropped. Without an id, the inquiry and its entries say nothing.
    fn of_inquiry(inquiry: &UserInformationInquiry, base: &Self) -> Vec<Self> {
        let Some(&id) = inquiry.id.get() else {
            return Vec::new();
        };
        let base = Self {
            version: inquiry.updated.get().copied().unwrap_or(base.received),
            ids: Ids {
                user: inquiry.user_id.get().copied(),
                ..base.ids
            },
            ..base.clone()
        };
        let entries = inquiry.all_entry.get().map_or(&[][..], Vec::as_slice);
        let entry_facts = entries.iter().filter_map(|item| {
            let InquiryEntryItem::Entry(entry) = item else {
                return None;
            };
            Some(Self {
                version: entry.updated.get().copied().unwrap_or(base.version),
                subject: FactSubject::Object {
                    key: ObjectKey::InquiryEntry {
                        inquiry: id,
                        entry: *entry.id.get()?,
                    },
                    members: members_without(&**entry, &[], ENTRY_ANSWERS),
                },
                ..base.clone()
            })
        });
        let inquiry_fact = Self {
            subject: FactSubject::Object {
                key: ObjectKey::Inquiry { id },
                members: members_without(inquiry, &[], INQUIRY_ANSWERS),
            },
            ..base.clone()
        };
        std::iter::once(inquiry_fact).chain(entry_facts).collect()
    }

    /// The fact one object other than an inquiry says, if it says anything.
    fn of_single(
        item: ResponseItem,
        base: &Self,
        request: Option<&AnsweredRequest>,
    ) -> Option<Self> {
        let base = base.clone();
        let fact =
            match item {
                ResponseItem::Id(BareId { id }) => {
                    match request.and_then(AnsweredRequest::meaning_of_id)? {
                        IdMeaning::OnboardingCreated => Self {
                            subject: FactSubject::OnboardingCreated,
                            ..base
                        }
                        .naming_onboarding(OnboardingId::new(id)),
                        IdMeaning::TargetAccepted => Self {
                            subject: FactSubject::FulfillmentList(FulfillmentList::Accepted),
                            ..base
                        }
                        .naming_onboarding(OnboardingId::new(id)),
                        IdMeaning::InquiryEntryAnswered { inquiry, entry } => Self {
                            subject: if entry == InquiryEntryId::new(id) {
                                FactSubject::Object {
                                    key: ObjectKey::InquiryEntry { inquiry, entry },
                                    members: answered_entry(),
                                }
                            } else {
                                FactSubject::Conflict(IdConflict::InquiryEntries(
                                    entry,
                                    InquiryEntryId::new(id),
                                ))
                            },
                            ..base
                        },
                        IdMeaning::VerificationSessionCreated => Self {
                            subject: FactSubject::Object {
                                key: ObjectKey::VerificationSession {
                                    id: VerificationSessionId::new(id),
                                },
                                members: CanonicalMembers::new(),
                            },
                            ..base
                        },
                    }
                }
                ResponseItem::PartnerUserProvision(provision) => Self {
                    version: provision.updated.get().copied().unwrap_or(base.received),
                    ids: Ids {
                        provision: provision.id.get().copied(),
                        ..base.ids
                    },
                    subject: FactSubject::Object {
                        key: ObjectKey::Provision,
                        members: members_without(&*provision, PROVISION_SECRETS, &[]),
                    },
                    ..base
                },
                ResponseItem::UserOnboarding(onboarding) => {
                    let fact = Self {
                        version: onboarding.updated.get().copied().unwrap_or(base.received),
                        ids: Ids {
                            user: onboarding.user_id.get().copied(),
                            ..base.ids
                        },
                        subject: FactSubject::Object {
                            key: ObjectKey::Onboarding,
                            members: members_without(&*onboarding, &[], &[]),
                        },
                        ..base
                    };
                    match onboarding.id.get() {
                        Some(id) => fact.naming_onboarding(*id),
                        None => fact,
                    }
                }
                ResponseItem::IdentityVerificationSession(session) => Self {
                    version: session.updated.get().copied().unwrap_or(base.received),
                    subject: FactSubject::Object {
                        key: ObjectKey::VerificationSession {
                            id: session.id.get().copied().or_else(|| {
                                request.and_then(AnsweredRequest::verification_session)
                            })?,
                        },
                        members: members_without(&*session, &[], VERIFICATION_SECRETS),
                    },
                    ..base
                },
                _ => return None,
            };
        Some(fact)
    }

    /// The fact naming `onboarding` in its body: a conflict if its path names another.
    fn naming_onboarding(mut self, onboarding: OnboardingId) -> Self {
        match self.ids.onboarding {
            Some(path) if path != onboarding => {
                self.subject = FactSubject::Conflict(IdConflict::Onboardings(path, onboarding));
            }
            _ => self.ids.onboarding = Some(onboarding),
        }
        self
    }

    /// A fulfillment list names the users of its rows: a conflict if they are two.
    fn with_row_users(mut self) -> Self {
        let FactSubject::FulfillmentList(FulfillmentList::Required { parameter }) = &self.subject
        else {
            return self;
        };
        let (first, second) = {
            let mut users = parameter.rows().filter_map(|row| row.user_id);
            let first = users.next();
            (
                first,
                first.and_then(|first| users.find(|user| *user != first)),
            )
        };
        match (first, second) {
            (Some(first), Some(second)) => {
                self.subject = FactSubject::Conflict(IdConflict::Users(first, second));
            }
            (first, _) => self.ids.user = first,
        }
        self
    }
}

/// An object's members as canonical JSON, without the secrets: `nested` names `(member, inner
/// member)` pairs, `top` top-level members.
fn members_without(
    object: &impl Serialize,
    nested: &[(&str, &str)],
    top: &[&str],
) -> CanonicalMembers {
    let Ok(JsonValue::Object(mut members)) = serde_json::to_value(object) else {
        return CanonicalMembers::new();
    };
    for name in top {
        members.remove(*name);
    }
    for (name, inner) in nested {
        if let Some(JsonValue::Object(object)) = members.get_mut(*name) {
            object.remove(*inner);
        }
    }
    members
        .into_iter()
        .map(|(name, value)| (name, CanonicalJson::new(&value)))
        .collect()
}

/// One fact as a line of `explain --facts`: `{"received": "YYYY-MM-DD hh:mm:ss.ffffff",
/// "request": "PUT /v1/…", "body": {…}}`, `request` optional.
///
/// ```
/// use bunq_onboarding::FactLine;
///
/// let line = FactLine::from_json(r#"{"received":"2025-09-03 08:24:15.000000","body":{"NotificationUrl":{"category":"PAYMENT","object":{"Payment":{}}}}}"#)?;
/// assert_eq!(line.received.to_string(), "2025-09-03 08:24:15.000000");
/// assert_eq!(line.facts().len(), 1); // one fact, about nothing the record models
/// # Ok::<(), bunq_onboarding::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactLine {
    /// When the partner received the body.
    pub received: Timestamp,
    /// The request the body answers, when the body alone cannot say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<AnsweredRequest>,
    /// bunq's body: an answer or a callback.
    pub body: Envelope,
}

impl FactLine {
    /// Reads one line.
    ///
    /// # Errors
    /// [`ParseError`] with the path, line and column: not JSON, a missing member, a timestamp,
    /// request or body that is not one.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        from_json(text)
    }

    /// As [`FactLine::from_json`], from bytes.
    ///
    /// # Errors
    /// As [`FactLine::from_json`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        from_json_bytes(bytes)
    }

    /// The facts of the line.
    pub fn facts(self) -> Vec<Fact> {
        Fact::read(self.body, self.received, self.request.as_ref())
    }
}
