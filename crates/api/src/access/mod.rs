//! Who may call what. Every route but the health check needs a bearer
//! credential ([`Authenticate`], around the whole application); each
//! resource then admits only the roles its [`Access`] names ([`Allow`]).
//! The route-by-role matrix is docs/security.md, and a test holds every
//! served route to it.
//!
//! A 401 `unauthenticated` (no credential) or `invalid-token` (one that is
//! malformed, unknown, expired or revoked) carries `WWW-Authenticate:
//! Bearer`; a 403 `forbidden` is a known caller whose role may not use the
//! route. Both come before any handler runs, so neither says whether a
//! record exists.

mod authenticator;
mod caller;
mod guard;
mod oidc;

pub use authenticator::{Authenticator, CACHE_TTL};
pub use caller::Caller;
pub use guard::MapLeft;
pub use guard::{Access, Allow, Authenticate, is_public};
pub use oidc::{OidcSettings, OidcVerifier};

use std::sync::Arc;

/// Whether callers must authenticate.
#[derive(Debug, Clone)]
pub enum Auth {
    /// Every caller is an anonymous administrator. Only for a PANDA that
    /// listens on loopback (the binary refuses anything else).
    Off,
    /// Every caller presents a bearer credential that `Authenticator` checks.
    On(Arc<Authenticator>),
}
