//! The database URL as a secret: it may carry a PostgreSQL password, so it
//! only ever prints with the password replaced.

use panda_adapters_db::Backend;
use std::fmt;

/// What a redacted password reads as.
const HIDDEN: &str = "***";

/// A database URL. `Debug` and `Display` both redact the password; only
/// [`DatabaseUrl::expose`] hands out the real text, to the driver.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// Wraps `url` without checking it (see [`DatabaseUrl::backend`]).
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The URL as given, password included. For the database driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Which backend the scheme names, or `None` for a scheme PANDA does
    /// not speak. The adapter parses the URL again; this only picks
    /// defaults (the pool size) and refuses a typo before anything starts.
    pub fn backend(&self) -> Option<Backend> {
        let url = self.0.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }

    /// The scheme alone (the text before the first `:`), safe to print.
    pub fn scheme(&self) -> &str {
        self.0.split_once(':').map_or("", |(scheme, _)| scheme)
    }

    /// The URL with any password replaced by `***`: the one in the
    /// authority (`user:password@host`) and a `password=` query parameter,
    /// which libpq also accepts.
    pub fn redacted(&self) -> String {
        let url = self.0.as_str();
        let Some((scheme, rest)) = url.split_once("://") else {
            return url.to_owned();
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let authority = match authority.rsplit_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, _password)) => format!("{user}:{HIDDEN}@{host}"),
                None => authority.to_owned(),
            },
            None => authority.to_owned(),
        };
        format!("{scheme}://{authority}{}", redact_query_password(tail))
    }
}

/// `tail` (path, query, fragment) with the value of every `password`
/// query parameter hidden.
fn redact_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}={HIDDEN}"),
            _ => pair.to_owned(),
        })
        .collect();
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{path}?{}{fragment}", pairs.join("&"))
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(url: &str) -> String {
        DatabaseUrl::new(url).redacted()
    }

    #[test]
    fn a_postgres_password_is_hidden_but_the_rest_stays_readable() {
        assert_eq!(
            redacted("postgres://panda:s3cret@db.example:5432/panda"),
            "postgres://panda:***@db.example:5432/panda"
        );
    }

    #[test]
    fn a_password_containing_at_signs_and_colons_is_hidden_whole() {
        let shown = redacted("postgresql://panda:p@ss:w@rd@db/panda?sslmode=disable");
        assert_eq!(shown, "postgresql://panda:***@db/panda?sslmode=disable");
        assert!(!shown.contains("ss:w"));
    }

    #[test]
    fn a_password_query_parameter_is_hidden() {
        assert_eq!(
            redacted("postgres://db/panda?user=panda&password=s3cret&connect_timeout=5#x"),
            "postgres://db/panda?user=panda&password=***&connect_timeout=5#x"
        );
    }

    #[test]
    fn urls_without_a_password_are_shown_as_they_are() {
        for url in [
            "postgres://postgres@127.0.0.1:5432/postgres",
            "sqlite://panda.db",
            "sqlite:panda.db",
        ] {
            assert_eq!(redacted(url), url);
        }
    }

    #[test]
    fn debug_and_display_never_show_the_password() {
        let url = DatabaseUrl::new("postgres://panda:s3cret@db/panda");
        assert!(!format!("{url}").contains("s3cret"));
        assert!(!format!("{url:?}").contains("s3cret"));
        assert_eq!(url.expose(), "postgres://panda:s3cret@db/panda");
    }

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(
            DatabaseUrl::new("sqlite://panda.db").backend(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            DatabaseUrl::new("sqlite:panda.db").backend(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            DatabaseUrl::new("postgres://h/db").backend(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            DatabaseUrl::new("postgresql://h/db").backend(),
            Some(Backend::Postgres)
        );
        assert_eq!(DatabaseUrl::new("mysql://h/db").backend(), None);
        assert_eq!(DatabaseUrl::new("mysql://h/db").scheme(), "mysql");
    }
}
