//! Open vocabularies: bunq's well-known wire words plus any other text, kept exactly.
//!
//! Each type holds one of a closed set of known spellings, or text the crate has never seen, kept
//! exactly. The spelling of a known value is written once, as a
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

vocabulary! {
    /// The status of a partner's user provision (`PartnerUserProvision.status`).
    ProvisionStatus(KnownProvisionStatus), expecting "a provision status string" {
        /// `CREATED`: bunq is creating the user.
        CREATED = "CREATED",
        /// `ACTIVE`: the user exists (bunq's examples also show it before onboarding).
        ACTIVE = "ACTIVE",
        /// `CANCELLED`: the partner cancelled the provision.
        CANCELLED = "CANCELLED",
        /// `FAILED`: bunq could not provision the user.
        FAILED = "FAILED",
        /// `CLOSED`: the provision is closed.
        CLOSED = "CLOSED",
    }
}

vocabulary! {
    /// The status a partner asks for in `PUT /v1/partner-user-provision/{id}`: a request, never a
    /// status bunq reports.
    RequestedProvisionStatus(KnownRequestedProvisionStatus), expecting "a requested provision status string" {
        /// `TOKEN_RESET_REQUESTED`: a new credential, the old one expired unused.
        TOKEN_RESET_REQUESTED = "TOKEN_RESET_REQUESTED",
        /// `CANCELLED`: close the provision (bunq's docs and clients).
        CANCELLED = "CANCELLED",
        /// `PENDING_PROCESS_CLOSURE`: close the provision (bunq's Partner API spec).
        PENDING_PROCESS_CLOSURE = "PENDING_PROCESS_CLOSURE",
    }
}

vocabulary! {
    /// Why an identity verification session is made (`purpose`).
    VerificationPurpose(KnownVerificationPurpose), expecting "a verification purpose string" {
        /// `VERIFICATION`: the onboarding's identity check.
        VERIFICATION = "VERIFICATION",
    }
}

vocabulary! {
    /// Who runs an identity verification session's scan (`provider`).
    VerificationProvider(KnownVerificationProvider), expecting "a verification provider string" {
        /// `INCODE`: the scanning SDK bunq documents.
        INCODE = "INCODE",
    }
}

vocabulary! {
    /// The step a provision is at (`PartnerUserProvision.sub_status`).
    ProvisionSubStatus(KnownProvisionSubStatus), expecting "a provision sub-status string" {
        /// `NONE`.
        NONE = "NONE",
        /// `PENDING_PROCESS_USER`: bunq creates the user.
        PENDING_PROCESS_USER = "PENDING_PROCESS_USER",
        /// `PENDING_PROCESS_RELATION_USER`: bunq relates the user to the partner.
        PENDING_PROCESS_RELATION_USER = "PENDING_PROCESS_RELATION_USER",
        /// `PENDING_PROCESS_OAUTH_REQUEST`: bunq grants the partner access.
        PENDING_PROCESS_OAUTH_REQUEST = "PENDING_PROCESS_OAUTH_REQUEST",
        /// `PENDING_PROCESS_USER_ONBOARDING`: ready; the user can be onboarded.
        PENDING_PROCESS_USER_ONBOARDING = "PENDING_PROCESS_USER_ONBOARDING",
        /// `PENDING_PROCESS_CLOSURE`: the provision is closing.
        PENDING_PROCESS_CLOSURE = "PENDING_PROCESS_CLOSURE",
    }
}

vocabulary! {
    /// The status of a provision's credential, the new user's API key.
    CredentialStatus(KnownCredentialStatus), expecting "a credential status string" {
        /// `PENDING_FIRST_USE`: to be turned into a session before it expires.
        PENDING_FIRST_USE = "PENDING_FIRST_USE",
        /// `ACTIVE`: in use.
        ACTIVE = "ACTIVE",
        /// `EXPIRED`: a new one must be asked for.
        EXPIRED = "EXPIRED",
    }
}

vocabulary! {
    /// What a product of a provision is (`PartnerUserProvision.products`).
    Product(KnownProduct), expecting "a product string" {
        /// `USER_VERIFIED`.
        USER_VERIFIED = "USER_VERIFIED",
        /// `COMPANY_VERIFIED`.
        COMPANY_VERIFIED = "COMPANY_VERIFIED",
        /// `USER_ANONYMOUS_TRANSACTION_AUDIT`.
        USER_ANONYMOUS_TRANSACTION_AUDIT = "USER_ANONYMOUS_TRANSACTION_AUDIT",
    }
}

vocabulary! {
    /// How bunq processes an onboarding it is reviewing (`UserOnboarding.waiting_type`).
    WaitingType(KnownWaitingType), expecting "a waiting type string" {
        /// `AUTOMATED`.
        AUTOMATED = "AUTOMATED",
        /// `MANUAL`: a person at bunq reviews.
        MANUAL = "MANUAL",
    }
}

vocabulary! {
    /// Where an identity verification session stands.
    VerificationSessionStatus(KnownVerificationSessionStatus), expecting "a verification session status string" {
        /// `CREATED`: the user has to finish scanning.
        CREATED = "CREATED",
        /// `SUBMITTED`: the partner reported the scan finished; bunq processes it.
        SUBMITTED = "SUBMITTED",
        /// `PROCESSED`: bunq decided; see the result.
        PROCESSED = "PROCESSED",
    }
}

vocabulary! {
    /// bunq's decision on an identity verification (`result.result`).
    VerificationOutcome(KnownVerificationOutcome), expecting "a verification result string" {
        /// `APPROVED`. (Other values are not published.)
        APPROVED = "APPROVED",
    }
}

vocabulary! {
    /// The category of a callback (`NotificationUrl.category`).
    NotificationCategory(KnownNotificationCategory), expecting "a notification category string" {
        /// `PARTNER_USER_PROVISION`: a provision changed.
        PARTNER_USER_PROVISION = "PARTNER_USER_PROVISION",
        /// `USER_ONBOARDING`: an onboarding's `action_required` changed.
        USER_ONBOARDING = "USER_ONBOARDING",
        /// `USER_INFORMATION_INQUIRY`.
        USER_INFORMATION_INQUIRY = "USER_INFORMATION_INQUIRY",
    }
}

vocabulary! {
    /// The event of a callback (`NotificationUrl.event_type`).
    NotificationEvent(KnownNotificationEvent), expecting "a notification event type string" {
        /// `PARTNER_USER_PROVISION_PROCESS_UPDATED`.
        PARTNER_USER_PROVISION_PROCESS_UPDATED = "PARTNER_USER_PROVISION_PROCESS_UPDATED",
        /// `USER_ONBOARDING_UPDATED`.
        USER_ONBOARDING_UPDATED = "USER_ONBOARDING_UPDATED",
        /// `USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_USER`.
        USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_USER = "USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_USER",
        /// `USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_BUNQ`.
        USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_BUNQ = "USER_INFORMATION_INQUIRY_EXPECTING_REPLY_FROM_BUNQ",
        /// `USER_INFORMATION_INQUIRY_FINALIZED`.
        USER_INFORMATION_INQUIRY_FINALIZED = "USER_INFORMATION_INQUIRY_FINALIZED",
    }
}

vocabulary! {
    /// Why bunq asks a compliance inquiry (`UserInformationInquiry.purpose`): an open set.
    InquiryPurpose(KnownInquiryPurpose), expecting "an inquiry purpose string" {
        /// `ONBOARDING`: asked while the user is onboarded.
        ONBOARDING = "ONBOARDING",
        /// `COMPLIANCE_TRANSACTION_MONITORING`.
        COMPLIANCE_TRANSACTION_MONITORING = "COMPLIANCE_TRANSACTION_MONITORING",
        /// `COMPLIANCE_SCREENING`.
        COMPLIANCE_SCREENING = "COMPLIANCE_SCREENING",
        /// `DOCUMENT_EXPIRY_RENEWAL`: a document expired.
        DOCUMENT_EXPIRY_RENEWAL = "DOCUMENT_EXPIRY_RENEWAL",
        /// `EMPLOYMENT_STATUS_VERIFY`.
        EMPLOYMENT_STATUS_VERIFY = "EMPLOYMENT_STATUS_VERIFY",
    }
}

vocabulary! {
    /// Where a compliance inquiry stands (`UserInformationInquiry.status`).
    InquiryStatus(KnownInquiryStatus), expecting "an inquiry status string" {
        /// `EXPECTING_REPLY_FROM_USER`: an entry is to answer.
        EXPECTING_REPLY_FROM_USER = "EXPECTING_REPLY_FROM_USER",
        /// `EXPECTING_REPLY_FROM_BUNQ`: every entry is answered; bunq reviews.
        EXPECTING_REPLY_FROM_BUNQ = "EXPECTING_REPLY_FROM_BUNQ",
        /// `FINALIZED`: closed.
        FINALIZED = "FINALIZED",
    }
}

vocabulary! {
    /// What an inquiry entry asks (`UserInformationInquiryEntry.type`): an open set.
    InquiryEntryType(KnownInquiryEntryType), expecting "an inquiry entry type string" {
        /// `USER_PERSON_SOURCE_OF_FUND`.
        USER_PERSON_SOURCE_OF_FUND = "USER_PERSON_SOURCE_OF_FUND",
        /// `IDENTIFICATION_DOCUMENT_VERIFY`.
        IDENTIFICATION_DOCUMENT_VERIFY = "IDENTIFICATION_DOCUMENT_VERIFY",
    }
}

vocabulary! {
    /// Where an inquiry entry stands (`UserInformationInquiryEntry.status`).
    InquiryEntryStatus(KnownInquiryEntryStatus), expecting "an inquiry entry status string" {
        /// `PENDING`: to answer.
        PENDING = "PENDING",
        /// `SUBMITTED`: the user answered bunq directly.
        SUBMITTED = "SUBMITTED",
        /// `WAITING_FOR_REVIEW`: answered; bunq reviews.
        WAITING_FOR_REVIEW = "WAITING_FOR_REVIEW",
        /// `AUTO_APPROVED`.
        AUTO_APPROVED = "AUTO_APPROVED",
        /// `AUTO_REJECTED`: see `reject_reason`.
        AUTO_REJECTED = "AUTO_REJECTED",
        /// `APPROVED`.
        APPROVED = "APPROVED",
        /// `REJECTED`: see `reject_reason`; bunq appends a new entry when it wants more.
        REJECTED = "REJECTED",
        /// `CANCELLED`: no longer needed.
        CANCELLED = "CANCELLED",
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
