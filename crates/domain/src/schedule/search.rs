//! The free-slot search: which starts a booking would be accepted at now,
//! computed from data read in one go (the practitioners' patterns, and the
//! busy time and the patient's booked days over the range).
//!
//! The search works on bitsets, one bit per [`SLOT_MINUTES`] slot from the
//! UTC midnight before the range: a practitioner's free starts are their
//! sessions' starts, AND the starts the booking window, the grid and the
//! patient's days allow, AND NOT the starts their booked slots or busy
//! periods block. A month of one diary is about fifty words, so the total
//! is a sum of popcounts and only the page asked for becomes slots.

use super::pattern::{LocalDays, Span};
use super::slots::{BookedDay, BusyTime, Candidate, Slot, SlotQuery};
use crate::appointment::policy::{SLOT_MINUTES, SchedulingPolicy};
use crate::common::ids::{LocationId, PractitionerId};
use bits::Bits;
use chrono::{DateTime, TimeDelta, Utc};

/// A slot's length in seconds, and a day's.
const SLOT: i64 = SLOT_MINUTES as i64 * 60;
const DAY: i64 = 86_400;
/// Slots in a day.
const PER_DAY: i64 = BookedDay::SLOTS as i64;

mod bits;

impl BusyTime {
    /// Whether any of `[start, end)` of the practitioner's time is taken:
    /// by a period, or by a booked slot. For a few checks; the search
    /// reads the same data as bitsets.
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
        let days = self
            .booked
            .get(&practitioner)
            .map_or(&[][..], Vec::as_slice);
        let (first, past) = (
            start.timestamp().div_euclid(SLOT),
            ceil_secs(end).div_euclid(SLOT) + i64::from(ceil_secs(end).rem_euclid(SLOT) > 0),
        );
        by_period
            || (first..past).any(|slot| {
                let (day, bit) = (slot.div_euclid(PER_DAY), slot.rem_euclid(PER_DAY));
                days.iter()
                    .any(|d| epoch_day(d) == day && d.slots >> bit & 1 == 1)
            })
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
/// `policy`, in start order (then by clinician and id). See [`FreeSlots`].
pub fn free_slots(
    query: &SlotQuery,
    candidates: &[Candidate],
    busy: &BusyTime,
    policy: &SchedulingPolicy,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let found = FreeSlots::new(query, candidates, busy, policy, now);
    found
        .page(0, found.total())
        .iter()
        .map(|f| f.slot(candidates))
        .collect()
}

/// The free slots of a search, held as one bitset per candidate: a slot is
/// free when it starts on the policy's grid, lies wholly inside one
/// session (at the filter's location, if any), starts inside the range and
/// the booking window, on no UTC day the patient is booked, and overlaps
/// no busy time. Cheap to count; [`FreeSlots::page`] makes only the starts
/// a page shows.
#[derive(Debug)]
pub struct FreeSlots {
    /// Candidate indexes by rank: clinician, then id.
    order: Vec<usize>,
    /// Each ranked candidate's sessions, as searched.
    spans: Vec<Vec<Span>>,
    /// `words` words per ranked candidate: bit `i` is the start `base + i`
    /// slots.
    free: Vec<u64>,
    words: usize,
    /// The UTC midnight before the range, in seconds.
    base: i64,
    length: TimeDelta,
    total: usize,
}

impl FreeSlots {
    /// Searches `candidates` for the free slots of `query` at `now`.
    pub fn new(
        query: &SlotQuery,
        candidates: &[Candidate],
        busy: &BusyTime,
        policy: &SchedulingPolicy,
        now: DateTime<Utc>,
    ) -> Self {
        let length = query.duration().as_chrono();
        let length_s = length.num_seconds();
        let (from, to) = (query.from().timestamp(), ceil_secs(query.to()));
        let base = from.div_euclid(DAY) * DAY;
        // Starts run to `to`; a start's slots run `length` further.
        let starts = (to - base).div_euclid(SLOT) + 1;
        let reach = ceil_div(length_s, SLOT);
        let words = usize::try_from(ceil_div(starts + reach, 64)).unwrap_or(0);
        let bits = Bits::new(words);
        let allowed = Self::allowed(query, busy, policy, now, base, bits);
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&candidates[a], &candidates[b]);
            (a.clinician.as_ref(), a.practitioner_id)
                .cmp(&(b.clinician.as_ref(), b.practitioner_id))
        });
        let mut free = vec![0u64; words * order.len()];
        let (mut booked, mut scratch) = (vec![0u64; words], vec![0u64; words]);
        let mut spans = Vec::with_capacity(order.len());
        let location = query.filter().location_id;
        let mut days = LocalDays::default();
        for (rank, &i) in order.iter().enumerate() {
            let c = &candidates[i];
            let mine: Vec<Span> = c
                .pattern
                .spans_with(query.from(), query.to() + length, &mut days)
                .into_iter()
                .filter(|s| location.is_none() || s.location_id == location)
                .collect();
            let set = &mut free[rank * words..(rank + 1) * words];
            for s in &mine {
                // Starts at or after the session's whose slot ends by its end.
                let first = ceil_div(ceil_secs(s.start) - base, SLOT);
                let last = (s.end.timestamp() - length_s - base).div_euclid(SLOT);
                bits.set(set, first, last + 1);
            }
            if set.iter().all(|w| *w == 0) {
                spans.push(mine);
                continue;
            }
            bits.and(set, &allowed);
            if let Some(days) = busy.booked.get(&c.practitioner_id) {
                booked.iter_mut().for_each(|w| *w = 0);
                for d in days {
                    let at = (epoch_day(d) - base.div_euclid(DAY)) * PER_DAY;
                    bits.or_at(&mut booked, at, d.slots);
                }
                bits.reach(&mut booked, &mut scratch, reach);
                bits.and_not(set, &booked);
            }
            for (s, e) in busy
                .practitioners
                .get(&c.practitioner_id)
                .into_iter()
                .flatten()
            {
                // Starts `t` with `t < e` and `t + length > s` are blocked.
                let first = (s.timestamp() - length_s - base).div_euclid(SLOT) + 1;
                let past = ceil_div(ceil_secs(*e) - base, SLOT);
                bits.clear(set, first, past);
            }
            spans.push(mine);
        }
        let total = free.iter().map(|w| w.count_ones() as usize).sum();
        Self {
            order,
            spans,
            free,
            words,
            base,
            length,
            total,
        }
    }

    /// The starts every candidate shares: on the grid, inside the range
    /// and the booking window, and on no day the patient is booked.
    fn allowed(
        query: &SlotQuery,
        busy: &BusyTime,
        policy: &SchedulingPolicy,
        now: DateTime<Utc>,
        base: i64,
        bits: Bits,
    ) -> Vec<u64> {
        let (after, earliest, latest) = policy.start_bounds(now);
        // In whole seconds: t >= from, t > after, t >= earliest, t < to
        // and t <= latest, as slots from `base`.
        let first = (ceil_secs(query.from()) - base)
            .max(after.timestamp() + 1 - base)
            .max(ceil_secs(earliest) - base);
        let past = ceil_div(ceil_secs(query.to()) - base, SLOT)
            .min((latest.timestamp() - base).div_euclid(SLOT) + 1);
        let first = ceil_div(first, SLOT);
        let mut allowed = vec![0u64; bits.words];
        bits.set(&mut allowed, first, past);
        // The grid divides the hour, and `base` is a midnight.
        let step = i64::from(policy.grid_minutes() / SLOT_MINUTES).max(1);
        for (w, word) in allowed.iter_mut().enumerate() {
            let mut grid = 0u64;
            for b in 0..64 {
                if (w as i64 * 64 + b).rem_euclid(step) == 0 {
                    grid |= 1 << b;
                }
            }
            *word &= grid;
        }
        for day in &busy.patient_days {
            let at = (epoch_day(&BookedDay {
                day: *day,
                slots: 0,
            }) - base.div_euclid(DAY))
                * PER_DAY;
            bits.clear(&mut allowed, at, at + PER_DAY);
        }
        allowed
    }

    /// How many slots are free.
    pub fn total(&self) -> usize {
        self.total
    }

    /// At most `limit` free starts from the `offset`-th, in start order
    /// (then by clinician and id).
    pub fn page(&self, offset: usize, limit: usize) -> Vec<FreeStart> {
        let mut skip = offset;
        let mut page = Vec::with_capacity(limit.min(self.total.saturating_sub(offset)));
        if self.words == 0 {
            return page;
        }
        let ranked =
            |w: usize| (0..self.order.len()).map(move |r| (r, self.free[r * self.words + w]));
        for w in 0..self.words {
            let in_word: usize = ranked(w).map(|(_, x)| x.count_ones() as usize).sum();
            if skip >= in_word {
                skip -= in_word;
                continue;
            }
            let mut any = ranked(w).fold(0, |acc, (_, x)| acc | x);
            while any != 0 {
                let bit = any.trailing_zeros();
                any &= any - 1;
                for (rank, _) in ranked(w).filter(|(_, x)| x >> bit & 1 == 1) {
                    if page.len() == limit {
                        return page;
                    }
                    if skip > 0 {
                        skip -= 1;
                    } else {
                        page.push(self.start(rank, (w * 64) as i64 + i64::from(bit)));
                    }
                }
            }
        }
        page
    }

    fn start(&self, rank: usize, slot: i64) -> FreeStart {
        let start = DateTime::from_timestamp(self.base + slot * SLOT, 0).unwrap_or_default();
        let end = start + self.length;
        let location_id = self.spans[rank]
            .iter()
            .find(|s| s.start <= start && end <= s.end)
            .and_then(|s| s.location_id);
        FreeStart {
            candidate: self.order[rank],
            location_id,
            start,
            end,
        }
    }
}

/// The days since 1970-01-01 of a booked day.
fn epoch_day(d: &BookedDay) -> i64 {
    d.day
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp()
        .div_euclid(DAY)
}

/// An instant in whole seconds, rounded up.
fn ceil_secs(t: DateTime<Utc>) -> i64 {
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
}

fn ceil_div(a: i64, b: i64) -> i64 {
    a.div_euclid(b) + i64::from(a.rem_euclid(b) != 0)
}
