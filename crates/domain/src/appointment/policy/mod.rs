//! The booking rule set: where appointments may start, how long they may
//! last, and the practitioner slots they occupy.

use crate::appointment::duration::AppointmentDuration;
use crate::common::error::{ErrorKind, Problem};
use chrono::{DateTime, NaiveDate, TimeDelta, Timelike, Utc};

/// The unit of practitioner time the database locks: every allowed start
/// and duration is a whole number of these, so an appointment occupies a
/// run of slots and two appointments overlap exactly when they share one.
pub const SLOT_MINUTES: u32 = 15;

/// Which durations a booking may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationRule {
    /// From `min` to `max` minutes in steps of `step` minutes.
    Range {
        /// The shortest allowed duration, in minutes.
        min: u32,
        /// The longest allowed duration, in minutes.
        max: u32,
        /// Every duration is a multiple of this, in minutes.
        step: u32,
    },
    /// Exactly this many minutes and no other.
    Exactly(u32),
}

/// A booking that breaks a scheduling rule, whatever the state of the diary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    /// The start is not on the grid (minute 0 or 30, no seconds).
    #[error("appointments start on the hour or half past, with no seconds")]
    NotOnGrid {
        /// The grid, in minutes.
        grid: u32,
    },
    /// The duration is not one the policy allows.
    #[error("this duration is not allowed for an appointment")]
    DurationNotAllowed {
        /// The shortest allowed (`15m`).
        min: String,
        /// The longest allowed (`8h`).
        max: String,
        /// The step between allowed durations; `None` when only `min` is.
        step: Option<String>,
    },
    /// A new booking must start after now.
    #[error("a new appointment must start in the future")]
    StartInThePast,
    /// The start is sooner than the minimum notice or later than the
    /// booking horizon allow.
    #[error("appointments can be booked to start from {earliest} to {latest}")]
    OutsideBookingWindow {
        /// The earliest start allowed now (RFC 3339, UTC).
        earliest: String,
        /// The latest start allowed now (RFC 3339, UTC).
        latest: String,
    },
}

impl Problem for RuleViolation {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        match self {
            RuleViolation::NotOnGrid { .. } => "start-not-on-grid",
            RuleViolation::DurationNotAllowed { .. } => "duration-not-allowed",
            RuleViolation::StartInThePast => "start-in-the-past",
            RuleViolation::OutsideBookingWindow { .. } => "booking-outside-window",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            RuleViolation::NotOnGrid { grid } => vec![("grid", grid.to_string())],
            RuleViolation::DurationNotAllowed { min, max, step } => vec![
                ("min", min.clone()),
                ("max", max.clone()),
                ("step", step.clone().unwrap_or_else(|| "none".to_owned())),
            ],
            RuleViolation::StartInThePast => Vec::new(),
            RuleViolation::OutsideBookingWindow { earliest, latest } => {
                vec![("earliest", earliest.clone()), ("latest", latest.clone())]
            }
        }
    }
}

/// Why a policy could not be built from configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "scheduling policy: every grid and duration must be a positive multiple of {SLOT_MINUTES} minutes, and the default duration must be allowed"
)]
pub struct PolicyError;

/// The booking rule set. Built once from configuration; the defaults are
/// the 30-minute booking service's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchedulingPolicy {
    grid_minutes: u32,
    default_duration: AppointmentDuration,
    durations: DurationRule,
    min_notice: TimeDelta,
    horizon: TimeDelta,
}

/// Why a booking window could not be built from configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "booking window: the minimum notice is 0 to {max_notice_days} days, and the horizon longer than the notice and at most {max_horizon_days} days",
    max_notice_days = SchedulingPolicy::MAX_NOTICE.num_days(),
    max_horizon_days = SchedulingPolicy::MAX_HORIZON.num_days()
)]
pub struct WindowError;

impl SchedulingPolicy {
    /// A policy with the given grid, default duration and duration rule.
    /// Refused unless everything is a whole number of [`SLOT_MINUTES`] and
    /// the default duration itself is allowed.
    pub fn new(
        grid_minutes: u32,
        default_duration: AppointmentDuration,
        durations: DurationRule,
    ) -> Result<Self, PolicyError> {
        let slot_multiple = |m: u32| m > 0 && m.is_multiple_of(SLOT_MINUTES);
        let rule_ok = match durations {
            DurationRule::Range { min, max, step } => {
                slot_multiple(min) && slot_multiple(step) && min <= max && (max - min) % step == 0
            }
            DurationRule::Exactly(m) => slot_multiple(m),
        };
        // The grid must divide an hour so that every hour looks the same.
        let grid_ok = slot_multiple(grid_minutes) && 60 % grid_minutes == 0;
        let policy = Self {
            grid_minutes,
            default_duration,
            durations,
            ..Self::default()
        };
        if !(rule_ok && grid_ok && policy.check_duration(default_duration).is_ok()) {
            return Err(PolicyError);
        }
        Ok(policy)
    }

    /// The longest minimum notice accepted.
    pub const MAX_NOTICE: TimeDelta = TimeDelta::days(30);
    /// The furthest horizon accepted: five years.
    pub const MAX_HORIZON: TimeDelta = TimeDelta::days(5 * 366);
    /// The horizon unless configured: a year.
    pub const DEFAULT_HORIZON: TimeDelta = TimeDelta::days(365);

    /// The same policy, booking only starts at least `min_notice` and at
    /// most `horizon` from now.
    pub fn with_window(
        self,
        min_notice: TimeDelta,
        horizon: TimeDelta,
    ) -> Result<Self, WindowError> {
        let notice_ok = min_notice >= TimeDelta::zero() && min_notice <= Self::MAX_NOTICE;
        if !notice_ok || horizon <= min_notice || horizon > Self::MAX_HORIZON {
            return Err(WindowError);
        }
        Ok(Self {
            min_notice,
            horizon,
            ..self
        })
    }

    /// The strict variant: 30 minutes and nothing else.
    pub fn strict() -> Self {
        Self {
            durations: DurationRule::Exactly(30),
            ..Self::default()
        }
    }

    /// Appointments start on this grid, in minutes past the hour.
    pub fn grid_minutes(&self) -> u32 {
        self.grid_minutes
    }

    /// The duration a booking gets when it names none.
    pub fn default_duration(&self) -> AppointmentDuration {
        self.default_duration
    }

    /// Refuses a start that is not on the grid.
    pub fn check_grid(&self, start: DateTime<Utc>) -> Result<(), RuleViolation> {
        let on_grid = start.minute().is_multiple_of(self.grid_minutes)
            && start.second() == 0
            && start.nanosecond() == 0;
        if on_grid {
            Ok(())
        } else {
            Err(RuleViolation::NotOnGrid {
                grid: self.grid_minutes,
            })
        }
    }

    /// Refuses a duration the policy does not allow.
    pub fn check_duration(&self, duration: AppointmentDuration) -> Result<(), RuleViolation> {
        let m = duration.minutes();
        let allowed = match self.durations {
            DurationRule::Range { min, max, step } => {
                (min..=max).contains(&m) && (m - min).is_multiple_of(step)
            }
            DurationRule::Exactly(only) => m == only,
        };
        if allowed {
            Ok(())
        } else {
            Err(self.durations_allowed())
        }
    }

    /// The starts a booking may have at `now` as far as time goes: after
    /// `now` and inside the booking window, as `(after, earliest, latest)`
    /// (a start must be `> after` and in `earliest..=latest`).
    /// [`SchedulingPolicy::check_booking`] applies the same bounds.
    pub fn start_bounds(
        &self,
        now: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
        (now, now + self.min_notice, now + self.horizon)
    }

    /// Checks everything about a new booking that does not depend on the
    /// diary: the grid, the duration, and that it starts after `now`.
    pub fn check_booking(
        &self,
        start: DateTime<Utc>,
        duration: AppointmentDuration,
        now: DateTime<Utc>,
    ) -> Result<(), RuleViolation> {
        self.check_grid(start)?;
        self.check_duration(duration)?;
        if start <= now {
            return Err(RuleViolation::StartInThePast);
        }
        self.check_window(start, now)
    }

    /// Refuses a start sooner than the minimum notice or beyond the
    /// horizon, saying which starts are allowed now.
    pub fn check_window(
        &self,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), RuleViolation> {
        let (_, earliest, latest) = self.start_bounds(now);
        if (earliest..=latest).contains(&start) {
            return Ok(());
        }
        let text = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Err(RuleViolation::OutsideBookingWindow {
            earliest: text(earliest),
            latest: text(latest),
        })
    }

    /// The refusal that says which durations are allowed, as values a
    /// message in any language can quote.
    fn durations_allowed(&self) -> RuleViolation {
        let fmt = |m: u32| {
            AppointmentDuration::from_minutes(m)
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        match self.durations {
            DurationRule::Range { min, max, step } => RuleViolation::DurationNotAllowed {
                min: fmt(min),
                max: fmt(max),
                step: Some(fmt(step)),
            },
            DurationRule::Exactly(m) => RuleViolation::DurationNotAllowed {
                min: fmt(m),
                max: fmt(m),
                step: None,
            },
        }
    }
}

impl Default for SchedulingPolicy {
    /// 30-minute grid, 30 minutes by default, 15 minutes to 8 hours in
    /// 15-minute steps.
    fn default() -> Self {
        Self {
            grid_minutes: 30,
            default_duration: AppointmentDuration::HALF_HOUR,
            durations: DurationRule::Range {
                min: 15,
                max: 8 * 60,
                step: 15,
            },
            min_notice: TimeDelta::zero(),
            horizon: Self::DEFAULT_HORIZON,
        }
    }
}

/// The UTC calendar date an appointment counts against for the
/// one-appointment-per-patient-per-day rule: the date of its start.
pub fn utc_day(start: DateTime<Utc>) -> NaiveDate {
    start.date_naive()
}

/// The practitioner slots an appointment occupies: the start of every
/// [`SLOT_MINUTES`] block from `start` until its end. Two appointments of
/// one practitioner overlap exactly when these sets intersect, which is
/// what lets a unique index hold the no-overlap rule.
pub fn occupied_slots(
    start: DateTime<Utc>,
    duration: AppointmentDuration,
) -> impl Iterator<Item = DateTime<Utc>> {
    let step = TimeDelta::minutes(i64::from(SLOT_MINUTES));
    let count = duration.minutes().div_ceil(SLOT_MINUTES);
    (0..count).map(move |i| start + step * i as i32)
}

#[cfg(test)]
mod tests;
