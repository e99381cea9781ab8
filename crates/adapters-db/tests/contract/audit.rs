//! The audit trail: appended with every write in its transaction, never
//! when the write fails, refused any UPDATE or DELETE by the database
//! itself, and emptied of a patient's personal data by their erasure while
//! its records stay.

use crate::fixtures::{at, nhs, person, postcode};
use chrono::{DateTime, Utc};
use panda_adapters_db::Database;
use panda_domain::audit::{
    AuditAction, AuditFilter, AuditRecord, AuditRepository, AuditValue, Change, Entity,
};
use panda_domain::patient::{DateOfBirth, Patient, PatientRepository};
use panda_domain::{Actor, PageRequest};

fn clerk() -> Actor {
    Actor::Token {
        id: "0193e5f2-8c4a-7d2e-9b1a-3f6c2d8e4a10".to_owned(),
        name: "front-desk".to_owned(),
    }
}

fn mary(n: u32) -> Patient {
    Patient {
        nhs_number: nhs(n),
        name: person("Mary Thomas"),
        date_of_birth: DateOfBirth::from_trusted(
            chrono::NaiveDate::from_ymd_opt(1980, 1, 2).unwrap(),
        ),
        postcode: postcode("N6 2FA"),
        version: 1,
    }
}

fn registered(p: &Patient, when: DateTime<Utc>) -> AuditRecord {
    AuditRecord::new(when, &clerk(), AuditAction::Create, Entity::Patient)
        .subject(&p.nhs_number)
        .changes([
            Change::set("nhs_number", AuditValue::personal(&p.nhs_number)),
            Change::set("name", AuditValue::personal(&p.name)),
        ])
}

fn trail(db: &Database, filter: &AuditFilter) -> Vec<panda_domain::audit::StoredRecord> {
    AuditRepository::list(db, filter, PageRequest::new(0, 500))
        .unwrap()
        .items
}

fn a_write_appends_its_record_and_a_failed_write_appends_none(db: &Database) {
    let p = mary(1);
    PatientRepository::insert(db, &p, &registered(&p, at(1, 1, 9, 0))).unwrap();
    // The same NHS number again: refused, and nothing appended.
    assert!(PatientRepository::insert(db, &p, &registered(&p, at(1, 1, 9, 5))).is_err());
    let records = trail(db, &AuditFilter::default());
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.actor, "token:0193e5f2-8c4a-7d2e-9b1a-3f6c2d8e4a10");
    assert_eq!(r.actor_name, "front-desk");
    assert_eq!(r.action, AuditAction::Create);
    assert_eq!(r.entity, Entity::Patient);
    assert_eq!(r.entity_id.as_deref(), Some(p.nhs_number.as_ref()));
    assert_eq!(r.at, at(1, 1, 9, 0));
    assert_eq!(
        r.changes[1].new,
        Some(AuditValue::Personal("Mary Thomas".to_owned()))
    );
}

fn the_database_refuses_to_update_or_delete_the_trail(db: &Database) {
    let p = mary(1);
    PatientRepository::insert(db, &p, &registered(&p, at(1, 1, 9, 0))).unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let refused = db.execute_raw(sql);
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("append-only")),
            "{sql}: {refused:?}"
        );
    }
    assert_eq!(
        trail(db, &AuditFilter::default())[0].actor_name,
        "front-desk"
    );
}

fn an_erasure_keeps_the_records_but_not_the_patient_s_personal_data(db: &Database) {
    let p = mary(1);
    PatientRepository::insert(db, &p, &registered(&p, at(1, 1, 9, 0))).unwrap();
    let erased = AuditRecord::new(
        at(1, 2, 9, 0),
        &clerk(),
        AuditAction::Erase,
        Entity::Patient,
    )
    .subject(&p.nhs_number);
    db.erase(&p.nhs_number, at(1, 2, 9, 0), None, &erased)
        .unwrap();
    let records = trail(db, &AuditFilter::default());
    assert_eq!(records.len(), 2, "both records stay");
    for r in &records {
        assert_eq!(r.entity_id, None, "the NHS number is gone from {r:?}");
        assert_eq!(r.subject, None);
        for c in &r.changes {
            assert!(
                !matches!(c.new, Some(AuditValue::Personal(_))),
                "{c:?} still holds personal data"
            );
        }
    }
    assert_eq!(records[1].changes[1].new, Some(AuditValue::Erased));
    // Nothing of hers is left anywhere in the trail's tables.
    for (table, column) in [("audit_vault", "value"), ("audit_subjects", "nhs_number")] {
        let sql = format!(
            "DELETE FROM {table} WHERE {column} IN ('Mary Thomas', '{}')",
            p.nhs_number
        );
        assert_eq!(db.execute_raw(&sql), Ok(0), "{table}");
    }
    // Another patient's records are untouched.
    let other = mary(2);
    PatientRepository::insert(db, &other, &registered(&other, at(1, 3, 9, 0))).unwrap();
    let theirs = trail(
        db,
        &AuditFilter {
            entity: Some(Entity::Patient),
            entity_id: Some(other.nhs_number.to_string()),
            ..AuditFilter::default()
        },
    );
    assert_eq!(theirs.len(), 1);
    assert_eq!(
        theirs[0].entity_id.as_deref(),
        Some(other.nhs_number.as_ref())
    );
}

fn the_trail_is_filtered_and_newest_first(db: &Database) {
    for n in 1..=3 {
        let p = mary(n);
        PatientRepository::insert(db, &p, &registered(&p, at(1, n, 9, 0))).unwrap();
    }
    let all = trail(db, &AuditFilter::default());
    let sequences: Vec<i64> = all.iter().map(|r| r.sequence).collect();
    assert!(sequences.windows(2).all(|w| w[0] > w[1]), "{sequences:?}");
    let second = trail(
        db,
        &AuditFilter {
            from: Some(at(1, 2, 0, 0)),
            to: Some(at(1, 3, 0, 0)),
            ..AuditFilter::default()
        },
    );
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].entity_id.as_deref(), Some(nhs(2).as_ref()));
    let by_actor = AuditFilter {
        actor: Some("system".to_owned()),
        ..AuditFilter::default()
    };
    assert!(trail(db, &by_actor).is_empty());
    let page = AuditRepository::list(db, &AuditFilter::default(), PageRequest::new(1, 1)).unwrap();
    assert_eq!((page.total, page.items.len()), (3, 1));
    let unknown_patient = AuditFilter {
        entity: Some(Entity::Patient),
        entity_id: Some(nhs(9).to_string()),
        ..AuditFilter::default()
    };
    assert!(trail(db, &unknown_patient).is_empty());
}

fn two_writes_racing_for_a_patient_s_first_pseudonym_fail_only_by_their_own_rules(db: &Database) {
    use panda_domain::{Conflict, RepositoryError};
    for round in 0..12 {
        // Stored without a trail record that names them (as imports once
        // did), so neither write finds a pseudonym.
        let p = Patient {
            version: 0,
            ..mary(100 + round)
        };
        let stored = PatientRepository::insert(db, &p, &crate::fixtures::audit()).unwrap();
        let outcomes: Vec<_> = std::thread::scope(|scope| {
            let writers: Vec<_> = ["Mary Jones", "Mary Evans"]
                .into_iter()
                .map(|name| {
                    let changed = Patient {
                        name: person(name),
                        ..stored.clone()
                    };
                    let record = AuditRecord::new(
                        at(1, 1, 9, 0),
                        &clerk(),
                        AuditAction::Update,
                        Entity::Patient,
                    )
                    .subject(&changed.nhs_number)
                    .changes([Change::set("name", AuditValue::personal(name))]);
                    scope.spawn(move || db.update(&changed, &record))
                })
                .collect();
            writers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        let won = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {outcomes:?}");
        for outcome in &outcomes {
            assert!(
                matches!(
                    outcome,
                    Ok(_) | Err(RepositoryError::Conflict(Conflict::StaleVersion))
                ),
                "round {round}: {outcome:?}"
            );
        }
    }
}

contract!(
    two_writes_racing_for_a_patient_s_first_pseudonym_fail_only_by_their_own_rules,
    a_write_appends_its_record_and_a_failed_write_appends_none,
    the_database_refuses_to_update_or_delete_the_trail,
    an_erasure_keeps_the_records_but_not_the_patient_s_personal_data,
    the_trail_is_filtered_and_newest_first,
);
