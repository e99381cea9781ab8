//! Working patterns and absences: what the availability ports promise, on
//! both backends (the search's reads are in `availability_reads.rs`, holds
//! in `availability_holds.rs`).

use crate::fixtures::{
    appointment, at, audit, book, change, clinic, location, not_found, patient, practitioner,
};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc, Weekday};
use panda_adapters_db::Database;
use panda_domain::appointment::{
    AppointmentDuration, AppointmentStatus, ChangedField, HistoryEntry,
};
use panda_domain::audit::{AuditAction, AuditRecord, Entity};
use panda_domain::common::ids::{AbsenceId, HoldId, PractitionerId};
use panda_domain::schedule::{
    Absence, ClockTime, Hold, ScheduleRepository, Session, TimeZone, WorkingPattern,
};
use panda_domain::{PageRequest, RepositoryError};
use std::sync::Barrier;
use uuid::Uuid;

contract!(
    a_pattern_is_stored_whole_and_replaced,
    a_pattern_for_nobody_is_not_found,
    concurrent_replacements_of_one_pattern_all_succeed,
    an_absence_reports_the_appointments_it_falls_over,
    absences_are_listed_in_start_order_and_deleted_by_id,
);

fn time(text: &str) -> ClockTime {
    ClockTime::parse(text).unwrap()
}

/// Mondays and Tuesdays 09:00 to 12:00, London.
pub fn weekday_mornings() -> WorkingPattern {
    let session = |weekday| Session {
        weekday,
        start: time("09:00"),
        end: time("12:00"),
        location_id: None,
    };
    WorkingPattern::new(
        TimeZone::LONDON,
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        None,
        vec![session(Weekday::Mon), session(Weekday::Tue)],
    )
    .unwrap()
}

pub fn audit_at(at: DateTime<Utc>) -> AuditRecord {
    AuditRecord::new(
        at,
        &panda_domain::Actor::System,
        AuditAction::Create,
        Entity::Hold,
    )
}

pub fn hold(practitioner: PractitionerId, start: DateTime<Utc>, expires_at: DateTime<Utc>) -> Hold {
    Hold {
        id: HoldId::from_uuid(Uuid::new_v4()),
        practitioner_id: practitioner,
        start,
        duration: AppointmentDuration::HALF_HOUR,
        expires_at,
    }
}

pub fn created(at: DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        at,
        actor: "system".to_owned(),
        field: ChangedField::Created,
        from: None,
        to: Some("active".to_owned()),
    }
}

fn a_pattern_is_stored_whole_and_replaced(db: &Database) {
    let c = clinic(db);
    assert_eq!(db.pattern(c.practitioner.id).unwrap(), None);
    assert_eq!(
        db.diary(c.practitioner.id, at(3, 4, 0, 0), at(3, 5, 0, 0))
            .unwrap(),
        None
    );
    let mut pattern = weekday_mornings();
    db.set_pattern(c.practitioner.id, &pattern, &audit())
        .unwrap();
    assert_eq!(db.pattern(c.practitioner.id).unwrap(), Some(pattern));
    let elsewhere = location(db, "Whittington", "N19 5NF");
    pattern = WorkingPattern::new(
        TimeZone::parse("America/New_York").unwrap(),
        NaiveDate::from_ymd_opt(2030, 2, 1).unwrap(),
        NaiveDate::from_ymd_opt(2030, 12, 31),
        vec![Session {
            weekday: Weekday::Fri,
            start: time("13:30"),
            end: time("24:00"),
            location_id: Some(elsewhere.id),
        }],
    )
    .unwrap();
    db.set_pattern(c.practitioner.id, &pattern, &audit())
        .unwrap();
    assert_eq!(
        db.pattern(c.practitioner.id).unwrap(),
        Some(pattern.clone())
    );
    let diary = db
        .diary(c.practitioner.id, at(3, 4, 0, 0), at(3, 5, 0, 0))
        .unwrap()
        .unwrap();
    assert_eq!((diary.pattern, diary.absences), (pattern, vec![]));
}

/// Eight writers replace one practitioner's pattern at once: each is
/// accepted, and the pattern is one of theirs, whole.
fn concurrent_replacements_of_one_pattern_all_succeed(db: &Database) {
    let c = clinic(db);
    let patterns: Vec<WorkingPattern> = (0..8u16)
        .map(|i| {
            let mut sessions = weekday_mornings().sessions().to_vec();
            sessions[0].end = ClockTime::from_minutes(12 * 60 + 30 * i).unwrap();
            let from = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
            WorkingPattern::new(TimeZone::LONDON, from, None, sessions).unwrap()
        })
        .collect();
    let barrier = Barrier::new(patterns.len());
    let results: Vec<Result<(), RepositoryError>> = std::thread::scope(|s| {
        let handles: Vec<_> = patterns
            .iter()
            .map(|p| {
                let barrier = &barrier;
                let id = c.practitioner.id;
                s.spawn(move || {
                    barrier.wait();
                    db.set_pattern(id, p, &audit())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let stored = db.pattern(c.practitioner.id).unwrap().unwrap();
    assert!(patterns.contains(&stored));
}

fn a_pattern_for_nobody_is_not_found(db: &Database) {
    let nobody = PractitionerId::from_uuid(Uuid::new_v4());
    assert!(not_found(db.set_pattern(
        nobody,
        &weekday_mornings(),
        &audit()
    )));
}

pub fn absence(practitioner: PractitionerId, start: DateTime<Utc>, end: DateTime<Utc>) -> Absence {
    Absence {
        id: AbsenceId::from_uuid(Uuid::new_v4()),
        practitioner_id: practitioner,
        start,
        end,
        reason: panda_domain::common::text::Label::parse("annual leave").ok(),
    }
}

fn an_absence_reports_the_appointments_it_falls_over(db: &Database) {
    let c = clinic(db);
    let other = patient(db, 1, "Other Patient");
    let inside = appointment(&c.patient, &c.practitioner, at(3, 4, 9, 0), 30);
    let straddling = appointment(&other, &c.practitioner, at(3, 4, 16, 30), 60);
    let mut cancelled = appointment(&c.patient, &c.practitioner, at(3, 5, 9, 0), 30);
    let outside = appointment(&other, &c.practitioner, at(3, 6, 9, 0), 30);
    for a in [&inside, &straddling, &cancelled, &outside] {
        book(db, a).unwrap();
    }
    cancelled.stored_status = AppointmentStatus::Cancelled;
    change(db, &cancelled).unwrap();
    let leave = absence(
        c.practitioner.id,
        at(3, 4, 0, 0),
        at(3, 6, 0, 0) - TimeDelta::hours(7),
    );
    let affected = db.add_absence(&leave, &audit()).unwrap();
    let ids: Vec<_> = affected.iter().map(|a| a.id).collect();
    assert_eq!(ids, [inside.id, straddling.id]);
    // It is in the diary of any period it overlaps, and of no other.
    let diary = |from, to| db.diary(c.practitioner.id, from, to);
    db.set_pattern(c.practitioner.id, &weekday_mornings(), &audit())
        .unwrap();
    let over = diary(at(3, 5, 16, 0), at(3, 5, 17, 30)).unwrap().unwrap();
    assert_eq!(over.absences, vec![(leave.start, leave.end)]);
    let after = diary(at(3, 5, 17, 0), at(3, 5, 18, 0)).unwrap().unwrap();
    assert_eq!(after.absences, vec![]);
    // An absence for nobody is not stored.
    let nobody = absence(
        PractitionerId::from_uuid(Uuid::new_v4()),
        leave.start,
        leave.end,
    );
    assert!(not_found(db.add_absence(&nobody, &audit())));
}

fn absences_are_listed_in_start_order_and_deleted_by_id(db: &Database) {
    let c = clinic(db);
    let someone_else = practitioner(db, "Dr Other", &c.department);
    let later = absence(c.practitioner.id, at(5, 1, 0, 0), at(5, 2, 0, 0));
    let sooner = absence(c.practitioner.id, at(4, 1, 0, 0), at(4, 2, 0, 0));
    let theirs = absence(someone_else.id, at(4, 1, 0, 0), at(4, 2, 0, 0));
    for a in [&later, &sooner, &theirs] {
        db.add_absence(a, &audit()).unwrap();
    }
    let page = db
        .absences(c.practitioner.id, PageRequest::new(0, 1))
        .unwrap()
        .unwrap();
    assert_eq!((page.total, page.items), (2, vec![sooner.clone()]));
    let page = db
        .absences(c.practitioner.id, PageRequest::new(1, 5))
        .unwrap()
        .unwrap();
    assert_eq!(page.items, vec![later.clone()]);
    assert_eq!(
        db.absences(
            PractitionerId::from_uuid(Uuid::new_v4()),
            PageRequest::default()
        )
        .unwrap(),
        None
    );
    // Only its own practitioner's absence is deleted through them.
    assert!(not_found(db.remove_absence(
        c.practitioner.id,
        theirs.id,
        &audit()
    )));
    db.remove_absence(c.practitioner.id, sooner.id, &audit())
        .unwrap();
    assert!(not_found(db.remove_absence(
        c.practitioner.id,
        sooner.id,
        &audit()
    )));
    let page = db
        .absences(c.practitioner.id, PageRequest::default())
        .unwrap()
        .unwrap();
    assert_eq!(page.items, vec![later]);
}
