//! Reading the trail. Writing it is each write port's job, in the write's
//! own transaction: there is no way to append a record on its own.

use crate::audit::model::{AuditFilter, StoredRecord};
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::RepositoryError;

/// Reads the audit trail.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait AuditRepository: Send + Sync {
    /// Records matching `filter`, newest first.
    fn list(
        &self,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<StoredRecord>, RepositoryError>;
}
