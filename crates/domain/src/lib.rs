//! PANDA's domain: the records a clinic keeps (patients, practitioners,
//! appointments), the values they are made of (valid by construction), the
//! scheduling rules and status lifecycle, the ports through which the
//! outside world is reached, and the use-case services that drive them.
//!
//! The crate does no I/O and knows no framework, wire format or database:
//! other services can depend on it alone. Port traits get mockall mocks
//! with the `mock` feature.
//!
//! The tree is the architecture: each area (`patient`, `directory`,
//! `appointment`, `schedule` for working patterns, absences, holds and the
//! free-slot search, and the rest) holds its values, `model`, `ports` and
//! `service`; `common` holds what the areas share.

pub mod access;
pub mod appointment;
pub mod audit;
pub mod common;
pub mod directory;
pub mod idempotency;
pub mod import;
pub mod patient;
pub mod report;
pub mod schedule;

pub use common::error::{ErrorKind, FieldError, InvalidInput, Problem};
pub use common::ports::{
    Actor, Clock, IdSource, Page, PageRequest, RandomIds, Readiness, SystemClock,
};
pub use common::repository::{Conflict, Pending, RepositoryError};
