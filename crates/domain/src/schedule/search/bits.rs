//! Bitsets for the free-slot search: fixed-length runs of 64-bit words,
//! bit `i` of the whole being bit `i % 64` of word `i / 64`.

/// Bitsets of `words` words; ranges are in bits, clamped to the set.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bits {
    pub(super) words: usize,
}

impl Bits {
    pub(super) fn new(words: usize) -> Self {
        Self { words }
    }

    fn clamp(&self, at: i64) -> usize {
        usize::try_from(at.max(0)).unwrap_or(0).min(self.words * 64)
    }

    /// Sets (or clears) bits `[from, to)`.
    fn fill(&self, set: &mut [u64], from: i64, to: i64, on: bool) {
        let (from, to) = (self.clamp(from), self.clamp(to));
        let mut i = from;
        while i < to {
            let (w, b) = (i / 64, i % 64);
            let n = (64 - b).min(to - i);
            let mask = if n == 64 {
                u64::MAX
            } else {
                ((1u64 << n) - 1) << b
            };
            if on {
                set[w] |= mask;
            } else {
                set[w] &= !mask;
            }
            i += n;
        }
    }

    pub(super) fn set(&self, set: &mut [u64], from: i64, to: i64) {
        self.fill(set, from, to, true);
    }

    pub(super) fn clear(&self, set: &mut [u64], from: i64, to: i64) {
        self.fill(set, from, to, false);
    }

    /// ORs the bits of `slots` in from bit `at` (which may lie before the
    /// set: those bits are left out).
    pub(super) fn or_at(&self, set: &mut [u64], at: i64, slots: u128) {
        for (half, chunk) in [(0, slots as u64), (64, (slots >> 64) as u64)] {
            let at = at + half;
            let chunk = match at {
                -63..0 => chunk >> -at,
                ..0 => 0,
                _ => chunk,
            };
            let at = usize::try_from(at.max(0)).unwrap_or(usize::MAX);
            let (w, r) = (at / 64, at % 64);
            if let Some(word) = set.get_mut(w) {
                *word |= chunk << r;
            }
            if let Some(word) = set.get_mut(w + 1).filter(|_| r > 0) {
                *word |= chunk >> (64 - r);
            }
        }
    }

    pub(super) fn and(&self, set: &mut [u64], other: &[u64]) {
        set.iter_mut().zip(other).for_each(|(a, b)| *a &= b);
    }

    pub(super) fn and_not(&self, set: &mut [u64], other: &[u64]) {
        set.iter_mut().zip(other).for_each(|(a, b)| *a &= !b);
    }

    /// Sets bit `i` of `set` when any of its bits `i..i + n` is set: the
    /// starts whose `n` slots meet a set slot. `scratch` is as long.
    pub(super) fn reach(&self, set: &mut [u64], scratch: &mut [u64], n: i64) {
        let mut covered = 1;
        while covered < n {
            let step = usize::try_from(covered.min(n - covered)).unwrap_or(0);
            shift_down(set, scratch, step);
            set.iter_mut()
                .zip(scratch.iter())
                .for_each(|(a, b)| *a |= b);
            covered += step as i64;
        }
    }
}

/// Writes into `out` the bits of `set` shifted towards bit 0 by `n`: bit
/// `i` of `out` is bit `i + n` of `set`.
fn shift_down(set: &[u64], out: &mut [u64], n: usize) {
    let (q, r) = (n / 64, n % 64);
    for (w, word) in out.iter_mut().enumerate() {
        let lo = set.get(w + q).copied().unwrap_or(0);
        let hi = set.get(w + q + 1).copied().unwrap_or(0);
        *word = if r == 0 { lo } else { lo >> r | hi << (64 - r) };
    }
}
