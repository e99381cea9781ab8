//! The appointment record, its read model and its history.

use crate::appointment::{duration::AppointmentDuration, status::AppointmentStatus};
use crate::common::ids::{
    AppointmentId, DepartmentId, LocationId, OrganisationId, PractitionerId, SeriesId,
};
use crate::common::postcode::Postcode;
use crate::common::text::{Label, PersonName};
use crate::patient::nhs_number::NhsNumber;
use chrono::{DateTime, Utc};

/// An appointment as stored. `department_id` and `organisation_id` are
/// fixed when it is booked (from the practitioner's role at the location,
/// or their home department), so reports stay true when people move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The key.
    pub id: AppointmentId,
    /// The patient; `None` once the patient has been erased.
    pub patient: Option<NhsNumber>,
    /// The clinician.
    pub practitioner_id: PractitionerId,
    /// The department it counts against.
    pub department_id: DepartmentId,
    /// The organisation it counts against, when known.
    pub organisation_id: Option<OrganisationId>,
    /// Where it happens, when known.
    pub location_id: Option<LocationId>,
    /// When it starts, in UTC.
    pub start: DateTime<Utc>,
    /// How long it lasts.
    pub duration: AppointmentDuration,
    /// The status as recorded. Read it through [`Appointment::status_at`].
    pub stored_status: AppointmentStatus,
    /// The recurring series it was booked in, if any.
    pub series_id: Option<SeriesId>,
    /// Bumped by every write; the edge exposes it as an ETag.
    pub version: i64,
}

impl Appointment {
    /// When it ends.
    pub fn end(&self) -> DateTime<Utc> {
        self.start + self.duration.as_chrono()
    }

    /// The status everyone sees at `now` (a stored `active` that has ended
    /// is `missed`).
    pub fn status_at(&self, now: DateTime<Utc>) -> AppointmentStatus {
        self.stored_status.effective(self.end(), now)
    }
}

/// An appointment with the names a reader wants beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentView {
    /// The record.
    pub appointment: Appointment,
    /// The practitioner's name.
    pub clinician: PersonName,
    /// The department's name.
    pub department: Label,
    /// The location's postcode, when there is a location.
    pub postcode: Option<Postcode>,
}

/// Which appointments a list should return. Every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentFilter {
    /// Only this patient's.
    pub patient: Option<NhsNumber>,
    /// Only this practitioner's.
    pub practitioner_id: Option<PractitionerId>,
    /// Only those counted against this department.
    pub department_id: Option<DepartmentId>,
    /// Only those whose EFFECTIVE status is this (so `missed` includes
    /// active appointments that have ended).
    pub status: Option<AppointmentStatus>,
    /// Only those starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only those starting before this instant.
    pub to: Option<DateTime<Utc>>,
}

/// What a history entry records a change of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangedField {
    /// The appointment was created (booked or imported); `to` is its status.
    Created,
    /// The status.
    Status,
    /// The start time.
    Time,
    /// The duration.
    Duration,
    /// The practitioner.
    Practitioner,
    /// The location.
    Location,
}

impl ChangedField {
    /// The lower-case name used in JSON and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChangedField::Created => "created",
            ChangedField::Status => "status",
            ChangedField::Time => "time",
            ChangedField::Duration => "duration",
            ChangedField::Practitioner => "practitioner",
            ChangedField::Location => "location",
        }
    }

    /// Parses the lower-case name; `None` for anything else.
    pub fn parse(input: &str) -> Option<Self> {
        [
            Self::Created,
            Self::Status,
            Self::Time,
            Self::Duration,
            Self::Practitioner,
            Self::Location,
        ]
        .into_iter()
        .find(|f| f.as_str() == input)
    }
}

/// One entry of an appointment's append-only history. Values are in their
/// canonical text forms (RFC 3339 UTC instants, `1h30m`, ids, statuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When the change was made.
    pub at: DateTime<Utc>,
    /// Who made it ([`crate::common::ports::Actor::as_text`]).
    pub actor: String,
    /// What changed.
    pub field: ChangedField,
    /// The value before; `None` for a creation or an unset location.
    pub from: Option<String>,
    /// The value after; `None` for a location that was removed.
    pub to: Option<String>,
}
