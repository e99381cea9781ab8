//! Pages of lists and optimistic versioning, as every repository does them.

use crate::errors::repository_error;
use diesel::QueryResult;
use panda_domain::{Conflict, PageRequest, RepositoryError};

/// The SQL `OFFSET` of a page.
pub(crate) fn offset(page: PageRequest) -> i64 {
    i64::try_from(page.offset).unwrap_or(i64::MAX)
}

/// The SQL `LIMIT` of a page.
pub(crate) fn limit(page: PageRequest) -> i64 {
    i64::from(page.limit)
}

/// A `COUNT(*)` as the domain's total.
pub(crate) fn total(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}

/// Settles an `UPDATE ... WHERE key = ? AND version = ?` that changed
/// `updated` rows: none means the record is gone (`NotFound`) or someone
/// else wrote it first (`StaleVersion`); `exists` tells which.
pub(crate) fn settle_update(
    updated: usize,
    exists: impl FnOnce() -> QueryResult<bool>,
) -> Result<(), RepositoryError> {
    if updated > 0 {
        return Ok(());
    }
    if exists().map_err(repository_error)? {
        Err(RepositoryError::Conflict(Conflict::StaleVersion))
    } else {
        Err(RepositoryError::NotFound)
    }
}

/// Escapes `%`, `_` and the escape character itself, so that user text in a
/// `LIKE` pattern matches only literally (used with `ESCAPE '\'`).
pub(crate) fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_user_text_are_escaped() {
        assert_eq!(like_literal("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_literal("SW1A 1"), "SW1A 1");
    }
}
