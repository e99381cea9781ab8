//! [`HoldRepository`] for [`Database`]: a hold takes its slots in
//! `appointment_slots`, as an appointment does, so one primary key keeps
//! holds and bookings apart on both backends. A slot row of a hold carries
//! its expiry; past it, the next writer takes the row over
//! ([`crate::appointments::take_slots`]), so nothing has to free it.

use crate::appointments::take_slots;
use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::rows::{HoldRow, SlotRow, instant_to_db};
use crate::schema::{appointment_slots, holds};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use panda_domain::appointment::Appointment;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::HoldId;
use panda_domain::schedule::{Hold, HoldRepository};
use panda_domain::{Conflict, RepositoryError};

/// The hold `id` if it is live at `now`.
fn live(
    conn: &mut DbConnection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Hold>, RepositoryError> {
    holds::table
        .filter(holds::id.eq(id))
        .filter(holds::expires_at.gt(instant_to_db(now)))
        .select(HoldRow::as_select())
        .first(conn)
        .optional()
        .map_err(repository_error)?
        .map(HoldRow::into_domain)
        .transpose()
}

/// Deletes hold `id` and the slots it holds.
fn delete(conn: &mut DbConnection, id: &str) -> Result<usize, RepositoryError> {
    diesel::delete(appointment_slots::table.filter(appointment_slots::hold_id.eq(id)))
        .execute(conn)
        .map_err(repository_error)?;
    diesel::delete(holds::table.find(id))
        .execute(conn)
        .map_err(repository_error)
}

/// Converts hold `id` for `appointment`, inside the booking's transaction:
/// the hold must be live at `now` and cover the appointment's time with
/// the same practitioner. Its slots are released for the booking to take.
pub(crate) fn convert(
    conn: &mut DbConnection,
    id: HoldId,
    appointment: &Appointment,
    now: DateTime<Utc>,
) -> Result<(), RepositoryError> {
    let key = id.to_string();
    let hold = live(conn, &key, now)?.ok_or(RepositoryError::Conflict(Conflict::HoldNotLive))?;
    let covers = hold.practitioner_id == appointment.practitioner_id
        && hold.start <= appointment.start
        && appointment.end() <= hold.end();
    if !covers {
        return Err(RepositoryError::Conflict(Conflict::HoldMismatch));
    }
    delete(conn, &key)?;
    Ok(())
}

impl HoldRepository for Database {
    fn insert(
        &self,
        hold: &Hold,
        now: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            // The practitioner's foreign key makes an unknown id `NotFound`.
            diesel::insert_into(holds::table)
                .values(HoldRow::new(hold))
                .execute(conn)
                .map_err(repository_error)?;
            take_slots(conn, SlotRow::held_by_hold(hold), now)?;
            crate::audit::append(conn, audit)
        })
    }

    fn get(&self, id: HoldId, now: DateTime<Utc>) -> Result<Option<Hold>, RepositoryError> {
        self.read(|conn| live(conn, &id.to_string(), now))
    }

    fn release(
        &self,
        id: HoldId,
        now: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        let key = id.to_string();
        self.write(|conn| {
            if live(conn, &key, now)?.is_none() {
                return Err(RepositoryError::NotFound);
            }
            delete(conn, &key)?;
            crate::audit::append(conn, audit)
        })
    }

    fn purge(&self, before: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let before = instant_to_db(before);
        self.write(|conn| {
            // A row taken over by a booking no longer names the hold.
            let expired = holds::table
                .filter(holds::expires_at.lt(before))
                .select(holds::id.nullable());
            diesel::delete(
                appointment_slots::table.filter(appointment_slots::hold_id.eq_any(expired)),
            )
            .execute(conn)
            .map_err(repository_error)?;
            let purged = diesel::delete(holds::table.filter(holds::expires_at.lt(before)))
                .execute(conn)
                .map_err(repository_error)?;
            Ok(purged as u64)
        })
    }
}
