//! The directory use cases against mocked ports.

use super::*;
use crate::common::ports::MockClock;
use crate::common::ports::MockIdSource;
use crate::directory::ports::{
    MockDepartmentRepository, MockLocationRepository, MockOrganisationRepository,
    MockPractitionerRepository,
};
use uuid::Uuid;

fn oncology() -> Department {
    Department {
        id: DepartmentId::from_uuid(Uuid::from_u128(10)),
        name: Label::parse("oncology").unwrap(),
        version: 1,
    }
}

fn practitioner() -> Practitioner {
    Practitioner {
        id: PractitionerId::from_uuid(Uuid::from_u128(1)),
        name: PersonName::parse("Jason Holloway").unwrap(),
        department: oncology(),
        version: 3,
    }
}

struct Mocks {
    practitioners: MockPractitionerRepository,
    departments: MockDepartmentRepository,
    locations: MockLocationRepository,
}

impl Mocks {
    fn new() -> Self {
        Self {
            practitioners: MockPractitionerRepository::new(),
            departments: MockDepartmentRepository::new(),
            locations: MockLocationRepository::new(),
        }
    }

    fn service(self) -> DirectoryService {
        let mut ids = MockIdSource::new();
        ids.expect_new_id().returning(|| Uuid::from_u128(99));
        let mut clock = MockClock::new();
        clock
            .expect_now()
            .returning(|| chrono::DateTime::UNIX_EPOCH);
        DirectoryService {
            practitioners: Arc::new(self.practitioners),
            departments: Arc::new(self.departments),
            organisations: Arc::new(MockOrganisationRepository::new()),
            locations: Arc::new(self.locations),
            ids: Arc::new(ids),
            clock: Arc::new(clock),
        }
    }
}

#[test]
fn a_practitioner_in_a_new_department_creates_the_department() {
    let mut m = Mocks::new();
    m.departments.expect_find_by_name().returning(|_| Ok(None));
    m.departments
        .expect_insert()
        .withf(|d, _| d.name.as_ref() == "paediatrics" && d.version == 1)
        .times(1)
        .returning(|d, _| Ok(d.clone()));
    m.practitioners
        .expect_insert()
        .withf(|p, _| p.department.name.as_ref() == "paediatrics")
        .returning(|p, _| Ok(p.clone()));
    let name = PersonName::parse("Beverley Davis").unwrap();
    let created = m.service().create_practitioner(
        name,
        &Label::parse("paediatrics").unwrap(),
        &Actor::System,
    );
    assert_eq!(
        created
            .map(|p| p.department.name.to_string())
            .ok()
            .as_deref(),
        Some("paediatrics")
    );
}

#[test]
fn two_callers_creating_one_new_department_both_end_with_the_same_record() {
    // This caller found no department, then lost the race to insert it.
    let mut m = Mocks::new();
    let mut lookups = 0;
    m.departments.expect_find_by_name().returning(move |_| {
        lookups += 1;
        Ok((lookups > 1).then(oncology))
    });
    m.departments
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::Conflict(Conflict::Duplicate)));
    let found = m
        .service()
        .department_named(&Label::parse("oncology").unwrap(), &Actor::System);
    assert_eq!(found.ok(), Some(oncology()));
}

#[test]
fn a_change_with_a_stale_version_is_refused_without_writing() {
    let mut m = Mocks::new();
    m.practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    m.practitioners.expect_update().never();
    let change = DirectoryChange {
        expected_version: Some(2),
        ..DirectoryChange::default()
    };
    let result = m
        .service()
        .change_practitioner(practitioner().id, change, &Actor::System);
    assert!(matches!(result, Err(DirectoryError::StaleVersion)));
}

#[test]
fn a_change_that_changes_nothing_writes_nothing() {
    let mut m = Mocks::new();
    m.practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    m.practitioners.expect_update().never();
    let change = DirectoryChange {
        name: Some(practitioner().name),
        ..DirectoryChange::default()
    };
    let result = m
        .service()
        .change_practitioner(practitioner().id, change, &Actor::System);
    assert_eq!(result.ok(), Some(practitioner()));
}

#[test]
fn a_role_without_a_department_is_in_the_practitioner_s_home_department() {
    let mut m = Mocks::new();
    m.practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    let place = Location {
        id: LocationId::from_uuid(Uuid::from_u128(20)),
        name: Label::parse("UB56 7XQ").unwrap(),
        postcode: Postcode::parse("UB56 7XQ").unwrap(),
        version: 1,
    };
    let id = place.id;
    m.locations
        .expect_get()
        .returning(move |_| Ok(Some(place.clone())));
    m.practitioners
        .expect_add_role()
        .withf(|r, _| r.department_id == oncology().id && r.organisation_id.is_none())
        .times(1)
        .returning(|_, _| Ok(()));
    let role = m
        .service()
        .add_role(practitioner().id, None, id, None, &Actor::System);
    assert_eq!(role.map(|r| r.department_id).ok(), Some(oncology().id));
}

#[test]
fn a_role_at_an_unknown_location_is_location_not_found_and_nothing_is_written() {
    let mut m = Mocks::new();
    m.practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    m.locations.expect_get().returning(|_| Ok(None));
    m.practitioners.expect_add_role().never();
    let unknown = LocationId::from_uuid(Uuid::from_u128(21));
    let result = m
        .service()
        .add_role(practitioner().id, None, unknown, None, &Actor::System);
    assert_eq!(
        result.map_err(|e| e.code()).err(),
        Some("location-not-found")
    );
}
