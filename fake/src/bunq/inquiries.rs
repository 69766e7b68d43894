//! Compliance inquiries (`UserInformationInquiry`): only bunq raises one (a scenario at
//! onboarding, or the control API), the partner lists them and answers their entries for its
//! user, and bunq reviews the answers (the control API). An inquiry's status follows its entries:
//! expecting the user while one is `PENDING`, expecting bunq while one waits for review, else
//! finalized; each change is a callback of its event type.

use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::{InquiryEntryId, InquiryId, UserApiKeyId, UserId};
use bunq_onboarding::vocabulary::{
    InquiryEntryStatus, InquiryEntryType, InquiryPurpose, InquiryStatus, NotificationCategory,
    NotificationEvent,
};
use bunq_onboarding::wire::{
    AnswerInquiryEntry, InquiryEntryItem, JsonValue, ResponseItem, UserInformationInquiry,
    UserInformationInquiryEntry, WireField,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Bunq, Counters, after, bad_request, not_found, one_of};
use crate::answer::Answer;

/// An inquiry bunq raises: what the control API and the scenario take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InquiryRequest {
    /// Why (default `ONBOARDING`).
    #[serde(default = "onboarding")]
    pub purpose: InquiryPurpose,
    /// bunq's question, for the user.
    #[serde(default)]
    pub title: String,
    /// Its entries.
    pub entries: Vec<EntryRequest>,
    /// The deadline, in seconds from when it is raised; `None`: no deadline.
    #[serde(default)]
    pub due_in_seconds: Option<i64>,
}

/// One entry bunq asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRequest {
    /// What it asks (`IDENTIFICATION_DOCUMENT_VERIFY`, …).
    #[serde(rename = "type")]
    pub entry_type: InquiryEntryType,
    /// bunq's description of the question.
    #[serde(default)]
    pub description: String,
}

/// bunq's review of an answered entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryDecision {
    /// `APPROVED`.
    Approve,
    /// `REJECTED`, with the reason given.
    Reject,
}

fn onboarding() -> InquiryPurpose {
    InquiryPurpose::ONBOARDING
}

/// One inquiry, as bunq holds it.
#[derive(Clone, Debug)]
pub(super) struct Inquiry {
    id: InquiryId,
    created: Timestamp,
    updated: Timestamp,
    pub(super) user_id: UserId,
    title: String,
    pub(super) purpose: InquiryPurpose,
    pub(super) status: InquiryStatus,
    entries: Vec<Entry>,
    time_expiry: Option<Timestamp>,
}

#[derive(Clone, Debug)]
struct Entry {
    id: InquiryEntryId,
    created: Timestamp,
    updated: Timestamp,
    entry_type: InquiryEntryType,
    status: InquiryEntryStatus,
    description: String,
    reject_reason: Option<String>,
}

impl Inquiry {
    /// Its status as its entries make it.
    fn status_of_entries(&self) -> InquiryStatus {
        let any = |status: InquiryEntryStatus| self.entries.iter().any(|e| e.status == status);
        if any(InquiryEntryStatus::PENDING) {
            InquiryStatus::EXPECTING_REPLY_FROM_USER
        } else if any(InquiryEntryStatus::WAITING_FOR_REVIEW) || any(InquiryEntryStatus::SUBMITTED)
        {
            InquiryStatus::EXPECTING_REPLY_FROM_BUNQ
        } else {
            InquiryStatus::FINALIZED
        }
    }

    fn to_object(&self) -> UserInformationInquiry {
        let mut object = UserInformationInquiry::default();
        object.id = WireField::Value(self.id);
        object.created = WireField::Value(self.created);
        object.updated = WireField::Value(self.updated);
        object.user_id = WireField::Value(self.user_id);
        object.title = WireField::Value(self.title.clone());
        object.subtitle = WireField::Value(String::new());
        object.purpose = WireField::Value(self.purpose.clone());
        object.status = WireField::Value(self.status.clone());
        object.all_entry = WireField::Value(
            self.entries
                .iter()
                .map(|entry| InquiryEntryItem::Entry(Box::new(entry.to_object())))
                .collect(),
        );
        object.assistant_conversation = WireField::Null;
        object.finn_conversation = WireField::Null;
        object.time_expiry = WireField::from(self.time_expiry);
        object.external_model_name = WireField::Value("USER_PERSON".to_owned());
        object.external_model_id = WireField::Value(json!(self.user_id));
        object
    }

    fn item(&self) -> ResponseItem {
        ResponseItem::UserInformationInquiry(Box::new(self.to_object()))
    }
}

impl Entry {
    fn to_object(&self) -> UserInformationInquiryEntry {
        let mut object = UserInformationInquiryEntry::default();
        object.id = WireField::Value(self.id);
        object.created = WireField::Value(self.created);
        object.updated = WireField::Value(self.updated);
        object.entry_type = WireField::Value(self.entry_type.clone());
        object.status = WireField::Value(self.status.clone());
        object.all_data_submitted = WireField::Value(json!([]));
        object.assistant_conversation = WireField::Null;
        object.context = WireField::Value(json!({}));
        object.reject_reason = WireField::from(self.reject_reason.clone());
        object.entry_description = WireField::Value(self.description.clone());
        object
    }
}

/// The filters of bunq's inquiry list, each a list of values separated by commas.
#[derive(Debug, Default, Deserialize)]
pub struct InquiryFilter {
    /// The inquiry's status.
    pub status: Option<String>,
    /// What the inquiry is about (`USER_PERSON`).
    #[serde(rename = "type")]
    pub model: Option<String>,
    /// Its purpose.
    pub purpose: Option<String>,
    /// A type of one of its entries (our reading of bunq's `fulfillment_type`).
    pub fulfillment_type: Option<String>,
}

impl InquiryFilter {
    fn keeps(&self, inquiry: &Inquiry) -> bool {
        one_of(self.status.as_deref(), inquiry.status.as_str())
            && one_of(self.model.as_deref(), "USER_PERSON")
            && one_of(self.purpose.as_deref(), inquiry.purpose.as_str())
            && (self.fulfillment_type.is_none()
                || inquiry.entries.iter().any(|entry| {
                    one_of(self.fulfillment_type.as_deref(), entry.entry_type.as_str())
                }))
    }
}

impl Bunq {
    /// bunq raises an inquiry for `user_id`: its entries are appended to an open inquiry of the
    /// same purpose (bunq merges them), else a new one is made. The inquiry, or `None` when no
    /// provision made that user.
    pub fn raise_inquiry(
        &mut self,
        user_id: UserId,
        request: &InquiryRequest,
    ) -> Option<JsonValue> {
        if !self.provisions.values().any(|p| p.user_id == user_id) {
            return None;
        }
        let now = self.now;
        let entries: Vec<Entry> = request
            .entries
            .iter()
            .map(|asked| Entry {
                id: Counters::next(&mut self.ids.inquiry_entry),
                created: now,
                updated: now,
                entry_type: asked.entry_type.clone(),
                status: InquiryEntryStatus::PENDING,
                description: asked.description.clone(),
                reject_reason: None,
            })
            .collect();
        let time_expiry = request.due_in_seconds.map(|seconds| after(now, seconds));
        let open = self.inquiries.values().find(|inquiry| {
            inquiry.user_id == user_id
                && inquiry.purpose == request.purpose
                && inquiry.status != InquiryStatus::FINALIZED
        });
        let id = if let Some(inquiry) = open
            .map(|inquiry| inquiry.id)
            .and_then(|id| self.inquiries.get_mut(&id))
        {
            inquiry.entries.extend(entries);
            inquiry.time_expiry = time_expiry.or(inquiry.time_expiry);
            inquiry.id
        } else {
            let id = Counters::next(&mut self.ids.inquiry);
            let inquiry = Inquiry {
                id,
                created: now,
                updated: now,
                user_id,
                title: request.title.clone(),
                purpose: request.purpose.clone(),
                status: InquiryStatus::EXPECTING_REPLY_FROM_USER,
                entries,
                time_expiry,
            };
            self.inquiries.insert(id, inquiry);
            id
        };
        self.inquiry_changed(id, true);
        self.inquiry_json(id)
    }

    /// Inquiry `id` as bunq wraps it, for the control API.
    fn inquiry_json(&self, id: InquiryId) -> Option<JsonValue> {
        self.inquiries
            .get(&id)
            .and_then(|inquiry| serde_json::to_value(inquiry.item()).ok())
    }

    /// bunq's review of an answered entry: `APPROVED`, or `REJECTED` with its reason. The
    /// inquiry, or why not (no such entry, or it does not wait for a review).
    ///
    /// # Errors
    /// Why the decision cannot be taken, in words for the control API.
    pub fn decide_entry(
        &mut self,
        id: InquiryId,
        entry_id: InquiryEntryId,
        decision: &EntryDecision,
        reject_reason: Option<String>,
    ) -> Result<JsonValue, String> {
        let now = self.now;
        let inquiry = self
            .inquiries
            .get_mut(&id)
            .ok_or_else(|| format!("no inquiry {id}"))?;
        let entry = inquiry
            .entries
            .iter_mut()
            .find(|entry| entry.id == entry_id)
            .ok_or_else(|| format!("inquiry {id} has no entry {entry_id}"))?;
        if ![
            InquiryEntryStatus::WAITING_FOR_REVIEW,
            InquiryEntryStatus::SUBMITTED,
        ]
        .contains(&entry.status)
        {
            return Err(format!(
                "entry {entry_id} is {}, not answered",
                entry.status
            ));
        }
        (entry.status, entry.reject_reason) = match decision {
            EntryDecision::Approve => (InquiryEntryStatus::APPROVED, None),
            EntryDecision::Reject => (InquiryEntryStatus::REJECTED, reject_reason),
        };
        entry.updated = now;
        self.inquiry_changed(id, false);
        self.inquiry_json(id)
            .ok_or_else(|| "the inquiry could not be written".to_owned())
    }

    /// `GET /v1/user/{user_api_key_id}/user-information-inquiry`, filtered.
    pub fn list_inquiries(&self, key_id: UserApiKeyId, filter: &InquiryFilter) -> Answer {
        let user_id = match self.user_of_key(key_id) {
            Ok(user_id) => user_id,
            Err(not_found) => return not_found,
        };
        let items = self
            .inquiries
            .values()
            .filter(|inquiry| inquiry.user_id == user_id && filter.keeps(inquiry))
            .map(Inquiry::item)
            .collect();
        Answer::list(items)
    }

    /// `GET /v1/user/{user_api_key_id}/user-information-inquiry/{id}`.
    pub fn inquiry(&self, key_id: UserApiKeyId, id: InquiryId) -> Answer {
        match self.users_inquiry(key_id, id) {
            Ok(inquiry) => Answer::objects(vec![inquiry.item()]),
            Err(not_found) => not_found,
        }
    }

    /// `PUT …/user-information-inquiry/{id}/partner-user-information-inquiry-entry/{entry}`:
    /// the user's answer, free text and/or attachments of the user's. Only a `PENDING` entry is
    /// answered; it then waits for bunq's review. Answered `Id` (the entry's).
    pub fn answer_entry(
        &mut self,
        key_id: UserApiKeyId,
        (id, entry_id): (InquiryId, InquiryEntryId),
        body: &JsonValue,
    ) -> Answer {
        let Ok(answer) = serde_json::from_value::<AnswerInquiryEntry>(body.clone()) else {
            return bad_request("The answer takes answer (text) and all_attachment_id (ids).");
        };
        if answer.answer.as_deref().is_none_or(str::is_empty) && answer.all_attachment_id.is_empty()
        {
            return bad_request("Give an answer, attachments, or both.");
        }
        if let Some(foreign) = answer
            .all_attachment_id
            .iter()
            .find(|attachment| !self.owns_attachment(key_id, **attachment))
        {
            return bad_request(format!("The attachment {foreign} is not the user's."));
        }
        if let Err(not_found) = self.users_inquiry(key_id, id) {
            return not_found;
        }
        let now = self.now;
        let entry = self
            .inquiries
            .get_mut(&id)
            .and_then(|inquiry| inquiry.entries.iter_mut().find(|e| e.id == entry_id));
        let Some(entry) = entry else {
            return not_found("Inquiry entry");
        };
        if entry.status != InquiryEntryStatus::PENDING {
            return bad_request(format!(
                "The entry is {}: only a PENDING entry can be answered.",
                entry.status
            ));
        }
        entry.status = InquiryEntryStatus::WAITING_FOR_REVIEW;
        entry.updated = now;
        self.inquiry_changed(id, false);
        Answer::id(entry_id)
    }

    /// Whether an `ONBOARDING` inquiry of `user_id` expects the user's answer: the onboarding
    /// then waits for the user (our inference: bunq documents no link).
    pub(super) fn onboarding_inquiry_open(&self, user_id: UserId) -> Option<InquiryId> {
        self.inquiries
            .values()
            .find(|inquiry| {
                inquiry.user_id == user_id
                    && inquiry.purpose == InquiryPurpose::ONBOARDING
                    && inquiry.status == InquiryStatus::EXPECTING_REPLY_FROM_USER
            })
            .map(|inquiry| inquiry.id)
    }

    /// The inquiry `id` of the user of `key_id`, or bunq's `404`.
    #[allow(clippy::result_large_err)] // the error is the answer itself
    fn users_inquiry(&self, key_id: UserApiKeyId, id: InquiryId) -> Result<&Inquiry, Answer> {
        let user_id = self.user_of_key(key_id)?;
        self.inquiries
            .get(&id)
            .filter(|inquiry| inquiry.user_id == user_id)
            .ok_or_else(|| not_found("Inquiry"))
    }

    /// After a change of its entries: the inquiry's status follows them, and the partner hears
    /// of it when the status moved (or, `raised`, when bunq asked more).
    fn inquiry_changed(&mut self, id: InquiryId, raised: bool) {
        let now = self.now;
        let Some(inquiry) = self.inquiries.get_mut(&id) else {
            return;
        };
        let status = inquiry.status_of_entries();
        let moved = status != inquiry.status;
        inquiry.status = status;
        inquiry.updated = now;
        if moved || raised {
            let event = match inquiry.status {
                InquiryStatus::EXPECTING_REPLY_FROM_USER => {
                    NotificationEvent::USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_USER
                }
                InquiryStatus::EXPECTING_REPLY_FROM_BUNQ => {
                    NotificationEvent::USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_BUNQ
                }
                _ => NotificationEvent::USER_INFORMATION_INQUIRY_FINALIZED,
            };
            let object = inquiry.item();
            self.notify(
                &NotificationCategory::USER_INFORMATION_INQUIRY,
                &event,
                &object,
            );
        }
        self.refresh_onboardings();
    }
}
