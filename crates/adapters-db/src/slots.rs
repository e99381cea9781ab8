//! [`SlotSource`] for [`Database`]: the two reads a free-slot search is
//! made of, whatever the number of slots: the practitioners with their
//! patterns, then everything that takes their time (and the patient's
//! booked days) over the range, in one `UNION ALL`. Appointments are read
//! as `busy_days`, one row of booked slots per practitioner and day, which
//! triggers keep in step with `appointment_slots` (ADR 0011).

use crate::connection::{Database, MultiBackend};
use crate::errors::repository_error;
use crate::rows::time::{StoredDate, StoredTimestamp};
use crate::rows::{ScheduleRow, instant_to_db, parse};
use crate::schema::{departments, practitioner_roles, practitioner_schedules, practitioners};
use crate::statement::{Bind, Dialect, Statement};
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text, Timestamp};
use panda_domain::RepositoryError;
use panda_domain::appointment::policy::utc_day;
use panda_domain::common::ids::PractitionerId;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::patient::NhsNumber;
use panda_domain::schedule::{BookedDay, BusyTime, Candidate, SlotFilter, SlotSource};

/// One row of the busy-time union: a practitioner's busy period (an
/// absence or a hold), the slots their appointments take on one day
/// (`busy_days`), one of the patient's appointments (no practitioner), or
/// the patient's marker (nothing at all: the patient exists).
#[derive(Debug, QueryableByName)]
struct BusyRow {
    #[diesel(sql_type = Nullable<Text>)]
    who: Option<String>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    #[diesel(deserialize_as = Option<StoredTimestamp>)]
    start_at: Option<StoredTimestamp>,
    #[diesel(sql_type = Nullable<Timestamp>)]
    #[diesel(deserialize_as = Option<StoredTimestamp>)]
    end_at: Option<StoredTimestamp>,
    #[diesel(sql_type = Nullable<Date>)]
    #[diesel(deserialize_as = Option<StoredDate>)]
    day: Option<StoredDate>,
    #[diesel(sql_type = Nullable<BigInt>)]
    early: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    late: Option<i64>,
}

/// The columns a branch leaves empty, typed so that PostgreSQL can unite
/// the branches, and named, since the first branch names the columns.
const NO_PERIOD: &str = "CAST(NULL AS TIMESTAMP) AS start_at, CAST(NULL AS TIMESTAMP) AS end_at";
const NO_DAY: &str =
    "CAST(NULL AS DATE) AS day, CAST(NULL AS BIGINT) AS early, CAST(NULL AS BIGINT) AS late";

/// The union of everything that takes the time of `practitioners` over
/// `[from, to)`, and the patient's appointments and marker.
fn busy_statement(
    dialect: Dialect,
    practitioners: &[PractitionerId],
    patient: Option<&NhsNumber>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Statement {
    let mut st = Statement::new();
    let from_p = st.bind(dialect, Bind::Timestamp(instant_to_db(from)));
    let to_p = st.bind(dialect, Bind::Timestamp(instant_to_db(to)));
    // An appointment lasts at most a day, so one overlapping the range
    // starts on its first day or the day before: the day bounds let the
    // `(practitioner_id, start_day, ...)` index find it.
    let first_day = st.bind(dialect, Bind::Date(utc_day(from - TimeDelta::days(1))));
    let last_day = st.bind(dialect, Bind::Date(utc_day(to)));
    let overlaps = format!("start_at < {to_p} AND end_at > {from_p}");
    let mut branches = Vec::new();
    if !practitioners.is_empty() {
        let ids = |st: &mut Statement| {
            practitioners
                .iter()
                .map(|p| st.bind(dialect, Bind::Text(p.to_string())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // The booked slots, a row per practitioner and day: the days of
        // the range, and the day before and after (a slot of the range
        // may run over midnight).
        let booked = ids(&mut st);
        let last_slot_day = st.bind(dialect, Bind::Date(utc_day(to + TimeDelta::days(1))));
        branches.push(format!(
            "SELECT practitioner_id AS who, {NO_PERIOD}, day, early, late FROM busy_days \
             WHERE practitioner_id IN ({booked}) AND day >= {first_day} AND day <= {last_slot_day}"
        ));
        let absent = ids(&mut st);
        branches.push(format!(
            "SELECT practitioner_id, start_at, end_at, {NO_DAY} FROM practitioner_absences \
             WHERE practitioner_id IN ({absent}) AND {overlaps}"
        ));
        let held = ids(&mut st);
        let now_p = st.bind(dialect, Bind::Timestamp(instant_to_db(now)));
        branches.push(format!(
            "SELECT practitioner_id, start_at, end_at, {NO_DAY} FROM holds \
             WHERE practitioner_id IN ({held}) AND expires_at > {now_p} AND {overlaps}"
        ));
    }
    if let Some(patient) = patient {
        let nhs = st.bind(dialect, Bind::Text(patient.to_string()));
        branches.push(format!(
            "SELECT CAST(NULL AS TEXT) AS who, start_at, end_at, {NO_DAY} FROM appointments \
             WHERE patient_nhs = {nhs} AND start_day >= {first_day} AND start_day <= {last_day} \
             AND status <> 'cancelled'"
        ));
        let nhs = st.bind(dialect, Bind::Text(patient.to_string()));
        branches.push(format!(
            "SELECT CAST(NULL AS TEXT) AS who, {NO_PERIOD}, {NO_DAY} FROM patients \
             WHERE nhs_number = {nhs}"
        ));
    }
    st.text = branches.join(" UNION ALL ");
    st
}

impl SlotSource for Database {
    fn candidates(
        &self,
        filter: &SlotFilter,
        limit: usize,
    ) -> Result<Vec<Candidate>, RepositoryError> {
        let mut query = practitioners::table
            .inner_join(
                practitioner_schedules::table
                    .on(practitioner_schedules::practitioner_id.eq(practitioners::id)),
            )
            .inner_join(departments::table.on(departments::id.eq(practitioners::department_id)))
            .select((
                practitioners::id,
                practitioners::name,
                departments::name,
                ScheduleRow::as_select(),
            ))
            .order((practitioners::name, practitioners::id))
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .into_boxed::<MultiBackend>();
        if let Some(id) = filter.practitioner_id {
            query = query.filter(practitioners::id.eq(id.to_string()));
        }
        if let Some(id) = filter.department_id {
            query = query.filter(practitioners::department_id.eq(id.to_string()));
        }
        if let Some(id) = filter.organisation_id {
            query = query.filter(diesel::dsl::exists(
                practitioner_roles::table
                    .filter(practitioner_roles::practitioner_id.eq(practitioners::id))
                    .filter(practitioner_roles::organisation_id.eq(id.to_string())),
            ));
        }
        if let Some(id) = filter.location_id {
            // Sessions name their location by id in the pattern's text: a
            // practitioner with no session there has no slot there. An id
            // holds only hex digits and hyphens, so it is literal in LIKE.
            query = query.filter(practitioner_schedules::sessions.like(format!("%{id}%")));
        }
        let rows: Vec<(String, String, String, ScheduleRow)> =
            self.scan(|conn| query.load(conn).map_err(repository_error))?;
        rows.into_iter()
            .map(|(id, name, department, schedule)| {
                const WHAT: &str = "practitioner";
                Ok(Candidate {
                    practitioner_id: parse(WHAT, &id, &id, PractitionerId::parse)?,
                    clinician: parse(WHAT, &id, &name, PersonName::parse)?,
                    department: parse(WHAT, &id, &department, Label::parse)?,
                    pattern: schedule.into_domain()?,
                })
            })
            .collect()
    }

    fn busy(
        &self,
        practitioners: &[PractitionerId],
        patient: Option<NhsNumber>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<BusyTime>, RepositoryError> {
        let rows: Vec<BusyRow> = self.scan(|conn| {
            let statement = busy_statement(
                Dialect::of(conn),
                practitioners,
                patient.as_ref(),
                from,
                to,
                now,
            );
            if statement.text.is_empty() {
                return Ok(Vec::new());
            }
            statement.bound("").load(conn).map_err(repository_error)
        })?;
        let mut busy = BusyTime::default();
        let mut patient_known = false;
        for row in rows {
            let start = row.start_at.map(|t| t.0.and_utc());
            let end = row.end_at.map(|t| t.0.and_utc());
            match (row.who, start, end, row.day) {
                (Some(who), _, _, Some(day)) => {
                    let id = parse("busy time of", &who, &who, PractitionerId::parse)?;
                    let bits = |half: Option<i64>| u128::from(half.unwrap_or(0) as u64);
                    let slots = bits(row.early) | bits(row.late) << 48;
                    let day = BookedDay { day: day.0, slots };
                    busy.booked.entry(id).or_default().push(day);
                }
                (Some(who), Some(start), Some(end), None) => {
                    let id = parse("busy time of", &who, &who, PractitionerId::parse)?;
                    busy.practitioners.entry(id).or_default().push((start, end));
                }
                (None, Some(start), _, _) => {
                    busy.patient_days.insert(utc_day(start));
                }
                (None, None, _, _) => patient_known = true,
                _ => return Err(RepositoryError::unexpected("a busy period without an end")),
            }
        }
        Ok((patient.is_none() || patient_known).then_some(busy))
    }
}
