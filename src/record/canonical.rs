//! Canonical JSON: how two different values of the same version are ordered (DOMAIN.md §7).
//!
//! `serde_json`'s compact text of the value with every object's keys sorted. The keys are sorted
//! here, not left to `serde_json`'s map: a service that enables `serde_json`'s `preserve_order`
//! feature (features unify across a build) would otherwise change the crate's decisions.

use std::cmp::Ordering;
use std::fmt::Write as _;

use crate::JsonValue;

/// The canonical text of `value`.
pub(crate) fn canonical(value: &JsonValue) -> String {
    let mut text = String::new();
    write(&mut text, value);
    text
}

/// Orders two values by their canonical text, byte by byte.
pub(crate) fn cmp_canonical(a: &JsonValue, b: &JsonValue) -> Ordering {
    canonical(a).cmp(&canonical(b))
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
    fn values_order_by_their_canonical_text() {
        assert_eq!(
            cmp_canonical(&json!("ACTIVE"), &json!("CREATED")),
            Ordering::Less
        );
        assert_eq!(
            cmp_canonical(&json!({"b": 1, "a": 2}), &json!({"a": 2, "b": 1})),
            Ordering::Equal
        );
        // `null` < a string: `n` (0x6e) sorts after `"` (0x22), so the string is less.
        assert_eq!(cmp_canonical(&json!(null), &json!("x")), Ordering::Greater);
    }
}
