//! `If-Match`: the version a client read, which a write must still find.

use crate::problem::{ApiError, RequestProblem};
use actix_web::dev::Payload;
use actix_web::http::header::IF_MATCH;
use actix_web::{FromRequest, HttpRequest};
use std::future::{Ready, ready};

/// The version named by `If-Match`, which every PUT, PATCH and DELETE of a
/// versioned record must send, so that two clerks editing one record can
/// never silently overwrite each other. Absent (or `*`, which would match
/// any version and so protect nothing) is a 428 `if-match-required`;
/// anything other than one quoted version (`"3"`, as sent in `ETag`) is a
/// 400 `if-match-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub i64);

impl IfMatch {
    /// The version, as the services take it.
    pub fn version(&self) -> Option<i64> {
        Some(self.0)
    }

    fn parse(value: &str) -> Result<Self, RequestProblem> {
        let value = value.trim();
        if value == "*" {
            return Err(RequestProblem::IfMatchRequired);
        }
        let tag = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or(RequestProblem::IfMatchFormat)?;
        // A derived state after the version (`"7-missed"`) changes what a
        // reader sees, not what a writer must match.
        let version = match tag.split_once('-') {
            Some((version, state))
                if !state.is_empty() && state.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                version
            }
            Some(_) => return Err(RequestProblem::IfMatchFormat),
            None => tag,
        };
        if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RequestProblem::IfMatchFormat);
        }
        version
            .parse()
            .map(Self)
            .map_err(|_| RequestProblem::IfMatchFormat)
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let mut values = req.headers().get_all(IF_MATCH);
        let result = match (values.next(), values.next()) {
            (None, _) => Err(RequestProblem::IfMatchRequired),
            (Some(value), None) => value
                .to_str()
                .map_err(|_| RequestProblem::IfMatchFormat)
                .and_then(Self::parse),
            (Some(_), Some(_)) => Err(RequestProblem::IfMatchFormat),
        };
        ready(result.map_err(ApiError::request))
    }
}

/// The `ETag` of a record at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The `ETag` of a record at `version` whose reader sees a state that no
/// write made (an appointment that became `missed` when it ended): the tag
/// changes with it, so `If-None-Match` never hides the change, and
/// `If-Match` still matches on the version alone.
pub fn etag_with_state(version: i64, state: &str) -> String {
    format!("\"{version}-{state}\"")
}

#[cfg(test)]
mod tests {
    use super::IfMatch;
    use crate::problem::RequestProblem;

    #[test]
    fn a_quoted_version_is_accepted() {
        assert_eq!(IfMatch::parse("\"3\""), Ok(IfMatch(3)));
        assert_eq!(IfMatch::parse(" \"0\" "), Ok(IfMatch(0)));
    }

    #[test]
    fn a_derived_state_after_the_version_is_ignored() {
        assert_eq!(IfMatch::parse("\"3-missed\""), Ok(IfMatch(3)));
        for bad in ["\"3-\"", "\"-missed\"", "\"3-Missed\"", "\"3-a-b\""] {
            assert_eq!(
                IfMatch::parse(bad),
                Err(RequestProblem::IfMatchFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_star_protects_nothing_so_a_version_is_still_required() {
        assert_eq!(IfMatch::parse(" * "), Err(RequestProblem::IfMatchRequired));
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
            assert_eq!(
                IfMatch::parse(bad),
                Err(RequestProblem::IfMatchFormat),
                "{bad}"
            );
        }
    }
}
