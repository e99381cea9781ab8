//! Local time: IANA time zones (compiled in through `chrono-tz`), weekdays
//! by name, and times of day on the session grid.

use super::pattern::PatternError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone as _, Utc, Weekday};
use chrono_tz::Tz;
use std::fmt;

/// A time zone of the IANA database (`Europe/London`), compiled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZone(Tz);

impl TimeZone {
    /// The zone a pattern is in unless it names one.
    pub const LONDON: TimeZone = TimeZone(chrono_tz::Europe::London);

    /// The zone with this exact IANA name.
    pub fn parse(name: &str) -> Result<Self, PatternError> {
        if name.len() > 64 {
            return Err(PatternError::UnknownTimeZone);
        }
        name.parse::<Tz>()
            .map(Self)
            .map_err(|_| PatternError::UnknownTimeZone)
    }

    /// The IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The instant at which the clocks of this zone show `local`. A local
    /// time shown twice (when the clocks go back) is its first showing; one
    /// never shown (when they go forward) is the instant they jumped.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local;
        // Gaps are whole quarter hours, at most a few of them: stepping by
        // a quarter hour from a time on the grid lands on the gap's end.
        for _ in 0..16 {
            if let Some(at) = self.0.from_local_datetime(&probe).earliest() {
                return at.with_timezone(&Utc);
            }
            probe += TimeDelta::minutes(15);
        }
        // No zone in the database has a gap of four hours.
        self.0.from_utc_datetime(&local).with_timezone(&Utc)
    }

    /// The offset from UTC that holds through the whole local `date`
    /// (midnight to midnight), or `None` when the clocks change on it.
    pub(super) fn day_offset(&self, date: NaiveDate) -> Option<TimeDelta> {
        use chrono::Offset;
        let at = |d: NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0)?;
            match self.0.offset_from_local_datetime(&midnight) {
                chrono::LocalResult::Single(o) => Some(o.fix().local_minus_utc()),
                _ => None,
            }
        };
        let start = at(date)?;
        (at(date.succ_opt()?)? == start).then(|| TimeDelta::seconds(i64::from(start)))
    }

    /// The wall-clock time in this zone at `at`.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.0).naive_local()
    }

    /// The local date in this zone at `at`.
    pub fn date_at(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.0).date_naive()
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        Self::LONDON
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses a weekday's lower-case English name.
pub fn parse_weekday(input: &str) -> Result<Weekday, PatternError> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == input)
        .map(|(_, day)| *day)
        .ok_or(PatternError::UnknownWeekday)
}

/// A weekday's lower-case English name.
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize].0
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// A time of day on the session grid, `00:00` to `24:00` (the end of the
/// day) in steps of [`ClockTime::GRID_MINUTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// Sessions start and end on this grid, in minutes.
    pub const GRID_MINUTES: u16 = 30;
    const DAY: u16 = 24 * 60;

    /// Parses `HH:MM`.
    pub fn parse(input: &str) -> Result<Self, PatternError> {
        let bytes = input.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            bytes[r.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| input[r].parse::<u16>().ok())
                .flatten()
        };
        if bytes.len() != 5 || bytes[2] != b':' {
            return Err(PatternError::TimeFormat);
        }
        let (Some(hours), Some(minutes)) = (digits(0..2), digits(3..5)) else {
            return Err(PatternError::TimeFormat);
        };
        if minutes > 59 || hours * 60 + minutes > Self::DAY {
            return Err(PatternError::TimeFormat);
        }
        Self::from_minutes(hours * 60 + minutes)
    }

    /// The time `minutes` after midnight, on the grid.
    pub fn from_minutes(minutes: u16) -> Result<Self, PatternError> {
        if minutes > Self::DAY {
            return Err(PatternError::TimeFormat);
        }
        if !minutes.is_multiple_of(Self::GRID_MINUTES) {
            return Err(PatternError::TimeNotOnGrid);
        }
        Ok(Self(minutes))
    }

    /// Minutes after midnight.
    pub fn minutes(&self) -> u16 {
        self.0
    }

    pub(super) fn on(&self, date: NaiveDate) -> NaiveDateTime {
        date.and_hms_opt(0, 0, 0).unwrap_or_default() + TimeDelta::minutes(i64::from(self.0))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}
