//! Calendar periods for reports, all in UTC: the bucket an instant falls
//! in, and every bucket of a range so that charts have no holes.

use crate::common::error::{ErrorKind, Problem};
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};

/// A reporting period. Weeks start on Monday (ISO 8601); quarters in
/// January, April, July and October.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A UTC calendar day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

/// Why a period name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a period is one of day, week, month, quarter or year")]
pub struct PeriodError;

impl Problem for PeriodError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "period-unknown"
    }
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 5] = [
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
    ];

    /// The lower-case name used in queries and output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(input: &str) -> Result<Self, PeriodError> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == input)
            .ok_or(PeriodError)
    }

    /// The first day of the period holding `date`.
    pub fn start_of(&self, date: NaiveDate) -> NaiveDate {
        let first_of = |month: u32| NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date);
        match self {
            Period::Day => date,
            Period::Week => {
                date - TimeDelta::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Period::Month => first_of(date.month()),
            Period::Quarter => first_of((date.month0() / 3) * 3 + 1),
            Period::Year => first_of(1),
        }
    }

    /// The first day of the period holding the instant `at` (UTC).
    pub fn bucket(&self, at: DateTime<Utc>) -> NaiveDate {
        self.start_of(at.date_naive())
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(&self, start: NaiveDate) -> NaiveDate {
        let months = |n| {
            start
                .checked_add_months(Months::new(n))
                .unwrap_or(NaiveDate::MAX)
        };
        match self {
            Period::Day => start.succ_opt().unwrap_or(NaiveDate::MAX),
            Period::Week => start + TimeDelta::days(7),
            Period::Month => months(1),
            Period::Quarter => months(3),
            Period::Year => months(12),
        }
    }

    /// The starts of every period from the one holding `first` to the one
    /// holding `last`, inclusive, in order. Empty when `first > last`.
    /// `None` when there would be more than `max`: the work and memory
    /// stop at `max + 1` periods, whatever range was asked for.
    pub fn buckets(&self, first: NaiveDate, last: NaiveDate, max: usize) -> Option<Vec<NaiveDate>> {
        let mut out = Vec::new();
        let mut at = self.start_of(first);
        while at <= last && at != NaiveDate::MAX {
            if out.len() == max {
                return None;
            }
            out.push(at);
            at = self.next(at);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-24 is a Tuesday; 2026-11-29 a Sunday.
        assert_eq!(Period::Week.start_of(d(2026, 11, 24)), d(2026, 11, 23));
        assert_eq!(Period::Week.start_of(d(2026, 11, 29)), d(2026, 11, 23));
        assert_eq!(Period::Week.start_of(d(2026, 11, 30)), d(2026, 11, 30));
    }

    #[test]
    fn quarters_start_in_january_april_july_and_october() {
        assert_eq!(Period::Quarter.start_of(d(2026, 3, 31)), d(2026, 1, 1));
        assert_eq!(Period::Quarter.start_of(d(2026, 4, 1)), d(2026, 4, 1));
        assert_eq!(Period::Quarter.start_of(d(2026, 12, 31)), d(2026, 10, 1));
    }

    #[test]
    fn months_and_years_start_on_their_first_day() {
        assert_eq!(Period::Month.start_of(d(2024, 2, 29)), d(2024, 2, 1));
        assert_eq!(Period::Year.start_of(d(2024, 2, 29)), d(2024, 1, 1));
    }

    #[test]
    fn buckets_cover_the_range_with_no_holes() {
        let months = Period::Month.buckets(d(2025, 11, 15), d(2026, 2, 1), 100);
        assert_eq!(
            months,
            Some(vec![
                d(2025, 11, 1),
                d(2025, 12, 1),
                d(2026, 1, 1),
                d(2026, 2, 1)
            ])
        );
        let days = Period::Day.buckets(d(2024, 2, 28), d(2024, 3, 1), 100);
        assert_eq!(days.map(|d| d.len()), Some(3));
        assert_eq!(
            Period::Year.buckets(d(2026, 1, 1), d(2025, 1, 1), 100),
            Some(vec![])
        );
    }

    #[test]
    fn more_periods_than_the_maximum_are_refused_without_building_them() {
        // Exactly the maximum is fine; one more is not.
        let three_days = Period::Day.buckets(d(2026, 1, 1), d(2026, 1, 3), 3);
        assert_eq!(three_days.map(|d| d.len()), Some(3));
        assert_eq!(Period::Day.buckets(d(2026, 1, 1), d(2026, 1, 4), 3), None);
        // Ten thousand years of days stop at the cap, not at 3.6 million.
        assert_eq!(
            Period::Day.buckets(NaiveDate::MIN, NaiveDate::MAX, 1_000),
            None
        );
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for p in Period::ALL {
            assert_eq!(Period::parse(p.as_str()), Ok(p));
        }
        assert_eq!(Period::parse("fortnight"), Err(PeriodError));
    }
}
