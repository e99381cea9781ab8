//! Departments, organisations and locations.

use super::*;

/// The use cases of a record that is only a name (departments,
/// organisations): create, read, rename, list; written once.
macro_rules! named_use_cases {
    (
        $record:ident ($id:ident) in $port:ident as $kind:ident,
        create $create:ident, get $get:ident, change $change:ident, list $list:ident,
        docs [$create_doc:literal, $get_doc:literal, $change_doc:literal, $list_doc:literal]
    ) => {
        impl DirectoryService {
            #[doc = $create_doc]
            pub fn $create(&self, name: Label, actor: &Actor) -> Result<$record, DirectoryError> {
                let record = $record {
                    id: $id::from_uuid(self.ids.new_id()),
                    name,
                    version: 1,
                };
                let audit = self
                    .audit(actor, AuditAction::Create, Entity::$kind)
                    .id(record.id)
                    .changes([Change::set("name", AuditValue::plain(&record.name))]);
                self.$port
                    .insert(&record, &audit)
                    .map_err(DirectoryError::from_repository(Record::$kind))
            }

            #[doc = $get_doc]
            pub fn $get(&self, id: $id) -> Result<$record, DirectoryError> {
                let err = DirectoryError::from_repository(Record::$kind);
                self.$port
                    .get(id)
                    .map_err(err)?
                    .ok_or(DirectoryError::NotFound(Record::$kind))
            }

            #[doc = $change_doc]
            pub fn $change(
                &self,
                id: $id,
                change: DirectoryChange<Label>,
                actor: &Actor,
            ) -> Result<$record, DirectoryError> {
                let current = self.$get(id)?;
                check_version(change.expected_version, current.version)?;
                match change.name {
                    Some(name) if name != current.name => self
                        .$port
                        .update(
                            &$record {
                                name: name.clone(),
                                ..current.clone()
                            },
                            &self
                                .audit(actor, AuditAction::Update, Entity::$kind)
                                .id(id)
                                .changes(changed("name", &current.name, &name)),
                        )
                        .map_err(DirectoryError::from_repository(Record::$kind)),
                    _ => Ok(current),
                }
            }

            #[doc = $list_doc]
            pub fn $list(&self, page: PageRequest) -> Result<Page<$record>, DirectoryError> {
                self.$port
                    .list(page)
                    .map_err(DirectoryError::from_repository(Record::$kind))
            }
        }
    };
}

named_use_cases!(
    Department (DepartmentId) in departments as Department,
    create create_department, get department, change change_department, list departments,
    docs [
        "Creates a department; `AlreadyExists` if the name is taken.",
        "The department with this id.",
        "Renames a department.",
        "Departments by name."
    ]
);

named_use_cases!(
    Organisation (OrganisationId) in organisations as Organisation,
    create create_organisation, get organisation, change change_organisation, list organisations,
    docs [
        "Creates an organisation.",
        "The organisation with this id.",
        "Renames an organisation.",
        "Organisations by name."
    ]
);

impl DirectoryService {
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
