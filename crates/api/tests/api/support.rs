//! Mocked ports, fixtures and a one-request client.

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use panda_api::{Lookups, Ports, Services};
use panda_domain::appointment::ports::MockAppointmentRepository;
use panda_domain::appointment::{
    Appointment, AppointmentDuration, AppointmentStatus, AppointmentView, SchedulingPolicy,
};
use panda_domain::audit::ports::MockAuditRepository;
use panda_domain::common::ids::{
    AppointmentId, DepartmentId, LocationId, OrganisationId, PractitionerId,
};
use panda_domain::common::ports::MockReadiness;
use panda_domain::common::ports::{MockClock, MockIdSource};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::directory::ports::{
    MockDepartmentRepository, MockLocationRepository, MockOrganisationRepository,
    MockPractitionerRepository,
};
use panda_domain::directory::{Department, Location, Organisation, Practitioner};
use panda_domain::idempotency::MockIdempotencyStore;
use panda_domain::patient::ports::MockPatientRepository;
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient};
use panda_domain::report::ports::MockReportRepository;
use panda_domain::schedule::ports::{MockHoldRepository, MockScheduleRepository, MockSlotSource};
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

pub const NHS: &str = "9434765919";
pub const PRACTITIONER: &str = "00000000-0000-0000-0000-000000000001";
pub const DEPARTMENT: &str = "00000000-0000-0000-0000-00000000000a";
pub const LOCATION: &str = "00000000-0000-0000-0000-000000000014";
pub const ORGANISATION: &str = "00000000-0000-0000-0000-00000000001e";
pub const APPOINTMENT: &str = "00000000-0000-0000-0000-000000000063";
pub const NEW_ID: &str = "00000000-0000-0000-0000-000000000063";

/// The clock's now in every test: 2030-01-15 08:10 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, 8, 10, 0).unwrap()
}

pub fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 15, h, m, 0).unwrap()
}

pub fn nhs() -> NhsNumber {
    NhsNumber::parse(NHS).unwrap()
}

pub fn patient() -> Patient {
    Patient {
        nhs_number: nhs(),
        name: PersonName::parse("Mary Thomas").unwrap(),
        date_of_birth: DateOfBirth::from_trusted(NaiveDate::from_ymd_opt(1980, 1, 2).unwrap()),
        postcode: Postcode::parse("N6 2FA").unwrap(),
        version: 3,
    }
}

pub fn department() -> Department {
    Department {
        id: DepartmentId::parse(DEPARTMENT).unwrap(),
        name: Label::parse("oncology").unwrap(),
        version: 1,
    }
}

pub fn organisation() -> Organisation {
    Organisation {
        id: OrganisationId::parse(ORGANISATION).unwrap(),
        name: Label::parse("Whittington Health").unwrap(),
        version: 2,
    }
}

pub fn location() -> Location {
    Location {
        id: LocationId::parse(LOCATION).unwrap(),
        name: Label::parse("Whittington Hospital").unwrap(),
        postcode: Postcode::parse("N19 5NF").unwrap(),
        version: 1,
    }
}

pub fn practitioner() -> Practitioner {
    Practitioner {
        id: PractitionerId::parse(PRACTITIONER).unwrap(),
        name: PersonName::parse("Dr Glenn Clark").unwrap(),
        department: department(),
        version: 2,
    }
}

/// An appointment of [`patient`] with [`practitioner`], version 4.
pub fn appointment(start: DateTime<Utc>, status: AppointmentStatus) -> AppointmentView {
    AppointmentView {
        appointment: Appointment {
            id: AppointmentId::parse(APPOINTMENT).unwrap(),
            patient: Some(nhs()),
            practitioner_id: practitioner().id,
            department_id: department().id,
            organisation_id: None,
            location_id: None,
            start,
            duration: AppointmentDuration::HALF_HOUR,
            stored_status: status,
            series_id: None,
            version: 4,
        },
        clinician: practitioner().name,
        department: department().name,
        postcode: None,
    }
}

/// The mocks a test configures before sending its request.
#[derive(Default)]
pub struct Mocks {
    pub patients: MockPatientRepository,
    pub practitioners: MockPractitionerRepository,
    pub departments: MockDepartmentRepository,
    pub organisations: MockOrganisationRepository,
    pub locations: MockLocationRepository,
    pub appointments: MockAppointmentRepository,
    pub reports: MockReportRepository,
    pub audit: MockAuditRepository,
    pub idempotency: MockIdempotencyStore,
    pub readiness: MockReadiness,
    /// Working patterns; a practitioner has none unless a test says.
    pub schedules: MockScheduleRepository,
    pub holds: MockHoldRepository,
    pub slots: MockSlotSource,
    /// Where keyed reads run; the server's default unless a test says.
    pub lookups: Lookups,
}

/// A reply, its body parsed as JSON (`Null` when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `field` of every field error, in order.
    pub fn fields(&self) -> Vec<&str> {
        self.body["errors"]
            .as_array()
            .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
            .unwrap_or_default()
    }

    /// Asserts a problem with this status and code, and the problem shape.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        assert_eq!(self.body["code"], code, "{}", self.body);
        assert_eq!(self.body["status"], status);
        assert_eq!(
            self.body["type"],
            format!("https://panda.example/problems/{code}")
        );
        assert!(self.body["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
    }
}

impl Mocks {
    pub fn new() -> Self {
        Self::default()
    }

    /// The services over these mocks, with the fixed clock and ids.
    pub fn services(mut self) -> Services {
        // After the test's own: mockall tries expectations in FIFO order.
        self.schedules.expect_diary().returning(|_, _, _| Ok(None));
        self.appointments
            .expect_for_patient_later()
            .returning(|_| None);
        let mut clock = MockClock::new();
        clock.expect_now().returning(now);
        let mut ids = MockIdSource::new();
        ids.expect_new_id()
            .returning(|| Uuid::parse_str(NEW_ID).unwrap());
        let ports = Ports {
            patients: Arc::new(self.patients),
            practitioners: Arc::new(self.practitioners),
            departments: Arc::new(self.departments),
            organisations: Arc::new(self.organisations),
            locations: Arc::new(self.locations),
            appointments: Arc::new(self.appointments),
            reports: Arc::new(self.reports),
            audit: Arc::new(self.audit),
            idempotency: Arc::new(self.idempotency),
            readiness: Arc::new(self.readiness),
            schedules: Arc::new(self.schedules),
            holds: Arc::new(self.holds),
            slots: Arc::new(self.slots),
            clock: Arc::new(clock),
            ids: Arc::new(ids),
        };
        Services::new(ports, SchedulingPolicy::default()).with_lookups(self.lookups)
    }

    /// Serves one request with these mocks.
    pub async fn send(self, request: TestRequest) -> Reply {
        self.send_with(settings(), request).await
    }

    /// Serves one request with these mocks and `settings`.
    pub async fn send_with(self, settings: panda_api::Settings, request: TestRequest) -> Reply {
        let app = test::init_service(panda_api::app(self.services(), settings)).await;
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = test::read_body(response).await;
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("a JSON body")
        };
        Reply {
            status,
            headers,
            body,
        }
    }
}

/// Serves one request with no expectations set: any port call fails the test.
pub async fn send(request: TestRequest) -> Reply {
    Mocks::new().send(request).await
}

/// Settings with authentication off: these tests are about the handlers;
/// `access.rs` tests authentication and the route-by-role matrix.
pub fn settings() -> panda_api::Settings {
    panda_api::Settings {
        body_read_timeout: panda_api::limits::BodyReadTimeout::default(),
        auth: panda_api::access::Auth::Off,
        origins: panda_api::AllowedOrigins::default(),
    }
}

/// Every (method, path) an OpenAPI document describes, methods in lower case.
pub fn documented_routes(document: &Value) -> std::collections::BTreeSet<(String, String)> {
    document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect()
}
