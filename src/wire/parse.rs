//! Reading JSON text into the crate's types, and the located [`ParseError`] when it fails.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::text::Line;

/// The longest message or path a [`ParseError`] keeps, in characters: serde quotes the input in
/// some messages, and a hostile megabyte must not end up in a log line.
const KEPT_LIMIT: usize = 256;

/// Why a JSON text could not be read, and where.
///
/// The message and the path are safe to print: input they quote is escaped and cut.
///
/// ```
/// use bunq_onboarding::PutAnswer;
/// use bunq_onboarding::wire::ParseErrorKind;
///
/// let error = PutAnswer::from_json(r#"{"Response":[{"Id":{"id":-260}}]}"#).unwrap_err();
/// assert_eq!(error.kind(), ParseErrorKind::Data);
/// assert_eq!(error.path(), "Response[0].Id.id");
/// assert_eq!((error.line(), error.column()), (1, 29));
/// assert_eq!(
///     error.to_string(),
///     "invalid value: integer `-260`, expected an id (an integer from 0 to 18446744073709551615) \
///      at `Response[0].Id.id`, line 1 column 29"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {}line {line} column {column}", path_prefix(.path))]
pub struct ParseError {
    kind: ParseErrorKind,
    message: String,
    path: String,
    line: usize,
    column: usize,
}

/// The kind of a [`ParseError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// Not JSON (or nested deeper than 128 levels).
    Syntax,
    /// JSON, but not what bunq sends there: a wrong type, a bad timestamp, no envelope, both
    /// envelopes, a string that is not Unicode text (a lone surrogate escape).
    Data,
    /// The text ends before the JSON does: truncated input.
    Eof,
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Syntax => "not JSON",
            Self::Data => "JSON of the wrong shape",
            Self::Eof => "truncated JSON",
        })
    }
}

impl ParseError {
    /// What kind of failure it is.
    pub fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// What went wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the document, e.g. `Error[0].error_additional_parameter[0]`; `.` for the top.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, from 1 (0 when the text ended before the line had any).
    pub fn column(&self) -> usize {
        self.column
    }
}

/// The path as the start of a location, nothing for the top level.
fn path_prefix(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!("`{path}`, ")
    }
}

/// Parses at full speed; only on failure parses again to learn the path.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    serde_json::from_str(text).map_err(|error| {
        located(
            &error,
            text.as_bytes(),
            &path_of::<T, _>(serde_json::Deserializer::from_str(text)),
        )
    })
}

/// As [`from_json`], for bytes that may not be UTF-8.
///
/// Valid UTF-8 (nearly every body) is checked once, in bulk, and read as text: `serde_json`
/// reading bytes checks each string on its own, which is slower. Other bytes are read as bytes,
/// so that the error names where they stop being UTF-8, as before.
pub(crate) fn from_json_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return from_json(text);
    }
    serde_json::from_slice(bytes).map_err(|error| {
        located(
            &error,
            bytes,
            &path_of::<T, _>(serde_json::Deserializer::from_slice(bytes)),
        )
    })
}

/// Where in the document reading a `T` fails; `.` when the value itself was whole.
fn path_of<'de, T: DeserializeOwned, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
) -> String {
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) => located.path().to_string(),
        Ok(_) => ".".to_owned(),
    }
}

fn located(error: &serde_json::Error, input: &[u8], path: &str) -> ParseError {
    let full = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let mut message = full.strip_suffix(&position).unwrap_or(&full).to_owned();
    let mut kind = match error.classify() {
        serde_json::error::Category::Eof => ParseErrorKind::Eof,
        serde_json::error::Category::Data => ParseErrorKind::Data,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            ParseErrorKind::Syntax
        }
    };
    let surrogate = (kind == ParseErrorKind::Syntax)
        .then(|| lone_surrogate(input, error.line(), error.column()))
        .flatten();
    if let Some(escape) = surrogate {
        // JSON's grammar allows the escape; Unicode text cannot hold it.
        kind = ParseErrorKind::Data;
        message = format!(
            "lone surrogate `\\u{escape}` in a string: an escape of half a UTF-16 pair is not Unicode text"
        );
    }
    ParseError {
        kind,
        message: kept(&message),
        path: kept(path),
        line: error.line(),
        column: error.column(),
    }
}

/// The four hex digits of a UTF-16 surrogate (D800 to DFFF) among the last two `\u` escapes
/// before the error's position: the cause of `serde_json`'s "unexpected end of hex escape" and "lone
/// leading surrogate" errors (a high surrogate followed by no escape, or by one that is no low
/// surrogate; or a low surrogate alone).
fn lone_surrogate(input: &[u8], line: usize, column: usize) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        input
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)?
            .0
            + 1
    };
    let end = (line_start + column).min(input.len());
    let before = input.get(..end)?;
    before
        .windows(2)
        .enumerate()
        .rev()
        .filter(|(_, pair)| *pair == b"\\u")
        .take(2)
        .find_map(|(escape, _)| {
            let digits = std::str::from_utf8(input.get(escape + 2..escape + 6)?).ok()?;
            let code = u16::from_str_radix(digits, 16).ok()?;
            (0xD800..=0xDFFF)
                .contains(&code)
                .then(|| digits.to_ascii_lowercase())
        })
}

/// Text kept in an error: escaped and cut.
fn kept(text: &str) -> String {
    let escaped = Line(text).to_string();
    match escaped.char_indices().nth(KEPT_LIMIT) {
        Some((cut, _)) => format!("{}…", escaped.get(..cut).unwrap_or_default()),
        None => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_surrogate_is_found_on_any_line() {
        assert_eq!(
            lone_surrogate(br#""\ud800""#, 1, 8),
            Some("d800".to_owned())
        );
        assert_eq!(
            lone_surrogate(b"[\n1,\n\"\\uDC00\"]", 3, 7),
            Some("dc00".to_owned())
        );
        assert_eq!(
            lone_surrogate(br#""\uDBFF\u0041""#, 1, 13),
            Some("dbff".to_owned()),
            "the high surrogate before an escape that does not pair it"
        );
        assert_eq!(lone_surrogate(br#""\u12""#, 1, 6), None, "not a surrogate");
        assert_eq!(lone_surrogate(br#""\u00e9""#, 1, 7), None);
        assert_eq!(lone_surrogate(b"[1]", 9, 1), None, "no such line");
        // Far down a long document: the line is found by counting newlines, not bytes.
        let long = format!("[\n{}\"\\uDC00\"]", "1,\n".repeat(30));
        assert_eq!(
            lone_surrogate(long.as_bytes(), 32, 7),
            Some("dc00".to_owned())
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(&long)
                .is_err_and(|error| (error.line(), error.column()) == (32, 7))
        );
    }

    #[test]
    fn kept_text_is_escaped_and_cut() {
        assert_eq!(kept("a\u{1b}b"), "a\\u{1b}b");
        let long = kept(&"x".repeat(1_000));
        assert_eq!(long.chars().count(), KEPT_LIMIT + 1);
        assert!(long.ends_with('…'));
    }
}
