//! `all_status_allowed`, stored compactly: the statuses that satisfy a row, as bunq listed them.
//!
//! Assessing a row asks "is this status in the list?" millions of times a second. A list of known
//! statuses (every list bunq has published) is kept inline as 4-bit codes in one `u64`: no heap
//! allocation when parsing, no pointer to follow when assessing. Any other list (unknown text, or
//! longer than 16) is kept on the heap as it was. Order and repeats are kept either way, so a
//! round trip loses nothing.

use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::FulfillmentStatus;

const BITS: u32 = 4;
const INLINE_CAPACITY: u32 = u64::BITS / BITS;
const CODE_MASK: u64 = (1 << BITS) - 1;

// A known status is stored as its index + 1 in `BITS` bits, 0 ending the list: every known status
// must have a code below `CODE_MASK + 1`, so at most 15 known statuses.
const _: () = assert!(FulfillmentStatus::KNOWN.len() < (1 << BITS));

/// The statuses that satisfy a row (`all_status_allowed`), in bunq's order, repeats kept.
///
/// ```
/// use bunq_onboarding::FulfillmentStatus;
/// use bunq_onboarding::rules::AllowedStatuses;
///
/// let allowed = AllowedStatuses::from([FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS]);
/// assert!(allowed.contains(&FulfillmentStatus::IN_PROGRESS));
/// assert!(!allowed.contains(&FulfillmentStatus::new("MADE_UP_STATUS")));
/// assert_eq!(allowed, [FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS]);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct AllowedStatuses(Repr);

/// Canonical: a list that fits `Known` is never `Listed`, so derived equality is list equality.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Up to 16 known statuses, entry `i` in bits `4i..4i+4` as its known index + 1; 0 ends.
    Known(u64),
    /// Any other list.
    Listed(Box<[FulfillmentStatus]>),
}

impl Default for Repr {
    fn default() -> Self {
        AllowedStatuses::new().0
    }
}

impl AllowedStatuses {
    /// An empty list: nothing satisfies the row.
    pub const fn new() -> Self {
        Self(Repr::Known(0))
    }

    /// Whether `status` is in the list.
    pub fn contains(&self, status: &FulfillmentStatus) -> bool {
        self.contains_status(Some(status))
    }

    /// Whether `status` is set and in the list; for a known list without a branch on its
    /// contents (rows vary from one to the next, and assessing millions of them must not
    /// mispredict).
    pub(crate) fn contains_status(&self, status: Option<&FulfillmentStatus>) -> bool {
        match &self.0 {
            Repr::Known(codes) => {
                let code = status
                    .and_then(FulfillmentStatus::known_index)
                    .map_or(0, |index| index as u64 + 1);
                (code != 0) & has_code(*codes, code)
            }
            Repr::Listed(statuses) => status.is_some_and(|status| statuses.contains(status)),
        }
    }

    /// The statuses, in order.
    pub fn iter(&self) -> StatusIter<'_> {
        match &self.0 {
            Repr::Known(codes) => StatusIter {
                codes: *codes,
                listed: [].iter(),
            },
            Repr::Listed(statuses) => StatusIter {
                codes: 0,
                listed: statuses.iter(),
            },
        }
    }

    /// How many statuses the list holds.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Known(codes) => known_len(*codes),
            Repr::Listed(statuses) => statuses.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether some 4-bit entry of `codes` is `code` (1 to 15): the entries equal to it are zero in
/// `codes ^ (code in every entry)`, and subtracting 1 from every entry sets the top bit of, among
/// entries whose own top bit is clear, exactly the zero ones (unused entries are 0, never `code`).
fn has_code(codes: u64, code: u64) -> bool {
    const ONES: u64 = u64::MAX / 0xF; // 0x1111…1
    const TOPS: u64 = ONES << (BITS - 1); // 0x8888…8
    let differences = codes ^ (code * ONES);
    differences.wrapping_sub(ONES) & !differences & TOPS != 0
}

fn known_len(codes: u64) -> usize {
    ((u64::BITS - codes.leading_zeros()).div_ceil(BITS)) as usize
}

/// The statuses of an [`AllowedStatuses`], in order.
#[derive(Clone, Debug)]
pub struct StatusIter<'a> {
    /// Known statuses still to come, as in `Repr::Known`.
    codes: u64,
    /// Listed statuses still to come (empty when `codes` is in use).
    listed: std::slice::Iter<'a, FulfillmentStatus>,
}

impl<'a> Iterator for StatusIter<'a> {
    type Item = &'a FulfillmentStatus;

    fn next(&mut self) -> Option<Self::Item> {
        if self.codes == 0 {
            return self.listed.next();
        }
        let code = self.codes & CODE_MASK;
        self.codes >>= BITS;
        FulfillmentStatus::KNOWN.get((code as usize).checked_sub(1)?)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = known_len(self.codes) + self.listed.len();
        (len, Some(len))
    }
}

impl ExactSizeIterator for StatusIter<'_> {}

/// Builds a list one status at a time, inline as long as it can.
#[derive(Default)]
struct Builder {
    codes: u64,
    len: u32,
    spilled: Option<Vec<FulfillmentStatus>>,
}

impl Builder {
    fn push(&mut self, status: FulfillmentStatus) {
        if let Some(spilled) = &mut self.spilled {
            spilled.push(status);
            return;
        }
        match status.known_index() {
            Some(index) if self.len < INLINE_CAPACITY => {
                self.codes |= (index as u64 + 1) << (BITS * self.len);
                self.len += 1;
            }
            _ => {
                let mut spilled: Vec<FulfillmentStatus> = AllowedStatuses(Repr::Known(self.codes))
                    .iter()
                    .cloned()
                    .collect();
                spilled.push(status);
                self.spilled = Some(spilled);
            }
        }
    }

    fn finish(self) -> AllowedStatuses {
        AllowedStatuses(match self.spilled {
            Some(spilled) => Repr::Listed(spilled.into_boxed_slice()),
            None => Repr::Known(self.codes),
        })
    }
}

impl FromIterator<FulfillmentStatus> for AllowedStatuses {
    fn from_iter<I: IntoIterator<Item = FulfillmentStatus>>(statuses: I) -> Self {
        let mut builder = Builder::default();
        statuses.into_iter().for_each(|status| builder.push(status));
        builder.finish()
    }
}

impl<const N: usize> From<[FulfillmentStatus; N]> for AllowedStatuses {
    fn from(statuses: [FulfillmentStatus; N]) -> Self {
        statuses.into_iter().collect()
    }
}

impl From<Vec<FulfillmentStatus>> for AllowedStatuses {
    fn from(statuses: Vec<FulfillmentStatus>) -> Self {
        statuses.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a AllowedStatuses {
    type Item = &'a FulfillmentStatus;
    type IntoIter = StatusIter<'a>;

    fn into_iter(self) -> StatusIter<'a> {
        self.iter()
    }
}

impl PartialEq<[FulfillmentStatus]> for AllowedStatuses {
    fn eq(&self, other: &[FulfillmentStatus]) -> bool {
        self.len() == other.len() && self.iter().eq(other)
    }
}

impl<const N: usize> PartialEq<[FulfillmentStatus; N]> for AllowedStatuses {
    fn eq(&self, other: &[FulfillmentStatus; N]) -> bool {
        *self == other[..]
    }
}

impl fmt::Debug for AllowedStatuses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for AllowedStatuses {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for AllowedStatuses {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AllowedVisitor;

        impl<'de> Visitor<'de> for AllowedVisitor {
            type Value = AllowedStatuses;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence of fulfillment statuses")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AllowedStatuses, A::Error> {
                let mut builder = Builder::default();
                while let Some(status) = seq.next_element()? {
                    builder.push(status);
                }
                Ok(builder.finish())
            }
        }

        deserializer.deserialize_seq(AllowedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IN_PROGRESS: FulfillmentStatus = FulfillmentStatus::IN_PROGRESS;
    const FULFILLED: FulfillmentStatus = FulfillmentStatus::FULFILLED;

    #[test]
    fn known_lists_up_to_sixteen_stay_inline_in_order_with_repeats() {
        let list = vec![FULFILLED, IN_PROGRESS, FULFILLED];
        let allowed = AllowedStatuses::from(list.clone());
        assert!(matches!(allowed.0, Repr::Known(_)));
        assert_eq!(allowed.iter().cloned().collect::<Vec<_>>(), list);
        assert_eq!((allowed.len(), allowed.iter().len()), (3, 3));

        let sixteen: AllowedStatuses = std::iter::repeat_n(FULFILLED, 16).collect();
        assert!(matches!(sixteen.0, Repr::Known(_)));
        assert_eq!(sixteen.len(), 16);
    }

    #[test]
    fn a_list_with_unknown_text_or_longer_than_sixteen_is_listed_as_it_was() {
        let mixed = vec![
            FULFILLED,
            FulfillmentStatus::new("MADE_UP_STATUS"),
            IN_PROGRESS,
        ];
        let allowed = AllowedStatuses::from(mixed.clone());
        assert!(matches!(allowed.0, Repr::Listed(_)));
        assert_eq!(allowed.iter().cloned().collect::<Vec<_>>(), mixed);
        assert!(allowed.contains(&FulfillmentStatus::new("MADE_UP_STATUS")));

        let seventeen: Vec<_> = std::iter::repeat_n(IN_PROGRESS, 17).collect();
        let allowed = AllowedStatuses::from(seventeen.clone());
        assert!(matches!(allowed.0, Repr::Listed(_)));
        assert_eq!(allowed.iter().cloned().collect::<Vec<_>>(), seventeen);
    }

    #[test]
    fn contains_finds_every_entry_and_nothing_else() {
        let only_fulfilled = AllowedStatuses::from([FULFILLED]);
        assert!(only_fulfilled.contains(&FULFILLED));
        assert!(!only_fulfilled.contains(&IN_PROGRESS));
        let last_of_sixteen: AllowedStatuses = std::iter::repeat_n(FULFILLED, 15)
            .chain([IN_PROGRESS])
            .collect();
        assert!(last_of_sixteen.contains(&IN_PROGRESS));
        let empty = AllowedStatuses::new();
        assert!(empty.is_empty() && !empty.contains(&FULFILLED));
    }

    #[test]
    fn has_code_agrees_with_a_walk_of_the_entries() {
        // Every list of up to three entries of the 15 codes, and lists of sixteen.
        let mut lists: Vec<Vec<u64>> = vec![vec![]];
        for _ in 0..3 {
            let longer: Vec<Vec<u64>> = lists
                .iter()
                .filter(|list| list.len() == lists.last().map_or(0, Vec::len))
                .flat_map(|list| (1..=15).map(move |code| [list.clone(), vec![code]].concat()))
                .collect();
            lists.extend(longer);
        }
        lists.extend((1..=15).map(|code| vec![code; 16]));
        lists.push((1..=15).chain([7]).collect());
        for list in &lists {
            let codes = list
                .iter()
                .enumerate()
                .fold(0, |codes, (i, code)| codes | code << (BITS as usize * i));
            for code in 1..=15 {
                assert_eq!(
                    has_code(codes, code),
                    list.contains(&code),
                    "{list:?} {code}"
                );
            }
        }
    }

    #[test]
    fn a_list_equals_a_slice_or_array_only_with_the_same_statuses_in_order() {
        let allowed = AllowedStatuses::from([FULFILLED, IN_PROGRESS]);
        assert!(allowed == [FULFILLED, IN_PROGRESS]);
        assert!(allowed == [FULFILLED, IN_PROGRESS][..]);
        assert!(allowed != [IN_PROGRESS, FULFILLED], "order matters");
        assert!(allowed != [FULFILLED], "a prefix is not equal");
        assert!(
            allowed != [FULFILLED, IN_PROGRESS, IN_PROGRESS][..],
            "a longer list is not equal"
        );
        assert!(AllowedStatuses::new() != [FULFILLED]);
    }

    #[test]
    fn debug_shows_the_statuses_as_a_list() {
        let allowed = AllowedStatuses::from([FULFILLED, FulfillmentStatus::new("MADE_UP_STATUS")]);
        assert_eq!(
            format!("{allowed:?}"),
            r#"[FulfillmentStatus("FULFILLED"), FulfillmentStatus("MADE_UP_STATUS")]"#
        );
        assert_eq!(format!("{:?}", AllowedStatuses::new()), "[]");
    }

    #[test]
    fn equal_lists_are_equal_however_they_were_built() {
        let built: AllowedStatuses = [FULFILLED, IN_PROGRESS].into_iter().collect();
        let read: AllowedStatuses = serde_json::from_str(r#"["FULFILLED","IN_PROGRESS"]"#).unwrap();
        assert_eq!(built, read);
        assert_ne!(built, AllowedStatuses::from([IN_PROGRESS, FULFILLED]));
    }
}
