//! Onboardings: the core crate's stand-in (`Onboarding`) behind bunq's URLs, the data endpoints
//! that fulfill its rows, and the review after the target is accepted.

use bunq_onboarding::ids::{OnboardingId, UserApiKeyId};
use bunq_onboarding::rules::FulfillmentCommand;
use bunq_onboarding::standin::TargetRefusal;
use bunq_onboarding::vocabulary::{
    ActionRequired, NotificationCategory, NotificationEvent, OnboardingType, UserStatus,
    VerificationStatus,
};
use bunq_onboarding::wire::{
    CreateOnboarding, JsonValue, ResponseItem, UpdateOnboarding, UserOnboarding, WireField,
};
use bunq_onboarding::{FulfillmentType, Onboarding, Timestamp};
use serde_json::json;

use super::{
    Bunq, Counters, Job, Owned, Scenario, after, bad_request, not_found, owned, owned_mut,
};
use crate::answer::Answer;

impl Owned for OnboardingState {
    const WHAT: &'static str = "Onboarding";

    fn key_id(&self) -> UserApiKeyId {
        self.key_id
    }
}

/// One onboarding, as bunq holds it.
#[derive(Clone, Debug)]
pub(super) struct OnboardingState {
    id: OnboardingId,
    key_id: UserApiKeyId,
    created: Timestamp,
    updated: Timestamp,
    /// The kind the partner asked for: bunq's docs send `PARTNER_USER`, its spec `PERSON`; the
    /// fake takes any.
    onboarding_type: OnboardingType,
    /// The rows and the user's status: the core crate's stand-in.
    onboarding: Onboarding,
    /// The scenario it was created under.
    pub(super) scenario: Scenario,
    action_required: ActionRequired,
    /// `None` until bunq accepted the target; then whether its review is over.
    reviewed: Option<bool>,
}

/// A data endpoint a partner posts to (inferred from its name: bunq publishes no table; `docs/rules.md` N5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provided {
    /// `POST …/address-main`.
    AddressMain,
    /// `POST …/address-postal`.
    AddressPostal,
    /// `PUT /v1/user-person/{id}` with `date_of_birth`.
    DateOfBirth,
    /// `PUT /v1/user-person/{id}` without it.
    Person,
    /// `POST …/tax-resident`.
    TaxResident,
    /// `POST …/nationality`.
    Nationality,
}

impl Provided {
    /// The data endpoints posted to under `/v1/user/{user_api_key_id}/`.
    pub(crate) const POSTED: [Self; 4] = [
        Self::AddressMain,
        Self::AddressPostal,
        Self::TaxResident,
        Self::Nationality,
    ];

    /// The endpoint's name, as its path ends.
    pub(crate) fn endpoint(self) -> &'static str {
        match self {
            Self::AddressMain => "address-main",
            Self::AddressPostal => "address-postal",
            Self::DateOfBirth | Self::Person => "user-person",
            Self::TaxResident => "tax-resident",
            Self::Nationality => "nationality",
        }
    }

    /// The type it provides: the scenario's, else inferred from its name.
    fn fulfillment_type(self, scenario: &Scenario) -> Option<FulfillmentType> {
        let inferred = match self {
            Self::AddressMain => Some(FulfillmentType::ADDRESS_MAIN),
            Self::AddressPostal => Some(FulfillmentType::ADDRESS_POSTAL),
            Self::DateOfBirth => Some(FulfillmentType::DATE_OF_BIRTH),
            Self::Person | Self::TaxResident | Self::Nationality => None,
        };
        scenario
            .endpoints
            .get(self.endpoint())
            .cloned()
            .or(inferred)
    }
}

impl OnboardingState {
    fn to_object(&self) -> UserOnboarding {
        let mut object = UserOnboarding::default();
        object.id = WireField::Value(self.id);
        object.created = WireField::Value(self.created);
        object.updated = WireField::Value(self.updated);
        object.user_id = WireField::Value(self.onboarding.user_id());
        object.onboarding_type = WireField::Value(self.onboarding_type.clone());
        object.status = WireField::Value(
            if self.reviewed == Some(true) {
                "VERIFIED"
            } else {
                "PENDING"
            }
            .to_owned(),
        );
        object.action_required = WireField::Value(self.action_required.clone());
        let reviewing = self.reviewed == Some(false);
        object.waiting_type =
            WireField::from(reviewing.then(|| self.scenario.waiting_type.clone()));
        object.waiting_time_message = WireField::from(reviewing.then(|| {
            format!(
                "We expect to finish within {} seconds.",
                self.scenario.review_seconds
            )
        }));
        object.waiting_time_message_translated = object.waiting_time_message.clone();
        object.user_status_desired = WireField::Value(UserStatus::ACTIVE);
        object.user_verification_status_desired = WireField::Value(VerificationStatus::VERIFIED);
        object
    }

    /// The onboarding as a test sees it: bunq's object, the rows and the user's status.
    pub(super) fn to_state(&self) -> JsonValue {
        json!({
            "onboarding": self.to_object(),
            "user_status": self.onboarding.user_status(),
            "verification_status": self.onboarding.verification_status(),
            "rows": self.onboarding.rows(),
        })
    }

    /// What the onboarding says bunq waits for: the review once the target is accepted, else
    /// what the rows say (`USER` while something blocks).
    fn action_required_at(&self, now: Timestamp) -> ActionRequired {
        match self.reviewed {
            Some(true) => ActionRequired::NONE,
            Some(false) => ActionRequired::SYSTEM,
            None => self.onboarding.assess(now).action_required(),
        }
    }
}

impl Bunq {
    /// `POST /v1/user/{user_api_key_id}/user-onboarding`.
    pub fn create_onboarding(&mut self, key_id: UserApiKeyId, body: &JsonValue) -> Answer {
        let user_id = match self.user_of_key(key_id) {
            Ok(user_id) => user_id,
            Err(not_found) => return not_found,
        };
        let Ok(CreateOnboarding { onboarding_type }) =
            serde_json::from_value::<CreateOnboarding>(body.clone())
        else {
            return bad_request("The onboarding type is missing (PARTNER_USER).");
        };
        let id: OnboardingId = Counters::next(&mut self.ids.onboarding);
        let scenario = self.scenario.clone();
        let policy = scenario.policy_at(self.now);
        // bunq's rows carry their id and creation time.
        let mut rows = policy.rows(user_id);
        for row in &mut rows {
            row.id = Some(Counters::next(&mut self.ids.object));
            row.created_timestamp = Some(self.now);
        }
        let mut onboarding = Onboarding::with_rows(user_id, id, rows);
        for fulfillment_type in &scenario.fulfilled_at_start {
            // A type the scenario does not require has no row: nothing to fulfill.
            let _ = onboarding.command(fulfillment_type, FulfillmentCommand::Accept);
        }
        let mut state = OnboardingState {
            id,
            key_id,
            onboarding_type,
            created: self.now,
            updated: self.now,
            onboarding,
            scenario,
            action_required: ActionRequired::NONE,
            reviewed: None,
        };
        state.action_required = state.action_required_at(self.now);
        self.onboardings.insert(id, state);
        if let Some(inquiry) = &self.scenario.onboarding_inquiry {
            let inquiry = inquiry.clone();
            self.raise_inquiry(user_id, &inquiry);
        }
        Answer::id(id)
    }

    /// `GET /v1/user/{user_api_key_id}/user-onboarding/{id}`.
    pub fn onboarding(&self, key_id: UserApiKeyId, id: OnboardingId) -> Answer {
        match owned(&self.onboardings, &id, key_id) {
            Ok(state) => Answer::objects(vec![onboarding_item(state)]),
            Err(not_found) => not_found,
        }
    }

    /// `GET /v1/user/{user_api_key_id}/user-onboarding`.
    pub fn onboardings(&self, key_id: UserApiKeyId) -> Answer {
        if let Err(not_found) = self.user_of_key(key_id) {
            return not_found;
        }
        let items = self
            .onboardings
            .values()
            .filter(|state| state.key_id == key_id)
            .map(onboarding_item)
            .collect();
        Answer::list(items)
    }

    /// `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`: the target, answered by the core
    /// crate's stand-in: accepted, or refused with bunq's own `Error` envelope.
    pub fn request_target(
        &mut self,
        key_id: UserApiKeyId,
        id: OnboardingId,
        body: &JsonValue,
    ) -> Answer {
        let Ok(target) = serde_json::from_value::<UpdateOnboarding>(body.clone()) else {
            return bad_request(
                "The target needs user_status_desired and user_verification_status_desired.",
            );
        };
        if target != UpdateOnboarding::default() {
            return bad_request("Only the target ACTIVE / VERIFIED is supported.");
        }
        let now = self.now;
        if let Some(inquiry) = self
            .user_of_key(key_id)
            .ok()
            .and_then(|user_id| self.onboarding_inquiry_open(user_id))
        {
            return bad_request(format!(
                "You need to answer the user information inquiry {inquiry} before this action."
            ));
        }
        let state = match owned_mut(&mut self.onboardings, &id, key_id) {
            Ok(state) => state,
            Err(not_found) => return not_found,
        };
        match state.onboarding.request_target(now) {
            Ok(_) => {
                if state.reviewed.is_none() {
                    state.reviewed = Some(false);
                    state.updated = now;
                    let review = after(now, state.scenario.review_seconds);
                    self.schedule(review, Job::Review(id));
                }
                self.refresh_onboardings();
                Answer::id(id)
            }
            Err(TargetRefusal::Blocked(blocked)) => Answer::refusal(&blocked),
            Err(refusal) => bad_request(format!("The target is refused: {refusal}.")),
        }
    }

    /// A data endpoint: the row it provides is fulfilled (when its status allows).
    pub(crate) fn provide(&mut self, key_id: UserApiKeyId, provided: Provided) -> Answer {
        if let Err(not_found) = self.user_of_key(key_id) {
            return not_found;
        }
        for state in self.onboardings.values_mut() {
            if state.key_id != key_id {
                continue;
            }
            if let Some(fulfillment_type) = provided.fulfillment_type(&state.scenario) {
                // Data given for a row already fulfilled (or in review) moves nothing.
                if state
                    .onboarding
                    .command(&fulfillment_type, FulfillmentCommand::Accept)
                    .is_ok_and(|step| step.is_changed())
                {
                    state.updated = self.now;
                }
            }
        }
        self.refresh_onboardings();
        let id: u64 = Counters::next(&mut self.ids.object);
        Answer::id(id)
    }

    /// `PUT /v1/user-person/{id}`: the person's data; a date of birth fulfills `DATE_OF_BIRTH`.
    /// `id` is the user's id or its `user_api_key_id` (what bunq's SDK sends: its session's user).
    pub fn update_person(&mut self, id: u64, body: &JsonValue) -> Answer {
        let Some((key_id, user_id)) = self.person(id) else {
            return not_found("User");
        };
        let provided = if body
            .get("date_of_birth")
            .is_some_and(|date| !date.is_null())
        {
            Provided::DateOfBirth
        } else {
            Provided::Person
        };
        match self.provide(key_id, provided) {
            answer if answer.status == 200 => Answer::id(user_id),
            refused => refused,
        }
    }

    /// Moves the rows of `fulfillment_type` of the user's onboardings by `command`.
    pub(super) fn command_rows(
        &mut self,
        key_id: UserApiKeyId,
        fulfillment_type: &FulfillmentType,
        command: FulfillmentCommand,
    ) {
        for state in self.onboardings.values_mut() {
            if state.key_id == key_id
                && state
                    .onboarding
                    .command(fulfillment_type, command)
                    .is_ok_and(|step| step.is_changed())
            {
                state.updated = self.now;
            }
        }
        self.refresh_onboardings();
    }

    /// The user's status in each of its onboardings.
    pub(super) fn user_statuses(
        &self,
        key_id: UserApiKeyId,
    ) -> impl Iterator<Item = UserStatus> + '_ {
        self.onboardings
            .values()
            .filter(move |state| state.key_id == key_id)
            .map(|state| state.onboarding.user_status().clone())
    }

    /// The scenario of the user's latest onboarding.
    pub(super) fn latest_scenario(&self, key_id: Option<UserApiKeyId>) -> Option<Scenario> {
        let key_id = key_id?;
        self.onboardings
            .values()
            .rev()
            .find(|state| state.key_id == key_id)
            .map(|state| state.scenario.clone())
    }

    /// The review after the target's acceptance is over.
    pub(super) fn finish_review(&mut self, id: OnboardingId) {
        if let Some(state) = self.onboardings.get_mut(&id) {
            state.reviewed = Some(true);
            state.updated = self.now;
        }
        self.refresh_onboardings();
    }

    /// Each onboarding's `action_required` at the current time; a change is told by callback.
    pub(super) fn refresh_onboardings(&mut self) {
        let now = self.now;
        // An ONBOARDING inquiry that expects the user keeps an onboarding not yet accepted at
        // the user (our inference: bunq documents no link between the two).
        let asked: Vec<UserApiKeyId> = self
            .user_api_keys
            .iter()
            .filter(|(_, key)| self.onboarding_inquiry_open(key.user_id).is_some())
            .map(|(key_id, _)| *key_id)
            .collect();
        let mut changed = Vec::new();
        for state in self.onboardings.values_mut() {
            let action_required = if state.reviewed.is_none() && asked.contains(&state.key_id) {
                ActionRequired::USER
            } else {
                state.action_required_at(now)
            };
            if action_required != state.action_required {
                state.action_required = action_required;
                state.updated = now;
                changed.push(onboarding_item(state));
            }
        }
        for object in changed {
            self.notify(
                &NotificationCategory::USER_ONBOARDING,
                &NotificationEvent::USER_ONBOARDING_UPDATED,
                &object,
            );
        }
    }
}

fn onboarding_item(state: &OnboardingState) -> ResponseItem {
    ResponseItem::UserOnboarding(Box::new(state.to_object()))
}
