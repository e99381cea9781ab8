//! Group commit for SQLite's one writer. SQLite admits one writing
//! transaction at a time, and a booking committed on its own pays for a
//! whole transaction (its WAL frames, its commit, the hand-over of the
//! connection to the next thread) to write a few rows. Here the bookings
//! that queue while the writer is busy are written together: one
//! `BEGIN IMMEDIATE`, each booking in its own savepoint (so one that breaks
//! a rule rolls back alone and gets its own conflict), one commit. Nobody
//! is answered before the commit that holds their booking.
//!
//! One thread of the adapter's own writes: it takes what is queued, writes
//! it, answers each caller, and goes straight on to what queued meanwhile,
//! so the writing connection never waits for a caller's thread to wake up.
//! Each caller sleeps on its own ticket and is woken once, with its answer.
//! The thread stops when the last handle on the database is dropped.

use super::{DbConnection, Manager, begin_write};
use crate::errors::{pool_error, repository_error};
use diesel::connection::TransactionManager;
use panda_domain::RepositoryError;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

/// One write, owned, so that the writing thread can run it.
pub(crate) type Job = Box<dyn FnOnce(&mut DbConnection) -> Result<(), RepositoryError> + Send>;

/// The most jobs one transaction carries.
const MAX_BATCH: usize = 128;

/// The queue of writes and the thread that writes them; dropping it stops
/// the thread once the queue is empty.
pub(crate) struct GroupCommit {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when a job is queued or the thread must stop.
    work: Condvar,
}

#[derive(Default)]
struct State {
    queue: VecDeque<(Arc<Ticket>, Job)>,
    /// The thread sleeps for want of work (so a new job must wake it).
    idle: bool,
    stop: bool,
}

/// What one caller waits for: its job's outcome.
#[derive(Default)]
struct Ticket {
    outcome: Mutex<Option<Result<(), RepositoryError>>>,
    answered: Condvar,
}

/// Every lock here guards state that each step leaves whole, so a thread
/// that panicked while holding one left nothing half-made.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Ticket {
    fn answer(&self, outcome: Result<(), RepositoryError>) {
        *lock(&self.outcome) = Some(outcome);
        self.answered.notify_one();
    }

    fn wait(&self) -> Result<(), RepositoryError> {
        let mut outcome = lock(&self.outcome);
        loop {
            if let Some(outcome) = outcome.take() {
                return outcome;
            }
            outcome = self
                .answered
                .wait(outcome)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

impl GroupCommit {
    /// Starts the writing thread, which takes its connection from `writers`
    /// for each batch (other writes share that pool).
    pub(crate) fn start(writers: r2d2::Pool<Manager>) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            state: Mutex::default(),
            work: Condvar::new(),
        });
        let mine = shared.clone();
        let thread = std::thread::Builder::new()
            .name("panda-writer".into())
            .spawn(move || mine.run(&writers))?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    /// Queues `job`, and returns its outcome once the transaction holding
    /// it has committed (or failed).
    pub(crate) fn write(&self, job: Job) -> Result<(), RepositoryError> {
        let ticket = Arc::new(Ticket::default());
        let mut state = lock(&self.shared.state);
        state.queue.push_back((ticket.clone(), job));
        if state.idle {
            state.idle = false;
            self.shared.work.notify_one();
        }
        drop(state);
        ticket.wait()
    }
}

impl Shared {
    /// The writing thread: batches until told to stop with nothing queued.
    fn run(&self, writers: &r2d2::Pool<Manager>) {
        loop {
            let batch: Vec<(Arc<Ticket>, Job)> = {
                let mut state = lock(&self.state);
                while state.queue.is_empty() && !state.stop {
                    state.idle = true;
                    state = self
                        .work
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if state.queue.is_empty() {
                    return;
                }
                let take = state.queue.len().min(MAX_BATCH);
                state.queue.drain(..take).collect()
            };
            let (tickets, jobs): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            let count = tickets.len();
            // A panicking job is a bug; it must not leave callers waiting
            // for ever or stop every later booking.
            let results = catch_unwind(AssertUnwindSafe(|| commit_batch(writers, jobs)))
                .unwrap_or_else(|_| failed_all(count, &"the writing thread failed"));
            for (ticket, result) in tickets.into_iter().zip(results) {
                ticket.answer(result);
            }
        }
    }
}

impl Drop for GroupCommit {
    fn drop(&mut self) {
        lock(&self.shared.state).stop = true;
        self.shared.work.notify_one();
        if let Some(thread) = self.thread.take() {
            // Its panics are caught per batch; nothing more to report.
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for GroupCommit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupCommit").finish_non_exhaustive()
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
    for job in jobs {
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

/// The same failure for every job of a batch that could not be written.
fn failed_all(count: usize, why: &dyn std::fmt::Display) -> Vec<Result<(), RepositoryError>> {
    let why = why.to_string();
    (0..count)
        .map(|_| Err(RepositoryError::unexpected(why.clone())))
        .collect()
}

#[cfg(all(test, feature = "test-support"))]
#[expect(
    clippy::unwrap_used,
    reason = "a broken fixture should fail the test loudly"
)]
mod tests {
    use crate::connection::Database;
    use crate::testing::TestDatabase;
    use diesel::RunQueryDsl;
    use panda_domain::RepositoryError;

    fn insert_department(db: &Database, name: &'static str) -> Result<(), RepositoryError> {
        db.grouped().unwrap().write(Box::new(move |conn| {
            diesel::sql_query(format!(
                "INSERT INTO departments (id, name, version) VALUES ('{name}', '{name}', 1)"
            ))
            .execute(conn)
            .map(|_| ())
            .map_err(crate::errors::repository_error)
        }))
    }

    fn departments(db: &Database) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = db.connection().unwrap();
        diesel::sql_query("SELECT COUNT(*) AS n FROM departments")
            .get_result::<Count>(&mut *conn)
            .unwrap()
            .n
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

    #[cfg(target_os = "linux")]
    #[test]
    fn the_writing_thread_stops_with_the_last_handle_on_the_database() {
        let writers = || {
            std::fs::read_dir("/proc/self/task")
                .unwrap()
                .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
                .filter(|name| name.trim() == "panda-writer")
                .count()
        };
        let before = writers();
        let db = TestDatabase::sqlite();
        let handle = db.database().clone();
        assert_eq!(writers(), before + 1);
        drop(db);
        assert_eq!(writers(), before + 1, "a clone still holds it");
        insert_department(&handle, "still").unwrap();
        drop(handle);
        assert_eq!(writers(), before);
    }
}
