//! PANDA's API tokens: a random secret shown once, kept only as its hash.

use crate::access::role::{Role, Roles};
use crate::common::hex;
use crate::common::ports::Actor;
use crate::common::text::{Label, TextError};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;
use uuid::Uuid;

/// Identifies an API token. Not secret: listed, logged and audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenId(Uuid);

impl TokenId {
    /// Wraps a UUID.
    pub fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// Parses the hyphenated form.
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        (input.len() == 36)
            .then(|| Uuid::try_parse(input).ok())
            .flatten()
            .map(Self)
    }
}

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A token's name, chosen by the operator who created it (`front-desk`,
/// `reporting`): unique, so that it can be revoked by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenName(Label);

impl TokenName {
    /// Parses a name with the rules of every label.
    pub fn parse(input: &str) -> Result<Self, TextError> {
        Label::parse(input).map(Self)
    }
}

impl AsRef<str> for TokenName {
    fn as_ref(&self) -> &str {
        self.0.as_ref()
    }
}

impl fmt::Display for TokenName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The prefix of every secret, so that a secret pasted where it should not
/// be (a chat, a repository) can be recognised by scanners.
const PREFIX: &str = "panda_";
/// Random bytes per secret: 256 bits.
const SECRET_BYTES: usize = 32;

/// A token's secret as the caller presents it: `panda_` and 64 lower-case
/// hex digits (256 random bits). Never stored, never logged: `Debug`
/// prints `TokenSecret(***)`.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl TokenSecret {
    /// A secret made of `bytes` from a [`crate::access::SecretSource`].
    pub fn from_random(bytes: [u8; SECRET_BYTES]) -> Self {
        let mut text = String::with_capacity(PREFIX.len() + 2 * SECRET_BYTES);
        text.push_str(PREFIX);
        hex::push(&mut text, &bytes);
        Self(text)
    }

    /// Reads a presented secret; `None` when it cannot be one of ours (so
    /// no store is asked about it).
    pub fn parse(input: &str) -> Option<Self> {
        let hex = input.strip_prefix(PREFIX)?;
        (hex.len() == 2 * SECRET_BYTES && hex.bytes().all(|b| hex::DIGITS.contains(&b)))
            .then(|| Self(input.to_owned()))
    }

    /// The text to hand to the caller, once.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What is stored and looked up instead of the secret.
    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

impl fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSecret(***)")
    }
}

/// The SHA-256 of a secret. A secret has 256 random bits, so a fast hash
/// is safe here (there is nothing to guess, unlike a password) and cheap
/// enough to check on every request.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    /// The stored text form: 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(&self.0)
    }

    /// Reads the stored text form.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let digit = |c: u8| hex::DIGITS.iter().position(|&h| h == c);
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let (hi, lo) = (digit(pair[0])?, digit(pair[1])?);
            out[i] = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(Self(out))
    }

    /// Compares in constant time, so the time taken says nothing about how
    /// much of a guess was right.
    pub fn matches(&self, other: &TokenHash) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(..)")
    }
}

/// A stored API token: everything but its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id.
    pub id: TokenId,
    /// Its unique name.
    pub name: TokenName,
    /// What it may do.
    pub role: Role,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was last used, to within a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// True when it may be used at `now`: not revoked, not expired.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }

    /// The principal it stands for.
    pub fn principal(&self) -> Principal {
        Principal {
            actor: Actor::Token {
                id: self.id.to_string(),
                name: self.name.to_string(),
            },
            roles: Roles::of(self.role),
        }
    }
}

/// A token about to be stored, with the hash of its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// The token.
    pub token: ApiToken,
    /// The hash of its secret.
    pub hash: TokenHash,
}

/// Who a verified credential stands for, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Who they are, as the audit trail names them.
    pub actor: Actor,
    /// Their roles.
    pub roles: Roles,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_the_prefix_and_64_hex_digits_and_parses_back() {
        let secret = TokenSecret::from_random([0xab; 32]);
        assert_eq!(secret.expose().len(), 70);
        assert!(secret.expose().starts_with("panda_abab"));
        assert_eq!(TokenSecret::parse(secret.expose()), Some(secret));
    }

    #[test]
    fn anything_else_is_not_a_secret() {
        let good = TokenSecret::from_random([7; 32]).expose().to_owned();
        for bad in [
            String::new(),
            "panda_".to_owned(),
            good[..69].to_owned(),
            format!("{good}0"),
            good.to_uppercase(),
            good.replace("panda_", "pandb_"),
            format!("{}g", &good[..69]),
        ] {
            assert_eq!(TokenSecret::parse(&bad), None, "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_a_secret_or_its_hash() {
        let secret = TokenSecret::from_random([0x5a; 32]);
        assert_eq!(format!("{secret:?}"), "TokenSecret(***)");
        assert!(!format!("{:?}", secret.hash()).contains("5a"));
    }

    #[test]
    fn the_hash_round_trips_through_hex_and_matches_only_itself() {
        let a = TokenSecret::from_random([1; 32]).hash();
        let b = TokenSecret::from_random([2; 32]).hash();
        assert_eq!(TokenHash::from_hex(&a.to_hex()), Some(a));
        assert!(a.matches(&a));
        assert!(!a.matches(&b));
        assert_eq!(TokenHash::from_hex("zz"), None);
        assert_eq!(TokenHash::from_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn a_token_is_live_until_it_expires_or_is_revoked() {
        use chrono::TimeZone;
        let at = |h| Utc.with_ymd_and_hms(2026, 11, 30, h, 0, 0).unwrap();
        let mut token = ApiToken {
            id: TokenId::from_uuid(Uuid::nil()),
            name: TokenName::parse("desk").unwrap(),
            role: Role::Clinic,
            created_at: at(8),
            expires_at: Some(at(10)),
            last_used_at: None,
            revoked_at: None,
        };
        assert!(token.is_live(at(9)));
        assert!(!token.is_live(at(10)));
        token.expires_at = None;
        assert!(token.is_live(at(23)));
        token.revoked_at = Some(at(9));
        assert!(!token.is_live(at(9)));
    }
}
