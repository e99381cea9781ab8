//! Keys, fingerprints, stored answers, and the rule that decides what a
//! request with a key does.

use crate::common::error::{ErrorKind, Problem};
use crate::common::hex;
use crate::patient::NhsNumber;
use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

/// A client's key for one logical request: 1 to 255 visible ASCII
/// characters (a UUID is the usual choice).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an idempotency key is 1 to {max} visible ASCII characters", max = IdempotencyKey::MAX_CHARS)]
pub struct KeyError;

impl Problem for KeyError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "idempotency-key-format"
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        vec![("max", IdempotencyKey::MAX_CHARS.to_string())]
    }
}

impl IdempotencyKey {
    /// The longest key accepted.
    pub const MAX_CHARS: usize = 255;

    /// Accepts 1 to [`Self::MAX_CHARS`] characters from `!` to `~`: no
    /// spaces, no control characters, nothing outside ASCII.
    pub fn parse(input: &str) -> Result<Self, KeyError> {
        let visible = input.bytes().all(|b| (0x21..=0x7e).contains(&b));
        if input.is_empty() || input.len() > Self::MAX_CHARS || !visible {
            return Err(KeyError);
        }
        Ok(Self(input.to_owned()))
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whose keys these are: the caller's credential (`token:<id>`,
/// `oidc:<subject>`), so two callers' keys can never collide.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope(pub String);

/// What identifies a request's content: a SHA-256 over its method, target
/// and body, in hex. The same key with another fingerprint is a misuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of `method target` with `body`.
    pub fn of(method: &str, target: &str, body: &[u8]) -> Self {
        let mut hash = Sha256::new();
        for part in [method.as_bytes(), b" ", target.as_bytes(), b"\n", body] {
            hash.update(part);
        }
        Self(hex::encode(&hash.finalize()))
    }

    /// A fingerprint read back from storage.
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer given to the first request, kept to be given again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The status code.
    pub status: u16,
    /// The headers worth repeating (`Location`, `ETag`, `Content-Type`, ...).
    pub headers: Vec<(String, String)>,
    /// The body, as sent.
    pub body: Vec<u8>,
    /// The patient the answer is about, if any: erasing the patient
    /// deletes the entry with them.
    pub patient: Option<NhsNumber>,
}

/// What the store holds for one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The first request's fingerprint.
    pub fingerprint: Fingerprint,
    /// When the request that holds the key started running.
    pub started_at: DateTime<Utc>,
    /// When the key is forgotten.
    pub expires_at: DateTime<Utc>,
    /// The answer, once there is one; `None` while the request runs.
    pub response: Option<StoredResponse>,
}

/// What a request under a key does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Run it: the key is new, expired, or held by a request that never
    /// finished.
    Proceed,
    /// Do nothing and give this answer again.
    Replay(StoredResponse),
    /// The same request is running now: try again shortly.
    InUse,
    /// The key was used for another request.
    Reused,
}

/// The rule. An entry past its expiry, or one whose request started more
/// than `lease` ago and never finished (its process died), no longer holds
/// the key. Otherwise another request under the key is refused; the same
/// request gets the first answer, or waits while the first still runs.
pub fn decide(
    entry: Option<&Entry>,
    fingerprint: &Fingerprint,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> Decision {
    let Some(entry) = entry else {
        return Decision::Proceed;
    };
    if entry.expires_at <= now {
        return Decision::Proceed;
    }
    if entry.fingerprint != *fingerprint {
        return Decision::Reused;
    }
    match &entry.response {
        Some(response) => Decision::Replay(response.clone()),
        None if entry.started_at + lease <= now => Decision::Proceed,
        None => Decision::InUse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 1, 9, minute, 0).unwrap()
    }

    fn answer() -> StoredResponse {
        StoredResponse {
            status: 201,
            headers: vec![("location".into(), "/x".into())],
            body: b"{}".to_vec(),
            patient: None,
        }
    }

    fn entry(response: Option<StoredResponse>) -> Entry {
        Entry {
            fingerprint: Fingerprint::of("POST", "/a", b"{}"),
            started_at: at(0),
            expires_at: at(30),
            response,
        }
    }

    const LEASE: TimeDelta = TimeDelta::minutes(1);

    #[test]
    fn keys_are_one_to_255_visible_ascii_characters() {
        assert!(IdempotencyKey::parse("a").is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        assert!(IdempotencyKey::parse("0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        for bad in ["", " ", "a b", "caf\u{e9}", "tab\t", &"k".repeat(256)] {
            assert_eq!(IdempotencyKey::parse(bad), Err(KeyError), "{bad:?}");
        }
    }

    #[test]
    fn the_fingerprint_covers_method_target_and_body() {
        let base = Fingerprint::of("POST", "/a", b"{}");
        assert_eq!(base, Fingerprint::of("POST", "/a", b"{}"));
        assert_eq!(base.as_str().len(), 64);
        assert_ne!(base, Fingerprint::of("PUT", "/a", b"{}"));
        assert_ne!(base, Fingerprint::of("POST", "/b", b"{}"));
        assert_ne!(base, Fingerprint::of("POST", "/a", b"{ }"));
        // The separators keep parts from running into each other.
        assert_ne!(
            Fingerprint::of("POST", "/a", b"b"),
            Fingerprint::of("POST", "/a\nb", b"")
        );
    }

    #[test]
    fn a_new_key_proceeds() {
        let fp = Fingerprint::of("POST", "/a", b"{}");
        assert_eq!(decide(None, &fp, at(0), LEASE), Decision::Proceed);
    }

    #[test]
    fn the_same_request_gets_the_first_answer_until_the_key_expires() {
        let fp = Fingerprint::of("POST", "/a", b"{}");
        let done = entry(Some(answer()));
        assert_eq!(
            decide(Some(&done), &fp, at(29), LEASE),
            Decision::Replay(answer())
        );
        assert_eq!(decide(Some(&done), &fp, at(30), LEASE), Decision::Proceed);
    }

    #[test]
    fn another_request_under_a_live_key_is_refused() {
        let other = Fingerprint::of("POST", "/a", b"{\"x\":1}");
        assert_eq!(
            decide(Some(&entry(Some(answer()))), &other, at(5), LEASE),
            Decision::Reused
        );
        assert_eq!(
            decide(Some(&entry(None)), &other, at(0), LEASE),
            Decision::Reused
        );
        // Once expired, the key is free for anything.
        assert_eq!(
            decide(Some(&entry(None)), &other, at(30), LEASE),
            Decision::Proceed
        );
    }

    #[test]
    fn a_running_request_holds_the_key_for_its_lease_only() {
        let fp = Fingerprint::of("POST", "/a", b"{}");
        let running = entry(None);
        assert_eq!(decide(Some(&running), &fp, at(0), LEASE), Decision::InUse);
        // A minute on, its process is taken to have died: the retry runs.
        assert_eq!(decide(Some(&running), &fp, at(1), LEASE), Decision::Proceed);
    }
}
