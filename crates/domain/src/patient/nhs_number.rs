//! The NHS number: ten digits whose last is a modulus-11 check digit.

use crate::common::error::{ErrorKind, Problem};
use std::fmt;

/// A patient's NHS number, valid by construction: exactly ten ASCII digits,
/// kept as text because leading zeros matter, with a correct check digit per
/// the NHS Data Dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

/// Why an NHS number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    /// Something other than a digit or a space was given.
    #[error("an NHS number has only digits (spaces are allowed between them)")]
    NotDigits,
    /// Not ten digits once spaces are removed.
    #[error("an NHS number has exactly 10 digits, not {found}")]
    WrongLength {
        /// How many digits were given.
        found: usize,
    },
    /// The tenth digit does not match the first nine.
    #[error("this is not a valid NHS number: its check digit does not match")]
    Checksum,
    /// Ten times the same digit (`0000000000`, `1111111111`): the check
    /// digit can match, but no such number is ever issued, and they are
    /// what a form's placeholder or a test leaves behind.
    #[error("this is not a valid NHS number: its ten digits are all the same")]
    RepeatedDigit,
}

impl Problem for NhsNumberError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            NhsNumberError::NotDigits => "nhs-number-not-digits",
            NhsNumberError::WrongLength { .. } => "nhs-number-length",
            NhsNumberError::Checksum => "nhs-number-checksum",
            NhsNumberError::RepeatedDigit => "nhs-number-repeated-digit",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            NhsNumberError::WrongLength { found } => vec![("found", found.to_string())],
            _ => Vec::new(),
        }
    }
}

impl NhsNumber {
    /// Parses an NHS number. Spaces (as in `943 476 5919`) are removed;
    /// anything else that is not a digit is refused, and so are ten
    /// repeats of one digit.
    pub fn parse(input: &str) -> Result<Self, NhsNumberError> {
        let mut digits = String::with_capacity(10);
        let mut found = 0;
        for c in input.chars() {
            match c {
                ' ' => {}
                '0'..='9' => {
                    found += 1;
                    // Counted, not kept, past ten: the memory is bounded.
                    if digits.len() < 10 {
                        digits.push(c);
                    }
                }
                _ => return Err(NhsNumberError::NotDigits),
            }
        }
        if found != 10 {
            return Err(NhsNumberError::WrongLength { found });
        }
        let bytes = digits.as_bytes();
        if bytes.iter().all(|&b| b == bytes[0]) {
            return Err(NhsNumberError::RepeatedDigit);
        }
        let weighted: u32 = bytes[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(d, weight)| u32::from(d - b'0') * weight)
            .sum();
        let check = match 11 - weighted % 11 {
            11 => 0,
            10 => return Err(NhsNumberError::Checksum),
            n => n,
        };
        if u32::from(bytes[9] - b'0') != check {
            return Err(NhsNumberError::Checksum);
        }
        Ok(Self(digits))
    }
}

impl AsRef<str> for NhsNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_s_valid_examples_are_accepted() {
        for n in ["9434765919", "4010232137"] {
            assert_eq!(NhsNumber::parse(n).map(|n| n.to_string()), Ok(n.to_owned()));
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused() {
        assert_eq!(
            NhsNumber::parse("4010232138"),
            Err(NhsNumberError::Checksum)
        );
        assert_eq!(
            NhsNumber::parse("1234567889"),
            Err(NhsNumberError::Checksum)
        );
    }

    #[test]
    fn a_check_digit_of_ten_makes_the_number_invalid_whatever_the_last_digit() {
        // 000000006: weighted sum 12, 12 mod 11 = 1, 11 - 1 = 10: no digit can carry it.
        for last in 0..=9 {
            let n = format!("000000006{last}");
            assert_eq!(NhsNumber::parse(&n), Err(NhsNumberError::Checksum), "{n}");
        }
    }

    #[test]
    fn a_remainder_of_zero_gives_a_check_digit_of_zero() {
        // 000000014: weighted sum 3 + 8 = 11, 11 mod 11 = 0, 11 - 0 = 11, which means 0.
        assert!(NhsNumber::parse("0000000140").is_ok());
        assert_eq!(
            NhsNumber::parse("0000000141"),
            Err(NhsNumberError::Checksum)
        );
    }

    #[test]
    fn ten_repeats_of_one_digit_are_refused_even_where_the_check_digit_matches() {
        // 0000000000 and 1111111111 pass the modulus-11 check.
        for d in 0..=9 {
            let n = d.to_string().repeat(10);
            assert_eq!(
                NhsNumber::parse(&n),
                Err(NhsNumberError::RepeatedDigit),
                "{n}"
            );
        }
        assert_eq!(
            NhsNumber::parse("000 000 0000"),
            Err(NhsNumberError::RepeatedDigit)
        );
    }

    #[test]
    fn a_very_long_run_of_digits_is_counted_not_kept() {
        let long = "1".repeat(100_000);
        assert_eq!(
            NhsNumber::parse(&long),
            Err(NhsNumberError::WrongLength { found: 100_000 })
        );
    }

    #[test]
    fn leading_zeros_are_kept() {
        let n = NhsNumber::parse("0021403597").map(|n| n.to_string());
        assert_eq!(n, Ok("0021403597".to_owned()));
    }

    #[test]
    fn spaces_are_removed() {
        let n = NhsNumber::parse(" 943 476 5919 ").map(|n| n.to_string());
        assert_eq!(n, Ok("9434765919".to_owned()));
    }

    #[test]
    fn anything_but_digits_and_spaces_is_refused() {
        for n in [
            "943-476-5919",
            "943476591x",
            "９４３４７６５９１９",
            "9434765919\n",
        ] {
            assert_eq!(NhsNumber::parse(n), Err(NhsNumberError::NotDigits), "{n:?}");
        }
    }

    #[test]
    fn the_wrong_number_of_digits_is_refused_with_the_count() {
        assert_eq!(
            NhsNumber::parse(""),
            Err(NhsNumberError::WrongLength { found: 0 })
        );
        assert_eq!(
            NhsNumber::parse("943476591"),
            Err(NhsNumberError::WrongLength { found: 9 })
        );
        assert_eq!(
            NhsNumber::parse("94347659190"),
            Err(NhsNumberError::WrongLength { found: 11 })
        );
    }
}
