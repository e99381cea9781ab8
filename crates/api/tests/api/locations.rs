//! `/api/v1/locations`.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::Page;
use panda_domain::directory::Location;
use serde_json::json;

#[actix_web::test]
async fn creating_a_location_canonicalises_its_postcode() {
    let mut mocks = Mocks::new();
    mocks
        .locations
        .expect_insert()
        .returning(|l, _| Ok(l.clone()));
    let body = json!({"name": "Whittington Hospital", "postcode": "n195nf"});
    let reply = mocks
        .send(TestRequest::post().uri("/api/v1/locations").set_json(body))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["postcode"], "N19 5NF");
}

#[actix_web::test]
async fn creating_a_location_with_bad_fields_lists_them_all() {
    let body = json!({"name": "", "postcode": "Q1 1AA"});
    let reply = send(TestRequest::post().uri("/api/v1/locations").set_json(body)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["name", "postcode"]);
}

#[actix_web::test]
async fn getting_a_location_with_a_bad_id_is_a_422() {
    let reply = send(TestRequest::get().uri("/api/v1/locations/whittington")).await;
    reply.assert_problem(422, "id-format");
    assert_eq!(reply.fields(), ["id"]);
}

#[actix_web::test]
async fn getting_a_location_returns_it() {
    let mut mocks = Mocks::new();
    mocks
        .locations
        .expect_get()
        .returning(|_| Ok(Some(location())));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/locations/{LOCATION}")))
        .await;
    assert_eq!(reply.body["postcode"], "N19 5NF");
}

#[actix_web::test]
async fn replacing_a_location_changes_name_and_postcode() {
    let mut mocks = Mocks::new();
    mocks
        .locations
        .expect_get()
        .returning(|_| Ok(Some(location())));
    mocks
        .locations
        .expect_update()
        .withf(|l, _| l.postcode.as_ref() == "N6 2FA" && l.name.as_ref() == "Highgate")
        .returning(|l, _| {
            Ok(Location {
                version: 2,
                ..l.clone()
            })
        });
    let request = TestRequest::put()
        .uri(&format!("/api/v1/locations/{LOCATION}"))
        .insert_header(("if-match", "\"1\""))
        .set_json(json!({"name": "Highgate", "postcode": "n6 2fa"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"2\""));
}

#[actix_web::test]
async fn patching_a_location_with_a_bad_postcode_is_a_422() {
    let request = TestRequest::patch()
        .uri(&format!("/api/v1/locations/{LOCATION}"))
        .insert_header(("if-match", "\"1\""))
        .set_json(json!({"postcode": "12345"}));
    let reply = send(request).await;
    reply.assert_problem(422, "postcode-format");
    assert_eq!(reply.body["errors"][0]["code"], "postcode-format");
}

#[actix_web::test]
async fn listing_locations_returns_a_page() {
    let mut mocks = Mocks::new();
    mocks
        .locations
        .expect_list()
        .withf(|p| p.offset == 5)
        .returning(|_| {
            Ok(Page {
                items: vec![location()],
                total: 6,
            })
        });
    let reply = mocks
        .send(TestRequest::get().uri("/api/v1/locations?offset=5"))
        .await;
    assert_eq!(reply.body["total"], 6);
    assert_eq!(reply.body["offset"], 5);
}
