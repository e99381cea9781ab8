//! Absences, holds and the busy time a practitioner's diary is made of.

use super::pattern::WorkingPattern;
use crate::appointment::AppointmentDuration;
use crate::common::error::{ErrorKind, InvalidInput, Problem};
use crate::common::ids::{AbsenceId, HoldId, LocationId, PractitionerId};
use crate::common::text::Label;
use chrono::{DateTime, TimeDelta, Utc};

/// Why a period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// It does not end after it starts.
    #[error("the end must come after the start")]
    EndNotAfterStart,
    /// It is longer than allowed.
    #[error("a period lasts at most {max_days} days")]
    TooLong {
        /// The limit, in days.
        max_days: i64,
    },
}

impl Problem for PeriodError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            Self::EndNotAfterStart => "period-end-not-after-start",
            Self::TooLong { .. } => "period-too-long",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::TooLong { max_days } => vec![("max_days", max_days.to_string())],
            Self::EndNotAfterStart => Vec::new(),
        }
    }
}

/// A period in which a practitioner takes no bookings: leave, training,
/// a cancelled clinic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absence {
    /// The key.
    pub id: AbsenceId,
    /// Whose.
    pub practitioner_id: PractitionerId,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends (exclusive).
    pub end: DateTime<Utc>,
    /// Why, in the clinic's words.
    pub reason: Option<Label>,
}

impl Absence {
    /// The longest absence: a little over a year.
    pub const MAX_LENGTH: TimeDelta = TimeDelta::days(400);

    /// Refuses a period that does not end after it starts or is longer
    /// than [`Absence::MAX_LENGTH`], naming `end`.
    pub fn check_period(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), InvalidInput> {
        let mut input = InvalidInput::default();
        if end <= start {
            input.push("end", &PeriodError::EndNotAfterStart);
        } else if end - start > Self::MAX_LENGTH {
            input.push(
                "end",
                &PeriodError::TooLong {
                    max_days: Self::MAX_LENGTH.num_days(),
                },
            );
        }
        input.finish()
    }
}

/// A short reservation of a practitioner's time while a patient decides.
/// While it lives, nobody else can book or hold any part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    /// The key.
    pub id: HoldId,
    /// Whose time.
    pub practitioner_id: PractitionerId,
    /// When the held time starts.
    pub start: DateTime<Utc>,
    /// How long it is.
    pub duration: AppointmentDuration,
    /// When the hold lapses by itself.
    pub expires_at: DateTime<Utc>,
}

impl Hold {
    /// When the held time ends.
    pub fn end(&self) -> DateTime<Utc> {
        self.start + self.duration.as_chrono()
    }
}

/// A period of time, `[start, end)`.
pub type Period = (DateTime<Utc>, DateTime<Utc>);

/// A practitioner's working pattern and the absences over a period: what
/// decides whether they work at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diary {
    /// When they work.
    pub pattern: WorkingPattern,
    /// Absences overlapping the period asked about, as `[start, end)`.
    pub absences: Vec<Period>,
}

impl Diary {
    /// Whether `[start, end)` lies wholly inside one session, at the
    /// session's location (a booking that names none fits any), and
    /// outside every absence.
    pub fn admits(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        location_id: Option<LocationId>,
    ) -> bool {
        let in_session = self.pattern.spans(start, end).iter().any(|s| {
            s.start <= start
                && end <= s.end
                && (location_id.is_none()
                    || s.location_id.is_none()
                    || s.location_id == location_id)
        });
        in_session && !self.absences.iter().any(|(a, b)| *a < end && start < *b)
    }
}
