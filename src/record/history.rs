//! The record's history: one event per fact that changed the record, holding only what changed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::record::fact::{Ids, ObjectKey};
use crate::{
    AdditionalFulfillmentParameter, CanonicalMembers, ErrorDescription, Fulfillment, Timestamp,
};

/// A change to a [`UserRecord`](crate::UserRecord), from one fact: the fact's receipt time and
/// version, the ids it taught the record, and what changed. Replaying the events rebuilds the
/// record.
///
/// A fact that changes no value but is newer than what the record holds (the same list received
/// again later) raises the record's version of it: that is what keeps an older fact from winning
/// afterwards. Its event holds no value, only the names raised. A retried callback, of the same
/// version, changes nothing and leaves no event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordEvent {
    /// When the partner received the fact.
    pub received: Timestamp,
    /// The fact's version.
    pub version: Timestamp,
    /// The ids the record learnt from the fact.
    #[serde(default, skip_serializing_if = "is_none")]
    pub learned: Ids,
    /// Whether the fact made the onboarding known.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub onboarding_known: bool,
    /// What changed, beside the ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<RecordChange>,
}

fn is_none(ids: &Ids) -> bool {
    *ids == Ids::default()
}

/// What a fact changed.
///
/// Serialized flat, `{"object": "provision", "set": {…}}`, `{"object": "fulfillment_list",
/// "list": "rows", …}`: the object's key and its change in one JSON object, as records stored
/// since 0.1.0 hold them.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum RecordChange {
    /// One of bunq's objects: its members (or the object, new).
    Object {
        /// Which object.
        key: ObjectKey,
        /// Its change.
        change: ObjectChange,
    },
    /// The user's session started: the credential is used.
    SessionStarted,
    /// The fulfillment list.
    FulfillmentList(ListChange),
    /// bunq's latest error.
    BunqError(ErrorChange),
}

/// The changes that are not an object's, as tagged JSON.
#[derive(Serialize, Deserialize)]
#[serde(tag = "object", rename_all = "snake_case")]
enum Other<L, E> {
    SessionStarted,
    FulfillmentList(L),
    BunqError(E),
}

/// An object's change: its key and its members, flat.
#[derive(Serialize, Deserialize)]
struct OfObject<C> {
    #[serde(flatten)]
    key: ObjectKey,
    #[serde(flatten)]
    change: C,
}

impl Serialize for RecordChange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Object { key, change } => OfObject { key: *key, change }.serialize(serializer),
            Self::SessionStarted => Other::<(), ()>::SessionStarted.serialize(serializer),
            Self::FulfillmentList(list) => {
                Other::<_, ()>::FulfillmentList(list).serialize(serializer)
            }
            Self::BunqError(error) => Other::<(), _>::BunqError(error).serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for RecordChange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// An object's key first; the other changes' tags are no object's.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Object(OfObject<ObjectChange>),
            Other(Other<ListChange, ErrorChange>),
        }
        Ok(match Stored::deserialize(deserializer)? {
            Stored::Object(OfObject { key, change }) => Self::Object { key, change },
            Stored::Other(Other::SessionStarted) => Self::SessionStarted,
            Stored::Other(Other::FulfillmentList(list)) => Self::FulfillmentList(list),
            Stored::Other(Other::BunqError(error)) => Self::BunqError(error),
        })
    }
}

/// The members of one object a fact changed. The object's version becomes at least the event's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectChange {
    /// Members set to a new value, at the event's version.
    #[serde(default, skip_serializing_if = "CanonicalMembers::is_empty")]
    pub set: CanonicalMembers,
    /// Members whose value stays, now at the event's version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raised: Vec<String>,
}

/// How the fulfillment list changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "list", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ListChange {
    /// It became bunq's acceptance of the target.
    Accepted,
    /// It became a list of rows: only the rows that differ from the previous list (none when the
    /// previous one was the acceptance or no list).
    Rows {
        /// `all_fulfillment`.
        required: RowsChange,
        /// `all_fulfillment_fulfilled`.
        fulfilled: RowsChange,
    },
    /// The same list, now at the event's version.
    Raised,
}

/// One list of rows as a change from the previous one: its new length and the rows that differ.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowsChange {
    /// How many rows the list now holds.
    pub len: usize,
    /// `(position, row)` for each row that differs from the previous list, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<(usize, Fulfillment)>,
}

impl RowsChange {
    /// The change from `before` to `after`.
    pub(crate) fn between(before: &[Fulfillment], after: &[Fulfillment]) -> Self {
        Self {
            len: after.len(),
            rows: after
                .iter()
                .enumerate()
                .filter(|(i, row)| before.get(*i) != Some(*row))
                .map(|(i, row)| (i, row.clone()))
                .collect(),
        }
    }

    /// Applies the change to `rows`.
    pub(crate) fn apply_to(&self, rows: &mut Vec<Fulfillment>) {
        rows.truncate(self.len);
        for (i, row) in &self.rows {
            match rows.get_mut(*i) {
                Some(slot) => slot.clone_from(row),
                None => rows.push(row.clone()),
            }
        }
    }
}

impl ListChange {
    /// The change from the rows `before` (none: no list, or the acceptance) to `after`.
    pub(crate) fn rows(
        before: Option<&AdditionalFulfillmentParameter>,
        after: &AdditionalFulfillmentParameter,
    ) -> Self {
        let (required, fulfilled) = before.map_or((&[][..], &[][..]), |before| {
            (
                &before.all_fulfillment[..],
                &before.all_fulfillment_fulfilled[..],
            )
        });
        Self::Rows {
            required: RowsChange::between(required, &after.all_fulfillment),
            fulfilled: RowsChange::between(fulfilled, &after.all_fulfillment_fulfilled),
        }
    }
}

/// How bunq's latest error changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorChange {
    /// A new latest error.
    Set {
        /// Its descriptions.
        errors: Vec<ErrorDescription>,
    },
    /// The same error, now at the event's version.
    Raised,
}
