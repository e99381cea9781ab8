//! The rows of working patterns, absences and holds.

use super::time::{StoredDate, StoredTimestamp};
use super::{instant_from_db, instant_to_db, parse, parse_opt};
use crate::errors::corrupt;
use crate::schema::{holds, practitioner_absences, practitioner_schedules};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::appointment::AppointmentDuration;
use panda_domain::common::ids::{AbsenceId, HoldId, LocationId, PractitionerId};
use panda_domain::common::text::Label;
use panda_domain::schedule::pattern::{parse_weekday, weekday_name};
use panda_domain::schedule::{Absence, ClockTime, Hold, Session, TimeZone, WorkingPattern};

/// A row of `practitioner_schedules`. The sessions are one text value, a
/// line per session: `monday 09:00 12:30 <location id or ->`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Queryable, Selectable)]
#[diesel(table_name = practitioner_schedules)]
pub(crate) struct ScheduleRow {
    pub(crate) practitioner_id: String,
    pub(crate) time_zone: String,
    #[diesel(deserialize_as = StoredDate)]
    pub(crate) valid_from: NaiveDate,
    pub(crate) valid_until: Option<NaiveDate>,
    pub(crate) sessions: String,
}

impl ScheduleRow {
    /// The row holding `pattern` for `practitioner`.
    pub(crate) fn new(practitioner: PractitionerId, pattern: &WorkingPattern) -> Self {
        let sessions = pattern
            .sessions()
            .iter()
            .map(|s| {
                let place = s
                    .location_id
                    .map_or_else(|| "-".to_owned(), |l| l.to_string());
                format!("{} {} {} {place}", weekday_name(s.weekday), s.start, s.end)
            })
            .collect::<Vec<_>>()
            .join("\n");
        Self {
            practitioner_id: practitioner.to_string(),
            time_zone: pattern.time_zone().name().to_owned(),
            valid_from: pattern.valid_from(),
            valid_until: pattern.valid_until(),
            sessions,
        }
    }

    /// The pattern this row holds.
    pub(crate) fn into_domain(self) -> Result<WorkingPattern, RepositoryError> {
        const WHAT: &str = "working pattern of";
        let key = self.practitioner_id.as_str();
        let zone = parse(WHAT, key, &self.time_zone, TimeZone::parse)?;
        let sessions = self
            .sessions
            .lines()
            .map(|line| parse(WHAT, key, line, session))
            .collect::<Result<Vec<_>, _>>()?;
        WorkingPattern::new(zone, self.valid_from, self.valid_until, sessions)
            .map_err(|e| corrupt(WHAT, key, e))
    }
}

fn session(line: &str) -> Result<Session, String> {
    let parts: Vec<&str> = line.split(' ').collect();
    let [day, start, end, place] = parts[..] else {
        return Err("a session is four words".to_owned());
    };
    Ok(Session {
        weekday: parse_weekday(day).map_err(|e| e.to_string())?,
        start: ClockTime::parse(start).map_err(|e| e.to_string())?,
        end: ClockTime::parse(end).map_err(|e| e.to_string())?,
        location_id: match place {
            "-" => None,
            id => Some(LocationId::parse(id).map_err(|e| e.to_string())?),
        },
    })
}

/// A row of `practitioner_absences`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practitioner_absences)]
pub(crate) struct AbsenceRow {
    pub(crate) id: String,
    pub(crate) practitioner_id: String,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) start_at: NaiveDateTime,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) end_at: NaiveDateTime,
    pub(crate) reason: Option<String>,
}

impl AbsenceRow {
    /// The row holding `absence`.
    pub(crate) fn new(absence: &Absence) -> Self {
        Self {
            id: absence.id.to_string(),
            practitioner_id: absence.practitioner_id.to_string(),
            start_at: instant_to_db(absence.start),
            end_at: instant_to_db(absence.end),
            reason: absence.reason.as_ref().map(ToString::to_string),
        }
    }

    /// The absence this row holds.
    pub(crate) fn into_domain(self) -> Result<Absence, RepositoryError> {
        const WHAT: &str = "absence";
        let key = self.id.as_str();
        Ok(Absence {
            id: parse(WHAT, key, key, AbsenceId::parse)?,
            practitioner_id: parse(WHAT, key, &self.practitioner_id, PractitionerId::parse)?,
            start: instant_from_db(self.start_at),
            end: instant_from_db(self.end_at),
            reason: parse_opt(WHAT, key, self.reason.as_deref(), Label::parse)?,
        })
    }
}

/// A row of `holds`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = holds)]
pub(crate) struct HoldRow {
    pub(crate) id: String,
    pub(crate) practitioner_id: String,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) start_at: NaiveDateTime,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) end_at: NaiveDateTime,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) expires_at: NaiveDateTime,
}

impl HoldRow {
    /// The row holding `hold`.
    pub(crate) fn new(hold: &Hold) -> Self {
        Self {
            id: hold.id.to_string(),
            practitioner_id: hold.practitioner_id.to_string(),
            start_at: instant_to_db(hold.start),
            end_at: instant_to_db(hold.end()),
            expires_at: instant_to_db(hold.expires_at),
        }
    }

    /// The hold this row holds.
    pub(crate) fn into_domain(self) -> Result<Hold, RepositoryError> {
        const WHAT: &str = "hold";
        let key = self.id.as_str();
        let minutes = (self.end_at - self.start_at).num_minutes();
        let duration = u32::try_from(minutes)
            .ok()
            .and_then(|m| AppointmentDuration::from_minutes(m).ok())
            .ok_or_else(|| corrupt(WHAT, key, "its end is not after its start"))?;
        Ok(Hold {
            id: parse(WHAT, key, key, HoldId::parse)?,
            practitioner_id: parse(WHAT, key, &self.practitioner_id, PractitionerId::parse)?,
            start: instant_from_db(self.start_at),
            duration,
            expires_at: instant_from_db(self.expires_at),
        })
    }
}
