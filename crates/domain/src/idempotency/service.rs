//! The protocol: claim the key, run the request, keep its answer.

use super::model::{Decision, Entry, Fingerprint, IdempotencyKey, Scope, StoredResponse, decide};
use super::ports::IdempotencyStore;
use crate::common::error::{ErrorKind, Problem};
use crate::common::ports::Clock;
use crate::common::repository::RepositoryError;
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// Runs requests under keys.
#[derive(Clone)]
pub struct IdempotencyService {
    /// Where keys are kept.
    pub store: Arc<dyn IdempotencyStore>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// How long a key is remembered after its first use.
    pub ttl: TimeDelta,
    /// How long a request may hold a key without finishing before a retry
    /// may take it over (its process is taken to have died).
    pub lease: TimeDelta,
}

impl std::fmt::Debug for IdempotencyService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdempotencyService")
            .field("ttl", &self.ttl)
            .field("lease", &self.lease)
            .finish_non_exhaustive()
    }
}

impl IdempotencyService {
    /// Keys are remembered for a day unless configured otherwise.
    pub const DEFAULT_TTL: TimeDelta = TimeDelta::hours(24);
    /// A request that has not finished in a minute is taken to be dead.
    pub const DEFAULT_LEASE: TimeDelta = TimeDelta::minutes(1);
}

/// The right to run a request under a key, and to keep its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    scope: Scope,
    key: IdempotencyKey,
    started_at: DateTime<Utc>,
}

/// What to do with a request under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// Run it, then [`IdempotencyService::finish`] with its answer.
    Run(Ticket),
    /// Do nothing; give this answer again.
    Replay(StoredResponse),
}

/// Why a request under a key cannot run.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The same request is running now.
    #[error("a request with this idempotency key is still running")]
    InUse,
    /// The key was used for another request.
    #[error("this idempotency key was used for another request")]
    Reused,
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] RepositoryError),
}

impl Problem for IdempotencyError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::InUse => ErrorKind::Conflict,
            Self::Reused => ErrorKind::Invalid,
            Self::Storage(error) => error.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::InUse => "idempotency-key-in-use",
            Self::Reused => "idempotency-key-reused",
            Self::Storage(error) => error.code(),
        }
    }
}

impl IdempotencyService {
    /// Claims `key` for the request `fingerprint`, or says why not. A
    /// concurrent claim of the same key is settled by the store: exactly
    /// one request runs.
    pub fn begin(
        &self,
        scope: Scope,
        key: IdempotencyKey,
        fingerprint: Fingerprint,
    ) -> Result<Begin, IdempotencyError> {
        let now = self.clock.now();
        let claim = Entry {
            fingerprint,
            started_at: now,
            expires_at: now + self.ttl,
            response: None,
        };
        // Each failed swap means another request changed the entry in
        // between; a few rounds settle it (the last word is the store's).
        for _ in 0..3 {
            if self.store.insert(&scope, &key, &claim)? {
                return Ok(Begin::Run(Ticket {
                    scope,
                    key,
                    started_at: now,
                }));
            }
            let Some(entry) = self.store.get(&scope, &key)? else {
                continue;
            };
            match decide(Some(&entry), &claim.fingerprint, now, self.lease) {
                Decision::Proceed => {
                    if self.store.replace(&scope, &key, entry.started_at, &claim)? {
                        return Ok(Begin::Run(Ticket {
                            scope,
                            key,
                            started_at: now,
                        }));
                    }
                }
                Decision::Replay(response) => return Ok(Begin::Replay(response)),
                Decision::InUse => return Err(IdempotencyError::InUse),
                Decision::Reused => return Err(IdempotencyError::Reused),
            }
        }
        Err(IdempotencyError::InUse)
    }

    /// Keeps `response` as the answer under the ticket's key, or frees the
    /// key when there is none to keep (the request failed on our side).
    pub fn finish(
        &self,
        ticket: &Ticket,
        response: Option<&StoredResponse>,
    ) -> Result<(), RepositoryError> {
        match response {
            Some(response) => {
                self.store
                    .complete(&ticket.scope, &ticket.key, ticket.started_at, response)
            }
            None => self
                .store
                .release(&ticket.scope, &ticket.key, ticket.started_at),
        }
    }

    /// Forgets every expired key.
    pub fn purge(&self) -> Result<u64, RepositoryError> {
        self.store.purge(self.clock.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::ports::MockClock;
    use crate::idempotency::MockIdempotencyStore;
    use chrono::TimeZone;
    use mockall::predicate::always;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap()
    }

    fn service(store: MockIdempotencyStore) -> IdempotencyService {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(now());
        IdempotencyService {
            store: Arc::new(store),
            clock: Arc::new(clock),
            ttl: IdempotencyService::DEFAULT_TTL,
            lease: IdempotencyService::DEFAULT_LEASE,
        }
    }

    fn key() -> IdempotencyKey {
        IdempotencyKey::parse("k-1").unwrap()
    }

    fn fp() -> Fingerprint {
        Fingerprint::of("POST", "/a", b"{}")
    }

    fn scope() -> Scope {
        Scope("token:1".into())
    }

    #[test]
    fn a_new_key_is_claimed_for_the_ttl() {
        let mut store = MockIdempotencyStore::new();
        store
            .expect_insert()
            .withf(|_, _, entry| {
                entry.expires_at == now() + TimeDelta::hours(24) && entry.response.is_none()
            })
            .return_once(|_, _, _| Ok(true));
        let begun = service(store).begin(scope(), key(), fp()).unwrap();
        assert!(matches!(begun, Begin::Run(t) if t.started_at == now()));
    }

    #[test]
    fn a_finished_request_is_replayed() {
        let answer = StoredResponse {
            status: 201,
            headers: Vec::new(),
            body: b"{}".to_vec(),
            patient: None,
        };
        let stored = Entry {
            fingerprint: fp(),
            started_at: now() - TimeDelta::minutes(5),
            expires_at: now() + TimeDelta::hours(1),
            response: Some(answer.clone()),
        };
        let mut store = MockIdempotencyStore::new();
        store.expect_insert().return_once(|_, _, _| Ok(false));
        store.expect_get().return_once(move |_, _| Ok(Some(stored)));
        let begun = service(store).begin(scope(), key(), fp()).unwrap();
        assert_eq!(begun, Begin::Replay(answer));
    }

    #[test]
    fn a_running_request_makes_a_repeat_wait_and_another_request_is_refused() {
        for (fingerprint, expected) in [
            (fp(), "idempotency-key-in-use"),
            (
                Fingerprint::of("POST", "/a", b"[]"),
                "idempotency-key-reused",
            ),
        ] {
            let running = Entry {
                fingerprint: fp(),
                started_at: now(),
                expires_at: now() + TimeDelta::hours(24),
                response: None,
            };
            let mut store = MockIdempotencyStore::new();
            store.expect_insert().return_once(|_, _, _| Ok(false));
            store
                .expect_get()
                .return_once(move |_, _| Ok(Some(running)));
            let error = service(store)
                .begin(scope(), key(), fingerprint)
                .unwrap_err();
            assert_eq!(error.code(), expected);
        }
    }

    #[test]
    fn an_abandoned_claim_is_taken_over_only_if_no_one_else_took_it_first() {
        let abandoned = Entry {
            fingerprint: fp(),
            started_at: now() - TimeDelta::minutes(2),
            expires_at: now() + TimeDelta::hours(20),
            response: None,
        };
        for (swapped, runs) in [(true, true), (false, false)] {
            let mut store = MockIdempotencyStore::new();
            store.expect_insert().returning(|_, _, _| Ok(false));
            let stored = abandoned.clone();
            store
                .expect_get()
                .returning(move |_, _| Ok(Some(stored.clone())));
            store
                .expect_replace()
                .withf(|_, _, replaced, _| *replaced == now() - TimeDelta::minutes(2))
                .returning(move |_, _, _, _| Ok(swapped));
            let begun = service(store).begin(scope(), key(), fp());
            assert_eq!(begun.is_ok(), runs);
        }
    }

    #[test]
    fn finishing_keeps_the_answer_or_frees_the_key() {
        let ticket = Ticket {
            scope: scope(),
            key: key(),
            started_at: now(),
        };
        let answer = StoredResponse {
            status: 201,
            headers: Vec::new(),
            body: Vec::new(),
            patient: None,
        };
        let mut store = MockIdempotencyStore::new();
        store
            .expect_complete()
            .with(always(), always(), mockall::predicate::eq(now()), always())
            .times(1)
            .returning(|_, _, _, _| Ok(()));
        store.expect_release().times(1).returning(|_, _, _| Ok(()));
        let service = service(store);
        service.finish(&ticket, Some(&answer)).unwrap();
        service.finish(&ticket, None).unwrap();
    }
}
