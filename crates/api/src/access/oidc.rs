//! OpenID Connect access tokens: JWTs signed by the clinic's identity
//! provider (NHS CIS2, Keycloak, ...), verified against its published keys
//! (a JWKS), its issuer and PANDA's audience, with the caller's roles read
//! from a configured claim.
//!
//! Only asymmetric algorithms are accepted (EdDSA, ES256/384, RS256/384/512,
//! PS256/384/512): never `none`, never an HMAC (which would let anyone who
//! holds the public key sign). The key is chosen by the token's `kid` from
//! the JWKS, and the token's `alg` must be the key's.

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use panda_domain::Actor;
use panda_domain::access::{AuthError, Principal, Role, Roles};
use serde_json::{Map, Value};
use std::sync::{Arc, RwLock};

/// The algorithms PANDA accepts in an identity provider's token.
const ACCEPTED: [Algorithm; 9] = [
    Algorithm::EdDSA,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
];

/// Seconds of clock difference tolerated between PANDA and the provider.
const LEEWAY_SECS: u64 = 30;

/// Where a token's issuer, audience and roles are checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    /// The provider's issuer (`iss`), exactly as it writes it.
    pub issuer: String,
    /// PANDA's client id at the provider: the `aud` a token must carry.
    pub audience: String,
    /// The claim holding the caller's roles: a string or an array of
    /// strings, of which `admin`, `clinic` and `analyst` count.
    pub role_claim: String,
}

/// Verifies identity providers' JWTs.
#[derive(Debug)]
pub struct OidcVerifier {
    settings: OidcSettings,
    keys: RwLock<Arc<JwkSet>>,
}

impl OidcVerifier {
    /// A verifier trusting the keys of `jwks`.
    pub fn new(settings: OidcSettings, jwks: JwkSet) -> Self {
        Self {
            settings,
            keys: RwLock::new(Arc::new(jwks)),
        }
    }

    /// Trusts `jwks` from now on, in place of the keys before (a provider
    /// rotates its keys; the binary reloads them).
    pub fn replace_keys(&self, jwks: JwkSet) {
        *self.keys.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(jwks);
    }

    /// True when it holds at least one key (a provider that could not be
    /// reached at start-up leaves it with none until a fetch succeeds).
    pub fn has_keys(&self) -> bool {
        !self
            .keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .keys
            .is_empty()
    }

    /// True when `credential` has a JWT's shape (three base64url parts),
    /// so that it is this verifier's to check rather than an API token.
    pub fn looks_like_jwt(credential: &str) -> bool {
        credential.split('.').count() == 3
            && credential
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    }

    /// The principal the token stands for. Any failure (malformed, unknown
    /// key, wrong algorithm, bad signature, expired, wrong issuer or
    /// audience, no subject) is [`AuthError::Unknown`] or
    /// [`AuthError::Expired`]: the caller sees the same 401 for each.
    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let header = decode_header(token).map_err(|_| AuthError::Malformed)?;
        if !ACCEPTED.contains(&header.alg) {
            return Err(AuthError::Malformed);
        }
        let kid = header.kid.as_deref().ok_or(AuthError::Malformed)?;
        let keys = self.keys.read().unwrap_or_else(|e| e.into_inner()).clone();
        let jwk = keys.find(kid).ok_or(AuthError::Unknown)?;
        if !key_allows(jwk, header.alg) {
            return Err(AuthError::Unknown);
        }
        let key = DecodingKey::from_jwk(jwk).map_err(|_| AuthError::Unknown)?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = LEEWAY_SECS;
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims = decode::<Map<String, Value>>(token, &key, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AuthError::Expired,
                _ => AuthError::Unknown,
            })?
            .claims;
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty() && s.len() <= 255)
            .ok_or(AuthError::Unknown)?;
        Ok(Principal {
            actor: Actor::Subject {
                subject: subject.to_owned(),
            },
            roles: roles(claims.get(&self.settings.role_claim)),
        })
    }
}

/// True when the key may verify `alg`: its own `alg` if it names one, and
/// its type in any case.
fn key_allows(jwk: &Jwk, alg: Algorithm) -> bool {
    use jsonwebtoken::jwk::{AlgorithmParameters, KeyAlgorithm};
    let named = jwk.common.key_algorithm.map(|k| match k {
        KeyAlgorithm::EdDSA => Some(Algorithm::EdDSA),
        KeyAlgorithm::ES256 => Some(Algorithm::ES256),
        KeyAlgorithm::ES384 => Some(Algorithm::ES384),
        KeyAlgorithm::RS256 => Some(Algorithm::RS256),
        KeyAlgorithm::RS384 => Some(Algorithm::RS384),
        KeyAlgorithm::RS512 => Some(Algorithm::RS512),
        KeyAlgorithm::PS256 => Some(Algorithm::PS256),
        KeyAlgorithm::PS384 => Some(Algorithm::PS384),
        KeyAlgorithm::PS512 => Some(Algorithm::PS512),
        _ => None,
    });
    if named.is_some_and(|n| n != Some(alg)) {
        return false;
    }
    match &jwk.algorithm {
        AlgorithmParameters::OctetKeyPair(_) => alg == Algorithm::EdDSA,
        AlgorithmParameters::EllipticCurve(_) => matches!(alg, Algorithm::ES256 | Algorithm::ES384),
        AlgorithmParameters::RSA(_) => matches!(
            alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
        ),
        // A shared secret ("oct") is never trusted: see the module's doc.
        _ => false,
    }
}

/// PANDA's roles among the claim's values: a string or an array of them.
fn roles(claim: Option<&Value>) -> Roles {
    let names: Vec<&str> = match claim {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .filter_map(|n| Role::parse(n).ok())
        .collect()
}
