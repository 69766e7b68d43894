//! What a record holds, and the two ways it changes: by a fact (work out the change) and by an
//! event (make it). Applying a fact works out its event, then applies that event: replay runs the
//! very same code, so it rebuilds the record exactly.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::canonical::{SortedMembers, canonical_of};
use crate::record::fact::{FulfillmentList, Ids, ObjectKey};
use crate::record::history::{ErrorChange, ListChange, ObjectChange, RecordChange, RecordEvent};
use crate::{
    CanonicalJson, CanonicalMembers, ErrorDescription, InquiryEntryId, InquiryId, JsonValue,
    OnboardingId, ProvisionId, Timestamp, UserId, VerificationSessionId,
};

/// A value and the version of the facts it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versioned<T> {
    /// The highest version of the facts that carried it.
    pub version: Timestamp,
    /// The value of the fact with that version (equal versions: the greater canonical JSON).
    pub value: T,
}

/// One of bunq's objects as the record holds it: each member with its own version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredObject {
    /// The highest version of the facts applied to it.
    pub version: Timestamp,
    /// Every member a fact carried (secrets excepted), by name.
    pub members: SortedMembers<Versioned<CanonicalJson>>,
}

impl StoredObject {
    fn new(version: Timestamp) -> Self {
        Self {
            version,
            members: SortedMembers::new(),
        }
    }

    /// The members' current values, as the JSON object bunq would send.
    pub(crate) fn to_json(&self) -> JsonValue {
        JsonValue::Object(
            self.members
                .iter()
                .map(|(name, member)| (name.clone(), member.value.to_value()))
                .collect(),
        )
    }
}

/// Everything a record holds; two records built from the same facts, in any order, hold equal
/// states.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordState {
    /// The ids: given when the record was made, or learnt from the first fact naming them.
    pub ids: Ids,
    /// Whether an onboarding is known: a fact named one, or bunq sent a fulfillment list.
    pub onboarding_known: bool,
    /// The provision, once a fact carried it.
    pub provision: Option<StoredObject>,
    /// The onboarding object, once a fact carried it.
    pub onboarding: Option<StoredObject>,
    /// The identity verification sessions, by id.
    pub verification_sessions: BTreeMap<VerificationSessionId, StoredObject>,
    /// The compliance inquiries, by id: their own members (absent from records without one).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inquiries: BTreeMap<InquiryId, StoredObject>,
    /// The inquiries' entries, by inquiry then entry (an entry bunq no longer lists is kept).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inquiry_entries: BTreeMap<InquiryId, BTreeMap<InquiryEntryId, StoredObject>>,
    /// Whether the user's session was started (the credential used).
    pub session_started: bool,
    /// bunq's latest fulfillment list.
    pub fulfillment_list: Option<Versioned<FulfillmentList>>,
    /// bunq's latest error without fulfillments.
    pub bunq_error: Option<Versioned<Vec<ErrorDescription>>>,
}

/// How a fact compares with what the record holds, value by value.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Comparison {
    /// A value would change.
    pub(crate) changes: bool,
    /// A value (or an object) would only get a newer version.
    pub(crate) raises: bool,
    /// A value carried is older than the record's, or lost a tie.
    pub(crate) stale: bool,
}

/// Where a value of a fact stands against the record's.
#[derive(Clone, Copy)]
enum Standing {
    New,
    Raise,
    Same,
    Stale,
}

impl Standing {
    /// The change a whole value makes: replaced by the new one, or raised.
    fn change<C>(self, replacement: impl FnOnce() -> C, raised: C) -> Option<C> {
        match self {
            Self::New => Some(replacement()),
            Self::Raise => Some(raised),
            Self::Same | Self::Stale => None,
        }
    }

    /// What the standing says of the fact.
    fn comparison(self) -> Comparison {
        let mut met = Standings::default();
        met.add(self);
        met.comparison()
    }
}

/// The standings met among a fact's values: a set, one bit each, so that a fact of many members
/// is compared with one `or` a member (a retried callback is compared member by member).
#[derive(Clone, Copy, Default)]
struct Standings(u8);

impl Standings {
    fn add(&mut self, standing: Standing) {
        self.0 |= 1 << standing as u8;
    }

    fn has(self, standing: Standing) -> bool {
        self.0 & (1 << standing as u8) != 0
    }

    /// What the values' standings say of the fact: it changes a value, raises one, or carries
    /// one that is stale.
    fn comparison(self) -> Comparison {
        Comparison {
            changes: self.has(Standing::New),
            raises: self.has(Standing::Raise),
            stale: self.has(Standing::Stale),
        }
    }
}

/// The rule for one value (`docs/rules.md` R7, R8): the newer wins; of equal versions, the greater.
/// Every value of a record, an object's member, the fulfillment list or bunq's error, stands by
/// it.
fn standing<T: PartialEq>(
    stored: Option<&Versioned<T>>,
    version: Timestamp,
    value: &T,
    greater: impl FnOnce(&T, &T) -> bool,
) -> Standing {
    let Some(stored) = stored else {
        return Standing::New;
    };
    match version.cmp(&stored.version) {
        Ordering::Greater if stored.value == *value => Standing::Raise,
        Ordering::Greater => Standing::New,
        Ordering::Equal if stored.value == *value => Standing::Same,
        Ordering::Equal if greater(value, &stored.value) => Standing::New,
        Ordering::Less | Ordering::Equal => Standing::Stale,
    }
}

impl RecordState {
    /// The ids a fact would teach the record (none when it names no new one).
    pub(crate) fn new_ids(&self, ids: &Ids) -> Ids {
        Ids {
            provision: ids.provision.filter(|_| self.ids.provision.is_none()),
            user: ids.user.filter(|_| self.ids.user.is_none()),
            onboarding: ids.onboarding.filter(|_| self.ids.onboarding.is_none()),
        }
    }

    /// One of bunq's objects, if a fact carried it.
    pub(crate) fn object(&self, key: ObjectKey) -> Option<&StoredObject> {
        match key {
            ObjectKey::Provision => self.provision.as_ref(),
            ObjectKey::Onboarding => self.onboarding.as_ref(),
            ObjectKey::VerificationSession { id } => self.verification_sessions.get(&id),
            ObjectKey::Inquiry { id } => self.inquiries.get(&id),
            ObjectKey::InquiryEntry { inquiry, entry } => {
                self.inquiry_entries.get(&inquiry)?.get(&entry)
            }
        }
    }

    /// One of bunq's objects, made at `version` if new.
    fn object_at(&mut self, key: ObjectKey, version: Timestamp) -> &mut StoredObject {
        let new = || StoredObject::new(version);
        match key {
            ObjectKey::Provision => self.provision.get_or_insert_with(new),
            ObjectKey::Onboarding => self.onboarding.get_or_insert_with(new),
            ObjectKey::VerificationSession { id } => {
                self.verification_sessions.entry(id).or_insert_with(new)
            }
            ObjectKey::Inquiry { id } => self.inquiries.entry(id).or_insert_with(new),
            ObjectKey::InquiryEntry { inquiry, entry } => self
                .inquiry_entries
                .entry(inquiry)
                .or_default()
                .entry(entry)
                .or_insert_with(new),
        }
    }

    /// A fact's members against the object `key`: the change it makes, if any. Both are sorted
    /// by name, so one walk pairs them; a retried callback is compared without allocating.
    pub(crate) fn object_change(
        &self,
        key: ObjectKey,
        version: Timestamp,
        members: &CanonicalMembers,
    ) -> (Comparison, Option<ObjectChange>) {
        let stored = self.object(key);
        let standings = || {
            Paired::new(stored, members).map(move |(name, value, member)| {
                (name, value, standing(member, version, value, |a, b| a > b))
            })
        };
        let mut met = Standings::default();
        for (_, _, standing) in standings() {
            met.add(standing);
        }
        let mut comparison = met.comparison();
        // A new object is a change; a newer fact raises an object's version.
        comparison.changes |= stored.is_none();
        comparison.raises |= stored.is_some_and(|object| version > object.version);
        if !comparison.changes && !comparison.raises {
            return (comparison, None);
        }
        let mut change = ObjectChange::default();
        for (name, value, standing) in standings() {
            match standing {
                Standing::New => {
                    change.set.insert(name.clone(), value.clone());
                }
                Standing::Raise => change.raised.push(name.clone()),
                Standing::Same | Standing::Stale => {}
            }
        }
        (comparison, Some(change))
    }

    /// A fulfillment list against the record's: the change it makes, if any.
    pub(crate) fn list_change(
        &self,
        received: Timestamp,
        list: &FulfillmentList,
    ) -> (Comparison, Option<ListChange>) {
        let stored = self.fulfillment_list.as_ref();
        let greater = |a: &FulfillmentList, b: &FulfillmentList| match (a, b) {
            (FulfillmentList::Accepted, _) => true,
            (_, FulfillmentList::Accepted) => false,
            (a, b) => canonical_of(a) > canonical_of(b),
        };
        let replacement = || match list {
            FulfillmentList::Accepted => ListChange::Accepted,
            FulfillmentList::Required { parameter } => {
                let before = stored.and_then(|stored| match &stored.value {
                    FulfillmentList::Required { parameter } => Some(parameter),
                    FulfillmentList::Accepted => None,
                });
                ListChange::rows(before, parameter)
            }
        };
        let standing = standing(stored, received, list, greater);
        (
            standing.comparison(),
            standing.change(replacement, ListChange::Raised),
        )
    }

    /// bunq's latest error against the record's: the change it makes, if any.
    pub(crate) fn error_change(
        &self,
        received: Timestamp,
        errors: &Vec<ErrorDescription>,
    ) -> (Comparison, Option<ErrorChange>) {
        let greater = |a: &Vec<ErrorDescription>, b: &Vec<ErrorDescription>| {
            canonical_of(a) > canonical_of(b)
        };
        let standing = standing(self.bunq_error.as_ref(), received, errors, greater);
        let replacement = || ErrorChange::Set {
            errors: errors.clone(),
        };
        (
            standing.comparison(),
            standing.change(replacement, ErrorChange::Raised),
        )
    }

    /// Makes the change an event describes.
    pub(crate) fn apply(&mut self, event: &RecordEvent) {
        let learned = event.learned;
        self.ids.provision = self.ids.provision.or(learned.provision);
        self.ids.user = self.ids.user.or(learned.user);
        self.ids.onboarding = self.ids.onboarding.or(learned.onboarding);
        self.onboarding_known |= event.onboarding_known;
        let version = event.version;
        match &event.change {
            None => {}
            Some(RecordChange::Object { key, change }) => {
                apply_object(self.object_at(*key, version), version, change);
            }
            Some(RecordChange::SessionStarted) => self.session_started = true,
            Some(RecordChange::FulfillmentList(change)) => self.apply_list(version, change),
            Some(RecordChange::BunqError(ErrorChange::Set { errors })) => {
                self.bunq_error = Some(Versioned {
                    version,
                    value: errors.clone(),
                });
            }
            Some(RecordChange::BunqError(ErrorChange::Raised)) => {
                if let Some(error) = &mut self.bunq_error {
                    error.version = version;
                }
            }
        }
    }

    fn apply_list(&mut self, version: Timestamp, change: &ListChange) {
        let value = match change {
            ListChange::Raised => {
                if let Some(list) = &mut self.fulfillment_list {
                    list.version = version;
                }
                return;
            }
            ListChange::Accepted => FulfillmentList::Accepted,
            ListChange::Rows {
                required,
                fulfilled,
            } => {
                let mut parameter = match self.fulfillment_list.take() {
                    Some(Versioned {
                        value: FulfillmentList::Required { parameter },
                        ..
                    }) => parameter,
                    _ => crate::AdditionalFulfillmentParameter::default(),
                };
                required.apply_to(&mut parameter.all_fulfillment);
                fulfilled.apply_to(&mut parameter.all_fulfillment_fulfilled);
                FulfillmentList::Required { parameter }
            }
        };
        self.fulfillment_list = Some(Versioned { version, value });
    }

    /// The ids a fact names that contradict the record's.
    pub(crate) fn contradiction(&self, ids: &Ids) -> Option<Contradiction> {
        fn differs<T: PartialEq + Copy>(record: Option<T>, fact: Option<T>) -> Option<(T, T)> {
            match (record, fact) {
                (Some(record), Some(fact)) if record != fact => Some((record, fact)),
                _ => None,
            }
        }
        if let Some((record, fact)) = differs(self.ids.provision, ids.provision) {
            return Some(Contradiction::Provision { record, fact });
        }
        if let Some((record, fact)) = differs(self.ids.user, ids.user) {
            return Some(Contradiction::User { record, fact });
        }
        differs(self.ids.onboarding, ids.onboarding)
            .map(|(record, fact)| Contradiction::Onboarding { record, fact })
    }
}

/// A fact's members, each with the record's member of the same name: one walk of two sorted
/// slices.
struct Paired<'a> {
    stored: &'a [(String, Versioned<CanonicalJson>)],
    members: &'a [(String, CanonicalJson)],
}

impl<'a> Paired<'a> {
    fn new(stored: Option<&'a StoredObject>, members: &'a CanonicalMembers) -> Self {
        Self {
            stored: stored.map_or(&[][..], |object| object.members.as_slice()),
            members: members.as_slice(),
        }
    }
}

impl<'a> Iterator for Paired<'a> {
    type Item = (
        &'a String,
        &'a CanonicalJson,
        Option<&'a Versioned<CanonicalJson>>,
    );

    fn next(&mut self) -> Option<Self::Item> {
        let ((name, value), members) = self.members.split_first()?;
        self.members = members;
        while let Some(((stored_name, member), stored)) = self.stored.split_first() {
            // Most names are equal in turn: test that first, the order only when they differ.
            if stored_name == name {
                self.stored = stored;
                return Some((name, value, Some(member)));
            }
            if stored_name > name {
                break;
            }
            self.stored = stored;
        }
        Some((name, value, None))
    }
}

/// A fact's id that contradicts the record's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Contradiction {
    Provision {
        record: ProvisionId,
        fact: ProvisionId,
    },
    User {
        record: UserId,
        fact: UserId,
    },
    Onboarding {
        record: OnboardingId,
        fact: OnboardingId,
    },
}

fn apply_object(object: &mut StoredObject, version: Timestamp, change: &ObjectChange) {
    object.version = object.version.max(version);
    for (name, value) in change.set.iter() {
        object.members.insert(
            name.clone(),
            Versioned {
                version,
                value: value.clone(),
            },
        );
    }
    for name in &change.raised {
        if let Some(member) = object.members.get_mut(name) {
            member.version = version;
        }
    }
}
