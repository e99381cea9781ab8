//! The JSON body extractor. It reads the body itself, so that it can refuse
//! what a plain JSON extractor would act on:
//!
//! - a body not sent as JSON (415), or larger than the limit (413);
//! - a body that arrives slower than [`BodyReadTimeout`] allows (408, and
//!   the connection is closed), so a client sending one byte a second
//!   cannot hold a connection and a worker's memory open;
//! - a body shorter than its `Content-Length` when the connection ends
//!   (400 `body-incomplete`): a truncated request is never acted on, even
//!   when the part that arrived happens to be valid JSON.
//!
//! The body is then read into its type with `serde_path_to_error`, so that
//! a missing, unknown or wrongly typed field is refused with a problem that
//! names it (`practitioner_id`, not "the body").

use crate::limits::{BodyReadTimeout, MAX_BODY_BYTES};
use crate::problem::{ApiError, FieldProblem, RequestProblem};
use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header::CONTENT_LENGTH;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use panda_domain::{FieldError, Problem};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    /// The body itself.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Body<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let sent_as_json = is_json(req);
        let bytes = read_bytes(req, payload);
        Box::pin(async move {
            if !sent_as_json {
                return Err(ApiError::request(RequestProblem::UnsupportedMediaType).into());
            }
            let bytes = bytes.await?;
            let raw: &RawValue = serde_json::from_slice(&bytes)
                .map_err(|_| ApiError::request(RequestProblem::MalformedJson))?;
            let mut reader = serde_json::Deserializer::from_str(raw.get());
            serde_path_to_error::deserialize(&mut reader)
                .map(Body)
                .map_err(|e| shape_error(&e).into())
        })
    }
}

/// Reads a request's whole body: within the size limit (413), within
/// [`BodyReadTimeout`] (408), and as long as its `Content-Length` said
/// (400 `body-incomplete`).
pub fn read_bytes(
    req: &HttpRequest,
    payload: &mut Payload,
) -> impl Future<Output = Result<web::Bytes, ApiError>> + 'static {
    let declared = declared_length(req);
    let timeout = req
        .app_data::<BodyReadTimeout>()
        .copied()
        .unwrap_or_default()
        .0;
    // The bytes extractor enforces the limit (`PayloadConfig`, set by
    // `app::configure`), including a declared length over it.
    let bytes = web::Bytes::from_request(req, payload);
    async move {
        let bytes = match actix_web::rt::time::timeout(timeout, bytes).await {
            Err(_elapsed) => {
                let seconds = timeout.as_secs();
                return Err(ApiError::request(RequestProblem::RequestTimeout {
                    seconds,
                }));
            }
            Ok(Err(error)) => return Err(payload_error(&error)),
            Ok(Ok(bytes)) => bytes,
        };
        if declared.is_some_and(|length| length != bytes.len()) {
            return Err(ApiError::request(RequestProblem::BodyIncomplete));
        }
        Ok(bytes)
    }
}

/// `application/json`, or any `+json` type (`application/merge-patch+json`).
fn is_json(req: &HttpRequest) -> bool {
    match req.mime_type() {
        Ok(Some(mime)) => mime.subtype() == "json" || mime.suffix().is_some_and(|s| s == "json"),
        _ => false,
    }
}

/// The `Content-Length` the client declared, if it declared one.
fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// The problem for a body that could not be read whole.
fn payload_error(error: &actix_web::Error) -> ApiError {
    match error.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => ApiError::request(RequestProblem::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        }),
        Some(PayloadError::Incomplete(_)) => ApiError::request(RequestProblem::BodyIncomplete),
        _ if error.as_response_error().status_code()
            == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE =>
        {
            ApiError::request(RequestProblem::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            })
        }
        _ => ApiError::request(RequestProblem::BodyIncomplete),
    }
}

/// The problem for a body that is JSON but not of the expected shape.
/// serde's message is English and may quote the body, so it is only mined
/// for what went wrong, never shown.
fn shape_error(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').nth(1))
            .map(str::to_owned)
    };
    let within = |name: String| {
        if path == "." || path.ends_with(&name) {
            name
        } else {
            format!("{path}.{name}")
        }
    };
    let (field, problem) = if let Some(name) = named("missing field") {
        (within(name), FieldProblem::Required)
    } else if let Some(name) = named("unknown field") {
        (within(name), FieldProblem::Unknown)
    } else if message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid length")
    {
        (path, FieldProblem::WrongType)
    } else {
        return ApiError::request(RequestProblem::InvalidJsonBody);
    };
    let mut problem_body = ApiError::request(RequestProblem::InvalidJsonBody);
    problem_body.errors.push(FieldError {
        field,
        code: problem.code(),
        params: problem.params(),
        message: problem.to_string(),
    });
    problem_body
}
