//! A patient's date of birth: a calendar date, never in the future.

use crate::common::error::{ErrorKind, Problem};
use chrono::NaiveDate;
use std::fmt;

/// A date of birth, valid by construction: not after the day it was checked
/// and no more than [`DateOfBirth::MAX_AGE_YEARS`] years before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateOfBirth(NaiveDate);

/// Why a date of birth was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateOfBirthError {
    /// Not a calendar date in `YYYY-MM-DD` form.
    #[error("a date of birth is a calendar date written YYYY-MM-DD")]
    Format,
    /// After today.
    #[error("a date of birth cannot be in the future")]
    InTheFuture,
    /// Implausibly long ago.
    #[error("a date of birth cannot be more than {max} years ago")]
    TooLongAgo {
        /// The limit, in years.
        max: u32,
    },
}

impl Problem for DateOfBirthError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            DateOfBirthError::Format => "date-format",
            DateOfBirthError::InTheFuture => "date-of-birth-in-future",
            DateOfBirthError::TooLongAgo { .. } => "date-of-birth-too-old",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            DateOfBirthError::TooLongAgo { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

impl DateOfBirth {
    /// No one alive is older than this; older dates are typing mistakes.
    pub const MAX_AGE_YEARS: u32 = 150;

    /// Checks `date` against `today` (the clock's date, in UTC).
    pub fn new(date: NaiveDate, today: NaiveDate) -> Result<Self, DateOfBirthError> {
        if date > today {
            return Err(DateOfBirthError::InTheFuture);
        }
        let oldest = today
            .checked_sub_months(chrono::Months::new(Self::MAX_AGE_YEARS * 12))
            .unwrap_or(NaiveDate::MIN);
        if date < oldest {
            return Err(DateOfBirthError::TooLongAgo {
                max: Self::MAX_AGE_YEARS,
            });
        }
        Ok(Self(date))
    }

    /// Parses `YYYY-MM-DD` (exactly that form) and checks it against `today`.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, DateOfBirthError> {
        let input = input.trim();
        if input.len() != 10 {
            return Err(DateOfBirthError::Format);
        }
        let date =
            NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| DateOfBirthError::Format)?;
        Self::new(date, today)
    }

    /// Rebuilds a date of birth read back from storage, where it was checked
    /// when it was written. Only adapters should need this.
    pub fn from_trusted(date: NaiveDate) -> Self {
        Self(date)
    }

    /// The calendar date.
    pub fn date(&self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    fn today() -> NaiveDate {
        day(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn today_and_earlier_dates_are_accepted() {
        assert!(DateOfBirth::parse("2026-11-24", today()).is_ok());
        assert!(DateOfBirth::parse("1907-12-28", today()).is_ok());
    }

    #[test]
    fn a_future_date_is_refused() {
        assert_eq!(
            DateOfBirth::parse("2026-11-25", today()),
            Err(DateOfBirthError::InTheFuture)
        );
    }

    #[test]
    fn a_date_more_than_150_years_ago_is_refused() {
        assert!(DateOfBirth::new(day(1876, 11, 24), today()).is_ok());
        assert_eq!(
            DateOfBirth::new(day(1876, 11, 23), today()),
            Err(DateOfBirthError::TooLongAgo { max: 150 })
        );
    }

    #[test]
    fn anything_but_a_real_yyyy_mm_dd_date_is_refused() {
        for input in [
            "24/11/2000",
            "2000-02-30",
            "2000-2-3",
            "2000-02-03T00:00:00Z",
            "",
            "+2000-01-01",
        ] {
            assert_eq!(
                DateOfBirth::parse(input, today()),
                Err(DateOfBirthError::Format),
                "{input}"
            );
        }
    }

    #[test]
    fn it_prints_as_yyyy_mm_dd() {
        let dob = DateOfBirth::parse("0999-01-02", day(1100, 1, 1)).map(|d| d.to_string());
        assert_eq!(dob, Ok("0999-01-02".to_owned()));
    }
}
