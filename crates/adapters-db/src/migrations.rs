//! The schema migrations, embedded in the binary: one set per backend, with
//! identical folder names and backend-specific SQL.

use crate::Backend;
use crate::connection::{Database, DbConnection};
use crate::errors::{DbError, repository_error};
use diesel::connection::SimpleConnection;
use diesel::migration::MigrationSource;
use diesel::{QueryableByName, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use panda_domain::{Readiness, RepositoryError};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// The PostgreSQL advisory lock key held while migrating ("PANDAMIG" in ASCII).
const MIGRATION_LOCK: i64 = 0x5041_4E44_414D_4947;

/// A migration run that failed: in Diesel (so a transaction around it can
/// roll back) or in the migration itself.
#[derive(Debug)]
enum Failure {
    Diesel(diesel::result::Error),
    Migration(Box<dyn std::error::Error + Send + Sync>),
}

impl From<diesel::result::Error> for Failure {
    fn from(error: diesel::result::Error) -> Self {
        Failure::Diesel(error)
    }
}

impl From<Failure> for DbError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Diesel(e) => DbError::Migration(Box::new(e)),
            Failure::Migration(e) => DbError::Migration(e),
        }
    }
}

/// Applies every pending migration of `source`, one transaction each, and
/// returns their names.
fn apply<C, DB>(conn: &mut C, source: EmbeddedMigrations) -> Result<Vec<String>, Failure>
where
    C: MigrationHarness<DB>,
    DB: diesel::backend::Backend,
    EmbeddedMigrations: MigrationSource<DB>,
{
    let pending = conn
        .pending_migrations(source)
        .map_err(Failure::Migration)?;
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        conn.run_migration(migration.as_ref())
            .map_err(Failure::Migration)?;
        applied.push(migration.name().to_string());
    }
    Ok(applied)
}

impl Database {
    /// Brings the schema up to date and returns the names of the migrations
    /// applied, oldest first; none when it already was.
    pub fn run_migrations(&self) -> Result<Vec<String>, DbError> {
        let mut conn = self.connection().map_err(DbError::Pool)?;
        let applied = match &mut *conn {
            // Several processes may start at once on one file: BEGIN
            // IMMEDIATE takes SQLite's write lock before reading what is
            // pending, so one migrates while the others wait (busy_timeout),
            // then find nothing to do. Each migration nests as a savepoint.
            DbConnection::Sqlite(sqlite) => {
                sqlite.immediate_transaction(|conn| apply(conn, SQLITE))?
            }
            DbConnection::Pg(pg) => {
                // Several PANDA instances may start at once against one
                // PostgreSQL: a session advisory lock lets one migrate while
                // the others wait, then find nothing pending.
                pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                    .map_err(|e| DbError::Migration(Box::new(e)))?;
                let result = apply(pg, POSTGRES);
                let unlocked =
                    pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
                let applied = result?;
                unlocked.map_err(|e| DbError::Migration(Box::new(e)))?;
                applied
            }
        };
        for name in &applied {
            tracing::info!(backend = %self.backend(), migration = %name, "migration applied");
        }
        Ok(applied)
    }
}

#[cfg(feature = "test-support")]
impl Database {
    /// Reverts the last migration applied and returns its version: for the
    /// tests that a migration's backfill of existing records is right.
    pub fn revert_last_migration(&self) -> Result<String, DbError> {
        let mut conn = self.connection().map_err(DbError::Pool)?;
        let version = match &mut *conn {
            DbConnection::Sqlite(sqlite) => {
                sqlite.revert_last_migration(SQLITE).map(|v| v.to_string())
            }
            DbConnection::Pg(pg) => pg.revert_last_migration(POSTGRES).map(|v| v.to_string()),
        };
        version.map_err(DbError::Migration)
    }
}

/// The versions of `source`'s migrations.
fn versions<DB: diesel::backend::Backend>(source: &EmbeddedMigrations) -> Vec<String>
where
    EmbeddedMigrations: MigrationSource<DB>,
{
    MigrationSource::<DB>::migrations(source)
        .map(|all| all.iter().map(|m| m.name().version().to_string()).collect())
        .unwrap_or_default()
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

impl Readiness for Database {
    /// Reads which migrations are applied (on a reading connection, so a
    /// probe never waits behind writes) and compares them with the ones
    /// this build embeds.
    fn check(&self) -> Result<(), RepositoryError> {
        let expected = match self.backend() {
            Backend::Sqlite => versions::<diesel::sqlite::Sqlite>(&SQLITE),
            Backend::Postgres => versions::<diesel::pg::Pg>(&POSTGRES),
        };
        let applied: Vec<Version> = self.read(|conn| {
            diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
                .load(conn)
                .map_err(repository_error)
        })?;
        let pending = expected
            .iter()
            .filter(|v| !applied.iter().any(|a| &a.version == *v))
            .count();
        if expected.is_empty() || pending > 0 {
            return Err(RepositoryError::unexpected(format!(
                "{pending} of {} migrations not applied",
                expected.len()
            )));
        }
        Ok(())
    }
}
