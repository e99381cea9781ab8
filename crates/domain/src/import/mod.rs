//! Importing historical records in the NHS brief's format: the parsed
//! records, the checks a batch must pass as a whole, the port that writes
//! it in one transaction, and the use case.

pub mod check;
pub mod model;
pub mod plan;
pub mod ports;
pub mod service;
#[cfg(test)]
mod tests;

pub use check::check_batch;
pub use model::{
    ImportBatch, ImportCounts, ImportIssue, ImportMode, ImportOutcome, ImportedAppointment,
    Indexed, Source,
};
pub use ports::{ImportProgress, ImportRepository, NoProgress};
pub use service::ImportService;
