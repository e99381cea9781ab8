//! The appointment status lifecycle.
//!
//! ```text
//!            start reached                 late record keeping
//!  active ─────────────────▶ attended ◀──────────────────────▶ missed
//!    │  └─ end passes with no record: shown as missed ──────────▲
//!    └─ before start ─▶ cancelled (final)
//! ```

use crate::common::error::{ErrorKind, Problem};
use chrono::{DateTime, Utc};
use std::fmt;

/// Where an appointment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AppointmentStatus {
    /// Booked and not yet ended.
    Active,
    /// The patient came.
    Attended,
    /// Called off before it started. Final.
    Cancelled,
    /// The patient did not come: recorded, or derived because the
    /// appointment was still `Active` when it ended.
    Missed,
}

/// Why a status text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a status is one of active, attended, cancelled or missed")]
pub struct StatusError;

impl Problem for StatusError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "status-unknown"
    }
}

/// A status change the lifecycle does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// Cancelled appointments accept no change of any kind.
    #[error("this appointment was cancelled, and a cancelled appointment cannot be changed")]
    Cancelled,
    /// Attended or missed cannot be recorded before the appointment starts.
    #[error("an appointment cannot be marked {to} before it has started")]
    NotStarted {
        /// The status asked for.
        to: AppointmentStatus,
    },
    /// Once an appointment has started it can no longer be cancelled: it
    /// is either attended or missed.
    #[error(
        "an appointment that has started can no longer be cancelled; mark it attended or missed"
    )]
    AlreadyStarted,
    /// No way leads from one status to the other (back to active, say).
    #[error("an appointment cannot go from {from} to {to}")]
    NotAllowed {
        /// The current (effective) status.
        from: AppointmentStatus,
        /// The status asked for.
        to: AppointmentStatus,
    },
}

impl Problem for TransitionError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Conflict
    }
    fn code(&self) -> &'static str {
        match self {
            TransitionError::Cancelled => "appointment-cancelled",
            TransitionError::NotStarted { .. } => "appointment-not-started",
            TransitionError::AlreadyStarted => "appointment-already-started",
            TransitionError::NotAllowed { .. } => "status-transition-not-allowed",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            TransitionError::NotStarted { to } => vec![("to", to.to_string())],
            TransitionError::NotAllowed { from, to } => {
                vec![("from", from.to_string()), ("to", to.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

impl AppointmentStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [AppointmentStatus; 4] = [
        AppointmentStatus::Active,
        AppointmentStatus::Attended,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Missed,
    ];

    /// The lower-case name used in JSON, files and storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            AppointmentStatus::Active => "active",
            AppointmentStatus::Attended => "attended",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Missed => "missed",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(input: &str) -> Result<Self, StatusError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or(StatusError)
    }

    /// The status everyone sees: a stored `Active` whose end is at or
    /// before `now` IS missed. Nothing has to run for this to become true.
    pub fn effective(self, end: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        if self == AppointmentStatus::Active && end <= now {
            AppointmentStatus::Missed
        } else {
            self
        }
    }

    /// Checks that an appointment whose effective status is `self` and
    /// which starts at `start` may be moved to `to` at `now`.
    ///
    /// Decisions (docs/adr/0004): a missed appointment may be corrected to
    /// attended and back, because clinics record attendance late; nothing
    /// returns to active; cancelling is for appointments not yet started.
    pub fn check_transition(
        self,
        to: AppointmentStatus,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), TransitionError> {
        use AppointmentStatus::*;
        match (self, to) {
            (Cancelled, _) => Err(TransitionError::Cancelled),
            (Active, Cancelled) if now >= start => Err(TransitionError::AlreadyStarted),
            (Active, Cancelled) => Ok(()),
            (Active, Attended | Missed) if now < start => Err(TransitionError::NotStarted { to }),
            (Active | Missed, Attended) | (Active | Attended, Missed) => Ok(()),
            (Attended | Missed, Cancelled) => Err(TransitionError::AlreadyStarted),
            (from, to) => Err(TransitionError::NotAllowed { from, to }),
        }
    }

    /// True for statuses that hold a practitioner's time and a patient's day.
    pub fn holds_slot(self) -> bool {
        self != AppointmentStatus::Cancelled
    }
}

impl fmt::Display for AppointmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::AppointmentStatus::*;
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 15, 9, 0, 0)
            .single()
            .unwrap_or_default()
    }
    fn before() -> DateTime<Utc> {
        start() - TimeDelta::minutes(1)
    }
    fn after() -> DateTime<Utc> {
        start() + TimeDelta::minutes(1)
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for s in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::parse(s.as_str()), Ok(s));
        }
        for bad in ["Active", "booked", "", "missed "] {
            assert_eq!(AppointmentStatus::parse(bad), Err(StatusError), "{bad:?}");
        }
    }

    #[test]
    fn an_active_appointment_is_missed_from_the_moment_it_ends() {
        let end = start() + TimeDelta::minutes(30);
        assert_eq!(Active.effective(end, end - TimeDelta::seconds(1)), Active);
        assert_eq!(Active.effective(end, end), Missed);
        assert_eq!(Active.effective(end, end + TimeDelta::days(400)), Missed);
    }

    #[test]
    fn recorded_statuses_are_never_rewritten_by_the_clock() {
        let end = start() + TimeDelta::minutes(30);
        for s in [Attended, Cancelled, Missed] {
            assert_eq!(s.effective(end, end + TimeDelta::days(1)), s);
        }
    }

    #[test]
    fn a_cancelled_appointment_accepts_no_change() {
        for to in AppointmentStatus::ALL {
            assert_eq!(
                Cancelled.check_transition(to, start(), before()),
                Err(TransitionError::Cancelled)
            );
        }
    }

    #[test]
    fn attended_cannot_be_set_before_the_start() {
        assert_eq!(
            Active.check_transition(Attended, start(), before()),
            Err(TransitionError::NotStarted { to: Attended })
        );
        assert_eq!(Active.check_transition(Attended, start(), start()), Ok(()));
    }

    #[test]
    fn missed_cannot_be_recorded_before_the_start() {
        assert_eq!(
            Active.check_transition(Missed, start(), before()),
            Err(TransitionError::NotStarted { to: Missed })
        );
        assert_eq!(Active.check_transition(Missed, start(), after()), Ok(()));
    }

    #[test]
    fn cancelling_is_for_appointments_not_yet_started() {
        assert_eq!(
            Active.check_transition(Cancelled, start(), before()),
            Ok(())
        );
        assert_eq!(
            Active.check_transition(Cancelled, start(), start()),
            Err(TransitionError::AlreadyStarted)
        );
        assert_eq!(
            Missed.check_transition(Cancelled, start(), after()),
            Err(TransitionError::AlreadyStarted)
        );
        assert_eq!(
            Attended.check_transition(Cancelled, start(), after()),
            Err(TransitionError::AlreadyStarted)
        );
    }

    #[test]
    fn a_missed_appointment_may_be_corrected_to_attended_and_back() {
        assert_eq!(Missed.check_transition(Attended, start(), after()), Ok(()));
        assert_eq!(Attended.check_transition(Missed, start(), after()), Ok(()));
    }

    #[test]
    fn nothing_returns_to_active() {
        for from in [Attended, Missed] {
            assert_eq!(
                from.check_transition(Active, start(), after()),
                Err(TransitionError::NotAllowed { from, to: Active })
            );
        }
    }

    #[test]
    fn only_cancelled_appointments_release_their_slot() {
        assert!(Active.holds_slot() && Attended.holds_slot() && Missed.holds_slot());
        assert!(!Cancelled.holds_slot());
    }
}
