//! Untrusted text made safe to print: everything the crate shows of bunq's text (types, statuses,
//! reasons, descriptions) comes from the network, so it goes through here before it reaches a
//! terminal or a log line.
//!
//! - Characters that move the cursor or change what follows (control characters and escape
//!   sequences, line breaks, bidi overrides, invisible format characters) are written as escapes
//!   (`\n`, `\u{1b}`), never raw.
//! - A word (a type or a status) is written plain only when that cannot be mistaken for another
//!   word: otherwise quoted, so `EMAIL`, `"EMAIL "` and `""` are told apart.
//! - Widths count terminal columns (a CJK character or an emoji takes two), and a cell longer
//!   than its maximum is cut with an ellipsis.

use std::fmt::{self, Write as _};

use unicode_width::UnicodeWidthChar;

/// The longest text an error message quotes, in characters.
const QUOTED_LIMIT: usize = 64;

/// Whether a character must be written as an escape: it would act on the terminal or be
/// invisible rather than show.
fn needs_escape(c: char) -> bool {
    c.is_control() || (c.is_whitespace() && c != ' ') || is_invisible_format(c)
}

/// Format characters (Unicode category Cf) that terminals do not show but that reorder or hide
/// text: bidi controls, zero-width characters, the BOM, tags.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// One character as shown: itself, or its escape.
enum Piece {
    Char(char),
    Escape(char),
}

impl Piece {
    fn of(c: char, in_quotes: bool) -> Self {
        if needs_escape(c) || (in_quotes && matches!(c, '"' | '\\')) {
            Self::Escape(c)
        } else {
            Self::Char(c)
        }
    }

    /// Terminal columns it takes.
    fn width(&self) -> usize {
        match self {
            Self::Char(c) => c.width().unwrap_or(0),
            Self::Escape(c) => escape_len(*c),
        }
    }

    fn write(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Self::Char(c) => out.write_char(*c),
            Self::Escape('\n') => out.write_str("\\n"),
            Self::Escape('\r') => out.write_str("\\r"),
            Self::Escape('\t') => out.write_str("\\t"),
            Self::Escape(c @ ('"' | '\\')) => write!(out, "\\{c}"),
            Self::Escape(c) => write!(out, "\\u{{{:x}}}", u32::from(*c)),
        }
    }
}

fn escape_len(c: char) -> usize {
    match c {
        '\n' | '\r' | '\t' | '"' | '\\' => 2,
        // `\u{` + hex digits + `}`
        _ => {
            4 + (u32::BITS - u32::from(c).leading_zeros())
                .div_ceil(4)
                .max(1) as usize
        }
    }
}

/// Whether a word can be shown as it is: not empty, no white space (so no trailing blank hides),
/// nothing to escape, and not starting with the quote that marks the other form.
fn is_plain_word(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('"')
        && !text.chars().any(|c| c.is_whitespace() || needs_escape(c))
}

/// Text as a terminal shows it: escaped, quoted when it is a word that would otherwise be
/// ambiguous, and at most `max_width` columns (cut with `…`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown<'a> {
    text: &'a str,
    quoted: bool,
    max_width: usize,
}

impl<'a> Shown<'a> {
    /// A word (type, status): plain when unambiguous, else quoted.
    pub(crate) fn word(text: &'a str, max_width: usize) -> Self {
        Self {
            text,
            quoted: !is_plain_word(text),
            max_width,
        }
    }

    /// Free text (a reason, a description): escaped, never quoted.
    pub(crate) fn prose(text: &'a str, max_width: usize) -> Self {
        Self {
            text,
            quoted: false,
            max_width,
        }
    }

    /// The columns it takes when written.
    pub(crate) fn width(&self) -> usize {
        let mut out = WidthCounter(0);
        // Counting never fails.
        let _ = self.write(&mut out);
        out.0
    }

    fn write(&self, out: &mut impl Write) -> fmt::Result {
        let quote = if self.quoted { "\"" } else { "" };
        let budget = self.max_width.saturating_sub(2 * quote.len());
        let pieces = || self.text.chars().map(|c| Piece::of(c, self.quoted));
        let total: usize = pieces().map(|piece| piece.width()).sum();
        out.write_str(quote)?;
        if total <= budget {
            for piece in pieces() {
                out.write_piece(&piece)?;
            }
        } else {
            let mut used = 0;
            for piece in pieces() {
                let width = piece.width();
                if used + width + 1 > budget {
                    break;
                }
                used += width;
                out.write_piece(&piece)?;
            }
            out.write_str("…")?;
        }
        out.write_str(quote)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(&mut Writer(f))
    }
}

/// Where shown text goes: a formatter, or a counter of columns.
trait Write {
    /// Text of our own, one column a character (quotes, the ellipsis).
    fn write_str(&mut self, text: &str) -> fmt::Result;
    fn write_piece(&mut self, piece: &Piece) -> fmt::Result;
}

struct Writer<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl Write for Writer<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.write_str(text)
    }

    fn write_piece(&mut self, piece: &Piece) -> fmt::Result {
        piece.write(self.0)
    }
}

struct WidthCounter(usize);

impl Write for WidthCounter {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0 += text.chars().count();
        Ok(())
    }

    fn write_piece(&mut self, piece: &Piece) -> fmt::Result {
        self.0 += piece.width();
        Ok(())
    }
}

/// Input quoted in an error message: always in quotes, escaped, and cut after 64 characters, so
/// that a hostile megabyte neither floods a log line nor acts on a terminal.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(QUOTED_LIMIT) {
            Piece::of(c, true).write(f)?;
        }
        if chars.next().is_some() {
            f.write_char('…')?;
        }
        f.write_char('"')
    }
}

/// A word (type, status) in an error message: plain when unambiguous, else [`Quoted`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word<'a>(pub(crate) &'a str);

impl fmt::Display for Word<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_plain_word(self.0) && self.0.chars().nth(QUOTED_LIMIT).is_none() {
            f.write_str(self.0)
        } else {
            Quoted(self.0).fmt(f)
        }
    }
}

/// Free text (bunq's message, a parser's message) in one line: escaped, never cut.
#[cfg(feature = "json")]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a>(pub(crate) &'a str);

#[cfg(feature = "json")]
impl fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            Piece::of(c, false).write(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(shown: Shown<'_>) -> (String, usize) {
        (shown.to_string(), shown.width())
    }

    #[test]
    fn an_escape_is_as_wide_as_it_is_written() {
        for c in [
            '\n',
            '\t',
            '"',
            '\\',
            '\0',
            '\u{1b}',
            '\u{7f}',
            '\u{202e}',
            '\u{e007f}',
        ] {
            let mut written = String::new();
            Piece::Escape(c).write(&mut written).unwrap();
            assert_eq!(written.len(), escape_len(c), "{written}");
        }
    }

    #[test]
    fn words_are_plain_only_when_unambiguous() {
        let max = 80;
        assert_eq!(shown(Shown::word("EMAIL", max)), ("EMAIL".into(), 5));
        assert_eq!(shown(Shown::word("EMAIL ", max)), ("\"EMAIL \"".into(), 8));
        assert_eq!(shown(Shown::word("", max)), ("\"\"".into(), 2));
        assert_eq!(
            shown(Shown::word("\"EMAIL\"", max)),
            (r#""\"EMAIL\"""#.into(), 11)
        );
        assert_eq!(
            shown(Shown::word("A\u{1b}[31m", max)),
            (r#""A\u{1b}[31m""#.into(), 13)
        );
        assert_eq!(
            shown(Shown::word("not started", max)).0,
            "\"not started\"",
            "never mistaken for the label of a row without a status"
        );
    }

    #[test]
    fn prose_is_escaped_but_not_quoted() {
        let (text, width) = shown(Shown::prose("a\nb\u{202e}c \"d\"", 80));
        assert_eq!(text, "a\\nb\\u{202e}c \"d\"");
        assert_eq!(width, text.chars().count());
    }

    #[test]
    fn wide_characters_count_two_columns_and_cuts_never_split_an_escape() {
        assert_eq!(shown(Shown::prose("日本語", 80)), ("日本語".into(), 6));
        assert_eq!(shown(Shown::prose("🙂x", 80)), ("🙂x".into(), 3));
        // 5 columns: two CJK characters and the ellipsis.
        assert_eq!(shown(Shown::prose("日本語です", 5)), ("日本…".into(), 5));
        // The escape `\u{1b}` (6 columns) does not fit in what is left, so it is left out whole.
        assert_eq!(shown(Shown::prose("ab\u{1b}cd", 6)), ("ab…".into(), 3));
        assert_eq!(shown(Shown::word("EMAIL ", 5)), ("\"EM…\"".into(), 5));
    }

    #[test]
    fn quoted_input_is_cut_after_64_characters() {
        let long = "é".repeat(100);
        let quoted = Quoted(&long).to_string();
        assert_eq!(quoted, format!("\"{}…\"", "é".repeat(64)));
        assert_eq!(Quoted("a\"b").to_string(), r#""a\"b""#);
        assert_eq!(Word(&long).to_string(), quoted, "a long word is cut too");
        assert_eq!(Word("EMAIL").to_string(), "EMAIL");
    }
}
