//! Problems for requests refused before a handler runs: bodies that are
//! not JSON or too large, bad query strings, unknown routes and methods.

use super::{ApiError, RequestProblem};
use crate::limits::MAX_BODY_BYTES;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};

/// The JSON extractor's configuration: the body limit, and problems for
/// every way a body can be refused.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|error, _req| json_error(&error).into())
}

/// The query extractor's configuration.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _req| {
        tracing::debug!(%error, "query string refused");
        ApiError::request(RequestProblem::InvalidQuery).into()
    })
}

/// The path extractor's configuration. Path segments are taken as text and
/// parsed by the handlers, so this only guards against the unforeseen.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error: PathError, _req| {
        tracing::debug!(%error, "path refused");
        ApiError::request(RequestProblem::RouteNotFound).into()
    })
}

/// The problem for a body refused before its shape is looked at: too
/// large, not JSON, or not sent as JSON. A body of the wrong shape is
/// [`crate::edge::Body`]'s to refuse, naming the field.
pub fn json_error(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::request(RequestProblem::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            })
        }
        JsonPayloadError::ContentType => ApiError::request(RequestProblem::UnsupportedMediaType),
        _ => ApiError::request(RequestProblem::MalformedJson),
    }
}

/// The default service: no route has this path.
pub async fn route_not_found(_req: HttpRequest) -> Result<web::Json<()>, ApiError> {
    Err(ApiError::request(RequestProblem::RouteNotFound))
}

/// A resource's default service: the path exists, the method does not.
pub fn method_not_allowed(allow: &'static str) -> actix_web::Route {
    web::to(move || async move { Err::<web::Json<()>, _>(ApiError::method_not_allowed(allow)) })
}
