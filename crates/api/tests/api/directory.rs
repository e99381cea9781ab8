//! `/api/v1/departments` and `/api/v1/organisations`.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::directory::{Department, Organisation};
use panda_domain::{Conflict, Page, RepositoryError};
use serde_json::json;

#[actix_web::test]
async fn creating_a_department_is_a_201_with_location_and_etag() {
    let mut mocks = Mocks::new();
    mocks
        .departments
        .expect_insert()
        .returning(|d, _| Ok(d.clone()));
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/departments")
                .set_json(json!({"name": "oncology"})),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/departments/{NEW_ID}").as_str())
    );
    assert_eq!(
        reply.body,
        json!({"id": NEW_ID, "name": "oncology", "version": 1})
    );
}

#[actix_web::test]
async fn creating_a_department_with_a_taken_name_is_a_409_already_exists() {
    let mut mocks = Mocks::new();
    mocks
        .departments
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::Duplicate)));
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/departments")
                .set_json(json!({"name": "oncology"})),
        )
        .await;
    reply.assert_problem(409, "already-exists");
}

#[actix_web::test]
async fn getting_an_unknown_department_is_a_404() {
    let mut mocks = Mocks::new();
    mocks.departments.expect_get().returning(|_| Ok(None));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/departments/{DEPARTMENT}")))
        .await;
    reply.assert_problem(404, "department-not-found");
}

#[actix_web::test]
async fn renaming_a_department_returns_the_new_version() {
    let mut mocks = Mocks::new();
    mocks
        .departments
        .expect_get()
        .returning(|_| Ok(Some(department())));
    mocks
        .departments
        .expect_update()
        .withf(|d, _| d.name.as_ref() == "haematology")
        .returning(|d, _| {
            Ok(Department {
                version: 2,
                ..d.clone()
            })
        });
    let request = TestRequest::put()
        .uri(&format!("/api/v1/departments/{DEPARTMENT}"))
        .insert_header(("if-match", "\"1\""))
        .set_json(json!({"name": "haematology"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"2\""));
}

#[actix_web::test]
async fn patching_a_department_with_a_stale_if_match_is_a_412() {
    let mut mocks = Mocks::new();
    mocks
        .departments
        .expect_get()
        .returning(|_| Ok(Some(department())));
    let request = TestRequest::patch()
        .uri(&format!("/api/v1/departments/{DEPARTMENT}"))
        .insert_header(("if-match", "\"7\""))
        .set_json(json!({"name": "haematology"}));
    mocks
        .send(request)
        .await
        .assert_problem(412, "stale-version");
}

#[actix_web::test]
async fn listing_departments_returns_a_page() {
    let mut mocks = Mocks::new();
    mocks.departments.expect_list().returning(|_| {
        Ok(Page {
            items: vec![department()],
            total: 1,
        })
    });
    let reply = mocks
        .send(TestRequest::get().uri("/api/v1/departments?limit=10"))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["items"][0]["name"], "oncology");
    assert_eq!(reply.body["limit"], 10);
}

#[actix_web::test]
async fn creating_an_organisation_is_a_201() {
    let mut mocks = Mocks::new();
    mocks
        .organisations
        .expect_insert()
        .returning(|o, _| Ok(o.clone()));
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/organisations")
                .set_json(json!({"name": "Whittington Health"})),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/organisations/{NEW_ID}").as_str())
    );
}

#[actix_web::test]
async fn getting_an_organisation_returns_it_with_its_etag() {
    let mut mocks = Mocks::new();
    mocks
        .organisations
        .expect_get()
        .returning(|_| Ok(Some(organisation())));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/organisations/{ORGANISATION}")))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), Some("\"2\""));
    assert_eq!(reply.body["name"], "Whittington Health");
}

#[actix_web::test]
async fn patching_an_organisation_renames_it() {
    let mut mocks = Mocks::new();
    mocks
        .organisations
        .expect_get()
        .returning(|_| Ok(Some(organisation())));
    mocks.organisations.expect_update().returning(|o, _| {
        Ok(Organisation {
            version: 3,
            ..o.clone()
        })
    });
    let request = TestRequest::patch()
        .uri(&format!("/api/v1/organisations/{ORGANISATION}"))
        .insert_header(("if-match", "\"2\""))
        .set_json(json!({"name": "North London Trust"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["name"], "North London Trust");
}

#[actix_web::test]
async fn replacing_an_unknown_organisation_is_a_404() {
    let mut mocks = Mocks::new();
    mocks.organisations.expect_get().returning(|_| Ok(None));
    let request = TestRequest::put()
        .uri(&format!("/api/v1/organisations/{ORGANISATION}"))
        .insert_header(("if-match", "\"2\""))
        .set_json(json!({"name": "North London Trust"}));
    mocks
        .send(request)
        .await
        .assert_problem(404, "organisation-not-found");
}

#[actix_web::test]
async fn listing_organisations_with_a_bad_limit_is_a_422() {
    let reply = send(TestRequest::get().uri("/api/v1/organisations?limit=ten")).await;
    reply.assert_problem(422, "number-format");
    assert_eq!(reply.body["errors"][0]["code"], "number-format");
}

#[actix_web::test]
async fn listing_organisations_returns_a_page() {
    let mut mocks = Mocks::new();
    mocks.organisations.expect_list().returning(|_| {
        Ok(Page {
            items: vec![organisation()],
            total: 1,
        })
    });
    let reply = mocks
        .send(TestRequest::get().uri("/api/v1/organisations"))
        .await;
    assert_eq!(reply.body["items"][0]["id"], ORGANISATION);
}
