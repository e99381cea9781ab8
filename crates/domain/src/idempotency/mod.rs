//! Safe retries of creations: a client sends an `Idempotency-Key` with a
//! request that creates something; a repeat of the same request under the
//! same key gets the first answer back instead of creating it twice.
//!
//! The rules live here ([`decide`]); the store ([`IdempotencyStore`]) only
//! keeps entries and swaps them atomically, so that several PANDA
//! instances over one database agree on who runs a request.

mod model;
mod ports;
mod service;

pub use model::{
    Decision, Entry, Fingerprint, IdempotencyKey, KeyError, Scope, StoredResponse, decide,
};
pub use ports::IdempotencyStore;
#[cfg(any(test, feature = "mock"))]
pub use ports::MockIdempotencyStore;
pub use service::{Begin, IdempotencyError, IdempotencyService, Ticket};
