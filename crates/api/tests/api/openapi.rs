//! The OpenAPI document lists every route, and every documented route is served.

use crate::support::*;
use actix_web::test::TestRequest;
use std::collections::BTreeSet;

/// Every route the API serves, as (method, path template).
const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/patients"),
    ("post", "/api/v1/patients"),
    ("get", "/api/v1/patients/{nhs_number}"),
    ("put", "/api/v1/patients/{nhs_number}"),
    ("patch", "/api/v1/patients/{nhs_number}"),
    ("delete", "/api/v1/patients/{nhs_number}"),
    ("get", "/api/v1/patients/{nhs_number}/appointments"),
    ("post", "/api/v1/patients/{nhs_number}/appointments"),
    ("get", "/api/v1/practitioners"),
    ("post", "/api/v1/practitioners"),
    ("get", "/api/v1/practitioners/{id}"),
    ("put", "/api/v1/practitioners/{id}"),
    ("patch", "/api/v1/practitioners/{id}"),
    ("get", "/api/v1/practitioners/{id}/roles"),
    ("post", "/api/v1/practitioners/{id}/roles"),
    ("get", "/api/v1/departments"),
    ("post", "/api/v1/departments"),
    ("get", "/api/v1/departments/{id}"),
    ("put", "/api/v1/departments/{id}"),
    ("patch", "/api/v1/departments/{id}"),
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/{id}"),
    ("put", "/api/v1/organisations/{id}"),
    ("patch", "/api/v1/organisations/{id}"),
    ("get", "/api/v1/locations"),
    ("post", "/api/v1/locations"),
    ("get", "/api/v1/locations/{id}"),
    ("put", "/api/v1/locations/{id}"),
    ("patch", "/api/v1/locations/{id}"),
    ("get", "/api/v1/appointments"),
    ("post", "/api/v1/appointments"),
    ("get", "/api/v1/appointments/{id}"),
    ("patch", "/api/v1/appointments/{id}"),
    ("get", "/api/v1/appointments/{id}/history"),
    ("get", "/api/v1/reports/missed"),
    ("get", "/api/v1/audit"),
];

#[actix_web::test]
async fn the_document_is_openapi_3_1_and_lists_every_route() {
    let reply = send(TestRequest::get().uri("/api/v1/openapi.json")).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body["openapi"].as_str().unwrap().starts_with("3.1"));
    let documented = documented_routes(&reply.body);
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);
}

#[actix_web::test]
async fn every_listed_route_is_served_with_that_method() {
    for (method, path) in ROUTES {
        // Bad path values: the handler answers (422) without touching a port.
        let uri = path.replace("{nhs_number}", "1").replace("{id}", "x");
        let request = TestRequest::default()
            .method(method.to_uppercase().parse().unwrap())
            .uri(&uri)
            .insert_header(("content-type", "application/json"))
            .set_payload("{");
        let reply = send(request).await;
        let code = reply.body["code"].as_str().unwrap_or_default().to_owned();
        assert!(
            code != "route-not-found" && code != "method-not-allowed",
            "{method} {path} is not served: {code}"
        );
    }
}

#[actix_web::test]
async fn problems_are_documented_with_their_schema() {
    let reply = send(TestRequest::get().uri("/api/v1/openapi.json")).await;
    let schemas = &reply.body["components"]["schemas"];
    for name in [
        "ProblemBody",
        "FieldErrorBody",
        "PatientBody",
        "AppointmentBody",
        "NewAppointment",
    ] {
        assert!(schemas[name].is_object(), "{name} is missing");
    }
}
