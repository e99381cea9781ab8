//! `/api/v1/practitioners` and their roles.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::directory::{Department, Practitioner};
use panda_domain::{Page, RepositoryError};
use serde_json::json;

fn practitioner_uri() -> String {
    format!("/api/v1/practitioners/{PRACTITIONER}")
}

fn stored() -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    mocks
}

#[actix_web::test]
async fn creating_a_practitioner_creates_a_new_department_by_name() {
    let mut mocks = Mocks::new();
    mocks
        .departments
        .expect_find_by_name()
        .returning(|_| Ok(None));
    mocks
        .departments
        .expect_insert()
        .withf(|d, _| d.name.as_ref() == "cardiology")
        .returning(|d, _| Ok(d.clone()));
    mocks
        .practitioners
        .expect_insert()
        .returning(|p, _| Ok(p.clone()));
    let body = json!({"name": "Dr Glenn Clark", "department": "cardiology"});
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/practitioners")
                .set_json(body),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/practitioners/{NEW_ID}").as_str())
    );
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(reply.body["department"], "cardiology");
    assert_eq!(reply.body["name"], "Dr Glenn Clark");
}

#[actix_web::test]
async fn creating_with_blank_fields_lists_them_both() {
    let body = json!({"name": "", "department": " "});
    let reply = send(
        TestRequest::post()
            .uri("/api/v1/practitioners")
            .set_json(body),
    )
    .await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["name", "department"]);
}

#[actix_web::test]
async fn a_name_too_long_quotes_the_limit_in_welsh() {
    let body = json!({"name": "a".repeat(201), "department": "oncology"});
    let request = TestRequest::post()
        .uri("/api/v1/practitioners")
        .insert_header(("accept-language", "cy"))
        .set_json(body);
    let reply = send(request).await;
    reply.assert_problem(422, "text-too-long");
    assert_eq!(
        reply.body["errors"][0]["message"],
        "Ni ddylai hwn fod yn hwy na 200 nod."
    );
}

#[actix_web::test]
async fn getting_a_practitioner_returns_them_with_their_department() {
    let reply = stored()
        .send(TestRequest::get().uri(&practitioner_uri()))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), Some("\"2\""));
    assert_eq!(
        reply.body,
        json!({"id": PRACTITIONER, "name": "Dr Glenn Clark", "department": "oncology", "department_id": DEPARTMENT, "version": 2})
    );
}

#[actix_web::test]
async fn getting_an_unknown_practitioner_is_a_404() {
    let mut mocks = Mocks::new();
    mocks.practitioners.expect_get().returning(|_| Ok(None));
    let reply = mocks
        .send(TestRequest::get().uri(&practitioner_uri()))
        .await;
    reply.assert_problem(404, "practitioner-not-found");
}

#[actix_web::test]
async fn replacing_with_a_stale_if_match_is_a_412() {
    let request = TestRequest::put()
        .uri(&practitioner_uri())
        .insert_header(("if-match", "\"1\""))
        .set_json(json!({"name": "Dr G Clark", "department": "oncology"}));
    stored()
        .send(request)
        .await
        .assert_problem(412, "stale-version");
}

#[actix_web::test]
async fn replacing_renames_and_moves_the_practitioner() {
    let mut mocks = stored();
    mocks.departments.expect_find_by_name().returning(|_| {
        Ok(Some(Department {
            name: panda_domain::common::text::Label::parse("cardiology").unwrap(),
            ..department()
        }))
    });
    mocks
        .practitioners
        .expect_update()
        .withf(|p, _| p.name.as_ref() == "Dr G Clark" && p.department.name.as_ref() == "cardiology")
        .returning(|p, _| {
            Ok(Practitioner {
                version: 3,
                ..p.clone()
            })
        });
    let request = TestRequest::put()
        .uri(&practitioner_uri())
        .insert_header(("if-match", "\"2\""))
        .set_json(json!({"name": "Dr G Clark", "department": "cardiology"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"3\""));
}

#[actix_web::test]
async fn patching_only_the_name_keeps_the_department() {
    let mut mocks = stored();
    mocks
        .practitioners
        .expect_update()
        .withf(|p, _| p.name.as_ref() == "Siân Ó Súilleabháin" && p.department == department())
        .returning(|p, _| {
            Ok(Practitioner {
                version: 3,
                ..p.clone()
            })
        });
    let request = TestRequest::patch()
        .uri(&practitioner_uri())
        .insert_header(("if-match", "\"2\""))
        .set_json(json!({"name": "Siân Ó Súilleabháin"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["name"], "Siân Ó Súilleabháin");
}

#[actix_web::test]
async fn listing_practitioners_of_a_department_passes_the_filter() {
    let mut mocks = Mocks::new();
    mocks
        .practitioners
        .expect_list()
        .withf(|d, _| d.map(|d| d.to_string()).as_deref() == Some(DEPARTMENT))
        .returning(|_, _| {
            Ok(Page {
                items: vec![practitioner()],
                total: 1,
            })
        });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/practitioners?department_id={DEPARTMENT}")))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["items"][0]["id"], PRACTITIONER);
}

#[actix_web::test]
async fn listing_with_a_bad_department_id_is_a_422() {
    let reply = send(TestRequest::get().uri("/api/v1/practitioners?department_id=oncology")).await;
    reply.assert_problem(422, "id-format");
    assert_eq!(reply.fields(), ["department_id"]);
}

#[actix_web::test]
async fn adding_a_role_is_a_201_defaulting_to_the_home_department() {
    let mut mocks = stored();
    mocks
        .locations
        .expect_get()
        .returning(|_| Ok(Some(location())));
    mocks
        .organisations
        .expect_get()
        .returning(|_| Ok(Some(organisation())));
    mocks
        .practitioners
        .expect_add_role()
        .withf(|r, _| r.department_id == department().id)
        .returning(|_, _| Ok(()));
    let body = json!({"organisation_id": ORGANISATION, "location_id": LOCATION});
    let request = TestRequest::post()
        .uri(&format!("{}/roles", practitioner_uri()))
        .set_json(body);
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("{}/roles", practitioner_uri()).as_str())
    );
    assert_eq!(reply.body["department_id"], DEPARTMENT);
    assert_eq!(reply.body["organisation_id"], ORGANISATION);
}

#[actix_web::test]
async fn adding_a_role_at_an_unknown_location_is_a_404_location_not_found() {
    let mut mocks = stored();
    mocks.locations.expect_get().returning(|_| Ok(None));
    let request = TestRequest::post()
        .uri(&format!("{}/roles", practitioner_uri()))
        .set_json(json!({"location_id": LOCATION}));
    mocks
        .send(request)
        .await
        .assert_problem(404, "location-not-found");
}

#[actix_web::test]
async fn adding_a_role_with_bad_ids_lists_them_all() {
    let body = json!({"organisation_id": "x", "location_id": "y", "department_id": "z"});
    let request = TestRequest::post()
        .uri(&format!("{}/roles", practitioner_uri()))
        .set_json(body);
    let reply = send(request).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        ["organisation_id", "location_id", "department_id"]
    );
}

#[actix_web::test]
async fn the_roles_of_an_unknown_practitioner_are_a_404() {
    let mut mocks = Mocks::new();
    mocks.practitioners.expect_get().returning(|_| Ok(None));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/roles", practitioner_uri())))
        .await;
    reply.assert_problem(404, "practitioner-not-found");
}

#[actix_web::test]
async fn listing_roles_returns_them_all() {
    let mut mocks = stored();
    mocks.practitioners.expect_roles().returning(|_| {
        Ok(vec![panda_domain::directory::PractitionerRole {
            id: panda_domain::common::ids::RoleId::from_uuid(uuid::Uuid::from_u128(7)),
            practitioner_id: practitioner().id,
            organisation_id: None,
            location_id: location().id,
            department_id: department().id,
        }])
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/roles", practitioner_uri())))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["items"][0]["location_id"], LOCATION);
    assert_eq!(
        reply.body["items"][0]["organisation_id"],
        serde_json::Value::Null
    );
    assert_eq!(reply.body["total"], 1);
}

#[actix_web::test]
async fn a_storage_failure_while_listing_is_a_500() {
    let mut mocks = Mocks::new();
    mocks
        .practitioners
        .expect_list()
        .returning(|_, _| Err(RepositoryError::unexpected("timeout")));
    let reply = mocks
        .send(TestRequest::get().uri("/api/v1/practitioners"))
        .await;
    reply.assert_problem(500, "storage-unavailable");
}
