//! The small pieces every handler shares: `If-Match`, paging, path
//! segments and replies; and the access log around them all.

pub mod access_log;
pub mod body;
pub mod conditional;
pub mod cors;
pub mod headers;
pub mod idempotency;
pub mod if_match;
pub mod page;
pub mod reply;
pub mod selective;

pub use body::Body;
pub use if_match::IfMatch;
pub use page::{page_of, parse_page, slice};
pub use reply::{created, created_as, lookup, no_content, ok, run, tagged, tagged_as};

use crate::problem::ApiError;
use panda_domain::{InvalidInput, Problem};

/// Parses one path segment, naming `field` in the 422 if it is refused.
pub fn path_value<T, E: Problem>(field: &str, result: Result<T, E>) -> Result<T, ApiError> {
    let mut input = InvalidInput::default();
    match input.check(field, result) {
        Some(value) => Ok(value),
        None => Err(ApiError::invalid(input)),
    }
}

/// Unwraps the values `input` collected, or fails with every refusal.
pub fn finish<T>(input: InvalidInput, value: Option<T>) -> Result<T, ApiError> {
    match (input.finish(), value) {
        (Ok(()), Some(value)) => Ok(value),
        (Err(input), _) => Err(ApiError::invalid(input)),
        // A `None` with nothing recorded is a bug in the handler, not the
        // client's fault: say so without blaming them.
        (Ok(()), None) => Err(ApiError::request(crate::problem::RequestProblem::Internal)),
    }
}
