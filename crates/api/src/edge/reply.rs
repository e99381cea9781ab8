//! Replies: JSON with the headers single records carry, and the bridge
//! that runs the blocking domain services off the async workers.

use super::if_match::etag;
use crate::problem::{ApiError, RequestProblem};
use crate::{Lookups, Services};
use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{HttpResponse, web};
use serde::Serialize;

/// 200 with a JSON body.
pub fn ok(body: impl Serialize) -> HttpResponse {
    HttpResponse::Ok().json(body)
}

/// `status` with a single record and its `ETag`.
pub fn tagged(status: StatusCode, version: i64, body: impl Serialize) -> HttpResponse {
    tagged_as(status, etag(version), body)
}

/// `status` with a single record and the `ETag` given.
pub fn tagged_as(status: StatusCode, tag: String, body: impl Serialize) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((ETAG, tag))
        .json(body)
}

/// 201 with the new record, where it lives, and (for versioned records)
/// its `ETag`.
pub fn created(location: &str, version: Option<i64>, body: impl Serialize) -> HttpResponse {
    created_as(location, version.map(etag), body)
}

/// 201 with the new record, where it lives, and the `ETag` given.
pub fn created_as(location: &str, tag: Option<String>, body: impl Serialize) -> HttpResponse {
    let mut response = HttpResponse::Created();
    response.insert_header((LOCATION, location));
    if let Some(tag) = tag {
        response.insert_header((ETAG, tag));
    }
    response.json(body)
}

/// 204.
pub fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Runs a (synchronous, blocking) use case on the blocking thread pool.
/// A panic there is a bug: logged, and a 500 with nothing internal in it.
pub async fn run<T, E>(
    use_case: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    match web::block(use_case).await {
        Ok(result) => result.map_err(Into::into),
        Err(error) => {
            tracing::error!(%error, "a use case panicked or the blocking pool is gone");
            Err(ApiError::request(RequestProblem::Internal))
        }
    }
}

/// Runs a read of one record (or of one patient's appointments) by its
/// key: on the worker itself when `services` says such reads are answered
/// from memory, else like [`run`]. A panic is caught either way: logged,
/// and a 500 with nothing internal in it.
pub async fn lookup<T, E>(
    services: &Services,
    read: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    match services.lookups {
        Lookups::Offloaded => run(read).await,
        Lookups::Inline => match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
            Ok(result) => result.map_err(Into::into),
            Err(_) => {
                tracing::error!("a lookup panicked");
                Err(ApiError::request(RequestProblem::Internal))
            }
        },
    }
}
