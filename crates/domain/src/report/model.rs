//! The missed-appointment report: what is asked and what comes back.

use crate::common::error::{ErrorKind, Problem};
use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use crate::report::period::Period;
use chrono::{DateTime, NaiveDate, Utc};

/// A dimension a report can be grouped and filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    /// The practitioner who held the appointment.
    Clinician,
    /// The department it was booked under.
    Department,
    /// The organisation it was booked under (may be unknown).
    Organisation,
    /// Where it took place (may be unknown).
    Location,
}

/// Why a dimension name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("group_by takes clinician, department, organisation or location")]
pub struct DimensionError;

impl Problem for DimensionError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "dimension-unknown"
    }
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 4] = [
        Dimension::Clinician,
        Dimension::Department,
        Dimension::Organisation,
        Dimension::Location,
    ];

    /// The lower-case name used in queries and output.
    pub fn as_str(&self) -> &'static str {
        match self {
            Dimension::Clinician => "clinician",
            Dimension::Department => "department",
            Dimension::Organisation => "organisation",
            Dimension::Location => "location",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(input: &str) -> Result<Self, DimensionError> {
        Self::ALL
            .into_iter()
            .find(|d| d.as_str() == input)
            .ok_or(DimensionError)
    }
}

/// Restricts a report to some clinicians, departments, organisations or
/// locations. Every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Only this practitioner's appointments.
    pub clinician: Option<PractitionerId>,
    /// Only this department's.
    pub department: Option<DepartmentId>,
    /// Only this organisation's.
    pub organisation: Option<OrganisationId>,
    /// Only this location's.
    pub location: Option<LocationId>,
}

/// What a report asks for. Appointments count by their START: those
/// starting in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedReportQuery {
    /// The dimensions to group by, in output order, without repeats.
    pub group_by: Vec<Dimension>,
    /// The period to bucket by; `None` for one total per group.
    pub period: Option<Period>,
    /// The first instant counted, if any.
    pub from: Option<DateTime<Utc>>,
    /// The first instant not counted, if any.
    pub to: Option<DateTime<Utc>>,
    /// Restrictions.
    pub filter: ReportFilter,
}

/// One group's key in one dimension: the record's id and name, or both
/// `None` where the appointment does not name one (no location, say).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    /// The dimension.
    pub dimension: Dimension,
    /// The record's id, as text.
    pub id: Option<String>,
    /// The record's name (a location's is its name).
    pub name: Option<String>,
}

/// The counts for one group in one period.
///
/// Definitions (docs/adr/0006): `cancelled` counts cancelled appointments;
/// `due` counts the others that have ended; of those, `attended` were
/// recorded attended and `missed` were recorded missed or were still active
/// when they ended, exactly as the record API shows them. So
/// `due == attended + missed`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    /// Ended and not cancelled.
    pub due: u64,
    /// Of `due`, missed.
    pub missed: u64,
    /// Of `due`, attended.
    pub attended: u64,
    /// Cancelled.
    pub cancelled: u64,
    /// The sum of the durations of the missed ones, in minutes.
    pub missed_minutes: u64,
}

impl Counts {
    /// `missed / due`, or 0 when nothing was due.
    pub fn missed_rate(&self) -> f64 {
        if self.due == 0 {
            0.0
        } else {
            self.missed as f64 / self.due as f64
        }
    }

    /// Adds `other` into `self`.
    pub fn add(&mut self, other: &Counts) {
        self.due += other.due;
        self.missed += other.missed;
        self.attended += other.attended;
        self.cancelled += other.cancelled;
        self.missed_minutes += other.missed_minutes;
    }
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// One key per `group_by` dimension, in the same order.
    pub keys: Vec<GroupKey>,
    /// The first day of the period, when the report is bucketed.
    pub period_start: Option<NaiveDate>,
    /// The counts.
    pub counts: Counts,
}
