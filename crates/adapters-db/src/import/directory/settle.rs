//! After the appointments are written: what the kept ones name is counted
//! as created or unchanged, and in skip mode what was made only for
//! rejected appointments is deleted again.

use super::{Directory, Entry, clinician_key};
use crate::connection::DbConnection;
use crate::import::{INSERT_CHUNK, Stop};
use crate::schema::{departments, locations, practitioner_roles, practitioners};
use diesel::prelude::*;
use panda_domain::import::{ImportOutcome, ImportedAppointment};
use std::collections::{HashMap, HashSet};

impl Directory {
    /// Counts what the kept appointments (`used`) name as created or
    /// unchanged. With `prune`, records this run created for appointments
    /// that were then rejected are deleted again, so that a skipped record
    /// leaves nothing behind.
    pub(in crate::import) fn settle<'a>(
        self,
        conn: &mut DbConnection,
        used: impl Iterator<Item = &'a ImportedAppointment>,
        prune: bool,
        outcome: &mut ImportOutcome,
    ) -> Result<(), Stop> {
        let mut used_departments = HashSet::new();
        let mut used_clinicians = HashSet::new();
        let mut used_postcodes = HashSet::new();
        let mut used_roles = HashSet::new();
        for record in used {
            used_departments.insert(record.department.as_ref());
            used_clinicians.insert(clinician_key(record));
            if let Some(postcode) = &record.postcode {
                used_postcodes.insert(postcode.as_ref());
            }
            if let Some(key) = self.role_key(record)? {
                used_roles.insert(key);
            }
        }
        if prune {
            // Roles first: they refer to the others.
            let roles: Vec<&str> = self
                .new_roles
                .iter()
                .filter(|r| {
                    let key = (
                        r.practitioner_id.clone(),
                        r.location_id.clone(),
                        r.department_id.clone(),
                    );
                    !used_roles.contains(&key)
                })
                .map(|r| r.id.as_str())
                .collect();
            delete_ids(conn, &roles, |c, ids| {
                diesel::delete(practitioner_roles::table.filter(practitioner_roles::id.eq_any(ids)))
                    .execute(c)
            })?;
            let unused = unused_created(&self.practitioners, |k| used_clinicians.contains(k));
            delete_ids(conn, &unused, |c, ids| {
                diesel::delete(practitioners::table.filter(practitioners::id.eq_any(ids)))
                    .execute(c)
            })?;
            let unused = unused_created(&self.locations, |k| used_postcodes.contains(k.as_str()));
            delete_ids(conn, &unused, |c, ids| {
                diesel::delete(locations::table.filter(locations::id.eq_any(ids))).execute(c)
            })?;
            let unused =
                unused_created(&self.departments, |k| used_departments.contains(k.as_str()));
            delete_ids(conn, &unused, |c, ids| {
                diesel::delete(departments::table.filter(departments::id.eq_any(ids))).execute(c)
            })?;
        }
        let (created, unchanged) = (&mut outcome.created, &mut outcome.unchanged);
        let count = |created: &mut u64, unchanged: &mut u64, was_created: bool| {
            *if was_created { created } else { unchanged } += 1;
        };
        for (name, e) in &self.departments {
            if used_departments.contains(name.as_str()) {
                count(
                    &mut created.departments,
                    &mut unchanged.departments,
                    e.created,
                );
            }
        }
        for (key, e) in &self.practitioners {
            if used_clinicians.contains(key) {
                count(
                    &mut created.practitioners,
                    &mut unchanged.practitioners,
                    e.created,
                );
            }
        }
        for (postcode, e) in &self.locations {
            if used_postcodes.contains(postcode.as_str()) {
                count(&mut created.locations, &mut unchanged.locations, e.created);
            }
        }
        Ok(())
    }
}

/// The ids of records this run created whose key `used` does not hold.
fn unused_created<K, Id: ToString>(
    entries: &HashMap<K, Entry<Id>>,
    used: impl Fn(&K) -> bool,
) -> Vec<String> {
    entries
        .iter()
        .filter(|(key, e)| e.created && !used(key))
        .map(|(_, e)| e.id.to_string())
        .collect()
}

/// Deletes rows by id, [`INSERT_CHUNK`] at a time.
fn delete_ids<S: AsRef<str>>(
    conn: &mut DbConnection,
    ids: &[S],
    delete: impl Fn(&mut DbConnection, Vec<&str>) -> QueryResult<usize>,
) -> Result<(), Stop> {
    for chunk in ids.chunks(INSERT_CHUNK) {
        delete(conn, chunk.iter().map(AsRef::as_ref).collect())?;
    }
    Ok(())
}
