//! `IdentityVerificationSessionIncode`: how `IDENTIFICATION_VERIFICATION` gets fulfilled.

use crate::wire::object::wire_object;
use crate::{
    JsonValue, Timestamp, VerificationOutcome, VerificationPurpose, VerificationSessionId,
    VerificationSessionStatus,
};

wire_object! {
    /// An identity verification session: `POST`, `GET` and `PUT
    /// /v1/user/{user_api_key_id}/identity-verification-session[/{id}]`. `token` is a secret:
    /// read, but never kept by a [`UserRecord`](crate::UserRecord).
    ///
    /// ```
    /// use bunq_onboarding::vocabulary::{VerificationOutcome, VerificationSessionStatus};
    /// use bunq_onboarding::wire::IdentityVerificationSession;
    ///
    /// let session: IdentityVerificationSession = serde_json::from_str(
    ///     r#"{"id":65541,"status":"PROCESSED","result":{"result":"APPROVED","all_fail_reason":[]}}"#,
    /// )?;
    /// assert_eq!(session.status.get(), Some(&VerificationSessionStatus::PROCESSED));
    /// let result = session.result.get().unwrap();
    /// assert_eq!(result.result.get(), Some(&VerificationOutcome::APPROVED));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct IdentityVerificationSession {
        /// The session's id.
        id: VerificationSessionId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// Why: `VERIFICATION`.
        purpose: VerificationPurpose = "purpose",
        /// The provider's id of the applicant.
        applicant_identifier_external: String = "applicant_identifier_external",
        /// The provider's id of the session.
        session_identifier_external: String = "session_identifier_external",
        /// The country of the document.
        country: String = "country",
        /// `CREATED`, `SUBMITTED`, `PROCESSED`.
        status: VerificationSessionStatus = "status",
        /// The token the scanning SDK starts with: a secret.
        token: String = "token",
        /// The provider's API the SDK talks to.
        url_api: String = "url_api",
        /// Whether the provider records the session.
        should_record_session: bool = "should_record_session",
        /// bunq's decision, once `PROCESSED`.
        result: VerificationResult = "result",
    }
}

wire_object! {
    /// bunq's decision on an identity verification session.
    pub struct VerificationResult {
        /// `APPROVED` (other values are not published).
        result: VerificationOutcome = "result",
        /// Why it failed, kept as bunq sent it.
        all_fail_reason: Vec<JsonValue> = "all_fail_reason",
    }
}
