//! The token use cases against mocked ports.

use super::*;
use crate::access::ports::{MockSecretSource, MockTokenRepository};
use crate::access::token::TokenHash;
use crate::common::ports::{Actor, MockClock, MockIdSource};
use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
}

fn service(tokens: MockTokenRepository) -> TokenService {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    let mut ids = MockIdSource::new();
    ids.expect_new_id().returning(|| Uuid::from_u128(7));
    let mut secrets = MockSecretSource::new();
    secrets.expect_secret_bytes().returning(|| [0x42; 32]);
    TokenService {
        tokens: Arc::new(tokens),
        clock: Arc::new(clock),
        ids: Arc::new(ids),
        secrets: Arc::new(secrets),
    }
}

fn token(role: Role) -> ApiToken {
    ApiToken {
        id: TokenId::from_uuid(Uuid::from_u128(7)),
        name: TokenName::parse("front-desk").unwrap(),
        role,
        created_at: now() - TimeDelta::days(1),
        expires_at: None,
        last_used_at: Some(now()),
        revoked_at: None,
    }
}

fn secret() -> TokenSecret {
    TokenSecret::from_random([0x42; 32])
}

fn stored(t: ApiToken) -> MockTokenRepository {
    let mut tokens = MockTokenRepository::new();
    tokens
        .expect_find_by_hash()
        .returning(move |h| Ok(Some((t.clone(), *h))));
    tokens
}

#[test]
fn a_created_token_stores_only_the_hash_of_the_secret_it_returns() {
    let mut tokens = MockTokenRepository::new();
    tokens
        .expect_insert()
        .withf(|new, _| {
            new.hash == secret().hash() && new.token.expires_at == Some(now() + TimeDelta::days(90))
        })
        .returning(|new, _| Ok(new.token.clone()));
    let (created, secret_shown) = service(tokens)
        .create(
            TokenName::parse("front-desk").unwrap(),
            Role::Clinic,
            Some(TimeDelta::days(90)),
            &Actor::System,
        )
        .unwrap();
    assert_eq!(secret_shown, secret());
    assert_eq!(created.role, Role::Clinic);
    assert_eq!(created.created_at, now());
}

#[test]
fn a_life_under_a_minute_or_over_ten_years_is_refused() {
    for life in [
        TimeDelta::zero(),
        TimeDelta::seconds(-5),
        TimeDelta::days(3_653),
    ] {
        let refused = service(MockTokenRepository::new()).create(
            TokenName::parse("x").unwrap(),
            Role::Admin,
            Some(life),
            &Actor::System,
        );
        assert!(matches!(refused, Err(TokenError::LifeOutOfRange)), "{life}");
    }
}

#[test]
fn a_taken_name_is_a_conflict() {
    let mut tokens = MockTokenRepository::new();
    tokens
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::Duplicate)));
    let refused = service(tokens).create(
        TokenName::parse("x").unwrap(),
        Role::Admin,
        None,
        &Actor::System,
    );
    assert!(matches!(refused, Err(TokenError::NameTaken)));
}

#[test]
fn a_live_token_verifies_to_its_principal() {
    let principal = service(stored(token(Role::Analyst)))
        .verify(secret().expose())
        .unwrap();
    assert_eq!(principal.roles, crate::access::Roles::of(Role::Analyst));
    assert_eq!(
        principal.actor,
        Actor::Token {
            id: Uuid::from_u128(7).to_string(),
            name: "front-desk".to_owned()
        }
    );
}

#[test]
fn a_malformed_secret_is_refused_without_asking_the_store() {
    let refused = service(MockTokenRepository::new()).verify("Bearer nonsense");
    assert!(matches!(refused, Err(AuthError::Malformed)));
}

#[test]
fn an_unknown_expired_or_revoked_token_is_refused() {
    let mut unknown = MockTokenRepository::new();
    unknown.expect_find_by_hash().returning(|_| Ok(None));
    assert!(matches!(
        service(unknown).verify(secret().expose()),
        Err(AuthError::Unknown)
    ));
    let mut expired = token(Role::Clinic);
    expired.expires_at = Some(now());
    assert!(matches!(
        service(stored(expired)).verify(secret().expose()),
        Err(AuthError::Expired)
    ));
    let mut revoked = token(Role::Clinic);
    revoked.revoked_at = Some(now() - TimeDelta::hours(1));
    assert!(matches!(
        service(stored(revoked)).verify(secret().expose()),
        Err(AuthError::Revoked)
    ));
}

#[test]
fn a_stored_hash_that_does_not_match_is_refused() {
    let mut tokens = MockTokenRepository::new();
    let other = TokenSecret::from_random([1; 32]).hash();
    tokens
        .expect_find_by_hash()
        .returning(move |_| Ok(Some((token(Role::Admin), other))));
    assert!(matches!(
        service(tokens).verify(secret().expose()),
        Err(AuthError::Unknown)
    ));
}

#[test]
fn a_use_is_recorded_at_most_once_a_minute() {
    let mut stale = token(Role::Clinic);
    stale.last_used_at = Some(now() - TimeDelta::minutes(2));
    let mut tokens = stored(stale);
    tokens
        .expect_touch()
        .withf(|_, at| *at == now())
        .times(1)
        .returning(|_, _| Ok(()));
    service(tokens).verify(secret().expose()).unwrap();
    // Used seconds ago: no write (no expectation set, so a touch would fail).
    service(stored(token(Role::Clinic)))
        .verify(secret().expose())
        .unwrap();
}

#[test]
fn a_failed_use_record_does_not_refuse_the_token() {
    let mut never_used = token(Role::Clinic);
    never_used.last_used_at = None;
    let mut tokens = stored(never_used);
    tokens
        .expect_touch()
        .returning(|_, _| Err(RepositoryError::unexpected("disk full")));
    assert!(service(tokens).verify(secret().expose()).is_ok());
}

#[test]
fn revoking_by_name_finds_the_token_then_revokes_it_by_id() {
    let mut tokens = MockTokenRepository::new();
    tokens
        .expect_list()
        .returning(|| Ok(vec![token(Role::Clinic)]));
    tokens
        .expect_revoke()
        .withf(|id, at, _| *id == TokenId::from_uuid(Uuid::from_u128(7)) && *at == now())
        .returning(|_, at, _| {
            let mut t = token(Role::Clinic);
            t.revoked_at = Some(at);
            Ok(t)
        });
    let revoked = service(tokens)
        .revoke("front-desk", &Actor::System)
        .unwrap();
    assert_eq!(revoked.revoked_at, Some(now()));
}

#[test]
fn revoking_an_unknown_name_is_not_found() {
    let mut tokens = MockTokenRepository::new();
    tokens.expect_list().returning(|| Ok(vec![]));
    assert!(matches!(
        service(tokens).revoke("nobody", &Actor::System),
        Err(TokenError::NotFound)
    ));
}

#[test]
fn hashes_compare_in_full() {
    let a = secret().hash();
    let hex = a.to_hex();
    let mut flipped = hex.clone().into_bytes();
    flipped[63] = if flipped[63] == b'0' { b'1' } else { b'0' };
    let b = TokenHash::from_hex(std::str::from_utf8(&flipped).unwrap()).unwrap();
    assert!(!a.matches(&b));
}
