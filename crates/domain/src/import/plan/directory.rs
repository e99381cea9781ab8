//! The directory records imported appointments name, found or created: a
//! department per name, a practitioner per (department, name), a location
//! per postcode (named after it: the file names no place), and a role
//! without an organisation tying practitioner, location and department.

use crate::appointment::Appointment;
use crate::common::ids::{DepartmentId, LocationId, PractitionerId, RoleId};
use crate::common::ports::IdSource;
use crate::directory::PractitionerRole;
use crate::import::{ImportCounts, ImportedAppointment};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A stored role without an organisation: (practitioner, location,
/// department).
pub type RoleKey = (PractitionerId, LocationId, DepartmentId);

/// A practitioner's key in the file: (department name, clinician name).
type ClinicianKey = (String, String);

/// What the store holds of what a batch names, read before planning.
#[derive(Debug, Clone, Default)]
pub struct DirectorySnapshot {
    /// Stored departments among the names the batch uses, by name.
    pub departments: HashMap<String, DepartmentId>,
    /// Stored practitioners of those departments, by (home department,
    /// name). Names need not be unique: the store gives the oldest id, so
    /// every run picks the same one.
    pub practitioners: HashMap<(DepartmentId, String), PractitionerId>,
    /// Stored locations with the postcodes the batch uses, by postcode.
    pub locations: HashMap<String, LocationId>,
}

/// The department names and postcodes `records` use, sorted and once
/// each: the snapshot's departments and locations to read.
pub fn directory_names<'a>(
    records: impl Iterator<Item = &'a ImportedAppointment>,
) -> (Vec<String>, Vec<String>) {
    let mut departments = BTreeSet::new();
    let mut postcodes = BTreeSet::new();
    for record in records {
        departments.insert(record.department.as_ref());
        if let Some(postcode) = &record.postcode {
            postcodes.insert(postcode.as_ref());
        }
    }
    let owned = |set: BTreeSet<&str>| set.into_iter().map(str::to_owned).collect();
    (owned(departments), owned(postcodes))
}

/// An id, and whether this run creates the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved<Id> {
    /// The record's id, stored or new.
    pub id: Id,
    /// True when the plan creates it.
    pub created: bool,
}

/// Where an appointment goes: the records its names resolve to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Its practitioner.
    pub practitioner: PractitionerId,
    /// The department it counts against.
    pub department: DepartmentId,
    /// Its location, when the record has a postcode.
    pub location: Option<LocationId>,
}

/// The directory records a batch's appointments name, each found in the
/// snapshot or to be created with a new id.
#[derive(Debug, Default)]
pub struct DirectoryPlan {
    departments: BTreeMap<String, Resolved<DepartmentId>>,
    practitioners: BTreeMap<ClinicianKey, Resolved<PractitionerId>>,
    locations: BTreeMap<String, Resolved<LocationId>>,
    new_roles: Vec<PractitionerRole>,
}

fn clinician_key(record: &ImportedAppointment) -> ClinicianKey {
    (
        record.department.as_ref().to_owned(),
        record.clinician.as_ref().to_owned(),
    )
}

/// Resolves everything `records` name against `snapshot`, new ids from
/// `ids`. Roles need the stored practitioners' roles:
/// [`DirectoryPlan::plan_roles`] follows.
pub fn plan_directory<'a>(
    records: impl Iterator<Item = &'a ImportedAppointment> + Clone,
    snapshot: &DirectorySnapshot,
    ids: &dyn IdSource,
) -> DirectoryPlan {
    let mut plan = DirectoryPlan::default();
    let (departments, postcodes) = directory_names(records.clone());
    for name in departments {
        let found = snapshot.departments.get(&name).copied();
        let resolved = resolve(found, || DepartmentId::from_uuid(ids.new_id()));
        plan.departments.insert(name, resolved);
    }
    let clinicians: BTreeSet<ClinicianKey> = records.map(clinician_key).collect();
    for key in clinicians {
        let department = plan.departments[&key.0];
        let found = if department.created {
            None
        } else {
            snapshot
                .practitioners
                .get(&(department.id, key.1.clone()))
                .copied()
        };
        let resolved = resolve(found, || PractitionerId::from_uuid(ids.new_id()));
        plan.practitioners.insert(key, resolved);
    }
    for postcode in postcodes {
        let found = snapshot.locations.get(&postcode).copied();
        let resolved = resolve(found, || LocationId::from_uuid(ids.new_id()));
        plan.locations.insert(postcode, resolved);
    }
    plan
}

fn resolve<Id>(found: Option<Id>, new: impl FnOnce() -> Id) -> Resolved<Id> {
    match found {
        Some(id) => Resolved { id, created: false },
        None => Resolved {
            id: new(),
            created: true,
        },
    }
}

/// What the kept appointments name, counted, and what to remove again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settlement {
    /// Directory records created and used (departments, practitioners,
    /// locations; the other counts are zero).
    pub created: ImportCounts,
    /// Directory records found and used.
    pub unchanged: ImportCounts,
    /// What this run created for appointments that were then rejected.
    pub remove: Removal,
}

/// Records to delete again, in this order (roles refer to the others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removal {
    /// Roles.
    pub roles: Vec<RoleId>,
    /// Practitioners.
    pub practitioners: Vec<PractitionerId>,
    /// Locations.
    pub locations: Vec<LocationId>,
    /// Departments.
    pub departments: Vec<DepartmentId>,
}

impl DirectoryPlan {
    /// Departments to create: (id, name).
    pub fn new_departments(&self) -> Vec<(DepartmentId, &str)> {
        created(&self.departments)
            .map(|(name, id)| (id, name.as_str()))
            .collect()
    }

    /// Practitioners to create: (id, name, home department).
    pub fn new_practitioners(&self) -> Vec<(PractitionerId, &str, DepartmentId)> {
        created(&self.practitioners)
            .map(|((department, name), id)| (id, name.as_str(), self.departments[department].id))
            .collect()
    }

    /// Locations to create: (id, postcode); each is named after its postcode.
    pub fn new_locations(&self) -> Vec<(LocationId, &str)> {
        created(&self.locations)
            .map(|(postcode, id)| (id, postcode.as_str()))
            .collect()
    }

    /// Stored practitioners the batch names: whose roles to read.
    pub fn stored_practitioners(&self) -> Vec<PractitionerId> {
        self.practitioners
            .values()
            .filter(|r| !r.created)
            .map(|r| r.id)
            .collect()
    }

    /// Plans a role without an organisation for every (practitioner,
    /// location, department) `records` name that `stored` lacks.
    pub fn plan_roles<'a>(
        &mut self,
        records: impl Iterator<Item = &'a ImportedAppointment>,
        stored: &HashSet<RoleKey>,
        ids: &dyn IdSource,
    ) {
        let wanted: BTreeSet<RoleKey> = records.filter_map(|r| self.role_key(r)).collect();
        self.new_roles = wanted
            .into_iter()
            .filter(|key| !stored.contains(key))
            .map(
                |(practitioner_id, location_id, department_id)| PractitionerRole {
                    id: RoleId::from_uuid(ids.new_id()),
                    practitioner_id,
                    organisation_id: None,
                    location_id,
                    department_id,
                },
            )
            .collect();
    }

    /// Roles to create.
    pub fn new_roles(&self) -> &[PractitionerRole] {
        &self.new_roles
    }

    /// Where `record` goes; `None` for a record the plan was not made for.
    pub fn place(&self, record: &ImportedAppointment) -> Option<Place> {
        let department = self.departments.get(record.department.as_ref())?;
        let practitioner = self.practitioners.get(&clinician_key(record))?;
        let location = match &record.postcode {
            Some(postcode) => Some(self.locations.get(postcode.as_ref())?.id),
            None => None,
        };
        Some(Place {
            practitioner: practitioner.id,
            department: department.id,
            location,
        })
    }

    /// The appointment `record` becomes, placed; `None` for a record the
    /// plan was not made for.
    pub fn appointment(&self, record: &ImportedAppointment) -> Option<Appointment> {
        let place = self.place(record)?;
        Some(Appointment {
            id: record.id,
            patient: Some(record.patient.clone()),
            practitioner_id: place.practitioner,
            department_id: place.department,
            organisation_id: None,
            location_id: place.location,
            start: record.start,
            duration: record.duration,
            stored_status: record.status,
            series_id: None,
            version: 1,
        })
    }

    fn role_key(&self, record: &ImportedAppointment) -> Option<RoleKey> {
        let place = self.place(record)?;
        Some((place.practitioner, place.location?, place.department))
    }

    /// Counts what the kept appointments (`used`) name as created or
    /// unchanged. With `prune` (invalid records skipped), what this run
    /// created only for appointments that were then rejected is to be
    /// removed, so that a skipped record leaves nothing behind.
    pub fn settle<'a>(
        &self,
        used: impl Iterator<Item = &'a ImportedAppointment>,
        prune: bool,
    ) -> Settlement {
        let mut departments = HashSet::new();
        let mut clinicians = HashSet::new();
        let mut postcodes = HashSet::new();
        let mut roles = HashSet::new();
        for record in used {
            departments.insert(record.department.as_ref().to_owned());
            clinicians.insert(clinician_key(record));
            if let Some(postcode) = &record.postcode {
                postcodes.insert(postcode.as_ref().to_owned());
            }
            roles.extend(self.role_key(record));
        }
        let mut settlement = Settlement::default();
        let (created, unchanged) = (&mut settlement.created, &mut settlement.unchanged);
        count(
            &self.departments,
            &departments,
            &mut created.departments,
            &mut unchanged.departments,
        );
        count(
            &self.practitioners,
            &clinicians,
            &mut created.practitioners,
            &mut unchanged.practitioners,
        );
        count(
            &self.locations,
            &postcodes,
            &mut created.locations,
            &mut unchanged.locations,
        );
        if prune {
            settlement.remove = Removal {
                roles: self
                    .new_roles
                    .iter()
                    .filter(|r| {
                        !roles.contains(&(r.practitioner_id, r.location_id, r.department_id))
                    })
                    .map(|r| r.id)
                    .collect(),
                practitioners: unused(&self.practitioners, &clinicians),
                locations: unused(&self.locations, &postcodes),
                departments: unused(&self.departments, &departments),
            };
        }
        settlement
    }
}

/// The records of `entries` this run creates, by key.
fn created<K, Id: Copy>(entries: &BTreeMap<K, Resolved<Id>>) -> impl Iterator<Item = (&K, Id)> {
    entries
        .iter()
        .filter(|(_, r)| r.created)
        .map(|(k, r)| (k, r.id))
}

/// Adds each used entry to `created` or `unchanged`.
fn count<K: Ord + std::hash::Hash, Id>(
    entries: &BTreeMap<K, Resolved<Id>>,
    used: &HashSet<K>,
    created: &mut u64,
    unchanged: &mut u64,
) {
    for (key, r) in entries {
        if used.contains(key) {
            *if r.created {
                &mut *created
            } else {
                &mut *unchanged
            } += 1;
        }
    }
}

/// The ids this run created whose key `used` does not hold.
fn unused<K: Ord + std::hash::Hash, Id: Copy>(
    entries: &BTreeMap<K, Resolved<Id>>,
    used: &HashSet<K>,
) -> Vec<Id> {
    created(entries)
        .filter(|(key, _)| !used.contains(*key))
        .map(|(_, id)| id)
        .collect()
}
