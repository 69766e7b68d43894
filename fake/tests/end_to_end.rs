//! A partner's loop, written only against HTTP, onboards a user through the fake to `done`,
//! driven by the core crate's record and next step, with faults on: every callback delivered
//! three times and out of order, first attempts failing, bunq's rate limits and server errors.

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
