//! Starts the real `panda` binary on port 0 against a fresh database and
//! stops it by its process id when the test ends.

use panda_adapters_db::testing::TestDatabase;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The databases every end-to-end test runs against.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running PANDA and the database it owns. Its client sends an admin
/// token with every request.
pub struct App {
    pub base: String,
    pub client: reqwest::Client,
    /// The admin token the client sends.
    pub admin: String,
    child: Child,
    db: TestDatabase,
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts PANDA on `backend`, or returns `None` when PostgreSQL is not
/// available outside CI (the test database helper says so loudly, and
/// panics in CI).
pub fn spawn_app(backend: Backend) -> Option<App> {
    spawn_app_with(backend, &[], Stdio::inherit())
}

/// Starts PANDA on `backend` with `env` added to its environment (after the
/// defaults, so it overrides them) and its standard error sent to `stderr`.
pub fn spawn_app_with(backend: Backend, env: &[(&str, &str)], stderr: Stdio) -> Option<App> {
    let db = match backend {
        Backend::Sqlite => TestDatabase::sqlite(),
        Backend::Postgres => TestDatabase::postgres()?,
    };
    let admin = create_token(db.url(), "admin", "e2e-admin");
    let (child, base) = start_server(db.url(), env, stderr);
    let client = client(Some(&admin));
    Some(App {
        base,
        client,
        admin,
        child,
        db,
    })
}

/// Starts `panda serve` on `database_url` with `env` added, and waits for
/// the address it reports.
fn start_server(database_url: &str, env: &[(&str, &str)], stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panda"))
        .arg("serve")
        .env("PANDA_DATABASE_URL", database_url)
        .env("PANDA_BIND", "127.0.0.1:0")
        .env("PANDA_LOG_LEVEL", "warn")
        // Short, so the slow-body tests wait two seconds, not ten; bodies
        // on loopback arrive in microseconds.
        .env("PANDA_BODY_TIMEOUT", "2")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the panda binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.split("listening on ").nth(1) {
                let _ = tx.send(url.trim().to_owned());
            }
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(url) => (child, url),
        Err(_) => {
            let _ = child.kill();
            panic!("panda did not report its address within 60 s");
        }
    }
}

/// Another PANDA process over the same database as an [`App`], stopped
/// when dropped.
pub struct Instance {
    pub base: String,
    child: Child,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl App {
    /// Starts a second instance over this app's database, as a second
    /// server behind a load balancer would be.
    pub fn another_instance(&self) -> Instance {
        let (child, base) = start_server(self.db.url(), &[], Stdio::inherit());
        Instance { base, child }
    }
}

/// A client that sends `token` (if any) with every request.
pub fn client(token: Option<&str>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(token) = token {
        let value = format!("Bearer {token}").parse().expect("a header value");
        headers.insert(reqwest::header::AUTHORIZATION, value);
    }
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .default_headers(headers)
        .build()
        .expect("client")
}

/// Runs `panda token create` on the database at `url` and returns the
/// secret it printed.
pub fn create_token(url: &str, role: &str, name: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_panda"))
        .args(["token", "create", "--role", role, "--name", name])
        .env("PANDA_DATABASE_URL", url)
        .output()
        .expect("panda token create runs");
    assert!(
        output.status.success(),
        "panda token create failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .trim()
        .to_owned()
}

/// A response's status and JSON body (`Value::Null` when there is none).
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub location: Option<String>,
    pub etag: Option<String>,
}

impl App {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A new token with `role`, made with `panda token create` on this
    /// app's database.
    pub fn token(&self, role: &str, name: &str) -> String {
        create_token(self.db.url(), role, name)
    }

    /// The database's URL, for the command-line tools.
    pub fn database_url(&self) -> &str {
        self.db.url()
    }

    /// The `host:port` PANDA listens on, for tests that speak raw HTTP.
    pub fn address(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    async fn reply(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (location, etag) = (header("location"), header("etag"));
        let text = response.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            body,
            location,
            etag,
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        Self::reply(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        Self::reply(
            self.client
                .post(self.url(path))
                .json(&body)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// A PATCH conditional on `etag`, the version the caller read.
    pub async fn patch(&self, path: &str, etag: &str, body: Value) -> Reply {
        Self::reply(
            self.client
                .patch(self.url(path))
                .header("if-match", etag)
                .json(&body)
                .send()
                .await
                .expect("PATCH"),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        Self::reply(
            self.client
                .put(self.url(path))
                .json(&body)
                .send()
                .await
                .expect("PUT"),
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        Self::reply(
            self.client
                .delete(self.url(path))
                .send()
                .await
                .expect("DELETE"),
        )
        .await
    }

    pub async fn post_raw(&self, path: &str, body: &'static str) -> Reply {
        let request = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body);
        Self::reply(request.send().await.expect("POST")).await
    }

    /// Creates a patient and checks it was created.
    pub async fn patient(&self, nhs_number: &str) {
        let body = json!({"nhs_number": nhs_number, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "n62fa"});
        let reply = self.post("/api/v1/patients", body).await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }

    /// Creates a practitioner and returns their id.
    pub async fn practitioner(&self, name: &str) -> String {
        let reply = self
            .post(
                "/api/v1/practitioners",
                json!({"name": name, "department": "oncology"}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.body["id"].as_str().expect("an id").to_owned()
    }

    /// Books and returns the reply.
    pub async fn book(
        &self,
        nhs_number: &str,
        practitioner: &str,
        start: &str,
        duration: Option<&str>,
    ) -> Reply {
        let mut body = json!({"practitioner_id": practitioner, "start_time": start});
        if let Some(d) = duration {
            body["duration"] = json!(d);
        }
        self.post(&format!("/api/v1/patients/{nhs_number}/appointments"), body)
            .await
    }
}

/// `days` from today at `hh:mm` UTC, as RFC 3339.
pub fn future(days: i64, hh: u32, mm: u32) -> String {
    let date = (chrono::Utc::now() + chrono::TimeDelta::days(days)).date_naive();
    format!("{}T{hh:02}:{mm:02}:00Z", date.format("%Y-%m-%d"))
}

/// Valid NHS numbers, distinct, for tests that need many patients.
pub fn nhs_numbers(count: usize) -> Vec<String> {
    (100_000_000u64..)
        .filter_map(|stem| {
            let digits: Vec<u64> = stem
                .to_string()
                .bytes()
                .map(|b| u64::from(b - b'0'))
                .collect();
            let sum: u64 = digits.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
            match 11 - sum % 11 {
                10 => None,
                11 => Some(format!("{stem}0")),
                c => Some(format!("{stem}{c}")),
            }
        })
        .take(count)
        .collect()
}

/// Runs `body` against every backend that is available.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let app = $crate::support::spawn_app($crate::support::Backend::Sqlite).expect("SQLite is always there");
                super::$name(&app).await;
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(app) = $crate::support::spawn_app($crate::support::Backend::Postgres) {
                    super::$name(&app).await;
                }
            })*
        }
    };
}
