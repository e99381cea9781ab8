//! The API's own problem codes: failures of the HTTP exchange itself, and
//! field errors that only the edge can detect. Domain codes come from the
//! domain's `Problem` implementations.

use actix_web::http::StatusCode;
use panda_domain::{ErrorKind, Problem};

/// A field the edge refused before the domain saw it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    /// The body named another NHS number than the path.
    #[error("the NHS number of a patient cannot be changed")]
    NhsNumberImmutable,
    /// A page limit outside `1..=max`.
    #[error("limit must be between 1 and {max}")]
    PageLimitRange {
        /// The largest limit allowed.
        max: u32,
    },
    /// A query parameter that should be a whole number is not one.
    #[error("must be a whole number of 0 or more")]
    NotANumber,
    /// `from` is not before `to`.
    #[error("from must be before to")]
    RangeReversed,
    /// A required field of a JSON body is missing.
    #[error("this field is required")]
    Required,
    /// A JSON body has a field the API does not know.
    #[error("this field is not known")]
    Unknown,
    /// A JSON body's field has the wrong JSON type (a number for a string, say).
    #[error("this field has the wrong type")]
    WrongType,
}

impl Problem for FieldProblem {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            Self::NhsNumberImmutable => "nhs-number-immutable",
            Self::PageLimitRange { .. } => "page-limit-range",
            Self::NotANumber => "number-format",
            Self::RangeReversed => "range-reversed",
            Self::Required => "field-required",
            Self::Unknown => "field-unknown",
            Self::WrongType => "field-type",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::PageLimitRange { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// A request the API refused as a whole, with its own status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestProblem {
    /// The body is not JSON at all.
    MalformedJson,
    /// The body is JSON of the wrong shape: a missing field, a wrong type.
    InvalidJsonBody,
    /// The body is larger than the limit.
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The query string has an unknown or repeated parameter, or one that
    /// is not percent-encoded right.
    InvalidQuery {
        /// The parameter's name, or empty when it cannot be told.
        parameter: String,
    },
    /// No route has this path.
    RouteNotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// `If-Match` is not one quoted version such as `"3"`.
    IfMatchFormat,
    /// A write of a versioned record came without `If-Match` (or with `*`).
    IfMatchRequired,
    /// The body did not arrive within the time allowed.
    RequestTimeout {
        /// The time allowed, in seconds.
        seconds: u64,
    },
    /// The body ended before its declared `Content-Length`.
    BodyIncomplete,
    /// Both `Transfer-Encoding` and `Content-Length`: the framing is
    /// ambiguous, the classic request-smuggling vector behind a proxy.
    AmbiguousFraming,
    /// The caller's role may not use this route.
    Forbidden,
    /// `Idempotency-Key` is not 1 to 255 visible ASCII characters.
    IdempotencyKeyFormat,
    /// A browser request from an origin the configuration does not list.
    CorsOriginForbidden,
    /// The database does not answer or is not migrated (readiness).
    NotReady,
    /// Some other malformed request.
    BadRequest,
    /// Something failed on our side.
    Internal,
}

impl RequestProblem {
    /// Every variant, for the localisation coverage test.
    pub const ALL: [RequestProblem; 18] = [
        Self::MalformedJson,
        Self::InvalidJsonBody,
        Self::PayloadTooLarge { limit: 0 },
        Self::UnsupportedMediaType,
        Self::InvalidQuery {
            parameter: String::new(),
        },
        Self::RouteNotFound,
        Self::MethodNotAllowed,
        Self::IfMatchFormat,
        Self::IfMatchRequired,
        Self::RequestTimeout { seconds: 0 },
        Self::BodyIncomplete,
        Self::AmbiguousFraming,
        Self::Forbidden,
        Self::IdempotencyKeyFormat,
        Self::CorsOriginForbidden,
        Self::NotReady,
        Self::BadRequest,
        Self::Internal,
    ];

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed-json",
            Self::InvalidJsonBody => "invalid-json-body",
            Self::PayloadTooLarge { .. } => "payload-too-large",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::InvalidQuery { .. } => "invalid-query",
            Self::RouteNotFound => "route-not-found",
            Self::MethodNotAllowed => "method-not-allowed",
            Self::IfMatchFormat => "if-match-format",
            Self::IfMatchRequired => "if-match-required",
            Self::RequestTimeout { .. } => "request-timeout",
            Self::BodyIncomplete => "body-incomplete",
            Self::AmbiguousFraming => "ambiguous-framing",
            Self::Forbidden => "forbidden",
            Self::IdempotencyKeyFormat => "idempotency-key-format",
            Self::CorsOriginForbidden => "cors-origin-forbidden",
            Self::NotReady => "not-ready",
            Self::BadRequest => "bad-request",
            Self::Internal => "internal-error",
        }
    }

    /// The status it is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MalformedJson
            | Self::InvalidJsonBody
            | Self::InvalidQuery { .. }
            | Self::IfMatchFormat
            | Self::IdempotencyKeyFormat
            | Self::BodyIncomplete
            | Self::AmbiguousFraming
            | Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::Forbidden | Self::CorsOriginForbidden => StatusCode::FORBIDDEN,
            Self::NotReady => StatusCode::SERVICE_UNAVAILABLE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RouteNotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::IfMatchRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// True when the connection must be closed after the reply: what is
    /// left of the request on it cannot be trusted to be framed right.
    pub fn closes_connection(&self) -> bool {
        matches!(
            self,
            Self::RequestTimeout { .. } | Self::BodyIncomplete | Self::AmbiguousFraming
        )
    }

    /// Named values its message may quote.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::PayloadTooLarge { limit } => vec![("limit", limit.to_string())],
            Self::RequestTimeout { seconds } => vec![("seconds", seconds.to_string())],
            Self::InvalidQuery { parameter } => vec![("parameter", parameter.clone())],
            Self::IdempotencyKeyFormat => vec![("max", "255".to_owned())],
            _ => Vec::new(),
        }
    }
}
