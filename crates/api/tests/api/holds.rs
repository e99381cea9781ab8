//! Holds over mocked ports: made, read, released, lapsed, converted by the
//! booking that names them; and bookings outside a working pattern.

use crate::availability::tuesdays;
use crate::bookings::bookable;
use crate::support::*;
use actix_web::test::TestRequest;
use chrono::TimeDelta;
use panda_domain::common::ids::{HoldId, PractitionerId};
use panda_domain::schedule::{Diary, Hold};
use panda_domain::{Conflict, RepositoryError};
use serde_json::json;

const HOLD: &str = "00000000-0000-0000-0000-0000000000f1";

fn hold_request(start: &str) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/holds")
        .set_json(json!({"practitioner_id": PRACTITIONER, "start_time": start}))
}

fn holdable() -> Mocks {
    let mut mocks = Mocks::new();
    mocks
        .practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    mocks
}

#[actix_web::test]
async fn a_hold_is_201_for_five_minutes_where_it_can_be_released() {
    let mut mocks = holdable();
    mocks
        .holds
        .expect_insert()
        .withf(|h, now, audit| {
            h.start == at(9, 0) && *now == super::support::now() && audit.entity_id.is_some()
        })
        .returning(|_, _, _| Ok(()));
    let reply = mocks.send(hold_request("2030-01-15T09:00:00Z")).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let location = format!("/api/v1/holds/{NEW_ID}");
    assert_eq!(reply.header("location"), Some(location.as_str()));
    assert_eq!(
        reply.body,
        json!({
            "id": NEW_ID, "practitioner_id": PRACTITIONER,
            "start": "2030-01-15T09:00:00Z", "end": "2030-01-15T09:30:00Z", "duration": "30m",
            "expires_at": "2030-01-15T08:15:00Z"
        })
    );

    let mut mocks = Mocks::new();
    mocks
        .holds
        .expect_release()
        .times(1)
        .returning(|_, _, _| Ok(()));
    let reply = mocks
        .send(TestRequest::delete().uri(&format!("/api/v1/holds/{HOLD}")))
        .await;
    assert_eq!(reply.status, 204);
}

#[actix_web::test]
async fn a_hold_on_taken_time_or_outside_the_sessions_is_409() {
    let mut mocks = holdable();
    mocks
        .holds
        .expect_insert()
        .returning(|_, _, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    let reply = mocks.send(hold_request("2030-01-15T09:00:00Z")).await;
    reply.assert_problem(409, "practitioner-unavailable");

    let mut mocks = holdable();
    mocks.schedules.expect_diary().returning(|_, _, _| {
        Ok(Some(Diary {
            pattern: tuesdays(),
            absences: vec![],
        }))
    });
    let reply = mocks.send(hold_request("2030-01-15T13:00:00Z")).await;
    reply.assert_problem(409, "outside-working-hours");
    let reply = send(hold_request("2030-01-15T09:10:00Z")).await;
    reply.assert_problem(422, "start-not-on-grid");
    assert_eq!(reply.fields(), ["start_time"]);
}

#[actix_web::test]
async fn a_hold_that_lapsed_is_not_found() {
    let mut mocks = Mocks::new();
    mocks.holds.expect_get().returning(|_, _| Ok(None));
    mocks
        .holds
        .expect_release()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let uri = format!("/api/v1/holds/{HOLD}");
    let reply = mocks.send(TestRequest::get().uri(&uri)).await;
    reply.assert_problem(404, "hold-not-found");

    let mut mocks = Mocks::new();
    mocks
        .holds
        .expect_release()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let reply = mocks.send(TestRequest::delete().uri(&uri)).await;
    reply.assert_problem(404, "hold-not-found");

    let mut mocks = Mocks::new();
    let hold = Hold {
        id: HoldId::parse(HOLD).unwrap(),
        practitioner_id: PractitionerId::parse(PRACTITIONER).unwrap(),
        start: at(9, 0),
        duration: panda_domain::appointment::AppointmentDuration::HALF_HOUR,
        expires_at: at(8, 15),
    };
    mocks
        .holds
        .expect_get()
        .returning(move |_, _| Ok(Some(hold.clone())));
    let reply = mocks.send(TestRequest::get().uri(&uri)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["expires_at"], "2030-01-15T08:15:00Z");
}

#[actix_web::test]
async fn a_booking_naming_a_hold_converts_it_or_says_why_not() {
    let mut mocks = bookable();
    mocks
        .appointments
        .expect_insert_held()
        .withf(|a, hold, _, _, _| a.start == at(9, 0) && hold.to_string() == HOLD)
        .returning(|_, _, _, _, _| Ok(()));
    let booking = |hold: &str| {
        TestRequest::post()
            .uri(&format!("/api/v1/patients/{NHS}/appointments"))
            .set_json(json!({"practitioner_id": PRACTITIONER, "start_time": "2030-01-15T09:00:00Z", "hold_id": hold}))
    };
    let reply = mocks.send(booking(HOLD)).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    for (conflict, code) in [
        (Conflict::HoldNotLive, "hold-not-live"),
        (Conflict::HoldMismatch, "hold-mismatch"),
    ] {
        let mut mocks = bookable();
        mocks
            .appointments
            .expect_insert_held()
            .returning(move |_, _, _, _, _| Err(RepositoryError::Conflict(conflict)));
        let reply = mocks.send(booking(HOLD)).await;
        reply.assert_problem(409, code);
    }
    let reply = send(booking("not-a-hold")).await;
    reply.assert_problem(422, "id-format");
    assert_eq!(reply.fields(), ["hold_id"]);
}

#[actix_web::test]
async fn a_booking_outside_the_sessions_is_409_in_english_and_in_welsh() {
    let mut mocks = bookable();
    mocks.schedules.expect_diary().returning(|_, _, _| {
        Ok(Some(Diary {
            pattern: tuesdays(),
            absences: vec![(at(10, 0), at(11, 0))],
        }))
    });
    mocks.appointments.expect_insert().never();
    let request = TestRequest::post()
        .uri(&format!("/api/v1/patients/{NHS}/appointments"))
        .insert_header(("accept-language", "cy"))
        .set_json(json!({"practitioner_id": PRACTITIONER, "start_time": "2030-01-15T10:30:00Z"}));
    let reply = mocks.send(request).await;
    reply.assert_problem(409, "outside-working-hours");
    assert_eq!(reply.body["title"], "Y tu allan i oriau gwaith");
}

#[actix_web::test]
async fn a_hold_uses_the_configured_time_to_live() {
    let mut mocks = holdable();
    mocks.holds.expect_insert().returning(|_, _, _| Ok(()));
    let services = mocks.services().with_hold_ttl(TimeDelta::minutes(15));
    let app = actix_web::test::init_service(panda_api::app(services, settings())).await;
    let response =
        actix_web::test::call_service(&app, hold_request("2030-01-15T09:00:00Z").to_request())
            .await;
    let body: serde_json::Value = actix_web::test::read_body_json(response).await;
    assert_eq!(body["expires_at"], "2030-01-15T08:25:00Z");
}
