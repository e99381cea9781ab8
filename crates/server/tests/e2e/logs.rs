//! No NHS number, name, date of birth or postcode reaches a log line, at
//! `debug`, in either log format: a whole session (creates, reads, updates,
//! searches, failed requests, a booking, an import, an erasure) is run
//! against the real binary with its standard error captured, and the
//! output searched for every personal value the session used.

use crate::support::{Backend, future, spawn_app_with};
use serde_json::json;
use std::path::Path;
use std::process::{Command, Stdio};

const NHS: &str = "9434765919";
const OTHER_NHS: &str = "4010232137";
const NAME: &str = "Zebedee Quixworth";
const SEARCHED: &str = "Quixw";
const BIRTH: &str = "1967-03-14";
const POSTCODE: &str = "SW1A 1AA";
const BAD_POSTCODE: &str = "ZZ99 9ZX9";

/// Every personal value the session sends, in the forms it could be logged in.
fn personal_values() -> Vec<String> {
    let mut values: Vec<String> = [
        NHS,
        OTHER_NHS,
        NAME,
        SEARCHED,
        BIRTH,
        POSTCODE,
        BAD_POSTCODE,
    ]
    .iter()
    .map(|v| v.to_string())
    .collect();
    values.extend(
        [
            "943 476 5919",
            "SW1A1AA",
            "sw1a 1aa",
            "Quixworth",
            "Zebedee",
        ]
        .map(String::from),
    );
    values
}

async fn session(format: &str) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let stderr = Stdio::from(log.reopen().unwrap());
    let env = [("PANDA_LOG_LEVEL", "debug"), ("PANDA_LOG_FORMAT", format)];
    let app = spawn_app_with(Backend::Sqlite, &env, stderr).expect("SQLite is always there");
    let patient =
        json!({"nhs_number": NHS, "name": NAME, "date_of_birth": BIRTH, "postcode": POSTCODE});
    assert_eq!(
        app.post("/api/v1/patients", patient.clone()).await.status,
        201
    );
    // Created twice: a conflict, with the same personal data in the body.
    assert_eq!(app.post("/api/v1/patients", patient).await.status, 409);
    let read = app.get(&format!("/api/v1/patients/{NHS}")).await;
    assert_eq!(read.status, 200);
    let changed = app
        .patch(
            &format!("/api/v1/patients/{NHS}"),
            read.etag.as_deref().expect("an ETag"),
            json!({"postcode": POSTCODE.to_lowercase()}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    for query in [format!("name={SEARCHED}"), format!("postcode={}", "SW1A")] {
        assert_eq!(
            app.get(&format!("/api/v1/patients?{query}")).await.status,
            200
        );
    }
    // Failures: a bad postcode and check digit in a body, an unknown patient.
    let refused = app
        .post(
            "/api/v1/patients",
            json!({"nhs_number": "9434765918", "name": NAME, "date_of_birth": BIRTH, "postcode": BAD_POSTCODE}),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        app.get(&format!("/api/v1/patients/{OTHER_NHS}"))
            .await
            .status,
        404
    );
    let dr = app.practitioner("Dr Jordan Lewis").await;
    let booked = app.book(NHS, &dr, &future(2, 9, 0), None).await;
    assert_eq!(booked.status, 201, "{}", booked.body);
    assert_eq!(
        app.book(OTHER_NHS, &dr, &future(2, 9, 0), None)
            .await
            .status,
        404
    );
    // An import of a file naming the same people, by the command line.
    let dir = tempfile::tempdir().unwrap();
    let patients = dir.path().join("patients.json");
    let file = json!([{"nhs_number": OTHER_NHS, "name": NAME, "date_of_birth": BIRTH, "postcode": POSTCODE}]);
    std::fs::write(&patients, file.to_string()).unwrap();
    let import = import(app.database_url(), &patients, format);
    drop(app);
    let mut output = std::fs::read_to_string(log.path()).unwrap();
    output.push_str(&import);
    // The log was captured, and at debug: the access lines and more.
    assert!(output.contains("panda::access"), "{output}");
    assert!(output.lines().count() > 20, "{output}");
    for value in personal_values() {
        assert!(
            !output.contains(&value),
            "`{value}` appears in the {format} log:\n{output}"
        );
    }
}

/// Runs `panda import` at `debug` and returns everything it printed.
fn import(url: &str, patients: &Path, format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_panda"))
        .args(["import", "--patients"])
        .arg(patients)
        .env("PANDA_DATABASE_URL", url)
        .env("PANDA_LOG_LEVEL", "debug")
        .env("PANDA_LOG_FORMAT", format)
        .output()
        .expect("panda import runs");
    assert!(output.status.success(), "{output:?}");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_at_debug_logs_no_personal_data_as_text() {
    session("text").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_at_debug_logs_no_personal_data_as_json() {
    session("json").await;
}
