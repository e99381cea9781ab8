//! Request and response bodies. They are the wire format only: requests
//! take every value as text and convert into domain values here,
//! collecting every refused field; responses are built from domain
//! records. No domain type is ever (de)serialised.

pub mod appointment;
pub mod audit;
pub mod directory;
pub mod page;
pub mod patient;
pub mod query;
pub mod report;
pub mod schedule;

use panda_domain::InvalidInput;
use panda_domain::common::text::TextError;

/// An optional text field, parsed when present. A refused value is
/// recorded in `input` and comes back `None`; callers check `input` before
/// trusting a `None` to mean "absent".
pub(crate) fn optional<T, E: panda_domain::Problem>(
    input: &mut InvalidInput,
    field: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Option<T> {
    value.and_then(|text| input.check(field, parse(text)))
}

/// A text filter from a query string: trimmed, `None` when blank, refused
/// beyond [`crate::limits::MAX_FILTER_CHARS`].
pub(crate) fn filter_text(
    input: &mut InvalidInput,
    field: &str,
    value: Option<&str>,
) -> Option<String> {
    let text = value?.trim();
    if text.is_empty() {
        return None;
    }
    let max = crate::limits::MAX_FILTER_CHARS;
    if text.chars().count() > max {
        input.push(field, &TextError::TooLong { max });
        return None;
    }
    Some(text.to_owned())
}
