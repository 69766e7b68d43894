//! A load test: 1,000 users onboarded concurrently against one fake, every one to `done`. The
//! figures (requests per second, p50 and p99 latency) are printed; BENCHMARKS.md records a run.
//! Nothing here asserts a timing: the machine is shared.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use bunq_onboarding_fake::Settings;
use common::partner::{Clock, Inbox, Partner};
use common::{Client, START};
use serde_json::json;

/// `FAKE_LOAD_SIGNATURES=off` leaves the answers unsigned, to measure what signing costs.
fn signatures() -> bool {
    std::env::var("FAKE_LOAD_SIGNATURES").map_or(true, |value| value != "off")
}

fn user_count() -> usize {
    std::env::var("FAKE_LOAD_USERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_users_onboarded_at_once_all_reach_done() {
    let fake = bunq_onboarding_fake::start(Settings {
        start: START.parse().unwrap(),
        signatures: signatures(),
        ..Settings::default()
    })
    .await
    .unwrap();
    let client = Client::connect(fake.base_url()).await;
    client.faults(json!({"rate_limits": false})).await;
    let inbox = Inbox::default();
    inbox.subscribe(&client).await;
    // Virtual time goes by: 2 seconds every 20 ms, published to the partners.
    let now = client.now().await;
    let time = Arc::new(AtomicI64::new(now.as_unix_micros()));
    let ticker = {
        let client = client.clone();
        let time = Arc::clone(&time);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(20)).await;
                let now = client.advance(2).await;
                time.store(now.as_unix_micros(), Ordering::Release);
            }
        })
    };
    let started = Instant::now();
    let users: Vec<_> = (0..user_count())
        .map(|i| {
            let clock = Clock::Follow(Arc::clone(&time));
            let mut partner = Partner::new(client.clone(), inbox.clone(), clock, now);
            tokio::spawn(async move {
                let result = partner
                    .onboard(&format!("00000000-0000-4000-8000-{i:012}"))
                    .await;
                (result, partner)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut done = 0;
    for user in users {
        let (result, partner) = user.await.unwrap();
        result.unwrap();
        assert_eq!(partner.refused, Vec::<String>::new());
        done += 1;
        latencies.extend(partner.latencies);
    }
    let elapsed = started.elapsed();
    ticker.abort();
    assert_eq!(done, user_count());
    latencies.sort();
    // The latency at a percentile, 0 to 100.
    let at = |percent: usize| latencies[(latencies.len() - 1) * percent / 100];
    println!(
        "load (signatures {}): {} users done in {:.2} s: {} requests, {:.0} requests/s, latency p50 {:?}, p99 {:?}, max {:?}",
        if signatures() { "on" } else { "off" },
        user_count(),
        elapsed.as_secs_f64(),
        latencies.len(),
        f64::from(u32::try_from(latencies.len()).unwrap()) / elapsed.as_secs_f64(),
        at(50),
        at(99),
        latencies.last().unwrap(),
    );
    fake.stop().await;
}
