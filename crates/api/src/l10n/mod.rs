//! Localised messages: the Fluent files under `locales/` (English and
//! Welsh), compiled into the binary, and the negotiation of the language
//! from `Accept-Language`.
//!
//! Each problem code is a Fluent message: its value is the detail, its
//! `.title` attribute the title. Parameters from `Problem::params()` are
//! passed as Fluent arguments under the same names.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};
use std::borrow::Cow;
use std::collections::HashMap;

#[cfg(test)]
mod tests;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would show up in JSON.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ENGLISH: LanguageIdentifier = langid!("en");
static WELSH: LanguageIdentifier = langid!("cy");

/// A language PANDA speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    English,
    /// Welsh (Cymraeg).
    Welsh,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::English, Lang::Welsh];

    /// The BCP 47 tag, as sent in `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::English => "en",
            Lang::Welsh => "cy",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::English => &ENGLISH,
            Lang::Welsh => &WELSH,
        }
    }

    /// The language for an `Accept-Language` header: the supported one with
    /// the highest quality (the first listed on a tie); English when none
    /// is acceptable or the header is absent or garbled.
    pub fn negotiate(header: Option<&str>) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for range in header.unwrap_or_default().split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .filter(|q| (0.0..=1.0).contains(q));
            let Some(quality) = quality.filter(|q| *q > 0.0) else {
                continue;
            };
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "cy" => Lang::Welsh,
                "en" | "*" => Lang::English,
                _ => continue,
            };
            if best.is_none_or(|(_, q)| quality > q) {
                best = Some((lang, quality));
            }
        }
        best.map_or(Lang::English, |(lang, _)| lang)
    }

    /// The title of the problem `code`.
    pub fn title(self, code: &str) -> String {
        self.lookup(&format!("{code}.title"), &[])
            .unwrap_or_else(|| self.fallback("title"))
    }

    /// The detail message of `code`, quoting `params`.
    pub fn detail(self, code: &str, params: &[(&'static str, String)]) -> String {
        self.lookup(code, params)
            .unwrap_or_else(|| self.fallback("detail"))
    }

    /// The message in this language, or in English, or `None`.
    fn lookup(self, key: &str, params: &[(&'static str, String)]) -> Option<String> {
        let args = fluent_args(params);
        [self, Lang::English].into_iter().find_map(|lang| {
            LOCALES
                .lookup_single_language(lang.id(), key, Some(&args))
                .ok()
        })
    }

    /// The last resort for a code with no message: a bug the coverage test
    /// exists to catch.
    fn fallback(self, part: &str) -> String {
        let key = if part == "title" {
            "unknown-problem.title"
        } else {
            "unknown-problem"
        };
        self.lookup(key, &[])
            .unwrap_or_else(|| "Something went wrong.".to_owned())
    }

    /// True when this language itself (no fallback) has both messages of
    /// `code`, and the detail formats with `params` without a Fluent error.
    pub fn has_messages(self, code: &str, params: &[(&'static str, String)]) -> bool {
        let args = fluent_args(params);
        LOCALES
            .lookup_single_language(self.id(), code, Some(&args))
            .is_ok()
            && LOCALES
                .lookup_single_language(self.id(), &format!("{code}.title"), Some(&args))
                .is_ok()
    }
}

/// Parameters as Fluent arguments; numbers as numbers so that messages can
/// select on them.
fn fluent_args(
    params: &[(&'static str, String)],
) -> HashMap<Cow<'static, str>, FluentValue<'static>> {
    params
        .iter()
        .map(|(name, value)| {
            let value = match value.parse::<i64>() {
                Ok(n) => FluentValue::from(n),
                Err(_) => FluentValue::from(value.clone()),
            };
            (Cow::Borrowed(*name), value)
        })
        .collect()
}
