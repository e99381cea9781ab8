//! The ports access control needs: where tokens are kept, and where secrets
//! come from.

use crate::access::token::{ApiToken, NewToken, TokenHash, TokenId};
use crate::audit::AuditRecord;
use crate::common::repository::RepositoryError;
use chrono::{DateTime, Utc};

/// Stores API tokens: never their secrets, only the secrets' hashes.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait TokenRepository: Send + Sync {
    /// Stores a new token and appends `audit`, in one transaction. MUST
    /// return `Conflict(Duplicate)` when another token has the same name.
    fn insert(&self, token: &NewToken, audit: &AuditRecord) -> Result<ApiToken, RepositoryError>;

    /// The token whose secret hashes to `hash`, with that stored hash, live
    /// or not; `None` when there is none.
    fn find_by_hash(
        &self,
        hash: &TokenHash,
    ) -> Result<Option<(ApiToken, TokenHash)>, RepositoryError>;

    /// Every token, newest first.
    fn list(&self) -> Result<Vec<ApiToken>, RepositoryError>;

    /// Marks the token revoked at `at` (a token revoked already keeps its
    /// first revocation) and returns it. MUST return `NotFound` when no
    /// token has this id. Appends `audit` in the same transaction.
    fn revoke(
        &self,
        id: TokenId,
        at: DateTime<Utc>,
        audit: &AuditRecord,
    ) -> Result<ApiToken, RepositoryError>;

    /// Records that the token was used at `at`.
    fn touch(&self, id: TokenId, at: DateTime<Utc>) -> Result<(), RepositoryError>;
}

/// Unpredictable bytes for secrets (the operating system's generator).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait SecretSource: Send + Sync {
    /// 32 bytes no one can predict.
    fn secret_bytes(&self) -> [u8; 32];
}
