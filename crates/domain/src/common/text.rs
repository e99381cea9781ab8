//! Free text that names a person or a thing: any script, trimmed, bounded.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;

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
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            TextError::TooLong { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// Trims `input` and checks it against the rules every name shares. The
/// content is otherwise kept byte for byte: no case folding, no
/// normalisation, so a name comes back exactly as it was given.
fn parse_text(input: &str, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(TextError::Empty);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(TextError::ControlCharacter);
    }
    if trimmed.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    Ok(trimmed.to_owned())
}

/// A person's name (a patient or a clinician), in any script, exactly as
/// given once surrounding white space is trimmed: titles, hyphens, commas
/// and "Surname, Given" forms are all kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

impl PersonName {
    /// The longest name accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Parses a name: trimmed, non-empty, no control characters, at most
    /// [`Self::MAX_CHARS`] characters.
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
    fn names_in_any_script_are_kept_byte_for_byte() {
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
