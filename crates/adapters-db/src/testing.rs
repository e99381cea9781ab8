//! Throwaway databases for tests (feature `test-support`): a fresh SQLite
//! file or a fresh PostgreSQL database per test, migrated, removed on drop.
//! Never a shared database, so tests can run in parallel and in any order.

use crate::connection::Database;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use std::ops::Deref;

/// The PostgreSQL server tests use when `PANDA_TEST_POSTGRES_URL` is unset.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Enough connections for the race tests (32 threads contending).
pub const TEST_POOL_SIZE: u32 = 8;

#[derive(Debug)]
enum Cleanup {
    /// The directory holding the file (and its `-wal`, `-shm`): deleted on drop.
    Sqlite(
        #[expect(dead_code, reason = "held only to be dropped with the test database")]
        tempfile::TempDir,
    ),
    /// The database to drop, and the server to drop it on.
    Postgres { admin_url: String, name: String },
}

/// A migrated database that exists for one test only. Derefs to the
/// [`Database`], whose ports the test exercises.
#[derive(Debug)]
pub struct TestDatabase {
    database: Option<Database>,
    url: String,
    cleanup: Cleanup,
}

impl TestDatabase {
    /// A fresh, migrated SQLite file in a new temporary directory. Panics
    /// if it cannot be made: that is a broken test machine.
    pub fn sqlite() -> TestDatabase {
        Self::sqlite_with(true)
    }

    /// Like [`TestDatabase::sqlite`], but with no schema: for tests of the
    /// migrations themselves.
    pub fn sqlite_unmigrated() -> TestDatabase {
        Self::sqlite_with(false)
    }

    fn sqlite_with(migrate: bool) -> TestDatabase {
        let dir = tempfile::Builder::new()
            .prefix("panda-test-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary directory: {e}"));
        let url = format!("sqlite://{}", dir.path().join("panda.db").display());
        Self::open(url, Cleanup::Sqlite(dir), migrate)
    }

    /// A fresh, migrated PostgreSQL database `panda_test_<uuid>` on the
    /// server named by `PANDA_TEST_POSTGRES_URL` (default
    /// [`DEFAULT_POSTGRES_URL`]), dropped on drop. When the server cannot be
    /// reached: `None` with a loud message, or a panic when `CI=true`, so
    /// that CI can never pass by skipping.
    pub fn postgres() -> Option<TestDatabase> {
        Self::postgres_with(true)
    }

    /// Like [`TestDatabase::postgres`], but with no schema: for tests of
    /// the migrations themselves.
    pub fn postgres_unmigrated() -> Option<TestDatabase> {
        Self::postgres_with(false)
    }

    fn postgres_with(migrate: bool) -> Option<TestDatabase> {
        let admin_url = std::env::var("PANDA_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let mut admin = match PgConnection::establish(&admin_url) {
            Ok(admin) => admin,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|ci| ci == "true") {
                    panic!(
                        "PostgreSQL is required in CI: cannot connect with PANDA_TEST_POSTGRES_URL: {e}"
                    );
                }
                eprintln!(
                    "SKIPPING PostgreSQL: cannot connect ({e}); start one or set PANDA_TEST_POSTGRES_URL"
                );
                return None;
            }
        };
        let name = format!("panda_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        let url = with_database(&admin_url, &name);
        Some(Self::open(
            url,
            Cleanup::Postgres { admin_url, name },
            migrate,
        ))
    }

    fn open(url: String, cleanup: Cleanup, migrate: bool) -> TestDatabase {
        // Built before connecting, so that a failure below still cleans up.
        let mut test = TestDatabase {
            database: None,
            url,
            cleanup,
        };
        let database = Database::connect(&test.url, TEST_POOL_SIZE)
            .unwrap_or_else(|e| panic!("cannot open the test database: {e}"));
        if migrate {
            database
                .run_migrations()
                .unwrap_or_else(|e| panic!("cannot migrate the test database: {e}"));
        }
        test.database = Some(database);
        test
    }

    /// The URL of this database, for code that connects on its own (the
    /// server's end-to-end tests).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database.
    pub fn database(&self) -> &Database {
        self
    }
}

impl Deref for TestDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        match &self.database {
            Some(database) => database,
            None => unreachable!("a TestDatabase is only handed out once opened"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Close this handle's connections first; FORCE ends any a clone kept.
        self.database = None;
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let dropped = PgConnection::establish(admin_url)
                .map_err(|e| e.to_string())
                .and_then(|mut admin| {
                    admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .map_err(|e| e.to_string())
                });
            if let Err(e) = dropped {
                eprintln!("could not drop test database {name}: {e}");
            }
        }
    }
}

/// `url` with its database name replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

impl Database {
    /// Runs `sql` directly on a connection of the pool, outside PANDA's
    /// code, as an operator at a SQL console would: for the tests that
    /// prove the database itself refuses something. The error is the
    /// database's own message.
    pub fn execute_raw(&self, sql: &str) -> Result<usize, String> {
        use diesel::RunQueryDsl;
        let mut conn = self.connection().map_err(|e| e.to_string())?;
        diesel::sql_query(sql)
            .execute(&mut *conn)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_of_a_url_is_replaced_and_options_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@h/db?sslmode=disable", "t2"),
            "postgresql://u:p@h/t2?sslmode=disable"
        );
        assert_eq!(with_database("postgres://h", "t3"), "postgres://h/t3");
    }
}
