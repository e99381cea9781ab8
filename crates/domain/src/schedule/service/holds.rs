//! Holds: a slot reserved for a few minutes while a patient decides.

use super::{HoldError, works_at};
use crate::appointment::{AppointmentDuration, SchedulingPolicy};
use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::ids::{HoldId, PractitionerId};
use crate::common::instant::format_instant;
use crate::common::ports::{Actor, Clock, IdSource};
use crate::common::repository::RepositoryError;
use crate::directory::PractitionerRepository;
use crate::schedule::model::Hold;
use crate::schedule::ports::{HoldRepository, ScheduleRepository};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// Holds on practitioners' time.
#[derive(Clone)]
pub struct HoldService {
    /// Holds.
    pub holds: Arc<dyn HoldRepository>,
    /// Working patterns, which a hold must fit.
    pub schedules: Arc<dyn ScheduleRepository>,
    /// Practitioners, which a hold must name.
    pub practitioners: Arc<dyn PractitionerRepository>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Fresh ids.
    pub ids: Arc<dyn IdSource>,
    /// The booking rules a held slot must pass.
    pub policy: SchedulingPolicy,
    /// How long a hold lives.
    pub ttl: TimeDelta,
}

impl std::fmt::Debug for HoldService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HoldService")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl HoldService {
    /// A hold lives this long unless configured.
    pub const DEFAULT_TTL: TimeDelta = TimeDelta::minutes(5);
    /// The shortest hold that may be configured.
    pub const MIN_TTL: TimeDelta = TimeDelta::minutes(1);
    /// The longest hold that may be configured.
    pub const MAX_TTL: TimeDelta = TimeDelta::hours(1);

    /// Holds `duration` (the policy's default when `None`) of the
    /// practitioner's time from `start` for [`HoldService::ttl`]: the slot
    /// must be one a booking would be accepted at now.
    pub fn hold(
        &self,
        practitioner: PractitionerId,
        start: DateTime<Utc>,
        duration: Option<AppointmentDuration>,
        actor: &Actor,
    ) -> Result<Hold, HoldError> {
        let now = self.clock.now();
        let duration = duration.unwrap_or(self.policy.default_duration());
        self.policy.check_booking(start, duration, now)?;
        if self.practitioners.get(practitioner)?.is_none() {
            return Err(HoldError::PractitionerNotFound);
        }
        let end = start + duration.as_chrono();
        if !works_at(self.schedules.as_ref(), practitioner, start, end, None)? {
            return Err(HoldError::OutsideWorkingHours);
        }
        let hold = Hold {
            id: HoldId::from_uuid(self.ids.new_id()),
            practitioner_id: practitioner,
            start,
            duration,
            expires_at: now + self.ttl,
        };
        let audit = AuditRecord::new(now, actor, AuditAction::Create, Entity::Hold)
            .id(hold.id)
            .changes([
                Change::set("practitioner_id", AuditValue::plain(practitioner)),
                Change::set("start", AuditValue::plain(format_instant(start))),
                Change::set("duration", AuditValue::plain(duration)),
                Change::set(
                    "expires_at",
                    AuditValue::plain(format_instant(hold.expires_at)),
                ),
            ]);
        match self.holds.insert(&hold, now, &audit) {
            Err(RepositoryError::NotFound) => Err(HoldError::PractitionerNotFound),
            other => other.map_err(HoldError::from),
        }?;
        Ok(hold)
    }

    /// The hold with this id, while it lives.
    pub fn get(&self, id: HoldId) -> Result<Hold, HoldError> {
        self.holds
            .get(id, self.clock.now())?
            .ok_or(HoldError::HoldNotFound)
    }

    /// Releases a live hold: its time is free at once.
    pub fn release(&self, id: HoldId, actor: &Actor) -> Result<(), HoldError> {
        let now = self.clock.now();
        let audit = AuditRecord::new(now, actor, AuditAction::Delete, Entity::Hold).id(id);
        match self.holds.release(id, now, &audit) {
            Err(RepositoryError::NotFound) => Err(HoldError::HoldNotFound),
            other => other.map_err(HoldError::from),
        }
    }

    /// Deletes the rows of holds that expired before now (they already
    /// hold nothing); returns how many.
    pub fn purge(&self) -> Result<u64, RepositoryError> {
        self.holds.purge(self.clock.now())
    }
}
