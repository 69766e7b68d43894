//! Allocation counts are deterministic, so the performance bounds that are about allocation are
//! tests (timings are not: they live in `benches/`). A counting global allocator counts, per
//! thread, the allocations of the code under test.
#![cfg(feature = "json")]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bunq_onboarding::ids::{OnboardingId, UserId};
use bunq_onboarding::rules::{FULFILLMENT_LIFECYCLE, FulfillmentCommand};
use bunq_onboarding::{FulfillmentStatus, FulfillmentType, Onboarding, Policy, PutAnswer};
use common::{answer_with_rows, seed_parameter, ts};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static LIVE_BYTES: Cell<usize> = const { Cell::new(0) };
    static PEAK_BYTES: Cell<usize> = const { Cell::new(0) };
}

fn grew(bytes: usize) {
    let live = LIVE_BYTES.with(|live| {
        live.set(live.get() + bytes);
        live.get()
    });
    PEAK_BYTES.with(|peak| peak.set(peak.get().max(live)));
}

fn shrank(bytes: usize) {
    LIVE_BYTES.with(|live| live.set(live.get().saturating_sub(bytes)));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counter is a plain
// thread-local `Cell` with a const initializer, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        grew(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // While moving, both blocks may be live.
        grew(new_size);
        shrank(layout.size());
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

/// The most bytes live at once on this thread while `f` ran, above those live before it.
fn peak_bytes<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = LIVE_BYTES.with(Cell::get);
    PEAK_BYTES.with(|peak| peak.set(before));
    let result = f();
    (PEAK_BYTES.with(Cell::get) - before, result)
}

#[test]
fn a_50_mb_answer_is_read_in_memory_proportional_to_it() {
    let seed = seed_parameter();
    let row = serde_json::to_string(&seed.all_fulfillment[1]).unwrap();
    let copies = 50_000_000 / (row.len() + 1);
    let rows = vec![row.as_str(); copies].join(",");
    let text = answer_with_rows(format!("[{rows}]"), "[]");
    drop(rows);
    assert!(text.len() >= 49_000_000);
    let (peak, answer) = peak_bytes(|| PutAnswer::from_json(&text).unwrap());
    let PutAnswer::NeedsFulfillments { parameter, .. } = answer else {
        panic!()
    };
    assert_eq!(parameter.all_fulfillment.len(), copies);
    // Rows take less room than their JSON; the list doubling while it grows is the worst moment.
    assert!(
        peak < 2 * text.len(),
        "peak {peak} bytes for {} bytes of JSON",
        text.len()
    );
    let (count, assessment) = allocations(|| parameter.assess(ts("2025-08-13 14:45:18.621550")));
    assert_eq!((count, assessment.verdicts().len()), (1, 1));
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
fn a_few_unknown_types_are_grouped_without_an_index() {
    let mut rows: Vec<_> = seed_parameter().rows().cloned().collect();
    for name in ["MADE_UP_TYPE", "OTHER_MADE_UP_TYPE", "MADE_UP_TYPE"] {
        rows.push(bunq_onboarding::Fulfillment::new(
            FulfillmentType::new(name),
            [],
        ));
    }
    let now = ts("2025-08-13 14:45:18.621550");
    let (count, assessment) = allocations(|| bunq_onboarding::Assessment::of(&rows, now));
    assert_eq!((count, assessment.verdicts().len()), (1, 8));
}

#[test]
fn sixteen_unknown_types_in_a_long_list_are_grouped_in_one_allocation() {
    // Seventeen rows (a long list: no tentative verdict), sixteen types: the verdicts fill their
    // room exactly, the repeated type finds its verdict, and no index is needed yet.
    let rows: Vec<_> = (0..17)
        .map(|i| {
            let name = format!("TYPE_{}", i % 16);
            bunq_onboarding::Fulfillment::new(FulfillmentType::new(&name), [])
        })
        .collect();
    let now = ts("2025-08-13 14:45:18.621550");
    let (count, assessment) = allocations(|| bunq_onboarding::Assessment::of(&rows, now));
    assert_eq!((count, assessment.verdicts().len()), (1, 16));
}

#[test]
fn past_sixteen_unknown_types_an_ordered_index_keeps_grouping_near_linear() {
    // The index is what keeps 10,000 distinct types from costing 10,000² comparisons; timings are
    // not asserted in tests, so its allocations stand witness that it is built.
    let rows: Vec<_> = (0..17)
        .map(|i| bunq_onboarding::Fulfillment::new(FulfillmentType::new(&format!("TYPE_{i}")), []))
        .collect();
    let now = ts("2025-08-13 14:45:18.621550");
    let (count, assessment) = allocations(|| bunq_onboarding::Assessment::of(&rows, now));
    assert_eq!(assessment.verdicts().len(), 17);
    // The verdicts allocate twice (16, then 32); the index's nodes come on top.
    assert!(count > 2, "no index was built: {count} allocations");
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
    let mut onboarding =
        Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default());
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
        serde_json::from_str::<bunq_onboarding::rules::AllowedStatuses>(
            r#"["FULFILLED","IN_PROGRESS"]"#,
        )
    });
    assert_eq!(count, 0);
    assert_eq!(allowed.unwrap().len(), 2);
}

/// The facts of one line of `explain --facts`.
fn facts_of(line: &serde_json::Value) -> Vec<bunq_onboarding::Fact> {
    bunq_onboarding::FactLine::from_json(&line.to_string())
        .unwrap()
        .facts()
}

#[test]
fn applying_a_duplicate_callback_allocates_nothing_beyond_reading_it() {
    let callback: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/bunq-published/webhook-provision-updated.json"
    ))
    .unwrap();
    let mut record = bunq_onboarding::UserRecord::new();
    let first =
        facts_of(&serde_json::json!({"received": "2025-09-03 08:24:15.000000", "body": callback}));
    record.apply(&first[0]).unwrap();
    // bunq retries it a minute later: reading it allocates, applying it does not.
    let retry =
        facts_of(&serde_json::json!({"received": "2025-09-03 08:25:15.000000", "body": callback}));
    let (count, outcome) = allocations(|| record.apply(&retry[0]));
    assert_eq!(outcome, Ok(bunq_onboarding::record::FactOutcome::Duplicate));
    assert_eq!(count, 0);
    assert_eq!(record.events().len(), 1);
}

#[test]
fn applying_a_duplicate_inquiry_callback_allocates_nothing_beyond_reading_it() {
    let mut callback: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/bunq-published/webhook-inquiry-expecting-reply-from-user.json"
    ))
    .unwrap();
    callback["NotificationUrl"]["object"]["UserInformationInquiry"]["updated"] =
        serde_json::json!("2026-06-03 12:00:00.000000");
    let mut record = bunq_onboarding::UserRecord::new();
    let first =
        facts_of(&serde_json::json!({"received": "2026-06-03 12:00:01.000000", "body": callback}));
    assert_eq!(first.len(), 2, "the inquiry and its entry");
    for fact in &first {
        record.apply(fact).unwrap();
    }
    // bunq retries it a minute later: applying the inquiry and its entry allocates nothing.
    let retry =
        facts_of(&serde_json::json!({"received": "2026-06-03 12:01:01.000000", "body": callback}));
    let (count, outcomes) = allocations(|| [record.apply(&retry[0]), record.apply(&retry[1])]);
    let duplicate = Ok(bunq_onboarding::record::FactOutcome::Duplicate);
    assert_eq!(outcomes, [duplicate, duplicate]);
    assert_eq!(count, 0);
    assert_eq!(record.events().len(), 2);
}

#[test]
fn a_thousand_deliveries_of_which_one_changed_one_row_leave_one_event_of_one_row() {
    use bunq_onboarding::record::{ListChange, RecordChange};
    let seed: serde_json::Value = serde_json::from_str(common::SEED).unwrap();
    let mut changed = seed.clone();
    changed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"]["all_fulfillment"]
        [1]["status"] = serde_json::json!("FULFILLED");
    let delivery = |received: &str, body: &serde_json::Value| {
        facts_of(&serde_json::json!({"received": received,
            "request": "PUT /v1/user/1364/user-onboarding/260", "body": body}))
    };
    let original = delivery("2025-08-13 14:00:00.000000", &seed);
    let one_row = delivery("2025-08-13 14:05:00.000000", &changed);
    let mut record = bunq_onboarding::UserRecord::new();
    record.apply(&original[0]).unwrap();
    let before = record.events().len();
    for i in 0..1_000 {
        // The same answer re-delivered (a job re-running), and once the answer with one row changed.
        let fact = if i == 500 { &one_row[0] } else { &original[0] };
        record.apply(fact).unwrap();
    }
    let events = &record.events()[before..];
    assert_eq!(events.len(), 1);
    let Some(RecordChange::FulfillmentList(ListChange::Rows {
        required,
        fulfilled,
    })) = &events[0].change
    else {
        panic!("{:?}", events[0])
    };
    assert_eq!((required.rows.len(), fulfilled.rows.len()), (1, 0));
    let stored = serde_json::to_string(&record).unwrap();
    assert!(stored.len() < 12_000, "{} bytes", stored.len());
}

/// bunq's example as a service stores it: minified.
fn compact_seed() -> String {
    let value: serde_json::Value = serde_json::from_str(common::SEED).unwrap();
    value.to_string()
}

#[test]
fn reading_bunqs_answer_allocates_each_distinct_reason_once() {
    let compact = compact_seed();
    let (count, answer) = allocations(|| PutAnswer::from_json(&compact).unwrap());
    let PutAnswer::NeedsFulfillments { parameter, errors } = answer else {
        panic!("{answer:?}")
    };
    assert_eq!((parameter.rows().count(), errors.len()), (7, 1));
    // The seven rows: their two lists (one allocation each), their five distinct non-empty
    // reasons (five: each is also the translated one, shared; the two empty ones allocate
    // nothing); the error: its two descriptions and its list of parameters (the parameter's type
    // name is not copied); the envelope's list of errors and the answer's list of descriptions.
    assert_eq!(count, 2 + 5 + 3 + 2, "{count} allocations");
}

#[test]
fn a_thousand_rows_repeating_a_few_reasons_allocate_each_once() {
    let seed = seed_parameter();
    let reasons: std::collections::BTreeSet<&str> = seed
        .all_fulfillment
        .iter()
        .flat_map(|row| [row.reason.as_str(), row.reason_translated.as_str()])
        .filter(|reason| !reason.is_empty())
        .collect();
    assert_eq!(reasons.len(), 4);
    let rows: Vec<_> = seed.all_fulfillment.iter().cycle().take(1_000).collect();
    let text = answer_with_rows(serde_json::to_string(&rows).unwrap(), "[]");
    let (count, answer) = allocations(|| PutAnswer::from_json(&text).unwrap());
    let PutAnswer::NeedsFulfillments { parameter, .. } = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(parameter.all_fulfillment.len(), 1_000);
    // The list grows by doubling from eight (8 allocations up to 1,024 rows); each distinct
    // reason once; the envelope's five, as above. Not one per row.
    assert_eq!(count, 8 + reasons.len() + 5, "{count} allocations");
}
