//! Helpers of the fake's tests: a client of bunq's API and the control API, over HTTP only, as a
//! partner in any language would use them; bunq's published examples.
#![allow(dead_code)] // each test binary uses its own subset

pub mod partner;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use bunq_onboarding::Timestamp;
use bunq_onboarding::wire::JsonValue;
use bunq_onboarding_fake::{DEFAULT_PARTNER_API_KEY, Fake, Settings};

/// The fake's clock at the start of every test.
pub const START: &str = "2025-09-03 08:00:00.000000";

/// A fake on a free port, its clock at [`START`].
pub async fn fake() -> Fake {
    bunq_onboarding_fake::start(Settings {
        start: START.parse().unwrap(),
        ..Settings::default()
    })
    .await
    .unwrap()
}

/// The public half of the tests' client key, sent at installation.
pub const CLIENT_PUBLIC_KEY: &str = include_str!("../keys/client-public.pem");

/// The tests' client private key (PKCS#8 DER), to sign requests.
pub const CLIENT_PRIVATE_KEY: &[u8] = include_bytes!("../keys/client-private.pk8.der");

/// A client of one fake, as a partner's code is: one installation, the partner's session, and a
/// session per user it opened, each token sent on the paths it reaches.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    tokens: Arc<Mutex<Tokens>>,
}

/// The tokens a client holds.
#[derive(Debug, Default)]
pub struct Tokens {
    pub installation: Option<String>,
    pub partner: Option<String>,
    /// User sessions, by the ids their paths carry: the `user_api_key_id` and the user's id.
    pub users: HashMap<u64, String>,
}

/// An answer: its status and JSON body.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: JsonValue,
    pub text: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Client {
    /// A client without any token: for a fake without authentication, or to be refused.
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.to_owned(),
            tokens: Arc::default(),
        }
    }

    /// A client with bunq's API context for the partner: installation, device, session.
    pub async fn connect(base: &str) -> Self {
        let client = Self::new(base);
        let installed = client
            .post(
                "/v1/installation",
                &serde_json::json!({"client_public_key": CLIENT_PUBLIC_KEY}),
            )
            .await;
        assert_eq!(installed.status, 200, "{}", installed.text);
        client.tokens.lock().unwrap().installation = Some(
            installed.body["Response"][1]["Token"]["token"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        let device = client
            .post(
                "/v1/device-server",
                &serde_json::json!({"description": "tests", "secret": DEFAULT_PARTNER_API_KEY,
                    "permitted_ips": []}),
            )
            .await;
        assert_eq!(device.status, 200, "{}", device.text);
        let session = client
            .post(
                "/v1/session-server",
                &serde_json::json!({"secret": DEFAULT_PARTNER_API_KEY}),
            )
            .await;
        assert_eq!(session.status, 200, "{}", session.text);
        client
    }

    /// The token a request to `path` carries: the installation's for `device-server` and
    /// `session-server`, a user's on its own paths, else the partner's.
    pub fn token_for(&self, path: &str) -> Option<String> {
        let tokens = self.tokens.lock().unwrap();
        if path.starts_with("/v1/device-server") || path.starts_with("/v1/session-server") {
            return tokens.installation.clone();
        }
        let user = path
            .strip_prefix("/v1/user/")
            .or_else(|| path.strip_prefix("/v1/user-person/"))
            .and_then(|rest| rest.split(['/', '?']).next()?.parse::<u64>().ok());
        user.and_then(|id| tokens.users.get(&id).cloned())
            .or_else(|| tokens.partner.clone())
    }

    pub async fn call(&self, method: &str, path: &str, body: Option<&JsonValue>) -> Reply {
        let token = self.token_for(path);
        self.call_with(method, path, body, token.as_deref(), None)
            .await
    }

    /// A call with the token and client signature given, whatever the client holds.
    pub async fn call_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsonValue>,
        token: Option<&str>,
        signature: Option<&str>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(body);
        }
        if let Some(token) = token {
            request = request.header("X-Bunq-Client-Authentication", token);
        }
        if let Some(signature) = signature {
            request = request.header("X-Bunq-Client-Signature", signature);
        }
        let reply = Reply::from_response(request.send().await.unwrap()).await;
        if reply.status == 200 && path == "/v1/session-server" {
            self.keep_session(&reply.body);
        }
        reply
    }

    /// Uploads an attachment: the raw bytes, their content type and description.
    pub async fn upload(
        &self,
        path: &str,
        content_type: &str,
        description: &str,
        bytes: Vec<u8>,
    ) -> Reply {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Content-Type", content_type)
            .header("X-Bunq-Attachment-Description", description)
            .body(bytes);
        if let Some(token) = self.token_for(path) {
            request = request.header("X-Bunq-Client-Authentication", token);
        }
        Reply::from_response(request.send().await.unwrap()).await
    }

    /// Keeps the token of a session the fake opened: the partner's, or a user's under both of
    /// the ids its paths carry.
    fn keep_session(&self, body: &JsonValue) {
        let token = body["Response"][1]["Token"]["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut tokens = self.tokens.lock().unwrap();
        let user = &body["Response"][2];
        if user.get("UserCompany").is_some() {
            tokens.partner = Some(token);
        } else {
            let key = &user["UserApiKey"];
            for id in [&key["id"], &key["granted_by_user"]["UserPerson"]["id"]] {
                tokens.users.insert(id.as_u64().unwrap(), token.clone());
            }
        }
    }

    /// The fake's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The tokens held.
    pub fn tokens(&self) -> std::sync::MutexGuard<'_, Tokens> {
        self.tokens.lock().unwrap()
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None).await
    }

    /// `GET` of one object: the object of bunq's `Response` of exactly one.
    pub async fn read(&self, path: &str) -> JsonValue {
        only_object(&self.get(path).await.body).1
    }

    pub async fn post(&self, path: &str, body: &JsonValue) -> Reply {
        self.call("POST", path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &JsonValue) -> Reply {
        self.call("PUT", path, Some(body)).await
    }

    /// Moves the fake's clock by `seconds`; its new time.
    pub async fn advance(&self, seconds: i64) -> Timestamp {
        let reply = self
            .post(
                "/_fake/clock",
                &serde_json::json!({"advance_seconds": seconds}),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.body["now"].as_str().unwrap().parse().unwrap()
    }

    pub async fn now(&self) -> Timestamp {
        self.get("/_fake/clock").await.body["now"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Sets the scenario (the fake's defaults for every member not given).
    pub async fn set_scenario(&self, scenario: JsonValue) {
        let reply = self.call("PUT", "/_fake/scenario", Some(&scenario)).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }

    /// Sets the faults (the fake's defaults for every member not given).
    pub async fn faults(&self, faults: JsonValue) {
        let reply = self.call("PUT", "/_fake/faults", Some(&faults)).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
}

/// One of bunq's published examples (`tests/fixtures/bunq-published/` of the core crate).
pub fn published(file: &str) -> JsonValue {
    let path = format!(
        "{}/../tests/fixtures/bunq-published/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The member names of a JSON object, sorted.
pub fn names(object: &JsonValue) -> Vec<String> {
    let mut names: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

/// The type names a `Response`'s items are wrapped in, in order.
pub fn wrapped(body: &JsonValue) -> Vec<String> {
    body["Response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_object().unwrap().keys().next().unwrap().clone())
        .collect()
}

/// A fake, and a client with the partner's API context, bunq's rate limits off (tests that are
/// not about them call as fast as they like).
pub async fn connected() -> (Fake, Client) {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    client
        .faults(serde_json::json!({"rate_limits": false}))
        .await;
    (fake, client)
}

/// The one object of a `Response`, and the type name it is wrapped in.
pub fn only_object(body: &JsonValue) -> (String, JsonValue) {
    let items = body["Response"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{body}");
    let (name, object) = items[0].as_object().unwrap().iter().next().unwrap();
    (name.clone(), object.clone())
}

impl Reply {
    /// The answer of a response.
    pub async fn from_response(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(JsonValue::Null);
        Self {
            status,
            body,
            text,
            headers,
        }
    }

    /// The status and bunq's first error description of an answer.
    pub fn bunq_error(&self) -> (u16, String) {
        (
            self.status,
            self.body["Error"][0]["error_description"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    }
}

/// A user ready for onboarding: provisioned, its session started. Its `user_api_key_id`.
pub async fn user(client: &Client) -> (u64, u64) {
    let provision = client
        .post(
            "/v1/partner-user-provision",
            &serde_json::json!({"external_uuid": "f8b69bdd-0000-4000-8000-000000000001"}),
        )
        .await;
    let (_, object) = only_object(&provision.body);
    let id = object["id"].as_u64().unwrap();
    client.advance(3).await;
    let ready = client
        .get(&format!("/v1/partner-user-provision/{id}"))
        .await;
    let (_, object) = only_object(&ready.body);
    let token = object["credential"]["token_value"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = client
        .post("/v1/session-server", &serde_json::json!({"secret": token}))
        .await;
    assert_eq!(session.status, 200, "{}", session.text);
    let key = session.body["Response"][2]["UserApiKey"]["id"]
        .as_u64()
        .unwrap();
    (id, key)
}
