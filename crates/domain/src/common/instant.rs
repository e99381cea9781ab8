//! Instants from outside: RFC 3339 with an explicit offset, converted to
//! UTC. A local time with no offset is ambiguous, so it is refused.

use crate::common::error::{ErrorKind, Problem};
use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};

/// Why a timestamp was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    /// A date and time with no offset: which time zone was meant?
    #[error(
        "this timestamp has no offset; add one such as Z or +01:00 (2030-01-15T09:00:00+00:00)"
    )]
    OffsetMissing,
    /// Not an RFC 3339 timestamp at all.
    #[error("a timestamp is written as RFC 3339 with an offset, such as 2030-01-15T09:00:00+01:00")]
    Format,
    /// A timestamp outside the years PANDA stores.
    #[error("a timestamp must fall in the years {first} to {last} (UTC)")]
    OutOfRange {
        /// The first year accepted.
        first: i32,
        /// The last year accepted.
        last: i32,
    },
}

/// The first year of the instants PANDA accepts, in UTC.
pub const FIRST_YEAR: i32 = 1900;
/// The last year of the instants PANDA accepts, in UTC. Every instant in
/// range has a four-digit year, so it is written back as RFC 3339 (no
/// `+10000`), and instants stored as text sort in time order.
pub const LAST_YEAR: i32 = 2999;

/// Refuses an instant outside the years [`FIRST_YEAR`] to [`LAST_YEAR`]
/// (UTC): for instants that reach the domain without being parsed from text.
pub fn check_range(at: DateTime<Utc>) -> Result<DateTime<Utc>, InstantError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&at.year()) {
        Ok(at)
    } else {
        Err(InstantError::OutOfRange {
            first: FIRST_YEAR,
            last: LAST_YEAR,
        })
    }
}

impl Problem for InstantError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            InstantError::OffsetMissing => "timestamp-offset-missing",
            InstantError::Format => "timestamp-format",
            InstantError::OutOfRange { .. } => "timestamp-out-of-range",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            InstantError::OutOfRange { first, last } => {
                vec![("first", first.to_string()), ("last", last.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

/// Parses an RFC 3339 timestamp with any offset and returns the instant in
/// UTC, which must fall in the years [`FIRST_YEAR`] to [`LAST_YEAR`].
pub fn parse_instant(input: &str) -> Result<DateTime<Utc>, InstantError> {
    let input = input.trim();
    if input.len() > 64 {
        return Err(InstantError::Format);
    }
    match DateTime::parse_from_rfc3339(input) {
        Ok(t) => check_range(t.with_timezone(&Utc)),
        Err(_) if looks_naive(input) => Err(InstantError::OffsetMissing),
        Err(_) => Err(InstantError::Format),
    }
}

fn looks_naive(input: &str) -> bool {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .any(|f| NaiveDateTime::parse_from_str(input, f).is_ok())
}

/// The canonical output form: UTC, whole seconds, `Z`.
pub fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_offset_is_converted_to_utc() {
        let t = parse_instant("2025-06-04T16:30:00+01:00").map(format_instant);
        assert_eq!(t, Ok("2025-06-04T15:30:00Z".to_owned()));
        let z = parse_instant("2030-01-15T09:00:00Z").map(format_instant);
        assert_eq!(z, Ok("2030-01-15T09:00:00Z".to_owned()));
        let neg = parse_instant("2030-01-15T09:00:00-05:30").map(format_instant);
        assert_eq!(neg, Ok("2030-01-15T14:30:00Z".to_owned()));
    }

    #[test]
    fn a_timestamp_without_an_offset_is_refused_with_advice() {
        for input in [
            "2030-01-15T09:00:00",
            "2030-01-15T09:00",
            "2030-01-15 09:00:00",
            "2030-01-15T09:00:00.000",
        ] {
            assert_eq!(
                parse_instant(input),
                Err(InstantError::OffsetMissing),
                "{input}"
            );
        }
    }

    #[test]
    fn garbage_is_a_format_error() {
        for input in [
            "",
            "tomorrow",
            "2030-01-15",
            "2030-13-15T09:00:00Z",
            "1736931600",
            "2030-01-15T25:00:00Z",
        ] {
            assert_eq!(parse_instant(input), Err(InstantError::Format), "{input}");
        }
    }

    #[test]
    fn instants_outside_the_years_1900_to_2999_are_refused() {
        let out = Err(InstantError::OutOfRange {
            first: 1900,
            last: 2999,
        });
        for input in [
            // UTC 10000-01-01T13:30:00Z: no RFC 3339 form, and sorts wrongly as text.
            "9999-12-31T23:30:00-14:00",
            "3000-01-01T00:00:00Z",
            "2999-12-31T23:00:00-01:00",
            "1899-12-31T23:59:59Z",
            "1900-01-01T00:30:00+01:00",
            "0001-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_instant(input), out, "{input}");
        }
        for input in ["1900-01-01T00:00:00Z", "2999-12-31T23:59:59Z"] {
            assert_eq!(
                parse_instant(input).map(format_instant),
                Ok(input.to_owned())
            );
        }
    }

    #[test]
    fn sub_seconds_are_kept_so_the_grid_rule_can_refuse_them() {
        let t = parse_instant("2030-01-15T09:00:00.5Z").map(|t| t.timestamp_subsec_millis());
        assert_eq!(t, Ok(500));
    }
}
