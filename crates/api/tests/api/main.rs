//! The HTTP API against mocked ports: every route's success path, every
//! error mapping, and Welsh problems.

#![expect(
    clippy::unwrap_used,
    reason = "a broken fixture or reply should fail the test loudly"
)]

mod access;
mod access_log;
mod appointments;
mod audit;
mod availability;
mod bookings;
mod contract;
mod directory;
mod errors;
mod holds;
mod idempotency;
mod locations;
mod lookups;
mod oidc;
mod openapi;
mod patient_lists;
mod patients;
mod practitioners;
mod properties;
mod reports;
mod series;
mod support;
