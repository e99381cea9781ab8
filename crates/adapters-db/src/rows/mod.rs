//! Rows as stored, and their conversion to and from the domain's types.
//! Reading back goes through the domain's own parsers, so a row changed
//! behind PANDA's back comes out as an error, never as an invalid value.

mod appointment;
mod directory;
mod patient;

pub(crate) use appointment::{AppointmentRow, HistoryRow, NewHistoryRow, SlotRow, ViewRow};
pub(crate) use directory::{DepartmentRow, LocationRow, OrganisationRow, PractitionerRow, RoleRow};
pub(crate) use patient::PatientRow;

use crate::errors::corrupt;
use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use panda_domain::RepositoryError;
use std::fmt::Display;

/// An instant as stored: naive UTC, to the microsecond, which is as fine as
/// PostgreSQL's TIMESTAMP keeps. Both backends drop the same digits, so an
/// instant reads back the same wherever it was written.
pub(crate) fn instant_to_db(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.trunc_subsecs(6).naive_utc()
}

/// A stored instant, which is UTC by construction.
pub(crate) fn instant_from_db(stored: NaiveDateTime) -> DateTime<Utc> {
    stored.and_utc()
}

/// Parses a stored value with the domain's parser; `what` and `key` name
/// the record in the error.
pub(crate) fn parse<T, E: Display>(
    what: &str,
    key: &str,
    stored: &str,
    parser: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, RepositoryError> {
    parser(stored).map_err(|e| corrupt(what, key, format!("{stored:?}: {e}")))
}

/// Parses an optional stored value.
pub(crate) fn parse_opt<T, E: Display>(
    what: &str,
    key: &str,
    stored: Option<&str>,
    parser: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, RepositoryError> {
    stored.map(|s| parse(what, key, s, parser)).transpose()
}
