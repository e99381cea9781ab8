//! The availability use cases against mocked ports and a fixed clock.

use super::*;
use crate::appointment::AppointmentDuration;
use crate::common::error::Problem;
use crate::common::ids::{DepartmentId, HoldId};
use crate::common::ports::{MockClock, MockIdSource};
use crate::common::repository::Conflict;
use crate::common::text::{Label, PersonName};
use crate::directory::ports::MockPractitionerRepository;
use crate::directory::{Department, Practitioner};
use crate::schedule::model::Diary;
use crate::schedule::pattern::{ClockTime, Session, TimeZone};
use crate::schedule::ports::{MockHoldRepository, MockScheduleRepository, MockSlotSource};
use crate::schedule::slots::{BusyTime, Candidate, SlotFilter};
use chrono::TimeDelta;
use chrono::{NaiveDate, TimeZone as _, Weekday};
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 13, 12, 0, 0).unwrap()
}
fn monday(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 1, 14, h, m, 0).unwrap()
}
fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock.expect_now().returning(now);
    Arc::new(clock)
}
fn ids() -> Arc<MockIdSource> {
    let mut ids = MockIdSource::new();
    ids.expect_new_id().returning(|| Uuid::from_u128(7));
    Arc::new(ids)
}
fn practitioner_id() -> PractitionerId {
    PractitionerId::from_uuid(Uuid::from_u128(1))
}
fn mondays() -> WorkingPattern {
    WorkingPattern::new(
        TimeZone::LONDON,
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        None,
        vec![Session {
            weekday: Weekday::Mon,
            start: ClockTime::parse("09:00").unwrap(),
            end: ClockTime::parse("12:00").unwrap(),
            location_id: None,
        }],
    )
    .unwrap()
}
fn actor() -> Actor {
    Actor::System
}

fn slot_service(source: MockSlotSource) -> SlotService {
    SlotService {
        slots: Arc::new(source),
        clock: clock(),
        policy: SchedulingPolicy::default(),
    }
}
fn monday_query(patient: Option<crate::patient::NhsNumber>) -> SlotQuery {
    SlotQuery::new(
        monday(0, 0),
        monday(0, 0) + TimeDelta::days(1),
        AppointmentDuration::HALF_HOUR,
        SlotFilter {
            practitioner_id: Some(practitioner_id()),
            ..SlotFilter::default()
        },
        patient,
    )
    .unwrap()
}
fn one_candidate() -> Vec<Candidate> {
    vec![Candidate {
        practitioner_id: practitioner_id(),
        clinician: PersonName::parse("Jason Holloway").unwrap(),
        department: Label::parse("oncology").unwrap(),
        pattern: mondays(),
    }]
}

#[test]
fn a_search_reads_twice_and_pages_the_free_slots_with_their_total() {
    let mut source = MockSlotSource::new();
    source.expect_candidates().times(1).returning(|_, limit| {
        assert_eq!(limit, SlotQuery::MAX_PRACTITIONERS + 1);
        Ok(one_candidate())
    });
    source
        .expect_busy()
        .times(1)
        .returning(|ids, _, from, to, _| {
            assert_eq!(ids, [practitioner_id()]);
            // Slots starting before the end of the range may run past it.
            assert_eq!(
                (from, to),
                (monday(0, 0), monday(0, 30) + TimeDelta::days(1))
            );
            let mut busy = BusyTime::default();
            busy.practitioners
                .insert(practitioner_id(), vec![(monday(9, 0), monday(10, 0))]);
            Ok(Some(busy))
        });
    let page = slot_service(source)
        .search(&monday_query(None), PageRequest::new(1, 2))
        .unwrap();
    // 10:00 to 12:00 is free: four slots, of which the second and third.
    assert_eq!(page.total, 4);
    let starts: Vec<_> = page.items.iter().map(|s| s.start).collect();
    assert_eq!(starts, [monday(10, 30), monday(11, 0)]);
}

#[test]
fn a_search_over_too_many_practitioners_or_for_an_unknown_patient_is_refused() {
    let mut source = MockSlotSource::new();
    source
        .expect_candidates()
        .returning(|_, limit| Ok(std::iter::repeat_n(one_candidate().remove(0), limit).collect()));
    let error = slot_service(source)
        .search(&monday_query(None), PageRequest::default())
        .unwrap_err();
    assert_eq!(error.code(), "slots-too-many-practitioners");

    let mut source = MockSlotSource::new();
    source
        .expect_candidates()
        .returning(|_, _| Ok(one_candidate()));
    source.expect_busy().returning(|_, _, _, _, _| Ok(None));
    let patient = crate::patient::NhsNumber::parse("9434765919").ok();
    let error = slot_service(source)
        .search(&monday_query(patient), PageRequest::default())
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (crate::ErrorKind::NotFound, "patient-not-found")
    );
}

#[test]
fn a_search_for_a_duration_no_booking_may_have_is_refused_before_any_read() {
    let query = SlotQuery::new(
        monday(0, 0),
        monday(1, 0),
        AppointmentDuration::from_minutes(20).unwrap(),
        SlotFilter {
            practitioner_id: Some(practitioner_id()),
            ..SlotFilter::default()
        },
        None,
    )
    .unwrap();
    let error = slot_service(MockSlotSource::new())
        .search(&query, PageRequest::default())
        .unwrap_err();
    assert_eq!(error.code(), "duration-not-allowed");
}

fn practitioner() -> Practitioner {
    Practitioner {
        id: practitioner_id(),
        name: PersonName::parse("Jason Holloway").unwrap(),
        department: Department {
            id: DepartmentId::from_uuid(Uuid::from_u128(10)),
            name: Label::parse("oncology").unwrap(),
            version: 1,
        },
        version: 1,
    }
}

fn hold_service(holds: MockHoldRepository, diary: Option<Diary>) -> HoldService {
    let mut schedules = MockScheduleRepository::new();
    schedules
        .expect_diary()
        .returning(move |_, _, _| Ok(diary.clone()));
    let mut practitioners = MockPractitionerRepository::new();
    practitioners
        .expect_get()
        .returning(|_| Ok(Some(practitioner())));
    HoldService {
        holds: Arc::new(holds),
        schedules: Arc::new(schedules),
        practitioners: Arc::new(practitioners),
        clock: clock(),
        ids: ids(),
        policy: SchedulingPolicy::default(),
        ttl: HoldService::DEFAULT_TTL,
    }
}

#[test]
fn a_hold_lives_for_its_ttl_and_is_audited() {
    let mut holds = MockHoldRepository::new();
    holds.expect_insert().times(1).returning(|hold, at, audit| {
        assert_eq!(at, now());
        assert_eq!(hold.expires_at, now() + TimeDelta::minutes(5));
        assert_eq!(hold.end(), monday(10, 0));
        assert_eq!(
            (audit.entity, audit.action),
            (Entity::Hold, AuditAction::Create)
        );
        assert_eq!(
            audit.entity_id.as_deref(),
            Some(hold.id.to_string().as_str())
        );
        Ok(())
    });
    let service = hold_service(
        holds,
        Some(Diary {
            pattern: mondays(),
            absences: vec![],
        }),
    );
    let hold = service
        .hold(practitioner_id(), monday(9, 30), None, &actor())
        .unwrap();
    assert_eq!(hold.duration, AppointmentDuration::HALF_HOUR);
}

#[test]
fn a_hold_must_be_a_bookable_slot_in_working_hours() {
    let diary = Diary {
        pattern: mondays(),
        absences: vec![(monday(11, 0), monday(12, 0))],
    };
    let service = hold_service(MockHoldRepository::new(), Some(diary));
    let refuse = |start| {
        service
            .hold(practitioner_id(), start, None, &actor())
            .unwrap_err()
            .code()
    };
    assert_eq!(refuse(monday(8, 30)), "outside-working-hours");
    assert_eq!(refuse(monday(11, 0)), "outside-working-hours");
    assert_eq!(refuse(monday(9, 10)), "start-not-on-grid");
    assert_eq!(refuse(now() - TimeDelta::hours(12)), "start-in-the-past");
}

#[test]
fn a_held_or_booked_slot_is_a_conflict_and_a_dead_hold_is_not_found() {
    let mut holds = MockHoldRepository::new();
    holds
        .expect_insert()
        .returning(|_, _, _| Err(RepositoryError::Conflict(Conflict::PractitionerUnavailable)));
    holds
        .expect_release()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    holds.expect_get().returning(|_, _| Ok(None));
    let service = hold_service(holds, None);
    let error = service
        .hold(practitioner_id(), monday(9, 30), None, &actor())
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.code()),
        (crate::ErrorKind::Conflict, "practitioner-unavailable")
    );
    let id = HoldId::from_uuid(Uuid::from_u128(3));
    assert_eq!(
        service.release(id, &actor()).unwrap_err().code(),
        "hold-not-found"
    );
    assert_eq!(service.get(id).unwrap_err().code(), "hold-not-found");
}

fn schedule_service(schedules: MockScheduleRepository) -> ScheduleService {
    ScheduleService {
        schedules: Arc::new(schedules),
        clock: clock(),
        ids: ids(),
        default_zone: TimeZone::LONDON,
    }
}

#[test]
fn setting_a_pattern_audits_every_field_and_an_unknown_practitioner_is_not_found() {
    let mut schedules = MockScheduleRepository::new();
    schedules
        .expect_set_pattern()
        .times(1)
        .returning(|_, _, audit| {
            let fields: Vec<_> = audit.changes.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, ["time_zone", "valid_from", "sessions"]);
            assert_eq!(
                audit.changes[2].new,
                Some(crate::audit::AuditValue::plain("monday 09:00-12:00"))
            );
            Ok(())
        });
    let service = schedule_service(schedules);
    assert!(
        service
            .set_pattern(practitioner_id(), mondays(), &actor())
            .is_ok()
    );

    let mut schedules = MockScheduleRepository::new();
    schedules
        .expect_set_pattern()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    schedules.expect_pattern().returning(|_| Ok(None));
    let service = schedule_service(schedules);
    let error = service
        .set_pattern(practitioner_id(), mondays(), &actor())
        .unwrap_err();
    assert_eq!(error.code(), "practitioner-not-found");
    assert_eq!(
        service.pattern(practitioner_id()).unwrap_err().code(),
        "schedule-not-found"
    );
}

#[test]
fn an_absence_over_booked_appointments_is_recorded_and_reports_them() {
    let mut schedules = MockScheduleRepository::new();
    schedules
        .expect_add_absence()
        .times(1)
        .returning(|absence, audit| {
            assert_eq!(audit.entity, Entity::Absence);
            assert_eq!(
                absence.reason.as_ref().map(|r| r.to_string()),
                Some("leave".into())
            );
            Ok(vec![])
        });
    let service = schedule_service(schedules);
    let reason = Label::parse("leave").ok();
    let recorded = service
        .add_absence(
            practitioner_id(),
            monday(9, 0),
            monday(17, 0),
            reason,
            &actor(),
        )
        .unwrap();
    assert_eq!(recorded.absence.id.as_uuid(), Uuid::from_u128(7));

    // A backwards period is refused before the store is asked.
    let error = schedule_service(MockScheduleRepository::new())
        .add_absence(
            practitioner_id(),
            monday(9, 0),
            monday(9, 0),
            None,
            &actor(),
        )
        .unwrap_err();
    assert_eq!(error.code(), "invalid-input");
}

#[test]
fn removing_an_absence_that_is_not_there_is_not_found() {
    let mut schedules = MockScheduleRepository::new();
    schedules
        .expect_remove_absence()
        .returning(|_, _, _| Err(RepositoryError::NotFound));
    let id = AbsenceId::from_uuid(Uuid::from_u128(5));
    let error = schedule_service(schedules)
        .remove_absence(practitioner_id(), id, &actor())
        .unwrap_err();
    assert_eq!(error.code(), "absence-not-found");
}

#[test]
fn a_practitioner_without_a_pattern_works_at_any_time() {
    let mut schedules = MockScheduleRepository::new();
    schedules.expect_diary().returning(|_, _, _| Ok(None));
    assert_eq!(
        works_at(
            &schedules,
            practitioner_id(),
            monday(3, 0),
            monday(3, 30),
            None
        )
        .ok(),
        Some(true)
    );
}
