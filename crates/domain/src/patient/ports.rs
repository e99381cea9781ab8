//! The storage port for patients.

use crate::audit::AuditRecord;
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::RepositoryError;
use crate::patient::{Patient, PatientFilter, nhs_number::NhsNumber};
use chrono::{DateTime, Utc};

/// Where patients are kept.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait PatientRepository: Send + Sync {
    /// Stores a new patient with version 1 and appends `audit` in the same
    /// transaction. MUST return `Conflict(Duplicate)` when the NHS number
    /// exists.
    fn insert(&self, patient: &Patient, audit: &AuditRecord) -> Result<Patient, RepositoryError>;

    /// The patient with this NHS number, if any.
    fn get(&self, nhs_number: &NhsNumber) -> Result<Option<Patient>, RepositoryError>;

    /// Replaces the name, date of birth and postcode, and bumps the version.
    /// `patient.version` is the version the caller read: MUST return
    /// `Conflict(StaleVersion)` when the stored one differs, `NotFound`
    /// when there is no such patient. Appends `audit` in the same transaction.
    fn update(&self, patient: &Patient, audit: &AuditRecord) -> Result<Patient, RepositoryError>;

    /// Patients matching `filter`, ordered by NHS number.
    fn list(
        &self,
        filter: &PatientFilter,
        page: PageRequest,
    ) -> Result<Page<Patient>, RepositoryError>;

    /// Erases the patient's personal data in one transaction: their
    /// appointments stay but lose every link to them, then the patient row
    /// goes. MUST return `Conflict(PatientHasUpcomingAppointments)` (and
    /// change nothing) while an `active` appointment of theirs ends after
    /// `now`, even if it is booked concurrently; `NotFound` when absent;
    /// `Conflict(StaleVersion)` when `expected_version` is given and the
    /// stored version differs, checked in the same transaction. Appends
    /// `audit` and empties the audit vault of the patient's personal
    /// values in the same transaction.
    fn erase(
        &self,
        nhs_number: &NhsNumber,
        now: DateTime<Utc>,
        expected_version: Option<i64>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError>;
}
