//! Turns an [`ApiError`] into its `application/problem+json` response in
//! one language.

use super::ApiError;
use crate::l10n::Lang;
use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use serde::Serialize;
use utoipa::ToSchema;

/// Where problem types live: a problem's `type` is this base and its code.
pub const PROBLEM_TYPE_BASE: &str = "https://panda.example/problems/";

/// The media type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An RFC 9457 problem details body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemBody {
    /// A stable URI naming the problem: the base and the code.
    #[serde(rename = "type")]
    #[schema(example = "https://panda.example/problems/nhs-number-checksum")]
    pub problem_type: String,
    /// A short, localised summary of the problem type.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// A localised explanation of this occurrence.
    pub detail: String,
    /// The stable code clients switch on.
    #[schema(example = "invalid-input")]
    pub code: String,
    /// Every refused field, when the problem is about fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldErrorBody>,
}

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorBody {
    /// The field as the client spelled it (`date_of_birth`, `limit`).
    pub field: String,
    /// The stable code of the refusal.
    pub code: String,
    /// A localised explanation.
    pub message: String,
}

/// The body of `error` in `lang`.
pub fn body(error: &ApiError, lang: Lang) -> ProblemBody {
    ProblemBody {
        problem_type: format!("{PROBLEM_TYPE_BASE}{}", error.code),
        title: lang.title(error.code),
        status: error.status.as_u16(),
        detail: lang.detail(error.code, &error.params),
        code: error.code.to_owned(),
        errors: error
            .errors
            .iter()
            .map(|e| FieldErrorBody {
                field: e.field.clone(),
                code: e.code.to_owned(),
                message: lang.detail(e.code, &e.params),
            })
            .collect(),
    }
}

/// The whole response for `error` in `lang`.
pub fn render(error: &ApiError, lang: Lang) -> HttpResponse {
    let mut response = HttpResponse::build(error.status);
    response
        .content_type(PROBLEM_CONTENT_TYPE)
        .insert_header((header::CONTENT_LANGUAGE, lang.tag()));
    if let Some(allow) = error.allow {
        response.insert_header((header::ALLOW, HeaderValue::from_static(allow)));
    }
    if error.close {
        response.force_close();
    }
    if error.status == actix_web::http::StatusCode::UNAUTHORIZED {
        // RFC 6750: say which scheme to use, and whether the one sent failed.
        let challenge = if error.code == "invalid-token" {
            r#"Bearer realm="panda", error="invalid_token""#
        } else {
            r#"Bearer realm="panda""#
        };
        response.insert_header((header::WWW_AUTHENTICATE, challenge));
    }
    response.json(body(error, lang))
}
