//! `panda import` and `panda export` end to end: the real binary imports
//! the NHS brief's example files into a fresh database, `panda serve` reads
//! every record back over HTTP, a re-run changes nothing, and an export
//! imported elsewhere exports to the same files.

#![expect(
    clippy::unwrap_used,
    reason = "a panic in a test is a failed test, which is what we want"
)]

use chrono::{DateTime, Utc};
use panda_adapters_db::testing::TestDatabase;
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus};
use panda_domain::common::instant::parse_instant;
use panda_domain::common::postcode::Postcode;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const EXAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/panda-brief"
);

fn example(file: &str) -> PathBuf {
    Path::new(EXAMPLES).join(file)
}

/// Runs `panda <args>` against the database at `url` and waits for it.
fn panda(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panda"))
        .args(args)
        .env("PANDA_DATABASE_URL", url)
        .env("PANDA_LOG_LEVEL", "warn")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `panda import` of both files; panics unless it succeeded.
fn import(url: &str, patients: &Path, appointments: &Path) -> String {
    let (p, a) = (patients.to_str().unwrap(), appointments.to_str().unwrap());
    let output = panda(url, &["import", "--patients", p, "--appointments", a]);
    let text = stdout(&output);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}\n{errors}");
    text
}

/// `panda export` of both files into `dir`; returns their contents.
fn export(url: &str, dir: &Path, name: &str) -> (String, String) {
    let (p, a) = (
        dir.join(format!("{name}-patients.json")),
        dir.join(format!("{name}-appointments.json")),
    );
    let args = [
        "export",
        "--patients",
        p.to_str().unwrap(),
        "--appointments",
        a.to_str().unwrap(),
    ];
    let output = panda(url, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        std::fs::read_to_string(p).unwrap(),
        std::fs::read_to_string(a).unwrap(),
    )
}

/// `panda serve` on port 0, killed by its process id when dropped.
struct Server {
    base: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(url: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panda"))
        .arg("serve")
        .env("PANDA_DATABASE_URL", url)
        .env("PANDA_BIND", "127.0.0.1:0")
        .env("PANDA_LOG_LEVEL", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Some(address) = line.split("listening on ").nth(1) {
                let _ = tx.send(address.trim().to_owned());
            }
        }
    });
    let base = rx.recv_timeout(Duration::from_secs(60));
    let server = Server {
        base: base.unwrap_or_default(),
        child,
    };
    assert!(
        !server.base.is_empty(),
        "panda serve did not report its address"
    );
    server
}

fn records(file: &Path) -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn text<'a>(record: &'a Value, field: &str) -> &'a str {
    record[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {record}"))
}

fn canonical(postcode: &str) -> String {
    Postcode::parse(postcode).unwrap().to_string()
}

/// What a reader is shown at `now` for a record whose stored status is
/// `stored` and which ends at `end`.
fn expected_status(stored: &str, end: DateTime<Utc>, now: DateTime<Utc>) -> String {
    AppointmentStatus::parse(stored)
        .unwrap()
        .effective(end, now)
        .to_string()
}

async fn get(client: &reqwest::Client, url: String) -> Value {
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "GET {url}");
    response.json().await.unwrap()
}

/// Every record of both example files, read back over HTTP.
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

fn summary_line(summary: &str, kind: &str) -> String {
    summary
        .lines()
        .find(|l| l.split_whitespace().next() == Some(kind))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
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

#[test]
fn a_missing_or_malformed_file_is_refused_with_exit_code_3_and_no_panic() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "{").unwrap();
    let object = dir.path().join("object.json");
    std::fs::write(&object, "{}").unwrap();
    let missing = dir.path().join("missing.json");
    for (file, says) in [
        (&missing, "cannot read"),
        (&not_json, "not valid JSON"),
        (&object, "JSON array"),
    ] {
        let output = panda(
            db.url(),
            &["import", "--appointments", file.to_str().unwrap()],
        );
        let errors = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(3), "{errors}");
        assert!(errors.contains(says), "{errors}");
        assert!(!errors.contains("panicked"), "{errors}");
    }
}

#[test]
fn a_bad_record_is_listed_by_file_index_and_field_and_nothing_is_written() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let mut appointments = records(&example("example_appointments.json"));
    appointments[12]["time"] = Value::from("2025-06-04T16:30:00");
    let file = dir.path().join("appointments.json");
    std::fs::write(&file, serde_json::to_string(&appointments).unwrap()).unwrap();
    let patients = example("example_patients.json");
    let args = [
        "import",
        "--patients",
        patients.to_str().unwrap(),
        "--appointments",
        file.to_str().unwrap(),
    ];
    let output = panda(db.url(), &args);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        text.contains("appointments[12].time: timestamp-offset-missing: "),
        "{text}"
    );
    assert!(text.contains("nothing was written"), "{text}");
    let (p, a) = export(db.url(), dir.path(), "empty");
    assert_eq!((p.trim(), a.trim()), ("[]", "[]"));

    let skip = panda(db.url(), &[&args[..], &["--skip-invalid"]].concat());
    let text = stdout(&skip);
    assert!(skip.status.success(), "{text}");
    assert_eq!(
        summary_line(&text, "appointments"),
        "appointments created 99 unchanged 0"
    );
    assert_eq!(summary_line(&text, "rejected"), "rejected 1");

    // All or nothing still checks the parsed records against the stored
    // ones, so one run lists every bad record.
    appointments[3]["status"] = Value::from(if appointments[3]["status"] == "missed" {
        "attended"
    } else {
        "missed"
    });
    std::fs::write(&file, serde_json::to_string(&appointments).unwrap()).unwrap();
    let output = panda(db.url(), &args);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(3), "{text}");
    assert!(
        text.contains("appointments[3].status: import-differs: "),
        "{text}"
    );
    assert!(
        text.contains("appointments[12].time: timestamp-offset-missing: "),
        "{text}"
    );
}

/// `count` distinct valid NHS numbers.
fn nhs_numbers(count: usize) -> Vec<String> {
    (100_000_000u64..)
        .filter_map(|stem| {
            let digits = stem.to_string();
            let weighted: u64 = digits
                .bytes()
                .zip((2..=10).rev())
                .map(|(d, w)| u64::from(d - b'0') * w)
                .sum();
            match 11 - weighted % 11 {
                10 => None,
                11 => Some(format!("{stem}0")),
                c => Some(format!("{stem}{c}")),
            }
        })
        .take(count)
        .collect()
}

#[test]
fn an_export_of_many_pages_with_shared_start_times_holds_every_appointment_once() {
    let db = TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let numbers = nhs_numbers(1_100);
    let patients: Vec<Value> = numbers
        .iter()
        .map(|n| serde_json::json!({"nhs_number": n, "name": "P", "date_of_birth": "1970-01-01", "postcode": "N6 2FA"}))
        .collect();
    // Three start times shared by hundreds of clinicians each, so that
    // pages of 500 end in the middle of a start time.
    let appointments: Vec<Value> = numbers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            serde_json::json!({"patient": n, "status": "attended", "time": format!("2024-01-0{}T09:00:00Z", 1 + i % 3),
                "duration": "30m", "clinician": format!("Dr {i}"), "department": "oncology", "postcode": "N6 2FA",
                "id": format!("00000000-0000-4000-8000-{i:012}")})
        })
        .collect();
    let (p, a) = (dir.path().join("p.json"), dir.path().join("a.json"));
    std::fs::write(&p, serde_json::to_string(&patients).unwrap()).unwrap();
    std::fs::write(&a, serde_json::to_string(&appointments).unwrap()).unwrap();
    import(db.url(), &p, &a);
    let (_, exported) = export(db.url(), dir.path(), "many");
    let exported: Vec<Value> = serde_json::from_str(&exported).unwrap();
    let mut ids: Vec<&str> = exported.iter().map(|r| text(r, "id")).collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = appointments.iter().map(|r| text(r, "id")).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected);
}
