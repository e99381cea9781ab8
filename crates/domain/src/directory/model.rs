//! Clinicians and the organisational records around them: departments,
//! organisations, locations, and the roles that tie them together.

use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId, RoleId};
use crate::common::postcode::Postcode;
use crate::common::text::{Label, PersonName};

/// A clinical department such as `oncology`. Names are unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// The key.
    pub id: DepartmentId,
    /// The name, unique across departments.
    pub name: Label,
    /// Bumped by every write.
    pub version: i64,
}

/// An organisation a practitioner works for (a trust, a practice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// The key.
    pub id: OrganisationId,
    /// The name.
    pub name: Label,
    /// Bumped by every write.
    pub version: i64,
}

/// A place where appointments happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The key.
    pub id: LocationId,
    /// The name people know it by.
    pub name: Label,
    /// Its postcode, canonical.
    pub postcode: Postcode,
    /// Bumped by every write.
    pub version: i64,
}

/// A clinician. `department` is the home department, used for
/// appointments booked without a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practitioner {
    /// The key.
    pub id: PractitionerId,
    /// The name exactly as given.
    pub name: PersonName,
    /// The home department.
    pub department: Department,
    /// Bumped by every write.
    pub version: i64,
}

/// One place a practitioner works: for an organisation (if known), at a
/// location, in a department. A practitioner may hold several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PractitionerRole {
    /// The key.
    pub id: RoleId,
    /// Who.
    pub practitioner_id: PractitionerId,
    /// For whom, when known (imported records do not name organisations).
    pub organisation_id: Option<OrganisationId>,
    /// Where.
    pub location_id: LocationId,
    /// In which department.
    pub department_id: DepartmentId,
}
