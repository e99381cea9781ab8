//! A booking on PostgreSQL as ONE statement, run as its own transaction:
//! the practitioner's slots, the appointment, its history row, the
//! patient's pseudonym and the audit record. Written as separate
//! statements in a transaction it took six round trips to the server
//! (`BEGIN`, the appointment, two slots, the records, `COMMIT`), and on a
//! machine where PANDA and PostgreSQL share the cores a booking's time
//! went on them (docs/benchmarks.md, "One statement for a booking").
//!
//! The rules are still the database's: the slots are taken by the same
//! upsert as [`super::TakeSlot`]'s (a slot held by an appointment, or by a
//! hold still live, is left alone), and the appointment is inserted only if
//! every slot was taken, and the history row and the audit record only
//! beside it. If no slot was taken, the statement writes nothing and says
//! so (no record inserted). If some were, they point at an appointment
//! that does not exist, and the foreign key
//! `appointment_slots_appointment_id_fkey`, checked at the end of the
//! statement, fails it whole. Either is the conflict
//! `PractitionerUnavailable`, unless the patient is unknown or already
//! booked that day, which come first as they do when the steps run one by
//! one ([`slot_conflict`]). With its slots free, the patient-per-day index
//! and the patient's foreign key fail the statement as they fail the
//! separate statements.

use crate::audit::PgRecord;
use crate::connection::DbConnection;
use crate::errors::repository_error;
use crate::rows::{AppointmentRow, NewHistoryRow, instant_to_db};
use chrono::NaiveDateTime;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Array, BigInt, Date, Integer, Nullable, Text, Timestamp};
use panda_domain::appointment::policy::occupied_slots;
use panda_domain::appointment::{Appointment, AppointmentStatus, HistoryEntry};
use panda_domain::audit::AuditRecord;
use panda_domain::{Conflict, RepositoryError};

/// The foreign key that fails a booking whose slots were not all free.
const SLOT_OWNER: &str = "appointment_slots_appointment_id_fkey";

/// Whether `appointment` can be booked by [`book`]: it takes slots (a
/// cancelled one takes none), and its audit record needs nothing from the
/// vault.
pub(super) fn fits(appointment: &Appointment, audit: &AuditRecord) -> bool {
    appointment.stored_status != AppointmentStatus::Cancelled
        && crate::audit::in_one_statement(audit)
}

/// Books `appointment`, which [`fits`], in one statement on `conn` (a
/// PostgreSQL connection), outside any other transaction.
pub(super) fn book(
    conn: &mut DbConnection,
    appointment: &Appointment,
    created: &HistoryEntry,
    audit: &AuditRecord,
) -> Result<(), RepositoryError> {
    let DbConnection::Pg(conn) = conn else {
        return Err(RepositoryError::unexpected(
            "a PostgreSQL statement was run on SQLite",
        ));
    };
    let slots: Vec<NaiveDateTime> = occupied_slots(appointment.start, appointment.duration)
        .map(instant_to_db)
        .collect();
    let history = NewHistoryRow::new(appointment.id, created);
    let row = AppointmentRow::new(appointment, 1);
    let statement = Booking {
        count: i64::try_from(slots.len()).unwrap_or(i64::MAX),
        slots,
        row: &row,
        now: instant_to_db(audit.at),
        record: PgRecord::new(audit, Some(&history)).after("a"),
    };
    match statement.execute(conn) {
        Ok(written) if written > 0 => Ok(()),
        // The record is written beside the appointment only: no record,
        // no appointment, because no slot was free (and none was taken).
        Ok(_) => Err(slot_conflict(conn, &row)),
        Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info))
            if info.constraint_name() == Some(SLOT_OWNER) =>
        {
            Err(slot_conflict(conn, &row))
        }
        Err(other) => Err(repository_error(other)),
    }
}

/// The conflict of a booking refused for its slots, told as the steps run
/// one by one tell it (the appointment first): an unknown patient, or one
/// already booked that day, comes before the slots. The statement never
/// inserted the appointment, so neither was checked; both are, here.
fn slot_conflict(conn: &mut PgConnection, row: &AppointmentRow) -> RepositoryError {
    use crate::schema::{appointments, patients};
    let Some(patient) = &row.patient_nhs else {
        return RepositoryError::Conflict(Conflict::PractitionerUnavailable);
    };
    let known = diesel::dsl::exists(patients::table.find(patient));
    let booked_that_day = diesel::dsl::exists(
        appointments::table
            .filter(appointments::patient_nhs.eq(patient))
            .filter(appointments::start_day.eq(row.start_day))
            .filter(appointments::status.ne("cancelled")),
    );
    match diesel::select((known, booked_that_day)).get_result::<(bool, bool)>(conn) {
        Ok((false, _)) => RepositoryError::NotFound,
        Ok((true, true)) => RepositoryError::Conflict(Conflict::PatientAlreadyBookedThatDay),
        Ok((true, false)) => RepositoryError::Conflict(Conflict::PractitionerUnavailable),
        Err(error) => repository_error(error),
    }
}

/// The statement. Its text depends only on the shape of the booking's
/// audit record (the same for every booking), and Diesel caches it by its
/// text: it is prepared once per connection.
struct Booking<'a> {
    slots: Vec<NaiveDateTime>,
    count: i64,
    row: &'a AppointmentRow,
    now: NaiveDateTime,
    record: PgRecord<'a>,
}

impl QueryId for Booking<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<Pg> for Booking<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let row = self.row;
        out.push_sql(
            "WITH t AS (INSERT INTO appointment_slots (practitioner_id, slot_start, appointment_id) \
             SELECT ",
        );
        out.push_bind_param::<Text, _>(&row.practitioner_id)?;
        out.push_sql(", slot, ");
        out.push_bind_param::<Text, _>(&row.id)?;
        out.push_sql(" FROM unnest(");
        out.push_bind_param::<Array<Timestamp>, _>(&self.slots)?;
        out.push_sql(
            ") AS slot ON CONFLICT (practitioner_id, slot_start) DO UPDATE SET \
             appointment_id = excluded.appointment_id, hold_id = NULL, expires_at = NULL \
             WHERE appointment_slots.expires_at <= ",
        );
        out.push_bind_param::<Timestamp, _>(&self.now)?;
        out.push_sql(
            " RETURNING 1), a AS (INSERT INTO appointments (id, patient_nhs, practitioner_id, \
             department_id, organisation_id, location_id, start_at, end_at, start_day, \
             duration_minutes, status, version, series_id) SELECT ",
        );
        out.push_bind_param::<Text, _>(&row.id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&row.patient_nhs)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&row.practitioner_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&row.department_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&row.organisation_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&row.location_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&row.start_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&row.end_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Date, _>(&row.start_day)?;
        out.push_sql(", ");
        out.push_bind_param::<Integer, _>(&row.duration_minutes)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&row.status)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&row.version)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&row.series_id)?;
        // Every slot taken, or no appointment.
        out.push_sql(" WHERE (SELECT count(*) FROM t) = ");
        out.push_bind_param::<BigInt, _>(&self.count)?;
        out.push_sql(" RETURNING id), ");
        self.record.walk(&mut out)
    }
}

impl RunQueryDsl<PgConnection> for Booking<'_> {}
