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
use axum::http::{HeaderMap, HeaderValue, StatusCode, request::Parts};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, get, on, post};
use axum::{Json, Router};
use bunq_onboarding::Timestamp;
use bunq_onboarding::ids::{
    InquiryEntryId, InquiryId, UserApiKeyId, UserId, VerificationSessionId,
};
use bunq_onboarding::wire::JsonValue;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::answer::Answer;
use crate::bunq::{
    ATTACHMENT_LIMIT, Access, Bunq, Caller, Credentials, Decision, EntryDecision, Faults,
    InquiryFilter, InquiryRequest, Provided, Scenario, Settings,
};
use crate::deliver::deliver;
use crate::shared::Shared;
use crate::signing::ServerKey;

/// The header of the session or installation token.
const AUTHENTICATION: &str = "x-bunq-client-authentication";
/// The header of the client's signature of the request body.
const CLIENT_SIGNATURE: &str = "x-bunq-client-signature";
/// The header of bunq's signature of the answer body.
const SERVER_SIGNATURE: &str = "x-bunq-server-signature";
/// The header that names each answer.
const RESPONSE_ID: &str = "x-bunq-client-response-id";

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
                    BytesRejection::FailedToBufferBody(_) => refused(413, too_large()),
                    other => refused(400, format!("The request body cannot be read: {other}.")),
                })?;
        serde_json::from_slice(&bytes)
            .map(Body)
            .map_err(|error| refused(400, format!("The request body is not valid JSON: {error}.")))
    }
}

fn not_an_integer(value: &str) -> Answer {
    Answer::error(400, format!("The id {value:?} is not an integer."))
}

fn too_large() -> String {
    format!("The request body is larger than {BODY_LIMIT} bytes.")
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
            return Err(not_an_integer(value));
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

async fn list_inquiries(
    State(shared): State<Arc<Shared>>,
    PathIds(key): PathIds<UserApiKeyId>,
    Query(filter): Query<InquiryFilter>,
) -> Answer {
    call(&shared, |bunq| bunq.list_inquiries(key, &filter))
}

/// `POST /v1/user/{user_api_key_id}/attachment`: the raw bytes of a file, not JSON.
async fn upload_attachment(
    State(shared): State<Arc<Shared>>,
    PathIds(key): PathIds<UserApiKeyId>,
    headers: HeaderMap,
    request: Request,
) -> Answer {
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), ATTACHMENT_LIMIT).await else {
        return Answer::error(
            413,
            format!("The attachment is larger than {ATTACHMENT_LIMIT} bytes."),
        );
    };
    let content_type = header(&headers, "content-type");
    let description = header(&headers, "x-bunq-attachment-description");
    call(&shared, |bunq| {
        bunq.upload_attachment(key, content_type, description, &bytes)
    })
}

async fn oauth_clients(State(shared): State<Arc<Shared>>) -> Answer {
    call(&shared, |bunq| bunq.oauth_clients())
}

async fn list_provisions(
    State(shared): State<Arc<Shared>>,
    Query(filter): Query<ProvisionFilter>,
) -> Answer {
    call(&shared, |bunq| {
        bunq.provisions(filter.status.as_deref(), filter.external_uuid.as_deref())
    })
}

/// `POST /v1/session-server`: the session is tied to the installation whose token made it.
async fn start_session(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Body(body): Body,
) -> Answer {
    let installation = header(&headers, AUTHENTICATION);
    call(&shared, |bunq| bunq.start_session(installation, &body))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// What a bunq route asks of its caller, by its path.
fn access_of(route: &str, user: Option<u64>) -> Access {
    match (route, user) {
        ("/v1/installation", _) => Access::Open,
        ("/v1/device-server" | "/v1/session-server", _) => Access::Installation,
        (_, Some(id)) if route.starts_with("/v1/user-person/") => Access::Person(id),
        (_, Some(id)) => Access::UserPath(id),
        (_, None) => Access::Partner,
    }
}

/// bunq's API context, before any bunq route: the token the route needs, the caller's reach,
/// and the client's signature when one is sent. The caller goes on as a request extension.
async fn authenticate(
    State(shared): State<Arc<Shared>>,
    route: MatchedPath,
    params: RawPathParams,
    request: Request,
    next: Next,
) -> Response {
    if !shared.authentication {
        return next.run(request).await;
    }
    let user = match params.iter().find(|(name, _)| *name == "user") {
        None => None,
        Some((_, value)) => match value.parse::<u64>() {
            Ok(id) => Some(id),
            Err(_) => return not_an_integer(value).into_response(),
        },
    };
    let access = access_of(route.as_str(), user);
    let headers = request.headers();
    let token = header(headers, AUTHENTICATION).map(str::to_owned);
    let signature = header(headers, CLIENT_SIGNATURE).map(str::to_owned);
    let (request, body) = match signature {
        Some(_) => {
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, ATTACHMENT_LIMIT).await {
                Ok(bytes) => (
                    Request::from_parts(parts, axum::body::Body::from(bytes.clone())),
                    bytes,
                ),
                Err(_) => return Answer::error(413, too_large()).into_response(),
            }
        }
        None => (request, Bytes::new()),
    };
    let checked = shared.lock().authenticate(
        access,
        Credentials {
            token: token.as_deref(),
            signature: signature.as_deref().map(|signature| (signature, &body[..])),
        },
    );
    match checked {
        Ok(caller) => {
            let mut request = request;
            if let Some(caller) = caller {
                request.extensions_mut().insert::<Caller>(caller);
            }
            next.run(request).await
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// Every answer of a bunq route is named (`X-Bunq-Client-Response-Id`); a successful one is
/// signed (`X-Bunq-Server-Signature` over its body), outside the lock on bunq's state.
async fn sign(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/_fake/") {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    if let Ok(id) = HeaderValue::from_str(&shared.response_id()) {
        parts.headers.insert(RESPONSE_ID, id);
    }
    let Some(key) = shared
        .server_key
        .as_ref()
        .filter(|_| parts.status == StatusCode::OK)
    else {
        return Response::from_parts(parts, body);
    };
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Answer::error(500, "The answer could not be read.").into_response();
    };
    if let Some(signature) = key
        .sign(&bytes)
        .and_then(|text| HeaderValue::from_str(&text).ok())
    {
        parts.headers.insert(SERVER_SIGNATURE, signature);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// bunq's routes, each with the typed ids of its path.
fn bunq_routes() -> Router<Arc<Shared>> {
    onboarding_routes()
        .merge(partner_routes())
        .merge(inquiry_routes())
}

/// What bunq's clients call beside onboarding: OAuth clients (both of bunq's paths) and the
/// monetary accounts their context loads.
fn partner_routes() -> Router<Arc<Shared>> {
    use MethodFilter as M;
    Router::new()
        .route(
            "/v1/user/{user}/monetary-account-bank",
            bunq_get(Bunq::monetary_accounts),
        )
        .route(
            "/v1/oauth-client",
            bunq_post_plain(Bunq::create_oauth_client).merge(get(oauth_clients)),
        )
        .route(
            "/v1/oauth-client/{client}",
            bunq_get(|bunq, id: u64| bunq.oauth_client(id))
                .merge(bunq_send(M::PUT, |bunq, id: u64, body| {
                    bunq.update_oauth_client(id, body)
                })),
        )
        .route(
            "/v1/user/{user}/oauth-client",
            bunq_send(M::POST, |bunq, _: u64, body| bunq.create_oauth_client(body))
                .merge(bunq_get(|bunq, _: u64| bunq.oauth_clients())),
        )
        .route(
            "/v1/user/{user}/oauth-client/{client}",
            bunq_get(|bunq, (_, id): (u64, u64)| bunq.oauth_client(id))
                .merge(bunq_send(M::PUT, |bunq, (_, id): (u64, u64), body| {
                    bunq.update_oauth_client(id, body)
                })),
        )
        .route(
            "/v1/user/{user}/oauth-client/{client}/callback-url",
            bunq_send(M::POST, |bunq, (_, id): (u64, u64), body| {
                bunq.add_callback_url(id, body)
            })
            .merge(bunq_get(|bunq, (_, id): (u64, u64)| bunq.callback_urls(id))),
        )
}

/// Compliance inquiries, their entries' answers, and the attachments those carry.
fn inquiry_routes() -> Router<Arc<Shared>> {
    use MethodFilter as M;
    Router::new()
        .route(
            "/v1/user/{user}/user-information-inquiry",
            get(list_inquiries),
        )
        .route(
            "/v1/user/{user}/user-information-inquiry/{inquiry}",
            bunq_get(|bunq, (key, id): (UserApiKeyId, InquiryId)| bunq.inquiry(key, id)),
        )
        .route(
            "/v1/user/{user}/user-information-inquiry/{inquiry}/partner-user-information-inquiry-entry/{entry}",
            bunq_send(
                M::PUT,
                |bunq, (key, inquiry, entry): (UserApiKeyId, InquiryId, InquiryEntryId), body| {
                    bunq.answer_entry(key, (inquiry, entry), body)
                },
            ),
        )
        .route(
            "/v1/user/{user}/attachment",
            post(upload_attachment).layer(DefaultBodyLimit::max(ATTACHMENT_LIMIT)),
        )
        .route(
            "/v1/user/{user}/attachment/{attachment}",
            bunq_get(|bunq, (key, id): (UserApiKeyId, u64)| bunq.attachment(key, id)),
        )
}

/// The API context, provisions, onboarding, its data, verification and callbacks.
fn onboarding_routes() -> Router<Arc<Shared>> {
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
        .route("/v1/installation", bunq_post_plain(Bunq::install))
        .route("/v1/device-server", bunq_post_plain(Bunq::register_device))
        .route("/v1/session-server", post(start_session))
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
            bunq_get(Bunq::failures).merge(bunq_send(M::POST, Bunq::retry_failures)),
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
        .route("/_fake/users/{user}/inquiries", post(raise_inquiry))
        .route(
            "/_fake/inquiries/{inquiry}/entries/{entry}/decision",
            post(decide_entry),
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

async fn raise_inquiry(
    State(shared): State<Arc<Shared>>,
    PathIds(user): PathIds<UserId>,
    body: Result<Body, BodyRefused>,
) -> Response {
    let request = match control_body::<InquiryRequest>(body) {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    let raised = shared.lock().raise_inquiry(user, &request);
    deliver(&shared, true).await;
    match raised {
        Some(inquiry) => Json(inquiry).into_response(),
        None => control_error("no provision made a user with that id"),
    }
}

#[derive(Deserialize)]
struct EntryDecisionRequest {
    decision: EntryDecision,
    #[serde(default)]
    reject_reason: Option<String>,
}

async fn decide_entry(
    State(shared): State<Arc<Shared>>,
    PathIds((inquiry, entry)): PathIds<(InquiryId, InquiryEntryId)>,
    body: Result<Body, BodyRefused>,
) -> Response {
    let request = match control_body::<EntryDecisionRequest>(body) {
        Ok(request) => request,
        Err(refusal) => return refusal,
    };
    let decided =
        shared
            .lock()
            .decide_entry(inquiry, entry, &request.decision, request.reject_reason);
    deliver(&shared, true).await;
    match decided {
        Ok(inquiry) => Json(inquiry).into_response(),
        Err(reason) => control_error(reason),
    }
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
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            authenticate,
        ))
        .merge(control_routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), sign))
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

    /// bunq raises an inquiry for `user` (merged into an open one of the same purpose); the
    /// inquiry, `None` when no provision made that user.
    pub async fn raise_inquiry(&self, user: UserId, request: &InquiryRequest) -> Option<JsonValue> {
        let raised = self.shared.lock().raise_inquiry(user, request);
        deliver(&self.shared, true).await;
        raised
    }

    /// bunq's review of an answered inquiry entry; the inquiry.
    ///
    /// # Errors
    /// When there is no such entry, or it waits for no review.
    pub async fn decide_entry(
        &self,
        inquiry: InquiryId,
        entry: InquiryEntryId,
        decision: &EntryDecision,
        reject_reason: Option<String>,
    ) -> Result<JsonValue, String> {
        let decided = self
            .shared
            .lock()
            .decide_entry(inquiry, entry, decision, reject_reason);
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
    let server_key = if settings.signatures {
        let key = ServerKey::load()
            .ok_or_else(|| std::io::Error::other("the bundled server key does not load"))?;
        Some(key)
    } else {
        None
    };
    let shared = Arc::new(Shared {
        authentication: settings.authentication,
        server_key,
        answers: std::sync::atomic::AtomicU64::new(0),
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
