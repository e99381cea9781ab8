//! The rows of appointments, the slots they hold and their history.

use super::time::{StoredDate, StoredTimestamp};
use super::{instant_from_db, instant_to_db, parse, parse_opt};
use crate::schema::{
    appointment_history, appointment_slots, appointments, departments, locations, practitioners,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use panda_domain::RepositoryError;
use panda_domain::appointment::policy::{occupied_slots, utc_day};
use panda_domain::appointment::{
    Appointment, AppointmentDuration, AppointmentStatus, AppointmentView, ChangedField,
    HistoryEntry,
};
use panda_domain::common::ids::{
    AppointmentId, DepartmentId, LocationId, OrganisationId, PractitionerId, SeriesId,
};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::patient::NhsNumber;
use panda_domain::schedule::Hold;

const WHAT: &str = "appointment";

/// A row of `appointments`. `end_at` and `start_day` are derived from the
/// start and duration and stored so that indexes can use them.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = appointments)]
pub(crate) struct AppointmentRow {
    pub(crate) id: String,
    pub(crate) patient_nhs: Option<String>,
    pub(crate) practitioner_id: String,
    pub(crate) department_id: String,
    pub(crate) organisation_id: Option<String>,
    pub(crate) location_id: Option<String>,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) start_at: NaiveDateTime,
    #[diesel(deserialize_as = StoredTimestamp)]
    pub(crate) end_at: NaiveDateTime,
    #[diesel(deserialize_as = StoredDate)]
    pub(crate) start_day: NaiveDate,
    pub(crate) duration_minutes: i32,
    pub(crate) status: String,
    pub(crate) version: i64,
    pub(crate) series_id: Option<String>,
}

impl AppointmentRow {
    /// The row for `appointment`, at `version`.
    pub(crate) fn new(appointment: &Appointment, version: i64) -> Self {
        Self {
            id: appointment.id.to_string(),
            patient_nhs: appointment.patient.as_ref().map(|p| p.to_string()),
            practitioner_id: appointment.practitioner_id.to_string(),
            department_id: appointment.department_id.to_string(),
            organisation_id: appointment.organisation_id.map(|o| o.to_string()),
            location_id: appointment.location_id.map(|l| l.to_string()),
            start_at: instant_to_db(appointment.start),
            end_at: instant_to_db(appointment.end()),
            start_day: utc_day(appointment.start),
            // A duration is at most a day, so it always fits.
            duration_minutes: i32::try_from(appointment.duration.minutes()).unwrap_or(i32::MAX),
            status: appointment.stored_status.as_str().to_owned(),
            version,
            series_id: appointment.series_id.map(|s| s.to_string()),
        }
    }

    /// The appointment this row holds.
    pub(crate) fn into_domain(self) -> Result<Appointment, RepositoryError> {
        let key = self.id.as_str();
        let minutes = u32::try_from(self.duration_minutes).unwrap_or(0);
        Ok(Appointment {
            id: parse(WHAT, key, key, AppointmentId::parse)?,
            patient: parse_opt(WHAT, key, self.patient_nhs.as_deref(), NhsNumber::parse)?,
            practitioner_id: parse(WHAT, key, &self.practitioner_id, PractitionerId::parse)?,
            department_id: parse(WHAT, key, &self.department_id, DepartmentId::parse)?,
            organisation_id: parse_opt(
                WHAT,
                key,
                self.organisation_id.as_deref(),
                OrganisationId::parse,
            )?,
            location_id: parse_opt(WHAT, key, self.location_id.as_deref(), LocationId::parse)?,
            start: instant_from_db(self.start_at),
            duration: AppointmentDuration::from_minutes(minutes)
                .map_err(|e| crate::errors::corrupt(WHAT, key, e))?,
            stored_status: parse(WHAT, key, &self.status, AppointmentStatus::parse)?,
            series_id: parse_opt(WHAT, key, self.series_id.as_deref(), SeriesId::parse)?,
            version: self.version,
        })
    }
}

/// An appointment with the names a reader wants, read by one join.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = appointments)]
pub(crate) struct ViewRow {
    #[diesel(embed)]
    pub(crate) appointment: AppointmentRow,
    #[diesel(select_expression = practitioners::name)]
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) clinician: String,
    #[diesel(select_expression = departments::name)]
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub(crate) department: String,
    #[diesel(select_expression = locations::postcode.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<locations::postcode>)]
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub(crate) postcode: Option<String>,
}

impl ViewRow {
    /// The read model this row holds.
    pub(crate) fn into_domain(self) -> Result<AppointmentView, RepositoryError> {
        let key = self.appointment.id.clone();
        Ok(AppointmentView {
            appointment: self.appointment.into_domain()?,
            clinician: parse(WHAT, &key, &self.clinician, PersonName::parse)?,
            department: parse(WHAT, &key, &self.department, Label::parse)?,
            postcode: parse_opt(WHAT, &key, self.postcode.as_deref(), Postcode::parse)?,
        })
    }
}

/// A row of `appointment_slots`: one 15-minute slot a practitioner is
/// taken, by an appointment or by a hold (which lapses at `expires_at`).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = appointment_slots)]
pub(crate) struct SlotRow {
    pub(crate) practitioner_id: String,
    pub(crate) slot_start: NaiveDateTime,
    pub(crate) appointment_id: Option<String>,
    pub(crate) hold_id: Option<String>,
    pub(crate) expires_at: Option<NaiveDateTime>,
}

impl SlotRow {
    /// The slots `appointment` holds: every slot it occupies, or none once
    /// it is cancelled (which frees the practitioner's time).
    pub(crate) fn held_by(appointment: &Appointment) -> Vec<SlotRow> {
        if appointment.stored_status == AppointmentStatus::Cancelled {
            return Vec::new();
        }
        occupied_slots(appointment.start, appointment.duration)
            .map(|slot| SlotRow {
                practitioner_id: appointment.practitioner_id.to_string(),
                slot_start: instant_to_db(slot),
                appointment_id: Some(appointment.id.to_string()),
                hold_id: None,
                expires_at: None,
            })
            .collect()
    }

    /// The slots a hold takes, each lapsing with it.
    pub(crate) fn held_by_hold(hold: &Hold) -> Vec<SlotRow> {
        occupied_slots(hold.start, hold.duration)
            .map(|slot| SlotRow {
                practitioner_id: hold.practitioner_id.to_string(),
                slot_start: instant_to_db(slot),
                appointment_id: None,
                hold_id: Some(hold.id.to_string()),
                expires_at: Some(instant_to_db(hold.expires_at)),
            })
            .collect()
    }
}

/// A row of `appointment_history` as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = appointment_history)]
pub(crate) struct HistoryRow {
    pub(crate) appointment_id: String,
    pub(crate) at: NaiveDateTime,
    pub(crate) actor: String,
    pub(crate) field: String,
    pub(crate) from_value: Option<String>,
    pub(crate) to_value: Option<String>,
}

impl HistoryRow {
    /// The history entry this row holds.
    pub(crate) fn into_domain(self) -> Result<HistoryEntry, RepositoryError> {
        let field = ChangedField::parse(&self.field).ok_or_else(|| {
            crate::errors::corrupt("appointment history of", &self.appointment_id, &self.field)
        })?;
        Ok(HistoryEntry {
            at: instant_from_db(self.at),
            actor: self.actor,
            field,
            from: self.from_value,
            to: self.to_value,
        })
    }
}

/// A row of `appointment_history` to append (the id is the database's).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = appointment_history)]
pub(crate) struct NewHistoryRow {
    pub(crate) appointment_id: String,
    pub(crate) at: NaiveDateTime,
    pub(crate) actor: String,
    pub(crate) field: String,
    pub(crate) from_value: Option<String>,
    pub(crate) to_value: Option<String>,
}

impl NewHistoryRow {
    /// The row recording `entry` against appointment `id`.
    pub(crate) fn new(id: AppointmentId, entry: &HistoryEntry) -> Self {
        Self {
            appointment_id: id.to_string(),
            at: instant_to_db(entry.at),
            actor: entry.actor.clone(),
            field: entry.field.as_str().to_owned(),
            from_value: entry.from.clone(),
            to_value: entry.to.clone(),
        }
    }
}
