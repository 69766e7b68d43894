//! bunq's API context on the fake: installation, device and session tokens, who reaches what,
//! client signatures checked when sent, and answers signed with the installation's server key.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use bunq_onboarding_fake::{ClientKey, PARTNER_USER_ID, Settings};
use common::{CLIENT_PRIVATE_KEY, Client, Reply, START, connected, fake, wrapped};
use serde_json::json;

fn sign(body: &[u8]) -> String {
    let pair = ring::signature::RsaKeyPair::from_pkcs8(CLIENT_PRIVATE_KEY).unwrap();
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        body,
        &mut signature,
    )
    .unwrap();
    BASE64.encode(signature)
}

#[tokio::test]
async fn a_call_without_a_valid_session_token_is_bunqs_401() {
    let fake = bunq_onboarding_fake::start(Settings {
        start: START.parse().unwrap(),
        session_timeout_seconds: 600,
        ..Settings::default()
    })
    .await
    .unwrap();
    let client = Client::connect(fake.base_url()).await;
    client.faults(json!({"rate_limits": false})).await;
    let path = "/v1/partner-user-provision";
    let installation = client.tokens().installation.clone().unwrap();
    let refused = (401, "Insufficient authorisation.".to_owned());
    for token in [None, Some("unknown"), Some(installation.as_str())] {
        let reply = client.call_with("GET", path, None, token, None).await;
        assert_eq!(reply.bunq_error(), refused, "{token:?}");
    }
    // device-server and session-server take the installation token, not a session's.
    let partner = client.token_for(path).unwrap();
    for route in ["/v1/device-server", "/v1/session-server"] {
        let body = json!({"secret": bunq_onboarding_fake::DEFAULT_PARTNER_API_KEY});
        for token in [None, Some(partner.as_str())] {
            let reply = client
                .call_with("POST", route, Some(&body), token, None)
                .await;
            assert_eq!(reply.bunq_error(), refused, "{route} {token:?}");
        }
    }
    assert_eq!(client.get(path).await.status, 200);
    // Sessions expire on the virtual clock.
    client.advance(600).await;
    assert_eq!(client.get(path).await.bunq_error(), refused);
    fake.stop().await;
}

#[tokio::test]
async fn a_session_reaches_only_its_own_paths_else_bunqs_403() {
    let (fake, client) = connected().await;
    let (_, first) = common::user(&client).await;
    let (_, second) = common::user(&client).await;
    let token = |id: u64| client.tokens().users.get(&id).cloned().unwrap();
    let partner = client.token_for("/v1/partner-user-provision").unwrap();
    let forbidden = (403, "The session may not access this resource.".to_owned());
    for (token, path) in [
        (token(first), format!("/v1/user/{second}/user-onboarding")),
        (token(first), "/v1/partner-user-provision".to_owned()),
        (token(first), "/v1/oauth-client".to_owned()),
        (
            token(first),
            format!("/v1/user/{PARTNER_USER_ID}/monetary-account-bank"),
        ),
        (partner.clone(), format!("/v1/user/{first}/user-onboarding")),
    ] {
        let reply = client
            .call_with("GET", &path, None, Some(&token), None)
            .await;
        assert_eq!(reply.bunq_error(), forbidden, "{path}");
    }
    let person = json!({"first_name": "Jan"});
    for token in [partner.clone(), token(second)] {
        let path = format!("/v1/user-person/{first}");
        let reply = client
            .call_with("PUT", &path, Some(&person), Some(&token), None)
            .await;
        assert_eq!(reply.bunq_error(), forbidden, "{path}");
    }
    for (token, path) in [
        (token(first), format!("/v1/user/{first}/user-onboarding")),
        (
            partner,
            format!("/v1/user/{PARTNER_USER_ID}/monetary-account-bank"),
        ),
    ] {
        let reply = client
            .call_with("GET", &path, None, Some(&token), None)
            .await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
    }
    fake.stop().await;
}

#[tokio::test]
async fn a_client_signature_is_checked_when_sent_and_never_required() {
    let (fake, client) = connected().await;
    let path = "/v1/partner-user-provision";
    let token = client.token_for(path);
    let body = json!({"external_uuid": "5f3c0a4e-1b2d-4c6e-8f00-0123456789ab"});
    let bytes = serde_json::to_vec(&body).unwrap();
    let post = |signature: Option<String>| {
        let (client, token, body) = (client.clone(), token.clone(), body.clone());
        async move {
            client
                .call_with(
                    "POST",
                    path,
                    Some(&body),
                    token.as_deref(),
                    signature.as_deref(),
                )
                .await
        }
    };
    assert_eq!(post(Some(sign(&bytes))).await.status, 200);
    assert_eq!(post(None).await.status, 200);
    let invalid = (466, "The request signature is invalid.".to_owned());
    assert_eq!(
        post(Some(sign(b"another body"))).await.bunq_error(),
        invalid
    );
    assert_eq!(
        post(Some("not base64".to_owned())).await.bunq_error(),
        invalid
    );
    // A GET's signature is over its empty body, as bunq's SDKs send it.
    let get = client
        .call_with("GET", path, None, token.as_deref(), Some(&sign(b"")))
        .await;
    assert_eq!(get.status, 200, "{}", get.text);
    fake.stop().await;
}

#[tokio::test]
async fn every_success_is_signed_with_the_installations_server_key_and_every_answer_named() {
    let fake = fake().await;
    let client = Client::new(fake.base_url());
    let installed = client
        .post(
            "/v1/installation",
            &json!({"client_public_key": common::CLIENT_PUBLIC_KEY}),
        )
        .await;
    let items = installed.body["Response"].as_array().unwrap();
    assert_eq!(wrapped(&installed.body), ["Id", "Token", "ServerPublicKey"]);
    let server_key = ClientKey::from_pem(
        items[2]["ServerPublicKey"]["server_public_key"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let signed = |reply: &Reply| {
        reply
            .headers
            .get("X-Bunq-Server-Signature")
            .map(|value| server_key.verifies(reply.text.as_bytes(), value.to_str().unwrap()))
    };
    assert_eq!(signed(&installed), Some(true));
    let client = Client::connect(fake.base_url()).await;
    let (_, key) = common::user(&client).await;
    let answers = [
        client.get("/v1/partner-user-provision").await,
        client.get(&format!("/v1/user/{key}/user-onboarding")).await,
        client.get("/v1/partner-user-provision/99").await,
        Client::new(fake.base_url())
            .get("/v1/partner-user-provision")
            .await,
    ];
    let signatures: Vec<(u16, Option<bool>)> = answers
        .iter()
        .map(|reply| (reply.status, signed(reply)))
        .collect();
    assert_eq!(
        signatures,
        [
            (200, Some(true)),
            (200, Some(true)),
            (404, None),
            (401, None)
        ]
    );
    let mut ids: Vec<&str> = answers
        .iter()
        .map(|reply| reply.headers["X-Bunq-Client-Response-Id"].to_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), answers.len());
    fake.stop().await;
}

#[tokio::test]
async fn installation_refuses_a_key_that_is_not_rsa_and_a_device_an_unknown_api_key() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let bad_key = client
        .post(
            "/v1/installation",
            &json!({"client_public_key": "not a key"}),
        )
        .await;
    assert_eq!(bad_key.status, 400);
    assert!(
        bad_key
            .bunq_error()
            .1
            .starts_with("Client public key is invalid"),
        "{}",
        bad_key.text
    );
    let device = client
        .post(
            "/v1/device-server",
            &json!({"description": "x", "secret": "unknown", "permitted_ips": []}),
        )
        .await;
    assert_eq!(
        device.bunq_error(),
        (
            400,
            "User credentials are incorrect. Incorrect API key or IP address.".to_owned()
        )
    );
    fake.stop().await;
}

#[tokio::test]
async fn without_authentication_every_route_answers_without_a_token() {
    let fake = bunq_onboarding_fake::start(Settings {
        start: START.parse().unwrap(),
        authentication: false,
        signatures: false,
        ..Settings::default()
    })
    .await
    .unwrap();
    let client = Client::new(fake.base_url());
    let reply = client.post("/v1/partner-user-provision", &json!({})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(reply.headers.get("X-Bunq-Server-Signature").is_none());
    assert!(reply.headers.get("X-Bunq-Client-Response-Id").is_some());
    fake.stop().await;
}

#[tokio::test]
async fn the_api_contexts_answers_are_shaped_as_bunqs_published_ones() {
    let fake = fake().await;
    let client = Client::new(fake.base_url());
    let installed = client
        .post(
            "/v1/installation",
            &json!({"client_public_key": common::CLIENT_PUBLIC_KEY}),
        )
        .await;
    let published_installation = common::published("installation-answer.json");
    assert_eq!(wrapped(&installed.body), wrapped(&published_installation));
    let token = installed.body["Response"][1]["Token"]["token"]
        .as_str()
        .unwrap();
    let secret = json!({"description": "tests", "permitted_ips": [],
        "secret": bunq_onboarding_fake::DEFAULT_PARTNER_API_KEY});
    let device = client
        .call_with(
            "POST",
            "/v1/device-server",
            Some(&secret),
            Some(token),
            None,
        )
        .await;
    assert_eq!(
        wrapped(&device.body),
        wrapped(&common::published("device-server-answer.json"))
    );
    let session = client
        .call_with(
            "POST",
            "/v1/session-server",
            Some(&secret),
            Some(token),
            None,
        )
        .await;
    let published_session = common::published("session-server-partner-answer.json");
    assert_eq!(wrapped(&session.body), wrapped(&published_session));
    assert_eq!(
        common::names(&session.body["Response"][1]["Token"]),
        common::names(&published_session["Response"][1]["Token"])
    );
    let partner = &session.body["Response"][2]["UserCompany"];
    assert_eq!(partner["id"], PARTNER_USER_ID);
    assert_eq!(partner["session_timeout"], 604_800);
    fake.stop().await;
}
