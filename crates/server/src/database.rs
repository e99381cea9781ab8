//! Opening the database the configuration names and bringing its schema
//! up to date: the first step of both `serve` and `migrate`.

use crate::config::Config;
use anyhow::Context;
use panda_adapters_db::Database;

/// Connects (a pool of `pool_size`), applies pending migrations, and
/// returns the database with the names of the migrations applied.
pub fn open_and_migrate(config: &Config) -> anyhow::Result<(Database, Vec<String>)> {
    tracing::info!(
        backend = %config.backend(),
        database = %config.database_url,
        pool_size = config.pool_size,
        "opening the database"
    );
    let database = Database::connect(config.database_url.expose(), config.pool_size)
        .with_context(|| format!("cannot open the database {}", config.database_url))?;
    let applied = database
        .run_migrations()
        .context("cannot bring the database schema up to date")?;
    tracing::info!(applied = applied.len(), "database schema is up to date");
    Ok((database, applied))
}

/// `panda migrate`: applies pending migrations and lists them.
pub fn migrate(config: &Config) -> anyhow::Result<()> {
    let (_, applied) = open_and_migrate(config)?;
    if applied.is_empty() {
        println!("database schema was already up to date");
    } else {
        println!(
            "applied {} migration(s): {}",
            applied.len(),
            applied.join(", ")
        );
    }
    Ok(())
}
