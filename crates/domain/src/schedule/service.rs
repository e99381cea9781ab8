//! The availability use cases: setting a working pattern, recording
//! absences, searching for free slots, and holding one.

mod error;
mod holds;
#[cfg(test)]
mod tests;

pub use error::{HoldError, ScheduleError};
pub use holds::HoldService;

use super::model::Absence;
use super::pattern::WorkingPattern;
use super::ports::{ScheduleRepository, SlotSource};
use super::search::FreeSlots;
use super::slots::{SearchError, Slot, SlotQuery};
use crate::appointment::{Appointment, SchedulingPolicy};
use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::ids::{AbsenceId, LocationId, PractitionerId};
use crate::common::instant::format_instant;
use crate::common::ports::{Actor, Clock, IdSource, Page, PageRequest};
use crate::common::repository::RepositoryError;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Whether the practitioner works over `[start, end)` at `location_id`:
/// always, when they have no working pattern; otherwise only wholly inside
/// one session and outside their absences.
pub fn works_at(
    schedules: &dyn ScheduleRepository,
    practitioner: PractitionerId,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    location_id: Option<LocationId>,
) -> Result<bool, RepositoryError> {
    Ok(schedules
        .diary(practitioner, start, end)?
        .is_none_or(|diary| diary.admits(start, end, location_id)))
}

/// Working patterns and absences.
#[derive(Clone)]
pub struct ScheduleService {
    /// Patterns and absences.
    pub schedules: Arc<dyn ScheduleRepository>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Fresh ids.
    pub ids: Arc<dyn IdSource>,
    /// The time zone of a pattern that names none.
    pub default_zone: super::pattern::TimeZone,
}

impl std::fmt::Debug for ScheduleService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScheduleService").finish_non_exhaustive()
    }
}

/// A recorded absence and the appointments it falls over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedAbsence {
    /// The absence.
    pub absence: Absence,
    /// The practitioner's non-cancelled appointments inside it.
    pub affected: Vec<Appointment>,
}

impl ScheduleService {
    /// The practitioner's working pattern.
    pub fn pattern(&self, practitioner: PractitionerId) -> Result<WorkingPattern, ScheduleError> {
        self.schedules
            .pattern(practitioner)?
            .ok_or(ScheduleError::PatternNotFound)
    }

    /// Sets the practitioner's working pattern, replacing any they had.
    /// Appointments already booked stay as they are.
    pub fn set_pattern(
        &self,
        practitioner: PractitionerId,
        pattern: WorkingPattern,
        actor: &Actor,
    ) -> Result<WorkingPattern, ScheduleError> {
        let audit = AuditRecord::new(
            self.clock.now(),
            actor,
            AuditAction::Update,
            Entity::Schedule,
        )
        .id(practitioner)
        .changes(pattern_changes(&pattern));
        match self.schedules.set_pattern(practitioner, &pattern, &audit) {
            Err(RepositoryError::NotFound) => Err(ScheduleError::PractitionerNotFound),
            other => other.map_err(ScheduleError::from),
        }?;
        Ok(pattern)
    }

    /// Records an absence from `start` to `end`, returning the
    /// appointments it falls over (they are left for the clinic to rebook).
    pub fn add_absence(
        &self,
        practitioner: PractitionerId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        reason: Option<crate::common::text::Label>,
        actor: &Actor,
    ) -> Result<RecordedAbsence, ScheduleError> {
        Absence::check_period(start, end)?;
        let absence = Absence {
            id: AbsenceId::from_uuid(self.ids.new_id()),
            practitioner_id: practitioner,
            start,
            end,
            reason,
        };
        let audit = AuditRecord::new(
            self.clock.now(),
            actor,
            AuditAction::Create,
            Entity::Absence,
        )
        .id(absence.id)
        .changes([
            Change::set("practitioner_id", AuditValue::plain(practitioner)),
            Change::set("start", AuditValue::plain(format_instant(start))),
            Change::set("end", AuditValue::plain(format_instant(end))),
        ])
        .changes(
            absence
                .reason
                .as_ref()
                .map(|r| Change::set("reason", AuditValue::plain(r))),
        );
        let affected = match self.schedules.add_absence(&absence, &audit) {
            Err(RepositoryError::NotFound) => Err(ScheduleError::PractitionerNotFound),
            other => other.map_err(ScheduleError::from),
        }?;
        Ok(RecordedAbsence { absence, affected })
    }

    /// The practitioner's absences, in start order.
    pub fn absences(
        &self,
        practitioner: PractitionerId,
        page: PageRequest,
    ) -> Result<Page<Absence>, ScheduleError> {
        self.schedules
            .absences(practitioner, page)?
            .ok_or(ScheduleError::PractitionerNotFound)
    }

    /// Deletes one of the practitioner's absences: their time is bookable
    /// again.
    pub fn remove_absence(
        &self,
        practitioner: PractitionerId,
        id: AbsenceId,
        actor: &Actor,
    ) -> Result<(), ScheduleError> {
        let audit = AuditRecord::new(
            self.clock.now(),
            actor,
            AuditAction::Delete,
            Entity::Absence,
        )
        .id(id)
        .changes([Change {
            field: "practitioner_id".to_owned(),
            old: Some(AuditValue::plain(practitioner)),
            new: None,
        }]);
        match self.schedules.remove_absence(practitioner, id, &audit) {
            Err(RepositoryError::NotFound) => Err(ScheduleError::AbsenceNotFound),
            other => other.map_err(ScheduleError::from),
        }
    }
}

/// A pattern's fields as the audit trail records them.
fn pattern_changes(pattern: &WorkingPattern) -> Vec<Change> {
    let sessions = pattern
        .sessions()
        .iter()
        .map(|s| {
            let place = s.location_id.map(|l| format!(" @{l}")).unwrap_or_default();
            format!(
                "{} {}-{}{place}",
                super::pattern::weekday_name(s.weekday),
                s.start,
                s.end
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut changes = vec![
        Change::set("time_zone", AuditValue::plain(pattern.time_zone())),
        Change::set("valid_from", AuditValue::plain(pattern.valid_from())),
        Change::set("sessions", AuditValue::Plain(sessions)),
    ];
    if let Some(until) = pattern.valid_until() {
        changes.push(Change::set("valid_until", AuditValue::plain(until)));
    }
    changes
}

/// The free-slot search.
#[derive(Clone)]
pub struct SlotService {
    /// The reads it is made of.
    pub slots: Arc<dyn SlotSource>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The booking rules a slot must pass.
    pub policy: SchedulingPolicy,
}

impl std::fmt::Debug for SlotService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlotService").finish_non_exhaustive()
    }
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SlotSearchError {
    /// The search itself was refused.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The duration is not one a booking may have.
    #[error(transparent)]
    Rule(#[from] crate::appointment::RuleViolation),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl crate::Problem for SlotSearchError {
    fn kind(&self) -> crate::ErrorKind {
        match self {
            Self::Search(e) => e.kind(),
            Self::Rule(e) => e.kind(),
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::Search(e) => e.code(),
            Self::Rule(e) => e.code(),
            Self::Repository(e) => e.code(),
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Search(e) => e.params(),
            Self::Rule(e) => e.params(),
            Self::Repository(e) => e.params(),
        }
    }
}

impl SlotService {
    /// One page of the free slots `query` asks for: every slot a booking
    /// would be accepted at now, and no other. Two reads of the store,
    /// whatever the number of slots.
    pub fn search(
        &self,
        query: &SlotQuery,
        page: PageRequest,
    ) -> Result<Page<Slot>, SlotSearchError> {
        self.policy.check_duration(query.duration())?;
        let now = self.clock.now();
        let candidates = self
            .slots
            .candidates(query.filter(), SlotQuery::MAX_PRACTITIONERS + 1)?;
        if candidates.len() > SlotQuery::MAX_PRACTITIONERS {
            return Err(SearchError::TooManyPractitioners {
                max: SlotQuery::MAX_PRACTITIONERS,
            }
            .into());
        }
        let ids: Vec<PractitionerId> = candidates.iter().map(|c| c.practitioner_id).collect();
        let (from, to) = query.busy_window();
        let busy = if ids.is_empty() && query.patient().is_none() {
            Default::default()
        } else {
            self.slots
                .busy(&ids, query.patient().cloned(), from, to, now)?
                .ok_or(SearchError::PatientNotFound)?
        };
        // Every free slot is counted, for the total; only the page's are
        // made, and get names.
        let found = FreeSlots::new(query, &candidates, &busy, &self.policy, now);
        let items = found
            .page(
                usize::try_from(page.offset).unwrap_or(usize::MAX),
                page.limit as usize,
            )
            .iter()
            .map(|f| f.slot(&candidates))
            .collect();
        Ok(Page {
            items,
            total: found.total() as u64,
        })
    }
}
