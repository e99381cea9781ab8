//! Criterion benchmarks of the per-request domain work: parsing the values
//! a booking carries and checking the scheduling rules.

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use panda_domain::appointment::{AppointmentDuration, AppointmentStatus, SchedulingPolicy, policy};
use panda_domain::common::postcode::Postcode;
use panda_domain::patient::NhsNumber;
use std::hint::black_box;

fn parsing(c: &mut Criterion) {
    c.bench_function("nhs_number_parse", |b| {
        b.iter(|| NhsNumber::parse(black_box("943 476 5919")))
    });
    c.bench_function("postcode_parse", |b| {
        b.iter(|| Postcode::parse(black_box("sw1a1aa")))
    });
    c.bench_function("duration_parse", |b| {
        b.iter(|| AppointmentDuration::parse(black_box("1h30m")))
    });
}

fn rules(c: &mut Criterion) {
    let policy = SchedulingPolicy::default();
    let now = Utc
        .with_ymd_and_hms(2030, 1, 15, 8, 10, 0)
        .single()
        .unwrap_or_default();
    let start = Utc
        .with_ymd_and_hms(2030, 1, 15, 9, 30, 0)
        .single()
        .unwrap_or_default();
    let duration = AppointmentDuration::parse("1h30m").unwrap_or(AppointmentDuration::HALF_HOUR);
    c.bench_function("check_booking", |b| {
        b.iter(|| policy.check_booking(black_box(start), black_box(duration), black_box(now)))
    });
    c.bench_function("occupied_slots_8h", |b| {
        let long = AppointmentDuration::parse("8h").unwrap_or(AppointmentDuration::HALF_HOUR);
        b.iter(|| policy::occupied_slots(black_box(start), black_box(long)).count())
    });
    c.bench_function("status_transition", |b| {
        b.iter(|| {
            black_box(AppointmentStatus::Active).check_transition(
                AppointmentStatus::Attended,
                start,
                now,
            )
        })
    });
}

criterion_group!(benches, parsing, rules);
criterion_main!(benches);
