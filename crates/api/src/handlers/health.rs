//! Health for load balancers and orchestrators: `GET /healthz` (the
//! process is up; `/health` is its older name) and `GET /readyz` (the
//! database answers and carries every migration this build expects).
//! Neither needs a credential, and neither says more than up or not.

use crate::Services;
use crate::problem::{ApiError, ProblemBody, RequestProblem};
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

/// The health reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Says the process is alive. It touches no port: a live process answers.
#[utoipa::path(
    get, path = "/healthz", tag = "health", operation_id = "getLiveness", security(()),
    responses((status = 200, description = "Alive", body = Health))
)]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The same as `/healthz`, under the name earlier releases served.
#[utoipa::path(
    get, path = "/health", tag = "health", operation_id = "getHealth", security(()),
    responses((status = 200, description = "Alive", body = Health))
)]
pub async fn health() -> HttpResponse {
    healthz().await
}

/// Says whether this instance can serve requests: its database answers
/// and every migration is applied. A load balancer sends it traffic only
/// while this is 200.
#[utoipa::path(
    get, path = "/readyz", tag = "health", operation_id = "getReadiness", security(()),
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "`not-ready`: the database does not answer or is not migrated", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn readyz(services: web::Data<Services>) -> Result<HttpResponse, ApiError> {
    let readiness = services.readiness.0.clone();
    match web::block(move || readiness.check()).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Ok(Err(error)) => {
            tracing::warn!(%error, "not ready");
            Err(ApiError::request(RequestProblem::NotReady))
        }
        Err(error) => {
            tracing::warn!(%error, "not ready: the readiness check did not finish");
            Err(ApiError::request(RequestProblem::NotReady))
        }
    }
}
