//! What the trail holds: one record per write.

use crate::common::error::{ErrorKind, Problem};
use crate::common::ports::Actor;
use crate::patient::NhsNumber;
use chrono::{DateTime, Utc};
use std::fmt;

/// The kind of record a change was made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    /// A patient.
    Patient,
    /// A practitioner.
    Practitioner,
    /// A practitioner's role at a location.
    PractitionerRole,
    /// A department.
    Department,
    /// An organisation.
    Organisation,
    /// A location.
    Location,
    /// An appointment.
    Appointment,
    /// An import of the brief's files.
    Import,
    /// An API token.
    Token,
    /// A practitioner's working pattern.
    Schedule,
    /// A practitioner's absence.
    Absence,
    /// A hold on a practitioner's time.
    Hold,
}

/// Why an entity name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "an entity type is patient, practitioner, practitioner-role, department, organisation, location, appointment, import, token, schedule, absence or hold"
)]
pub struct EntityError;

impl Problem for EntityError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn code(&self) -> &'static str {
        "audit-entity-unknown"
    }
}

impl Entity {
    /// Every entity type.
    pub const ALL: [Entity; 12] = [
        Entity::Patient,
        Entity::Practitioner,
        Entity::PractitionerRole,
        Entity::Department,
        Entity::Organisation,
        Entity::Location,
        Entity::Appointment,
        Entity::Import,
        Entity::Token,
        Entity::Schedule,
        Entity::Absence,
        Entity::Hold,
    ];

    /// The name used in storage and queries.
    pub fn as_str(&self) -> &'static str {
        match self {
            Entity::Patient => "patient",
            Entity::Practitioner => "practitioner",
            Entity::PractitionerRole => "practitioner-role",
            Entity::Department => "department",
            Entity::Organisation => "organisation",
            Entity::Location => "location",
            Entity::Appointment => "appointment",
            Entity::Import => "import",
            Entity::Token => "token",
            Entity::Schedule => "schedule",
            Entity::Absence => "absence",
            Entity::Hold => "hold",
        }
    }

    /// Parses the name.
    pub fn parse(input: &str) -> Result<Self, EntityError> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str() == input)
            .ok_or(EntityError)
    }
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// A record was created (a booking creates an appointment).
    Create,
    /// A record was changed (a reschedule, a status change, a rename).
    Update,
    /// A patient's personal data was erased.
    Erase,
    /// A batch of records was imported.
    Import,
    /// A token was revoked.
    Revoke,
    /// A record was deleted (an absence, a hold released).
    Delete,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 6] = [
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Erase,
        AuditAction::Import,
        AuditAction::Revoke,
        AuditAction::Delete,
    ];

    /// The name used in storage and queries.
    pub fn as_str(&self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Erase => "erase",
            AuditAction::Import => "import",
            AuditAction::Revoke => "revoke",
            AuditAction::Delete => "delete",
        }
    }

    /// Parses the name.
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == input)
    }
}

/// One value in a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditValue {
    /// Anything but a patient's personal data: kept in the trail as it is.
    Plain(String),
    /// A patient's personal data: kept in the vault, gone with an erasure.
    Personal(String),
    /// A personal value that was erased: what a stored record reads back as.
    Erased,
}

impl AuditValue {
    /// A plain value.
    pub fn plain(value: impl fmt::Display) -> Self {
        Self::Plain(value.to_string())
    }

    /// A patient's personal value.
    pub fn personal(value: impl fmt::Display) -> Self {
        Self::Personal(value.to_string())
    }
}

/// One field's change: its value before (none for a creation) and after
/// (none for a removal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field, as the API names it (`name`, `time`, `status`).
    pub field: String,
    /// The value before.
    pub old: Option<AuditValue>,
    /// The value after.
    pub new: Option<AuditValue>,
}

impl Change {
    /// A field set by a creation.
    pub fn set(field: &str, new: AuditValue) -> Self {
        Self {
            field: field.to_owned(),
            old: None,
            new: Some(new),
        }
    }

    /// A field changed from `old` to `new`; `None` when they are equal.
    pub fn between(field: &str, old: AuditValue, new: AuditValue) -> Option<Self> {
        (old != new).then(|| Self {
            field: field.to_owned(),
            old: Some(old),
            new: Some(new),
        })
    }
}

/// An entry of the trail, as a use case writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: Actor,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of record.
    pub entity: Entity,
    /// The record's id; for a patient, none: the subject names them.
    pub entity_id: Option<String>,
    /// The patient the record is about, if any: the patient changed, or
    /// the patient of the appointment.
    pub subject: Option<NhsNumber>,
    /// What changed.
    pub changes: Vec<Change>,
}

impl AuditRecord {
    /// A record of `action` on `entity` at `at` by `actor`, with no changes yet.
    pub fn new(at: DateTime<Utc>, actor: &Actor, action: AuditAction, entity: Entity) -> Self {
        Self {
            at,
            actor: actor.clone(),
            action,
            entity,
            entity_id: None,
            subject: None,
            changes: Vec::new(),
        }
    }

    /// The same record, about the record with `id`.
    #[must_use]
    pub fn id(mut self, id: impl fmt::Display) -> Self {
        self.entity_id = Some(id.to_string());
        self
    }

    /// The same record, about `patient`.
    #[must_use]
    pub fn subject(mut self, patient: &NhsNumber) -> Self {
        self.subject = Some(patient.clone());
        self
    }

    /// The same record, with `changes` added.
    #[must_use]
    pub fn changes(mut self, changes: impl IntoIterator<Item = Change>) -> Self {
        self.changes.extend(changes);
        self
    }
}

/// An entry of the trail as stored, read back by an administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// Its position in the trail: increasing, never reused.
    pub sequence: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who, as [`Actor::as_text`] stores it (`token:<id>`, `oidc:<sub>`).
    pub actor: String,
    /// Their name (a token's name, the subject, `system`).
    pub actor_name: String,
    /// What was done.
    pub action: AuditAction,
    /// To what kind of record.
    pub entity: Entity,
    /// The record's id (for a patient: their NHS number while they are
    /// not erased, else none).
    pub entity_id: Option<String>,
    /// The patient it was about, while they are not erased.
    pub subject: Option<String>,
    /// What changed; personal values of erased patients read as
    /// [`AuditValue::Erased`].
    pub changes: Vec<Change>,
}

/// Which part of the trail to read. Every filter set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only records about this kind of record.
    pub entity: Option<Entity>,
    /// Only records about the record with this id (with `entity`
    /// `patient`: this NHS number).
    pub entity_id: Option<String>,
    /// Only records by this actor (`token:<id>`, `oidc:<sub>`, `system`).
    pub actor: Option<String>,
    /// Only records of this action.
    pub action: Option<AuditAction>,
    /// Only records at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only records before this instant.
    pub to: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_and_action_names_round_trip() {
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Ok(e));
        }
        assert_eq!(Entity::parse("patients"), Err(EntityError));
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        assert_eq!(AuditAction::parse("remove"), None);
    }

    #[test]
    fn a_change_between_equal_values_is_no_change() {
        let same = Change::between("name", AuditValue::plain("a"), AuditValue::plain("a"));
        assert_eq!(same, None);
        let changed = Change::between("name", AuditValue::plain("a"), AuditValue::plain("b"));
        assert!(changed.is_some());
    }
}
