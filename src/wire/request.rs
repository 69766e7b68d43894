//! The request bodies a partner sends to bunq's onboarding endpoints: what the next step's calls
//! carry, and what a fake of bunq reads.

use serde::{Deserialize, Serialize};

use crate::wire::object_only::object_only;
use crate::{
    OnboardingType, RequestedProvisionStatus, UserStatus, VerificationProvider,
    VerificationPurpose, VerificationSessionStatus, VerificationStatus,
};

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

/// The body of `PUT /v1/partner-user-provision/{id}`: `{"status":"TOKEN_RESET_REQUESTED"}` for a
/// new credential, `CANCELLED` to close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct UpdateProvision {
    /// The status asked for.
    pub status: RequestedProvisionStatus,
}

impl UpdateProvision {
    /// A new credential: the old one expired before it was used.
    pub fn token_reset() -> Self {
        Self {
            status: RequestedProvisionStatus::TOKEN_RESET_REQUESTED,
        }
    }
}

/// The body of `POST /v1/user/{user_api_key_id}/identity-verification-session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CreateVerificationSession {
    /// Why (`VERIFICATION`).
    pub purpose: VerificationPurpose,
    /// Who scans (`INCODE`).
    pub provider: VerificationProvider,
}

impl Default for CreateVerificationSession {
    /// `VERIFICATION` by `INCODE`, as bunq documents it.
    fn default() -> Self {
        Self {
            purpose: VerificationPurpose::VERIFICATION,
            provider: VerificationProvider::INCODE,
        }
    }
}

/// The body of `PUT /v1/user/{user_api_key_id}/identity-verification-session/{id}`:
/// `{"status":"SUBMITTED"}` once the user finished scanning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct UpdateVerificationSession {
    /// The status reported.
    pub status: VerificationSessionStatus,
}

impl UpdateVerificationSession {
    /// The user finished scanning.
    pub fn submitted() -> Self {
        Self {
            status: VerificationSessionStatus::SUBMITTED,
        }
    }
}

/// The body of `PUT /v1/user/{user_api_key_id}/user-information-inquiry/{inquiry}/partner-user-information-inquiry-entry/{entry}`:
/// the user's answer to a compliance inquiry's entry, free text and/or attachments uploaded
/// before (at least one of the two).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AnswerInquiryEntry {
    /// The answer, in the user's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The attachments' ids (`POST /v1/user/{user_api_key_id}/attachment`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_attachment_id: Vec<u64>,
}

object_only!(AnswerInquiryEntry, serialize);
object_only!(CreateOnboarding, serialize);
object_only!(UpdateOnboarding, serialize);
object_only!(UpdateProvision, serialize);
object_only!(CreateVerificationSession, serialize);
object_only!(UpdateVerificationSession, serialize);

impl Default for UpdateOnboarding {
    /// `ACTIVE` / `VERIFIED`, the only target bunq supports today.
    fn default() -> Self {
        Self {
            user_status_desired: UserStatus::ACTIVE,
            user_verification_status_desired: VerificationStatus::VERIFIED,
        }
    }
}
