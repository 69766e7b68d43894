//! bunq's API context: installations (each with its client's public key), devices, sessions on
//! the virtual clock, and who may call what.

use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::{UserApiKeyId, UserId};
use bunq_onboarding::wire::{BareId, JsonValue, ResponseItem};
use serde_json::json;

use super::{Bunq, Counters, after, bad_request, object};
use crate::answer::Answer;
use crate::signing::{ClientKey, SERVER_PUBLIC_KEY_PEM};

/// The partner's own bunq user (bunq's published session answer shows `UserCompany` 1360).
pub const PARTNER_USER_ID: u64 = 1_360;

/// bunq's answer to a missing, unknown or expired token (as bunq's clients report it).
const UNAUTHORISED: &str = "Insufficient authorisation.";

/// One installation: the token it gave, and its client's public key.
#[derive(Debug)]
pub(super) struct Installation {
    client_key: ClientKey,
}

/// One session: for whom, made through which installation, until when.
#[derive(Debug)]
pub(super) struct Session {
    installation: String,
    caller: Caller,
    expires: Timestamp,
}

/// Whom a session speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// The partner, with its own API key: provisions, OAuth clients, its own user's paths.
    Partner,
    /// A provisioned user, with its credential: its own `user_api_key_id`'s paths.
    User(UserApiKeyId),
}

/// What a route asks of the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// `POST /v1/installation`: nothing.
    Open,
    /// `device-server` and `session-server`: an installation token.
    Installation,
    /// The partner's own endpoints: the partner's session.
    Partner,
    /// `/v1/user/{id}/…`: the session of that id (the partner's user id, or a user's
    /// `user_api_key_id`).
    UserPath(u64),
    /// `/v1/user-person/{id}`: a user's session, the id being its `user_api_key_id` (what bunq's
    /// SDK sends) or its user id.
    Person(u64),
}

/// A request's credentials, as its headers carry them.
#[derive(Clone, Copy, Debug)]
pub struct Credentials<'a> {
    /// `X-Bunq-Client-Authentication`.
    pub token: Option<&'a str>,
    /// `X-Bunq-Client-Signature`, with the body it signs.
    pub signature: Option<(&'a str, &'a [u8])>,
}

impl Bunq {
    /// `POST /v1/installation`: the client's public key in, a token and the server's key out.
    pub fn install(&mut self, body: &JsonValue) -> Answer {
        let Some(pem) = body.get("client_public_key").and_then(JsonValue::as_str) else {
            return bad_request("client_public_key (a PEM public key) is missing.");
        };
        let client_key = match ClientKey::from_pem(pem) {
            Ok(key) => key,
            Err(reason) => return bad_request(format!("Client public key is invalid: {reason}.")),
        };
        let id: u64 = Counters::next(&mut self.ids.installation);
        let token = self.token("installation");
        self.installations
            .insert(token.clone(), Installation { client_key });
        Answer::objects(vec![
            ResponseItem::Id(BareId { id }),
            object(
                "Token",
                json!({"id": id, "created": self.now, "updated": self.now, "token": token}),
            ),
            object(
                "ServerPublicKey",
                json!({"server_public_key": SERVER_PUBLIC_KEY_PEM}),
            ),
        ])
    }

    /// `POST /v1/device-server`: registers a device for an API key (the partner's, or a
    /// credential that may still open a session); it does not use the key up.
    pub fn register_device(&mut self, body: &JsonValue) -> Answer {
        let Some(secret) = body.get("secret").and_then(JsonValue::as_str) else {
            return bad_request("The secret (the API key) is missing.");
        };
        if secret != self.settings.partner_api_key
            && let Err(refused) = self.credential_of(secret)
        {
            return refused;
        }
        let id: u64 = Counters::next(&mut self.ids.device);
        Answer::id(id)
    }

    /// `POST /v1/session-server`: a session for the partner's API key (`UserCompany`) or a
    /// provision's credential (`UserApiKey`; its first session makes it `ACTIVE`).
    pub fn start_session(&mut self, installation: Option<&str>, body: &JsonValue) -> Answer {
        let Some(secret) = body.get("secret").and_then(JsonValue::as_str) else {
            return bad_request("The secret (the API key) is missing.");
        };
        let timeout = self.settings.session_timeout_seconds;
        let partner = json!({"id": PARTNER_USER_ID, "display_name": "Partner",
            "session_timeout": timeout});
        let (caller, user) = if secret == self.settings.partner_api_key {
            (Caller::Partner, object("UserCompany", partner))
        } else {
            let (user_id, key_id) = match self.use_credential(secret) {
                Ok(found) => found,
                Err(refused) => return refused,
            };
            let user = json!({"id": key_id,
                "requested_by_user": {"UserCompany": partner},
                "granted_by_user": {"UserPerson": {"id": user_id, "display_name": "New bunqer",
                    "session_timeout": timeout}}});
            (Caller::User(key_id), object("UserApiKey", user))
        };
        let id: u64 = Counters::next(&mut self.ids.session);
        let token = self.token("session");
        self.api_sessions.insert(
            token.clone(),
            Session {
                installation: installation.unwrap_or_default().to_owned(),
                caller,
                expires: after(self.now, timeout),
            },
        );
        Answer::objects(vec![
            ResponseItem::Id(BareId { id }),
            object(
                "Token",
                json!({"id": id, "created": self.now, "updated": self.now, "token": token}),
            ),
            user,
        ])
    }

    /// Who a request speaks for, or bunq's refusal: `401` without a valid token, `403` for
    /// another's path, `466` for a wrong signature (never for a missing one). `None`: the route
    /// needs no session.
    ///
    /// # Errors
    /// bunq's refusal, as the answer to give.
    #[allow(clippy::result_large_err)] // the error is the answer itself
    pub fn authenticate(
        &self,
        access: Access,
        credentials: Credentials<'_>,
    ) -> Result<Option<Caller>, Answer> {
        let unauthorised = || Answer::error(401, UNAUTHORISED);
        let (installation, caller) = match access {
            Access::Open => return Ok(None),
            Access::Installation => {
                let token = credentials.token.ok_or_else(unauthorised)?;
                let installation = self.installations.get(token).ok_or_else(unauthorised)?;
                (installation, None)
            }
            _ => {
                let session = credentials
                    .token
                    .and_then(|token| self.api_sessions.get(token))
                    .filter(|session| self.now < session.expires)
                    .ok_or_else(unauthorised)?;
                if !self.reaches(session.caller, access) {
                    return Err(Answer::error(
                        403,
                        "The session may not access this resource.",
                    ));
                }
                let installation = self
                    .installations
                    .get(&session.installation)
                    .ok_or_else(unauthorised)?;
                (installation, Some(session.caller))
            }
        };
        if let Some((signature, body)) = credentials.signature
            && !installation.client_key.verifies(body, signature)
        {
            return Err(Answer::error(466, "The request signature is invalid."));
        }
        Ok(caller)
    }

    fn reaches(&self, caller: Caller, access: Access) -> bool {
        match (caller, access) {
            (_, Access::Open | Access::Installation) | (Caller::Partner, Access::Partner) => true,
            (Caller::Partner, Access::UserPath(id)) => id == PARTNER_USER_ID,
            (Caller::User(key), Access::UserPath(id)) => id == u64::from(key),
            (Caller::User(key), Access::Person(id)) => {
                id == u64::from(key)
                    || self
                        .user_of_key(key)
                        .is_ok_and(|user| u64::from(user) == id)
            }
            (Caller::Partner, Access::Person(_)) | (Caller::User(_), Access::Partner) => false,
        }
    }

    /// The user a `user-person/{id}` names: the id is a user's `user_api_key_id` (what bunq's
    /// SDK sends: its session's user) or the user's own id. Our inference: bunq documents the
    /// path with "the user's id" and its SDK sends the session's.
    pub(super) fn person(&self, id: u64) -> Option<(UserApiKeyId, UserId)> {
        self.user_api_keys
            .iter()
            .find(|(key_id, key)| u64::from(**key_id) == id || u64::from(key.user_id) == id)
            .map(|(key_id, key)| (*key_id, key.user_id))
    }
}
