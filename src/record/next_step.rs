//! What the partner should do next: the first rule of `docs/rules.md` N1–N9 that applies.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::names::named;
use crate::record::fact::FulfillmentList;
use crate::text::{Shown, Word};
use crate::{
    ActionRequired, Assessment, Class, CreateOnboarding, CreateVerificationSession,
    CredentialStatus, DueLater, FulfillmentStatus, FulfillmentType, InquiryEntryId,
    InquiryEntryStatus, InquiryEntryType, InquiryId, InquiryPurpose, InquiryStatus, JsonValue,
    PartnerUserProvision, ProvisionStatus, ProvisionSubStatus, Timestamp, UpdateOnboarding,
    UpdateProvision, UpdateVerificationSession, UserOnboarding, UserRecord, VerificationOutcome,
    VerificationSessionId, VerificationSessionStatus, WaitingType,
};

/// The widest a piece of bunq's text is shown in a next step, in columns.
const SHOWN_WIDTH: usize = 200;

named! {
    /// What the partner waits for bunq on.
    pub enum WaitingOn, "waiting reason" {
        /// The provision: bunq is creating the user.
        Provision = "provision",
        /// The onboarding: bunq is processing it, or an identity verification.
        Onboarding = "onboarding",
        /// bunq's decision: it accepted the target but has not said whether anything is pending.
        Decision = "decision",
    }
}

/// A call to bunq's API. `{user_api_key_id}` in a path stands for the id of the user's API key
/// (the `UserApiKey` of the session-server answer); an id the record does not know yet is shown
/// as `{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCall {
    /// `GET`, `POST` or `PUT`.
    pub method: String,
    /// The path.
    pub path: String,
    /// The JSON body, when the call has a fixed one.
    pub body: Option<JsonValue>,
}

impl ApiCall {
    /// A call without a body.
    fn new(method: &str, path: String) -> Self {
        Self {
            method: method.to_owned(),
            path,
            body: None,
        }
    }

    /// A call with a request body, written by its type.
    fn with_body(method: &str, path: String, body: &impl Serialize) -> Self {
        Self {
            body: serde_json::to_value(body).ok(),
            ..Self::new(method, path)
        }
    }
}

impl fmt::Display for ApiCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        match &self.body {
            Some(body) => write!(f, " {body}"),
            None => Ok(()),
        }
    }
}

/// A fulfillment type to ask the user for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskedType {
    /// The type (`type` in JSON).
    #[serde(rename = "type")]
    pub fulfillment_type: FulfillmentType,
    /// bunq's reasons for the user, in English, each once, from the blocking rows.
    pub reasons: Vec<String>,
    /// The same, translated.
    pub reasons_translated: Vec<String>,
    /// The statuses that would satisfy it.
    pub satisfied_by: Vec<FulfillmentStatus>,
    /// The call that provides it, **inferred** from the type's name (bunq publishes no table of
    /// which endpoint fulfills which type); `None` for a type with no such endpoint (`EMAIL`,
    /// `PHONE_NUMBER` are given when the user is provisioned) or one the crate does not know.
    pub inferred_call: Option<ApiCall>,
}

/// The next step of a [`UserRecord`] at `now`: the first rule of `docs/rules.md` N1–N9 that applies, with
/// the bunq call it leads to. `Display` is a text for a support agent; `Serialize` writes
/// `{"step": "…", …}`.
///
/// ```
/// use bunq_onboarding::{FactLine, NextStep, UserRecord};
///
/// let mut record = UserRecord::new();
/// let line = r#"{"received":"2025-08-13 14:45:18.621550","body":{"Response":[{"PartnerUserProvision":{"id":123,"status":"CREATED","sub_status":"PENDING_PROCESS_USER"}}]}}"#;
/// for fact in FactLine::from_json(line)?.facts() {
///     record.apply(&fact)?;
/// }
/// let step = record.next_step("2025-08-13 14:46:00.000000".parse()?);
/// assert!(matches!(step, NextStep::WaitForBunq(_)));
/// assert_eq!(step.to_string(), "wait for bunq (provision): bunq is at PENDING_PROCESS_USER\n  meanwhile: GET /v1/partner-user-provision/123");
/// assert_eq!(serde_json::to_value(&step)?["step"], "wait_for_bunq");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NextStep {
    /// The provision failed, was cancelled or closed, or is closing: nothing more to do.
    Stopped {
        /// The provision's status.
        status: Option<ProvisionStatus>,
        /// Its sub-status.
        sub_status: Option<ProvisionSubStatus>,
    },
    /// bunq is working: wait (for a callback), or look with the call.
    WaitForBunq(Waiting),
    /// The credential expired before it was used: ask for a new one.
    RenewCredential {
        /// `PUT` the provision `TOKEN_RESET_REQUESTED`.
        call: ApiCall,
        /// The credential's status.
        credential_status: CredentialStatus,
        /// When it expired.
        expiry_time: Option<Timestamp>,
    },
    /// Turn the credential into the user's session, before it expires.
    StartSession {
        /// `POST /v1/session-server`, with the credential's API key as `secret`.
        call: ApiCall,
        /// When the credential expires, if known.
        expiry_time: Option<Timestamp>,
    },
    /// Create the user's onboarding.
    CreateOnboarding {
        /// `POST …/user-onboarding`.
        call: ApiCall,
    },
    /// Ask the user for what blocks the target.
    AskUser {
        /// Every blocking type, in bunq's order.
        asks: Vec<AskedType>,
        /// What is due later, with bunq's reasons.
        due_later: Vec<DueLater>,
        /// The identity verification session the user has to finish scanning, when
        /// `IDENTIFICATION_VERIFICATION` is asked for and the latest session is `CREATED` (its
        /// ask's call then submits that session).
        verification_session: Option<VerificationSessionId>,
        /// Every compliance inquiry entry to answer, by deadline (none last), inquiry, entry.
        #[serde(default)]
        entries: Vec<EntryToAnswer>,
    },
    /// Ask bunq for `ACTIVE` / `VERIFIED`.
    RequestTarget {
        /// `PUT …/user-onboarding/{id}`.
        call: ApiCall,
        /// Whether bunq accepted it before but now says the user must act (ask again what is
        /// missing).
        again: bool,
    },
    /// bunq accepted the target and has nothing pending.
    Done,
}

/// A compliance inquiry's entry to answer (`docs/rules.md` N5): `PENDING`, in an inquiry that is
/// not `FINALIZED`. Its call takes [`AnswerInquiryEntry`](crate::wire::AnswerInquiryEntry) as its
/// body: the user's answer and attachments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryToAnswer {
    /// The inquiry.
    pub inquiry: InquiryId,
    /// Why bunq asks.
    pub purpose: Option<InquiryPurpose>,
    /// bunq's question.
    pub title: Option<String>,
    /// The entry.
    pub entry: InquiryEntryId,
    /// What it asks (`type` in JSON).
    #[serde(rename = "type")]
    pub entry_type: Option<InquiryEntryType>,
    /// bunq's description of it.
    pub description: Option<String>,
    /// The inquiry's deadline (`time_expiry`).
    pub deadline: Option<Timestamp>,
    /// Whether the deadline is not after `now`.
    pub deadline_passed: bool,
    /// `PUT …/user-information-inquiry/{inquiry}/partner-user-information-inquiry-entry/{entry}`.
    pub call: ApiCall,
}

/// What the partner waits for bunq on, with what bunq said.
///
/// Serialized flat, as `explain --facts` prints it: `{"on", "why", "call", "status",
/// "sub_status", "waiting_type", "waiting_time_message", "waiting_time_message_translated",
/// "verification_session"}`, a member a case does not have being null.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Waiting {
    /// bunq creates the user (`docs/rules.md` N2), or says a provision status it does not
    /// publish.
    Provision {
        /// `GET` the provision.
        call: ApiCall,
        /// The provision's status.
        status: Option<ProvisionStatus>,
        /// Its sub-status.
        sub_status: Option<ProvisionSubStatus>,
    },
    /// bunq processes the onboarding: `action_required` `SYSTEM` (N6).
    Onboarding {
        /// `GET` the onboarding.
        call: ApiCall,
        /// How bunq processes it.
        waiting_type: Option<WaitingType>,
        /// bunq's estimate, in English.
        waiting_time_message: Option<String>,
        /// The same, translated.
        waiting_time_message_translated: Option<String>,
    },
    /// bunq processes a submitted identity verification session (N6).
    Verification {
        /// `GET` the session.
        call: ApiCall,
        /// The session.
        session: VerificationSessionId,
    },
    /// bunq accepted the target, and the onboarding does not say whether anything is pending
    /// (N9).
    Decision {
        /// `GET` the onboarding.
        call: ApiCall,
        /// Why, in words: what the onboarding said instead.
        why: String,
    },
}

impl Waiting {
    /// On what.
    pub fn on(&self) -> WaitingOn {
        match self {
            Self::Provision { .. } => WaitingOn::Provision,
            Self::Onboarding { .. } | Self::Verification { .. } => WaitingOn::Onboarding,
            Self::Decision { .. } => WaitingOn::Decision,
        }
    }

    /// What to `GET` meanwhile.
    pub fn call(&self) -> &ApiCall {
        match self {
            Self::Provision { call, .. }
            | Self::Onboarding { call, .. }
            | Self::Verification { call, .. }
            | Self::Decision { call, .. } => call,
        }
    }

    /// Why, in words.
    pub fn why(&self) -> String {
        match self {
            Self::Provision {
                status, sub_status, ..
            } => match (status, sub_status) {
                (Some(status), _) if !status.is_known() => format!(
                    "the provision's status {} is not one bunq publishes",
                    Word(status.as_str())
                ),
                (_, Some(sub_status)) if !sub_status.is_known() => format!(
                    "the provision's sub-status {} is not one bunq publishes",
                    Word(sub_status.as_str())
                ),
                (_, sub_status) => format!(
                    "bunq is at {}",
                    Word(sub_status.as_ref().map_or("", ProvisionSubStatus::as_str))
                ),
            },
            Self::Onboarding { .. } => {
                "bunq is processing the onboarding (action_required SYSTEM)".to_owned()
            }
            Self::Verification { .. } => {
                "bunq is processing the identity verification session (SUBMITTED)".to_owned()
            }
            Self::Decision { why, .. } => why.clone(),
        }
    }
}

/// [`Waiting`] as JSON: every member of every case.
#[derive(Serialize, Deserialize)]
struct FlatWait<Text, C> {
    on: WaitingOn,
    why: Text,
    call: Option<C>,
    status: Option<ProvisionStatus>,
    sub_status: Option<ProvisionSubStatus>,
    waiting_type: Option<WaitingType>,
    waiting_time_message: Option<String>,
    waiting_time_message_translated: Option<String>,
    verification_session: Option<VerificationSessionId>,
}

impl Serialize for Waiting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut flat = FlatWait {
            on: self.on(),
            why: self.why(),
            call: Some(self.call()),
            status: None,
            sub_status: None,
            waiting_type: None,
            waiting_time_message: None,
            waiting_time_message_translated: None,
            verification_session: None,
        };
        match self {
            Self::Provision {
                status, sub_status, ..
            } => {
                flat.status.clone_from(status);
                flat.sub_status.clone_from(sub_status);
            }
            Self::Onboarding {
                waiting_type,
                waiting_time_message,
                waiting_time_message_translated,
                ..
            } => {
                flat.waiting_type.clone_from(waiting_type);
                flat.waiting_time_message.clone_from(waiting_time_message);
                flat.waiting_time_message_translated
                    .clone_from(waiting_time_message_translated);
            }
            Self::Verification { session, .. } => flat.verification_session = Some(*session),
            Self::Decision { .. } => {}
        }
        flat.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Waiting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let flat = FlatWait::<String, ApiCall>::deserialize(deserializer)?;
        let call = flat.call.ok_or_else(|| de::Error::missing_field("call"))?;
        Ok(match (flat.on, flat.verification_session) {
            (WaitingOn::Provision, _) => Self::Provision {
                call,
                status: flat.status,
                sub_status: flat.sub_status,
            },
            (WaitingOn::Onboarding, Some(session)) => Self::Verification { call, session },
            (WaitingOn::Onboarding, None) => Self::Onboarding {
                call,
                waiting_type: flat.waiting_type,
                waiting_time_message: flat.waiting_time_message,
                waiting_time_message_translated: flat.waiting_time_message_translated,
            },
            (WaitingOn::Decision, _) => Self::Decision {
                call,
                why: flat.why,
            },
        })
    }
}

named! {
    /// The kind of a [`NextStep`], as `"step"` names it.
    pub enum StepKind, "step" {
        /// [`NextStep::Stopped`].
        Stopped = "stopped",
        /// [`NextStep::WaitForBunq`].
        WaitForBunq = "wait_for_bunq",
        /// [`NextStep::RenewCredential`].
        RenewCredential = "renew_credential",
        /// [`NextStep::StartSession`].
        StartSession = "start_session",
        /// [`NextStep::CreateOnboarding`].
        CreateOnboarding = "create_onboarding",
        /// [`NextStep::AskUser`].
        AskUser = "ask_user",
        /// [`NextStep::RequestTarget`].
        RequestTarget = "request_target",
        /// [`NextStep::Done`].
        Done = "done",
    }
}

impl NextStep {
    /// Its kind.
    pub fn kind(&self) -> StepKind {
        match self {
            Self::Stopped { .. } => StepKind::Stopped,
            Self::WaitForBunq(_) => StepKind::WaitForBunq,
            Self::RenewCredential { .. } => StepKind::RenewCredential,
            Self::StartSession { .. } => StepKind::StartSession,
            Self::CreateOnboarding { .. } => StepKind::CreateOnboarding,
            Self::AskUser { .. } => StepKind::AskUser,
            Self::RequestTarget { .. } => StepKind::RequestTarget,
            Self::Done => StepKind::Done,
        }
    }

    /// Whether the user reached the target and bunq has nothing pending.
    pub fn is_done(&self) -> bool {
        *self == Self::Done
    }
}

/// What the rules read of a record, each read once: bunq's objects are kept as JSON members and
/// read into their types here.
struct Known<'a> {
    record: &'a UserRecord,
    now: Timestamp,
    provision: PartnerUserProvision,
    onboarding: UserOnboarding,
    session: LatestSession,
    assessment: Option<Assessment<'a>>,
}

/// The latest identity verification session, as rules 5 and 6 read it.
struct LatestSession {
    id: Option<VerificationSessionId>,
    version: Option<Timestamp>,
    status: Option<VerificationSessionStatus>,
    approved: bool,
}

impl LatestSession {
    fn of(record: &UserRecord) -> Self {
        let latest = record.read_latest_verification_session();
        let session = latest.as_ref().map(|(_, _, session)| session);
        Self {
            id: latest.as_ref().map(|(id, _, _)| *id),
            version: latest.as_ref().map(|(_, version, _)| *version),
            status: session.and_then(|session| session.status.get().cloned()),
            approved: session
                .and_then(|session| session.result.get())
                .and_then(|result| result.result.get())
                == Some(&VerificationOutcome::APPROVED),
        }
    }

    fn is(&self, status: &VerificationSessionStatus) -> bool {
        self.status.as_ref() == Some(status)
    }
}

/// The rules, in order: the first that gives a step decides (`docs/rules.md` N1–N8; N7–N9 are
/// [`target`], which always gives one).
const RULES: [fn(&Known<'_>) -> Option<NextStep>; 6] = [
    stopped,
    waiting_on_the_provision,
    credential,
    create_onboarding,
    ask_user,
    waiting_on_the_onboarding,
];

impl UserRecord {
    /// What to do next at `now`: the first rule of `docs/rules.md` N1–N9 that applies.
    pub fn next_step(&self, now: Timestamp) -> NextStep {
        let known = Known {
            record: self,
            now,
            provision: self.read_provision().unwrap_or_default(),
            onboarding: self.read_onboarding().unwrap_or_default(),
            session: LatestSession::of(self),
            assessment: self.assess(now),
        };
        RULES
            .iter()
            .find_map(|rule| rule(&known))
            .unwrap_or_else(|| target(&known))
    }
}

/// N1: the provision failed, was cancelled or closed, or is closing.
fn stopped(known: &Known<'_>) -> Option<NextStep> {
    let status = known.provision.status.get();
    let sub_status = known.provision.sub_status.get();
    let closed = [
        ProvisionStatus::FAILED,
        ProvisionStatus::CANCELLED,
        ProvisionStatus::CLOSED,
    ];
    let stopped = status.is_some_and(|status| closed.contains(status))
        || sub_status == Some(&ProvisionSubStatus::PENDING_PROCESS_CLOSURE);
    stopped.then(|| NextStep::Stopped {
        status: status.cloned(),
        sub_status: sub_status.cloned(),
    })
}

/// N2: bunq creates the user, or says a status or sub-status it does not publish.
fn waiting_on_the_provision(known: &Known<'_>) -> Option<NextStep> {
    let status = known.provision.status.get();
    let sub_status = known.provision.sub_status.get();
    let pending = [
        ProvisionSubStatus::PENDING_PROCESS_USER,
        ProvisionSubStatus::PENDING_PROCESS_RELATION_USER,
        ProvisionSubStatus::PENDING_PROCESS_OAUTH_REQUEST,
    ];
    let waits = status.is_some_and(|status| !status.is_known())
        || sub_status
            .is_some_and(|sub_status| !sub_status.is_known() || pending.contains(sub_status));
    waits.then(|| {
        NextStep::WaitForBunq(Waiting::Provision {
            call: ApiCall::new("GET", provision_path(known.record)),
            status: status.cloned(),
            sub_status: sub_status.cloned(),
        })
    })
}

/// N3: before the onboarding and the user's session, the credential: renew it or use it.
fn credential(known: &Known<'_>) -> Option<NextStep> {
    let record = known.record;
    if record.is_onboarding_known() || record.is_session_started() {
        return None;
    }
    let credential = known.provision.credential.get()?;
    let expiry_time = credential.expiry_time.get().copied();
    let renew = |credential_status| NextStep::RenewCredential {
        call: ApiCall::with_body(
            "PUT",
            provision_path(record),
            &UpdateProvision::token_reset(),
        ),
        credential_status,
        expiry_time,
    };
    match *credential.status.get()? {
        CredentialStatus::EXPIRED => Some(renew(CredentialStatus::EXPIRED)),
        CredentialStatus::PENDING_FIRST_USE => Some(match expiry_time {
            Some(expiry) if expiry <= known.now => renew(CredentialStatus::PENDING_FIRST_USE),
            _ => NextStep::StartSession {
                call: ApiCall::new("POST", "/v1/session-server".to_owned()),
                expiry_time,
            },
        }),
        _ => None,
    }
}

/// N4: no onboarding is known.
fn create_onboarding(known: &Known<'_>) -> Option<NextStep> {
    (!known.record.is_onboarding_known()).then(|| NextStep::CreateOnboarding {
        call: ApiCall::with_body(
            "POST",
            "/v1/user/{user_api_key_id}/user-onboarding".to_owned(),
            &CreateOnboarding::default(),
        ),
    })
}

/// N5: blocking types to ask for, or inquiry entries to answer.
fn ask_user(known: &Known<'_>) -> Option<NextStep> {
    let entries = entries_to_answer(known);
    let (asks, due_later, verification_session) = fulfillment_asks(known).unwrap_or_default();
    if asks.is_empty() && entries.is_empty() {
        return None;
    }
    Some(NextStep::AskUser {
        asks,
        due_later,
        verification_session,
        entries,
    })
}

/// What the user answers, of each inquiry's entries (`docs/rules.md` N5), in order of deadline
/// (none last), then inquiry and entry.
fn entries_to_answer(known: &Known<'_>) -> Vec<EntryToAnswer> {
    let record = known.record;
    let mut entries = Vec::new();
    for id in record.inquiry_ids() {
        let inquiry = record.read_inquiry(id).unwrap_or_default();
        if inquiry.status.get() == Some(&InquiryStatus::FINALIZED) {
            continue;
        }
        let deadline = inquiry.time_expiry.get().copied();
        for (entry_id, entry) in record.read_inquiry_entries(id) {
            if entry.status.get() != Some(&InquiryEntryStatus::PENDING) {
                continue;
            }
            entries.push(EntryToAnswer {
                inquiry: id,
                purpose: inquiry.purpose.get().cloned(),
                title: inquiry.title.get().cloned(),
                entry: entry_id,
                entry_type: entry.entry_type.get().cloned(),
                description: entry.entry_description.get().cloned(),
                deadline,
                deadline_passed: deadline.is_some_and(|deadline| deadline <= known.now),
                call: ApiCall::new(
                    "PUT",
                    format!(
                        "/v1/user/{{user_api_key_id}}/user-information-inquiry/{id}/partner-user-information-inquiry-entry/{entry_id}"
                    ),
                ),
            });
        }
    }
    entries.sort_by_key(|entry| {
        (
            entry.deadline.is_none(),
            entry.deadline,
            entry.inquiry,
            entry.entry,
        )
    });
    entries
}

/// The blocking types of the latest list to ask for, what is due later, and the session to
/// submit; `None` without a list of rows.
fn fulfillment_asks(
    known: &Known<'_>,
) -> Option<(Vec<AskedType>, Vec<DueLater>, Option<VerificationSessionId>)> {
    let assessment = known.assessment.as_ref()?;
    let (FulfillmentList::Required { .. }, list_version) = known.record.fulfillment_list()? else {
        return None;
    };
    let session = &known.session;
    let approved_since = session.is(&VerificationSessionStatus::PROCESSED)
        && session.approved
        && session
            .version
            .is_some_and(|version| version > list_version);
    let verification_excluded = session.is(&VerificationSessionStatus::SUBMITTED) || approved_since;
    let mut asks: Vec<AskedType> = assessment
        .of_class(Class::Blocking)
        .map(crate::Verdict::fulfillment_type)
        .filter(|fulfillment_type| {
            !(verification_excluded
                && **fulfillment_type == FulfillmentType::IDENTIFICATION_VERIFICATION)
        })
        .map(|fulfillment_type| ask(known, assessment, fulfillment_type))
        .collect();
    let verification = asks
        .iter_mut()
        .find(|ask| ask.fulfillment_type == FulfillmentType::IDENTIFICATION_VERIFICATION);
    let verification_session = match verification {
        Some(ask) if session.is(&VerificationSessionStatus::CREATED) => {
            // A session exists: once the user finished scanning, submit it.
            ask.inferred_call = session.id.map(|id| {
                ApiCall::with_body(
                    "PUT",
                    session_path(id),
                    &UpdateVerificationSession::submitted(),
                )
            });
            session.id
        }
        _ => None,
    };
    Some((asks, due_later(assessment), verification_session))
}

/// N6: bunq processes the onboarding, or a submitted identity verification.
fn waiting_on_the_onboarding(known: &Known<'_>) -> Option<NextStep> {
    let onboarding = &known.onboarding;
    if onboarding.action_required.get() == Some(&ActionRequired::SYSTEM) {
        return Some(NextStep::WaitForBunq(Waiting::Onboarding {
            call: ApiCall::new("GET", onboarding_path(known.record)),
            waiting_type: onboarding.waiting_type.get().cloned(),
            waiting_time_message: onboarding.waiting_time_message.get().cloned(),
            waiting_time_message_translated: onboarding
                .waiting_time_message_translated
                .get()
                .cloned(),
        }));
    }
    let verification_blocks = known.assessment.as_ref().is_some_and(|assessment| {
        assessment
            .verdict(&FulfillmentType::IDENTIFICATION_VERIFICATION)
            .is_some_and(|verdict| verdict.class() == Class::Blocking)
    });
    let session = &known.session;
    if !(verification_blocks && session.is(&VerificationSessionStatus::SUBMITTED)) {
        return None;
    }
    let id = session.id?;
    Some(NextStep::WaitForBunq(Waiting::Verification {
        call: ApiCall::new("GET", session_path(id)),
        session: id,
    }))
}

/// N7 to N9: the target: ask for it, done, or wait for bunq's decision.
fn target(known: &Known<'_>) -> NextStep {
    let record = known.record;
    let action = known.onboarding.action_required.get();
    let accepted = record.is_accepted();
    if !accepted || action == Some(&ActionRequired::USER) {
        return NextStep::RequestTarget {
            call: ApiCall::with_body("PUT", onboarding_path(record), &UpdateOnboarding::default()),
            again: accepted,
        };
    }
    if action == Some(&ActionRequired::NONE) {
        return NextStep::Done;
    }
    let why = match action {
        None => "bunq accepted the target; the onboarding has not said whether anything is pending"
            .to_owned(),
        Some(action) => format!(
            "bunq accepted the target; the onboarding's action_required {} is not one bunq publishes",
            Word(action.as_str())
        ),
    };
    NextStep::WaitForBunq(Waiting::Decision {
        call: ApiCall::new("GET", onboarding_path(record)),
        why,
    })
}

/// The paths the calls go to.
fn provision_path(record: &UserRecord) -> String {
    let id = record
        .ids()
        .provision
        .map_or_else(|| "{id}".to_owned(), |id| id.to_string());
    format!("/v1/partner-user-provision/{id}")
}

fn onboarding_path(record: &UserRecord) -> String {
    let id = record
        .ids()
        .onboarding
        .map_or_else(|| "{id}".to_owned(), |id| id.to_string());
    format!("/v1/user/{{user_api_key_id}}/user-onboarding/{id}")
}

fn session_path(id: VerificationSessionId) -> String {
    format!("/v1/user/{{user_api_key_id}}/identity-verification-session/{id}")
}

/// The endpoint that provides a type, inferred from its name (`docs/rules.md` N5).
fn inferred_call(fulfillment_type: &FulfillmentType, record: &UserRecord) -> Option<ApiCall> {
    let user = "/v1/user/{user_api_key_id}";
    Some(match *fulfillment_type {
        FulfillmentType::ADDRESS_MAIN => ApiCall::new("POST", format!("{user}/address-main")),
        FulfillmentType::ADDRESS_POSTAL => ApiCall::new("POST", format!("{user}/address-postal")),
        FulfillmentType::DATE_OF_BIRTH => {
            let id = record
                .ids()
                .user
                .map_or_else(|| "{user_id}".to_owned(), |id| id.to_string());
            ApiCall::new("PUT", format!("/v1/user-person/{id}"))
        }
        FulfillmentType::IDENTIFICATION_VERIFICATION => ApiCall::with_body(
            "POST",
            format!("{user}/identity-verification-session"),
            &CreateVerificationSession::default(),
        ),
        _ => return None,
    })
}

/// Each distinct text, in order.
fn distinct<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for text in texts {
        if !text.is_empty() && !kept.iter().any(|known| known == text) {
            kept.push(text.to_owned());
        }
    }
    kept
}

fn ask(
    known: &Known<'_>,
    assessment: &Assessment<'_>,
    fulfillment_type: &FulfillmentType,
) -> AskedType {
    let rows: Vec<_> = assessment
        .blocking_rows()
        .filter(|row| row.fulfillment_type == *fulfillment_type)
        .collect();
    let mut satisfied_by: Vec<FulfillmentStatus> = Vec::new();
    for status in rows.iter().flat_map(|row| &row.all_status_allowed) {
        if !satisfied_by.contains(status) {
            satisfied_by.push(status.clone());
        }
    }
    AskedType {
        fulfillment_type: fulfillment_type.clone(),
        reasons: distinct(rows.iter().map(|row| row.reason.as_str())),
        reasons_translated: distinct(rows.iter().map(|row| row.reason_translated.as_str())),
        satisfied_by,
        inferred_call: inferred_call(fulfillment_type, known.record),
    }
}

/// What is due later, with deadlines and bunq's reasons.
fn due_later(assessment: &Assessment<'_>) -> Vec<DueLater> {
    assessment
        .of_class(Class::DueLater)
        .map(|verdict| DueLater {
            reasons: Some(distinct(
                verdict
                    .rows()
                    .filter(|row| row.class_at(assessment.now()) == Class::DueLater)
                    .map(|row| row.reason.as_str()),
            )),
            ..DueLater::of(verdict)
        })
        .collect()
}

/// Text for a support agent; bunq's text escaped.
impl fmt::Display for NextStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let optional = |value: Option<&str>| {
            value.map_or_else(|| "unknown".to_owned(), |v| Word(v).to_string())
        };
        match self {
            Self::Stopped { status, sub_status } => write!(
                f,
                "stopped: the provision's status is {}, its sub-status {}",
                optional(status.as_ref().map(ProvisionStatus::as_str)),
                optional(sub_status.as_ref().map(ProvisionSubStatus::as_str))
            ),
            Self::WaitForBunq(wait) => {
                write!(
                    f,
                    "wait for bunq ({}): {}",
                    wait.on(),
                    Shown::prose(&wait.why(), SHOWN_WIDTH)
                )?;
                if let Waiting::Onboarding {
                    waiting_type,
                    waiting_time_message,
                    ..
                } = wait
                {
                    if let Some(waiting_type) = waiting_type {
                        write!(f, "\n  waiting: {}", Word(waiting_type.as_str()))?;
                    }
                    if let Some(message) = waiting_time_message {
                        write!(f, "\n  bunq says: {}", Shown::prose(message, SHOWN_WIDTH))?;
                    }
                }
                write!(f, "\n  meanwhile: {}", wait.call())
            }
            Self::RenewCredential {
                call,
                credential_status,
                expiry_time,
            } => {
                write!(
                    f,
                    "renew the credential ({}",
                    Word(credential_status.as_str())
                )?;
                if let Some(expiry) = expiry_time {
                    write!(f, ", expired {expiry}")?;
                }
                write!(f, "): {call}")
            }
            Self::StartSession { call, expiry_time } => {
                write!(f, "start the user's session")?;
                if let Some(expiry) = expiry_time {
                    write!(f, " before {expiry}")?;
                }
                write!(f, ": {call} with the credential's API key as `secret`")
            }
            Self::CreateOnboarding { call } => write!(f, "create the onboarding: {call}"),
            Self::AskUser {
                asks,
                due_later,
                verification_session,
                entries,
            } => {
                write_asks(f, asks, due_later, *verification_session)?;
                write_entries(f, entries)
            }
            Self::RequestTarget { call, again } => {
                let when = if *again {
                    " again: bunq says the user must act"
                } else {
                    ""
                };
                write!(f, "request the target ACTIVE / VERIFIED{when}: {call}")
            }
            Self::Done => write!(f, "done: bunq accepted the target and has nothing pending"),
        }
    }
}

fn write_entries(f: &mut fmt::Formatter<'_>, entries: &[EntryToAnswer]) -> fmt::Result {
    let optional =
        |word: Option<&str>| word.map_or_else(|| "unknown".to_owned(), |w| Word(w).to_string());
    for entry in entries {
        write!(
            f,
            "\n  - answer inquiry {} ({}) entry {} {}",
            entry.inquiry,
            optional(entry.purpose.as_ref().map(InquiryPurpose::as_str)),
            entry.entry,
            optional(entry.entry_type.as_ref().map(InquiryEntryType::as_str)),
        )?;
        if let Some(description) = &entry.description {
            write!(f, ": {}", Shown::prose(description, SHOWN_WIDTH))?;
        }
        if let Some(deadline) = entry.deadline {
            let past = if entry.deadline_passed {
                ", passed"
            } else {
                ""
            };
            write!(f, " (deadline {deadline}{past})")?;
        }
        write!(
            f,
            "\n    answer: {} with `answer` and/or `all_attachment_id`",
            entry.call
        )?;
    }
    Ok(())
}

fn write_asks(
    f: &mut fmt::Formatter<'_>,
    asks: &[AskedType],
    due_later: &[DueLater],
    verification_session: Option<VerificationSessionId>,
) -> fmt::Result {
    write!(f, "ask the user for:")?;
    for ask in asks {
        let satisfied_by: Vec<String> = ask
            .satisfied_by
            .iter()
            .map(|status| Word(status.as_str()).to_string())
            .collect();
        write!(
            f,
            "\n  - {} (satisfied by {})",
            Word(ask.fulfillment_type.as_str()),
            satisfied_by.join(", ")
        )?;
        for reason in &ask.reasons {
            write!(f, ": {}", Shown::prose(reason, SHOWN_WIDTH))?;
        }
        if let Some(call) = &ask.inferred_call {
            write!(f, "\n    provide: {call} (inferred from the type's name)")?;
        }
    }
    if let Some(id) = verification_session {
        write!(
            f,
            "\n  the user has to finish scanning in identity verification session {id}"
        )?;
    }
    for later in due_later {
        write!(
            f,
            "\n  due later: {}",
            Word(later.fulfillment_type.as_str())
        )?;
        if let Some(deadline) = later.deadline {
            write!(f, " by {deadline}")?;
        }
        for reason in later.reasons.iter().flatten() {
            write!(f, ": {}", Shown::prose(reason, SHOWN_WIDTH))?;
        }
    }
    Ok(())
}
