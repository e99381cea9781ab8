//! `/api/v1/patients` and a patient's appointments.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::patient::Patient;
use panda_domain::{Conflict, RepositoryError};
use serde_json::json;

fn patient_uri() -> String {
    format!("/api/v1/patients/{NHS}")
}

fn new_patient() -> serde_json::Value {
    json!({"nhs_number": "943 476 5919", "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "n62fa"})
}

fn stored() -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_get()
        .returning(|_| Ok(Some(patient())));
    mocks
}

#[actix_web::test]
async fn registering_a_patient_is_a_201_with_location_and_etag() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_insert()
        .withf(|p, _| p.nhs_number.as_ref() == NHS && p.postcode.as_ref() == "N6 2FA")
        .returning(|p, _| {
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
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.header("location"), Some(patient_uri().as_str()));
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(
        reply.body,
        json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA", "version": 1})
    );
}

#[actix_web::test]
async fn registering_with_every_field_wrong_lists_every_field() {
    let body = json!({"nhs_number": "4010232138", "name": " ", "date_of_birth": "2031-01-01", "postcode": "x"});
    let reply = send(TestRequest::post().uri("/api/v1/patients").set_json(body)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        ["nhs_number", "name", "date_of_birth", "postcode"]
    );
    let codes: Vec<_> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].clone())
        .collect();
    assert_eq!(
        codes,
        [
            "nhs-number-checksum",
            "text-empty",
            "date-of-birth-in-future",
            "postcode-format"
        ]
    );
}

#[actix_web::test]
async fn registering_an_existing_nhs_number_is_a_409_patient_already_exists() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::Duplicate)));
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/patients")
                .set_json(new_patient()),
        )
        .await;
    reply.assert_problem(409, "patient-already-exists");
}

#[actix_web::test]
async fn getting_a_patient_returns_it_with_its_etag() {
    let reply = stored().send(TestRequest::get().uri(&patient_uri())).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), Some("\"3\""));
    assert_eq!(reply.body["name"], "Mary Thomas");
}

#[actix_web::test]
async fn getting_an_unknown_patient_is_a_404_patient_not_found() {
    let mut mocks = Mocks::new();
    mocks.patients.expect_get().returning(|_| Ok(None));
    let reply = mocks.send(TestRequest::get().uri(&patient_uri())).await;
    reply.assert_problem(404, "patient-not-found");
}

#[actix_web::test]
async fn an_nhs_number_with_a_bad_check_digit_in_the_path_is_a_422_naming_nhs_number() {
    let reply = send(TestRequest::get().uri("/api/v1/patients/4010232138")).await;
    reply.assert_problem(422, "nhs-number-checksum");
    assert_eq!(reply.fields(), ["nhs_number"]);
    assert_eq!(reply.body["errors"][0]["code"], "nhs-number-checksum");
}

#[actix_web::test]
async fn replacing_a_patient_writes_every_field_and_returns_the_new_version() {
    let mut mocks = stored();
    mocks
        .patients
        .expect_update()
        .withf(|p, _| p.name.as_ref() == "刘桂荣" && p.version == 3)
        .returning(|p, _| {
            Ok(Patient {
                version: 4,
                ..p.clone()
            })
        });
    let body = json!({"nhs_number": NHS, "name": "刘桂荣", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"});
    let request = TestRequest::put()
        .uri(&patient_uri())
        .insert_header(("if-match", "\"3\""))
        .set_json(body);
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("etag"), Some("\"4\""));
    assert_eq!(reply.body["name"], "刘桂荣");
}

#[actix_web::test]
async fn replacing_with_a_stale_if_match_is_a_412_stale_version() {
    let body = json!({"name": "Mary Jones", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"});
    let request = TestRequest::put()
        .uri(&patient_uri())
        .insert_header(("if-match", "\"2\""))
        .set_json(body);
    stored()
        .send(request)
        .await
        .assert_problem(412, "stale-version");
}

#[actix_web::test]
async fn every_write_without_if_match_is_a_428_and_nothing_is_stored() {
    // No expectation on the store: a write reaching it fails the test.
    let body = json!({"nhs_number": NHS, "name": "Mary", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"});
    for (request, what) in [
        (TestRequest::put().set_json(body.clone()), "PUT"),
        (
            TestRequest::patch().set_json(json!({"name": "Mary Jones"})),
            "PATCH",
        ),
        (TestRequest::delete(), "DELETE"),
    ] {
        let reply = send(request.uri(&patient_uri())).await;
        reply.assert_problem(428, "if-match-required");
        assert!(
            reply.body["detail"].as_str().unwrap().contains("If-Match"),
            "{what}: {}",
            reply.body
        );
    }
}

#[actix_web::test]
async fn if_match_star_protects_nothing_and_is_a_428() {
    let request = TestRequest::patch()
        .uri(&patient_uri())
        .insert_header(("if-match", "*"))
        .set_json(json!({"name": "Mary Jones"}));
    send(request).await.assert_problem(428, "if-match-required");
}

#[actix_web::test]
async fn the_428_is_in_welsh_when_asked() {
    let request = TestRequest::delete()
        .uri(&patient_uri())
        .insert_header(("accept-language", "cy"));
    let reply = send(request).await;
    reply.assert_problem(428, "if-match-required");
    assert_eq!(reply.body["title"], "Mae angen If-Match");
}

#[actix_web::test]
async fn replacing_with_another_nhs_number_is_a_422_nhs_number_immutable() {
    let body = json!({"nhs_number": "4010232137", "name": "Mary", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"});
    let reply = send(
        TestRequest::put()
            .uri(&patient_uri())
            .insert_header(("if-match", "\"3\""))
            .set_json(body),
    )
    .await;
    reply.assert_problem(422, "nhs-number-immutable");
    assert_eq!(reply.body["errors"][0]["code"], "nhs-number-immutable");
}

#[actix_web::test]
async fn replacing_without_a_field_is_a_400_naming_it() {
    let body = json!({"name": "Mary", "postcode": "N6 2FA"});
    let reply = send(
        TestRequest::put()
            .uri(&patient_uri())
            .insert_header(("if-match", "\"3\""))
            .set_json(body),
    )
    .await;
    reply.assert_problem(400, "invalid-json-body");
    assert_eq!(reply.fields(), ["date_of_birth"]);
}

#[actix_web::test]
async fn patching_only_the_postcode_keeps_everything_else() {
    let mut mocks = stored();
    mocks
        .patients
        .expect_update()
        .withf(|p, _| p.postcode.as_ref() == "SW1A 1AA" && p.name.as_ref() == "Mary Thomas")
        .returning(|p, _| {
            Ok(Patient {
                version: 4,
                ..p.clone()
            })
        });
    let request = TestRequest::patch()
        .uri(&patient_uri())
        .insert_header(("if-match", "\"3\""))
        .set_json(json!({"postcode": "sw1a1aa"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["postcode"], "SW1A 1AA");
}

#[actix_web::test]
async fn patching_with_bad_values_lists_them_all() {
    let body = json!({"name": "a\nb", "date_of_birth": "02/01/1980"});
    let reply = send(
        TestRequest::patch()
            .uri(&patient_uri())
            .insert_header(("if-match", "\"3\""))
            .set_json(body),
    )
    .await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["name", "date_of_birth"]);
}

#[actix_web::test]
async fn deleting_a_patient_is_a_204() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_erase()
        .withf(|n, t, v, _| n.as_ref() == NHS && *t == now() && *v == Some(3))
        .returning(|_, _, _, _| Ok(()));
    let reply = mocks
        .send(
            TestRequest::delete()
                .uri(&patient_uri())
                .insert_header(("if-match", "\"3\"")),
        )
        .await;
    assert_eq!(reply.status, 204);
}

#[actix_web::test]
async fn deleting_a_patient_with_upcoming_appointments_is_a_409() {
    let mut mocks = Mocks::new();
    mocks.patients.expect_erase().returning(|_, _, _, _| {
        Err(RepositoryError::Conflict(
            Conflict::PatientHasUpcomingAppointments,
        ))
    });
    let reply = mocks
        .send(
            TestRequest::delete()
                .uri(&patient_uri())
                .insert_header(("if-match", "\"3\"")),
        )
        .await;
    reply.assert_problem(409, "patient-has-upcoming-appointments");
}

#[actix_web::test]
async fn deleting_with_a_stale_if_match_is_a_412() {
    let mut mocks = Mocks::new();
    // The store checks the version inside the erasing transaction.
    mocks
        .patients
        .expect_erase()
        .withf(|_, _, v, _| *v == Some(1))
        .returning(|_, _, _, _| Err(RepositoryError::Conflict(Conflict::StaleVersion)));
    let request = TestRequest::delete()
        .uri(&patient_uri())
        .insert_header(("if-match", "\"1\""));
    mocks
        .send(request)
        .await
        .assert_problem(412, "stale-version");
}

#[actix_web::test]
async fn deleting_an_unknown_patient_is_a_404() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_erase()
        .returning(|_, _, _, _| Err(RepositoryError::NotFound));
    let reply = mocks
        .send(
            TestRequest::delete()
                .uri(&patient_uri())
                .insert_header(("if-match", "\"3\"")),
        )
        .await;
    reply.assert_problem(404, "patient-not-found");
}

#[actix_web::test]
async fn head_answers_like_get_with_the_same_status_and_headers() {
    let head = || TestRequest::default().method(actix_web::http::Method::HEAD);
    let get = stored().send(TestRequest::get().uri(&patient_uri())).await;
    let reply = stored().send(head().uri(&patient_uri())).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), get.header("etag"));
    assert_eq!(reply.header("content-type"), get.header("content-type"));
    // A bad key answers HEAD as it answers GET.
    let bad = send(head().uri("/api/v1/patients/4010232138")).await;
    assert_eq!(bad.status, 422);
}
