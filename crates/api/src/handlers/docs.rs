//! `GET /docs/`: the interactive API reference (Swagger UI), its scripts
//! and styles embedded in the binary and served from here, so that it
//! works with no internet access. It reads `/api/v1/openapi.json`; "Try
//! it out" sends requests with the bearer token entered under
//! "Authorize".

use crate::problem::{ApiError, RequestProblem};
use actix_web::http::header::{CONTENT_SECURITY_POLICY, LOCATION};
use actix_web::{HttpResponse, web};
use std::sync::{Arc, LazyLock};
use utoipa_swagger_ui::Config;

/// What the page may load: its own scripts, styles and images (Swagger
/// UI sets some styles inline and draws icons as `data:` images), and
/// requests to PANDA itself. Nothing from elsewhere.
pub const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

static CONFIG: LazyLock<Arc<Config<'static>>> = LazyLock::new(|| {
    Arc::new(
        Config::new([format!("{}/openapi.json", crate::limits::API_PREFIX)])
            // The public validator would be asked over the internet.
            .validator_url("none")
            .try_it_out_enabled(true)
            .persist_authorization(false),
    )
});

/// `/docs`: the page lives at `/docs/`, whose relative links find its files.
pub async fn redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((LOCATION, "/docs/"))
        .finish()
}

/// `/docs/{file}`: the page (`/docs/`) and its files.
pub async fn file(tail: web::Path<String>) -> Result<HttpResponse, ApiError> {
    match utoipa_swagger_ui::serve(&tail, CONFIG.clone()) {
        Ok(Some(file)) => Ok(HttpResponse::Ok()
            .content_type(file.content_type)
            .insert_header((CONTENT_SECURITY_POLICY, DOCS_POLICY))
            .body(file.bytes.into_owned())),
        Ok(None) => Err(ApiError::request(RequestProblem::RouteNotFound)),
        Err(error) => {
            tracing::error!(%error, "the API reference could not be served");
            Err(ApiError::request(RequestProblem::Internal))
        }
    }
}
