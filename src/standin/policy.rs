//! Which rows a target needs: the local stand-in for bunq's requirements.

use serde::{Deserialize, Serialize};

use crate::{
    AllowedStatuses, Fulfillment, FulfillmentStatus, FulfillmentType, SharedText, Timestamp, UserId,
};

/// One row a target needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// What is required.
    pub fulfillment_type: FulfillmentType,
    /// The statuses that satisfy it.
    pub all_status_allowed: AllowedStatuses,
    /// When it becomes mandatory; `None`: now.
    pub time_mandatory: Option<Timestamp>,
    /// Text for the end user; the rows made from it share it.
    pub reason: SharedText,
}

/// The rows a target needs, in the order bunq lists them.
///
/// [`Policy::default`] is bunq's published example for `PARTNER_USER` → `ACTIVE` / `VERIFIED`: six
/// types, `EMAIL` and `IDENTIFICATION_VERIFICATION` also satisfied by `IN_PROGRESS`. A partner
/// that learned other requirements from bunq gives its own.
///
/// ```
/// use bunq_onboarding::{FulfillmentStatus, FulfillmentType, Policy};
/// use bunq_onboarding::ids::UserId;
/// use bunq_onboarding::standin::Requirement;
///
/// let mut policy = Policy::default();
/// policy.requirements.push(Requirement {
///     fulfillment_type: FulfillmentType::new("MADE_UP_TYPE"),
///     all_status_allowed: [FulfillmentStatus::FULFILLED].into(),
///     time_mandatory: Some("2026-02-01 00:00:00.000000".parse()?),
///     reason: "Required within 90 days.".into(),
/// });
/// let rows = policy.rows(UserId::new(877));
/// assert_eq!(rows.len(), 7);
/// assert!(rows.iter().all(|row| row.status.is_none() && row.user_id == Some(UserId::new(877))));
/// # Ok::<(), bunq_onboarding::TimestampError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// The rows required.
    pub requirements: Vec<Requirement>,
}

impl Policy {
    /// The not-started rows of this policy for `user_id`.
    pub fn rows(&self, user_id: UserId) -> Vec<Fulfillment> {
        self.requirements
            .iter()
            .map(|requirement| {
                let mut row = Fulfillment::new(requirement.fulfillment_type.clone(), []);
                row.all_status_allowed
                    .clone_from(&requirement.all_status_allowed);
                row.user_id = Some(user_id);
                row.time_mandatory = requirement.time_mandatory;
                row.reason.clone_from(&requirement.reason);
                row.reason_translated.clone_from(&requirement.reason);
                row
            })
            .collect()
    }
}

impl Default for Policy {
    fn default() -> Self {
        const FULFILLED: &[FulfillmentStatus] = &[FulfillmentStatus::FULFILLED];
        const IN_REVIEW_TOO: &[FulfillmentStatus] =
            &[FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS];
        let requirement =
            |fulfillment_type, allowed: &[FulfillmentStatus], reason: &str| Requirement {
                fulfillment_type,
                all_status_allowed: allowed.iter().cloned().collect(),
                time_mandatory: None,
                reason: reason.into(),
            };
        Self {
            requirements: vec![
                requirement(FulfillmentType::ADDRESS_MAIN, FULFILLED, ""),
                requirement(
                    FulfillmentType::DATE_OF_BIRTH,
                    FULFILLED,
                    "Let's make this account truly yours.",
                ),
                requirement(
                    FulfillmentType::EMAIL,
                    IN_REVIEW_TOO,
                    "Get notified instantly on important matters.",
                ),
                requirement(
                    FulfillmentType::ADDRESS_POSTAL,
                    FULFILLED,
                    "So we know where to send your card.",
                ),
                requirement(
                    FulfillmentType::IDENTIFICATION_VERIFICATION,
                    IN_REVIEW_TOO,
                    "It takes just a few seconds to take a picture and complete your account.",
                ),
                requirement(
                    FulfillmentType::PHONE_NUMBER,
                    FULFILLED,
                    "Secure your account with a phone number. You’ll use this to login.",
                ),
            ],
        }
    }
}
