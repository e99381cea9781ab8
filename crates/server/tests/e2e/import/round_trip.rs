//! The brief's example files: import, read back over HTTP, re-run, round trip.

use super::*;

async fn every_record_reads_back(server: &Server) {
    let client = reqwest::Client::new();
    for p in records(&example("example_patients.json")) {
        let nhs = text(&p, "nhs_number");
        let body = get(&client, format!("{}/api/v1/patients/{nhs}", server.base)).await;
        assert_eq!(body["nhs_number"], nhs);
        assert_eq!(text(&body, "name").as_bytes(), text(&p, "name").as_bytes());
        assert_eq!(body["date_of_birth"], p["date_of_birth"]);
        assert_eq!(text(&body, "postcode"), canonical(text(&p, "postcode")));
    }
    for a in records(&example("example_appointments.json")) {
        let id = text(&a, "id");
        let body = get(&client, format!("{}/api/v1/appointments/{id}", server.base)).await;
        let now = Utc::now();
        let start = parse_instant(text(&a, "time")).unwrap();
        let duration = AppointmentDuration::parse(text(&a, "duration")).unwrap();
        assert_eq!(body["id"], id);
        assert_eq!(body["patient"], a["patient"]);
        assert_eq!(parse_instant(text(&body, "time")).unwrap(), start, "{id}");
        assert_eq!(
            AppointmentDuration::parse(text(&body, "duration")).unwrap(),
            duration
        );
        let end = start + duration.as_chrono();
        assert_eq!(
            text(&body, "status"),
            expected_status(text(&a, "status"), end, now),
            "{id}"
        );
        assert_eq!(body["clinician"], a["clinician"]);
        assert_eq!(body["department"], a["department"]);
        assert_eq!(text(&body, "postcode"), canonical(text(&a, "postcode")));
    }
}

async fn the_brief_s_example_files_import_read_back_and_round_trip_through_export(
    db: TestDatabase,
    fresh: TestDatabase,
) {
    let (patients, appointments) = (
        example("example_patients.json"),
        example("example_appointments.json"),
    );
    let first = import(db.url(), &patients, &appointments);
    for (kind, created) in [
        ("patients", 100),
        ("appointments", 100),
        ("clinicians", 10),
        ("departments", 4),
        ("locations", 10),
    ] {
        assert_eq!(
            summary_line(&first, kind),
            format!("{kind} created {created} unchanged 0"),
            "{first}"
        );
    }
    assert_eq!(summary_line(&first, "rejected"), "rejected 0");

    let server = serve(db.url());
    every_record_reads_back(&server).await;
    drop(server);

    let second = import(db.url(), &patients, &appointments);
    for (kind, unchanged) in [
        ("patients", 100),
        ("appointments", 100),
        ("clinicians", 10),
        ("departments", 4),
        ("locations", 10),
    ] {
        assert_eq!(
            summary_line(&second, kind),
            format!("{kind} created 0 unchanged {unchanged}"),
            "{second}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let (p1, a1) = export(db.url(), dir.path(), "first");
    assert_eq!(serde_json::from_str::<Vec<Value>>(&p1).unwrap().len(), 100);
    assert_eq!(serde_json::from_str::<Vec<Value>>(&a1).unwrap().len(), 100);
    let exported = (
        dir.path().join("first-patients.json"),
        dir.path().join("first-appointments.json"),
    );
    import(fresh.url(), &exported.0, &exported.1);
    let (p2, a2) = export(fresh.url(), dir.path(), "second");
    assert_eq!(p1, p2);
    assert_eq!(a1, a2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_the_brief_s_example_files_import_read_back_and_round_trip_through_export() {
    the_brief_s_example_files_import_read_back_and_round_trip_through_export(
        TestDatabase::sqlite(),
        TestDatabase::sqlite(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_the_brief_s_example_files_import_read_back_and_round_trip_through_export() {
    if let (Some(db), Some(fresh)) = (TestDatabase::postgres(), TestDatabase::postgres()) {
        the_brief_s_example_files_import_read_back_and_round_trip_through_export(db, fresh).await;
    }
}
