//! Recurring series: one request books every occurrence or none.

use crate::common::error::{ErrorKind, FieldError, Problem};
use std::fmt;

/// How far apart a series' occurrences are: a whole number of days or
/// weeks, written `1w`, `2w` or `10d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    days: u16,
}

/// Why an interval or a count was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesValueError {
    /// Not `<n>d` or `<n>w`, or out of range.
    #[error("an interval is a number of days or weeks, from 1d to 52w, such as 1w or 2w")]
    Interval,
    /// A count out of range.
    #[error("a series has 1 to {max} occurrences")]
    Count {
        /// The most occurrences.
        max: u32,
    },
}

impl Problem for SeriesValueError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Interval => "series-interval-format",
            Self::Count { .. } => "series-count-range",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Count { max } => vec![("max", max.to_string())],
            Self::Interval => Vec::new(),
        }
    }
}

impl Interval {
    /// The longest interval: a year of weeks.
    const MAX_DAYS: u16 = 52 * 7;

    /// Parses `<n>d` or `<n>w`.
    pub fn parse(input: &str) -> Result<Self, SeriesValueError> {
        let (number, unit) = match input.len().checked_sub(1) {
            Some(split) if input.is_char_boundary(split) => input.split_at(split),
            _ => return Err(SeriesValueError::Interval),
        };
        let ok_digits =
            !number.is_empty() && number.len() <= 3 && number.bytes().all(|b| b.is_ascii_digit());
        let n: u16 = match (ok_digits, number.parse()) {
            (true, Ok(n)) => n,
            _ => return Err(SeriesValueError::Interval),
        };
        let days = match unit {
            "d" => n,
            "w" => n.saturating_mul(7),
            _ => return Err(SeriesValueError::Interval),
        };
        if days == 0 || days > Self::MAX_DAYS {
            return Err(SeriesValueError::Interval);
        }
        Ok(Self { days })
    }

    /// The interval in days.
    pub fn days(&self) -> u16 {
        self.days
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.days.is_multiple_of(7) {
            write!(f, "{}w", self.days / 7)
        } else {
            write!(f, "{}d", self.days)
        }
    }
}

/// How many occurrences a series has: 1 to [`Count::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(u32);

impl Count {
    /// The most occurrences in one series: a year of weeks.
    pub const MAX: u32 = 52;

    /// A count in range.
    pub fn new(n: u32) -> Result<Self, SeriesValueError> {
        if (1..=Self::MAX).contains(&n) {
            Ok(Self(n))
        } else {
            Err(SeriesValueError::Count { max: Self::MAX })
        }
    }

    /// The number.
    pub fn get(&self) -> u32 {
        self.0
    }
}

/// The occurrences of a series that cannot be booked, each with why: the
/// series is booked only when there are none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} occurrences of the series cannot be booked", .0.len())]
pub struct RefusedOccurrences(pub Vec<FieldError>);

impl Problem for RefusedOccurrences {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }
    fn code(&self) -> &'static str {
        "series-occurrences-refused"
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![("count", self.0.len().to_string())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_days_or_weeks_up_to_a_year() {
        assert_eq!(Interval::parse("1w").map(|i| i.days()), Ok(7));
        assert_eq!(
            Interval::parse("2w").map(|i| i.to_string()),
            Ok("2w".into())
        );
        assert_eq!(
            Interval::parse("10d").map(|i| i.to_string()),
            Ok("10d".into())
        );
        assert_eq!(
            Interval::parse("14d").map(|i| i.to_string()),
            Ok("2w".into())
        );
        assert_eq!(Interval::parse("52w").map(|i| i.days()), Ok(364));
        for bad in [
            "", "w", "0w", "53w", "365d", "1h", "1 w", "-1w", "1W", "1000d", "1é",
        ] {
            assert_eq!(
                Interval::parse(bad),
                Err(SeriesValueError::Interval),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_series_has_one_to_fifty_two_occurrences() {
        assert!(Count::new(1).is_ok() && Count::new(52).is_ok());
        assert_eq!(Count::new(0), Err(SeriesValueError::Count { max: 52 }));
        assert_eq!(Count::new(53), Err(SeriesValueError::Count { max: 52 }));
    }
}
