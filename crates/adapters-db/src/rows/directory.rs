//! The rows of the directory: departments, organisations, locations,
//! practitioners and their roles.

use super::{parse, parse_opt};
use crate::schema::{departments, locations, organisations, practitioner_roles, practitioners};
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId, RoleId};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::directory::{Department, Location, Organisation, Practitioner, PractitionerRole};

/// The row of a record that is only a name (departments, organisations):
/// written once.
macro_rules! name_row {
    ($(#[$doc:meta])* $row:ident of $table:ident: $record:ident($id:ident), $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Queryable, Selectable, Insertable)]
        #[diesel(table_name = $table)]
        pub(crate) struct $row {
            pub(crate) id: String,
            pub(crate) name: String,
            pub(crate) version: i64,
        }

        impl $row {
            /// The row for `record`, at `version`.
            pub(crate) fn new(record: &$record, version: i64) -> Self {
                Self {
                    id: record.id.to_string(),
                    name: record.name.to_string(),
                    version,
                }
            }

            /// The record this row holds.
            pub(crate) fn into_domain(self) -> Result<$record, RepositoryError> {
                let key = self.id.as_str();
                Ok($record {
                    id: parse($what, key, key, $id::parse)?,
                    name: parse($what, key, &self.name, Label::parse)?,
                    version: self.version,
                })
            }
        }
    };
}

name_row!(
    /// A row of `departments`.
    DepartmentRow of departments: Department(DepartmentId), "department"
);

name_row!(
    /// A row of `organisations`.
    OrganisationRow of organisations: Organisation(OrganisationId), "organisation"
);

/// A row of `locations`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = locations)]
pub(crate) struct LocationRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) postcode: String,
    pub(crate) version: i64,
}

impl LocationRow {
    /// The row for `location`, at `version`.
    pub(crate) fn new(location: &Location, version: i64) -> Self {
        Self {
            id: location.id.to_string(),
            name: location.name.to_string(),
            postcode: location.postcode.to_string(),
            version,
        }
    }

    /// The location this row holds.
    pub(crate) fn into_domain(self) -> Result<Location, RepositoryError> {
        let key = self.id.as_str();
        Ok(Location {
            id: parse("location", key, key, LocationId::parse)?,
            name: parse("location", key, &self.name, Label::parse)?,
            postcode: parse("location", key, &self.postcode, Postcode::parse)?,
            version: self.version,
        })
    }
}

/// A row of `practitioners`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practitioners)]
pub(crate) struct PractitionerRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) department_id: String,
    pub(crate) version: i64,
}

impl PractitionerRow {
    /// The row for `practitioner`, at `version`.
    pub(crate) fn new(practitioner: &Practitioner, version: i64) -> Self {
        Self {
            id: practitioner.id.to_string(),
            name: practitioner.name.to_string(),
            department_id: practitioner.department.id.to_string(),
            version,
        }
    }

    /// The practitioner this row holds, in `department` (read by a join).
    pub(crate) fn into_domain(
        self,
        department: DepartmentRow,
    ) -> Result<Practitioner, RepositoryError> {
        let key = self.id.as_str();
        Ok(Practitioner {
            id: parse("practitioner", key, key, PractitionerId::parse)?,
            name: parse("practitioner", key, &self.name, PersonName::parse)?,
            department: department.into_domain()?,
            version: self.version,
        })
    }
}

/// A row of `practitioner_roles`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practitioner_roles)]
pub(crate) struct RoleRow {
    pub(crate) id: String,
    pub(crate) practitioner_id: String,
    pub(crate) organisation_id: Option<String>,
    pub(crate) location_id: String,
    pub(crate) department_id: String,
}

impl RoleRow {
    /// The row for `role`.
    pub(crate) fn new(role: &PractitionerRole) -> Self {
        Self {
            id: role.id.to_string(),
            practitioner_id: role.practitioner_id.to_string(),
            organisation_id: role.organisation_id.map(|o| o.to_string()),
            location_id: role.location_id.to_string(),
            department_id: role.department_id.to_string(),
        }
    }

    /// The role this row holds.
    pub(crate) fn into_domain(self) -> Result<PractitionerRole, RepositoryError> {
        let key = self.id.as_str();
        let what = "practitioner role";
        Ok(PractitionerRole {
            id: parse(what, key, key, RoleId::parse)?,
            practitioner_id: parse(what, key, &self.practitioner_id, PractitionerId::parse)?,
            organisation_id: parse_opt(
                what,
                key,
                self.organisation_id.as_deref(),
                OrganisationId::parse,
            )?,
            location_id: parse(what, key, &self.location_id, LocationId::parse)?,
            department_id: parse(what, key, &self.department_id, DepartmentId::parse)?,
        })
    }
}
