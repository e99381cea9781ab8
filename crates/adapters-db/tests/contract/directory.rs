//! The department, organisation, location and practitioner ports.

use crate::fixtures::{
    audit, conflict, department, label, location, not_found, organisation, person, postcode,
    practitioner,
};
use panda_adapters_db::Database;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId};
use panda_domain::directory::{
    Department, DepartmentRepository, Location, LocationRepository, Organisation,
    OrganisationRepository, Practitioner, PractitionerRepository,
};
use panda_domain::{Conflict, PageRequest};
use uuid::Uuid;

contract!(
    a_department_reads_back_by_id_and_by_exact_name,
    a_department_name_is_taken_once,
    a_department_rename_bumps_the_version_and_stale_or_unknown_ones_fail,
    departments_are_listed_by_name_with_the_total,
    an_organisation_round_trips_and_updates_with_versions,
    a_location_round_trips_and_updates_with_versions,
    a_practitioner_reads_back_with_their_department,
    a_practitioner_in_a_missing_department_is_not_found,
    a_practitioner_update_moves_them_and_checks_versions,
    practitioners_are_listed_by_name_optionally_of_one_department,
);

fn a_department_reads_back_by_id_and_by_exact_name(db: &Database) {
    let stored = department(db, "Oncology");
    assert_eq!(stored.version, 1);
    assert_eq!(
        DepartmentRepository::get(db, stored.id).unwrap(),
        Some(stored.clone())
    );
    assert_eq!(db.find_by_name(&label("Oncology")).unwrap(), Some(stored));
    assert_eq!(db.find_by_name(&label("oncology")).unwrap(), None);
    let unknown = DepartmentId::from_uuid(Uuid::new_v4());
    assert_eq!(DepartmentRepository::get(db, unknown).unwrap(), None);
}

fn a_department_name_is_taken_once(db: &Database) {
    department(db, "Oncology");
    let other = department(db, "Cardiology");
    let copy = Department {
        id: DepartmentId::from_uuid(Uuid::new_v4()),
        name: label("Oncology"),
        version: 1,
    };
    assert_eq!(
        conflict(DepartmentRepository::insert(db, &copy, &audit())),
        Conflict::Duplicate
    );
    let onto_taken = Department {
        name: label("Oncology"),
        ..other
    };
    assert_eq!(
        conflict(DepartmentRepository::update(db, &onto_taken, &audit())),
        Conflict::Duplicate
    );
}

fn a_department_rename_bumps_the_version_and_stale_or_unknown_ones_fail(db: &Database) {
    let stored = department(db, "Oncology");
    let renamed = DepartmentRepository::update(
        db,
        &Department {
            name: label("अर्बुद विज्ञान"),
            ..stored.clone()
        },
        &audit(),
    )
    .unwrap();
    assert_eq!(renamed.version, 2);
    assert_eq!(
        DepartmentRepository::get(db, stored.id).unwrap(),
        Some(renamed.clone())
    );
    assert_eq!(
        conflict(DepartmentRepository::update(db, &stored, &audit())),
        Conflict::StaleVersion
    );
    let unknown = Department {
        id: DepartmentId::from_uuid(Uuid::new_v4()),
        ..renamed
    };
    assert!(not_found(DepartmentRepository::update(
        db,
        &unknown,
        &audit()
    )));
}

fn departments_are_listed_by_name_with_the_total(db: &Database) {
    for name in ["Urology", "Cardiology", "Oncology"] {
        department(db, name);
    }
    let page = DepartmentRepository::list(db, PageRequest::new(1, 1)).unwrap();
    assert_eq!(page.total, 3);
    let names: Vec<_> = page.items.iter().map(|d| d.name.to_string()).collect();
    assert_eq!(names, ["Oncology"]);
}

fn an_organisation_round_trips_and_updates_with_versions(db: &Database) {
    let stored = organisation(db, "Whittington Health NHS Trust");
    organisation(db, "Barts Health");
    assert_eq!(
        OrganisationRepository::get(db, stored.id).unwrap(),
        Some(stored.clone())
    );
    let renamed = OrganisationRepository::update(
        db,
        &Organisation {
            name: label("刘桂荣诊所"),
            ..stored.clone()
        },
        &audit(),
    )
    .unwrap();
    assert_eq!(renamed.version, 2);
    assert_eq!(
        OrganisationRepository::get(db, stored.id).unwrap(),
        Some(renamed.clone())
    );
    assert_eq!(
        conflict(OrganisationRepository::update(db, &stored, &audit())),
        Conflict::StaleVersion
    );
    let unknown = Organisation {
        id: OrganisationId::from_uuid(Uuid::new_v4()),
        ..renamed
    };
    assert!(not_found(OrganisationRepository::update(
        db,
        &unknown,
        &audit()
    )));
    assert_eq!(
        conflict(OrganisationRepository::insert(db, &stored, &audit())),
        Conflict::Duplicate
    );
    let page = OrganisationRepository::list(db, PageRequest::default()).unwrap();
    let names: Vec<_> = page.items.iter().map(|o| o.name.to_string()).collect();
    assert_eq!(
        (page.total, names),
        (2, vec!["Barts Health".to_owned(), "刘桂荣诊所".to_owned()])
    );
}

fn a_location_round_trips_and_updates_with_versions(db: &Database) {
    let stored = location(db, "Whittington Hospital", "N19 5NF");
    location(db, "Archway Centre", "N19 3UA");
    assert_eq!(
        LocationRepository::get(db, stored.id).unwrap(),
        Some(stored.clone())
    );
    let moved = LocationRepository::update(
        db,
        &Location {
            name: label("Highgate Wing"),
            postcode: postcode("N6 2FA"),
            ..stored.clone()
        },
        &audit(),
    )
    .unwrap();
    assert_eq!(moved.version, 2);
    assert_eq!(
        LocationRepository::get(db, stored.id).unwrap(),
        Some(moved.clone())
    );
    assert_eq!(
        conflict(LocationRepository::update(db, &stored, &audit())),
        Conflict::StaleVersion
    );
    let unknown = Location {
        id: LocationId::from_uuid(Uuid::new_v4()),
        ..moved
    };
    assert!(not_found(LocationRepository::update(
        db,
        &unknown,
        &audit()
    )));
    let page = LocationRepository::list(db, PageRequest::default()).unwrap();
    let names: Vec<_> = page.items.iter().map(|l| l.name.to_string()).collect();
    assert_eq!(
        (page.total, names),
        (
            2,
            vec!["Archway Centre".to_owned(), "Highgate Wing".to_owned()]
        )
    );
}

fn a_practitioner_reads_back_with_their_department(db: &Database) {
    let oncology = department(db, "Oncology");
    let stored = practitioner(db, "कुलकर्णी, तृष्णा", &oncology);
    assert_eq!(stored.version, 1);
    assert_eq!(stored.department, oncology);
    let read = PractitionerRepository::get(db, stored.id).unwrap().unwrap();
    assert_eq!(read.name.as_ref().as_bytes(), "कुलकर्णी, तृष्णा".as_bytes());
    assert_eq!(read, stored);
    let unknown = PractitionerId::from_uuid(Uuid::new_v4());
    assert_eq!(PractitionerRepository::get(db, unknown).unwrap(), None);
}

fn a_practitioner_in_a_missing_department_is_not_found(db: &Database) {
    let ghost = Department {
        id: DepartmentId::from_uuid(Uuid::new_v4()),
        name: label("Ghosts"),
        version: 1,
    };
    let practitioner = Practitioner {
        id: PractitionerId::from_uuid(Uuid::new_v4()),
        name: person("Dr Who"),
        department: ghost,
        version: 1,
    };
    assert!(not_found(PractitionerRepository::insert(
        db,
        &practitioner,
        &audit()
    )));
    assert_eq!(
        PractitionerRepository::get(db, practitioner.id).unwrap(),
        None
    );
}

fn a_practitioner_update_moves_them_and_checks_versions(db: &Database) {
    let oncology = department(db, "Oncology");
    let cardiology = department(db, "Cardiology");
    let stored = practitioner(db, "Dr Glenn Clark", &oncology);
    let moved = PractitionerRepository::update(
        db,
        &Practitioner {
            name: person("Dr Glenn Clarke"),
            department: cardiology.clone(),
            ..stored.clone()
        },
        &audit(),
    )
    .unwrap();
    assert_eq!((moved.version, &moved.department), (2, &cardiology));
    assert_eq!(
        PractitionerRepository::get(db, stored.id).unwrap(),
        Some(moved.clone())
    );
    assert_eq!(
        conflict(PractitionerRepository::update(db, &stored, &audit())),
        Conflict::StaleVersion
    );
    let to_missing = Practitioner {
        department: Department {
            id: DepartmentId::from_uuid(Uuid::new_v4()),
            ..cardiology
        },
        ..moved.clone()
    };
    assert!(not_found(PractitionerRepository::update(
        db,
        &to_missing,
        &audit()
    )));
    let unknown = Practitioner {
        id: PractitionerId::from_uuid(Uuid::new_v4()),
        ..moved.clone()
    };
    assert!(not_found(PractitionerRepository::update(
        db,
        &unknown,
        &audit()
    )));
    assert_eq!(
        PractitionerRepository::get(db, stored.id).unwrap(),
        Some(moved)
    );
}

fn practitioners_are_listed_by_name_optionally_of_one_department(db: &Database) {
    let oncology = department(db, "Oncology");
    let cardiology = department(db, "Cardiology");
    practitioner(db, "Dr Zed", &oncology);
    practitioner(db, "Dr Amy", &cardiology);
    practitioner(db, "Dr Bob", &oncology);
    let names = |department: Option<DepartmentId>, page: PageRequest| {
        let page = PractitionerRepository::list(db, department, page).unwrap();
        let names: Vec<_> = page.items.iter().map(|p| p.name.to_string()).collect();
        (page.total, names)
    };
    assert_eq!(
        names(None, PageRequest::default()),
        (
            3,
            vec![
                "Dr Amy".to_owned(),
                "Dr Bob".to_owned(),
                "Dr Zed".to_owned()
            ]
        )
    );
    assert_eq!(
        names(Some(oncology.id), PageRequest::new(1, 10)),
        (2, vec!["Dr Zed".to_owned()])
    );
    let listed =
        PractitionerRepository::list(db, Some(cardiology.id), PageRequest::default()).unwrap();
    assert_eq!(listed.items[0].department, cardiology);
}
