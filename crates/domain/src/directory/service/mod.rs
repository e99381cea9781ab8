//! The directory's use cases: practitioners and their roles, and the
//! named records they work in (departments, organisations, locations).
//!
//! `practitioners` holds the use cases for clinicians and their roles,
//! `named` those for departments, organisations and locations.

mod named;
mod practitioners;
#[cfg(test)]
mod tests;

use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::error::{ErrorKind, Problem};
use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId, RoleId};
use crate::common::ports::{Actor, Clock, IdSource, Page, PageRequest};
use crate::common::postcode::Postcode;
use crate::common::repository::{Conflict, RepositoryError, conflict_code};
use crate::common::text::{Label, PersonName};
use crate::directory::{
    Department, DepartmentRepository, Location, LocationRepository, Organisation,
    OrganisationRepository, Practitioner, PractitionerRepository, PractitionerRole,
};
use std::sync::Arc;

/// Which kind of record a directory error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A practitioner.
    Practitioner,
    /// A department.
    Department,
    /// An organisation.
    Organisation,
    /// A location.
    Location,
}

/// Why a directory use case failed.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The record named does not exist.
    #[error("no such {0:?}")]
    NotFound(Record),
    /// A record with this name (or the same role) already exists.
    #[error("a record with the same name already exists")]
    AlreadyExists,
    /// The record changed since the caller read it.
    #[error("the record has changed since it was read; read it again")]
    StaleVersion,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl DirectoryError {
    fn from_repository(record: Record) -> impl Fn(RepositoryError) -> Self {
        move |error| match error {
            RepositoryError::NotFound => Self::NotFound(record),
            RepositoryError::Conflict(Conflict::Duplicate) => Self::AlreadyExists,
            RepositoryError::Conflict(Conflict::StaleVersion) => Self::StaleVersion,
            other => Self::Repository(other),
        }
    }
}

impl Problem for DirectoryError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::AlreadyExists | Self::StaleVersion => ErrorKind::Conflict,
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound(Record::Practitioner) => "practitioner-not-found",
            Self::NotFound(Record::Department) => "department-not-found",
            Self::NotFound(Record::Organisation) => "organisation-not-found",
            Self::NotFound(Record::Location) => "location-not-found",
            Self::AlreadyExists => "already-exists",
            Self::StaleVersion => conflict_code(Conflict::StaleVersion),
            Self::Repository(e) => e.code(),
        }
    }
}

/// A change to a named record; `None` fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryChange<N> {
    /// A new name.
    pub name: Option<N>,
    /// A new department (practitioners only, by name; created if new).
    pub department: Option<Label>,
    /// A new postcode (locations only).
    pub postcode: Option<Postcode>,
    /// The version the caller read (from `If-Match`), if it sent one.
    pub expected_version: Option<i64>,
}

/// No change at all; not derived, so that `N` need not have a default
/// (names have none: an empty one is invalid).
impl<N> Default for DirectoryChange<N> {
    fn default() -> Self {
        Self {
            name: None,
            department: None,
            postcode: None,
            expected_version: None,
        }
    }
}

/// The directory use cases over their ports.
#[derive(Clone)]
pub struct DirectoryService {
    /// Practitioners and roles.
    pub practitioners: Arc<dyn PractitionerRepository>,
    /// Departments.
    pub departments: Arc<dyn DepartmentRepository>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Locations.
    pub locations: Arc<dyn LocationRepository>,
    /// Fresh ids.
    pub ids: Arc<dyn IdSource>,
    /// The time, for the audit trail.
    pub clock: Arc<dyn Clock>,
}

impl DirectoryService {
    /// A record of `action` on `entity` by `actor`, now.
    fn audit(&self, actor: &Actor, action: AuditAction, entity: Entity) -> AuditRecord {
        AuditRecord::new(self.clock.now(), actor, action, entity)
    }
}

/// The change of a named field between two versions of a record, if any.
fn changed(
    field: &'static str,
    old: impl std::fmt::Display,
    new: impl std::fmt::Display,
) -> Option<Change> {
    Change::between(field, AuditValue::plain(old), AuditValue::plain(new))
}

impl std::fmt::Debug for DirectoryService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectoryService").finish_non_exhaustive()
    }
}

fn check_version(expected: Option<i64>, current: i64) -> Result<(), DirectoryError> {
    match expected {
        Some(v) if v != current => Err(DirectoryError::StaleVersion),
        _ => Ok(()),
    }
}
