//! The crate side by side with what a team would write instead (a `serde_json::Value` walk with
//! string comparisons) and with the floor (tokenizing only). Run with `cargo bench`; figures and
//! ratios are recorded in BENCHMARKS.md.

use std::hint::black_box;

use bunq_onboarding::ids::{OnboardingId, UserId};
use bunq_onboarding::rules::{FULFILLMENT_LIFECYCLE, FulfillmentCommand};
use bunq_onboarding::{
    AdditionalFulfillmentParameter, FulfillmentStatus, FulfillmentType, Onboarding, Policy,
    PutAnswer, Timestamp,
};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;

mod common;
use common::{
    NOW, SEED, answer_of, answer_with_rows, compact_seed, crate_blocking, of_known_types,
    parameter_of, peer_blocking, read_back, varied_onboardings, varied_rows,
};

/// The inputs of the parse benches, realistic first: bunq's answer as services store it and HTTP
/// bodies carry it (minified), 1,000 stored rows (compact), then bunq's example as printed.
fn answers() -> [(&'static str, String); 3] {
    [
        ("compact_seed", compact_seed()),
        ("1000_compact_rows", answer_with_rows(1_000)),
        ("pretty_seed", SEED.to_owned()),
    ]
}

fn parse(c: &mut Criterion) {
    let now: Timestamp = NOW.parse().unwrap();
    for (name, answer) in answers() {
        // The contenders must agree before they race.
        let peer = peer_blocking(&serde_json::from_str(&answer).unwrap(), NOW);
        let ours: Vec<String> = crate_blocking(&answer, now)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(ours, peer);
        let bytes = answer.as_bytes();

        let mut group = c.benchmark_group(format!("parse/{name}"));
        group.throughput(Throughput::Bytes(answer.len() as u64));
        group.bench_function("floor: IgnoredAny", |b| {
            b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(&answer)).unwrap());
        });
        group.bench_function("crate: from_json + blockers", |b| {
            b.iter(|| crate_blocking(black_box(&answer), now));
        });
        group.bench_function("crate: from_slice + blockers", |b| {
            b.iter(|| {
                let parameter = match PutAnswer::from_slice(black_box(bytes)).unwrap() {
                    PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
                    other => panic!("{other:?}"),
                };
                parameter.assess(now).can_reach_target()
            });
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
    for (name, parameter) in [
        ("1000_varied_rows", varied_rows(1_000)),
        ("seed", parameter_of(SEED)),
    ] {
        let value: Value = serde_json::from_str(&answer_of(parameter.clone())).unwrap();
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

/// Re-assessing every stored onboarding of a service (a deadline passed, a policy changed), one
/// core: 1,000,000 onboardings of seven rows.
fn batch(c: &mut Criterion) {
    const ONBOARDINGS: usize = 1_000_000;
    let now: Timestamp = NOW.parse().unwrap();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    let mut run = |name: &str,
                   stored: &[AdditionalFulfillmentParameter],
                   judge: &dyn Fn(&AdditionalFulfillmentParameter) -> bool| {
        let rows: usize = stored.iter().map(|p| p.rows().count()).sum();
        group.throughput(Throughput::Elements(rows as u64));
        group.bench_function(name, |b| {
            b.iter(|| stored.iter().filter(|p| judge(p)).count());
        });
    };
    let can_reach_target = |p: &AdditionalFulfillmentParameter| p.assess(now).can_reach_target();
    let read = read_back(varied_onboardings(ONBOARDINGS));
    run(
        "assess 1,000,000 stored onboardings read back from JSON, varied rows",
        &read,
        &can_reach_target,
    );
    // The memory floor of that layout: every row's status read, nothing judged.
    run(
        "floor: read each status of the same onboardings",
        &read,
        &|p| p.rows().fold(false, |odd, row| odd ^ row.status.is_some()),
    );
    drop(read);
    run(
        "assess 1,000,000 stored onboardings read back from JSON, varied rows of known types",
        &read_back(of_known_types(varied_onboardings(ONBOARDINGS))),
        &can_reach_target,
    );
    run(
        "assess 1,000,000 stored onboardings built in place, varied rows",
        &varied_onboardings(ONBOARDINGS),
        &can_reach_target,
    );
    // The seed's rows, with statuses varied over 16 patterns: the branches are learnt.
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
    let repeated: Vec<_> = (0..ONBOARDINGS)
        .map(|i| templates[i % templates.len()].clone())
        .collect();
    run(
        "assess 1,000,000 stored onboardings, the seed's rows repeated",
        &repeated,
        &can_reach_target,
    );
    group.finish();
}

criterion_group!(benches, parse, assess, lifecycle, batch);
criterion_main!(benches);
