//! Recurring series over mocked ports: booked whole, refused whole with
//! every refused occurrence listed, read back, and the rest cancelled.

use crate::bookings::bookable;
use crate::support::*;
use actix_web::test::TestRequest;
use panda_domain::appointment::AppointmentStatus;
use panda_domain::schedule::BusyTime;
use serde_json::json;

const SERIES: &str = "00000000-0000-0000-0000-0000000000c1";

fn series_request(body: serde_json::Value) -> TestRequest {
    TestRequest::post()
        .uri(&format!("/api/v1/patients/{NHS}/appointment-series"))
        .set_json(body)
}

fn weekly(count: u32) -> serde_json::Value {
    json!({"practitioner_id": PRACTITIONER, "first_start": "2030-01-15T09:00:00Z", "every": "1w", "count": count})
}

#[actix_web::test]
async fn a_series_is_201_with_every_occurrence_and_where_it_lives() {
    let mut mocks = bookable();
    mocks
        .slots
        .expect_busy()
        .returning(|_, _, _, _, _| Ok(Some(BusyTime::default())));
    mocks
        .appointments
        .expect_insert_series()
        .withf(|a, _, audits| {
            a.len() == 3
                && audits
                    .iter()
                    .all(|r| r.changes.iter().any(|c| c.field == "series_id"))
        })
        .returning(|_, _, _| Ok(()));
    let reply = mocks.send(series_request(weekly(3))).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let id = reply.body["series_id"].as_str().unwrap();
    let location = format!("/api/v1/appointment-series/{id}");
    assert_eq!(reply.header("location"), Some(location.as_str()));
    let appointments = reply.body["appointments"].as_array().unwrap();
    let times: Vec<_> = appointments
        .iter()
        .map(|a| a["time"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2030-01-15T09:00:00Z",
            "2030-01-22T09:00:00Z",
            "2030-01-29T09:00:00Z"
        ]
    );
    assert!(appointments.iter().all(|a| a["series_id"] == id));
}

#[actix_web::test]
async fn a_series_with_refused_occurrences_is_one_409_listing_each() {
    let mut mocks = bookable();
    mocks.slots.expect_busy().returning(|_, _, _, _, _| {
        let mut busy = BusyTime::default();
        busy.patient_days
            .insert(chrono::NaiveDate::from_ymd_opt(2030, 1, 22).unwrap());
        Ok(Some(busy))
    });
    mocks.appointments.expect_insert_series().never();
    let reply = mocks
        .send(series_request(weekly(3)).insert_header(("accept-language", "cy")))
        .await;
    reply.assert_problem(409, "series-occurrences-refused");
    assert_eq!(reply.fields(), ["occurrences[1]"]);
    assert_eq!(reply.body["errors"][0]["code"], "already-booked-that-day");
    assert_eq!(reply.body["title"], "Cyfres heb ei threfnu");
}

#[actix_web::test]
async fn a_bad_interval_or_count_is_422_naming_it() {
    let body = json!({"practitioner_id": PRACTITIONER, "first_start": "2030-01-15T09:00:00Z", "every": "1h", "count": 53});
    let reply = send(series_request(body)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(reply.fields(), ["every", "count"]);
    let body = json!({"practitioner_id": PRACTITIONER, "first_start": "2030-01-15T09:00:00Z", "every": "1w", "count": -1});
    let reply = send(series_request(body)).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
}

#[actix_web::test]
async fn a_series_is_read_back_and_its_rest_cancelled() {
    let mut mocks = Mocks::new();
    mocks
        .appointments
        .expect_series()
        .returning(|_| Ok(vec![appointment(at(9, 0), AppointmentStatus::Active)]));
    let reply = mocks
        .send(TestRequest::get().uri(&format!("/api/v1/appointment-series/{SERIES}")))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["total"], 1);

    let mut mocks = Mocks::new();
    mocks
        .appointments
        .expect_series()
        .returning(|_| Ok(vec![appointment(at(9, 0), AppointmentStatus::Active)]));
    mocks
        .appointments
        .expect_get()
        .returning(|_| Ok(Some(appointment(at(9, 0), AppointmentStatus::Active))));
    mocks
        .appointments
        .expect_update()
        .times(1)
        .returning(|_, _, _| Ok(()));
    let reply = mocks
        .send(TestRequest::post().uri(&format!("/api/v1/appointment-series/{SERIES}/cancel")))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["cancelled"][0]["status"], "cancelled");

    let mut mocks = Mocks::new();
    mocks.appointments.expect_series().returning(|_| Ok(vec![]));
    let reply = mocks
        .send(TestRequest::post().uri(&format!("/api/v1/appointment-series/{SERIES}/cancel")))
        .await;
    reply.assert_problem(404, "series-not-found");
}
