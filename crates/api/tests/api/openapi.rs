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
    ("post", "/api/v1/patients/{nhs_number}/appointment-series"),
    ("get", "/api/v1/appointment-series/{id}"),
    ("post", "/api/v1/appointment-series/{id}/cancel"),
    ("get", "/api/v1/practitioners/{id}/schedule"),
    ("put", "/api/v1/practitioners/{id}/schedule"),
    ("get", "/api/v1/practitioners/{id}/absences"),
    ("post", "/api/v1/practitioners/{id}/absences"),
    ("delete", "/api/v1/practitioners/{id}/absences/{absence_id}"),
    ("get", "/api/v1/slots"),
    ("post", "/api/v1/holds"),
    ("get", "/api/v1/holds/{id}"),
    ("delete", "/api/v1/holds/{id}"),
    ("get", "/api/v1/reports/missed"),
    ("get", "/api/v1/audit"),
];

/// Writes of records that have no version, so no `If-Match`: a working
/// pattern is replaced whole, an absence or a hold is deleted by id.
const UNVERSIONED_WRITES: [(&str, &str); 3] = [
    ("put", "/api/v1/practitioners/{id}/schedule"),
    ("delete", "/api/v1/practitioners/{id}/absences/{absence_id}"),
    ("delete", "/api/v1/holds/{id}"),
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
        let uri = path
            .replace("{nhs_number}", "1")
            .replace("{id}", "x")
            .replace("{absence_id}", "x");
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

/// Every operation in the document, as (method, path, operation).
fn operations(document: &serde_json::Value) -> Vec<(String, String, serde_json::Value)> {
    let mut all = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            all.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    all
}

async fn document() -> serde_json::Value {
    send(TestRequest::get().uri("/api/v1/openapi.json"))
        .await
        .body
}

#[actix_web::test]
async fn every_operation_has_its_own_id() {
    let document = document().await;
    let mut seen = BTreeSet::new();
    for (method, path, operation) in operations(&document) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            id.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && id.len() > 4,
            "{method} {path}: {id:?}"
        );
        assert!(seen.insert(id.clone()), "{id} is used twice");
    }
    assert_eq!(seen.len(), ROUTES.len());
}

#[actix_web::test]
async fn every_status_panda_can_send_is_documented_where_it_can_be_sent() {
    let document = document().await;
    for (method, path, operation) in operations(&document) {
        let responses = operation["responses"].as_object().unwrap();
        let public = operation["security"] == serde_json::json!([{}]);
        let mut expected = vec!["400", "405", "431", "500"];
        if !public {
            expected.extend(["401", "403"]);
        }
        if operation.get("requestBody").is_some() {
            expected.extend(["408", "413", "415"]);
        }
        let versioned = !UNVERSIONED_WRITES.contains(&(method.as_str(), path.as_str()));
        if ["put", "patch", "delete"].contains(&method.as_str()) && versioned {
            expected.extend(["412", "428"]);
        }
        if method == "post" {
            expected.extend(["409", "422"]);
        }
        if path.contains('{') {
            expected.push("422");
        }
        for status in expected {
            assert!(
                responses.contains_key(status),
                "{method} {path} does not document {status}"
            );
        }
    }
    let responses = &document["components"]["responses"];
    assert!(responses["Unauthenticated"]["content"]["application/problem+json"].is_object());
}

#[actix_web::test]
async fn parameters_carry_their_formats_so_a_client_can_check_before_it_sends() {
    let document = document().await;
    let mut checked = 0;
    for (method, path, operation) in operations(&document) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            let schema = &parameter["schema"];
            let expected = match name {
                "nhs_number" | "patient" => Some(("pattern", "^ *(?:[0-9] *){10}$")),
                "id" | "practitioner_id" | "department_id" => Some(("format", "uuid")),
                "from" | "to" => Some(("format", "date-time")),
                "If-Match" => Some(("pattern", r#"^"[0-9]+(?:-[a-z]+)?"$"#)),
                "Idempotency-Key" => Some(("pattern", "^[!-~]{1,255}$")),
                _ => None,
            };
            if let Some((keyword, value)) = expected {
                assert_eq!(schema[keyword], value, "{method} {path} {name}: {schema}");
                checked += 1;
            }
            if name == "limit" {
                assert_eq!(schema["maximum"], 500, "{method} {path}");
            }
        }
    }
    assert!(checked > 40, "only {checked} parameters were checked");
    let new_patient = &document["components"]["schemas"]["NewPatient"]["properties"];
    assert_eq!(new_patient["name"]["maxLength"], 200);
    assert_eq!(new_patient["date_of_birth"]["format"], "date");
    let booking = &document["components"]["schemas"]["NewAppointment"]["properties"];
    assert_eq!(booking["time"]["format"], "date-time");
    assert!(booking["duration"]["pattern"].is_string());
}

/// The document as checked in: `docs/openapi.json`. A change to the API's
/// contract must be seen: run `UPDATE_SNAPSHOTS=1 cargo test -p panda-api
/// --test api openapi` and commit the file with the change.
#[actix_web::test]
async fn the_document_matches_its_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    let served = serde_json::to_string_pretty(&document().await).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &served).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        snapshot == served,
        "the OpenAPI document changed; if that is intended, run UPDATE_SNAPSHOTS=1 cargo test -p panda-api --test api openapi and commit docs/openapi.json"
    );
}
