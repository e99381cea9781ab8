//! Group commit for SQLite's one writer. SQLite admits one writing
//! transaction at a time, and a booking committed on its own pays for a
//! whole transaction (its WAL frames, its commit, the hand-over of the
//! connection to the next thread) to write a few rows. Here the bookings
//! that queue while the writer is busy are written together: one
//! `BEGIN IMMEDIATE`, each booking in its own savepoint (so one that breaks
//! a rule rolls back alone and gets its own conflict), one commit. Nobody
//! is answered before the commit that holds their booking.
//!
//! One thread of the adapter's own does the writes (`super::batches`): it
//! takes what is queued, writes it, answers each caller, and goes straight
//! on to what queued meanwhile, so the writing connection never waits for a
//! caller's thread to wake up. The thread stops when the last handle on the
//! database is dropped.

use super::batches::{Batches, failed_all};
use super::{DbConnection, Job, Manager, begin_write};
use crate::errors::{pool_error, repository_error};
use diesel::connection::TransactionManager;
use panda_domain::RepositoryError;

/// The most jobs one transaction carries.
const MAX_BATCH: usize = 128;

/// The queue of writes and the thread that writes them; dropping it stops
/// the thread once the queue is empty.
#[derive(Debug)]
pub(crate) struct GroupCommit(Batches<Job, ()>);

impl GroupCommit {
    /// Starts the writing thread, which takes its connection from `writers`
    /// for each batch (other writes share that pool).
    pub(crate) fn start(writers: r2d2::Pool<Manager>) -> std::io::Result<Self> {
        Batches::start("panda-writer", 1, MAX_BATCH, move |jobs| {
            commit_batch(&writers, jobs)
        })
        .map(Self)
    }

    /// Queues `job`, and returns its outcome once the transaction holding
    /// it has committed (or failed).
    pub(crate) fn write(&self, job: Job) -> Result<(), RepositoryError> {
        self.0.submit(job)
    }

    /// For tests: whether the writing thread still runs (see
    /// `Batches::watch`).
    #[cfg(test)]
    pub(crate) fn watch(&self) -> impl Fn() -> bool + use<> {
        self.0.watch()
    }
}

/// Writes `jobs` in one transaction, one savepoint each, and returns each
/// job's outcome in order.
fn commit_batch(writers: &r2d2::Pool<Manager>, jobs: Vec<Job>) -> Vec<Result<(), RepositoryError>> {
    let count = jobs.len();
    let mut pooled = match writers.get() {
        Ok(conn) => conn,
        Err(e) => return failed_all(count, &pool_error(e)),
    };
    let conn: &mut DbConnection = &mut pooled;
    if let Err(e) = begin_write(conn) {
        return failed_all(count, &repository_error(e));
    }
    let mut results = Vec::with_capacity(count);
    for mut job in jobs {
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
        results.push(result);
    }
    if let Err(e) = DbConnection::commit_transaction(conn) {
        let _ = DbConnection::rollback_transaction(conn);
        return failed_all(count, &repository_error(e));
    }
    results
}

#[cfg(all(test, feature = "test-support"))]
#[expect(
    clippy::unwrap_used,
    reason = "a broken fixture should fail the test loudly"
)]
mod tests {
    use crate::connection::Database;
    use crate::connection::test_jobs::{self, departments};
    use crate::testing::TestDatabase;
    use panda_domain::RepositoryError;

    fn insert_department(db: &Database, name: &'static str) -> Result<(), RepositoryError> {
        db.grouped()
            .unwrap()
            .write(test_jobs::insert_department(name))
    }

    #[test]
    fn a_panicking_job_fails_alone_and_the_writer_goes_on() {
        let db = TestDatabase::sqlite();
        let panicked = db
            .grouped()
            .unwrap()
            .write(Box::new(|_| panic!("a bug in a job")));
        assert!(
            matches!(panicked, Err(RepositoryError::Unexpected(_))),
            "{panicked:?}"
        );
        insert_department(&db, "after").unwrap();
        assert_eq!(departments(&db), 1);
    }

    #[test]
    fn a_failing_job_rolls_back_alone_and_every_caller_gets_its_own_answer() {
        let db = TestDatabase::sqlite();
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let calls: Vec<_> = ["a", "b", "a", "c", "b", "d"]
                .into_iter()
                .map(|name| {
                    let db = &db;
                    s.spawn(move || (name, insert_department(db, name)))
                })
                .collect();
            calls.into_iter().map(|c| c.join().unwrap()).collect()
        });
        // Each name is written once, whichever of its two callers won.
        for name in ["a", "b"] {
            let ok = outcomes
                .iter()
                .filter(|(n, r)| *n == name && r.is_ok())
                .count();
            assert_eq!(ok, 1, "{name}: {outcomes:?}");
        }
        assert!(
            outcomes
                .iter()
                .filter(|(n, _)| *n == "c" || *n == "d")
                .all(|(_, r)| r.is_ok())
        );
        assert_eq!(departments(&db), 4);
    }

    #[test]
    fn the_writing_thread_stops_with_the_last_handle_on_the_database() {
        let db = TestDatabase::sqlite();
        let running = db.grouped().unwrap().watch();
        let handle = db.database().clone();
        drop(db);
        assert!(running(), "a clone still holds it");
        insert_department(&handle, "still").unwrap();
        drop(handle);
        assert!(!running());
    }
}
