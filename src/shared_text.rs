//! bunq's text for people (a row's `reason`, `reason_translated`), shared when it repeats.
//!
//! A stored answer repeats the same few reasons over many rows, and `reason_translated` is most
//! often `reason` again. Each distinct text is allocated once and shared; empty text is not
//! allocated at all.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Immutable text, cheap to clone: clones share one allocation, and empty text has none.
///
/// It reads and writes as a JSON string and compares, orders and hashes as the `str` it holds.
///
/// ```
/// use bunq_onboarding::SharedText;
///
/// let reason = SharedText::from("So we know where to send your card.");
/// let translated = reason.clone(); // no copy of the text
/// assert_eq!(translated, "So we know where to send your card.");
/// assert!(SharedText::default().is_empty());
/// assert_eq!(serde_json::to_string(&reason)?, r#""So we know where to send your card.""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SharedText(
    /// `None` for empty text, so that equality, order and hash are those of the text.
    Option<Arc<str>>,
);

impl SharedText {
    /// Empty text.
    pub const EMPTY: Self = Self(None);

    /// The text `text`.
    pub fn new(text: &str) -> Self {
        Self((!text.is_empty()).then(|| Arc::from(text)))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }

    /// Whether `self` and `other` share one allocation (or are both empty): then they are equal
    /// without comparing their text.
    pub fn shares_with(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// As the `str`, as [`Borrow`] requires.
impl Hash for SharedText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        Self((!text.is_empty()).then(|| Arc::from(text)))
    }
}

impl From<SharedText> for String {
    fn from(text: SharedText) -> Self {
        text.as_str().to_owned()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<SharedText> for str {
    fn eq(&self, other: &SharedText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Reuse(None))
    }
}

/// The distinct texts already read from one list, to share rather than allocate again. Bounded,
/// so that a list of a million distinct texts costs no more than a million allocations, and
/// inline, so that it allocates nothing itself.
#[derive(Default)]
pub(crate) struct TextCache {
    texts: [SharedText; TextCache::CAPACITY],
    len: usize,
}

impl TextCache {
    /// How many distinct texts are kept; past that, new texts are allocated each time.
    const CAPACITY: usize = 16;

    /// `text`, shared with an equal text read before when there is one.
    pub(crate) fn get(&mut self, text: &str) -> SharedText {
        if text.is_empty() {
            return SharedText::EMPTY;
        }
        let known = self.texts.get(..self.len).unwrap_or_default();
        if let Some(known) = known.iter().find(|known| known.as_str() == text) {
            return known.clone();
        }
        let new = SharedText::new(text);
        if let Some(slot) = self.texts.get_mut(self.len) {
            *slot = new.clone();
            self.len += 1;
        }
        new
    }
}

/// Reads a JSON string into a [`SharedText`], through a [`TextCache`] when given one.
pub(crate) struct Reuse<'a>(pub(crate) Option<&'a mut TextCache>);

impl<'de> de::DeserializeSeed<'de> for Reuse<'_> {
    type Value = SharedText;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<SharedText, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Reuse<'_> {
    type Value = SharedText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<SharedText, E> {
        Ok(match self.0 {
            Some(cache) => cache.get(text),
            None => SharedText::new(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::hash::BuildHasher;

    use super::*;

    #[test]
    fn it_compares_orders_and_hashes_as_its_text() {
        let text = SharedText::from("So we know where to send your card.");
        let other = SharedText::from(String::from("Let's make this account truly yours."));
        assert_eq!(other.as_str(), "Let's make this account truly yours.");
        for (a, b) in [(&text, &other), (&other, &text)] {
            let (a_str, b_str) = (a.as_str(), b.as_str());
            assert!(*a == *a_str && *a != *b_str);
            assert!(*a == a_str && *a != b_str);
            let (a_string, b_string) = (a_str.to_owned(), b_str.to_owned());
            assert!(*a == a_string && *a != b_string);
            assert!(*a_str == *a && *b_str != *a);
            assert!(a_str == *a && b_str != *a);
            assert_eq!(a.cmp(b), a_str.cmp(b_str));
        }
        let hasher = std::hash::RandomState::new();
        assert_eq!(hasher.hash_one(&text), hasher.hash_one(text.as_str()));
        let by_text: HashMap<SharedText, u8> = HashMap::from([(text.clone(), 1), (other, 2)]);
        assert_eq!(by_text.get("So we know where to send your card."), Some(&1));
        assert_eq!(
            (&*text, text.as_ref(), text.to_string(), format!("{text:?}")),
            (
                "So we know where to send your card.",
                "So we know where to send your card.",
                "So we know where to send your card.".to_owned(),
                r#""So we know where to send your card.""#.to_owned()
            )
        );
        assert_eq!(String::from(text.clone()), text.as_str());
    }

    #[test]
    fn empty_text_holds_nothing_and_equals_the_empty_string() {
        for empty in [
            SharedText::EMPTY,
            SharedText::default(),
            SharedText::from(""),
            SharedText::from(String::new()),
        ] {
            assert!(empty.0.is_none() && empty.is_empty());
            assert_eq!(empty.as_str(), "");
            assert!(empty.shares_with(&SharedText::EMPTY));
            assert!(!empty.shares_with(&SharedText::from("x")));
            assert!(!SharedText::from("x").shares_with(&empty));
        }
        assert!(!SharedText::from("x").shares_with(&SharedText::from("x")));
    }

    #[cfg(feature = "json")]
    #[test]
    fn it_reads_and_writes_a_json_string() {
        let read: SharedText = serde_json::from_str(r#""caf\u00e9""#).unwrap();
        assert_eq!(read, "café");
        assert_eq!(serde_json::to_string(&read).unwrap(), r#""café""#);
        assert!(serde_json::from_str::<SharedText>("7").is_err());
    }

    #[test]
    fn a_cache_shares_repeated_text_and_stays_bounded() {
        let mut cache = TextCache::default();
        let first = cache.get("So we know where to send your card.");
        let again = cache.get("So we know where to send your card.");
        assert!(first.shares_with(&again));
        assert!(cache.get("").shares_with(&SharedText::EMPTY));
        for i in 0..TextCache::CAPACITY * 2 {
            let text = format!("reason {i}");
            assert_eq!(cache.get(&text), text.as_str());
        }
        assert_eq!(cache.len, TextCache::CAPACITY);
        let late = format!("reason {}", TextCache::CAPACITY * 2 - 1);
        assert!(
            !cache.get(&late).shares_with(&cache.get(&late)),
            "past the bound, not kept"
        );
    }
}
