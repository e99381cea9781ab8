//! What a front end relies on beyond each route: safe retries under an
//! `Idempotency-Key`, `If-None-Match`, cross-origin rules, health and
//! readiness, and query parameters that are named when refused.

use crate::support::*;
use actix_web::test::TestRequest;
use chrono::TimeDelta;
use panda_api::AllowedOrigins;
use panda_domain::RepositoryError;
use panda_domain::idempotency::{Entry, Fingerprint, StoredResponse};
use panda_domain::patient::Patient;
use serde_json::json;
use std::sync::Arc;

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

fn patient_at_version_3() -> Mocks {
    let mut mocks = Mocks::new();
    mocks.patients.expect_get().returning(|_| {
        Ok(Some(Patient {
            version: 3,
            ..patient()
        }))
    });
    mocks
}

#[actix_web::test]
async fn if_none_match_with_the_current_etag_is_a_304_without_a_body() {
    for tag in ["\"3\"", "W/\"3\"", "\"1\", \"3\"", "*"] {
        let reply = patient_at_version_3()
            .send(
                TestRequest::get()
                    .uri(&format!("/api/v1/patients/{NHS}"))
                    .insert_header(("if-none-match", tag)),
            )
            .await;
        assert_eq!(reply.status, 304, "{tag}");
        assert_eq!(reply.header("etag"), Some("\"3\""));
        assert_eq!(reply.body, serde_json::Value::Null);
    }
}

#[actix_web::test]
async fn if_none_match_with_an_old_etag_gets_the_record() {
    let reply = patient_at_version_3()
        .send(
            TestRequest::get()
                .uri(&format!("/api/v1/patients/{NHS}"))
                .insert_header(("if-none-match", "\"2\"")),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["version"], 3);
}

#[actix_web::test]
async fn if_none_match_never_turns_a_problem_into_a_304() {
    let mut mocks = Mocks::new();
    mocks.patients.expect_get().returning(|_| Ok(None));
    let reply = mocks
        .send(
            TestRequest::get()
                .uri(&format!("/api/v1/patients/{NHS}"))
                .insert_header(("if-none-match", "*")),
        )
        .await;
    reply.assert_problem(404, "patient-not-found");
}

fn with_origins(origins: &[&str]) -> panda_api::Settings {
    panda_api::Settings {
        origins: AllowedOrigins(Arc::new(origins.iter().map(|o| (*o).to_owned()).collect())),
        ..settings()
    }
}

#[actix_web::test]
async fn without_configured_origins_a_cross_origin_request_is_refused() {
    let reply = send(
        TestRequest::get()
            .uri("/api/v1/patients")
            .insert_header(("origin", "https://evil.example")),
    )
    .await;
    reply.assert_problem(403, "cors-origin-forbidden");
    let preflight = send(
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/api/v1/patients")
            .insert_header(("origin", "https://evil.example"))
            .insert_header(("access-control-request-method", "POST")),
    )
    .await;
    preflight.assert_problem(403, "cors-origin-forbidden");
    assert_eq!(preflight.header("access-control-allow-origin"), None);
}

#[actix_web::test]
async fn a_configured_origin_gets_its_preflight_answered_and_the_headers_it_needs() {
    let origin = "https://clinic.example.nhs.uk";
    let preflight = Mocks::new()
        .send_with(
            with_origins(&[origin]),
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/api/v1/patients")
                .insert_header(("origin", origin))
                .insert_header(("access-control-request-method", "POST"))
                .insert_header((
                    "access-control-request-headers",
                    "authorization, content-type, idempotency-key",
                )),
        )
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.body);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(origin)
    );
    let allowed = preflight.header("access-control-allow-headers").unwrap();
    assert!(allowed.contains("idempotency-key"), "{allowed}");

    let reply = patient_at_version_3()
        .send_with(
            with_origins(&[origin]),
            TestRequest::get()
                .uri(&format!("/api/v1/patients/{NHS}"))
                .insert_header(("origin", origin)),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    let exposed = reply.header("access-control-expose-headers").unwrap();
    for header in ["etag", "location", "idempotent-replayed"] {
        assert!(exposed.contains(header), "{header} not in {exposed}");
    }
}

#[actix_web::test]
async fn panda_s_own_pages_may_call_it() {
    let reply = patient_at_version_3()
        .send(
            TestRequest::get()
                .uri(&format!("/api/v1/patients/{NHS}"))
                .insert_header(("host", "panda.clinic.local:8080"))
                .insert_header(("origin", "https://panda.clinic.local:8080")),
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[actix_web::test]
async fn liveness_needs_nothing_and_readiness_asks_the_store() {
    assert_eq!(send(TestRequest::get().uri("/healthz")).await.status, 200);
    assert_eq!(send(TestRequest::get().uri("/health")).await.status, 200);

    let mut mocks = Mocks::new();
    mocks.readiness.expect_check().times(1).returning(|| Ok(()));
    let ready = mocks.send(TestRequest::get().uri("/readyz")).await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body, json!({"status": "ok"}));

    let mut mocks = Mocks::new();
    mocks
        .readiness
        .expect_check()
        .returning(|| Err(RepositoryError::unexpected("2 of 9 migrations not applied")));
    let not_ready = mocks.send(TestRequest::get().uri("/readyz")).await;
    not_ready.assert_problem(503, "not-ready");
    // Nothing internal is shown.
    assert!(!not_ready.body.to_string().contains("migrations"));
}

#[actix_web::test]
async fn an_unknown_or_repeated_query_parameter_is_named() {
    for (query, named) in [("?colour=red", "colour"), ("?limit=5&limit=6", "limit")] {
        let reply = send(TestRequest::get().uri(&format!("/api/v1/patients{query}"))).await;
        reply.assert_problem(400, "invalid-query");
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(detail.contains(named), "{detail}");
    }
    let report = send(TestRequest::get().uri("/api/v1/reports/missed?colour=red")).await;
    report.assert_problem(400, "invalid-query");
    assert!(report.body["detail"].as_str().unwrap().contains("colour"));
}

#[actix_web::test]
async fn the_reference_page_is_served_from_the_binary_with_its_own_policy() {
    let redirect = send(TestRequest::get().uri("/docs")).await;
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/docs/"));
    let app =
        actix_web::test::init_service(panda_api::app(Mocks::new().services(), settings())).await;
    for (uri, kind) in [
        ("/docs/", "text/html"),
        ("/docs/swagger-ui-bundle.js", "javascript"),
        ("/docs/swagger-initializer.js", "javascript"),
    ] {
        let response =
            actix_web::test::call_service(&app, TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(response.status(), 200, "{uri}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(header("content-type").contains(kind), "{uri}");
        let policy = header("content-security-policy");
        assert!(policy.contains("script-src 'self'"), "{policy}");
        assert!(!policy.contains("http"), "{policy}");
        if uri.ends_with("initializer.js") {
            let body = actix_web::test::read_body(response).await;
            let text = String::from_utf8_lossy(&body);
            assert!(text.contains("/api/v1/openapi.json"), "{text}");
        }
    }
    let missing = send(TestRequest::get().uri("/docs/no-such-file.js")).await;
    missing.assert_problem(404, "route-not-found");
}
