//! One instance of every variant of every error enum, domain and API. Each
//! list is checked by an exhaustive `match`, so a new variant does not
//! compile until it is listed here (and then fails the coverage test until
//! it has messages).

use crate::bodies::audit::ActionError;
use panda_domain::access::{AuthError, RoleError, TokenError};
use panda_domain::appointment::service::{BookingError, ChangeError, PlacementError, ReadError};
use panda_domain::appointment::status::StatusError;
use panda_domain::appointment::{AppointmentStatus, DurationError, RuleViolation, TransitionError};
use panda_domain::audit::EntityError;
use panda_domain::common::ids::IdError;
use panda_domain::common::instant::InstantError;
use panda_domain::common::postcode::PostcodeError;
use panda_domain::common::text::TextError;
use panda_domain::directory::service::{DirectoryError, Record};
use panda_domain::patient::service::PatientError;
use panda_domain::patient::{DateOfBirthError, NhsNumberError};
use panda_domain::report::ReportError;
use panda_domain::report::model::DimensionError;
use panda_domain::report::period::PeriodError;
use panda_domain::{Conflict, InvalidInput, Problem, RepositoryError};

pub(super) type Code = (&'static str, Vec<(&'static str, String)>);

pub(super) fn codes_of<P: Problem>(all: &[P], exhaustive: impl Fn(&P)) -> Vec<Code> {
    all.iter()
        .map(|p| {
            exhaustive(p);
            (p.code(), p.params())
        })
        .collect()
}

fn conflicts() -> Vec<Conflict> {
    use Conflict::*;
    let all = vec![
        Duplicate,
        PractitionerUnavailable,
        PatientAlreadyBookedThatDay,
        StaleVersion,
        PatientHasUpcomingAppointments,
        StillReferenced,
        HoldNotLive,
        HoldMismatch,
    ];
    for c in &all {
        match c {
            Duplicate
            | PractitionerUnavailable
            | PatientAlreadyBookedThatDay
            | StaleVersion
            | PatientHasUpcomingAppointments
            | StillReferenced
            | HoldNotLive
            | HoldMismatch => {}
        }
    }
    all
}

fn repository_errors() -> Vec<RepositoryError> {
    let mut all = vec![
        RepositoryError::NotFound,
        RepositoryError::unexpected("disk on fire"),
    ];
    all.extend(conflicts().into_iter().map(RepositoryError::Conflict));
    all
}

fn value_codes() -> Vec<Code> {
    let mut codes = codes_of(&[InvalidInput::default()], |_| {});
    codes.extend(codes_of(&[IdError], |_| {}));
    codes.extend(codes_of(&[PostcodeError], |_| {}));
    codes.extend(codes_of(&[StatusError], |_| {}));
    codes.extend(codes_of(&[DimensionError], |_| {}));
    codes.extend(codes_of(&[PeriodError], |_| {}));
    codes.extend(codes_of(&[EntityError], |_| {}));
    codes.extend(codes_of(&[ActionError], |_| {}));
    codes.extend(codes_of(
        &[
            InstantError::OffsetMissing,
            InstantError::Format,
            InstantError::OutOfRange {
                first: 1900,
                last: 2999,
            },
        ],
        |e| match e {
            InstantError::OffsetMissing
            | InstantError::Format
            | InstantError::OutOfRange { .. } => {}
        },
    ));
    codes.extend(codes_of(
        &[
            TextError::Empty,
            TextError::TooLong { max: 200 },
            TextError::ControlCharacter,
            TextError::BidiControl,
        ],
        |e| match e {
            TextError::Empty
            | TextError::TooLong { .. }
            | TextError::ControlCharacter
            | TextError::BidiControl => {}
        },
    ));
    codes.extend(codes_of(
        &[
            DateOfBirthError::Format,
            DateOfBirthError::InTheFuture,
            DateOfBirthError::TooLongAgo { max: 150 },
        ],
        |e| match e {
            DateOfBirthError::Format
            | DateOfBirthError::InTheFuture
            | DateOfBirthError::TooLongAgo { .. } => {}
        },
    ));
    codes.extend(codes_of(
        &[
            NhsNumberError::NotDigits,
            NhsNumberError::WrongLength { found: 9 },
            NhsNumberError::Checksum,
            NhsNumberError::RepeatedDigit,
        ],
        |e| match e {
            NhsNumberError::NotDigits
            | NhsNumberError::WrongLength { .. }
            | NhsNumberError::Checksum
            | NhsNumberError::RepeatedDigit => {}
        },
    ));
    codes.extend(codes_of(
        &[DurationError::Format, DurationError::OutOfRange],
        |e| match e {
            DurationError::Format | DurationError::OutOfRange => {}
        },
    ));
    codes
}

fn placement_errors() -> Vec<PlacementError> {
    let all = vec![
        PlacementError::PractitionerNotFound,
        PlacementError::LocationNotFound,
        PlacementError::PractitionerNotAtLocation,
        PlacementError::Repository(RepositoryError::NotFound),
    ];
    for e in &all {
        match e {
            PlacementError::PractitionerNotFound
            | PlacementError::LocationNotFound
            | PlacementError::PractitionerNotAtLocation
            | PlacementError::Repository(_) => {}
        }
    }
    all
}

pub(super) fn rule_violations() -> Vec<RuleViolation> {
    vec![
        RuleViolation::NotOnGrid { grid: 30 },
        RuleViolation::DurationNotAllowed {
            min: "15m".to_owned(),
            max: "8h".to_owned(),
            step: Some("15m".to_owned()),
        },
        RuleViolation::DurationNotAllowed {
            min: "30m".to_owned(),
            max: "30m".to_owned(),
            step: None,
        },
        RuleViolation::StartInThePast,
        RuleViolation::OutsideBookingWindow {
            earliest: "2030-01-15T10:10:00Z".to_owned(),
            latest: "2031-01-15T08:10:00Z".to_owned(),
        },
    ]
}

fn transition_errors() -> Vec<TransitionError> {
    use AppointmentStatus::*;
    vec![
        TransitionError::Cancelled,
        TransitionError::NotStarted { to: Attended },
        TransitionError::NotStarted { to: Missed },
        TransitionError::AlreadyStarted,
        TransitionError::NotAllowed {
            from: Attended,
            to: Active,
        },
    ]
}

fn use_case_codes() -> Vec<Code> {
    let mut codes = codes_of(&rule_violations(), |e| match e {
        RuleViolation::NotOnGrid { .. }
        | RuleViolation::DurationNotAllowed { .. }
        | RuleViolation::StartInThePast
        | RuleViolation::OutsideBookingWindow { .. } => {}
    });
    codes.extend(codes_of(&transition_errors(), |e| match e {
        TransitionError::Cancelled
        | TransitionError::NotStarted { .. }
        | TransitionError::AlreadyStarted
        | TransitionError::NotAllowed { .. } => {}
    }));
    codes.extend(codes_of(&repository_errors(), |e| match e {
        RepositoryError::NotFound
        | RepositoryError::Conflict(_)
        | RepositoryError::Unexpected(_) => {}
    }));
    let patient = [
        PatientError::NotFound,
        PatientError::AlreadyExists,
        PatientError::StaleVersion,
        PatientError::HasUpcomingAppointments,
        PatientError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&patient, |e| match e {
        PatientError::NotFound
        | PatientError::AlreadyExists
        | PatientError::StaleVersion
        | PatientError::HasUpcomingAppointments
        | PatientError::Repository(_) => {}
    }));
    let auth = [
        AuthError::Missing,
        AuthError::Malformed,
        AuthError::Unknown,
        AuthError::Expired,
        AuthError::Revoked,
        AuthError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&auth, |e| match e {
        AuthError::Missing
        | AuthError::Malformed
        | AuthError::Unknown
        | AuthError::Expired
        | AuthError::Revoked
        | AuthError::Repository(_) => {}
    }));
    let token = [
        TokenError::NameTaken,
        TokenError::NotFound,
        TokenError::LifeOutOfRange,
        TokenError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&token, |e| match e {
        TokenError::NameTaken
        | TokenError::NotFound
        | TokenError::LifeOutOfRange
        | TokenError::Repository(_) => {}
    }));
    codes.extend(codes_of(&[RoleError], |_| {}));
    let report = [
        ReportError::TooManyPeriods { max: 1_000 },
        ReportError::TooManyRows { max: 20_000 },
        ReportError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&report, |e| match e {
        ReportError::TooManyPeriods { .. }
        | ReportError::TooManyRows { .. }
        | ReportError::Repository(_) => {}
    }));
    let mut directory: Vec<DirectoryError> = [
        Record::Practitioner,
        Record::Department,
        Record::Organisation,
        Record::Location,
    ]
    .into_iter()
    .inspect(|r| match r {
        Record::Practitioner | Record::Department | Record::Organisation | Record::Location => {}
    })
    .map(DirectoryError::NotFound)
    .collect();
    directory.extend([
        DirectoryError::AlreadyExists,
        DirectoryError::StaleVersion,
        DirectoryError::Repository(RepositoryError::NotFound),
    ]);
    codes.extend(codes_of(&directory, |e| match e {
        DirectoryError::NotFound(_)
        | DirectoryError::AlreadyExists
        | DirectoryError::StaleVersion
        | DirectoryError::Repository(_) => {}
    }));
    let mut booking: Vec<BookingError> = vec![
        BookingError::PatientNotFound,
        BookingError::AlreadyBookedThatDay,
        BookingError::PractitionerUnavailable,
        BookingError::OutsideWorkingHours,
        BookingError::HoldNotLive,
        BookingError::HoldMismatch,
        BookingError::Repository(RepositoryError::NotFound),
    ];
    booking.extend(rule_violations().into_iter().map(BookingError::Rule));
    booking.extend(placement_errors().into_iter().map(BookingError::Placement));
    codes.extend(codes_of(&booking, |e| match e {
        BookingError::Rule(_)
        | BookingError::PatientNotFound
        | BookingError::Placement(_)
        | BookingError::AlreadyBookedThatDay
        | BookingError::PractitionerUnavailable
        | BookingError::OutsideWorkingHours
        | BookingError::HoldNotLive
        | BookingError::HoldMismatch
        | BookingError::Repository(_) => {}
    }));
    let mut change: Vec<ChangeError> = vec![
        ChangeError::AppointmentNotFound,
        ChangeError::StaleVersion,
        ChangeError::AlreadyBookedThatDay,
        ChangeError::PractitionerUnavailable,
        ChangeError::OutsideWorkingHours,
        ChangeError::Repository(RepositoryError::NotFound),
    ];
    change.extend(AppointmentStatus::ALL.map(|status| ChangeError::NotReschedulable { status }));
    change.extend(rule_violations().into_iter().map(ChangeError::Rule));
    change.extend(transition_errors().into_iter().map(ChangeError::Transition));
    change.extend(placement_errors().into_iter().map(ChangeError::Placement));
    codes.extend(codes_of(&change, |e| match e {
        ChangeError::AppointmentNotFound
        | ChangeError::StaleVersion
        | ChangeError::Transition(_)
        | ChangeError::NotReschedulable { .. }
        | ChangeError::Rule(_)
        | ChangeError::Placement(_)
        | ChangeError::AlreadyBookedThatDay
        | ChangeError::PractitionerUnavailable
        | ChangeError::OutsideWorkingHours
        | ChangeError::Repository(_) => {}
    }));
    let reads = [
        ReadError::AppointmentNotFound,
        ReadError::PatientNotFound,
        ReadError::Repository(RepositoryError::NotFound),
    ];
    codes.extend(codes_of(&reads, |e| match e {
        ReadError::AppointmentNotFound | ReadError::PatientNotFound | ReadError::Repository(_) => {}
    }));
    codes.extend(super::schedule_codes::availability_codes());
    codes
}

pub(super) fn every_code() -> Vec<Code> {
    let mut all = value_codes();
    all.extend(use_case_codes());
    all.extend(super::api_codes::api_codes());
    all
}
