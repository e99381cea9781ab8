//! The two middlewares: who is calling (around everything), and may their
//! role use this resource (around each resource).

use super::Auth;
use crate::problem::{ApiError, RequestProblem, refuse};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use panda_domain::Actor;
use panda_domain::access::{AuthError, Principal, Role, Roles};

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
    /// Any authenticated caller: the API's own description.
    pub const ANYONE: Access = Access(&[Role::Admin, Role::Clinic, Role::Analyst]);

    /// True when any of `roles` may use the resource.
    pub fn admits(&self, roles: Roles) -> bool {
        self.0.iter().any(|role| roles.contains(*role))
    }
}

/// Paths served to anyone, with no credential: the health check, which a
/// load balancer calls and which says nothing but "up".
pub fn is_public(path: &str) -> bool {
    path == "/health"
}

/// Establishes the caller of every request but the public ones, and puts
/// their [`Principal`] in the request's extensions; refuses the rest with
/// a 401 before anything else runs.
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !is_public(req.path()) {
        match principal(&req).await {
            Ok(principal) => {
                req.extensions_mut().insert(principal);
            }
            Err(problem) => return Ok(refuse(req, &problem)),
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// Who is calling, by the credential the request carries.
async fn principal(req: &ServiceRequest) -> Result<Principal, ApiError> {
    match req.app_data::<web::Data<Auth>>().map(|a| a.get_ref()) {
        Some(Auth::On(authenticator)) => {
            let credential = bearer(req)?;
            if let Some(verified) = authenticator.jwt(&credential) {
                return verified.map_err(|e| refused(&e));
            }
            match authenticator.cached(&credential) {
                Ok(Some(principal)) => Ok(principal),
                Ok(None) => {
                    let authenticator = authenticator.clone();
                    crate::edge::run(move || {
                        authenticator.verify(&credential).map_err(|e| refused(&e))
                    })
                    .await
                }
                Err(error) => Err(refused(&error)),
            }
        }
        Some(Auth::Off) => Ok(Principal {
            actor: Actor::Anonymous,
            roles: Roles::of(Role::Admin),
        }),
        // Not configured: a wiring bug; nobody gets in.
        None => Err(ApiError::request(RequestProblem::Internal)),
    }
}

/// The credential of `Authorization: Bearer <credential>`.
fn bearer(req: &ServiceRequest) -> Result<String, ApiError> {
    let mut values = req.headers().get_all(AUTHORIZATION);
    let (Some(value), None) = (values.next(), values.next()) else {
        return Err(refused(&AuthError::Missing));
    };
    let text = value.to_str().map_err(|_| refused(&AuthError::Malformed))?;
    let (scheme, credential) = text
        .split_once(' ')
        .ok_or_else(|| refused(&AuthError::Malformed))?;
    if !scheme.eq_ignore_ascii_case("bearer") || credential.trim().is_empty() {
        return Err(refused(&AuthError::Malformed));
    }
    Ok(credential.trim().to_owned())
}

/// The 401 for `error`, logged (without the credential) so that an
/// operator can tell a revoked token from a typing mistake.
fn refused(error: &AuthError) -> ApiError {
    tracing::debug!(reason = %error, "credential refused");
    ApiError::from_problem(error)
}

/// Admits only `access`'s roles to a resource: a 403 `forbidden` for the
/// others. Wrapped around each resource by `app::resource`.
pub async fn allow(
    access: Access,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let roles = req.extensions().get::<Principal>().map(|p| p.roles);
    match roles {
        Some(roles) if access.admits(roles) => next.call(req).await,
        _ => Ok(refuse(req, &ApiError::request(RequestProblem::Forbidden))),
    }
}
