//! Every parser of outside input, under arbitrary input: it never panics,
//! and whatever it accepts prints back to text that parses to the same
//! value (so what PANDA stores, shows and exports can be read back).

use chrono::{Datelike, NaiveDate};
use panda_domain::appointment::AppointmentDuration;
use panda_domain::common::instant::{format_instant, parse_instant};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::patient::{DateOfBirth, NhsNumber};
use proptest::prelude::*;

/// Text that is often nearly valid: pieces of real values mixed with
/// arbitrary characters, so that the parsers' deeper branches are reached.
fn text(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(pieces).prop_map(str::to_owned),
        2 => "[0-9 ]{0,12}",
        2 => any::<String>(),
        1 => "[\\u{0}-\\u{7f}]{0,24}",
    ];
    prop::collection::vec(piece, 0..4).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn nhs_numbers(input in text(&["9434765919", "943 476 5919", "0000000000", "40102321"])) {
        if let Ok(n) = NhsNumber::parse(&input) {
            prop_assert_eq!(NhsNumber::parse(n.as_ref()), Ok(n.clone()));
            prop_assert_eq!(n.as_ref().len(), 10);
        }
    }

    #[test]
    fn postcodes(input in text(&["SW1A 1AA", "n62fa", "GIR 0AA", "M1 1AE", " ec1a1bb "])) {
        if let Ok(p) = Postcode::parse(&input) {
            prop_assert_eq!(Postcode::parse(p.as_ref()), Ok(p.clone()));
        }
    }

    #[test]
    fn names_and_labels(input in text(&["Mary Thomas", "Siân", "a\u{0302}", "\u{202E}", "\u{200D}", "刘桂荣", "  "])) {
        if let Ok(n) = PersonName::parse(&input) {
            prop_assert_eq!(PersonName::parse(n.as_ref()), Ok(n.clone()));
            prop_assert!(n.as_ref().chars().count() <= PersonName::MAX_CHARS);
        }
        if let Ok(l) = Label::parse(&input) {
            prop_assert_eq!(Label::parse(l.as_ref()), Ok(l.clone()));
        }
    }

    #[test]
    fn durations(input in text(&["30m", "1h", "1h30m", "8h", "h", "m", "99999999999h"])) {
        if let Ok(d) = AppointmentDuration::parse(&input) {
            prop_assert_eq!(AppointmentDuration::parse(&d.to_string()), Ok(d));
        }
    }

    #[test]
    fn timestamps(input in text(&["2030-01-15T09:00:00Z", "+01:00", "-14:00", "T", "9999-12-31", ".5", "Z"])) {
        if let Ok(at) = parse_instant(&input) {
            let shown = format_instant(at);
            prop_assert!((1900..=2999).contains(&at.year()), "{}", shown);
            // Whole seconds are shown; the parsed form keeps sub-seconds.
            let back = parse_instant(&shown);
            prop_assert_eq!(back.map(|b| b.timestamp()), Ok(at.timestamp()));
        }
    }

    #[test]
    fn dates_of_birth(input in text(&["1980-01-02", "2024-02-29", "1875-01-01", "02/01/1980", "-"])) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        if let Ok(d) = DateOfBirth::parse(&input, today) {
            prop_assert_eq!(DateOfBirth::parse(&d.to_string(), today), Ok(d));
        }
    }
}
