//! Helpers of the fake's tests: a client of bunq's API and the control API, over HTTP only, as a
//! partner in any language would use them; bunq's published examples.
#![allow(dead_code)] // each test binary uses its own subset

pub mod partner;

use bunq_onboarding::Timestamp;
use bunq_onboarding::wire::JsonValue;
use bunq_onboarding_fake::{Fake, Settings};

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

/// A client of one fake.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

/// An answer: its status and JSON body.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: JsonValue,
    pub text: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.to_owned(),
        }
    }

    pub async fn call(&self, method: &str, path: &str, body: Option<&JsonValue>) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(JsonValue::Null);
        Reply { status, body, text }
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

/// The one object of a `Response`, and the type name it is wrapped in.
pub fn only_object(body: &JsonValue) -> (String, JsonValue) {
    let items = body["Response"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{body}");
    let (name, object) = items[0].as_object().unwrap().iter().next().unwrap();
    (name.clone(), object.clone())
}

impl Reply {
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
