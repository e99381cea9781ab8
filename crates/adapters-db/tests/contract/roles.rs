//! Practitioner roles.

use crate::fixtures::{
    audit, conflict, department, location, not_found, organisation, practitioner,
};
use panda_adapters_db::Database;
use panda_domain::Conflict;
use panda_domain::common::ids::{DepartmentId, LocationId, OrganisationId, PractitionerId, RoleId};
use panda_domain::directory::{PractitionerRepository, PractitionerRole};
use uuid::Uuid;

contract!(
    roles_are_added_and_read_back_per_practitioner,
    the_same_role_twice_is_a_duplicate_with_or_without_an_organisation,
    a_role_naming_a_missing_record_is_not_found,
);

fn role_id() -> RoleId {
    RoleId::from_uuid(Uuid::new_v4())
}

fn roles_are_added_and_read_back_per_practitioner(db: &Database) {
    let oncology = department(db, "Oncology");
    let clark = practitioner(db, "Dr Clark", &oncology);
    let other = practitioner(db, "Dr Other", &oncology);
    let trust = organisation(db, "Trust");
    let (a, b) = (location(db, "A", "N6 2FA"), location(db, "B", "N19 5NF"));
    let mut roles = vec![
        PractitionerRole {
            id: role_id(),
            practitioner_id: clark.id,
            organisation_id: Some(trust.id),
            location_id: a.id,
            department_id: oncology.id,
        },
        PractitionerRole {
            id: role_id(),
            practitioner_id: clark.id,
            organisation_id: None,
            location_id: b.id,
            department_id: oncology.id,
        },
    ];
    for role in &roles {
        db.add_role(role, &audit()).unwrap();
    }
    let mut read = db.roles(clark.id).unwrap();
    roles.sort_by_key(|r| r.id);
    read.sort_by_key(|r| r.id);
    assert_eq!(read, roles);
    assert!(db.roles(other.id).unwrap().is_empty());
}

fn the_same_role_twice_is_a_duplicate_with_or_without_an_organisation(db: &Database) {
    let oncology = department(db, "Oncology");
    let clark = practitioner(db, "Dr Clark", &oncology);
    let trust = organisation(db, "Trust");
    let site = location(db, "Site", "N6 2FA");
    for organisation_id in [Some(trust.id), None] {
        let role = PractitionerRole {
            id: role_id(),
            practitioner_id: clark.id,
            organisation_id,
            location_id: site.id,
            department_id: oncology.id,
        };
        db.add_role(&role, &audit()).unwrap();
        assert_eq!(conflict(db.add_role(&role, &audit())), Conflict::Duplicate);
        let same_with_new_id = PractitionerRole {
            id: role_id(),
            ..role
        };
        assert_eq!(
            conflict(db.add_role(&same_with_new_id, &audit())),
            Conflict::Duplicate
        );
    }
    assert_eq!(db.roles(clark.id).unwrap().len(), 2);
}

fn a_role_naming_a_missing_record_is_not_found(db: &Database) {
    let oncology = department(db, "Oncology");
    let clark = practitioner(db, "Dr Clark", &oncology);
    let site = location(db, "Site", "N6 2FA");
    let valid = PractitionerRole {
        id: role_id(),
        practitioner_id: clark.id,
        organisation_id: None,
        location_id: site.id,
        department_id: oncology.id,
    };
    let broken = [
        PractitionerRole {
            practitioner_id: PractitionerId::from_uuid(Uuid::new_v4()),
            ..valid.clone()
        },
        PractitionerRole {
            organisation_id: Some(OrganisationId::from_uuid(Uuid::new_v4())),
            ..valid.clone()
        },
        PractitionerRole {
            location_id: LocationId::from_uuid(Uuid::new_v4()),
            ..valid.clone()
        },
        PractitionerRole {
            department_id: DepartmentId::from_uuid(Uuid::new_v4()),
            ..valid.clone()
        },
    ];
    for role in broken {
        assert!(not_found(db.add_role(&role, &audit())), "{role:?}");
    }
    assert!(db.roles(clark.id).unwrap().is_empty());
}
