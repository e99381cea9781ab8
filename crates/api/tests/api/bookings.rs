//! Booking, by either route: the rules, the conflicts, the fields blamed.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::appointment::ChangedField;
use panda_domain::{Conflict, RepositoryError};
use serde_json::json;

/// Everyone exists; the practitioner holds no roles.
pub fn bookable() -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_get()
        .returning(|_| Ok(Some(patient())));
    mocks
        .practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    mocks.practitioners.expect_roles().returning(|_| Ok(vec![]));
    mocks
        .locations
        .expect_get()
        .returning(|_| Ok(Some(location())));
    mocks
}

fn booking(start: &str) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/patients/{NHS}/appointments"))
        .set_json(json!({"practitioner_id": PRACTITIONER, "start_time": start}))
}

fn appointment_uri() -> String {
    format!("/api/v1/appointments/{APPOINTMENT}")
}

#[actix_web::test]
async fn booking_for_a_patient_is_a_201_with_utc_z_times() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert()
        .withf(|a, h, _| a.start == at(9, 0) && h.field == ChangedField::Created)
        .returning(|_, _, _| Ok(()));
    let reply = mocks.send(booking("2030-01-15T10:00:00+01:00")).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.header("location"), Some(appointment_uri().as_str()));
    assert_eq!(reply.header("etag"), Some("\"1\""));
    assert_eq!(
        reply.body,
        json!({
            "id": APPOINTMENT, "patient": NHS, "practitioner_id": PRACTITIONER,
            "clinician": "Dr Glenn Clark", "department": "oncology", "department_id": DEPARTMENT,
            "location_id": null, "postcode": null,
            "time": "2030-01-15T09:00:00Z", "end": "2030-01-15T09:30:00Z",
            "duration": "30m", "status": "active", "version": 1, "series_id": null
        })
    );
}

#[actix_web::test]
async fn booking_at_a_location_gives_its_postcode() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert()
        .returning(|_, _, _| Ok(()));
    let body = json!({"patient": NHS, "practitioner_id": PRACTITIONER, "time": "2030-01-15T09:00:00Z", "duration": "1h30m", "location_id": LOCATION});
    let reply = mocks
        .send(
            TestRequest::post()
                .uri("/api/v1/appointments")
                .set_json(body),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["postcode"], "N19 5NF");
    assert_eq!(reply.body["duration"], "1h30m");
    assert_eq!(reply.body["end"], "2030-01-15T10:30:00Z");
}

#[actix_web::test]
async fn booking_on_a_taken_slot_is_a_409_practitioner_unavailable() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert()
        .returning(|_, _, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let reply = mocks.send(booking("2030-01-15T09:00:00Z")).await;
    reply.assert_problem(409, "practitioner-unavailable");
}

#[actix_web::test]
async fn booking_a_second_appointment_that_day_is_a_409_already_booked_that_day() {
    let mut mocks = bookable();
    mocks.appointments.expect_insert().returning(|_, _, _| {
        Err(RepositoryError::Conflict(
            Conflict::PatientAlreadyBookedThatDay,
        ))
    });
    let reply = mocks.send(booking("2030-01-15T09:00:00Z")).await;
    reply.assert_problem(409, "already-booked-that-day");
}

#[actix_web::test]
async fn a_start_without_an_offset_is_a_422_timestamp_offset_missing() {
    let reply = send(booking("2030-01-15T09:00:00")).await;
    reply.assert_problem(422, "timestamp-offset-missing");
    assert_eq!(reply.fields(), ["start_time"]);
    assert_eq!(reply.body["errors"][0]["code"], "timestamp-offset-missing");
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("+01:00")
    );
}

#[actix_web::test]
async fn a_start_off_the_grid_is_a_422_naming_the_start_field() {
    let reply = bookable().send(booking("2030-01-15T09:10:00Z")).await;
    reply.assert_problem(422, "start-not-on-grid");
    assert_eq!(reply.fields(), ["start_time"]);
}

#[actix_web::test]
async fn a_start_in_the_past_is_a_422_start_in_the_past() {
    let reply = bookable().send(booking("2030-01-15T08:00:00Z")).await;
    reply.assert_problem(422, "start-in-the-past");
}

#[actix_web::test]
async fn booking_with_every_field_wrong_lists_every_field() {
    let body = json!({"patient": "123", "practitioner_id": "42", "time": "tomorrow", "duration": "90 minutes", "location_id": "x"});
    let reply = send(
        TestRequest::post()
            .uri("/api/v1/appointments")
            .set_json(body),
    )
    .await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        [
            "patient",
            "practitioner_id",
            "time",
            "duration",
            "location_id"
        ]
    );
    assert_eq!(reply.body["errors"][2]["code"], "timestamp-format");
}

#[actix_web::test]
async fn booking_with_an_unknown_practitioner_is_a_404() {
    let mut mocks = Mocks::new();
    mocks
        .patients
        .expect_get()
        .returning(|_| Ok(Some(patient())));
    mocks.practitioners.expect_get().returning(|_| Ok(None));
    let reply = mocks.send(booking("2030-01-15T09:00:00Z")).await;
    reply.assert_problem(404, "practitioner-not-found");
}

#[actix_web::test]
async fn booking_in_welsh_explains_the_conflict_in_welsh() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert()
        .returning(|_, _, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let reply = mocks
        .send(booking("2030-01-15T09:00:00Z").insert_header(("accept-language", "cy")))
        .await;
    reply.assert_problem(409, "practitioner-unavailable");
    assert_eq!(reply.body["title"], "Nid yw'r ymarferydd ar gael");
}

#[actix_web::test]
async fn a_start_beyond_the_booking_horizon_is_a_422_naming_the_allowed_range() {
    // The test clock's now is 2030-01-15; the default horizon is a year.
    let reply = bookable().send(booking("2031-06-02T09:00:00Z")).await;
    reply.assert_problem(422, "booking-outside-window");
    assert_eq!(reply.fields(), ["start_time"]);
    let detail = reply.body["detail"].as_str().unwrap();
    assert!(detail.contains("2031-01-15"), "{detail}");
    let welsh = bookable()
        .send(booking("2031-06-02T09:00:00Z").insert_header(("accept-language", "cy")))
        .await;
    assert!(
        welsh.body["detail"]
            .as_str()
            .unwrap()
            .starts_with("Gellir trefnu")
    );
}
