//! The storage ports for practitioners and the organisational records.

use crate::audit::AuditRecord;
use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::RepositoryError;
use crate::common::text::Label;
use crate::directory::model::{Department, Location, Organisation, Practitioner, PractitionerRole};

/// Where practitioners and their roles are kept.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait PractitionerRepository: Send + Sync {
    /// Stores a new practitioner with version 1. MUST return `NotFound`
    /// when the department does not exist.
    fn insert(
        &self,
        practitioner: &Practitioner,
        audit: &AuditRecord,
    ) -> Result<Practitioner, RepositoryError>;
    /// The practitioner with this id, with their department, if any.
    fn get(&self, id: PractitionerId) -> Result<Option<Practitioner>, RepositoryError>;
    /// Replaces name and department; `StaleVersion`/`NotFound` as for patients.
    fn update(
        &self,
        practitioner: &Practitioner,
        audit: &AuditRecord,
    ) -> Result<Practitioner, RepositoryError>;
    /// Practitioners, optionally of one department, ordered by name then id.
    fn list(
        &self,
        department: Option<DepartmentId>,
        page: PageRequest,
    ) -> Result<Page<Practitioner>, RepositoryError>;
    /// Adds a role. MUST return `NotFound` when any record it names is
    /// missing, `Conflict(Duplicate)` when the same role exists.
    fn add_role(&self, role: &PractitionerRole, audit: &AuditRecord)
    -> Result<(), RepositoryError>;
    /// The practitioner's roles.
    fn roles(&self, id: PractitionerId) -> Result<Vec<PractitionerRole>, RepositoryError>;
}

/// Where departments are kept.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait DepartmentRepository: Send + Sync {
    /// Stores a new department. MUST return `Conflict(Duplicate)` when the name is taken.
    fn insert(
        &self,
        department: &Department,
        audit: &AuditRecord,
    ) -> Result<Department, RepositoryError>;
    /// The department with this id, if any.
    fn get(&self, id: DepartmentId) -> Result<Option<Department>, RepositoryError>;
    /// The department with exactly this name, if any.
    fn find_by_name(&self, name: &Label) -> Result<Option<Department>, RepositoryError>;
    /// Renames; `Duplicate`, `StaleVersion` and `NotFound` as above.
    fn update(
        &self,
        department: &Department,
        audit: &AuditRecord,
    ) -> Result<Department, RepositoryError>;
    /// Departments ordered by name.
    fn list(&self, page: PageRequest) -> Result<Page<Department>, RepositoryError>;
}

/// Where organisations are kept.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait OrganisationRepository: Send + Sync {
    /// Stores a new organisation.
    fn insert(
        &self,
        organisation: &Organisation,
        audit: &AuditRecord,
    ) -> Result<Organisation, RepositoryError>;
    /// The organisation with this id, if any.
    fn get(&self, id: OrganisationId) -> Result<Option<Organisation>, RepositoryError>;
    /// Renames; `StaleVersion` and `NotFound` as above.
    fn update(
        &self,
        organisation: &Organisation,
        audit: &AuditRecord,
    ) -> Result<Organisation, RepositoryError>;
    /// Organisations ordered by name.
    fn list(&self, page: PageRequest) -> Result<Page<Organisation>, RepositoryError>;
}

/// Where locations are kept.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait LocationRepository: Send + Sync {
    /// Stores a new location.
    fn insert(&self, location: &Location, audit: &AuditRecord)
    -> Result<Location, RepositoryError>;
    /// The location with this id, if any.
    fn get(&self, id: LocationId) -> Result<Option<Location>, RepositoryError>;
    /// Replaces name and postcode; `StaleVersion` and `NotFound` as above.
    fn update(&self, location: &Location, audit: &AuditRecord)
    -> Result<Location, RepositoryError>;
    /// Locations ordered by name.
    fn list(&self, page: PageRequest) -> Result<Page<Location>, RepositoryError>;
}
