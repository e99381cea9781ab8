//! The schema migrations.

use panda_adapters_db::Database;

contract!(
    running_the_migrations_again_applies_nothing,
    a_migrated_database_is_ready,
);

fn running_the_migrations_again_applies_nothing(db: &Database) {
    assert_eq!(db.run_migrations().unwrap(), Vec::<String>::new());
    assert_eq!(db.run_migrations().unwrap(), Vec::<String>::new());
}

/// Several PANDA instances starting at once against one fresh database:
/// every one of them succeeds, and the migrations are applied exactly once.
fn instances_starting_together_migrate_once(fresh: panda_adapters_db::testing::TestDatabase) {
    let url = fresh.url().to_owned();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                Database::connect(&url, 1)
                    .unwrap()
                    .run_migrations()
                    .unwrap()
            })
        })
        .collect();
    let applied: Vec<Vec<String>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let total: usize = applied.iter().map(Vec::len).sum();
    let all = applied
        .iter()
        .find(|a| !a.is_empty())
        .cloned()
        .unwrap_or_default();
    assert!(!all.is_empty(), "somebody applied the migrations");
    assert_eq!(
        total,
        all.len(),
        "each migration was applied once: {applied:?}"
    );
}

#[test]
fn sqlite_instances_starting_together_migrate_once() {
    instances_starting_together_migrate_once(
        panda_adapters_db::testing::TestDatabase::sqlite_unmigrated(),
    );
}

#[test]
fn postgres_instances_starting_together_migrate_once() {
    if let Some(fresh) = panda_adapters_db::testing::TestDatabase::postgres_unmigrated() {
        instances_starting_together_migrate_once(fresh);
    }
}

/// With the `postgres-tls` feature libpq speaks TLS: a connection that
/// requires it is made, and the server reports it encrypted.
#[cfg(feature = "postgres-tls")]
#[test]
fn postgresql_is_reached_over_tls_when_the_url_requires_it() {
    let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() else {
        return;
    };
    let separator = if db.url().contains('?') { '&' } else { '?' };
    let url = format!("{}{separator}sslmode=require", db.url());
    let tls = panda_adapters_db::Database::connect(&url, 1).unwrap();
    let encrypted =
        tls.execute_raw("SELECT 1 FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl");
    assert_eq!(encrypted, Ok(1), "the connection is not encrypted");
}

fn a_migrated_database_is_ready(db: &Database) {
    use panda_domain::Readiness;
    db.check().unwrap();
}

#[test]
fn an_unmigrated_database_is_not_ready_until_it_is_migrated() {
    use panda_domain::Readiness;
    let fresh = panda_adapters_db::testing::TestDatabase::sqlite_unmigrated();
    assert!(fresh.database().check().is_err());
    fresh.database().run_migrations().unwrap();
    fresh.database().check().unwrap();
}
