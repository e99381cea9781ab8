//! Appointment bodies: bookings, changes, the record and its history.

use super::optional;
use crate::edge::finish;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use panda_domain::InvalidInput;
use panda_domain::appointment::series::{Count, Interval};
use panda_domain::appointment::service::series::SeriesRequest;
use panda_domain::appointment::service::{AppointmentChange, BookingRequest};
use panda_domain::appointment::{
    AppointmentDuration, AppointmentStatus, AppointmentView, HistoryEntry,
};
use panda_domain::common::ids::{HoldId, LocationId, PractitionerId};
use panda_domain::common::instant::{format_instant, parse_instant};
use panda_domain::patient::NhsNumber;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// An appointment to book (`POST /appointments`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAppointment {
    /// The patient's NHS number.
    #[schema(example = "9434765919", pattern = "^ *(?:[0-9] *){10}$")]
    pub patient: String,
    /// The practitioner's id.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The start: RFC 3339 WITH an offset.
    #[schema(example = "2030-01-15T09:00:00+01:00", format = DateTime)]
    pub time: String,
    /// How long, such as `30m` or `1h30m`; the policy's default when absent.
    #[schema(
        example = "30m",
        pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$"
    )]
    pub duration: Option<String>,
    /// Where, when known.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
    /// The hold (`POST /holds`) this booking converts, if the slot was held.
    #[schema(format = Uuid)]
    pub hold_id: Option<String>,
}

impl NewAppointment {
    /// The booking; all refusals at once.
    pub fn parse(&self) -> Result<BookingRequest, ApiError> {
        let mut input = InvalidInput::default();
        let patient = input.check("patient", NhsNumber::parse(&self.patient));
        let slot = Slot::parse(
            &mut input,
            [&self.practitioner_id, &self.time],
            ["practitioner_id", "time"],
            [
                self.duration.as_deref(),
                self.location_id.as_deref(),
                self.hold_id.as_deref(),
            ],
        );
        finish(input, patient.zip(slot).map(|(p, s)| s.booking(p)))
    }
}

/// An appointment to book for the patient in the address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatientBooking {
    /// The practitioner's id.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The start: RFC 3339 WITH an offset.
    #[schema(example = "2030-01-15T09:00:00Z", format = DateTime)]
    pub start_time: String,
    /// How long; the policy's default when absent.
    #[schema(pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$")]
    pub duration: Option<String>,
    /// Where, when known.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
    /// The hold (`POST /holds`) this booking converts, if the slot was held.
    #[schema(format = Uuid)]
    pub hold_id: Option<String>,
}

impl PatientBooking {
    /// The booking for `patient`; all refusals at once.
    pub fn parse(&self, patient: NhsNumber) -> Result<BookingRequest, ApiError> {
        let mut input = InvalidInput::default();
        let slot = Slot::parse(
            &mut input,
            [&self.practitioner_id, &self.start_time],
            ["practitioner_id", "start_time"],
            [
                self.duration.as_deref(),
                self.location_id.as_deref(),
                self.hold_id.as_deref(),
            ],
        );
        finish(input, slot.map(|s| s.booking(patient)))
    }
}

/// The parts of a booking both booking bodies share.
struct Slot {
    practitioner_id: PractitionerId,
    start: DateTime<Utc>,
    duration: Option<AppointmentDuration>,
    location_id: Option<LocationId>,
    hold: Option<HoldId>,
}

impl Slot {
    fn parse(
        input: &mut InvalidInput,
        [practitioner, time]: [&str; 2],
        [practitioner_field, time_field]: [&str; 2],
        [duration, location, hold]: [Option<&str>; 3],
    ) -> Option<Self> {
        let practitioner_id = input.check(practitioner_field, PractitionerId::parse(practitioner));
        let start = input.check(time_field, parse_instant(time));
        let duration = optional(input, "duration", duration, AppointmentDuration::parse);
        let location_id = optional(input, "location_id", location, LocationId::parse);
        let hold = optional(input, "hold_id", hold, HoldId::parse);
        Some(Self {
            practitioner_id: practitioner_id?,
            start: start?,
            duration,
            location_id,
            hold,
        })
    }

    fn booking(self, patient: NhsNumber) -> BookingRequest {
        BookingRequest {
            patient,
            practitioner_id: self.practitioner_id,
            start: self.start,
            duration: self.duration,
            location_id: self.location_id,
            hold: self.hold,
        }
    }
}

/// A change to an appointment: a status change, a reschedule, or both.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentPatch {
    /// `attended`, `missed` or `cancelled`.
    #[schema(example = "cancelled", pattern = "^(?:attended|missed|cancelled)$")]
    pub status: Option<String>,
    /// A new start: RFC 3339 WITH an offset.
    #[schema(format = DateTime)]
    pub time: Option<String>,
    /// A new duration.
    #[schema(pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$")]
    pub duration: Option<String>,
    /// Another practitioner.
    #[schema(format = Uuid)]
    pub practitioner_id: Option<String>,
    /// Another location; `null` removes the location.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable, format = Uuid)]
    pub location_id: Option<Option<String>>,
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl AppointmentPatch {
    /// The change; all refusals at once.
    pub fn parse(&self, expected_version: Option<i64>) -> Result<AppointmentChange, ApiError> {
        let mut input = InvalidInput::default();
        let location_id = match &self.location_id {
            None => None,
            Some(None) => Some(None),
            Some(Some(text)) => input
                .check("location_id", LocationId::parse(text))
                .map(Some),
        };
        let change = AppointmentChange {
            status: optional(
                &mut input,
                "status",
                self.status.as_deref(),
                AppointmentStatus::parse,
            ),
            start: optional(&mut input, "time", self.time.as_deref(), parse_instant),
            duration: optional(
                &mut input,
                "duration",
                self.duration.as_deref(),
                AppointmentDuration::parse,
            ),
            practitioner_id: optional(
                &mut input,
                "practitioner_id",
                self.practitioner_id.as_deref(),
                PractitionerId::parse,
            ),
            location_id,
            expected_version,
        };
        finish(input, Some(change))
    }
}

/// An appointment, with its effective status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentBody {
    /// The id.
    #[schema(format = Uuid)]
    pub id: String,
    /// The patient's NHS number; `null` once the patient has been erased.
    #[schema(pattern = "^ *(?:[0-9] *){10}$")]
    pub patient: Option<String>,
    /// The practitioner's id.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The practitioner's name.
    pub clinician: String,
    /// The department it counts against.
    pub department: String,
    /// That department's id.
    #[schema(format = Uuid)]
    pub department_id: String,
    /// Where, if known.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
    /// The location's postcode, if there is a location.
    pub postcode: Option<String>,
    /// The start, UTC.
    #[schema(example = "2030-01-15T08:00:00Z", format = DateTime)]
    pub time: String,
    /// The end, UTC.
    #[schema(example = "2030-01-15T08:30:00Z", format = DateTime)]
    pub end: String,
    /// How long.
    #[schema(
        example = "30m",
        pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$"
    )]
    pub duration: String,
    /// The status now: an active appointment that has ended is `missed`.
    #[schema(example = "active", pattern = "^(?:active|attended|missed|cancelled)$")]
    pub status: String,
    /// Bumped by every change; also the `ETag`.
    pub version: i64,
    /// The recurring series it was booked in, if any.
    #[schema(format = Uuid)]
    pub series_id: Option<String>,
}

impl AppointmentBody {
    /// Its `ETag`: the version, and `missed` when the appointment is, so
    /// that a cached copy from before its end is never confirmed current.
    pub fn etag(&self) -> String {
        if self.status == "missed" {
            crate::edge::if_match::etag_with_state(self.version, "missed")
        } else {
            crate::edge::if_match::etag(self.version)
        }
    }

    /// The body of `view`, its status judged at `now`.
    pub fn new(view: &AppointmentView, now: DateTime<Utc>) -> Self {
        let a = &view.appointment;
        Self {
            id: a.id.to_string(),
            patient: a.patient.as_ref().map(ToString::to_string),
            practitioner_id: a.practitioner_id.to_string(),
            clinician: view.clinician.to_string(),
            department: view.department.to_string(),
            department_id: a.department_id.to_string(),
            location_id: a.location_id.map(|l| l.to_string()),
            postcode: view.postcode.as_ref().map(ToString::to_string),
            time: format_instant(a.start),
            end: format_instant(a.end()),
            duration: a.duration.to_string(),
            status: a.status_at(now).to_string(),
            version: a.version,
            series_id: a.series_id.map(|s| s.to_string()),
        }
    }
}

/// One change in an appointment's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryBody {
    /// What changed: `created`, `status`, `time`, `duration`, `practitioner` or `location`.
    pub field: String,
    /// The value before, if there was one.
    pub from: Option<String>,
    /// The value after, if there is one.
    pub to: Option<String>,
    /// When, UTC.
    #[schema(format = DateTime)]
    pub at: String,
    /// Who: `token:<id>`, `oidc:<subject>`, `system` or `anonymous`.
    pub actor: String,
}

impl From<&HistoryEntry> for HistoryEntryBody {
    fn from(e: &HistoryEntry) -> Self {
        Self {
            field: e.field.as_str().to_owned(),
            from: e.from.clone(),
            to: e.to.clone(),
            at: format_instant(e.at),
            actor: e.actor.clone(),
        }
    }
}

/// A recurring series to book (`POST /patients/{nhs_number}/appointment-series`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeries {
    /// The practitioner's id.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The first occurrence's start: RFC 3339 WITH an offset. The others
    /// follow at the same local time in the practitioner's time zone.
    #[schema(example = "2030-01-15T09:00:00Z", format = DateTime)]
    pub first_start: String,
    /// How far apart: days or weeks, `1d` to `52w` (`1w`, `2w`).
    #[schema(example = "1w", pattern = "^[0-9]{1,3}[dw]$")]
    pub every: String,
    /// How many occurrences, 1 to 52.
    #[schema(example = 6, minimum = 1, maximum = 52)]
    pub count: u32,
    /// How long each lasts; the policy's default when absent.
    #[schema(pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$")]
    pub duration: Option<String>,
    /// Where, when known.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
}

impl NewSeries {
    /// The series for `patient`; every refused field at once.
    pub fn parse(&self, patient: NhsNumber) -> Result<SeriesRequest, ApiError> {
        let mut input = InvalidInput::default();
        let practitioner_id = input.check(
            "practitioner_id",
            PractitionerId::parse(&self.practitioner_id),
        );
        let first_start = input.check("first_start", parse_instant(&self.first_start));
        let every = input.check("every", Interval::parse(&self.every));
        let count = input.check("count", Count::new(self.count));
        let duration = optional(
            &mut input,
            "duration",
            self.duration.as_deref(),
            AppointmentDuration::parse,
        );
        let location_id = optional(
            &mut input,
            "location_id",
            self.location_id.as_deref(),
            LocationId::parse,
        );
        let request = (|| {
            Some(SeriesRequest {
                patient,
                practitioner_id: practitioner_id?,
                first_start: first_start?,
                every: every?,
                count: count?,
                duration,
                location_id,
            })
        })();
        finish(input, request)
    }
}

/// A booked series: its id and every appointment in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesBody {
    /// The series' id.
    #[schema(format = Uuid)]
    pub series_id: String,
    /// Its appointments, by start.
    pub appointments: Vec<AppointmentBody>,
}

/// The appointments a cancellation of the rest of a series cancelled.
#[derive(Debug, Serialize, ToSchema)]
pub struct CancelledSeriesBody {
    /// The series' id.
    #[schema(format = Uuid)]
    pub series_id: String,
    /// The occurrences cancelled now (those that were still to come).
    pub cancelled: Vec<AppointmentBody>,
}
