//! The import use case: check the whole batch first, then write it in one
//! transaction, or write nothing.

use crate::appointment::SchedulingPolicy;
use crate::common::ports::{Actor, Clock};
use crate::common::repository::RepositoryError;
use crate::import::check::check_batch;
use crate::import::model::{ImportBatch, ImportIssue, ImportMode, ImportOutcome, Source};
use crate::import::ports::{ImportProgress, ImportRepository};
use std::collections::HashSet;
use std::sync::Arc;

/// Imports historical records.
#[derive(Clone)]
pub struct ImportService {
    /// The import port.
    pub imports: Arc<dyn ImportRepository>,
    /// The time, for history entries.
    pub clock: Arc<dyn Clock>,
    /// The rules records must keep (grid and durations; a past start is allowed).
    pub policy: SchedulingPolicy,
}

impl std::fmt::Debug for ImportService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportService").finish_non_exhaustive()
    }
}

impl ImportService {
    /// Imports `batch`. `parse_issues` are the records the edge could not
    /// parse (they are not in the batch). In all-or-nothing mode any issue
    /// means nothing is written (the rest are still checked against the
    /// stored data, in [`ImportMode::Check`]); in skip mode the bad records
    /// are left out and the rest written.
    pub fn import(
        &self,
        mut batch: ImportBatch,
        parse_issues: Vec<ImportIssue>,
        mode: ImportMode,
        actor: &Actor,
        progress: &dyn ImportProgress,
    ) -> Result<ImportOutcome, RepositoryError> {
        let mut issues = parse_issues;
        issues.extend(check_batch(&batch, &self.policy));
        // Nothing will be written, but the store still checks the good
        // records against stored data, so that one run reports every bad one.
        let mode = if !issues.is_empty() && mode == ImportMode::AllOrNothing {
            ImportMode::Check
        } else {
            mode
        };
        let bad = |source| {
            issues
                .iter()
                .filter(move |i| i.source == source)
                .map(|i| i.index)
                .collect::<HashSet<_>>()
        };
        let (bad_patients, bad_appointments) = (bad(Source::Patients), bad(Source::Appointments));
        batch.patients.retain(|p| !bad_patients.contains(&p.index));
        // An appointment whose patient failed to parse stays in: the store
        // rejects it as `patient-not-found` unless the patient is stored.
        batch
            .appointments
            .retain(|a| !bad_appointments.contains(&a.index));
        let mut outcome = self
            .imports
            .import(&batch, mode, self.clock.now(), actor, progress)?;
        outcome.rejected.extend(issues);
        outcome.rejected.sort_by_key(|i| (i.source, i.index));
        Ok(outcome)
    }
}
