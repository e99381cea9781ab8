//! The HTTP API against mocked ports: every route's success path, every
//! error mapping, and Welsh problems.

#![expect(
    clippy::unwrap_used,
    reason = "a broken fixture or reply should fail the test loudly"
)]

mod appointments;
mod directory;
mod errors;
mod openapi;
mod patients;
mod practitioners;
mod support;
