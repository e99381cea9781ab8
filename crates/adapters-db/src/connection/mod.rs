//! The pool of connections and the transactions run on them. One Diesel
//! connection type covers SQLite and PostgreSQL; the URL picks which.

pub(crate) mod batches;
mod group_commit;
mod lanes;
mod retry;
mod sqlite;
#[cfg(all(test, feature = "test-support"))]
mod test_jobs;

use group_commit::GroupCommit;
use lanes::Lanes;

use crate::appointments::by_patient::{self, GroupedReads};
use crate::errors::{DbError, pool_error, repository_error};
use crate::url::{Backend, Target};
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::R2D2Connection;
use diesel::{Connection, PgConnection, SqliteConnection};
use panda_domain::RepositoryError;
use retry::{WRITE_ATTEMPTS, is_transient};
use sqlite::SqlitePragmas;
use std::fmt;
use std::sync::Arc;

/// One write, owned, so that a thread of the adapter's own can run it (and
/// run it again after a transient failure).
pub(crate) type Job = Box<dyn FnMut(&mut DbConnection) -> Result<(), RepositoryError> + Send>;

/// A connection to either backend. Queries written once against it run on
/// both; where the SQL must differ, code matches on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// A SQLite file.
    Sqlite(SqliteConnection),
    /// A PostgreSQL server.
    Pg(PgConnection),
}

/// Opens connections of the backend the URL named. Diesel's own manager
/// would try each backend in turn; this one never guesses.
#[derive(Debug, Clone)]
pub(crate) struct Manager {
    target: Target,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        match &self.target {
            Target::Sqlite(path) => SqliteConnection::establish(path).map(DbConnection::Sqlite),
            Target::Postgres(url) => PgConnection::establish(url).map(DbConnection::Pg),
        }
        .map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// PANDA's database: pools of connections to SQLite or PostgreSQL, and
/// the implementation of every repository port. Cheap to clone (the pools
/// are shared).
///
/// SQLite lets one writer in at a time whatever the pool, so writes get a
/// pool of one connection (no lock contention, no busy-wait back-off) and
/// reads pools of their own, which WAL lets run beside the writer: one for
/// reads of a record by its key, which the server may run on its async
/// workers, and one for scans (lists, searches, reports), so that a long
/// report never leaves a worker waiting for a connection. On PostgreSQL all
/// three are the same pool.
#[derive(Clone)]
pub struct Database {
    readers: r2d2::Pool<Manager>,
    scanners: r2d2::Pool<Manager>,
    writers: r2d2::Pool<Manager>,
    backend: Backend,
    /// Bookings written together on SQLite (see `group_commit`); none on
    /// PostgreSQL, which takes many writers at once.
    group: Option<Arc<GroupCommit>>,
    /// Reads of a patient's appointments done together on PostgreSQL (see
    /// `appointments::by_patient`); none on SQLite, which reads from memory.
    grouped_reads: Option<Arc<GroupedReads>>,
    /// Bookings written in the order they came on PostgreSQL (see `lanes`),
    /// on connections of their own; none on SQLite, whose group commit
    /// queues them already.
    lanes: Option<Arc<Lanes>>,
    /// The free-slot search's candidates already parsed, by their text
    /// (`slots::parsed`): a memo of a function, no state of the database's.
    pub(crate) parsed: Arc<crate::slots::ParsedCandidates>,
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.readers.state();
        f.debug_struct("Database")
            .field("backend", &self.backend)
            .field("connections", &state.connections)
            .field("idle", &state.idle_connections)
            .finish()
    }
}

impl Database {
    /// Opens pools of connections to the database `url` names:
    /// `sqlite://<path>` or `sqlite:<path>` (the file is created if
    /// missing), `postgres://...` or `postgresql://...`. PostgreSQL gets one
    /// pool of `pool_size` connections (at least one), and half as many
    /// again (rounded up) for bookings; SQLite gets `pool_size` for keyed
    /// reads, as many for scans, and one writer. Measured good sizes: 2 for
    /// SQLite, 8 for PostgreSQL (ADR 0015).
    pub fn connect(url: &str, pool_size: u32) -> Result<Database, DbError> {
        let target = Target::parse(url)?;
        let backend = target.backend();
        let manager = Manager { target };
        // One connection first, so that a wrong host or path fails at once
        // with the driver's own message, rather than after the pool's
        // 30-second wait for connections that will never open.
        let mut first = r2d2::ManageConnection::connect(&manager).map_err(DbError::Connect)?;
        // A fresh SQLite file is switched to WAL here, alone: the pools'
        // connections then find it done, instead of racing to switch it
        // (which fails one of them with "database is locked" for r2d2 to
        // log and retry).
        if let DbConnection::Sqlite(sqlite) = &mut first {
            diesel::connection::SimpleConnection::batch_execute(
                sqlite,
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;",
            )
            .map_err(|e| DbError::Connect(diesel::r2d2::Error::QueryError(e)))?;
        }
        drop(first);
        let pool = |size: u32, reader: bool| {
            r2d2::Pool::builder()
                .max_size(size.max(1))
                // A broken connection is found by `has_broken` when it is
                // returned; probing each one on checkout cost a round trip
                // per use (-20% reads/s on PostgreSQL, measured).
                .test_on_check_out(false)
                .connection_customizer(Box::new(SqlitePragmas { reader }))
                .build(manager.clone())
                .map_err(DbError::Pool)
        };
        let readers = pool(pool_size, true)?;
        let (scanners, writers, group, grouped_reads, lanes) = match backend {
            Backend::Sqlite => {
                let scanners = pool(pool_size, true)?;
                let writers = pool(1, false)?;
                let group = GroupCommit::start(writers.clone()).map_err(DbError::Thread)?;
                (scanners, writers, Some(Arc::new(group)), None, None)
            }
            Backend::Postgres => {
                let reads = by_patient::start(readers.clone()).map_err(DbError::Thread)?;
                let lanes =
                    Lanes::start(pool(pool_size.div_ceil(2), false)?).map_err(DbError::Thread)?;
                (
                    readers.clone(),
                    readers.clone(),
                    None,
                    Some(Arc::new(reads)),
                    Some(Arc::new(lanes)),
                )
            }
        };
        tracing::debug!(%backend, pool_size, "database pools opened");
        Ok(Database {
            readers,
            scanners,
            writers,
            backend,
            group,
            grouped_reads,
            lanes,
            parsed: Arc::default(),
        })
    }

    /// Which backend this database is, for logs.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The queue of writes committed together: SQLite's, whose one writer
    /// gains from it; none on PostgreSQL, which takes many writers at once.
    pub(crate) fn grouped(&self) -> Option<&GroupCommit> {
        self.group.as_deref()
    }

    /// The queue of reads of a patient's appointments done together:
    /// PostgreSQL's, whose fixed cost per statement they share; none on
    /// SQLite.
    pub(crate) fn grouped_reads(&self) -> Option<&GroupedReads> {
        self.grouped_reads.as_deref()
    }

    /// The queue of bookings written in the order they came: PostgreSQL's;
    /// none on SQLite.
    pub(crate) fn lanes(&self) -> Option<&Lanes> {
        self.lanes.as_deref()
    }

    /// A connection from the pool, for set-up work such as migrations.
    pub(crate) fn connection(&self) -> Result<r2d2::PooledConnection<Manager>, r2d2::Error> {
        self.writers.get()
    }

    /// Runs `read`, a read of one record or a few by key, on a pooled
    /// connection, outside any transaction.
    pub(crate) fn read<T>(
        &self,
        read: impl FnOnce(&mut DbConnection) -> Result<T, RepositoryError>,
    ) -> Result<T, RepositoryError> {
        let mut conn = self.readers.get().map_err(pool_error)?;
        read(&mut conn)
    }

    /// Runs `scan`, a read of many rows (a list, a search, a report), on a
    /// pooled connection of its own pool, outside any transaction.
    pub(crate) fn scan<T>(
        &self,
        scan: impl FnOnce(&mut DbConnection) -> Result<T, RepositoryError>,
    ) -> Result<T, RepositoryError> {
        let mut conn = self.scanners.get().map_err(pool_error)?;
        scan(&mut conn)
    }

    /// Runs `write` in one transaction: committed when it returns `Ok`,
    /// rolled back otherwise. SQLite starts it with `BEGIN IMMEDIATE`, taking
    /// the write lock up front: a deferred transaction that reads and then
    /// writes can find the lock taken and fail at once instead of waiting.
    /// On PostgreSQL two writers whose rows cross can deadlock; the server
    /// aborts one, and that one is run again (at most [`WRITE_ATTEMPTS`]
    /// times in all), so callers see the conflict or success they would
    /// have seen one after the other.
    pub(crate) fn write<T>(
        &self,
        mut write: impl FnMut(&mut DbConnection) -> Result<T, RepositoryError>,
    ) -> Result<T, RepositoryError> {
        retried(|| self.write_once(&mut write))
    }

    fn write_once<T>(
        &self,
        write: &mut impl FnMut(&mut DbConnection) -> Result<T, RepositoryError>,
    ) -> Result<T, RepositoryError> {
        let mut conn = self.writers.get().map_err(pool_error)?;
        let conn: &mut DbConnection = &mut conn;
        begin_write(conn).map_err(repository_error)?;
        match write(conn) {
            Ok(value) => {
                DbConnection::commit_transaction(conn).map_err(repository_error)?;
                Ok(value)
            }
            Err(error) => match DbConnection::rollback_transaction(conn) {
                // The original error says more than a failed rollback; a
                // broken connection is dropped by the pool either way.
                Ok(()) | Err(_) => Err(error),
            },
        }
    }
}

/// Runs `write` until it succeeds, fails for good, or has failed
/// transiently [`WRITE_ATTEMPTS`] times.
pub(crate) fn retried<T>(
    mut write: impl FnMut() -> Result<T, RepositoryError>,
) -> Result<T, RepositoryError> {
    let mut attempt = 1;
    loop {
        match write() {
            Err(error) if attempt < WRITE_ATTEMPTS && is_transient(&error) => {
                tracing::debug!(attempt, %error, "transient write failure; retrying");
                attempt += 1;
            }
            outcome => return outcome,
        }
    }
}

/// Begins a writing transaction: `BEGIN IMMEDIATE` on SQLite, which takes
/// the write lock up front, a plain `BEGIN` on PostgreSQL.
pub(crate) fn begin_write(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
        }
        DbConnection::Pg(pg) => AnsiTransactionManager::begin_transaction(pg),
    }
}

#[cfg(all(test, feature = "test-support"))]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_fails_fast_with_a_connection_error() {
        let started = std::time::Instant::now();
        let missing_dir = "sqlite:///nonexistent-panda-dir/sub/panda.db";
        assert!(matches!(
            Database::connect(missing_dir, 2),
            Err(DbError::Connect(_))
        ));
        assert!(matches!(
            Database::connect("mysql://root@localhost/panda", 2),
            Err(DbError::UnsupportedUrl { .. })
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
