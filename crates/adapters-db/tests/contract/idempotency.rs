//! Idempotency keys: one entry per caller and key, swapped atomically, so
//! that of many concurrent requests under one key exactly one runs, on
//! every instance over one database.

use crate::fixtures::{at, audit, nhs, patient};
use chrono::{DateTime, TimeDelta, Utc};
use panda_adapters_db::Database;
use panda_domain::Clock;
use panda_domain::idempotency::{
    Begin, Entry, Fingerprint, IdempotencyError, IdempotencyKey, IdempotencyService,
    IdempotencyStore, Scope, StoredResponse,
};
use panda_domain::patient::PatientRepository;
use std::sync::{Arc, Barrier};

contract!(
    a_key_is_claimed_once_and_read_back,
    keys_of_different_callers_never_collide,
    an_answer_is_kept_only_by_the_request_that_holds_the_key,
    a_claim_is_swapped_only_if_no_one_swapped_it_first,
    a_release_frees_only_a_key_still_running,
    expired_keys_are_purged_and_live_ones_kept,
    erasing_a_patient_deletes_the_answers_about_them,
    sixteen_concurrent_requests_under_one_key_run_exactly_once,
);

fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::parse(text).unwrap()
}

fn scope(text: &str) -> Scope {
    Scope(text.to_owned())
}

fn claim(started_at: DateTime<Utc>, body: &[u8]) -> Entry {
    Entry {
        fingerprint: Fingerprint::of("POST", "/api/v1/patients", body),
        started_at,
        expires_at: started_at + TimeDelta::hours(24),
        response: None,
    }
}

fn answer(status: u16) -> StoredResponse {
    StoredResponse {
        status,
        headers: vec![
            ("location".into(), "/api/v1/patients/9434765919".into()),
            ("etag".into(), "\"1\"".into()),
        ],
        body: b"{\"nhs_number\":\"9434765919\"}".to_vec(),
        patient: None,
    }
}

fn a_key_is_claimed_once_and_read_back(db: &Database) {
    let started = at(3, 1, 9, 0);
    let entry = claim(started, b"{}");
    assert!(IdempotencyStore::insert(db, &scope("token:1"), &key("k"), &entry).unwrap());
    assert!(
        !IdempotencyStore::insert(db, &scope("token:1"), &key("k"), &claim(started, b"[]"))
            .unwrap()
    );
    assert_eq!(
        IdempotencyStore::get(db, &scope("token:1"), &key("k")).unwrap(),
        Some(entry)
    );
    assert_eq!(
        IdempotencyStore::get(db, &scope("token:1"), &key("other")).unwrap(),
        None
    );
}

fn keys_of_different_callers_never_collide(db: &Database) {
    let started = at(3, 1, 9, 0);
    assert!(
        IdempotencyStore::insert(db, &scope("token:1"), &key("k"), &claim(started, b"1")).unwrap()
    );
    assert!(
        IdempotencyStore::insert(db, &scope("oidc:alice"), &key("k"), &claim(started, b"2"))
            .unwrap()
    );
    let theirs = IdempotencyStore::get(db, &scope("oidc:alice"), &key("k"))
        .unwrap()
        .unwrap();
    assert_eq!(
        theirs.fingerprint,
        Fingerprint::of("POST", "/api/v1/patients", b"2")
    );
}

fn an_answer_is_kept_only_by_the_request_that_holds_the_key(db: &Database) {
    let started = at(3, 1, 9, 0);
    IdempotencyStore::insert(db, &scope("s"), &key("k"), &claim(started, b"{}")).unwrap();
    // A request that lost the key (it started at another instant) keeps nothing.
    IdempotencyStore::complete(
        db,
        &scope("s"),
        &key("k"),
        started + TimeDelta::seconds(1),
        &answer(500),
    )
    .unwrap();
    assert_eq!(
        IdempotencyStore::get(db, &scope("s"), &key("k"))
            .unwrap()
            .unwrap()
            .response,
        None
    );
    let mut kept = answer(201);
    kept.patient = Some(nhs(1));
    IdempotencyStore::complete(db, &scope("s"), &key("k"), started, &kept).unwrap();
    let stored = IdempotencyStore::get(db, &scope("s"), &key("k"))
        .unwrap()
        .unwrap();
    assert_eq!(stored.response, Some(kept));
}

fn a_claim_is_swapped_only_if_no_one_swapped_it_first(db: &Database) {
    let first = at(3, 1, 9, 0);
    IdempotencyStore::insert(db, &scope("s"), &key("k"), &claim(first, b"{}")).unwrap();
    IdempotencyStore::complete(db, &scope("s"), &key("k"), first, &answer(201)).unwrap();
    let second = claim(first + TimeDelta::hours(25), b"[]");
    assert!(
        !IdempotencyStore::replace(
            db,
            &scope("s"),
            &key("k"),
            first + TimeDelta::seconds(1),
            &second
        )
        .unwrap()
    );
    assert!(IdempotencyStore::replace(db, &scope("s"), &key("k"), first, &second).unwrap());
    // The old answer went with the old claim.
    assert_eq!(
        IdempotencyStore::get(db, &scope("s"), &key("k")).unwrap(),
        Some(second.clone())
    );
    assert!(!IdempotencyStore::replace(db, &scope("s"), &key("k"), first, &second).unwrap());
}

fn a_release_frees_only_a_key_still_running(db: &Database) {
    let started = at(3, 1, 9, 0);
    IdempotencyStore::insert(db, &scope("s"), &key("done"), &claim(started, b"{}")).unwrap();
    IdempotencyStore::complete(db, &scope("s"), &key("done"), started, &answer(201)).unwrap();
    IdempotencyStore::release(db, &scope("s"), &key("done"), started).unwrap();
    assert!(
        IdempotencyStore::get(db, &scope("s"), &key("done"))
            .unwrap()
            .is_some()
    );

    IdempotencyStore::insert(db, &scope("s"), &key("running"), &claim(started, b"{}")).unwrap();
    IdempotencyStore::release(
        db,
        &scope("s"),
        &key("running"),
        started + TimeDelta::seconds(1),
    )
    .unwrap();
    assert!(
        IdempotencyStore::get(db, &scope("s"), &key("running"))
            .unwrap()
            .is_some()
    );
    IdempotencyStore::release(db, &scope("s"), &key("running"), started).unwrap();
    assert_eq!(
        IdempotencyStore::get(db, &scope("s"), &key("running")).unwrap(),
        None
    );
}

fn expired_keys_are_purged_and_live_ones_kept(db: &Database) {
    let old = at(3, 1, 9, 0);
    let recent = at(3, 2, 8, 0);
    IdempotencyStore::insert(db, &scope("s"), &key("old"), &claim(old, b"{}")).unwrap();
    IdempotencyStore::insert(db, &scope("s"), &key("recent"), &claim(recent, b"{}")).unwrap();
    assert_eq!(
        IdempotencyStore::purge(db, old + TimeDelta::hours(24)).unwrap(),
        1
    );
    assert_eq!(
        IdempotencyStore::get(db, &scope("s"), &key("old")).unwrap(),
        None
    );
    assert!(
        IdempotencyStore::get(db, &scope("s"), &key("recent"))
            .unwrap()
            .is_some()
    );
}

fn erasing_a_patient_deletes_the_answers_about_them(db: &Database) {
    let mary = patient(db, 1, "Mary Thomas");
    let other = patient(db, 2, "Sam Jones");
    let started = at(3, 1, 9, 0);
    for (k, who) in [("about-mary", &mary), ("about-sam", &other)] {
        IdempotencyStore::insert(db, &scope("s"), &key(k), &claim(started, k.as_bytes())).unwrap();
        let mut kept = answer(201);
        kept.patient = Some(who.nhs_number.clone());
        IdempotencyStore::complete(db, &scope("s"), &key(k), started, &kept).unwrap();
    }
    db.erase(&mary.nhs_number, at(3, 2, 0, 0), None, &audit())
        .unwrap();
    assert_eq!(
        IdempotencyStore::get(db, &scope("s"), &key("about-mary")).unwrap(),
        None
    );
    assert!(
        IdempotencyStore::get(db, &scope("s"), &key("about-sam"))
            .unwrap()
            .is_some()
    );
}

/// A clock that stands still: every racer claims at the same instant.
struct Frozen(DateTime<Utc>);

impl Clock for Frozen {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn sixteen_concurrent_requests_under_one_key_run_exactly_once(db: &Database) {
    const RACERS: usize = 16;
    let service = IdempotencyService {
        store: Arc::new(db.clone()),
        clock: Arc::new(Frozen(at(3, 1, 9, 0))),
        ttl: IdempotencyService::DEFAULT_TTL,
        lease: IdempotencyService::DEFAULT_LEASE,
    };
    let barrier = Barrier::new(RACERS);
    let outcomes: Vec<Result<Begin, IdempotencyError>> = std::thread::scope(|s| {
        let racers: Vec<_> = (0..RACERS)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    service.begin(
                        scope("token:1"),
                        key("race"),
                        Fingerprint::of("POST", "/api/v1/patients", b"{}"),
                    )
                })
            })
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let runs = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(Begin::Run(_))))
        .count();
    let waits = outcomes
        .iter()
        .filter(|o| matches!(o, Err(IdempotencyError::InUse)))
        .count();
    assert_eq!((runs, waits), (1, RACERS - 1), "{outcomes:?}");
}
