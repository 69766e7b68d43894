//! Open vocabularies: bunq's well-known wire words plus any other text, kept exactly.
//!
//! Each public type is a newtype over [`Word`]: a closed set of known spellings and an `Unknown`
//! arm holding text the crate has never seen. The spelling of a known value is written once, as a
//! literal beside its const (`ADDRESS_MAIN = "ADDRESS_MAIN"`); `strum` derives both directions from
//! it, and `as_str`, `Display` and serde go through it.

use std::convert::Infallible;
use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The closed set of known spellings behind one vocabulary.
trait KnownWords: Copy + Eq + Ord + Hash + FromStr + Into<&'static str> + 'static {}

/// A wire word: known, or unknown text kept exactly. A known spelling is never stored as
/// `Unknown` (only [`Word::parse`] builds words), so derived equality is equality of spelling.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Word<K> {
    Known(K),
    Unknown(Box<str>),
}

impl<K: KnownWords> Word<K> {
    fn parse(text: &str) -> Self {
        K::from_str(text).map_or_else(|_| Self::Unknown(text.into()), Self::Known)
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Known(known) => (*known).into(),
            Self::Unknown(text) => text,
        }
    }
}

/// Reads a word from any string the deserializer holds; `expecting` names the vocabulary.
fn deserialize_word<'de, K: KnownWords, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
) -> Result<Word<K>, D::Error> {
    struct WordVisitor<K>(&'static str, std::marker::PhantomData<K>);

    impl<K: KnownWords> Visitor<'_> for WordVisitor<K> {
        type Value = Word<K>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Word::parse(text))
        }
    }

    deserializer.deserialize_str(WordVisitor(expecting, std::marker::PhantomData))
}

/// Declares one open vocabulary: the public newtype, its consts and its conversions.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $name:ident($known:ident), expecting $expecting:literal {
            $( $(#[$vdoc:meta])* $konst:ident = $text:literal, )+
        }
    ) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            strum::EnumString, strum::IntoStaticStr,
        )]
        // The variants are named as the consts that hold them.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum $known {
            $( #[strum(serialize = $text)] $konst, )+
        }

        impl KnownWords for $known {}

        $(#[$doc])*
        ///
        /// Well-known values are associated consts (usable in `match`); any other wire text is
        /// kept exactly, compares by its spelling and is written back unchanged.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Word<$known>);

        impl $name {
            $( $(#[$vdoc])* pub const $konst: Self = Self(Word::Known($known::$konst)); )+

            /// The well-known values, in declaration order; position `i` is known index `i`.
            pub(crate) const KNOWN: &'static [Self] = &[$(Self::$konst),+];

            /// The position of a well-known value in [`Self::KNOWN`]; `None` for unknown text.
            pub(crate) fn known_index(&self) -> Option<usize> {
                match self.0 {
                    Word::Known(known) => Some(known as usize),
                    Word::Unknown(_) => None,
                }
            }

            /// Reads wire text. Never fails: text the crate does not know is kept exactly.
            pub fn new(text: &str) -> Self {
                Self(Word::parse(text))
            }

            /// The wire spelling, exactly as bunq writes it.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Whether this is one of the well-known values (rather than kept unknown text).
            pub fn is_known(&self) -> bool {
                self.known_index().is_some()
            }

            /// Every well-known value, in the order the docs list them.
            pub fn known() -> impl Iterator<Item = Self> {
                Self::KNOWN.iter().cloned()
            }
        }

        impl FromStr for $name {
            type Err = Infallible;

            fn from_str(text: &str) -> Result<Self, Infallible> {
                Ok(Self::new(text))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::new(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_word(deserializer, $expecting).map(Self)
            }
        }
    };
}

vocabulary! {
    /// What a fulfillment row asks for (`type` on the wire).
    FulfillmentType(KnownFulfillmentType), expecting "a fulfillment type string" {
        /// `ADDRESS_MAIN`: the user's main (residential) address.
        ADDRESS_MAIN = "ADDRESS_MAIN",
        /// `ADDRESS_POSTAL`: where bunq sends the card.
        ADDRESS_POSTAL = "ADDRESS_POSTAL",
        /// `DATE_OF_BIRTH`.
        DATE_OF_BIRTH = "DATE_OF_BIRTH",
        /// `EMAIL`.
        EMAIL = "EMAIL",
        /// `PHONE_NUMBER`: also the user's login.
        PHONE_NUMBER = "PHONE_NUMBER",
        /// `IDENTIFICATION_VERIFICATION`: the identity check.
        IDENTIFICATION_VERIFICATION = "IDENTIFICATION_VERIFICATION",
    }
}

vocabulary! {
    /// The status of a fulfillment row. "Not started" is the absence of a status
    /// (`Option<FulfillmentStatus>`, `null` on the wire).
    FulfillmentStatus(KnownFulfillmentStatus), expecting "a fulfillment status string or null" {
        /// `IN_PROGRESS`: provided and under review; it may still come back.
        IN_PROGRESS = "IN_PROGRESS",
        /// `FULFILLED`: done.
        FULFILLED = "FULFILLED",
    }
}

vocabulary! {
    /// The status of a bunq user.
    UserStatus(KnownUserStatus), expecting "a user status string" {
        /// `ACTIVE`: the user can use bunq.
        ACTIVE = "ACTIVE",
        /// `BLOCKED`: bunq blocked the user.
        BLOCKED = "BLOCKED",
        /// `SIGNUP`: still onboarding.
        SIGNUP = "SIGNUP",
        /// `RECOVERY`: in account recovery.
        RECOVERY = "RECOVERY",
        /// `DENIED`: bunq refused the user; terminal.
        DENIED = "DENIED",
        /// `ABORTED`: the user gave up; terminal.
        ABORTED = "ABORTED",
    }
}

vocabulary! {
    /// The verification status of a bunq user. "Not verified" is the absence of a status.
    VerificationStatus(KnownVerificationStatus), expecting "a verification status string" {
        /// `VERIFIED`.
        VERIFIED = "VERIFIED",
    }
}

vocabulary! {
    /// Who has to act next, in bunq's own words.
    ActionRequired(KnownActionRequired), expecting "an action-required string" {
        /// `NONE`: nobody; the target is reached or reachable.
        NONE = "NONE",
        /// `USER`: the user must provide something.
        USER = "USER",
        /// `SYSTEM`: bunq is reviewing.
        SYSTEM = "SYSTEM",
    }
}

vocabulary! {
    /// The kind of onboarding created for a user.
    OnboardingType(KnownOnboardingType), expecting "an onboarding type string" {
        /// `PARTNER_USER`: a user provisioned by a partner.
        PARTNER_USER = "PARTNER_USER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_index_is_the_position_in_the_known_list() {
        for (index, status) in FulfillmentStatus::KNOWN.iter().enumerate() {
            assert_eq!(status.known_index(), Some(index));
        }
        for (index, fulfillment_type) in FulfillmentType::KNOWN.iter().enumerate() {
            assert_eq!(fulfillment_type.known_index(), Some(index));
        }
        assert_eq!(FulfillmentStatus::new("MADE_UP_STATUS").known_index(), None);
    }
}
