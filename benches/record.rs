//! The partner's record of a user: applying bunq's facts, and rebuilding records from their
//! events. Run with `cargo bench --bench record`; figures are recorded in BENCHMARKS.md.

use std::hint::black_box;

use bunq_onboarding::UserRecord;
use bunq_onboarding::record::{FactOutcome, Ids};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

mod common;
use common::facts::{changing_facts, journey, retried_callback, retried_inquiry_callback};

/// Users and facts a user for the stream benches: 1,000,000 facts in all.
const USERS: usize = 1_000;
const FACTS_PER_USER: usize = 1_000;

fn apply(c: &mut Criterion) {
    let mut group = c.benchmark_group("record");
    // A user's record after its journey; bunq retries the provision callback.
    let mut record = UserRecord::new();
    for fact in journey() {
        record.apply(&fact).unwrap();
    }
    let retry = retried_callback("2025-09-03 08:30:00.000000");
    assert_eq!(record.apply(&retry), Ok(FactOutcome::Duplicate));
    group.throughput(Throughput::Elements(1));
    group.bench_function("apply a retried callback (nothing changes)", |b| {
        b.iter(|| record.apply(black_box(&retry)));
    });

    // The same user asked a compliance question; bunq retries the inquiry callback (an inquiry
    // and its entry).
    for fact in retried_inquiry_callback("2025-10-01 09:00:00.500000") {
        record.apply(&fact).unwrap();
    }
    let retried_inquiry = retried_inquiry_callback("2025-10-01 09:01:00.500000");
    group.bench_function("apply a retried inquiry callback (nothing changes)", |b| {
        b.iter(|| {
            for fact in &retried_inquiry {
                black_box(record.apply(black_box(fact))).ok();
            }
        });
    });

    // 1,000 users, each told 1,000 facts that each change its record.
    let facts = changing_facts(FACTS_PER_USER);
    group.throughput(Throughput::Elements((USERS * FACTS_PER_USER) as u64));
    group.sample_size(10);
    group.bench_function("apply 1,000,000 facts that change 1,000 records", |b| {
        b.iter(|| {
            let mut records: Vec<UserRecord> = (0..USERS).map(|_| UserRecord::new()).collect();
            for record in &mut records {
                for fact in &facts {
                    record.apply(fact).unwrap();
                }
            }
            records
        });
    });

    // The same records rebuilt from their stored events, as a service does when it starts.
    let mut told = UserRecord::new();
    for fact in &facts {
        told.apply(fact).unwrap();
    }
    let events = told.events().to_vec();
    assert_eq!(events.len(), FACTS_PER_USER);
    let stored: Vec<_> = (0..USERS).map(|_| events.clone()).collect();
    group.bench_function("replay 1,000,000 stored events into 1,000 records", |b| {
        b.iter_batched(
            || stored.clone(),
            |stored| {
                stored
                    .into_iter()
                    .map(|events| UserRecord::replay(Ids::default(), events))
                    .collect::<Vec<_>>()
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, apply);
criterion_main!(benches);
