//! Every problem code has a title and a detail in every language, and
//! negotiation picks the language the client prefers.

mod api_codes;
mod codes;
mod schedule_codes;

use super::Lang;
use codes::every_code;

#[test]
fn every_code_has_a_title_and_a_detail_in_english_and_in_welsh() {
    let mut missing = Vec::new();
    for (code, params) in every_code() {
        for lang in Lang::ALL {
            if !lang.has_messages(code, &params) {
                missing.push(format!("{}: {code}", lang.tag()));
            }
        }
    }
    assert!(missing.is_empty(), "missing messages: {missing:#?}");
}

#[test]
fn parameters_are_quoted_in_the_message() {
    let detail = Lang::Welsh.detail("text-too-long", &[("max", "200".to_owned())]);
    assert_eq!(detail, "Ni ddylai hwn fod yn hwy na 200 nod.");
    let detail = Lang::English.detail("nhs-number-length", &[("found", "9".to_owned())]);
    assert_eq!(detail, "An NHS number has exactly 10 digits, not 9.");
}

#[test]
fn the_allowed_durations_are_quoted_in_either_language_without_english_words() {
    let params = |step: &str| {
        [
            ("min", "15m".to_owned()),
            ("max", "8h".to_owned()),
            ("step", step.to_owned()),
        ]
    };
    assert_eq!(
        Lang::Welsh.detail("duration-not-allowed", &params("15m")),
        "Ni chaniateir yr hyd hwn ar gyfer apwyntiad. Caniateir: 15m i 8h mewn camau o 15m."
    );
    assert_eq!(
        Lang::English.detail("duration-not-allowed", &params("none")),
        "This duration is not allowed for an appointment. Allowed: 15m."
    );
}

#[test]
fn welsh_status_names_are_translated() {
    let params = [("from", "attended".to_owned()), ("to", "active".to_owned())];
    let detail = Lang::Welsh.detail("status-transition-not-allowed", &params);
    assert_eq!(detail, "Ni all apwyntiad newid o wedi dod i weithredol.");
}

#[test]
fn welsh_is_chosen_for_cy_and_cy_gb_and_english_otherwise() {
    assert_eq!(Lang::negotiate(Some("cy")), Lang::Welsh);
    assert_eq!(Lang::negotiate(Some("cy-GB")), Lang::Welsh);
    assert_eq!(Lang::negotiate(Some("CY-gb;q=0.8")), Lang::Welsh);
    assert_eq!(Lang::negotiate(Some("fr")), Lang::English);
    assert_eq!(Lang::negotiate(Some("en-GB")), Lang::English);
    assert_eq!(Lang::negotiate(None), Lang::English);
    assert_eq!(Lang::negotiate(Some(";;,=q")), Lang::English);
}

#[test]
fn quality_values_are_respected() {
    assert_eq!(Lang::negotiate(Some("en;q=0.5, cy;q=0.9")), Lang::Welsh);
    assert_eq!(Lang::negotiate(Some("cy;q=0.4, en")), Lang::English);
    assert_eq!(Lang::negotiate(Some("fr, cy;q=0.3")), Lang::Welsh);
    assert_eq!(Lang::negotiate(Some("cy;q=0, en;q=0.1")), Lang::English);
    assert_eq!(Lang::negotiate(Some("cy;q=2")), Lang::English);
}

#[test]
fn the_coverage_check_notices_a_missing_message() {
    assert!(!Lang::Welsh.has_messages("no-such-code", &[]));
    assert!(!Lang::English.has_messages("text-too-long", &[]));
}
