//! [`SlotSource`] for [`Database`]: the two reads a free-slot search is
//! made of, whatever the number of slots: the practitioners with their
//! patterns, then everything that takes their time (and the patient's
//! booked days) over the range, in one `UNION ALL`. Appointments are read
//! as `busy_days`, one row of booked slots per practitioner and day, which
//! triggers keep in step with `appointment_slots` (ADR 0011).

use crate::connection::{Database, DbConnection, MultiBackend};
use crate::errors::repository_error;
use crate::rows::time::{StoredDate, StoredTimestamp};
use crate::rows::{ScheduleRow, instant_to_db, parse};
use crate::schema::{departments, practitioner_roles, practitioner_schedules, practitioners};
use crate::statement::{Bind, Dialect, Statement};
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Timestamp};
use panda_domain::RepositoryError;
use panda_domain::appointment::policy::utc_day;
use panda_domain::common::ids::PractitionerId;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::patient::NhsNumber;
use panda_domain::schedule::{BookedDay, BusyTime, Candidate, SlotFilter, SlotSource};

/// One row of the busy-time union, read by position: a practitioner's
/// busy period (an absence or a hold), the slots their appointments take
/// on one day (`busy_days`), one of the patient's appointments (no
/// practitioner), or the patient's marker (nothing at all: the patient
/// exists). A practitioner is their index in the list searched.
type BusyRow = (
    Option<i64>,
    Option<StoredTimestamp>,
    Option<StoredTimestamp>,
    Option<StoredDate>,
    Option<i64>,
    Option<i64>,
);
type BusyRowType = (
    Nullable<BigInt>,
    Nullable<Timestamp>,
    Nullable<Timestamp>,
    Nullable<Date>,
    Nullable<BigInt>,
    Nullable<BigInt>,
);

/// The columns a branch leaves empty, typed so that PostgreSQL can unite
/// the branches, and named, since the first branch names the columns.
const NO_WHO: &str = "CAST(NULL AS BIGINT) AS who";
const NO_PERIOD: &str = "CAST(NULL AS TIMESTAMP) AS start_at, CAST(NULL AS TIMESTAMP) AS end_at";
const NO_DAY: &str =
    "CAST(NULL AS DATE) AS day, CAST(NULL AS BIGINT) AS early, CAST(NULL AS BIGINT) AS late";

/// The union of everything that takes the time of `practitioners` over
/// `[from, to)`, and the patient's appointments and marker. The
/// practitioners are one value, a JSON array of their ids, so that the
/// text is the same for every search of the same shape (three shapes:
/// practitioners, a patient, or both) and is prepared once per connection;
/// each row names its practitioner by their index in the array.
fn busy_statement(
    dialect: Dialect,
    practitioners: &[PractitionerId],
    patient: Option<&NhsNumber>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Statement {
    let mut st = Statement::new();
    let from_p = st.bind(Bind::Timestamp(instant_to_db(from)));
    let to_p = st.bind(Bind::Timestamp(instant_to_db(to)));
    // An appointment lasts at most a day, so one overlapping the range
    // starts on its first day or the day before: the day bounds let the
    // `(practitioner_id, start_day, ...)` index find it.
    let first_day = st.bind(Bind::Date(utc_day(from - TimeDelta::days(1))));
    let last_day = st.bind(Bind::Date(utc_day(to)));
    let overlaps = format!("x.start_at < {to_p} AND x.end_at > {from_p}");
    let mut branches = Vec::new();
    if !practitioners.is_empty() {
        // Ids are hexadecimal digits and hyphens: nothing to escape.
        let list = practitioners
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(",");
        let ids = st.bind(Bind::Text(format!("[{list}]")));
        // The practitioners as rows `e`, each with its index (`who`).
        let (source, who) = match dialect {
            Dialect::Sqlite => (format!("json_each({ids}) AS e"), "e.key"),
            Dialect::Postgres => (
                format!(
                    "json_array_elements_text(CAST({ids} AS JSON)) WITH ORDINALITY AS e(value, n)"
                ),
                "e.n - 1",
            ),
        };
        // `x` rows of `table` for each practitioner in turn: an index
        // search per practitioner. PostgreSQL would rather scan a small
        // table whole (three times slower on the benchmark's), so there
        // the search is a LATERAL subquery that OFFSET 0 keeps from being
        // merged into a join.
        let each = |table: &str, condition: &str| match dialect {
            Dialect::Sqlite => {
                format!("{source} JOIN {table} x ON x.practitioner_id = e.value WHERE {condition}")
            }
            Dialect::Postgres => format!(
                "{source} CROSS JOIN LATERAL (SELECT * FROM {table} x \
                 WHERE x.practitioner_id = e.value AND {condition} OFFSET 0) AS x"
            ),
        };
        // The booked slots, a row per practitioner and day, from the day
        // the range starts to the day its last slot ends (a slot takes
        // time from its start on, so the days before cannot matter).
        let first_slot_day = st.bind(Bind::Date(utc_day(from)));
        let days = each(
            "busy_days",
            &format!("x.day >= {first_slot_day} AND x.day <= {last_day}"),
        );
        branches.push(format!(
            "SELECT {who} AS who, {NO_PERIOD}, x.day, x.early, x.late FROM {days}"
        ));
        let absent = each("practitioner_absences", &overlaps);
        branches.push(format!(
            "SELECT {who}, x.start_at, x.end_at, {NO_DAY} FROM {absent}"
        ));
        // Live holds are few: a plain join (PostgreSQL finds them by their
        // expiry).
        let now_p = st.bind(Bind::Timestamp(instant_to_db(now)));
        branches.push(format!(
            "SELECT {who}, x.start_at, x.end_at, {NO_DAY} \
             FROM {source} JOIN holds x ON x.practitioner_id = e.value \
             WHERE x.expires_at > {now_p} AND {overlaps}"
        ));
    }
    if let Some(patient) = patient {
        let nhs = st.bind(Bind::Text(patient.to_string()));
        branches.push(format!(
            "SELECT {NO_WHO}, x.start_at, x.end_at, {NO_DAY} FROM appointments x \
             WHERE x.patient_nhs = {nhs} AND x.start_day >= {first_day} \
             AND x.start_day <= {last_day} AND x.status <> 'cancelled'"
        ));
        branches.push(format!(
            "SELECT {NO_WHO}, {NO_PERIOD}, {NO_DAY} FROM patients WHERE nhs_number = {nhs}"
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
            // Straight on the backend's connection: several hundred rows,
            // each cheaper without the MultiConnection's layer.
            let statement = statement.typed::<BusyRowType>("");
            match conn {
                DbConnection::Sqlite(conn) => statement.load(conn),
                DbConnection::Pg(conn) => statement.load(conn),
            }
            .map_err(repository_error)
        })?;
        let mut busy = BusyTime::default();
        let mut patient_known = false;
        let whose = |n: i64| {
            usize::try_from(n)
                .ok()
                .and_then(|i| practitioners.get(i))
                .copied()
                .ok_or_else(|| RepositoryError::unexpected("busy time of no practitioner searched"))
        };
        for (who, start, end, day, early, late) in rows {
            let start = start.map(|t| t.0.and_utc());
            let end = end.map(|t| t.0.and_utc());
            match (who, start, end, day) {
                (Some(who), _, _, Some(day)) => {
                    let bits = |half: Option<i64>| u128::from(half.unwrap_or(0) as u64);
                    let slots = bits(early) | bits(late) << 48;
                    let day = BookedDay { day: day.0, slots };
                    busy.booked.entry(whose(who)?).or_default().push(day);
                }
                (Some(who), Some(start), Some(end), None) => {
                    busy.practitioners
                        .entry(whose(who)?)
                        .or_default()
                        .push((start, end));
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
