//! Every endpoint answers as bunq's published examples do: the same envelope, the same type names
//! and member names, over real HTTP on loopback; refusals in bunq's `Error` envelope.

mod common;

use bunq_onboarding::{Envelope, PutAnswer};
use bunq_onboarding_fake::PARTNER_USER_ID;
use common::{Client, connected, fake, names, only_object, published, user, wrapped};
use serde_json::{Value, json};

#[tokio::test]
async fn a_provision_answers_like_bunqs_and_moves_through_bunqs_steps() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let created = client
        .post(
            "/v1/partner-user-provision",
            &json!({"external_uuid": "6ecb48d1-0568-47ff-bfd3-9e6703669b02"}),
        )
        .await;
    assert_eq!(created.status, 200);
    Envelope::from_json(&created.text).unwrap();
    let (name, object) = only_object(&created.body);
    let (published_name, published_object) =
        only_object(&published("provision-created-person.json"));
    assert_eq!(name, published_name);
    assert_eq!(names(&object), names(&published_object));
    for member in [
        "status",
        "sub_status",
        "action_required",
        "products",
        "credential",
    ] {
        assert_eq!(object[member], published_object[member], "{member}");
    }

    let id = object["id"].as_u64().unwrap();
    let mut sub_statuses = Vec::new();
    for _ in 0..3 {
        client.advance(1).await;
        let object = client
            .read(&format!("/v1/partner-user-provision/{id}"))
            .await;
        sub_statuses.push(object["sub_status"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        sub_statuses,
        [
            "PENDING_PROCESS_RELATION_USER",
            "PENDING_PROCESS_OAUTH_REQUEST",
            "PENDING_PROCESS_USER_ONBOARDING"
        ]
    );
    let ready = client
        .read(&format!("/v1/partner-user-provision/{id}"))
        .await;
    let callback = &published("webhook-provision-updated.json")["NotificationUrl"]["object"]["PartnerUserProvision"];
    assert_eq!(names(&ready), names(callback));
    assert_eq!(names(&ready["credential"]), names(&callback["credential"]));
    assert_eq!(ready["status"], "ACTIVE");
    assert_eq!(ready["action_required"], "USER");
    assert_eq!(ready["credential"]["status"], "PENDING_FIRST_USE");
    assert_eq!(
        ready["credential"]["expiry_time"], "2025-09-03 09:00:03.000000",
        "1 h after"
    );

    let listed = client
        .get("/v1/partner-user-provision?external_uuid=6ecb48d1-0568-47ff-bfd3-9e6703669b02")
        .await;
    assert_eq!(listed.body["Response"].as_array().unwrap().len(), 1);
    assert!(listed.body.get("Pagination").is_some());
    let none = client
        .get("/v1/partner-user-provision?status=CANCELLED")
        .await;
    assert_eq!(none.body["Response"], json!([]));

    let cancelled = client
        .put(
            &format!("/v1/partner-user-provision/{id}"),
            &published("provision-cancel-request.json"),
        )
        .await;
    assert_eq!(cancelled.body, json!({"Response": [{"Id": {"id": id}}]}));
    assert_eq!(
        names(&cancelled.body["Response"][0]["Id"]),
        names(&published("provision-update-answer.json")["Response"][0]["Id"])
    );
    client.advance(1).await;
    let closed = client
        .read(&format!("/v1/partner-user-provision/{id}"))
        .await;
    assert_eq!(
        (closed["status"].as_str(), closed["sub_status"].as_str()),
        (Some("CLOSED"), Some("NONE"))
    );
    fake.stop().await;
}

#[tokio::test]
async fn the_session_server_answers_like_bunqs_and_a_credential_opens_sessions_until_it_expires() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let provision = client.post("/v1/partner-user-provision", &json!({})).await;
    let id = only_object(&provision.body).1["id"].as_u64().unwrap();
    client.advance(3).await;
    let token = |reply: &common::Reply| {
        only_object(&reply.body).1["credential"]["token_value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let first = token(
        &client
            .get(&format!("/v1/partner-user-provision/{id}"))
            .await,
    );
    let session = client
        .post("/v1/session-server", &json!({"secret": first}))
        .await;
    let published_answer = published("session-server-answer.json");
    assert_eq!(wrapped(&session.body), wrapped(&published_answer));
    assert_eq!(
        names(&session.body["Response"][2]["UserApiKey"]),
        names(&published_answer["Response"][2]["UserApiKey"])
    );
    // The first session made the credential ACTIVE: the provision no longer shows the key, and
    // the key opens later sessions, for the same UserApiKey.
    let used = client
        .read(&format!("/v1/partner-user-provision/{id}"))
        .await;
    assert_eq!(used["credential"]["status"], "ACTIVE");
    assert_eq!(used["credential"]["token_value"], Value::Null);
    let again = client
        .post("/v1/session-server", &json!({"secret": first}))
        .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(
        again.body["Response"][2]["UserApiKey"]["id"],
        session.body["Response"][2]["UserApiKey"]["id"]
    );
    assert_ne!(
        again.body["Response"][1]["Token"]["token"],
        session.body["Response"][1]["Token"]["token"]
    );

    // A new credential, left to expire.
    let reset = client
        .put(
            &format!("/v1/partner-user-provision/{id}"),
            &published("provision-token-reset-request.json"),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.text);
    let second = token(
        &client
            .get(&format!("/v1/partner-user-provision/{id}"))
            .await,
    );
    client.advance(3_600).await;
    let expired = client
        .read(&format!("/v1/partner-user-provision/{id}"))
        .await;
    assert_eq!(expired["credential"]["status"], "EXPIRED");
    let late = client
        .post("/v1/session-server", &json!({"secret": second}))
        .await;
    assert_eq!(late.status, 401);
    assert_eq!(
        late.body["Error"][0]["error_description"],
        "The API key has expired. Request a new credential."
    );
    let unknown = client
        .post("/v1/session-server", &json!({"secret": "nope"}))
        .await;
    assert_eq!(
        unknown.bunq_error(),
        (
            400,
            "User credentials are incorrect. Incorrect API key or IP address.".to_owned()
        )
    );
    fake.stop().await;
}

#[tokio::test]
async fn the_onboarding_answers_like_bunqs_and_its_target_is_refused_with_bunqs_own_envelope() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let (_, key) = user(&client).await;
    let created = client
        .post(
            &format!("/v1/user/{key}/user-onboarding"),
            &published("onboarding-create-request.json"),
        )
        .await;
    let published_answer = published("onboarding-create-answer.json");
    assert_eq!(
        names(&created.body["Response"][0]["Id"]),
        names(&published_answer["Response"][0]["Id"])
    );
    let id = created.body["Response"][0]["Id"]["id"].as_u64().unwrap();

    let refused = client
        .put(
            &format!("/v1/user/{key}/user-onboarding/{id}"),
            &published("onboarding-update-request.json"),
        )
        .await;
    assert_eq!(refused.status, 400);
    let seed: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/put-onboarding-error.json"
    ))
    .unwrap();
    assert_eq!(names(&refused.body["Error"][0]), names(&seed["Error"][0]));
    assert_eq!(
        refused.body["Error"][0]["error_description"],
        seed["Error"][0]["error_description"]
    );
    let parameter = &refused.body["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let seed_parameter =
        &seed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    assert_eq!(
        names(&parameter["all_fulfillment"][0]),
        names(&seed_parameter["all_fulfillment"][0])
    );
    let PutAnswer::NeedsFulfillments { parameter, .. } =
        PutAnswer::from_json(&refused.text).unwrap()
    else {
        panic!("{}", refused.text)
    };
    let blocking: Vec<String> = parameter
        .all_fulfillment
        .iter()
        .map(|row| row.fulfillment_type.to_string())
        .collect();
    assert_eq!(
        blocking,
        [
            "ADDRESS_MAIN",
            "DATE_OF_BIRTH",
            "ADDRESS_POSTAL",
            "IDENTIFICATION_VERIFICATION"
        ]
    );

    let read = client
        .get(&format!("/v1/user/{key}/user-onboarding/{id}"))
        .await;
    let (name, object) = only_object(&read.body);
    let callback =
        &published("webhook-onboarding-updated.assembled.json")["NotificationUrl"]["object"];
    assert_eq!(
        Some(name.as_str()),
        callback
            .as_object()
            .unwrap()
            .keys()
            .next()
            .map(String::as_str)
    );
    for member in names(&callback["UserOnboarding"]) {
        assert!(object.get(&member).is_some(), "{member}");
    }
    assert_eq!(object["action_required"], "USER");
    let listed = client.get(&format!("/v1/user/{key}/user-onboarding")).await;
    assert_eq!(listed.body["Response"].as_array().unwrap().len(), 1);
    assert!(listed.body.get("Pagination").is_some());
    fake.stop().await;
}

#[allow(clippy::too_many_lines)] // one user's story, call by call, as bunq's examples tell it
#[tokio::test]
async fn bunqs_request_bodies_provide_the_data_and_the_target_is_accepted() {
    let (fake, client) = connected().await;
    let (_, key) = user(&client).await;
    let id = client
        .post(
            &format!("/v1/user/{key}/user-onboarding"),
            &json!({"type": "PARTNER_USER"}),
        )
        .await
        .body["Response"][0]["Id"]["id"]
        .as_u64()
        .unwrap();
    for (path, file) in [
        ("address-main", "address-main-request.json"),
        ("address-postal", "address-postal-request.json"),
        ("tax-resident", "tax-resident-request.json"),
        ("nationality", "nationality-request.json"),
    ] {
        let reply = client
            .post(&format!("/v1/user/{key}/{path}"), &published(file))
            .await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        assert!(reply.body["Response"][0]["Id"]["id"].is_u64());
    }
    let user_id = client.get("/_fake/state").await.body["onboardings"][0]["onboarding"]["user_id"]
        .as_u64()
        .unwrap();
    let person = client
        .put(
            &format!("/v1/user-person/{user_id}"),
            &published("user-person-name-dob-request.json"),
        )
        .await;
    assert_eq!(person.body, json!({"Response": [{"Id": {"id": user_id}}]}));
    // bunq's SDK names the person by its session's user, the `user_api_key_id`: the same person.
    let by_key = client
        .put(
            &format!("/v1/user-person/{key}"),
            &published("user-person-name-dob-request.json"),
        )
        .await;
    assert_eq!(by_key.body, json!({"Response": [{"Id": {"id": user_id}}]}));

    let session = client
        .post(
            &format!("/v1/user/{key}/identity-verification-session"),
            &published("idv-session-create-request.json"),
        )
        .await;
    assert_eq!(
        names(&session.body["Response"][0]["Id"]),
        names(&published("idv-session-create-answer.json")["Response"][0]["Id"])
    );
    let session_id = session.body["Response"][0]["Id"]["id"].as_u64().unwrap();
    let read = client
        .get(&format!(
            "/v1/user/{key}/identity-verification-session/{session_id}"
        ))
        .await;
    let (name, object) = only_object(&read.body);
    let (published_name, published_object) =
        only_object(&published("idv-session-created-full.json"));
    assert_eq!(
        (name, names(&object)),
        (published_name, names(&published_object))
    );
    assert_eq!(object["status"], "CREATED");
    let submitted = client
        .put(
            &format!("/v1/user/{key}/identity-verification-session/{session_id}"),
            &published("idv-session-submit-request.json"),
        )
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.text);
    let twice = client
        .put(
            &format!("/v1/user/{key}/identity-verification-session/{session_id}"),
            &published("idv-session-submit-request.json"),
        )
        .await;
    assert_eq!(twice.status, 400);

    // IN_PROGRESS satisfies the verification: the target is accepted, bunq reviews, then NONE.
    let target = client
        .put(
            &format!("/v1/user/{key}/user-onboarding/{id}"),
            &published("onboarding-update-request.json"),
        )
        .await;
    assert_eq!(
        target.body,
        json!({"Response": [{"Id": {"id": id}}]}),
        "{}",
        target.text
    );
    assert_eq!(
        PutAnswer::from_json(&target.text).unwrap(),
        PutAnswer::Accepted { id }
    );
    let reviewing = client
        .read(&format!("/v1/user/{key}/user-onboarding/{id}"))
        .await;
    assert_eq!(
        (
            reviewing["action_required"].as_str(),
            reviewing["waiting_type"].as_str()
        ),
        (Some("SYSTEM"), Some("AUTOMATED"))
    );
    client.advance(60).await;
    let processed = client
        .read(&format!(
            "/v1/user/{key}/identity-verification-session/{session_id}"
        ))
        .await;
    assert_eq!(processed["status"], "PROCESSED");
    let approved = only_object(&published("idv-session-processed-approved.json")).1;
    assert_eq!(names(&processed["result"]), names(&approved["result"]));
    assert_eq!(processed["result"], approved["result"]);
    let done = client
        .read(&format!("/v1/user/{key}/user-onboarding/{id}"))
        .await;
    assert_eq!(
        (done["action_required"].as_str(), done["status"].as_str()),
        (Some("NONE"), Some("VERIFIED"))
    );
    let state = client.get("/_fake/state").await.body;
    assert_eq!(state["onboardings"][0]["user_status"], "ACTIVE");
    assert_eq!(state["onboardings"][0]["verification_status"], "VERIFIED");
    fake.stop().await;
}

#[tokio::test]
async fn bad_input_gets_bunqs_error_envelope_and_a_4xx() {
    let (fake, client) = connected().await;
    let error = common::Reply::bunq_error;
    assert_eq!(
        error(&client.get("/v1/nothing").await),
        (404, "The route is not known.".into())
    );
    assert_eq!(
        error(
            &client
                .call("DELETE", "/v1/partner-user-provision/1", None)
                .await
        ),
        (405, "The method is not allowed on this route.".into())
    );
    assert_eq!(
        error(&client.get("/v1/partner-user-provision/9").await),
        (404, "Provision not found.".into())
    );
    assert_eq!(
        error(&client.get("/v1/partner-user-provision/x").await),
        (400, "The id \"x\" is not an integer.".into())
    );
    assert_eq!(
        error(
            &client
                .get(&format!("/v1/user/{PARTNER_USER_ID}/user-onboarding"))
                .await
        ),
        (404, "User not found.".into())
    );
    let http = reqwest::Client::new();
    let token = client.token_for("/v1/partner-user-provision").unwrap();
    let malformed = http
        .post(format!("{}/v1/partner-user-provision", fake.base_url()))
        .header("X-Bunq-Client-Authentication", &token)
        .body("{bad")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let text = malformed.text().await.unwrap();
    assert!(
        text.contains("The request body is not valid JSON"),
        "{text}"
    );
    let large = http
        .post(format!("{}/v1/partner-user-provision", fake.base_url()))
        .header("X-Bunq-Client-Authentication", &token)
        .body(vec![b' '; 70_000])
        .send()
        .await
        .unwrap();
    assert_eq!(large.status(), 413);
    let body: Value = large.json().await.unwrap();
    assert_eq!(
        body["Error"][0]["error_description"],
        "The request body is larger than 65536 bytes."
    );
    let wrong = client
        .post("/v1/partner-user-provision", &json!({"external_uuid": 5}))
        .await;
    assert_eq!(wrong.status, 400);
    let id = only_object(
        &client
            .post("/v1/partner-user-provision", &json!({}))
            .await
            .body,
    )
    .1["id"]
        .as_u64()
        .unwrap();
    assert_eq!(
        error(
            &client
                .put(
                    &format!("/v1/partner-user-provision/{id}"),
                    &json!({"status": "ACTIVE"})
                )
                .await
        )
        .0,
        400
    );
    fake.stop().await;
}

#[tokio::test]
async fn rate_limits_and_server_errors_answer_as_bunq_would() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let statuses: Vec<u16> = {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(client.get("/v1/partner-user-provision").await.status);
        }
        statuses
    };
    assert_eq!(statuses, [200, 200, 200, 429], "3 GET per 3 seconds");
    let limited = client.get("/v1/partner-user-provision").await;
    assert_eq!(
        limited.body["Error"][0]["error_description"],
        "Too many requests. You can do a maximum of 3 GET calls per 3 second to this endpoint."
    );
    client.advance(3).await;
    assert_eq!(
        client.get("/v1/partner-user-provision").await.status,
        200,
        "a new window"
    );
    client
        .faults(json!({"rate_limits": false, "server_errors": 2, "server_error_status": 500}))
        .await;
    let statuses: Vec<u16> = {
        let mut statuses = Vec::new();
        for _ in 0..3 {
            statuses.push(client.get("/v1/partner-user-provision").await.status);
        }
        statuses
    };
    assert_eq!(statuses, [500, 500, 200]);
    fake.stop().await;
}

#[tokio::test]
async fn every_path_id_is_read_as_its_kind_and_a_non_integer_is_bunqs_400() {
    let (fake, client) = connected().await;
    let error = common::Reply::bunq_error;
    // Every id of a path is read as its kind, in any position; none is taken for another.
    for (method, path, id) in [
        ("GET", "/v1/user/1360/user-onboarding/x2", "x2"),
        ("PUT", "/v1/user/y/user-onboarding/260", "y"),
        ("POST", "/v1/user/-1/address-main", "-1"),
        (
            "GET",
            "/v1/user/1360/identity-verification-session/1.5",
            "1.5",
        ),
        ("POST", "/_fake/verification-sessions/z/decision", "z"),
    ] {
        let body = (method != "GET").then(|| json!({}));
        assert_eq!(
            error(&client.call(method, path, body.as_ref()).await),
            (400, format!("The id {id:?} is not an integer.")),
            "{method} {path}"
        );
    }
    fake.stop().await;
}

#[tokio::test]
async fn failed_callbacks_are_listed_with_bunqs_fields_and_retried_by_id() {
    let (fake, client) = connected().await;
    let path = format!("/v1/user/{PARTNER_USER_ID}/notification-filter-failure");
    let dead = "http://127.0.0.1:9/callbacks";
    let filters = client
        .post(
            &format!("/v1/user/{PARTNER_USER_ID}/notification-filter-url"),
            &json!({"notification_filters": [
                {"category": "PARTNER_USER_PROVISION", "notification_target": dead}]}),
        )
        .await;
    assert_eq!(filters.status, 200, "{}", filters.text);
    client.post("/v1/partner-user-provision", &json!({})).await;
    for _ in 0..6 {
        client.advance(60).await;
    }
    let listed = client.get(&path).await;
    let failures = listed.body["Response"].as_array().unwrap().clone();
    assert!(!failures.is_empty(), "{}", listed.text);
    let published = published("notification-filter-failure-get-answer.spec.json");
    let failure = &failures[0]["NotificationFilterFailure"];
    assert_eq!(
        names(failure),
        names(&published["Response"][0]["NotificationFilterFailure"])
    );
    assert_eq!(failure["notification_target"], dead);
    assert_eq!(failure["response_code"], Value::Null);
    assert_eq!(
        names(&listed.body["Pagination"]),
        names(&published["Pagination"])
    );

    let retry = |ids: String| {
        let (client, path) = (client.clone(), path.clone());
        async move {
            client
                .post(&path, &json!({"notification_filter_failed_ids": ids}))
                .await
        }
    };
    for malformed in ["", "1,,2", "a", "1, 2", "-1"] {
        assert_eq!(
            retry(malformed.to_owned()).await.status,
            400,
            "{malformed:?}"
        );
    }
    let too_many = (1..=101)
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(retry(too_many).await.status, 400);
    assert_eq!(retry("99999999".to_owned()).await.status, 404);
    let ids: Vec<String> = failures
        .iter()
        .map(|item| item["NotificationFilterFailure"]["id"].to_string())
        .collect();
    let retried = retry(ids.join(",")).await;
    assert_eq!(retried.body, published_post_answer(), "{}", retried.text);
    let left = client.get(&path).await.body["Response"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(left, 0);
    // A retried callback is delivered again: it fails again, and is listed again.
    for _ in 0..6 {
        client.advance(60).await;
    }
    let again = client.get(&path).await.body["Response"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(again, failures.len());
    fake.stop().await;
}

fn published_post_answer() -> Value {
    published("notification-filter-failure-post-answer.spec.json")
}

#[tokio::test]
async fn oauth_clients_answer_at_both_of_bunqs_paths() {
    let (fake, client) = connected().await;
    let created = client
        .post("/v1/oauth-client", &json!({"status": "ACTIVE"}))
        .await;
    let id = only_object(&created.body).1["id"].as_u64().unwrap();
    let user_path = format!("/v1/user/{PARTNER_USER_ID}/oauth-client");
    let other = client.post(&user_path, &json!({})).await;
    let other_id = only_object(&other.body).1["id"].as_u64().unwrap();
    for path in ["/v1/oauth-client".to_owned(), user_path.clone()] {
        let listed = client.get(&path).await;
        let ids: Vec<u64> = listed.body["Response"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["OauthClient"]["id"].as_u64().unwrap())
            .collect();
        assert_eq!(ids, [id, other_id], "{path}");
    }
    let cancelled = client
        .put(
            &format!("{user_path}/{id}"),
            &json!({"status": "CANCELLED"}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    assert_eq!(
        client.read(&format!("/v1/oauth-client/{id}")).await["status"],
        "CANCELLED"
    );
    let url = client
        .post(
            &format!("{user_path}/{id}/callback-url"),
            &json!({"url": "https://partner.example/oauth"}),
        )
        .await;
    assert_eq!(url.status, 200, "{}", url.text);
    let urls = client.get(&format!("{user_path}/{id}/callback-url")).await;
    assert_eq!(
        urls.body["Response"][0]["OauthCallbackUrl"]["url"],
        "https://partner.example/oauth"
    );
    let wrong = client
        .put(
            &format!("/v1/oauth-client/{id}"),
            &json!({"status": "OPEN"}),
        )
        .await;
    assert_eq!(wrong.status, 400);
    assert_eq!(client.get("/v1/oauth-client/999").await.status, 404);
    fake.stop().await;
}

#[tokio::test]
async fn the_partner_has_a_monetary_account_and_a_user_one_once_active() {
    let (fake, client) = connected().await;
    let accounts = |path: String| {
        let client = client.clone();
        async move {
            let reply = client.get(&path).await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            reply.body["Response"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| {
                    let account = &item["MonetaryAccountBank"];
                    (account["status"].clone(), account["currency"].clone())
                })
                .collect::<Vec<_>>()
        }
    };
    let active = vec![(json!("ACTIVE"), json!("EUR"))];
    assert_eq!(
        accounts(format!("/v1/user/{PARTNER_USER_ID}/monetary-account-bank")).await,
        active
    );
    let (_, key) = user(&client).await;
    let path = format!("/v1/user/{key}/monetary-account-bank");
    assert_eq!(accounts(path.clone()).await, []);
    client.set_scenario(json!({"requirements": []})).await;
    let onboarding = client
        .post(
            &format!("/v1/user/{key}/user-onboarding"),
            &json!({"type": "PERSON"}),
        )
        .await;
    let id = only_object(&onboarding.body).1["id"].as_u64().unwrap();
    assert_eq!(
        client
            .read(&format!("/v1/user/{key}/user-onboarding/{id}"))
            .await["type"],
        "PERSON"
    );
    let target = client
        .put(
            &format!("/v1/user/{key}/user-onboarding/{id}"),
            &published("onboarding-update-request.json"),
        )
        .await;
    assert_eq!(target.status, 200, "{}", target.text);
    assert_eq!(accounts(path).await, active);
    fake.stop().await;
}

#[tokio::test]
async fn list_filters_take_values_separated_by_commas() {
    let (fake, client) = connected().await;
    let uuid = |n: u32| format!("00000000-0000-4000-8000-{n:012}");
    for n in 1..=3 {
        client
            .post(
                "/v1/partner-user-provision",
                &json!({"external_uuid": uuid(n)}),
            )
            .await;
    }
    // bunq's spec's body: the pointer; bunq's docs': the e-mail and phone number. Both are taken.
    let pointer = client
        .post(
            "/v1/partner-user-provision",
            &json!({"pointer": {"type": "EMAIL", "value": "jan@example.com"}, "external_uuid": uuid(4)}),
        )
        .await;
    assert_eq!(pointer.status, 200, "{}", pointer.text);
    let uuids = |path: String| {
        let client = client.clone();
        async move {
            client.get(&path).await.body["Response"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["PartnerUserProvision"]["external_uuid"].clone())
                .collect::<Vec<_>>()
        }
    };
    let path = "/v1/partner-user-provision";
    assert_eq!(
        uuids(format!("{path}?external_uuid={},{}", uuid(1), uuid(3))).await,
        [json!(uuid(1)), json!(uuid(3))]
    );
    assert_eq!(
        uuids(format!("{path}?status=ACTIVE,CANCELLED")).await,
        Vec::<Value>::new()
    );
    assert_eq!(
        uuids(format!(
            "{path}?status=CREATED,ACTIVE&external_uuid={},{}",
            uuid(2),
            uuid(4)
        ))
        .await,
        [json!(uuid(2)), json!(uuid(4))]
    );
    // bunq's spec: the external_uuid is a UUID, a callback's target a URL.
    let not_uuid = client.post(path, &json!({"external_uuid": "f8b6"})).await;
    assert_eq!(not_uuid.status, 400, "{}", not_uuid.text);
    let filters = client
        .post(
            &format!("/v1/user/{PARTNER_USER_ID}/notification-filter-url"),
            &json!({"notification_filters": [{"category": "USER_ONBOARDING", "notification_target": ""}]}),
        )
        .await;
    assert_eq!(filters.status, 400, "{}", filters.text);
    fake.stop().await;
}
