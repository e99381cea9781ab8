//! Free text that names a person or a thing: any script, trimmed, bounded.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// Why a piece of text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing but white space was given.
    #[error("must not be empty")]
    Empty,
    /// The text is longer than the limit, counted in Unicode scalar values.
    #[error("must be at most {max} characters long")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// The text holds a control character such as a newline or NUL.
    #[error("must not contain control characters")]
    ControlCharacter,
    /// The text holds a bidirectional control (an override, embedding,
    /// isolate or mark), which can make one name display as another.
    #[error("must not contain bidirectional control characters")]
    BidiControl,
}

impl Problem for TextError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            TextError::Empty => "text-empty",
            TextError::TooLong { .. } => "text-too-long",
            TextError::ControlCharacter => "text-control-character",
            TextError::BidiControl => "text-bidi-control",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            TextError::TooLong { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// The characters with Unicode's `Bidi_Control` property: the arabic
/// letter mark, the left-to-right and right-to-left marks, the embeddings
/// and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069). Each
/// changes how the text around it is laid out without being seen, so
/// `"Mary \u{202E}samohT"` displays as another name. The zero-width joiner
/// and non-joiner are not among them: scripts such as Devanagari and
/// Persian need them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims `input`, puts it in Unicode Normalization Form C (so that a name
/// typed with a combining accent and one typed with the precomposed letter
/// are the same text), and checks it against the rules every name shares.
/// The content is otherwise kept: no case folding, so a name comes back as
/// it was given.
fn parse_text(input: &str, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    // Checked on the input as given, before any allocation that grows with it.
    if trimmed.chars().count() > max.saturating_mul(4) {
        return Err(TextError::TooLong { max });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacter);
    }
    if trimmed.chars().any(is_bidi_control) {
        return Err(TextError::BidiControl);
    }
    let normal: String = if is_nfc(trimmed) {
        trimmed.to_owned()
    } else {
        trimmed.nfc().collect()
    };
    if normal.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(normal)
}

/// A person's name (a patient or a clinician), in any script, as given
/// once surrounding white space is trimmed and the text put in NFC: titles,
/// hyphens, commas and "Surname, Given" forms are all kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

impl PersonName {
    /// The longest name accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Parses a name: trimmed, in NFC, non-empty, no control or
    /// bidirectional control characters, at most [`Self::MAX_CHARS`]
    /// characters.
    pub fn parse(input: &str) -> Result<Self, TextError> {
        parse_text(input, Self::MAX_CHARS).map(Self)
    }
}

/// The name of a department, an organisation or a location.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(String);

impl Label {
    /// The longest label accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Parses a label with the same rules as [`PersonName`].
    pub fn parse(input: &str) -> Result<Self, TextError> {
        parse_text(input, Self::MAX_CHARS).map(Self)
    }
}

macro_rules! text_access {
    ($($ty:ty),*) => {$(
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
text_access!(PersonName, Label);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_as_given() {
        for name in [
            "कुलकर्णी, तृष्णा",
            "刘桂荣",
            "Dr Glenn Clark",
            "Sara Ashton-Miller",
            "Siân Ó Súilleabháin",
        ] {
            assert_eq!(
                PersonName::parse(name).map(|n| n.to_string()),
                Ok(name.to_owned())
            );
        }
    }

    #[test]
    fn surrounding_white_space_is_trimmed_but_inner_space_is_kept() {
        let name = PersonName::parse("  Mary  Thomas \t").map(|n| n.to_string());
        assert_eq!(name, Ok("Mary  Thomas".to_owned()));
    }

    #[test]
    fn an_empty_or_blank_name_is_refused() {
        assert_eq!(PersonName::parse(""), Err(TextError::Empty));
        assert_eq!(PersonName::parse(" \t "), Err(TextError::Empty));
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            PersonName::parse("Mary\nThomas"),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(Label::parse("a\u{0}b"), Err(TextError::ControlCharacter));
    }

    #[test]
    fn bidirectional_overrides_isolates_and_marks_are_refused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let name = format!("Mary {c}samohT");
            assert_eq!(
                PersonName::parse(&name),
                Err(TextError::BidiControl),
                "{c:?}"
            );
            assert_eq!(Label::parse(&name), Err(TextError::BidiControl), "{c:?}");
        }
    }

    #[test]
    fn zero_width_joiners_that_scripts_need_are_kept() {
        // Devanagari and Persian use ZWJ (U+200D) and ZWNJ (U+200C).
        for name in ["क्\u{200D}ष", "می\u{200C}خواهم"] {
            assert_eq!(
                PersonName::parse(name).map(|n| n.to_string()),
                Ok(name.to_owned())
            );
        }
    }

    #[test]
    fn a_name_typed_with_a_combining_accent_is_stored_like_the_precomposed_one() {
        let combining = PersonName::parse("Sia\u{0302}n").unwrap();
        let precomposed = PersonName::parse("Si\u{00E2}n").unwrap();
        assert_eq!(combining, precomposed);
        assert_eq!(combining.as_ref(), "Siân");
    }

    #[test]
    fn the_length_limit_counts_characters_after_normalising() {
        // 200 letters, each with a combining accent: 400 chars in, 200 out.
        let decomposed = "a\u{0302}".repeat(PersonName::MAX_CHARS);
        assert_eq!(
            PersonName::parse(&decomposed).map(|n| n.as_ref().chars().count()),
            Ok(PersonName::MAX_CHARS)
        );
        let huge = "a".repeat(1_000_000);
        assert_eq!(
            PersonName::parse(&huge),
            Err(TextError::TooLong { max: 200 })
        );
    }

    #[test]
    fn the_length_limit_counts_characters_not_bytes() {
        let at_limit = "刘".repeat(PersonName::MAX_CHARS);
        assert!(PersonName::parse(&at_limit).is_ok());
        let over = "a".repeat(PersonName::MAX_CHARS + 1);
        assert_eq!(
            PersonName::parse(&over),
            Err(TextError::TooLong { max: 200 })
        );
    }
}
