//! The storage port for appointments and their history.

use crate::appointment::model::{Appointment, AppointmentFilter, AppointmentView, HistoryEntry};
use crate::audit::AuditRecord;
use crate::common::ids::{AppointmentId, HoldId, SeriesId};
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::{Pending, RepositoryError};
use crate::patient::NhsNumber;
use chrono::{DateTime, Utc};

/// Where appointments are kept. The adapter MUST hold two rules itself,
/// so that concurrent writers (threads or PANDA processes) can never both
/// pass them: among appointments that are not cancelled, one per patient
/// per UTC day of the start, and no two of one practitioner that overlap.
/// Every write appends its `audit` record in its own transaction.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait AppointmentRepository: Send + Sync {
    /// Stores a new appointment (version 1) and its first history entry in
    /// one transaction. MUST return `Conflict(PatientAlreadyBookedThatDay)`,
    /// `Conflict(PractitionerUnavailable)` or `Conflict(Duplicate)` (the id
    /// exists) and write nothing; `NotFound` if the patient, practitioner,
    /// department or location it names does not exist.
    fn insert(
        &self,
        appointment: &Appointment,
        created: &HistoryEntry,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// Stores a new appointment as `insert` does, converting the hold
    /// `hold` in the same transaction: the hold must be live at `now`
    /// (`Conflict(HoldNotLive)` otherwise) and be the practitioner's,
    /// covering the appointment's time (`Conflict(HoldMismatch)`). The
    /// hold's time is released and the appointment's taken, so nobody can
    /// take the slot between the two.
    fn insert_held(
        &self,
        appointment: &Appointment,
        hold: HoldId,
        now: DateTime<Utc>,
        created: &HistoryEntry,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// Stores every appointment of a series, each as `insert` would with
    /// its `created` entry and `audits` record (the three slices are in
    /// step), in ONE transaction: all or none, with the same conflicts.
    fn insert_series(
        &self,
        appointments: &[Appointment],
        created: &[HistoryEntry],
        audits: &[AuditRecord],
    ) -> Result<(), RepositoryError>;

    /// The appointments of series `id`, with names, by start; empty when
    /// no appointment belongs to it.
    fn series(&self, id: SeriesId) -> Result<Vec<AppointmentView>, RepositoryError>;

    /// The appointment with this id, with names, if any.
    fn get(&self, id: AppointmentId) -> Result<Option<AppointmentView>, RepositoryError>;

    /// Writes the new state of an appointment and appends `changes` to its
    /// history in one transaction, bumping the version. `appointment.version`
    /// is the version the caller read (`StaleVersion` otherwise). The same
    /// conflicts as `insert` apply to the new time and practitioner; a
    /// cancellation releases the slot and the day.
    fn update(
        &self,
        appointment: &Appointment,
        changes: &[HistoryEntry],
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;

    /// Appointments matching `filter` (effective status judged at `now`),
    /// ordered by start then id.
    fn list(
        &self,
        filter: &AppointmentFilter,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Page<AppointmentView>, RepositoryError>;

    /// Every appointment of one patient, ordered by start then id; `None`
    /// when no patient has this NHS number. One trip to the store: it is
    /// the front ends' most frequent read.
    fn for_patient(
        &self,
        patient: &NhsNumber,
    ) -> Result<Option<Vec<AppointmentView>>, RepositoryError>;

    /// [`Self::for_patient`], answered later: `Some` when the adapter
    /// gathers these reads from many callers and answers each without a
    /// thread of the caller's waiting (the returned future is then cheap to
    /// await on an async worker); `None`, the default, when the caller
    /// should call `for_patient` itself.
    fn for_patient_later(
        &self,
        patient: &NhsNumber,
    ) -> Option<Pending<Option<Vec<AppointmentView>>>> {
        let _ = patient;
        None
    }

    /// The appointment's history, oldest first. `NotFound` for an unknown id.
    fn history(&self, id: AppointmentId) -> Result<Vec<HistoryEntry>, RepositoryError>;
}
