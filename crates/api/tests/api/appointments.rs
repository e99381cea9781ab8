//! Booking (both routes), reading, changing, listing and history.

use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::appointment::{AppointmentStatus, ChangedField, HistoryEntry};
use panda_domain::{Conflict, Page, RepositoryError};
use serde_json::json;

fn appointment_uri() -> String {
    format!("/api/v1/appointments/{APPOINTMENT}")
}

/// Everyone exists; the practitioner holds no roles.
fn bookable() -> Mocks {
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

fn stored(status: AppointmentStatus, start_h: u32) -> Mocks {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_get()
        .returning(move |_| Ok(Some(appointment(at(start_h, 0), status))));
    mocks
}

#[actix_web::test]
async fn booking_for_a_patient_is_a_201_with_utc_z_times() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert()
        .withf(|a, h| a.start == at(9, 0) && h.field == ChangedField::Created)
        .returning(|_, _| Ok(()));
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
            "duration": "30m", "status": "active", "version": 1
        })
    );
}

#[actix_web::test]
async fn booking_at_a_location_gives_its_postcode() {
    let mut mocks = bookable();
    mocks.appointments.expect_insert().returning(|_, _| Ok(()));
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
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let reply = mocks.send(booking("2030-01-15T09:00:00Z")).await;
    reply.assert_problem(409, "practitioner-unavailable");
}

#[actix_web::test]
async fn booking_a_second_appointment_that_day_is_a_409_already_booked_that_day() {
    let mut mocks = bookable();
    mocks.appointments.expect_insert().returning(|_, _| {
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
    reply.assert_problem(422, "invalid-input");
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
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let reply = mocks
        .send(booking("2030-01-15T09:00:00Z").insert_header(("accept-language", "cy")))
        .await;
    reply.assert_problem(409, "practitioner-unavailable");
    assert_eq!(reply.body["title"], "Nid yw'r ymarferydd ar gael");
}

#[actix_web::test]
async fn getting_an_appointment_shows_missed_once_an_active_one_has_ended() {
    let reply = stored(AppointmentStatus::Active, 7)
        .send(TestRequest::get().uri(&appointment_uri()))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("etag"), Some("\"4\""));
    assert_eq!(reply.body["status"], "missed");
}

#[actix_web::test]
async fn getting_an_appointment_with_a_bad_id_is_a_422_naming_id() {
    let reply = send(TestRequest::get().uri("/api/v1/appointments/42")).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["id"]);
    assert_eq!(reply.body["errors"][0]["code"], "id-format");
}

#[actix_web::test]
async fn getting_an_unknown_appointment_is_a_404() {
    let mut mocks = Mocks::new();
    mocks.appointments.expect_get().returning(|_| Ok(None));
    let reply = mocks.send(TestRequest::get().uri(&appointment_uri())).await;
    reply.assert_problem(404, "appointment-not-found");
}

#[actix_web::test]
async fn cancelling_an_upcoming_appointment_returns_it_cancelled_with_a_new_version() {
    let mut mocks = stored(AppointmentStatus::Active, 9);
    mocks
        .appointments
        .expect_update()
        .withf(|a, changes| a.stored_status == AppointmentStatus::Cancelled && changes.len() == 1)
        .returning(|_, _| Ok(()));
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .insert_header(("if-match", "\"4\""))
        .set_json(json!({"status": "cancelled"}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["status"], "cancelled");
    assert_eq!(reply.header("etag"), Some("\"5\""));
}

#[actix_web::test]
async fn changing_a_cancelled_appointment_is_a_409_appointment_cancelled() {
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .set_json(json!({"status": "attended"}));
    let reply = stored(AppointmentStatus::Cancelled, 9).send(request).await;
    reply.assert_problem(409, "appointment-cancelled");
}

#[actix_web::test]
async fn a_forbidden_transition_quotes_both_statuses() {
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .set_json(json!({"status": "active"}));
    let reply = stored(AppointmentStatus::Attended, 7).send(request).await;
    reply.assert_problem(409, "status-transition-not-allowed");
    assert_eq!(
        reply.body["detail"],
        "An appointment cannot go from attended to active."
    );
}

#[actix_web::test]
async fn rescheduling_with_a_stale_if_match_is_a_412() {
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .insert_header(("if-match", "\"3\""))
        .set_json(json!({"time": "2030-01-16T09:00:00Z"}));
    let reply = stored(AppointmentStatus::Active, 9).send(request).await;
    reply.assert_problem(412, "stale-version");
}

#[actix_web::test]
async fn rescheduling_to_a_taken_slot_is_a_409_practitioner_unavailable() {
    let mut mocks = stored(AppointmentStatus::Active, 9);
    mocks
        .appointments
        .expect_update()
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .set_json(json!({"time": "2030-01-16T10:00:00+01:00"}));
    mocks
        .send(request)
        .await
        .assert_problem(409, "practitioner-unavailable");
}

#[actix_web::test]
async fn a_null_location_removes_it_and_an_absent_one_keeps_it() {
    let mut with_location = appointment(at(9, 0), AppointmentStatus::Active);
    with_location.appointment.location_id = Some(location().id);
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_get()
        .returning(move |_| Ok(Some(with_location.clone())));
    mocks
        .appointments
        .expect_update()
        .withf(|a, _| a.location_id.is_none())
        .returning(|_, _| Ok(()));
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .set_json(json!({"location_id": null}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["location_id"], serde_json::Value::Null);
}

#[actix_web::test]
async fn patching_with_bad_values_lists_them_all() {
    let body = json!({"status": "booked", "time": "2030-01-16 09:00", "duration": "1h60m", "practitioner_id": "nobody"});
    let reply = send(TestRequest::patch().uri(&appointment_uri()).set_json(body)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        ["status", "time", "duration", "practitioner_id"]
    );
}

#[actix_web::test]
async fn listing_appointments_passes_every_filter_in_utc() {
    let mut mocks = Mocks::new();
    mocks
        .appointments
        .expect_list()
        .withf(|f, n, p| {
            f.patient.as_ref().map(AsRef::as_ref) == Some(NHS)
                && f.status == Some(AppointmentStatus::Missed)
                && f.from == Some(at(7, 0))
                && f.to == Some(at(10, 0))
                && f.department_id.map(|d| d.to_string()).as_deref() == Some(DEPARTMENT)
                && *n == now()
                && p.limit == 2
        })
        .returning(|_, _, _| {
            Ok(Page {
                items: vec![appointment(at(7, 0), AppointmentStatus::Active)],
                total: 1,
            })
        });
    let uri = format!(
        "/api/v1/appointments?patient={NHS}&status=missed&department_id={DEPARTMENT}&from=2030-01-15T08:00:00%2B01:00&to=2030-01-15T10:00:00Z&limit=2"
    );
    let reply = mocks.send(TestRequest::get().uri(&uri)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["items"][0]["status"], "missed");
    assert_eq!(reply.body["total"], 1);
}

#[actix_web::test]
async fn a_bad_status_and_a_reversed_range_are_both_listed() {
    let uri = "/api/v1/appointments?status=late&from=2030-01-16T00:00:00Z&to=2030-01-15T00:00:00Z";
    let reply = send(TestRequest::get().uri(uri)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["status", "to"]);
}

#[actix_web::test]
async fn the_history_lists_every_change_with_utc_times() {
    let mut mocks = Mocks::new();
    mocks.appointments.expect_history().returning(|_| {
        Ok(vec![
            HistoryEntry {
                at: at(8, 0),
                actor: "anonymous".into(),
                field: ChangedField::Created,
                from: None,
                to: Some("active".into()),
            },
            HistoryEntry {
                at: at(8, 5),
                actor: "system".into(),
                field: ChangedField::Status,
                from: Some("active".into()),
                to: Some("cancelled".into()),
            },
        ])
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/history", appointment_uri())))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!([
            {"field": "created", "from": null, "to": "active", "at": "2030-01-15T08:00:00Z", "actor": "anonymous"},
            {"field": "status", "from": "active", "to": "cancelled", "at": "2030-01-15T08:05:00Z", "actor": "system"}
        ])
    );
}

#[actix_web::test]
async fn the_history_of_an_unknown_appointment_is_a_404() {
    let mut mocks = Mocks::new();
    mocks
        .appointments
        .expect_history()
        .returning(|_| Err(RepositoryError::NotFound));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}/history", appointment_uri())))
        .await;
    reply.assert_problem(404, "appointment-not-found");
}
