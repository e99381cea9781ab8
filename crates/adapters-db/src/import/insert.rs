//! Inserting new appointments with their slots and `created` history, many
//! to a statement. The database's unique indexes judge the per-day and
//! no-overlap rules against stored records, exactly as for a booking. A
//! chunk that breaks one is rolled back to its savepoint and retried one
//! record at a time, each in its own savepoint, so that exactly the
//! clashing records are rejected and the rest kept.

use super::{INSERT_CHUNK, Stop};
use crate::appointments::{append_history, hold_slots};
use crate::connection::DbConnection;
use crate::errors::repository_error;
use crate::rows::{AppointmentRow, NewHistoryRow, SlotRow, instant_to_db};
use crate::schema::{appointment_history, appointment_slots, appointments};
use diesel::prelude::*;
use panda_domain::appointment::policy::{occupied_slots, utc_day};
use panda_domain::appointment::{Appointment, HistoryEntry};
use panda_domain::common::repository::conflict_code;
use panda_domain::import::plan::rejection;
use panda_domain::import::{ImportIssue, Source};
use panda_domain::{Conflict, RepositoryError};

/// Slot rows per `INSERT`: three parameters each.
const SLOT_CHUNK: usize = 2000;

/// An appointment to insert, with its position in the file and its
/// `created` history entry.
#[derive(Debug)]
pub(super) struct NewAppointment {
    pub(super) index: usize,
    pub(super) appointment: Appointment,
    pub(super) created: HistoryEntry,
}

/// Inserts `new`; returns the file positions inserted and the rejections.
/// `settled` hears how many of `new` are done after each chunk.
pub(super) fn appointments(
    conn: &mut DbConnection,
    new: &[NewAppointment],
    settled: &dyn Fn(u64),
) -> Result<(Vec<usize>, Vec<ImportIssue>), Stop> {
    let mut inserted = Vec::with_capacity(new.len());
    let mut rejected = Vec::new();
    for chunk in new.chunks(INSERT_CHUNK) {
        match conn.transaction(|conn| insert_chunk(conn, chunk)) {
            Ok(()) => inserted.extend(chunk.iter().map(|n| n.index)),
            Err(stop) => {
                refusal(stop)?;
                for n in chunk {
                    match conn.transaction(|conn| insert_one(conn, n)) {
                        Ok(()) => inserted.push(n.index),
                        Err(stop) => rejected.push(explain(conn, n, refusal(stop)?)?),
                    }
                }
            }
        }
        settled((inserted.len() + rejected.len()) as u64);
    }
    Ok((inserted, rejected))
}

fn insert_chunk(conn: &mut DbConnection, chunk: &[NewAppointment]) -> Result<(), Stop> {
    let rows: Vec<AppointmentRow> = chunk
        .iter()
        .map(|n| AppointmentRow::new(&n.appointment, 1))
        .collect();
    insert_rows!(conn, appointments::table, &rows)?;
    let slots: Vec<SlotRow> = chunk
        .iter()
        .flat_map(|n| SlotRow::held_by(&n.appointment))
        .collect();
    for part in slots.chunks(SLOT_CHUNK) {
        insert_rows!(conn, appointment_slots::table, part)?;
    }
    let history: Vec<NewHistoryRow> = chunk
        .iter()
        .map(|n| NewHistoryRow::new(n.appointment.id, &n.created))
        .collect();
    insert_rows!(conn, appointment_history::table, &history)?;
    Ok(())
}

/// One appointment written as a booking writes it.
fn insert_one(conn: &mut DbConnection, n: &NewAppointment) -> Result<(), Stop> {
    diesel::insert_into(appointments::table)
        .values(AppointmentRow::new(&n.appointment, 1))
        .execute(conn)?;
    hold_slots(conn, &n.appointment, n.created.at)?;
    append_history(conn, n.appointment.id, std::slice::from_ref(&n.created))?;
    Ok(())
}

/// The refusal inside `stop` when the stored data refused the write (a
/// rule, a key, a missing patient); any other failure stops the import.
fn refusal(stop: Stop) -> Result<RepositoryError, Stop> {
    let error = match stop {
        Stop::Db(e) => repository_error(e),
        Stop::Repo(e) => e,
        rejected @ Stop::Rejected(_) => return Err(rejected),
    };
    match error {
        RepositoryError::Conflict(_) | RepositoryError::NotFound => Ok(error),
        other => Err(Stop::Repo(other)),
    }
}

/// The rejection of `n`, naming the stored appointment it clashes with.
fn explain(
    conn: &mut DbConnection,
    n: &NewAppointment,
    refusal: RepositoryError,
) -> Result<ImportIssue, Stop> {
    let a = &n.appointment;
    let issue = |field, code, message| {
        Ok(rejection(
            Source::Appointments,
            n.index,
            field,
            code,
            message,
        ))
    };
    match refusal {
        RepositoryError::Conflict(c @ Conflict::PatientAlreadyBookedThatDay) => {
            let patient = a.patient.as_ref().map(ToString::to_string);
            let other: Option<String> = appointments::table
                .filter(appointments::patient_nhs.eq(patient))
                .filter(appointments::start_day.eq(utc_day(a.start)))
                .filter(appointments::status.ne("cancelled"))
                .select(appointments::id)
                .first(conn)
                .optional()?;
            let other = other.unwrap_or_default();
            let message = format!("the patient already has appointment {other} on this UTC day");
            issue("time", conflict_code(c), message)
        }
        RepositoryError::Conflict(c @ Conflict::PractitionerUnavailable) => {
            let slots: Vec<_> = occupied_slots(a.start, a.duration)
                .map(instant_to_db)
                .collect();
            let other: Option<Option<String>> = appointment_slots::table
                .filter(appointment_slots::practitioner_id.eq(a.practitioner_id.to_string()))
                .filter(appointment_slots::slot_start.eq_any(slots))
                .select(appointment_slots::appointment_id)
                .first(conn)
                .optional()?;
            let other = other.flatten().unwrap_or_else(|| "(a hold)".to_owned());
            let message = format!("the clinician already has overlapping appointment {other}");
            issue("time", conflict_code(c), message)
        }
        RepositoryError::Conflict(c) => {
            let message = "an appointment with this id is already stored".to_owned();
            issue("id", conflict_code(c), message)
        }
        _ => {
            let message = "the patient is neither in the patients file nor stored".to_owned();
            issue("patient", "patient-not-found", message)
        }
    }
}
