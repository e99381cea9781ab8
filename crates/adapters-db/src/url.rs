//! Which database a URL names: the scheme picks the backend.

use crate::errors::DbError;
use std::fmt;

/// The backend a [`crate::Database`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// A SQLite file, for one PANDA process.
    Sqlite,
    /// A PostgreSQL server, for one or many PANDA processes.
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// A parsed database URL: what to hand to the backend's driver.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The path of the SQLite file (relative to the working directory or absolute).
    Sqlite(String),
    /// The libpq connection URL, as given.
    Postgres(String),
}

// Hand-written so that a PostgreSQL password in the URL never reaches a log.
impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Target::Postgres(_) => f.write_str("Postgres(<url hidden>)"),
        }
    }
}

impl Target {
    /// Parses `sqlite://<path>`, `sqlite:<path>`, `postgres://...` or
    /// `postgresql://...`. Anything else is refused with an error that lists
    /// the accepted forms and never quotes the URL (it may hold a password).
    pub(crate) fn parse(url: &str) -> Result<Self, DbError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_owned()));
        }
        let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        else {
            let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
            return Err(DbError::UnsupportedUrl {
                scheme: scheme.to_owned(),
            });
        };
        if path.is_empty() {
            return Err(DbError::EmptySqlitePath);
        }
        // Each pooled connection would open its own private, empty database.
        if path.starts_with(":memory:") || path.contains("mode=memory") {
            return Err(DbError::InMemorySqlite);
        }
        Ok(Target::Sqlite(path.to_owned()))
    }

    /// The backend this target is served by.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Target::Sqlite(_) => Backend::Sqlite,
            Target::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(url: &str) -> Result<Target, DbError> {
        Target::parse(url)
    }

    #[test]
    fn sqlite_urls_name_a_relative_or_absolute_file() {
        assert_eq!(
            parsed("sqlite://data/panda.db").ok(),
            Some(Target::Sqlite("data/panda.db".to_owned()))
        );
        assert_eq!(
            parsed("sqlite:///var/lib/panda.db").ok(),
            Some(Target::Sqlite("/var/lib/panda.db".to_owned()))
        );
        assert_eq!(
            parsed("sqlite:panda.db").ok(),
            Some(Target::Sqlite("panda.db".to_owned()))
        );
    }

    #[test]
    fn both_postgres_schemes_select_postgresql() {
        for url in ["postgres://u@h/db", "postgresql://u:secret@h:5432/db"] {
            assert_eq!(
                parsed(url).map(|t| t.backend()).ok(),
                Some(Backend::Postgres)
            );
        }
    }

    #[test]
    fn other_schemes_are_refused_naming_the_accepted_ones_but_not_the_url() {
        let error = parsed("mysql://root:secret@h/db")
            .err()
            .map(|e| e.to_string());
        let message = error.unwrap_or_default();
        assert!(message.contains("mysql"), "{message}");
        assert!(message.contains("sqlite://"), "{message}");
        assert!(message.contains("postgres://"), "{message}");
        assert!(!message.contains("secret"), "{message}");
        assert!(matches!(
            parsed("panda.db"),
            Err(DbError::UnsupportedUrl { .. })
        ));
    }

    #[test]
    fn an_empty_or_in_memory_sqlite_path_is_refused() {
        assert!(matches!(parsed("sqlite://"), Err(DbError::EmptySqlitePath)));
        assert!(matches!(
            parsed("sqlite::memory:"),
            Err(DbError::InMemorySqlite)
        ));
    }

    #[test]
    fn a_postgres_password_never_appears_in_debug_output() {
        let target = parsed("postgres://u:secret@h/db").ok();
        assert!(!format!("{target:?}").contains("secret"));
    }
}
