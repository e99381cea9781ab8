//! The SQL text of the missed-appointment report and its bound values. The
//! two backends share every line but the placeholders and the period
//! bucket, which [`bucket`] writes per dialect.
//!
//! Shape: an inner `GROUP BY` folds appointments into (group ids, UTC day),
//! streaming over a covering `(key, start_day)` index with no sort; an
//! outer `GROUP BY` folds those few thousand days into periods and joins
//! the names. Every period is a run of whole UTC days, so the two steps
//! give the same counts as bucketing each appointment.

use crate::statement::{Bind, Dialect, Statement};
use chrono::NaiveDateTime;
use panda_domain::report::{Dimension, MissedReportQuery, Period};
use std::fmt::Write;

/// The first day of the period holding the date in column `day`, as a
/// DATE: `Period::start_of` in SQL. The only backend-specific SQL of
/// the report. SQLite's `weekday 1` moves forward to a Monday, so going
/// back six days first lands on the Monday that starts the ISO week;
/// PostgreSQL's `date_trunc('week')` is already ISO.
fn bucket(dialect: Dialect, period: Period, day: &str) -> String {
    match (dialect, period) {
        (Dialect::Sqlite, Period::Day) => format!("date({day})"),
        (Dialect::Sqlite, Period::Week) => format!("date({day}, '-6 days', 'weekday 1')"),
        (Dialect::Sqlite, Period::Month) => format!("date({day}, 'start of month')"),
        (Dialect::Sqlite, Period::Quarter) => format!(
            "date({day}, 'start of month', \
             '-' || ((CAST(strftime('%m', {day}) AS INTEGER) - 1) % 3) || ' months')"
        ),
        (Dialect::Sqlite, Period::Year) => format!("date({day}, 'start of year')"),
        (Dialect::Postgres, period) => {
            let unit = period.as_str();
            format!("CAST(date_trunc('{unit}', CAST({day} AS TIMESTAMP)) AS DATE)")
        }
    }
}

/// How a dimension is stored: the appointment's column, the output alias,
/// the table holding its name and that table's alias.
fn columns(dimension: Dimension) -> (&'static str, &'static str, &'static str, &'static str) {
    match dimension {
        Dimension::Clinician => ("practitioner_id", "clinician", "practitioners", "p"),
        Dimension::Department => ("department_id", "department", "departments", "d"),
        Dimension::Organisation => ("organisation_id", "organisation", "organisations", "o"),
        Dimension::Location => ("location_id", "location", "locations", "l"),
    }
}

/// The report's statement. `now` decides which appointments have ended (and
/// so whether a stored `active` one is missed), as `AppointmentStatus::effective`.
pub(crate) fn missed_report(
    dialect: Dialect,
    query: &MissedReportQuery,
    now: NaiveDateTime,
    window: (Option<NaiveDateTime>, Option<NaiveDateTime>),
) -> Statement {
    let mut st = Statement::new();
    let now = st.bind(Bind::Timestamp(now));
    // Canonical order, so that a single key's GROUP BY matches its index.
    let grouped: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|d| query.group_by.contains(d))
        .collect();

    let mut conditions = Vec::new();
    let filter = &query.filter;
    let filters = [
        ("practitioner_id", filter.clinician.map(|id| id.to_string())),
        ("department_id", filter.department.map(|id| id.to_string())),
        (
            "organisation_id",
            filter.organisation.map(|id| id.to_string()),
        ),
        ("location_id", filter.location.map(|id| id.to_string())),
    ];
    for (column, value) in filters {
        if let Some(value) = value {
            let p = st.bind(Bind::Text(value));
            conditions.push(format!("a.{column} = {p}"));
        }
    }
    let (from, to) = window;
    if let Some(from) = from {
        // The day bound is implied by the instant's; it is there so the
        // (key, start_day) indexes can seek to the range.
        let day = st.bind(Bind::Date(from.date()));
        let at = st.bind(Bind::Timestamp(from));
        conditions.push(format!("a.start_day >= {day} AND a.start_at >= {at}"));
    }
    if let Some(to) = to {
        let day = st.bind(Bind::Date(to.date()));
        let at = st.bind(Bind::Timestamp(to));
        conditions.push(format!("a.start_day <= {day} AND a.start_at < {at}"));
    }
    let conditions = if conditions.is_empty() {
        "1 = 1".to_owned()
    } else {
        conditions.join(" AND ")
    };

    // Inner: counts per (group ids, UTC day).
    let mut inner_keys: Vec<String> = grouped
        .iter()
        .map(|d| {
            let (column, alias, _, _) = columns(*d);
            format!("a.{column} AS {alias}_id")
        })
        .collect();
    let mut inner_group: Vec<String> = grouped
        .iter()
        .map(|d| format!("a.{}", columns(*d).0))
        .collect();
    if query.period.is_some() {
        inner_keys.push("a.start_day AS day".to_owned());
        inner_group.push("a.start_day".to_owned());
    }
    let ended = format!("a.end_at <= {now}");
    let missed = format!("a.status IN ('missed', 'active') AND {ended}");
    let mut inner_select = inner_keys.clone();
    // `due` is not counted here: every appointment that has ended and was
    // not cancelled is attended or missed, so the outer query adds them up,
    // and each of the million rows a report may scan is spared one test.
    inner_select.extend([
        format!("COUNT(*) FILTER (WHERE {missed}) AS missed"),
        format!("COUNT(*) FILTER (WHERE a.status = 'attended' AND {ended}) AS attended"),
        "COUNT(*) FILTER (WHERE a.status = 'cancelled') AS cancelled".to_owned(),
        format!("COALESCE(SUM(a.duration_minutes) FILTER (WHERE {missed}), 0) AS missed_minutes"),
    ]);
    let inner_group = if inner_group.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", inner_group.join(", "))
    };

    // Outer: fold days into periods, add the names.
    let mut outer_select = Vec::new();
    let mut outer_group = Vec::new();
    let mut joins = String::new();
    for d in Dimension::ALL {
        let (_, alias, table, t) = columns(d);
        if grouped.contains(&d) {
            outer_select.push(format!(
                "t.{alias}_id AS {alias}_id, {t}.name AS {alias}_name"
            ));
            outer_group.push(format!("t.{alias}_id, {t}.name"));
            let _ = write!(joins, " LEFT JOIN {table} {t} ON {t}.id = t.{alias}_id");
        } else {
            outer_select.push(format!(
                "CAST(NULL AS TEXT) AS {alias}_id, CAST(NULL AS TEXT) AS {alias}_name"
            ));
        }
    }
    match query.period {
        Some(period) => {
            let bucket = bucket(dialect, period, "t.day");
            outer_select.push(format!("{bucket} AS period_start"));
            outer_group.push(bucket);
        }
        None => outer_select.push("CAST(NULL AS DATE) AS period_start".to_owned()),
    }
    outer_select.push("CAST(SUM(t.missed + t.attended) AS BIGINT) AS due".to_owned());
    for total in ["missed", "attended", "cancelled", "missed_minutes"] {
        outer_select.push(format!("CAST(SUM(t.{total}) AS BIGINT) AS {total}"));
    }
    let outer_group = if outer_group.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", outer_group.join(", "))
    };

    st.text = format!(
        "SELECT {outer} FROM (SELECT {inner} FROM appointments a WHERE {conditions}{inner_group}) t\
         {joins}{outer_group}",
        outer = outer_select.join(", "),
        inner = inner_select.join(", "),
    );
    st
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
