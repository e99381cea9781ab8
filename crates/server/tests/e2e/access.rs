//! Authentication over HTTP against the real binary: tokens made with
//! `panda token`, roles, revocation, and the refusal to serve without
//! authentication where others can connect.

use crate::on_both_backends;
use crate::support::{App, client};
use panda_adapters_db::testing::TestDatabase;
use serde_json::json;
use std::process::Command;
use std::time::{Duration, Instant};

const NHS: &str = "9434765919";

async fn status(client: &reqwest::Client, app: &App, path: &str) -> u16 {
    client
        .get(app.url(path))
        .send()
        .await
        .expect("GET")
        .status()
        .as_u16()
}

async fn each_role_reaches_its_routes_and_no_others(app: &App) {
    let clinic = client(Some(&app.token("clinic", "desk")));
    let analyst = client(Some(&app.token("analyst", "reports")));
    let nobody = client(None);
    let created = clinic
        .post(app.url("/api/v1/patients"))
        .json(&json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(created.status().as_u16(), 201);
    let patient = format!("/api/v1/patients/{NHS}");
    assert_eq!(status(&clinic, app, &patient).await, 200);
    assert_eq!(status(&analyst, app, &patient).await, 403);
    assert_eq!(status(&nobody, app, &patient).await, 401);
    assert_eq!(status(&analyst, app, "/api/v1/reports/missed").await, 200);
    assert_eq!(status(&clinic, app, "/api/v1/reports/missed").await, 403);
    assert_eq!(status(&nobody, app, "/health").await, 200);
    let refused = nobody.get(app.url(&patient)).send().await.expect("GET");
    assert_eq!(
        refused
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some(r#"Bearer realm="panda""#)
    );
}

async fn a_revoked_token_stops_working_within_five_seconds(app: &App) {
    let secret = app.token("clinic", "leaving");
    let leaving = client(Some(&secret));
    assert_eq!(status(&leaving, app, "/api/v1/patients").await, 200);
    let revoke = Command::new(env!("CARGO_BIN_EXE_panda"))
        .args(["token", "revoke", "leaving"])
        .env("PANDA_DATABASE_URL", app.database_url())
        .output()
        .expect("panda token revoke runs");
    assert!(revoke.status.success());
    let revoked_at = Instant::now();
    loop {
        match status(&leaving, app, "/api/v1/patients").await {
            401 => break,
            200 if revoked_at.elapsed() < Duration::from_secs(7) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            other => panic!("still {other} {:?} after revocation", revoked_at.elapsed()),
        }
    }
    assert!(revoked_at.elapsed() <= Duration::from_secs(6));
}

async fn the_token_list_shows_every_token_and_never_a_secret(app: &App) {
    let secret = app.token("analyst", "listed");
    let list = Command::new(env!("CARGO_BIN_EXE_panda"))
        .args(["token", "list"])
        .env("PANDA_DATABASE_URL", app.database_url())
        .output()
        .expect("panda token list runs");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success());
    assert!(
        text.contains("listed") && text.contains("analyst"),
        "{text}"
    );
    assert!(text.contains("e2e-admin"), "{text}");
    assert!(
        !text.contains(&secret) && !text.contains(&app.admin),
        "{text}"
    );
    assert!(!text.contains("panda_"), "{text}");
}

on_both_backends!(
    each_role_reaches_its_routes_and_no_others,
    a_revoked_token_stops_working_within_five_seconds,
    the_token_list_shows_every_token_and_never_a_secret,
);

#[test]
fn serving_without_authentication_where_others_can_connect_is_refused_with_exit_code_2() {
    let db = TestDatabase::sqlite();
    let output = Command::new(env!("CARGO_BIN_EXE_panda"))
        .arg("serve")
        .env("PANDA_DATABASE_URL", db.url())
        .env("PANDA_BIND", "0.0.0.0:0")
        .env("PANDA_AUTH", "off")
        .output()
        .expect("panda runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("auth") && stderr.contains("loopback"),
        "{stderr}"
    );
}

#[test]
fn token_create_prints_the_secret_alone_on_standard_output() {
    let db = TestDatabase::sqlite();
    let output = Command::new(env!("CARGO_BIN_EXE_panda"))
        .args([
            "token",
            "create",
            "--role",
            "clinic",
            "--name",
            "desk",
            "--expires-in",
            "90d",
        ])
        .env("PANDA_DATABASE_URL", db.url())
        .output()
        .expect("panda runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].starts_with("panda_") && lines[0].len() == 70,
        "{stdout}"
    );
    // No start-up log lines: tools log warnings only.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("INFO"), "{stderr}");
}

/// The API crate's test-only keys (crates/api/tests/api/keys/README.md).
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/tests/api/keys");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identity_provider_s_token_is_accepted_and_its_subject_audited() {
    use crate::support::{Backend, spawn_app_with};
    use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
    let jwks = format!("{KEYS}/jwks.json");
    let env = [
        (
            "PANDA_OIDC_ISSUER",
            "https://id.clinic.example/realms/staff",
        ),
        ("PANDA_OIDC_AUDIENCE", "panda"),
        ("PANDA_OIDC_JWKS", jwks.as_str()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &env, std::process::Stdio::inherit())
        .expect("SQLite is always there");
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": "https://id.clinic.example/realms/staff",
        "aud": "panda",
        "sub": "staff-0042",
        "exp": now + 300,
        "roles": ["clinic"],
    });
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some("ed-1".to_owned());
    let pem = std::fs::read(format!("{KEYS}/ed25519.pem")).unwrap();
    let token = encode(&header, &claims, &EncodingKey::from_ed_pem(&pem).unwrap()).unwrap();
    let nurse = client(Some(&token));
    let created = nurse
        .post(app.url("/api/v1/patients"))
        .json(&json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let trail = app.get("/api/v1/audit?entity_type=patient").await;
    assert_eq!(
        trail.body["items"][0]["actor"], "oidc:staff-0042",
        "{}",
        trail.body
    );
}
