//! `GET /health`: liveness. It touches no port: a live process answers.

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::ToSchema;

/// The liveness reply.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Says the process is alive.
#[utoipa::path(
    get, path = "/health", tag = "health",
    responses((status = 200, description = "Alive", body = Health))
)]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}
