//! Booking a recurring series (every occurrence or none), reading it, and
//! cancelling the rest of it.

use super::{
    AppointmentChange, AppointmentService, BookingError, ChangeError, PlacementError, booked, entry,
};
use crate::appointment::model::{Appointment, AppointmentView, ChangedField};
use crate::appointment::policy::utc_day;
use crate::appointment::series::{Count, Interval, RefusedOccurrences};
use crate::appointment::{AppointmentDuration, AppointmentStatus};
use crate::common::error::{ErrorKind, FieldError, Problem};
use crate::common::ids::{AppointmentId, LocationId, PractitionerId, SeriesId};
use crate::common::instant::format_instant;
use crate::common::ports::Actor;
use crate::common::repository::RepositoryError;
use crate::patient::NhsNumber;
use crate::schedule::{SlotSource, TimeZone};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// A request to book a recurring series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRequest {
    /// Who it is for.
    pub patient: NhsNumber,
    /// With whom.
    pub practitioner_id: PractitionerId,
    /// When the first occurrence starts; the others follow at the same
    /// local time (in the practitioner's time zone) every `every`.
    pub first_start: DateTime<Utc>,
    /// How far apart.
    pub every: Interval,
    /// How many.
    pub count: Count,
    /// How long each lasts; the policy's default when `None`.
    pub duration: Option<AppointmentDuration>,
    /// Where, when known.
    pub location_id: Option<LocationId>,
}

/// Why a series was not booked, read or cancelled.
#[derive(Debug, thiserror::Error)]
pub enum SeriesError {
    /// The duration is not one a booking may have.
    #[error(transparent)]
    Rule(#[from] crate::appointment::RuleViolation),
    /// The practitioner or location cannot be placed.
    #[error(transparent)]
    Placement(#[from] PlacementError),
    /// No patient has this NHS number.
    #[error("no patient has this NHS number")]
    PatientNotFound,
    /// Some occurrences break a rule: nothing was booked.
    #[error(transparent)]
    Refused(#[from] RefusedOccurrences),
    /// The database refused an occurrence that the checks had let through
    /// (a booking raced this one): nothing was booked.
    #[error(transparent)]
    Booking(BookingError),
    /// A cancellation failed.
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// No appointment belongs to this series.
    #[error("no series has this id")]
    SeriesNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl Problem for SeriesError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Rule(e) => e.kind(),
            Self::Placement(e) => e.kind(),
            Self::PatientNotFound | Self::SeriesNotFound => ErrorKind::NotFound,
            Self::Refused(e) => e.kind(),
            Self::Booking(e) => e.kind(),
            Self::Change(e) => e.kind(),
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Rule(e) => e.code(),
            Self::Placement(e) => e.code(),
            Self::PatientNotFound => "patient-not-found",
            Self::SeriesNotFound => "series-not-found",
            Self::Refused(e) => e.code(),
            Self::Booking(e) => e.code(),
            Self::Change(e) => e.code(),
            Self::Repository(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Rule(e) => e.params(),
            Self::Refused(e) => e.params(),
            Self::Booking(e) => e.params(),
            Self::Change(e) => e.params(),
            _ => Vec::new(),
        }
    }
}

/// Recurring series, over the appointment use cases.
#[derive(Clone)]
pub struct SeriesService {
    /// Booking and cancelling.
    pub appointments: AppointmentService,
    /// What is taken already, read once for the whole series.
    pub slots: Arc<dyn SlotSource>,
    /// The time zone of a practitioner without a working pattern.
    pub default_zone: TimeZone,
}

impl std::fmt::Debug for SeriesService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeriesService").finish_non_exhaustive()
    }
}

/// One refused occurrence, named `occurrences[i]`, quoting its start.
fn refusal(index: usize, start: DateTime<Utc>, problem: &dyn Problem) -> FieldError {
    let mut error = FieldError::new(format!("occurrences[{index}]"), problem);
    error.params.push(("start", format_instant(start)));
    error
}

impl SeriesService {
    /// The starts of `request`'s occurrences: the first start's local time
    /// in `zone`, repeated every interval, so a weekly 09:00 stays 09:00
    /// when the clocks change.
    fn starts(request: &SeriesRequest, zone: TimeZone) -> Vec<DateTime<Utc>> {
        let local = zone.local(request.first_start);
        (0..request.count.get())
            .map(|i| {
                let days = i64::from(i) * i64::from(request.every.days());
                zone.instant(local + TimeDelta::days(days))
            })
            .collect()
    }

    /// Books every occurrence of `request`, or none: when any occurrence
    /// breaks a rule, the answer lists each one that does with its reason.
    pub fn book(
        &self,
        request: SeriesRequest,
        actor: &Actor,
    ) -> Result<(SeriesId, Vec<AppointmentView>), SeriesError> {
        let service = &self.appointments;
        let now = service.clock.now();
        let duration = request
            .duration
            .unwrap_or(service.policy.default_duration());
        service.policy.check_duration(duration)?;
        let placed = service.place(request.practitioner_id, request.location_id)?;
        // The whole span is read once: the pattern and absences, then what
        // is booked or held, and the patient's booked days.
        let first = request.first_start;
        let guess_end = first
            + TimeDelta::days(i64::from(request.count.get()) * i64::from(request.every.days()))
            + TimeDelta::days(1);
        let diary = service
            .schedules
            .diary(request.practitioner_id, first, guess_end)?;
        let zone = diary
            .as_ref()
            .map_or(self.default_zone, |d| d.pattern.time_zone());
        let starts = Self::starts(&request, zone);
        let end = starts.last().copied().unwrap_or(first) + duration.as_chrono();
        let busy = self
            .slots
            .busy(
                &[request.practitioner_id],
                Some(request.patient.clone()),
                first,
                end,
                now,
            )?
            .ok_or(SeriesError::PatientNotFound)?;
        let mut refused = Vec::new();
        for (i, &start) in starts.iter().enumerate() {
            let end = start + duration.as_chrono();
            let why: Option<Box<dyn Problem>> =
                if let Err(rule) = service.policy.check_booking(start, duration, now) {
                    Some(Box::new(rule))
                } else if diary
                    .as_ref()
                    .is_some_and(|d| !d.admits(start, end, request.location_id))
                {
                    Some(Box::new(BookingError::OutsideWorkingHours))
                } else if busy.patient_days.contains(&utc_day(start)) {
                    Some(Box::new(BookingError::AlreadyBookedThatDay))
                } else if busy.is_taken(request.practitioner_id, start, end) {
                    Some(Box::new(BookingError::PractitionerUnavailable))
                } else {
                    None
                };
            if let Some(why) = why {
                refused.push(refusal(i, start, why.as_ref()));
            }
        }
        if !refused.is_empty() {
            return Err(RefusedOccurrences(refused).into());
        }
        let series = SeriesId::from_uuid(service.ids.new_id());
        let appointments: Vec<Appointment> = starts
            .iter()
            .map(|&start| Appointment {
                id: AppointmentId::from_uuid(service.ids.new_id()),
                patient: Some(request.patient.clone()),
                practitioner_id: request.practitioner_id,
                department_id: placed.department.id,
                organisation_id: placed.organisation_id,
                location_id: request.location_id,
                start,
                duration,
                stored_status: AppointmentStatus::Active,
                series_id: Some(series),
                version: 1,
            })
            .collect();
        let created: Vec<_> = appointments
            .iter()
            .map(|_| {
                let active = Some(AppointmentStatus::Active.to_string());
                entry(now, actor, ChangedField::Created, None, active)
            })
            .collect();
        let audits: Vec<_> = appointments
            .iter()
            .map(|a| {
                booked(a, now, actor).changes([crate::audit::Change::set(
                    "series_id",
                    crate::audit::AuditValue::plain(series),
                )])
            })
            .collect();
        match service
            .appointments
            .insert_series(&appointments, &created, &audits)
        {
            Err(RepositoryError::NotFound) => Err(SeriesError::PatientNotFound),
            Err(other) => Err(SeriesError::Booking(BookingError::from(other))),
            Ok(()) => Ok(()),
        }?;
        let views = appointments
            .into_iter()
            .map(|a| AppointmentView {
                appointment: a,
                clinician: placed.practitioner.name.clone(),
                department: placed.department.name.clone(),
                postcode: placed.postcode.clone(),
            })
            .collect();
        Ok((series, views))
    }

    /// The series' appointments, by start.
    pub fn get(&self, id: SeriesId) -> Result<Vec<AppointmentView>, SeriesError> {
        let views = self.appointments.appointments.series(id)?;
        if views.is_empty() {
            return Err(SeriesError::SeriesNotFound);
        }
        Ok(views)
    }

    /// Cancels every occurrence of the series that is still active and has
    /// not started, each with its history entry and audit record; those
    /// past, attended or cancelled stay as they are. Returns the ones
    /// cancelled.
    pub fn cancel_rest(
        &self,
        id: SeriesId,
        actor: &Actor,
    ) -> Result<Vec<AppointmentView>, SeriesError> {
        let now = self.appointments.clock.now();
        let mut cancelled = Vec::new();
        for view in self.get(id)? {
            let a = &view.appointment;
            if a.status_at(now) != AppointmentStatus::Active || a.start <= now {
                continue;
            }
            let change = AppointmentChange {
                status: Some(AppointmentStatus::Cancelled),
                expected_version: Some(a.version),
                ..AppointmentChange::default()
            };
            cancelled.push(self.appointments.change(a.id, change, actor)?);
        }
        Ok(cancelled)
    }
}
