//! When a practitioner works: weekly sessions in local time, in a time
//! zone from the IANA database, valid over a range of dates.

pub use super::clock::{ClockTime, TimeZone, parse_weekday, weekday_name};
use crate::common::error::{ErrorKind, InvalidInput, Problem};
use crate::common::ids::LocationId;
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc, Weekday};

/// Why a part of a working pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Not a name in the IANA time zone database.
    #[error("not a time zone of the IANA database, such as Europe/London")]
    UnknownTimeZone,
    /// Not a weekday's name.
    #[error("a weekday is monday, tuesday, wednesday, thursday, friday, saturday or sunday")]
    UnknownWeekday,
    /// Not a time of day written `HH:MM`.
    #[error("a time of day is written HH:MM, from 00:00 to 24:00")]
    TimeFormat,
    /// A time of day off the session grid.
    #[error("sessions start and end on the hour or half past")]
    TimeNotOnGrid,
    /// A session that does not end after it starts.
    #[error("a session ends after it starts")]
    EndNotAfterStart,
    /// Two sessions on one weekday overlap.
    #[error("this session overlaps session {other} on the same weekday")]
    SessionsOverlap {
        /// The index of the other session.
        other: usize,
    },
    /// More sessions than a pattern may hold.
    #[error("a working pattern has at most {max} sessions")]
    TooManySessions {
        /// The limit.
        max: usize,
    },
    /// A pattern whose last day comes before its first.
    #[error("valid_until is on or after valid_from")]
    UntilBeforeFrom,
    /// Not a calendar date written `YYYY-MM-DD`.
    #[error("a date is a calendar date written YYYY-MM-DD")]
    DateFormat,
    /// A date outside the years PANDA stores.
    #[error("a date must fall in the years {first} to {last}")]
    DateOutOfRange {
        /// The first year accepted.
        first: i32,
        /// The last year accepted.
        last: i32,
    },
}

impl Problem for PatternError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownTimeZone => "time-zone-unknown",
            Self::UnknownWeekday => "weekday-unknown",
            Self::TimeFormat => "time-of-day-format",
            Self::TimeNotOnGrid => "time-of-day-not-on-grid",
            Self::EndNotAfterStart => "session-end-not-after-start",
            Self::SessionsOverlap { .. } => "sessions-overlap",
            Self::TooManySessions { .. } => "too-many-sessions",
            Self::UntilBeforeFrom => "valid-until-before-valid-from",
            Self::DateFormat => "date-format",
            Self::DateOutOfRange { .. } => "date-out-of-range",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::SessionsOverlap { other } => vec![("other", other.to_string())],
            Self::TooManySessions { max } => vec![("max", max.to_string())],
            Self::DateOutOfRange { first, last } => {
                vec![("first", first.to_string()), ("last", last.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

/// One weekly session: on `weekday`, from `start` to `end` local time,
/// at a location when it names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// The day of the week.
    pub weekday: Weekday,
    /// When it starts, local time.
    pub start: ClockTime,
    /// When it ends, local time (`24:00` for midnight).
    pub end: ClockTime,
    /// Where, when it is at one place.
    pub location_id: Option<LocationId>,
}

/// A session on one date, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Where, when the session names a location.
    pub location_id: Option<LocationId>,
}

/// A practitioner's weekly working pattern. Valid by construction: sessions
/// on the grid, each ending after it starts, none overlapping another on
/// the same weekday, at most [`WorkingPattern::MAX_SESSIONS`] of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingPattern {
    time_zone: TimeZone,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    sessions: Vec<Session>,
}

impl WorkingPattern {
    /// The most sessions a pattern may have: ten a day.
    pub const MAX_SESSIONS: usize = 70;

    /// A pattern, or every field that breaks a rule, named as the API
    /// names it (`valid_until`, `sessions[2].end`).
    pub fn new(
        time_zone: TimeZone,
        valid_from: NaiveDate,
        valid_until: Option<NaiveDate>,
        sessions: Vec<Session>,
    ) -> Result<Self, InvalidInput> {
        let mut input = InvalidInput::default();
        input.check("valid_from", check_year(valid_from));
        if let Some(until) = valid_until {
            input.check("valid_until", check_year(until));
            if until < valid_from {
                input.push("valid_until", &PatternError::UntilBeforeFrom);
            }
        }
        if sessions.len() > Self::MAX_SESSIONS {
            input.push(
                "sessions",
                &PatternError::TooManySessions {
                    max: Self::MAX_SESSIONS,
                },
            );
        }
        for (i, s) in sessions.iter().enumerate() {
            if s.end <= s.start {
                input.push(
                    &format!("sessions[{i}].end"),
                    &PatternError::EndNotAfterStart,
                );
                continue;
            }
            let overlapping = sessions[..i].iter().position(|o| {
                o.weekday == s.weekday && o.start < s.end && s.start < o.end && o.start < o.end
            });
            if let Some(other) = overlapping {
                input.push(
                    &format!("sessions[{i}]"),
                    &PatternError::SessionsOverlap { other },
                );
            }
        }
        input.finish()?;
        Ok(Self {
            time_zone,
            valid_from,
            valid_until,
            sessions,
        })
    }

    /// The time zone its sessions are in.
    pub fn time_zone(&self) -> TimeZone {
        self.time_zone
    }

    /// The first date it applies to.
    pub fn valid_from(&self) -> NaiveDate {
        self.valid_from
    }

    /// The last date it applies to, when it ends.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        self.valid_until
    }

    /// Its sessions, as given.
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// Every session that overlaps `[from, to)`, on the dates the pattern
    /// is valid, in UTC, in start order.
    pub fn spans(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Span> {
        self.spans_with(from, to, &mut LocalDays::default())
    }

    /// [`WorkingPattern::spans`], looking up each local date's offset from
    /// UTC once in `days`, which many patterns in one zone may share.
    pub fn spans_with(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        days: &mut LocalDays,
    ) -> Vec<Span> {
        let zone = self.time_zone;
        // A session on the local date before `from` may run past it.
        let first = zone
            .date_at(from)
            .pred_opt()
            .unwrap_or(NaiveDate::MIN)
            .max(self.valid_from);
        let last = zone
            .date_at(to)
            .min(self.valid_until.unwrap_or(NaiveDate::MAX));
        let mut spans = Vec::new();
        let mut weekday = first.weekday();
        for date in first.iter_days().take_while(|d| *d <= last) {
            let today = weekday;
            weekday = weekday.succ();
            let mut sessions = self
                .sessions
                .iter()
                .filter(|s| s.weekday == today)
                .peekable();
            if sessions.peek().is_none() {
                continue;
            }
            // One offset for the whole day unless the clocks change on it:
            // then each time is looked up on its own.
            let midnight = days.midnight(zone, date);
            let instant = |t: ClockTime| match midnight {
                Some(midnight) => {
                    DateTime::from_timestamp(midnight + i64::from(t.minutes()) * 60, 0)
                        .unwrap_or_else(|| zone.instant(t.on(date)))
                }
                None => zone.instant(t.on(date)),
            };
            for s in sessions {
                let span = Span {
                    start: instant(s.start),
                    end: instant(s.end),
                    location_id: s.location_id,
                };
                if span.start < to && from < span.end && span.start < span.end {
                    spans.push(span);
                }
            }
        }
        spans.sort_by_key(|s| s.start);
        spans
    }
}

/// Local dates already looked up: for each zone, from a first date on, the
/// instant of each date's local midnight in seconds since 1970 when one
/// offset from UTC holds all day (`None` when the clocks change that
/// day). A search asks for the same few weeks of one or two zones for
/// every practitioner, so a list and an index beat hashing.
#[derive(Debug, Default)]
pub struct LocalDays {
    zones: Vec<(TimeZone, NaiveDate, Vec<Option<i64>>)>,
}

impl LocalDays {
    /// Dates looked up beyond this many after a zone's first are not kept.
    const MAX_DAYS: usize = 800;

    fn midnight(&mut self, zone: TimeZone, date: NaiveDate) -> Option<i64> {
        let look_up = |date: NaiveDate| {
            zone.day_offset(date).map(|offset| {
                date.and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
                    .and_utc()
                    .timestamp()
                    - offset.num_seconds()
            })
        };
        let i = match self.zones.iter().position(|(z, _, _)| *z == zone) {
            Some(i) => i,
            None => {
                self.zones.push((zone, date, Vec::new()));
                self.zones.len() - 1
            }
        };
        let (_, first, known) = &mut self.zones[i];
        if date < *first {
            // Kept from the earliest date asked for.
            *first = date;
            known.clear();
        }
        let at = usize::try_from((date - *first).num_days()).unwrap_or(usize::MAX);
        while known.len() <= at && known.len() < Self::MAX_DAYS {
            let next = *first + TimeDelta::days(known.len() as i64);
            known.push(look_up(next));
        }
        match known.get(at) {
            Some(midnight) => *midnight,
            None => look_up(date),
        }
    }
}

/// Parses a date written `YYYY-MM-DD` (exactly that form), in the years
/// PANDA stores.
pub fn parse_date(input: &str) -> Result<NaiveDate, PatternError> {
    if input.len() != 10 {
        return Err(PatternError::DateFormat);
    }
    let date =
        NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| PatternError::DateFormat)?;
    check_year(date)
}

fn check_year(date: NaiveDate) -> Result<NaiveDate, PatternError> {
    use crate::common::instant::{FIRST_YEAR, LAST_YEAR};
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(PatternError::DateOutOfRange {
            first: FIRST_YEAR,
            last: LAST_YEAR,
        })
    }
}
