//! `Idempotency-Key` on creations, against mocked ports: the first request
//! runs and its answer is kept, a repeat is replayed, misuse is refused,
//! and a failure on our side frees the key.

use crate::support::*;
use actix_web::test::TestRequest;
use chrono::TimeDelta;
use panda_domain::RepositoryError;
use panda_domain::idempotency::{Entry, Fingerprint, StoredResponse};
use panda_domain::patient::Patient;
use serde_json::json;

const KEY: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn new_patient() -> serde_json::Value {
    json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"})
}

fn registration() -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/patients")
        .insert_header(("idempotency-key", KEY))
        .set_json(new_patient())
}

/// The fingerprint the middleware computes for [`registration`].
fn registration_fingerprint() -> Fingerprint {
    let body = serde_json::to_vec(&new_patient()).unwrap();
    Fingerprint::of("POST", "/api/v1/patients", &body)
}

fn stored(response: Option<StoredResponse>, fingerprint: Fingerprint) -> Entry {
    Entry {
        fingerprint,
        started_at: now(),
        expires_at: now() + TimeDelta::hours(24),
        response,
    }
}

#[actix_web::test]
async fn a_first_creation_under_a_key_runs_and_its_answer_is_kept_with_its_patient() {
    let mut mocks = Mocks::new();
    mocks
        .idempotency
        .expect_insert()
        .withf(|scope, key, entry| {
            scope.0 == "anonymous"
                && key.as_str() == KEY
                && entry.fingerprint == registration_fingerprint()
                && entry.response.is_none()
        })
        .times(1)
        .returning(|_, _, _| Ok(true));
    mocks.patients.expect_insert().times(1).returning(|p, _| {
        Ok(Patient {
            version: 1,
            ..p.clone()
        })
    });
    mocks
        .idempotency
        .expect_complete()
        .withf(|_, _, started, answer| {
            *started == now()
                && answer.status == 201
                && answer.patient.as_ref().is_some_and(|p| p.as_ref() == NHS)
                && answer
                    .headers
                    .contains(&("location".to_owned(), format!("/api/v1/patients/{NHS}")))
                && answer
                    .headers
                    .contains(&("etag".to_owned(), "\"1\"".to_owned()))
                && serde_json::from_slice::<serde_json::Value>(&answer.body).unwrap()["name"]
                    == "Mary Thomas"
        })
        .times(1)
        .returning(|_, _, _, _| Ok(()));
    let reply = mocks.send(registration()).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["nhs_number"], NHS);
    assert_eq!(reply.header("idempotent-replayed"), None);
}

#[actix_web::test]
async fn a_repeat_gets_the_first_answer_and_creates_nothing() {
    let mut mocks = Mocks::new();
    mocks
        .idempotency
        .expect_insert()
        .returning(|_, _, _| Ok(false));
    let answer = StoredResponse {
        status: 201,
        headers: vec![
            ("location".into(), format!("/api/v1/patients/{NHS}")),
            ("etag".into(), "\"1\"".into()),
            ("content-type".into(), "application/json".into()),
        ],
        body: br#"{"nhs_number":"9434765919","first":true}"#.to_vec(),
        patient: None,
    };
    mocks.idempotency.expect_get().returning(move |_, _| {
        Ok(Some(stored(
            Some(answer.clone()),
            registration_fingerprint(),
        )))
    });
    // No expectation on the patients port: creating again would panic.
    let reply = mocks.send(registration()).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body, json!({"nhs_number": NHS, "first": true}));
    assert_eq!(reply.header("idempotent-replayed"), Some("true"));
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/patients/{NHS}").as_str())
    );
}

#[actix_web::test]
async fn a_key_used_for_another_request_is_a_422_and_one_still_running_a_409() {
    for (first_fingerprint, answer, status, code) in [
        (
            Fingerprint::of("POST", "/api/v1/patients", b"{}"),
            None,
            422,
            "idempotency-key-reused",
        ),
        (
            registration_fingerprint(),
            None,
            409,
            "idempotency-key-in-use",
        ),
    ] {
        let mut mocks = Mocks::new();
        mocks
            .idempotency
            .expect_insert()
            .returning(|_, _, _| Ok(false));
        let entry = stored(answer, first_fingerprint);
        mocks
            .idempotency
            .expect_get()
            .returning(move |_, _| Ok(Some(entry.clone())));
        let reply = mocks.send(registration()).await;
        reply.assert_problem(status, code);
        if status == 409 {
            assert_eq!(reply.header("retry-after"), Some("1"));
        }
    }
}

#[actix_web::test]
async fn a_malformed_key_is_a_400_before_anything_runs() {
    for key in ["", "two words", &"k".repeat(256), "caf\u{e9}"] {
        let reply = send(
            TestRequest::post()
                .uri("/api/v1/patients")
                .insert_header(("idempotency-key", key))
                .set_json(new_patient()),
        )
        .await;
        reply.assert_problem(400, "idempotency-key-format");
    }
}

#[actix_web::test]
async fn a_failure_on_our_side_frees_the_key_for_the_retry() {
    let mut mocks = Mocks::new();
    mocks
        .idempotency
        .expect_insert()
        .returning(|_, _, _| Ok(true));
    mocks
        .patients
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::unexpected("disk on fire")));
    mocks
        .idempotency
        .expect_release()
        .withf(|_, key, started| key.as_str() == KEY && *started == now())
        .times(1)
        .returning(|_, _, _| Ok(()));
    let reply = mocks.send(registration()).await;
    reply.assert_problem(500, "storage-unavailable");
}

#[actix_web::test]
async fn a_creation_without_a_key_never_touches_the_key_store() {
    let mut mocks = Mocks::new();
    mocks.patients.expect_insert().returning(|p, _| {
        Ok(Patient {
            version: 1,
            ..p.clone()
        })
    });
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/patients")
                .set_json(new_patient()),
        )
        .await;
    assert_eq!(reply.status, 201);
}
