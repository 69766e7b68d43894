//! `UserOnboarding`: the onboarding object bunq keeps for a user.

use crate::wire::object::wire_object;
use crate::{
    ActionRequired, OnboardingId, OnboardingType, Timestamp, UserId, UserStatus,
    VerificationStatus, WaitingType,
};

wire_object! {
    /// A user's onboarding: the answer to `GET /v1/user/{user_api_key_id}/user-onboarding[/{id}]`
    /// and the object of a `USER_ONBOARDING_UPDATED` callback (sent when `action_required`
    /// changes).
    ///
    /// ```
    /// use bunq_onboarding::vocabulary::{ActionRequired, WaitingType};
    /// use bunq_onboarding::wire::UserOnboarding;
    ///
    /// let onboarding: UserOnboarding = serde_json::from_str(
    ///     r#"{"id":260,"user_id":877,"action_required":"SYSTEM","waiting_type":"MANUAL"}"#,
    /// )?;
    /// assert_eq!(onboarding.action_required.get(), Some(&ActionRequired::SYSTEM));
    /// assert_eq!(onboarding.waiting_type.get(), Some(&WaitingType::MANUAL));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct UserOnboarding {
        /// The onboarding's id.
        id: OnboardingId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// The user.
        user_id: UserId = "user_id",
        /// The kind of onboarding (`type` on the wire).
        onboarding_type: OnboardingType = "type",
        /// Free text (bunq's examples say `VERIFIED`, `ELECTRONIC_MONEY`).
        status: String = "status",
        /// `USER`: the user must act; `SYSTEM`: bunq is processing; `NONE`: nothing pending.
        action_required: ActionRequired = "action_required",
        /// How bunq processes it: `AUTOMATED` or `MANUAL`.
        waiting_type: WaitingType = "waiting_type",
        /// How long bunq expects to take, for the user, in English.
        waiting_time_message: String = "waiting_time_message",
        /// The same, translated.
        waiting_time_message_translated: String = "waiting_time_message_translated",
        /// The target's user status.
        user_status_desired: UserStatus = "user_status_desired",
        /// The target's verification status.
        user_verification_status_desired: VerificationStatus = "user_verification_status_desired",
    }
}
