//! bunq's ids: integers from 0 to `u64::MAX`, read with messages that say what is wrong, and typed
//! per kind of object so that a user id and an onboarding id cannot be swapped.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// What an id must be, in error messages.
const EXPECTED: &str = "an id (an integer from 0 to 18446744073709551615)";

/// `2^64` as a float: the first number too large for an id.
const TOO_LARGE: f64 = 18_446_744_073_709_551_616.0;

/// Reads an id from any number the deserializer holds.
struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<u64, E> {
        Ok(id)
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<u64, E> {
        u64::try_from(id).map_err(|_| E::invalid_value(Unexpected::Signed(id), &self))
    }

    // serde_json reads an integer beyond the 64-bit ones as a float: say what it is.
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<u64, E> {
        if number >= TOO_LARGE {
            Err(E::custom(format_args!(
                "invalid value: a number above 18446744073709551615, the largest id"
            )))
        } else if number < 0.0 {
            Err(E::invalid_value(Unexpected::Float(number), &self))
        } else {
            Err(E::invalid_type(Unexpected::Float(number), &self))
        }
    }
}

/// Reads an id (`serde(deserialize_with)`).
pub(crate) fn deserialize_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_u64(IdVisitor)
}

/// Reads an id or null (`serde(deserialize_with)`, with `default` for an absent one).
pub(crate) fn deserialize_optional_id<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<u64>, D::Error> {
    struct Id(u64);

    impl<'de> Deserialize<'de> for Id {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_id(deserializer).map(Self)
        }
    }

    Ok(Option::<Id>::deserialize(deserializer)?.map(|Id(id)| id))
}

/// Declares an id type of one kind of object.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// On the wire it is the bare integer.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u64);

        impl $name {
            /// The id `id`.
            pub const fn new(id: u64) -> Self {
                Self(id)
            }

            /// The integer.
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                Self(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_id(deserializer).map(Self)
            }
        }
    };
}

id_type! {
    /// A bunq user's id (`user_id` on the wire).
    UserId
}

id_type! {
    /// The id of a user's onboarding (`UserOnboarding`), the `{id}` of
    /// `PUT /v1/user/{user_api_key_id}/user-onboarding/{id}`.
    OnboardingId
}

id_type! {
    /// A partner's user provision's id (`PartnerUserProvision.id`).
    ProvisionId
}

id_type! {
    /// The id of a user's API key (`UserApiKey.id`): the `{user_api_key_id}` that names the user
    /// in the paths of the calls made for it.
    UserApiKeyId
}

id_type! {
    /// A provision credential's id.
    CredentialId
}

id_type! {
    /// An identity verification session's id.
    VerificationSessionId
}

id_type! {
    /// A compliance inquiry's id (`UserInformationInquiry.id`).
    InquiryId
}

id_type! {
    /// An inquiry entry's id (`UserInformationInquiryEntry.id`), unique within its inquiry.
    InquiryEntryId
}
