//! The schema migrations, embedded in the binary: one set per backend, with
//! identical folder names and backend-specific SQL.

use crate::connection::{Database, DbConnection};
use crate::errors::DbError;
use diesel::migration::MigrationSource;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Applies every pending migration of `source`, one transaction each, and
/// returns their names.
fn apply<C, DB>(conn: &mut C, source: EmbeddedMigrations) -> Result<Vec<String>, DbError>
where
    C: MigrationHarness<DB>,
    DB: diesel::backend::Backend,
    EmbeddedMigrations: MigrationSource<DB>,
{
    let pending = conn
        .pending_migrations(source)
        .map_err(DbError::Migration)?;
    let mut applied = Vec::with_capacity(pending.len());
    for migration in pending {
        conn.run_migration(migration.as_ref())
            .map_err(DbError::Migration)?;
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
            DbConnection::Sqlite(sqlite) => apply(sqlite, SQLITE)?,
            DbConnection::Pg(pg) => apply(pg, POSTGRES)?,
        };
        for name in &applied {
            tracing::info!(backend = %self.backend(), migration = %name, "migration applied");
        }
        Ok(applied)
    }
}
