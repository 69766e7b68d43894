//! Instruction counts, the deterministic cross-check of the timings: this machine is shared and
//! noisy, but the instructions a contender executes are the same on every run.
//!
//! `scripts/instructions.sh` runs `instructions CONTENDER N` under `valgrind --tool=callgrind` for
//! two values of N and divides the difference: instructions per call, setup excluded. Under
//! `cargo bench` (no contender given) it runs every contender once, so that it never rots.

use std::hint::black_box;

use bunq_onboarding::{
    FULFILLMENT_LIFECYCLE, FulfillmentCommand, FulfillmentStatus, PutAnswer, Timestamp,
};
use serde_json::Value;

mod common;
use common::{NOW, SEED, crate_blocking, parameter_of, peer_blocking};

const CONTENDERS: [&str; 7] = [
    "parse-floor",
    "parse-crate",
    "parse-crate-blockers",
    "parse-peer-blockers",
    "assess-crate",
    "assess-peer",
    "lifecycle-step",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    match args.as_slice() {
        [contender, calls] => run(contender, calls.parse().expect("a number of calls")),
        _ => CONTENDERS.iter().for_each(|contender| run(contender, 1)),
    }
}

fn run(contender: &str, calls: usize) {
    let now: Timestamp = NOW.parse().unwrap();
    let parameter = parameter_of(SEED);
    let value: Value = serde_json::from_str(SEED).unwrap();
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    for _ in 0..calls {
        match contender {
            "parse-floor" => {
                black_box(serde_json::from_str::<serde::de::IgnoredAny>(black_box(SEED)).unwrap());
            }
            "parse-crate" => {
                black_box(PutAnswer::from_json(black_box(SEED)).unwrap());
            }
            "parse-crate-blockers" => {
                black_box(crate_blocking(black_box(SEED), now));
            }
            "parse-peer-blockers" => {
                let value = serde_json::from_str::<Value>(black_box(SEED)).unwrap();
                black_box(peer_blocking(&value, NOW));
            }
            "assess-crate" => {
                black_box(black_box(&parameter).assess(now).can_reach_target());
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
            other => panic!("unknown contender {other}; one of {CONTENDERS:?}"),
        }
    }
}
