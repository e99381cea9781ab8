//! The plan's unit tests: which days come from the totals and which are
//! read live.

use super::plan::Plan;
use super::*;
use chrono::{NaiveTime, TimeDelta};
use panda_domain::appointment::AppointmentDuration;
use panda_domain::report::ReportFilter;

fn query(group_by: Vec<Dimension>, period: Option<Period>) -> MissedReportQuery {
    MissedReportQuery {
        group_by,
        period,
        from: None,
        to: None,
        filter: ReportFilter::default(),
    }
}

#[test]
fn the_department_report_groups_by_department_and_day_then_by_month() {
    let q = query(vec![Dimension::Department], Some(Period::Month));
    let st = missed_report(Dialect::Postgres, &q, NaiveDateTime::MIN, (None, None));
    assert!(st.text.contains("GROUP BY a.department_id, a.start_day"));
    assert!(st.text.contains("date_trunc('month'"));
    assert!(
        st.text
            .contains("LEFT JOIN departments d ON d.id = t.department_id")
    );
    assert_eq!(st.binds.len(), 1);
}

#[test]
fn every_filter_and_bound_is_a_bound_parameter_never_text() {
    let id = "343d31d4-5993-47ef-a468-7884a467ae80";
    let mut q = query(vec![], None);
    q.filter.department = panda_domain::common::ids::DepartmentId::parse(id).ok();
    let at = NaiveDateTime::MIN;
    let st = missed_report(Dialect::Sqlite, &q, at, (Some(at), Some(at)));
    assert!(!st.text.contains(id));
    let second = Statement::mark(1);
    assert!(st.text.contains(&format!("a.department_id = {second}")));
    // now, the department, then a day and an instant per bound.
    assert_eq!(st.binds.len(), 6);
    assert!(!st.text.contains("GROUP BY"));
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn settled_days_come_from_the_totals_and_yesterday_and_today_are_read_live() {
    let q = query(vec![Dimension::Department], Some(Period::Month));
    let plan = plan(&q, at(2030, 6, 12, 10, 7), (None, None));
    assert_eq!(
        plan.totals,
        [
            (None, Some(day(2030, 6, 10)), true),
            (Some(day(2030, 6, 13)), None, false)
        ]
    );
    assert_eq!(
        plan.live,
        [(Some(at(2030, 6, 11, 0, 0)), Some(at(2030, 6, 13, 0, 0)))]
    );
}

#[test]
fn a_day_the_window_cuts_is_read_live() {
    let q = query(vec![Dimension::Location], None);
    let window = (Some(at(2030, 1, 1, 13, 30)), Some(at(2030, 12, 1, 9, 0)));
    let plan = plan(&q, at(2030, 6, 12, 10, 7), window);
    assert_eq!(
        plan.totals,
        [
            (Some(day(2030, 1, 2)), Some(day(2030, 6, 10)), true),
            (Some(day(2030, 6, 13)), Some(day(2030, 11, 30)), false)
        ]
    );
    assert_eq!(
        plan.live,
        [
            (window.0, Some(at(2030, 1, 2, 0, 0))),
            (Some(at(2030, 6, 11, 0, 0)), Some(at(2030, 6, 13, 0, 0))),
            (Some(at(2030, 12, 1, 0, 0)), window.1),
        ]
    );
}

#[test]
fn a_report_by_clinician_is_read_live_throughout() {
    let window = (Some(at(2029, 1, 1, 0, 0)), None);
    let q = query(vec![Dimension::Clinician], None);
    let expected = Plan {
        totals: Vec::new(),
        live: vec![window],
    };
    assert_eq!(plan(&q, at(2030, 6, 12, 10, 7), window), expected);
    let mut q = query(vec![Dimension::Department], None);
    q.filter.clinician =
        panda_domain::common::ids::PractitionerId::parse("343d31d4-5993-47ef-a468-7884a467ae80")
            .ok();
    assert_eq!(plan(&q, at(2030, 6, 12, 10, 7), window), expected);
}

/// Whatever the window and the clock: every instant of the window is
/// read exactly once, from a run or live, none outside it; a run's
/// days have all ended by `now` or all start at `now` or later.
#[test]
fn the_runs_and_the_live_ranges_split_the_window_exactly_and_runs_are_settled() {
    let q = query(vec![Dimension::Department], Some(Period::Day));
    let base = at(2030, 6, 1, 0, 0);
    let minutes = |n: i64| base + TimeDelta::minutes(n);
    let edges = [
        None,
        Some(0),
        Some(45),
        Some(1440),
        Some(2 * 1440 + 15),
        Some(9 * 1440),
    ];
    let nows = [0, 30, 1440, 3 * 1440 + 600, 4 * 1440, 20 * 1440];
    for &now in &nows {
        let now = minutes(now);
        for &from in &edges {
            for &to in &edges {
                let window = (from.map(minutes), to.map(|n| minutes(n + 1440)));
                let plan = plan(&q, now, window);
                for n in (-3 * 96..16 * 96).map(|k| minutes(15 * k)) {
                    let inside = window.0.is_none_or(|f| n >= f) && window.1.is_none_or(|t| n < t);
                    let runs = plan
                        .totals
                        .iter()
                        .filter(|(a, b, _)| {
                            a.is_none_or(|a| n.date() >= a) && b.is_none_or(|b| n.date() <= b)
                        })
                        .count();
                    let live = plan
                        .live
                        .iter()
                        .filter(|(f, t)| f.is_none_or(|f| n >= f) && t.is_none_or(|t| n < t))
                        .count();
                    assert_eq!(
                        runs + live,
                        usize::from(inside),
                        "{n} at {now} in {window:?}: {plan:?}"
                    );
                }
                for (a, b, over) in &plan.totals {
                    if *over {
                        let b = b.unwrap();
                        let latest_end = b.and_time(NaiveTime::MIN)
                            + TimeDelta::days(1)
                            + TimeDelta::minutes(i64::from(AppointmentDuration::LONGEST.minutes()));
                        assert!(latest_end <= now, "{plan:?} at {now}");
                    } else {
                        assert!(
                            a.unwrap().and_time(NaiveTime::MIN) >= now,
                            "{plan:?} at {now}"
                        );
                    }
                }
            }
        }
    }
}
