//! The report computed the slow, obvious way, in Rust, from the records the
//! test stored: the reference the database's aggregation must equal.

use crate::seed::World;
use chrono::{DateTime, NaiveDate, Utc};
use panda_domain::appointment::{Appointment, AppointmentStatus};
use panda_domain::report::{Counts, Dimension, GroupKey, MissedReportQuery, ReportRow};
use std::collections::BTreeMap;

fn key(world: &World, a: &Appointment, dimension: Dimension) -> GroupKey {
    let id = match dimension {
        Dimension::Clinician => Some(a.practitioner_id.to_string()),
        Dimension::Department => Some(a.department_id.to_string()),
        Dimension::Organisation => a.organisation_id.map(|o| o.to_string()),
        Dimension::Location => a.location_id.map(|l| l.to_string()),
    };
    let name = id.as_ref().map(|id| world.names[id].clone());
    GroupKey {
        dimension,
        id,
        name,
    }
}

fn selected(a: &Appointment, query: &MissedReportQuery) -> bool {
    let f = &query.filter;
    f.clinician.is_none_or(|c| c == a.practitioner_id)
        && f.department.is_none_or(|d| d == a.department_id)
        && f.organisation.is_none_or(|o| Some(o) == a.organisation_id)
        && f.location.is_none_or(|l| Some(l) == a.location_id)
        && query.from.is_none_or(|from| a.start >= from)
        && query.to.is_none_or(|to| a.start < to)
}

/// What one appointment adds to its group, judged at `now` with the
/// domain's own effective status.
fn counts(a: &Appointment, now: DateTime<Utc>) -> Counts {
    let mut c = Counts::default();
    if a.stored_status == AppointmentStatus::Cancelled {
        c.cancelled = 1;
    } else if a.end() <= now {
        c.due = 1;
        match a.status_at(now) {
            AppointmentStatus::Missed => {
                c.missed = 1;
                c.missed_minutes = u64::from(a.duration.minutes());
            }
            AppointmentStatus::Attended => c.attended = 1,
            other => panic!("an ended appointment cannot be {other}"),
        }
    }
    c
}

/// The rows the repository must return for `query` at `now`: every group
/// and period holding at least one selected appointment, ordered by keys
/// then period; with no grouping and no period, the one total row.
pub fn report(world: &World, query: &MissedReportQuery, now: DateTime<Utc>) -> Vec<ReportRow> {
    let mut groups: BTreeMap<(Vec<GroupKey>, Option<NaiveDate>), Counts> = BTreeMap::new();
    if query.group_by.is_empty() && query.period.is_none() {
        groups.insert((Vec::new(), None), Counts::default());
    }
    for a in world.appointments.iter().filter(|a| selected(a, query)) {
        let keys = query.group_by.iter().map(|d| key(world, a, *d)).collect();
        let period = query.period.map(|p| p.bucket(a.start));
        groups
            .entry((keys, period))
            .or_default()
            .add(&counts(a, now));
    }
    groups
        .into_iter()
        .map(|((keys, period_start), counts)| ReportRow {
            keys,
            period_start,
            counts,
        })
        .collect()
}
