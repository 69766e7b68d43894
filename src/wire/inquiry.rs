//! `UserInformationInquiry`: bunq's compliance questions to a user, and their entries.

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wire::envelope::{TypeName, Wrapped, deserialize_wrapped, serialize_wrapped};
use crate::wire::object::wire_object;
use crate::{
    InquiryEntryId, InquiryEntryStatus, InquiryEntryType, InquiryId, InquiryPurpose, InquiryStatus,
    JsonValue, OtherObject, Timestamp, UserId,
};

wire_object! {
    /// A compliance inquiry: only bunq makes one, at onboarding (`ONBOARDING`) or any time later.
    /// `GET /v1/user/{user_api_key_id}/user-information-inquiry[/{id}]`, and the object of the
    /// `USER_INFORMATION_INQUIRY` callbacks. The conversations are the user's: read, but never
    /// kept by a [`UserRecord`](crate::UserRecord).
    ///
    /// ```
    /// use bunq_onboarding::vocabulary::{InquiryEntryStatus, InquiryPurpose};
    /// use bunq_onboarding::wire::{InquiryEntryItem, UserInformationInquiry};
    ///
    /// let inquiry: UserInformationInquiry = serde_json::from_str(r#"{"id":1001,"purpose":"ONBOARDING",
    ///     "all_entry":[{"UserInformationInquiryEntry":{"id":2001,"status":"PENDING"}}]}"#)?;
    /// assert_eq!(inquiry.purpose.get(), Some(&InquiryPurpose::ONBOARDING));
    /// let Some([InquiryEntryItem::Entry(entry)]) = inquiry.all_entry.get().map(Vec::as_slice) else { panic!() };
    /// assert_eq!(entry.status.get(), Some(&InquiryEntryStatus::PENDING));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UserInformationInquiry {
        /// The inquiry's id.
        id: InquiryId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// The user asked (the user's id, not the `user_api_key_id` of the path).
        user_id: UserId = "user_id",
        /// bunq's question, for the user.
        title: String = "title",
        /// More of it.
        subtitle: String = "subtitle",
        /// Why: `ONBOARDING`, `DOCUMENT_EXPIRY_RENEWAL`, …
        purpose: InquiryPurpose = "purpose",
        /// `EXPECTING_REPLY_FROM_USER`, `EXPECTING_REPLY_FROM_BUNQ`, `FINALIZED`.
        status: InquiryStatus = "status",
        /// Its entries, each wrapped in `UserInformationInquiryEntry`.
        all_entry: Vec<InquiryEntryItem> = "all_entry",
        /// The user's conversation with bunq's assistant.
        assistant_conversation: JsonValue = "assistant_conversation",
        /// The user's conversation with Finn.
        finn_conversation: JsonValue = "finn_conversation",
        /// The deadline, or null.
        time_expiry: Timestamp = "time_expiry",
        /// What the inquiry is about (e.g. `USER_PERSON`).
        external_model_name: String = "external_model_name",
        /// Its id.
        external_model_id: JsonValue = "external_model_id",
    }
}

wire_object! {
    /// One question of an inquiry. `all_data_submitted` and `assistant_conversation` are the
    /// user's answers: read, but never kept by a [`UserRecord`](crate::UserRecord).
    pub struct UserInformationInquiryEntry {
        /// The entry's id.
        id: InquiryEntryId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// What it asks.
        entry_type: InquiryEntryType = "type",
        /// `PENDING` (to answer), `WAITING_FOR_REVIEW`, `APPROVED`, …
        status: InquiryEntryStatus = "status",
        /// What the user answered.
        all_data_submitted: JsonValue = "all_data_submitted",
        /// The user's conversation with bunq's assistant about it.
        assistant_conversation: JsonValue = "assistant_conversation",
        /// bunq's context of the question.
        context: JsonValue = "context",
        /// Why bunq rejected the answer.
        reject_reason: String = "reject_reason",
        /// bunq's description of the question.
        entry_description: String = "entry_description",
    }
}

/// One item of `all_entry`: an entry, or a wrapped object this crate does not model, kept.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum InquiryEntryItem {
    /// `{"UserInformationInquiryEntry":{…}}`.
    Entry(Box<UserInformationInquiryEntry>),
    /// Any other wrapped object, kept as it was.
    Other(OtherObject),
}

/// The type name bunq wraps an entry in.
const ENTRY: &str = "UserInformationInquiryEntry";

impl Wrapped for InquiryEntryItem {
    const EXAMPLE: &'static str = ENTRY;

    fn read<'de, A: MapAccess<'de>>(name: TypeName, map: &mut A) -> Result<Self, A::Error> {
        Ok(if name.as_str() == ENTRY {
            Self::Entry(map.next_value()?)
        } else {
            Self::Other(OtherObject {
                value: map.next_value()?,
                name: name.into_string(),
            })
        })
    }
}

impl<'de> Deserialize<'de> for InquiryEntryItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_wrapped(deserializer)
    }
}

impl Serialize for InquiryEntryItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Entry(entry) => serialize_wrapped(serializer, ENTRY, entry),
            Self::Other(other) => serialize_wrapped(serializer, &other.name, &other.value),
        }
    }
}
