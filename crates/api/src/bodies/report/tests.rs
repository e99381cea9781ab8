//! Parsing the report's query string, and the rounded rate.

use super::*;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn with_no_parameters_the_report_is_one_total_as_json() {
    let request = parse_missed_request(&[]).unwrap();
    assert!(request.query.group_by.is_empty());
    assert_eq!(request.query.period, None);
    assert_eq!(request.query.filter, ReportFilter::default());
    assert_eq!(request.format, None);
}

#[test]
fn blank_group_by_items_are_ignored_and_periods_parse() {
    let request = parse_missed_request(&pairs(&[
        ("group_by", "clinician,,"),
        ("period", "quarter"),
        ("format", "svg"),
    ]))
    .unwrap();
    assert_eq!(request.query.group_by, [Dimension::Clinician]);
    assert_eq!(request.query.period, Some(Period::Quarter));
    assert_eq!(request.format, Some(ReportFormat::Svg));
}

#[test]
fn a_chart_asked_for_by_format_needs_a_period() {
    let refused = parse_missed_request(&pairs(&[("format", "svg")])).unwrap_err();
    assert_eq!(refused.errors.len(), 1);
    assert_eq!(refused.errors[0].field, "period");
    assert_eq!(refused.errors[0].code, "report-chart-needs-period");
}

#[test]
fn the_rate_is_rounded_to_four_places_and_zero_when_nothing_was_due() {
    let third = Counts {
        due: 3,
        missed: 1,
        ..Counts::default()
    };
    assert_eq!(missed_rate(&third), 0.3333);
    assert_eq!(missed_rate(&Counts::default()), 0.0);
}
