//! Attachments: files a partner uploads for its user (`POST /v1/user/{id}/attachment`, the raw
//! bytes as the body) before naming them in an inquiry entry's answer.

use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::UserApiKeyId;
use serde_json::json;

use super::{Bunq, Counters, bad_request, not_found, object};
use crate::answer::Answer;

/// The content types bunq's spec lists for attachments.
const CONTENT_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/gif", "application/pdf"];

/// The largest attachment the fake takes.
pub const ATTACHMENT_LIMIT: usize = 1024 * 1024;

/// One uploaded file.
#[derive(Clone, Debug)]
pub(super) struct Attachment {
    key_id: UserApiKeyId,
    created: Timestamp,
    content_type: String,
    description: String,
}

impl Bunq {
    /// `POST /v1/user/{user_api_key_id}/attachment`: `bytes` of `content_type`, described by
    /// `X-Bunq-Attachment-Description`. Answered `Id`.
    pub fn upload_attachment(
        &mut self,
        key_id: UserApiKeyId,
        content_type: Option<&str>,
        description: Option<&str>,
        bytes: &[u8],
    ) -> Answer {
        if let Err(not_found) = self.user_of_key(key_id) {
            return not_found;
        }
        let Some(content_type) = content_type.filter(|kind| CONTENT_TYPES.contains(kind)) else {
            return bad_request(format!(
                "The Content-Type must be one of {}.",
                CONTENT_TYPES.join(", ")
            ));
        };
        if bytes.is_empty() {
            return bad_request("The attachment is empty: send the file's bytes as the body.");
        }
        let id: u64 = Counters::next(&mut self.ids.attachment);
        self.attachments.insert(
            id,
            Attachment {
                key_id,
                created: self.now,
                content_type: content_type.to_owned(),
                description: description.unwrap_or_default().to_owned(),
            },
        );
        Answer::id(id)
    }

    /// `GET /v1/user/{user_api_key_id}/attachment/{id}`: its description and content type.
    pub fn attachment(&self, key_id: UserApiKeyId, id: u64) -> Answer {
        match self.attachments.get(&id).filter(|a| a.key_id == key_id) {
            Some(attachment) => Answer::objects(vec![object(
                "AttachmentUser",
                json!({
                    "id": id,
                    "created": attachment.created,
                    "updated": attachment.created,
                    "attachment": {
                        "description": attachment.description,
                        "content_type": attachment.content_type,
                        "urls": [],
                    },
                }),
            )]),
            None => not_found("Attachment"),
        }
    }

    /// Whether attachment `id` was uploaded for the user of `key_id`.
    pub(super) fn owns_attachment(&self, key_id: UserApiKeyId, id: u64) -> bool {
        self.attachments
            .get(&id)
            .is_some_and(|a| a.key_id == key_id)
    }
}
