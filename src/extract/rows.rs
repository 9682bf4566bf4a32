//! DREAM's rows, read after the rest of the extract and handed on a batch at a time: each row
//! checked against the others (one row per person), linked to its person in the population,
//! its benefit codes counted, its employment degrees turned into months employed. A command
//! that only counts ([`crate::kpi::counts`]) classifies each batch as it comes, so memory holds
//! the population and one batch, not every person's weeks; [`Pending::load_into`] keeps all
//! rows instead, for the commands and tests that want them in the [`Extract`].

use super::ahead::{DreamRows, Want};
use super::layout::{Field, Input};
use super::model::{Extract, Fills};
use super::pnr::{IdMap, Pnr, PnrIndex};
use super::typed::{BATCH, DreamIn, Place};
use crate::error::{Error, Problems};
use crate::method::calendar::Month;
use std::collections::BTreeMap;

/// DREAM's rows still to be read, with what linking them needs and the problems found so far.
pub struct Pending {
    pub(super) rows: Option<DreamRows>,
    /// The header (and, when read already, the rows).
    pub(super) dream: Option<DreamIn>,
    /// Person id → person.
    pub(super) ids: PnrIndex,
    /// How far past the person of the row before a row's person is looked for before hashing
    /// (see [`PnrIndex::find_within`]).
    pub(super) reach: u32,
    pub(super) n_persons: usize,
    /// The benefit codes seen, from the stamp of a converted extract: then not counted again.
    pub(super) stamped: Option<BTreeMap<u16, u64>>,
    /// Likewise how full each column is (`None` from a stamp written before it said so).
    pub(super) stamped_fills: Option<Fills>,
    pub(super) problems: Problems,
}

/// A batch of DREAM rows, checked and linked to the population.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// Per row: its person; `u32::MAX` for a row whose person is not in the population, or a
    /// second row of a person (an error).
    pub persons: &'a [u32],
    /// `codes[r * n_weeks + (week - first_week)]`, 0 = no benefit.
    pub codes: &'a [u16],
    pub first_week: i32,
    pub n_weeks: usize,
    /// `employed[r * n_months + (month - first_month)]`: an employment degree above 0 in DREAM.
    pub employed: &'a [bool],
    pub first_month: i32,
    pub n_months: usize,
}

impl<'a> Rows<'a> {
    /// Persons without a DREAM row: no codes, no degrees.
    pub fn without_dream(persons: &'a [u32], first_week: i32) -> Rows<'a> {
        Rows { persons, codes: &[], first_week, n_weeks: 0, employed: &[], first_month: 0, n_months: 0 }
    }

    pub fn len(&self) -> usize {
        self.persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }

    /// Row `r`'s codes, from `first_week` on.
    pub fn codes_of(&self, r: usize) -> &'a [u16] {
        &self.codes[r * self.n_weeks..(r + 1) * self.n_weeks]
    }

    /// Whether row `r` has an employment degree above 0 in `month`.
    pub fn employed(&self, r: usize, month: Month) -> bool {
        let m = month.index() - self.first_month;
        m >= 0 && (m as usize) < self.n_months && self.employed[r * self.n_months + m as usize]
    }
}

/// What reading DREAM's rows found, for the extract's figures on its data.
#[derive(Debug, Default)]
pub struct DreamDone {
    rows_seen: usize,
    not_in_population: usize,
    persons_without: usize,
    code_counts: BTreeMap<u16, u64>,
    fills: Option<Fills>,
}

impl DreamDone {
    pub fn apply(self, ex: &mut Extract) {
        ex.stats.dream_rows = self.rows_seen;
        ex.stats.dream_not_in_population = self.not_in_population;
        ex.stats.persons_without_dream = self.persons_without;
        ex.code_counts = self.code_counts;
        ex.dream.fills = self.fills;
        for s in ex.sources.iter_mut().filter(|s| s.kind == Input::Dream.id()) {
            s.rows = self.rows_seen;
        }
    }
}

/// Links DREAM's rows to their persons, one row per person: a second row of a person (or of an
/// id outside the population) is refused with the row of the first.
struct Linker<'a> {
    ids: &'a PnrIndex,
    reach: u32,
    /// Per person: the row (or line) of its DREAM row, 0 for none yet.
    first_row: Vec<u32>,
    /// Ids outside the population likewise, by id.
    others: IdMap<Box<str>, usize>,
    /// The person of the row before: rows in the persons' order are linked without hashing.
    last: u32,
}

impl Linker<'_> {
    /// The person of the row `row` with this id (`None`: not in the population), or `Err` with
    /// the row before that had it.
    #[inline]
    fn link(&mut self, pnr: &Pnr, row: usize) -> Result<Option<u32>, usize> {
        let id = self.ids.find_within(pnr.as_bytes(), self.last, self.reach);
        self.last = id.unwrap_or(self.last);
        let earlier = match id {
            Some(id) => match self.first_row[id as usize] {
                0 => {
                    self.first_row[id as usize] = row as u32;
                    None
                }
                r => Some(r as usize),
            },
            None => match self.others.get(pnr.as_str()) {
                Some(&r) => Some(r),
                None => {
                    self.others.insert(pnr.as_str().into(), row);
                    None
                }
            },
        };
        match earlier {
            Some(r) => Err(r),
            None => Ok(id),
        }
    }
}

/// Where the decoded months of DREAM's degrees go in a row of months employed.
struct MonthSlots {
    first_month: i32,
    n_months: usize,
    /// Per decoded month: its place in the row.
    month_at: Vec<usize>,
    /// The months decoded without a gap: month k of a row's degrees is month k employed.
    in_order: bool,
}

impl MonthSlots {
    fn of(d: &DreamIn) -> MonthSlots {
        let first_month = d.decoded_months.first().map_or(0, |m| m.index());
        let n_months = d.decoded_months.last().map_or(0, |m| (m.index() - first_month + 1) as usize);
        let month_at: Vec<usize> = d.decoded_months.iter().map(|m| (m.index() - first_month) as usize).collect();
        let in_order = month_at.iter().enumerate().all(|(k, &at)| at == k);
        MonthSlots { first_month, n_months, month_at, in_order }
    }

    /// Marks a row's months employed from its degrees. Set whatever the degree (no branch to
    /// mispredict on a coin toss of a month employed): each month has its own place.
    #[inline]
    fn mark(&self, row: &mut [bool], grads: &[f32]) {
        if self.in_order {
            for (e, &g) in row[..grads.len()].iter_mut().zip(grads) {
                *e = g > 0.0;
            }
        } else {
            for (&at, &g) in self.month_at.iter().zip(grads) {
                row[at] = g > 0.0;
            }
        }
    }
}

/// DREAM's rows being linked, checked and counted a batch at a time ([`Pending::read_for`]).
struct Linking<'a> {
    linker: Linker<'a>,
    slots: MonthSlots,
    place: Place,
    rows_wanted: bool,
    /// Whether the benefit codes and the columns' fills are counted (not given by a stamp).
    count: bool,
    /// Per benefit code: the weeks with it.
    counts: Vec<u64>,
    fills: Option<Fills>,
    not_in_population: usize,
    found: Problems,
    /// The batch's rows: each row's person, and its months employed when the rows are wanted.
    persons: Vec<u32>,
    employed: Vec<bool>,
}

impl Linking<'_> {
    /// Links, checks and counts one batch: its rows when they are wanted.
    fn batch<'b>(&'b mut self, b: &'b DreamIn) -> Option<Rows<'b>> {
        let (nw, nm, n_months) = (b.n_weeks, b.decoded_months.len(), self.slots.n_months);
        self.persons.clear();
        self.employed.clear();
        if self.rows_wanted {
            self.employed.resize(b.pnrs.len() * n_months, false);
        }
        for (i, pnr) in b.pnrs.iter().enumerate() {
            let row = b.rows[i];
            let id = match self.linker.link(pnr, row) {
                Ok(id) => id,
                Err(earlier) => {
                    self.found.push(self.place.cell(
                        row,
                        Field::Pnr,
                        format!(
                            "this person already has a row on {} {earlier}: expected one row per person in DREAM",
                            self.place.word()
                        ),
                    ));
                    self.persons.push(u32::MAX);
                    continue;
                }
            };
            if self.count {
                // Most weeks have no benefit (0, never reported): skipped rather than counted.
                for &c in b.codes[i * nw..(i + 1) * nw].iter().filter(|c| **c != 0) {
                    self.counts[c as usize] += 1;
                }
                if let Some(f) = self.fills.as_mut() {
                    f.add_row(b, i);
                }
            }
            match id {
                Some(id) if !self.rows_wanted => self.persons.push(id),
                Some(id) => {
                    self.persons.push(id);
                    self.slots.mark(&mut self.employed[i * n_months..], &b.grads[i * nm..(i + 1) * nm]);
                }
                None => {
                    self.not_in_population += 1;
                    self.persons.push(u32::MAX);
                }
            }
        }
        self.rows_wanted.then_some(Rows {
            persons: &self.persons,
            codes: &b.codes,
            first_week: b.first_week,
            n_weeks: nw,
            employed: &self.employed,
            first_month: self.slots.first_month,
            n_months,
        })
    }
}

impl Pending {
    /// Reads DREAM's rows, handing each batch to `sink` once checked and linked, and then the
    /// persons without a row (as rows without codes). Every problem of the extract, found
    /// before or here, is returned together, once all rows are read; `sink` may have had
    /// batches by then, which the caller throws away.
    pub fn read(self, sink: &mut dyn FnMut(&Rows)) -> Result<DreamDone, Error> {
        self.read_for(Want::Rows, sink)
    }

    /// Reads DREAM's rows as [`Pending::read`] does, to check and link them only: no batch is
    /// handed on, so packed weeks and months stay packed (`check`).
    pub fn check(self) -> Result<DreamDone, Error> {
        self.read_for(Want::Links, &mut |_| {})
    }

    fn read_for(self, want: Want, sink: &mut dyn FnMut(&Rows)) -> Result<DreamDone, Error> {
        let Pending { rows, dream, ids, reach, n_persons, stamped, stamped_fills, mut problems } = self;
        let Some(mut d) = dream else {
            return if problems.is_empty() { Ok(DreamDone::default()) } else { Err(Error::Input(problems)) };
        };
        let first_week = d.first_week;
        // Counted unless the stamp gives the counts; packed rows, which stay packed when only
        // linked, come only with a stamp.
        let count = stamped.is_none();
        let mut linking = Linking {
            linker: Linker {
                ids: &ids,
                reach,
                first_row: vec![0; n_persons],
                others: IdMap::default(),
                last: u32::MAX,
            },
            slots: MonthSlots::of(&d),
            place: d.place.clone(),
            rows_wanted: want == Want::Rows,
            count,
            counts: vec![0u64; 1 << 16],
            fills: if count { Some(Fills::new(&d)) } else { stamped_fills },
            not_in_population: 0,
            found: Problems::default(),
            persons: Vec::with_capacity(BATCH),
            employed: Vec::new(),
        };
        let mut batch = |b: &mut DreamIn| {
            if let Some(rows) = linking.batch(b) {
                sink(&rows);
            }
        };
        let rows_seen = match rows {
            Some(r) => r.read(&mut d, want, &mut problems, &mut batch),
            None => {
                batch(&mut d);
                d.rows_seen
            }
        };
        let Linking { linker, counts, fills, not_in_population, found, .. } = linking;
        let first_row = linker.first_row;
        let without: Vec<u32> = (0..n_persons as u32).filter(|&p| first_row[p as usize] == 0).collect();
        for chunk in without.chunks(BATCH) {
            sink(&Rows::without_dream(chunk, first_week));
        }
        problems.extend(found);
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let code_counts = match stamped {
            Some(s) => s,
            None => counts.iter().enumerate().skip(1).filter(|c| *c.1 > 0).map(|(c, &n)| (c as u16, n)).collect(),
        };
        Ok(DreamDone { rows_seen, not_in_population, persons_without: without.len(), code_counts, fills })
    }

    /// The error of an extract with problems: DREAM's rows are read to report theirs too.
    pub fn fail(self) -> Error {
        self.check().expect_err("called with problems")
    }

    /// Reads every row into the extract (`ex.dream`, `ex.employed`).
    pub fn load_into(self, ex: &mut Extract) -> Result<(), Error> {
        let (mut codes, mut person_of_row, mut employed) = (Vec::new(), Vec::new(), Vec::new());
        let (mut first_month, mut n_months) = (0, 0);
        let done = self.read(&mut |r: &Rows| {
            if r.n_weeks == 0 && r.n_months == 0 {
                return;
            }
            person_of_row.extend_from_slice(r.persons);
            codes.extend_from_slice(r.codes);
            employed.extend_from_slice(r.employed);
            (first_month, n_months) = (r.first_month, r.n_months);
        })?;
        let n_weeks = ex.dream.codes_n_weeks;
        for (i, &p) in person_of_row.iter().enumerate() {
            if p == u32::MAX {
                continue;
            }
            for m in 0..n_months {
                if employed[i * n_months + m] {
                    ex.set_employed(p, Month::from_index(first_month + m as i32));
                }
            }
        }
        debug_assert_eq!(codes.len(), person_of_row.len() * n_weeks);
        ex.dream.codes = codes;
        ex.dream.person_of_row = person_of_row;
        done.apply(ex);
        Ok(())
    }
}

/// Counting a batch's rows into the [`Fills`] of the columns read.
impl Fills {
    pub(super) fn new(d: &DreamIn) -> Fills {
        Fills {
            first_week: d.first_week,
            weeks: vec![0; d.n_weeks],
            months: d.decoded_months.iter().map(|m| (m.index(), 0)).collect(),
        }
    }

    /// Adds row `i` of a batch whose weeks and months are unpacked.
    pub(super) fn add_row(&mut self, b: &DreamIn, i: usize) {
        let (nw, nm) = (b.n_weeks, b.decoded_months.len());
        for (f, &c) in self.weeks.iter_mut().zip(&b.codes[i * nw..(i + 1) * nw]) {
            *f += u32::from(c != 0);
        }
        for (f, &g) in self.months.iter_mut().zip(&b.grads[i * nm..(i + 1) * nm]) {
            f.1 += u32::from(g > 0.0);
        }
    }
}
