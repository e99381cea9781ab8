//! The directory's routes: `/api/v1/practitioners` (and their roles), and
//! the named records, defined once in [`named`]: `/api/v1/departments`,
//! `/api/v1/organisations` and `/api/v1/locations`.

pub mod named;
pub mod practitioners;

use crate::bodies::directory::{
    LocationBody, LocationPatch, NamedBody, NamedPatch, NewLocation, NewNamed,
};
use crate::bodies::page::{LocationPage, NamedPage};
use crate::edge::path_value;
use crate::problem::ApiError;
use named::{Named, named_record_routes};
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::Label;
use panda_domain::directory::service::{DirectoryChange, DirectoryError, DirectoryService};
use panda_domain::directory::{Department, Location, Organisation};
use panda_domain::{Actor, Page, PageRequest};

/// A [`Named`] record: its types and the [`DirectoryService`] use cases
/// that serve it.
macro_rules! named {
    (
        $(#[$doc:meta])* $name:ident: $id:ty, $record:ty, $new:ty, $patch:ty, $values:ty, $body:ty,
        $page:ty, $collection:literal,
        create $create:expr, get $get:ident, apply $apply:ident, list $list:ident
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        impl Named for $name {
            type Id = $id;
            type Record = $record;
            type New = $new;
            type Patch = $patch;
            type Values = $values;
            type Body = $body;
            type Page = $page;
            const COLLECTION: &'static str = $collection;

            fn id(segment: &str) -> Result<$id, ApiError> {
                path_value("id", <$id>::parse(segment))
            }
            fn id_of(record: &$record) -> String {
                record.id.to_string()
            }
            fn version(record: &$record) -> i64 {
                record.version
            }
            fn values(body: &$new) -> Result<$values, ApiError> {
                body.parse()
            }
            fn change(patch: &$patch, version: Option<i64>) -> Result<DirectoryChange<Label>, ApiError> {
                patch.parse(version)
            }
            fn create(d: &DirectoryService, values: $values, actor: &Actor) -> Result<$record, DirectoryError> {
                let create: fn(&DirectoryService, $values, &Actor) -> Result<$record, DirectoryError> = $create;
                create(d, values, actor)
            }
            fn get(d: &DirectoryService, id: $id) -> Result<$record, DirectoryError> {
                d.$get(id)
            }
            fn apply(
                d: &DirectoryService,
                id: $id,
                change: DirectoryChange<Label>,
                actor: &Actor,
            ) -> Result<$record, DirectoryError> {
                d.$apply(id, change, actor)
            }
            fn list(d: &DirectoryService, page: PageRequest) -> Result<Page<$record>, DirectoryError> {
                d.$list(page)
            }
            fn page(found: &Page<$record>, request: PageRequest) -> $page {
                <$page>::new(found, request, <$body>::from)
            }
        }
    };
}

named!(
    /// Departments: a name, unique.
    Departments: DepartmentId, Department, NewNamed, NamedPatch, Label, NamedBody, NamedPage,
    "departments",
    create |d, name, actor| d.create_department(name, actor),
    get department, apply change_department, list departments
);

named!(
    /// Organisations: a name.
    Organisations: OrganisationId, Organisation, NewNamed, NamedPatch, Label, NamedBody, NamedPage,
    "organisations",
    create |d, name, actor| d.create_organisation(name, actor),
    get organisation, apply change_organisation, list organisations
);

named!(
    /// Locations: a name and a postcode.
    Locations: LocationId, Location, NewLocation, LocationPatch, (Label, Postcode), LocationBody,
    LocationPage, "locations",
    create |d, (name, postcode), actor| d.create_location(name, postcode, actor),
    get location, apply change_location, list locations
);

named_record_routes!(
    departments: crate::handlers::directory::Departments, crate::bodies::directory::NewNamed, crate::bodies::directory::NamedPatch, crate::bodies::directory::NamedBody, crate::bodies::page::NamedPage,
    paths "/api/v1/departments" "/api/v1/departments/{id}", tag "departments",
    ids ["createDepartment", "getDepartment", "listDepartments", "replaceDepartment", "updateDepartment"],
    docs ["Creates a department.", "One department, with its version as `ETag`.", "Departments ordered by name."],
    answers ["The department", "A page of departments", "The department as replaced", "The department as changed"],
    "The department's UUID", "`department-not-found`",
    conflicts [(status = 409, description = "`already-exists`: the name is taken", body = ProblemBody, content_type = "application/problem+json")]
);

named_record_routes!(
    organisations: crate::handlers::directory::Organisations, crate::bodies::directory::NewNamed, crate::bodies::directory::NamedPatch, crate::bodies::directory::NamedBody, crate::bodies::page::NamedPage,
    paths "/api/v1/organisations" "/api/v1/organisations/{id}", tag "organisations",
    ids ["createOrganisation", "getOrganisation", "listOrganisations", "replaceOrganisation", "updateOrganisation"],
    docs ["Creates an organisation.", "One organisation, with its version as `ETag`.", "Organisations ordered by name."],
    answers ["The organisation", "A page of organisations", "The organisation as replaced", "The organisation as changed"],
    "The organisation's UUID", "`organisation-not-found`",
    conflicts []
);

named_record_routes!(
    locations: crate::handlers::directory::Locations, crate::bodies::directory::NewLocation, crate::bodies::directory::LocationPatch, crate::bodies::directory::LocationBody, crate::bodies::page::LocationPage,
    paths "/api/v1/locations" "/api/v1/locations/{id}", tag "locations",
    ids ["createLocation", "getLocation", "listLocations", "replaceLocation", "updateLocation"],
    docs ["Creates a location.", "One location, with its version as `ETag`.", "Locations ordered by name."],
    answers ["The location", "A page of locations", "The location as replaced", "The location as changed"],
    "The location's UUID", "`location-not-found`",
    conflicts []
);
