//! A partner's loop, written only against HTTP, onboards a user through the fake to `done`,
//! driven by the core crate's record and next step, with faults on: every callback delivered
//! three times and out of order, first attempts failing, bunq's rate limits and server errors.
//! bunq asks a compliance inquiry at onboarding (answered before the target, a document entry
//! with an attachment) and another after `done` (the next step asks the user again, then is
//! `done` again).

mod common;

use bunq_onboarding::vocabulary::{ActionRequired, ProvisionStatus, ProvisionSubStatus};
use common::partner::{Clock, Inbox, Partner};
use common::{Client, fake, only_object};
use serde_json::json;

#[tokio::test]
async fn a_partner_reaches_done_through_the_fake_with_faults_on_and_its_record_matches_bunq() {
    let fake = fake().await;
    let client = Client::connect(fake.base_url()).await;
    let inbox = Inbox::default();
    let filters = inbox.subscribe(&client).await;
    assert_eq!(filters.status, 200, "{}", filters.text);
    client
        .set_scenario(json!({"onboarding_inquiry": {"purpose": "ONBOARDING",
            "title": "Your identity document",
            "entries": [{"type": "IDENTIFICATION_DOCUMENT_VERIFY", "description": "A scan."}],
            "due_in_seconds": 86_400}}))
        .await;
    client
        .faults(json!({"deliveries_per_callback": 3, "out_of_order": true,
            "failed_first_attempts": 1, "rate_limits": true, "server_errors": 2}))
        .await;

    let mut partner = Partner::new(
        client.clone(),
        inbox.clone(),
        Clock::Drive,
        client.now().await,
    );
    partner
        .onboard("f8b69bdd-e2fa-4161-9ff7-f4c597f8be8e")
        .await
        .unwrap();
    eprintln!(
        "steps {:?}\ncounts {:?} retried {}",
        partner.steps, partner.counts, partner.retried
    );
    // Callbacks still on their way (retries a minute apart) arrive late and change nothing.
    let before = partner.record.state().clone();
    client.advance(600).await;
    partner.absorb_callbacks();
    assert_eq!(&before, partner.record.state());

    // The partner's record is bunq's state.
    let state = client.get("/_fake/state").await.body;
    let bunq_provision = &state["provisions"][0];
    let provision = partner.record.read_provision().unwrap();
    assert_eq!(
        provision.status.get().map(ProvisionStatus::as_str),
        bunq_provision["status"].as_str()
    );
    assert_eq!(
        provision.sub_status.get().map(ProvisionSubStatus::as_str),
        bunq_provision["sub_status"].as_str()
    );
    assert!(partner.record.is_accepted());
    let onboarding = partner.record.read_onboarding().unwrap();
    assert_eq!(
        onboarding.action_required.get().map(ActionRequired::as_str),
        Some("NONE")
    );
    assert_eq!(
        state["onboardings"][0]["onboarding"]["action_required"],
        "NONE"
    );
    assert_eq!(state["onboardings"][0]["user_status"], "ACTIVE");
    assert_eq!(state["onboardings"][0]["verification_status"], "VERIFIED");
    assert!(partner.record.next_step(client.now().await).is_done());

    // The onboarding inquiry was answered, with an attachment, and the target then accepted.
    let inquiries = format!(
        "/v1/user/{}/user-information-inquiry",
        partner.key().unwrap()
    );
    let onboarding_inquiry = client
        .read(&format!("{inquiries}?purpose=ONBOARDING"))
        .await;
    assert!(answered(&onboarding_inquiry), "{onboarding_inquiry}");
    assert!(partner.steps.contains(&"ask_user".to_owned()));

    asked_again_after_done(&mut partner, &client, &inquiries).await;
    // Each document entry was answered with a scan uploaded for it.
    assert_eq!(client.get("/_fake/state").await.body["attachments"], 2);

    // Nothing lost, nothing repeated that bunq refused; the faults did happen.
    assert_eq!(partner.refused, Vec::<String>::new());
    assert!(
        partner.retried >= 2,
        "the 5xx answers and 429s were retried: {}",
        partner.retried
    );
    assert!(
        partner.counts.duplicate > 0,
        "callbacks arrived more than once: {:?}",
        partner.counts
    );
    assert_eq!(partner.counts.refused, 0);
    assert_eq!(state["failed_callbacks"], 0);
    let (_, listed) = only_object(&client.get("/v1/partner-user-provision/1").await.body);
    assert_eq!(listed["status"], "ACTIVE");
    fake.stop().await;
}

/// Whether every entry of an inquiry was answered (and waits for bunq's review).
fn answered(inquiry: &serde_json::Value) -> bool {
    inquiry["all_entry"]
        .as_array()
        .unwrap()
        .iter()
        .all(|entry| entry["UserInformationInquiryEntry"]["status"] == "WAITING_FOR_REVIEW")
}

/// bunq asks again after done: the next step asks the user, then is done again.
async fn asked_again_after_done(partner: &mut Partner, client: &Client, inquiries: &str) {
    let (_, user) = partner.ids();
    let asked = json!({"purpose": "DOCUMENT_EXPIRY_RENEWAL", "title": "Your passport expired",
        "entries": [{"type": "IDENTIFICATION_DOCUMENT_VERIFY", "description": "A new scan."}],
        "due_in_seconds": 86_400});
    let raised = client
        .post(&format!("/_fake/users/{}/inquiries", user.unwrap()), &asked)
        .await;
    assert_eq!(raised.status, 200, "{}", raised.text);
    let before_renewal = partner.steps.len();
    partner.follow().await.unwrap();
    let renewal = &partner.steps[before_renewal..];
    assert_eq!(
        renewal.first().map(String::as_str),
        Some("ask_user"),
        "{renewal:?}"
    );
    assert_eq!(
        renewal.last().map(String::as_str),
        Some("done"),
        "{renewal:?}"
    );
    let renewed = client
        .read(&format!("{inquiries}?purpose=DOCUMENT_EXPIRY_RENEWAL"))
        .await;
    assert!(answered(&renewed), "{renewed}");
}
