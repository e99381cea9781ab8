//! Checks bearer credentials: PANDA's own API tokens, with a short-lived
//! cache of verified tokens so that a check costs a hash and a map look-up,
//! not a database read, on most requests; and, when an identity provider is
//! configured, its JWTs.

use super::oidc::OidcVerifier;
use panda_domain::access::{AuthError, Principal, TokenHash, TokenSecret, TokenService};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a verified token is trusted without asking the database again.
/// This bounds how long a revoked or expired token keeps working on an
/// instance that verified it just before (docs/security.md).
pub const CACHE_TTL: Duration = Duration::from_secs(5);

/// The most verified tokens kept; when full the cache starts again empty,
/// so a flood of distinct valid tokens cannot grow memory.
const CACHE_CAPACITY: usize = 10_000;

/// Verifies bearer credentials.
pub struct Authenticator {
    tokens: TokenService,
    oidc: Option<OidcVerifier>,
    ttl: Duration,
    verified: Mutex<HashMap<TokenHash, (Principal, Instant)>>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl Authenticator {
    /// Verifies API tokens with `tokens`, trusting a verified token for
    /// [`CACHE_TTL`].
    pub fn new(tokens: TokenService) -> Self {
        Self::with_ttl(tokens, CACHE_TTL)
    }

    /// The same, trusting a verified token for `ttl` (zero: never cached).
    pub fn with_ttl(tokens: TokenService, ttl: Duration) -> Self {
        Self {
            tokens,
            oidc: None,
            ttl,
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// The same, also accepting the JWTs `oidc` verifies.
    #[must_use]
    pub fn with_oidc(self, oidc: OidcVerifier) -> Self {
        Self {
            oidc: Some(oidc),
            ..self
        }
    }

    /// The identity provider's verifier, if one is configured (for
    /// reloading its keys).
    pub fn oidc(&self) -> Option<&OidcVerifier> {
        self.oidc.as_ref()
    }

    /// The principal of an identity provider's JWT: `None` when
    /// `credential` is not one (it may be an API token), so that the
    /// caller checks it as such. CPU only: it reads no store.
    pub(super) fn jwt(&self, credential: &str) -> Option<Result<Principal, AuthError>> {
        let oidc = self.oidc.as_ref()?;
        OidcVerifier::looks_like_jwt(credential).then(|| oidc.verify(credential))
    }

    /// The principal `credential` stands for, if the cache knows it;
    /// `Err` when it cannot be one of PANDA's tokens at all.
    pub(super) fn cached(&self, credential: &str) -> Result<Option<Principal>, AuthError> {
        let secret = TokenSecret::parse(credential).ok_or(AuthError::Malformed)?;
        let hash = secret.hash();
        let verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
        Ok(verified
            .get(&hash)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(principal, _)| principal.clone()))
    }

    /// Verifies `credential` against the store (blocking: call it off the
    /// async workers) and caches a success.
    pub(super) fn verify(&self, credential: &str) -> Result<Principal, AuthError> {
        let principal = self.tokens.verify(credential)?;
        if !self.ttl.is_zero()
            && let Some(secret) = TokenSecret::parse(credential)
        {
            let mut verified = self.verified.lock().unwrap_or_else(|e| e.into_inner());
            if verified.len() >= CACHE_CAPACITY {
                verified.clear();
            }
            verified.insert(secret.hash(), (principal.clone(), Instant::now()));
        }
        Ok(principal)
    }
}
