//! The HTTP shell: bunq's routes, the control API under `/_fake`, and starting and stopping the
//! server. Every handler locks bunq's state, calls one method, and answers what it returns.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{
    DefaultBodyLimit, FromRequest, FromRequestParts, MatchedPath, Query, RawPathParams, Request,
    State,
};
use axum::http::{StatusCode, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use bunq_onboarding::{JsonValue, Timestamp};
use serde::Deserialize;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::answer::Answer;
use crate::bunq::{Bunq, Decision, Faults, Provided, Scenario, Settings};
use crate::deliver::deliver;

/// The largest request body the fake reads (bunq's bodies are a few hundred bytes).
const BODY_LIMIT: usize = 64 * 1024;

/// What the handlers share: bunq's state, the client for callbacks, and the delivery lock.
pub(crate) struct Shared {
    bunq: Mutex<Bunq>,
    pub(crate) client: reqwest::Client,
    pub(crate) delivering: tokio::sync::Mutex<()>,
}

impl Shared {
    /// bunq's state. A panic while it was locked (there is none: the state's methods do not
    /// panic) would leave it as it was, so a poisoned lock is used as it stands.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Bunq> {
        self.bunq
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
        (status, json, self.body).into_response()
    }
}

/// A request's body as JSON; anything else answered as bunq would (`400`, `413`).
struct Body(JsonValue);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Answer;

    async fn from_request(request: Request, state: &S) -> Result<Self, Answer> {
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection {
                    BytesRejection::FailedToBufferBody(_) => Answer::error(
                        413,
                        format!("The request body is larger than {BODY_LIMIT} bytes."),
                    ),
                    other => {
                        Answer::error(400, format!("The request body cannot be read: {other}."))
                    }
                })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|error| {
            Answer::error(400, format!("The request body is not valid JSON: {error}."))
        })
    }
}

/// The ids of a path, in order; a segment that is not one is bunq's `400`.
struct Ids(Vec<u64>);

impl<S: Send + Sync> FromRequestParts<S> for Ids {
    type Rejection = Answer;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Answer> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| Answer::error(400, rejection.body_text()))?;
        params
            .iter()
            .map(|(_, value)| {
                value
                    .parse()
                    .map_err(|_| Answer::error(400, format!("The id {value:?} is not an integer.")))
            })
            .collect::<Result<_, _>>()
            .map(Ids)
    }
}

impl Ids {
    fn get(&self, index: usize) -> u64 {
        self.0.get(index).copied().unwrap_or_default()
    }
}

type Handler = fn(&mut Bunq, &Ids, &JsonValue) -> Answer;

/// Runs one bunq method, then sends the callbacks it made, in the background.
fn call(shared: &Arc<Shared>, method: impl FnOnce(&mut Bunq) -> Answer) -> Answer {
    let (answer, callbacks) = {
        let mut bunq = shared.lock();
        let answer = method(&mut bunq);
        (answer, bunq.has_attempts())
    };
    if callbacks {
        let shared = Arc::clone(shared);
        tokio::spawn(async move { deliver(&shared, false).await });
    }
    answer
}

async fn with_body(
    State(shared): State<Arc<Shared>>,
    ids: Ids,
    handler: axum::extract::Extension<Handler>,
    Body(body): Body,
) -> Answer {
    call(&shared, |bunq| (handler.0)(bunq, &ids, &body))
}

async fn without_body(
    State(shared): State<Arc<Shared>>,
    ids: Ids,
    handler: axum::extract::Extension<Handler>,
) -> Answer {
    call(&shared, |bunq| (handler.0)(bunq, &ids, &JsonValue::Null))
}

/// A `GET` answered by `handler`.
fn bunq_get(handler: Handler) -> axum::routing::MethodRouter<Arc<Shared>> {
    get(without_body).layer(axum::Extension(handler))
}

/// A `POST` with a JSON body answered by `handler`.
fn bunq_post(handler: Handler) -> axum::routing::MethodRouter<Arc<Shared>> {
    post(with_body).layer(axum::Extension(handler))
}

/// A `PUT` with a JSON body answered by `handler`.
fn bunq_put(handler: Handler) -> axum::routing::MethodRouter<Arc<Shared>> {
    put(with_body).layer(axum::Extension(handler))
}

#[derive(Deserialize)]
struct ProvisionFilter {
    status: Option<String>,
    external_uuid: Option<String>,
}

async fn list_provisions(
    State(shared): State<Arc<Shared>>,
    Query(filter): Query<ProvisionFilter>,
) -> Answer {
    call(&shared, |bunq| {
        bunq.provisions(filter.status.as_deref(), filter.external_uuid.as_deref())
    })
}

/// bunq's routes.
fn bunq_routes() -> Router<Arc<Shared>> {
    let provide = |provided: Provided| -> Handler {
        match provided {
            Provided::AddressMain => |bunq, ids, _| bunq.provide(ids.get(0), Provided::AddressMain),
            Provided::AddressPostal => {
                |bunq, ids, _| bunq.provide(ids.get(0), Provided::AddressPostal)
            }
            Provided::TaxResident => |bunq, ids, _| bunq.provide(ids.get(0), Provided::TaxResident),
            _ => |bunq, ids, _| bunq.provide(ids.get(0), Provided::Nationality),
        }
    };
    Router::new()
        .route(
            "/v1/partner-user-provision",
            bunq_post(|bunq, _, body| bunq.create_provision(body)).merge(get(list_provisions)),
        )
        .route(
            "/v1/partner-user-provision/{provision}",
            bunq_get(|bunq, ids, _| bunq.provision(ids.get(0))).merge(bunq_put(
                |bunq, ids, body| bunq.update_provision(ids.get(0), body),
            )),
        )
        .route(
            "/v1/session-server",
            bunq_post(|bunq, _, body| bunq.start_session(body)),
        )
        .route(
            "/v1/user/{user}/user-onboarding",
            bunq_post(|bunq, ids, body| bunq.create_onboarding(ids.get(0), body))
                .merge(bunq_get(|bunq, ids, _| bunq.onboardings(ids.get(0)))),
        )
        .route(
            "/v1/user/{user}/user-onboarding/{onboarding}",
            bunq_get(|bunq, ids, _| bunq.onboarding(ids.get(0), ids.get(1))).merge(bunq_put(
                |bunq, ids, body| bunq.request_target(ids.get(0), ids.get(1), body),
            )),
        )
        .route(
            "/v1/user/{user}/address-main",
            bunq_post(provide(Provided::AddressMain)),
        )
        .route(
            "/v1/user/{user}/address-postal",
            bunq_post(provide(Provided::AddressPostal)),
        )
        .route(
            "/v1/user/{user}/tax-resident",
            bunq_post(provide(Provided::TaxResident)),
        )
        .route(
            "/v1/user/{user}/nationality",
            bunq_post(provide(Provided::Nationality)),
        )
        .route(
            "/v1/user-person/{user}",
            bunq_put(|bunq, ids, body| bunq.update_person(ids.get(0), body)),
        )
        .route(
            "/v1/user/{user}/identity-verification-session",
            bunq_post(|bunq, ids, body| bunq.create_session(ids.get(0), body)),
        )
        .route(
            "/v1/user/{user}/identity-verification-session/{session}",
            bunq_get(|bunq, ids, _| bunq.session(ids.get(0), ids.get(1))).merge(bunq_put(
                |bunq, ids, body| bunq.submit_session(ids.get(0), ids.get(1), body),
            )),
        )
        .route(
            "/v1/user/{user}/notification-filter-url",
            bunq_post(|bunq, ids, body| bunq.set_filters(ids.get(0), body))
                .merge(bunq_get(|bunq, ids, _| bunq.filters(ids.get(0)))),
        )
        .route(
            "/v1/user/{user}/notification-filter-failure",
            bunq_get(|bunq, _, _| bunq.failures()),
        )
}

/// bunq's rate limits and the server errors a test asked for, before any bunq route.
async fn admit(
    State(shared): State<Arc<Shared>>,
    route: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let refused = route.and_then(|route| {
        shared
            .lock()
            .admit(request.method().as_str(), route.as_str())
    });
    match refused {
        Some(answer) => answer.into_response(),
        None => next.run(request).await,
    }
}

/// The control API: the clock, the scenario, the faults, decisions, the state.
fn control_routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_fake/clock", get(clock).post(move_clock))
        .route("/_fake/scenario", get(scenario).put(set_scenario))
        .route("/_fake/faults", get(faults).put(set_faults))
        .route(
            "/_fake/verification-sessions/{session}/decision",
            post(decide),
        )
        .route("/_fake/callbacks/flush", post(flush))
        .route("/_fake/state", get(state))
}

fn control_error(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({"error": message.into()})),
    )
        .into_response()
}

async fn clock(State(shared): State<Arc<Shared>>) -> Response {
    Json(serde_json::json!({"now": shared.lock().now()})).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockMove {
    advance_seconds: Option<i64>,
    to: Option<Timestamp>,
}

/// A control request's JSON body, whatever its content type says.
#[allow(clippy::result_large_err)] // the error is the response itself, made once
fn control_body<T: serde::de::DeserializeOwned>(body: Result<Body, Answer>) -> Result<T, Response> {
    let read = match body {
        Ok(Body(body)) => serde_json::from_value(body).map_err(|error| error.to_string()),
        Err(answer) => Err(answer.json()["Error"][0]["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_owned()),
    };
    read.map_err(control_error)
}

async fn move_clock(State(shared): State<Arc<Shared>>, body: Result<Body, Answer>) -> Response {
    match control_body::<ClockMove>(body) {
        Ok(ClockMove {
            advance_seconds: Some(seconds),
            to: None,
        }) if seconds >= 0 => shared.lock().advance(seconds),
        Ok(ClockMove {
            advance_seconds: None,
            to: Some(to),
        }) => shared.lock().advance_to(to),
        Ok(_) => return control_error("give advance_seconds (not negative) or to, not both"),
        Err(refusal) => return refusal,
    }
    deliver(&shared, true).await;
    clock(State(shared)).await
}

async fn scenario(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.lock().scenario().clone()).into_response()
}

async fn set_scenario(State(shared): State<Arc<Shared>>, body: Result<Body, Answer>) -> Response {
    match control_body::<Scenario>(body) {
        Ok(scenario) => {
            shared.lock().set_scenario(scenario);
            self::scenario(State(shared)).await
        }
        Err(refusal) => refusal,
    }
}

async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.lock().faults().clone()).into_response()
}

async fn set_faults(State(shared): State<Arc<Shared>>, body: Result<Body, Answer>) -> Response {
    match control_body::<Faults>(body) {
        Ok(faults) => {
            shared.lock().set_faults(faults);
            self::faults(State(shared)).await
        }
        Err(refusal) => refusal,
    }
}

#[derive(Deserialize)]
struct DecisionRequest {
    decision: Decision,
}

async fn decide(
    State(shared): State<Arc<Shared>>,
    ids: Ids,
    body: Result<Body, Answer>,
) -> Response {
    let request = match control_body::<DecisionRequest>(body) {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    if !shared.lock().decide(ids.get(0), request.decision) {
        return control_error("no submitted session with that id");
    }
    deliver(&shared, true).await;
    state(State(shared)).await
}

async fn flush(State(shared): State<Arc<Shared>>) -> Response {
    deliver(&shared, true).await;
    StatusCode::NO_CONTENT.into_response()
}

async fn state(State(shared): State<Arc<Shared>>) -> Response {
    Json(shared.lock().state()).into_response()
}

/// Everything else: bunq's `404` (and `405` for a known path's other methods).
async fn not_found() -> Answer {
    Answer::error(404, "The route is not known.")
}

async fn method_not_allowed() -> Answer {
    Answer::error(405, "The method is not allowed on this route.")
}

fn app(shared: Arc<Shared>) -> Router {
    bunq_routes()
        .route_layer(middleware::from_fn_with_state(Arc::clone(&shared), admit))
        .merge(control_routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared)
}

/// A running fake: its address, its control, and how to stop it.
#[derive(Debug)]
pub struct Fake {
    base_url: String,
    control: Control,
    stop: oneshot::Sender<()>,
    server: JoinHandle<std::io::Result<()>>,
}

impl Fake {
    /// `http://127.0.0.1:PORT`: point the partner's base URL here.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The control of the fake, from Rust.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Stops the server, letting requests under way finish.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.server.await;
    }
}

/// The control of a running fake from Rust: the same as its HTTP control API.
#[derive(Clone)]
pub struct Control {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control").field("now", &self.now()).finish()
    }
}

impl Control {
    /// The virtual clock.
    pub fn now(&self) -> Timestamp {
        self.shared.lock().now()
    }

    /// Moves the clock by `seconds`, runs what fell due, and delivers the callbacks it made.
    pub async fn advance(&self, seconds: i64) {
        self.shared.lock().advance(seconds);
        deliver(&self.shared, true).await;
    }

    /// Sets the scenario of onboardings created from now on.
    pub fn set_scenario(&self, scenario: Scenario) {
        self.shared.lock().set_scenario(scenario);
    }

    /// Sets the faults.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.lock().set_faults(faults);
    }

    /// Decides a submitted identity verification; `false` when there is no such session.
    pub async fn decide(&self, session: u64, decision: Decision) -> bool {
        let decided = self.shared.lock().decide(session, decision);
        deliver(&self.shared, true).await;
        decided
    }

    /// Delivers every callback waiting (the held ones too) and waits for them.
    pub async fn flush(&self) {
        deliver(&self.shared, true).await;
    }

    /// Reads bunq's state.
    pub fn with_bunq<T>(&self, read: impl FnOnce(&Bunq) -> T) -> T {
        read(&self.shared.lock())
    }
}

/// Starts a fake on a free port of 127.0.0.1.
///
/// # Errors
/// When no port can be bound.
pub async fn start(settings: Settings) -> std::io::Result<Fake> {
    start_on(SocketAddr::from(([127, 0, 0, 1], 0)), settings).await
}

/// Starts a fake on `address`.
///
/// # Errors
/// When the address cannot be bound.
pub async fn start_on(address: SocketAddr, settings: Settings) -> std::io::Result<Fake> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    let address = listener.local_addr()?;
    let shared = Arc::new(Shared {
        bunq: Mutex::new(Bunq::new(settings)),
        client: reqwest::Client::new(),
        delivering: tokio::sync::Mutex::new(()),
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let router = app(Arc::clone(&shared));
    let server = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(Fake {
        base_url: format!("http://{address}"),
        control: Control { shared },
        stop,
        server,
    })
}
