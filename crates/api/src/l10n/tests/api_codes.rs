//! One instance of every problem the API itself reports (fields, requests,
//! idempotency keys), each list checked by an exhaustive `match` as in
//! `codes`.

use super::codes::{Code, codes_of};
use crate::problem::{FieldProblem, RequestProblem};
use panda_domain::idempotency::{IdempotencyError, KeyError};

pub(super) fn api_codes() -> Vec<Code> {
    let fields = [
        FieldProblem::NhsNumberImmutable,
        FieldProblem::PageLimitRange { max: 500 },
        FieldProblem::NotANumber,
        FieldProblem::RangeReversed,
        FieldProblem::Required,
        FieldProblem::Unknown,
        FieldProblem::WrongType,
    ];
    let mut codes = codes_of(&fields, |e| match e {
        FieldProblem::NhsNumberImmutable
        | FieldProblem::PageLimitRange { .. }
        | FieldProblem::NotANumber
        | FieldProblem::RangeReversed
        | FieldProblem::Required
        | FieldProblem::Unknown
        | FieldProblem::WrongType => {}
    });
    for p in RequestProblem::ALL {
        match p {
            RequestProblem::MalformedJson
            | RequestProblem::InvalidJsonBody
            | RequestProblem::PayloadTooLarge { .. }
            | RequestProblem::UnsupportedMediaType
            | RequestProblem::InvalidQuery { .. }
            | RequestProblem::RouteNotFound
            | RequestProblem::MethodNotAllowed
            | RequestProblem::IfMatchFormat
            | RequestProblem::IfMatchRequired
            | RequestProblem::RequestTimeout { .. }
            | RequestProblem::BodyIncomplete
            | RequestProblem::AmbiguousFraming
            | RequestProblem::Forbidden
            | RequestProblem::IdempotencyKeyFormat
            | RequestProblem::CorsOriginForbidden
            | RequestProblem::NotReady
            | RequestProblem::BadRequest
            | RequestProblem::Internal => {}
        }
        codes.push((p.code(), p.params()));
    }
    codes.extend(codes_of(
        &[IdempotencyError::InUse, IdempotencyError::Reused],
        |e| match e {
            IdempotencyError::InUse | IdempotencyError::Reused => {}
            // Its codes are the repository's, listed with theirs.
            IdempotencyError::Storage(_) => {}
        },
    ));
    codes.extend(codes_of(&[KeyError], |KeyError| {}));
    codes.push(("unknown-problem", Vec::new()));
    codes
}
