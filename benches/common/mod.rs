//! Inputs and the hand-written peer, shared by the bench targets.
#![allow(dead_code)] // each bench target uses its own subset

pub mod facts;

use bunq_onboarding::{
    AdditionalFulfillmentParameter, Class, FulfillmentType, PutAnswer, Timestamp,
};
use serde_json::{Value, json};

pub const SEED: &str = include_str!("../../tests/fixtures/put-onboarding-error.json");
pub const NOW: &str = "2025-08-13 14:45:18.621550";

/// The same text without the white space between tokens: what a service stores and what HTTP
/// bodies usually are. Members keep their order.
pub fn minify(json: &str) -> String {
    let mut compact = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            compact.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            compact.push(c);
        }
    }
    compact
}

/// bunq's example answer, minified (2.3 KB).
pub fn compact_seed() -> String {
    minify(SEED)
}

/// A real-shaped answer with `rows` rows, as a service stores it (compact): the seed's rows
/// repeated, with some statuses, deadlines and unknown types varied so that every class occurs,
/// and, as on rows bunq has stored, an id and created and updated timestamps on two rows in three.
pub fn answer_with_rows(rows: usize) -> String {
    let seed: Value = serde_json::from_str(SEED).unwrap();
    let parameter =
        &seed["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let templates: Vec<Value> = parameter["all_fulfillment"].as_array().unwrap().clone();
    let all: Vec<Value> = (0..rows)
        .map(|i| {
            let mut row = templates[i % templates.len()].clone();
            match i % 5 {
                0 => row["status"] = json!("FULFILLED"),
                1 => row["status"] = json!("IN_PROGRESS"),
                2 => row["time_mandatory"] = json!("2026-02-01 00:00:00.000000"),
                _ => {}
            }
            if i % 7 == 0 {
                row["type"] = json!(format!("UNKNOWN_TYPE_{}", i % 11));
            }
            if i % 3 != 0 {
                let (minute, second, micros) = (i % 60, (i * 7) % 60, (i * 7_919) % 1_000_000);
                row["id"] = json!(40_000 + i);
                row["created_timestamp"] =
                    json!(format!("2025-08-13 14:{minute:02}:{second:02}.{micros:06}"));
                row["updated_timestamp"] =
                    json!(format!("2025-08-14 09:{second:02}:{minute:02}.{micros:06}"));
            }
            row
        })
        .collect();
    let mut answer = seed.clone();
    answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"]["all_fulfillment"] =
        Value::Array(all);
    answer.to_string()
}

/// What a team writes by hand: walk the `Value`, compare strings, group by type.
pub fn peer_blocking(answer: &Value, now: &str) -> Vec<String> {
    let parameter =
        &answer["Error"][0]["error_additional_parameter"][0]["AdditionalFulfillmentParameter"];
    let mut verdicts: Vec<(String, bool)> = Vec::new();
    for list in ["all_fulfillment", "all_fulfillment_fulfilled"] {
        for row in parameter[list].as_array().into_iter().flatten() {
            let fulfillment_type = row["type"].as_str().unwrap_or_default();
            let status = row["status"].as_str();
            let satisfied = status.is_some()
                && row["all_status_allowed"]
                    .as_array()
                    .is_some_and(|allowed| allowed.iter().any(|a| a.as_str() == status));
            let mandatory = row["time_mandatory"].as_str().is_none_or(|due| due <= now);
            let blocks = !satisfied && mandatory;
            match verdicts.iter_mut().find(|(t, _)| t == fulfillment_type) {
                Some((_, blocking)) => *blocking |= blocks,
                None => verdicts.push((fulfillment_type.to_owned(), blocks)),
            }
        }
    }
    verdicts
        .into_iter()
        .filter(|(_, blocking)| *blocking)
        .map(|(t, _)| t)
        .collect()
}

/// bunq's `Error` answer carrying `parameter`, compact.
pub fn answer_of(parameter: AdditionalFulfillmentParameter) -> String {
    serde_json::to_string(&PutAnswer::NeedsFulfillments {
        parameter,
        errors: Vec::new(),
    })
    .unwrap()
}

pub fn parameter_of(answer: &str) -> AdditionalFulfillmentParameter {
    match PutAnswer::from_json(answer).unwrap() {
        PutAnswer::NeedsFulfillments { parameter, .. } => parameter,
        other => panic!("{other:?}"),
    }
}

pub fn crate_blocking(answer: &str, now: Timestamp) -> Vec<FulfillmentType> {
    let parameter = parameter_of(answer);
    let assessment = parameter.assess(now);
    assessment
        .of_class(Class::Blocking)
        .map(|v| v.fulfillment_type().clone())
        .collect()
}

/// A deterministic stream of pseudo-random numbers (xorshift), so that benches are repeatable.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }

    /// One of `items`, each as likely.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let at = self.roll(items.len() as u64);
        &items[usize::try_from(at).expect("an index below the length")]
    }
}

/// `rows` rows as services store them after many users: every known type and a few unknown,
/// statuses none, in review or done, one or two statuses allowed, deadlines before and after
/// `NOW` or none, reasons of several lengths: classes vary from row to row, so a branch on them
/// is unpredictable.
pub fn varied_rows(rows: usize) -> AdditionalFulfillmentParameter {
    varied_rows_from(&mut Dice::new(rows as u64), rows)
}

/// `onboardings` stored onboardings of seven varied rows each (six required, one done), as
/// [`varied_rows`] makes them.
pub fn varied_onboardings(onboardings: usize) -> Vec<AdditionalFulfillmentParameter> {
    let mut dice = Dice::new(onboardings as u64);
    (0..onboardings)
        .map(|_| {
            let mut parameter = varied_rows_from(&mut dice, 7);
            let done = parameter.all_fulfillment.pop().into_iter();
            parameter.all_fulfillment_fulfilled.extend(done);
            parameter
        })
        .collect()
}

/// The onboardings written as compact JSON and read back, as a service loads what it stored: each
/// one's rows, type names and reasons then sit together in memory, in the order read, rather
/// than among the freed temporaries of their making.
pub fn read_back(
    stored: Vec<AdditionalFulfillmentParameter>,
) -> Vec<AdditionalFulfillmentParameter> {
    let texts: Vec<String> = stored
        .iter()
        .map(|parameter| serde_json::to_string(parameter).unwrap())
        .collect();
    drop(stored);
    texts
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect()
}

/// The same onboardings with every type the crate does not know replaced by `EMAIL`.
pub fn of_known_types(
    mut stored: Vec<AdditionalFulfillmentParameter>,
) -> Vec<AdditionalFulfillmentParameter> {
    for parameter in &mut stored {
        let rows = parameter.all_fulfillment.iter_mut();
        for row in rows.chain(parameter.all_fulfillment_fulfilled.iter_mut()) {
            if !FulfillmentType::known().any(|known| known == row.fulfillment_type) {
                row.fulfillment_type = FulfillmentType::EMAIL;
            }
        }
    }
    stored
}

fn varied_rows_from(dice: &mut Dice, rows: usize) -> AdditionalFulfillmentParameter {
    use bunq_onboarding::{Fulfillment, FulfillmentStatus, SharedText};
    let types: Vec<FulfillmentType> = FulfillmentType::known()
        .chain(["MADE_UP_TYPE", "OTHER_MADE_UP_TYPE"].map(FulfillmentType::new))
        .collect();
    let deadlines: [Option<Timestamp>; 3] = [
        None,
        Some("2025-08-01 00:00:00.000000".parse().unwrap()),
        Some("2026-02-01 00:00:00.000000".parse().unwrap()),
    ];
    let reasons = [
        SharedText::EMPTY,
        SharedText::from("So we know where to send your card."),
        SharedText::from("Let's make this account truly yours."),
    ];
    let all_fulfillment = (0..rows)
        .map(|_| {
            let fulfillment_type = dice.pick(&types).clone();
            let allowed = if dice.roll(2) == 0 {
                vec![FulfillmentStatus::FULFILLED]
            } else {
                vec![FulfillmentStatus::FULFILLED, FulfillmentStatus::IN_PROGRESS]
            };
            let mut row = Fulfillment::new(fulfillment_type, allowed);
            row.status = match dice.roll(3) {
                0 => None,
                1 => Some(FulfillmentStatus::IN_PROGRESS),
                _ => Some(FulfillmentStatus::FULFILLED),
            };
            row.time_mandatory = *dice.pick(&deadlines);
            row.reason = dice.pick(&reasons).clone();
            row.reason_translated = row.reason.clone();
            row
        })
        .collect();
    AdditionalFulfillmentParameter {
        all_fulfillment,
        all_fulfillment_fulfilled: Vec::new(),
    }
}
