//! [`ImportRepository`] for [`Database`]: a batch of historical records
//! written in one transaction, read and written in bulk so that 100,000
//! records take seconds, not minutes.
//!
//! The decisions are the domain's (`panda_domain::import::plan`): this
//! module reads a snapshot of what the batch touches, asks for the plan,
//! and writes it, all inside one transaction (`BEGIN IMMEDIATE` on
//! SQLite). The new appointments are inserted with their slots and
//! history, where the database's unique indexes judge the per-day and
//! no-overlap rules against stored records.

/// Runs a multi-row `INSERT` of `rows` into `table` on the connection's
/// own backend: the multi-backend connection cannot batch inserts, and one
/// statement per row would make a large import many times slower.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            crate::connection::DbConnection::Sqlite(c) => {
                diesel::insert_into($table).values($rows).execute(c)
            }
            crate::connection::DbConnection::Pg(c) => {
                diesel::insert_into($table).values($rows).execute(c)
            }
        }
    };
}

mod directory;
mod insert;
mod lookup;

use crate::connection::{Database, DbConnection};
use crate::errors::repository_error;
use crate::rows::PatientRow;
use crate::schema::patients;
use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use insert::NewAppointment;
use panda_domain::import::plan::{self, DirectoryPlan};
use panda_domain::import::{
    ImportBatch, ImportIssue, ImportMode, ImportOutcome, ImportProgress, ImportRepository,
    ImportedAppointment,
};
use panda_domain::{Actor, RepositoryError};
use std::collections::HashSet;

/// The PostgreSQL advisory lock key held by an import ("PANDAIMP" in ASCII).
const IMPORT_LOCK: i64 = 0x5041_4E44_4149_4D50;

/// How many rows one multi-row `INSERT` carries: well under both
/// backends' limits on bound parameters (32,766 on SQLite, 65,535 on
/// PostgreSQL) even for the slot rows of eight-hour appointments.
const INSERT_CHUNK: usize = 250;

/// Why the work inside the transaction stopped.
#[derive(Debug)]
enum Stop {
    /// A statement failed.
    Db(diesel::result::Error),
    /// A stored row did not parse, or another port-level failure.
    Repo(RepositoryError),
    /// Nothing may stay (a rejection in all-or-nothing, or a check): roll back.
    Rejected(Vec<ImportIssue>),
}

impl From<diesel::result::Error> for Stop {
    fn from(error: diesel::result::Error) -> Self {
        Stop::Db(error)
    }
}

impl From<RepositoryError> for Stop {
    fn from(error: RepositoryError) -> Self {
        Stop::Repo(error)
    }
}

impl ImportRepository for Database {
    fn import(
        &self,
        batch: &ImportBatch,
        mode: ImportMode,
        now: DateTime<Utc>,
        actor: &Actor,
        progress: &dyn ImportProgress,
    ) -> Result<ImportOutcome, RepositoryError> {
        self.write(|conn| {
            // The work runs in a savepoint, so that all-or-nothing and check
            // can roll it back and still return the rejections as an answer.
            let run = conn.transaction(|conn| {
                let outcome =
                    with_large_cache(conn, |conn| run(conn, batch, mode, now, actor, progress))?;
                let keep = match mode {
                    ImportMode::SkipInvalid => true,
                    ImportMode::AllOrNothing => outcome.rejected.is_empty(),
                    ImportMode::Check => false,
                };
                if !keep {
                    return Err(Stop::Rejected(outcome.rejected));
                }
                // One audit record for the run, committed with it.
                let audit = outcome.audit_record(now, actor, uuid::Uuid::now_v7());
                crate::audit::append(conn, &audit).map_err(Stop::Repo)?;
                Ok(outcome)
            });
            match run {
                Ok(outcome) => Ok(ImportOutcome {
                    committed: true,
                    ..outcome
                }),
                Err(Stop::Rejected(rejected)) => Ok(ImportOutcome {
                    rejected,
                    committed: false,
                    ..ImportOutcome::default()
                }),
                Err(Stop::Db(error)) => Err(repository_error(error)),
                Err(Stop::Repo(error)) => Err(error),
            }
        })
    }
}

/// SQLite's page cache during an import, in KiB (negative: a size, not a
/// page count). The default 2 MiB spills dirty pages to the WAL and reads
/// them back over and over in a large transaction: 128 MiB made 200,000
/// records import in 10 s instead of 17 s (measured). It is a ceiling, not
/// an allocation.
const IMPORT_CACHE_KIB: i64 = -131_072;

/// SQLite's default page cache (2 MiB), restored after an import so the
/// pooled connection goes back as it came.
const DEFAULT_CACHE_KIB: i64 = -2_000;

/// Runs `work` with a large page cache on SQLite.
fn with_large_cache<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, Stop>,
) -> Result<T, Stop> {
    let DbConnection::Sqlite(sqlite) = conn else {
        return work(conn);
    };
    sqlite.batch_execute(&format!("PRAGMA cache_size = {IMPORT_CACHE_KIB}"))?;
    let result = work(conn);
    if let DbConnection::Sqlite(sqlite) = conn {
        sqlite.batch_execute(&format!("PRAGMA cache_size = {DEFAULT_CACHE_KIB}"))?;
    }
    result
}

/// Does the import inside the transaction; the caller decides whether it stays.
fn run(
    conn: &mut DbConnection,
    batch: &ImportBatch,
    mode: ImportMode,
    now: DateTime<Utc>,
    actor: &Actor,
    progress: &dyn ImportProgress,
) -> Result<ImportOutcome, Stop> {
    // PostgreSQL may reuse a generic plan for the bulk look-ups, made when
    // the tables were small: a sequential scan, which on a large table
    // made a re-run 150 times slower (measured). Plan each one afresh.
    if let DbConnection::Pg(pg) = conn {
        pg.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")?;
        // Clinicians and locations are found by name and postcode, which no
        // index can hold (namesakes exist): two imports at once would both
        // create them. They take turns, as SQLite's BEGIN IMMEDIATE makes
        // them do there; the lock goes with the transaction.
        pg.batch_execute(&format!("SELECT pg_advisory_xact_lock({IMPORT_LOCK})"))?;
    }

    let mut outcome = ImportOutcome::default();
    let known = import_patients(conn, batch, &mut outcome)?;
    let total = (batch.patients.len() + batch.appointments.len()) as u64;
    progress.advanced(batch.patients.len() as u64, total);

    // Appointments already stored are compared, never written again.
    let ids: Vec<String> = batch
        .appointments
        .iter()
        .map(|a| a.record.id.to_string())
        .collect();
    let stored = lookup::appointments(conn, &ids)?;
    let mut appointments = plan::plan_appointments(batch, &stored, &known);
    outcome.rejected.append(&mut appointments.rejected);
    outcome.unchanged.appointments = appointments.unchanged.len() as u64;

    let directory = directory::resolve(conn, &appointments)?;
    let new: Vec<NewAppointment> = appointments
        .fresh
        .iter()
        .map(|a| {
            Ok(NewAppointment {
                index: a.index,
                appointment: directory
                    .appointment(&a.record)
                    .ok_or_else(|| unplaced(&a.record))?,
                created: plan::created_entry(now, actor, a.record.status.to_string()),
            })
        })
        .collect::<Result<_, Stop>>()?;
    // Everything but the new appointments is settled by now.
    let settled = total - new.len() as u64;
    let (inserted, clashes) = insert::appointments(conn, &new, &|done| {
        progress.advanced(settled + done, total);
    })?;
    outcome.created.appointments = inserted.len() as u64;
    outcome.rejected.extend(clashes);

    // Only what the kept appointments name is counted, and in skip mode
    // directory records made for rejected appointments are removed again.
    let kept: HashSet<usize> = inserted.into_iter().collect();
    let used = appointments
        .unchanged
        .iter()
        .chain(
            appointments
                .fresh
                .iter()
                .filter(|a| kept.contains(&a.index)),
        )
        .map(|a| &a.record);
    settle(conn, &directory, used, mode, &mut outcome)?;
    progress.advanced(total, total);
    Ok(outcome)
}

/// A record the directory plan was not made for: a bug, never the file's fault.
fn unplaced(record: &ImportedAppointment) -> Stop {
    Stop::Repo(RepositoryError::unexpected(format!(
        "import: appointment {} was not placed",
        record.id
    )))
}

/// Counts the directory records the kept appointments name and, in skip
/// mode, deletes what was created only for rejected ones.
fn settle<'a>(
    conn: &mut DbConnection,
    directory: &DirectoryPlan,
    used: impl Iterator<Item = &'a ImportedAppointment>,
    mode: ImportMode,
    outcome: &mut ImportOutcome,
) -> Result<(), Stop> {
    let settlement = directory.settle(used, mode == ImportMode::SkipInvalid);
    directory::remove(conn, &settlement.remove)?;
    let (created, unchanged) = (&mut outcome.created, &mut outcome.unchanged);
    created.departments += settlement.created.departments;
    created.practitioners += settlement.created.practitioners;
    created.locations += settlement.created.locations;
    unchanged.departments += settlement.unchanged.departments;
    unchanged.practitioners += settlement.unchanged.practitioners;
    unchanged.locations += settlement.unchanged.locations;
    Ok(())
}

/// Inserts the batch's new patients and compares the stored ones. Returns
/// every NHS number an appointment may name: the batch's and those stored.
fn import_patients(
    conn: &mut DbConnection,
    batch: &ImportBatch,
    outcome: &mut ImportOutcome,
) -> Result<HashSet<panda_domain::patient::NhsNumber>, Stop> {
    let keys: Vec<String> = plan::patient_keys(batch)
        .iter()
        .map(ToString::to_string)
        .collect();
    let stored = lookup::patients(conn, &keys)?;
    let mut patients = plan::plan_patients(batch, &stored);
    let rows: Vec<PatientRow> = patients.new.iter().map(|p| PatientRow::new(p, 1)).collect();
    for chunk in rows.chunks(INSERT_CHUNK) {
        insert_rows!(conn, patients::table, chunk)?;
    }
    outcome.created.patients = rows.len() as u64;
    outcome.unchanged.patients = patients.unchanged;
    outcome.rejected.append(&mut patients.rejected);
    Ok(patients.known)
}
