//! Requests whose framing is ambiguous are refused before anything reads
//! them.

use crate::problem::{ApiError, RequestProblem, refuse};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::middleware::Next;

/// Refuses a request that carries both `Transfer-Encoding` and
/// `Content-Length` with a 400 `ambiguous-framing`, and closes the
/// connection. RFC 9112 (section 6.3) lets a server take the transfer
/// coding and ignore the length, but a proxy in front of PANDA may have
/// done the opposite: then the two disagree on where this request ends and
/// the next begins, which is how requests are smuggled past a proxy's
/// checks. No honest client sends both.
pub async fn framing(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let headers = req.headers();
    if headers.contains_key(TRANSFER_ENCODING) && headers.contains_key(CONTENT_LENGTH) {
        let problem = ApiError::request(RequestProblem::AmbiguousFraming);
        return Ok(refuse(req, &problem));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}
