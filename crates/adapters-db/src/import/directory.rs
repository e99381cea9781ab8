//! The organisational records imported appointments name, found or
//! created: a department per name, a practitioner per (name, department),
//! a location per postcode (named after it), and a role without an
//! organisation tying practitioner, location and department together.

use super::{INSERT_CHUNK, Stop, lookup};
use crate::connection::DbConnection;
use crate::rows::{DepartmentRow, LocationRow, PractitionerRow, RoleRow};
use crate::schema::{departments, locations, practitioner_roles, practitioners};
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::common::ids::{DepartmentId, LocationId, PractitionerId};
use panda_domain::import::ImportedAppointment;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

mod settle;

/// An id, and whether this run created the record.
#[derive(Debug, Clone, Copy)]
struct Entry<Id> {
    id: Id,
    created: bool,
}

/// Where an appointment goes: the records its names resolved to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place {
    pub(super) practitioner: PractitionerId,
    pub(super) department: DepartmentId,
    pub(super) location: Option<LocationId>,
}

/// A practitioner's key in the file: (department name, clinician name).
type ClinicianKey = (String, String);
/// A role's key: (practitioner, location, department) ids.
type RoleKey = (String, String, String);

/// The organisational records a batch names, resolved.
#[derive(Debug, Default)]
pub(super) struct Directory {
    departments: HashMap<String, Entry<DepartmentId>>,
    practitioners: HashMap<ClinicianKey, Entry<PractitionerId>>,
    locations: HashMap<String, Entry<LocationId>>,
    new_roles: Vec<RoleRow>,
}

fn clinician_key(record: &ImportedAppointment) -> ClinicianKey {
    let department = record.department.as_ref().to_owned();
    (department, record.clinician.as_ref().to_owned())
}

fn new_id() -> Uuid {
    Uuid::now_v7()
}

fn missing(what: &str) -> Stop {
    Stop::Repo(RepositoryError::unexpected(format!(
        "import: no {what} was resolved for a record"
    )))
}

impl Directory {
    /// Finds or creates everything `records` name.
    pub(super) fn resolve<'a>(
        conn: &mut DbConnection,
        records: impl Iterator<Item = &'a ImportedAppointment>,
    ) -> Result<Directory, Stop> {
        let records: Vec<&ImportedAppointment> = records.collect();
        let mut directory = Directory::default();

        let names: BTreeSet<&str> = records.iter().map(|r| r.department.as_ref()).collect();
        let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
        let found = lookup::departments(conn, &names)?;
        let mut rows = Vec::new();
        for name in names {
            let entry = match found.get(&name) {
                Some(&id) => Entry { id, created: false },
                None => {
                    let id = DepartmentId::from_uuid(new_id());
                    let (id_text, version) = (id.to_string(), 1);
                    rows.push(DepartmentRow {
                        id: id_text,
                        name: name.clone(),
                        version,
                    });
                    Entry { id, created: true }
                }
            };
            directory.departments.insert(name, entry);
        }
        for chunk in rows.chunks(INSERT_CHUNK) {
            insert_rows!(conn, departments::table, chunk)?;
        }

        let stored_departments: Vec<String> = directory
            .departments
            .values()
            .filter(|e| !e.created)
            .map(|e| e.id.to_string())
            .collect();
        let found = lookup::practitioners(conn, &stored_departments)?;
        let keys: BTreeSet<ClinicianKey> = records.iter().map(|r| clinician_key(r)).collect();
        let mut rows = Vec::new();
        for key in keys {
            let department = directory
                .departments
                .get(&key.0)
                .ok_or_else(|| missing("department"))?
                .id;
            let entry = match found.get(&(department.to_string(), key.1.clone())) {
                Some(&id) => Entry { id, created: false },
                None => {
                    let id = PractitionerId::from_uuid(new_id());
                    rows.push(PractitionerRow {
                        id: id.to_string(),
                        name: key.1.clone(),
                        department_id: department.to_string(),
                        version: 1,
                    });
                    Entry { id, created: true }
                }
            };
            directory.practitioners.insert(key, entry);
        }
        for chunk in rows.chunks(INSERT_CHUNK) {
            insert_rows!(conn, practitioners::table, chunk)?;
        }

        let postcodes: BTreeSet<&str> = records
            .iter()
            .filter_map(|r| r.postcode.as_ref())
            .map(AsRef::as_ref)
            .collect();
        let postcodes: Vec<String> = postcodes.into_iter().map(str::to_owned).collect();
        let found = lookup::locations(conn, &postcodes)?;
        let mut rows = Vec::new();
        for postcode in postcodes {
            let entry = match found.get(&postcode) {
                Some(&id) => Entry { id, created: false },
                None => {
                    let id = LocationId::from_uuid(new_id());
                    // A location is named after its postcode: the file names no place.
                    rows.push(LocationRow {
                        id: id.to_string(),
                        name: postcode.clone(),
                        postcode: postcode.clone(),
                        version: 1,
                    });
                    Entry { id, created: true }
                }
            };
            directory.locations.insert(postcode, entry);
        }
        for chunk in rows.chunks(INSERT_CHUNK) {
            insert_rows!(conn, locations::table, chunk)?;
        }

        directory.resolve_roles(conn, &records)?;
        Ok(directory)
    }

    /// Finds or creates a role without an organisation for every
    /// (practitioner, location, department) the records name.
    fn resolve_roles(
        &mut self,
        conn: &mut DbConnection,
        records: &[&ImportedAppointment],
    ) -> Result<(), Stop> {
        let mut wanted = BTreeSet::new();
        for record in records {
            if let Some(key) = self.role_key(record)? {
                wanted.insert(key);
            }
        }
        let stored_practitioners: Vec<String> = self
            .practitioners
            .values()
            .filter(|e| !e.created)
            .map(|e| e.id.to_string())
            .collect();
        let found = lookup::roles(conn, &stored_practitioners)?;
        for (practitioner_id, location_id, department_id) in wanted {
            if found.contains(&(
                practitioner_id.clone(),
                location_id.clone(),
                department_id.clone(),
            )) {
                continue;
            }
            self.new_roles.push(RoleRow {
                id: new_id().to_string(),
                practitioner_id,
                organisation_id: None,
                location_id,
                department_id,
            });
        }
        for chunk in self.new_roles.chunks(INSERT_CHUNK) {
            insert_rows!(conn, practitioner_roles::table, chunk)?;
        }
        Ok(())
    }

    /// The role `record` needs, when it has a location.
    fn role_key(&self, record: &ImportedAppointment) -> Result<Option<RoleKey>, Stop> {
        let place = self.place(record)?;
        Ok(place.location.map(|location| {
            (
                place.practitioner.to_string(),
                location.to_string(),
                place.department.to_string(),
            )
        }))
    }

    /// The records `record` names, as resolved.
    pub(super) fn place(&self, record: &ImportedAppointment) -> Result<Place, Stop> {
        let department = self
            .departments
            .get(record.department.as_ref())
            .ok_or_else(|| missing("department"))?;
        let practitioner = self
            .practitioners
            .get(&clinician_key(record))
            .ok_or_else(|| missing("practitioner"))?;
        let location = match &record.postcode {
            Some(postcode) => Some(
                self.locations
                    .get(postcode.as_ref())
                    .ok_or_else(|| missing("location"))?
                    .id,
            ),
            None => None,
        };
        Ok(Place {
            practitioner: practitioner.id,
            department: department.id,
            location,
        })
    }
}
