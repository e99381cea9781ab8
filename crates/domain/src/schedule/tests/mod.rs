//! Working patterns in local time, diaries and the free-slot search, with
//! plain values and a fixed now: the helpers both halves share.

pub(super) use crate::appointment::{AppointmentDuration, SchedulingPolicy};
pub(super) use crate::common::ids::{LocationId, PractitionerId};
pub(super) use crate::common::text::{Label, PersonName};
pub(super) use crate::patient::NhsNumber;
pub(super) use crate::schedule::model::{Absence, Diary};
pub(super) use crate::schedule::pattern::*;
pub(super) use crate::schedule::search::*;
pub(super) use crate::schedule::slots::*;
pub(super) use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone as _, Utc, Weekday};
pub(super) use uuid::Uuid;

/// Every weekday, Monday first.
pub(super) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

pub(super) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}
pub(super) fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}
pub(super) fn time(text: &str) -> ClockTime {
    ClockTime::parse(text).unwrap()
}
pub(super) fn session(weekday: Weekday, start: &str, end: &str) -> Session {
    Session {
        weekday,
        start: time(start),
        end: time(end),
        location_id: None,
    }
}
pub(super) fn pattern(sessions: Vec<Session>) -> WorkingPattern {
    WorkingPattern::new(TimeZone::LONDON, date(2030, 1, 1), None, sessions).unwrap()
}
pub(super) fn spans_on(
    p: &WorkingPattern,
    day: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    p.spans(day, day + TimeDelta::days(1))
        .into_iter()
        .filter(|s| s.start >= day)
        .map(|s| (s.start, s.end))
        .collect()
}
pub(super) fn hours(n: i64) -> TimeDelta {
    TimeDelta::hours(n)
}
pub(super) fn field_names(error: crate::InvalidInput) -> Vec<String> {
    error.errors.into_iter().map(|e| e.field).collect()
}
pub(super) fn location(n: u128) -> LocationId {
    LocationId::from_uuid(Uuid::from_u128(n))
}

mod pattern;
mod search;
mod slots;
