//! The appointment use cases against mocked ports: the fixtures and
//! ports every test shares; the tests by use case in the modules.

mod booking;
mod changes;
mod reads;
mod series;

use super::*;
use crate::appointment::ports::MockAppointmentRepository;
use crate::appointment::{RuleViolation, TransitionError};
use crate::common::error::Problem;
use crate::common::ids::{DepartmentId, OrganisationId, RoleId};
use crate::common::ports::{MockClock, MockIdSource};
use crate::common::postcode::Postcode;
use crate::common::repository::{Conflict, RepositoryError};
use crate::common::text::{Label, PersonName};
use crate::directory::ports::{
    MockDepartmentRepository, MockLocationRepository, MockPractitionerRepository,
};
use crate::directory::{Department, Location, Practitioner, PractitionerRole};
use crate::schedule::ports::MockScheduleRepository;
use chrono::TimeZone;
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, 8, 10, 0).unwrap()
}
fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, h, m, 0).unwrap()
}
fn nhs() -> NhsNumber {
    NhsNumber::parse("9434765919").unwrap()
}
fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}
fn home() -> Department {
    Department {
        id: DepartmentId::from_uuid(uuid(10)),
        name: Label::parse("oncology").unwrap(),
        version: 1,
    }
}
fn practitioner() -> Practitioner {
    Practitioner {
        id: PractitionerId::from_uuid(uuid(1)),
        name: PersonName::parse("Jason Holloway").unwrap(),
        department: home(),
        version: 1,
    }
}
fn location() -> Location {
    Location {
        id: LocationId::from_uuid(uuid(20)),
        name: Label::parse("Whittington").unwrap(),
        postcode: Postcode::parse("N19 5NF").unwrap(),
        version: 1,
    }
}
fn appointment(start: DateTime<Utc>, status: AppointmentStatus) -> AppointmentView {
    AppointmentView {
        appointment: Appointment {
            id: AppointmentId::from_uuid(uuid(99)),
            patient: Some(nhs()),
            practitioner_id: practitioner().id,
            department_id: home().id,
            organisation_id: None,
            location_id: None,
            start,
            duration: AppointmentDuration::HALF_HOUR,
            stored_status: status,
            series_id: None,
            version: 4,
        },
        clinician: practitioner().name,
        department: home().name,
        postcode: None,
    }
}

/// The mocks a test may configure before the service is built.
struct Ports {
    appointments: MockAppointmentRepository,
    practitioners: MockPractitionerRepository,
    departments: MockDepartmentRepository,
    locations: MockLocationRepository,
    /// No working pattern unless a test gives one.
    schedules: MockScheduleRepository,
}

impl Ports {
    /// Everyone exists; no roles; nothing stored yet.
    fn new() -> Self {
        let mut practitioners = MockPractitionerRepository::new();
        practitioners
            .expect_get()
            .returning(|_| Ok(Some(practitioner())));
        practitioners.expect_roles().returning(|_| Ok(vec![]));
        let mut locations = MockLocationRepository::new();
        locations.expect_get().returning(|_| Ok(Some(location())));
        let mut schedules = MockScheduleRepository::new();
        schedules.expect_diary().returning(|_, _, _| Ok(None));
        Self {
            appointments: MockAppointmentRepository::new(),
            practitioners,
            departments: MockDepartmentRepository::new(),
            locations,
            schedules,
        }
    }

    fn service(self) -> AppointmentService {
        let mut clock = MockClock::new();
        clock.expect_now().returning(now);
        let mut ids = MockIdSource::new();
        ids.expect_new_id().returning(|| uuid(99));
        AppointmentService {
            appointments: Arc::new(self.appointments),
            practitioners: Arc::new(self.practitioners),
            departments: Arc::new(self.departments),
            locations: Arc::new(self.locations),
            schedules: Arc::new(self.schedules),
            clock: Arc::new(clock),
            ids: Arc::new(ids),
            policy: SchedulingPolicy::default(),
        }
    }
}

fn request(start: DateTime<Utc>) -> BookingRequest {
    BookingRequest {
        patient: nhs(),
        practitioner_id: practitioner().id,
        start,
        duration: None,
        location_id: None,
        hold: None,
    }
}

fn with_stored(ports: &mut Ports, view: AppointmentView) {
    ports
        .appointments
        .expect_get()
        .returning(move |_| Ok(Some(view.clone())));
}
