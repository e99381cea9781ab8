//! `/api/v1/audit`: the audit trail, for administrators.

pub mod list;
