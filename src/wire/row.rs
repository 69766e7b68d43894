//! Reading fulfillment rows, field by field: a list shares the reasons it repeats.
//!
//! Written by hand rather than derived so that a row reads its reasons through the list's
//! [`TextCache`]: a stored answer of a thousand rows repeats a handful of reasons, and reading it
//! allocates each once. Errors are those a derived reading gives (`missing field`, `duplicate
//! field`, `invalid type`), unknown fields are skipped, and a row is read only from a JSON object.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::ids::deserialize_optional_id;
use crate::shared_text::{Reuse, SharedText, TextCache};
use crate::{AllowedStatuses, Fulfillment, FulfillmentStatus, FulfillmentType, Timestamp, UserId};

impl<'de> Deserialize<'de> for Fulfillment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Row {
            reasons: &mut TextCache::default(),
            into: Return,
        }
        .deserialize(deserializer)
    }
}

/// Rows a list is first given room for: bunq's published answer lists seven.
const TYPICAL_ROWS: usize = 8;

/// Reads a list of rows (`null` or absent: empty), sharing repeated reasons.
pub(crate) fn deserialize_rows<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Fulfillment>, D::Error> {
    struct Rows;

    impl<'de> Visitor<'de> for Rows {
        type Value = Vec<Fulfillment>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence of fulfillment rows")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, rows: D) -> Result<Self::Value, D::Error> {
            rows.deserialize_seq(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut reasons = TextCache::default();
            let mut rows = Vec::new();
            loop {
                let row = Row {
                    reasons: &mut reasons,
                    into: Push(&mut rows),
                };
                if seq.next_element_seed(row)?.is_none() {
                    return Ok(rows);
                }
            }
        }
    }

    deserializer.deserialize_option(Rows)
}

/// One row, its reasons read through the list's cache, given to `into`.
struct Row<'a, I> {
    reasons: &'a mut TextCache,
    into: I,
}

/// Where a row read goes: pushed straight into its list, so that the 160-byte row is written
/// once rather than moved out of the reader and into the list; or returned.
trait Destination {
    type Value;

    fn put(self, row: Fulfillment) -> Self::Value;
}

struct Push<'a>(&'a mut Vec<Fulfillment>);

impl Destination for Push<'_> {
    type Value = ();

    fn put(self, row: Fulfillment) {
        if self.0.len() == self.0.capacity() {
            // bunq's answers list about seven rows: one allocation for them, not two.
            self.0.reserve(TYPICAL_ROWS);
        }
        self.0.push(row);
    }
}

struct Return;

impl Destination for Return {
    type Value = Fulfillment;

    fn put(self, row: Fulfillment) -> Fulfillment {
        row
    }
}

impl<'de, I: Destination> DeserializeSeed<'de> for Row<'_, I> {
    type Value = I::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<I::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Declares the row's fields once: the enum the reader matches and the writer names.
macro_rules! row_fields {
    ($($variant:ident = $name:literal,)+) => {
        /// A row's fields as bunq names them, in bunq's order; any other name is skipped.
        #[derive(Clone, Copy)]
        pub(crate) enum RowField {
            $($variant,)+
            Other,
        }

        impl RowField {
            fn of(name: &str) -> Self {
                match name {
                    $($name => Self::$variant,)+
                    _ => Self::Other,
                }
            }

            /// bunq's name of the field (empty for another field).
            pub(crate) const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                    Self::Other => "",
                }
            }
        }
    };
}

row_fields! {
    Type = "type",
    Reason = "reason",
    ReasonTranslated = "reason_translated",
    UserId = "user_id",
    Status = "status",
    TimeMandatory = "time_mandatory",
    AllStatusAllowed = "all_status_allowed",
    Id = "id",
    CreatedTimestamp = "created_timestamp",
    UpdatedTimestamp = "updated_timestamp",
}

impl<'de> Deserialize<'de> for RowField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;

        impl Visitor<'_> for FieldVisitor {
            type Value = RowField;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<RowField, E> {
                Ok(RowField::of(name))
            }
        }

        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// `Option<u64>` read as an id (`null` allowed).
struct OptionalId(Option<u64>);

impl<'de> Deserialize<'de> for OptionalId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_optional_id(deserializer).map(Self)
    }
}

/// Reads a field met for the first time; a second time is the error a derived reading gives,
/// raised before its value is read.
fn once<T, E: de::Error>(
    slot: &mut Option<T>,
    name: &'static str,
    read: impl FnOnce() -> Result<T, E>,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(read()?);
    Ok(())
}

impl<'de, I: Destination> Visitor<'de> for Row<'_, I> {
    type Value = I::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Fulfillment")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<I::Value, A::Error> {
        let mut fulfillment_type: Option<FulfillmentType> = None;
        let mut reason: Option<SharedText> = None;
        let mut reason_translated: Option<SharedText> = None;
        let mut user_id: Option<Option<UserId>> = None;
        let mut status: Option<Option<FulfillmentStatus>> = None;
        let mut time_mandatory: Option<Option<Timestamp>> = None;
        let mut all_status_allowed: Option<AllowedStatuses> = None;
        let mut id: Option<Option<u64>> = None;
        let mut created_timestamp: Option<Option<Timestamp>> = None;
        let mut updated_timestamp: Option<Option<Timestamp>> = None;
        let reasons = self.reasons;
        while let Some(field) = map.next_key::<RowField>()? {
            let name = field.name();
            match field {
                RowField::Type => once(&mut fulfillment_type, name, || map.next_value()),
                RowField::Reason => once(&mut reason, name, || {
                    map.next_value_seed(Reuse(Some(&mut *reasons)))
                }),
                RowField::ReasonTranslated => once(&mut reason_translated, name, || {
                    map.next_value_seed(Reuse(Some(&mut *reasons)))
                }),
                RowField::UserId => once(&mut user_id, name, || map.next_value()),
                RowField::Status => once(&mut status, name, || map.next_value()),
                RowField::TimeMandatory => once(&mut time_mandatory, name, || map.next_value()),
                RowField::AllStatusAllowed => once(&mut all_status_allowed, name, || {
                    let allowed: Option<AllowedStatuses> = map.next_value()?;
                    Ok(allowed.unwrap_or_default())
                }),
                RowField::Id => once(&mut id, name, || Ok(map.next_value::<OptionalId>()?.0)),
                RowField::CreatedTimestamp => {
                    once(&mut created_timestamp, name, || map.next_value())
                }
                RowField::UpdatedTimestamp => {
                    once(&mut updated_timestamp, name, || map.next_value())
                }
                RowField::Other => map.next_value::<IgnoredAny>().map(drop),
            }?;
        }
        let fulfillment_type =
            fulfillment_type.ok_or_else(|| de::Error::missing_field(RowField::Type.name()))?;
        Ok(self.into.put(Fulfillment {
            fulfillment_type,
            status: status.flatten(),
            time_mandatory: time_mandatory.flatten(),
            all_status_allowed: all_status_allowed.unwrap_or_default(),
            reason: reason.unwrap_or_default(),
            reason_translated: reason_translated.unwrap_or_default(),
            user_id: user_id.flatten(),
            id: id.flatten(),
            created_timestamp: created_timestamp.flatten(),
            updated_timestamp: updated_timestamp.flatten(),
        }))
    }
}
