//! The memory a user's record takes: heap bytes live after it was built, plus its own size.
//! Deterministic (a counting allocator), so printed rather than timed; `cargo bench --bench
//! memory` prints the figures BENCHMARKS.md records.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use bunq_onboarding::UserRecord;

mod common;
use common::facts::{changing_facts, journey};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is an atomic.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes a record holds once the facts are applied (the facts themselves excluded).
fn record_bytes(facts: &[bunq_onboarding::Fact]) -> (usize, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let mut record = UserRecord::new();
    for fact in facts {
        record.apply(fact).unwrap();
    }
    let heap = LIVE.load(Ordering::Relaxed) - before;
    let events = record.events().len();
    drop(record);
    (heap + size_of::<UserRecord>(), events)
}

fn main() {
    // `cargo bench` passes `--bench`; any filter is ignored: the figures are few.
    let journey = journey();
    let changes = changing_facts(1_000);
    println!("memory per user record (bytes: heap live after the facts + the record itself)");
    println!("{:<58} {:>8}", "a new record", size_of::<UserRecord>());
    for (name, facts) in [
        (
            "after the journey (13 fact lines, provision to VERIFIED)",
            &journey,
        ),
        ("after 1,000 facts that each change it", &changes),
    ] {
        let (bytes, events) = record_bytes(facts);
        println!("{name:<58} {bytes:>8}  ({events} events)");
    }
}
