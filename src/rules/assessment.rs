//! The verdict: one class per fulfillment type, from the rows and `now` (`docs/rules.md` A1–A4).

use std::collections::BTreeMap;
use std::fmt;
use std::hint::select_unpredictable;

use crate::names::named;
use crate::{ActionRequired, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp};

/// A row of a known type finds its type's verdict in a slot per known type. Up to this many
/// distinct types, a row of an unknown type finds it by a linear scan (no allocation); past it an
/// ordered index keeps grouping near-linear in the number of rows.
const LINEAR_SCAN_LIMIT: usize = 16;
const KNOWN_TYPES: usize = FulfillmentType::KNOWN.len();

named! {
    /// Where a fulfillment type (or one row) stands for the requested target. Each type falls in
    /// exactly one.
    ///
    /// Not `#[non_exhaustive]`: `docs/rules.md` A3 fixes these four classes, and a `match` over them should
    /// stay exhaustive. They are declared from the most to the least urgent, so a type's class is
    /// the least of its rows' classes (`Ord`).
    pub enum Class, "class" {
        /// Unsatisfied, and some unsatisfied row is mandatory now: the target is refused.
        Blocking = "blocking",
        /// Unsatisfied, but every unsatisfied row becomes mandatory only after `now`.
        DueLater = "due_later",
        /// Satisfied, but some row only by `IN_PROGRESS`, which may still come back.
        InReview = "in_review",
        /// Satisfied and final.
        Satisfied = "satisfied",
    }
}

/// The verdict on one fulfillment type, with the rows it was drawn from.
///
/// ```
/// use bunq_onboarding::{Assessment, Class, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp};
///
/// let now: Timestamp = "2025-08-13 12:00:00.000000".parse()?;
/// let mut done = Fulfillment::new(FulfillmentType::new("MADE_UP_TYPE"), [FulfillmentStatus::FULFILLED]);
/// done.status = Some(FulfillmentStatus::FULFILLED);
/// let mut later = Fulfillment::new(FulfillmentType::new("MADE_UP_TYPE"), [FulfillmentStatus::FULFILLED]);
/// later.time_mandatory = Some("2025-11-11 00:00:00.000000".parse()?);
/// let rows = [done, later];
///
/// let assessment = Assessment::of(&rows, now);
/// let verdict = &assessment.verdicts()[0];
/// assert_eq!(verdict.class(), Class::DueLater); // one row is done, the other is not due yet
/// assert_eq!(verdict.deadline(), rows[1].time_mandatory);
/// assert_eq!(verdict.deciding_row(), &rows[1]);
/// assert_eq!(verdict.rows().count(), 2);
/// # Ok::<(), bunq_onboarding::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict<'a> {
    first: &'a Fulfillment,
    /// The first unsatisfied row that is mandatory now.
    blocking: Option<&'a Fulfillment>,
    /// The unsatisfied, not yet mandatory row with the earliest `time_mandatory`.
    due_later: Option<&'a Fulfillment>,
    /// `due_later`'s deadline as [`Timestamp::order_key`]; `u64::MAX` while there is none.
    earliest: u64,
    /// The first row satisfied by `IN_PROGRESS`.
    in_review: Option<&'a Fulfillment>,
    lists: [&'a [Fulfillment]; 2],
}

impl<'a> Verdict<'a> {
    fn new(first: &'a Fulfillment, lists: [&'a [Fulfillment]; 2]) -> Self {
        Self {
            first,
            blocking: None,
            due_later: None,
            earliest: u64::MAX,
            in_review: None,
            lists,
        }
    }

    /// Takes a row of `class` into account. Without branches: the classes of stored rows vary
    /// from one row to the next, and each mispredicted branch costs more than these selects.
    fn add(&mut self, row: &'a Fulfillment, class: Class) {
        let first_blocking = (class == Class::Blocking) & self.blocking.is_none();
        self.blocking = select_unpredictable(first_blocking, Some(row), self.blocking);
        let deadline = Timestamp::order_key(row.time_mandatory);
        let earlier = class == Class::DueLater && deadline < self.earliest;
        self.earliest = select_unpredictable(earlier, deadline, self.earliest);
        self.due_later = select_unpredictable(earlier, Some(row), self.due_later);
        let first_in_review = (class == Class::InReview) & self.in_review.is_none();
        self.in_review = select_unpredictable(first_in_review, Some(row), self.in_review);
    }

    /// The fulfillment type judged.
    pub fn fulfillment_type(&self) -> &'a FulfillmentType {
        &self.first.fulfillment_type
    }

    /// The type's class.
    pub fn class(&self) -> Class {
        if self.blocking.is_some() {
            Class::Blocking
        } else if self.due_later.is_some() {
            Class::DueLater
        } else if self.in_review.is_some() {
            Class::InReview
        } else {
            Class::Satisfied
        }
    }

    /// For a [`Class::DueLater`] type, when it becomes mandatory: the earliest `time_mandatory`
    /// of its unsatisfied rows. `None` for every other class.
    pub fn deadline(&self) -> Option<Timestamp> {
        match self.class() {
            Class::DueLater => self.due_later.and_then(|row| row.time_mandatory),
            _ => None,
        }
    }

    /// The row that decides the class: the first blocking row, the unsatisfied row due
    /// earliest, the first row in review, or else the type's first row.
    pub fn deciding_row(&self) -> &'a Fulfillment {
        self.blocking
            .or(self.due_later)
            .or(self.in_review)
            .unwrap_or(self.first)
    }

    /// Every row of this type, in the order bunq listed them.
    pub fn rows(&self) -> impl Iterator<Item = &'a Fulfillment> + use<'a> {
        let fulfillment_type = self.fulfillment_type();
        self.lists
            .into_iter()
            .flatten()
            .filter(move |row| row.fulfillment_type == *fulfillment_type)
    }
}

/// One verdict per fulfillment type, in order of first appearance.
///
/// A type is satisfied only when every one of its rows is (a duplicate row never hides a missing
/// one); the rule reads each row's own `all_status_allowed`, so unknown types and statuses are
/// judged like known ones. Time is linear in the rows for up to 16 distinct types and
/// `O(rows × log types)` past that; the verdicts are the only allocation.
///
/// ```
/// use bunq_onboarding::{Assessment, Class, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp};
///
/// let mut email = Fulfillment::new(FulfillmentType::EMAIL, [FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS]);
/// email.status = Some(FulfillmentStatus::IN_PROGRESS);
/// let birth = Fulfillment::new(FulfillmentType::DATE_OF_BIRTH, [FulfillmentStatus::FULFILLED]);
/// let rows = [email, birth];
///
/// let now: Timestamp = "2025-08-13 14:45:18.621550".parse()?;
/// let assessment = Assessment::of(&rows, now);
/// assert!(!assessment.can_reach_target());
/// let classes: Vec<_> = assessment.verdicts().iter().map(|v| (v.fulfillment_type().as_str(), v.class())).collect();
/// assert_eq!(classes, [("EMAIL", Class::InReview), ("DATE_OF_BIRTH", Class::Blocking)]);
/// # Ok::<(), bunq_onboarding::TimestampError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment<'a> {
    verdicts: Verdicts<'a>,
    lists: [&'a [Fulfillment]; 2],
    now: Timestamp,
    /// How many rows block: the target is refused exactly when some row blocks.
    blocking_rows: usize,
}

impl<'a> Assessment<'a> {
    /// Assesses one list of rows at `now`.
    pub fn of(rows: &'a [Fulfillment], now: Timestamp) -> Self {
        Self::of_lists([rows, &[]], now)
    }

    /// Assesses two lists as one, the first's types first (bunq's `all_fulfillment`, then
    /// `all_fulfillment_fulfilled`).
    pub(crate) fn of_lists(lists: [&'a [Fulfillment]; 2], now: Timestamp) -> Self {
        let rows = lists.iter().map(|list| list.len()).sum::<usize>();
        // In a short list whether a row's type was met before is unpredictable; in a long one it
        // almost always was.
        if rows <= LINEAR_SCAN_LIMIT {
            Self::grouped::<true>(lists, rows, now)
        } else {
            Self::grouped::<false>(lists, rows, now)
        }
    }

    /// The assessment, a verdict added for a new type as [`found_or_added`] says.
    fn grouped<const TENTATIVE: bool>(
        lists: [&'a [Fulfillment]; 2],
        rows: usize,
        now: Timestamp,
    ) -> Self {
        let mut assessment = Self {
            // A verdict a row, up to the limit: in a short list, a row's tentative verdict
            // (`found_or_added`) never reallocates.
            verdicts: Verdicts::with_capacity(rows.min(LINEAR_SCAN_LIMIT)),
            lists,
            now,
            blocking_rows: 0,
        };
        let mut blocking_rows = 0;
        let verdicts = &mut assessment.verdicts;
        let mut known_slots = [NO_VERDICT; KNOWN_TYPES];
        let mut index: Option<BTreeMap<&'a FulfillmentType, usize>> = None;
        for row in lists.into_iter().flatten() {
            let known_slot = row
                .fulfillment_type
                .known_index()
                .and_then(|k| known_slots.get_mut(k));
            let at = match known_slot {
                Some(slot) => of_known_type::<TENTATIVE>(verdicts, slot, row, lists),
                None => of_unknown_type::<TENTATIVE>(verdicts, row, lists, &mut index),
            };
            let class = class_of(row, now);
            blocking_rows += usize::from(class == Class::Blocking);
            if let Some(verdict) = verdicts.get_mut(at) {
                verdict.add(row, class);
            }
        }
        assessment.blocking_rows = blocking_rows;
        assessment
    }

    /// The time the rows were judged at.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Every row assessed, in bunq's order.
    pub fn rows(&self) -> impl Iterator<Item = &'a Fulfillment> + use<'a> {
        self.lists.into_iter().flatten()
    }

    /// The rows that block the target: each unsatisfied row that is mandatory at [`Self::now`],
    /// in bunq's order.
    pub fn blocking_rows(&self) -> impl Iterator<Item = &'a Fulfillment> + use<'a> {
        let now = self.now;
        self.rows()
            .filter(move |row| row.class_at(now) == Class::Blocking)
    }

    /// Every verdict, in order of first appearance.
    pub fn verdicts(&self) -> &[Verdict<'a>] {
        &self.verdicts
    }

    /// The verdict on one type, if any row has it.
    pub fn verdict(&self, fulfillment_type: &FulfillmentType) -> Option<&Verdict<'a>> {
        self.verdicts()
            .iter()
            .find(|verdict| verdict.fulfillment_type() == fulfillment_type)
    }

    /// The verdicts of one class, in order of first appearance.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Verdict<'a>> {
        self.verdicts()
            .iter()
            .filter(move |verdict| verdict.class() == class)
    }

    /// How many types fall in `class`.
    pub fn count(&self, class: Class) -> usize {
        self.of_class(class).count()
    }

    /// Whether the target can be reached: nothing blocks.
    pub fn can_reach_target(&self) -> bool {
        self.blocking_rows == 0
    }

    /// Who acts next, in bunq's words: `USER` when something blocks, else `SYSTEM` when
    /// something is in review, else `NONE`.
    pub fn action_required(&self) -> ActionRequired {
        if !self.can_reach_target() {
            ActionRequired::USER
        } else if self.of_class(Class::InReview).next().is_some() {
            ActionRequired::SYSTEM
        } else {
            ActionRequired::NONE
        }
    }
}

/// [`Fulfillment::class_at`], the one place the class of a row is decided (`docs/rules.md` A1,
/// A3); the assessment calls it for every row. It has no branch: stored rows vary from one to the
/// next, and a mispredicted branch per row costs more than this arithmetic. It lives here, beside
/// the loop: the same code in `fulfillment.rs` measured 1.22 times the instructions (callgrind).
pub(crate) fn class_of(row: &Fulfillment, now: Timestamp) -> Class {
    // The fields read directly: calling `is_satisfied` and `is_mandatory_at` here measured 1.22
    // times the instructions.
    let satisfied = row.all_status_allowed.contains_status(row.status.as_ref());
    let in_progress = row.status.as_ref().and_then(FulfillmentStatus::known_index)
        == FulfillmentStatus::IN_PROGRESS.known_index();
    let mandatory = Timestamp::order_key(row.time_mandatory) <= Timestamp::order_key(Some(now));
    // Satisfied: in review (2) or satisfied (3); else blocking (0) or due later (1).
    let position = select_unpredictable(
        satisfied,
        2 + usize::from(!in_progress),
        usize::from(!mandatory),
    );
    BY_POSITION
        .get(position)
        .copied()
        .unwrap_or(Class::Blocking)
}

/// The classes by position, most urgent first (`Class::ALL` as an array).
const BY_POSITION: [Class; 4] = [
    Class::Blocking,
    Class::DueLater,
    Class::InReview,
    Class::Satisfied,
];

/// An assessment's verdicts.
type Verdicts<'a> = Vec<Verdict<'a>>;

/// No verdict yet: a known type's slot before its first row, or an unknown type not found.
const NO_VERDICT: usize = usize::MAX;

/// The position of the verdict on `row`'s known type, recorded in `slot`, added if new.
fn of_known_type<'a, const TENTATIVE: bool>(
    verdicts: &mut Verdicts<'a>,
    slot: &mut usize,
    row: &'a Fulfillment,
    lists: [&'a [Fulfillment]; 2],
) -> usize {
    let found = *slot;
    let at = found_or_added::<TENTATIVE>(verdicts, found, row, lists);
    if TENTATIVE || found == NO_VERDICT {
        *slot = at;
    }
    at
}

/// The position of the verdict on `row`'s type, not a known one, added if new: found by a linear
/// scan up to [`LINEAR_SCAN_LIMIT`] types, by an ordered `index` past that.
fn of_unknown_type<'a, const TENTATIVE: bool>(
    verdicts: &mut Verdicts<'a>,
    row: &'a Fulfillment,
    lists: [&'a [Fulfillment]; 2],
    index: &mut Option<BTreeMap<&'a FulfillmentType, usize>>,
) -> usize {
    let fulfillment_type = &row.fulfillment_type;
    let found = match index {
        Some(index) => index.get(fulfillment_type).copied(),
        None => verdicts
            .iter()
            .position(|verdict| verdict.fulfillment_type() == fulfillment_type),
    };
    let at = found_or_added::<TENTATIVE>(verdicts, found.unwrap_or(NO_VERDICT), row, lists);
    match index {
        Some(index) if found.is_none() => {
            index.insert(fulfillment_type, at);
        }
        None if verdicts.len() > LINEAR_SCAN_LIMIT => {
            let judged = verdicts.iter().map(Verdict::fulfillment_type);
            *index = Some(judged.zip(0..).collect());
        }
        _ => {}
    }
    at
}

/// `found`, or else the position of a verdict added for `row`'s type. `TENTATIVE`, without a
/// branch: a verdict is written at the end every time and kept only when the type is new (in a
/// short list whether it is new is unpredictable, and a mispredicted branch costs more than the
/// write); otherwise only when new.
fn found_or_added<'a, const TENTATIVE: bool>(
    verdicts: &mut Verdicts<'a>,
    found: usize,
    row: &'a Fulfillment,
    lists: [&'a [Fulfillment]; 2],
) -> usize {
    let len = verdicts.len();
    let is_new = found == NO_VERDICT;
    if TENTATIVE {
        verdicts.push(Verdict::new(row, lists));
        verdicts.truncate(len + usize::from(is_new));
        select_unpredictable(is_new, len, found)
    } else if is_new {
        verdicts.push(Verdict::new(row, lists));
        len
    } else {
        found
    }
}

/// bunq's types as a table, one line per type, then a summary line (see `explain`).
impl fmt::Display for Assessment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::report::table::write_table(self, f)
    }
}
