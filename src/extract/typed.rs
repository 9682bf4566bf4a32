//! The inputs as typed rows, whatever file, format and layout they came from: residence spells
//! with the person's data, DREAM's weeks as a matrix of codes, education spells. The readers
//! (`load` for the effektmaal layout's CSV, `normalize` for every other layout and format) fill
//! these with each cell already parsed and checked on its own; `load::assemble` then checks
//! what needs several rows or files (spells against the birth date, one DREAM row per person)
//! and builds the [`Extract`](super::load::Extract). Each row keeps the row (or line) it was
//! read from and each file a [`Place`] with the columns of its fields, so a problem found late
//! still names file, row and column. No CSV text is written in between.

use super::csv::CsvText;
use super::layout::{Field, Input};
use super::load::Person;
use super::source::Format;
use crate::error::{Problem, Problems};
use crate::method::calendar::Month;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Where a file's fields are, for messages: its name, whether its rows are counted by row
/// (SAS7BDAT, Parquet) or by line (CSV), and the column (0-based position, name) of each field.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub file: String,
    pub by_row: bool,
    pub columns: BTreeMap<Field, (usize, String)>,
}

impl Place {
    /// A problem in the cell of `field` in row (or line) `row`.
    pub fn cell(&self, row: usize, field: Field, message: impl Into<String>) -> Problem {
        match self.columns.get(&field) {
            Some((c, name)) if self.by_row => Problem::row_cell(&self.file, row, c + 1, name, message),
            Some((c, name)) => Problem::cell(&self.file, row, c + 1, name, message),
            None => Problem { by_row: self.by_row, ..Problem::at(&self.file, row, message) },
        }
    }

    /// "line" for CSV, "row" for the others: how a message names another row of the file.
    pub fn word(&self) -> &'static str {
        if self.by_row { "row" } else { "line" }
    }

    /// The 1-based column of a field, 0 when the file has none.
    pub fn column_number(&self, field: Field) -> usize {
        self.columns.get(&field).map_or(0, |c| c.0 + 1)
    }
}

/// A person id, held without an allocation of its own when it is short (pseudonymised ids
/// are): a national population holds millions. Compares and hashes as its text, so maps keyed
/// by it are looked up with a `&str`.
#[derive(Clone, PartialEq, Eq)]
pub enum Pnr {
    Short(u8, [u8; 22]),
    Long(Box<str>),
}

impl Pnr {
    pub fn new(s: &str) -> Pnr {
        match s.len() {
            n if n <= 22 => {
                let mut b = [0u8; 22];
                b[..n].copy_from_slice(s.as_bytes());
                Pnr::Short(n as u8, b)
            }
            _ => Pnr::Long(s.into()),
        }
    }

    /// The id's bytes (its text, valid UTF-8), without checking them again.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Pnr::Short(n, b) => &b[..*n as usize],
            Pnr::Long(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            // Whole UTF-8 text copied in `new`, so always valid.
            Pnr::Short(n, b) => std::str::from_utf8(&b[..*n as usize]).unwrap_or_default(),
            Pnr::Long(s) => s,
        }
    }
}

impl std::hash::Hash for Pnr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::borrow::Borrow<str> for Pnr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

/// Never shows the id (it must not reach a log).
impl std::fmt::Debug for Pnr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pnr(…)")
    }
}

/// Items grouped by person, in one allocation: person `p`'s are `items[starts[p]..starts[p+1]]`
/// (millions of persons, most with one or no item, would otherwise be millions of vectors).
#[derive(Debug, Clone)]
pub struct Lists<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists { starts: vec![0], items: Vec::new() }
    }
}

impl<T> Lists<T> {
    /// From items already sorted by person (`person` gives an item's), for `n` persons.
    pub fn sorted(n: usize, items: Vec<T>, person: impl Fn(&T) -> u32) -> Lists<T> {
        let mut starts = vec![0u32; n + 1];
        for it in &items {
            starts[person(it) as usize + 1] += 1;
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        Lists { starts, items }
    }

    /// From `(person, item)` pairs in any order (`pairs` is gone through twice), each person's
    /// items in the order given; `fill` is any item (overwritten).
    pub fn grouped<I: Iterator<Item = (u32, T)>>(n: usize, pairs: impl Fn() -> I, fill: T) -> Lists<T>
    where
        T: Clone,
    {
        let mut starts = vec![0u32; n + 1];
        for (p, _) in pairs() {
            starts[p as usize + 1] += 1;
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut items = vec![fill; starts[n] as usize];
        for (p, it) in pairs() {
            items[next[p as usize] as usize] = it;
            next[p as usize] += 1;
        }
        Lists { starts, items }
    }

    /// Persons.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each person's items, in person order.
    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.starts.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// Every item, in person order.
    pub fn all(&self) -> &[T] {
        &self.items
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    fn index(&self, p: usize) -> &[T] {
        &self.items[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

/// A residence spell with the data of its person, each field parsed.
#[derive(Debug, Clone)]
pub struct SpellIn {
    pub pnr: Pnr,
    pub person: Person,
    pub kommune: u16,
    /// The local area, in the population's [`Areas`]: 0 when none is given. Each name is held
    /// once, not once per spell.
    pub omraade: u32,
    pub fra: NaiveDate,
    pub til: Option<NaiveDate>,
    /// The row (or line) of the spell, and of the person's data (the same row in the
    /// effektmaal layout, the row of `bef` in the DST layout). Small, as millions are held.
    pub row: u32,
    pub person_row: u32,
}

impl SpellIn {
    /// A spell as read: the person's id and data, the spell's kommune, omraade, fra and til, and
    /// the rows of the spell and of the person's data.
    pub fn new(
        pnr: &str,
        person: Person,
        (kommune, omraade, fra, til): (u16, u32, NaiveDate, Option<NaiveDate>),
        row: usize,
        person_row: usize,
    ) -> SpellIn {
        let (row, person_row) = (row as u32, person_row as u32);
        SpellIn { pnr: Pnr::new(pnr), person, kommune, omraade, fra, til, row, person_row }
    }
}

/// As many areas as are looked through by name rather than hashed.
const FEW_AREAS: usize = 16;

/// The local areas' names as read, each once, numbered from 1 in the order first given; 0 is
/// no area (the empty name).
#[derive(Debug, Clone)]
pub struct Areas {
    names: Vec<Box<str>>,
    index: IdMap<Box<str>, u32>,
    /// The number given last.
    last: u32,
}

impl Default for Areas {
    fn default() -> Areas {
        Areas { names: vec!["".into()], index: IdMap::default(), last: 0 }
    }
}

impl Areas {
    /// The number of `name` (as given: the reader trims it), numbered now if new.
    pub fn id(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            return 0;
        }
        // Most spells name the area of the spell before; most municipalities have a handful of
        // areas, looked through faster than hashed.
        if *self.names[self.last as usize] == *name {
            return self.last;
        }
        let few = (self.names.len() <= FEW_AREAS).then(|| self.names.iter().position(|n| **n == *name));
        self.last = match few.unwrap_or_else(|| self.index.get(name).map(|&i| i as usize)) {
            Some(i) => i as u32,
            None => {
                let i = self.names.len() as u32;
                self.names.push(name.into());
                self.index.insert(name.into(), i);
                i
            }
        };
        self.last
    }

    /// The name of area `i`: empty for 0 (and for a number never given).
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n)
    }

    /// Every name, by number: the first is the empty name of no area.
    pub fn names(&self) -> &[Box<str>] {
        &self.names
    }
}

/// The population: residence spells, and where their fields were read.
#[derive(Debug, Clone, Default)]
pub struct PopulationIn {
    pub spells: Vec<SpellIn>,
    /// The local areas the spells name.
    pub areas: Areas,
    /// Where the spell's fields are (kommune, omraade, fra, til).
    pub spell_place: Place,
    /// Where the person's fields are (foedselsdato, koen, herkomst, oprindelse).
    pub person_place: Place,
    /// Whether every spell repeats its person's data (effektmaal layout), so the spells of a
    /// person must agree; in the DST layout `bef` holds it once.
    pub person_per_spell: bool,
    /// Whether each person's spells come together, after the spells of the persons before
    /// (a converted extract whose stamp says so): persons are numbered without being looked
    /// up.
    pub persons_together: bool,
}

/// DREAM's rows: person id, weekly codes and monthly employment degrees.
#[derive(Debug, Clone, Default)]
pub struct DreamIn {
    /// Where the person id is (for duplicate rows).
    pub place: Place,
    /// Every week column of the header (week indices, see `IsoWeek::index`), sorted: what
    /// coverage needs, whether decoded or not.
    pub weeks: Vec<i32>,
    /// Every employment month column of the header, sorted.
    pub months: Vec<Month>,
    /// The weeks decoded into `codes`: the first week and the count (0 when none).
    pub first_week: i32,
    pub n_weeks: usize,
    /// The months decoded into `grads`, sorted.
    pub decoded_months: Vec<Month>,
    /// Per row: the person id and the row (or line) it was read from.
    pub pnrs: Vec<Pnr>,
    pub rows: Vec<usize>,
    /// `codes[i * n_weeks + w]`: 0 when no benefit (or the week has no column).
    pub codes: Vec<u16>,
    /// `grads[i * decoded_months.len() + m]`: 0 when missing.
    pub grads: Vec<f32>,
    /// The rows' weeks still packed, when a reader hands them so (a converted extract's, see
    /// `converted::packed_rows`); `codes` is then empty. [`DreamRows::ahead`] unpacks them
    /// before a batch is handed on, so no sink sees them.
    pub runs: PackedRuns,
    /// Likewise the rows' months employed, as bits (`grads` then empty).
    pub month_bits: MonthBits,
    /// Data rows in the file, including rows left out for a problem.
    pub rows_seen: usize,
}

/// Rows' weeks packed as runs (see `converted::Packed`): row `i`'s are
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
            // Checked when packed (`converted::packed_rows`).
            let _ = super::converted::unpack_weeks(&self.bytes[start..end as usize], self.skip, self.total, row);
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

/// DREAM's rows per reading call: the batch a reader hands on when it has this many.
pub const BATCH: usize = 16_384;

/// A reader of DREAM's rows, run after the rest of the extract is read (see
/// `load::Pending`): it fills the rows of a [`DreamIn`] whose header is set, calling `sink`
/// whenever it holds [`BATCH`] rows and once at the end; `sink` takes the rows, with what
/// [`Want`] says. Returns the data rows seen, including those left out for a problem.
pub type DreamRowsFn = Box<dyn FnOnce(&mut DreamIn, Want, &mut Problems, &mut dyn FnMut(&mut DreamIn)) -> usize + Send>;

/// What the sink of DREAM's rows takes from each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Every row's codes and degrees, in `codes` and `grads`.
    Rows,
    /// The rows' ids and places, to check and link them (`check`): packed weeks and months
    /// are read and checked as packed, and handed on so, not made into matrices no one reads.
    Links,
}

/// DREAM's rows still to be read.
pub struct DreamRows(pub DreamRowsFn);

/// The memory DREAM's batches read ahead may take while they wait (at least one batch waits):
/// three batches of 4 years, one of 10. Waiting for more made no difference that showed
/// through the noise at Odense's size, and each costs its memory's first touch.
const AHEAD_BYTES: usize = 32 << 20;

impl DreamRows {
    /// The same rows, read from now on, on a thread of their own, while the rest of the
    /// extract is read and assembled on this one: a DREAM file holds no link to the rest until
    /// its rows are linked to their persons, which is then all that is left to do. Batches of
    /// at most [`AHEAD_BYTES`] wait; their memory goes back to the reader once used. Problems come
    /// when the rows have all been handed on, as they would have. `header` is the DREAM
    /// header the rows are read for.
    pub fn ahead(self, header: &DreamIn, (weeks_packed, months_packed): (bool, bool)) -> DreamRows {
        let mut d =
            DreamIn { pnrs: Vec::new(), rows: Vec::new(), codes: Vec::new(), grads: Vec::new(), ..header.clone() };
        // A row's weeks packed take some runs of 4 bytes (most rows have a handful; 16 taken)
        // and its months a bit each.
        let weeks = if weeks_packed { 64 } else { d.n_weeks * 2 };
        let months = if months_packed { d.decoded_months.len().div_ceil(8) } else { d.decoded_months.len() * 4 };
        let row_bytes = weeks + months + std::mem::size_of::<(Pnr, usize)>() + 16;
        let ahead = (AHEAD_BYTES / (BATCH * row_bytes)).max(1);
        let (full, batches) = std::sync::mpsc::sync_channel::<DreamIn>(ahead);
        let (used, empties) = std::sync::mpsc::channel::<DreamIn>();
        let reader = self.0;
        let thread = std::thread::Builder::new().name("dream".into()).spawn(move || {
            let mut problems = Problems::default();
            let seen = reader(&mut d, Want::Rows, &mut problems, &mut |b: &mut DreamIn| {
                let mut batch = empties.try_recv().unwrap_or_default();
                swap_rows(&mut batch, b);
                // Nobody left to take them (the reading was given up): thrown away.
                let _ = full.send(batch);
            });
            (seen, problems)
        });
        let thread = match thread {
            Ok(t) => t,
            Err(e) => panic!("no thread could be started to read DREAM: {e}"),
        };
        DreamRows(Box::new(move |d, want, problems, sink| {
            let finish = |problems: &mut Problems| {
                let (seen, found) = thread.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                problems.extend(found);
                seen
            };
            if want == Want::Links {
                for mut batch in batches {
                    swap_rows(d, &mut batch);
                    sink(d);
                    swap_rows(d, &mut batch);
                    let _ = used.send(batch);
                }
                return finish(problems);
            }
            // Each batch is made ready (its packed rows made into matrices) on a thread of its
            // own while the one before is handed on: the reader is done by then and a core
            // free. Two pairs of matrices take turns, their memory used again.
            let mut spare = Matrices::default();
            let mut receiver = Some(batches);
            let mut current =
                receiver.as_ref().and_then(|r| r.recv().ok()).map(|b| Ready::make(b, Matrices::default()));
            while let Some((mut ready, mut own)) = current.take() {
                let (Some(r), next_spare) = (receiver.take(), std::mem::take(&mut spare)) else { break };
                let (back, next) = std::thread::scope(|scope| {
                    let following = scope.spawn(move || {
                        let next = r.recv().ok().map(|b| Ready::make(b, next_spare));
                        (r, next)
                    });
                    swap_rows(d, &mut ready.batch);
                    sink(d);
                    swap_rows(d, &mut ready.batch);
                    following.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
                });
                ready.give_back(&mut own);
                spare = own;
                let _ = used.send(ready.batch);
                (receiver, current) = (Some(back), next);
            }
            finish(problems)
        }))
    }
}

/// A week matrix and a degree matrix.
type Matrices = (Vec<u16>, Vec<f32>);

/// A batch of DREAM rows whose packed rows (if any) have been made into matrices in memory not
/// the reader's (see [`DreamRows::ahead`]).
struct Ready {
    batch: DreamIn,
    weeks: bool,
    months: bool,
}

impl Ready {
    /// The batch with its packed weeks and months made into matrices in `memory`; returned
    /// beside it, the batch's own (empty) matrices, to exchange back by [`Ready::give_back`].
    fn make(mut batch: DreamIn, mut memory: Matrices) -> (Ready, Matrices) {
        let (weeks, months) = (!batch.runs.is_empty(), !batch.month_bits.is_empty());
        if weeks {
            batch.runs.unpack(&mut memory.0);
            std::mem::swap(&mut batch.codes, &mut memory.0);
            batch.runs.clear();
        }
        if months {
            batch.month_bits.expand(&mut memory.1);
            std::mem::swap(&mut batch.grads, &mut memory.1);
            batch.month_bits.clear();
        }
        (Ready { batch, weeks, months }, memory)
    }

    /// The batch's own matrices back in it (for the reader), and the memory its matrices
    /// were made in back in `own`.
    fn give_back(&mut self, own: &mut Matrices) {
        if self.weeks {
            std::mem::swap(&mut self.batch.codes, &mut own.0);
        }
        if self.months {
            std::mem::swap(&mut self.batch.grads, &mut own.1);
        }
    }
}

/// Exchanges the rows of `a` and `b` (not their headers); `a` gets `b`'s rows, `b` `a`'s
/// emptied.
fn swap_rows(a: &mut DreamIn, b: &mut DreamIn) {
    std::mem::swap(&mut a.pnrs, &mut b.pnrs);
    std::mem::swap(&mut a.rows, &mut b.rows);
    std::mem::swap(&mut a.codes, &mut b.codes);
    std::mem::swap(&mut a.grads, &mut b.grads);
    std::mem::swap(&mut a.runs, &mut b.runs);
    std::mem::swap(&mut a.month_bits, &mut b.month_bits);
    b.clear_rows();
}

impl std::fmt::Debug for DreamRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DreamRows")
    }
}

impl DreamIn {
    /// Hands the rows held on to `sink` when there are [`BATCH`] of them (`all`: any).
    pub fn flush(&mut self, sink: &mut dyn FnMut(&mut DreamIn), all: bool) {
        if self.pnrs.len() >= BATCH || (all && !self.pnrs.is_empty()) {
            sink(self);
            self.clear_rows();
        }
    }

    /// Empties the rows (their memory kept), not the header.
    fn clear_rows(&mut self) {
        self.pnrs.clear();
        self.rows.clear();
        self.codes.clear();
        self.grads.clear();
        self.runs.clear();
        self.month_bits.clear();
    }

    /// One row: person id, row (or line) and the row's codes and degrees.
    pub fn push(&mut self, pnr: &str, row: usize, codes: &[u16], grads: &[f32]) {
        self.pnrs.push(Pnr::new(pnr));
        self.rows.push(row);
        self.codes.extend_from_slice(codes);
        self.grads.extend_from_slice(grads);
    }
}

/// Education spells: person id, fra, til and the row read from.
#[derive(Debug, Clone, Default)]
pub struct EducationIn {
    pub place: Place,
    pub spells: Vec<(Pnr, NaiveDate, Option<NaiveDate>, usize)>,
    pub rows_seen: usize,
}

/// An input file as read, for `check` and the appendix.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub input: Input,
    pub name: String,
    pub format: Format,
    pub sha256: String,
    pub encoding: String,
    /// CSV only; 0 for other formats.
    pub separator: u8,
    pub rows: usize,
    /// Columns decoded, and the file's width.
    pub decoded: usize,
    pub width: usize,
}

/// Everything read from an extract directory, before the checks across rows and files.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// "effektmaal", "DST", "DST (with effektmaal.toml)".
    pub layout: String,
    pub population: Option<PopulationIn>,
    pub dream: Option<DreamIn>,
    pub education: Option<EducationIn>,
    /// `beskaeftigelse.csv` and `ydelseskoder.csv` as effektmaal-layout CSV text (rewritten from
    /// other formats: both are small), with where their rows came from.
    pub texts: BTreeMap<&'static str, CsvText>,
    pub origins: BTreeMap<&'static str, super::normalize::Provenance>,
    pub read: Vec<FileRead>,
    /// Warnings for the user: columns ignored, unknown country codes.
    pub notes: Vec<String>,
    /// Set when the files are those `convert` wrote and checked (see `converted`): what the
    /// stamp says, for `check`.
    pub stamp: Option<String>,
    /// The benefit codes seen, as the stamp of a converted extract gives them (over all
    /// weeks, whatever the window): then they are not counted again.
    pub code_counts: Option<BTreeMap<u16, u64>>,
    /// Likewise how full each of DREAM's columns is (over all of them).
    pub fills: Option<super::rows::Fills>,
}

impl Inputs {
    /// Puts a problem found in one of the rewritten `texts` back at the file, row and column it
    /// was read from.
    pub fn place(&self, p: Problem) -> Problem {
        match self.origins.get(p.file.as_str()) {
            Some(origin) => origin.place(p),
            None => p,
        }
    }
}

/// The weeks and months wanted from DREAM: week indices (see `IsoWeek::index`) and month
/// indices (see `Month::index`), inclusive; `None` reads all. The header is always read whole,
/// so coverage sees every week column whichever are decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub weeks: Option<(i32, i32)>,
    pub months: Option<(i32, i32)>,
}

impl Window {
    /// The weeks and employment months that the months `from..=to` need (`None`: open on that
    /// side): each month's ISO weeks (those whose Thursday falls in it).
    pub fn months(from: Option<Month>, to: Option<Month>) -> Window {
        let lo = from.and_then(|m| m.weeks().first().map(|w| w.index())).unwrap_or(i32::MIN);
        let hi = to.and_then(|m| m.weeks().last().map(|w| w.index())).unwrap_or(i32::MAX);
        Window {
            weeks: Some((lo, hi)),
            months: Some((from.map_or(i32::MIN, |m| m.index()), to.map_or(i32::MAX, |m| m.index()))),
        }
    }

    pub fn has_week(&self, week: i32) -> bool {
        self.weeks.is_none_or(|(lo, hi)| (lo..=hi).contains(&week))
    }

    pub fn has_month(&self, month: Month) -> bool {
        self.months.is_none_or(|(lo, hi)| (lo..=hi).contains(&month.index()))
    }
}

impl DreamIn {
    /// Takes the header's week columns `(column, week index)` and month columns `(column,
    /// month)`, and chooses those to decode in `window`. Returns the decoded columns with their
    /// offset in a row of `codes` and of `grads`.
    #[allow(clippy::type_complexity)]
    pub fn set_header(
        &mut self,
        weeks: &[(usize, i32)],
        months: &[(usize, Month)],
        window: Window,
    ) -> (Vec<(usize, usize)>, Vec<(usize, usize)>) {
        self.weeks = weeks.iter().map(|w| w.1).collect();
        self.weeks.sort_unstable();
        self.months = months.iter().map(|m| m.1).collect();
        self.months.sort_unstable();
        let decoded: Vec<(usize, i32)> = weeks.iter().copied().filter(|w| window.has_week(w.1)).collect();
        let lo = decoded.iter().map(|w| w.1).min().unwrap_or(0);
        let hi = decoded.iter().map(|w| w.1).max();
        self.first_week = lo;
        self.n_weeks = hi.map_or(0, |hi| (hi - lo + 1) as usize);
        let mut dm: Vec<Month> = months.iter().map(|m| m.1).filter(|m| window.has_month(*m)).collect();
        dm.sort_unstable();
        dm.dedup();
        let week_cols = decoded.iter().map(|&(c, w)| (c, (w - lo) as usize)).collect();
        let month_cols = months
            .iter()
            .filter(|m| window.has_month(m.1))
            .map(|&(c, m)| (c, dm.binary_search(&m).unwrap_or(0)))
            .collect();
        self.decoded_months = dm;
        (week_cols, month_cols)
    }
}

/// A fast hash for person ids (FxHash's mixing): the maps of `assemble` hash every id of every
/// file several times, and SipHash's protection against chosen keys buys nothing for files the
/// user gave.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by person id.
pub type IdMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// The persons' ids, each held once: person `p`'s id is `ids[p]`, found by its text through a
/// table of person numbers. [`PnrIndex::find_near`] first tries the person found last and the
/// few after it, so rows that come in the persons' order (a converted extract's do; deliveries
/// sorted by pnr mostly do) are linked by a comparison or two, without hashing. The table is
/// built when first needed: persons added without looking first (a converted extract's, known
/// to be new) and always found near cost no hashing at all.
#[derive(Default)]
pub struct PnrIndex {
    ids: Vec<Pnr>,
    table: std::cell::OnceCell<hashbrown::HashTable<u32>>,
}

/// An id's hash, as `Hash for str` makes it with [`IdHasher`]: the bytes, then `0xff`. The
/// last round matters: without it the low bits of the hash, which choose the table's slot,
/// depend on the low bits of the last word only, and a national population's ids crowded
/// into a few runs of slots (`check` of 1 M persons took 0,7 s longer).
fn id_hash(id: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = IdHasher::default();
    h.write(id);
    h.write_u8(0xff);
    h.finish()
}

/// How many persons after the one found last [`PnrIndex::find_near`] tries before hashing:
/// rows in the persons' order skip a person without a row now and then; rows in another
/// order lose these few comparisons on every row.
pub const NEAR: u32 = 2;

impl PnrIndex {
    pub fn with_capacity(n: usize) -> PnrIndex {
        PnrIndex { ids: Vec::with_capacity(n), table: std::cell::OnceCell::new() }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn table(&self) -> &hashbrown::HashTable<u32> {
        self.table.get_or_init(|| {
            let mut t = hashbrown::HashTable::with_capacity(self.ids.capacity());
            for (p, id) in self.ids.iter().enumerate() {
                t.insert_unique(id_hash(id.as_bytes()), p as u32, |&q| id_hash(self.ids[q as usize].as_bytes()));
            }
            t
        })
    }

    /// The person with this id.
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        self.table().find(id_hash(id), |&p| self.ids[p as usize].as_bytes() == id).copied()
    }

    /// The person with this id, trying person `last` and the [`NEAR`] after it first.
    pub fn find_near(&self, id: &[u8], last: u32) -> Option<u32> {
        self.find_within(id, last, NEAR)
    }

    /// The person with this id, trying person `last` and the `reach` after it first: rows
    /// known to come in the persons' order but not for every person (education spells) look
    /// further ahead before hashing.
    pub fn find_within(&self, id: &[u8], last: u32, reach: u32) -> Option<u32> {
        let near = (0..=reach).map(|k| last.wrapping_add(k)).find(|&p| self.is(p, id));
        near.or_else(|| self.find(id))
    }

    /// Whether person `p` has this id.
    pub fn is(&self, p: u32, id: &[u8]) -> bool {
        self.ids.get(p as usize).is_some_and(|q| q.as_bytes() == id)
    }

    /// Adds a person whose id is not yet in the index (as [`PnrIndex::find`] said, or as the
    /// caller knows); returns its number.
    pub fn push(&mut self, id: Pnr) -> u32 {
        let p = self.ids.len() as u32;
        if let Some(t) = self.table.get_mut() {
            let ids = &self.ids;
            t.insert_unique(id_hash(id.as_bytes()), p, |&q| id_hash(ids[q as usize].as_bytes()));
        }
        self.ids.push(id);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::{Areas, Pnr, PnrIndex};

    #[test]
    fn areas_are_numbered_once_each_in_the_order_first_named() {
        let mut areas = Areas::default();
        let named: Vec<u32> = ["Vollsmose", "Vollsmose", "", "Bolbro", "Vollsmose", "Bolbro", "bolbro", "Tarup"]
            .map(|n| areas.id(n))
            .into();
        assert_eq!(named, [1, 1, 0, 2, 1, 2, 3, 4]);
        let names: Vec<&str> = areas.names().iter().map(|n| &**n).collect();
        assert_eq!(names, ["", "Vollsmose", "Bolbro", "bolbro", "Tarup"]);
        assert_eq!((areas.name(2), areas.name(0), areas.name(99)), ("Bolbro", "", ""));
    }

    #[test]
    fn persons_are_found_near_or_by_the_table_whenever_it_is_built() {
        let ids: Vec<String> = (0..50).map(|i| format!("P{i:03}")).collect();
        // Added without looking (the table not built), then looked up in and out of order,
        // then added after the table exists.
        let mut index = PnrIndex::default();
        for id in &ids[..40] {
            index.push(Pnr::new(id));
        }
        assert!(index.table.get().is_none(), "no lookup yet, no table");
        assert_eq!(index.find_near(b"P001", 0), Some(1));
        assert_eq!(index.find_near(b"P002", 0), Some(2));
        assert!(index.table.get().is_none(), "found near: still no table");
        assert_eq!(index.find_near(b"P039", 0), Some(39));
        assert!(index.table.get().is_some(), "found by the table");
        assert_eq!(index.find_near(b"P010", u32::MAX), Some(10));
        assert_eq!(index.find_near(b"P040", 38), None);
        assert_eq!(index.find(b"P0"), None);
        for id in &ids[40..] {
            assert_eq!(index.find(id.as_bytes()), None);
            index.push(Pnr::new(id));
        }
        for (p, id) in ids.iter().enumerate().rev() {
            assert_eq!(index.find(id.as_bytes()), Some(p as u32), "{id}");
            assert_eq!(index.find_near(id.as_bytes(), 7), Some(p as u32), "{id}");
            assert!(index.is(p as u32, id.as_bytes()));
        }
        assert_eq!(index.len(), 50);
        // A long id (held on the heap) is found as a short one is.
        let long = "x".repeat(40);
        let p = index.push(Pnr::new(&long));
        assert_eq!(index.find(long.as_bytes()), Some(p));
    }
}
