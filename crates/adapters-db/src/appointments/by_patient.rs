//! A patient's appointments, the most read route. SQLite reads one
//! patient's rows from this process's memory. On PostgreSQL the reads that
//! queue while others are at the server go together, in one statement for
//! up to [`MAX_GROUP`] patients, and an async caller is woken with its
//! answer: the server's fixed cost per statement and a blocking thread's
//! hand-offs were much of a read's cost (docs/benchmarks.md, ADR 0014).
//!
//! A grouped read starts after each of its callers asked, so each sees
//! every write committed before it asked, as a read of its own would.

use super::joined;
use crate::connection::batches::{Answer, Batches, failed_all};
use crate::connection::{DbConnection, Manager};
use crate::errors::{pool_error, repository_error};
use crate::rows::ViewRow;
use crate::schema::{appointments, patients};
use diesel::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Text};
use panda_domain::RepositoryError;
use panda_domain::appointment::AppointmentView;
use std::collections::HashMap;

/// A patient's appointments as stored, by start; `None` when there is no
/// such patient.
pub(crate) type Rows = Option<Vec<ViewRow>>;

/// PostgreSQL's queue of reads by NHS number and the threads that do them.
pub(crate) type GroupedReads = Batches<String, Rows>;

/// The most patients one statement reads.
pub(crate) const MAX_GROUP: usize = 64;

/// Threads reading at once, each on a connection of `readers` for each
/// group: two, so that a group is gathered while another is at the server.
const READING_THREADS: usize = 2;

/// Starts the reading threads of `readers`, a PostgreSQL pool.
pub(crate) fn start(readers: r2d2::Pool<Manager>) -> std::io::Result<GroupedReads> {
    Batches::start("panda-reader", READING_THREADS, MAX_GROUP, move |keys| {
        let mut conn = match readers.get() {
            Ok(conn) => conn,
            Err(e) => return failed_all(keys.len(), &pool_error(e)),
        };
        match &mut *conn {
            DbConnection::Pg(pg) => match grouped(pg, &keys) {
                Ok(found) => found.into_iter().map(Ok).collect(),
                Err(e) => failed_all(keys.len(), &e),
            },
            DbConnection::Sqlite(_) => failed_all(keys.len(), &"grouped reads are for PostgreSQL"),
        }
    })
}

/// The read models of a patient's appointments as stored.
pub(crate) fn views(rows: Rows) -> Answer<Option<Vec<AppointmentView>>> {
    rows.map(|rows| rows.into_iter().map(ViewRow::into_domain).collect())
        .transpose()
}

/// One patient's appointments, on either backend, on the backend's own
/// connection: through the MultiConnection Diesel writes the statement's
/// text again on every call to find it in its cache.
pub(crate) fn one(conn: &mut DbConnection, key: &str) -> Answer<Rows> {
    let query = || {
        joined()
            .filter(appointments::patient_nhs.eq(key))
            .order((appointments::start_at, appointments::id))
    };
    let rows: Vec<ViewRow> = match conn {
        DbConnection::Sqlite(conn) => query().select(ViewRow::as_select()).load(conn),
        DbConnection::Pg(conn) => query().select(ViewRow::as_select()).load(conn),
    }
    .map_err(repository_error)?;
    // An appointment names an existing patient (a foreign key), so only a
    // patient with none needs asking after: one statement for most reads.
    if rows.is_empty() {
        let known = patients::table
            .find(key)
            .select(patients::nhs_number)
            .get_result::<String>(conn)
            .optional()
            .map_err(repository_error)?;
        if known.is_none() {
            return Ok(None);
        }
    }
    Ok(Some(rows))
}

/// The appointments of the patients `$1`, with their names. The patients'
/// rows are found first, by the one index that can find them, whatever
/// the planner's statistics say: before a table's first `ANALYZE`, the
/// same query written as one join was planned through the department
/// index instead, 10 to 20 times slower (docs/benchmarks.md).
const GROUPED: &str = "\
    WITH a AS MATERIALIZED (SELECT * FROM appointments WHERE patient_nhs = ANY($1)) \
    SELECT a.*, p.name AS clinician, d.name AS department, l.postcode \
    FROM a JOIN practitioners p ON p.id = a.practitioner_id \
    JOIN departments d ON d.id = a.department_id \
    LEFT JOIN locations l ON l.id = a.location_id \
    ORDER BY a.patient_nhs, a.start_at, a.id";

/// The appointments of each patient of `keys`, answered in their order
/// (a key asked twice gets its rows twice): one statement, and a second
/// only when some of them have none.
pub(crate) fn grouped(conn: &mut PgConnection, keys: &[String]) -> Answer<Vec<Rows>> {
    let rows: Vec<ViewRow> = diesel::sql_query(GROUPED)
        .bind::<Array<Text>, _>(keys)
        .load(conn)
        .map_err(repository_error)?;
    let mut found: HashMap<String, Vec<ViewRow>> = HashMap::with_capacity(keys.len());
    for row in rows {
        let Some(key) = row.appointment.patient_nhs.as_deref() else {
            return Err(RepositoryError::unexpected(
                "an appointment read by its patient has none",
            ));
        };
        // The key is copied once per patient, not once per row.
        match found.get_mut(key) {
            Some(theirs) => theirs.push(row),
            None => {
                let key = key.to_owned();
                found.insert(key, vec![row]);
            }
        }
    }
    let missing: Vec<&String> = keys.iter().filter(|k| !found.contains_key(*k)).collect();
    let known: Vec<String> = if missing.is_empty() {
        Vec::new()
    } else {
        patients::table
            .filter(patients::nhs_number.eq_any(&missing))
            .select(patients::nhs_number)
            .load(conn)
            .map_err(repository_error)?
    };
    Ok(keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let asked_again = keys[i + 1..].contains(key);
            let rows = if asked_again {
                found.get(key).cloned()
            } else {
                found.remove(key)
            };
            rows.or_else(|| known.contains(key).then(Vec::new))
        })
        .collect())
}

#[cfg(all(test, feature = "test-support"))]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;

    #[test]
    fn a_group_answers_each_key_in_order_even_twice_and_tells_no_appointments_from_no_patient() {
        let Some(db) = TestDatabase::postgres() else {
            return;
        };
        let mut pooled = db.connection().unwrap();
        let DbConnection::Pg(conn) = &mut *pooled else {
            panic!("a PostgreSQL test database");
        };
        diesel::connection::SimpleConnection::batch_execute(
            conn,
            "INSERT INTO departments (id, name, version) VALUES ('d', 'Dermatology', 1);
             INSERT INTO practitioners (id, name, department_id, version) VALUES ('p', 'Dr P', 'd', 1);
             INSERT INTO patients (nhs_number, name, date_of_birth, postcode, version) VALUES
               ('9434765919', 'Has Two', '1980-01-01', 'LS1 4AP', 1),
               ('9434765870', 'Has None', '1980-01-01', 'LS1 4AP', 1);
             INSERT INTO appointments (id, patient_nhs, practitioner_id, department_id, start_at,
               end_at, start_day, duration_minutes, status, version) VALUES
               ('b', '9434765919', 'p', 'd', '2030-01-02 09:00', '2030-01-02 09:30', '2030-01-02', 30, 'active', 1),
               ('a', '9434765919', 'p', 'd', '2030-01-01 09:00', '2030-01-01 09:30', '2030-01-01', 30, 'active', 1);",
        )
        .unwrap();
        let keys = ["9434765919", "9434765870", "9999999999", "9434765919"].map(String::from);
        let answers = grouped(conn, &keys).unwrap();
        let ids = |rows: &Rows| {
            rows.as_ref().map(|rows| {
                rows.iter()
                    .map(|r| r.appointment.id.clone())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            answers.iter().map(ids).collect::<Vec<_>>(),
            [
                Some(vec!["a".to_owned(), "b".to_owned()]),
                Some(vec![]),
                None,
                Some(vec!["a".to_owned(), "b".to_owned()]),
            ]
        );
    }
}
