//! What can go wrong in each appointment use case, in domain words: a
//! booking ([`BookingError`]), a change ([`ChangeError`]) and a read
//! ([`ReadError`]) fail in different ways, and their types say which.
//! Every failure has one stable code and kind, kept in one table
//! ([`Reason`]), whichever use case reports it.

use crate::appointment::{AppointmentStatus, RuleViolation, TransitionError};
use crate::common::error::{ErrorKind, Problem};
use crate::common::repository::{Conflict, RepositoryError, conflict_code};

/// Why a booking was refused.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// It breaks a rule whatever the diary holds (grid, duration, a start
    /// in the past).
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// No patient has this NHS number.
    #[error("no patient has this NHS number")]
    PatientNotFound,
    /// It cannot be placed: see [`PlacementError`].
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// The patient already has a (non-cancelled) appointment that UTC day.
    #[error("the patient already has an appointment on that day")]
    AlreadyBookedThatDay,
    /// The practitioner has an overlapping appointment or hold.
    #[error("the practitioner already has an appointment at that time")]
    PractitionerUnavailable,
    /// The practitioner has a working pattern, and the appointment is not
    /// wholly inside one of its sessions or falls in an absence.
    #[error("the practitioner does not work at that time")]
    OutsideWorkingHours,
    /// The hold the booking names has expired or was released.
    #[error("the hold has expired or was released")]
    HoldNotLive,
    /// The hold the booking names is for another practitioner or time.
    #[error("the hold is for another practitioner or time")]
    HoldMismatch,
    /// Storage failed, or returned something no rule explains.
    #[error(transparent)]
    Repository(RepositoryError),
}

/// Why a change to an appointment (a reschedule, a status change) was
/// refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No appointment has this id.
    #[error("no appointment has this id")]
    AppointmentNotFound,
    /// The appointment changed since the caller read it.
    #[error("the appointment has changed since it was read; read it again")]
    StaleVersion,
    /// The status change is not allowed.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// Only an active appointment that has not started can be moved.
    #[error(
        "only an active appointment that has not started can be rescheduled; this one is {status}"
    )]
    NotReschedulable {
        /// Its effective status.
        status: AppointmentStatus,
    },
    /// The new time or duration breaks a booking rule.
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// The new practitioner or location cannot be placed.
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// The patient already has another appointment that UTC day.
    #[error("the patient already has an appointment on that day")]
    AlreadyBookedThatDay,
    /// The practitioner has an overlapping appointment or hold.
    #[error("the practitioner already has an appointment at that time")]
    PractitionerUnavailable,
    /// The new time is outside the practitioner's working pattern.
    #[error("the practitioner does not work at that time")]
    OutsideWorkingHours,
    /// Storage failed, or returned something no rule explains.
    #[error(transparent)]
    Repository(RepositoryError),
}

/// Why a read of appointments found nothing to show.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// No appointment has this id.
    #[error("no appointment has this id")]
    AppointmentNotFound,
    /// No patient has this NHS number.
    #[error("no patient has this NHS number")]
    PatientNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an appointment cannot be placed with a practitioner at a location.
#[derive(Debug, thiserror::Error)]
pub enum PlacementError {
    /// No practitioner has this id.
    #[error("no practitioner has this id")]
    PractitionerNotFound,
    /// No location has this id.
    #[error("no location has this id")]
    LocationNotFound,
    /// The practitioner holds roles, none of them at this location.
    #[error("this practitioner does not work at this location")]
    PractitionerNotAtLocation,
    /// Storage failed, or holds a role whose department is gone.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<RepositoryError> for BookingError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(Conflict::PatientAlreadyBookedThatDay) => {
                Self::AlreadyBookedThatDay
            }
            RepositoryError::Conflict(Conflict::PractitionerUnavailable) => {
                Self::PractitionerUnavailable
            }
            RepositoryError::Conflict(Conflict::HoldNotLive) => Self::HoldNotLive,
            RepositoryError::Conflict(Conflict::HoldMismatch) => Self::HoldMismatch,
            other => Self::Repository(other),
        }
    }
}

impl From<RepositoryError> for ChangeError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(Conflict::PatientAlreadyBookedThatDay) => {
                Self::AlreadyBookedThatDay
            }
            RepositoryError::Conflict(Conflict::PractitionerUnavailable) => {
                Self::PractitionerUnavailable
            }
            RepositoryError::Conflict(Conflict::StaleVersion) => Self::StaleVersion,
            other => Self::Repository(other),
        }
    }
}

impl From<ReadError> for ChangeError {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Repository(e) => Self::from(e),
            // A change reads the appointment it names, never a patient.
            ReadError::AppointmentNotFound | ReadError::PatientNotFound => {
                Self::AppointmentNotFound
            }
        }
    }
}

/// Every failure of the appointment use cases, by reference: the one table
/// of kinds, codes and parameters.
enum Reason<'a> {
    Rule(&'a RuleViolation),
    Transition(&'a TransitionError),
    Repository(&'a RepositoryError),
    PatientNotFound,
    PractitionerNotFound,
    LocationNotFound,
    AppointmentNotFound,
    PractitionerNotAtLocation,
    NotReschedulable(AppointmentStatus),
    OutsideWorkingHours,
    Conflict(Conflict),
}

impl Reason<'_> {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Rule(e) => e.kind(),
            Self::Transition(e) => e.kind(),
            Self::Repository(e) => e.kind(),
            Self::PatientNotFound
            | Self::PractitionerNotFound
            | Self::LocationNotFound
            | Self::AppointmentNotFound => ErrorKind::NotFound,
            Self::PractitionerNotAtLocation => ErrorKind::Invalid,
            Self::NotReschedulable(_) | Self::OutsideWorkingHours | Self::Conflict(_) => {
                ErrorKind::Conflict
            }
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::Rule(e) => e.code(),
            Self::Transition(e) => e.code(),
            Self::Repository(e) => e.code(),
            Self::PatientNotFound => "patient-not-found",
            Self::PractitionerNotFound => "practitioner-not-found",
            Self::LocationNotFound => "location-not-found",
            Self::AppointmentNotFound => "appointment-not-found",
            Self::PractitionerNotAtLocation => "practitioner-not-at-location",
            Self::NotReschedulable(_) => "appointment-not-reschedulable",
            Self::OutsideWorkingHours => "outside-working-hours",
            Self::Conflict(c) => conflict_code(*c),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Rule(e) => e.params(),
            Self::Transition(e) => e.params(),
            Self::NotReschedulable(status) => vec![("status", status.to_string())],
            _ => Vec::new(),
        }
    }
}

impl PlacementError {
    fn reason(&self) -> Reason<'_> {
        match self {
            Self::PractitionerNotFound => Reason::PractitionerNotFound,
            Self::LocationNotFound => Reason::LocationNotFound,
            Self::PractitionerNotAtLocation => Reason::PractitionerNotAtLocation,
            Self::Repository(e) => Reason::Repository(e),
        }
    }
}

impl BookingError {
    fn reason(&self) -> Reason<'_> {
        match self {
            Self::Rule(e) => Reason::Rule(e),
            Self::PatientNotFound => Reason::PatientNotFound,
            Self::Placement(e) => e.reason(),
            Self::AlreadyBookedThatDay => Reason::Conflict(Conflict::PatientAlreadyBookedThatDay),
            Self::PractitionerUnavailable => Reason::Conflict(Conflict::PractitionerUnavailable),
            Self::OutsideWorkingHours => Reason::OutsideWorkingHours,
            Self::HoldNotLive => Reason::Conflict(Conflict::HoldNotLive),
            Self::HoldMismatch => Reason::Conflict(Conflict::HoldMismatch),
            Self::Repository(e) => Reason::Repository(e),
        }
    }
}

impl ChangeError {
    fn reason(&self) -> Reason<'_> {
        match self {
            Self::AppointmentNotFound => Reason::AppointmentNotFound,
            Self::StaleVersion => Reason::Conflict(Conflict::StaleVersion),
            Self::Transition(e) => Reason::Transition(e),
            Self::NotReschedulable { status } => Reason::NotReschedulable(*status),
            Self::Rule(e) => Reason::Rule(e),
            Self::Placement(e) => e.reason(),
            Self::AlreadyBookedThatDay => Reason::Conflict(Conflict::PatientAlreadyBookedThatDay),
            Self::PractitionerUnavailable => Reason::Conflict(Conflict::PractitionerUnavailable),
            Self::OutsideWorkingHours => Reason::OutsideWorkingHours,
            Self::Repository(e) => Reason::Repository(e),
        }
    }
}

impl ReadError {
    fn reason(&self) -> Reason<'_> {
        match self {
            Self::AppointmentNotFound => Reason::AppointmentNotFound,
            Self::PatientNotFound => Reason::PatientNotFound,
            Self::Repository(e) => Reason::Repository(e),
        }
    }
}

macro_rules! problem_by_reason {
    ($($error:ty),*) => {$(
        impl Problem for $error {
            fn kind(&self) -> ErrorKind {
                self.reason().kind()
            }
            fn code(&self) -> &'static str {
                self.reason().code()
            }
            fn params(&self) -> Vec<(&'static str, String)> {
                self.reason().params()
            }
        }
    )*};
}

problem_by_reason!(BookingError, ChangeError, ReadError, PlacementError);
