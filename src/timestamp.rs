//! bunq's timestamp: UTC, `YYYY-MM-DD hh:mm:ss.ffffff`, stored as Unix microseconds.

use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::text::Quoted;

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;
/// `0001-01-01 00:00:00.000000`.
const MIN_MICROS: i64 = -62_135_596_800 * MICROS_PER_SECOND;
/// `9999-12-31 23:59:59.999999`.
const MAX_MICROS: i64 = 253_402_300_800 * MICROS_PER_SECOND - 1;

/// A point in time as bunq writes it: UTC, `YYYY-MM-DD hh:mm:ss.ffffff`, years 1 to 9999.
///
/// Totally ordered; written back in the same format. The crate never reads a clock: a caller
/// that has one makes `now` with [`Timestamp::from_unix_micros`].
///
/// ```
/// use bunq_onboarding::Timestamp;
///
/// let t: Timestamp = "2025-08-13 14:45:18.621550".parse()?;
/// assert_eq!(t.as_unix_micros(), 1_755_096_318_621_550);
/// assert_eq!(t.to_string(), "2025-08-13 14:45:18.621550");
/// # Ok::<(), bunq_onboarding::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(
    /// Microseconds since `0001-01-01 00:00:00.000000`, plus one: never zero, so that
    /// `Option<Timestamp>` takes no more room than a `Timestamp` (three in every row).
    NonZeroU64,
);

/// Why text or a number is not a [`Timestamp`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not shaped `YYYY-MM-DD hh:mm:ss.ffffff` (26 characters, digits and separators).
    #[error("timestamp {} is not in bunq's format YYYY-MM-DD hh:mm:ss.ffffff", Quoted(.input))]
    Format {
        /// The text read.
        input: String,
    },
    /// The text is well shaped but a field is out of range (month 13, February 30, hour 24…).
    #[error("timestamp {} has {field} {value} out of range", Quoted(.input))]
    OutOfRange {
        /// The text read.
        input: String,
        /// Which field: `year`, `month`, `day`, `hour`, `minute` or `second`.
        field: &'static str,
        /// The value found in that field.
        value: u32,
    },
    /// A Unix time outside the years 1 to 9999.
    #[error("unix time {micros} µs is outside the years 1 to 9999")]
    UnixOutOfRange {
        /// The microseconds given.
        micros: i64,
    },
    /// A [`SystemTime`] too far from 1970 to count in microseconds (about 292,000 years).
    #[error("system time {0:?} is outside the years 1 to 9999")]
    SystemTimeOutOfRange(SystemTime),
}

impl Timestamp {
    /// The first instant bunq's format can write: `0001-01-01 00:00:00.000000`.
    pub const MIN: Self = Self(NonZeroU64::MIN);

    /// The last instant bunq's format can write: `9999-12-31 23:59:59.999999`.
    #[allow(clippy::cast_sign_loss)] // the difference of the bounds is positive
    pub const MAX: Self = Self(NonZeroU64::MIN.saturating_add((MAX_MICROS - MIN_MICROS) as u64));

    /// The timestamp `micros` microseconds after 1970-01-01 00:00:00 UTC.
    ///
    /// # Errors
    /// [`TimestampError::UnixOutOfRange`] outside the years 1 to 9999.
    pub fn from_unix_micros(micros: i64) -> Result<Self, TimestampError> {
        (MIN_MICROS..=MAX_MICROS)
            .contains(&micros)
            .then(|| u64::try_from(micros - MIN_MICROS + 1).ok())
            .flatten()
            .and_then(NonZeroU64::new)
            .map(Self)
            .ok_or(TimestampError::UnixOutOfRange { micros })
    }

    /// A number that orders as the timestamps do; 0 for `None`, which sorts before every
    /// timestamp. For comparisons without a branch on the `Option`.
    pub(crate) fn order_key(timestamp: Option<Self>) -> u64 {
        timestamp.map_or(0, |timestamp| timestamp.0.get())
    }

    /// Microseconds since 1970-01-01 00:00:00 UTC (negative before).
    pub fn as_unix_micros(self) -> i64 {
        // At most 9999 years of microseconds: always fits an `i64`.
        i64::try_from(self.0.get()).unwrap_or(i64::MAX) + MIN_MICROS - 1
    }

    /// Reads bunq's format strictly: exactly `YYYY-MM-DD hh:mm:ss.ffffff`, a real calendar date.
    ///
    /// # Errors
    /// [`TimestampError::Format`] for any other shape, [`TimestampError::OutOfRange`] for a field
    /// out of range.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let fields = split_fields(text.as_bytes()).ok_or_else(|| TimestampError::Format {
            input: text.to_owned(),
        })?;
        let [year, month, day, hour, minute, second, micro] = fields;
        let out_of_range = |field, value| TimestampError::OutOfRange {
            input: text.to_owned(),
            field,
            value,
        };
        if year == 0 {
            return Err(out_of_range("year", year));
        }
        if !(1..=12).contains(&month) {
            return Err(out_of_range("month", month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(out_of_range("day", day));
        }
        if hour > 23 {
            return Err(out_of_range("hour", hour));
        }
        if minute > 59 {
            return Err(out_of_range("minute", minute));
        }
        if second > 59 {
            return Err(out_of_range("second", second));
        }
        let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
        Self::from_unix_micros(
            days_from_civil(year, month, day) * MICROS_PER_DAY
                + seconds_of_day * MICROS_PER_SECOND
                + i64::from(micro),
        )
    }
}

/// The seven numeric fields of `YYYY-MM-DD hh:mm:ss.ffffff`, or `None` if the shape is off.
///
/// Every field sits at a fixed offset: one pattern checks the length and the separators and
/// names the digits, so no loop walks the text.
#[rustfmt::skip] // the pattern laid out as the format reads
fn split_fields(bytes: &[u8]) -> Option<[u32; 7]> {
    let &[
        y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b' ',
        h0, h1, b':', i0, i1, b':', s0, s1, b'.', f0, f1, f2, f3, f4, f5,
    ] = bytes else {
        return None;
    };
    Some([
        number([y0, y1, y2, y3])?,
        number([m0, m1])?,
        number([d0, d1])?,
        number([h0, h1])?,
        number([i0, i1])?,
        number([s0, s1])?,
        number([f0, f1, f2, f3, f4, f5])?,
    ])
}

/// The decimal number the ASCII digits write, or `None` if one is not a digit.
fn number<const N: usize>(digits: [u8; N]) -> Option<u32> {
    digits.into_iter().try_fold(0, |number, digit| {
        digit
            .is_ascii_digit()
            .then(|| number * 10 + u32::from(digit - b'0'))
    })
}

fn is_leap_year(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.as_unix_micros();
        let (year, month, day) = civil_from_days(micros.div_euclid(MICROS_PER_DAY));
        let micros_of_day = micros.rem_euclid(MICROS_PER_DAY);
        let seconds_of_day = micros_of_day / MICROS_PER_SECOND;
        write!(
            f,
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:06}",
            seconds_of_day / 3600,
            seconds_of_day / 60 % 60,
            seconds_of_day % 60,
            micros_of_day % MICROS_PER_SECOND,
        )
    }
}

/// Shown as bunq writes it.
impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

/// A clock's reading, to the microsecond (truncated).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use bunq_onboarding::Timestamp;
///
/// let now = Timestamp::try_from(UNIX_EPOCH + Duration::from_micros(1_755_096_318_621_550))?;
/// assert_eq!(now.to_string(), "2025-08-13 14:45:18.621550");
/// # Ok::<(), bunq_onboarding::TimestampError>(())
/// ```
impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    fn try_from(time: SystemTime) -> Result<Self, TimestampError> {
        let micros = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_micros()).ok(),
            Err(before) => i64::try_from(before.duration().as_micros())
                .ok()
                .map(|micros| -micros),
        };
        Self::from_unix_micros(micros.ok_or(TimestampError::SystemTimeOutOfRange(time))?)
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, TimestampError> {
        Self::parse(text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string YYYY-MM-DD hh:mm:ss.ffffff")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_conversions_agree_on_every_day_of_the_range() {
        let first = days_from_civil(1, 1, 1);
        let last = days_from_civil(9999, 12, 31);
        let mut expected = (1, 1, 1);
        for days in first..=last {
            let (year, month, day) = civil_from_days(days);
            assert_eq!((year, month, day), expected);
            let [y, m, d] = [year, month, day].map(|field| u32::try_from(field).unwrap());
            assert_eq!(days_from_civil(y, m, d), days);
            expected = if d < days_in_month(y, m) {
                (year, month, day + 1)
            } else if m < 12 {
                (year, month + 1, 1)
            } else {
                (year + 1, 1, 1)
            };
        }
    }

    #[test]
    fn the_bounds_are_the_first_and_last_representable_instants() {
        assert_eq!(
            Timestamp::from_unix_micros(MIN_MICROS).unwrap().to_string(),
            "0001-01-01 00:00:00.000000"
        );
        assert_eq!(
            Timestamp::from_unix_micros(MAX_MICROS).unwrap().to_string(),
            "9999-12-31 23:59:59.999999"
        );
    }

    #[test]
    fn an_optional_timestamp_takes_no_more_room_than_a_timestamp() {
        assert_eq!(size_of::<Option<Timestamp>>(), size_of::<i64>());
    }

    #[test]
    fn min_and_max_are_the_bounds() {
        assert_eq!(Timestamp::MIN.as_unix_micros(), MIN_MICROS);
        assert_eq!(Timestamp::MAX.as_unix_micros(), MAX_MICROS);
    }
}
