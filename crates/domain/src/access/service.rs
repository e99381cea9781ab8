//! The token use cases: create (the secret is shown once), list, revoke,
//! and verify a presented secret.

use crate::access::ports::{SecretSource, TokenRepository};
use crate::access::role::Role;
use crate::access::token::{ApiToken, NewToken, Principal, TokenId, TokenName, TokenSecret};
use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::error::{ErrorKind, Problem};
use crate::common::instant::format_instant;
use crate::common::ports::{Actor, Clock, IdSource};
use crate::common::repository::{Conflict, RepositoryError};
use chrono::TimeDelta;
use std::sync::Arc;

/// How stale a token's `last_used_at` may get before a use records it
/// again: one write per token per minute at most, not one per request.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// The longest life a token can be given: ten years.
pub const MAX_TOKEN_LIFE: TimeDelta = TimeDelta::days(3_652);

/// Why a token could not be created, listed or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Another token already has this name.
    #[error("a token with this name exists already")]
    NameTaken,
    /// No token has this id or name.
    #[error("no token has this id or name")]
    NotFound,
    /// A life of zero, negative, or over ten years.
    #[error("a token lives between one minute and ten years")]
    LifeOutOfRange,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl From<RepositoryError> for TokenError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(Conflict::Duplicate) => Self::NameTaken,
            RepositoryError::NotFound => Self::NotFound,
            other => Self::Repository(other),
        }
    }
}

impl Problem for TokenError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NameTaken => ErrorKind::Conflict,
            Self::NotFound => ErrorKind::NotFound,
            Self::LifeOutOfRange => ErrorKind::Invalid,
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::NameTaken => "token-name-taken",
            Self::NotFound => "token-not-found",
            Self::LifeOutOfRange => "token-life-range",
            Self::Repository(e) => e.code(),
        }
    }
}

/// Why a credential was not accepted. Every variant is a 401 with the same
/// words for the caller (which of them it was is for the log), so that no
/// answer tells a guesser how close it came.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No credential was presented.
    #[error("no credential was presented")]
    Missing,
    /// The credential is not of a form PANDA issues or accepts.
    #[error("the credential is malformed")]
    Malformed,
    /// No token or key matches it.
    #[error("the credential is not known")]
    Unknown,
    /// It has expired.
    #[error("the credential has expired")]
    Expired,
    /// It was revoked.
    #[error("the credential was revoked")]
    Revoked,
    /// The credential could not be checked (storage failed).
    #[error(transparent)]
    Repository(RepositoryError),
}

impl Problem for AuthError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Repository(e) => e.kind(),
            _ => ErrorKind::Unauthenticated,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Repository(e) => e.code(),
            Self::Missing => "unauthenticated",
            Self::Malformed | Self::Unknown | Self::Expired | Self::Revoked => "invalid-token",
        }
    }
}

/// Creates, lists, revokes and verifies API tokens.
#[derive(Clone)]
pub struct TokenService {
    /// Where tokens are kept.
    pub tokens: Arc<dyn TokenRepository>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Token ids.
    pub ids: Arc<dyn IdSource>,
    /// Secrets.
    pub secrets: Arc<dyn SecretSource>,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenService").finish_non_exhaustive()
    }
}

impl TokenService {
    /// Creates a token for `role`, living `life` if given (one minute to
    /// ten years). The secret is returned here and nowhere else: only its
    /// hash is stored.
    pub fn create(
        &self,
        name: TokenName,
        role: Role,
        life: Option<TimeDelta>,
        actor: &Actor,
    ) -> Result<(ApiToken, TokenSecret), TokenError> {
        if life.is_some_and(|l| l < TimeDelta::minutes(1) || l > MAX_TOKEN_LIFE) {
            return Err(TokenError::LifeOutOfRange);
        }
        let now = self.clock.now();
        let secret = TokenSecret::from_random(self.secrets.secret_bytes());
        let token = ApiToken {
            id: TokenId::from_uuid(self.ids.new_id()),
            name,
            role,
            created_at: now,
            expires_at: life.map(|l| now + l),
            last_used_at: None,
            revoked_at: None,
        };
        let audit = AuditRecord::new(now, actor, AuditAction::Create, Entity::Token)
            .id(token.id)
            .changes([
                Change::set("name", AuditValue::plain(&token.name)),
                Change::set("role", AuditValue::plain(token.role)),
            ])
            .changes(
                token
                    .expires_at
                    .map(|at| Change::set("expires_at", AuditValue::plain(format_instant(at)))),
            );
        let new = NewToken {
            hash: secret.hash(),
            token,
        };
        let stored = self.tokens.insert(&new, &audit)?;
        Ok((stored, secret))
    }

    /// Every token, newest first; never a secret.
    pub fn list(&self) -> Result<Vec<ApiToken>, TokenError> {
        Ok(self.tokens.list()?)
    }

    /// Revokes the token with this id or, failing that, this name. It stops
    /// working at once here, and on other instances once their caches of
    /// verified tokens expire (docs/security.md).
    pub fn revoke(&self, id_or_name: &str, actor: &Actor) -> Result<ApiToken, TokenError> {
        let id = match TokenId::parse(id_or_name) {
            Some(id) => id,
            None => {
                let name = id_or_name.trim();
                self.tokens
                    .list()?
                    .into_iter()
                    .find(|t| t.name.as_ref() == name)
                    .ok_or(TokenError::NotFound)?
                    .id
            }
        };
        let now = self.clock.now();
        let audit = AuditRecord::new(now, actor, AuditAction::Revoke, Entity::Token).id(id);
        Ok(self.tokens.revoke(id, now, &audit)?)
    }

    /// The principal a presented secret stands for, if it is a live token.
    pub fn verify(&self, presented: &str) -> Result<Principal, AuthError> {
        let secret = TokenSecret::parse(presented).ok_or(AuthError::Malformed)?;
        let hash = secret.hash();
        let (token, stored) = self
            .tokens
            .find_by_hash(&hash)
            .map_err(AuthError::Repository)?
            .ok_or(AuthError::Unknown)?;
        if !stored.matches(&hash) {
            return Err(AuthError::Unknown);
        }
        let now = self.clock.now();
        if token.revoked_at.is_some() {
            return Err(AuthError::Revoked);
        }
        if !token.is_live(now) {
            return Err(AuthError::Expired);
        }
        if token.last_used_at.is_none_or(|at| now - at >= TOUCH_EVERY) {
            // Best effort: failing to record a use must not refuse the use.
            let _ = self.tokens.touch(token.id, now);
        }
        Ok(token.principal())
    }
}

#[cfg(test)]
mod tests;
