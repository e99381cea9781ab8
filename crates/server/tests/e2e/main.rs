//! End-to-end tests: the real `panda` binary, over HTTP, on SQLite and on
//! PostgreSQL.

// Helper functions outside `#[test]` bodies unwrap too: in a test a panic is
// a failed test, which is what we want.
#![expect(
    clippy::unwrap_used,
    reason = "a panic in a test is a failed test, which is what we want"
)]

mod access;
mod audit;
mod availability;
mod booking;
mod contract;
mod framing;
mod import;
mod logs;
mod races;
mod support;
mod tls;
