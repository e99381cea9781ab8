//! `If-Match`: the version a client read, which a write must still find.

use crate::problem::{ApiError, RequestProblem};
use actix_web::dev::Payload;
use actix_web::http::header::IF_MATCH;
use actix_web::{FromRequest, HttpRequest};
use std::future::{Ready, ready};

/// The version named by `If-Match`, if any. `*` (any version) and an
/// absent header both mean no precondition. Anything other than `*` or one
/// quoted version (`"3"`, as sent in `ETag`) is a 400 `if-match-format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IfMatch(pub Option<i64>);

impl IfMatch {
    /// True when the client made the write conditional on a version.
    pub fn sent(&self) -> bool {
        self.0.is_some()
    }

    fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if value == "*" {
            return Some(Self(None));
        }
        let version = value.strip_prefix('"')?.strip_suffix('"')?;
        if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        version.parse().ok().map(|v| Self(Some(v)))
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let mut values = req.headers().get_all(IF_MATCH);
        let result = match (values.next(), values.next()) {
            (None, _) => Ok(Self(None)),
            (Some(value), None) => value
                .to_str()
                .ok()
                .and_then(Self::parse)
                .ok_or_else(|| ApiError::request(RequestProblem::IfMatchFormat)),
            (Some(_), Some(_)) => Err(ApiError::request(RequestProblem::IfMatchFormat)),
        };
        ready(result)
    }
}

/// The `ETag` of a record at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::IfMatch;

    #[test]
    fn a_quoted_version_or_a_star_is_accepted() {
        assert_eq!(IfMatch::parse("\"3\""), Some(IfMatch(Some(3))));
        assert_eq!(IfMatch::parse(" * "), Some(IfMatch(None)));
    }

    #[test]
    fn weak_unquoted_listed_and_non_numeric_tags_are_refused() {
        for bad in [
            "3",
            "W/\"3\"",
            "\"3\", \"4\"",
            "\"x\"",
            "\"\"",
            "\"-1\"",
            "\"99999999999999999999\"",
        ] {
            assert_eq!(IfMatch::parse(bad), None, "{bad}");
        }
    }
}
