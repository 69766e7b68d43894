//! Properties of the public API as a whole.

use std::collections::BTreeSet;

/// Every public type is `Send + Sync`; the list is checked against the crate's exports (the root's
/// and its modules'), so a public type added without being listed here fails the test.
#[test]
#[allow(clippy::too_many_lines)] // one line per public type
fn every_public_type_is_send_and_sync() {
    use bunq_onboarding::*;
    use bunq_onboarding::{ids::*, rules::*, standin::*, vocabulary::*, wire::*};
    #[cfg(feature = "json")]
    use bunq_onboarding::{record::*, report::*};
    fn assert_send_sync<T: Send + Sync>() {}
    let mut checked: BTreeSet<&str> = BTreeSet::new();
    macro_rules! check {
        ($($name:ident $(=> $type:ty)?),+ $(,)?) => {
            $(
                check!(@one $name $(=> $type)?);
            )+
        };
        (@one $name:ident) => {
            assert_send_sync::<$name>();
            checked.insert(stringify!($name));
        };
        (@one $name:ident => $type:ty) => {
            assert_send_sync::<$type>();
            checked.insert(stringify!($name));
        };
    }
    check!(
        ActionRequired,
        AdditionalFulfillmentParameter,
        AllowedStatuses,
        Assessment => Assessment<'static>,
        BlockedTarget,
        Class,
        CreateOnboarding,
        CreateVerificationSession,
        CredentialId,
        CredentialStatus,
        ErrorDescription,
        OnboardingEvent,
        Fulfillment,
        FulfillmentCommand,
        FulfillmentStatus,
        FulfillmentType,
        InquiryCommand,
        InquiryEntryCommand,
        InquiryEntryId,
        InquiryEntryStatus,
        InquiryEntryType,
        InquiryId,
        InquiryPurpose,
        InquiryStatus,
        Lifecycle => Lifecycle<UserStatus, UserCommand>,
        NotificationCategory,
        NotificationEvent,
        Onboarding,
        OnboardingId,
        OnboardingType,
        Policy,
        Product,
        ProvisionId,
        ProvisionStatus,
        ProvisionSubStatus,
        ReplayError,
        RequestedProvisionStatus,
        Requirement,
        SharedText,
        StatusIter => StatusIter<'static>,
        Step => Step<UserStatus>,
        TargetRefusal,
        Timestamp,
        TimestampError,
        Transition => Transition<UserStatus, UserCommand>,
        TransitionError,
        UnknownName,
        UpdateOnboarding,
        UpdateProvision,
        UpdateVerificationSession,
        UserApiKeyId,
        UserCommand,
        UserId,
        UserStatus,
        Verdict => Verdict<'static>,
        VerificationOutcome,
        VerificationProvider,
        VerificationPurpose,
        VerificationSessionId,
        VerificationSessionStatus,
        VerificationStatus,
        WaitingType,
    );
    assert_send_sync::<Lifecycle<Option<FulfillmentStatus>, FulfillmentCommand>>();
    #[cfg(feature = "json")]
    check!(
        AdditionalParameter,
        AskedType,
        BunqError,
        ApiCall,
        CanonicalJson,
        RecordChange,
        Content,
        Credential,
        DueLater,
        Envelope,
        ErrorChange,
        Fact,
        FactCounts,
        FactLine,
        FactOutcome,
        WireField => WireField<UserId>,
        FulfillmentList,
        BareId,
        IdConflict,
        IdentityVerificationSession,
        Ids,

        ListChange,
        NextStep,
        NotAnAnswer,
        NotificationUrl,
        StoredObject,
        ObjectKey,
        Anomaly,
        AnswerInquiryEntry,
        EntryToAnswer,
        InquiryEntrySummary,
        InquirySummary,
        InquiryEntryItem,
        UserInformationInquiry,
        UserInformationInquiryEntry,
        ObjectChange,
        OnboardingSummary,
        OtherObject,
        Outcome,
        Pagination,
        ParseError,
        ParseErrorKind,
        PartnerUserProvision,
        ProvisionSummary,
        PutAnswer,
        RecordEvent,
        RecordReport => RecordReport<'static>,
        RecordState,
        RecordSummary,
        FactRefusal,
        Report => Report<'static>,
        AnsweredRequest,
        RequestError,
        ResponseItem,
        RowsChange,
        StepKind,
        SortedMembers => SortedMembers<CanonicalJson>,
        FactSubject,
        Summary,
        UserOnboarding,
        UserRecord,
        VerificationResult,
        Versioned => Versioned<Timestamp>,
        Waiting,
        WaitingOn,
    );

    // Not types: the lifecycle tables, the lifecycle traits and the aliases of serde_json's types.
    let not_types = [
        "FULFILLMENT_LIFECYCLE",
        "USER_LIFECYCLE",
        "INQUIRY_ENTRY_LIFECYCLE",
        "INQUIRY_LIFECYCLE",
        "LifecycleCommand",
        "LifecycleState",
        "JsonValue",
        "Members",
        "CanonicalMembers",
    ];
    let exported: BTreeSet<&str> = [
        include_str!("../src/lib.rs"),
        include_str!("../src/record/mod.rs"),
        include_str!("../src/report/mod.rs"),
        include_str!("../src/rules/mod.rs"),
        include_str!("../src/standin/mod.rs"),
        include_str!("../src/wire/mod.rs"),
    ]
    .into_iter()
    .flat_map(reexports)
    .chain(declared(include_str!("../src/ids.rs"), "id_type! {"))
    .chain(declared(
        include_str!("../src/vocabulary.rs"),
        "vocabulary! {",
    ))
    .filter(|name| !not_types.contains(name))
    .collect();
    if cfg!(all(feature = "json", feature = "proptest")) {
        let unchecked: Vec<_> = exported.difference(&checked).collect();
        let unexported: Vec<_> = checked.difference(&exported).collect();
        assert_eq!(
            (unchecked, unexported),
            (vec![], vec![]),
            "(not checked, not exported)"
        );
    } else {
        assert!(checked.is_subset(&exported));
    }
}

/// The types a module declares with `macro! { /// docs… Name… }`: the first word after the doc
/// lines of each invocation.
fn declared<'a>(source: &'a str, invocation: &str) -> Vec<&'a str> {
    source
        .split(invocation)
        .skip(1)
        .filter_map(|block| {
            let line = block.lines().map(str::trim).find(|line| {
                !line.is_empty() && !line.starts_with("///") && !line.starts_with("#[")
            })?;
            line.split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
        })
        .collect()
}

/// The names a module re-exports with `pub use …::{…}` or `pub use …::Name;`.
fn reexports(lib: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = lib;
    while let Some(start) = rest.find("\npub use ") {
        rest = &rest[start + 1..];
        let end = rest.find(';').unwrap();
        let statement = &rest[..end];
        let list = match statement.find('{') {
            Some(open) => &statement[open + 1..statement.rfind('}').unwrap()],
            None => statement.rsplit("::").next().unwrap(),
        };
        // `Name as Alias` exports the alias.
        names.extend(
            list.split(',')
                .filter_map(|name| name.trim().rsplit(" as ").next())
                .filter(|name| !name.is_empty()),
        );
        rest = &rest[end..];
    }
    names
}
