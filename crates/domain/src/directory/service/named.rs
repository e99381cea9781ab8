//! Departments, organisations and locations.

use super::*;

impl DirectoryService {
    /// Creates a department; `AlreadyExists` if the name is taken.
    pub fn create_department(
        &self,
        name: Label,
        actor: &Actor,
    ) -> Result<Department, DirectoryError> {
        let department = Department {
            id: DepartmentId::from_uuid(self.ids.new_id()),
            name,
            version: 1,
        };
        let audit = self
            .audit(actor, AuditAction::Create, Entity::Department)
            .id(department.id)
            .changes([Change::set("name", AuditValue::plain(&department.name))]);
        self.departments
            .insert(&department, &audit)
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
        actor: &Actor,
    ) -> Result<Department, DirectoryError> {
        let current = self.department(id)?;
        check_version(change.expected_version, current.version)?;
        match change.name {
            Some(name) if name != current.name => self
                .departments
                .update(
                    &Department {
                        name: name.clone(),
                        ..current.clone()
                    },
                    &self
                        .audit(actor, AuditAction::Update, Entity::Department)
                        .id(id)
                        .changes(changed("name", &current.name, &name)),
                )
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
        actor: &Actor,
    ) -> Result<Organisation, DirectoryError> {
        let organisation = Organisation {
            id: OrganisationId::from_uuid(self.ids.new_id()),
            name,
            version: 1,
        };
        let audit = self
            .audit(actor, AuditAction::Create, Entity::Organisation)
            .id(organisation.id)
            .changes([Change::set("name", AuditValue::plain(&organisation.name))]);
        self.organisations
            .insert(&organisation, &audit)
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
        actor: &Actor,
    ) -> Result<Organisation, DirectoryError> {
        let current = self.organisation(id)?;
        check_version(change.expected_version, current.version)?;
        match change.name {
            Some(name) if name != current.name => self
                .organisations
                .update(
                    &Organisation {
                        name: name.clone(),
                        ..current.clone()
                    },
                    &self
                        .audit(actor, AuditAction::Update, Entity::Organisation)
                        .id(id)
                        .changes(changed("name", &current.name, &name)),
                )
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
        actor: &Actor,
    ) -> Result<Location, DirectoryError> {
        let location = Location {
            id: LocationId::from_uuid(self.ids.new_id()),
            name,
            postcode,
            version: 1,
        };
        let audit = self
            .audit(actor, AuditAction::Create, Entity::Location)
            .id(location.id)
            .changes([
                Change::set("name", AuditValue::plain(&location.name)),
                Change::set("postcode", AuditValue::plain(&location.postcode)),
            ]);
        self.locations
            .insert(&location, &audit)
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
        actor: &Actor,
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
        let audit = self
            .audit(actor, AuditAction::Update, Entity::Location)
            .id(id)
            .changes(changed("name", &current.name, &updated.name))
            .changes(changed("postcode", &current.postcode, &updated.postcode));
        self.locations
            .update(&updated, &audit)
            .map_err(DirectoryError::from_repository(Record::Location))
    }

    /// Locations by name.
    pub fn locations(&self, page: PageRequest) -> Result<Page<Location>, DirectoryError> {
        self.locations
            .list(page)
            .map_err(DirectoryError::from_repository(Record::Location))
    }
}
