//! The schema migrations.

use panda_adapters_db::Database;

contract!(running_the_migrations_again_applies_nothing);

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
