//! `PartnerUserProvision`: the user a partner provisions, and the credential to reach it.

use crate::wire::object::wire_object;
use crate::{
    ActionRequired, CredentialId, CredentialStatus, JsonValue, Product, ProvisionId,
    ProvisionStatus, ProvisionSubStatus, Timestamp,
};

wire_object! {
    /// A partner's user provision: the answer to `POST /v1/partner-user-provision`, a `GET` of
    /// it, and the object of a `PARTNER_USER_PROVISION_PROCESS_UPDATED` callback.
    ///
    /// bunq's examples are often partial (no `id`, no `created`): every member may be absent.
    ///
    /// ```
    /// use bunq_onboarding::vocabulary::{CredentialStatus, ProvisionSubStatus};
    /// use bunq_onboarding::wire::PartnerUserProvision;
    ///
    /// let provision: PartnerUserProvision = serde_json::from_str(r#"{"id":123,"status":"ACTIVE",
    ///     "sub_status":"PENDING_PROCESS_USER_ONBOARDING","action_required":"USER",
    ///     "credential":{"id":789,"status":"PENDING_FIRST_USE","expiry_time":"2025-08-20 14:45:24.567890","token_value":"secret"}}"#)?;
    /// assert_eq!(provision.sub_status.get(), Some(&ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING));
    /// let credential = provision.credential.get().unwrap();
    /// assert_eq!(credential.status.get(), Some(&CredentialStatus::PENDING_FIRST_USE));
    /// assert!(provision.created.get().is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct PartnerUserProvision {
        /// The provision's id.
        id: ProvisionId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// The partner's own id of the user.
        external_uuid: String = "external_uuid",
        /// `CREATED`, `ACTIVE`, `CANCELLED`, `FAILED`, `CLOSED`.
        status: ProvisionStatus = "status",
        /// The step: `PENDING_PROCESS_USER_ONBOARDING` says the user can be onboarded.
        sub_status: ProvisionSubStatus = "sub_status",
        /// Who acts next: `NONE`, `USER`, `SYSTEM`.
        action_required: ActionRequired = "action_required",
        /// What the user gets.
        products: Vec<Product> = "products",
        /// The user's public label, kept as bunq sent it.
        label_user: JsonValue = "label_user",
        /// The partner's access request, kept as bunq sent it.
        oauth_request: JsonValue = "oauth_request",
        /// The new user's API key, to turn into a session before it expires.
        credential: Credential = "credential",
    }
}

wire_object! {
    /// A provision's credential: the new user's API key. `token_value` is a secret: read, but
    /// never kept by a [`UserRecord`](crate::UserRecord).
    pub struct Credential {
        /// The credential's id.
        id: CredentialId = "id",
        /// When bunq created it.
        created: Timestamp = "created",
        /// When bunq last changed it.
        updated: Timestamp = "updated",
        /// `PENDING_FIRST_USE`, `ACTIVE`, `EXPIRED`.
        status: CredentialStatus = "status",
        /// When a `PENDING_FIRST_USE` credential expires (1 h sandbox, 4 h production).
        expiry_time: Timestamp = "expiry_time",
        /// The API key itself: a secret.
        token_value: String = "token_value",
        /// The device it is bound to, kept as bunq sent it.
        permitted_device: JsonValue = "permitted_device",
    }
}
