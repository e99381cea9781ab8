//! Reading, changing (status and reschedule), listing and history.

use crate::bookings::bookable;
use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::appointment::{AppointmentStatus, ChangedField, HistoryEntry};
use panda_domain::{Conflict, Page, RepositoryError};
use serde_json::json;

fn appointment_uri() -> String {
    format!("/api/v1/appointments/{APPOINTMENT}")
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
async fn getting_an_appointment_shows_missed_once_an_active_one_has_ended() {
    let reply = stored(AppointmentStatus::Active, 7)
        .send(TestRequest::get().uri(&appointment_uri()))
        .await;
    assert_eq!(reply.status, 200);
    // The tag changes with the derived status, so a copy cached while it
    // was active is never confirmed current by `If-None-Match`.
    assert_eq!(reply.header("etag"), Some("\"4-missed\""));
    assert_eq!(reply.body["status"], "missed");
}

#[actix_web::test]
async fn getting_an_appointment_with_a_bad_id_is_a_422_naming_id() {
    let reply = send(TestRequest::get().uri("/api/v1/appointments/42")).await;
    reply.assert_problem(422, "id-format");
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
        .withf(|a, changes, _| {
            a.stored_status == AppointmentStatus::Cancelled && changes.len() == 1
        })
        .returning(|_, _, _| Ok(()));
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
        .insert_header(("if-match", "\"4\""))
        .set_json(json!({"status": "attended"}));
    let reply = stored(AppointmentStatus::Cancelled, 9).send(request).await;
    reply.assert_problem(409, "appointment-cancelled");
}

#[actix_web::test]
async fn a_forbidden_transition_quotes_both_statuses() {
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .insert_header(("if-match", "\"4\""))
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
        .returning(|_, _, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .insert_header(("if-match", "\"4\""))
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
        .withf(|a, _, _| a.location_id.is_none())
        .returning(|_, _, _| Ok(()));
    let request = TestRequest::patch()
        .uri(&appointment_uri())
        .insert_header(("if-match", "\"4\""))
        .set_json(json!({"location_id": null}));
    let reply = mocks.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["location_id"], serde_json::Value::Null);
}

#[actix_web::test]
async fn patching_with_bad_values_lists_them_all() {
    let body = json!({"status": "booked", "time": "2030-01-16 09:00", "duration": "1h60m", "practitioner_id": "nobody"});
    let reply = send(
        TestRequest::patch()
            .uri(&appointment_uri())
            .insert_header(("if-match", "\"4\""))
            .set_json(body),
    )
    .await;
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
        json!({"items": [
            {"field": "created", "from": null, "to": "active", "at": "2030-01-15T08:00:00Z", "actor": "anonymous"},
            {"field": "status", "from": "active", "to": "cancelled", "at": "2030-01-15T08:05:00Z", "actor": "system"}
        ], "total": 2, "offset": 0, "limit": 50})
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
