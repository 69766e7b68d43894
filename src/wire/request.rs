//! The request bodies a partner sends to bunq's user-onboarding endpoints.

use serde::{Deserialize, Serialize};

use crate::wire::object_only::object_only;
use crate::{OnboardingType, UserStatus, VerificationStatus};

/// The body of `POST /v1/user/{user_api_key_id}/user-onboarding`: `{"type":"PARTNER_USER"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CreateOnboarding {
    /// The kind of onboarding (`type` on the wire).
    #[serde(rename = "type")]
    pub onboarding_type: OnboardingType,
}

impl Default for CreateOnboarding {
    /// `PARTNER_USER`, the only kind documented.
    fn default() -> Self {
        Self {
            onboarding_type: OnboardingType::PARTNER_USER,
        }
    }
}

/// The body of `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`: the target asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct UpdateOnboarding {
    /// The user status wanted.
    pub user_status_desired: UserStatus,
    /// The verification status wanted.
    pub user_verification_status_desired: VerificationStatus,
}

object_only!(CreateOnboarding, serialize);
object_only!(UpdateOnboarding, serialize);

impl Default for UpdateOnboarding {
    /// `ACTIVE` / `VERIFIED`, the only target bunq supports today.
    fn default() -> Self {
        Self {
            user_status_desired: UserStatus::ACTIVE,
            user_verification_status_desired: VerificationStatus::VERIFIED,
        }
    }
}
