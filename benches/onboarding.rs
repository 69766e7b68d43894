//! The crate side by side with what a team would write instead (a `serde_json::Value` walk with
//! string comparisons) and with the floor (tokenizing only). Run with `cargo bench`; figures and
//! ratios are recorded in BENCHMARKS.md.

use std::hint::black_box;

use bunq_onboarding::{
    AdditionalFulfillmentParameter, Class, FULFILLMENT_LIFECYCLE, FulfillmentCommand,
    FulfillmentStatus, FulfillmentType, Onboarding, Policy, PutAnswer, Timestamp,
};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

const SEED: &str = include_str!("../tests/fixtures/put-onboarding-error.json");
const NOW: &str = "2025-08-13 14:45:18.621550";

/// A real-shaped answer with `rows` rows: the seed's rows repeated, with some statuses,
/// deadlines and unknown types varied so that every class occurs.
fn answer_with_rows(rows: usize) -> String {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let parameter =
        &seed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let templates: Vec<Value> = parameter["all_fulfillment"].as_array().unwrap().clone();
    let all: Vec<Value> = (0..rows)
        .map(|i| {
            let mut row = templates[i % templates.len()].clone();
            match i % 5 {
                0 => row["status"] = json!("FULFILLED"),
                1 => row["status"] = json!("IN_PROGRESS"),
                2 => row["time_mandatory"] = json!("2026-02-01 00:00:00.000000"),
                _ => {}
            }
            if i % 7 == 0 {
                row["type"] = json!(format!("UNKNOWN_TYPE_{}", i % 11));
            }
            row
        })
        .collect();
    let mut answer = seed.clone();
    answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"]["all_fulfillment"] =
        Value::Array(all);
    answer.to_string()
}

/// What a team writes by hand: walk the `Value`, compare strings, group by type.
fn peer_blocking(answer: &Value, now: &str) -> Vec<String> {
    let parameter =
        &answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let mut verdicts: Vec<(String, bool)> = Vec::new();
    for list in ["all_fulfillment", "all_fulfillment_fulfilled"] {
        for row in parameter[list].as_array().into_iter().flatten() {
            let fulfillment_type = row["type"].as_str().unwrap_or_default();
            let status = row["status"].as_str();
            let satisfied = status.is_some()
                && row["all_status_allowed"]
                    .as_array()
                    .is_some_and(|allowed| allowed.iter().any(|a| a.as_str() == status));
            let mandatory = row["time_mandatory"].as_str().is_none_or(|due| due <= now);
            let blocks = !satisfied && mandatory;
            match verdicts.iter_mut().find(|(t, _)| t == fulfillment_type) {
                Some((_, blocking)) => *blocking |= blocks,
                None => verdicts.push((fulfillment_type.to_owned(), blocks)),
            }
        }
    }
    verdicts
        .into_iter()
        .filter(|(_, blocking)| *blocking)
        .map(|(t, _)| t)
        .collect()
}

fn parameter_of(answer: &str) -> AdditionalFulfillmentParameter {
    match PutAnswer::from_json(answer).unwrap() {
        PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
        other => panic!("{other:?}"),
    }
}

fn crate_blocking(answer: &str, now: Timestamp) -> Vec<FulfillmentType> {
    let parameter = parameter_of(answer);
    let assessment = parameter.assess(now);
    assessment
        .of_class(Class::Blocking)
        .map(|v| v.fulfillment_type().clone())
        .collect()
}

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
            b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(black_box(&answer)).unwrap())
        });
        group.bench_function("crate: PutAnswer", |b| {
            b.iter(|| PutAnswer::from_json(black_box(&answer)).unwrap())
        });
        group.bench_function("crate: PutAnswer + blockers", |b| {
            b.iter(|| crate_blocking(black_box(&answer), now))
        });
        group.bench_function("peer: Value + blockers", |b| {
            b.iter(|| {
                peer_blocking(
                    &serde_json::from_str::<Value>(black_box(&answer)).unwrap(),
                    NOW,
                )
            })
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
            b.iter(|| black_box(&parameter).assess(now).can_reach_target())
        });
        group.bench_function("peer: Value walk", |b| {
            b.iter(|| peer_blocking(black_box(&value), NOW))
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
        })
    });
    let onboarding = Onboarding::new(877, 260, &Policy::default());
    group.bench_function("onboarding command (changes, records an event)", |b| {
        b.iter_batched_ref(
            || onboarding.clone(),
            |onboarding| onboarding.command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit),
            BatchSize::SmallInput,
        )
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
        })
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
        })
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
                row.reason = String::new();
                row.reason_translated = String::new();
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
        })
    });
    group.finish();
}

criterion_group!(benches, parse, assess, lifecycle, batch);
criterion_main!(benches);
