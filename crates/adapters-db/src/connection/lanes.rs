//! PostgreSQL's bookings in the order they came (ADR 0015). A booking is
//! one statement (ADR 0013); under load, dozens of callers' threads used
//! to wait at the pool for one of its connections, and whichever thread
//! the scheduler woke first took the connection that was given back. A
//! caller could lose that race many times over: the median booking waited
//! 23 ms and one in a hundred 60 to 80 ms (docs/benchmarks.md, "Bookings
//! in the order they came").
//!
//! Here bookings queue instead (`super::batches`), and a few threads of
//! the adapter's own, each on a connection of a pool of their own, take
//! them one at a time, oldest first. Each booking is still its own
//! statement and its own transaction: nothing waits for another booking's
//! commit, and nothing is answered before its own commit. The threads stop
//! when the last handle on the database is dropped.

use super::batches::{Batches, failed_all};
use super::{Job, Manager, retried};
use crate::errors::pool_error;
use panda_domain::RepositoryError;

/// The queue of bookings and the threads that write them.
#[derive(Debug)]
pub(crate) struct Lanes(Batches<Job, ()>);

impl Lanes {
    /// Starts one thread per connection of `pool`, each writing one queued
    /// job at a time.
    pub(crate) fn start(pool: r2d2::Pool<Manager>) -> std::io::Result<Self> {
        let threads = usize::try_from(pool.max_size()).unwrap_or(1);
        Batches::start("panda-booker", threads, 1, move |jobs| {
            let mut conn = match pool.get() {
                Ok(conn) => conn,
                Err(e) => return failed_all(jobs.len(), &pool_error(e)),
            };
            jobs.into_iter()
                .map(|mut job: Job| retried(|| job(&mut conn)))
                .collect()
        })
        .map(Self)
    }

    /// Queues `job`, and returns its outcome once it has run (retried as
    /// [`super::Database::write`] retries a transient failure).
    pub(crate) fn write(&self, job: Job) -> Result<(), RepositoryError> {
        self.0.submit(job)
    }

    /// For tests: whether the threads still run (see `Batches::watch`).
    #[cfg(test)]
    pub(crate) fn watch(&self) -> impl Fn() -> bool + use<> {
        self.0.watch()
    }
}

#[cfg(all(test, feature = "test-support"))]
#[expect(
    clippy::unwrap_used,
    reason = "a broken fixture should fail the test loudly"
)]
mod tests {
    use crate::connection::test_jobs::{self, departments};
    use crate::connection::{Database, DbConnection};
    use crate::testing::TestDatabase;
    use diesel::RunQueryDsl;
    use panda_domain::RepositoryError;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn insert_department(db: &Database, name: String) -> Result<(), RepositoryError> {
        db.lanes()
            .unwrap()
            .write(test_jobs::insert_department(name))
    }

    #[test]
    fn sqlite_has_no_lanes_since_its_group_commit_queues_bookings() {
        assert!(TestDatabase::sqlite().lanes().is_none());
    }

    #[test]
    fn each_caller_gets_its_own_answer_and_every_job_is_committed_on_its_own() {
        let Some(db) = TestDatabase::postgres() else {
            return;
        };
        // 48 callers, 16 names each asked three times: each name is written
        // once, and the other two callers get the unique violation, not a
        // failure shared with the jobs around theirs.
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let calls: Vec<_> = (0..48)
                .map(|i| {
                    let db = &db;
                    s.spawn(move || (i % 16, insert_department(db, format!("d{}", i % 16))))
                })
                .collect();
            calls.into_iter().map(|c| c.join().unwrap()).collect()
        });
        for name in 0..16 {
            let answers: Vec<_> = outcomes.iter().filter(|(n, _)| *n == name).collect();
            assert_eq!(
                answers.iter().filter(|(_, r)| r.is_ok()).count(),
                1,
                "{answers:?}"
            );
            assert!(
                answers
                    .iter()
                    .filter_map(|(_, r)| r.as_ref().err())
                    .all(|e| matches!(e, RepositoryError::Conflict(_))),
                "{answers:?}"
            );
        }
        assert_eq!(departments(&db), 16);
    }

    #[test]
    fn a_job_runs_on_a_booking_thread_outside_any_transaction() {
        let Some(db) = TestDatabase::postgres() else {
            return;
        };
        let seen = Arc::new(std::sync::Mutex::new(None));
        let record = Arc::clone(&seen);
        db.lanes()
            .unwrap()
            .write(Box::new(move |conn| {
                let DbConnection::Pg(pg) = conn else {
                    panic!("a PostgreSQL connection");
                };
                let depth = <diesel::connection::AnsiTransactionManager as diesel::connection::TransactionManager<diesel::PgConnection>>::transaction_manager_status_mut(pg)
                    .transaction_depth()
                        .unwrap();
                *record.lock().unwrap() =
                    Some((std::thread::current().name().map(str::to_owned), depth));
                Ok(())
            }))
            .unwrap();
        let (thread, depth) = seen.lock().unwrap().take().unwrap();
        assert_eq!(thread.as_deref(), Some("panda-booker"));
        assert_eq!(depth, None, "a booking is its own transaction");
    }

    #[test]
    fn a_transient_failure_is_tried_again_and_a_panic_fails_its_job_alone() {
        let Some(db) = TestDatabase::postgres() else {
            return;
        };
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let outcome = db.lanes().unwrap().write(Box::new(move |conn| {
            // A serialization failure the first time, as PostgreSQL reports one.
            if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                return diesel::sql_query(
                    "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$",
                )
                .execute(conn)
                .map(|_| ())
                .map_err(crate::errors::repository_error);
            }
            Ok(())
        }));
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let panicked = db
            .lanes()
            .unwrap()
            .write(Box::new(|_| panic!("a bug in a job")));
        assert!(
            matches!(panicked, Err(RepositoryError::Unexpected(_))),
            "{panicked:?}"
        );
        insert_department(&db, "after".to_owned()).unwrap();
        assert_eq!(departments(&db), 1);
    }

    #[test]
    fn the_booking_threads_stop_with_the_last_handle_on_the_database() {
        let Some(db) = TestDatabase::postgres() else {
            return;
        };
        let running = db.lanes().unwrap().watch();
        let handle = db.database().clone();
        insert_department(&handle, "through a clone".to_owned()).unwrap();
        drop(handle);
        assert!(running(), "the test database still holds it");
        drop(db);
        assert!(!running());
    }
}
