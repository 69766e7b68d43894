//! Identity verification sessions: created, submitted by the partner once the user finished
//! scanning, then processed with the scenario's decision; they move the user's
//! `IDENTIFICATION_VERIFICATION` rows.

use bunq_onboarding::ids::{UserApiKeyId, VerificationSessionId};
use bunq_onboarding::rules::FulfillmentCommand;
use bunq_onboarding::vocabulary::{
    VerificationOutcome, VerificationPurpose, VerificationSessionStatus,
};
use bunq_onboarding::wire::{
    CreateVerificationSession, IdentityVerificationSession, JsonValue, ResponseItem,
    UpdateVerificationSession, VerificationResult, WireField,
};
use bunq_onboarding::{FulfillmentType, Timestamp};

use super::{Bunq, Counters, Decision, Job, Owned, Scenario, after, bad_request, owned, owned_mut};
use crate::answer::Answer;

impl Owned for Session {
    const WHAT: &'static str = "Identity verification session";

    fn key_id(&self) -> UserApiKeyId {
        self.key_id
    }
}

/// One session, as bunq holds it.
#[derive(Clone, Debug)]
pub(super) struct Session {
    id: VerificationSessionId,
    key_id: UserApiKeyId,
    created: Timestamp,
    updated: Timestamp,
    purpose: VerificationPurpose,
    status: VerificationSessionStatus,
    token: String,
    approved: Option<bool>,
}

impl Session {
    /// The session as bunq writes it.
    pub(super) fn to_object(&self) -> IdentityVerificationSession {
        let mut object = IdentityVerificationSession::default();
        object.id = WireField::Value(self.id);
        object.created = WireField::Value(self.created);
        object.updated = WireField::Value(self.updated);
        object.purpose = WireField::Value(self.purpose.clone());
        object.applicant_identifier_external = WireField::Null;
        object.session_identifier_external = WireField::Value(format!("incode-{}", self.id));
        object.country = WireField::Value("NL".to_owned());
        object.status = WireField::Value(self.status.clone());
        object.token = WireField::Value(self.token.clone());
        object.url_api = WireField::Value("https://demo-api.incodesmile.com/0/".to_owned());
        object.should_record_session = WireField::Value(true);
        object.result = WireField::from(self.approved.map(|approved| {
            let mut result = VerificationResult::default();
            result.result = WireField::Value(if approved {
                VerificationOutcome::APPROVED
            } else {
                VerificationOutcome::new("REJECTED")
            });
            result.all_fail_reason = WireField::Value(if approved {
                vec![]
            } else {
                vec![JsonValue::from("DOCUMENT_NOT_READABLE")]
            });
            result
        }));
        object
    }
}

impl Bunq {
    /// `POST /v1/user/{user_api_key_id}/identity-verification-session`.
    pub fn create_session(&mut self, key_id: UserApiKeyId, body: &JsonValue) -> Answer {
        if let Err(not_found) = self.user_of_key(key_id) {
            return not_found;
        }
        // bunq's documented body; a partial one makes the onboarding's kind of session.
        let purpose = serde_json::from_value::<CreateVerificationSession>(body.clone())
            .unwrap_or_default()
            .purpose;
        let id = Counters::next(&mut self.ids.verification);
        let token = self.token("verification");
        self.sessions.insert(
            id,
            Session {
                id,
                key_id,
                created: self.now,
                updated: self.now,
                purpose,
                status: VerificationSessionStatus::CREATED,
                token,
                approved: None,
            },
        );
        Answer::id(id)
    }

    /// `GET /v1/user/{user_api_key_id}/identity-verification-session/{id}`.
    pub fn session(&self, key_id: UserApiKeyId, id: VerificationSessionId) -> Answer {
        match owned(&self.sessions, &id, key_id) {
            Ok(session) => Answer::objects(vec![ResponseItem::IdentityVerificationSession(
                Box::new(session.to_object()),
            )]),
            Err(not_found) => not_found,
        }
    }

    /// `PUT …/identity-verification-session/{id}` `{"status":"SUBMITTED"}`, once the user
    /// finished scanning: the verification is in review until bunq decides.
    pub fn submit_session(
        &mut self,
        key_id: UserApiKeyId,
        id: VerificationSessionId,
        body: &JsonValue,
    ) -> Answer {
        let update = serde_json::from_value::<UpdateVerificationSession>(body.clone());
        if update.ok() != Some(UpdateVerificationSession::submitted()) {
            return bad_request("The status can only be set to SUBMITTED.");
        }
        let now = self.now;
        let session = match owned_mut(&mut self.sessions, &id, key_id) {
            Ok(session) => session,
            Err(not_found) => return not_found,
        };
        if session.status != VerificationSessionStatus::CREATED {
            return bad_request("The session was submitted already.");
        }
        session.status = VerificationSessionStatus::SUBMITTED;
        session.updated = now;
        let seconds = self.scenario_of_session(id).verification_seconds;
        self.schedule(after(now, seconds), Job::Verification(id));
        self.command_rows(
            key_id,
            &FulfillmentType::IDENTIFICATION_VERIFICATION,
            FulfillmentCommand::Submit,
        );
        Answer::id(id)
    }

    /// bunq decides a submitted verification: approved fulfills the rows, rejected sends them
    /// back to the user.
    pub fn process_verification(&mut self, id: VerificationSessionId, approved: bool) -> bool {
        let now = self.now;
        let Some(session) = self.sessions.get_mut(&id) else {
            return false;
        };
        if session.status != VerificationSessionStatus::SUBMITTED {
            return false;
        }
        session.status = VerificationSessionStatus::PROCESSED;
        session.approved = Some(approved);
        session.updated = now;
        let key_id = session.key_id;
        let command = if approved {
            FulfillmentCommand::Approve
        } else {
            FulfillmentCommand::Reject
        };
        self.command_rows(
            key_id,
            &FulfillmentType::IDENTIFICATION_VERIFICATION,
            command,
        );
        true
    }

    /// The scenario of the session's user's latest onboarding (or the current one).
    pub(super) fn scenario_of_session(&self, id: VerificationSessionId) -> Scenario {
        let key_id = self.sessions.get(&id).map(|session| session.key_id);
        self.latest_scenario(key_id)
            .unwrap_or_else(|| self.scenario.clone())
    }

    /// Decides a session the scenario leaves waiting (`Decision::Wait`), or any submitted one.
    pub fn decide(&mut self, id: VerificationSessionId, decision: Decision) -> bool {
        match decision {
            Decision::Approve => self.process_verification(id, true),
            Decision::Reject => self.process_verification(id, false),
            Decision::Wait => false,
        }
    }
}
