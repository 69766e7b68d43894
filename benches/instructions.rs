//! Instruction counts, the deterministic cross-check of the timings: this machine is shared and
//! noisy, but the instructions a contender executes are the same on every run.
//!
//! `scripts/instructions.sh` runs `instructions CONTENDER N` under `valgrind --tool=callgrind` for
//! two values of N and divides the difference: instructions per call, setup excluded. Under
//! `cargo bench` (no contender given) it runs every contender once, so that it never rots.

use std::hint::black_box;

use bunq_onboarding::rules::{FULFILLMENT_LIFECYCLE, FulfillmentCommand};
use bunq_onboarding::{
    AdditionalFulfillmentParameter, FactLine, FulfillmentStatus, PutAnswer, Timestamp, UserRecord,
};
use serde_json::Value;

mod common;
use common::{
    NOW, SEED, answer_with_rows, compact_seed, crate_blocking, parameter_of, peer_blocking,
    varied_onboardings, varied_rows,
};

/// The inputs a contender reads: bunq's example as printed, the same minified, and 1,000 compact
/// rows.
fn input(name: &str) -> String {
    match name {
        "pretty" => SEED.to_owned(),
        "compact" => compact_seed(),
        "rows" => answer_with_rows(1_000),
        "timestamp" => NOW.to_owned(),
        "varied" => String::new(),
        other => panic!("unknown input {other}"),
    }
}

const CONTENDERS: [&str; 20] = [
    "parse-floor/pretty",
    "parse-crate-blockers/pretty",
    "parse-peer-blockers/pretty",
    "parse-floor/compact",
    "parse-crate-blockers/compact",
    "parse-crate-blockers-slice/compact",
    "parse-peer-blockers/compact",
    "parse-floor/rows",
    "parse-crate-blockers/rows",
    "parse-crate-blockers-slice/rows",
    "parse-peer-blockers/rows",
    "assess-crate/pretty",
    "assess-peer/pretty",
    "assess-crate-varied/rows",
    "lifecycle-step/pretty",
    "record-duplicate-callback/pretty",
    "record-duplicate-inquiry/pretty",
    "timestamp-parse/timestamp",
    "assess-onboarding/varied",
    "record-changing-fact/varied",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if std::env::args().any(|arg| arg == "--list-contenders") {
        for contender in CONTENDERS {
            println!("{contender}");
        }
        return;
    }
    match args.as_slice() {
        [contender, calls] => run(contender, calls.parse().expect("a number of calls")),
        _ => CONTENDERS.iter().for_each(|contender| run(contender, 1)),
    }
}

fn run(contender: &str, calls: usize) {
    let (name, input_name) = contender.split_once('/').expect("CONTENDER/INPUT");
    let text = input(input_name);
    let now: Timestamp = NOW.parse().unwrap();
    // Only the assessments read the answer ahead of the calls.
    let parameter = match name {
        "assess-crate" => parameter_of(&text),
        _ => AdditionalFulfillmentParameter::default(),
    };
    let value: Value = match name {
        "assess-peer" => serde_json::from_str(&text).unwrap(),
        _ => Value::Null,
    };
    let varied = varied_rows(1_000);
    // One onboarding a call, of 10,000 stored ones with varied rows.
    let onboardings = match name {
        "assess-onboarding" => varied_onboardings(10_000),
        _ => Vec::new(),
    };
    let mut next = onboardings.iter().cycle();
    // One fact a call, each changing the record, of a stream of 1,000 (a new record each time
    // the stream starts again).
    let changes = match name {
        "record-changing-fact" => common::facts::changing_facts(1_000),
        _ => Vec::new(),
    };
    let mut told = UserRecord::new();
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    let callback = format!(
        r#"{{"received":"2025-09-03 08:24:15.000000","body":{}}}"#,
        common::minify(include_str!(
            "../tests/fixtures/bunq-published/webhook-provision-updated.json"
        ))
    );
    let fact = FactLine::from_json(&callback).unwrap().facts().remove(0);
    let mut record = UserRecord::new();
    record.apply(&fact).unwrap();
    let inquiry = common::facts::retried_inquiry_callback("2025-10-01 09:00:00.500000");
    for fact in &inquiry {
        record.apply(fact).unwrap();
    }
    for _ in 0..calls {
        match name {
            "parse-floor" => {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(&text)).unwrap());
            }
            "parse-crate-blockers" => {
                black_box(crate_blocking(black_box(&text), now));
            }
            "parse-crate-blockers-slice" => {
                let parameter = match PutAnswer::from_slice(black_box(text.as_bytes())).unwrap() {
                    PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
                    other => panic!("{other:?}"),
                };
                black_box(parameter.assess(now).can_reach_target());
            }
            "parse-peer-blockers" => {
                let value = serde_json::from_str::<Value>(black_box(&text)).unwrap();
                black_box(peer_blocking(&value, NOW));
            }
            "assess-crate" => {
                black_box(black_box(&parameter).assess(now).can_reach_target());
            }
            "assess-crate-varied" => {
                black_box(black_box(&varied).assess(now).can_reach_target());
            }
            "assess-peer" => {
                black_box(peer_blocking(black_box(&value), NOW));
            }
            "lifecycle-step" => {
                black_box(
                    FULFILLMENT_LIFECYCLE
                        .step(black_box(&in_progress), FulfillmentCommand::Approve),
                );
            }
            "assess-onboarding" => {
                let onboarding = next.next().unwrap();
                black_box(black_box(onboarding).assess(now).can_reach_target());
            }
            "record-changing-fact" => {
                let at = told.events().len();
                if at == changes.len() {
                    told = UserRecord::new();
                }
                let fact = &changes[told.events().len()];
                black_box(told.apply(black_box(fact)).unwrap());
            }
            "timestamp-parse" => {
                black_box(Timestamp::parse(black_box(&text)).unwrap());
            }
            "record-duplicate-callback" => {
                black_box(record.apply(black_box(&fact)).unwrap());
            }
            "record-duplicate-inquiry" => {
                for fact in &inquiry {
                    black_box(record.apply(black_box(fact)).unwrap());
                }
            }
            other => panic!("unknown contender {other}; one of {CONTENDERS:?}"),
        }
    }
}
