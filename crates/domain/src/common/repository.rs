//! How storage fails, in domain words. Every repository port returns these.

use crate::common::error::{ErrorKind, Problem};

/// A write that the stored data refused. Adapters MUST turn their
/// database's constraint violations into these, so that a rule the
/// database holds reaches the caller as the same error as the friendly
/// check in the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// A record with this key (NHS number, appointment id, name) exists.
    Duplicate,
    /// The practitioner already has an appointment overlapping this one.
    PractitionerUnavailable,
    /// The patient already has an appointment on this UTC day.
    PatientAlreadyBookedThatDay,
    /// The record changed since it was read (optimistic concurrency).
    StaleVersion,
    /// The patient still has active appointments that have not ended.
    PatientHasUpcomingAppointments,
    /// Other records still refer to this one.
    StillReferenced,
    /// The hold a booking names has expired or was released.
    HoldNotLive,
    /// The hold a booking names is for another practitioner or time.
    HoldMismatch,
}

/// A repository's answer still on its way. An adapter that gathers reads
/// from many callers (PostgreSQL's reads of a patient's appointments)
/// hands one back, so that an async caller waits for it without holding a
/// thread; any executor can drive it, and the domain names none.
pub type Pending<T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, RepositoryError>> + Send>>;

/// The failures every repository method may return.
#[derive(Debug, thiserror::Error)]
pub enum RepositoryError {
    /// The record named does not exist (or a record it refers to does not).
    #[error("record not found")]
    NotFound,
    /// The write clashes with stored data.
    #[error("the write conflicts with stored data: {0:?}")]
    Conflict(Conflict),
    /// The store failed: unreachable, timed out, corrupt. Never the caller's fault.
    #[error("storage failed: {0}")]
    Unexpected(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl RepositoryError {
    /// Wraps any storage failure as [`RepositoryError::Unexpected`].
    pub fn unexpected(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        RepositoryError::Unexpected(error.into())
    }
}

impl Problem for RepositoryError {
    fn kind(&self) -> ErrorKind {
        match self {
            RepositoryError::NotFound => ErrorKind::NotFound,
            RepositoryError::Conflict(_) => ErrorKind::Conflict,
            RepositoryError::Unexpected(_) => ErrorKind::Unexpected,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            RepositoryError::NotFound => "not-found",
            RepositoryError::Conflict(c) => conflict_code(*c),
            RepositoryError::Unexpected(_) => "storage-unavailable",
        }
    }
}

/// The stable code of a conflict, shared by every operation's error.
pub fn conflict_code(conflict: Conflict) -> &'static str {
    match conflict {
        Conflict::Duplicate => "duplicate",
        Conflict::PractitionerUnavailable => "practitioner-unavailable",
        Conflict::PatientAlreadyBookedThatDay => "already-booked-that-day",
        Conflict::StaleVersion => "stale-version",
        Conflict::PatientHasUpcomingAppointments => "patient-has-upcoming-appointments",
        Conflict::StillReferenced => "still-referenced",
        Conflict::HoldNotLive => "hold-not-live",
        Conflict::HoldMismatch => "hold-mismatch",
    }
}
