//! Practitioner and role bodies.

use crate::bodies::optional;
use crate::edge::finish;
use crate::problem::ApiError;
use panda_domain::InvalidInput;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId};
use panda_domain::common::text::{Label, PersonName};
use panda_domain::directory::service::DirectoryChange;
use panda_domain::directory::{Practitioner, PractitionerRole};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A practitioner to create, or all of a practitioner's details (PUT).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPractitioner {
    /// The name, in any script.
    #[schema(example = "Dr Glenn Clark", min_length = 1, max_length = 200)]
    pub name: String,
    /// The home department's NAME; a department is created if none has it.
    #[schema(example = "oncology", min_length = 1, max_length = 200)]
    pub department: String,
}

impl NewPractitioner {
    /// The name and department name; all refusals at once.
    pub fn parse(&self) -> Result<(PersonName, Label), ApiError> {
        let mut input = InvalidInput::default();
        let name = input.check("name", PersonName::parse(&self.name));
        let department = input.check("department", Label::parse(&self.department));
        finish(input, name.zip(department))
    }
}

/// Some of a practitioner's details (PATCH).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PractitionerPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// A new home department, by name.
    #[schema(min_length = 1, max_length = 200)]
    pub department: Option<String>,
}

impl From<NewPractitioner> for PractitionerPatch {
    fn from(body: NewPractitioner) -> Self {
        Self {
            name: Some(body.name),
            department: Some(body.department),
        }
    }
}

impl PractitionerPatch {
    /// The change; all refusals at once.
    pub fn parse(
        &self,
        expected_version: Option<i64>,
    ) -> Result<DirectoryChange<PersonName>, ApiError> {
        let mut input = InvalidInput::default();
        let change = DirectoryChange {
            name: optional(&mut input, "name", self.name.as_deref(), PersonName::parse),
            department: optional(
                &mut input,
                "department",
                self.department.as_deref(),
                Label::parse,
            ),
            postcode: None,
            expected_version,
        };
        finish(input, Some(change))
    }
}

/// A practitioner.
#[derive(Debug, Serialize, ToSchema)]
pub struct PractitionerBody {
    /// The id.
    #[schema(format = Uuid)]
    pub id: String,
    /// The name exactly as given.
    pub name: String,
    /// The home department's name.
    pub department: String,
    /// The home department's id.
    #[schema(format = Uuid)]
    pub department_id: String,
    /// Bumped by every change; also the `ETag`.
    pub version: i64,
}

impl From<&Practitioner> for PractitionerBody {
    fn from(p: &Practitioner) -> Self {
        Self {
            id: p.id.to_string(),
            name: p.name.to_string(),
            department: p.department.name.to_string(),
            department_id: p.department.id.to_string(),
            version: p.version,
        }
    }
}

/// A role to give a practitioner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRole {
    /// For which organisation, when known.
    pub organisation_id: Option<String>,
    /// Where.
    #[schema(format = Uuid)]
    pub location_id: String,
    /// In which department; the practitioner's home department when absent.
    #[schema(format = Uuid)]
    pub department_id: Option<String>,
}

/// The ids a new role names.
pub type RoleIds = (Option<OrganisationId>, LocationId, Option<DepartmentId>);

impl NewRole {
    /// The ids; all refusals at once.
    pub fn parse(&self) -> Result<RoleIds, ApiError> {
        let mut input = InvalidInput::default();
        let organisation = optional(
            &mut input,
            "organisation_id",
            self.organisation_id.as_deref(),
            OrganisationId::parse,
        );
        let location = input.check("location_id", LocationId::parse(&self.location_id));
        let department = optional(
            &mut input,
            "department_id",
            self.department_id.as_deref(),
            DepartmentId::parse,
        );
        finish(input, location.map(|l| (organisation, l, department)))
    }
}

/// One place a practitioner works.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoleBody {
    /// The role's id.
    #[schema(format = Uuid)]
    pub id: String,
    /// Who.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// For which organisation, if known.
    pub organisation_id: Option<String>,
    /// Where.
    #[schema(format = Uuid)]
    pub location_id: String,
    /// In which department.
    #[schema(format = Uuid)]
    pub department_id: String,
}

impl From<&PractitionerRole> for RoleBody {
    fn from(r: &PractitionerRole) -> Self {
        Self {
            id: r.id.to_string(),
            practitioner_id: r.practitioner_id.to_string(),
            organisation_id: r.organisation_id.map(|o| o.to_string()),
            location_id: r.location_id.to_string(),
            department_id: r.department_id.to_string(),
        }
    }
}
