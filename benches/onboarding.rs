//! The crate side by side with what a team would write instead (a `serde_json::Value` walk with
//! string comparisons) and with the floor (tokenizing only). Run with `cargo bench`; figures and
//! ratios are recorded in BENCHMARKS.md.

use std::hint::black_box;

use bunq_onboarding::{
    AdditionalFulfillmentParameter, FULFILLMENT_LIFECYCLE, FulfillmentCommand, FulfillmentStatus,
    FulfillmentType, Onboarding, OnboardingId, Policy, PutAnswer, SharedText, Timestamp, UserId,
};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

mod common;
use common::{NOW, SEED, answer_with_rows, crate_blocking, parameter_of, peer_blocking};

fn parse(c: &mut Criterion) {
    let now: Timestamp = NOW.parse().unwrap();
    for (name, answer) in [
        ("seed", SEED.to_owned()),
        ("1000_rows", answer_with_rows(1_000)),
    ] {
        // The contenders must agree before they race.
        let peer = peer_blocking(&serde_json::from_str(&answer).unwrap(), NOW);
        let ours: Vec<String> = crate_blocking(&answer, now)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(ours, peer);

        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(answer.len() as u64));
        group.bench_function("floor: IgnoredAny", |b| {
            b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(&answer)).unwrap());
        });
        group.bench_function("crate: PutAnswer", |b| {
            b.iter(|| PutAnswer::from_json(black_box(&answer)).unwrap());
        });
        group.bench_function("crate: PutAnswer + blockers", |b| {
            b.iter(|| crate_blocking(black_box(&answer), now));
        });
        group.bench_function("peer: Value + blockers", |b| {
            b.iter(|| {
                peer_blocking(
                    &serde_json::from_str::<Value>(black_box(&answer)).unwrap(),
                    NOW,
                )
            });
        });
        group.finish();
    }
}

fn assess(c: &mut Criterion) {
    let now: Timestamp = NOW.parse().unwrap();
    for (name, answer) in [
        ("seed", SEED.to_owned()),
        ("1000_rows", answer_with_rows(1_000)),
        ("100000_rows", answer_with_rows(100_000)),
    ] {
        let parameter = parameter_of(&answer);
        let value: Value = serde_json::from_str(&answer).unwrap();
        let rows = parameter.rows().count() as u64;
        let mut group = c.benchmark_group(format!("assess/{name}"));
        group.throughput(Throughput::Elements(rows));
        group.bench_function("crate: assess", |b| {
            b.iter(|| black_box(&parameter).assess(now).can_reach_target());
        });
        group.bench_function("peer: Value walk", |b| {
            b.iter(|| peer_blocking(black_box(&value), NOW));
        });
        group.finish();
    }
}

fn lifecycle(c: &mut Criterion) {
    let mut group = c.benchmark_group("lifecycle");
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    group.bench_function("table step", |b| {
        b.iter(|| {
            FULFILLMENT_LIFECYCLE.step(
                black_box(&in_progress),
                black_box(FulfillmentCommand::Approve),
            )
        });
    });
    let onboarding = Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
    group.bench_function("onboarding command (changes, records an event)", |b| {
        b.iter_batched_ref(
            || onboarding.clone(),
            |onboarding| onboarding.command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit),
            BatchSize::SmallInput,
        );
    });
    let mut submitted = onboarding.clone();
    submitted
        .command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit)
        .unwrap();
    group.bench_function("onboarding command (repeat, no-op)", |b| {
        b.iter(|| {
            submitted.command(
                black_box(&FulfillmentType::EMAIL),
                FulfillmentCommand::Submit,
            )
        });
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    const ONBOARDINGS: usize = 1_000_000;
    let now: Timestamp = NOW.parse().unwrap();
    let templates: Vec<AdditionalFulfillmentParameter> = (0..16)
        .map(|i| {
            let mut parameter = parameter_of(SEED);
            for (k, row) in parameter.all_fulfillment.iter_mut().enumerate() {
                if (i >> (k % 4)) & 1 == 1 {
                    row.status = Some(FulfillmentStatus::FULFILLED);
                }
            }
            parameter
        })
        .collect();
    let store =
        |templates: &[AdditionalFulfillmentParameter]| -> Vec<AdditionalFulfillmentParameter> {
            (0..ONBOARDINGS)
                .map(|i| templates[i % templates.len()].clone())
                .collect()
        };
    let stored = store(&templates);
    let rows: usize = stored.iter().map(|p| p.rows().count()).sum();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function("assess 1,000,000 stored onboardings", |b| {
        b.iter(|| {
            stored
                .iter()
                .filter(|p| p.assess(now).can_reach_target())
                .count()
        });
    });
    drop(stored);
    // Diagnostic: the same rows without reason texts, whose heap blocks otherwise sit between
    // one onboarding's rows and the next; the difference is memory traffic, not computation.
    let without_reasons: Vec<AdditionalFulfillmentParameter> = templates
        .iter()
        .cloned()
        .map(|mut parameter| {
            let rows = parameter.all_fulfillment.iter_mut();
            for row in rows.chain(&mut parameter.all_fulfillment_fulfilled) {
                row.reason = SharedText::EMPTY;
                row.reason_translated = SharedText::EMPTY;
            }
            parameter
        })
        .collect();
    let stored = store(&without_reasons);
    group.bench_function("same rows, reasons empty (diagnostic)", |b| {
        b.iter(|| {
            stored
                .iter()
                .filter(|p| p.assess(now).can_reach_target())
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, parse, assess, lifecycle, batch);
criterion_main!(benches);
