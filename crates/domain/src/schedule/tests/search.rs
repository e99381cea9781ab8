//! The bitset search against its definition: every grid start of the
//! range, tried one by one with the booking rules (`check_booking`, the
//! sessions of the pattern, `is_taken`, the patient's days), over random
//! patterns in zones with half-hour and 45-minute offsets and clock
//! changes, random booked slots, busy periods, grids, durations and
//! booking windows. Pages must be slices of the whole answer.

use super::slots::practitioner;
use super::*;
use crate::appointment::DurationRule;
use crate::appointment::policy::utc_day;
use proptest::prelude::*;
use std::collections::HashSet;

const ZONES: [&str; 4] = [
    "Europe/London",
    "America/New_York",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
];

/// A day's sessions: up to two, in half hours from midnight, apart.
fn sessions() -> impl Strategy<Value = Vec<Session>> {
    let day = (
        0usize..7,
        0u32..40,
        1u32..9,
        0u32..5,
        1u32..9,
        0u8..3,
        0u8..3,
    );
    prop::collection::vec(day, 0..6).prop_map(|days| {
        let mut taken = HashSet::new();
        let mut out = Vec::new();
        let hhmm = |half: u32| format!("{:02}:{:02}", half / 2, half % 2 * 30);
        for (wd, start, len, gap, len2, loc1, loc2) in days {
            if !taken.insert(wd) {
                continue;
            }
            let place = |n: u8| (n > 0).then(|| location(u128::from(n)));
            let end = (start + len).min(48);
            out.push(Session {
                weekday: WEEKDAYS[wd],
                start: time(&hhmm(start)),
                end: time(&hhmm(end)),
                location_id: place(loc1),
            });
            let (start2, end2) = (end + gap, end + gap + len2);
            if end2 <= 48 && start2 < end2 {
                out.push(Session {
                    weekday: WEEKDAYS[wd],
                    start: time(&hhmm(start2)),
                    end: time(&hhmm(end2)),
                    location_id: place(loc2),
                });
            }
        }
        out
    })
}

/// A pattern: its sessions, zone, and first and last day from the range's.
type Pattern = (Vec<Session>, usize, i64, Option<i64>);

fn candidate() -> impl Strategy<Value = Pattern> {
    (
        sessions(),
        0..ZONES.len(),
        -20i64..10,
        prop::option::of(0i64..20),
    )
}

/// `(day offset, mask)`: sparse booked slots, days around the range.
fn booked() -> impl Strategy<Value = Vec<(i64, u128, u128)>> {
    prop::collection::vec((-1i64..12, any::<u128>(), any::<u128>()), 0..8)
}

/// `(start minute, length minutes, seconds)` from the range's start.
fn periods() -> impl Strategy<Value = Vec<(i64, i64, u32)>> {
    prop::collection::vec((-1440i64..14_400, 1i64..2880, 0u32..60), 0..4)
}

#[derive(Debug)]
struct Case {
    candidates: Vec<Pattern>,
    booked: Vec<Vec<(i64, u128, u128)>>,
    periods: Vec<Vec<(i64, i64, u32)>>,
    from_minute: i64,
    length_minutes: i64,
    grid: u32,
    duration: u32,
    now_minute: i64,
    notice_minutes: i64,
    horizon_minutes: i64,
    patient_days: Vec<i64>,
    location: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(candidate(), 1..4),
        prop::collection::vec(booked(), 3),
        prop::collection::vec(periods(), 3),
        // From a midnight (where the day before's slots are next door),
        // or any minute.
        (
            prop_oneof![(0i64..20).prop_map(|d| d * 1440), 0i64..20 * 1440],
            60i64..10 * 1440,
        ),
        (prop::sample::select(vec![15u32, 30, 60]), 1u32..17),
        // Now any minute, or (as a negative index) about the start of a
        // session of the range, often with no notice: starts must come
        // after it.
        (
            prop_oneof![-1000i64..0, -2880i64..1440],
            prop_oneof![Just(0i64), 0i64..4320],
            60i64..17_280,
        ),
        prop::collection::vec(0i64..11, 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(candidates, booked, periods, (from, len), (grid, d), window, days, loc)| Case {
                candidates,
                booked,
                periods,
                from_minute: from,
                length_minutes: len,
                grid,
                duration: d * 15,
                now_minute: window.0,
                notice_minutes: window.1,
                horizon_minutes: window.1 + window.2,
                patient_days: days,
                location: loc,
            },
        )
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

/// The slots the booking rules accept, one grid start at a time.
fn by_definition(
    q: &SlotQuery,
    candidates: &[Candidate],
    busy: &BusyTime,
    policy: &SchedulingPolicy,
    now: DateTime<Utc>,
) -> Vec<(PractitionerId, DateTime<Utc>, Option<LocationId>)> {
    let length = q.duration().as_chrono();
    let mut first = q.from().duration_trunc_hour();
    while first < q.from() {
        first += minutes(i64::from(policy.grid_minutes()));
    }
    let mut found = Vec::new();
    let mut t = first;
    while t < q.to() {
        let mut here = Vec::new();
        for c in candidates {
            let end = t + length;
            let span = c.pattern.spans(t, end).into_iter().find(|s| {
                s.start <= t
                    && end <= s.end
                    && (q.filter().location_id.is_none() || s.location_id == q.filter().location_id)
            });
            let ok = policy.check_booking(t, q.duration(), now).is_ok()
                && !busy.patient_days.contains(&utc_day(t))
                && !busy.is_taken(c.practitioner_id, t, end);
            if let (true, Some(span)) = (ok, span) {
                here.push((
                    c.clinician.as_ref().to_owned(),
                    c.practitioner_id,
                    span.location_id,
                ));
            }
        }
        here.sort();
        found.extend(here.into_iter().map(|(_, p, l)| (p, t, l)));
        t += minutes(i64::from(policy.grid_minutes()));
    }
    found
}

trait TruncHour {
    fn duration_trunc_hour(self) -> Self;
}
impl TruncHour for DateTime<Utc> {
    fn duration_trunc_hour(self) -> Self {
        use chrono::DurationRound;
        self.duration_trunc(TimeDelta::hours(1)).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_search_finds_exactly_the_starts_a_booking_would_be_accepted_at(case in case()) {
        let origin = utc(2030, 3, 20, 0, 0);
        let from = origin + minutes(case.from_minute);
        let to = from + minutes(case.length_minutes);
        let spans: Vec<_> = case
            .candidates
            .iter()
            .flat_map(|(sessions, zone, _, _)| {
                WorkingPattern::new(TimeZone::parse(ZONES[*zone]).unwrap(), utc_day(from), None, sessions.clone())
                    .unwrap()
                    .spans(from, to)
            })
            .collect();
        let now = match case.now_minute {
            pick @ ..0 if !spans.is_empty() => {
                let (which, quarter) = (pick.unsigned_abs() as usize / 5, pick.abs() % 5 - 2);
                spans[which % spans.len()].start + minutes(quarter * 15)
            }
            _ => from + minutes(case.now_minute),
        };
        let names = ["Ng", "Adams", "Ng"];
        let candidates: Vec<Candidate> = case
            .candidates
            .iter()
            .enumerate()
            .map(|(i, (sessions, zone, from_day, until))| {
                let valid_from = utc_day(from) + TimeDelta::days(*from_day);
                let pattern = WorkingPattern::new(
                    TimeZone::parse(ZONES[*zone]).unwrap(),
                    valid_from,
                    until.map(|d| valid_from + TimeDelta::days(d)),
                    sessions.clone(),
                )
                .unwrap();
                Candidate {
                    practitioner_id: practitioner(i as u128 + 1),
                    clinician: PersonName::parse(names[i]).unwrap(),
                    department: Label::parse("oncology").unwrap(),
                    pattern,
                }
            })
            .collect();
        let mut busy = BusyTime::default();
        for (i, c) in candidates.iter().enumerate() {
            let days = case.booked[i]
                .iter()
                .map(|(d, a, b)| BookedDay {
                    day: utc_day(from) + TimeDelta::days(*d),
                    slots: a & b & ((1u128 << 96) - 1),
                })
                .collect();
            busy.booked.insert(c.practitioner_id, days);
            let periods = case.periods[i]
                .iter()
                .map(|(s, len, secs)| {
                    let s = from + minutes(*s) + TimeDelta::seconds(i64::from(*secs));
                    (s, s + minutes(*len) + TimeDelta::milliseconds(250))
                })
                .collect();
            busy.practitioners.insert(c.practitioner_id, periods);
        }
        busy.patient_days = case
            .patient_days
            .iter()
            .map(|d| utc_day(from) + TimeDelta::days(*d))
            .collect();
        let rule = DurationRule::Range { min: 15, max: 240, step: 15 };
        let policy = SchedulingPolicy::new(case.grid, AppointmentDuration::HALF_HOUR, rule)
            .unwrap()
            .with_window(minutes(case.notice_minutes), minutes(case.horizon_minutes))
            .unwrap();
        let filter = SlotFilter {
            practitioner_id: Some(practitioner(1)),
            location_id: case.location.then(|| location(1)),
            ..SlotFilter::default()
        };
        let duration = AppointmentDuration::from_minutes(case.duration).unwrap();
        let q = SlotQuery::new(from, to, duration, filter, None).unwrap();

        let expected = by_definition(&q, &candidates, &busy, &policy, now);
        let found = FreeSlots::new(&q, &candidates, &busy, &policy, now);
        let all: Vec<_> = free_slots(&q, &candidates, &busy, &policy, now)
            .into_iter()
            .map(|s| (s.practitioner_id, s.start, s.location_id))
            .collect();
        prop_assert_eq!(&all, &expected);
        prop_assert_eq!(found.total(), expected.len());
        for (offset, limit) in [(0, 1), (1, 7), (expected.len() / 2, 5), (expected.len(), 3)] {
            let page: Vec<_> = found
                .page(offset, limit)
                .into_iter()
                .map(|f| (candidates[f.candidate].practitioner_id, f.start, f.location_id))
                .collect();
            let want: Vec<_> = expected.iter().skip(offset).take(limit).copied().collect();
            prop_assert_eq!(page, want);
        }
    }
}
