//! How long an appointment lasts, written as the brief writes it: `15m`,
//! `30m`, `1h`, `1h30m`, `2h`.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;

/// A positive whole number of minutes, at most a day. Which durations a
/// booking may have is the scheduling policy's business, not this type's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppointmentDuration(u32);

/// Why a duration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not of the form `1h`, `30m`, `1h30m`.
    #[error("a duration is written like 15m, 30m, 1h, 1h30m or 2h")]
    Format,
    /// Zero, or longer than a day.
    #[error("a duration is between 1 minute and 24 hours")]
    OutOfRange,
}

impl Problem for DurationError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            DurationError::Format => "duration-format",
            DurationError::OutOfRange => "duration-range",
        }
    }
}

impl AppointmentDuration {
    const MAX_MINUTES: u32 = 24 * 60;

    /// A day: the longest an appointment may last. Whatever reads
    /// appointments by their start may rely on it (an appointment that
    /// started a day and this long ago has ended).
    pub const LONGEST: AppointmentDuration = AppointmentDuration(Self::MAX_MINUTES);

    /// Half an hour: the default length of a booking.
    pub const HALF_HOUR: AppointmentDuration = AppointmentDuration(30);

    /// A duration of `minutes`, refused when zero or longer than a day.
    pub fn from_minutes(minutes: u32) -> Result<Self, DurationError> {
        if minutes == 0 || minutes > Self::MAX_MINUTES {
            return Err(DurationError::OutOfRange);
        }
        Ok(Self(minutes))
    }

    /// Parses `<hours>h`, `<minutes>m` or `<hours>h<minutes>m` (`90m` is
    /// accepted and prints as `1h30m`). Lower case only, no spaces, no signs.
    pub fn parse(input: &str) -> Result<Self, DurationError> {
        let (hours, rest) = match input.split_once('h') {
            Some((h, rest)) => (Some(number(h)?), rest),
            None => (None, input),
        };
        let minutes = match rest {
            "" if hours.is_some() => 0,
            _ => match rest.strip_suffix('m') {
                Some(m) => number(m)?,
                None => return Err(DurationError::Format),
            },
        };
        if hours.is_some() && minutes >= 60 {
            return Err(DurationError::Format);
        }
        let total = hours
            .unwrap_or(0)
            .checked_mul(60)
            .and_then(|h| h.checked_add(minutes))
            .ok_or(DurationError::OutOfRange)?;
        Self::from_minutes(total)
    }

    /// The length in minutes.
    pub fn minutes(&self) -> u32 {
        self.0
    }

    /// The length as a chrono duration, for arithmetic on instants.
    pub fn as_chrono(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::minutes(i64::from(self.0))
    }
}

/// One to four ASCII digits; no sign, no space, no empty string.
fn number(text: &str) -> Result<u32, DurationError> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DurationError::Format);
    }
    text.parse().map_err(|_| DurationError::Format)
}

impl fmt::Display for AppointmentDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0 / 60, self.0 % 60) {
            (0, m) => write!(f, "{m}m"),
            (h, 0) => write!(f, "{h}h"),
            (h, m) => write!(f, "{h}h{m}m"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(input: &str) -> Result<u32, DurationError> {
        AppointmentDuration::parse(input).map(|d| d.minutes())
    }

    #[test]
    fn the_brief_s_forms_parse_and_print_back_unchanged() {
        for (text, m) in [
            ("15m", 15),
            ("30m", 30),
            ("1h", 60),
            ("1h30m", 90),
            ("2h", 120),
        ] {
            assert_eq!(minutes(text), Ok(m));
            assert_eq!(
                AppointmentDuration::parse(text).map(|d| d.to_string()),
                Ok(text.to_owned())
            );
        }
    }

    #[test]
    fn minutes_over_an_hour_are_accepted_and_printed_canonically() {
        assert_eq!(
            AppointmentDuration::parse("90m").map(|d| d.to_string()),
            Ok("1h30m".to_owned())
        );
    }

    #[test]
    fn malformed_durations_are_refused() {
        for input in [
            "", "h", "m", "30", "1h60m", "1h 30m", "1H", "-30m", "+30m", "1.5h", "30mm", "1h30",
            "m30", "PT30M", "99999m",
        ] {
            assert_eq!(minutes(input), Err(DurationError::Format), "{input:?}");
        }
    }

    #[test]
    fn zero_and_more_than_a_day_are_out_of_range() {
        assert_eq!(minutes("0m"), Err(DurationError::OutOfRange));
        assert_eq!(minutes("0h"), Err(DurationError::OutOfRange));
        assert_eq!(minutes("24h1m"), Err(DurationError::OutOfRange));
        assert_eq!(minutes("24h"), Ok(1440));
    }
}
