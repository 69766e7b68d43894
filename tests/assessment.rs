//! The rules of the assessment (`docs/rules.md` A1–A5), one test per rule: each fails if its rule breaks.

mod common;

use bunq_onboarding::vocabulary::ActionRequired;
use bunq_onboarding::{AdditionalFulfillmentParameter, Assessment, Class, FulfillmentType};
use common::{classes, due, row, ts, types_of};

const NOW: &str = "2025-08-13 14:45:18.621550";
const F: &[&str] = &["FULFILLED"];
const F_OR_IP: &[&str] = &["FULFILLED", "IN_PROGRESS"];

fn assess(rows: &[bunq_onboarding::Fulfillment]) -> Assessment<'_> {
    Assessment::of(rows, ts(NOW))
}

#[test]
fn a_row_is_satisfied_only_by_a_status_in_its_own_allowed_list() {
    let rows = [
        row("EMAIL", Some("FULFILLED"), F),
        row("DATE_OF_BIRTH", None, F),
        row("ADDRESS_MAIN", Some("FULFILLED"), &["IN_PROGRESS"]),
        row("ADDRESS_POSTAL", Some("FULFILLED"), &[]),
    ];
    assert!(rows[0].is_satisfied());
    assert!(!rows[1].is_satisfied());
    assert!(!rows[2].is_satisfied());
    assert!(!rows[3].is_satisfied());
    assert_eq!(
        classes(&assess(&rows)),
        [
            ("EMAIL".to_owned(), Class::Satisfied),
            ("DATE_OF_BIRTH".to_owned(), Class::Blocking),
            ("ADDRESS_MAIN".to_owned(), Class::Blocking),
            ("ADDRESS_POSTAL".to_owned(), Class::Blocking),
        ]
    );
}

#[test]
fn duplicate_rows_give_one_verdict_and_a_duplicate_never_hides_a_missing_row() {
    let rows = [
        row("ADDRESS_MAIN", Some("FULFILLED"), F),
        row("EMAIL", Some("FULFILLED"), F),
        row("ADDRESS_MAIN", None, F),
        row("ADDRESS_MAIN", Some("FULFILLED"), F),
    ];
    let assessment = assess(&rows);
    assert_eq!(
        classes(&assessment),
        [
            ("ADDRESS_MAIN".to_owned(), Class::Blocking),
            ("EMAIL".to_owned(), Class::Satisfied),
        ]
    );
    let address = assessment.verdict(&FulfillmentType::ADDRESS_MAIN).unwrap();
    assert_eq!(address.rows().count(), 3);
    assert_eq!(address.deciding_row().status, None);
}

#[test]
fn a_type_in_both_lists_with_disagreeing_statuses_is_decided_by_the_unsatisfied_row() {
    for (required, fulfilled) in [
        (row("EMAIL", None, F), row("EMAIL", Some("FULFILLED"), F)),
        (row("EMAIL", Some("FULFILLED"), F), row("EMAIL", None, F)),
    ] {
        let parameter = AdditionalFulfillmentParameter {
            all_fulfillment: vec![required],
            all_fulfillment_fulfilled: vec![fulfilled],
        };
        let assessment = parameter.assess(ts(NOW));
        assert_eq!(
            classes(&assessment),
            [("EMAIL".to_owned(), Class::Blocking)]
        );
        assert_eq!(assessment.verdicts()[0].rows().count(), 2);
    }
}

#[test]
fn types_appear_in_order_of_first_appearance_required_list_first() {
    let parameter = AdditionalFulfillmentParameter {
        all_fulfillment: vec![
            row("EMAIL", None, F),
            row("DATE_OF_BIRTH", None, F),
            row("EMAIL", None, F),
        ],
        all_fulfillment_fulfilled: vec![
            row("PHONE_NUMBER", Some("FULFILLED"), F),
            row("DATE_OF_BIRTH", Some("FULFILLED"), F),
            row("ADDRESS_MAIN", Some("FULFILLED"), F),
        ],
    };
    let order: Vec<String> = parameter
        .assess(ts(NOW))
        .verdicts()
        .iter()
        .map(|verdict| verdict.fulfillment_type().to_string())
        .collect();
    assert_eq!(
        order,
        ["EMAIL", "DATE_OF_BIRTH", "PHONE_NUMBER", "ADDRESS_MAIN"]
    );
}

#[test]
fn a_row_mandatory_before_or_at_now_blocks_and_one_mandatory_after_now_is_due_later() {
    let rows = [
        row("EMAIL", None, F),
        due(row("DATE_OF_BIRTH", None, F), "2025-08-13 14:45:18.621549"),
        due(row("ADDRESS_MAIN", None, F), NOW),
        due(row("ADDRESS_POSTAL", None, F), "2025-08-13 14:45:18.621551"),
    ];
    let assessment = assess(&rows);
    assert_eq!(
        types_of(&assessment, Class::Blocking),
        ["EMAIL", "DATE_OF_BIRTH", "ADDRESS_MAIN"]
    );
    assert_eq!(types_of(&assessment, Class::DueLater), ["ADDRESS_POSTAL"]);
    let postal = assessment
        .verdict(&FulfillmentType::ADDRESS_POSTAL)
        .unwrap();
    assert_eq!(postal.deadline(), Some(ts("2025-08-13 14:45:18.621551")));
    for blocking in assessment.of_class(Class::Blocking) {
        assert_eq!(blocking.deadline(), None);
    }
}

#[test]
fn a_due_later_type_has_the_earliest_deadline_of_its_unsatisfied_rows() {
    let rows = [
        due(row("MADE_UP_TYPE", None, F), "2026-03-01 00:00:00.000000"),
        due(row("MADE_UP_TYPE", None, F), "2026-01-01 00:00:00.000000"),
        due(
            row("MADE_UP_TYPE", Some("FULFILLED"), F),
            "2025-09-01 00:00:00.000000",
        ),
        due(row("MADE_UP_TYPE", None, F), "2026-02-01 00:00:00.000000"),
    ];
    let assessment = assess(&rows);
    let verdict = &assessment.verdicts()[0];
    assert_eq!(verdict.class(), Class::DueLater);
    assert_eq!(verdict.deadline(), Some(ts("2026-01-01 00:00:00.000000")));
    assert_eq!(
        verdict.deciding_row().time_mandatory,
        Some(ts("2026-01-01 00:00:00.000000"))
    );
}

#[test]
fn of_rows_due_at_the_same_time_the_first_decides() {
    let mut first = due(row("MADE_UP_TYPE", None, F), "2026-01-01 00:00:00.000000");
    first.reason = "first".into();
    let mut second = first.clone();
    second.reason = "second".into();
    let rows = [first, second];
    let assessment = assess(&rows);
    assert_eq!(assessment.verdicts()[0].deciding_row().reason, "first");
}

#[test]
fn one_unsatisfied_row_mandatory_now_makes_the_type_blocking_despite_later_ones() {
    let rows = [
        due(
            row("OTHER_MADE_UP_TYPE", None, F),
            "2026-01-01 00:00:00.000000",
        ),
        row("OTHER_MADE_UP_TYPE", None, F),
    ];
    assert_eq!(
        classes(&assess(&rows)),
        [("OTHER_MADE_UP_TYPE".to_owned(), Class::Blocking)]
    );
}

#[test]
fn a_satisfied_row_is_never_due_whatever_its_time_mandatory() {
    let rows = [due(
        row("EMAIL", Some("FULFILLED"), F),
        "2030-01-01 00:00:00.000000",
    )];
    assert_eq!(
        classes(&assess(&rows)),
        [("EMAIL".to_owned(), Class::Satisfied)]
    );
}

#[test]
fn in_progress_is_in_review_where_allowed_and_blocking_where_not() {
    let rows = [
        row("EMAIL", Some("IN_PROGRESS"), F_OR_IP),
        row("DATE_OF_BIRTH", Some("IN_PROGRESS"), F),
    ];
    let assessment = assess(&rows);
    assert_eq!(
        classes(&assessment),
        [
            ("EMAIL".to_owned(), Class::InReview),
            ("DATE_OF_BIRTH".to_owned(), Class::Blocking),
        ]
    );
}

#[test]
fn a_type_is_in_review_when_any_of_its_satisfied_rows_is_in_progress() {
    let rows = [
        row("IDENTIFICATION_VERIFICATION", Some("FULFILLED"), F_OR_IP),
        row("IDENTIFICATION_VERIFICATION", Some("IN_PROGRESS"), F_OR_IP),
    ];
    assert_eq!(
        classes(&assess(&rows)),
        [("IDENTIFICATION_VERIFICATION".to_owned(), Class::InReview)]
    );
}

#[test]
fn an_unknown_status_satisfies_through_its_own_allowed_list_and_only_there() {
    let rows = [
        row(
            "THIRD_MADE_UP_TYPE",
            Some("APPROVED_BY_PARTNER"),
            &["APPROVED_BY_PARTNER"],
        ),
        row("EMAIL", Some("APPROVED_BY_PARTNER"), F),
    ];
    assert_eq!(
        classes(&assess(&rows)),
        [
            ("THIRD_MADE_UP_TYPE".to_owned(), Class::Satisfied),
            ("EMAIL".to_owned(), Class::Blocking),
        ]
    );
}

#[test]
fn empty_and_absent_lists_block_nothing_and_ask_nobody() {
    let parameter: AdditionalFulfillmentParameter = serde_json::from_str("{}").unwrap();
    assert_eq!(parameter, AdditionalFulfillmentParameter::default());
    let assessment = parameter.assess(ts(NOW));
    assert!(assessment.verdicts().is_empty());
    assert!(assessment.can_reach_target());
    assert_eq!(assessment.action_required(), ActionRequired::NONE);

    let nulls: AdditionalFulfillmentParameter =
        serde_json::from_str(r#"{"all_fulfillment":null,"all_fulfillment_fulfilled":[]}"#).unwrap();
    assert_eq!(nulls, AdditionalFulfillmentParameter::default());
}

#[test]
fn action_required_is_user_then_system_then_none() {
    let blocking = [
        row("EMAIL", None, F),
        row("ADDRESS_MAIN", Some("IN_PROGRESS"), F_OR_IP),
    ];
    let in_review = [
        row("EMAIL", Some("IN_PROGRESS"), F_OR_IP),
        row("ADDRESS_MAIN", Some("FULFILLED"), F),
    ];
    let due_later = [due(row("EMAIL", None, F), "2030-01-01 00:00:00.000000")];
    let done = [row("EMAIL", Some("FULFILLED"), F)];
    assert_eq!(assess(&blocking).action_required(), ActionRequired::USER);
    assert_eq!(assess(&in_review).action_required(), ActionRequired::SYSTEM);
    assert_eq!(assess(&due_later).action_required(), ActionRequired::NONE);
    assert_eq!(assess(&done).action_required(), ActionRequired::NONE);
    assert!(!assess(&blocking).can_reach_target());
    assert!(assess(&in_review).can_reach_target());
    assert!(assess(&due_later).can_reach_target());
}

#[test]
fn counts_add_up_to_the_number_of_types() {
    let rows = [
        row("A", None, F),
        due(row("B", None, F), "2030-01-01 00:00:00.000000"),
        row("C", Some("IN_PROGRESS"), F_OR_IP),
        row("D", Some("FULFILLED"), F),
        row("A", Some("FULFILLED"), F),
    ];
    let assessment = assess(&rows);
    let counts = [
        Class::Blocking,
        Class::DueLater,
        Class::InReview,
        Class::Satisfied,
    ]
    .map(|class| assessment.count(class));
    assert_eq!(counts, [1, 1, 1, 1]);
}

#[test]
fn many_distinct_types_are_grouped_exactly_like_a_few() {
    // 40 types, each listed three times, interleaved: past the linear-scan limit.
    let names: Vec<String> = (0..40).map(|i| format!("TYPE_{i}")).collect();
    let mut rows = Vec::new();
    for round in 0..3 {
        for (i, name) in names.iter().enumerate() {
            let missing = round == 2 && i % 3 == 0;
            rows.push(row(name, if missing { None } else { Some("FULFILLED") }, F));
        }
    }
    let assessment = assess(&rows);
    let order: Vec<String> = assessment
        .verdicts()
        .iter()
        .map(|verdict| verdict.fulfillment_type().to_string())
        .collect();
    assert_eq!(order, names);
    for (i, verdict) in assessment.verdicts().iter().enumerate() {
        assert_eq!(verdict.rows().count(), 3);
        let expected = if i % 3 == 0 {
            Class::Blocking
        } else {
            Class::Satisfied
        };
        assert_eq!(verdict.class(), expected, "{}", verdict.fulfillment_type());
    }
}

#[test]
fn ten_thousand_rows_of_distinct_types_are_assessed() {
    let rows: Vec<_> = (0..10_000)
        .map(|i| row(&format!("T{i}"), None, F))
        .collect();
    let assessment = assess(&rows);
    assert_eq!(assessment.count(Class::Blocking), 10_000);
    assert_eq!(assessment.verdicts()[9_999].fulfillment_type(), "T9999");
}

#[test]
fn classes_have_one_name_each_and_are_ordered_most_urgent_first() {
    common::check_names(Class::ALL, Class::NAMES, "class");
    assert_eq!(
        Class::NAMES,
        ["blocking", "due_later", "in_review", "satisfied"]
    );
    assert!(Class::ALL.windows(2).all(|pair| pair[0] < pair[1]));
}
