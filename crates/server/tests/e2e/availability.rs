//! Availability as a front end meets it over HTTP: a working pattern, the
//! free-slot search, a hold converted into a booking, an absence.

use crate::on_both_backends;
use crate::support::{App, future};
use serde_json::{Value, json};

const NHS: &str = "9434765919";
const OTHER: &str = "4010232137";

/// A practitioner who works every day 09:00 to 12:00 London time.
async fn mornings(app: &App) -> String {
    let dr = app.practitioner("Dr Morning").await;
    let days = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let sessions: Vec<Value> = days
        .iter()
        .map(|d| json!({"weekday": d, "start": "09:00", "end": "12:00"}))
        .collect();
    let body = json!({
        "valid_from": future(-1, 0, 0)[..10],
        "sessions": sessions,
    });
    let reply = app
        .put(&format!("/api/v1/practitioners/{dr}/schedule"), body)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["time_zone"], "Europe/London");
    dr
}

async fn slots(app: &App, query: &str) -> Vec<Value> {
    let reply = app.get(&format!("/api/v1/slots?{query}")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["items"].as_array().cloned().unwrap_or_default()
}

fn starts(slots: &[Value]) -> Vec<String> {
    slots
        .iter()
        .map(|s| s["start"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_search_offers_what_can_be_booked_and_a_hold_keeps_it(app: &App) {
    app.patient(NHS).await;
    app.patient(OTHER).await;
    let dr = mornings(app).await;
    let (from, to) = (future(2, 0, 0), future(3, 0, 0));
    let query = format!("from={from}&to={to}&practitioner_id={dr}");
    let offered = slots(app, &query).await;
    // Six half hours in a three-hour morning (09:00 or 08:00 UTC).
    assert_eq!(offered.len(), 6, "{offered:?}");
    assert_eq!(offered[0]["clinician"], "Dr Morning");
    let first = offered[0]["start"].as_str().unwrap().to_owned();
    let second = offered[1]["start"].as_str().unwrap().to_owned();

    // Outside the sessions: refused, and never offered.
    let evening = future(2, 18, 0);
    let reply = app.book(NHS, &dr, &evening, None).await;
    assert_eq!(
        (reply.status, reply.body["code"].as_str()),
        (409, Some("outside-working-hours"))
    );

    // A hold takes the second slot out of the search and out of reach.
    let hold = app
        .post(
            "/api/v1/holds",
            json!({"practitioner_id": dr, "start_time": second}),
        )
        .await;
    assert_eq!(hold.status, 201, "{}", hold.body);
    let hold_id = hold.body["id"].as_str().unwrap().to_owned();
    assert!(!starts(&slots(app, &query).await).contains(&second));
    let taken = app.book(OTHER, &dr, &second, None).await;
    assert_eq!(
        (taken.status, taken.body["code"].as_str()),
        (409, Some("practitioner-unavailable"))
    );
    // The patient it was held for books it by naming the hold.
    let body = json!({"practitioner_id": dr, "start_time": second, "hold_id": hold_id});
    let booked = app
        .post(&format!("/api/v1/patients/{NHS}/appointments"), body)
        .await;
    assert_eq!(booked.status, 201, "{}", booked.body);
    let gone = app.get(&format!("/api/v1/holds/{hold_id}")).await;
    assert_eq!(gone.status, 404);

    // With the patient named, their booked day is left out altogether.
    let theirs = slots(app, &format!("{query}&patient={NHS}")).await;
    assert!(theirs.is_empty(), "{theirs:?}");
    let others = starts(&slots(app, &format!("{query}&patient={OTHER}")).await);
    assert_eq!(others.len(), 5);
    assert!(others.contains(&first) && !others.contains(&second));
}

async fn a_released_hold_frees_its_slot_at_once(app: &App) {
    app.patient(NHS).await;
    let dr = mornings(app).await;
    let start = slots(
        app,
        &format!(
            "from={}&to={}&practitioner_id={dr}&duration=1h",
            future(2, 0, 0),
            future(3, 0, 0)
        ),
    )
    .await[0]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let hold = app
        .post(
            "/api/v1/holds",
            json!({"practitioner_id": dr, "start_time": start, "duration": "1h"}),
        )
        .await;
    assert_eq!(hold.status, 201, "{}", hold.body);
    assert_eq!(hold.body["duration"], "1h");
    let id = hold.body["id"].as_str().unwrap();
    let again = app
        .post(
            "/api/v1/holds",
            json!({"practitioner_id": dr, "start_time": start}),
        )
        .await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(app.delete(&format!("/api/v1/holds/{id}")).await.status, 204);
    assert_eq!(app.book(NHS, &dr, &start, Some("1h")).await.status, 201);
    // Its record in the trail.
    let trail = app.get("/api/v1/audit?entity_type=hold").await;
    assert_eq!(trail.status, 200, "{}", trail.body);
    let actions: Vec<_> = trail.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect();
    assert!(actions.contains(&"create".to_owned()) && actions.contains(&"delete".to_owned()));
}

async fn an_absence_over_a_booking_reports_it_and_closes_the_diary(app: &App) {
    app.patient(NHS).await;
    let dr = mornings(app).await;
    let query = format!(
        "from={}&to={}&practitioner_id={dr}",
        future(2, 0, 0),
        future(3, 0, 0)
    );
    let first = starts(&slots(app, &query).await)[0].clone();
    let booked = app.book(NHS, &dr, &first, None).await;
    assert_eq!(booked.status, 201, "{}", booked.body);
    let absences = format!("/api/v1/practitioners/{dr}/absences");
    let body = json!({"start": future(2, 0, 0), "end": future(3, 0, 0), "reason": "training"});
    let absence = app.post(&absences, body).await;
    assert_eq!(absence.status, 201, "{}", absence.body);
    assert_eq!(
        absence.body["affected_appointments"][0]["id"],
        booked.body["id"]
    );
    assert!(slots(app, &query).await.is_empty());
    let listed = app.get(&absences).await;
    assert_eq!(listed.body["total"], 1);
    let id = absence.body["absence"]["id"].as_str().unwrap();
    assert_eq!(app.delete(&format!("{absences}/{id}")).await.status, 204);
    assert_eq!(slots(app, &query).await.len(), 5);
}

async fn bad_patterns_and_searches_get_problems_naming_the_field(app: &App) {
    let dr = app.practitioner("Dr Careful").await;
    let body = json!({"time_zone": "Europe/Lundon", "valid_from": "2030-01-01", "sessions": [
        {"weekday": "monday", "start": "09:00", "end": "08:00"}
    ]});
    let reply = app
        .put(&format!("/api/v1/practitioners/{dr}/schedule"), body)
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.body["errors"][0]["field"], "time_zone");
    let too_long = format!(
        "/api/v1/slots?from={}&to={}&practitioner_id={dr}",
        future(1, 0, 0),
        future(40, 0, 0)
    );
    let reply = app.get(&too_long).await;
    assert_eq!(
        (reply.status, reply.body["code"].as_str()),
        (422, Some("slots-range-too-long"))
    );
    // A practitioner with no pattern has no free slot, and keeps being
    // bookable at any time, as before patterns existed.
    let query = format!(
        "from={}&to={}&practitioner_id={dr}",
        future(2, 0, 0),
        future(3, 0, 0)
    );
    assert!(slots(app, &query).await.is_empty());
    app.patient(NHS).await;
    assert_eq!(
        app.book(NHS, &dr, &future(2, 18, 0), None).await.status,
        201
    );
}

async fn a_weekly_series_is_booked_whole_or_not_at_all_and_its_rest_cancelled(app: &App) {
    app.patient(NHS).await;
    app.patient(OTHER).await;
    let dr = mornings(app).await;
    let query = format!(
        "from={}&to={}&practitioner_id={dr}",
        future(3, 0, 0),
        future(4, 0, 0)
    );
    let first = starts(&slots(app, &query).await)[0].clone();
    let weekly = json!({"practitioner_id": dr, "first_start": first, "every": "1w", "count": 4});
    let booked = app
        .post(
            &format!("/api/v1/patients/{NHS}/appointment-series"),
            weekly.clone(),
        )
        .await;
    assert_eq!(booked.status, 201, "{}", booked.body);
    assert_eq!(
        booked.body["appointments"].as_array().map(Vec::len),
        Some(4)
    );
    let location = booked.location.clone().expect("a Location header");
    // The same times for another patient: every occurrence is taken, so
    // nothing is booked and each is listed.
    let refused = app
        .post(
            &format!("/api/v1/patients/{OTHER}/appointment-series"),
            weekly,
        )
        .await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (409, Some("series-occurrences-refused")),
        "{}",
        refused.body
    );
    assert_eq!(refused.body["errors"].as_array().map(Vec::len), Some(4));
    let theirs = app
        .get(&format!("/api/v1/patients/{OTHER}/appointments"))
        .await;
    assert_eq!(theirs.body["total"], 0);
    let read = app.get(&location).await;
    assert_eq!(read.body["total"], 4);
    let cancelled = app.post(&format!("{location}/cancel"), json!({})).await;
    assert_eq!(cancelled.status, 200, "{}", cancelled.body);
    assert_eq!(
        cancelled.body["cancelled"].as_array().map(Vec::len),
        Some(4)
    );
    assert!(starts(&slots(app, &query).await).contains(&first));
}

on_both_backends!(
    a_weekly_series_is_booked_whole_or_not_at_all_and_its_rest_cancelled,
    the_search_offers_what_can_be_booked_and_a_hold_keeps_it,
    a_released_hold_frees_its_slot_at_once,
    an_absence_over_a_booking_reports_it_and_closes_the_diary,
    bad_patterns_and_searches_get_problems_naming_the_field,
);
