//! The human report of an [`Assessment`]: an aligned table and a summary line.
//!
//! Every cell from bunq goes through [`Shown`]: escaped, quoted where a word would be ambiguous,
//! at most [`MAX_WIDTH`] columns, and padded by display width, so any input prints safely and
//! lines up.

use std::fmt;

use crate::text::Shown;
use crate::{Assessment, Class, Verdict};

/// The widest a cell (or one of bunq's descriptions) is shown, in terminal columns.
pub(crate) const MAX_WIDTH: usize = 80;

const HEADER: [&str; 6] = [
    "TYPE",
    "CLASS",
    "STATUS",
    "SATISFIED BY",
    "DEADLINE",
    "REASON",
];

/// A cell's text as written, and its width in columns.
struct Cell {
    text: String,
    width: usize,
}

impl Cell {
    fn shown(shown: Shown<'_>) -> Self {
        Self {
            text: shown.to_string(),
            width: shown.width(),
        }
    }

    /// Text of the crate's own: plain ASCII.
    fn own(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            width: text.len(),
            text,
        }
    }
}

fn cells(verdict: &Verdict<'_>) -> [Cell; 6] {
    let row = verdict.deciding_row();
    let allowed = if row.all_status_allowed.is_empty() {
        Cell::own("nothing")
    } else {
        let words: Vec<String> = row
            .all_status_allowed
            .iter()
            .map(|status| Shown::word(status.as_str(), usize::MAX).to_string())
            .collect();
        // Each word is already escaped; the list as a whole is cut to the cell's width.
        Cell::shown(Shown::prose(&words.join(", "), MAX_WIDTH))
    };
    [
        Cell::shown(Shown::word(verdict.fulfillment_type().as_str(), MAX_WIDTH)),
        Cell::own(verdict.class().as_str()),
        row.status.as_ref().map_or_else(
            || Cell::own("not started"),
            |status| Cell::shown(Shown::word(status.as_str(), MAX_WIDTH)),
        ),
        allowed,
        Cell::own(
            verdict
                .deadline()
                .map_or_else(|| "-".to_owned(), |deadline| deadline.to_string()),
        ),
        Cell::shown(Shown::prose(&row.reason, MAX_WIDTH)),
    ]
}

/// The table of an assessment: one line per type (its class, status, the statuses that would
/// satisfy it, deadline and reason, from its deciding row), then a summary line.
pub(crate) fn write_table(assessment: &Assessment<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let header = HEADER.map(Cell::own);
    let lines: Vec<[Cell; 6]> = assessment.verdicts().iter().map(cells).collect();
    let mut widths = HEADER.map(str::len);
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.width);
        }
    }
    for line in std::iter::once(&header).chain(&lines) {
        let mut text = String::new();
        for (cell, width) in line.iter().zip(widths) {
            text.push_str(&cell.text);
            text.extend(std::iter::repeat_n(' ', width - cell.width + 2));
        }
        writeln!(f, "{}", text.trim_end_matches(' '))?;
    }
    for (i, class) in Class::ALL.iter().enumerate() {
        let separator = if i == 0 { "" } else { ", " };
        let name = class.as_str().replace('_', " ");
        write!(f, "{separator}{} {name}", assessment.count(*class))?;
    }
    let verdict = if assessment.can_reach_target() {
        "the target can be reached"
    } else {
        "the target is blocked"
    };
    write!(
        f,
        ": {verdict}; action required: {}",
        Shown::word(assessment.action_required().as_str(), MAX_WIDTH)
    )
}
