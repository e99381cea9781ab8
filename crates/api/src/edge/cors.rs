//! Cross-origin requests from browsers. None is allowed unless the
//! operator lists the front end's origin (`cors_origins`): a request whose
//! `Origin` is neither listed nor PANDA's own host is a 403
//! `cors-origin-forbidden` before anything else runs, preflight included.
//! Allowed origins get their preflight (`OPTIONS`) answered with the
//! methods and headers the API uses, and see the response headers a front
//! end needs (`ETag`, `Location`, ...).

use super::selective::{Intercept, Next};
use crate::problem::{ApiError, RequestProblem, refuse};
use actix_cors::Cors;
use actix_web::Error;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{RequestHead, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The origins allowed to call PANDA from a browser, exactly as browsers
/// send them (`https://clinic.example.nhs.uk`, no path, no trailing slash).
#[derive(Debug, Clone, Default)]
pub struct AllowedOrigins(pub Arc<Vec<String>>);

impl AllowedOrigins {
    /// True when a request from `origin` to `head` may be served: a listed
    /// origin, or PANDA's own (its pages, such as `/docs`, calling it).
    pub fn admits(&self, origin: &HeaderValue, head: &RequestHead) -> bool {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if self.0.iter().any(|allowed| allowed == origin) {
            return true;
        }
        let own_host = head.headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        matches!((own_host, origin_host), (Some(own), Some(theirs)) if own.eq_ignore_ascii_case(theirs))
    }

    /// The CORS middleware for these origins.
    pub fn cors(&self) -> Cors {
        let origins = self.clone();
        Cors::default()
            .allowed_origin_fn(move |origin, head| origins.admits(origin, head))
            .allowed_methods(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
            .allowed_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                header::IF_MATCH,
                header::IF_NONE_MATCH,
                header::HeaderName::from_static(super::idempotency::IDEMPOTENCY_KEY),
                super::access_log::REQUEST_ID.clone(),
            ])
            .expose_headers([
                header::ETAG,
                header::LOCATION,
                header::CONTENT_LANGUAGE,
                header::RETRY_AFTER,
                header::ALLOW,
                header::WWW_AUTHENTICATE,
                header::HeaderName::from_static(super::idempotency::REPLAYED),
                super::access_log::REQUEST_ID.clone(),
            ])
            .max_age(600)
    }
}

/// Refuses requests from origins not admitted, with a problem (the CORS
/// middleware's own refusal is a bare 400).
#[derive(Debug, Clone, Default)]
pub struct OriginCheck(pub AllowedOrigins);

impl Intercept for OriginCheck {
    fn applies(&self, req: &ServiceRequest) -> bool {
        req.headers()
            .get(header::ORIGIN)
            .is_some_and(|origin| !self.0.admits(origin, req.head()))
    }

    fn intercept<B: MessageBody + 'static>(
        &self,
        req: ServiceRequest,
        _next: Next<B>,
    ) -> Pin<Box<dyn Future<Output = Result<ServiceResponse<BoxBody>, Error>>>> {
        let refused = refuse(req, &ApiError::request(RequestProblem::CorsOriginForbidden));
        Box::pin(std::future::ready(Ok(refused)))
    }
}
