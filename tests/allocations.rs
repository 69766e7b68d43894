//! Allocation counts are deterministic, so the performance bounds that are about allocation are
//! tests (timings are not: they live in `benches/`). A counting global allocator counts, per
//! thread, the allocations of the code under test.
#![cfg(feature = "json")]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bunq_onboarding::{
    FULFILLMENT_LIFECYCLE, FulfillmentCommand, FulfillmentStatus, FulfillmentType, Onboarding,
    Policy, PutAnswer,
};
use common::{SEED, ts};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a plain
// thread-local `Cell` with a const initializer, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The allocations `f` makes on this thread, and its result.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (ALLOCATIONS.with(Cell::get) - before, result)
}

fn seed_parameter() -> bunq_onboarding::AdditionalFulfillmentParameter {
    match PutAnswer::from_json(SEED).unwrap() {
        PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_counter_counts() {
    let (count, boxed) = allocations(|| Box::new(7));
    assert_eq!((count, *boxed), (1, 7));
}

#[test]
fn assessing_the_seed_allocates_once() {
    let parameter = seed_parameter();
    let now = ts("2025-08-13 14:45:18.621550");
    let (count, assessment) = allocations(|| parameter.assess(now));
    assert_eq!(count, 1, "the verdicts vector, nothing else");
    let (count, verdict) = allocations(|| {
        (
            assessment.can_reach_target(),
            assessment.action_required(),
            assessment.verdicts().len(),
        )
    });
    assert_eq!(count, 0);
    assert_eq!(verdict.2, 6);
}

#[test]
fn assessing_a_thousand_rows_of_six_types_allocates_once() {
    let seed = seed_parameter();
    let rows: Vec<_> = seed.rows().cycle().take(1_000).cloned().collect();
    let now = ts("2025-08-13 14:45:18.621550");
    let (count, assessment) = allocations(|| bunq_onboarding::Assessment::of(&rows, now));
    assert_eq!(count, 1);
    assert_eq!(assessment.verdicts().len(), 6);
}

#[test]
fn a_lifecycle_step_does_not_allocate() {
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    let (count, step) =
        allocations(|| FULFILLMENT_LIFECYCLE.step(&in_progress, FulfillmentCommand::Approve));
    assert_eq!(count, 0);
    assert!(step.is_some());
    let (count, _) = allocations(|| FULFILLMENT_LIFECYCLE.step(&None, FulfillmentCommand::Approve));
    assert_eq!(count, 0, "a refusal does not allocate either");
}

#[test]
fn a_repeated_command_on_an_onboarding_does_not_allocate() {
    let mut onboarding = Onboarding::new(877, 260, &Policy::default());
    onboarding
        .command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit)
        .unwrap();
    let (count, _) =
        allocations(|| onboarding.command(&FulfillmentType::EMAIL, FulfillmentCommand::Submit));
    assert_eq!(count, 0);
}

#[test]
fn known_allowed_statuses_are_read_without_allocating() {
    let (count, allowed) = allocations(|| {
        serde_json::from_str::<bunq_onboarding::AllowedStatuses>(r#"["FULFILLED","IN_PROGRESS"]"#)
    });
    assert_eq!(count, 0);
    assert_eq!(allowed.unwrap().len(), 2);
}
