//! Listing patients, and a patient's appointments.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::Page;
use panda_domain::appointment::AppointmentStatus;
use serde_json::json;

fn patient_uri() -> String {
    format!("/api/v1/patients/{NHS}")
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
async fn listing_patients_passes_the_filters_and_returns_a_page() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_list()
        .withf(|f, p| {
            f.name_contains.as_deref() == Some("thomas")
                && f.postcode_prefix.as_deref() == Some("N6")
                && p.offset == 10
                && p.limit == 5
        })
        .returning(|_, _| {
            Ok(Page {
                items: vec![patient()],
                total: 11,
            })
        });
    let reply = mocks
        .send(TestRequest::get().uri("/api/v1/patients?name=thomas&postcode=n6&offset=10&limit=5"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["total"], 11);
    assert_eq!(reply.body["offset"], 10);
    assert_eq!(reply.body["limit"], 5);
    assert_eq!(reply.body["items"][0]["nhs_number"], NHS);
}

#[actix_web::test]
async fn the_default_page_is_the_first_50() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_list()
        .withf(|_, p| p.offset == 0 && p.limit == 50)
        .returning(|_, _| {
            Ok(Page {
                items: vec![],
                total: 0,
            })
        });
    let reply = mocks.send(TestRequest::get().uri("/api/v1/patients")).await;
    assert_eq!(
        reply.body,
        json!({"items": [], "total": 0, "offset": 0, "limit": 50})
    );
}

#[actix_web::test]
async fn a_limit_above_500_is_a_422_not_a_smaller_page() {
    let reply = send(TestRequest::get().uri("/api/v1/patients?limit=501")).await;
    reply.assert_problem(422, "page-limit-range");
    assert_eq!(reply.body["errors"][0]["code"], "page-limit-range");
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("500")
    );
}

#[actix_web::test]
async fn a_bad_offset_and_a_zero_limit_are_both_listed() {
    let reply = send(TestRequest::get().uri("/api/v1/patients?offset=-1&limit=0")).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["offset", "limit"]);
}

#[actix_web::test]
async fn listing_a_patient_s_appointments_gives_utc_times_and_statuses_as_of_now() {
    let mut mocks = stored();
    mocks.appointments.expect_for_patient().returning(|nhs| {
        assert_eq!(nhs.as_ref(), NHS);
        Ok(Some(vec![
            appointment(at(7, 0), AppointmentStatus::Active),
            appointment(at(9, 0), AppointmentStatus::Active),
        ]))
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/appointments", patient_uri())))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let items = &reply.body["items"];
    assert_eq!(items[0]["time"], "2030-01-15T07:00:00Z");
    assert_eq!(items[0]["end"], "2030-01-15T07:30:00Z");
    assert_eq!(items[0]["status"], "missed");
    assert_eq!(items[1]["status"], "active");
    assert_eq!(reply.body["total"], 2);
}

#[actix_web::test]
async fn a_patient_s_appointments_are_paged_like_every_list() {
    let mut mocks = Mocks::new();
    mocks.appointments.expect_for_patient().returning(|_| {
        Ok(Some(vec![
            appointment(at(7, 0), AppointmentStatus::Active),
            appointment(at(9, 0), AppointmentStatus::Active),
            appointment(at(11, 0), AppointmentStatus::Active),
        ]))
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/appointments?offset=1&limit=1", patient_uri())))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["total"], 3);
    assert_eq!(reply.body["offset"], 1);
    assert_eq!(reply.body["limit"], 1);
    let items = reply.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["time"], "2030-01-15T09:00:00Z");

    let refused =
        send(TestRequest::get().uri(&format!("{}/appointments?limit=501", patient_uri()))).await;
    refused.assert_problem(422, "page-limit-range");
}

#[actix_web::test]
async fn listing_the_appointments_of_an_unknown_patient_is_a_404() {
    let mut mocks = Mocks::new();
    mocks
        .appointments
        .expect_for_patient()
        .returning(|_| Ok(None));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/appointments", patient_uri())))
        .await;
    reply.assert_problem(404, "patient-not-found");
}

#[actix_web::test]
async fn an_offset_beyond_what_storage_can_count_is_a_422() {
    let reply = send(TestRequest::get().uri("/api/v1/patients?offset=9223372036854775808")).await;
    reply.assert_problem(422, "number-format");
    assert_eq!(reply.fields(), ["offset"]);
}
