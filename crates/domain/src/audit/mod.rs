//! The audit trail: who changed what, when, appended in the same
//! transaction as every write, never updated or deleted (the database
//! refuses it), and readable by administrators.
//!
//! A patient's personal data (NHS number, name, date of birth, postcode)
//! never enters the trail as plain values: a record names the patient it is
//! about as its [`AuditRecord::subject`], and each personal value is an
//! [`AuditValue::Personal`]. The store keeps those apart from the trail, in
//! a vault it empties when the patient is erased, so the trail outlives the
//! erasure without keeping what was erased (docs/adr/0009-audit-trail.md).

pub mod model;
pub mod ports;
pub mod service;

pub use model::{
    AuditAction, AuditFilter, AuditRecord, AuditValue, Change, Entity, EntityError, StoredRecord,
};
pub use ports::AuditRepository;
pub use service::AuditService;
