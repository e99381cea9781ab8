//! The contract suite: what every caller of the repository ports relies
//! on, checked against the real adapter on SQLite and on PostgreSQL. Each
//! test body takes a `&Database`; `contract!` runs it on a fresh database
//! of each backend (`<module>::sqlite::<name>`, `<module>::postgres::<name>`).

// The bodies are plain functions (the generated tests call them), so
// clippy does not see them as tests; in tests a panic is a failed test.
#![expect(
    clippy::unwrap_used,
    reason = "a panic in a test is a failed test, which is what we want"
)]

/// Generates, for each named test body, one test per backend.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let db = panda_adapters_db::testing::TestDatabase::sqlite();
                    super::$name(db.database());
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    if let Some(db) = panda_adapters_db::testing::TestDatabase::postgres() {
                        super::$name(db.database());
                    }
                }
            )*
        }
    };
}

mod appointments;
mod audit;
mod availability;
mod availability_holds;
mod availability_reads;
mod availability_search;
mod brief;
mod directory;
mod erase;
mod fixtures;
mod idempotency;
mod import;
mod import_rules;
mod list;
mod migrations;
mod model;
mod patients;
mod races;
mod roles;
mod rules;
mod series;
mod tokens;
mod volume;
