//! Provisions, their credentials, and the user's session (`POST /v1/session-server`).

use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::{CredentialId, ProvisionId, UserApiKeyId, UserId};
use bunq_onboarding::vocabulary::{
    ActionRequired, CredentialStatus, NotificationCategory, NotificationEvent, Product,
    ProvisionStatus, ProvisionSubStatus, RequestedProvisionStatus,
};
use bunq_onboarding::wire::{
    Credential, JsonValue, PartnerUserProvision, ResponseItem, UpdateProvision, WireField,
};
use serde_json::json;

use super::{Bunq, Counters, Job, after, bad_request, not_found, one_of};
use crate::answer::Answer;

/// One provision, as bunq holds it.
#[derive(Clone, Debug)]
pub(super) struct Provision {
    id: ProvisionId,
    created: Timestamp,
    updated: Timestamp,
    external_uuid: Option<String>,
    status: ProvisionStatus,
    sub_status: ProvisionSubStatus,
    action_required: ActionRequired,
    products: Vec<Product>,
    /// The bunq user the provision creates.
    pub(super) user_id: UserId,
    credential: Option<CredentialState>,
}

#[derive(Clone, Debug)]
struct CredentialState {
    id: CredentialId,
    created: Timestamp,
    updated: Timestamp,
    status: CredentialStatus,
    expiry_time: Timestamp,
    token: String,
}

/// A user's API key, made by starting the user's session: its id is the `{user_api_key_id}` of
/// the user's paths.
#[derive(Clone, Debug)]
pub(super) struct UserApiKey {
    pub(super) user_id: UserId,
}

impl Provision {
    /// The provision as bunq writes it.
    pub(super) fn to_object(&self) -> PartnerUserProvision {
        let mut object = PartnerUserProvision::default();
        object.id = WireField::Value(self.id);
        object.created = WireField::Value(self.created);
        object.updated = WireField::Value(self.updated);
        object.external_uuid = self.external_uuid.clone().into();
        object.status = WireField::Value(self.status.clone());
        object.sub_status = WireField::Value(self.sub_status.clone());
        object.action_required = WireField::Value(self.action_required.clone());
        object.products = WireField::Value(self.products.clone());
        let past_user = self.sub_status != ProvisionSubStatus::PENDING_PROCESS_USER;
        object.label_user = WireField::from(past_user.then(|| {
            json!({"uuid": format!("00000000-0000-4000-8000-{:012}", self.user_id),
                "display_name": "New bunqer", "country": "NL", "type": "PERSON"})
        }));
        object.oauth_request = WireField::from(
            self.credential
                .as_ref()
                .map(|credential| json!({"id": credential.id, "status": "ACCEPTED"})),
        );
        object.credential = WireField::from(self.credential.as_ref().map(|state| {
            let mut credential = Credential::default();
            credential.id = WireField::Value(state.id);
            credential.created = WireField::Value(state.created);
            credential.updated = WireField::Value(state.updated);
            credential.status = WireField::Value(state.status.clone());
            credential.expiry_time = WireField::Value(state.expiry_time);
            // bunq shows the API key until its first use, and never again.
            credential.token_value = if state.status == CredentialStatus::ACTIVE {
                WireField::Null
            } else {
                WireField::Value(state.token.clone())
            };
            credential.permitted_device = WireField::Null;
            credential
        }));
        object
    }

    fn is_closed(&self) -> bool {
        [ProvisionStatus::CANCELLED, ProvisionStatus::CLOSED].contains(&self.status)
    }
}

/// The members a partner sends to create a provision.
#[derive(serde::Deserialize)]
struct NewProvision {
    #[serde(default)]
    external_uuid: Option<String>,
    #[serde(default)]
    products: Option<Vec<Product>>,
}

impl Bunq {
    /// `POST /v1/partner-user-provision`: the user is being created.
    pub fn create_provision(&mut self, body: &JsonValue) -> Answer {
        let request: NewProvision = match serde_json::from_value(body.clone()) {
            Ok(request) => request,
            Err(error) => return bad_request(format!("The provision is not valid: {error}.")),
        };
        if let Some(uuid) = request
            .external_uuid
            .as_deref()
            .filter(|uuid| !is_uuid(uuid))
        {
            return bad_request(format!(
                "The external_uuid {uuid:?} is not a UUID (8-4-4-4-12 hexadecimal digits)."
            ));
        }
        let id = Counters::next(&mut self.ids.provision);
        let user_id = Counters::next(&mut self.ids.user);
        let provision = Provision {
            id,
            created: self.now,
            updated: self.now,
            external_uuid: request.external_uuid,
            status: ProvisionStatus::CREATED,
            sub_status: ProvisionSubStatus::PENDING_PROCESS_USER,
            action_required: ActionRequired::SYSTEM,
            products: request
                .products
                .unwrap_or_else(|| vec![Product::USER_VERIFIED]),
            user_id,
            credential: None,
        };
        let answer = Answer::objects(vec![provision_item(&provision)]);
        self.provisions.insert(id, provision);
        self.schedule(
            after(self.now, self.settings.provision_step_seconds),
            Job::ProvisionStep(id),
        );
        answer
    }

    /// `GET /v1/partner-user-provision/{id}`.
    pub fn provision(&self, id: ProvisionId) -> Answer {
        match self.provisions.get(&id) {
            Some(provision) => Answer::objects(vec![provision_item(provision)]),
            None => not_found("Provision"),
        }
    }

    /// `GET /v1/partner-user-provision`, filtered by `status` and `external_uuid`; a filter's
    /// values are separated by commas (`status=CREATED,ACTIVE`), as bunq's spec says.
    pub fn provisions(&self, status: Option<&str>, external_uuid: Option<&str>) -> Answer {
        let items = self
            .provisions
            .values()
            .filter(|provision| one_of(status, provision.status.as_str()))
            .filter(|provision| {
                external_uuid.is_none()
                    || (provision.external_uuid.as_deref())
                        .is_some_and(|uuid| one_of(external_uuid, uuid))
            })
            .map(provision_item)
            .collect();
        Answer::list(items)
    }

    /// `PUT /v1/partner-user-provision/{id}` with `CANCELLED` or `TOKEN_RESET_REQUESTED`.
    pub fn update_provision(&mut self, id: ProvisionId, body: &JsonValue) -> Answer {
        let Ok(update) = serde_json::from_value::<UpdateProvision>(body.clone()) else {
            return bad_request("The status to set is missing.");
        };
        let now = self.now;
        let Some(provision) = self.provisions.get_mut(&id) else {
            return not_found("Provision");
        };
        if provision.is_closed() {
            return bad_request("The provision is cancelled.");
        }
        let reset = match update.status {
            RequestedProvisionStatus::CANCELLED
            | RequestedProvisionStatus::PENDING_PROCESS_CLOSURE => {
                provision.status = ProvisionStatus::CANCELLED;
                provision.sub_status = ProvisionSubStatus::PENDING_PROCESS_CLOSURE;
                provision.action_required = ActionRequired::SYSTEM;
                false
            }
            RequestedProvisionStatus::TOKEN_RESET_REQUESTED => {
                if provision.sub_status != ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING {
                    return bad_request("The provision has no credential to reset yet.");
                }
                true
            }
            _ => {
                return bad_request(
                    "The status can only be set to CANCELLED, PENDING_PROCESS_CLOSURE or TOKEN_RESET_REQUESTED.",
                );
            }
        };
        provision.updated = now;
        if reset {
            self.issue_credential(id);
        } else {
            self.schedule(
                after(now, self.settings.provision_step_seconds),
                Job::ProvisionClosed(id),
            );
        }
        self.provision_changed(id);
        Answer::id(id)
    }

    /// The next step of a provision being processed.
    pub(super) fn provision_step(&mut self, id: ProvisionId) {
        let now = self.now;
        let Some(provision) = self.provisions.get_mut(&id) else {
            return;
        };
        if provision.is_closed() {
            return;
        }
        let next = match provision.sub_status {
            ProvisionSubStatus::PENDING_PROCESS_USER => {
                ProvisionSubStatus::PENDING_PROCESS_RELATION_USER
            }
            ProvisionSubStatus::PENDING_PROCESS_RELATION_USER => {
                ProvisionSubStatus::PENDING_PROCESS_OAUTH_REQUEST
            }
            ProvisionSubStatus::PENDING_PROCESS_OAUTH_REQUEST => {
                ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING
            }
            _ => return,
        };
        let ready = next == ProvisionSubStatus::PENDING_PROCESS_USER_ONBOARDING;
        provision.sub_status = next;
        provision.updated = now;
        if ready {
            provision.status = ProvisionStatus::ACTIVE;
            provision.action_required = ActionRequired::USER;
            self.issue_credential(id);
        } else {
            self.schedule(
                after(now, self.settings.provision_step_seconds),
                Job::ProvisionStep(id),
            );
        }
        self.provision_changed(id);
    }

    /// Gives provision `id` a new credential, waiting for its first use, and schedules its
    /// expiry.
    fn issue_credential(&mut self, id: ProvisionId) {
        let now = self.now;
        let expiry_time = after(now, self.settings.credential_lifetime_seconds);
        let credential_id = Counters::next(&mut self.ids.credential);
        let token = self.token("credential");
        if let Some(provision) = self.provisions.get_mut(&id) {
            provision.credential = Some(CredentialState {
                id: credential_id,
                created: now,
                updated: now,
                status: CredentialStatus::PENDING_FIRST_USE,
                expiry_time,
                token,
            });
        }
        self.schedule(
            expiry_time,
            Job::CredentialExpires {
                provision: id,
                credential: credential_id,
            },
        );
    }

    /// A credential not used by its expiry expires.
    pub(super) fn credential_expires(&mut self, id: ProvisionId, credential_id: CredentialId) {
        let now = self.now;
        let Some(provision) = self.provisions.get_mut(&id) else {
            return;
        };
        let Some(credential) = &mut provision.credential else {
            return;
        };
        if credential.id != credential_id
            || credential.status != CredentialStatus::PENDING_FIRST_USE
        {
            return;
        }
        credential.status = CredentialStatus::EXPIRED;
        credential.updated = now;
        provision.updated = now;
        self.provision_changed(id);
    }

    /// A cancelled provision is closed.
    pub(super) fn provision_closed(&mut self, id: ProvisionId) {
        let now = self.now;
        let Some(provision) = self.provisions.get_mut(&id) else {
            return;
        };
        provision.status = ProvisionStatus::CLOSED;
        provision.sub_status = ProvisionSubStatus::NONE;
        provision.action_required = ActionRequired::NONE;
        provision.updated = now;
        self.provision_changed(id);
    }

    /// Tells the partner a provision changed.
    fn provision_changed(&mut self, id: ProvisionId) {
        if let Some(provision) = self.provisions.get(&id) {
            let object = provision_item(provision);
            self.notify(
                &NotificationCategory::PARTNER_USER_PROVISION,
                &NotificationEvent::PARTNER_USER_PROVISION_PROCESS_UPDATED,
                &object,
            );
        }
    }

    /// The provision whose credential is `secret`, if the credential may open a session now:
    /// waiting for its first use and not expired, or already in use. bunq's refusals otherwise.
    #[allow(clippy::result_large_err)] // the error is the answer itself
    pub(super) fn credential_of(&self, secret: &str) -> Result<ProvisionId, Answer> {
        let found = self.provisions.values().find_map(|provision| {
            provision
                .credential
                .as_ref()
                .filter(|credential| credential.token == secret)
                .map(|credential| (provision.id, credential))
        });
        let Some((id, credential)) = found else {
            return Err(Answer::error(
                400,
                "User credentials are incorrect. Incorrect API key or IP address.",
            ));
        };
        match credential.status {
            CredentialStatus::ACTIVE => Ok(id),
            CredentialStatus::PENDING_FIRST_USE if credential.expiry_time > self.now => Ok(id),
            CredentialStatus::PENDING_FIRST_USE | CredentialStatus::EXPIRED => Err(Answer::error(
                401,
                "The API key has expired. Request a new credential.",
            )),
            _ => Err(Answer::error(401, "The API key is no longer valid.")),
        }
    }

    /// A session opened with the credential `secret`: its first use makes it `ACTIVE` (the
    /// provision then hides its `token_value`). The user and its one API key, made at the
    /// first session and kept for every later one.
    #[allow(clippy::result_large_err)] // the error is the answer itself
    pub(super) fn use_credential(
        &mut self,
        secret: &str,
    ) -> Result<(UserId, UserApiKeyId), Answer> {
        let id = self.credential_of(secret)?;
        let now = self.now;
        let provision = self
            .provisions
            .get_mut(&id)
            .ok_or_else(|| not_found("Provision"))?;
        let user_id = provision.user_id;
        if let Some(credential) = &mut provision.credential
            && credential.status != CredentialStatus::ACTIVE
        {
            credential.status = CredentialStatus::ACTIVE;
            credential.updated = now;
            provision.updated = now;
        }
        let existing = self
            .user_api_keys
            .iter()
            .find(|(_, key)| key.user_id == user_id)
            .map(|(key_id, _)| *key_id);
        let key_id = existing.unwrap_or_else(|| {
            let key_id = Counters::next(&mut self.ids.user);
            self.user_api_keys.insert(key_id, UserApiKey { user_id });
            key_id
        });
        Ok((user_id, key_id))
    }

    /// The user of a `{user_api_key_id}`, or bunq's `404` when it is none.
    #[allow(clippy::result_large_err)] // the error is the answer itself
    pub(super) fn user_of_key(&self, key_id: UserApiKeyId) -> Result<UserId, Answer> {
        self.user_api_keys
            .get(&key_id)
            .map(|key| key.user_id)
            .ok_or_else(|| not_found("User"))
    }

    /// A token: unique and recognisable, not secret (this is a fake).
    pub(super) fn token(&mut self, kind: &str) -> String {
        let n: u64 = Counters::next(&mut self.ids.object);
        format!("fake-{kind}-{n:058}")
    }
}

fn provision_item(provision: &Provision) -> ResponseItem {
    ResponseItem::PartnerUserProvision(Box::new(provision.to_object()))
}

/// Whether `text` is a UUID as bunq's spec writes one: `8-4-4-4-12` hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(at, digit)| match at {
            8 | 13 | 18 | 23 => digit == '-',
            _ => digit.is_ascii_hexdigit(),
        })
}
