//! HTTPS served by PANDA itself (tls_cert, tls_key), with a test-only
//! self-signed certificate (tls/README.md): a client that trusts it is
//! served; plain HTTP to the same port is not.

use crate::support::{Backend, spawn_app_with};
use std::process::Stdio;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/tls");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panda_serves_https_with_the_configured_certificate() {
    let (cert, key) = (format!("{DIR}/cert.pem"), format!("{DIR}/key.pem"));
    let env = [
        ("PANDA_TLS_CERT", cert.as_str()),
        ("PANDA_TLS_KEY", key.as_str()),
    ];
    let app =
        spawn_app_with(Backend::Sqlite, &env, Stdio::inherit()).expect("SQLite is always there");
    assert!(app.base.starts_with("https://127.0.0.1:"), "{}", app.base);
    let pem = std::fs::read(format!("{DIR}/ca.pem")).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .tls_built_in_root_certs(false)
        .build()
        .unwrap();
    let reply = client
        .get(app.url("/api/v1/patients"))
        .bearer_auth(&app.admin)
        .send()
        .await
        .expect("an HTTPS exchange");
    assert_eq!(reply.status().as_u16(), 200);
    assert_eq!(reply.version(), reqwest::Version::HTTP_11);
    // Plain HTTP to the HTTPS port gets no answer a client could use.
    let plain = reqwest::Client::new()
        .get(app.url("/health").replace("https://", "http://"))
        .send()
        .await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
}

#[test]
fn a_key_that_does_not_match_its_certificate_stops_panda_serve() {
    let db = panda_adapters_db::testing::TestDatabase::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.pem");
    // Not a key at all: the start-up must fail, saying which file.
    std::fs::write(
        &other,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_panda"))
        .arg("serve")
        .env("PANDA_DATABASE_URL", db.url())
        .env("PANDA_BIND", "127.0.0.1:0")
        .env("PANDA_TLS_CERT", format!("{DIR}/cert.pem"))
        .env("PANDA_TLS_KEY", &other)
        .output()
        .expect("panda runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("key"), "{stderr}");
}
