//! Listing appointments: filters, the effective status, and a page.

use super::{BoxedViews, views};
use crate::connection::DbConnection;
use crate::errors::repository_error;
use crate::paging::{limit, offset, total};
use crate::rows::{ViewRow, instant_to_db};
use crate::schema::appointments;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use panda_domain::appointment::{AppointmentFilter, AppointmentStatus, AppointmentView};
use panda_domain::{Page, PageRequest, RepositoryError};

/// The appointments `filter` selects, judged at `now`, not yet ordered.
fn filtered<'a>(filter: &AppointmentFilter, now: DateTime<Utc>) -> BoxedViews<'a> {
    let mut query = views();
    if let Some(patient) = &filter.patient {
        query = query.filter(appointments::patient_nhs.eq(patient.to_string()));
    }
    if let Some(practitioner) = filter.practitioner_id {
        query = query.filter(appointments::practitioner_id.eq(practitioner.to_string()));
    }
    if let Some(department) = filter.department_id {
        query = query.filter(appointments::department_id.eq(department.to_string()));
    }
    if let Some(from) = filter.from {
        query = query.filter(appointments::start_at.ge(instant_to_db(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(appointments::start_at.lt(instant_to_db(to)));
    }
    // The effective status: a stored `active` that has ended is missed
    // (AppointmentStatus::effective), decided here so the page and the
    // total agree with what readers are shown.
    let now = instant_to_db(now);
    let status = appointments::status;
    let ended = appointments::end_at.le(now);
    let running = appointments::end_at.gt(now);
    query = match filter.status {
        None => query,
        Some(AppointmentStatus::Active) => query.filter(status.eq("active").and(running)),
        Some(AppointmentStatus::Missed) => {
            query.filter(status.eq("missed").or(status.eq("active").and(ended)))
        }
        Some(other) => query.filter(status.eq(other.as_str())),
    };
    query
}

/// One page of the appointments `filter` selects, ordered by start then id,
/// with the total. The total and the page are two statements; a write
/// between them can make them disagree by that write, which paging tolerates.
pub(super) fn page(
    conn: &mut DbConnection,
    filter: &AppointmentFilter,
    now: DateTime<Utc>,
    page: PageRequest,
) -> Result<Page<AppointmentView>, RepositoryError> {
    let count: i64 = filtered(filter, now)
        .count()
        .get_result(conn)
        .map_err(repository_error)?;
    let rows: Vec<ViewRow> = filtered(filter, now)
        .order((appointments::start_at, appointments::id))
        .offset(offset(page))
        .limit(limit(page))
        .select(ViewRow::as_select())
        .load(conn)
        .map_err(repository_error)?;
    let items = rows
        .into_iter()
        .map(ViewRow::into_domain)
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        total: total(count),
    })
}
