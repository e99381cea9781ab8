//! Where keys are kept: shared by every PANDA instance over one database.

use super::model::{Entry, IdempotencyKey, Scope, StoredResponse};
use crate::common::repository::RepositoryError;
use chrono::{DateTime, Utc};

/// Keeps one entry per (scope, key). Every method is atomic on its own;
/// the service builds the protocol from them.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait IdempotencyStore: Send + Sync {
    /// Stores `entry` (a request starting, no answer yet) if the key has
    /// no entry. True when stored; false when an entry exists, whatever
    /// its state. Of two concurrent inserts, exactly one is stored.
    fn insert(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        entry: &Entry,
    ) -> Result<bool, RepositoryError>;

    /// The entry for the key, if any (expired or not).
    fn get(&self, scope: &Scope, key: &IdempotencyKey) -> Result<Option<Entry>, RepositoryError>;

    /// Replaces the entry that started at `replaced` with `entry`. False
    /// (nothing changed) when the stored entry is no longer that one: then
    /// another request took the key first.
    fn replace(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        replaced: DateTime<Utc>,
        entry: &Entry,
    ) -> Result<bool, RepositoryError>;

    /// Stores the answer of the request that started at `started_at`; a
    /// no-op if the key has since been taken by another.
    fn complete(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        started_at: DateTime<Utc>,
        response: &StoredResponse,
    ) -> Result<(), RepositoryError>;

    /// Frees the key held by the request that started at `started_at` (it
    /// failed on our side, so a retry should run anew); a no-op if another
    /// request has since taken it.
    fn release(
        &self,
        scope: &Scope,
        key: &IdempotencyKey,
        started_at: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;

    /// Deletes every entry that expired before `now`; how many.
    fn purge(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError>;
}
