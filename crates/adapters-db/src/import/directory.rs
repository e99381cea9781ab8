//! The directory records imported appointments name: the snapshot read for
//! the domain's plan (`panda_domain::import::plan::plan_directory`), the
//! records it creates written in bulk, and those it removes again deleted.

use super::{INSERT_CHUNK, Stop, lookup};
use crate::connection::DbConnection;
use crate::rows::{DepartmentRow, LocationRow, PractitionerRow, RoleRow};
use crate::schema::{departments, locations, practitioner_roles, practitioners};
use diesel::prelude::*;
use panda_domain::RandomIds;
use panda_domain::import::plan::{
    self, AppointmentPlan, DirectoryPlan, DirectorySnapshot, Removal,
};

/// Reads what the plan's kept appointments name, plans the directory, and
/// writes the records it creates.
pub(super) fn resolve(
    conn: &mut DbConnection,
    appointments: &AppointmentPlan<'_>,
) -> Result<DirectoryPlan, Stop> {
    let (names, postcodes) = plan::directory_names(appointments.named());
    let departments = lookup::departments(conn, &names)?;
    let stored: Vec<String> = departments.values().map(ToString::to_string).collect();
    let snapshot = DirectorySnapshot {
        practitioners: lookup::practitioners(conn, &stored)?,
        locations: lookup::locations(conn, &postcodes)?,
        departments,
    };
    let ids = RandomIds;
    let mut directory = plan::plan_directory(appointments.named(), &snapshot, &ids);
    let rows: Vec<DepartmentRow> = directory
        .new_departments()
        .into_iter()
        .map(|(id, name)| DepartmentRow {
            id: id.to_string(),
            name: name.to_owned(),
            version: 1,
        })
        .collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        insert_rows!(conn, departments::table, chunk)?;
    }
    let rows: Vec<PractitionerRow> = directory
        .new_practitioners()
        .into_iter()
        .map(|(id, name, department)| PractitionerRow {
            id: id.to_string(),
            name: name.to_owned(),
            department_id: department.to_string(),
            version: 1,
        })
        .collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        insert_rows!(conn, practitioners::table, chunk)?;
    }
    let rows: Vec<LocationRow> = directory
        .new_locations()
        .into_iter()
        .map(|(id, postcode)| LocationRow {
            id: id.to_string(),
            // A location is named after its postcode: the file names no place.
            name: postcode.to_owned(),
            postcode: postcode.to_owned(),
            version: 1,
        })
        .collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        insert_rows!(conn, locations::table, chunk)?;
    }
    let practitioners: Vec<String> = directory
        .stored_practitioners()
        .iter()
        .map(ToString::to_string)
        .collect();
    let roles = lookup::roles(conn, &practitioners)?;
    directory.plan_roles(appointments.named(), &roles, &ids);
    let rows: Vec<RoleRow> = directory.new_roles().iter().map(RoleRow::new).collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        insert_rows!(conn, practitioner_roles::table, chunk)?;
    }
    Ok(directory)
}

/// Deletes what `removal` names, roles first (they refer to the others).
pub(super) fn remove(conn: &mut DbConnection, removal: &Removal) -> Result<(), Stop> {
    let text = |ids: &mut dyn Iterator<Item = String>| ids.collect::<Vec<String>>();
    let roles = text(&mut removal.roles.iter().map(ToString::to_string));
    for chunk in roles.chunks(INSERT_CHUNK) {
        diesel::delete(practitioner_roles::table.filter(practitioner_roles::id.eq_any(chunk)))
            .execute(conn)?;
    }
    let ids = text(&mut removal.practitioners.iter().map(ToString::to_string));
    for chunk in ids.chunks(INSERT_CHUNK) {
        diesel::delete(practitioners::table.filter(practitioners::id.eq_any(chunk)))
            .execute(conn)?;
    }
    let ids = text(&mut removal.locations.iter().map(ToString::to_string));
    for chunk in ids.chunks(INSERT_CHUNK) {
        diesel::delete(locations::table.filter(locations::id.eq_any(chunk))).execute(conn)?;
    }
    let ids = text(&mut removal.departments.iter().map(ToString::to_string));
    for chunk in ids.chunks(INSERT_CHUNK) {
        diesel::delete(departments::table.filter(departments::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(())
}
