//! Problems for requests refused as a whole, and the cross-cutting rules:
//! no internals in a 500, Welsh on request.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::RepositoryError;
use serde_json::json;

fn post_patient(body: &'static str) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/patients")
        .insert_header(("content-type", "application/json"))
        .set_payload(body)
}

#[actix_web::test]
async fn malformed_json_is_a_400_malformed_json() {
    send(post_patient("{not json"))
        .await
        .assert_problem(400, "malformed-json");
}

#[actix_web::test]
async fn an_empty_body_is_a_400_malformed_json() {
    send(post_patient(""))
        .await
        .assert_problem(400, "malformed-json");
}

#[actix_web::test]
async fn a_missing_field_is_a_400_invalid_json_body_naming_the_field() {
    let reply = send(post_patient(
        r#"{"nhs_number": "9434765919", "name": "Mary Thomas", "date_of_birth": "1980-01-02"}"#,
    ))
    .await;
    reply.assert_problem(400, "invalid-json-body");
    assert_eq!(reply.fields(), ["postcode"]);
    assert_eq!(reply.body["errors"][0]["code"], "field-required");
}

#[actix_web::test]
async fn a_wrong_json_type_is_a_400_naming_the_field() {
    let reply = send(post_patient(r#"{"nhs_number": 9434765919, "name": "Mary", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"}"#)).await;
    reply.assert_problem(400, "invalid-json-body");
    assert_eq!(reply.fields(), ["nhs_number"]);
    assert_eq!(reply.body["errors"][0]["code"], "field-type");
}

#[actix_web::test]
async fn a_wrong_type_in_a_booking_names_the_field_in_welsh_too() {
    let reply = send(
        TestRequest::post()
            .uri(&format!("/api/v1/patients/{NHS}/appointments"))
            .insert_header(("accept-language", "cy"))
            .set_json(json!({"practitioner_id": ["not", "a", "string"], "start_time": "2030-01-15T09:00:00Z"})),
    )
    .await;
    reply.assert_problem(400, "invalid-json-body");
    assert_eq!(reply.fields(), ["practitioner_id"]);
    assert_eq!(reply.body["errors"][0]["code"], "field-type");
    let message = reply.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("math JSON anghywir"), "{message}");
}

#[actix_web::test]
async fn an_unknown_field_is_a_400_naming_it() {
    let reply = send(
        TestRequest::patch()
            .uri(&format!("/api/v1/patients/{NHS}"))
            .insert_header(("if-match", "\"3\""))
            .set_json(json!({"nmae": "Mary"})),
    )
    .await;
    reply.assert_problem(400, "invalid-json-body");
    assert_eq!(reply.fields(), ["nmae"]);
    assert_eq!(reply.body["errors"][0]["code"], "field-unknown");
}

#[actix_web::test]
async fn a_body_over_64_kib_is_a_413_payload_too_large() {
    let name = "a".repeat(70 * 1024);
    let body = json!({"nhs_number": NHS, "name": name, "date_of_birth": "1980-01-02", "postcode": "N6 2FA"});
    let reply = send(TestRequest::post().uri("/api/v1/patients").set_json(body)).await;
    reply.assert_problem(413, "payload-too-large");
    assert!(reply.body["detail"].as_str().unwrap().contains("65536"));
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_a_415() {
    let request = TestRequest::post()
        .uri("/api/v1/patients")
        .insert_header(("content-type", "text/plain"))
        .set_payload("nhs_number=9434765919");
    send(request)
        .await
        .assert_problem(415, "unsupported-media-type");
}

#[actix_web::test]
async fn an_unknown_route_is_a_404_route_not_found() {
    let reply = send(TestRequest::get().uri("/api/v1/nothing-here")).await;
    reply.assert_problem(404, "route-not-found");
}

#[actix_web::test]
async fn a_wrong_method_is_a_405_listing_the_allowed_ones() {
    let reply = send(TestRequest::delete().uri("/api/v1/appointments")).await;
    reply.assert_problem(405, "method-not-allowed");
    assert_eq!(reply.header("allow"), Some("GET, HEAD, POST"));
}

#[actix_web::test]
async fn an_unknown_query_parameter_is_a_400_invalid_query() {
    let reply = send(TestRequest::get().uri("/api/v1/appointments?stauts=missed")).await;
    reply.assert_problem(400, "invalid-query");
}

#[actix_web::test]
async fn a_malformed_if_match_is_a_400_if_match_format() {
    let request = TestRequest::patch()
        .uri(&format!("/api/v1/patients/{NHS}"))
        .insert_header(("if-match", "W/\"3\""))
        .set_json(json!({"name": "Mary"}));
    send(request).await.assert_problem(400, "if-match-format");
}

#[actix_web::test]
async fn a_storage_failure_is_a_500_that_shows_nothing_internal() {
    let mut mocks = Mocks::new();
    mocks.patients.expect_get().returning(|_| {
        Err(RepositoryError::unexpected(
            "password=hunter2 at db.internal:5432",
        ))
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}")))
        .await;
    reply.assert_problem(500, "storage-unavailable");
    let text = reply.body.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("db.internal"),
        "{text}"
    );
}

#[actix_web::test]
async fn a_panicking_port_is_a_500_internal_error() {
    // No expectation is set, so the mock panics on the blocking pool.
    let reply = send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}"))).await;
    reply.assert_problem(500, "internal-error");
}

#[actix_web::test]
async fn problems_are_in_welsh_when_the_client_asks_for_cy() {
    let request = TestRequest::get()
        .uri("/api/v1/patients/4010232138")
        .insert_header(("accept-language", "cy-GB, en;q=0.5"));
    let reply = send(request).await;
    reply.assert_problem(422, "nhs-number-checksum");
    assert_eq!(reply.header("content-language"), Some("cy"));
    assert_eq!(reply.body["title"], "Rhif GIG annilys");
    assert_eq!(
        reply.body["errors"][0]["message"],
        "Nid yw hwn yn rhif GIG dilys: nid yw ei ddigid gwirio yn cyfateb."
    );
}

#[actix_web::test]
async fn problems_are_in_english_for_other_languages() {
    let request = TestRequest::get()
        .uri("/api/v1/nowhere")
        .insert_header(("accept-language", "fr-FR, de;q=0.8"));
    let reply = send(request).await;
    assert_eq!(reply.header("content-language"), Some("en"));
    assert_eq!(reply.body["title"], "Not found");
}

#[actix_web::test]
async fn welsh_reaches_problems_raised_before_the_handler() {
    let request = post_patient("{").insert_header(("accept-language", "cy"));
    let reply = send(request).await;
    reply.assert_problem(400, "malformed-json");
    assert_eq!(reply.body["detail"], "Nid yw'r corff yn JSON dilys.");
}

#[actix_web::test]
async fn health_answers_without_touching_a_port() {
    let reply = send(TestRequest::get().uri("/health")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, json!({"status": "ok"}));
}

#[actix_web::test]
async fn every_put_patch_and_delete_of_a_versioned_record_requires_if_match() {
    let id = "00000000-0000-0000-0000-000000000001";
    let writes = [
        ("PUT", format!("/api/v1/patients/{NHS}")),
        ("PATCH", format!("/api/v1/patients/{NHS}")),
        ("DELETE", format!("/api/v1/patients/{NHS}")),
        ("PUT", format!("/api/v1/practitioners/{id}")),
        ("PATCH", format!("/api/v1/practitioners/{id}")),
        ("PUT", format!("/api/v1/departments/{id}")),
        ("PATCH", format!("/api/v1/departments/{id}")),
        ("PUT", format!("/api/v1/organisations/{id}")),
        ("PATCH", format!("/api/v1/organisations/{id}")),
        ("PUT", format!("/api/v1/locations/{id}")),
        ("PATCH", format!("/api/v1/locations/{id}")),
        ("PATCH", format!("/api/v1/appointments/{id}")),
    ];
    for (method, uri) in writes {
        let method = actix_web::http::Method::from_bytes(method.as_bytes()).unwrap();
        let request = TestRequest::default()
            .method(method.clone())
            .uri(&uri)
            .set_json(json!({"name": "x"}));
        let reply = send(request).await;
        assert_eq!(reply.status, 428, "{method} {uri}: {}", reply.body);
        assert_eq!(reply.body["code"], "if-match-required", "{method} {uri}");
    }
}

#[actix_web::test]
async fn every_response_carries_the_security_headers_whatever_produced_it() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_get()
        .returning(|_| Ok(Some(patient())));
    let found = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/patients/{NHS}")))
        .await;
    let missing = send(TestRequest::get().uri("/api/v1/nothing")).await;
    let invalid = send(TestRequest::get().uri("/api/v1/patients/123")).await;
    let health = send(TestRequest::get().uri("/health")).await;
    for reply in [&found, &missing, &invalid, &health] {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert!(
            reply
                .header("content-security-policy")
                .is_some_and(|p| p.starts_with("default-src 'none'")),
            "{:?}",
            reply.headers
        );
    }
    assert_eq!(found.status, 200);
    assert_eq!(missing.status, 404);
    assert_eq!(invalid.status, 422);
}
