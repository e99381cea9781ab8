//! Clinicians and their roles, and the departments they are filed under.

use super::*;

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
        let audit = self
            .audit(actor, AuditAction::Create, Entity::Practitioner)
            .id(practitioner.id)
            .changes([
                Change::set("name", AuditValue::plain(&practitioner.name)),
                Change::set("department", AuditValue::plain(practitioner.department.id)),
            ]);
        self.practitioners
            .insert(&practitioner, &audit)
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
        let audit = self
            .audit(actor, AuditAction::Update, Entity::Practitioner)
            .id(id)
            .changes(changed("name", &current.name, &updated.name))
            .changes(changed(
                "department",
                current.department.id,
                updated.department.id,
            ));
        self.practitioners
            .update(&updated, &audit)
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
        actor: &Actor,
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
        let optional = |id: Option<OrganisationId>| id.map(AuditValue::plain);
        let audit = self
            .audit(actor, AuditAction::Create, Entity::PractitionerRole)
            .id(role.id)
            .changes([
                Change::set("practitioner_id", AuditValue::plain(practitioner_id)),
                Change::set("location_id", AuditValue::plain(location_id)),
                Change::set("department_id", AuditValue::plain(department_id)),
            ])
            .changes(optional(organisation_id).map(|o| Change::set("organisation_id", o)));
        self.practitioners
            .add_role(&role, &audit)
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
}
