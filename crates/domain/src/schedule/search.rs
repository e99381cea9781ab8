//! The free-slot search: which starts a booking would be accepted at now,
//! computed from data read in one go (the practitioners' patterns, and the
//! busy time and the patient's booked days over the range).

use super::model::Period;
use super::slots::{BookedDay, BusyTime, Candidate, Slot, SlotQuery};
use crate::appointment::policy::{SLOT_MINUTES, SchedulingPolicy};
use crate::common::ids::{LocationId, PractitionerId};
use chrono::{DateTime, NaiveDate, TimeDelta, Timelike, Utc};

impl BusyTime {
    /// Whether any of `[start, end)` of the practitioner's time is taken:
    /// by a period, or by a booked slot. For a few checks; the search
    /// indexes the same data once per practitioner.
    pub fn is_taken(
        &self,
        practitioner: PractitionerId,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> bool {
        let by_period = self
            .practitioners
            .get(&practitioner)
            .is_some_and(|p| p.iter().any(|(s, e)| *s < end && start < *e));
        let ceil = |t: DateTime<Utc>| t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0);
        by_period
            || Booked::new(self.booked.get(&practitioner)).overlaps(start.timestamp(), ceil(end))
    }
}

/// A free slot before its names are attached: which candidate, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeStart {
    /// The index of the candidate in the slice searched.
    pub candidate: usize,
    /// Where, when the session names a location.
    pub location_id: Option<LocationId>,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
}

impl FreeStart {
    /// The slot, with the names of its candidate in `candidates`.
    pub fn slot(&self, candidates: &[Candidate]) -> Slot {
        let c = &candidates[self.candidate];
        Slot {
            practitioner_id: c.practitioner_id,
            clinician: c.clinician.clone(),
            department: c.department.clone(),
            location_id: self.location_id,
            start: self.start,
            end: self.end,
        }
    }
}

/// Every slot of `query` a booking would be accepted at `now` under
/// `policy`, in start order (then by clinician and id): on the policy's
/// grid, wholly inside one session (at the filter's location, if any),
/// inside the booking window, on no day the patient is booked, and
/// overlapping no busy time.
pub fn free_slots(
    query: &SlotQuery,
    candidates: &[Candidate],
    busy: &BusyTime,
    policy: &SchedulingPolicy,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    free_starts(query, candidates, busy, policy, now)
        .iter()
        .map(|f| f.slot(candidates))
        .collect()
}

/// [`free_slots`] without the names: cheap to compute for a whole range,
/// so that a page needs names only for the slots it shows.
pub fn free_starts(
    query: &SlotQuery,
    candidates: &[Candidate],
    busy: &BusyTime,
    policy: &SchedulingPolicy,
    now: DateTime<Utc>,
) -> Vec<FreeStart> {
    let length = query.duration().as_chrono();
    let grid = TimeDelta::minutes(i64::from(policy.grid_minutes()));
    // Ties at one start go by clinician, then id: a rank per candidate.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&candidates[a], &candidates[b]);
        (a.clinician.as_ref(), a.practitioner_id).cmp(&(b.clinician.as_ref(), b.practitioner_id))
    });
    // The loop works in whole seconds: every bound is an instant PANDA
    // accepts, so each fits an i64 with room to spare.
    let secs = |t: DateTime<Utc>| t.timestamp();
    let (after, earliest, latest) = policy.start_bounds(now);
    let (after, earliest, latest) = (after.timestamp(), secs(earliest), secs(latest));
    let in_window = |t: i64| t > after && (earliest..=latest).contains(&t);
    let (step, length_s) = (grid.num_seconds(), length.num_seconds());
    let patient_days: Vec<i64> = busy
        .patient_days
        .iter()
        .map(|d| secs(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()).div_euclid(DAY))
        .collect();
    let (from, to) = (secs(query.from()), secs(query.to()));
    // Found in clinician order, then sorted by start with a stable
    // counting sort on the grid step: start order, then clinician.
    let mut starts: Vec<(usize, i64, usize, Option<LocationId>)> = Vec::new();
    for &i in &order {
        let c = &candidates[i];
        let taken = Taken::new(busy.practitioners.get(&c.practitioner_id));
        let booked = Booked::new(busy.booked.get(&c.practitioner_id));
        let spans = c.pattern.spans(query.from(), query.to() + length);
        for span in spans.iter().filter(|s| {
            query.filter().location_id.is_none() || s.location_id == query.filter().location_id
        }) {
            // On the grid, in whole minutes, as `check_booking` wants.
            let first = ceil_to_grid(span.start.max(query.from()), grid);
            let (mut start, span_end) = (secs(first), secs(span.end));
            while start < to && start + length_s <= span_end {
                let end = start + length_s;
                let free = in_window(start)
                    && !patient_days.contains(&start.div_euclid(DAY))
                    && !taken.overlaps(start, end)
                    && !booked.overlaps(start, end);
                if free {
                    let step_index = usize::try_from((start - from) / step).unwrap_or(0);
                    starts.push((step_index, start, i, span.location_id));
                }
                start += step;
            }
        }
    }
    let steps = starts.iter().map(|s| s.0 + 1).max().unwrap_or(0);
    let mut at = vec![0usize; steps + 1];
    for s in &starts {
        at[s.0 + 1] += 1;
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    let mut sorted = vec![(0, 0, 0, None); starts.len()];
    for s in starts {
        sorted[at[s.0]] = s;
        at[s.0] += 1;
    }
    sorted
        .into_iter()
        .filter_map(|(_, start, candidate, location_id)| {
            let start = DateTime::from_timestamp(start, 0)?;
            Some(FreeStart {
                candidate,
                location_id,
                start,
                end: start + length,
            })
        })
        .collect()
}

const DAY: i64 = 86_400;

/// A practitioner's booked slots: a mask per day, in a vector indexed by
/// day from the first day given (no hashing in the search's inner loop).
struct Booked {
    first_day: i64,
    days: Vec<u128>,
}

impl Booked {
    const SLOT: i64 = SLOT_MINUTES as i64 * 60;

    fn new(days: Option<&Vec<BookedDay>>) -> Self {
        let epoch_day = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                .and_utc()
                .timestamp()
                .div_euclid(DAY)
        };
        let days: Vec<(i64, u128)> = days
            .map(|d| d.iter().map(|b| (epoch_day(b.day), b.slots)).collect())
            .unwrap_or_default();
        let first_day = days.iter().map(|(d, _)| *d).min().unwrap_or(0);
        let last_day = days.iter().map(|(d, _)| *d).max().unwrap_or(-1);
        // A search covers 31 days and a store sends the days it covers; a
        // store that sent a wider spread is bounded here all the same.
        let len = usize::try_from(last_day - first_day + 1)
            .unwrap_or(0)
            .min(4096);
        let mut masks = vec![0u128; len];
        for (day, slots) in days {
            if let Some(mask) = usize::try_from(day - first_day)
                .ok()
                .and_then(|i| masks.get_mut(i))
            {
                *mask |= slots;
            }
        }
        Self {
            first_day,
            days: masks,
        }
    }

    /// Whether any slot of `[start, end)` (whole seconds) is booked.
    fn overlaps(&self, start: i64, end: i64) -> bool {
        if self.days.is_empty() {
            return false;
        }
        let per_day = i64::from(BookedDay::SLOTS);
        let (first, past) = (
            start.div_euclid(Self::SLOT),
            (end + Self::SLOT - 1).div_euclid(Self::SLOT),
        );
        (first..past).any(|slot| {
            let (day, bit) = (slot.div_euclid(per_day), slot.rem_euclid(per_day));
            usize::try_from(day - self.first_day)
                .ok()
                .and_then(|i| self.days.get(i))
                .is_some_and(|mask| mask >> bit & 1 == 1)
        })
    }
}

/// A practitioner's busy periods in whole seconds, sorted by start, with
/// the latest end among each prefix: whether a period overlaps is a
/// binary search.
struct Taken {
    starts: Vec<i64>,
    latest_end: Vec<i64>,
}

impl Taken {
    fn new(periods: Option<&Vec<Period>>) -> Self {
        // A period ending within a second counts as ending at the next one.
        let ceil = |t: DateTime<Utc>| t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0);
        let mut periods: Vec<(i64, i64)> = periods
            .map(|p| p.iter().map(|(s, e)| (s.timestamp(), ceil(*e))).collect())
            .unwrap_or_default();
        periods.sort_unstable();
        let mut latest = i64::MIN;
        let latest_end = periods
            .iter()
            .map(|(_, e)| {
                latest = latest.max(*e);
                latest
            })
            .collect();
        Self {
            starts: periods.into_iter().map(|(s, _)| s).collect(),
            latest_end,
        }
    }

    /// Whether any period overlaps `[start, end)`: of the periods starting
    /// before `end`, does any end after `start`?
    fn overlaps(&self, start: i64, end: i64) -> bool {
        let before_end = self.starts.partition_point(|s| *s < end);
        before_end > 0 && self.latest_end[before_end - 1] > start
    }
}

/// The first instant at or after `at` on the grid (whole minutes of the
/// hour that the grid divides).
fn ceil_to_grid(at: DateTime<Utc>, grid: TimeDelta) -> DateTime<Utc> {
    let floor = at
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    let minute = i64::from(floor.minute());
    let step = grid.num_minutes().max(1);
    let mut t = floor - TimeDelta::minutes(minute % step);
    if t < at {
        t += grid;
    }
    t
}
