//! The audit trail over HTTP against the real binary: a session's writes
//! appear with their actor, administrators alone may read them, and an
//! erasure leaves the records without the patient's personal data.

use crate::on_both_backends;
use crate::support::{App, client, future};
use serde_json::{Value, json};

const NHS: &str = "9434765919";

async fn audit(app: &App, query: &str) -> Value {
    let reply = app.get(&format!("/api/v1/audit{query}")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

async fn every_write_of_a_session_is_in_the_trail_with_its_actor(app: &App) {
    let desk = client(Some(&app.token("clinic", "front-desk")));
    let post = |path: &str, body: Value| desk.post(app.url(path)).json(&body).send();
    let created = post(
        "/api/v1/patients",
        json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"}),
    )
    .await
    .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let dr: Value = post(
        "/api/v1/practitioners",
        json!({"name": "Dr Jordan Lewis", "department": "oncology"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let booked = post(
        &format!("/api/v1/patients/{NHS}/appointments"),
        json!({"practitioner_id": dr["id"], "start_time": future(3, 9, 0)}),
    )
    .await
    .unwrap();
    assert_eq!(booked.status().as_u16(), 201);
    let trail = audit(app, "?limit=500").await;
    let entries: Vec<(String, String, String)> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_owned(),
                r["entity_type"].as_str().unwrap().to_owned(),
                r["actor_name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for entity in ["patient", "department", "practitioner", "appointment"] {
        assert!(
            entries.contains(&(
                "create".to_owned(),
                entity.to_owned(),
                "front-desk".to_owned()
            )),
            "no creation of a {entity} by front-desk in {entries:?}"
        );
    }
    // Token creations are there too, by the system (the command line).
    assert!(entries.contains(&("create".to_owned(), "token".to_owned(), "system".to_owned())));
    // The clinic may not read the trail.
    let refused = desk.get(app.url("/api/v1/audit")).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
}

async fn after_an_erasure_the_trail_keeps_its_records_but_not_the_patient(app: &App) {
    app.patient(NHS).await;
    let patient = app.get(&format!("/api/v1/patients/{NHS}")).await;
    let etag = patient.etag.expect("an ETag");
    let erased = app
        .client
        .delete(app.url(&format!("/api/v1/patients/{NHS}")))
        .header("if-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status().as_u16(), 204);
    let trail = audit(app, "?entity_type=patient").await;
    let text = trail.to_string();
    assert_eq!(trail["items"].as_array().map(Vec::len), Some(2), "{text}");
    assert_eq!(trail["items"][0]["action"], "erase");
    for personal in [NHS, "Mary Thomas", "1980-01-02", "N6 2FA"] {
        assert!(
            !text.contains(personal),
            "{personal} is still in the trail: {text}"
        );
    }
}

on_both_backends!(
    every_write_of_a_session_is_in_the_trail_with_its_actor,
    after_an_erasure_the_trail_keeps_its_records_but_not_the_patient,
);
