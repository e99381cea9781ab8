//! The JSON body extractor. actix's `Json` checks the content type, the
//! size limit and the syntax; the body is then read into its type with
//! `serde_path_to_error`, so that a missing, unknown or wrongly typed field
//! is refused with a problem that names it (`practitioner_id`, not "the body").

use crate::problem::{ApiError, FieldProblem, RequestProblem};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
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
        // A raw value: actix checks the type, the limit and the syntax,
        // without building a tree of the body that would be read again.
        let json = web::Json::<Box<RawValue>>::from_request(req, payload);
        Box::pin(async move {
            let raw = json.await?.into_inner();
            let mut reader = serde_json::Deserializer::from_str(raw.get());
            serde_path_to_error::deserialize(&mut reader)
                .map(Body)
                .map_err(|e| shape_error(&e).into())
        })
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
