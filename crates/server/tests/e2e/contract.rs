//! The contract a front end builds on, against the real binary: creations
//! under an `Idempotency-Key` happen once however often and however
//! concurrently they are sent, on any instance; readiness and the
//! reference page are served without a credential.

use crate::on_both_backends;
use crate::support::{App, Backend, spawn_app_with};
use serde_json::{Value, json};

const NHS: &str = "9434765919";

fn patient() -> Value {
    json!({"nhs_number": NHS, "name": "Mary Thomas", "date_of_birth": "1980-01-02", "postcode": "N6 2FA"})
}

async fn register(app: &App, base: &str, key: &str, body: &Value) -> (u16, Option<String>, Value) {
    send(
        app.client.clone(),
        format!("{base}/api/v1/patients"),
        key.to_owned(),
        body.clone(),
    )
    .await
}

async fn send(
    client: reqwest::Client,
    url: String,
    key: String,
    body: Value,
) -> (u16, Option<String>, Value) {
    let response = client
        .post(url)
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, replayed, body)
}

async fn patients_named_mary(app: &App) -> u64 {
    let reply = app.get("/api/v1/patients?name=Mary").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["total"].as_u64().unwrap()
}

async fn sixteen_concurrent_creations_under_one_key_create_one_record(app: &App) {
    let key = "6b1f7c0e-2a44-4c1d-9d7e-1f0a0f3c5e21";
    let body = patient();
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..16 {
        attempts.spawn(send(
            app.client.clone(),
            app.url("/api/v1/patients"),
            key.to_owned(),
            body.clone(),
        ));
    }
    let outcomes = attempts.join_all().await;
    let fresh = outcomes
        .iter()
        .filter(|(status, replayed, _)| *status == 201 && replayed.is_none())
        .count();
    assert_eq!(fresh, 1, "{outcomes:?}");
    for (status, replayed, answer) in &outcomes {
        match status {
            201 => assert_eq!(answer["nhs_number"], NHS),
            409 => assert_eq!(answer["code"], "idempotency-key-in-use"),
            other => panic!("unexpected {other}: {answer} {replayed:?}"),
        }
    }
    assert_eq!(patients_named_mary(app).await, 1);
    // Once the first has finished, every repeat is its answer again.
    let (status, replayed, answer) = register(app, &app.base, key, &body).await;
    assert_eq!((status, replayed.as_deref()), (201, Some("true")));
    assert_eq!(answer["version"], 1);
    // The same key for another request is refused, and creates nothing.
    let mut other = patient();
    other["name"] = json!("Someone Else");
    let (status, _, answer) = register(app, &app.base, key, &other).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (422, Some("idempotency-key-reused"))
    );
    assert_eq!(patients_named_mary(app).await, 1);
}

/// Practitioners have no natural key: without the `Idempotency-Key`, 16
/// sends would make 16 of them.
async fn sixteen_concurrent_creations_of_a_record_without_a_natural_key_make_one(app: &App) {
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..16 {
        attempts.spawn(send(
            app.client.clone(),
            app.url("/api/v1/practitioners"),
            "one-clinician".to_owned(),
            json!({"name": "Dr Jordan Lewis", "department": "oncology"}),
        ));
    }
    let outcomes = attempts.join_all().await;
    let ids: std::collections::BTreeSet<String> = outcomes
        .iter()
        .filter(|(status, _, _)| *status == 201)
        .map(|(_, _, body)| body["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "{outcomes:?}");
    let listed = app.get("/api/v1/practitioners").await;
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
}

async fn a_key_holds_on_every_instance_over_the_database(app: &App) {
    let key = "retry-from-the-front-desk-1";
    let (status, replayed, first) = register(app, &app.base, key, &patient()).await;
    assert_eq!((status, replayed), (201, None));
    let other = app.another_instance();
    let (status, replayed, again) = register(app, &other.base, key, &patient()).await;
    assert_eq!((status, replayed.as_deref()), (201, Some("true")));
    assert_eq!(again, first);
}

async fn readiness_liveness_and_the_reference_page_need_no_credential(app: &App) {
    let anonymous = reqwest::Client::new();
    for path in [
        "/healthz",
        "/readyz",
        "/health",
        "/api/v1/openapi.json",
        "/docs/",
    ] {
        let response = anonymous.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
    }
    let page = anonymous.get(app.url("/docs/")).send().await.unwrap();
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert!(page.text().await.unwrap().contains("swagger-ui"));
}

on_both_backends!(
    sixteen_concurrent_creations_under_one_key_create_one_record,
    sixteen_concurrent_creations_of_a_record_without_a_natural_key_make_one,
    a_key_holds_on_every_instance_over_the_database,
    readiness_liveness_and_the_reference_page_need_no_credential,
);

/// The operator's `cors_origins` reaches the API: the listed origin's
/// preflight is answered, any other origin is refused with a problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_cors_origins_are_allowed_and_others_refused() {
    let origin = "https://clinic.example.nhs.uk";
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("PANDA_CORS_ORIGINS", origin)],
        std::process::Stdio::inherit(),
    )
    .unwrap();
    let preflight = |from: &'static str| {
        reqwest::Client::new()
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/patients"))
            .header("origin", from)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, idempotency-key",
            )
            .send()
    };
    let allowed = preflight(origin).await.unwrap();
    assert_eq!(allowed.status().as_u16(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"]
            .to_str()
            .unwrap(),
        origin
    );
    let refused = preflight("https://elsewhere.example").await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "cors-origin-forbidden");
}

/// The operator's booking window reaches the rules: with a two-day notice
/// and a week's horizon, tomorrow and next month are refused with the
/// allowed range, and the day after tomorrow is booked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configured_booking_window_is_enforced() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("PANDA_MIN_NOTICE", "2days"),
            ("PANDA_BOOKING_HORIZON", "7days"),
        ],
        std::process::Stdio::inherit(),
    )
    .unwrap();
    app.patient(NHS).await;
    let practitioner = app.practitioner("Dr Jordan Lewis").await;
    for days in [1, 30] {
        let refused = app
            .book(
                NHS,
                &practitioner,
                &crate::support::future(days, 9, 0),
                None,
            )
            .await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(refused.body["code"], "booking-outside-window");
        assert_eq!(refused.body["errors"][0]["field"], "start_time");
    }
    let booked = app
        .book(NHS, &practitioner, &crate::support::future(3, 9, 0), None)
        .await;
    assert_eq!(booked.status, 201, "{}", booked.body);
}
