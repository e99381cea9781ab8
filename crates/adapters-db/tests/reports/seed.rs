//! A varied, deterministic clinic history to report on, stored through the
//! repository ports: the same seed gives the same records on any backend.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use panda_adapters_db::Database;
use panda_domain::RepositoryError;
use panda_domain::appointment::{
    Appointment, AppointmentDuration, AppointmentRepository, AppointmentStatus, ChangedField,
    HistoryEntry,
};
use panda_domain::common::ids::{
    AppointmentId, DepartmentId, LocationId, OrganisationId, PractitionerId,
};
use panda_domain::common::postcode::Postcode;
use panda_domain::common::text::{Label, PersonName};
use panda_domain::directory::{
    Department, DepartmentRepository, Location, LocationRepository, Organisation,
    OrganisationRepository, Practitioner, PractitionerRepository,
};
use panda_domain::patient::{DateOfBirth, NhsNumber, Patient, PatientRepository};
use std::collections::HashMap;
use uuid::Uuid;

/// A small deterministic generator (xorshift), so both backends get the
/// same records, ids included.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(
            ((u128::from(self.next()) << 64) | u128::from(self.next())).to_be_bytes(),
        )
        .into_uuid()
    }
}

/// What was stored: the appointments and the name of every record.
pub struct World {
    pub appointments: Vec<Appointment>,
    pub names: HashMap<String, String>,
    pub departments: Vec<DepartmentId>,
    pub practitioners: Vec<PractitionerId>,
    pub organisations: Vec<OrganisationId>,
    pub locations: Vec<LocationId>,
}

/// The instant reports are judged at: mid-2030, so the seeded history has
/// a past (due), a present (running) and a future (not yet due).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 6, 12, 10, 7, 0).unwrap()
}

/// The `n`th valid NHS number.
fn nhs(n: u32) -> NhsNumber {
    let mut seen = 0;
    for prefix in 100_000_000u32.. {
        let digits = prefix.to_string();
        let weighted: u32 = digits
            .bytes()
            .zip((2..=10).rev())
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        let check = match 11 - weighted % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        if seen == n {
            return NhsNumber::parse(&format!("{digits}{check}")).unwrap();
        }
        seen += 1;
    }
    unreachable!()
}

fn created() -> HistoryEntry {
    HistoryEntry {
        at: now(),
        actor: "system".to_owned(),
        field: ChangedField::Created,
        from: None,
        to: Some("active".to_owned()),
    }
}

/// Stores the directory, `patients` patients and up to `wanted` appointments
/// over 2029-2031. Attempts the rules refuse (a taken slot, a patient's
/// second appointment that day) are skipped, as a clinic's front desk
/// would: what remains is valid data.
pub fn seed(db: &Database, seed: u64, wanted: usize) -> World {
    let mut rng = Rng::new(seed);
    let mut names = HashMap::new();
    let mut departments = Vec::new();
    for name in ["Oncology", "Cardiology", "Dermatology"] {
        let d = Department {
            id: DepartmentId::from_uuid(rng.uuid()),
            name: Label::parse(name).unwrap(),
            version: 0,
        };
        let d = DepartmentRepository::insert(db, &d, &audit()).unwrap();
        names.insert(d.id.to_string(), name.to_owned());
        departments.push(d);
    }
    let mut organisations = Vec::new();
    for name in ["North Trust", "South Trust"] {
        let o = Organisation {
            id: OrganisationId::from_uuid(rng.uuid()),
            name: Label::parse(name).unwrap(),
            version: 0,
        };
        OrganisationRepository::insert(db, &o, &audit()).unwrap();
        names.insert(o.id.to_string(), name.to_owned());
        organisations.push(o.id);
    }
    let mut locations = Vec::new();
    for (name, code) in [
        ("Main Hospital", "SW1A 1AA"),
        ("Riverside Clinic", "CF10 1EP"),
        ("Hill Surgery", "LL57 2PW"),
    ] {
        let l = Location {
            id: LocationId::from_uuid(rng.uuid()),
            name: Label::parse(name).unwrap(),
            postcode: Postcode::parse(code).unwrap(),
            version: 0,
        };
        LocationRepository::insert(db, &l, &audit()).unwrap();
        names.insert(l.id.to_string(), name.to_owned());
        locations.push(l.id);
    }
    let mut practitioners = Vec::new();
    for (i, name) in [
        "Dr Ada Jones",
        "Dr Bryn Evans",
        "Dr Cai Lewis",
        "Dr Dee Price",
        "Dr Eve Rees",
    ]
    .iter()
    .enumerate()
    {
        let p = Practitioner {
            id: PractitionerId::from_uuid(rng.uuid()),
            name: PersonName::parse(name).unwrap(),
            department: departments[i % departments.len()].clone(),
            version: 0,
        };
        PractitionerRepository::insert(db, &p, &audit()).unwrap();
        names.insert(p.id.to_string(), (*name).to_owned());
        practitioners.push(p);
    }
    let patients: Vec<Patient> = (0..25)
        .map(|n| {
            let p = Patient {
                nhs_number: nhs(n),
                name: PersonName::parse("Pat Ient").unwrap(),
                date_of_birth: DateOfBirth::from_trusted(
                    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
                ),
                postcode: Postcode::parse("SW1A 1AA").unwrap(),
                version: 0,
            };
            PatientRepository::insert(db, &p, &audit()).unwrap()
        })
        .collect();

    let first = Utc.with_ymd_and_hms(2029, 1, 1, 0, 0, 0).unwrap();
    let mut appointments = Vec::new();
    for _ in 0..wanted * 2 {
        if appointments.len() == wanted {
            break;
        }
        let practitioner = &practitioners[rng.below(practitioners.len() as u64) as usize];
        // Three years, on the 15-minute grid, any time of day (so periods
        // are tested at midnight and across week, quarter and year ends).
        let quarter_hours = rng.below(3 * 365 * 96) as i64;
        let start = first + TimeDelta::minutes(15 * quarter_hours);
        let minutes = [15, 30, 45, 60, 90, 120][rng.below(6) as usize];
        let started = start <= now();
        let status = match (started, rng.below(10)) {
            (_, 0 | 1) => AppointmentStatus::Cancelled,
            (true, 2..=4) => AppointmentStatus::Missed,
            (true, 5..=7) => AppointmentStatus::Attended,
            _ => AppointmentStatus::Active,
        };
        // Booked under the practitioner's department or, sometimes, another
        // one (a role elsewhere); organisation and location may be unknown.
        let department_id = if rng.below(4) == 0 {
            departments[rng.below(departments.len() as u64) as usize].id
        } else {
            practitioner.department.id
        };
        let pick = |rng: &mut Rng, n: usize| rng.below(n as u64 + 1) as usize;
        let organisation_id = organisations
            .get(pick(&mut rng, organisations.len()))
            .copied();
        let location_id = locations.get(pick(&mut rng, locations.len())).copied();
        let patient = &patients[rng.below(patients.len() as u64) as usize];
        let appointment = Appointment {
            id: AppointmentId::from_uuid(rng.uuid()),
            patient: Some(patient.nhs_number.clone()),
            practitioner_id: practitioner.id,
            department_id,
            organisation_id,
            location_id,
            start,
            duration: AppointmentDuration::from_minutes(minutes).unwrap(),
            stored_status: status,
            series_id: None,
            version: 1,
        };
        match AppointmentRepository::insert(db, &appointment, &created(), &audit()) {
            Ok(()) => appointments.push(appointment),
            Err(RepositoryError::Conflict(_)) => {}
            Err(other) => panic!("seeding failed: {other:?}"),
        }
    }
    World {
        appointments,
        names,
        departments: departments.iter().map(|d| d.id).collect(),
        practitioners: practitioners.iter().map(|p| p.id).collect(),
        organisations,
        locations,
    }
}

/// An audit record for writes made by the tests themselves: the contract
/// of the trail has its own tests (audit.rs).
pub fn audit() -> panda_domain::audit::AuditRecord {
    use panda_domain::audit::{AuditAction, AuditRecord, Entity};
    AuditRecord::new(
        chrono::DateTime::UNIX_EPOCH,
        &panda_domain::Actor::System,
        AuditAction::Create,
        Entity::Import,
    )
}
