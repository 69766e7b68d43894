//! A partner's onboarding loop, written only against HTTP: it keeps the core crate's record of its
//! user from every answer and callback, and does what the record's next step says, until `done`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bunq_onboarding::ids::VerificationSessionId;
use bunq_onboarding::record::{AnsweredRequest, EntryToAnswer, FactCounts, Waiting, WaitingOn};
use bunq_onboarding::wire::JsonValue;
use bunq_onboarding::{Envelope, Fact, FulfillmentType, NextStep, Timestamp, UserRecord};
use serde_json::json;

use bunq_onboarding_fake::PARTNER_USER_ID;

use super::{Client, Reply, published};

/// Callbacks received by the partner's endpoint, for every user, by the provision's id or the
/// user id of the onboarding or inquiry (0 for any other).
#[derive(Clone, Debug, Default)]
pub struct Inbox(Arc<Mutex<Received>>);

/// Callbacks by `(about a provision, its id or the user's)`.
type Received = HashMap<(bool, u64), Vec<JsonValue>>;

impl Inbox {
    /// Starts the partner's callback endpoint on a free port; its URL.
    pub async fn serve(&self) -> String {
        let inbox = self.clone();
        let app = axum::Router::new().route(
            "/callbacks",
            axum::routing::post(move |body: axum::Json<JsonValue>| {
                let inbox = inbox.clone();
                async move {
                    let object = &body.0["NotificationUrl"]["object"];
                    let user = object["UserOnboarding"]["user_id"]
                        .as_u64()
                        .or_else(|| object["UserInformationInquiry"]["user_id"].as_u64());
                    let key = match object["PartnerUserProvision"]["id"].as_u64() {
                        Some(id) => (true, id),
                        None => (false, user.unwrap_or(0)),
                    };
                    inbox.0.lock().unwrap().entry(key).or_default().push(body.0);
                    axum::http::StatusCode::OK
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/callbacks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    }

    /// Starts the endpoint and has the fake send it every provision and onboarding callback;
    /// bunq's answer to the filters.
    pub async fn subscribe(&self, client: &Client) -> Reply {
        let url = self.serve().await;
        client
            .post(
                &format!("/v1/user/{PARTNER_USER_ID}/notification-filter-url"),
                &json!({"notification_filters": [
                    {"category": "PARTNER_USER_PROVISION", "notification_target": url},
                    {"category": "USER_ONBOARDING", "notification_target": url},
                    {"category": "USER_INFORMATION_INQUIRY", "notification_target": url},
                ]}),
            )
            .await
    }

    /// The event types of every callback received and not taken yet.
    pub fn events(&self) -> Vec<String> {
        let all = self.0.lock().unwrap();
        all.values()
            .flatten()
            .filter_map(|body| body["NotificationUrl"]["event_type"].as_str())
            .map(str::to_owned)
            .collect()
    }

    /// Takes the callbacks about a provision and a user.
    fn take(&self, provision: Option<u64>, user: Option<u64>) -> Vec<JsonValue> {
        let mut all = self.0.lock().unwrap();
        let mut taken = Vec::new();
        for key in [provision.map(|id| (true, id)), user.map(|id| (false, id))]
            .into_iter()
            .flatten()
        {
            taken.extend(all.remove(&key).unwrap_or_default());
        }
        taken
    }
}

/// Who moves the fake's clock: the partner itself (one user), or a ticker (many users) that
/// publishes each new time here (as Unix microseconds).
#[derive(Clone, Debug)]
pub enum Clock {
    Drive,
    Follow(Arc<AtomicI64>),
}

/// One partner's view of one user.
pub struct Partner {
    client: Client,
    inbox: Inbox,
    clock: Clock,
    now: Timestamp,
    pub record: UserRecord,
    pub counts: FactCounts,
    provision: Option<u64>,
    user: Option<u64>,
    key: Option<u64>,
    /// The credential's API key: a secret the partner keeps, the record never does.
    token: Option<String>,
    /// Answers bunq refused, other than the target's fulfillment list, `429` and `5xx`.
    pub refused: Vec<String>,
    /// `429` and `5xx` answers, retried.
    pub retried: u32,
    /// How long each request to bunq took.
    pub latencies: Vec<Duration>,
    pub steps: Vec<String>,
}

impl Partner {
    pub fn new(client: Client, inbox: Inbox, clock: Clock, now: Timestamp) -> Self {
        Self {
            client,
            inbox,
            clock,
            now,
            record: UserRecord::new(),
            counts: FactCounts::default(),
            provision: None,
            user: None,
            key: None,
            token: None,
            refused: Vec::new(),
            retried: 0,
            latencies: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// Provisions a user and onboards it; the steps taken.
    pub async fn onboard(&mut self, external_uuid: &str) -> Result<(), String> {
        let created = self
            .bunq(
                "POST",
                "/v1/partner-user-provision",
                Some(json!({"external_uuid": external_uuid})),
            )
            .await;
        self.provision = created.body["Response"][0]["PartnerUserProvision"]["id"].as_u64();
        self.follow().await
    }

    /// Does what the record's next step says until `done`: after onboarding, a partner that
    /// wakes up (bunq raised a compliance inquiry) polls bunq's inquiries first.
    pub async fn follow(&mut self) -> Result<(), String> {
        if matches!(self.clock, Clock::Drive) {
            // Time went by since the partner last looked (facts are stamped with it).
            self.now = self.client.now().await;
        }
        if self.key.is_some() {
            self.poll_inquiries().await;
        }
        // Many users wait longer for the shared clock: a limit of real time, not of steps.
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(240) {
            self.absorb_callbacks();
            let step = self.record.next_step(self.now);
            self.steps.push(step.kind().as_str().to_owned());
            match step {
                NextStep::Done => return Ok(()),
                NextStep::Stopped { .. } => return Err(format!("stopped: {step}")),
                NextStep::WaitForBunq(wait) => {
                    let seconds = if wait.on() == WaitingOn::Provision {
                        1
                    } else {
                        10
                    };
                    self.wait(seconds).await;
                    let session = match wait {
                        Waiting::Verification { session, .. } => Some(session.get()),
                        _ => None,
                    };
                    self.look(wait.on(), session).await;
                }
                NextStep::RenewCredential { call, .. } => {
                    self.bunq(&call.method, &call.path, call.body).await;
                    self.look(WaitingOn::Provision, None).await;
                }
                NextStep::StartSession { .. } => self.start_session().await,
                NextStep::AskUser {
                    asks,
                    verification_session,
                    entries,
                    ..
                } => {
                    for entry in entries {
                        self.answer(&entry).await;
                    }
                    if asks.is_empty() {
                        continue;
                    }
                    for ask in asks {
                        self.provide(
                            &ask.fulfillment_type,
                            ask.inferred_call,
                            verification_session.map(VerificationSessionId::get),
                        )
                        .await?;
                    }
                    // What was provided is no fact: bunq's next answer to the target says what
                    // is still missing.
                    if let Some(id) = self.record.ids().onboarding {
                        let path = self.path(&format!(
                            "/v1/user/{{user_api_key_id}}/user-onboarding/{id}"
                        ));
                        let target = json!({"user_status_desired": "ACTIVE", "user_verification_status_desired": "VERIFIED"});
                        self.bunq("PUT", &path, Some(target)).await;
                    }
                }
                NextStep::CreateOnboarding { call } => {
                    let path = self.path(&call.path);
                    self.bunq(&call.method, &path, call.body).await;
                    // What bunq asks at onboarding besides the fulfillments.
                    self.poll_inquiries().await;
                }
                NextStep::RequestTarget { call, .. } => {
                    let path = self.path(&call.path);
                    self.bunq(&call.method, &path, call.body).await;
                }
                other => return Err(format!("a step the loop does not know: {other}")),
            }
        }
        Err(format!(
            "not done after 240 s, {} steps; last: {}",
            self.steps.len(),
            self.record.next_step(self.now)
        ))
    }

    /// The user's `user_api_key_id`, once its session started.
    pub fn key(&self) -> Option<u64> {
        self.key
    }

    /// The provision and the onboarding, as the fake holds them.
    pub fn ids(&self) -> (Option<u64>, Option<u64>) {
        (self.provision, self.user)
    }

    async fn start_session(&mut self) {
        let Some(token) = self.token.clone() else {
            self.look(WaitingOn::Provision, None).await;
            return;
        };
        let reply = self
            .bunq("POST", "/v1/session-server", Some(json!({"secret": token})))
            .await;
        if let Some(items) = reply.body["Response"].as_array() {
            for item in items {
                if let Some(key) = item.get("UserApiKey") {
                    self.key = key["id"].as_u64();
                    self.user = key["granted_by_user"]["UserPerson"]["id"].as_u64();
                }
            }
        }
    }

    /// What the user provides for one type, by the call the record inferred.
    async fn provide(
        &mut self,
        fulfillment_type: &FulfillmentType,
        call: Option<bunq_onboarding::record::ApiCall>,
        session: Option<u64>,
    ) -> Result<(), String> {
        let call = call.ok_or_else(|| format!("no endpoint provides {fulfillment_type}"))?;
        let body = match *fulfillment_type {
            FulfillmentType::ADDRESS_MAIN => published("address-main-request.json"),
            FulfillmentType::ADDRESS_POSTAL => published("address-postal-request.json"),
            FulfillmentType::DATE_OF_BIRTH => published("user-person-name-dob-request.json"),
            // The user finished scanning (`PUT … SUBMITTED`), or a session is created.
            _ => call.body.clone().unwrap_or(JsonValue::Null),
        };
        let path = self.path(&call.path);
        let reply = self.bunq(&call.method, &path, Some(body)).await;
        if session.is_none()
            && call.method == "POST"
            && *fulfillment_type == FulfillmentType::IDENTIFICATION_VERIFICATION
            && let Some(id) = reply.body["Response"][0]["Id"]["id"].as_u64()
        {
            self.read_session(id).await;
        }
        Ok(())
    }

    /// Reads the user's compliance inquiries, as bunq's docs advise a partner to poll them.
    async fn poll_inquiries(&mut self) {
        let path = self.path("/v1/user/{user_api_key_id}/user-information-inquiry");
        self.bunq("GET", &path, None).await;
    }

    /// Answers an inquiry's entry for the user: a document entry with a scan uploaded first.
    async fn answer(&mut self, entry: &EntryToAnswer) {
        let document = entry
            .entry_type
            .as_ref()
            .is_some_and(|kind| kind.as_str().contains("DOCUMENT"));
        let mut body = json!({"answer": "Answered by the user."});
        if document {
            let path = self.path("/v1/user/{user_api_key_id}/attachment");
            let uploaded = self.upload(&path, b"%PDF-1.4 a scan".to_vec()).await;
            body["all_attachment_id"] = json!([uploaded]);
        }
        self.bunq(&entry.call.method, &self.path(&entry.call.path), Some(body))
            .await;
    }

    /// Uploads an attachment (raw bytes, not a fact for the record), retried after `429` and
    /// `5xx`; its id.
    async fn upload(&mut self, path: &str, bytes: Vec<u8>) -> u64 {
        loop {
            let started = Instant::now();
            let reply = self
                .client
                .upload(path, "application/pdf", "A scan", bytes.clone())
                .await;
            self.latencies.push(started.elapsed());
            if reply.status == 429 || reply.status >= 500 {
                self.retried += 1;
                self.wait(3).await;
                continue;
            }
            if reply.status != 200 {
                self.refused.push(format!("POST {path}: {}", reply.text));
            }
            return reply.body["Response"][0]["Id"]["id"].as_u64().unwrap_or(0);
        }
    }

    /// Reads an identity verification session.
    async fn read_session(&mut self, id: u64) {
        let key = self.key.unwrap_or_default();
        self.bunq(
            "GET",
            &format!("/v1/user/{key}/identity-verification-session/{id}"),
            None,
        )
        .await;
    }

    /// Reads what bunq is working on.
    async fn look(&mut self, on: WaitingOn, session: Option<u64>) {
        if on == WaitingOn::Provision {
            let id = self.provision.unwrap_or_default();
            self.bunq("GET", &format!("/v1/partner-user-provision/{id}"), None)
                .await;
        } else {
            if let Some(id) = self.record.ids().onboarding {
                let path = self.path(&format!(
                    "/v1/user/{{user_api_key_id}}/user-onboarding/{id}"
                ));
                self.bunq("GET", &path, None).await;
            }
            if let Some(id) = session {
                self.read_session(id).await;
            }
            self.poll_inquiries().await;
        }
    }

    fn path(&self, template: &str) -> String {
        template.replace(
            "{user_api_key_id}",
            &self.key.unwrap_or_default().to_string(),
        )
    }

    /// Time passes: the partner moves the clock, or waits for the ticker to move it.
    async fn wait(&mut self, seconds: i64) {
        match &self.clock {
            Clock::Drive => self.now = self.client.advance(seconds).await,
            Clock::Follow(time) => {
                let until = self.now.as_unix_micros() + seconds * 1_000_000;
                let mut now = time.load(Ordering::Acquire);
                while now < until {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    now = time.load(Ordering::Acquire);
                }
                self.now = Timestamp::from_unix_micros(now).unwrap();
            }
        }
    }

    /// One call to bunq, retried after `429` and `5xx`; its answer becomes a fact.
    async fn bunq(&mut self, method: &str, path: &str, body: Option<JsonValue>) -> Reply {
        loop {
            let started = Instant::now();
            let reply = self.client.call(method, path, body.as_ref()).await;
            self.latencies.push(started.elapsed());
            if reply.status == 429 || reply.status >= 500 {
                self.retried += 1;
                self.wait(3).await;
                continue;
            }
            let fulfillments =
                reply.status == 400 && reply.text.contains("AdditionalFulfillmentParameter");
            if reply.status >= 400 && !fulfillments {
                self.refused
                    .push(format!("{method} {path}: {}", reply.text));
            }
            if method != "GET" || reply.status == 200 {
                self.learn(&reply.text, Some(&format!("{method} {path}")));
            }
            if path.starts_with("/v1/partner-user-provision") {
                self.keep_token(&reply.body);
            }
            return reply;
        }
    }

    /// A body becomes facts for the record.
    fn learn(&mut self, text: &str, request: Option<&str>) {
        let Ok(envelope) = Envelope::from_json(text) else {
            return;
        };
        let request = request.map(|request| request.parse::<AnsweredRequest>().unwrap());
        for fact in Fact::read(envelope, self.now, request.as_ref()) {
            let result = self.record.apply(&fact);
            self.counts.count(&result);
        }
    }

    /// The credential's API key, from a provision body or callback.
    fn keep_token(&mut self, body: &JsonValue) {
        let object = body["Response"][0]["PartnerUserProvision"]
            .as_object()
            .or_else(|| body["NotificationUrl"]["object"]["PartnerUserProvision"].as_object());
        if let Some(token) = object
            .and_then(|object| object.get("credential"))
            .and_then(|credential| credential["token_value"].as_str())
        {
            let fresh = object
                .and_then(|object| object.get("credential"))
                .is_some_and(|credential| credential["status"] == "PENDING_FIRST_USE");
            if fresh {
                self.token = Some(token.to_owned());
            }
        }
    }

    /// Callbacks about this partner's user become facts.
    pub fn absorb_callbacks(&mut self) {
        let mine = self.inbox.take(self.provision, self.user);
        for body in mine {
            self.keep_token(&body);
            self.learn(&body.to_string(), None);
        }
    }
}
