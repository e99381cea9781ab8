//! The patient use cases: register, read, change, list and erase.

use crate::audit::{AuditAction, AuditRecord, AuditValue, Change, Entity};
use crate::common::error::{ErrorKind, Problem};
use crate::common::ports::{Actor, Clock, Page, PageRequest};
use crate::common::postcode::Postcode;
use crate::common::repository::{Conflict, RepositoryError, conflict_code};
use crate::common::text::PersonName;
use crate::patient::{DateOfBirth, NhsNumber, Patient, PatientFilter, PatientRepository};
use std::sync::Arc;

/// Why a patient use case failed.
#[derive(Debug, thiserror::Error)]
pub enum PatientError {
    /// No patient has this NHS number.
    #[error("no patient has this NHS number")]
    NotFound,
    /// A patient with this NHS number already exists.
    #[error("a patient with this NHS number already exists")]
    AlreadyExists,
    /// The patient changed since the caller read it.
    #[error("the patient has changed since it was read; read it again")]
    StaleVersion,
    /// The patient has active appointments that have not ended yet.
    #[error("the patient has upcoming appointments; cancel them first")]
    HasUpcomingAppointments,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl From<RepositoryError> for PatientError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::NotFound => Self::NotFound,
            RepositoryError::Conflict(Conflict::Duplicate) => Self::AlreadyExists,
            RepositoryError::Conflict(Conflict::StaleVersion) => Self::StaleVersion,
            RepositoryError::Conflict(Conflict::PatientHasUpcomingAppointments) => {
                Self::HasUpcomingAppointments
            }
            other => Self::Repository(other),
        }
    }
}

impl Problem for PatientError {
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound => ErrorKind::NotFound,
            Self::AlreadyExists | Self::StaleVersion | Self::HasUpcomingAppointments => {
                ErrorKind::Conflict
            }
            Self::Repository(e) => e.kind(),
        }
    }
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "patient-not-found",
            Self::AlreadyExists => "patient-already-exists",
            Self::StaleVersion => conflict_code(Conflict::StaleVersion),
            Self::HasUpcomingAppointments => {
                conflict_code(Conflict::PatientHasUpcomingAppointments)
            }
            Self::Repository(e) => e.code(),
        }
    }
}

/// A change to a patient: fields left `None` stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientChange {
    /// A new name.
    pub name: Option<PersonName>,
    /// A new date of birth.
    pub date_of_birth: Option<DateOfBirth>,
    /// A new postcode.
    pub postcode: Option<Postcode>,
    /// The version the caller read (from `If-Match`), if it sent one.
    pub expected_version: Option<i64>,
}

/// The patient use cases over their port.
#[derive(Clone)]
pub struct PatientService {
    /// Patients.
    pub patients: Arc<dyn PatientRepository>,
    /// The time, for erasure and dates of birth.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for PatientService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatientService").finish_non_exhaustive()
    }
}

impl PatientService {
    /// Registers a new patient (version 1).
    pub fn register(
        &self,
        nhs_number: NhsNumber,
        name: PersonName,
        date_of_birth: DateOfBirth,
        postcode: Postcode,
        actor: &Actor,
    ) -> Result<Patient, PatientError> {
        let patient = Patient {
            nhs_number,
            name,
            date_of_birth,
            postcode,
            version: 1,
        };
        let audit = AuditRecord::new(
            self.clock.now(),
            actor,
            AuditAction::Create,
            Entity::Patient,
        )
        .subject(&patient.nhs_number)
        .changes(personal_fields(&patient).map(|(field, value)| Change::set(field, value)));
        Ok(self.patients.insert(&patient, &audit)?)
    }

    /// The patient with this NHS number.
    pub fn get(&self, nhs_number: &NhsNumber) -> Result<Patient, PatientError> {
        self.patients.get(nhs_number)?.ok_or(PatientError::NotFound)
    }

    /// Applies `change`; the NHS number never changes. A change that
    /// changes nothing writes nothing.
    pub fn change(
        &self,
        nhs_number: &NhsNumber,
        change: PatientChange,
        actor: &Actor,
    ) -> Result<Patient, PatientError> {
        let current = self.get(nhs_number)?;
        if change
            .expected_version
            .is_some_and(|v| v != current.version)
        {
            return Err(PatientError::StaleVersion);
        }
        let updated = Patient {
            name: change.name.unwrap_or_else(|| current.name.clone()),
            date_of_birth: change.date_of_birth.unwrap_or(current.date_of_birth),
            postcode: change.postcode.unwrap_or_else(|| current.postcode.clone()),
            ..current.clone()
        };
        if updated == current {
            return Ok(current);
        }
        let changes = personal_fields(&current)
            .zip(personal_fields(&updated))
            .filter_map(|((field, old), (_, new))| Change::between(field, old, new));
        let audit = AuditRecord::new(
            self.clock.now(),
            actor,
            AuditAction::Update,
            Entity::Patient,
        )
        .subject(nhs_number)
        .changes(changes);
        Ok(self.patients.update(&updated, &audit)?)
    }

    /// Patients matching `filter`, by NHS number.
    pub fn list(
        &self,
        filter: &PatientFilter,
        page: PageRequest,
    ) -> Result<Page<Patient>, PatientError> {
        Ok(self.patients.list(filter, page)?)
    }

    /// Erases the patient's personal data. Refused while they have active
    /// appointments that have not ended; their past appointments stay in
    /// the statistics with no link to them (docs/adr/0005).
    /// `expected_version` is the version the caller read (from `If-Match`).
    pub fn erase(
        &self,
        nhs_number: &NhsNumber,
        expected_version: Option<i64>,
        actor: &Actor,
    ) -> Result<(), PatientError> {
        let now = self.clock.now();
        let audit =
            AuditRecord::new(now, actor, AuditAction::Erase, Entity::Patient).subject(nhs_number);
        Ok(self
            .patients
            .erase(nhs_number, now, expected_version, &audit)?)
    }
}

/// A patient's personal fields as the trail records them: every one is
/// personal data, kept in the vault (docs/adr/0009-audit-trail.md).
fn personal_fields(patient: &Patient) -> impl Iterator<Item = (&'static str, AuditValue)> {
    [
        ("nhs_number", AuditValue::personal(&patient.nhs_number)),
        ("name", AuditValue::personal(&patient.name)),
        ("date_of_birth", AuditValue::personal(patient.date_of_birth)),
        ("postcode", AuditValue::personal(&patient.postcode)),
    ]
    .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::ports::MockClock;
    use crate::patient::ports::MockPatientRepository;
    use chrono::NaiveDate;

    fn patient() -> Patient {
        let day = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        Patient {
            nhs_number: NhsNumber::parse("9434765919").unwrap(),
            name: PersonName::parse("Mary Thomas").unwrap(),
            date_of_birth: DateOfBirth::from_trusted(day),
            postcode: Postcode::parse("N6 2FA").unwrap(),
            version: 3,
        }
    }

    fn service(repo: MockPatientRepository) -> PatientService {
        let mut clock = MockClock::new();
        clock
            .expect_now()
            .returning(|| chrono::DateTime::UNIX_EPOCH);
        PatientService {
            patients: Arc::new(repo),
            clock: Arc::new(clock),
        }
    }

    fn clerk() -> Actor {
        Actor::Token {
            id: "0193e5f2-8c4a-7d2e-9b1a-3f6c2d8e4a10".to_owned(),
            name: "front-desk".to_owned(),
        }
    }

    #[test]
    fn a_registration_is_audited_with_every_field_as_personal_data_about_the_patient() {
        let mut repo = MockPatientRepository::new();
        repo.expect_insert()
            .withf(|p, audit| {
                audit.actor == clerk()
                    && audit.action == AuditAction::Create
                    && audit.entity == Entity::Patient
                    && audit.subject.as_ref() == Some(&p.nhs_number)
                    && audit.entity_id.is_none()
                    && audit.changes.len() == 4
                    && audit
                        .changes
                        .iter()
                        .all(|c| c.old.is_none() && matches!(c.new, Some(AuditValue::Personal(_))))
            })
            .returning(|p, _| Ok(p.clone()));
        let p = patient();
        let registered =
            service(repo).register(p.nhs_number, p.name, p.date_of_birth, p.postcode, &clerk());
        assert!(registered.is_ok());
    }

    #[test]
    fn a_change_is_audited_with_only_the_fields_that_changed() {
        let mut repo = MockPatientRepository::new();
        repo.expect_get().returning(|_| Ok(Some(patient())));
        repo.expect_update()
            .withf(|_, audit| {
                audit.action == AuditAction::Update
                    && audit.changes
                        == [Change {
                            field: "postcode".to_owned(),
                            old: Some(AuditValue::personal("N6 2FA")),
                            new: Some(AuditValue::personal("SW1A 1AA")),
                        }]
            })
            .returning(|p, _| Ok(p.clone()));
        let change = PatientChange {
            name: Some(patient().name),
            postcode: Some(Postcode::parse("SW1A 1AA").unwrap()),
            ..PatientChange::default()
        };
        assert!(
            service(repo)
                .change(&patient().nhs_number, change, &clerk())
                .is_ok()
        );
    }

    #[test]
    fn an_erasure_is_audited_about_the_patient_with_no_values() {
        let mut repo = MockPatientRepository::new();
        repo.expect_erase()
            .withf(|nhs, _, _, audit| {
                audit.action == AuditAction::Erase
                    && audit.subject.as_ref() == Some(nhs)
                    && audit.changes.is_empty()
            })
            .returning(|_, _, _, _| Ok(()));
        assert!(
            service(repo)
                .erase(&patient().nhs_number, Some(3), &clerk())
                .is_ok()
        );
    }

    #[test]
    fn registering_an_existing_nhs_number_is_already_exists() {
        let mut repo = MockPatientRepository::new();
        repo.expect_insert()
            .returning(|_, _| Err(RepositoryError::Conflict(Conflict::Duplicate)));
        let p = patient();
        let result = service(repo).register(
            p.nhs_number,
            p.name,
            p.date_of_birth,
            p.postcode,
            &Actor::System,
        );
        assert!(matches!(result, Err(PatientError::AlreadyExists)));
    }

    #[test]
    fn a_change_with_a_stale_version_is_refused_without_writing() {
        let mut repo = MockPatientRepository::new();
        repo.expect_get().returning(|_| Ok(Some(patient())));
        repo.expect_update().never();
        let change = PatientChange {
            expected_version: Some(2),
            ..PatientChange::default()
        };
        let result = service(repo).change(&patient().nhs_number, change, &Actor::System);
        assert!(matches!(result, Err(PatientError::StaleVersion)));
    }

    #[test]
    fn a_change_that_changes_nothing_writes_nothing() {
        let mut repo = MockPatientRepository::new();
        repo.expect_get().returning(|_| Ok(Some(patient())));
        repo.expect_update().never();
        let change = PatientChange {
            name: Some(patient().name),
            ..PatientChange::default()
        };
        let result = service(repo).change(&patient().nhs_number, change, &Actor::System);
        assert_eq!(result.ok(), Some(patient()));
    }

    #[test]
    fn a_change_keeps_the_nhs_number_and_replaces_only_what_was_given() {
        let mut repo = MockPatientRepository::new();
        repo.expect_get().returning(|_| Ok(Some(patient())));
        repo.expect_update()
            .withf(|p, _| {
                p.nhs_number == patient().nhs_number
                    && p.name.as_ref() == "刘桂荣"
                    && p.postcode == patient().postcode
            })
            .returning(|p, _| {
                Ok(Patient {
                    version: p.version + 1,
                    ..p.clone()
                })
            });
        let change = PatientChange {
            name: Some(PersonName::parse("刘桂荣").unwrap()),
            ..PatientChange::default()
        };
        let result = service(repo).change(&patient().nhs_number, change, &Actor::System);
        assert_eq!(result.map(|p| p.version).ok(), Some(4));
    }

    #[test]
    fn erasing_a_patient_with_upcoming_appointments_is_a_conflict() {
        let mut repo = MockPatientRepository::new();
        repo.expect_erase().returning(|_, _, _, _| {
            Err(RepositoryError::Conflict(
                Conflict::PatientHasUpcomingAppointments,
            ))
        });
        let mut clock = MockClock::new();
        clock.expect_now().returning(chrono::Utc::now);
        let svc = PatientService {
            patients: Arc::new(repo),
            clock: Arc::new(clock),
        };
        let result = svc.erase(&patient().nhs_number, None, &Actor::System);
        assert!(matches!(result, Err(PatientError::HasUpcomingAppointments)));
        assert_eq!(
            result.map_err(|e| e.code()).err(),
            Some("patient-has-upcoming-appointments")
        );
    }
}
