//! Reads of what is already stored, in bulk: one statement per
//! [`LOOKUP_CHUNK`] keys, never one per record.

use super::Stop;
use crate::appointments::views;
use crate::connection::DbConnection;
use crate::rows::{PatientRow, ViewRow, parse};
use crate::schema::{
    appointments, departments, locations, patients, practitioner_roles, practitioners,
};
use diesel::prelude::*;
use panda_domain::appointment::AppointmentView;
use panda_domain::common::ids::{AppointmentId, DepartmentId, LocationId, PractitionerId};
use panda_domain::import::plan::RoleKey;
use panda_domain::patient::{NhsNumber, Patient};
use std::collections::{HashMap, HashSet};

/// Keys per `IN (...)` list.
const LOOKUP_CHUNK: usize = 500;

/// The stored patients among `keys` (NHS numbers).
pub(super) fn patients(
    conn: &mut DbConnection,
    keys: &[String],
) -> Result<HashMap<NhsNumber, Patient>, Stop> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(LOOKUP_CHUNK) {
        let rows: Vec<PatientRow> = patients::table
            .filter(patients::nhs_number.eq_any(chunk))
            .select(PatientRow::as_select())
            .load(conn)?;
        for row in rows {
            let patient = row.into_domain()?;
            found.insert(patient.nhs_number.clone(), patient);
        }
    }
    Ok(found)
}

/// The stored appointments among `ids`, with their names.
pub(super) fn appointments(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<AppointmentId, AppointmentView>, Stop> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        let rows: Vec<ViewRow> = views()
            .filter(appointments::id.eq_any(chunk))
            .select(ViewRow::as_select())
            .load(conn)?;
        for row in rows {
            let view = row.into_domain()?;
            found.insert(view.appointment.id, view);
        }
    }
    Ok(found)
}

/// The stored departments named in `names`, by name.
pub(super) fn departments(
    conn: &mut DbConnection,
    names: &[String],
) -> Result<HashMap<String, DepartmentId>, Stop> {
    let mut found = HashMap::new();
    for chunk in names.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, String)> = departments::table
            .filter(departments::name.eq_any(chunk))
            .select((departments::id, departments::name))
            .load(conn)?;
        for (id, name) in rows {
            found.insert(name, parse("department", &id, &id, DepartmentId::parse)?);
        }
    }
    Ok(found)
}

/// The practitioners whose home department is one of `departments`, by
/// (department, name). Names need not be unique: the oldest id wins, so
/// every run picks the same one.
pub(super) fn practitioners(
    conn: &mut DbConnection,
    departments: &[String],
) -> Result<HashMap<(DepartmentId, String), PractitionerId>, Stop> {
    let mut found = HashMap::new();
    for chunk in departments.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, String, String)> = practitioners::table
            .filter(practitioners::department_id.eq_any(chunk))
            .order(practitioners::id.desc())
            .select((
                practitioners::id,
                practitioners::department_id,
                practitioners::name,
            ))
            .load(conn)?;
        for (id, department, name) in rows {
            let department = parse("practitioner", &id, &department, DepartmentId::parse)?;
            let id = parse("practitioner", &id, &id, PractitionerId::parse)?;
            found.insert((department, name), id);
        }
    }
    Ok(found)
}

/// The locations with one of `postcodes`, by postcode; the oldest id wins.
pub(super) fn locations(
    conn: &mut DbConnection,
    postcodes: &[String],
) -> Result<HashMap<String, LocationId>, Stop> {
    let mut found = HashMap::new();
    for chunk in postcodes.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, String)> = locations::table
            .filter(locations::postcode.eq_any(chunk))
            .order(locations::id.desc())
            .select((locations::id, locations::postcode))
            .load(conn)?;
        for (id, postcode) in rows {
            found.insert(postcode, parse("location", &id, &id, LocationId::parse)?);
        }
    }
    Ok(found)
}

/// The roles without an organisation of `practitioners`, as
/// (practitioner, location, department) ids.
pub(super) fn roles(
    conn: &mut DbConnection,
    practitioners: &[String],
) -> Result<HashSet<RoleKey>, Stop> {
    let mut found = HashSet::new();
    for chunk in practitioners.chunks(LOOKUP_CHUNK) {
        let rows: Vec<(String, String, String)> = practitioner_roles::table
            .filter(practitioner_roles::practitioner_id.eq_any(chunk))
            .filter(practitioner_roles::organisation_id.is_null())
            .select((
                practitioner_roles::practitioner_id,
                practitioner_roles::location_id,
                practitioner_roles::department_id,
            ))
            .load(conn)?;
        for (practitioner, location, department) in rows {
            found.insert((
                parse("role", &practitioner, &practitioner, PractitionerId::parse)?,
                parse("role", &practitioner, &location, LocationId::parse)?,
                parse("role", &practitioner, &department, DepartmentId::parse)?,
            ));
        }
    }
    Ok(found)
}
