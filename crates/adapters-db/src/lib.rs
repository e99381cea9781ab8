//! PANDA's database adapter: every repository port of `panda-domain` over
//! Diesel and an r2d2 pool, one code base for SQLite and PostgreSQL.
//!
//! Start with [`Database::connect`], then [`Database::run_migrations`];
//! the `Database` then implements the ports. Two rules that concurrent
//! writers could break (one appointment per patient per UTC day, no
//! overlapping appointments per practitioner) are held by unique indexes,
//! and their violations come back as the domain's conflicts.

mod appointments;
mod audit;
mod connection;
mod directory;
mod errors;
mod holds;
mod idempotency;
mod import;
mod migrations;
mod paging;
mod patients;
mod reports;
mod rows;
mod schedules;
mod schema;
mod slots;
mod statement;
mod tokens;
mod url;

#[cfg(feature = "test-support")]
pub mod testing;

pub use connection::Database;
pub use errors::DbError;
pub use url::Backend;
