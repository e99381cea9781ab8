//! [`ScheduleRepository`] for [`Database`]: working patterns and absences.

use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::paging::{limit, offset, total};
use crate::rows::{AbsenceRow, AppointmentRow, ScheduleRow, instant_to_db};
use crate::schema::{appointments, practitioner_absences, practitioner_schedules, practitioners};
use crate::statement::{Bind, Statement};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use panda_domain::appointment::Appointment;
use panda_domain::audit::AuditRecord;
use panda_domain::common::ids::{AbsenceId, PractitionerId};
use panda_domain::schedule::{Absence, Diary, Period, ScheduleRepository, WorkingPattern};
use panda_domain::{Page, PageRequest, RepositoryError};

/// The practitioner's pattern, if any.
pub(crate) fn pattern_of(
    conn: &mut DbConnection,
    practitioner: &str,
) -> Result<Option<WorkingPattern>, RepositoryError> {
    practitioner_schedules::table
        .find(practitioner)
        .select(ScheduleRow::as_select())
        .first(conn)
        .optional()
        .map_err(repository_error)?
        .map(ScheduleRow::into_domain)
        .transpose()
}

/// The practitioner's absences overlapping `[start, end)`.
fn absences_over(
    conn: &mut DbConnection,
    practitioner: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<Period>, RepositoryError> {
    let rows: Vec<AbsenceRow> = practitioner_absences::table
        .filter(practitioner_absences::practitioner_id.eq(practitioner))
        .filter(practitioner_absences::start_at.lt(instant_to_db(end)))
        .filter(practitioner_absences::end_at.gt(instant_to_db(start)))
        .select(AbsenceRow::as_select())
        .load(conn)
        .map_err(repository_error)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.start_at.and_utc(), r.end_at.and_utc()))
        .collect())
}

fn practitioner_exists(conn: &mut DbConnection, id: &str) -> Result<bool, RepositoryError> {
    diesel::select(diesel::dsl::exists(practitioners::table.find(id)))
        .get_result(conn)
        .map_err(repository_error)
}

impl ScheduleRepository for Database {
    fn pattern(
        &self,
        practitioner: PractitionerId,
    ) -> Result<Option<WorkingPattern>, RepositoryError> {
        self.read(|conn| pattern_of(conn, &practitioner.to_string()))
    }

    fn set_pattern(
        &self,
        practitioner: PractitionerId,
        pattern: &WorkingPattern,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        let row = ScheduleRow::new(practitioner, pattern);
        self.write(|conn| {
            // One upsert, so that two instances replacing one pattern at
            // once both succeed (the last wins) rather than one finding
            // the other's new row in its way. The practitioner's foreign
            // key makes an unknown id `NotFound`.
            let mut st = Statement::new();
            let values = [
                Bind::Text(row.practitioner_id.clone()),
                Bind::Text(row.time_zone.clone()),
                Bind::Date(row.valid_from),
                Bind::OptionalDate(row.valid_until),
                Bind::Text(row.sessions.clone()),
            ]
            .map(|value| st.bind(value))
            .join(", ");
            st.text = format!(
                "INSERT INTO practitioner_schedules \
                 (practitioner_id, time_zone, valid_from, valid_until, sessions) VALUES ({values}) \
                 ON CONFLICT (practitioner_id) DO UPDATE SET time_zone = excluded.time_zone, \
                 valid_from = excluded.valid_from, valid_until = excluded.valid_until, \
                 sessions = excluded.sessions"
            );
            st.bound("").execute(conn).map_err(repository_error)?;
            crate::audit::append(conn, audit)
        })
    }

    fn diary(
        &self,
        practitioner: PractitionerId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Option<Diary>, RepositoryError> {
        let key = practitioner.to_string();
        self.read(|conn| {
            let Some(pattern) = pattern_of(conn, &key)? else {
                return Ok(None);
            };
            let absences = absences_over(conn, &key, start, end)?;
            Ok(Some(Diary { pattern, absences }))
        })
    }

    fn add_absence(
        &self,
        absence: &Absence,
        audit: &AuditRecord,
    ) -> Result<Vec<Appointment>, RepositoryError> {
        let row = AbsenceRow::new(absence);
        self.write(|conn| {
            diesel::insert_into(practitioner_absences::table)
                .values(&row)
                .execute(conn)
                .map_err(repository_error)?;
            crate::audit::append(conn, audit)?;
            let affected: Vec<AppointmentRow> = appointments::table
                .filter(appointments::practitioner_id.eq(&row.practitioner_id))
                .filter(appointments::status.ne("cancelled"))
                .filter(appointments::start_at.lt(row.end_at))
                .filter(appointments::end_at.gt(row.start_at))
                .order((appointments::start_at, appointments::id))
                .select(AppointmentRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            affected
                .into_iter()
                .map(AppointmentRow::into_domain)
                .collect()
        })
    }

    fn absences(
        &self,
        practitioner: PractitionerId,
        page: PageRequest,
    ) -> Result<Option<Page<Absence>>, RepositoryError> {
        let key = practitioner.to_string();
        self.scan(|conn| {
            if !practitioner_exists(conn, &key)? {
                return Ok(None);
            }
            let mine = || {
                practitioner_absences::table.filter(practitioner_absences::practitioner_id.eq(&key))
            };
            let count: i64 = mine().count().get_result(conn).map_err(repository_error)?;
            let rows: Vec<AbsenceRow> = mine()
                .order((practitioner_absences::start_at, practitioner_absences::id))
                .offset(offset(page))
                .limit(limit(page))
                .select(AbsenceRow::as_select())
                .load(conn)
                .map_err(repository_error)?;
            let items = rows
                .into_iter()
                .map(AbsenceRow::into_domain)
                .collect::<Result<_, _>>()?;
            Ok(Some(Page {
                items,
                total: total(count),
            }))
        })
    }

    fn remove_absence(
        &self,
        practitioner: PractitionerId,
        id: AbsenceId,
        audit: &AuditRecord,
    ) -> Result<(), RepositoryError> {
        self.write(|conn| {
            let deleted = diesel::delete(
                practitioner_absences::table
                    .filter(practitioner_absences::id.eq(id.to_string()))
                    .filter(practitioner_absences::practitioner_id.eq(practitioner.to_string())),
            )
            .execute(conn)
            .map_err(repository_error)?;
            if deleted == 0 {
                return Err(RepositoryError::NotFound);
            }
            crate::audit::append(conn, audit)
        })
    }
}
