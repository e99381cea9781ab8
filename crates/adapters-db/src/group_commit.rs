//! Group commit for SQLite's one writer. SQLite admits one writing
//! transaction at a time, and a booking committed on its own pays for a
//! whole transaction (its WAL frames, its commit, the hand-over of the
//! connection to the next thread) to write a few rows. Here the bookings
//! that queue while the writer is busy are written together: one
//! `BEGIN IMMEDIATE`, each booking in its own savepoint (so one that breaks
//! a rule rolls back alone and gets its own conflict), one commit. Nobody
//! is answered before the commit that holds their booking.
//!
//! There is no writer thread: the first caller to find nobody writing
//! leads, writes what is queued (its own job included), hands the results
//! out and steps down; a caller whose job is still queued then leads.

use crate::connection::{Database, DbConnection, begin_write};
use crate::errors::{pool_error, repository_error};
use diesel::connection::TransactionManager;
use panda_domain::RepositoryError;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// One write, owned, so that the leading thread can run it.
pub(crate) type Job = Box<dyn FnOnce(&mut DbConnection) -> Result<(), RepositoryError> + Send>;

/// The most jobs one transaction carries.
const MAX_BATCH: usize = 128;

/// The queue of writes and their results.
#[derive(Default)]
pub(crate) struct GroupCommit {
    state: Mutex<State>,
    answered: Condvar,
}

#[derive(Default)]
struct State {
    queue: Vec<(u64, Job)>,
    results: HashMap<u64, Result<(), RepositoryError>>,
    next_id: u64,
    leading: bool,
}

impl GroupCommit {
    /// The state, even if a thread panicked while holding it: every change
    /// to it is a whole step, so it is never left half-made.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Steps down when the leader is done, or panics: the jobs it took get an
/// error rather than leaving their callers waiting for ever.
struct Leading<'a> {
    group: &'a GroupCommit,
    taken: Vec<u64>,
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut state = self.group.lock();
        for id in self.taken.drain(..) {
            state
                .results
                .entry(id)
                .or_insert_with(|| Err(RepositoryError::unexpected("the writing thread failed")));
        }
        state.leading = false;
        drop(state);
        self.group.answered.notify_all();
    }
}

impl Database {
    /// Runs `job` in a transaction shared with the other writes queued at
    /// the same time, and returns its own result once that transaction has
    /// committed (or failed).
    pub(crate) fn write_grouped(&self, job: Job) -> Result<(), RepositoryError> {
        let group = self.group();
        let mut state = group.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.queue.push((id, job));
        loop {
            if let Some(result) = state.results.remove(&id) {
                return result;
            }
            if state.leading {
                state = group
                    .answered
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            state.leading = true;
            let take = state.queue.len().min(MAX_BATCH);
            let batch: Vec<(u64, Job)> = state.queue.drain(..take).collect();
            drop(state);
            let leading = Leading {
                group,
                taken: batch.iter().map(|(id, _)| *id).collect(),
            };
            let results = self.commit_batch(batch);
            group.lock().results.extend(results);
            // Steps down and wakes everyone: each finds its result, or
            // that nobody leads and its job is still queued.
            drop(leading);
            state = group.lock();
        }
    }

    /// Writes `batch` in one transaction, one savepoint per job.
    fn commit_batch(&self, batch: Vec<(u64, Job)>) -> Vec<(u64, Result<(), RepositoryError>)> {
        let ids = || batch.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        let mut pooled = match self.writer() {
            Ok(conn) => conn,
            Err(e) => return failed_all(ids(), &pool_error(e)),
        };
        let conn: &mut DbConnection = &mut pooled;
        if let Err(e) = begin_write(conn) {
            return failed_all(ids(), &repository_error(e));
        }
        let mut results = Vec::with_capacity(batch.len());
        for (id, job) in batch {
            // A nested begin is a savepoint.
            let result = match DbConnection::begin_transaction(conn) {
                Err(e) => Err(repository_error(e)),
                Ok(()) => match job(conn) {
                    Ok(()) => DbConnection::commit_transaction(conn).map_err(repository_error),
                    Err(error) => {
                        let _ = DbConnection::rollback_transaction(conn);
                        Err(error)
                    }
                },
            };
            results.push((id, result));
        }
        if let Err(e) = DbConnection::commit_transaction(conn) {
            let _ = DbConnection::rollback_transaction(conn);
            let taken = results.into_iter().map(|(id, _)| id).collect();
            return failed_all(taken, &repository_error(e));
        }
        results
    }
}

/// The same failure for every job of a batch that could not be written.
fn failed_all(
    ids: Vec<u64>,
    why: &dyn std::fmt::Display,
) -> Vec<(u64, Result<(), RepositoryError>)> {
    let why = why.to_string();
    ids.into_iter()
        .map(|id| (id, Err(RepositoryError::unexpected(why.clone()))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leader_that_panics_still_answers_the_jobs_it_took() {
        let group = GroupCommit::default();
        group.lock().leading = true;
        {
            let _leading = Leading {
                group: &group,
                taken: vec![7],
            };
        }
        let state = group.lock();
        assert!(!state.leading);
        assert!(matches!(
            state.results.get(&7),
            Some(Err(RepositoryError::Unexpected(_)))
        ));
    }
}
