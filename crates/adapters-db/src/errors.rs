//! How this adapter fails.
//!
//! Policy: setting up (URL, pool, migrations) fails with [`DbError`], which
//! the binary reports and exits on. Every port method returns the domain's
//! [`RepositoryError`]: constraint violations become the domain's
//! conflicts here, in one place, so a rule the database holds reaches the
//! caller as the same error as the service's friendly check; anything else
//! is `Unexpected`. A stored row that no longer parses is `Unexpected`
//! too, never a panic.

use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind, Error as DieselError};
use panda_domain::{Conflict, RepositoryError};
use std::fmt::Display;

/// Why the database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL's scheme names no backend PANDA supports.
    #[error(
        "unsupported database URL scheme `{scheme}`: use sqlite://<path>, sqlite:<path>, \
         postgres://<user>@<host>/<database> or postgresql://..."
    )]
    UnsupportedUrl {
        /// The scheme that was given (empty when there was none).
        scheme: String,
    },
    /// `sqlite://` with no file name.
    #[error("a SQLite URL must name a file, as in sqlite://data/panda.db")]
    EmptySqlitePath,
    /// `sqlite::memory:`: every pooled connection would see its own database.
    #[error(
        "in-memory SQLite is not supported: each pooled connection would get its own empty database; name a file instead"
    )]
    InMemorySqlite,
    /// The first connection could not be opened (wrong host, path, credentials).
    #[error("could not connect to the database: {0}")]
    Connect(#[source] diesel::r2d2::Error),
    /// The pool could not open its connections.
    #[error("could not open the database connection pool: {0}")]
    Pool(#[source] r2d2::Error),
    /// A thread of the adapter's own (the writer of grouped transactions
    /// on SQLite, the readers of grouped reads on PostgreSQL) could not be
    /// started.
    #[error("could not start the database's own threads: {0}")]
    Thread(#[source] std::io::Error),
    /// A migration failed; the database is left as the failed migration found it.
    #[error("database migration failed: {0}")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The unique indexes whose violation means something in the domain.
/// PostgreSQL names the constraint or index; SQLite names the columns in its
/// message (`UNIQUE constraint failed: appointment_slots.practitioner_id, ...`).
const PRACTITIONER_SLOT: [&str; 2] = ["appointment_slots_pkey", "appointment_slots."];
const PATIENT_DAY: [&str; 2] = [
    "appointments_patient_day_unique",
    "appointments.patient_nhs",
];

/// Which conflict a unique violation is.
fn classify_unique(info: &dyn DatabaseErrorInformation) -> Conflict {
    let text = info.constraint_name().unwrap_or_else(|| info.message());
    let names = |keys: [&str; 2]| keys.iter().any(|k| text.contains(k));
    if names(PRACTITIONER_SLOT) {
        Conflict::PractitionerUnavailable
    } else if names(PATIENT_DAY) {
        Conflict::PatientAlreadyBookedThatDay
    } else {
        Conflict::Duplicate
    }
}

/// The domain's view of a failed query.
pub(crate) fn repository_error(error: DieselError) -> RepositoryError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            RepositoryError::Conflict(classify_unique(info.as_ref()))
        }
        // Every foreign key names a record the caller chose: it is missing.
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            RepositoryError::NotFound
        }
        other => RepositoryError::unexpected(other),
    }
}

/// No connection could be taken from the pool in time.
pub(crate) fn pool_error(error: r2d2::Error) -> RepositoryError {
    RepositoryError::unexpected(error)
}

/// A stored value that does not parse: the data was changed behind PANDA's back.
pub(crate) fn corrupt(what: &str, key: &str, problem: impl Display) -> RepositoryError {
    RepositoryError::unexpected(format!("stored {what} {key} is invalid: {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Info {
        message: &'static str,
        constraint: Option<&'static str>,
    }

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.message
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn sqlite(message: &'static str) -> Conflict {
        classify_unique(&Info {
            message,
            constraint: None,
        })
    }

    fn pg(constraint: &'static str) -> Conflict {
        classify_unique(&Info {
            message: "duplicate key value violates unique constraint",
            constraint: Some(constraint),
        })
    }

    #[test]
    fn sqlite_violations_are_told_apart_by_the_columns_they_name() {
        assert_eq!(
            sqlite(
                "UNIQUE constraint failed: appointment_slots.practitioner_id, appointment_slots.slot_start"
            ),
            Conflict::PractitionerUnavailable
        );
        assert_eq!(
            sqlite("UNIQUE constraint failed: appointments.patient_nhs, appointments.start_day"),
            Conflict::PatientAlreadyBookedThatDay
        );
        assert_eq!(
            sqlite("UNIQUE constraint failed: appointments.id"),
            Conflict::Duplicate
        );
    }

    #[test]
    fn postgres_violations_are_told_apart_by_constraint_name() {
        assert_eq!(
            pg("appointment_slots_pkey"),
            Conflict::PractitionerUnavailable
        );
        assert_eq!(
            pg("appointments_patient_day_unique"),
            Conflict::PatientAlreadyBookedThatDay
        );
        assert_eq!(pg("patients_pkey"), Conflict::Duplicate);
    }
}
