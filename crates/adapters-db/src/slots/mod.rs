//! [`SlotSource`] for [`Database`]: the reads a free-slot search is made
//! of, whatever the number of slots: the practitioners with their
//! patterns; then everything that takes their time over the range, as two
//! statements on one connection: their absences and live holds (and the
//! patient's booked days) in one `UNION ALL`, and their appointments as
//! `busy_days`, one row of booked slots per practitioner and day, which
//! triggers keep in step with `appointment_slots` (ADR 0011).

use crate::connection::{Database, DbConnection, MultiBackend};
use crate::errors::repository_error;
use crate::rows::time::{StoredDate, StoredTimestamp};
use crate::rows::{ScheduleRow, instant_to_db, parse};
use crate::schema::{departments, practitioner_roles, practitioner_schedules, practitioners};
use crate::statement::{Bind, Dialect, Statement};
use parsed::CandidateRow;
pub(crate) use parsed::ParsedCandidates;

mod parsed;
use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Timestamp};
use panda_domain::RepositoryError;
use panda_domain::appointment::policy::utc_day;
use panda_domain::common::ids::PractitionerId;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::patient::NhsNumber;
use panda_domain::schedule::{BookedDay, BusyTime, Candidate, SlotFilter, SlotSource};

/// A day of booked slots, read by position: the practitioner (their index
/// in the list searched), the day, and the slots taken before and from
/// 12:00 (`busy_days.early` and `late`). No column is nullable: the search
/// reads hundreds of these rows, and each nullable column costs Diesel
/// more to read.
type BookedRow = (i64, StoredDate, i64, i64);
type BookedRowType = (BigInt, Date, BigInt, BigInt);

/// One row of the busy-period union, read by position: a practitioner's
/// busy period (an absence or a hold), one of the patient's appointments
/// (no practitioner), or the patient's marker (nothing at all: the patient
/// exists).
type PeriodRow = (
    Option<i64>,
    Option<StoredTimestamp>,
    Option<StoredTimestamp>,
);
type PeriodRowType = (Nullable<BigInt>, Nullable<Timestamp>, Nullable<Timestamp>);

/// The columns a branch leaves empty, typed so that PostgreSQL can unite
/// the branches, and named, since the first branch names the columns.
const NO_WHO: &str = "CAST(NULL AS BIGINT) AS who";
const NO_PERIOD: &str = "CAST(NULL AS TIMESTAMP) AS start_at, CAST(NULL AS TIMESTAMP) AS end_at";

/// The practitioners searched, as rows `e` each with its index: the
/// source to join and the expression of the index. The practitioners are
/// one value, a JSON array of their ids, so that the text is the same for
/// every search of the same shape, whatever their number, and is prepared
/// once per connection.
fn searched(st: &mut Statement, dialect: Dialect, ids: &str) -> (String, &'static str) {
    let ids = st.bind(Bind::Text(ids.to_owned()));
    match dialect {
        Dialect::Sqlite => (format!("json_each({ids}) AS e"), "e.key"),
        Dialect::Postgres => (
            format!("json_array_elements_text(CAST({ids} AS JSON)) WITH ORDINALITY AS e(value, n)"),
            "e.n - 1",
        ),
    }
}

/// The ids of `practitioners` as a JSON array.
fn ids_json(practitioners: &[PractitionerId]) -> String {
    use std::fmt::Write;
    let mut json = String::with_capacity(2 + practitioners.len() * 39);
    json.push('[');
    for (i, p) in practitioners.iter().enumerate() {
        // Ids are hexadecimal digits and hyphens: nothing to escape.
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(json, "{comma}\"{p}\"");
    }
    json.push(']');
    json
}

/// `x` rows of `table` for each practitioner of `source` in turn: an index
/// search per practitioner. PostgreSQL would rather scan a small table
/// whole (three times slower on the benchmark's), so there the search is a
/// LATERAL subquery that OFFSET 0 keeps from being merged into a join.
fn each(dialect: Dialect, source: &str, table: &str, condition: &str) -> String {
    match dialect {
        Dialect::Sqlite => {
            format!("{source} JOIN {table} x ON x.practitioner_id = e.value WHERE {condition}")
        }
        Dialect::Postgres => format!(
            "{source} CROSS JOIN LATERAL (SELECT * FROM {table} x \
             WHERE x.practitioner_id = e.value AND {condition} OFFSET 0) AS x"
        ),
    }
}

/// The slots the appointments of the practitioners `ids` (a JSON array)
/// take (`busy_days`, a row per practitioner and day), from the day `[from, to)` starts to the day
/// its last slot ends: a slot takes time from its start on, so the days
/// before cannot matter.
fn booked_statement(
    dialect: Dialect,
    ids: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Statement {
    let mut st = Statement::new();
    let (source, who) = searched(&mut st, dialect, ids);
    let first_day = st.bind(Bind::Date(utc_day(from)));
    let last_day = st.bind(Bind::Date(utc_day(to)));
    let days = each(
        dialect,
        &source,
        "busy_days",
        &format!("x.day >= {first_day} AND x.day <= {last_day}"),
    );
    st.text = format!("SELECT CAST({who} AS BIGINT), x.day, x.early, x.late FROM {days}");
    st
}

/// The union of the periods that take the time of the practitioners `ids`
/// (a JSON array, if any) over `[from, to)` (absences and live holds), and the patient's appointments
/// and marker. Each practitioner's row names them by their index in the
/// list. Three shapes of text: practitioners, a patient, or both.
fn periods_statement(
    dialect: Dialect,
    ids: Option<&str>,
    patient: Option<&NhsNumber>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Statement {
    let mut st = Statement::new();
    let from_p = st.bind(Bind::Timestamp(instant_to_db(from)));
    let to_p = st.bind(Bind::Timestamp(instant_to_db(to)));
    let overlaps = format!("x.start_at < {to_p} AND x.end_at > {from_p}");
    let mut branches = Vec::new();
    if let Some(ids) = ids {
        let (source, who) = searched(&mut st, dialect, ids);
        let absent = each(dialect, &source, "practitioner_absences", &overlaps);
        branches.push(format!(
            "SELECT {who} AS who, x.start_at, x.end_at FROM {absent}"
        ));
        // Live holds are few: a plain join (PostgreSQL finds them by their
        // expiry).
        let now_p = st.bind(Bind::Timestamp(instant_to_db(now)));
        branches.push(format!(
            "SELECT {who}, x.start_at, x.end_at \
             FROM {source} JOIN holds x ON x.practitioner_id = e.value \
             WHERE x.expires_at > {now_p} AND {overlaps}"
        ));
    }
    if let Some(patient) = patient {
        // An appointment lasts at most a day, so one overlapping the range
        // starts on its first day or the day before: the day bounds let the
        // `(patient_nhs, start_day, ...)` index find it.
        let first_day = st.bind(Bind::Date(utc_day(from - TimeDelta::days(1))));
        let last_day = st.bind(Bind::Date(utc_day(to)));
        let nhs = st.bind(Bind::Text(patient.to_string()));
        branches.push(format!(
            "SELECT {NO_WHO}, x.start_at, x.end_at FROM appointments x \
             WHERE x.patient_nhs = {nhs} AND x.start_day >= {first_day} \
             AND x.start_day <= {last_day} AND x.status <> 'cancelled'"
        ));
        branches.push(format!(
            "SELECT {NO_WHO}, {NO_PERIOD} FROM patients WHERE nhs_number = {nhs}"
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
        let rows: Vec<CandidateRow> =
            self.scan(|conn| query.load(conn).map_err(repository_error))?;
        self.parsed
            .get_or_parse(rows, |(id, name, department, schedule)| {
                const WHAT: &str = "practitioner";
                Ok(Candidate {
                    practitioner_id: parse(WHAT, id, id, PractitionerId::parse)?,
                    clinician: parse(WHAT, id, name, PersonName::parse)?,
                    department: parse(WHAT, id, department, Label::parse)?,
                    pattern: schedule.clone().into_domain()?,
                })
            })
    }

    fn busy(
        &self,
        practitioners: &[PractitionerId],
        patient: Option<NhsNumber>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<BusyTime>, RepositoryError> {
        // The periods first: a hold that becomes an appointment between the
        // two reads is then seen as one or the other, or both, never
        // neither.
        let ids = (!practitioners.is_empty()).then(|| ids_json(practitioners));
        let (periods, booked) = self.scan(|conn| {
            let dialect = Dialect::of(conn);
            let periods =
                periods_statement(dialect, ids.as_deref(), patient.as_ref(), from, to, now);
            // Straight on the backend's connection: hundreds of rows, each
            // cheaper without the MultiConnection's layer.
            let periods: Vec<PeriodRow> = if periods.text.is_empty() {
                Vec::new()
            } else {
                let periods = periods.typed::<PeriodRowType>("");
                match conn {
                    DbConnection::Sqlite(conn) => periods.load(conn),
                    DbConnection::Pg(conn) => periods.load(conn),
                }
                .map_err(repository_error)?
            };
            let booked: Vec<BookedRow> = match &ids {
                None => Vec::new(),
                Some(ids) => {
                    let booked =
                        booked_statement(dialect, ids, from, to).typed::<BookedRowType>("");
                    match conn {
                        DbConnection::Sqlite(conn) => booked.load(conn),
                        DbConnection::Pg(conn) => booked.load(conn),
                    }
                    .map_err(repository_error)?
                }
            };
            Ok((periods, booked))
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
        // A practitioner's days come together: one look-up each.
        let mut days: Option<(i64, &mut Vec<BookedDay>)> = None;
        for (who, StoredDate(day), early, late) in booked {
            let bits = |half: i64| u128::from(half as u64);
            let slots = bits(early) | bits(late) << 48;
            let list = match days {
                Some((last, list)) if last == who => list,
                _ => busy.booked.entry(whose(who)?).or_default(),
            };
            list.push(BookedDay { day, slots });
            days = Some((who, list));
        }
        for (who, start, end) in periods {
            let start = start.map(|t| t.0.and_utc());
            let end = end.map(|t| t.0.and_utc());
            match (who, start, end) {
                (Some(who), Some(start), Some(end)) => {
                    busy.practitioners
                        .entry(whose(who)?)
                        .or_default()
                        .push((start, end));
                }
                (None, Some(start), _) => {
                    busy.patient_days.insert(utc_day(start));
                }
                (None, None, _) => patient_known = true,
                _ => return Err(RepositoryError::unexpected("a busy period without an end")),
            }
        }
        Ok((patient.is_none() || patient_known).then_some(busy))
    }
}
