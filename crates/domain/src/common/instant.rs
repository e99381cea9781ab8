//! Instants from outside: RFC 3339 with an explicit offset, converted to
//! UTC. A local time with no offset is ambiguous, so it is refused.

use crate::common::error::{ErrorKind, Problem};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};

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
}

impl Problem for InstantError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            InstantError::OffsetMissing => "timestamp-offset-missing",
            InstantError::Format => "timestamp-format",
        }
    }
}

/// Parses an RFC 3339 timestamp with any offset and returns the instant in UTC.
pub fn parse_instant(input: &str) -> Result<DateTime<Utc>, InstantError> {
    let input = input.trim();
    if input.len() > 64 {
        return Err(InstantError::Format);
    }
    match DateTime::parse_from_rfc3339(input) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
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
    fn sub_seconds_are_kept_so_the_grid_rule_can_refuse_them() {
        let t = parse_instant("2030-01-15T09:00:00.5Z").map(|t| t.timestamp_subsec_millis());
        assert_eq!(t, Ok(500));
    }
}
