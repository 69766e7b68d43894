//! Laws of the lifecycle tables, over every pair of states and every command, and the pictures
//! generated from them.

use std::collections::VecDeque;

mod common;

use bunq_onboarding::FulfillmentStatus;
use bunq_onboarding::rules::{
    FULFILLMENT_LIFECYCLE, FulfillmentCommand, INQUIRY_ENTRY_LIFECYCLE, INQUIRY_LIFECYCLE,
    InquiryCommand, InquiryEntryCommand, Lifecycle, LifecycleCommand, LifecycleState, Step,
    Transition, USER_LIFECYCLE, UserCommand,
};
use bunq_onboarding::vocabulary::{InquiryEntryStatus, InquiryStatus, UserStatus};

/// Every law, for one lifecycle; `unknown` is a state the table does not know.
#[track_caller]
fn check_laws<S, C>(lifecycle: &Lifecycle<S, C>, unknown: &S)
where
    S: LifecycleState + std::fmt::Debug,
    C: LifecycleCommand + std::fmt::Debug,
{
    let states: Vec<S> = lifecycle
        .states()
        .iter()
        .chain([unknown])
        .cloned()
        .collect();

    // Each command has one target state: where every entry of it leads.
    let target = |command: C| -> S {
        let mut targets = lifecycle
            .transitions()
            .iter()
            .filter(|t| t.command == command)
            .map(|t| t.to.clone());
        let first = targets.next().expect("every command has an entry");
        assert!(
            targets.all(|to| to == first),
            "{command:?} leads to one state"
        );
        first
    };

    for from in &states {
        for command in C::all().iter().copied() {
            let step = lifecycle.step(from, command);
            let entry = lifecycle
                .transitions()
                .iter()
                .find(|t| t.from == *from && t.command == command);
            // The step follows the table; "unchanged" exactly when the command lands where it is.
            match (&step, entry) {
                (Some(Step::Changed(to)), Some(entry)) => assert_eq!(*to, entry.to),
                (Some(Step::Changed(_)), None) => {
                    panic!("{from:?} {command:?} changed without an entry")
                }
                (_, Some(entry)) => panic!("{from:?} {command:?} ignored the entry {entry:?}"),
                (Some(Step::Unchanged), None) => assert_eq!(*from, target(command)),
                (None, None) => assert_ne!(
                    *from,
                    target(command),
                    "{from:?} {command:?} should be a no-op"
                ),
            }
            // The query and the step agree.
            if let Some(Step::Changed(to)) = &step {
                assert!(lifecycle.allows(from, to));
                assert_ne!(from, to, "a table entry always moves");
            }
            assert_eq!(
                lifecycle.commands_from(from).any(|c| c == command),
                matches!(step, Some(Step::Changed(_)))
            );
        }
        for to in &states {
            let by_some_command = C::all()
                .iter()
                .copied()
                .any(|c| lifecycle.step(from, c) == Some(Step::Changed(to.clone())));
            assert_eq!(
                lifecycle.allows(from, to),
                from == to || by_some_command,
                "{from:?} -> {to:?}"
            );
        }
    }

    // The unknown state has no commands at all.
    for command in C::all().iter().copied() {
        assert_eq!(lifecycle.step(unknown, command), None);
    }
    assert!(!lifecycle.is_terminal(unknown));

    // Every known state is reachable from the start.
    let mut reached = vec![lifecycle.start().clone()];
    let mut queue: VecDeque<S> = reached.iter().cloned().collect();
    while let Some(state) = queue.pop_front() {
        for command in C::all().iter().copied() {
            if let Some(Step::Changed(to)) = lifecycle.step(&state, command)
                && !reached.contains(&to)
            {
                reached.push(to.clone());
                queue.push_back(to);
            }
        }
    }
    for state in lifecycle.states() {
        assert!(reached.contains(state), "{state:?} is unreachable");
    }

    // Terminal states have no exits.
    for state in lifecycle
        .states()
        .iter()
        .filter(|s| lifecycle.is_terminal(s))
    {
        for command in C::all().iter().copied() {
            assert!(!matches!(
                lifecycle.step(state, command),
                Some(Step::Changed(_))
            ));
        }
    }
}

#[test]
fn the_fulfillment_lifecycle_obeys_the_table_laws() {
    check_laws(
        &FULFILLMENT_LIFECYCLE,
        &Some(FulfillmentStatus::new("MADE_UP_STATUS")),
    );
}

#[test]
fn the_user_lifecycle_obeys_the_table_laws() {
    check_laws(&USER_LIFECYCLE, &UserStatus::new("MADE_UP_USER_STATUS"));
}

#[test]
fn the_fulfillment_table_is_the_documented_one() {
    use FulfillmentCommand::*;
    let not_started = None;
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    let fulfilled = Some(FulfillmentStatus::FULFILLED);
    let t =
        |from: &Option<FulfillmentStatus>, command, to: &Option<FulfillmentStatus>| Transition {
            from: from.clone(),
            command,
            to: to.clone(),
        };
    assert_eq!(
        FULFILLMENT_LIFECYCLE.transitions(),
        [
            t(&not_started, Submit, &in_progress),
            t(&not_started, Accept, &fulfilled),
            t(&in_progress, Reject, &not_started),
            t(&in_progress, Approve, &fulfilled),
            t(&fulfilled, Invalidate, &not_started),
        ]
    );
    assert_eq!(FULFILLMENT_LIFECYCLE.start(), &None);
}

#[test]
fn repeated_commands_are_no_ops_and_illegal_ones_are_refused() {
    use FulfillmentCommand::*;
    let in_progress = Some(FulfillmentStatus::IN_PROGRESS);
    let fulfilled = Some(FulfillmentStatus::FULFILLED);
    assert_eq!(
        FULFILLMENT_LIFECYCLE.step(&in_progress, Submit),
        Some(Step::Unchanged)
    );
    assert_eq!(
        FULFILLMENT_LIFECYCLE.step(&fulfilled, Approve),
        Some(Step::Unchanged)
    );
    assert_eq!(
        FULFILLMENT_LIFECYCLE.step(&None, Reject),
        Some(Step::Unchanged)
    );
    assert_eq!(
        FULFILLMENT_LIFECYCLE.step(&None, Approve),
        None,
        "approving what was never submitted"
    );
    assert_eq!(
        FULFILLMENT_LIFECYCLE.step(&fulfilled, Reject),
        None,
        "rejecting what was accepted"
    );
    assert_eq!(FULFILLMENT_LIFECYCLE.step(&fulfilled, Submit), None);
    assert!(!FULFILLMENT_LIFECYCLE.allows(&fulfilled, &in_progress));
    let from_start: Vec<_> = FULFILLMENT_LIFECYCLE.commands_from(&None).collect();
    assert_eq!(from_start, [Submit, Accept]);
}

#[test]
fn only_denied_and_aborted_are_terminal_and_signup_reaches_active_only_by_activation() {
    let terminal: Vec<&str> = USER_LIFECYCLE
        .states()
        .iter()
        .filter(|s| USER_LIFECYCLE.is_terminal(s))
        .map(UserStatus::as_str)
        .collect();
    assert_eq!(terminal, ["DENIED", "ABORTED"]);
    let into_active: Vec<_> = USER_LIFECYCLE
        .transitions()
        .iter()
        .filter(|t| t.from == UserStatus::SIGNUP && t.to == UserStatus::ACTIVE)
        .map(|t| t.command)
        .collect();
    assert_eq!(into_active, [UserCommand::Activate]);
}

const FULFILLMENT_MERMAID: &str = "stateDiagram-v2
    state \"not started\" as not_started
    [*] --> not_started
    not_started --> IN_PROGRESS: submit
    not_started --> FULFILLED: accept
    IN_PROGRESS --> not_started: reject
    IN_PROGRESS --> FULFILLED: approve
    FULFILLED --> not_started: invalidate
";

#[test]
fn the_mermaid_diagram_is_drawn_from_the_table() {
    assert_eq!(FULFILLMENT_LIFECYCLE.mermaid(), FULFILLMENT_MERMAID);
    let user = USER_LIFECYCLE.mermaid();
    assert!(user.starts_with("stateDiagram-v2\n    [*] --> SIGNUP\n"));
    assert!(user.ends_with("    DENIED --> [*]\n    ABORTED --> [*]\n"));
    assert_eq!(
        user.lines().count(),
        2 + USER_LIFECYCLE.transitions().len() + 2
    );
}

#[test]
fn the_markdown_table_is_drawn_from_the_table() {
    assert_eq!(
        FULFILLMENT_LIFECYCLE.markdown_table(),
        "| from | command | to |\n| --- | --- | --- |\n\
         | not started | submit | IN_PROGRESS |\n\
         | not started | accept | FULFILLED |\n\
         | IN_PROGRESS | reject | not started |\n\
         | IN_PROGRESS | approve | FULFILLED |\n\
         | FULFILLED | invalidate | not started |\n"
    );
}

/// What `docs/lifecycle.md` must say: every lifecycle, table and picture, generated.
fn lifecycle_doc() -> String {
    format!(
        "The lifecycles, generated from the tables in the code (a test keeps this file in step).\n\n\
         ## One fulfillment row\n\n{}\n```mermaid\n{}```\n\n## The user\n\n{}\n```mermaid\n{}```\n\n\
         ## A compliance inquiry's entry\n\nOnly bunq moves it: the record observes, and reports a move \
         the table does not make as an anomaly.\n\n{}\n```mermaid\n{}```\n\n\
         ## A compliance inquiry\n\n{}\n```mermaid\n{}```\n",
        FULFILLMENT_LIFECYCLE.markdown_table(),
        FULFILLMENT_LIFECYCLE.mermaid(),
        USER_LIFECYCLE.markdown_table(),
        USER_LIFECYCLE.mermaid(),
        INQUIRY_ENTRY_LIFECYCLE.markdown_table(),
        INQUIRY_ENTRY_LIFECYCLE.mermaid(),
        INQUIRY_LIFECYCLE.markdown_table(),
        INQUIRY_LIFECYCLE.mermaid(),
    )
}

#[test]
fn the_inquiry_lifecycles_obey_the_table_laws() {
    check_laws(
        &INQUIRY_ENTRY_LIFECYCLE,
        &InquiryEntryStatus::new("MADE_UP"),
    );
    check_laws(&INQUIRY_LIFECYCLE, &InquiryStatus::new("MADE_UP"));
}

#[test]
fn an_entry_is_answered_then_reviewed_and_its_ends_are_final() {
    use InquiryEntryCommand::*;
    use InquiryEntryStatus as S;
    use InquiryStatus as I;
    let entry = &INQUIRY_ENTRY_LIFECYCLE;
    assert_eq!(
        entry.step(&S::PENDING, Answer),
        Some(Step::Changed(S::WAITING_FOR_REVIEW))
    );
    assert_eq!(
        entry.step(&S::PENDING, AnswerDirectly),
        Some(Step::Changed(S::SUBMITTED))
    );
    assert_eq!(
        entry.step(&S::SUBMITTED, Approve),
        Some(Step::Changed(S::APPROVED))
    );
    assert_eq!(
        entry.step(&S::PENDING, Approve),
        None,
        "an entry is reviewed once answered"
    );
    for end in [
        S::APPROVED,
        S::REJECTED,
        S::AUTO_APPROVED,
        S::AUTO_REJECTED,
        S::CANCELLED,
    ] {
        assert!(entry.is_terminal(&end), "{end:?}");
    }
    assert!(!entry.allows(&S::APPROVED, &S::PENDING));
    let inquiry = &INQUIRY_LIFECYCLE;
    assert_eq!(
        inquiry.step(&I::EXPECTING_REPLY_FROM_BUNQ, InquiryCommand::EntryAppended),
        Some(Step::Changed(I::EXPECTING_REPLY_FROM_USER))
    );
    assert!(inquiry.is_terminal(&I::FINALIZED));
}

#[test]
fn the_docs_show_the_generated_tables_and_diagrams() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/lifecycle.md");
    let expected = lifecycle_doc();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let written = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        written == expected,
        "docs/lifecycle.md is stale; run `BLESS=1 cargo test --all-features --test lifecycle`\n{expected}"
    );
}

#[test]
fn a_step_says_whether_it_changed() {
    assert!(Step::Changed(UserStatus::ACTIVE).is_changed());
    assert!(!Step::<UserStatus>::Unchanged.is_changed());
}

#[test]
fn every_command_has_one_spelling_for_serde_display_and_its_name() {
    common::check_names(
        FulfillmentCommand::ALL,
        FulfillmentCommand::NAMES,
        "fulfillment command",
    );
    common::check_names(UserCommand::ALL, UserCommand::NAMES, "user command");
    common::check_names(
        InquiryEntryCommand::ALL,
        InquiryEntryCommand::NAMES,
        "inquiry entry command",
    );
    common::check_names(
        InquiryCommand::ALL,
        InquiryCommand::NAMES,
        "inquiry command",
    );
    for command in FulfillmentCommand::ALL {
        assert_eq!(LifecycleCommand::name(*command), command.as_str());
    }
    assert_eq!(<UserCommand as LifecycleCommand>::all(), UserCommand::ALL);
    assert_eq!(UserCommand::StartRecovery.name(), "start_recovery");
    assert_eq!(
        serde_json::from_str::<FulfillmentCommand>("\"Submit\"")
            .unwrap_err()
            .to_string(),
        r#"unknown fulfillment command "Submit"; expected one of: submit, accept, approve, reject, invalidate"#
    );
    let error = "end-recovery".parse::<UserCommand>().unwrap_err();
    assert_eq!(
        (error.what(), error.text(), error.expected()),
        ("user command", "end-recovery", UserCommand::NAMES)
    );
    assert_eq!(
        error.to_string(),
        r#"unknown user command "end-recovery"; expected one of: activate, deny, abort, block, unblock, start_recovery, end_recovery"#
    );
    assert_eq!("end_recovery".parse(), Ok(UserCommand::EndRecovery));
    assert_eq!(
        FulfillmentCommand::ALL.len(),
        FulfillmentCommand::NAMES.len()
    );
}
