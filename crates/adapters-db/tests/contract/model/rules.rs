//! The model's side: the booking rules as a plain in-memory state machine,
//! and what each outcome of PANDA's use cases means in its words.

use chrono::{DateTime, Duration, Utc};
use panda_domain::appointment::service::{BookingError, ChangeError};
use panda_domain::appointment::{AppointmentStatus, RuleViolation};
use std::collections::BTreeMap;

/// What a step came to, in terms both sides can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Done,
    AlreadyBookedThatDay,
    PractitionerUnavailable,
    StartInThePast,
    NotReschedulable,
    Transition,
}

/// What a booking's or a change's result was, in the model's words.
pub(super) trait Refusal {
    fn outcome(&self) -> Outcome;
}

impl Refusal for BookingError {
    fn outcome(&self) -> Outcome {
        match self {
            BookingError::AlreadyBookedThatDay => Outcome::AlreadyBookedThatDay,
            BookingError::PractitionerUnavailable => Outcome::PractitionerUnavailable,
            BookingError::Rule(RuleViolation::StartInThePast) => Outcome::StartInThePast,
            other => panic!("unexpected failure: {other:?}"),
        }
    }
}

impl Refusal for ChangeError {
    fn outcome(&self) -> Outcome {
        match self {
            ChangeError::AlreadyBookedThatDay => Outcome::AlreadyBookedThatDay,
            ChangeError::PractitionerUnavailable => Outcome::PractitionerUnavailable,
            ChangeError::Rule(RuleViolation::StartInThePast) => Outcome::StartInThePast,
            ChangeError::NotReschedulable { .. } => Outcome::NotReschedulable,
            ChangeError::Transition(_) => Outcome::Transition,
            other => panic!("unexpected failure: {other:?}"),
        }
    }
}

pub(super) fn outcome<T, E: Refusal>(result: Result<T, E>) -> Outcome {
    match result {
        Ok(_) => Outcome::Done,
        Err(error) => error.outcome(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Booked {
    pub(super) patient: usize,
    pub(super) practitioner: usize,
    pub(super) start: DateTime<Utc>,
    pub(super) minutes: i64,
    pub(super) status: AppointmentStatus,
}

impl Booked {
    pub(super) fn end(&self) -> DateTime<Utc> {
        self.start + Duration::minutes(self.minutes)
    }
    pub(super) fn effective(&self, now: DateTime<Utc>) -> AppointmentStatus {
        self.status.effective(self.end(), now)
    }
}

/// The rules, plainly: what PANDA must do.
#[derive(Debug, Default)]
pub(super) struct Model {
    pub(super) booked: BTreeMap<usize, Booked>,
}

impl Model {
    pub(super) fn clashes(&self, me: Option<usize>, b: &Booked) -> Option<Outcome> {
        let others = || {
            self.booked
                .iter()
                .filter(move |(k, o)| Some(**k) != me && o.status != AppointmentStatus::Cancelled)
                .map(|(_, o)| o)
        };
        if others().any(|o| o.patient == b.patient && o.start.date_naive() == b.start.date_naive())
        {
            return Some(Outcome::AlreadyBookedThatDay);
        }
        if others()
            .any(|o| o.practitioner == b.practitioner && o.start < b.end() && b.start < o.end())
        {
            return Some(Outcome::PractitionerUnavailable);
        }
        None
    }

    pub(super) fn book(&mut self, key: usize, b: Booked, now: DateTime<Utc>) -> Outcome {
        if b.start <= now {
            return Outcome::StartInThePast;
        }
        if let Some(clash) = self.clashes(None, &b) {
            return clash;
        }
        self.booked.insert(key, b);
        Outcome::Done
    }

    pub(super) fn reschedule(
        &mut self,
        key: usize,
        start: DateTime<Utc>,
        minutes: i64,
        now: DateTime<Utc>,
    ) -> Outcome {
        let current = self.booked[&key].clone();
        let effective = current.effective(now);
        if effective == AppointmentStatus::Cancelled {
            return Outcome::Transition;
        }
        if effective != AppointmentStatus::Active || now >= current.start {
            return Outcome::NotReschedulable;
        }
        if start <= now {
            return Outcome::StartInThePast;
        }
        let moved = Booked {
            start,
            minutes,
            ..current.clone()
        };
        if moved == current {
            return Outcome::Done;
        }
        if let Some(clash) = self.clashes(Some(key), &moved) {
            return clash;
        }
        self.booked.insert(key, moved);
        Outcome::Done
    }

    pub(super) fn status(
        &mut self,
        key: usize,
        to: AppointmentStatus,
        now: DateTime<Utc>,
    ) -> Outcome {
        let current = &self.booked[&key];
        let from = current.effective(now);
        if from == AppointmentStatus::Cancelled {
            return Outcome::Transition;
        }
        if from == to {
            return Outcome::Done;
        }
        // The lifecycle's own table (unit-tested in the domain) decides.
        if from.check_transition(to, current.start, now).is_err() {
            return Outcome::Transition;
        }
        if let Some(b) = self.booked.get_mut(&key) {
            b.status = to;
        }
        Outcome::Done
    }
}
