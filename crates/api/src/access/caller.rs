//! The caller of a request, as [`super::authenticate`] established it.

use crate::problem::{ApiError, RequestProblem};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use panda_domain::Actor;
use panda_domain::access::Principal;
use std::future::{Ready, ready};

/// Who is calling: handlers pass its actor to every write, so the history
/// and the audit trail name them.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl Caller {
    /// Who the caller is.
    pub fn actor(&self) -> Actor {
        self.0.actor.clone()
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Absent only if a route escaped `authenticate`: a bug, never the
        // caller's fault, and never served anonymously.
        ready(
            req.extensions()
                .get::<Principal>()
                .cloned()
                .map(Caller)
                .ok_or_else(|| {
                    tracing::error!("a handler ran without an authenticated caller");
                    ApiError::request(RequestProblem::Internal)
                }),
        )
    }
}
