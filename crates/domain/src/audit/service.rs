//! Reading the trail, for administrators.

use crate::audit::model::{AuditFilter, StoredRecord};
use crate::audit::ports::AuditRepository;
use crate::common::ports::{Page, PageRequest};
use crate::common::repository::RepositoryError;
use std::sync::Arc;

/// Reads the audit trail.
#[derive(Clone)]
pub struct AuditService {
    /// The trail.
    pub audit: Arc<dyn AuditRepository>,
}

impl std::fmt::Debug for AuditService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditService").finish_non_exhaustive()
    }
}

impl AuditService {
    /// Records matching `filter`, newest first.
    pub fn list(
        &self,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<StoredRecord>, RepositoryError> {
        self.audit.list(filter, page)
    }
}
