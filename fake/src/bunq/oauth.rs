//! The partner's OAuth clients and their callback URLs, at both of bunq's paths:
//! `/v1/oauth-client[/{id}]` (bunq's spec) and `/v1/user/{id}/oauth-client[/{id}[/callback-url]]`
//! (bunq's SDKs). The fake keeps them; nothing in onboarding depends on them.

use bunq_onboarding::Timestamp;
use bunq_onboarding::wire::JsonValue;
use serde::Deserialize;
use serde_json::json;

use super::{Bunq, Counters, bad_request, not_found, object};
use crate::answer::Answer;

/// One OAuth client.
#[derive(Clone, Debug)]
pub(super) struct OauthClient {
    created: Timestamp,
    updated: Timestamp,
    status: OauthClientStatus,
    display_name: String,
    client_id: String,
    secret: String,
    callback_urls: Vec<(u64, String)>,
}

/// The statuses a partner sets (bunq's spec: `ACTIVE`, `CANCELLED`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum OauthClientStatus {
    Active,
    Cancelled,
}

#[derive(Deserialize)]
struct ClientRequest {
    status: Option<OauthClientStatus>,
    display_name: Option<String>,
}

impl Bunq {
    /// `POST …/oauth-client` `{"status"?, "display_name"?}`: a new client, `ACTIVE` unless told.
    pub fn create_oauth_client(&mut self, body: &JsonValue) -> Answer {
        let request = match read_client(body) {
            Ok(request) => request,
            Err(refused) => return refused,
        };
        let id: u64 = Counters::next(&mut self.ids.oauth_client);
        let client = OauthClient {
            created: self.now,
            updated: self.now,
            status: request.status.unwrap_or(OauthClientStatus::Active),
            display_name: request.display_name.unwrap_or_default(),
            client_id: self.token("oauth-client-id"),
            secret: self.token("oauth-secret"),
            callback_urls: Vec::new(),
        };
        self.oauth_clients.insert(id, client);
        Answer::id(id)
    }

    /// `GET …/oauth-client`.
    pub fn oauth_clients(&self) -> Answer {
        let items = self
            .oauth_clients
            .iter()
            .map(|(id, client)| client_item(*id, client))
            .collect();
        Answer::list(items)
    }

    /// `GET …/oauth-client/{id}`.
    pub fn oauth_client(&self, id: u64) -> Answer {
        self.oauth_clients.get(&id).map_or_else(
            || not_found("OAuth client"),
            |client| Answer::objects(vec![client_item(id, client)]),
        )
    }

    /// `PUT …/oauth-client/{id}` `{"status"}`.
    pub fn update_oauth_client(&mut self, id: u64, body: &JsonValue) -> Answer {
        let request = match read_client(body) {
            Ok(request) => request,
            Err(refused) => return refused,
        };
        let now = self.now;
        let Some(client) = self.oauth_clients.get_mut(&id) else {
            return not_found("OAuth client");
        };
        if let Some(status) = request.status {
            client.status = status;
        }
        if let Some(name) = request.display_name {
            client.display_name = name;
        }
        client.updated = now;
        Answer::id(id)
    }

    /// `POST /v1/user/{id}/oauth-client/{id}/callback-url` `{"url"}`.
    pub fn add_callback_url(&mut self, client: u64, body: &JsonValue) -> Answer {
        let Some(url) = body.get("url").and_then(JsonValue::as_str) else {
            return bad_request("The url is missing.");
        };
        let id: u64 = Counters::next(&mut self.ids.object);
        let Some(client) = self.oauth_clients.get_mut(&client) else {
            return not_found("OAuth client");
        };
        client.callback_urls.push((id, url.to_owned()));
        Answer::id(id)
    }

    /// `GET /v1/user/{id}/oauth-client/{id}/callback-url`.
    pub fn callback_urls(&self, client: u64) -> Answer {
        self.oauth_clients.get(&client).map_or_else(
            || not_found("OAuth client"),
            |client| {
                let items = client
                    .callback_urls
                    .iter()
                    .map(|(id, url)| object("OauthCallbackUrl", json!({"id": id, "url": url})))
                    .collect();
                Answer::list(items)
            },
        )
    }
}

#[allow(clippy::result_large_err)] // the error is the answer itself
fn read_client(body: &JsonValue) -> Result<ClientRequest, Answer> {
    serde_json::from_value(body.clone()).map_err(|error| {
        bad_request(format!(
            "The OAuth client is not valid ({error}); status is ACTIVE or CANCELLED."
        ))
    })
}

fn client_item(id: u64, client: &OauthClient) -> bunq_onboarding::wire::ResponseItem {
    let callback_url: Vec<JsonValue> = client
        .callback_urls
        .iter()
        .map(|(id, url)| json!({"id": id, "url": url}))
        .collect();
    object(
        "OauthClient",
        json!({
            "id": id,
            "created": client.created,
            "updated": client.updated,
            "status": client.status,
            "display_name": client.display_name,
            "client_id": client.client_id,
            "secret": client.secret,
            "callback_url": callback_url,
        }),
    )
}
