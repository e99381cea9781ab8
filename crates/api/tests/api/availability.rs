//! Working patterns, absences and the free-slot search over mocked ports:
//! bodies, problems and the fields they blame (holds: holds.rs).

use crate::support::*;
use actix_web::test::TestRequest;
use chrono::{NaiveDate, TimeDelta, Weekday};
use panda_domain::common::ids::{AbsenceId, PractitionerId};
use panda_domain::common::text::{Label, PersonName};
use panda_domain::schedule::{
    Absence, BusyTime, Candidate, ClockTime, Session, TimeZone, WorkingPattern,
};
use panda_domain::{Page, RepositoryError};
use serde_json::json;

const ABSENCE: &str = "00000000-0000-0000-0000-0000000000a1";

fn schedule_uri() -> String {
    format!("/api/v1/practitioners/{PRACTITIONER}/schedule")
}

/// Tuesdays 09:00 to 12:00, London, from 2030.
pub fn tuesdays() -> WorkingPattern {
    WorkingPattern::new(
        TimeZone::LONDON,
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        None,
        vec![Session {
            weekday: Weekday::Tue,
            start: ClockTime::parse("09:00").unwrap(),
            end: ClockTime::parse("12:00").unwrap(),
            location_id: None,
        }],
    )
    .unwrap()
}

#[actix_web::test]
async fn a_pattern_is_set_in_london_unless_it_names_a_zone_and_read_back() {
    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_set_pattern()
        .withf(|p, pattern, audit| {
            p.to_string() == PRACTITIONER
                && pattern.time_zone() == TimeZone::LONDON
                && pattern.sessions().len() == 1
                && audit.entity == panda_domain::audit::Entity::Schedule
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let body = json!({
        "valid_from": "2030-01-01",
        "sessions": [{"weekday": "tuesday", "start": "09:00", "end": "12:00"}]
    });
    let reply = mocks
        .send(TestRequest::put().uri(&schedule_uri()).set_json(body))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.body,
        json!({
            "practitioner_id": PRACTITIONER, "time_zone": "Europe/London",
            "valid_from": "2030-01-01", "valid_until": null,
            "sessions": [{"weekday": "tuesday", "start": "09:00", "end": "12:00", "location_id": null}]
        })
    );

    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_pattern()
        .returning(|_| Ok(Some(tuesdays())));
    let reply = mocks.send(TestRequest::get().uri(&schedule_uri())).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["sessions"][0]["weekday"], "tuesday");
}

#[actix_web::test]
async fn a_bad_pattern_is_refused_naming_every_field_and_nothing_is_stored() {
    let body = json!({
        "time_zone": "Mars/Olympus",
        "valid_from": "2030-13-01",
        "sessions": [
            {"weekday": "funday", "start": "09:15", "end": "9:00"},
            {"weekday": "monday", "start": "09:00", "end": "10:00", "location_id": "x"}
        ]
    });
    // No expectation is set: a port call would fail the test.
    let reply = send(TestRequest::put().uri(&schedule_uri()).set_json(body)).await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        [
            "time_zone",
            "valid_from",
            "sessions[0].weekday",
            "sessions[0].start",
            "sessions[0].end",
            "sessions[1].location_id"
        ]
    );
    let codes: Vec<_> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes[..5],
        [
            "time-zone-unknown",
            "date-format",
            "weekday-unknown",
            "time-of-day-not-on-grid",
            "time-of-day-format"
        ]
    );
    let overlapping = json!({
        "valid_from": "2030-01-01", "valid_until": "2029-12-31",
        "sessions": [
            {"weekday": "monday", "start": "09:00", "end": "12:00"},
            {"weekday": "monday", "start": "11:00", "end": "11:00"},
            {"weekday": "monday", "start": "11:30", "end": "13:00"}
        ]
    });
    let reply = send(
        TestRequest::put()
            .uri(&schedule_uri())
            .set_json(overlapping),
    )
    .await;
    reply.assert_problem(422, "invalid-input");
    assert_eq!(
        reply.fields(),
        ["valid_until", "sessions[1].end", "sessions[2]"]
    );
    assert_eq!(reply.body["errors"][2]["code"], "sessions-overlap");
}

#[actix_web::test]
async fn a_practitioner_without_a_pattern_has_no_schedule_to_read() {
    let mut mocks = Mocks::new();
    mocks.schedules.expect_pattern().returning(|_| Ok(None));
    let reply = mocks.send(TestRequest::get().uri(&schedule_uri())).await;
    reply.assert_problem(404, "schedule-not-found");
    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_set_pattern()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let body = json!({"valid_from": "2030-01-01", "sessions": []});
    let reply = mocks
        .send(TestRequest::put().uri(&schedule_uri()).set_json(body))
        .await;
    reply.assert_problem(404, "practitioner-not-found");
}

fn absences_uri() -> String {
    format!("/api/v1/practitioners/{PRACTITIONER}/absences")
}

fn leave() -> Absence {
    Absence {
        id: AbsenceId::parse(ABSENCE).unwrap(),
        practitioner_id: PractitionerId::parse(PRACTITIONER).unwrap(),
        start: at(0, 0),
        end: at(0, 0) + TimeDelta::days(5),
        reason: Label::parse("annual leave").ok(),
    }
}

#[actix_web::test]
async fn an_absence_over_booked_appointments_is_201_and_lists_them() {
    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_add_absence()
        .withf(|a, audit| {
            a.start == at(0, 0)
                && a.end == at(0, 0) + TimeDelta::days(5)
                && audit.entity == panda_domain::audit::Entity::Absence
        })
        .returning(|_, _| {
            Ok(vec![
                appointment(
                    at(9, 0),
                    panda_domain::appointment::AppointmentStatus::Active,
                )
                .appointment,
            ])
        });
    let body = json!({"start": "2030-01-15T00:00:00Z", "end": "2030-01-20T00:00:00Z", "reason": "annual leave"});
    let reply = mocks
        .send(TestRequest::post().uri(&absences_uri()).set_json(body))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.header("location"), Some(absences_uri().as_str()));
    assert_eq!(reply.body["absence"]["id"], NEW_ID);
    assert_eq!(reply.body["absence"]["reason"], "annual leave");
    assert_eq!(
        reply.body["affected_appointments"],
        json!([{"id": APPOINTMENT, "start": "2030-01-15T09:00:00Z", "end": "2030-01-15T09:30:00Z"}])
    );
}

#[actix_web::test]
async fn a_backward_or_endless_absence_is_refused_on_its_end() {
    for (end, code) in [
        ("2030-01-15T00:00:00Z", "period-end-not-after-start"),
        ("2031-03-01T00:00:00Z", "period-too-long"),
        ("tomorrow", "timestamp-format"),
    ] {
        let body = json!({"start": "2030-01-15T00:00:00Z", "end": end});
        let reply = send(TestRequest::post().uri(&absences_uri()).set_json(body)).await;
        reply.assert_problem(422, code);
        assert_eq!(reply.fields(), ["end"], "{end}");
    }
}

#[actix_web::test]
async fn absences_are_listed_a_page_at_a_time_and_deleted_by_id() {
    let mut mocks = Mocks::new();
    mocks.schedules.expect_absences().returning(|_, _| {
        Ok(Some(Page {
            items: vec![leave()],
            total: 3,
        }))
    });
    let reply = mocks
        .send(TestRequest::get().uri(&format!("{}?limit=1", absences_uri())))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        (reply.body["total"].clone(), reply.body["limit"].clone()),
        (json!(3), json!(1))
    );
    assert_eq!(reply.body["items"][0]["start"], "2030-01-15T00:00:00Z");

    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_remove_absence()
        .withf(|p, id, audit| {
            p.to_string() == PRACTITIONER
                && id.to_string() == ABSENCE
                && audit.action == panda_domain::audit::AuditAction::Delete
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let uri = format!("{}/{ABSENCE}", absences_uri());
    let reply = mocks.send(TestRequest::delete().uri(&uri)).await;
    assert_eq!(reply.status, 204);

    let mut mocks = Mocks::new();
    mocks
        .schedules
        .expect_remove_absence()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let reply = mocks.send(TestRequest::delete().uri(&uri)).await;
    reply.assert_problem(404, "absence-not-found");
    let reply = send(TestRequest::delete().uri(&format!("{}/nope", absences_uri()))).await;
    reply.assert_problem(422, "id-format");
    assert_eq!(reply.fields(), ["absence_id"]);
}

fn candidate() -> Candidate {
    Candidate {
        practitioner_id: PractitionerId::parse(PRACTITIONER).unwrap(),
        clinician: PersonName::parse("Dr Glenn Clark").unwrap(),
        department: Label::parse("oncology").unwrap(),
        pattern: tuesdays(),
    }
}

fn slots_uri(query: &str) -> String {
    format!("/api/v1/slots?{query}")
}

#[actix_web::test]
async fn the_search_answers_the_free_slots_in_start_order_a_page_at_a_time() {
    let mut mocks = Mocks::new();
    mocks
        .slots
        .expect_candidates()
        .returning(|_, _| Ok(vec![candidate()]));
    mocks.slots.expect_busy().returning(|_, _, _, _, _| {
        let mut busy = BusyTime::default();
        busy.practitioners.insert(
            PractitionerId::parse(PRACTITIONER).unwrap(),
            vec![(at(9, 30), at(10, 0))],
        );
        Ok(Some(busy))
    });
    let q = format!(
        "from=2030-01-15T00:00:00Z&to=2030-01-16T00:00:00Z&department_id={DEPARTMENT}&limit=2"
    );
    let reply = mocks.send(TestRequest::get().uri(&slots_uri(&q))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // 09:00 and 10:00 to 11:30: five free half hours, two on this page.
    assert_eq!(reply.body["total"], 5);
    assert_eq!(
        reply.body["items"],
        json!([
            {"practitioner_id": PRACTITIONER, "clinician": "Dr Glenn Clark", "department": "oncology",
             "location_id": null, "start": "2030-01-15T09:00:00Z", "end": "2030-01-15T09:30:00Z"},
            {"practitioner_id": PRACTITIONER, "clinician": "Dr Glenn Clark", "department": "oncology",
             "location_id": null, "start": "2030-01-15T10:00:00Z", "end": "2030-01-15T10:30:00Z"}
        ])
    );
}

#[actix_web::test]
async fn a_search_without_a_diary_too_long_or_for_a_bad_duration_is_refused() {
    let day = "from=2030-01-15T00:00:00Z&to=2030-01-16T00:00:00Z";
    for (query, field, code) in [
        (day.to_owned(), "practitioner_id", "slots-filter-missing"),
        (
            format!(
                "from=2030-01-15T00:00:00Z&to=2030-02-16T00:00:00Z&practitioner_id={PRACTITIONER}"
            ),
            "to",
            "slots-range-too-long",
        ),
        (
            format!(
                "from=2030-01-15T00:00:00Z&to=2030-01-15T00:00:00Z&practitioner_id={PRACTITIONER}"
            ),
            "to",
            "slots-range-empty",
        ),
        (
            format!("{day}&practitioner_id=x"),
            "practitioner_id",
            "id-format",
        ),
        (
            format!("{day}&practitioner_id={PRACTITIONER}&duration=2x"),
            "duration",
            "duration-format",
        ),
        (
            format!("{day}&practitioner_id={PRACTITIONER}&patient=123"),
            "patient",
            "nhs-number-length",
        ),
        (
            format!("from=now&to=2030-01-16T00:00:00Z&practitioner_id={PRACTITIONER}"),
            "from",
            "timestamp-format",
        ),
    ] {
        let reply = send(TestRequest::get().uri(&slots_uri(&query))).await;
        reply.assert_problem(422, code);
        assert_eq!(reply.fields(), [field], "{query}");
    }
    let reply = send(TestRequest::get().uri(&slots_uri(&format!(
        "{day}&practitioner_id={PRACTITIONER}&duration=20m"
    ))))
    .await;
    reply.assert_problem(422, "duration-not-allowed");
    let reply = send(TestRequest::get().uri(&slots_uri("to=2030-01-16T00:00:00Z"))).await;
    reply.assert_problem(400, "invalid-query");
    let reply = send(TestRequest::get().uri(&slots_uri(&format!("{day}&clinic=1")))).await;
    reply.assert_problem(400, "invalid-query");
}

#[actix_web::test]
async fn a_search_for_an_unknown_patient_is_404() {
    let mut mocks = Mocks::new();
    mocks
        .slots
        .expect_candidates()
        .returning(|_, _| Ok(vec![candidate()]));
    mocks
        .slots
        .expect_busy()
        .returning(|_, _, _, _, _| Ok(None));
    let q = format!(
        "from=2030-01-15T00:00:00Z&to=2030-01-16T00:00:00Z&practitioner_id={PRACTITIONER}&patient={NHS}"
    );
    let reply = mocks.send(TestRequest::get().uri(&slots_uri(&q))).await;
    reply.assert_problem(404, "patient-not-found");
}
