//! One instance of every variant of the availability and series errors,
//! each list checked by an exhaustive `match` (see `codes.rs`).

use super::codes::{Code, codes_of, rule_violations};
use panda_domain::appointment::RuleViolation;
use panda_domain::appointment::series::{RefusedOccurrences, SeriesValueError};
use panda_domain::appointment::service::series::SeriesError;
use panda_domain::appointment::service::{BookingError, ChangeError, PlacementError};
use panda_domain::schedule::service::{HoldError, ScheduleError};
use panda_domain::schedule::{PatternError, PeriodError as AbsencePeriodError, SearchError};
use panda_domain::{InvalidInput, RepositoryError};

pub(super) fn availability_codes() -> Vec<Code> {
    let pattern = [
        PatternError::UnknownTimeZone,
        PatternError::UnknownWeekday,
        PatternError::TimeFormat,
        PatternError::TimeNotOnGrid,
        PatternError::EndNotAfterStart,
        PatternError::SessionsOverlap { other: 0 },
        PatternError::TooManySessions { max: 70 },
        PatternError::UntilBeforeFrom,
        PatternError::DateFormat,
        PatternError::DateOutOfRange {
            first: 1900,
            last: 2999,
        },
    ];
    let mut codes = codes_of(&pattern, |e| match e {
        PatternError::UnknownTimeZone
        | PatternError::UnknownWeekday
        | PatternError::TimeFormat
        | PatternError::TimeNotOnGrid
        | PatternError::EndNotAfterStart
        | PatternError::SessionsOverlap { .. }
        | PatternError::TooManySessions { .. }
        | PatternError::UntilBeforeFrom
        | PatternError::DateFormat
        | PatternError::DateOutOfRange { .. } => {}
    });
    let periods = [
        AbsencePeriodError::EndNotAfterStart,
        AbsencePeriodError::TooLong { max_days: 400 },
    ];
    codes.extend(codes_of(&periods, |e| match e {
        AbsencePeriodError::EndNotAfterStart | AbsencePeriodError::TooLong { .. } => {}
    }));
    let search = [
        SearchError::EmptyRange,
        SearchError::RangeTooLong { max_days: 31 },
        SearchError::NoFilter,
        SearchError::TooManyPractitioners { max: 500 },
        SearchError::PatientNotFound,
    ];
    codes.extend(codes_of(&search, |e| match e {
        SearchError::EmptyRange
        | SearchError::RangeTooLong { .. }
        | SearchError::NoFilter
        | SearchError::TooManyPractitioners { .. }
        | SearchError::PatientNotFound => {}
    }));
    let schedule = [
        ScheduleError::PractitionerNotFound,
        ScheduleError::PatternNotFound,
        ScheduleError::AbsenceNotFound,
        ScheduleError::Invalid(InvalidInput::default()),
        ScheduleError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&schedule, |e| match e {
        ScheduleError::PractitionerNotFound
        | ScheduleError::PatternNotFound
        | ScheduleError::AbsenceNotFound
        | ScheduleError::Invalid(_)
        | ScheduleError::Repository(_) => {}
    }));
    let mut holds = vec![
        HoldError::PractitionerNotFound,
        HoldError::OutsideWorkingHours,
        HoldError::PractitionerUnavailable,
        HoldError::HoldNotFound,
        HoldError::Repository(RepositoryError::NotFound),
    ];
    holds.extend(rule_violations().into_iter().map(HoldError::Rule));
    codes.extend(codes_of(&holds, |e| match e {
        HoldError::Rule(_)
        | HoldError::PractitionerNotFound
        | HoldError::OutsideWorkingHours
        | HoldError::PractitionerUnavailable
        | HoldError::HoldNotFound
        | HoldError::Repository(_) => {}
    }));
    codes.extend(series_codes());
    codes
}

fn series_codes() -> Vec<Code> {
    let values = [
        SeriesValueError::Interval,
        SeriesValueError::Count { max: 52 },
    ];
    let mut codes = codes_of(&values, |e| match e {
        SeriesValueError::Interval | SeriesValueError::Count { .. } => {}
    });
    let series = [
        SeriesError::PatientNotFound,
        SeriesError::SeriesNotFound,
        SeriesError::Refused(RefusedOccurrences(Vec::new())),
        SeriesError::Booking(BookingError::PractitionerUnavailable),
        SeriesError::Change(ChangeError::StaleVersion),
        SeriesError::Rule(RuleViolation::StartInThePast),
        SeriesError::Placement(PlacementError::LocationNotFound),
        SeriesError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&series, |e| match e {
        SeriesError::PatientNotFound
        | SeriesError::SeriesNotFound
        | SeriesError::Refused(_)
        | SeriesError::Booking(_)
        | SeriesError::Change(_)
        | SeriesError::Rule(_)
        | SeriesError::Placement(_)
        | SeriesError::Repository(_) => {}
    }));
    codes
}
