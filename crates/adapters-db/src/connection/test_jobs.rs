//! What the tests of the write queues (SQLite's group commit, PostgreSQL's
//! lanes) queue and count: a department written by a job.

use super::{Database, Job};
use diesel::RunQueryDsl;

/// A job that inserts the department `name` (its id too): a second one of
/// the same name breaks the unique key.
pub(super) fn insert_department(name: impl Into<String>) -> Job {
    let name = name.into();
    Box::new(move |conn| {
        diesel::sql_query("INSERT INTO departments (id, name, version) VALUES ($1, $1, 1)")
            .bind::<diesel::sql_types::Text, _>(&name)
            .execute(conn)
            .map(|_| ())
            .map_err(crate::errors::repository_error)
    })
}

/// How many departments `db` holds.
pub(super) fn departments(db: &Database) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.connection().expect("a connection to the test database");
    diesel::sql_query("SELECT COUNT(*) AS n FROM departments")
        .get_result::<Count>(&mut *conn)
        .expect("the departments counted")
        .n
}
