//! Who may do what: the roles a caller can hold, PANDA's own API tokens
//! (created, listed, revoked and verified here; stored through a port), and
//! the principal a verified credential stands for.

pub mod ports;
pub mod role;
pub mod service;
pub mod token;

pub use ports::{SecretSource, TokenRepository};
pub use role::{Role, RoleError, Roles};
pub use service::{AuthError, TokenError, TokenService};
pub use token::{ApiToken, NewToken, Principal, TokenHash, TokenId, TokenName, TokenSecret};
