//! Availability bodies: working patterns, absences, holds and free slots.

use super::optional;
use crate::edge::finish;
use crate::problem::ApiError;
use chrono::{DateTime, Utc};
use panda_domain::InvalidInput;
use panda_domain::appointment::{Appointment, AppointmentDuration};
use panda_domain::common::ids::{LocationId, PractitionerId};
use panda_domain::common::instant::{format_instant, parse_instant};
use panda_domain::common::text::Label;
use panda_domain::schedule::pattern::{parse_date as date, parse_weekday, weekday_name};
use panda_domain::schedule::service::RecordedAbsence;
use panda_domain::schedule::{Absence, ClockTime, Hold, Session, Slot, TimeZone, WorkingPattern};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One weekly session.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// `monday` to `sunday`.
    #[schema(
        example = "monday",
        pattern = "^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"
    )]
    pub weekday: String,
    /// Local start, `HH:MM` on the hour or half past.
    #[schema(example = "09:00", pattern = "^(?:[01][0-9]|2[0-3]):[03]0$|^24:00$")]
    pub start: String,
    /// Local end, `HH:MM` on the hour or half past (`24:00` for midnight).
    #[schema(example = "12:30", pattern = "^(?:[01][0-9]|2[0-3]):[03]0$|^24:00$")]
    pub end: String,
    /// Where, when the session is at one location.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
}

/// A working pattern (`PUT /practitioners/{id}/schedule`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// An IANA time zone; the configured `time_zone` (`Europe/London`
    /// unless configured) when absent.
    #[schema(example = "Europe/London", max_length = 64)]
    pub time_zone: Option<String>,
    /// The first date the pattern applies to (`YYYY-MM-DD`).
    #[schema(example = "2030-01-01", format = Date)]
    pub valid_from: String,
    /// The last date it applies to, if it ends.
    #[schema(format = Date)]
    pub valid_until: Option<String>,
    /// The weekly sessions (at most 70), none overlapping another on the
    /// same weekday.
    #[schema(max_items = 70)]
    pub sessions: Vec<SessionBody>,
}

impl ScheduleRequest {
    /// The pattern, in `default_zone` unless it names one; every refused
    /// field at once.
    pub fn parse(&self, default_zone: TimeZone) -> Result<WorkingPattern, ApiError> {
        let mut input = InvalidInput::default();
        let zone = match &self.time_zone {
            Some(name) => input.check("time_zone", TimeZone::parse(name)),
            None => Some(default_zone),
        };
        let from = input.check("valid_from", date(&self.valid_from));
        let until = optional(&mut input, "valid_until", self.valid_until.as_deref(), date);
        let sessions: Vec<Option<Session>> = self
            .sessions
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let field = |name: &str| format!("sessions[{i}].{name}");
                let weekday = input.check(&field("weekday"), parse_weekday(&s.weekday));
                let start = input.check(&field("start"), ClockTime::parse(&s.start));
                let end = input.check(&field("end"), ClockTime::parse(&s.end));
                let location_id = optional(
                    &mut input,
                    &field("location_id"),
                    s.location_id.as_deref(),
                    LocationId::parse,
                );
                Some(Session {
                    weekday: weekday?,
                    start: start?,
                    end: end?,
                    location_id,
                })
            })
            .collect();
        let parts = zone.zip(from).filter(|_| input.is_empty());
        let Some((zone, from)) = parts else {
            return finish(input, None);
        };
        let sessions = sessions.into_iter().flatten().collect();
        WorkingPattern::new(zone, from, until, sessions).map_err(ApiError::invalid)
    }
}

/// A practitioner's working pattern.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleBody {
    /// The practitioner.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The IANA time zone its sessions are in.
    #[schema(example = "Europe/London")]
    pub time_zone: String,
    /// The first date it applies to.
    #[schema(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub valid_from: String,
    /// The last date it applies to, if it ends.
    #[schema(format = Date)]
    pub valid_until: Option<String>,
    /// The weekly sessions.
    pub sessions: Vec<SessionBody>,
}

impl ScheduleBody {
    /// The body of `pattern` for `practitioner`.
    pub fn new(practitioner: PractitionerId, pattern: &WorkingPattern) -> Self {
        Self {
            practitioner_id: practitioner.to_string(),
            time_zone: pattern.time_zone().name().to_owned(),
            valid_from: pattern.valid_from().to_string(),
            valid_until: pattern.valid_until().map(|d| d.to_string()),
            sessions: pattern
                .sessions()
                .iter()
                .map(|s| SessionBody {
                    weekday: weekday_name(s.weekday).to_owned(),
                    start: s.start.to_string(),
                    end: s.end.to_string(),
                    location_id: s.location_id.map(|l| l.to_string()),
                })
                .collect(),
        }
    }
}

/// An absence to record (`POST /practitioners/{id}/absences`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAbsence {
    /// When it starts: RFC 3339 WITH an offset.
    #[schema(example = "2030-01-14T00:00:00Z", format = DateTime)]
    pub start: String,
    /// When it ends (exclusive), at most 400 days after the start.
    #[schema(example = "2030-01-19T00:00:00Z", format = DateTime)]
    pub end: String,
    /// Why: leave, training, a cancelled clinic.
    #[schema(example = "annual leave", min_length = 1, max_length = 200)]
    pub reason: Option<String>,
}

/// An absence's period and reason, parsed.
#[derive(Debug)]
pub struct AbsencePeriod {
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Why.
    pub reason: Option<Label>,
}

impl NewAbsence {
    /// The period and reason; every refused field at once.
    pub fn parse(&self) -> Result<AbsencePeriod, ApiError> {
        let mut input = InvalidInput::default();
        let start = input.check("start", parse_instant(&self.start));
        let end = input.check("end", parse_instant(&self.end));
        let reason = optional(&mut input, "reason", self.reason.as_deref(), Label::parse);
        let period = start
            .zip(end)
            .map(|(start, end)| AbsencePeriod { start, end, reason });
        finish(input, period)
    }
}

/// An absence.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbsenceBody {
    /// The id.
    #[schema(format = Uuid)]
    pub id: String,
    /// Whose.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// When it starts (UTC).
    #[schema(format = DateTime)]
    pub start: String,
    /// When it ends (UTC, exclusive).
    #[schema(format = DateTime)]
    pub end: String,
    /// Why.
    pub reason: Option<String>,
}

impl From<&Absence> for AbsenceBody {
    fn from(a: &Absence) -> Self {
        Self {
            id: a.id.to_string(),
            practitioner_id: a.practitioner_id.to_string(),
            start: format_instant(a.start),
            end: format_instant(a.end),
            reason: a.reason.as_ref().map(ToString::to_string),
        }
    }
}

/// An appointment an absence falls over: the clinic should rebook it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AffectedAppointment {
    /// The appointment's id.
    #[schema(format = Uuid)]
    pub id: String,
    /// When it starts (UTC).
    #[schema(format = DateTime)]
    pub start: String,
    /// When it ends (UTC).
    #[schema(format = DateTime)]
    pub end: String,
}

impl From<&Appointment> for AffectedAppointment {
    fn from(a: &Appointment) -> Self {
        Self {
            id: a.id.to_string(),
            start: format_instant(a.start),
            end: format_instant(a.end()),
        }
    }
}

/// A recorded absence and the appointments it falls over.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedAbsenceBody {
    /// The absence.
    pub absence: AbsenceBody,
    /// The practitioner's booked (not cancelled) appointments inside it,
    /// by start: they are left as they are, for the clinic to rebook.
    pub affected_appointments: Vec<AffectedAppointment>,
}

impl From<&RecordedAbsence> for RecordedAbsenceBody {
    fn from(r: &RecordedAbsence) -> Self {
        Self {
            absence: AbsenceBody::from(&r.absence),
            affected_appointments: r.affected.iter().map(AffectedAppointment::from).collect(),
        }
    }
}

/// A slot to hold (`POST /holds`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHold {
    /// The practitioner's id.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// The start: RFC 3339 WITH an offset.
    #[schema(example = "2030-01-15T09:00:00Z", format = DateTime)]
    pub start_time: String,
    /// How long; the policy's default when absent.
    #[schema(pattern = "^(?:[0-9]{1,4}h(?:[0-9]{1,4}m)?|[0-9]{1,4}m)$")]
    pub duration: Option<String>,
}

/// A slot to hold, parsed.
#[derive(Debug)]
pub struct HeldSlot {
    /// Whose time.
    pub practitioner_id: PractitionerId,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// How long; the policy's default when `None`.
    pub duration: Option<AppointmentDuration>,
}

impl NewHold {
    /// The practitioner, start and duration; every refused field at once.
    pub fn parse(&self) -> Result<HeldSlot, ApiError> {
        let mut input = InvalidInput::default();
        let practitioner = input.check(
            "practitioner_id",
            PractitionerId::parse(&self.practitioner_id),
        );
        let start = input.check("start_time", parse_instant(&self.start_time));
        let duration = optional(
            &mut input,
            "duration",
            self.duration.as_deref(),
            AppointmentDuration::parse,
        );
        let slot = practitioner
            .zip(start)
            .map(|(practitioner_id, start)| HeldSlot {
                practitioner_id,
                start,
                duration,
            });
        finish(input, slot)
    }
}

/// A hold on a practitioner's time.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoldBody {
    /// The id, for `hold_id` in the booking and for `DELETE /holds/{id}`.
    #[schema(format = Uuid)]
    pub id: String,
    /// Whose time.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// When the held time starts (UTC).
    #[schema(format = DateTime)]
    pub start: String,
    /// When it ends (UTC).
    #[schema(format = DateTime)]
    pub end: String,
    /// How long, such as `30m`.
    #[schema(example = "30m")]
    pub duration: String,
    /// When the hold lapses by itself (UTC).
    #[schema(format = DateTime)]
    pub expires_at: String,
}

impl From<&Hold> for HoldBody {
    fn from(h: &Hold) -> Self {
        Self {
            id: h.id.to_string(),
            practitioner_id: h.practitioner_id.to_string(),
            start: format_instant(h.start),
            end: format_instant(h.end()),
            duration: h.duration.to_string(),
            expires_at: format_instant(h.expires_at),
        }
    }
}

/// A free slot: a booking with these values would be accepted now.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotBody {
    /// With whom.
    #[schema(format = Uuid)]
    pub practitioner_id: String,
    /// Their name.
    pub clinician: String,
    /// Their department's name.
    pub department: String,
    /// Where, when the session names a location.
    #[schema(format = Uuid)]
    pub location_id: Option<String>,
    /// When it starts (UTC).
    #[schema(format = DateTime)]
    pub start: String,
    /// When it ends (UTC).
    #[schema(format = DateTime)]
    pub end: String,
}

impl From<&Slot> for SlotBody {
    fn from(s: &Slot) -> Self {
        Self {
            practitioner_id: s.practitioner_id.to_string(),
            clinician: s.clinician.to_string(),
            department: s.department.to_string(),
            location_id: s.location_id.map(|l| l.to_string()),
            start: format_instant(s.start),
            end: format_instant(s.end),
        }
    }
}
