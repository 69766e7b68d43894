//! bunq's side, as data: provisions, users, onboardings, verification sessions, callbacks, a
//! virtual clock and the faults a test asks for. No I/O: every request is a method that returns
//! an [`Answer`]; callbacks to send come out as [`Attempt`]s, and their results go back in. The
//! HTTP server and the delivery of callbacks are a thin shell around it.

mod accounts;
mod attachments;
mod callbacks;
mod context;
mod inquiries;
mod oauth;
mod onboardings;
mod provisions;
mod verifications;

use std::collections::BTreeMap;

use bunq_onboarding::ids::{
    CredentialId, InquiryId, OnboardingId, ProvisionId, UserApiKeyId, VerificationSessionId,
};
use bunq_onboarding::standin::Requirement;
use bunq_onboarding::vocabulary::WaitingType;
use bunq_onboarding::wire::{JsonValue, ResponseItem};
use bunq_onboarding::{FulfillmentStatus, FulfillmentType, Policy, SharedText, Timestamp};
use serde::{Deserialize, Serialize};

pub use attachments::ATTACHMENT_LIMIT;
pub use callbacks::{Attempt, Failure, Undelivered};
pub use context::{Access, Caller, Credentials, PARTNER_USER_ID};
pub use inquiries::{EntryDecision, EntryRequest, InquiryFilter, InquiryRequest};
pub(crate) use onboardings::Provided;

use crate::answer::Answer;
use callbacks::{Delivery, Filter};
use onboardings::OnboardingState;
use provisions::{Provision, UserApiKey};
use verifications::Session;

/// How the fake behaves, fixed when it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The virtual clock's start.
    pub start: Timestamp,
    /// Seconds between a provision's steps (`PENDING_PROCESS_USER` → … →
    /// `PENDING_PROCESS_USER_ONBOARDING`).
    pub provision_step_seconds: i64,
    /// How long a credential waits for its first use (bunq: 1 h in the sandbox).
    pub credential_lifetime_seconds: i64,
    /// Seconds between a failed callback and its retry (bunq: a minute).
    pub callback_retry_seconds: i64,
    /// How many times a failed callback is retried (bunq: up to 5).
    pub callback_retries: u32,
    /// The partner's own API key: its sessions reach the partner's endpoints.
    pub partner_api_key: String,
    /// How long a session lasts, in seconds of the virtual clock (the users' `session_timeout`;
    /// bunq's SDKs assume a week).
    pub session_timeout_seconds: i64,
    /// Whether calls need bunq's API context (installation, device, session tokens). Off, every
    /// route answers without a token, as before a partner has keys.
    pub authentication: bool,
    /// Whether successful answers carry `X-Bunq-Server-Signature`.
    pub signatures: bool,
}

/// The partner's API key when the settings give none. It opens a session on the fake only.
pub const DEFAULT_PARTNER_API_KEY: &str = "fake-partner-api-key";

impl Default for Settings {
    fn default() -> Self {
        Self {
            start: Timestamp::MIN,
            provision_step_seconds: 1,
            credential_lifetime_seconds: 3_600,
            callback_retry_seconds: 60,
            callback_retries: 5,
            partner_api_key: DEFAULT_PARTNER_API_KEY.to_owned(),
            session_timeout_seconds: 7 * 24 * 3_600,
            authentication: true,
            signatures: true,
        }
    }
}

/// One fulfillment an onboarding requires, as the control API takes it: the core's
/// [`Requirement`] with a deadline relative to the onboarding's creation, read with bunq's field
/// name `type`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRequirement {
    /// The type.
    #[serde(rename = "type")]
    pub fulfillment_type: FulfillmentType,
    /// The statuses that satisfy it.
    pub all_status_allowed: Vec<FulfillmentStatus>,
    /// Seconds after the onboarding's creation when it becomes mandatory; `None`: at once.
    #[serde(default)]
    pub due_in_seconds: Option<i64>,
    /// The reason shown to the user.
    #[serde(default)]
    pub reason: SharedText,
}

impl ScenarioRequirement {
    /// The requirement of an onboarding created at `created`.
    pub fn at(&self, created: Timestamp) -> Requirement {
        Requirement {
            fulfillment_type: self.fulfillment_type.clone(),
            all_status_allowed: self.all_status_allowed.iter().cloned().collect(),
            time_mandatory: self.due_in_seconds.map(|seconds| after(created, seconds)),
            reason: self.reason.clone(),
        }
    }
}

/// What bunq decides about an identity verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// `APPROVED` once processed.
    Approve,
    /// `REJECTED` once processed: the user has to verify again.
    Reject,
    /// Undecided until the control API decides.
    Wait,
}

/// What the onboardings created from now on require, and how bunq decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// The fulfillments the target needs (default: bunq's published six).
    pub requirements: Vec<ScenarioRequirement>,
    /// The types already fulfilled when the onboarding is created (default: `EMAIL` and
    /// `PHONE_NUMBER`, given at provisioning).
    pub fulfilled_at_start: Vec<FulfillmentType>,
    /// Which type each data endpoint provides, besides the inferred ones (`address-main` →
    /// `ADDRESS_MAIN`, `address-postal` → `ADDRESS_POSTAL`, `user-person` with a date of birth →
    /// `DATE_OF_BIRTH`): bunq does not publish the types of `tax-resident` and `nationality`.
    pub endpoints: BTreeMap<String, FulfillmentType>,
    /// The decision on identity verifications.
    pub verification: Decision,
    /// Seconds bunq takes to process a submitted identity verification.
    pub verification_seconds: i64,
    /// Seconds bunq takes to review an onboarding after accepting its target.
    pub review_seconds: i64,
    /// How bunq reviews it.
    pub waiting_type: WaitingType,
    /// A compliance inquiry bunq raises when an onboarding is created (`None`: none).
    pub onboarding_inquiry: Option<InquiryRequest>,
}

impl Scenario {
    /// The rows an onboarding created at `created` needs.
    pub fn policy_at(&self, created: Timestamp) -> Policy {
        Policy {
            requirements: self
                .requirements
                .iter()
                .map(|requirement| requirement.at(created))
                .collect(),
        }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        let requirements = bunq_onboarding::Policy::default()
            .requirements
            .into_iter()
            .map(|requirement| ScenarioRequirement {
                fulfillment_type: requirement.fulfillment_type,
                all_status_allowed: requirement.all_status_allowed.iter().cloned().collect(),
                due_in_seconds: None,
                reason: requirement.reason,
            })
            .collect();
        Self {
            requirements,
            fulfilled_at_start: vec![FulfillmentType::EMAIL, FulfillmentType::PHONE_NUMBER],
            endpoints: BTreeMap::new(),
            verification: Decision::Approve,
            verification_seconds: 60,
            review_seconds: 60,
            waiting_type: WaitingType::AUTOMATED,
            onboarding_inquiry: None,
        }
    }
}

/// The faults a test turns on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Each callback is delivered this many times (1: once).
    pub deliveries_per_callback: u32,
    /// Callbacks are held until the clock moves (or a flush), then delivered newest first.
    pub out_of_order: bool,
    /// The first attempts of each callback fail (bunq then retries a minute later).
    pub failed_first_attempts: u32,
    /// bunq's rate limits (per endpoint, per 3 s of the virtual clock: 3 `GET`, 5 `POST`,
    /// 2 `PUT`), answered `429`.
    pub rate_limits: bool,
    /// The next requests answered with `server_error_status`.
    pub server_errors: u32,
    /// The status of those answers (`500`, `503`…).
    pub server_error_status: u16,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            deliveries_per_callback: 1,
            out_of_order: false,
            failed_first_attempts: 0,
            rate_limits: true,
            server_errors: 0,
            server_error_status: 503,
        }
    }
}

/// Something due at a time of the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Job {
    ProvisionStep(ProvisionId),
    CredentialExpires {
        provision: ProvisionId,
        credential: CredentialId,
    },
    ProvisionClosed(ProvisionId),
    Verification(VerificationSessionId),
    Review(OnboardingId),
    Attempt(u64),
}

/// Ids of each kind, counting from bunq-looking numbers.
#[derive(Debug)]
struct Counters {
    provision: u64,
    /// Users and their API keys share one sequence, as in bunq's published answers (user 1363,
    /// its key 1364): `user-person/{id}` can then take either.
    user: u64,
    installation: u64,
    device: u64,
    oauth_client: u64,
    inquiry: u64,
    inquiry_entry: u64,
    attachment: u64,
    credential: u64,
    onboarding: u64,
    session: u64,
    verification: u64,
    object: u64,
    delivery: u64,
    failure: u64,
    job: u64,
}

impl Counters {
    /// The next id of a kind: `Counters::next::<ProvisionId>(&mut ids.provision)`.
    fn next<Id: From<u64>>(counter: &mut u64) -> Id {
        *counter += 1;
        Id::from(*counter)
    }
}

/// bunq, faked: everything the partner's requests and the clock change.
#[derive(Debug)]
pub struct Bunq {
    settings: Settings,
    scenario: Scenario,
    faults: Faults,
    now: Timestamp,
    ids: Counters,
    provisions: BTreeMap<ProvisionId, Provision>,
    user_api_keys: BTreeMap<UserApiKeyId, UserApiKey>,
    installations: BTreeMap<String, context::Installation>,
    api_sessions: BTreeMap<String, context::Session>,
    oauth_clients: BTreeMap<u64, oauth::OauthClient>,
    inquiries: BTreeMap<InquiryId, inquiries::Inquiry>,
    attachments: BTreeMap<u64, attachments::Attachment>,
    onboardings: BTreeMap<OnboardingId, OnboardingState>,
    sessions: BTreeMap<VerificationSessionId, Session>,
    filters: BTreeMap<UserApiKeyId, Vec<Filter>>,
    deliveries: BTreeMap<u64, Delivery>,
    failures: BTreeMap<u64, Failure>,
    held: Vec<Attempt>,
    ready: Vec<Attempt>,
    jobs: BTreeMap<(Timestamp, u64), Job>,
    requests: BTreeMap<(String, String, i64), u32>,
}

impl Bunq {
    /// A fake with no users, its clock at `settings.start`.
    pub fn new(settings: Settings) -> Self {
        Self {
            now: settings.start,
            settings,
            scenario: Scenario::default(),
            faults: Faults::default(),
            ids: Counters {
                provision: 0,
                user: 1_362,
                installation: 0,
                device: 41,
                oauth_client: 122,
                inquiry: 1_000,
                inquiry_entry: 2_000,
                attachment: 1_000,
                credential: 2_412_202,
                onboarding: 259,
                session: 2_172,
                verification: 35,
                object: 0,
                delivery: 0,
                failure: 12_300,
                job: 0,
            },
            provisions: BTreeMap::new(),
            user_api_keys: BTreeMap::new(),
            installations: BTreeMap::new(),
            api_sessions: BTreeMap::new(),
            oauth_clients: BTreeMap::new(),
            inquiries: BTreeMap::new(),
            attachments: BTreeMap::new(),
            onboardings: BTreeMap::new(),
            sessions: BTreeMap::new(),
            filters: BTreeMap::new(),
            deliveries: BTreeMap::new(),
            failures: BTreeMap::new(),
            held: Vec::new(),
            ready: Vec::new(),
            jobs: BTreeMap::new(),
            requests: BTreeMap::new(),
        }
    }

    /// The virtual clock.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// The scenario of onboardings created from now on.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Sets the scenario of onboardings created from now on.
    pub fn set_scenario(&mut self, scenario: Scenario) {
        self.scenario = scenario;
    }

    /// The faults on.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Sets the faults.
    pub fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
    }

    /// Moves the clock to `to` (never back), doing everything due on the way, in time order.
    pub fn advance_to(&mut self, to: Timestamp) {
        while let Some(entry) = self.jobs.first_entry() {
            let (due, _) = *entry.key();
            if due > to {
                break;
            }
            let job = entry.remove();
            self.now = self.now.max(due);
            self.run(job);
        }
        self.now = self.now.max(to);
        self.refresh_onboardings();
        self.release_held();
    }

    /// Moves the clock by `seconds`.
    pub fn advance(&mut self, seconds: i64) {
        self.advance_to(after(self.now, seconds));
    }

    fn run(&mut self, job: Job) {
        match job {
            Job::ProvisionStep(id) => self.provision_step(id),
            Job::CredentialExpires {
                provision,
                credential,
            } => self.credential_expires(provision, credential),
            Job::ProvisionClosed(id) => self.provision_closed(id),
            Job::Verification(id) => {
                let decision = self.scenario_of_session(id).verification;
                if decision != Decision::Wait {
                    self.process_verification(id, decision == Decision::Approve);
                }
            }
            Job::Review(id) => self.finish_review(id),
            Job::Attempt(id) => self.dispatch(id),
        }
        self.refresh_onboardings();
    }

    fn schedule(&mut self, at: Timestamp, job: Job) {
        let sequence = Counters::next(&mut self.ids.job);
        self.jobs.insert((at, sequence), job);
    }

    /// Whether a request may go on: `None`, or the fault's answer (`429`, `5xx`).
    pub fn admit(&mut self, method: &str, route: &str) -> Option<Answer> {
        if self.faults.server_errors > 0 {
            self.faults.server_errors -= 1;
            let status = self.faults.server_error_status;
            return Some(Answer::error(
                status,
                "The service is unavailable. Please try again later.",
            ));
        }
        if !self.faults.rate_limits {
            return None;
        }
        let limit = match method {
            "GET" => 3,
            "POST" => 5,
            "PUT" => 2,
            _ => return None,
        };
        let window = self.now.as_unix_micros().div_euclid(3_000_000);
        let count = self
            .requests
            .entry((method.to_owned(), route.to_owned(), window))
            .or_insert(0);
        *count += 1;
        if *count > limit {
            return Some(Answer::error(
                429,
                format!(
                    "Too many requests. You can do a maximum of {limit} {method} calls per 3 second to this endpoint."
                ),
            ));
        }
        // Windows that are over are forgotten.
        self.requests.retain(|(_, _, at), _| *at >= window);
        None
    }

    /// Everything the fake holds, for a test to look at.
    pub fn state(&self) -> JsonValue {
        serde_json::json!({
            "now": self.now,
            "provisions": self.provisions.values().map(Provision::to_object).collect::<Vec<_>>(),
            "onboardings": self.onboardings.values().map(OnboardingState::to_state).collect::<Vec<_>>(),
            "verification_sessions": self.sessions.values().map(Session::to_object).collect::<Vec<_>>(),
            "pending_callbacks": self.deliveries.len() + self.held.len() + self.ready.len(),
            "failed_callbacks": self.failures.len(),
            "inquiries": self.inquiries.len(),
            "attachments": self.attachments.len(),
        })
    }
}

/// `seconds` after `time`; the clock stops at the last instant bunq's format can write.
pub(crate) fn after(time: Timestamp, seconds: i64) -> Timestamp {
    let micros = time
        .as_unix_micros()
        .saturating_add(seconds.saturating_mul(1_000_000));
    Timestamp::from_unix_micros(micros).unwrap_or(Timestamp::MAX)
}

/// Whether `value` is one of a list filter's values (bunq's spec: separated by commas), or there is
/// no filter.
pub(crate) fn one_of(filter: Option<&str>, value: &str) -> bool {
    filter.is_none_or(|values| values.split(',').any(|one| one == value))
}

/// Text a request did not say, or said wrong: bunq's `400`.
pub(crate) fn bad_request(description: impl Into<String>) -> Answer {
    Answer::error(400, description)
}

/// An object a user's API key reaches: found by its id and its key at once.
pub(crate) trait Owned {
    /// What bunq calls it in a `404`.
    const WHAT: &'static str;

    /// The key of the user it belongs to.
    fn key_id(&self) -> UserApiKeyId;
}

/// The object `id` of the user of `key_id`, or bunq's `404`: another user's object is not found
/// either.
#[allow(clippy::result_large_err)] // the error is the answer itself
pub(crate) fn owned<'a, K: Ord, T: Owned>(
    map: &'a BTreeMap<K, T>,
    id: &K,
    key_id: UserApiKeyId,
) -> Result<&'a T, Answer> {
    map.get(id)
        .filter(|object| object.key_id() == key_id)
        .ok_or_else(|| not_found(T::WHAT))
}

/// As [`owned`], to change it.
#[allow(clippy::result_large_err)] // the error is the answer itself
pub(crate) fn owned_mut<'a, K: Ord, T: Owned>(
    map: &'a mut BTreeMap<K, T>,
    id: &K,
    key_id: UserApiKeyId,
) -> Result<&'a mut T, Answer> {
    map.get_mut(id)
        .filter(|object| object.key_id() == key_id)
        .ok_or_else(|| not_found(T::WHAT))
}

/// One of bunq's objects that the core crate does not model, as a `Response` item.
pub(crate) fn object(name: &str, value: JsonValue) -> ResponseItem {
    ResponseItem::Other(bunq_onboarding::wire::OtherObject {
        name: name.to_owned(),
        value,
    })
}

pub(crate) fn not_found(what: &str) -> Answer {
    Answer::error(404, format!("{what} not found."))
}
