//! How every pooled SQLite connection is set up.

use super::DbConnection;
use diesel::connection::SimpleConnection;

/// Sets every pooled SQLite connection up for several writers: WAL so
/// readers never block the writer, NORMAL sync (safe in WAL), a busy
/// timeout so writers queue instead of failing, and foreign keys, which
/// SQLite leaves off by default. The timeout comes first so that switching
/// a fresh file to WAL waits for the other connections doing the same.
/// Temporary files stay in memory: every booking of a group commit has its
/// own savepoint, whose statement journal SQLite otherwise writes to a temp
/// file (+15% bookings/s measured).
/// Reading connections also map the file into memory, so that pages are
/// read without a system call each (+45% reads/s measured); the writer does
/// not: that cost 15% of bookings/s when each booking committed alone, and
/// made no difference measured again with the writer thread.
#[derive(Debug, Clone, Copy)]
pub(super) struct SqlitePragmas {
    pub(super) reader: bool,
}

/// How much of a SQLite file reading connections map, in bytes.
const SQLITE_MMAP_BYTES: u64 = 256 * 1024 * 1024;

/// The size of the write-ahead log, in pages of 4 KiB, at which the writer
/// copies it back into the database file (a checkpoint, with two fsyncs,
/// while every other write waits). SQLite's default is 1,000; 2,000 halves
/// the checkpoints for +8% bookings/s, p99 18 -> 24 ms, measured with
/// checkpoints moved to a thread of their own as well (no better, so not
/// kept). The log stays under 4,096 frames, the first block of SQLite's
/// index of the log, so readers look pages up no slower.
pub(super) const WRITER_CHECKPOINT_PAGES: u32 = 2_000;

impl r2d2::CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        match conn {
            DbConnection::Sqlite(sqlite) => {
                sqlite
                    .batch_execute(
                        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                         PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                         PRAGMA temp_store = MEMORY;",
                    )
                    .map_err(diesel::r2d2::Error::QueryError)?;
                let own = if self.reader {
                    format!("PRAGMA mmap_size = {SQLITE_MMAP_BYTES};")
                } else {
                    format!("PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES};")
                };
                sqlite
                    .batch_execute(&own)
                    .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(())
            }
            DbConnection::Pg(_) => Ok(()),
        }
    }
}

#[cfg(all(test, feature = "test-support"))]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;
    use crate::url::Backend;
    use diesel::RunQueryDsl;
    use diesel::sql_types::{BigInt, Text};

    #[derive(diesel::QueryableByName)]
    struct Number {
        #[diesel(sql_type = BigInt)]
        value: i64,
    }

    #[derive(diesel::QueryableByName)]
    struct Word {
        #[diesel(sql_type = Text)]
        value: String,
    }

    fn pragma_number(conn: &mut DbConnection, name: &str, column: &str) -> i64 {
        let query = format!("SELECT {column} AS value FROM pragma_{name}");
        diesel::sql_query(query)
            .get_result::<Number>(conn)
            .map(|n| n.value)
            .unwrap_or(-1)
    }

    #[test]
    fn every_pooled_sqlite_connection_is_set_up_for_concurrent_writers() {
        let db = TestDatabase::sqlite();
        for _ in 0..3 {
            let mut conn = db.connection().unwrap();
            assert_eq!(pragma_number(&mut conn, "foreign_keys", "foreign_keys"), 1);
            assert_eq!(pragma_number(&mut conn, "busy_timeout", "timeout"), 5000);
            // NORMAL is 1.
            assert_eq!(pragma_number(&mut conn, "synchronous", "synchronous"), 1);
            // MEMORY is 2: savepoints journal to memory.
            assert_eq!(pragma_number(&mut conn, "temp_store", "temp_store"), 2);
            // This is the writer: it checkpoints less often than SQLite's default.
            #[derive(diesel::QueryableByName)]
            struct Pages {
                #[diesel(sql_type = BigInt)]
                wal_autocheckpoint: i64,
            }
            let pages = diesel::sql_query("PRAGMA wal_autocheckpoint")
                .get_result::<Pages>(&mut *conn)
                .map(|p| p.wal_autocheckpoint);
            assert_eq!(pages.ok(), Some(i64::from(WRITER_CHECKPOINT_PAGES)));
            let mode = diesel::sql_query("SELECT journal_mode AS value FROM pragma_journal_mode")
                .get_result::<Word>(&mut *conn)
                .map(|w| w.value);
            assert_eq!(mode.ok().as_deref(), Some("wal"));
        }
        assert_eq!(db.backend(), Backend::Sqlite);
    }
}
