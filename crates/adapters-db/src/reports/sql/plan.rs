//! Which days of a report the daily totals can answer and which are read
//! appointment by appointment: the clock still changes what counts as
//! missed on the days around `now` (ADR 0012).

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use panda_domain::appointment::AppointmentDuration;
use panda_domain::report::{Dimension, MissedReportQuery};

/// Where the report's counts come from: whole UTC days from `report_days`
/// (migration `2026-12-01-000001_report_days`), the rest from the
/// appointments themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Runs of whole days read from the totals, in order.
    pub(crate) totals: Vec<Run>,
    /// Ranges of starts read appointment by appointment, in order,
    /// disjoint from each other and from the runs.
    pub(crate) live: Vec<Window>,
}

/// A run of whole days, first and last (`None`: unbounded), and whether
/// every appointment starting on them has ended (`true`) or none has
/// (`false`).
pub(crate) type Run = (Option<NaiveDate>, Option<NaiveDate>, bool);

/// A range of instants, `[from, to)`; `None` is unbounded.
pub(crate) type Window = (Option<NaiveDateTime>, Option<NaiveDateTime>);

/// Which days of `window` the totals can answer at `now`: the whole days
/// in it whose counts the clock no longer changes, because every
/// appointment starting that day has ended (it started a day and the
/// longest duration ago) or none has begun (the day starts at `now` or
/// later). The rest is read live: yesterday and today, and a first or last
/// day the window cuts. The totals have no clinician, so a report grouped
/// or filtered by one is read live throughout.
pub(crate) fn plan(query: &MissedReportQuery, now: NaiveDateTime, window: Window) -> Plan {
    let by_clinician =
        query.group_by.contains(&Dimension::Clinician) || query.filter.clinician.is_some();
    let split = if by_clinician {
        None
    } else {
        split(now, window)
    };
    split.unwrap_or(Plan {
        totals: Vec::new(),
        live: vec![window],
    })
}

/// [`plan`] without a clinician; `None` at the edges of the calendar,
/// where reading live serves.
fn split(now: NaiveDateTime, (from, to): Window) -> Option<Plan> {
    let day = Days::new(1);
    let midnight = |day: NaiveDate| day.and_time(NaiveTime::MIN);
    // The first day from midnight on: `at`'s, or the next.
    let from_midnight = |at: NaiveDateTime| {
        if at.time() == NaiveTime::MIN {
            Some(at.date())
        } else {
            at.date().checked_add_days(day)
        }
    };
    // The whole days of the window.
    let first = from
        .map(from_midnight)
        .map_or(Some(None), |d| d.map(Some))?;
    let last = to
        .map(|at| at.date().checked_sub_days(day))
        .map_or(Some(None), |d| d.map(Some))?;
    // Days up to `ended` are over; days from `pending` on have not begun.
    let longest = TimeDelta::minutes(i64::from(AppointmentDuration::LONGEST.minutes()));
    let ended = now
        .checked_sub_signed(longest)?
        .date()
        .checked_sub_days(day)?;
    let pending = from_midnight(now)?;
    let runs = [
        (first, Some(last.map_or(ended, |l| l.min(ended))), true),
        (Some(first.map_or(pending, |f| f.max(pending))), last, false),
    ];
    let mut totals = Vec::new();
    let mut live = Vec::new();
    // Where the next live range may start; `None`: the beginning of time.
    let mut cursor = from;
    for (a, b, over) in runs {
        if let (Some(a), Some(b)) = (a, b)
            && a > b
        {
            continue;
        }
        let start = a.map(midnight);
        let gap = match (cursor, start) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(at), Some(start)) => at < start,
        };
        if gap {
            live.push((cursor, start));
        }
        totals.push((a, b, over));
        match b {
            Some(b) => cursor = Some(midnight(b.checked_add_days(day)?)),
            // The run reaches the end of time: nothing is left.
            None => return Some(Plan { totals, live }),
        }
    }
    let gap = match (cursor, to) {
        (Some(at), Some(to)) => at < to,
        _ => true,
    };
    if gap || totals.is_empty() {
        live.push((cursor, to));
    }
    Some(Plan { totals, live })
}
