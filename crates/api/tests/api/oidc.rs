//! OpenID Connect access tokens, made and signed by the tests themselves
//! with test-only keys (keys/README.md), against the real middleware: a
//! valid token admits its roles; expired, wrong issuer, wrong audience, bad
//! signature, `alg: none`, an HMAC, or an unknown `kid` are each a 401.

use crate::support::*;
use actix_web::test::{self, TestRequest};
use base64::Engine;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use panda_api::Settings;
use panda_api::access::{Auth, Authenticator, OidcSettings, OidcVerifier};
use panda_domain::access::TokenService;
use panda_domain::access::ports::{MockSecretSource, MockTokenRepository};
use panda_domain::common::ports::{MockClock, MockIdSource};
use serde_json::{Value, json};
use std::sync::Arc;

const ISSUER: &str = "https://id.clinic.example/realms/staff";
const AUDIENCE: &str = "panda";
const ED25519: &[u8] = include_bytes!("keys/ed25519.pem");
const OTHER_ED25519: &[u8] = include_bytes!("keys/other-ed25519.pem");
const RSA: &[u8] = include_bytes!("keys/rsa.pem");
const JWKS: &str = include_str!("keys/jwks.json");

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

fn claims(roles: Value) -> Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "f3a9c1e2-staff-0042",
        "exp": now_secs() + 300,
        "iat": now_secs(),
        "panda_roles": roles,
    })
}

fn signed(alg: Algorithm, kid: &str, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = Some(kid.to_owned());
    encode(&header, claims, key).unwrap()
}

fn ed(claims: &Value) -> String {
    signed(
        Algorithm::EdDSA,
        "ed-1",
        &EncodingKey::from_ed_pem(ED25519).unwrap(),
        claims,
    )
}

async fn status(token: &str, uri: &str) -> u16 {
    let tokens = TokenService {
        tokens: Arc::new(MockTokenRepository::new()),
        clock: Arc::new(MockClock::new()),
        ids: Arc::new(MockIdSource::new()),
        secrets: Arc::new(MockSecretSource::new()),
    };
    let verifier = OidcVerifier::new(
        OidcSettings {
            issuer: ISSUER.to_owned(),
            audience: AUDIENCE.to_owned(),
            role_claim: "panda_roles".to_owned(),
        },
        serde_json::from_str::<JwkSet>(JWKS).unwrap(),
    );
    let settings = Settings {
        auth: Auth::On(Arc::new(Authenticator::new(tokens).with_oidc(verifier))),
        ..settings()
    };
    let services = Mocks::new().services();
    let app = test::init_service(panda_api::app(services, settings)).await;
    let request = TestRequest::get()
        .uri(uri)
        .insert_header(("authorization", format!("Bearer {token}")))
        .to_request();
    test::call_service(&app, request).await.status().as_u16()
}

/// A route the clinic may use, answered before any port (a bad page size).
const PATIENTS: &str = "/api/v1/patients?limit=0";

#[actix_web::test]
async fn a_valid_token_admits_the_roles_its_claim_grants() {
    assert_eq!(status(&ed(&claims(json!(["clinic"]))), PATIENTS).await, 422);
    assert_eq!(status(&ed(&claims(json!("clinic"))), PATIENTS).await, 422);
    assert_eq!(
        status(&ed(&claims(json!(["analyst"]))), PATIENTS).await,
        403
    );
    let both = ed(&claims(json!(["analyst", "clinic", "nurse"])));
    assert_eq!(status(&both, PATIENTS).await, 422);
    assert_eq!(
        status(&both, "/api/v1/reports/missed?period=aeon").await,
        422
    );
}

#[actix_web::test]
async fn a_token_with_no_panda_role_is_known_but_admitted_nowhere() {
    assert_eq!(status(&ed(&claims(Value::Null)), PATIENTS).await, 403);
    assert_eq!(status(&ed(&claims(json!(["nurse"]))), PATIENTS).await, 403);
}

#[actix_web::test]
async fn an_rsa_signed_token_from_the_provider_is_accepted() {
    let key = EncodingKey::from_rsa_pem(RSA).unwrap();
    let token = signed(Algorithm::RS256, "rsa-1", &key, &claims(json!(["clinic"])));
    assert_eq!(status(&token, PATIENTS).await, 422);
}

#[actix_web::test]
async fn expired_wrong_issuer_wrong_audience_and_no_subject_are_401() {
    let mut expired = claims(json!(["clinic"]));
    expired["exp"] = json!(now_secs() - 3600);
    let mut issuer = claims(json!(["clinic"]));
    issuer["iss"] = json!("https://evil.example/");
    let mut audience = claims(json!(["clinic"]));
    audience["aud"] = json!("another-app");
    let mut no_subject = claims(json!(["clinic"]));
    no_subject.as_object_mut().unwrap().remove("sub");
    for (what, c) in [
        ("expired", expired),
        ("wrong issuer", issuer),
        ("wrong audience", audience),
        ("no subject", no_subject),
    ] {
        assert_eq!(status(&ed(&c), PATIENTS).await, 401, "{what}");
    }
}

#[actix_web::test]
async fn a_bad_signature_an_unknown_kid_alg_none_and_an_hmac_are_401() {
    let c = claims(json!(["admin"]));
    let other = EncodingKey::from_ed_pem(OTHER_ED25519).unwrap();
    let forged = signed(Algorithm::EdDSA, "ed-1", &other, &c);
    let unknown_kid = signed(
        Algorithm::EdDSA,
        "ed-9",
        &EncodingKey::from_ed_pem(ED25519).unwrap(),
        &c,
    );
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "kid": "ed-1"})),
        b64(&c)
    );
    // The public RSA key's modulus used as an HMAC secret: the classic
    // algorithm-confusion forgery.
    let jwks: Value = serde_json::from_str(JWKS).unwrap();
    let public = jwks["keys"][1]["n"].as_str().unwrap().as_bytes().to_vec();
    let hmac = signed(
        Algorithm::HS256,
        "rsa-1",
        &EncodingKey::from_secret(&public).unwrap(),
        &c,
    );
    let ed_as_rsa = signed(
        Algorithm::RS256,
        "ed-1",
        &EncodingKey::from_rsa_pem(RSA).unwrap(),
        &c,
    );
    for (what, token) in [
        ("bad signature", forged),
        ("unknown kid", unknown_kid),
        ("alg none", none),
        ("hmac", hmac),
        ("an RSA signature for an Ed25519 key", ed_as_rsa),
        ("garbage", "a.b.c".to_owned()),
    ] {
        assert_eq!(status(&token, PATIENTS).await, 401, "{what}");
    }
}
