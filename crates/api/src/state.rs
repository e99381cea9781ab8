//! What the handlers reach the domain through: the use-case services,
//! built once from the ports the binary supplies.

use chrono::{DateTime, Utc};
use panda_domain::appointment::service::AppointmentService;
use panda_domain::appointment::service::series::SeriesService;
use panda_domain::appointment::{AppointmentRepository, SchedulingPolicy};
use panda_domain::audit::{AuditRepository, AuditService};
use panda_domain::directory::service::DirectoryService;
use panda_domain::directory::{
    DepartmentRepository, LocationRepository, OrganisationRepository, PractitionerRepository,
};
use panda_domain::idempotency::{IdempotencyService, IdempotencyStore};
use panda_domain::patient::PatientRepository;
use panda_domain::patient::service::PatientService;
use panda_domain::report::{ReportRepository, ReportService};
use panda_domain::schedule::service::{HoldService, ScheduleService, SlotService};
use panda_domain::schedule::{HoldRepository, ScheduleRepository, SlotSource};
use panda_domain::{Clock, IdSource, Readiness};
use std::sync::Arc;

/// The adapters the binary plugs in.
#[derive(Clone)]
pub struct Ports {
    /// Patients.
    pub patients: Arc<dyn PatientRepository>,
    /// Practitioners and their roles.
    pub practitioners: Arc<dyn PractitionerRepository>,
    /// Departments.
    pub departments: Arc<dyn DepartmentRepository>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Locations.
    pub locations: Arc<dyn LocationRepository>,
    /// Appointments and their history.
    pub appointments: Arc<dyn AppointmentRepository>,
    /// Report aggregations.
    pub reports: Arc<dyn ReportRepository>,
    /// The audit trail, for reading.
    pub audit: Arc<dyn AuditRepository>,
    /// Idempotency keys.
    pub idempotency: Arc<dyn IdempotencyStore>,
    /// Working patterns and absences.
    pub schedules: Arc<dyn ScheduleRepository>,
    /// Holds on practitioners' time.
    pub holds: Arc<dyn HoldRepository>,
    /// The reads of the free-slot search.
    pub slots: Arc<dyn SlotSource>,
    /// Whether the store can serve requests.
    pub readiness: Arc<dyn Readiness>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Fresh ids.
    pub ids: Arc<dyn IdSource>,
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ports").finish_non_exhaustive()
    }
}

/// Where reads of one record by its key run.
///
/// A handler's use case is synchronous, so by default it runs on the
/// blocking thread pool and the async worker waits for it. For a store that
/// answers a keyed read from memory in microseconds (SQLite in this
/// process), handing it to another thread and back costs more than the
/// read: [`Lookups::Inline`] runs such reads on the worker itself (+14%
/// reads/s, docs/adr/0007). Scans, reports and writes are always handed
/// off, whatever this says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lookups {
    /// On the blocking pool, like every other use case: for a store across
    /// a network (PostgreSQL), whose round trip must never hold a worker.
    #[default]
    Offloaded,
    /// On the async worker that serves the request.
    Inline,
}

/// The store's readiness check, shared.
#[derive(Clone)]
pub struct ReadinessCheck(pub Arc<dyn Readiness>);

impl std::fmt::Debug for ReadinessCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReadinessCheck")
    }
}

/// The use cases the handlers call, cheap to clone (every field is shared).
#[derive(Clone, Debug)]
pub struct Services {
    /// Patients.
    pub patients: PatientService,
    /// Practitioners, departments, organisations, locations and roles.
    pub directory: DirectoryService,
    /// Appointments.
    pub appointments: AppointmentService,
    /// Reports.
    pub reports: ReportService,
    /// The audit trail, for reading (every write appends to it itself).
    pub audit: AuditService,
    /// Retries of creations under an `Idempotency-Key`.
    pub idempotency: IdempotencyService,
    /// Working patterns and absences.
    pub schedules: ScheduleService,
    /// The free-slot search.
    pub slots: SlotService,
    /// Holds on practitioners' time.
    pub holds: HoldService,
    /// Recurring series of appointments.
    pub series: SeriesService,
    /// Whether the store can serve requests (`/readyz`).
    pub readiness: ReadinessCheck,
    /// Where keyed reads run.
    pub lookups: Lookups,
}

impl Services {
    /// Builds every service over `ports`, booking by `policy`.
    pub fn new(ports: Ports, policy: SchedulingPolicy) -> Self {
        let slots = ports.slots.clone();
        let appointments = AppointmentService {
            appointments: ports.appointments,
            practitioners: ports.practitioners.clone(),
            departments: ports.departments.clone(),
            locations: ports.locations.clone(),
            schedules: ports.schedules.clone(),
            clock: ports.clock.clone(),
            ids: ports.ids.clone(),
            policy,
        };
        Self {
            reports: ReportService {
                reports: ports.reports,
                clock: ports.clock.clone(),
            },
            patients: PatientService {
                patients: ports.patients.clone(),
                clock: ports.clock.clone(),
            },
            directory: DirectoryService {
                practitioners: ports.practitioners.clone(),
                departments: ports.departments.clone(),
                organisations: ports.organisations,
                locations: ports.locations.clone(),
                ids: ports.ids.clone(),
                clock: ports.clock.clone(),
            },
            audit: AuditService { audit: ports.audit },
            idempotency: IdempotencyService {
                store: ports.idempotency,
                clock: ports.clock.clone(),
                ttl: IdempotencyService::DEFAULT_TTL,
                lease: IdempotencyService::DEFAULT_LEASE,
            },
            readiness: ReadinessCheck(ports.readiness),
            schedules: ScheduleService {
                schedules: ports.schedules.clone(),
                clock: ports.clock.clone(),
                ids: ports.ids.clone(),
                default_zone: panda_domain::schedule::TimeZone::LONDON,
            },
            slots: SlotService {
                slots: ports.slots,
                clock: ports.clock.clone(),
                policy,
            },
            holds: HoldService {
                holds: ports.holds,
                schedules: ports.schedules.clone(),
                practitioners: ports.practitioners.clone(),
                clock: ports.clock.clone(),
                ids: ports.ids.clone(),
                policy,
                ttl: HoldService::DEFAULT_TTL,
            },
            lookups: Lookups::default(),
            series: SeriesService {
                appointments: appointments.clone(),
                slots,
                default_zone: panda_domain::schedule::TimeZone::LONDON,
            },
            appointments,
        }
    }

    /// The same services, with keyed reads run as `lookups` says.
    #[must_use]
    pub fn with_lookups(self, lookups: Lookups) -> Self {
        Self { lookups, ..self }
    }

    /// The same services, remembering idempotency keys for `ttl`.
    #[must_use]
    pub fn with_idempotency_ttl(mut self, ttl: chrono::TimeDelta) -> Self {
        self.idempotency.ttl = ttl;
        self
    }

    /// The same services, with working patterns that name no time zone
    /// in `zone`.
    #[must_use]
    pub fn with_default_time_zone(mut self, zone: panda_domain::schedule::TimeZone) -> Self {
        self.schedules.default_zone = zone;
        self.series.default_zone = zone;
        self
    }

    /// The same services, holding slots for `ttl`.
    #[must_use]
    pub fn with_hold_ttl(mut self, ttl: chrono::TimeDelta) -> Self {
        self.holds.ttl = ttl;
        self
    }

    /// The clock's now: the instant effective statuses are judged at.
    pub fn now(&self) -> DateTime<Utc> {
        self.appointments.clock.now()
    }
}
