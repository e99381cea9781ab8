//! UK postcodes, coerced to their canonical form.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;

/// A UK postcode in canonical form: upper case, one space before the
/// three-character inward code (`SW1A 1AA`, `N6 2FA`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

/// Why a postcode was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this is not a UK postcode (expected a form such as SW1A 1AA or N6 2FA)")]
pub struct PostcodeError;

impl Problem for PostcodeError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "postcode-format"
    }
}

impl Postcode {
    /// Parses a postcode in any case and with any spacing, and returns it in
    /// canonical form. The letters allowed at each position follow the Royal
    /// Mail's rules (BS 7666), so `Q1 1AA` or `SW1A 1CI` are refused.
    pub fn parse(input: &str) -> Result<Self, PostcodeError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !compact.is_ascii() || !(5..=7).contains(&compact.len()) {
            return Err(PostcodeError);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !(is_outward(outward) && is_inward(inward)) && compact != "GIR0AA" {
            return Err(PostcodeError);
        }
        Ok(Self(format!("{outward} {inward}")))
    }
}

fn is_inward(code: &str) -> bool {
    let b = code.as_bytes();
    b[0].is_ascii_digit() && b[1..].iter().all(|&c| in_set(c, b"ABDEFGHJLNPQRSTUWXYZ"))
}

/// The outward code: A9, A99, AA9, AA99, A9A or AA9A.
fn is_outward(code: &str) -> bool {
    const FIRST: &[u8] = b"ABCDEFGHIJKLMNOPRSTUWYZ";
    const SECOND: &[u8] = b"ABCDEFGHKLMNOPQRSTUVWXY";
    const THIRD_OF_A9A: &[u8] = b"ABCDEFGHJKPSTUW";
    const FOURTH_OF_AA9A: &[u8] = b"ABEHMNPRVWXY";
    let digit = |c: u8| c.is_ascii_digit();
    match code.as_bytes() {
        [a, d] => in_set(*a, FIRST) && digit(*d),
        [a, d, e] if digit(*d) => in_set(*a, FIRST) && (digit(*e) || in_set(*e, THIRD_OF_A9A)),
        [a, b, d] => in_set(*a, FIRST) && in_set(*b, SECOND) && digit(*d),
        [a, b, d, e] => {
            in_set(*a, FIRST)
                && in_set(*b, SECOND)
                && digit(*d)
                && (digit(*e) || in_set(*e, FOURTH_OF_AA9A))
        }
        _ => false,
    }
}

fn in_set(c: u8, set: &[u8]) -> bool {
    set.contains(&c)
}

impl AsRef<str> for Postcode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(input: &str) -> Result<String, PostcodeError> {
        Postcode::parse(input).map(|p| p.to_string())
    }

    #[test]
    fn case_and_spacing_are_coerced_to_the_canonical_form() {
        assert_eq!(canonical("sw1a1aa"), Ok("SW1A 1AA".to_owned()));
        assert_eq!(canonical("n62fa"), Ok("N6 2FA".to_owned()));
        assert_eq!(canonical("  Ec1A   1bB "), Ok("EC1A 1BB".to_owned()));
    }

    #[test]
    fn every_outward_shape_is_accepted() {
        for p in [
            "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "GIR 0AA",
        ] {
            assert_eq!(canonical(p), Ok(p.to_owned()));
        }
    }

    #[test]
    fn the_brief_s_unusual_but_valid_postcodes_are_accepted() {
        for p in [
            "HP7H 2AS", "W7U 5ZG", "IM2N 4LG", "YO00 0UE", "N05 7XY", "JE09 9WF",
        ] {
            assert_eq!(canonical(p), Ok(p.to_owned()));
        }
    }

    #[test]
    fn shapes_that_cannot_be_coerced_are_refused() {
        for p in [
            "",
            "SW1A",
            "SW1A1AAA",
            "12345",
            "SW1A 1A",
            "SW1A-1AA",
            "ＳＷ1A 1AA",
            "S 1AA",
        ] {
            assert_eq!(canonical(p), Err(PostcodeError), "{p:?}");
        }
    }

    #[test]
    fn letters_the_royal_mail_never_uses_in_a_position_are_refused() {
        // Q, V and X never start a postcode; C, I, K, M, O, V never end one.
        for p in [
            "Q1 1AA", "V1 1AA", "X1 1AA", "SW1A 1CA", "SW1A 1AI", "M1 1AK",
        ] {
            assert_eq!(canonical(p), Err(PostcodeError), "{p:?}");
        }
    }
}
