//! The fulfillment row and bunq's `AdditionalFulfillmentParameter` that carries the rows.

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::wire::object_only::object_only;
use crate::wire::row::{RowField, deserialize_rows};
use crate::{
    AllowedStatuses, Assessment, Class, FulfillmentStatus, FulfillmentType, SharedText, Timestamp,
    UserId,
};

/// One thing bunq requires of a user, as one row of `all_fulfillment` or
/// `all_fulfillment_fulfilled`.
///
/// Every field of bunq's row is kept. Only `type` is required; an absent optional field reads as
/// null (or empty), and fields the crate does not know are ignored. Rows serialize with bunq's
/// field order.
///
/// ```
/// use bunq_onboarding::{Class, Fulfillment, FulfillmentStatus, FulfillmentType};
///
/// let row: Fulfillment = serde_json::from_str(
///     r#"{"type":"EMAIL","status":"IN_PROGRESS","all_status_allowed":["FULFILLED","IN_PROGRESS"]}"#,
/// )?;
/// assert_eq!(row.fulfillment_type, FulfillmentType::EMAIL);
/// assert!(row.is_satisfied() && row.is_in_review());
/// assert_eq!(row.class_at("2025-08-13 12:00:00.000000".parse()?), Class::InReview);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// `repr(C)`: the four fields the assessment reads come first, within the row's first 64 bytes
// (asserted below). Rows sit 160 bytes apart in a `Vec`, so one row's hot fields span at most two
// cache lines, and assessing millions of stored rows does not drag the reasons and ids through
// the cache.
#[repr(C)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fulfillment {
    /// What is required (`type` on the wire).
    pub fulfillment_type: FulfillmentType,
    /// Where the row stands; `None` (null) when nothing was provided yet.
    pub status: Option<FulfillmentStatus>,
    /// When the row becomes mandatory; `None` (null) means mandatory now.
    pub time_mandatory: Option<Timestamp>,
    /// The statuses that satisfy this row for the requested target.
    pub all_status_allowed: AllowedStatuses,
    /// Text for the end user, in English; may be empty. Rows of one list that repeat a text
    /// share it.
    pub reason: SharedText,
    /// The same text in the language of the request's `X-Bunq-Language`; may be empty.
    pub reason_translated: SharedText,
    /// The user the row is required for.
    pub user_id: Option<UserId>,
    /// The row's id; `None` while bunq has not stored the row.
    pub id: Option<u64>,
    /// When bunq created the row.
    pub created_timestamp: Option<Timestamp>,
    /// When bunq last changed the row.
    pub updated_timestamp: Option<Timestamp>,
}

// The assessment's fields (type, status, deadline, allowed statuses) fit the first 64 bytes.
const _: () = assert!(
    std::mem::offset_of!(Fulfillment, all_status_allowed) + size_of::<AllowedStatuses>() <= 64
);

/// bunq's field order, whatever the order in memory.
impl Serialize for Fulfillment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut row = serializer.serialize_struct("Fulfillment", 10)?;
        row.serialize_field(RowField::Type.name(), &self.fulfillment_type)?;
        row.serialize_field(RowField::Reason.name(), &self.reason)?;
        row.serialize_field(RowField::ReasonTranslated.name(), &self.reason_translated)?;
        row.serialize_field(RowField::UserId.name(), &self.user_id)?;
        row.serialize_field(RowField::Status.name(), &self.status)?;
        row.serialize_field(RowField::TimeMandatory.name(), &self.time_mandatory)?;
        row.serialize_field(RowField::AllStatusAllowed.name(), &self.all_status_allowed)?;
        row.serialize_field(RowField::Id.name(), &self.id)?;
        row.serialize_field(RowField::CreatedTimestamp.name(), &self.created_timestamp)?;
        row.serialize_field(RowField::UpdatedTimestamp.name(), &self.updated_timestamp)?;
        row.end()
    }
}

impl Fulfillment {
    /// A row not started yet, mandatory now, satisfied by `all_status_allowed`; the other fields
    /// empty.
    pub fn new(
        fulfillment_type: FulfillmentType,
        all_status_allowed: impl IntoIterator<Item = FulfillmentStatus>,
    ) -> Self {
        Self {
            fulfillment_type,
            reason: SharedText::EMPTY,
            reason_translated: SharedText::EMPTY,
            user_id: None,
            status: None,
            time_mandatory: None,
            all_status_allowed: all_status_allowed.into_iter().collect(),
            id: None,
            created_timestamp: None,
            updated_timestamp: None,
        }
    }

    /// Whether the row is satisfied: its status is set and one of its own `all_status_allowed`.
    ///
    /// Data-driven, so an unknown status satisfies a row that lists it.
    #[inline]
    pub fn is_satisfied(&self) -> bool {
        self.all_status_allowed
            .contains_status(self.status.as_ref())
    }

    /// Whether the row is mandatory at `now`: `time_mandatory` is null or not after `now`.
    #[inline]
    pub fn is_mandatory_at(&self, now: Timestamp) -> bool {
        // No branch on the `Option`: `None` orders before every timestamp.
        Timestamp::order_key(self.time_mandatory) <= Timestamp::order_key(Some(now))
    }

    /// Whether the row is satisfied only provisionally: by `IN_PROGRESS`, which may still come
    /// back.
    pub fn is_in_review(&self) -> bool {
        self.status == Some(FulfillmentStatus::IN_PROGRESS) && self.is_satisfied()
    }

    /// Where the row stands at `now` (`docs/rules.md` A1, A3, for one row): unsatisfied rows are
    /// [`Class::Blocking`] when mandatory, else [`Class::DueLater`]; satisfied rows are
    /// [`Class::InReview`] when satisfied by `IN_PROGRESS`, else [`Class::Satisfied`]. A type's
    /// class is the least of its rows'.
    pub fn class_at(&self, now: Timestamp) -> Class {
        crate::rules::assessment::class_of(self, now)
    }
}

/// bunq's `AdditionalFulfillmentParameter`: what is still required and what is done.
///
/// An absent (or null) list reads as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AdditionalFulfillmentParameter {
    /// The rows bunq lists as still required.
    #[serde(default, deserialize_with = "deserialize_rows")]
    pub all_fulfillment: Vec<Fulfillment>,
    /// The rows bunq lists as done.
    #[serde(default, deserialize_with = "deserialize_rows")]
    pub all_fulfillment_fulfilled: Vec<Fulfillment>,
}

impl AdditionalFulfillmentParameter {
    /// Every row, `all_fulfillment` first: the order in which types first appear.
    pub fn rows(&self) -> impl Iterator<Item = &Fulfillment> + Clone {
        self.all_fulfillment
            .iter()
            .chain(&self.all_fulfillment_fulfilled)
    }

    /// One verdict per fulfillment type at `now`; see [`Assessment`].
    pub fn assess(&self, now: Timestamp) -> Assessment<'_> {
        Assessment::of_lists(
            [&self.all_fulfillment, &self.all_fulfillment_fulfilled],
            now,
        )
    }
}

object_only!(AdditionalFulfillmentParameter, serialize);
