//! What can go wrong with an appointment, in domain words.

use crate::appointment::{AppointmentStatus, RuleViolation, TransitionError};
use crate::common::error::{ErrorKind, Problem};
use crate::common::repository::{Conflict, RepositoryError, conflict_code};

/// Why an appointment use case failed.
#[derive(Debug, thiserror::Error)]
pub enum AppointmentError {
    /// The booking breaks a rule whatever the diary holds.
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// The status change is not allowed.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// No patient has this NHS number.
    #[error("no patient has this NHS number")]
    PatientNotFound,
    /// No practitioner has this id.
    #[error("no practitioner has this id")]
    PractitionerNotFound,
    /// No location has this id.
    #[error("no location has this id")]
    LocationNotFound,
    /// No appointment has this id.
    #[error("no appointment has this id")]
    AppointmentNotFound,
    /// The practitioner holds roles, none of them at this location.
    #[error("this practitioner does not work at this location")]
    PractitionerNotAtLocation,
    /// Only an active appointment that has not started can be moved.
    #[error(
        "only an active appointment that has not started can be rescheduled; this one is {status}"
    )]
    NotReschedulable {
        /// Its effective status.
        status: AppointmentStatus,
    },
    /// The patient already has a (non-cancelled) appointment that UTC day.
    #[error("the patient already has an appointment on that day")]
    AlreadyBookedThatDay,
    /// The practitioner has an overlapping appointment.
    #[error("the practitioner already has an appointment at that time")]
    PractitionerUnavailable,
    /// The appointment changed since the caller read it.
    #[error("the appointment has changed since it was read; read it again")]
    StaleVersion,
    /// Storage failed, or returned something no rule explains.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl From<RepositoryError> for AppointmentError {
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

impl Problem for AppointmentError {
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
            Self::NotReschedulable { .. }
            | Self::AlreadyBookedThatDay
            | Self::PractitionerUnavailable
            | Self::StaleVersion => ErrorKind::Conflict,
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
            Self::NotReschedulable { .. } => "appointment-not-reschedulable",
            Self::AlreadyBookedThatDay => conflict_code(Conflict::PatientAlreadyBookedThatDay),
            Self::PractitionerUnavailable => conflict_code(Conflict::PractitionerUnavailable),
            Self::StaleVersion => conflict_code(Conflict::StaleVersion),
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Rule(e) => e.params(),
            Self::Transition(e) => e.params(),
            Self::NotReschedulable { status } => vec![("status", status.to_string())],
            _ => Vec::new(),
        }
    }
}
