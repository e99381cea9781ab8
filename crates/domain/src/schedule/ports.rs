//! The storage ports of availability: working patterns and absences,
//! holds, and the reads the free-slot search is made of.

use super::model::{Absence, Diary, Hold};
use super::pattern::WorkingPattern;
use super::slots::{BusyTime, Candidate, SlotFilter};
use crate::appointment::Appointment;
use crate::audit::AuditRecord;
use crate::common::ids::{AbsenceId, HoldId, PractitionerId};
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::RepositoryError;
use crate::patient::NhsNumber;
use chrono::{DateTime, Utc};

/// Where working patterns and absences are kept. Every write appends its
/// `audit` record in its own transaction.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait ScheduleRepository: Send + Sync {
    /// The practitioner's working pattern, if they have one.
    fn pattern(
        &self,
        practitioner: PractitionerId,
    ) -> Result<Option<WorkingPattern>, RepositoryError>;

    /// Sets (or replaces) the practitioner's pattern. `NotFound` when no
    /// practitioner has this id.
    fn set_pattern(
        &self,
        practitioner: PractitionerId,
        pattern: &WorkingPattern,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// The practitioner's pattern with the absences overlapping
    /// `[start, end)`; `None` when they have no pattern (they may then be
    /// booked at any time).
    fn diary(
        &self,
        practitioner: PractitionerId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Option<Diary>, RepositoryError>;

    /// Records an absence and returns the practitioner's non-cancelled
    /// appointments it overlaps, in start order, so that the clinic can
    /// rebook them. `NotFound` when no practitioner has its id.
    fn add_absence(
        &self,
        absence: &Absence,
        audit: &AuditRecord,
    ) -> Result<Vec<Appointment>, RepositoryError>;

    /// The practitioner's absences in start order; `None` when no
    /// practitioner has this id.
    fn absences(
        &self,
        practitioner: PractitionerId,
        page: PageRequest,
    ) -> Result<Option<Page<Absence>>, RepositoryError>;

    /// Deletes one of the practitioner's absences. `NotFound` when they
    /// have none with this id.
    fn remove_absence(
        &self,
        practitioner: PractitionerId,
        id: AbsenceId,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;
}

/// Where holds are kept. The adapter MUST hold, against concurrent
/// writers, that a live hold and a non-cancelled appointment of one
/// practitioner never overlap, nor two live holds; and that a hold past
/// its `expires_at` holds nothing, with no background job to free it.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait HoldRepository: Send + Sync {
    /// Takes the hold's time. `Conflict(PractitionerUnavailable)` when any
    /// of it is booked or held (expired holds aside); `NotFound` when the
    /// practitioner does not exist.
    fn insert(
        &self,
        hold: &Hold,
        now: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// The hold with this id while it lives (not expired at `now`).
    fn get(&self, id: HoldId, now: DateTime<Utc>) -> Result<Option<Hold>, RepositoryError>;

    /// Releases a live hold. `NotFound` when no live hold has this id.
    fn release(
        &self,
        id: HoldId,
        now: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// Deletes holds that expired before `before`; returns how many.
    fn purge(&self, before: DateTime<Utc>) -> Result<u64, RepositoryError>;
}

/// The reads a free-slot search is made of: two queries, whatever the
/// number of slots.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait SlotSource: Send + Sync {
    /// Practitioners matching `filter` who have a working pattern, in name
    /// order; at most `limit` of them.
    fn candidates(
        &self,
        filter: &SlotFilter,
        limit: usize,
    ) -> Result<Vec<Candidate>, RepositoryError>;

    /// What is taken over `[from, to)` for these practitioners (absences,
    /// non-cancelled appointments, holds live at `now`), and the UTC days
    /// `patient` already has an appointment on. Booked slots come as whole
    /// UTC days, from the day of `from` to the day of `to` (a store may
    /// send more). `None` when no patient has that NHS number.
    fn busy(
        &self,
        practitioners: &[PractitionerId],
        patient: Option<NhsNumber>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<BusyTime>, RepositoryError>;
}
