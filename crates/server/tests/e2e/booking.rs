//! The booking rules as a front end meets them over HTTP.

use crate::on_both_backends;
use crate::support::{App, future};
use serde_json::json;

const NHS: &str = "9434765919";
const OTHER: &str = "4010232137";

async fn a_booking_round_trips_with_utc_times_and_the_derived_fields(app: &App) {
    app.patient(NHS).await;
    let dr = app.practitioner("Dr Jordan Lewis").await;
    let start = future(2, 9, 0);
    let reply = app.book(NHS, &dr, &start, Some("1h30m")).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let location = reply.location.expect("a Location header");
    let got = app.get(&location).await;
    assert_eq!(got.status, 200);
    let a = &got.body;
    assert_eq!(a["patient"], NHS);
    assert_eq!(a["practitioner_id"], dr.as_str());
    assert_eq!(a["clinician"], "Dr Jordan Lewis");
    assert_eq!(a["department"], "oncology");
    assert_eq!(a["time"], start.as_str());
    assert_eq!(a["duration"], "1h30m");
    assert_eq!(a["status"], "active");
    assert_eq!(a["end"], future(2, 10, 30).as_str());
    let list = app
        .get(&format!("/api/v1/patients/{NHS}/appointments"))
        .await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(list.body["total"], 1);
}

async fn a_start_with_an_offset_is_stored_as_the_same_instant_in_utc(app: &App) {
    app.patient(NHS).await;
    let dr = app.practitioner("X").await;
    let local = future(3, 10, 0).replace("T10:00:00Z", "T10:00:00+01:00");
    let reply = app.book(NHS, &dr, &local, None).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["time"], future(3, 9, 0).as_str());
    assert_eq!(reply.body["duration"], "30m");
}

async fn times_off_the_grid_without_an_offset_or_in_the_past_are_refused_with_422(app: &App) {
    app.patient(NHS).await;
    let dr = app.practitioner("X").await;
    let cases = [
        (future(2, 9, 15), "start-not-on-grid"),
        (future(2, 9, 0).replace('Z', ""), "timestamp-offset-missing"),
        (future(-1, 9, 0), "start-in-the-past"),
    ];
    for (start, code) in cases {
        let reply = app.book(NHS, &dr, &start, None).await;
        assert_eq!(reply.status, 422, "{start}: {}", reply.body);
        assert_eq!(reply.body["code"], code, "{}", reply.body);
    }
    let reply = app.book(NHS, &dr, &future(2, 9, 0), Some("20m")).await;
    assert_eq!(
        (reply.status, reply.body["code"].as_str()),
        (422, Some("duration-not-allowed"))
    );
}

async fn one_appointment_per_patient_per_utc_day(app: &App) {
    app.patient(NHS).await;
    let (a, b) = (app.practitioner("A").await, app.practitioner("B").await);
    assert_eq!(
        app.book(NHS, &a, &future(2, 23, 30), None).await.status,
        201
    );
    let same_day = app.book(NHS, &b, &future(2, 8, 0), None).await;
    assert_eq!(
        (same_day.status, same_day.body["code"].as_str()),
        (409, Some("already-booked-that-day"))
    );
    assert_eq!(
        app.book(NHS, &b, &future(3, 0, 0), None).await.status,
        201,
        "the next UTC day is free"
    );
}

async fn a_practitioner_is_never_double_booked_and_cancelling_frees_the_slot(app: &App) {
    app.patient(NHS).await;
    app.patient(OTHER).await;
    let dr = app.practitioner("X").await;
    let first = app.book(NHS, &dr, &future(2, 9, 0), Some("1h")).await;
    assert_eq!(first.status, 201);
    let overlap = app.book(OTHER, &dr, &future(2, 9, 30), None).await;
    assert_eq!(
        (overlap.status, overlap.body["code"].as_str()),
        (409, Some("practitioner-unavailable"))
    );
    let id = first.body["id"].as_str().expect("id");
    let cancel = app
        .patch(
            &format!("/api/v1/appointments/{id}"),
            first.etag.as_deref().expect("an ETag"),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(cancel.status, 200, "{}", cancel.body);
    assert_eq!(
        app.book(OTHER, &dr, &future(2, 9, 30), None).await.status,
        201
    );
}

async fn bad_input_gets_specific_problems_never_a_500(app: &App) {
    let bad_nhs = app
        .post("/api/v1/patients", json!({"nhs_number": "4010232138", "name": "", "date_of_birth": "2000-01-01", "postcode": "x"}))
        .await;
    assert_eq!(bad_nhs.status, 422);
    let fields: Vec<_> = bad_nhs.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert!(
        fields.contains(&json!("nhs_number"))
            && fields.contains(&json!("name"))
            && fields.contains(&json!("postcode"))
    );
    assert_eq!(
        app.post_raw("/api/v1/patients", "{not json").await.status,
        400
    );
    assert_eq!(app.get("/api/v1/patients/9434765919").await.status, 404);
    let unknown_patient = app
        .book(
            NHS,
            "343d31d4-5993-47ef-a468-7884a467ae80",
            &future(2, 9, 0),
            None,
        )
        .await;
    assert_eq!(unknown_patient.status, 404);
}

/// HEAD gets GET's status and headers and, on the wire, no body; every
/// response names its request id.
async fn head_answers_with_get_s_headers_and_no_body(app: &App) {
    use std::io::{Read, Write};
    app.patient(NHS).await;
    let path = format!("/api/v1/patients/{NHS}");
    let address = app.address().to_owned();
    let token = app.admin.clone();
    let exchange = |method: &str| {
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8(raw).expect("text");
        let (head, body) = text.split_once("\r\n\r\n").expect("a header block");
        (head.to_ascii_lowercase(), body.to_owned())
    };
    let (get_head, get_body) = exchange("GET");
    let (head_head, head_body) = exchange("HEAD");
    assert!(get_head.starts_with("http/1.1 200"), "{get_head}");
    assert!(head_head.starts_with("http/1.1 200"), "{head_head}");
    assert!(get_body.contains(NHS));
    assert_eq!(head_body, "", "HEAD sent a body");
    let header = |block: &str, name: &str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
    };
    for name in ["etag", "content-type", "content-length"] {
        assert_eq!(header(&head_head, name), header(&get_head, name), "{name}");
    }
    assert!(header(&get_head, "x-request-id").is_some_and(|id| !id.is_empty()));
}

on_both_backends!(
    head_answers_with_get_s_headers_and_no_body,
    a_booking_round_trips_with_utc_times_and_the_derived_fields,
    a_start_with_an_offset_is_stored_as_the_same_instant_in_utc,
    times_off_the_grid_without_an_offset_or_in_the_past_are_refused_with_422,
    one_appointment_per_patient_per_utc_day,
    a_practitioner_is_never_double_booked_and_cancelling_frees_the_slot,
    bad_input_gets_specific_problems_never_a_500,
);
