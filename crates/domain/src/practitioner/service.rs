//! The use cases for practitioners and the organisational records:
//! departments, organisations, locations and practitioner roles.

use crate::common::error::{ErrorKind, Problem};
use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId, RoleId};
use crate::common::ports::{Actor, IdSource, Page, PageRequest};
use crate::common::postcode::Postcode;
use crate::common::repository::{Conflict, RepositoryError, conflict_code};
use crate::common::text::{Label, PersonName};
use crate::practitioner::{
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

impl DirectoryService {
    /// The department with this name, created if there is none. Two callers
    /// creating the same new name at once both end with the one record.
    pub fn department_named(
        &self,
        name: &Label,
        actor: &Actor,
    ) -> Result<Department, DirectoryError> {
        let err = DirectoryError::from_repository(Record::Department);
        if let Some(found) = self.departments.find_by_name(name).map_err(&err)? {
            return Ok(found);
        }
        match self.create_department(name.clone(), actor) {
            Err(DirectoryError::AlreadyExists) => self
                .departments
                .find_by_name(name)
                .map_err(&err)?
                .ok_or(DirectoryError::NotFound(Record::Department)),
            other => other,
        }
    }

    /// Creates a practitioner in the department with this name.
    pub fn create_practitioner(
        &self,
        name: PersonName,
        department: &Label,
        actor: &Actor,
    ) -> Result<Practitioner, DirectoryError> {
        let department = self.department_named(department, actor)?;
        let practitioner = Practitioner {
            id: PractitionerId::from_uuid(self.ids.new_id()),
            name,
            department,
            version: 1,
        };
        self.practitioners
            .insert(&practitioner)
            .map_err(DirectoryError::from_repository(Record::Practitioner))
    }

    /// The practitioner with this id.
    pub fn practitioner(&self, id: PractitionerId) -> Result<Practitioner, DirectoryError> {
        let err = DirectoryError::from_repository(Record::Practitioner);
        self.practitioners
            .get(id)
            .map_err(err)?
            .ok_or(DirectoryError::NotFound(Record::Practitioner))
    }

    /// Renames a practitioner or moves them to another department.
    pub fn change_practitioner(
        &self,
        id: PractitionerId,
        change: DirectoryChange<PersonName>,
        actor: &Actor,
    ) -> Result<Practitioner, DirectoryError> {
        let current = self.practitioner(id)?;
        check_version(change.expected_version, current.version)?;
        let department = match &change.department {
            Some(name) => self.department_named(name, actor)?,
            None => current.department.clone(),
        };
        let updated = Practitioner {
            name: change.name.unwrap_or_else(|| current.name.clone()),
            department,
            ..current.clone()
        };
        if updated == current {
            return Ok(current);
        }
        self.practitioners
            .update(&updated)
            .map_err(DirectoryError::from_repository(Record::Practitioner))
    }

    /// Practitioners, optionally of one department.
    pub fn practitioners(
        &self,
        department: Option<DepartmentId>,
        page: PageRequest,
    ) -> Result<Page<Practitioner>, DirectoryError> {
        self.practitioners
            .list(department, page)
            .map_err(DirectoryError::from_repository(Record::Practitioner))
    }

    /// Gives a practitioner a role at a location; the department defaults to
    /// their home department.
    pub fn add_role(
        &self,
        practitioner_id: PractitionerId,
        organisation_id: Option<OrganisationId>,
        location_id: LocationId,
        department_id: Option<DepartmentId>,
        _actor: &Actor,
    ) -> Result<PractitionerRole, DirectoryError> {
        let practitioner = self.practitioner(practitioner_id)?;
        if let Some(org) = organisation_id {
            self.organisation(org)?;
        }
        self.location(location_id)?;
        let department_id = match department_id {
            Some(id) => self.department(id)?.id,
            None => practitioner.department.id,
        };
        let role = PractitionerRole {
            id: RoleId::from_uuid(self.ids.new_id()),
            practitioner_id,
            organisation_id,
            location_id,
            department_id,
        };
        self.practitioners
            .add_role(&role)
            .map_err(DirectoryError::from_repository(Record::Practitioner))?;
        Ok(role)
    }

    /// A practitioner's roles.
    pub fn roles(
        &self,
        practitioner_id: PractitionerId,
    ) -> Result<Vec<PractitionerRole>, DirectoryError> {
        self.practitioner(practitioner_id)?;
        self.practitioners
            .roles(practitioner_id)
            .map_err(DirectoryError::from_repository(Record::Practitioner))
    }

    /// Creates a department; `AlreadyExists` if the name is taken.
    pub fn create_department(
        &self,
        name: Label,
        _actor: &Actor,
    ) -> Result<Department, DirectoryError> {
        let department = Department {
            id: DepartmentId::from_uuid(self.ids.new_id()),
            name,
            version: 1,
        };
        self.departments
            .insert(&department)
            .map_err(DirectoryError::from_repository(Record::Department))
    }

    /// The department with this id.
    pub fn department(&self, id: DepartmentId) -> Result<Department, DirectoryError> {
        let err = DirectoryError::from_repository(Record::Department);
        self.departments
            .get(id)
            .map_err(err)?
            .ok_or(DirectoryError::NotFound(Record::Department))
    }

    /// Renames a department.
    pub fn change_department(
        &self,
        id: DepartmentId,
        change: DirectoryChange<Label>,
        _actor: &Actor,
    ) -> Result<Department, DirectoryError> {
        let current = self.department(id)?;
        check_version(change.expected_version, current.version)?;
        match change.name {
            Some(name) if name != current.name => self
                .departments
                .update(&Department { name, ..current })
                .map_err(DirectoryError::from_repository(Record::Department)),
            _ => Ok(current),
        }
    }

    /// Departments by name.
    pub fn departments(&self, page: PageRequest) -> Result<Page<Department>, DirectoryError> {
        self.departments
            .list(page)
            .map_err(DirectoryError::from_repository(Record::Department))
    }

    /// Creates an organisation.
    pub fn create_organisation(
        &self,
        name: Label,
        _actor: &Actor,
    ) -> Result<Organisation, DirectoryError> {
        let organisation = Organisation {
            id: OrganisationId::from_uuid(self.ids.new_id()),
            name,
            version: 1,
        };
        self.organisations
            .insert(&organisation)
            .map_err(DirectoryError::from_repository(Record::Organisation))
    }

    /// The organisation with this id.
    pub fn organisation(&self, id: OrganisationId) -> Result<Organisation, DirectoryError> {
        let err = DirectoryError::from_repository(Record::Organisation);
        self.organisations
            .get(id)
            .map_err(err)?
            .ok_or(DirectoryError::NotFound(Record::Organisation))
    }

    /// Renames an organisation.
    pub fn change_organisation(
        &self,
        id: OrganisationId,
        change: DirectoryChange<Label>,
        _actor: &Actor,
    ) -> Result<Organisation, DirectoryError> {
        let current = self.organisation(id)?;
        check_version(change.expected_version, current.version)?;
        match change.name {
            Some(name) if name != current.name => self
                .organisations
                .update(&Organisation { name, ..current })
                .map_err(DirectoryError::from_repository(Record::Organisation)),
            _ => Ok(current),
        }
    }

    /// Organisations by name.
    pub fn organisations(&self, page: PageRequest) -> Result<Page<Organisation>, DirectoryError> {
        self.organisations
            .list(page)
            .map_err(DirectoryError::from_repository(Record::Organisation))
    }

    /// Creates a location.
    pub fn create_location(
        &self,
        name: Label,
        postcode: Postcode,
        _actor: &Actor,
    ) -> Result<Location, DirectoryError> {
        let location = Location {
            id: LocationId::from_uuid(self.ids.new_id()),
            name,
            postcode,
            version: 1,
        };
        self.locations
            .insert(&location)
            .map_err(DirectoryError::from_repository(Record::Location))
    }

    /// The location with this id.
    pub fn location(&self, id: LocationId) -> Result<Location, DirectoryError> {
        let err = DirectoryError::from_repository(Record::Location);
        self.locations
            .get(id)
            .map_err(err)?
            .ok_or(DirectoryError::NotFound(Record::Location))
    }

    /// Renames a location or changes its postcode.
    pub fn change_location(
        &self,
        id: LocationId,
        change: DirectoryChange<Label>,
        _actor: &Actor,
    ) -> Result<Location, DirectoryError> {
        let current = self.location(id)?;
        check_version(change.expected_version, current.version)?;
        let updated = Location {
            name: change.name.unwrap_or_else(|| current.name.clone()),
            postcode: change.postcode.unwrap_or_else(|| current.postcode.clone()),
            ..current.clone()
        };
        if updated == current {
            return Ok(current);
        }
        self.locations
            .update(&updated)
            .map_err(DirectoryError::from_repository(Record::Location))
    }

    /// Locations by name.
    pub fn locations(&self, page: PageRequest) -> Result<Page<Location>, DirectoryError> {
        self.locations
            .list(page)
            .map_err(DirectoryError::from_repository(Record::Location))
    }
}
