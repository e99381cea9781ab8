//! API tokens: stored as hashes, found by hash, listed without secrets,
//! revoked once, names unique.

use crate::fixtures::audit;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_domain::access::{
    ApiToken, NewToken, Role, TokenId, TokenName, TokenRepository, TokenSecret,
};
use panda_domain::{Conflict, RepositoryError};
use uuid::Uuid;

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, hour, 0, 0).unwrap()
}

fn new_token(n: u8, name: &str, role: Role) -> (NewToken, TokenSecret) {
    let secret = TokenSecret::from_random([n; 32]);
    let token = ApiToken {
        id: TokenId::from_uuid(Uuid::from_u128(u128::from(n))),
        name: TokenName::parse(name).unwrap(),
        role,
        created_at: at(u32::from(n)),
        expires_at: Some(at(u32::from(n)) + TimeDelta::days(90)),
        last_used_at: None,
        revoked_at: None,
    };
    let new = NewToken {
        hash: secret.hash(),
        token,
    };
    (new, secret)
}

fn a_stored_token_is_found_by_the_hash_of_its_secret_only(db: &Database) {
    let (new, secret) = new_token(1, "front-desk", Role::Clinic);
    db.insert(&new, &audit()).unwrap();
    let (found, hash) = db.find_by_hash(&secret.hash()).unwrap().unwrap();
    assert_eq!(found, new.token);
    assert!(hash.matches(&secret.hash()));
    let other = TokenSecret::from_random([9; 32]);
    assert_eq!(db.find_by_hash(&other.hash()).unwrap(), None);
}

fn names_are_unique(db: &Database) {
    db.insert(&new_token(1, "reports", Role::Analyst).0, &audit())
        .unwrap();
    let again = db.insert(&new_token(2, "reports", Role::Admin).0, &audit());
    assert!(
        matches!(again, Err(RepositoryError::Conflict(Conflict::Duplicate))),
        "{again:?}"
    );
}

fn tokens_are_listed_newest_first(db: &Database) {
    for (n, name) in [(1, "a"), (3, "c"), (2, "b")] {
        db.insert(&new_token(n, name, Role::Clinic).0, &audit())
            .unwrap();
    }
    let names: Vec<String> = db
        .list()
        .unwrap()
        .into_iter()
        .map(|t| t.name.to_string())
        .collect();
    assert_eq!(names, ["c", "b", "a"]);
}

fn the_first_revocation_stands_and_an_unknown_token_is_not_found(db: &Database) {
    let (new, secret) = new_token(1, "desk", Role::Clinic);
    db.insert(&new, &audit()).unwrap();
    let revoked = db.revoke(new.token.id, at(10), &audit()).unwrap();
    assert_eq!(revoked.revoked_at, Some(at(10)));
    let again = db.revoke(new.token.id, at(11), &audit()).unwrap();
    assert_eq!(again.revoked_at, Some(at(10)));
    let (found, _) = db.find_by_hash(&secret.hash()).unwrap().unwrap();
    assert_eq!(found.revoked_at, Some(at(10)));
    let unknown = TokenId::from_uuid(Uuid::from_u128(99));
    let refused = db.revoke(unknown, at(10), &audit());
    assert!(
        matches!(refused, Err(RepositoryError::NotFound)),
        "{refused:?}"
    );
}

fn a_use_is_recorded(db: &Database) {
    let (new, secret) = new_token(1, "desk", Role::Clinic);
    db.insert(&new, &audit()).unwrap();
    db.touch(new.token.id, at(12)).unwrap();
    let (found, _) = db.find_by_hash(&secret.hash()).unwrap().unwrap();
    assert_eq!(found.last_used_at, Some(at(12)));
}

contract!(
    a_stored_token_is_found_by_the_hash_of_its_secret_only,
    names_are_unique,
    tokens_are_listed_newest_first,
    the_first_revocation_stands_and_an_unknown_token_is_not_found,
    a_use_is_recorded,
);
