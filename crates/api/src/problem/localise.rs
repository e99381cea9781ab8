//! The middleware that renders every error response as a problem in the
//! client's language, whichever layer produced it (a handler, an
//! extractor, the router).

use super::{ApiError, RequestProblem, render};
use crate::l10n::Lang;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::middleware::Next;

/// Re-renders a response that carries an error as a localised problem.
/// Responses without an error pass untouched.
pub async fn localise(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = Lang::negotiate(
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let res = next.call(req).await?;
    let Some(problem) = res.response().error().map(as_api_error) else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, _) = res.into_parts();
    Ok(ServiceResponse::new(req, render::render(&problem, lang)))
}

/// Answers `req` with `problem` in the client's language, for middleware
/// that refuses a request before the routes see it (an `Err` from a
/// middleware would pass [`localise`] unrendered).
pub fn refuse(req: ServiceRequest, problem: &ApiError) -> ServiceResponse<BoxBody> {
    let lang = Lang::negotiate(
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    req.into_response(render::render(problem, lang))
}

/// Our own errors as they are; anyone else's (actix's) by its status, so
/// that no error leaves without a problem body.
fn as_api_error(error: &actix_web::Error) -> ApiError {
    if let Some(ours) = error.as_error::<ApiError>() {
        return ours.clone();
    }
    let problem = match error.as_response_error().status_code() {
        StatusCode::NOT_FOUND => RequestProblem::RouteNotFound,
        StatusCode::METHOD_NOT_ALLOWED => RequestProblem::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => RequestProblem::PayloadTooLarge {
            limit: crate::limits::MAX_BODY_BYTES,
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => RequestProblem::UnsupportedMediaType,
        s if s.is_client_error() => RequestProblem::BadRequest,
        _ => {
            tracing::error!(%error, "request failed unexpectedly");
            RequestProblem::Internal
        }
    };
    ApiError::request(problem)
}
