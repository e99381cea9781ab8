//! The two middlewares, written as plain services rather than with
//! `from_fn` (which boxes every request's future): they sit on every
//! request, and with a cached token or a JWT they add no allocation.
//!
//! - [`Authenticate`], around the whole application: refuses ambiguously
//!   framed requests, then establishes the caller of every request but the
//!   public ones and puts their [`Principal`] in the request's extensions,
//!   or answers 401 before anything else runs.
//! - [`Allow`], around each resource: admits only the roles of its
//!   [`Access`], a 403 for the others.

use super::Auth;
use crate::problem::{ApiError, RequestProblem, refuse};
use actix_utils::future::{Either, Ready, ready};
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{AUTHORIZATION, CONTENT_LENGTH, TRANSFER_ENCODING};
use actix_web::{Error, HttpMessage, web};
use panda_domain::Actor;
use panda_domain::access::{AuthError, Principal, Role, Roles};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// The roles a resource admits, for every method it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access(pub &'static [Role]);

impl Access {
    /// Administrators only: tokens and the audit trail.
    pub const ADMIN: Access = Access(&[Role::Admin]);
    /// The clinic's records: patients, practitioners, the directory,
    /// appointments.
    pub const CLINIC: Access = Access(&[Role::Admin, Role::Clinic]);
    /// Reports, which carry no personal data.
    pub const REPORTS: Access = Access(&[Role::Admin, Role::Analyst]);
    /// Any authenticated caller.
    pub const ANYONE: Access = Access(&[Role::Admin, Role::Clinic, Role::Analyst]);

    /// True when any of `roles` may use the resource.
    pub fn admits(&self, roles: Roles) -> bool {
        self.0.iter().any(|role| roles.contains(*role))
    }
}

/// Paths served to anyone, with no credential: the health checks, which a
/// load balancer calls and which say nothing but "up" or "ready"; and the
/// API's description and reference page, which hold no data (ADR 0010).
pub fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/health" | "/healthz" | "/readyz" | "/docs" | "/api/v1/openapi.json"
    ) || path.starts_with("/docs/")
}

/// Refuses a request that carries both `Transfer-Encoding` and
/// `Content-Length` (400 `ambiguous-framing`, connection closed). RFC 9112
/// lets a server take the transfer coding and ignore the length, but a
/// proxy in front of PANDA may have done the opposite: then the two
/// disagree on where this request ends and the next begins, which is how
/// requests are smuggled past a proxy's checks. No honest client sends both.
fn ambiguous_framing(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(TRANSFER_ENCODING) && headers.contains_key(CONTENT_LENGTH)
}

/// The middleware that refuses badly framed requests and authenticates
/// every caller but the public paths' (wrapped around the application).
#[derive(Debug, Clone, Copy, Default)]
pub struct Authenticate;

impl<S, B> Transform<S, ServiceRequest> for Authenticate
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = AuthenticateService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(AuthenticateService {
            service: Rc::new(service),
        }))
    }
}

/// [`Authenticate`] around a service.
#[derive(Debug)]
pub struct AuthenticateService<S> {
    service: Rc<S>,
}

type Refused<B> = Ready<Result<ServiceResponse<EitherBody<B>>, Error>>;
type Verifying<B> = Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B>>, Error>>>>;
type Passed<F, B> = MapLeft<F, B>;

impl<S, B> Service<ServiceRequest> for AuthenticateService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = Either<Passed<S::Future, B>, Either<Refused<B>, Verifying<B>>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let refused = |req: ServiceRequest, problem: &ApiError| {
            Either::right(Either::left(ready(Ok(
                refuse(req, problem).map_into_right_body()
            ))))
        };
        if ambiguous_framing(&req) {
            return refused(req, &ApiError::request(RequestProblem::AmbiguousFraming));
        }
        if is_public(req.path()) {
            return Either::left(MapLeft::new(self.service.call(req)));
        }
        let auth = req
            .app_data::<web::Data<Auth>>()
            .map(|a| a.get_ref().clone());
        let authenticator = match auth {
            Some(Auth::On(authenticator)) => authenticator,
            Some(Auth::Off) => {
                req.extensions_mut().insert(Principal {
                    actor: Actor::Anonymous,
                    roles: Roles::of(Role::Admin),
                });
                return Either::left(MapLeft::new(self.service.call(req)));
            }
            // Not configured: a wiring bug; nobody gets in.
            None => return refused(req, &ApiError::request(RequestProblem::Internal)),
        };
        let credential = match bearer(&req) {
            Ok(credential) => credential,
            Err(problem) => return refused(req, &problem),
        };
        let known = match authenticator.jwt(&credential) {
            Some(verified) => verified.map(Some),
            None => authenticator.cached(&credential),
        };
        match known {
            Ok(Some(principal)) => {
                req.extensions_mut().insert(principal);
                Either::left(MapLeft::new(self.service.call(req)))
            }
            Err(error) => refused(req, &refused_credential(&error)),
            // Not cached: the store is asked, off the async worker.
            Ok(None) => {
                let service = self.service.clone();
                Either::right(Either::right(Box::pin(async move {
                    let verified = crate::edge::run(move || {
                        authenticator
                            .verify(&credential)
                            .map_err(|e| refused_credential(&e))
                    })
                    .await;
                    match verified {
                        Ok(principal) => {
                            req.extensions_mut().insert(principal);
                            service
                                .call(req)
                                .await
                                .map(ServiceResponse::map_into_left_body)
                        }
                        Err(problem) => Ok(refuse(req, &problem).map_into_right_body()),
                    }
                })))
            }
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner service's future, its response's body marked as the left one.
    #[derive(Debug)]
    pub struct MapLeft<F, B> {
        #[pin]
        inner: F,
        _body: std::marker::PhantomData<B>,
    }
}

impl<F, B> MapLeft<F, B> {
    pub(crate) fn new(inner: F) -> Self {
        Self {
            inner,
            _body: std::marker::PhantomData,
        }
    }
}

impl<F, B> Future for MapLeft<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        self.project()
            .inner
            .poll(cx)
            .map(|r| r.map(ServiceResponse::map_into_left_body))
    }
}

/// The credential of `Authorization: Bearer <credential>`.
fn bearer(req: &ServiceRequest) -> Result<String, ApiError> {
    let mut values = req.headers().get_all(AUTHORIZATION);
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(refused_credential(&AuthError::Missing));
    };
    let text = value
        .to_str()
        .map_err(|_| refused_credential(&AuthError::Malformed))?;
    let (scheme, credential) = text
        .split_once(' ')
        .ok_or_else(|| refused_credential(&AuthError::Malformed))?;
    if !scheme.eq_ignore_ascii_case("bearer") || credential.trim().is_empty() {
        return Err(refused_credential(&AuthError::Malformed));
    }
    Ok(credential.trim().to_owned())
}

/// The 401 for `error`, logged (without the credential) so that an
/// operator can tell a revoked token from a typing mistake.
fn refused_credential(error: &AuthError) -> ApiError {
    tracing::debug!(reason = %error, "credential refused");
    ApiError::from_problem(error)
}

/// The middleware that admits only `Access`'s roles to a resource: a 403
/// `forbidden` for the others. Every API resource is built with one
/// (`app::resource`).
#[derive(Debug, Clone, Copy)]
pub struct Allow(pub Access);

impl<S> Transform<S, ServiceRequest> for Allow
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error> + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = AllowService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(AllowService {
            service,
            access: self.0,
        }))
    }
}

/// [`Allow`] around a resource.
#[derive(Debug)]
pub struct AllowService<S> {
    service: S,
    access: Access,
}

impl<S> Service<ServiceRequest> for AllowService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error> + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Either<S::Future, Ready<Result<ServiceResponse<BoxBody>, Error>>>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let roles = req.extensions().get::<Principal>().map(|p| p.roles);
        match roles {
            Some(roles) if self.access.admits(roles) => Either::left(self.service.call(req)),
            _ => Either::right(ready(Ok(refuse(
                req,
                &ApiError::request(RequestProblem::Forbidden),
            )))),
        }
    }
}
