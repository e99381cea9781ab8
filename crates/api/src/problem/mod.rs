//! RFC 9457 problem details: the one place where a failure becomes a status
//! and an `application/problem+json` body.
//!
//! Policy: domain errors reach handlers as typed results and convert into
//! [`ApiError`] through [`Problem`]; the status comes from the error's
//! [`ErrorKind`] alone ([`status_of`]), except that a stale version is 412
//! when the client sent `If-Match` (it asked for a precondition). Unexpected
//! failures are logged with their source and shown with a generic message:
//! every text a client sees comes from the Fluent files, never from an
//! error's `Display`, so nothing internal can leak.

mod codes;
mod extract;
mod localise;
mod render;

pub use codes::{FieldProblem, RequestProblem};
pub use extract::{method_not_allowed, path_config, payload_config, query_config, route_not_found};
pub use localise::{localise, refuse};
pub use render::{FieldErrorBody, PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemBody};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use panda_domain::{ErrorKind, FieldError, InvalidInput, Problem};
use std::fmt;

/// The status for a kind of domain failure.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::Unexpected => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The code of a stale-version conflict, which `If-Match` turns into a 412.
const STALE_VERSION: &str = "stale-version";

/// A failure on its way to the client, not yet in the client's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The status.
    pub status: StatusCode,
    /// The stable code: the Fluent key and the end of the problem `type`.
    pub code: &'static str,
    /// Named values the message may quote.
    pub params: Vec<(&'static str, String)>,
    /// The refused fields, for a 422 (and a 400 that can name them).
    pub errors: Vec<FieldError>,
    /// The methods a 405's `Allow` header lists.
    pub allow: Option<&'static str>,
    /// The connection is closed after the reply (a timed-out or badly
    /// framed request: what follows it on the connection cannot be trusted).
    pub close: bool,
}

impl ApiError {
    /// A failure of the exchange itself.
    pub fn request(problem: RequestProblem) -> Self {
        Self {
            status: problem.status(),
            code: problem.code(),
            params: problem.params(),
            errors: Vec::new(),
            allow: None,
            close: problem.closes_connection(),
        }
    }

    /// A 422 listing every refused field. When exactly one field was
    /// refused, the problem IS that refusal, so its code and parameters
    /// head the problem too (`timestamp-offset-missing` rather than
    /// `invalid-input`); with several, the code is `invalid-input`.
    pub fn invalid(input: InvalidInput) -> Self {
        let (code, params) = match input.errors.as_slice() {
            [only] => (only.code, only.params.clone()),
            _ => (input.code(), Vec::new()),
        };
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            params,
            errors: input.errors,
            allow: None,
            close: false,
        }
    }

    /// Any domain failure. Unexpected ones are logged here, with their
    /// source, and lose their parameters.
    pub fn from_problem<E: Problem + 'static>(problem: &E) -> Self {
        if let Some(input) = problem.fields() {
            return Self::invalid(input.clone());
        }
        let kind = problem.kind();
        let params = if kind == ErrorKind::Unexpected {
            tracing::error!(
                code = problem.code(),
                error = %problem,
                source = ?std::error::Error::source(problem),
                "request failed unexpectedly"
            );
            Vec::new()
        } else {
            problem.params()
        };
        Self {
            status: status_of(kind),
            code: problem.code(),
            params,
            errors: Vec::new(),
            allow: None,
            close: false,
        }
    }

    /// A stale version is a 412: every write of a versioned record sends
    /// `If-Match`, so a stale version means that precondition failed.
    pub fn precondition_failed_when_stale(mut self) -> Self {
        if self.code == STALE_VERSION {
            self.status = StatusCode::PRECONDITION_FAILED;
        }
        self
    }

    /// Names `field` as the culprit of a 422 that named none, so a client
    /// can show the message beside the right input.
    pub fn on_field(mut self, field: &str) -> Self {
        if self.status == StatusCode::UNPROCESSABLE_ENTITY && self.errors.is_empty() {
            self.errors.push(FieldError {
                field: field.to_owned(),
                code: self.code,
                params: self.params.clone(),
                message: String::new(),
            });
        }
        self
    }

    /// A 405 listing the methods that are allowed.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        Self {
            allow: Some(allow),
            ..Self::request(RequestProblem::MethodNotAllowed)
        }
    }
}

impl<E: Problem + 'static> From<E> for ApiError {
    fn from(error: E) -> Self {
        Self::from_problem(&error)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    /// English; the [`localise`] middleware renders it again in the
    /// language the client asked for.
    fn error_response(&self) -> HttpResponse {
        render::render(self, crate::l10n::Lang::English)
    }
}
