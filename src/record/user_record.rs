//! The partner's record of one provisioned user, built only from facts (`docs/rules.md` R).

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::names::named;
use crate::record::fact::{Fact, FactSubject, FulfillmentList, IdConflict, Ids, ObjectKey};
use crate::record::history::{RecordChange, RecordEvent};
use crate::record::state::{Comparison, Contradiction, RecordState, StoredObject};
use crate::{
    Assessment, ErrorDescription, IdentityVerificationSession, InquiryEntryId, InquiryId,
    OnboardingId, PartnerUserProvision, ProvisionId, Timestamp, UserId, UserInformationInquiry,
    UserInformationInquiryEntry, UserOnboarding, VerificationSessionId,
};

named! {
    /// What applying a fact did (`docs/rules.md` R12). A refused fact is an error instead:
    /// [`FactRefusal`].
    pub enum FactOutcome, "fact outcome" {
        /// A value changed.
        Applied = "applied",
        /// No value changed, and nothing it carries is older than the record's.
        Duplicate = "duplicate",
        /// No value changed, and some value it carries is older than the record's, or lost a
        /// tie of equal versions.
        Stale = "stale",
        /// It says nothing about onboarding.
        Ignored = "ignored",
    }
}

/// A fact about another user, provision or onboarding, or naming two of one kind: refused, and
/// the record left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FactRefusal {
    /// The fact is about another provision.
    #[error("the fact is about provision {fact}, the record about provision {record}")]
    OtherProvision {
        /// The record's.
        record: ProvisionId,
        /// The fact's.
        fact: ProvisionId,
    },
    /// The fact is about another user.
    #[error("the fact is about user {fact}, the record about user {record}")]
    OtherUser {
        /// The record's.
        record: UserId,
        /// The fact's.
        fact: UserId,
    },
    /// The fact is about another onboarding.
    #[error("the fact is about onboarding {fact}, the record about onboarding {record}")]
    OtherOnboarding {
        /// The record's.
        record: OnboardingId,
        /// The fact's.
        fact: OnboardingId,
    },
    /// The fact's rows are of two users.
    #[error("the fact names two users, {first} and {second}")]
    TwoUsers {
        /// The first row's user.
        first: UserId,
        /// Another row's user.
        second: UserId,
    },
    /// The fact's request names an inquiry entry, and its body's `Id` another.
    #[error("the fact names two inquiry entries, {path} in its request and {body} in its body")]
    TwoInquiryEntries {
        /// The one in the request's path.
        path: InquiryEntryId,
        /// The one in the body.
        body: InquiryEntryId,
    },
    /// The fact's request and body name two onboardings.
    #[error("the fact names two onboardings, {path} in its request and {body} in its body")]
    TwoOnboardings {
        /// The one in the request's path.
        path: OnboardingId,
        /// The one in the body.
        body: OnboardingId,
    },
}

/// How many facts did what: the `"facts"` of `explain --facts`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactCounts {
    /// Facts that changed a value.
    pub applied: usize,
    /// Facts that changed no value, none older.
    pub duplicate: usize,
    /// Facts that changed no value, some older or losing a tie.
    pub stale: usize,
    /// Facts about another user, provision or onboarding.
    pub refused: usize,
    /// Facts about nothing the record models.
    pub ignored: usize,
}

impl FactCounts {
    /// Counts one fact's result.
    pub fn count(&mut self, result: &Result<FactOutcome, FactRefusal>) {
        let counter = match result {
            Ok(FactOutcome::Applied) => &mut self.applied,
            Ok(FactOutcome::Duplicate) => &mut self.duplicate,
            Ok(FactOutcome::Stale) => &mut self.stale,
            Ok(FactOutcome::Ignored) => &mut self.ignored,
            Err(_) => &mut self.refused,
        };
        *counter += 1;
    }
}

/// The partner's record of one provisioned user: the provision (with its credential), the
/// onboarding object, the identity verification sessions, bunq's latest fulfillment list and its
/// latest error, built only from facts.
///
/// - **Any order, any repetition.** Facts arrive repeated (callbacks are retried), late and out of
///   order; the record's state depends only on the set of facts (that agree on the ids). Each
///   member of an object keeps the value of the newest fact that carried it; of equal versions,
///   the greater canonical JSON wins. A fulfillment list is one value, replaced whole.
/// - **Identity.** The record's ids are given when it is made or learnt from the first fact
///   naming them; a fact about another user, provision or onboarding is refused ([`FactRefusal`])
///   and changes nothing.
/// - **No secrets.** The credential's `token_value` and the sessions' tokens are never kept.
/// - **History.** Each fact that changed the record leaves one [`RecordEvent`] holding only what
///   changed; [`UserRecord::replay`] rebuilds the record from them, and serde writes and reads
///   the record (checking the state against its history).
/// - `now` and the receipt times are arguments: the record reads no clock.
///
/// ```
/// use bunq_onboarding::{FactLine, NextStep, UserRecord};
/// use bunq_onboarding::record::FactOutcome;
///
/// let line = r#"{"received":"2025-09-03 08:24:15.000000","body":{"NotificationUrl":{"category":"PARTNER_USER_PROVISION",
///   "event_type":"PARTNER_USER_PROVISION_PROCESS_UPDATED","object":{"PartnerUserProvision":{"id":7,
///   "updated":"2025-09-03 08:24:14.266407","status":"ACTIVE","sub_status":"PENDING_PROCESS_USER_ONBOARDING",
///   "credential":{"status":"PENDING_FIRST_USE","expiry_time":"2025-09-03 09:24:14.178685","token_value":"secret"}}}}}}"#;
/// let mut record = UserRecord::new();
/// for fact in FactLine::from_json(line)?.facts() {
///     assert_eq!(record.apply(&fact), Ok(FactOutcome::Applied));
///     assert_eq!(record.apply(&fact), Ok(FactOutcome::Duplicate)); // the retry changes nothing
/// }
/// assert!(!serde_json::to_string(&record)?.contains("secret"));
/// let now = "2025-09-03 08:30:00.000000".parse()?;
/// assert!(matches!(record.next_step(now), NextStep::StartSession { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct UserRecord {
    given: Ids,
    state: RecordState,
    history: Vec<RecordEvent>,
}

impl Default for UserRecord {
    fn default() -> Self {
        Self::new()
    }
}

impl UserRecord {
    /// A record that learns its ids from the facts.
    pub fn new() -> Self {
        Self::with_ids(Ids::default())
    }

    /// A record of the ids given (any may be `None`, to be learnt).
    pub fn with_ids(ids: Ids) -> Self {
        Self {
            given: ids,
            state: RecordState {
                ids,
                ..RecordState::default()
            },
            history: Vec::new(),
        }
    }

    /// Rebuilds a record from the ids it was made with and its events.
    pub fn replay(given: Ids, events: impl IntoIterator<Item = RecordEvent>) -> Self {
        let mut record = Self::with_ids(given);
        for event in events {
            record.state.apply(&event);
            record.history.push(event);
        }
        record
    }

    /// Applies one fact.
    ///
    /// A duplicate or stale fact that raises no version leaves the record, its history and the
    /// heap untouched.
    ///
    /// # Errors
    /// [`FactRefusal`] when the fact is about another user, provision or onboarding than the
    /// record's, or names two of one kind; the record is unchanged.
    pub fn apply(&mut self, fact: &Fact) -> Result<FactOutcome, FactRefusal> {
        let subject = fact.subject();
        match subject {
            FactSubject::Ignored => return Ok(FactOutcome::Ignored),
            FactSubject::Conflict(conflict) => return Err(FactRefusal::from(*conflict)),
            _ => {}
        }
        if let Some(contradiction) = self.state.contradiction(&fact.ids()) {
            return Err(FactRefusal::from(contradiction));
        }
        let learned = self.state.new_ids(&fact.ids());
        let makes_known = fact.ids().onboarding.is_some()
            || matches!(
                subject,
                FactSubject::Object {
                    key: ObjectKey::Onboarding,
                    ..
                } | FactSubject::OnboardingCreated
                    | FactSubject::FulfillmentList(_)
            );
        let onboarding_known = makes_known && !self.state.onboarding_known;
        let (comparison, change) = self.change(fact);
        let taught = learned != Ids::default() || onboarding_known;
        let outcome = if taught || comparison.changes {
            FactOutcome::Applied
        } else if comparison.stale {
            FactOutcome::Stale
        } else {
            FactOutcome::Duplicate
        };
        if taught || change.is_some() {
            let event = RecordEvent {
                received: fact.received(),
                version: fact.version(),
                learned,
                onboarding_known,
                change,
            };
            self.state.apply(&event);
            self.history.push(event);
        }
        Ok(outcome)
    }

    /// What the fact would change, beside the ids.
    fn change(&self, fact: &Fact) -> (Comparison, Option<RecordChange>) {
        let version = fact.version();
        match fact.subject() {
            FactSubject::Object { key, members } => {
                let (comparison, change) = self.state.object_change(*key, version, members);
                (
                    comparison,
                    change.map(|change| RecordChange::Object { key: *key, change }),
                )
            }
            FactSubject::SessionStarted => {
                let new = !self.state.session_started;
                let comparison = Comparison {
                    changes: new,
                    ..Comparison::default()
                };
                (comparison, new.then_some(RecordChange::SessionStarted))
            }
            FactSubject::FulfillmentList(list) => {
                let (comparison, change) = self.state.list_change(fact.received(), list);
                (comparison, change.map(RecordChange::FulfillmentList))
            }
            FactSubject::BunqError(errors) => {
                let (comparison, change) = self.state.error_change(fact.received(), errors);
                (comparison, change.map(RecordChange::BunqError))
            }
            FactSubject::OnboardingCreated | FactSubject::Conflict(_) | FactSubject::Ignored => {
                (Comparison::default(), None)
            }
        }
    }

    /// Everything the record holds (without its history): what any order and repetition of the
    /// same facts makes equal.
    pub fn state(&self) -> &RecordState {
        &self.state
    }

    /// Every change, in the order the facts arrived.
    pub fn events(&self) -> &[RecordEvent] {
        &self.history
    }

    /// The moves of an inquiry or an entry that their lifecycles do not make, in the order the
    /// facts arrived: recorded all the same, as bunq said them.
    pub fn anomalies(&self) -> Vec<crate::record::Anomaly> {
        crate::record::anomaly::anomalies(&self.history)
    }

    /// The ids the record was made with.
    pub fn given_ids(&self) -> Ids {
        self.given
    }

    /// The ids: given, or learnt.
    pub fn ids(&self) -> Ids {
        self.state.ids
    }

    /// The provision as bunq last said it, member by member; `None` until a fact carried it.
    ///
    /// The record keeps bunq's objects as JSON members: this reads them into the typed object,
    /// a parse each call. Keep the result rather than call it again.
    pub fn read_provision(&self) -> Option<PartnerUserProvision> {
        typed(self.state.provision.as_ref()?)
    }

    /// The onboarding object as bunq last said it; `None` until a fact carried it.
    /// A parse each call, as [`UserRecord::read_provision`].
    pub fn read_onboarding(&self) -> Option<UserOnboarding> {
        typed(self.state.onboarding.as_ref()?)
    }

    /// Whether an onboarding is known (a fact named one, or bunq sent a fulfillment list).
    pub fn is_onboarding_known(&self) -> bool {
        self.state.onboarding_known
    }

    /// One identity verification session as bunq last said it.
    /// A parse each call, as [`UserRecord::read_provision`].
    pub fn read_verification_session(
        &self,
        id: VerificationSessionId,
    ) -> Option<IdentityVerificationSession> {
        typed(self.state.verification_sessions.get(&id)?)
    }

    /// The latest identity verification session: the highest version, of equal versions the
    /// higher id; with its id and version.
    /// A parse each call, as [`UserRecord::read_provision`].
    pub fn read_latest_verification_session(
        &self,
    ) -> Option<(
        VerificationSessionId,
        Timestamp,
        IdentityVerificationSession,
    )> {
        let (id, session) = self
            .state
            .verification_sessions
            .iter()
            .max_by_key(|(id, session)| (session.version, **id))?;
        Some((*id, session.version, typed(session)?))
    }

    /// The compliance inquiries the record knows, by id ascending: read, or known only by an
    /// answered entry.
    pub fn inquiry_ids(&self) -> Vec<InquiryId> {
        let mut ids: Vec<InquiryId> = self.state.inquiries.keys().copied().collect();
        ids.extend(self.state.inquiry_entries.keys().copied());
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// One compliance inquiry's own members as bunq last said them (its entries are read with
    /// [`UserRecord::read_inquiry_entries`]); `None` until a fact carried it. A parse each call,
    /// as [`UserRecord::read_provision`].
    pub fn read_inquiry(&self, id: InquiryId) -> Option<UserInformationInquiry> {
        typed(self.state.inquiries.get(&id)?)
    }

    /// An inquiry's entries as bunq last said them, by id ascending. A parse each call, as
    /// [`UserRecord::read_provision`].
    pub fn read_inquiry_entries(
        &self,
        inquiry: InquiryId,
    ) -> Vec<(InquiryEntryId, UserInformationInquiryEntry)> {
        self.state
            .inquiry_entries
            .get(&inquiry)
            .into_iter()
            .flatten()
            .filter_map(|(id, entry)| Some((*id, typed(entry)?)))
            .collect()
    }

    /// Whether the user's session was started (`POST /v1/session-server` answered).
    pub fn is_session_started(&self) -> bool {
        self.state.session_started
    }

    /// bunq's latest fulfillment list and its version (the receipt time).
    pub fn fulfillment_list(&self) -> Option<(&FulfillmentList, Timestamp)> {
        let list = self.state.fulfillment_list.as_ref()?;
        Some((&list.value, list.version))
    }

    /// Whether the latest fulfillment list is bunq's acceptance of the target.
    pub fn is_accepted(&self) -> bool {
        self.fulfillment_list()
            .is_some_and(|(list, _)| list.is_accepted())
    }

    /// The verdicts on the latest fulfillment list at `now` (none required after the
    /// acceptance); `None` without a list.
    pub fn assess(&self, now: Timestamp) -> Option<Assessment<'_>> {
        Some(match self.fulfillment_list()?.0 {
            FulfillmentList::Accepted => Assessment::of(&[], now),
            FulfillmentList::Required { parameter } => parameter.assess(now),
        })
    }

    /// bunq's latest error without fulfillments, if any.
    pub fn bunq_error(&self) -> Option<&[ErrorDescription]> {
        self.state.bunq_error.as_ref().map(|error| &error.value[..])
    }
}

/// An object's members as its typed form. Every member came from a fact that read as that
/// type, or from a history checked on reading, so this does not fail.
fn typed<T: serde::de::DeserializeOwned>(object: &StoredObject) -> Option<T> {
    serde_json::from_value(object.to_json()).ok()
}

impl From<IdConflict> for FactRefusal {
    fn from(conflict: IdConflict) -> Self {
        match conflict {
            IdConflict::Users(first, second) => Self::TwoUsers { first, second },
            IdConflict::Onboardings(path, body) => Self::TwoOnboardings { path, body },
            IdConflict::InquiryEntries(path, body) => Self::TwoInquiryEntries { path, body },
        }
    }
}

impl From<Contradiction> for FactRefusal {
    fn from(contradiction: Contradiction) -> Self {
        match contradiction {
            Contradiction::Provision { record, fact } => Self::OtherProvision { record, fact },
            Contradiction::User { record, fact } => Self::OtherUser { record, fact },
            Contradiction::Onboarding { record, fact } => Self::OtherOnboarding { record, fact },
        }
    }
}

/// The stored form: the ids given, the state (for people and queries) and the history.
#[derive(Serialize, Deserialize)]
struct Stored<S, H> {
    given: Ids,
    state: S,
    events: H,
}

/// `{"given": ids, "state": …, "events": […]}`.
impl Serialize for UserRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Stored {
            given: self.given,
            state: &self.state,
            events: &self.history,
        }
        .serialize(serializer)
    }
}

/// Reads a stored record by replaying its history, and refuses one whose state does not match
/// it, or whose objects are not bunq's.
impl<'de> Deserialize<'de> for UserRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored: Stored<RecordState, Vec<RecordEvent>> = Stored::deserialize(deserializer)?;
        let record = Self::replay(stored.given, stored.events);
        if record.state != stored.state {
            return Err(de::Error::custom(
                "the stored state is not the one its events rebuild",
            ));
        }
        let state = &record.state;
        let objects_read = state
            .provision
            .as_ref()
            .is_none_or(|object| typed::<PartnerUserProvision>(object).is_some())
            && state
                .onboarding
                .as_ref()
                .is_none_or(|object| typed::<UserOnboarding>(object).is_some())
            && state
                .verification_sessions
                .values()
                .all(|object| typed::<IdentityVerificationSession>(object).is_some())
            && state
                .inquiries
                .values()
                .all(|object| typed::<UserInformationInquiry>(object).is_some())
            && state
                .inquiry_entries
                .values()
                .flat_map(BTreeMap::values)
                .all(|object| typed::<UserInformationInquiryEntry>(object).is_some());
        if !objects_read {
            return Err(de::Error::custom(
                "the stored record holds an object that is not bunq's",
            ));
        }
        Ok(record)
    }
}
