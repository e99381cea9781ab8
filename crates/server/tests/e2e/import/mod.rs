//! `panda import` and `panda export` end to end: the real binary imports
//! the NHS brief's example files into a fresh database, `panda serve` reads
//! every record back over HTTP, a re-run changes nothing, and an export
//! imported elsewhere exports to the same files.

mod export;
mod refusals;
mod round_trip;

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

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples");

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
        // These tests are about import; authentication has its own
        // (access.rs). Off is allowed on loopback only.
        .env("PANDA_AUTH", "off")
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
fn summary_line(summary: &str, kind: &str) -> String {
    summary
        .lines()
        .find(|l| l.split_whitespace().next() == Some(kind))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
