//! What a front end relies on beyond each route: `If-None-Match`,
//! cross-origin rules, health and readiness, query parameters that are
//! named when refused, and the reference page. (Retries under an
//! `Idempotency-Key` are `idempotency.rs`.)

use crate::support::*;
use actix_web::test::TestRequest;
use panda_api::AllowedOrigins;
use panda_domain::RepositoryError;
use panda_domain::patient::Patient;
use serde_json::json;
use std::sync::Arc;

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
