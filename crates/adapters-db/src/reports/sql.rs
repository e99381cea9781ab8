//! The SQL text of the missed-appointment report and its bound values. The
//! two backends share every line but the placeholders and the period
//! bucket, which [`bucket`] writes per dialect.
//!
//! Shape: an inner `GROUP BY` folds appointments into (group ids, UTC day),
//! streaming over a covering `(key, start_day)` index with no sort; an
//! outer `GROUP BY` folds those few thousand days into periods and joins
//! the names. Every period is a run of whole UTC days, so the two steps
//! give the same counts as bucketing each appointment.

mod plan;

pub(crate) use plan::Window;
use plan::plan;

use crate::statement::{Bind, Dialect, Statement};
use chrono::{NaiveDate, NaiveDateTime};
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
    window: Window,
) -> Statement {
    let plan = plan(query, now, window);
    let mut st = Statement::new();
    let now = st.bind(Bind::Timestamp(now));
    // Canonical order, so that a single key's GROUP BY matches its index.
    let grouped: Vec<Dimension> = Dimension::ALL
        .into_iter()
        .filter(|d| query.group_by.contains(d))
        .collect();
    let filter = &query.filter;
    let filters = [
        (
            Dimension::Clinician,
            filter.clinician.map(|id| id.to_string()),
        ),
        (
            Dimension::Department,
            filter.department.map(|id| id.to_string()),
        ),
        (
            Dimension::Organisation,
            filter.organisation.map(|id| id.to_string()),
        ),
        (
            Dimension::Location,
            filter.location.map(|id| id.to_string()),
        ),
    ];
    let mut filtered = Vec::new();
    for (dimension, value) in filters {
        if let Some(value) = value {
            filtered.push((dimension, st.bind(Bind::Text(value))));
        }
    }

    // Inner: counts per (group ids, UTC day), one branch per source.
    let mut branches = Vec::new();
    for (first, last, over) in &plan.totals {
        branches.push(totals_branch(
            &mut st, query, &grouped, &filtered, *first, *last, *over,
        ));
    }
    for window in &plan.live {
        branches.push(live_branch(
            &mut st, query, &grouped, &filtered, &now, *window,
        ));
    }

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
    outer_select.push("CAST(COALESCE(SUM(t.missed + t.attended), 0) AS BIGINT) AS due".to_owned());
    for total in ["missed", "attended", "cancelled", "missed_minutes"] {
        outer_select.push(format!(
            "CAST(COALESCE(SUM(t.{total}), 0) AS BIGINT) AS {total}"
        ));
    }
    let outer_group = if outer_group.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", outer_group.join(", "))
    };

    st.text = format!(
        "SELECT {outer} FROM ({inner}) t{joins}{outer_group}",
        outer = outer_select.join(", "),
        inner = branches.join(" UNION ALL "),
    );
    st
}

/// `GROUP BY` over `keys`, or nothing.
fn group_by(keys: Vec<String>) -> String {
    if keys.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {}", keys.join(", "))
    }
}

/// Counts per (group ids, day) of the appointments starting in `window`,
/// one by one: a stored `active` one that has ended by `now` is missed.
fn live_branch(
    st: &mut Statement,
    query: &MissedReportQuery,
    grouped: &[Dimension],
    filtered: &[(Dimension, String)],
    now: &str,
    (from, to): Window,
) -> String {
    let mut conditions: Vec<String> = filtered
        .iter()
        .map(|(d, p)| format!("a.{} = {p}", columns(*d).0))
        .collect();
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
    let mut select: Vec<String> = grouped
        .iter()
        .map(|d| {
            let (column, alias, _, _) = columns(*d);
            format!("a.{column} AS {alias}_id")
        })
        .collect();
    let mut keys: Vec<String> = grouped
        .iter()
        .map(|d| format!("a.{}", columns(*d).0))
        .collect();
    if query.period.is_some() {
        select.push("a.start_day AS day".to_owned());
        keys.push("a.start_day".to_owned());
    }
    let ended = format!("a.end_at <= {now}");
    let missed = format!("a.status IN ('missed', 'active') AND {ended}");
    // `due` is not counted here: every appointment that has ended and was
    // not cancelled is attended or missed, so the outer query adds them up,
    // and each of the million rows a report may scan is spared one test.
    select.extend([
        format!("COUNT(*) FILTER (WHERE {missed}) AS missed"),
        format!("COUNT(*) FILTER (WHERE a.status = 'attended' AND {ended}) AS attended"),
        "COUNT(*) FILTER (WHERE a.status = 'cancelled') AS cancelled".to_owned(),
        format!("COALESCE(SUM(a.duration_minutes) FILTER (WHERE {missed}), 0) AS missed_minutes"),
    ]);
    format!(
        "SELECT {} FROM appointments a WHERE {conditions}{}",
        select.join(", "),
        group_by(keys)
    )
}

/// Counts per (group ids, day) from `report_days` over the days `first` to
/// `last`: when they are `over`, every active appointment has ended and is
/// missed; otherwise none has ended, and only cancellations count.
fn totals_branch(
    st: &mut Statement,
    query: &MissedReportQuery,
    grouped: &[Dimension],
    filtered: &[(Dimension, String)],
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    over: bool,
) -> String {
    // A row whose appointments have all moved away or gone counts nothing
    // and names a group the appointments no longer have.
    let mut conditions = vec!["r.active + r.missed + r.attended + r.cancelled > 0".to_owned()];
    for (d, p) in filtered {
        conditions.push(format!("r.{} = {p}", columns(*d).0));
    }
    if let Some(first) = first {
        let day = st.bind(Bind::Date(first));
        conditions.push(format!("r.day >= {day}"));
    }
    if let Some(last) = last {
        let day = st.bind(Bind::Date(last));
        conditions.push(format!("r.day <= {day}"));
    }
    // No organisation or location is '' in the totals: NULL, as in the
    // appointments.
    let mut select: Vec<String> = grouped
        .iter()
        .map(|d| {
            let (column, alias, _, _) = columns(*d);
            format!("NULLIF(r.{column}, '') AS {alias}_id")
        })
        .collect();
    let mut keys: Vec<String> = grouped
        .iter()
        .map(|d| format!("r.{}", columns(*d).0))
        .collect();
    if query.period.is_some() {
        select.push("r.day AS day".to_owned());
        keys.push("r.day".to_owned());
    }
    let sum = |expression: &str| format!("CAST(COALESCE(SUM({expression}), 0) AS BIGINT)");
    if over {
        select.extend([
            format!("{} AS missed", sum("r.missed + r.active")),
            format!("{} AS attended", sum("r.attended")),
            format!("{} AS cancelled", sum("r.cancelled")),
            format!(
                "{} AS missed_minutes",
                sum("r.missed_minutes + r.active_minutes")
            ),
        ]);
    } else {
        select.extend([
            "CAST(0 AS BIGINT) AS missed".to_owned(),
            "CAST(0 AS BIGINT) AS attended".to_owned(),
            format!("{} AS cancelled", sum("r.cancelled")),
            "CAST(0 AS BIGINT) AS missed_minutes".to_owned(),
        ]);
    }
    format!(
        "SELECT {} FROM report_days r WHERE {}{}",
        select.join(", "),
        conditions.join(" AND "),
        group_by(keys)
    )
}

#[cfg(test)]
mod tests;
