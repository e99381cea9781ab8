//! What can go wrong in the availability use cases, in domain words.

use crate::appointment::RuleViolation;
use crate::common::error::{ErrorKind, InvalidInput, Problem};
use crate::common::repository::{Conflict, RepositoryError};

/// Why a working pattern or absence use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// No practitioner has this id.
    #[error("no practitioner has this id")]
    PractitionerNotFound,
    /// The practitioner has no working pattern.
    #[error("this practitioner has no working pattern")]
    PatternNotFound,
    /// The practitioner has no absence with this id.
    #[error("this practitioner has no absence with this id")]
    AbsenceNotFound,
    /// Fields were refused.
    #[error(transparent)]
    Invalid(#[from] InvalidInput),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl Problem for ScheduleError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::PractitionerNotFound | Self::PatternNotFound | Self::AbsenceNotFound => {
                ErrorKind::NotFound
            }
            Self::Invalid(e) => e.kind(),
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::PractitionerNotFound => "practitioner-not-found",
            Self::PatternNotFound => "schedule-not-found",
            Self::AbsenceNotFound => "absence-not-found",
            Self::Invalid(e) => e.code(),
            Self::Repository(e) => e.code(),
        }
    }
    fn fields(&self) -> Option<&InvalidInput> {
        match self {
            Self::Invalid(input) => Some(input),
            _ => None,
        }
    }
}

/// Why a hold was refused or could not be released.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    /// The slot breaks a booking rule (grid, duration, window).
    #[error(transparent)]
    Rule(#[from] RuleViolation),
    /// No practitioner has this id.
    #[error("no practitioner has this id")]
    PractitionerNotFound,
    /// The slot is outside the practitioner's sessions, or in an absence.
    #[error("the practitioner does not work at that time")]
    OutsideWorkingHours,
    /// Part of the slot is booked or held.
    #[error("the practitioner already has an appointment or a hold at that time")]
    PractitionerUnavailable,
    /// No live hold has this id.
    #[error("no live hold has this id")]
    HoldNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl From<RepositoryError> for HoldError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(Conflict::PractitionerUnavailable) => {
                Self::PractitionerUnavailable
            }
            other => Self::Repository(other),
        }
    }
}

impl Problem for HoldError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Rule(e) => e.kind(),
            Self::PractitionerNotFound | Self::HoldNotFound => ErrorKind::NotFound,
            Self::OutsideWorkingHours | Self::PractitionerUnavailable => ErrorKind::Conflict,
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Rule(e) => e.code(),
            Self::PractitionerNotFound => "practitioner-not-found",
            Self::OutsideWorkingHours => "outside-working-hours",
            Self::PractitionerUnavailable => "practitioner-unavailable",
            Self::HoldNotFound => "hold-not-found",
            Self::Repository(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Rule(e) => e.params(),
            _ => Vec::new(),
        }
    }
}
