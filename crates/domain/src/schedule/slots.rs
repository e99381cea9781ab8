//! The free-slot search's values: the query, whose diaries it reads, what
//! is taken, and the slots it answers (the search itself: `search.rs`).

use super::model::Period;
use super::pattern::WorkingPattern;
use crate::appointment::AppointmentDuration;
use crate::appointment::policy::SLOT_MINUTES;
use crate::common::error::{ErrorKind, InvalidInput, Problem};
use crate::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use crate::common::text::{Label, PersonName};
use crate::patient::NhsNumber;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::collections::{HashMap, HashSet};

/// Why a search was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// `to` is not after `from`.
    #[error("to must come after from")]
    EmptyRange,
    /// The range is longer than a search may cover.
    #[error("a search covers at most {max_days} days")]
    RangeTooLong {
        /// The limit, in days.
        max_days: i64,
    },
    /// No practitioner, department, organisation or location was named.
    #[error("name a practitioner_id, department_id, organisation_id or location_id")]
    NoFilter,
    /// More practitioners match than one search may cover.
    #[error("more than {max} practitioners match; narrow the search")]
    TooManyPractitioners {
        /// The limit.
        max: usize,
    },
    /// The patient named does not exist.
    #[error("no patient has this NHS number")]
    PatientNotFound,
}

impl Problem for SearchError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::PatientNotFound => ErrorKind::NotFound,
            _ => ErrorKind::Invalid,
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyRange => "slots-range-empty",
            Self::RangeTooLong { .. } => "slots-range-too-long",
            Self::NoFilter => "slots-filter-missing",
            Self::TooManyPractitioners { .. } => "slots-too-many-practitioners",
            Self::PatientNotFound => "patient-not-found",
        }
    }
    fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::RangeTooLong { max_days } => vec![("max_days", max_days.to_string())],
            Self::TooManyPractitioners { max } => vec![("max", max.to_string())],
            _ => Vec::new(),
        }
    }
}

/// Whose diaries a search looks in: every filter given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotFilter {
    /// This practitioner.
    pub practitioner_id: Option<PractitionerId>,
    /// Practitioners of this (home) department.
    pub department_id: Option<DepartmentId>,
    /// Practitioners with a role in this organisation.
    pub organisation_id: Option<OrganisationId>,
    /// Sessions at this location.
    pub location_id: Option<LocationId>,
}

/// A free-slot search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotQuery {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    duration: AppointmentDuration,
    filter: SlotFilter,
    patient: Option<NhsNumber>,
}

impl SlotQuery {
    /// The longest range one search covers.
    pub const MAX_RANGE: TimeDelta = TimeDelta::days(31);
    /// The most practitioners one search covers.
    pub const MAX_PRACTITIONERS: usize = 500;

    /// A search for slots of `duration` starting in `[from, to)`. Refused
    /// (naming the field) when the range is empty or longer than
    /// [`SlotQuery::MAX_RANGE`], or no filter is given.
    pub fn new(
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        duration: AppointmentDuration,
        filter: SlotFilter,
        patient: Option<NhsNumber>,
    ) -> Result<Self, InvalidInput> {
        let mut input = InvalidInput::default();
        if to <= from {
            input.push("to", &SearchError::EmptyRange);
        } else if to - from > Self::MAX_RANGE {
            input.push(
                "to",
                &SearchError::RangeTooLong {
                    max_days: Self::MAX_RANGE.num_days(),
                },
            );
        }
        if filter == SlotFilter::default() {
            input.push("practitioner_id", &SearchError::NoFilter);
        }
        input.finish()?;
        Ok(Self {
            from,
            to,
            duration,
            filter,
            patient,
        })
    }

    /// The first start searched.
    pub fn from(&self) -> DateTime<Utc> {
        self.from
    }
    /// The end of the starts searched (exclusive).
    pub fn to(&self) -> DateTime<Utc> {
        self.to
    }
    /// The length of the slots.
    pub fn duration(&self) -> AppointmentDuration {
        self.duration
    }
    /// Whose diaries.
    pub fn filter(&self) -> &SlotFilter {
        &self.filter
    }
    /// The patient whose booked days are left out.
    pub fn patient(&self) -> Option<&NhsNumber> {
        self.patient.as_ref()
    }
    /// The period whose busy time matters: slots starting in the range may
    /// run past its end.
    pub fn busy_window(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.from, self.to + self.duration.as_chrono())
    }
}

/// A practitioner whose diary a search looks in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Who.
    pub practitioner_id: PractitionerId,
    /// Their name.
    pub clinician: PersonName,
    /// Their department's name.
    pub department: Label,
    /// When they work.
    pub pattern: WorkingPattern,
}

/// What is already taken over a search's busy window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusyTime {
    /// Per practitioner, periods they cannot be booked in, as
    /// `[start, end)`: absences and live holds (and appointments, when a
    /// store reports them this way rather than in `booked`).
    pub practitioners: HashMap<PractitionerId, Vec<Period>>,
    /// Per practitioner, the slots their non-cancelled appointments take,
    /// a UTC day at a time.
    pub booked: HashMap<PractitionerId, Vec<BookedDay>>,
    /// The UTC days on which the patient already has an appointment.
    pub patient_days: HashSet<NaiveDate>,
}

/// The [`SLOT_MINUTES`] slots of one UTC day that a practitioner's
/// appointments take: bit `i` is the slot starting `i * SLOT_MINUTES`
/// minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookedDay {
    /// The day.
    pub day: NaiveDate,
    /// The slots taken.
    pub slots: u128,
}

impl BookedDay {
    /// Slots in a day.
    pub const SLOTS: u32 = 24 * 60 / SLOT_MINUTES;
}

/// One free slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// With whom.
    pub practitioner_id: PractitionerId,
    /// Their name.
    pub clinician: PersonName,
    /// Their department's name.
    pub department: Label,
    /// Where, when the session names a location.
    pub location_id: Option<LocationId>,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
}
