//! Canonical JSON: how two different values of the same version are ordered (`docs/rules.md` R8).
//!
//! `serde_json`'s compact text of the value with every object's keys sorted. The keys are sorted
//! here, not left to `serde_json`'s map: a service that enables `serde_json`'s `preserve_order`
//! feature (features unify across a build) would otherwise change the crate's decisions.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::JsonValue;

/// A JSON value as its canonical text: `serde_json`'s compact text with every object's keys
/// sorted. Two values are equal when their texts are, and ordered as their texts, byte by byte;
/// so the record compares a member's values with one comparison of bytes, whatever their depth.
///
/// It serializes as the JSON value it is.
///
/// ```
/// use bunq_onboarding::record::CanonicalJson;
///
/// let value = CanonicalJson::new(&serde_json::json!({"status": "ACTIVE", "id": 7}));
/// assert_eq!(value.as_str(), r#"{"id":7,"status":"ACTIVE"}"#);
/// assert!(CanonicalJson::new(&serde_json::json!("ACTIVE")) < CanonicalJson::new(&serde_json::json!("CREATED")));
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CanonicalJson(Box<str>);

/// An object's members, by name, as canonical JSON.
pub type CanonicalMembers = SortedMembers<CanonicalJson>;

/// An object's members, sorted by name: a vector, so that walking two objects side by side
/// (a fact against the record) is a walk of two slices. Serialized as a JSON object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedMembers<V>(Vec<(String, V)>);

impl<V> Default for SortedMembers<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> SortedMembers<V> {
    /// No members.
    pub fn new() -> Self {
        Self::default()
    }

    /// The member `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        let at = self.position(name).ok()?;
        self.0.get(at).map(|(_, value)| value)
    }

    /// The member `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let at = self.position(name).ok()?;
        self.0.get_mut(at).map(|(_, value)| value)
    }

    /// Sets the member `name`.
    pub fn insert(&mut self, name: String, value: V) {
        match self.position(&name) {
            Ok(at) => {
                if let Some(slot) = self.0.get_mut(at) {
                    slot.1 = value;
                }
            }
            Err(at) => self.0.insert(at, (name, value)),
        }
    }

    /// The members, by name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &V)> {
        self.0.iter().map(|(name, value)| (name, value))
    }

    /// The members as a slice, sorted by name.
    pub fn as_slice(&self) -> &[(String, V)] {
        &self.0
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(member, _)| member.as_str().cmp(name))
    }
}

impl<V> FromIterator<(String, V)> for SortedMembers<V> {
    /// Sorted by name; of a name given twice, the last value.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(members: I) -> Self {
        let sorted: BTreeMap<String, V> = members.into_iter().collect();
        Self(sorted.into_iter().collect())
    }
}

impl<V: Serialize> Serialize for SortedMembers<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SortedMembers<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::<String, V>::deserialize(deserializer)
            .map(|members| Self(members.into_iter().collect()))
    }
}

impl CanonicalJson {
    /// The canonical text of `value`.
    pub fn new(value: &JsonValue) -> Self {
        Self(canonical(value).into_boxed_str())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value again.
    pub fn to_value(&self) -> JsonValue {
        // The text was written from a value: it reads back.
        serde_json::from_str(&self.0).unwrap_or(JsonValue::Null)
    }
}

impl fmt::Debug for CanonicalJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CanonicalJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CanonicalJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        JsonValue::deserialize(deserializer).map(|value| Self::new(&value))
    }
}

/// The canonical text of `value`.
fn canonical(value: &JsonValue) -> String {
    let mut text = String::new();
    write(&mut text, value);
    text
}

/// The canonical text of anything serializable (a typed list of rows, errors); `null` if it does
/// not serialize to JSON, which the crate's own types always do.
pub(crate) fn canonical_of(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).map_or_else(|_| "null".to_owned(), |value| canonical(&value))
}

fn write(text: &mut String, value: &JsonValue) {
    match value {
        JsonValue::Array(items) => {
            text.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                write(text, item);
            }
            text.push(']');
        }
        JsonValue::Object(members) => {
            let mut names: Vec<&String> = members.keys().collect();
            names.sort_unstable();
            text.push('{');
            for (i, name) in names.into_iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                scalar(text, &JsonValue::String(name.clone()));
                text.push(':');
                if let Some(member) = members.get(name) {
                    write(text, member);
                }
            }
            text.push('}');
        }
        scalar_value => scalar(text, scalar_value),
    }
}

/// A string, number, boolean or null as `serde_json` writes it.
fn scalar(text: &mut String, value: &JsonValue) {
    // Writing to a `String` never fails.
    let _ = write!(text, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth_and_text_is_compact() {
        let value = json!({"b": [1, {"z": null, "a": "x\"y"}], "a": true, "é": 1.5});
        assert_eq!(
            canonical(&value),
            r#"{"a":true,"b":[1,{"a":"x\"y","z":null}],"é":1.5}"#
        );
    }

    #[test]
    fn members_are_found_by_name_and_kept_sorted() {
        let mut members: SortedMembers<u8> = [
            ("b".to_owned(), 1),
            ("a".to_owned(), 2),
            ("b".to_owned(), 3),
        ]
        .into_iter()
        .collect();
        // Of a name given twice, the last value.
        assert_eq!(
            members.as_slice(),
            [("a".to_owned(), 2), ("b".to_owned(), 3)]
        );
        assert_eq!((members.len(), members.is_empty()), (2, false));
        assert_eq!(
            (members.get("a"), members.get("b"), members.get("c")),
            (Some(&2), Some(&3), None)
        );

        members.insert("c".to_owned(), 4);
        members.insert("a".to_owned(), 5);
        if let Some(value) = members.get_mut("b") {
            *value = 6;
        }
        assert_eq!(members.get_mut("z"), None);
        let names: Vec<_> = members
            .iter()
            .map(|(name, value)| (name.as_str(), *value))
            .collect();
        assert_eq!(names, [("a", 5), ("b", 6), ("c", 4)]);
        assert_eq!(members.iter().len(), 3);

        let empty = SortedMembers::<u8>::new();
        assert_eq!(
            (empty.len(), empty.is_empty(), empty.get("a")),
            (0, true, None)
        );
    }

    #[test]
    fn members_serialize_as_an_object_and_read_back_sorted() {
        let members: SortedMembers<u8> = serde_json::from_str(r#"{"b":1,"a":2}"#).unwrap();
        assert_eq!(
            members.as_slice(),
            [("a".to_owned(), 2), ("b".to_owned(), 1)]
        );
        assert_eq!(serde_json::to_string(&members).unwrap(), r#"{"a":2,"b":1}"#);
    }

    #[test]
    fn values_order_by_their_canonical_text() {
        let of = |value| CanonicalJson::new(&value);
        assert!(of(json!("ACTIVE")) < of(json!("CREATED")));
        assert_eq!(of(json!({"b": 1, "a": 2})), of(json!({"a": 2, "b": 1})));
        assert_eq!(of(json!({"b": 1, "a": [2]})).as_str(), r#"{"a":[2],"b":1}"#);
        assert_eq!(format!("{:?}", of(json!({"b": null}))), r#"{"b":null}"#);
        // A string is less than `null`: `"` (0x22) sorts before `n` (0x6e).
        assert!(of(json!(null)) > of(json!("x")));
        assert_eq!(
            of(json!({"a": [1, {"c": true}]})).to_value(),
            json!({"a": [1, {"c": true}]})
        );
    }
}
