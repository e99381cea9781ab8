//! The appointment use cases: booking, rescheduling, status changes,
//! reading and listing. Each applies the rules, then hands the write to the
//! repository, which holds the rules that concurrency could break.

mod error;
mod placement;
pub mod series;
#[cfg(test)]
mod tests;

pub use error::{BookingError, ChangeError, PlacementError, ReadError};

use crate::appointment::model::{
    Appointment, AppointmentFilter, AppointmentView, ChangedField, HistoryEntry,
};
use crate::appointment::{
    AppointmentDuration, AppointmentRepository, AppointmentStatus, SchedulingPolicy,
};
use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::ids::{AppointmentId, HoldId, LocationId, PractitionerId};
use crate::common::instant::format_instant;
use crate::common::ports::{Actor, Clock, IdSource, Page, PageRequest};
use crate::directory::{DepartmentRepository, LocationRepository, PractitionerRepository};
use crate::patient::NhsNumber;
use crate::schedule::ScheduleRepository;
use crate::schedule::service::works_at;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// A request to book an appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// Who it is for.
    pub patient: NhsNumber,
    /// With whom.
    pub practitioner_id: PractitionerId,
    /// When it starts (already converted to UTC).
    pub start: DateTime<Utc>,
    /// How long; the policy's default when `None`.
    pub duration: Option<AppointmentDuration>,
    /// Where, when known.
    pub location_id: Option<LocationId>,
    /// The hold it converts, if the slot was held for it.
    pub hold: Option<HoldId>,
}

/// A change to an existing appointment. Fields left `None` stay as they
/// are; `location_id: Some(None)` removes the location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppointmentChange {
    /// A new status.
    pub status: Option<AppointmentStatus>,
    /// A new start (UTC).
    pub start: Option<DateTime<Utc>>,
    /// A new duration.
    pub duration: Option<AppointmentDuration>,
    /// A new practitioner.
    pub practitioner_id: Option<PractitionerId>,
    /// A new location, or none.
    pub location_id: Option<Option<LocationId>>,
    /// The version the caller read (from `If-Match`), if it sent one.
    pub expected_version: Option<i64>,
}

impl AppointmentChange {
    fn reschedules(&self) -> bool {
        self.start.is_some()
            || self.duration.is_some()
            || self.practitioner_id.is_some()
            || self.location_id.is_some()
    }
}

/// The ports the appointment use cases need.
#[derive(Clone)]
pub struct AppointmentService {
    /// Appointments.
    pub appointments: Arc<dyn AppointmentRepository>,
    /// Practitioners and their roles.
    pub practitioners: Arc<dyn PractitionerRepository>,
    /// Departments, for the name of a role's department.
    pub departments: Arc<dyn DepartmentRepository>,
    /// Locations.
    pub locations: Arc<dyn LocationRepository>,
    /// Working patterns and absences, which bookings must fit.
    pub schedules: Arc<dyn ScheduleRepository>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Fresh ids.
    pub ids: Arc<dyn IdSource>,
    /// The booking rules.
    pub policy: SchedulingPolicy,
}

impl std::fmt::Debug for AppointmentService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppointmentService")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl AppointmentService {
    /// Books an appointment: the grid, the allowed durations and a future
    /// start are checked here; the per-day and no-overlap rules are held by
    /// the repository and come back as conflicts, and so does an unknown
    /// patient (the store's `NotFound`).
    pub fn book(
        &self,
        request: BookingRequest,
        actor: &Actor,
    ) -> Result<AppointmentView, BookingError> {
        let now = self.clock.now();
        let duration = request.duration.unwrap_or(self.policy.default_duration());
        self.policy.check_booking(request.start, duration, now)?;
        let placed = self.place(request.practitioner_id, request.location_id)?;
        let end = request.start + duration.as_chrono();
        let schedules = self.schedules.as_ref();
        if !works_at(
            schedules,
            request.practitioner_id,
            request.start,
            end,
            request.location_id,
        )? {
            return Err(BookingError::OutsideWorkingHours);
        }
        let appointment = Appointment {
            id: AppointmentId::from_uuid(self.ids.new_id()),
            patient: Some(request.patient),
            practitioner_id: request.practitioner_id,
            department_id: placed.department.id,
            organisation_id: placed.organisation_id,
            location_id: request.location_id,
            start: request.start,
            duration,
            stored_status: AppointmentStatus::Active,
            series_id: None,
            version: 1,
        };
        let created = entry(
            now,
            actor,
            ChangedField::Created,
            None,
            Some(AppointmentStatus::Active.to_string()),
        );
        let audit = booked(&appointment, now, actor);
        let inserted = match request.hold {
            Some(hold) => self
                .appointments
                .insert_held(&appointment, hold, now, &created, &audit),
            None => self.appointments.insert(&appointment, &created, &audit),
        };
        match inserted {
            // The practitioner, their department and the location were
            // just read, so a record the insert cannot find is the patient:
            // asking the store first would cost a round trip per booking.
            Err(crate::RepositoryError::NotFound) => Err(BookingError::PatientNotFound),
            other => other.map_err(BookingError::from),
        }?;
        Ok(placed.view(appointment))
    }

    /// The appointment with this id; its `status` is judged by
    /// [`Appointment::status_at`] with the clock's now.
    pub fn get(&self, id: AppointmentId) -> Result<AppointmentView, ReadError> {
        self.appointments
            .get(id)?
            .ok_or(ReadError::AppointmentNotFound)
    }

    /// Appointments matching `filter`, effective statuses judged now.
    pub fn list(
        &self,
        filter: &AppointmentFilter,
        page: PageRequest,
    ) -> Result<Page<AppointmentView>, crate::RepositoryError> {
        self.appointments.list(filter, self.clock.now(), page)
    }

    /// Every appointment of one patient, ordered by start.
    pub fn for_patient(&self, patient: &NhsNumber) -> Result<Vec<AppointmentView>, ReadError> {
        self.appointments
            .for_patient(patient)?
            .ok_or(ReadError::PatientNotFound)
    }

    /// [`Self::for_patient`], answered later, when the store gathers these
    /// reads (see [`AppointmentRepository::for_patient_later`]); `None`
    /// when the caller should call `for_patient`.
    pub fn for_patient_later(
        &self,
        patient: &NhsNumber,
    ) -> Option<
        impl std::future::Future<Output = Result<Vec<AppointmentView>, ReadError>> + Send + use<>,
    > {
        let pending = self.appointments.for_patient_later(patient)?;
        Some(async move { pending.await?.ok_or(ReadError::PatientNotFound) })
    }

    /// The appointment's append-only history, oldest first.
    pub fn history(&self, id: AppointmentId) -> Result<Vec<HistoryEntry>, ReadError> {
        match self.appointments.history(id) {
            Err(crate::RepositoryError::NotFound) => Err(ReadError::AppointmentNotFound),
            other => Ok(other?),
        }
    }

    /// Applies a change: a reschedule re-applies every booking rule; a
    /// status change follows the lifecycle. Every field that changes gets a
    /// history entry. A change that changes nothing returns the record as is.
    pub fn change(
        &self,
        id: AppointmentId,
        change: AppointmentChange,
        actor: &Actor,
    ) -> Result<AppointmentView, ChangeError> {
        let now = self.clock.now();
        let current = self.get(id)?;
        let before = &current.appointment;
        if let Some(expected) = change.expected_version
            && expected != before.version
        {
            return Err(ChangeError::StaleVersion);
        }
        let effective = before.status_at(now);
        if effective == AppointmentStatus::Cancelled {
            return Err(crate::appointment::TransitionError::Cancelled.into());
        }
        let mut after = before.clone();
        let mut changes = Vec::new();
        let mut placed = None;
        if change.reschedules() {
            if effective != AppointmentStatus::Active || now >= before.start {
                return Err(ChangeError::NotReschedulable { status: effective });
            }
            after.start = change.start.unwrap_or(before.start);
            after.duration = change.duration.unwrap_or(before.duration);
            after.practitioner_id = change.practitioner_id.unwrap_or(before.practitioner_id);
            after.location_id = change.location_id.unwrap_or(before.location_id);
            self.policy
                .check_booking(after.start, after.duration, now)?;
            let p = self.place(after.practitioner_id, after.location_id)?;
            let (start, end) = (after.start, after.end());
            let schedules = self.schedules.as_ref();
            if !works_at(
                schedules,
                after.practitioner_id,
                start,
                end,
                after.location_id,
            )? {
                return Err(ChangeError::OutsideWorkingHours);
            }
            after.department_id = p.department.id;
            after.organisation_id = p.organisation_id;
            placed = Some(p);
            let fields = [
                (
                    ChangedField::Time,
                    Some(format_instant(before.start)),
                    Some(format_instant(after.start)),
                ),
                (
                    ChangedField::Duration,
                    Some(before.duration.to_string()),
                    Some(after.duration.to_string()),
                ),
                (
                    ChangedField::Practitioner,
                    Some(before.practitioner_id.to_string()),
                    Some(after.practitioner_id.to_string()),
                ),
                (
                    ChangedField::Location,
                    before.location_id.map(|l| l.to_string()),
                    after.location_id.map(|l| l.to_string()),
                ),
            ];
            for (field, from, to) in fields {
                if from != to {
                    changes.push(entry(now, actor, field, from, to));
                }
            }
        }
        if let Some(to) = change.status {
            let from = after.status_at(now);
            if to != from {
                from.check_transition(to, after.start, now)?;
                after.stored_status = to;
                changes.push(entry(
                    now,
                    actor,
                    ChangedField::Status,
                    Some(from.to_string()),
                    Some(to.to_string()),
                ));
            }
        }
        if changes.is_empty() {
            return Ok(current);
        }
        let mut audit = AuditRecord::new(now, actor, AuditAction::Update, Entity::Appointment)
            .id(after.id)
            .changes(changes.iter().map(|c| Change {
                field: c.field.as_str().to_owned(),
                old: c.from.clone().map(AuditValue::Plain),
                new: c.to.clone().map(AuditValue::Plain),
            }));
        audit.subject = after.patient.clone();
        self.appointments.update(&after, &changes, &audit)?;
        after.version = before.version + 1;
        Ok(match placed {
            Some(p) => p.view(after),
            None => AppointmentView {
                appointment: after,
                ..current
            },
        })
    }
}

/// The audit record of a booking: every field it set, the patient's NHS
/// number as personal data.
fn booked(appointment: &Appointment, at: DateTime<Utc>, actor: &Actor) -> AuditRecord {
    let a = appointment;
    let mut audit = AuditRecord::new(at, actor, AuditAction::Create, Entity::Appointment)
        .id(a.id)
        .changes(
            a.patient
                .iter()
                .map(|p| Change::set("patient", AuditValue::personal(p))),
        )
        .changes([
            Change::set("practitioner_id", AuditValue::plain(a.practitioner_id)),
            Change::set("department_id", AuditValue::plain(a.department_id)),
            Change::set("time", AuditValue::plain(format_instant(a.start))),
            Change::set("duration", AuditValue::plain(a.duration)),
            Change::set("status", AuditValue::plain(a.stored_status)),
        ])
        .changes(
            a.organisation_id
                .map(|o| Change::set("organisation_id", AuditValue::plain(o))),
        )
        .changes(
            a.location_id
                .map(|l| Change::set("location_id", AuditValue::plain(l))),
        );
    audit.subject = a.patient.clone();
    audit
}

fn entry(
    at: DateTime<Utc>,
    actor: &Actor,
    field: ChangedField,
    from: Option<String>,
    to: Option<String>,
) -> HistoryEntry {
    HistoryEntry {
        at,
        actor: actor.as_text(),
        field,
        from,
        to,
    }
}
