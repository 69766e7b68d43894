//! Compliance inquiries on the fake: raised by bunq (the control API, or a scenario at
//! onboarding), listed and read with bunq's filters, answered for the user with text and
//! attachments under bunq's rules, reviewed by bunq, merged, and told by callbacks.

mod common;

use bunq_onboarding::Envelope;
use common::partner::Inbox;
use common::{Client, connected, names, only_object, published, user};
use serde_json::{Value, json};

/// The user's own id (what bunq's inquiry carries), from the fake's state.
fn user_id(client: &Client, key: u64) -> u64 {
    let tokens = client.tokens();
    let token = &tokens.users[&key];
    tokens
        .users
        .iter()
        .find_map(|(id, held)| (*id != key && held == token).then_some(*id))
        .unwrap()
}

async fn raise(client: &Client, user: u64, request: Value) -> Value {
    let reply = client
        .post(&format!("/_fake/users/{user}/inquiries"), &request)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body["UserInformationInquiry"].clone()
}

fn document_request(purpose: &str) -> Value {
    json!({"purpose": purpose, "title": "Your identity document",
        "entries": [{"type": "IDENTIFICATION_DOCUMENT_VERIFY", "description": "Upload your passport."}],
        "due_in_seconds": 86_400})
}

async fn upload(client: &Client, key: u64, content_type: &str, bytes: Vec<u8>) -> common::Reply {
    client
        .upload(
            &format!("/v1/user/{key}/attachment"),
            content_type,
            "Passport scan",
            bytes,
        )
        .await
}

#[tokio::test]
async fn an_inquiry_is_listed_read_and_answered_with_bunqs_rules() {
    let (fake, client) = connected().await;
    let (_, key) = user(&client).await;
    let user = user_id(&client, key);
    let inquiry = raise(&client, user, document_request("DOCUMENT_EXPIRY_RENEWAL")).await;
    let (id, entry) = (
        inquiry["id"].as_u64().unwrap(),
        inquiry["all_entry"][0]["UserInformationInquiryEntry"]["id"]
            .as_u64()
            .unwrap(),
    );
    assert_eq!(inquiry["status"], "EXPECTING_REPLY_FROM_USER");
    assert_eq!(inquiry["user_id"], user);

    // bunq's answers, shaped as its published ones.
    let base = format!("/v1/user/{key}/user-information-inquiry");
    let listed = client.get(&base).await;
    Envelope::from_json(&listed.text).unwrap();
    let published_list = published("inquiry-list-answer.spec.json");
    let ours = &listed.body["Response"][0]["UserInformationInquiry"];
    let theirs = &published_list["Response"][0]["UserInformationInquiry"];
    assert_eq!(names(ours), names(theirs));
    assert_eq!(
        names(&ours["all_entry"][0]["UserInformationInquiryEntry"]),
        names(&theirs["all_entry"][0]["UserInformationInquiryEntry"])
    );
    assert_eq!(client.read(&format!("{base}/{id}")).await["id"], id);

    // Filters, their values separated by commas.
    let count = |query: &str| {
        let (client, path) = (client.clone(), format!("{base}?{query}"));
        async move {
            client.get(&path).await.body["Response"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    assert_eq!(count("status=EXPECTING_REPLY_FROM_USER,FINALIZED").await, 1);
    assert_eq!(count("status=FINALIZED").await, 0);
    assert_eq!(
        count("purpose=ONBOARDING,DOCUMENT_EXPIRY_RENEWAL&type=USER_PERSON").await,
        1
    );
    assert_eq!(count("purpose=ONBOARDING").await, 0);
    assert_eq!(
        count("fulfillment_type=IDENTIFICATION_DOCUMENT_VERIFY").await,
        1
    );
    assert_eq!(
        count("fulfillment_type=USER_PERSON_SOURCE_OF_FUND").await,
        0
    );

    // The entry's answer: at least one of text and attachments, the user's own attachments.
    let path = format!("{base}/{id}/partner-user-information-inquiry-entry/{entry}");
    assert_eq!(client.put(&path, &json!({})).await.status, 400);
    assert_eq!(client.put(&path, &json!({"answer": ""})).await.status, 400);
    let (_, other) = common::user(&client).await;
    let foreign = upload(&client, other, "image/png", vec![1; 10]).await;
    let foreign = only_object(&foreign.body).1["id"].as_u64().unwrap();
    let refused = client
        .put(&path, &json!({"all_attachment_id": [foreign]}))
        .await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    // A scan larger than a JSON body may be (64 KiB) is taken.
    let scan = upload(&client, key, "image/jpeg", vec![0xff; 200 * 1024]).await;
    assert_eq!(scan.status, 200, "{}", scan.text);
    let mine = upload(&client, key, "application/pdf", b"%PDF-1.4".to_vec()).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let mine = only_object(&mine.body).1["id"].as_u64().unwrap();
    let mut body = published("inquiry-entry-answer-request.json");
    body["all_attachment_id"] = json!([mine]);
    let answered = client.put(&path, &body).await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    assert_eq!(
        names(&only_object(&answered.body).1),
        names(&only_object(&published("inquiry-entry-answer-answer.spec.json")).1)
    );
    assert_eq!(only_object(&answered.body).1["id"], entry);
    let again = client.put(&path, &body).await;
    assert_eq!(
        again.status, 400,
        "only a PENDING entry is answered: {}",
        again.text
    );
    let read = client.read(&format!("{base}/{id}")).await;
    assert_eq!(read["status"], "EXPECTING_REPLY_FROM_BUNQ");
    assert_eq!(
        read["all_entry"][0]["UserInformationInquiryEntry"]["status"],
        "WAITING_FOR_REVIEW"
    );
    // Another user's inquiry is not found.
    let others = format!("/v1/user/{other}/user-information-inquiry/{id}");
    assert_eq!(client.get(&others).await.status, 404);
    fake.stop().await;
}

#[tokio::test]
async fn an_attachment_is_the_users_own_of_a_type_and_size_bunq_takes() {
    let (fake, client) = connected().await;
    let (_, key) = user(&client).await;
    let (_, other) = user(&client).await;
    assert_eq!(
        upload(&client, key, "text/plain", vec![1; 10]).await.status,
        400
    );
    assert_eq!(
        upload(&client, key, "image/png", Vec::new()).await.status,
        400
    );
    let large = upload(
        &client,
        key,
        "image/png",
        vec![0; bunq_onboarding_fake::ATTACHMENT_LIMIT + 1],
    )
    .await;
    assert_eq!(large.status, 413);
    // A scan larger than a JSON body may be (64 KiB) is taken.
    let scan = upload(&client, key, "image/jpeg", vec![0xff; 200 * 1024]).await;
    assert_eq!(scan.status, 200, "{}", scan.text);
    let mine = upload(&client, key, "application/pdf", b"%PDF-1.4".to_vec()).await;
    assert_eq!(mine.status, 200, "{}", mine.text);
    let mine = only_object(&mine.body).1["id"].as_u64().unwrap();
    let read = client
        .read(&format!("/v1/user/{key}/attachment/{mine}"))
        .await;
    assert_eq!(read["attachment"]["content_type"], "application/pdf");
    assert_eq!(read["attachment"]["description"], "Passport scan");
    assert_eq!(
        client
            .get(&format!("/v1/user/{other}/attachment/{mine}"))
            .await
            .status,
        404
    );
    fake.stop().await;
}

#[tokio::test]
async fn bunq_reviews_merges_and_tells_by_callbacks_of_three_event_types() {
    let (fake, client) = connected().await;
    let inbox = Inbox::default();
    let url = inbox.serve().await;
    let filters = client
        .post(
            &format!("/v1/user/{}/notification-filter-url", bunq_onboarding_fake::PARTNER_USER_ID),
            &json!({"notification_filters": [{"category": "USER_INFORMATION_INQUIRY", "notification_target": url}]}),
        )
        .await;
    assert_eq!(filters.status, 200, "{}", filters.text);
    let (_, key) = user(&client).await;
    let user = user_id(&client, key);
    let inquiry = raise(&client, user, document_request("COMPLIANCE_SCREENING")).await;
    let id = inquiry["id"].as_u64().unwrap();
    let entry =
        |inquiry: &Value, n: usize| inquiry["all_entry"][n]["UserInformationInquiryEntry"].clone();
    let first = entry(&inquiry, 0)["id"].as_u64().unwrap();
    let base = format!("/v1/user/{key}/user-information-inquiry/{id}");
    let answer = |entry: u64| {
        let (client, path) = (
            client.clone(),
            format!("{base}/partner-user-information-inquiry-entry/{entry}"),
        );
        async move {
            client
                .put(&path, &json!({"answer": "Employment."}))
                .await
                .status
        }
    };
    assert_eq!(answer(first).await, 200);
    // Decided only once answered.
    let decide = |entry: u64, decision: Value| {
        let (client, path) = (
            client.clone(),
            format!("/_fake/inquiries/{id}/entries/{entry}/decision"),
        );
        async move { client.post(&path, &decision).await }
    };
    let rejected = decide(
        first,
        json!({"decision": "reject", "reject_reason": "The scan is blurred."}),
    )
    .await;
    assert_eq!(rejected.status, 200, "{}", rejected.text);
    let rejected = &rejected.body["UserInformationInquiry"];
    assert_eq!(rejected["status"], "FINALIZED");
    assert_eq!(entry(rejected, 0)["reject_reason"], "The scan is blurred.");
    assert_eq!(
        decide(first, json!({"decision": "approve"})).await.status,
        400
    );
    // A new inquiry of the same purpose while one is open is merged into it.
    let second = raise(&client, user, document_request("COMPLIANCE_SCREENING")).await;
    assert_ne!(
        second["id"], id,
        "a finalized inquiry takes no more entries"
    );
    let second_id = second["id"].as_u64().unwrap();
    let merged = raise(&client, user, document_request("COMPLIANCE_SCREENING")).await;
    assert_eq!(merged["id"], second_id);
    assert_eq!(merged["all_entry"].as_array().unwrap().len(), 2);
    assert_eq!(merged["status"], "EXPECTING_REPLY_FROM_USER");
    fake.control().flush().await;
    let events = inbox.events();
    for event in [
        "USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_USER",
        "USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_BUNQ",
        "USER_INFORMATION_INQUIRY_FINALIZED",
    ] {
        assert!(
            events.iter().any(|seen| seen == event),
            "{event}: {events:?}"
        );
    }
    fake.stop().await;
}

#[tokio::test]
async fn an_onboarding_inquiry_keeps_the_onboarding_at_the_user_and_refuses_the_target() {
    let (fake, client) = connected().await;
    client
        .set_scenario(
            json!({"requirements": [], "onboarding_inquiry": document_request("ONBOARDING")}),
        )
        .await;
    let (_, key) = user(&client).await;
    let created = client
        .post(
            &format!("/v1/user/{key}/user-onboarding"),
            &json!({"type": "PARTNER_USER"}),
        )
        .await;
    let onboarding = only_object(&created.body).1["id"].as_u64().unwrap();
    let path = format!("/v1/user/{key}/user-onboarding/{onboarding}");
    assert_eq!(client.read(&path).await["action_required"], "USER");
    let target = published("onboarding-update-request.json");
    let refused = client.put(&path, &target).await;
    assert_eq!(refused.status, 400, "{}", refused.text);
    let inquiry = client
        .read(&format!("/v1/user/{key}/user-information-inquiry"))
        .await;
    let (id, entry) = (
        inquiry["id"].as_u64().unwrap(),
        inquiry["all_entry"][0]["UserInformationInquiryEntry"]["id"]
            .as_u64()
            .unwrap(),
    );
    assert_eq!(inquiry["purpose"], "ONBOARDING");
    let answered = client
        .put(
            &format!("/v1/user/{key}/user-information-inquiry/{id}/partner-user-information-inquiry-entry/{entry}"),
            &json!({"answer": "Here."}),
        )
        .await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    assert_eq!(client.put(&path, &target).await.status, 200);
    fake.stop().await;
}
