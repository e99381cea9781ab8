//! Problems for requests refused before a handler runs: bad query strings,
//! unknown routes and methods; and the body size limit.

use super::{ApiError, RequestProblem};
use crate::limits::MAX_BODY_BYTES;
use actix_web::error::{PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};

/// The body reader's configuration: the size limit. (Bodies are read by
/// [`crate::edge::Body`], which turns every failure into a problem.)
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(MAX_BODY_BYTES)
}

/// The query extractor's configuration.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _req| {
        tracing::debug!(%error, "query string refused");
        ApiError::request(RequestProblem::InvalidQuery {
            parameter: refused_parameter(&error.to_string()),
        })
        .into()
    })
}

/// The parameter serde names in its (English, never shown) message:
/// `unknown field `x`, expected ...`, `duplicate field `x``; empty when it
/// names none (a string that is not percent-encoded right).
fn refused_parameter(message: &str) -> String {
    ["unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.find(prefix).map(|at| &message[at + prefix.len()..]))
        .and_then(|rest| rest.split('`').next())
        .map(|name| name.chars().take(100).collect())
        .unwrap_or_default()
}

/// The path extractor's configuration. Path segments are taken as text and
/// parsed by the handlers, so this only guards against the unforeseen.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error: PathError, _req| {
        tracing::debug!(%error, "path refused");
        ApiError::request(RequestProblem::RouteNotFound).into()
    })
}

/// The default service: no route has this path.
pub async fn route_not_found(_req: HttpRequest) -> Result<web::Json<()>, ApiError> {
    Err(ApiError::request(RequestProblem::RouteNotFound))
}

/// A resource's default service: the path exists, the method does not.
pub fn method_not_allowed(allow: &'static str) -> actix_web::Route {
    web::to(move || async move { Err::<web::Json<()>, _>(ApiError::method_not_allowed(allow)) })
}
