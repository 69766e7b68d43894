//! bunq's objects as read: every documented member typed, absent told apart from null (bunq's
//! examples are often partial, and absence is not information), every other member kept.

use serde::{Deserialize, Serialize, Serializer};

/// One documented member of a bunq object: absent, `null`, or a value.
///
/// ```
/// use bunq_onboarding::vocabulary::ProvisionStatus;
/// use bunq_onboarding::wire::{WireField, PartnerUserProvision};
///
/// let provision: PartnerUserProvision =
///     serde_json::from_str(r#"{"status":"CREATED","credential":null}"#)?;
/// assert_eq!(provision.status, WireField::Value(ProvisionStatus::CREATED));
/// assert_eq!(provision.credential, WireField::Null);
/// assert_eq!(provision.id, WireField::Absent);
/// assert_eq!(provision.status.get(), Some(&ProvisionStatus::CREATED));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum WireField<T> {
    /// The member was not in the object.
    #[default]
    Absent,
    /// The member was `null`.
    Null,
    /// The member's value.
    Value(T),
}

impl<T> WireField<T> {
    /// The value, if there is one.
    pub fn get(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// Whether the member was in the object (`null` included).
    pub fn is_present(&self) -> bool {
        !matches!(self, Self::Absent)
    }
}

impl<T> From<Option<T>> for WireField<T> {
    /// `None` is `null`: a member that was there.
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: Serialize> Serialize for WireField<T> {
    /// Written as `null` or the value; an object leaves an absent member out.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WireField<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

/// Declares one of bunq's objects: a struct of [`WireField`]s named as on the wire, plus `other` for
/// members the crate does not model. It reads only from a JSON object, refuses a member given
/// twice, and writes back exactly the members it read, in its declared order, then the others.
macro_rules! wire_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fdoc:meta])* $field:ident: $type:ty = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: $crate::WireField<$type>, )+
            /// Every member the crate does not model, kept as it was.
            pub other: $crate::Members,
        }

        impl $name {
            /// The documented members, as named on the wire.
            pub const MEMBERS: &'static [&'static str] = &[$($wire),+];
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if self.$field.is_present() {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )+
                for (name, value) in &self.other {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;

                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut object = $name::default();
                        while let Some(name) = map.next_key::<String>()? {
                            $(
                                if name == $wire {
                                    if object.$field.is_present() {
                                        return Err(serde::de::Error::duplicate_field($wire));
                                    }
                                    object.$field = map.next_value()?;
                                    continue;
                                }
                            )+
                            $crate::wire::object::keep_other(&mut object.other, name, &mut map)?;
                        }
                        Ok(object)
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}

pub(crate) use wire_object;

/// Keeps a member the crate does not model; a name given twice is refused.
pub(crate) fn keep_other<'de, A: serde::de::MapAccess<'de>>(
    other: &mut crate::Members,
    name: String,
    map: &mut A,
) -> Result<(), A::Error> {
    if other.contains_key(&name) {
        return Err(serde::de::Error::custom(format_args!(
            "duplicate field {}",
            crate::text::Quoted(&name)
        )));
    }
    let value = map.next_value()?;
    other.insert(name, value);
    Ok(())
}
