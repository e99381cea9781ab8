//! End-to-end tests: the real `panda` binary, over HTTP, on SQLite and on
//! PostgreSQL.

mod booking;
mod races;
mod support;
