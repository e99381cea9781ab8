//! Authentication and the route-by-role matrix of docs/security.md, cell by
//! cell: the table is read from the document, must list exactly the routes
//! the API documents (which `openapi.rs` holds to the routes it serves),
//! and every cell is tried with a token of each role and with none.

use crate::support::*;
use actix_web::test::{self, TestRequest};
use panda_api::access::{Auth, Authenticator};
use panda_api::{Services, Settings};
use panda_domain::access::ports::{MockSecretSource, MockTokenRepository};
use panda_domain::access::{ApiToken, Role, TokenId, TokenName, TokenSecret, TokenService};
use panda_domain::common::ports::{MockClock, MockIdSource};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

const MATRIX: &str = include_str!("../../../../docs/security.md");

/// A secret per role (and one that is expired, one revoked).
fn secret(n: u8) -> TokenSecret {
    TokenSecret::from_random([n; 32])
}

fn token_for(n: u8) -> Option<ApiToken> {
    let (role, expired, revoked) = match n {
        1 => (Role::Admin, false, false),
        2 => (Role::Clinic, false, false),
        3 => (Role::Analyst, false, false),
        4 => (Role::Admin, true, false),
        5 => (Role::Admin, false, true),
        _ => return None,
    };
    Some(ApiToken {
        id: TokenId::from_uuid(uuid::Uuid::from_u128(u128::from(n))),
        name: TokenName::parse(&format!("token-{n}")).unwrap(),
        role,
        created_at: now() - chrono::TimeDelta::days(10),
        expires_at: expired.then(|| now() - chrono::TimeDelta::days(1)),
        last_used_at: Some(now()),
        revoked_at: revoked.then(|| now() - chrono::TimeDelta::hours(1)),
    })
}

/// An app with authentication on, whose token store knows tokens 1 to 5.
async fn app() -> impl actix_web::dev::Service<
    actix_http::Request,
    Response = actix_web::dev::ServiceResponse,
    Error = actix_web::Error,
> {
    let mut tokens = MockTokenRepository::new();
    tokens.expect_find_by_hash().returning(|hash| {
        Ok((1..=5)
            .find(|n| secret(*n).hash() == *hash)
            .and_then(token_for)
            .map(|t| (t, *hash)))
    });
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    let service = TokenService {
        tokens: Arc::new(tokens),
        clock: Arc::new(clock),
        ids: Arc::new(MockIdSource::new()),
        secrets: Arc::new(MockSecretSource::new()),
    };
    let settings = Settings {
        auth: Auth::On(Arc::new(Authenticator::with_ttl(service, Duration::ZERO))),
        ..settings()
    };
    test::init_service(panda_api::app(services(), settings)).await
}

/// Services whose data ports expect nothing: every request here is
/// answered before a port is reached.
fn services() -> Services {
    Mocks::new().services()
}

/// The matrix: (METHOD, route) -> the cell for admin, clinic, analyst.
fn matrix() -> BTreeMap<(String, String), [String; 3]> {
    MATRIX
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [method, route, admin, clinic, analyst]
                    if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) =>
                {
                    Some((
                        (method.to_string(), route.to_string()),
                        [admin.to_string(), clinic.to_string(), analyst.to_string()],
                    ))
                }
                _ => None,
            }
        })
        .collect()
}

/// A request for `route` that no handler can act on: bad path values, a
/// bad page size, a body that is not JSON.
fn request(method: &str, route: &str, credential: Option<&str>) -> TestRequest {
    let uri = route.replace("{nhs_number}", "1").replace("{id}", "x");
    let uri = if method == "GET" {
        format!("{uri}?limit=0")
    } else {
        uri
    };
    let mut request = TestRequest::default()
        .method(method.parse().unwrap())
        .uri(&uri)
        .insert_header(("content-type", "application/json"))
        .set_payload("{");
    if let Some(credential) = credential {
        request = request.insert_header(("authorization", format!("Bearer {credential}")));
    }
    request
}

async fn call(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
    >,
    request: TestRequest,
) -> (u16, Value, Option<String>) {
    let response = test::call_service(app, request.to_request()).await;
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = test::read_body(response).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        challenge,
    )
}

#[actix_web::test]
async fn the_matrix_lists_exactly_the_documented_routes() {
    let app = app().await;
    let admin = secret(1);
    let (status, document, _) = call(
        &app,
        TestRequest::get()
            .uri("/api/v1/openapi.json")
            .insert_header(("authorization", format!("Bearer {}", admin.expose()))),
    )
    .await;
    assert_eq!(status, 200);
    let documented: Vec<(String, String)> = documented_routes(&document)
        .into_iter()
        .map(|(method, path)| (method.to_uppercase(), path))
        .collect();
    let matrix = matrix();
    for route in &documented {
        assert!(
            matrix.contains_key(route),
            "docs/security.md has no rule for {route:?}"
        );
    }
    for route in matrix.keys() {
        assert!(
            documented.contains(route),
            "docs/security.md names {route:?}, which is not served"
        );
    }
}

#[actix_web::test]
async fn every_cell_of_the_matrix_holds_for_each_role_and_without_a_credential() {
    let app = app().await;
    let roles = [secret(1), secret(2), secret(3)];
    let mut cells = 0;
    for ((method, route), expected) in matrix() {
        for (secret, cell) in roles.iter().zip(&expected) {
            let (status, body, _) =
                call(&app, request(&method, &route, Some(secret.expose()))).await;
            match cell.as_str() {
                "yes" | "public" => assert!(
                    ![401, 403, 500].contains(&status),
                    "{method} {route} should admit this role: {status} {body}"
                ),
                "no" => {
                    assert_eq!(status, 403, "{method} {route}: {body}");
                    assert_eq!(body["code"], "forbidden");
                }
                other => panic!("unknown cell {other:?} for {method} {route}"),
            }
            cells += 1;
        }
        let (status, body, challenge) = call(&app, request(&method, &route, None)).await;
        if expected[0] == "public" {
            assert_ne!(status, 401, "{method} {route} is public");
        } else {
            assert_eq!(status, 401, "{method} {route} without a credential: {body}");
            assert_eq!(body["code"], "unauthenticated");
            assert_eq!(challenge.as_deref(), Some(r#"Bearer realm="panda""#));
        }
    }
    assert!(cells >= 3 * 39, "only {cells} cells were tried");
}

#[actix_web::test]
async fn malformed_unknown_expired_and_revoked_credentials_are_the_same_401() {
    let app = app().await;
    let credentials = [
        "not-a-token".to_owned(),
        secret(9).expose().to_owned(),
        secret(4).expose().to_owned(),
        secret(5).expose().to_owned(),
    ];
    for credential in &credentials {
        let (status, body, challenge) =
            call(&app, request("GET", "/api/v1/patients", Some(credential))).await;
        assert_eq!(status, 401, "{credential}: {body}");
        assert_eq!(body["code"], "invalid-token");
        assert_eq!(
            challenge.as_deref(),
            Some(r#"Bearer realm="panda", error="invalid_token""#)
        );
        assert!(!body.to_string().contains(credential.as_str()));
    }
}

#[actix_web::test]
async fn another_scheme_or_two_authorization_headers_are_refused() {
    let app = app().await;
    let admin = secret(1);
    for header in [
        format!("Basic {}", admin.expose()),
        admin.expose().to_owned(),
        "Bearer ".to_owned(),
    ] {
        let request = TestRequest::get()
            .uri("/api/v1/patients")
            .insert_header(("authorization", header.clone()));
        let (status, _, _) = call(&app, request).await;
        assert_eq!(status, 401, "{header}");
    }
    let twice = TestRequest::get()
        .uri("/api/v1/patients")
        .append_header(("authorization", format!("Bearer {}", admin.expose())))
        .append_header(("authorization", format!("Bearer {}", admin.expose())));
    assert_eq!(call(&app, twice).await.0, 401);
}

#[actix_web::test]
async fn the_scheme_is_case_insensitive() {
    let app = app().await;
    let request = TestRequest::get()
        .uri("/api/v1/openapi.json")
        .insert_header(("authorization", format!("bearer {}", secret(3).expose())));
    assert_eq!(call(&app, request).await.0, 200);
}

#[actix_web::test]
async fn an_unknown_path_needs_a_credential_before_it_is_a_404() {
    let app = app().await;
    let anonymous = call(&app, TestRequest::get().uri("/api/v1/secrets")).await;
    assert_eq!(anonymous.0, 401);
    let request = TestRequest::get()
        .uri("/api/v1/secrets")
        .insert_header(("authorization", format!("Bearer {}", secret(3).expose())));
    assert_eq!(call(&app, request).await.0, 404);
}

#[actix_web::test]
async fn the_401_and_403_are_localised() {
    let app = app().await;
    let anonymous = TestRequest::get()
        .uri("/api/v1/patients")
        .insert_header(("accept-language", "cy"));
    let (_, body, _) = call(&app, anonymous).await;
    assert_eq!(body["title"], "Mae angen dilysu");
    let analyst = TestRequest::get()
        .uri("/api/v1/patients")
        .insert_header(("accept-language", "cy"))
        .insert_header(("authorization", format!("Bearer {}", secret(3).expose())));
    let (status, body, _) = call(&app, analyst).await;
    assert_eq!(status, 403);
    assert_eq!(body["title"], "Gwaharddedig");
}
