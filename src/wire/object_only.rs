//! bunq's objects are JSON objects, never arrays.
//!
//! serde's derived structs also read a sequence, field by field in declaration order, so
//! `{"Error":[["a","b"]]}` would read as an error and be written back as an object: a silent change
//! of shape. A derived struct declared `#[serde(remote = "Self")]` keeps its derived reading as an
//! inherent function, and its `Deserialize` goes through [`ObjectOnly`], which asks for a map.

use serde::Deserializer;
use serde::de::Visitor;

/// A deserializer that reads a struct only from a map (a JSON object).
pub(crate) struct ObjectOnly<D>(pub(crate) D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Implements `Deserialize` (and `Serialize`, when asked) for a struct declared
/// `#[serde(remote = "Self")]`, reading it only from a JSON object.
macro_rules! object_only {
    ($name:ty) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$name>::deserialize($crate::wire::object_only::ObjectOnly(deserializer))
            }
        }
    };
    ($name:ty, serialize) => {
        $crate::wire::object_only::object_only!($name);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$name>::serialize(self, serializer)
            }
        }
    };
}

pub(crate) use object_only;
