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
        let (earliest, latest) = (now + self.min_notice, now + self.horizon);
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
mod window_tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 15, 8, 10, 0).unwrap()
    }

    #[test]
    fn by_default_anything_from_now_to_a_year_ahead_may_be_booked() {
        let p = SchedulingPolicy::default();
        let half_hour = AppointmentDuration::HALF_HOUR;
        let soon = Utc.with_ymd_and_hms(2030, 1, 15, 8, 30, 0).unwrap();
        assert_eq!(p.check_booking(soon, half_hour, now()), Ok(()));
        let last = Utc.with_ymd_and_hms(2031, 1, 15, 8, 0, 0).unwrap();
        assert_eq!(p.check_booking(last, half_hour, now()), Ok(()));
        let beyond = Utc.with_ymd_and_hms(2031, 1, 15, 8, 30, 0).unwrap();
        assert_eq!(
            p.check_booking(beyond, half_hour, now()),
            Err(RuleViolation::OutsideBookingWindow {
                earliest: "2030-01-15T08:10:00Z".into(),
                latest: "2031-01-15T08:10:00Z".into(),
            })
        );
    }

    #[test]
    fn a_minimum_notice_refuses_starts_too_soon_and_says_the_range() {
        let p = SchedulingPolicy::default()
            .with_window(TimeDelta::hours(2), TimeDelta::days(14))
            .unwrap();
        let half_hour = AppointmentDuration::HALF_HOUR;
        let too_soon = Utc.with_ymd_and_hms(2030, 1, 15, 10, 0, 0).unwrap();
        let refused = p.check_booking(too_soon, half_hour, now()).unwrap_err();
        assert_eq!(refused.code(), "booking-outside-window");
        assert_eq!(
            refused.params(),
            vec![
                ("earliest", "2030-01-15T10:10:00Z".to_owned()),
                ("latest", "2030-01-29T08:10:00Z".to_owned()),
            ]
        );
        let enough = Utc.with_ymd_and_hms(2030, 1, 15, 10, 30, 0).unwrap();
        assert_eq!(p.check_booking(enough, half_hour, now()), Ok(()));
        // The past is still the past, whatever the window.
        let past = Utc.with_ymd_and_hms(2030, 1, 15, 8, 0, 0).unwrap();
        assert_eq!(
            p.check_booking(past, half_hour, now()),
            Err(RuleViolation::StartInThePast)
        );
    }

    #[test]
    fn a_window_must_be_a_window() {
        let p = SchedulingPolicy::default();
        for (notice, horizon) in [
            (TimeDelta::hours(-1), TimeDelta::days(1)),
            (TimeDelta::days(2), TimeDelta::days(1)),
            (TimeDelta::days(1), TimeDelta::days(1)),
            (TimeDelta::days(31), TimeDelta::days(60)),
            (TimeDelta::zero(), TimeDelta::days(5 * 366 + 1)),
        ] {
            assert_eq!(
                p.with_window(notice, horizon),
                Err(WindowError),
                "{notice} {horizon}"
            );
        }
        assert!(
            p.with_window(TimeDelta::zero(), TimeDelta::days(5 * 366))
                .is_ok()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2030, 1, 15, h, m, s)
            .single()
            .unwrap_or_default()
    }

    fn dur(m: u32) -> AppointmentDuration {
        AppointmentDuration::from_minutes(m).unwrap_or(AppointmentDuration::HALF_HOUR)
    }

    #[test]
    fn starts_on_the_hour_and_half_hour_are_on_the_grid() {
        let p = SchedulingPolicy::default();
        assert_eq!(p.check_grid(at(9, 0, 0)), Ok(()));
        assert_eq!(p.check_grid(at(9, 30, 0)), Ok(()));
    }

    #[test]
    fn other_minutes_seconds_and_sub_seconds_are_off_the_grid() {
        let p = SchedulingPolicy::default();
        let off = [
            at(9, 15, 0),
            at(9, 45, 0),
            at(9, 0, 1),
            at(9, 30, 0) + TimeDelta::nanoseconds(1),
        ];
        for start in off {
            assert_eq!(
                p.check_grid(start),
                Err(RuleViolation::NotOnGrid { grid: 30 }),
                "{start}"
            );
        }
    }

    #[test]
    fn durations_from_15_minutes_to_8_hours_in_15_minute_steps_are_allowed() {
        let p = SchedulingPolicy::default();
        for m in (15..=480).step_by(15) {
            assert_eq!(p.check_duration(dur(m)), Ok(()), "{m}");
        }
        for m in [1, 14, 20, 31, 495, 600] {
            assert!(p.check_duration(dur(m)).is_err(), "{m}");
        }
    }

    #[test]
    fn the_strict_policy_allows_30_minutes_only() {
        let p = SchedulingPolicy::strict();
        assert_eq!(p.check_duration(dur(30)), Ok(()));
        let refused = p.check_duration(dur(15));
        assert_eq!(
            refused,
            Err(RuleViolation::DurationNotAllowed {
                min: "30m".to_owned(),
                max: "30m".to_owned(),
                step: None,
            })
        );
    }

    #[test]
    fn the_default_duration_is_30_minutes() {
        assert_eq!(SchedulingPolicy::default().default_duration().minutes(), 30);
    }

    #[test]
    fn a_booking_must_start_strictly_after_now() {
        let p = SchedulingPolicy::default();
        let now = at(9, 0, 0);
        assert_eq!(
            p.check_booking(at(9, 0, 0), dur(30), now),
            Err(RuleViolation::StartInThePast)
        );
        assert_eq!(
            p.check_booking(at(8, 30, 0), dur(30), now),
            Err(RuleViolation::StartInThePast)
        );
        assert_eq!(p.check_booking(at(9, 30, 0), dur(30), now), Ok(()));
    }

    #[test]
    fn a_policy_whose_pieces_are_not_whole_slots_is_refused() {
        let range = DurationRule::Range {
            min: 15,
            max: 480,
            step: 15,
        };
        assert!(SchedulingPolicy::new(30, dur(30), range).is_ok());
        assert_eq!(SchedulingPolicy::new(20, dur(30), range), Err(PolicyError));
        assert_eq!(SchedulingPolicy::new(45, dur(45), range), Err(PolicyError));
        assert_eq!(
            SchedulingPolicy::new(30, dur(10), DurationRule::Exactly(10)),
            Err(PolicyError)
        );
        assert_eq!(
            SchedulingPolicy::new(30, dur(60), DurationRule::Exactly(30)),
            Err(PolicyError)
        );
    }

    #[test]
    fn the_utc_day_is_the_date_of_the_start_in_utc() {
        let late = at(23, 30, 0);
        assert_eq!(utc_day(late), late.date_naive());
        assert_ne!(utc_day(late), utc_day(late + TimeDelta::minutes(30)));
    }

    #[test]
    fn an_appointment_occupies_one_slot_per_15_minutes() {
        let slots: Vec<_> = occupied_slots(at(9, 0, 0), dur(90)).collect();
        assert_eq!(slots.len(), 6);
        assert_eq!(slots.first(), Some(&at(9, 0, 0)));
        assert_eq!(slots.last(), Some(&at(10, 15, 0)));
    }

    #[test]
    fn back_to_back_appointments_share_no_slot_but_overlapping_ones_do() {
        let first: Vec<_> = occupied_slots(at(9, 0, 0), dur(60)).collect();
        let next: Vec<_> = occupied_slots(at(10, 0, 0), dur(30)).collect();
        let overlapping: Vec<_> = occupied_slots(at(9, 30, 0), dur(30)).collect();
        assert!(next.iter().all(|s| !first.contains(s)));
        assert!(overlapping.iter().any(|s| first.contains(s)));
    }
}
