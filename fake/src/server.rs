//! The HTTP shell: bunq's routes, the control API under `/_fake`, and starting and stopping the
//! server. Every handler locks bunq's state, calls one method, and answers what it returns.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{
    DefaultBodyLimit, FromRequest, FromRequestParts, MatchedPath, Path, Query, RawPathParams,
    Request, State,
};
use axum::http::{StatusCode, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on, post};
use axum::{Json, Router};
use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::{UserApiKeyId, VerificationSessionId};
use bunq_onboarding::wire::JsonValue;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::answer::Answer;
use crate::bunq::{Bunq, Decision, Faults, Provided, Scenario, Settings};
use crate::deliver::deliver;
use crate::shared::Shared;

/// The largest request body the fake reads (bunq's bodies are a few hundred bytes).
const BODY_LIMIT: usize = 64 * 1024;

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let json = [(axum::http::header::CONTENT_TYPE, "application/json")];
        (status, json, self.body).into_response()
    }
}

/// A request's body as JSON.
struct Body(JsonValue);

/// A body that is not JSON, or too large: bunq answers it with its `Error` (`400`, `413`); the
/// control API with its own `{"error"}`.
struct BodyRefused {
    status: u16,
    message: String,
}

impl IntoResponse for BodyRefused {
    fn into_response(self) -> Response {
        Answer::error(self.status, self.message).into_response()
    }
}

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = BodyRefused;

    async fn from_request(request: Request, state: &S) -> Result<Self, BodyRefused> {
        let refused = |status, message| BodyRefused { status, message };
        let bytes =
            Bytes::from_request(request, state)
                .await
                .map_err(|rejection| match rejection {
                    BytesRejection::FailedToBufferBody(_) => refused(
                        413,
                        format!("The request body is larger than {BODY_LIMIT} bytes."),
                    ),
                    other => refused(400, format!("The request body cannot be read: {other}.")),
                })?;
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|error| refused(400, format!("The request body is not valid JSON: {error}.")))
    }
}

/// The ids of a path, typed (`UserApiKeyId`, or `(UserApiKeyId, OnboardingId)`…); a segment that is
/// not an integer is bunq's `400`.
struct PathIds<T>(T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathIds<T> {
    type Rejection = Answer;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Answer> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| Answer::error(400, rejection.body_text()))?;
        if let Some((_, value)) = params
            .iter()
            .find(|(_, value)| value.parse::<u64>().is_err())
        {
            return Err(Answer::error(
                400,
                format!("The id {value:?} is not an integer."),
            ));
        }
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(ids)| Self(ids))
            .map_err(|rejection| Answer::error(400, rejection.body_text()))
    }
}

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

/// A `GET` of the object the path names, answered by `read`.
fn bunq_get<P>(read: fn(&Bunq, P) -> Answer) -> MethodRouter<Arc<Shared>>
where
    P: DeserializeOwned + Send + 'static,
{
    get(
        move |State(shared): State<Arc<Shared>>, PathIds(ids): PathIds<P>| async move {
            call(&shared, |bunq| read(bunq, ids))
        },
    )
}

/// A request with a JSON body (`POST`, `PUT`) to the object the path names, answered by
/// `handle`.
fn bunq_send<P>(
    method: MethodFilter,
    handle: fn(&mut Bunq, P, &JsonValue) -> Answer,
) -> MethodRouter<Arc<Shared>>
where
    P: DeserializeOwned + Send + 'static,
{
    on(
        method,
        move |State(shared): State<Arc<Shared>>, PathIds(ids): PathIds<P>, Body(body): Body| async move {
            call(&shared, |bunq| handle(bunq, ids, &body))
        },
    )
}

/// A `POST` to a data endpoint: what it provides is fulfilled.
fn bunq_provide(provided: Provided) -> MethodRouter<Arc<Shared>> {
    post(
        move |State(shared): State<Arc<Shared>>,
              PathIds(key): PathIds<UserApiKeyId>,
              Body(_): Body| async move { call(&shared, |bunq| bunq.provide(key, provided)) },
    )
}

/// A `POST` with a JSON body, to a path without ids.
fn bunq_post_plain(handle: fn(&mut Bunq, &JsonValue) -> Answer) -> MethodRouter<Arc<Shared>> {
    post(
        move |State(shared): State<Arc<Shared>>, Body(body): Body| async move {
            call(&shared, |bunq| handle(bunq, &body))
        },
    )
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

/// bunq's routes, each with the typed ids of its path.
fn bunq_routes() -> Router<Arc<Shared>> {
    use MethodFilter as M;
    let data_endpoints = Provided::POSTED
        .into_iter()
        .fold(Router::new(), |router, provided| {
            let path = format!("/v1/user/{{user}}/{}", provided.endpoint());
            router.route(&path, bunq_provide(provided))
        });
    data_endpoints
        .route(
            "/v1/partner-user-provision",
            bunq_post_plain(Bunq::create_provision).merge(get(list_provisions)),
        )
        .route(
            "/v1/partner-user-provision/{provision}",
            bunq_get(Bunq::provision).merge(bunq_send(M::PUT, Bunq::update_provision)),
        )
        .route("/v1/session-server", bunq_post_plain(Bunq::start_session))
        .route(
            "/v1/user/{user}/user-onboarding",
            bunq_send(M::POST, Bunq::create_onboarding).merge(bunq_get(Bunq::onboardings)),
        )
        .route(
            "/v1/user/{user}/user-onboarding/{onboarding}",
            bunq_get(|bunq, (key, id)| bunq.onboarding(key, id))
                .merge(bunq_send(M::PUT, |bunq, (key, id), body| {
                    bunq.request_target(key, id, body)
                })),
        )
        .route(
            "/v1/user-person/{user}",
            bunq_send(M::PUT, Bunq::update_person),
        )
        .route(
            "/v1/user/{user}/identity-verification-session",
            bunq_send(M::POST, Bunq::create_session),
        )
        .route(
            "/v1/user/{user}/identity-verification-session/{session}",
            bunq_get(|bunq, (key, id)| bunq.session(key, id))
                .merge(bunq_send(M::PUT, |bunq, (key, id), body| {
                    bunq.submit_session(key, id, body)
                })),
        )
        .route(
            "/v1/user/{user}/notification-filter-url",
            bunq_send(M::POST, Bunq::set_filters).merge(bunq_get(Bunq::filters)),
        )
        .route(
            "/v1/user/{user}/notification-filter-failure",
            bunq_get(|bunq, _: UserApiKeyId| bunq.failures()),
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
fn control_body<T: DeserializeOwned>(body: Result<Body, BodyRefused>) -> Result<T, Response> {
    let read = match body {
        Ok(Body(body)) => serde_json::from_value(body).map_err(|error| error.to_string()),
        Err(refused) => Err(refused.message),
    };
    read.map_err(control_error)
}

async fn move_clock(
    State(shared): State<Arc<Shared>>,
    body: Result<Body, BodyRefused>,
) -> Response {
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

async fn set_scenario(
    State(shared): State<Arc<Shared>>,
    body: Result<Body, BodyRefused>,
) -> Response {
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

async fn set_faults(
    State(shared): State<Arc<Shared>>,
    body: Result<Body, BodyRefused>,
) -> Response {
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
    PathIds(session): PathIds<VerificationSessionId>,
    body: Result<Body, BodyRefused>,
) -> Response {
    let request = match control_body::<DecisionRequest>(body) {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    if !shared.lock().decide(session, request.decision) {
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
    pub async fn decide(&self, session: VerificationSessionId, decision: Decision) -> bool {
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
