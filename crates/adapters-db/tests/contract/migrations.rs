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

/// The `busy_days` trigger of migration 2026-12-01-000002 computes each
/// slot's bit in PL/pgSQL instead of calling `busy_days_bits`: for every
/// 15-minute slot of a day, taken and then freed, it writes what the
/// function computes.
#[test]
fn postgres_busy_days_hold_the_bit_the_function_gives_for_every_slot_of_a_day() {
    let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() else {
        return;
    };
    for sql in [
        "INSERT INTO departments (id, name, version) VALUES ('d', 'Dermatology', 1)",
        "INSERT INTO practitioners (id, name, department_id, version) VALUES ('p', 'Dr P', 'd', 1)",
        "INSERT INTO appointments (id, practitioner_id, department_id, start_at, end_at, \
         start_day, duration_minutes, status, version) VALUES ('a', 'p', 'd', \
         '2027-03-01 00:00', '2027-03-02 00:00', '2027-03-01', 1440, 'active', 1)",
    ] {
        db.execute_raw(sql).unwrap();
    }
    // What the function gives, summed per day, against what the trigger wrote.
    let agrees = |early: &str, late: &str| {
        let sql = format!(
            "SELECT 1 FROM busy_days b WHERE b.practitioner_id = 'p' AND b.day = '2027-03-01' \
             AND b.early = {early} AND b.late = {late} AND (b.early, b.late) = \
             (SELECT COALESCE(SUM(x.early), 0), COALESCE(SUM(x.late), 0) \
              FROM appointment_slots s, busy_days_bits(s.slot_start) x \
              WHERE s.practitioner_id = 'p' AND s.appointment_id IS NOT NULL)"
        );
        db.execute_raw(&sql).unwrap() == 1
    };
    for unit in 0..96 {
        db.execute_raw(&format!(
            "INSERT INTO appointment_slots (practitioner_id, slot_start, appointment_id) \
             VALUES ('p', TIMESTAMP '2027-03-01' + INTERVAL '15 minutes' * {unit}, 'a')"
        ))
        .unwrap();
    }
    let all = (1_i64 << 48) - 1;
    assert!(agrees(&all.to_string(), &all.to_string()), "all 96 slots");
    // Every other slot freed, the last of the early half among them.
    db.execute_raw(
        "DELETE FROM appointment_slots WHERE practitioner_id = 'p' \
         AND (EXTRACT(HOUR FROM slot_start)::INT * 4 + EXTRACT(MINUTE FROM slot_start)::INT / 15) % 2 = 1",
    )
    .unwrap();
    let evens = (0..48).step_by(2).map(|bit| 1_i64 << bit).sum::<i64>();
    assert!(agrees(&evens.to_string(), &evens.to_string()), "even slots");
    // A slot handed from the appointment to a hold is no longer busy.
    db.execute_raw(
        "UPDATE appointment_slots SET appointment_id = NULL, hold_id = 'h', \
         expires_at = '2027-03-01' WHERE slot_start = '2027-03-01 23:30'",
    )
    .unwrap();
    let late = evens - (1_i64 << 46);
    assert!(agrees(&evens.to_string(), &late.to_string()), "23:30 held");
}
