//! The storage port for imports: one transaction for a whole batch.

use crate::common::ports::Actor;
use crate::common::repository::RepositoryError;
use crate::import::model::{ImportBatch, ImportMode, ImportOutcome};
use chrono::{DateTime, Utc};

/// Told how far an import has got, so that a terminal can draw a bar.
pub trait ImportProgress: Send + Sync {
    /// `done` of the batch's `total` records are settled (written,
    /// found unchanged, or rejected).
    fn advanced(&self, done: u64, total: u64);
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn advanced(&self, _done: u64, _total: u64) {}
}

/// Writes imported records.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait ImportRepository: Send + Sync {
    /// Writes the batch in ONE transaction. Departments, practitioners
    /// (identified by name and department), locations (by postcode; none when it has none) and
    /// practitioner roles that the appointments name are found or created.
    /// A patient or appointment whose key exists with identical content is
    /// counted `unchanged`; with different content it is rejected with the
    /// code `import-differs`. Appointments keep their ids, statuses and past
    /// starts, and get a `created` history entry by `actor` at `now`. The
    /// per-day and no-overlap rules apply against stored records too; a
    /// clash is rejected with the conflict's code. An appointment whose
    /// patient is neither in the batch nor stored is rejected with
    /// `patient-not-found`. In [`ImportMode::AllOrNothing`] any rejection
    /// rolls everything back (`committed: false`); in
    /// [`ImportMode::SkipInvalid`] rejected records are skipped and the rest
    /// committed; in [`ImportMode::Check`] everything is rolled back
    /// (`committed: false`, counts zero) and only the rejections returned.
    /// `progress` hears as records are settled, at least once at the end.
    fn import(
        &self,
        batch: &ImportBatch,
        mode: ImportMode,
        now: DateTime<Utc>,
        actor: &Actor,
        progress: &dyn ImportProgress,
    ) -> Result<ImportOutcome, RepositoryError>;
}
