//! Which failed writes are worth running again.

use panda_domain::RepositoryError;

/// How many times a write aborted by a deadlock or serialization failure
/// is tried in all.
pub(super) const WRITE_ATTEMPTS: u32 = 3;

/// True for failures that say nothing about the request, only about the
/// timing of another transaction: PostgreSQL's deadlock (40P01) and
/// serialization failure (40001).
pub(super) fn is_transient(error: &RepositoryError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    let RepositoryError::Unexpected(source) = error else {
        return false;
    };
    match source.downcast_ref::<Error>() {
        Some(Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _)) => true,
        Some(Error::DatabaseError(_, info)) => info.message().contains("deadlock detected"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_transient;
    use diesel::result::{DatabaseErrorKind, Error};
    use panda_domain::{Conflict, RepositoryError};

    fn failed(kind: DatabaseErrorKind, message: &str) -> RepositoryError {
        RepositoryError::unexpected(Error::DatabaseError(kind, Box::new(message.to_owned())))
    }

    #[test]
    fn deadlocks_and_serialization_failures_are_tried_again() {
        assert!(is_transient(&failed(
            DatabaseErrorKind::Unknown,
            "deadlock detected"
        )));
        assert!(is_transient(&failed(
            DatabaseErrorKind::SerializationFailure,
            "could not serialize access"
        )));
    }

    #[test]
    fn conflicts_and_other_failures_are_not_tried_again() {
        assert!(!is_transient(&failed(
            DatabaseErrorKind::Unknown,
            "disk full"
        )));
        assert!(!is_transient(&RepositoryError::Conflict(
            Conflict::PractitionerUnavailable
        )));
        assert!(!is_transient(&RepositoryError::NotFound));
        assert!(!is_transient(&RepositoryError::unexpected(
            "pool timed out"
        )));
    }
}
