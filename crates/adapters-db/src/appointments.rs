//! [`AppointmentRepository`] for [`Database`]: writes, which keep the
//! practitioner's slots in step with the appointment, and reads.

mod book;
pub(crate) mod by_patient;
mod list;

use crate::connection::{Database, DbConnection, MultiBackend};
use crate::errors::repository_error;
use crate::paging::settle_update;
use crate::rows::instant_to_db;
use crate::rows::{AppointmentRow, HistoryRow, NewHistoryRow, SlotRow, ViewRow};
use crate::schema::{
    appointment_history, appointment_slots, appointments, departments, locations, practitioners,
};
use chrono::NaiveDateTime;
use chrono::{DateTime, Utc};
use diesel::dsl::{Eq, InnerJoinOn, IntoBoxed, LeftJoinOn, Nullable};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Nullable as Null, Text, Timestamp};
use panda_domain::Conflict;
use panda_domain::appointment::{
    Appointment, AppointmentFilter, AppointmentRepository, AppointmentView, HistoryEntry,
};
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::{AppointmentId, HoldId, SeriesId};
use panda_domain::patient::NhsNumber;
use panda_domain::{Page, PageRequest, Pending, RepositoryError};

/// Appointments joined to the names a reader wants beside them.
type Views = LeftJoinOn<
    InnerJoinOn<
        InnerJoinOn<
            appointments::table,
            practitioners::table,
            Eq<practitioners::id, appointments::practitioner_id>,
        >,
        departments::table,
        Eq<departments::id, appointments::department_id>,
    >,
    locations::table,
    Eq<Nullable<locations::id>, appointments::location_id>,
>;

/// [`Views`], boxed so that filters can be added one by one.
pub(crate) type BoxedViews<'a> = IntoBoxed<'a, Views, MultiBackend>;

/// Every appointment with its names. Not boxed: a query of this fixed
/// type is prepared once per connection and cached by Diesel.
fn joined() -> Views {
    appointments::table
        .inner_join(practitioners::table.on(practitioners::id.eq(appointments::practitioner_id)))
        .inner_join(departments::table.on(departments::id.eq(appointments::department_id)))
        .left_join(locations::table.on(locations::id.nullable().eq(appointments::location_id)))
}

/// Every appointment with its names, boxed so that filters can be added
/// one by one (its statements are prepared afresh each time).
pub(crate) fn views<'a>() -> BoxedViews<'a> {
    joined().into_boxed()
}

/// Takes the slots `appointment` holds (none when cancelled), as
/// [`take_slots`] does.
pub(crate) fn hold_slots(
    conn: &mut DbConnection,
    appointment: &Appointment,
    now: DateTime<Utc>,
) -> Result<(), RepositoryError> {
    take_slots(conn, SlotRow::held_by(appointment), now)
}

/// Takes `slots` for their appointment or hold. A slot held by an
/// appointment, or by a hold still live at `now`, is refused with
/// `PractitionerUnavailable` (the caller's transaction then rolls back);
/// one held by an expired hold is taken over in the same statement. Two
/// writers racing for one slot meet at its primary key: the second waits
/// for the first to commit, then finds the slot taken.
pub(crate) fn take_slots(
    conn: &mut DbConnection,
    slots: Vec<SlotRow>,
    now: DateTime<Utc>,
) -> Result<(), RepositoryError> {
    let now = instant_to_db(now);
    // One row at a time: at most 96 of them, usually two.
    for row in &slots {
        let taken = TakeSlot { row, now }
            .execute(conn)
            .map_err(repository_error)?;
        if taken != 1 {
            return Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable));
        }
    }
    Ok(())
}

/// Inserts a slot row, or takes over the row of an expired hold: a row
/// held by an appointment has no `expires_at`, so it is never taken over.
/// Zero rows changed means the slot is taken. Its text never changes, so
/// Diesel prepares it once per connection (a `sql_query` would be
/// prepared on every booking).
#[derive(Debug)]
struct TakeSlot<'a> {
    row: &'a SlotRow,
    now: NaiveDateTime,
}

/// [`TakeSlot`]'s statement-cache key.
#[derive(Debug)]
struct TakeSlotQuery;

impl QueryId for TakeSlot<'_> {
    type QueryId = TakeSlotQuery;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<MultiBackend> for TakeSlot<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        let row = self.row;
        out.push_sql(
            "INSERT INTO appointment_slots \
             (practitioner_id, slot_start, appointment_id, hold_id, expires_at) VALUES (",
        );
        out.push_bind_param::<Text, _>(&row.practitioner_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&row.slot_start)?;
        out.push_sql(", ");
        out.push_bind_param::<Null<Text>, _>(&row.appointment_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Null<Text>, _>(&row.hold_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Null<Timestamp>, _>(&row.expires_at)?;
        out.push_sql(
            ") ON CONFLICT (practitioner_id, slot_start) DO UPDATE SET \
             appointment_id = excluded.appointment_id, hold_id = excluded.hold_id, \
             expires_at = excluded.expires_at WHERE appointment_slots.expires_at <= ",
        );
        out.push_bind_param::<Timestamp, _>(&self.now)
    }
}

impl RunQueryDsl<DbConnection> for TakeSlot<'_> {}

/// Appends `entries` to the history of appointment `id`.
pub(crate) fn append_history(
    conn: &mut DbConnection,
    id: AppointmentId,
    entries: &[HistoryEntry],
) -> Result<(), RepositoryError> {
    for entry in entries {
        diesel::insert_into(appointment_history::table)
            .values(NewHistoryRow::new(id, entry))
            .execute(conn)
            .map_err(repository_error)?;
    }
    Ok(())
}

impl AppointmentRepository for Database {
    fn insert(
        &self,
        appointment: &Appointment,
        created: &HistoryEntry,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        let write = |conn: &mut DbConnection,
                     appointment: &Appointment,
                     created: &HistoryEntry,
                     audit: &AuditRecord| {
            diesel::insert_into(appointments::table)
                .values(AppointmentRow::new(appointment, 1))
                .execute(conn)
                .map_err(repository_error)?;
            hold_slots(conn, appointment, audit.at)?;
            let history = NewHistoryRow::new(appointment.id, created);
            crate::audit::append_with_history(conn, audit, Some(&history))
        };
        match (self.grouped(), self.lanes()) {
            // SQLite's one writer: bookings queued together share a transaction.
            (Some(group), _) => {
                let (appointment, created, audit) =
                    (appointment.clone(), created.clone(), audit.clone());
                group.write(Box::new(move |conn| {
                    write(conn, &appointment, &created, &audit)
                }))
            }
            // PostgreSQL: one statement, its own transaction, in its turn.
            (None, Some(lanes)) if book::fits(appointment, audit) => {
                let (appointment, created, audit) =
                    (appointment.clone(), created.clone(), audit.clone());
                lanes.write(Box::new(move |conn| {
                    book::book(conn, &appointment, &created, &audit)
                }))
            }
            _ => self.write(|conn| write(conn, appointment, created, audit)),
        }
    }

    fn insert_held(
        &self,
        appointment: &Appointment,
        hold: HoldId,
        now: DateTime<Utc>,
        created: &HistoryEntry,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            crate::holds::convert(conn, hold, appointment, now)?;
            diesel::insert_into(appointments::table)
                .values(AppointmentRow::new(appointment, 1))
                .execute(conn)
                .map_err(repository_error)?;
            hold_slots(conn, appointment, now)?;
            let history = NewHistoryRow::new(appointment.id, created);
            crate::audit::append_with_history(conn, audit, Some(&history))
        })
    }

    fn insert_series(
        &self,
        appointments: &[Appointment],
        created: &[HistoryEntry],
        audits: &[AuditRecord],
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            for ((appointment, created), audit) in appointments.iter().zip(created).zip(audits) {
                diesel::insert_into(appointments::table)
                    .values(AppointmentRow::new(appointment, 1))
                    .execute(conn)
                    .map_err(repository_error)?;
                hold_slots(conn, appointment, audit.at)?;
                let history = NewHistoryRow::new(appointment.id, created);
                crate::audit::append_with_history(conn, audit, Some(&history))?;
            }
            Ok(())
        })
    }

    fn series(&self, id: SeriesId) -> Result<Vec<AppointmentView>, RepositoryError> {
        let key = id.to_string();
        self.read(|conn| {
            let rows: Vec<ViewRow> = joined()
                .filter(appointments::series_id.eq(&key))
                .order((appointments::start_at, appointments::id))
                .select(ViewRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            rows.into_iter().map(ViewRow::into_domain).collect()
        })
    }

    fn get(&self, id: AppointmentId) -> Result<Option<AppointmentView>, RepositoryError> {
        self.read(|conn| {
            joined()
                .filter(appointments::id.eq(id.to_string()))
                .select(ViewRow::as_select())
                .get_result(conn)
                .optional()
                .map_err(repository_error)?
                .map(ViewRow::into_domain)
                .transpose()
        })
    }

    fn for_patient(
        &self,
        patient: &NhsNumber,
    ) -> Result<Option<Vec<AppointmentView>>, RepositoryError> {
        let key = patient.to_string();
        let rows = match self.grouped_reads() {
            Some(reads) => reads.submit(key)?,
            None => self.read(|conn| by_patient::one(conn, &key))?,
        };
        by_patient::views(rows)
    }

    /// On PostgreSQL, the read joins the next group (see `by_patient`) and
    /// the caller's thread is free until it is answered.
    fn for_patient_later(
        &self,
        patient: &NhsNumber,
    ) -> Option<Pending<Option<Vec<AppointmentView>>>> {
        let later = self.grouped_reads()?.submit_later(patient.to_string());
        Some(Box::pin(async move { by_patient::views(later.await?) }))
    }

    fn update(
        &self,
        appointment: &Appointment,
        changes: &[HistoryEntry],
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        let key = appointment.id.to_string();
        // The patient is never changed here: erasure unlinks it on its own.
        let row = AppointmentRow::new(appointment, appointment.version + 1);
        self.write(|conn| {
            let updated = diesel::update(
                appointments::table
                    .filter(appointments::id.eq(&key))
                    .filter(appointments::version.eq(appointment.version)),
            )
            .set((
                appointments::practitioner_id.eq(&row.practitioner_id),
                appointments::department_id.eq(&row.department_id),
                appointments::organisation_id.eq(&row.organisation_id),
                appointments::location_id.eq(&row.location_id),
                appointments::start_at.eq(row.start_at),
                appointments::end_at.eq(row.end_at),
                appointments::start_day.eq(row.start_day),
                appointments::duration_minutes.eq(row.duration_minutes),
                appointments::status.eq(&row.status),
                appointments::version.eq(appointments::version + 1),
            ))
            .execute(conn)
            .map_err(repository_error)?;
            settle_update(updated, || {
                diesel::select(diesel::dsl::exists(appointments::table.find(&key))).get_result(conn)
            })?;
            // Release the old slots and take the new ones in the same
            // transaction: a conflict rolls the whole change back.
            diesel::delete(
                appointment_slots::table.filter(appointment_slots::appointment_id.eq(&key)),
            )
            .execute(conn)
            .map_err(repository_error)?;
            hold_slots(conn, appointment, audit.at)?;
            append_history(conn, appointment.id, changes)?;
            crate::audit::append(conn, audit)
        })
    }

    fn list(
        &self,
        filter: &AppointmentFilter,
        now: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<Page<AppointmentView>, RepositoryError> {
        self.scan(|conn| list::page(conn, filter, now, page))
    }

    fn history(&self, id: AppointmentId) -> Result<Vec<HistoryEntry>, RepositoryError> {
        let key = id.to_string();
        self.read(|conn| {
            let exists: bool = diesel::select(diesel::dsl::exists(appointments::table.find(&key)))
                .get_result(conn)
                .map_err(repository_error)?;
            if !exists {
                return Err(RepositoryError::NotFound);
            }
            let rows: Vec<HistoryRow> = appointment_history::table
                .filter(appointment_history::appointment_id.eq(&key))
                .order(appointment_history::id)
                .select(HistoryRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            rows.into_iter().map(HistoryRow::into_domain).collect()
        })
    }
}
