//! The human report of an [`Assessment`]: an aligned table and a summary line.

use std::fmt::{self, Write as _};

use strum::IntoEnumIterator;

use crate::{Assessment, Class, Verdict};

const HEADER: [&str; 6] = [
    "TYPE",
    "CLASS",
    "STATUS",
    "SATISFIED BY",
    "DEADLINE",
    "REASON",
];

fn cells(verdict: &Verdict<'_>) -> [String; 6] {
    let row = verdict.deciding_row();
    let allowed: Vec<&str> = row
        .all_status_allowed
        .iter()
        .map(crate::FulfillmentStatus::as_str)
        .collect();
    [
        verdict.fulfillment_type().to_string(),
        verdict.class().as_str().to_owned(),
        row.status
            .as_ref()
            .map_or_else(|| "not started".to_owned(), ToString::to_string),
        if allowed.is_empty() {
            "nothing".to_owned()
        } else {
            allowed.join(", ")
        },
        verdict
            .deadline()
            .map_or_else(|| "-".to_owned(), |deadline| deadline.to_string()),
        row.reason.clone(),
    ]
}

/// One line per type (its class, status, the statuses that would satisfy it, deadline and
/// reason, from its deciding row), then a summary line.
impl fmt::Display for Assessment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = HEADER.map(str::to_owned);
        let lines: Vec<[String; 6]> = self.verdicts().iter().map(cells).collect();
        let mut widths = HEADER.map(|title| title.chars().count());
        for line in &lines {
            for (width, cell) in widths.iter_mut().zip(line) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for line in std::iter::once(&header).chain(&lines) {
            let mut text = String::new();
            for (cell, width) in line.iter().zip(widths) {
                write!(text, "{cell:<width$}  ")?;
            }
            writeln!(f, "{}", text.trim_end())?;
        }
        let counts: Vec<String> = Class::iter()
            .map(|class| format!("{} {}", self.count(class), class.as_str().replace('_', " ")))
            .collect();
        let verdict = if self.can_reach_target() {
            "the target can be reached"
        } else {
            "the target is blocked"
        };
        write!(
            f,
            "{}: {verdict}; action required: {}",
            counts.join(", "),
            self.action_required()
        )
    }
}
