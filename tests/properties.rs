//! Laws of the assessment, the wire format and the timestamp, checked on random inputs.

use bunq_onboarding::report::Summary;
use bunq_onboarding::rules::AllowedStatuses;
use bunq_onboarding::strategy::{instant, parameter, put_answer};
use bunq_onboarding::{
    AdditionalFulfillmentParameter, Class, Envelope, Fulfillment, FulfillmentStatus,
    FulfillmentType, PutAnswer, Report, Timestamp, TimestampError,
};
use proptest::prelude::*;
use proptest::sample::Index;

mod common;
use common::SEED;

/// `docs/rules.md` A1–A3 written as plainly as possible, quadratic and allocation-happy: the oracle.
fn naive(
    parameter: &AdditionalFulfillmentParameter,
    now: Timestamp,
) -> Vec<(FulfillmentType, Class, Option<Timestamp>)> {
    let rows: Vec<&Fulfillment> = parameter
        .all_fulfillment
        .iter()
        .chain(&parameter.all_fulfillment_fulfilled)
        .collect();
    let mut types: Vec<&FulfillmentType> = Vec::new();
    for row in &rows {
        if !types.contains(&&row.fulfillment_type) {
            types.push(&row.fulfillment_type);
        }
    }
    types
        .into_iter()
        .map(|fulfillment_type| {
            let of_type: Vec<&&Fulfillment> = rows
                .iter()
                .filter(|row| &row.fulfillment_type == fulfillment_type)
                .collect();
            let satisfied = |row: &Fulfillment| match &row.status {
                None => false,
                Some(status) => row
                    .all_status_allowed
                    .iter()
                    .any(|allowed| allowed == status),
            };
            let unsatisfied: Vec<_> = of_type.iter().filter(|row| !satisfied(row)).collect();
            let now_due = unsatisfied.iter().any(|row| match row.time_mandatory {
                None => true,
                Some(due) => due <= now,
            });
            let verdict = if now_due {
                (Class::Blocking, None)
            } else if !unsatisfied.is_empty() {
                (
                    Class::DueLater,
                    unsatisfied
                        .iter()
                        .filter_map(|row| row.time_mandatory)
                        .min(),
                )
            } else if of_type.iter().any(|row| {
                row.status
                    .as_ref()
                    .is_some_and(|s| s.as_str() == "IN_PROGRESS")
            }) {
                (Class::InReview, None)
            } else {
                (Class::Satisfied, None)
            };
            (fulfillment_type.clone(), verdict.0, verdict.1)
        })
        .collect()
}

fn verdicts(
    parameter: &AdditionalFulfillmentParameter,
    now: Timestamp,
) -> Vec<(FulfillmentType, Class, Option<Timestamp>)> {
    parameter
        .assess(now)
        .verdicts()
        .iter()
        .map(|verdict| {
            (
                verdict.fulfillment_type().clone(),
                verdict.class(),
                verdict.deadline(),
            )
        })
        .collect()
}

fn blocking(parameter: &AdditionalFulfillmentParameter, now: Timestamp) -> Vec<FulfillmentType> {
    parameter
        .assess(now)
        .of_class(Class::Blocking)
        .map(|verdict| verdict.fulfillment_type().clone())
        .collect()
}

#[test]
fn instant_draws_the_seven_documented_hours_around_2025_08_13_noon() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut drawn: Vec<String> = (0..500)
        .map(|_| {
            instant()
                .new_tree(&mut runner)
                .unwrap()
                .current()
                .to_string()
        })
        .collect();
    drawn.sort();
    drawn.dedup();
    let expected: Vec<String> = (9..=15)
        .map(|hour| format!("2025-08-13 {hour:02}:00:00.000000"))
        .collect();
    assert_eq!(drawn, expected);
}

proptest! {
    #![proptest_config(common::proptest_config(512, "proptest-regressions/properties.txt"))]

    /// The assessment agrees with the rules written naively: same types, order, classes, deadlines.
    #[test]
    fn the_assessment_agrees_with_a_naive_reading_of_the_rules(parameter in parameter(), now in instant()) {
        prop_assert_eq!(verdicts(&parameter, now), naive(&parameter, now));
    }

    /// The same for long lists (more than 16 rows), which the assessment groups another way.
    #[test]
    fn long_lists_agree_with_a_naive_reading_of_the_rules(
        parts in prop::collection::vec(parameter(), 2..=6),
        now in instant(),
    ) {
        let mut long = AdditionalFulfillmentParameter::default();
        for part in parts {
            long.all_fulfillment.extend(part.all_fulfillment);
            long.all_fulfillment_fulfilled.extend(part.all_fulfillment_fulfilled);
        }
        prop_assert_eq!(verdicts(&long, now), naive(&long, now));
    }

    /// Every type of the rows lands in exactly one class, and no verdict is invented.
    #[test]
    fn every_type_lands_in_exactly_one_class(parameter in parameter(), now in instant()) {
        let assessment = parameter.assess(now);
        let mut distinct: Vec<&FulfillmentType> = Vec::new();
        for row in parameter.rows() {
            if !distinct.contains(&&row.fulfillment_type) {
                distinct.push(&row.fulfillment_type);
            }
        }
        let judged: Vec<&FulfillmentType> = assessment.verdicts().iter().map(bunq_onboarding::Verdict::fulfillment_type).collect();
        prop_assert_eq!(&judged, &distinct);
        let total: usize = [Class::Blocking, Class::DueLater, Class::InReview, Class::Satisfied]
            .into_iter()
            .map(|class| assessment.count(class))
            .sum();
        prop_assert_eq!(total, distinct.len());
        for verdict in assessment.verdicts() {
            prop_assert!(verdict.rows().count() >= 1);
            prop_assert!(verdict.rows().all(|row| &row.fulfillment_type == verdict.fulfillment_type()));
        }
    }

    /// A type all of whose rows are satisfied is never blocking nor due later.
    #[test]
    fn a_type_whose_rows_are_all_satisfied_never_blocks(parameter in parameter(), now in instant()) {
        for verdict in parameter.assess(now).verdicts() {
            if verdict.rows().all(Fulfillment::is_satisfied) {
                prop_assert!(matches!(verdict.class(), Class::InReview | Class::Satisfied));
            } else {
                prop_assert!(matches!(verdict.class(), Class::Blocking | Class::DueLater));
            }
        }
    }

    /// Satisfying one more row never adds a blocker.
    #[test]
    fn satisfying_one_more_row_never_adds_a_blocker(
        parameter in parameter(), now in instant(), which in any::<Index>(), allowed in any::<Index>()
    ) {
        let before = blocking(&parameter, now);
        let mut after = parameter.clone();
        let rows = after.all_fulfillment.len() + after.all_fulfillment_fulfilled.len();
        prop_assume!(rows > 0);
        let at = which.index(rows);
        let row = if at < after.all_fulfillment.len() {
            &mut after.all_fulfillment[at]
        } else {
            &mut after.all_fulfillment_fulfilled[at - after.all_fulfillment.len()]
        };
        prop_assume!(!row.all_status_allowed.is_empty());
        let choice = allowed.index(row.all_status_allowed.len());
        row.status = row.all_status_allowed.iter().nth(choice).cloned();
        prop_assert!(row.is_satisfied());
        let after = blocking(&after, now);
        prop_assert!(after.iter().all(|t| before.contains(t)), "{:?} added to {:?}", after, before);
    }

    /// Time only makes things more urgent: a later `now` never turns blocking into due later.
    #[test]
    fn a_later_now_never_unblocks(parameter in parameter(), a in instant(), b in instant()) {
        let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
        let blocking_later = blocking(&parameter, later);
        for fulfillment_type in blocking(&parameter, earlier) {
            prop_assert!(blocking_later.contains(&fulfillment_type));
        }
    }

    /// Writing rows to JSON and reading them back gives the same rows.
    #[test]
    fn the_wire_round_trip_is_the_identity(parameter in parameter()) {
        let json = serde_json::to_string(&parameter).unwrap();
        let read: AdditionalFulfillmentParameter = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&read, &parameter);
        let envelope = common::answer_with_parameter(&json);
        let written = serde_json::to_value(Envelope::from_json(&envelope).unwrap()).unwrap();
        prop_assert_eq!(written, serde_json::from_str::<serde_json::Value>(&envelope).unwrap());
        let PutAnswer::NeedsFulfillments { parameter: answered, .. } = PutAnswer::from_json(&envelope).unwrap() else {
            panic!("an Error with a fulfillment parameter needs fulfillments");
        };
        prop_assert_eq!(answered, parameter);
    }

    /// Parsing any text never panics: it is an answer or an error with a position and a message;
    /// bytes and text read alike, and an answer's envelope means the same answer.
    #[test]
    fn parsing_any_string_never_panics_and_every_reader_agrees(text in ".*") {
        let answer = PutAnswer::from_json(&text);
        if let Err(error) = &answer {
            common::assert_position_within(&text, error);
            prop_assert!(!error.message().is_empty() && !error.path().is_empty(), "{error}");
        }
        prop_assert_eq!(&PutAnswer::from_slice(text.as_bytes()), &answer);
        let envelope = Envelope::from_json(&text);
        prop_assert_eq!(&Envelope::from_slice(text.as_bytes()), &envelope);
        if let Ok(answer) = answer {
            let envelope = envelope.expect("an answer is an envelope");
            prop_assert_eq!(PutAnswer::try_from(envelope), Ok(answer));
        }
        if let Ok(timestamp) = Timestamp::parse(&text) {
            prop_assert_eq!(timestamp.to_string(), text);
        }
    }

    /// An answer written back as bunq's envelope reads back to itself.
    #[test]
    fn an_answer_written_back_reads_back(answer in put_answer()) {
        let text = serde_json::to_string(&answer).unwrap();
        prop_assert_eq!(PutAnswer::from_json(&text), Ok(answer));
    }

    /// The machine report reads back into its owned contract.
    #[test]
    fn the_report_reads_back_as_its_summary(answer in put_answer(), now in instant()) {
        let report = Report::new(&answer, now);
        let json = serde_json::to_string(&report).unwrap();
        prop_assert_eq!(serde_json::from_str::<Summary>(&json).unwrap(), report.summary());
    }

    /// Damaging the seed anywhere never panics the parser.
    #[test]
    fn parsing_a_damaged_seed_never_panics(cut in any::<Index>(), insert in ".{0,8}", drop in 0usize..8) {
        let at = cut.index(SEED.len());
        let at = (0..=at).rev().find(|&i| SEED.is_char_boundary(i)).unwrap();
        let end = (at + drop..=SEED.len()).find(|&i| SEED.is_char_boundary(i)).unwrap_or(SEED.len());
        let damaged = format!("{}{insert}{}", &SEED[..at], &SEED[end..]);
        let _ = PutAnswer::from_json(&damaged);
    }

    /// Every timestamp is written in bunq's format and read back to itself, and the order of
    /// timestamps is the order of their text.
    #[test]
    fn timestamps_round_trip_and_order_like_their_text(a in any::<Timestamp>(), b in any::<Timestamp>()) {
        let text = a.to_string();
        prop_assert_eq!(text.len(), 26);
        prop_assert_eq!(Timestamp::parse(&text), Ok(a));
        prop_assert_eq!(Timestamp::from_unix_micros(a.as_unix_micros()), Ok(a));
        prop_assert_eq!(a.cmp(&b), text.cmp(&b.to_string()));
    }

    /// The shape is checked byte by byte, as plainly as it reads: one character put anywhere in
    /// a valid timestamp is a format error exactly when it breaks `dddd-dd-dd dd:dd:dd.dddddd`
    /// (a digit where a digit goes may still put a field out of range, never off the shape).
    #[test]
    fn one_character_off_the_shape_is_a_format_error(at in 0..26_usize, put in any::<char>()) {
        const SHAPE: &str = "dddd-dd-dd dd:dd:dd.dddddd";
        let mut text: Vec<char> = "2025-08-13 14:45:18.621550".chars().collect();
        text[at] = put;
        let text: String = text.into_iter().collect();
        let expected = SHAPE.as_bytes()[at];
        let fits = if expected == b'd' { put.is_ascii_digit() } else { put == char::from(expected) };
        let format_error = matches!(Timestamp::parse(&text), Err(TimestampError::Format { .. }));
        prop_assert_eq!(format_error, !fits, "{:?}", text);
    }

    /// The compact list behaves exactly like the plain list it replaces: same statuses in the same
    /// order, same membership, same JSON.
    #[test]
    fn allowed_statuses_behave_like_a_vec(
        list in prop::collection::vec(bunq_onboarding::strategy::fulfillment_status(), 0..20),
        probe in bunq_onboarding::strategy::fulfillment_status(),
    ) {
        let allowed: AllowedStatuses = list.iter().cloned().collect();
        prop_assert_eq!(allowed.iter().cloned().collect::<Vec<_>>(), list.clone());
        prop_assert_eq!(allowed.len(), list.len());
        prop_assert_eq!(allowed.contains(&probe), list.contains(&probe));
        prop_assert_eq!(serde_json::to_string(&allowed).unwrap(), serde_json::to_string(&list).unwrap());
        let read: AllowedStatuses = serde_json::from_str(&serde_json::to_string(&list).unwrap()).unwrap();
        prop_assert_eq!(&read, &allowed);
        prop_assert!(allowed == list[..]);
    }

    /// Any status text survives a round trip and is known exactly when it is a known spelling.
    #[test]
    fn status_text_is_kept_exactly(text in "[A-Z_]{0,12}|.{0,12}") {
        let status = FulfillmentStatus::new(&text);
        prop_assert_eq!(status.as_str(), text.as_str());
        prop_assert_eq!(status.is_known(), text == "FULFILLED" || text == "IN_PROGRESS");
    }
}
