//! DREAM's rows as a converted extract holds them beside its week and month columns: each
//! row's weeks packed as runs of one code ([`Packed`], [`pack_weeks`], [`unpack_weeks`]) and its
//! months employed as bits ([`PackedMonths`], [`pack_months`]); and a batch of such rows as read
//! ([`PackedRuns`], [`MonthBits`]), made into the matrices of `typed::DreamIn` when used.
//! `convert` writes them; `read::converted` reads them while the stamp holds.

use serde::{Deserialize, Serialize};

/// Rows' weeks packed as runs (see [`Packed`]): row `i`'s are
/// `bytes[ends[i - 1]..ends[i]]`, over `total` weeks of which the `width` from `skip` on are
/// decoded.
#[derive(Debug, Clone, Default)]
pub struct PackedRuns {
    pub bytes: Vec<u8>,
    pub ends: Vec<u32>,
    pub skip: usize,
    pub total: usize,
    pub width: usize,
}

impl PackedRuns {
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// The rows' week matrix, in `codes` (its memory reused).
    pub fn unpack(&self, codes: &mut Vec<u16>) {
        codes.clear();
        codes.resize(self.ends.len() * self.width, 0);
        let mut start = 0;
        for (row, &end) in codes.chunks_exact_mut(self.width.max(1)).zip(&self.ends) {
            // Checked when packed (`read::converted::packed_rows`).
            let _ = unpack_weeks(&self.bytes[start..end as usize], self.skip, self.total, row);
            start = end as usize;
        }
    }
}

/// A byte of months employed as the degrees 1 and 0, bit 0 first.
const BYTE_DEGREES: [[f32; 8]; 256] = {
    let mut table = [[0.0; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            if byte & (1 << bit) != 0 {
                table[byte][bit] = 1.0;
            }
            bit += 1;
        }
        byte += 1;
    }
    table
};

/// Rows' months employed as bits (see `converted::PackedMonths`), `width` bytes a row: decoded
/// month `k` is bit `at[k]`.
#[derive(Debug, Clone, Default)]
pub struct MonthBits {
    pub bits: Vec<u8>,
    pub width: usize,
    pub at: Vec<usize>,
    pub rows: usize,
}

impl MonthBits {
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn clear(&mut self) {
        self.bits.clear();
        self.rows = 0;
    }

    /// The rows' degrees, 1 for a month employed and 0 for not, in `grads` (its memory
    /// reused).
    pub fn expand(&self, grads: &mut Vec<f32>) {
        let nm = self.at.len();
        grads.clear();
        grads.resize(nm * self.rows, 0.0);
        let rows = grads.chunks_exact_mut(nm.max(1)).zip(self.bits.chunks_exact(self.width.max(1)));
        // The months decoded from a whole byte on, one after the other (all of them, as a read
        // without a window decodes): a byte's eight months at a time.
        let from = self.at.first().copied().unwrap_or(0);
        if from % 8 == 0 && self.at.iter().enumerate().all(|(k, &at)| at == from + k) {
            for (row, b) in rows {
                for (eight, &byte) in row.chunks_mut(8).zip(&b[from / 8..]) {
                    let degrees = &BYTE_DEGREES[usize::from(byte)];
                    eight.copy_from_slice(&degrees[..eight.len()]);
                }
            }
            return;
        }
        for (row, b) in rows {
            for (g, &k) in row[..nm].iter_mut().zip(&self.at) {
                *g = f32::from((b[k / 8] >> (k % 8)) & 1);
            }
        }
    }
}

/// DREAM's weekly codes packed, one binary value per row in the column `weeks_column` of
/// dream.parquet: the row's codes over the week `first_week` and the `n_weeks - 1` after it
/// (the span of the header's week columns; 0 = no benefit, also in a week without a column),
/// as runs: pairs of little-endian `u16` (code, number of weeks), the numbers adding up to
/// `n_weeks`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Packed {
    pub weeks_column: String,
    /// As `2013-W01`.
    pub first_week: String,
    pub n_weeks: usize,
    /// The months employed, packed; absent in extracts converted before there were packed
    /// months (their month columns are read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<PackedMonths>,
}

/// DREAM's months employed (an employment degree above 0, all the method asks of a degree),
/// one binary value per row in the column `column`: bit `k % 8` of byte `k / 8` set when the
/// row's degree in month `first_month` + `k` is above 0, for `k` below `n_months` (the
/// header's month columns, which lie in one unbroken run). A row's 48 degrees as `f32`
/// columns are most of the file and most of a read's decoding; their bits are 6 bytes. The
/// degrees themselves stay in their columns, for other tools and for `convert`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PackedMonths {
    pub column: String,
    /// As `2013-01`.
    pub first_month: String,
    pub n_months: usize,
}

pub const WEEKS_COLUMN: &str = "packed_weeks";

pub const MONTHS_COLUMN: &str = "packed_months";

/// A row's months employed as bits (see [`PackedMonths`]), from its degrees.
pub fn pack_months(degrees: &[f32]) -> Vec<u8> {
    let mut bits = vec![0u8; degrees.len().div_ceil(8)];
    for (k, &g) in degrees.iter().enumerate() {
        if g > 0.0 {
            bits[k / 8] |= 1 << (k % 8);
        }
    }
    bits
}

/// A row's codes as runs (see [`Packed`]), appended to `out`.
pub fn pack_weeks(codes: &[u16], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < codes.len() {
        let c = codes[i];
        let mut n = 1;
        while i + n < codes.len() && codes[i + n] == c && n < usize::from(u16::MAX) {
            n += 1;
        }
        out.extend_from_slice(&c.to_le_bytes());
        out.extend_from_slice(&(n as u16).to_le_bytes());
        i += n;
    }
}

/// Writes the weeks `skip..skip + out.len()` of a row packed by [`pack_weeks`] over `total`
/// weeks into `out` (which holds zeros); `None` when the runs do not cover exactly `total`
/// weeks.
pub fn unpack_weeks(runs: &[u8], skip: usize, total: usize, out: &mut [u16]) -> Option<()> {
    if !runs.len().is_multiple_of(4) {
        return None;
    }
    let (lo, hi) = (skip, skip + out.len());
    let mut at = 0usize;
    for run in runs.chunks_exact(4) {
        let code = u16::from_le_bytes([run[0], run[1]]);
        let end = at + usize::from(u16::from_le_bytes([run[2], run[3]]));
        if code != 0 && end > lo && at < hi {
            out[at.max(lo) - lo..end.min(hi) - lo].fill(code);
        }
        at = end;
    }
    (at == total && hi <= total).then_some(())
}
