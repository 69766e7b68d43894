//! The stand-in's onboarding: commands, the target request, events and replay.

mod common;

use bunq_onboarding::ids::{OnboardingId, UserId};
#[cfg(feature = "json")]
use bunq_onboarding::rules::AllowedStatuses;
use bunq_onboarding::rules::FulfillmentCommand::*;
use bunq_onboarding::rules::{Step, UserCommand};
#[cfg(feature = "json")]
use bunq_onboarding::standin::BlockedTarget;
use bunq_onboarding::standin::{
    OnboardingEvent, ReplayError, Requirement, TargetRefusal, TransitionError,
};
use bunq_onboarding::vocabulary::{UserStatus, VerificationStatus};
use bunq_onboarding::{Class, FulfillmentStatus, FulfillmentType, Onboarding, Policy, SharedText};
#[cfg(feature = "json")]
use common::seed_parameter;
use common::{due, row, ts};

const NOW: &str = "2025-08-13 14:45:18.621550";

fn onboarding() -> Onboarding {
    Onboarding::new(UserId::new(877), OnboardingId::new(260), &Policy::default())
}

/// Every known type accepted: nothing blocks.
fn complete() -> Onboarding {
    let mut onboarding = onboarding();
    for fulfillment_type in FulfillmentType::known() {
        onboarding.command(&fulfillment_type, Accept).unwrap();
    }
    onboarding
}

/// Asks for the target at `NOW` and checks that the user became `ACTIVE` and `VERIFIED`.
#[track_caller]
fn assert_reaches_target(onboarding: &mut Onboarding) {
    assert_eq!(
        onboarding.request_target(ts(NOW)),
        Ok(Step::Changed(UserStatus::ACTIVE))
    );
    assert_eq!(
        onboarding.verification_status(),
        Some(&VerificationStatus::VERIFIED)
    );
}

#[test]
fn a_new_onboarding_starts_in_signup_with_the_policys_rows_not_started() {
    let onboarding = onboarding();
    assert_eq!(
        (onboarding.user_id(), onboarding.onboarding_id()),
        (UserId::new(877), OnboardingId::new(260))
    );
    assert_eq!(onboarding.onboarding_type(), "PARTNER_USER");
    assert_eq!(onboarding.user_status(), &UserStatus::SIGNUP);
    assert_eq!(onboarding.verification_status(), None);
    assert_eq!(onboarding.target().user_status_desired, UserStatus::ACTIVE);
    assert_eq!(onboarding.rows().len(), 6);
    assert!(
        onboarding
            .rows()
            .iter()
            .all(|row| row.status.is_none() && row.user_id == Some(UserId::new(877)))
    );
    assert!(matches!(
        onboarding.events(),
        [OnboardingEvent::Created { .. }]
    ));
}

#[cfg(feature = "json")]
#[test]
fn the_default_policy_asks_what_the_seed_asks() {
    let seed = seed_parameter();
    let mut expected: Vec<(FulfillmentType, AllowedStatuses, SharedText)> = Vec::new();
    for row in seed.rows() {
        if !expected.iter().any(|(t, _, _)| *t == row.fulfillment_type) {
            expected.push((
                row.fulfillment_type.clone(),
                row.all_status_allowed.clone(),
                row.reason.clone(),
            ));
        }
    }
    let policy: Vec<_> = Policy::default()
        .requirements
        .into_iter()
        .map(|r| (r.fulfillment_type, r.all_status_allowed, r.reason))
        .collect();
    assert_eq!(policy, expected);
}

#[test]
fn commands_follow_the_lifecycle_and_repeats_are_no_ops() {
    let mut onboarding = onboarding();
    let email = FulfillmentType::EMAIL;
    assert_eq!(
        onboarding.command(&email, Submit),
        Ok(Step::Changed(Some(FulfillmentStatus::IN_PROGRESS)))
    );
    let events = onboarding.events().len();
    assert_eq!(onboarding.command(&email, Submit), Ok(Step::Unchanged));
    assert_eq!(onboarding.events().len(), events, "a no-op leaves no event");
    assert_eq!(
        onboarding.command(&email, Approve),
        Ok(Step::Changed(Some(FulfillmentStatus::FULFILLED)))
    );
    assert_eq!(
        onboarding.command(&email, Invalidate),
        Ok(Step::Changed(None))
    );
    let email_row = onboarding
        .rows()
        .iter()
        .find(|r| r.fulfillment_type == email)
        .unwrap();
    assert_eq!(email_row.status, None);
}

#[test]
fn an_illegal_command_is_refused_with_its_context_and_changes_nothing() {
    let mut onboarding = onboarding();
    onboarding.command(&FulfillmentType::EMAIL, Accept).unwrap();
    let before = onboarding.clone();
    let error = onboarding
        .reject(&FulfillmentType::EMAIL, Some("typo".into()))
        .unwrap_err();
    assert_eq!(
        error,
        TransitionError::Fulfillment {
            fulfillment_type: FulfillmentType::EMAIL,
            status: Some(FulfillmentStatus::FULFILLED),
            command: Reject
        }
    );
    assert_eq!(
        error.to_string(),
        "cannot reject EMAIL: its status is FULFILLED"
    );
    assert_eq!(
        onboarding
            .command(&FulfillmentType::DATE_OF_BIRTH, Approve)
            .unwrap_err()
            .to_string(),
        "cannot approve DATE_OF_BIRTH: its status is not started"
    );
    assert_eq!(
        onboarding
            .command(&FulfillmentType::new("OTHER_MADE_UP_TYPE"), Submit)
            .unwrap_err()
            .to_string(),
        "cannot submit OTHER_MADE_UP_TYPE: the onboarding has no such fulfillment"
    );
    assert_eq!(onboarding, before);
}

#[test]
fn a_rejection_keeps_its_reason_in_the_event() {
    let mut onboarding = onboarding();
    onboarding
        .command(&FulfillmentType::IDENTIFICATION_VERIFICATION, Submit)
        .unwrap();
    let step = onboarding.reject(
        &FulfillmentType::IDENTIFICATION_VERIFICATION,
        Some("blurry photo".into()),
    );
    assert_eq!(step, Ok(Step::Changed(None)));
    assert_eq!(
        onboarding.events().last(),
        Some(&OnboardingEvent::Commanded {
            fulfillment_type: FulfillmentType::IDENTIFICATION_VERIFICATION,
            command: Reject,
            reason: Some("blurry photo".into())
        })
    );
}

#[test]
fn a_command_moves_every_row_of_its_type_or_none() {
    let policy = Policy {
        requirements: vec![
            Requirement {
                fulfillment_type: FulfillmentType::ADDRESS_MAIN,
                all_status_allowed: [FulfillmentStatus::FULFILLED].into(),
                time_mandatory: None,
                reason: SharedText::EMPTY,
            };
            2
        ],
    };
    let mut onboarding = Onboarding::new(UserId::new(1), OnboardingId::new(2), &policy);
    onboarding
        .command(&FulfillmentType::ADDRESS_MAIN, Submit)
        .unwrap();
    assert!(
        onboarding
            .rows()
            .iter()
            .all(|r| r.status == Some(FulfillmentStatus::IN_PROGRESS))
    );
    // When one row is FULFILLED, `reject` fits only the other, so neither row moves.
    let mut rows = onboarding.rows().to_vec();
    rows[1].status = Some(FulfillmentStatus::FULFILLED);
    let mut onboarding = Onboarding::with_rows(UserId::new(1), OnboardingId::new(2), rows);
    onboarding
        .command(&FulfillmentType::ADDRESS_MAIN, Reject)
        .unwrap_err();
    assert_eq!(
        onboarding.rows()[0].status,
        Some(FulfillmentStatus::IN_PROGRESS)
    );
}

#[test]
fn a_status_the_crate_does_not_know_accepts_no_command() {
    let waived = row("EMAIL", Some("MADE_UP_STATUS"), &["MADE_UP_STATUS"]);
    let mut onboarding =
        Onboarding::with_rows(UserId::new(877), OnboardingId::new(260), vec![waived]);
    for command in [Submit, Accept, Approve, Reject, Invalidate] {
        let error = onboarding
            .command(&FulfillmentType::EMAIL, command)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("cannot {command} EMAIL: its status is MADE_UP_STATUS")
        );
    }
}

#[test]
fn the_user_status_has_its_own_lifecycle() {
    let mut onboarding = onboarding();
    assert_eq!(
        onboarding.user_command(UserCommand::Activate),
        Err(TransitionError::ActivationNeedsTarget {
            user_id: UserId::new(877)
        })
    );
    assert_eq!(
        onboarding
            .user_command(UserCommand::Block)
            .unwrap_err()
            .to_string(),
        "cannot block user 877: its status is SIGNUP"
    );
    assert_eq!(
        onboarding.user_command(UserCommand::Deny),
        Ok(Step::Changed(UserStatus::DENIED))
    );
    assert_eq!(
        onboarding.user_command(UserCommand::Deny),
        Ok(Step::Unchanged)
    );
    let before = onboarding.clone();
    assert!(
        onboarding.user_command(UserCommand::Abort).is_err(),
        "DENIED is terminal"
    );
    let refused = onboarding.request_target(ts(NOW)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "cannot activate user 877: its status is DENIED"
    );
    assert!(matches!(
        refused,
        TargetRefusal::Lifecycle(TransitionError::User { .. })
    ));
    assert_eq!(onboarding, before);
}

#[test]
fn the_target_is_reached_only_when_nothing_blocks() {
    let mut onboarding = onboarding();
    let before = onboarding.clone();
    let Err(TargetRefusal::Blocked(blocked)) = onboarding.request_target(ts(NOW)) else {
        panic!()
    };
    assert_eq!(onboarding, before, "a refused request changes nothing");
    assert_eq!(blocked.blocking_rows().len(), 6);
    assert_eq!(
        blocked.to_string(),
        "the target is blocked by ADDRESS_MAIN, DATE_OF_BIRTH, EMAIL, ADDRESS_POSTAL, \
         IDENTIFICATION_VERIFICATION, PHONE_NUMBER"
    );

    let mut onboarding = complete();
    assert_reaches_target(&mut onboarding);
    assert_eq!(
        onboarding.events().last(),
        Some(&OnboardingEvent::TargetReached { now: ts(NOW) })
    );
    let events = onboarding.events().len();
    assert_eq!(onboarding.request_target(ts(NOW)), Ok(Step::Unchanged));
    assert_eq!(onboarding.events().len(), events);
}

#[test]
fn a_replayed_onboarding_keeps_the_target_it_was_created_with() {
    let target = bunq_onboarding::wire::UpdateOnboarding {
        user_status_desired: UserStatus::ACTIVE,
        user_verification_status_desired: VerificationStatus::new("VERIFIED_PLUS"),
    };
    let OnboardingEvent::Created {
        user_id,
        onboarding_id,
        onboarding_type,
        rows,
        ..
    } = onboarding().events()[0].clone()
    else {
        panic!()
    };
    let created = OnboardingEvent::Created {
        user_id,
        onboarding_id,
        onboarding_type,
        target: target.clone(),
        rows,
    };
    let mut replayed = Onboarding::replay([created]).unwrap();
    assert_eq!(replayed.target(), &target);
    for fulfillment_type in FulfillmentType::known() {
        replayed.command(&fulfillment_type, Accept).unwrap();
    }
    let before = replayed.clone();
    let refusal = replayed.request_target(ts(NOW)).unwrap_err();
    assert_eq!(
        refusal,
        TargetRefusal::Unsupported {
            target: target.clone()
        }
    );
    assert_eq!(
        refusal.to_string(),
        "cannot request the target ACTIVE / VERIFIED_PLUS: only ACTIVE / VERIFIED is supported"
    );
    assert_eq!(replayed, before, "a refused target changes nothing");
    assert_eq!(replayed.verification_status(), None);

    // A target whose user status the target request cannot reach is refused the same way.
    let OnboardingEvent::Created {
        user_id,
        onboarding_id,
        onboarding_type,
        rows,
        ..
    } = onboarding().events()[0].clone()
    else {
        panic!()
    };
    let deny = bunq_onboarding::wire::UpdateOnboarding {
        user_status_desired: UserStatus::DENIED,
        user_verification_status_desired: VerificationStatus::VERIFIED,
    };
    let mut replayed = Onboarding::replay([OnboardingEvent::Created {
        user_id,
        onboarding_id,
        onboarding_type,
        target: deny.clone(),
        rows,
    }])
    .unwrap();
    for fulfillment_type in FulfillmentType::known() {
        replayed.command(&fulfillment_type, Accept).unwrap();
    }
    assert_eq!(
        replayed.request_target(ts(NOW)),
        Err(TargetRefusal::Unsupported { target: deny })
    );
    assert_eq!(replayed.user_status(), &UserStatus::SIGNUP);
}

#[test]
fn in_review_and_due_later_rows_do_not_block_the_target() {
    let mut onboarding = complete();
    onboarding
        .command(&FulfillmentType::EMAIL, Invalidate)
        .unwrap();
    onboarding.command(&FulfillmentType::EMAIL, Submit).unwrap();
    let later = due(
        row("OTHER_MADE_UP_TYPE", None, &["FULFILLED"]),
        "2025-11-11 00:00:00.000000",
    );
    let mut rows = onboarding.rows().to_vec();
    rows.push(later);
    let mut onboarding = Onboarding::with_rows(UserId::new(877), OnboardingId::new(260), rows);
    assert_eq!(
        onboarding.request_target(ts(NOW)),
        Ok(Step::Changed(UserStatus::ACTIVE))
    );
}

#[test]
fn a_due_row_blocks_from_its_deadline_on() {
    let mut rows = complete().rows().to_vec();
    rows.push(due(row("OTHER_MADE_UP_TYPE", None, &["FULFILLED"]), NOW));
    let mut onboarding = Onboarding::with_rows(UserId::new(877), OnboardingId::new(260), rows);
    let Err(TargetRefusal::Blocked(blocked)) = onboarding.request_target(ts(NOW)) else {
        panic!()
    };
    assert_eq!(
        blocked.blocking_types(),
        [&FulfillmentType::new("OTHER_MADE_UP_TYPE")]
    );
}

#[test]
fn an_invalidation_after_the_target_keeps_the_user_active_but_blocks_a_new_request() {
    let mut onboarding = complete();
    onboarding.request_target(ts(NOW)).unwrap();
    onboarding
        .command(&FulfillmentType::ADDRESS_MAIN, Invalidate)
        .unwrap();
    assert_eq!(onboarding.user_status(), &UserStatus::ACTIVE);
    assert_eq!(
        onboarding.verification_status(),
        Some(&VerificationStatus::VERIFIED)
    );
    let assessment = onboarding.assess(ts(NOW));
    let blocking: Vec<_> = assessment
        .of_class(Class::Blocking)
        .map(|v| v.fulfillment_type().as_str())
        .collect();
    assert_eq!(blocking, ["ADDRESS_MAIN"]);
    assert!(matches!(
        onboarding.request_target(ts(NOW)),
        Err(TargetRefusal::Blocked(_))
    ));
}

#[cfg(feature = "json")]
#[test]
fn the_refusal_is_bunqs_error_envelope_and_reads_back_to_the_seeds_blocking_set() {
    use bunq_onboarding::PutAnswer;
    // bunq's example, as a stand-in's onboarding.
    let rows = seed_parameter().rows().cloned().collect();
    let mut onboarding = Onboarding::with_rows(UserId::new(877), OnboardingId::new(260), rows);
    let Err(TargetRefusal::Blocked(blocked)) = onboarding.request_target(ts(NOW)) else {
        panic!()
    };
    let json = serde_json::to_value(&blocked).unwrap();
    assert_eq!(
        json["Error"][0]["error_description"],
        BlockedTarget::DESCRIPTION
    );
    assert_eq!(
        json["Error"][0]["error_description_translated"],
        BlockedTarget::DESCRIPTION
    );
    assert_eq!(
        BlockedTarget::DESCRIPTION,
        "You need to provide additional information in order to perform this action."
    );

    let PutAnswer::NeedsFulfillments { parameter, errors } =
        PutAnswer::from_json(&json.to_string()).unwrap()
    else {
        panic!()
    };
    assert_eq!(errors[0].description, BlockedTarget::DESCRIPTION);
    assert_eq!(&parameter, blocked.parameter());
    let assessment = parameter.assess(ts(NOW));
    let blocking: Vec<&str> = assessment
        .of_class(Class::Blocking)
        .map(|v| v.fulfillment_type().as_str())
        .collect();
    assert_eq!(
        blocking,
        [
            "ADDRESS_MAIN",
            "DATE_OF_BIRTH",
            "EMAIL",
            "ADDRESS_POSTAL",
            "IDENTIFICATION_VERIFICATION"
        ]
    );
    let listed: Vec<&str> = blocked
        .blocking_types()
        .into_iter()
        .map(FulfillmentType::as_str)
        .collect();
    assert_eq!(listed, blocking);
    let unsatisfied_rows: Vec<_> = parameter.all_fulfillment.iter().collect();
    assert_eq!(
        unsatisfied_rows,
        blocked.blocking_rows().iter().collect::<Vec<_>>()
    );
}

#[test]
fn replay_rebuilds_the_onboarding_and_both_serialize() {
    let mut onboarding = complete();
    onboarding
        .command(&FulfillmentType::EMAIL, Invalidate)
        .unwrap();
    onboarding.request_target(ts(NOW)).unwrap_err();
    onboarding.command(&FulfillmentType::EMAIL, Submit).unwrap();
    onboarding.request_target(ts(NOW)).unwrap();
    onboarding.user_command(UserCommand::Block).unwrap();
    onboarding.user_command(UserCommand::Unblock).unwrap();

    let replayed = Onboarding::replay(onboarding.events().iter().cloned()).unwrap();
    assert_eq!(replayed, onboarding);

    let json = serde_json::to_string(&onboarding).unwrap();
    assert_eq!(
        serde_json::from_str::<Onboarding>(&json).unwrap(),
        onboarding
    );
    let events = serde_json::to_string(onboarding.events()).unwrap();
    let read: Vec<OnboardingEvent> = serde_json::from_str(&events).unwrap();
    assert_eq!(read, onboarding.events());
    assert!(events.contains(
        r#"{"event":"commanded","fulfillment_type":"EMAIL","command":"invalidate","reason":null}"#
    ));
}

#[test]
fn replay_refuses_a_log_no_onboarding_could_have_written() {
    assert_eq!(Onboarding::replay([]), Err(ReplayError::NotCreatedFirst));
    let created = onboarding().events()[0].clone();
    let approve = OnboardingEvent::Commanded {
        fulfillment_type: FulfillmentType::EMAIL,
        command: Approve,
        reason: None,
    };
    let error = Onboarding::replay([created.clone(), approve]).unwrap_err();
    assert_eq!(
        error_chain(&error),
        [
            "event 1 is refused",
            "cannot approve EMAIL: its status is not started"
        ],
        "each cause is printed once, by the error that is it"
    );
    assert_eq!(
        Onboarding::replay([created.clone(), created.clone()]),
        Err(ReplayError::CreatedAgain { index: 1 })
    );
    let target = OnboardingEvent::TargetReached { now: ts(NOW) };
    let error = Onboarding::replay([created, target]).unwrap_err();
    assert!(matches!(
        error,
        ReplayError::TargetRefused {
            index: 1,
            source: TargetRefusal::Blocked(_)
        }
    ));
    assert_eq!(
        error_chain(&error),
        [
            "event 1 is refused",
            "the target is blocked by ADDRESS_MAIN, DATE_OF_BIRTH, EMAIL, ADDRESS_POSTAL, IDENTIFICATION_VERIFICATION, PHONE_NUMBER"
        ]
    );
}

/// An error and its causes, as a chain printer shows them: one line each.
fn error_chain(error: &dyn std::error::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    chain
}
