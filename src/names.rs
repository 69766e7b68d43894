//! Closed sets of names the crate defines itself (lifecycle commands, classes, outcomes, next
//! steps): each name is written once, literally, and `as_str`, `Display`, `FromStr` and serde all
//! go through it.

use crate::text::Quoted;

/// Text that names none of the values of one of the crate's closed sets, such as a
/// [`FulfillmentCommand`](crate::FulfillmentCommand) or a [`Class`](crate::Class).
///
/// ```
/// use bunq_onboarding::rules::FulfillmentCommand;
///
/// let error = "approved".parse::<FulfillmentCommand>().unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     r#"unknown fulfillment command "approved"; expected one of: submit, accept, approve, reject, invalidate"#
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {}; expected one of: {}", Quoted(.text), .expected.join(", "))]
pub struct UnknownName {
    what: &'static str,
    text: String,
    expected: &'static [&'static str],
}

impl UnknownName {
    pub(crate) fn new(what: &'static str, text: &str, expected: &'static [&'static str]) -> Self {
        Self {
            what,
            text: text.to_owned(),
            expected,
        }
    }

    /// What was being read, e.g. `fulfillment command`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The names accepted, in declaration order.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

/// Declares a closed enum whose every value has one literal name.
macro_rules! named {
    (
        $(#[$meta:meta])*
        pub enum $name:ident, $what:literal {
            $( $(#[$vdoc:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::IntoStaticStr)]
        pub enum $name {
            $( $(#[$vdoc])* #[strum(serialize = $text)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// Every name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value's name.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::UnknownName;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == text)
                    .ok_or_else(|| $crate::UnknownName::new($what, text, Self::NAMES))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use named;
