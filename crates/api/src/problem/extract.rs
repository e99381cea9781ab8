//! Problems for requests refused before a handler runs: bodies that are
//! not JSON or too large, bad query strings, unknown routes and methods.

use super::{ApiError, FieldProblem, RequestProblem};
use crate::limits::MAX_BODY_BYTES;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use panda_domain::{FieldError, Problem};
use serde_json::error::Category;

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

/// The problem for a refused JSON body. serde's message is English and may
/// quote the body, so it is only mined for the name of a missing or
/// unknown field, never shown.
pub fn json_error(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::request(RequestProblem::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            })
        }
        JsonPayloadError::ContentType => ApiError::request(RequestProblem::UnsupportedMediaType),
        JsonPayloadError::Deserialize(e) if e.classify() == Category::Data => {
            let mut problem = ApiError::request(RequestProblem::InvalidJsonBody);
            problem.errors.extend(named_field(&e.to_string()));
            problem
        }
        _ => ApiError::request(RequestProblem::MalformedJson),
    }
}

/// The field serde names in "missing field `x`" or "unknown field `x`".
fn named_field(message: &str) -> Option<FieldError> {
    let problem = if message.starts_with("missing field") {
        FieldProblem::Required
    } else if message.starts_with("unknown field") {
        FieldProblem::Unknown
    } else {
        return None;
    };
    let name = message.split('`').nth(1)?;
    Some(FieldError {
        field: name.to_owned(),
        code: problem.code(),
        params: Vec::new(),
        message: problem.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_s_missing_and_unknown_fields_are_named() {
        let missing = named_field("missing field `name` at line 1 column 2");
        assert_eq!(
            missing.map(|f| (f.field, f.code)),
            Some(("name".to_owned(), "field-required"))
        );
        let unknown = named_field("unknown field `nmae`, expected one of `name`");
        assert_eq!(
            unknown.map(|f| (f.field, f.code)),
            Some(("nmae".to_owned(), "field-unknown"))
        );
        assert_eq!(
            named_field("invalid type: integer `5`, expected a string"),
            None
        );
    }
}
