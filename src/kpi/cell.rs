//! The counter of one group in one period ([`Cell`]): person-weeks by status and the distinct
//! persons behind each KPI's numerator, the denominator and each status, as `counts` sums them.

use crate::method::status::{Kpi, Status};

/// Sums of one (period, group) cell: person-weeks by status and distinct persons.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Person-weeks by status, indexed by [`Status::index`] (empty in a pooled quarter's cell,
    /// whose values are the mean of its months').
    pub weeks: [u64; 10],
    /// Distinct persons in the cell (the denominator's).
    pub persons: u32,
    /// Distinct persons with a week in each KPI's numerator, in [`Kpi::ALL`]'s order.
    pub num_persons: [u32; 2],
    /// Distinct persons with a week in each status.
    pub status_persons: [u32; 10],
    /// Distinct persons with a week outside each KPI's numerator, in [`Kpi::ALL`]'s order:
    /// the persons behind the denominator less the numerator, a count a reader of both can
    /// work out.
    pub out_persons: [u32; 2],
}

/// The statuses of each KPI's numerator as bits (bit `i`: [`Status::index`] `i`), in
/// [`Kpi::ALL`]'s order.
const KPI_BITS: [u16; 2] = {
    let mut out = [0u16; 2];
    let mut k = 0;
    while k < 2 {
        let statuses = Kpi::ALL[k].statuses();
        let mut i = 0;
        while i < statuses.len() {
            out[k] |= 1 << statuses[i] as u16;
            i += 1;
        }
        k += 1;
    }
    out
};

/// The statuses a person had a week in, as bits.
pub(super) fn status_bits(w: &[u8; 10]) -> u16 {
    w.iter().enumerate().fold(0, |b, (i, &n)| if n > 0 { b | 1 << i } else { b })
}

impl Cell {
    pub const EMPTY: Cell =
        Cell { weeks: [0; 10], persons: 0, num_persons: [0; 2], status_persons: [0; 10], out_persons: [0; 2] };

    /// All person-weeks: the denominator.
    pub fn total(&self) -> u64 {
        self.weeks.iter().sum()
    }

    /// Person-weeks in some statuses: a numerator.
    pub fn weeks_in(&self, statuses: &[Status]) -> u64 {
        statuses.iter().map(|s| self.weeks[s.index()]).sum()
    }

    /// One person with these weeks (in the statuses `bits` says) in the cell's period: all of
    /// the person's weeks there.
    pub(super) fn add_person(&mut self, w: &[u16; 10], bits: u16) {
        let mut b = bits;
        while b != 0 {
            let i = b.trailing_zeros() as usize;
            self.weeks[i] += u64::from(w[i]);
            b &= b - 1;
        }
        self.add_statuses(bits);
    }

    /// One person who had a week in each status of `bits` in the cell's period.
    pub(super) fn add_statuses(&mut self, bits: u16) {
        self.persons += 1;
        let mut b = bits;
        while b != 0 {
            self.status_persons[b.trailing_zeros() as usize] += 1;
            b &= b - 1;
        }
        for (k, kb) in KPI_BITS.iter().enumerate() {
            self.num_persons[k] += u32::from(bits & kb != 0);
            self.out_persons[k] += u32::from(bits & !kb != 0);
        }
    }

    pub fn merge(&mut self, o: &Cell) {
        for i in 0..10 {
            self.weeks[i] += o.weeks[i];
            self.status_persons[i] += o.status_persons[i];
        }
        self.persons += o.persons;
        for k in 0..2 {
            self.num_persons[k] += o.num_persons[k];
            self.out_persons[k] += o.out_persons[k];
        }
    }
}
