//! Monetary accounts, as far as bunq's SDKs need them: loading an API context lists the user's
//! `monetary-account-bank` and wants one `ACTIVE`. The partner has one; a user has one once it
//! is `ACTIVE`.

use bunq_onboarding::ids::UserApiKeyId;
use bunq_onboarding::vocabulary::UserStatus;
use serde_json::json;

use super::{Bunq, PARTNER_USER_ID, object};
use crate::answer::Answer;

/// An account's id is its owner's path id plus this: stable, and apart from every other id.
const ACCOUNT_ID_OFFSET: u64 = 1_000_000;

impl Bunq {
    /// `GET /v1/user/{id}/monetary-account-bank`: the owner's one EUR account, or none yet.
    pub fn monetary_accounts(&self, owner: UserApiKeyId) -> Answer {
        let id = u64::from(owner);
        let has_account = id == PARTNER_USER_ID
            || self
                .user_statuses(owner)
                .any(|status| status == UserStatus::ACTIVE);
        let items = has_account
            .then(|| {
                object(
                    "MonetaryAccountBank",
                    json!({
                        "id": id + ACCOUNT_ID_OFFSET,
                        "created": self.now,
                        "updated": self.now,
                        "currency": "EUR",
                        "description": "Main account",
                        "balance": {"value": "0.00", "currency": "EUR"},
                        "status": "ACTIVE",
                        "sub_status": "NONE",
                        "user_id": id,
                    }),
                )
            })
            .into_iter()
            .collect();
        Answer::list(items)
    }
}
