//! Assembling an extract from its typed rows: the checks that need several rows or files
//! (spells against the birth date and each other, one person per pnr, the age limit within
//! DREAM's weeks), persons interned to dense numbers in the order first seen, and the
//! [`Extract`] built, stage by stage. Every cell was checked by its reader (`read`) unless a
//! converted extract's stamp vouches for it; all problems are collected and returned together,
//! so a user fixes a file in one pass. DREAM's rows come after ([`Pending`]).

use super::ahead::DreamRows;
use super::layout::{BESKAEFTIGELSE, Field, Input, YDELSESKODER, effektmaal_columns};
use super::model::{Dream, Extract, Lists, Person, Source, Spell, Stats};
use super::pnr::{NEAR, PnrIndex};
use super::read::cells::{pnr, pnr_ok};
use super::read::read_deferred;
use super::rows::Pending;
use super::table;
use super::typed::{EducationIn, FileRead, Inputs, PopulationIn, Window};
use crate::error::{Error, Problems};
use crate::extract::csv::CsvText;
use crate::extract::fields;
use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::codemap::CodeMap;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// The oldest age a person may have at the start of a residence spell.
pub const MAX_AGE: i32 = 130;

/// The local areas are published (breakdowns, tables, alt texts): one that holds a CPR number or
/// is a person id of the population (a column of ids read as the area) is a problem at the
/// first spell that names it, never showing the name. Each name is held once (`Areas`), so
/// this looks at a handful of names, not at every spell.
fn area_problems(pop: &PopulationIn, ids: &PnrIndex, problems: &mut Problems) {
    let bad: Vec<(u32, &str)> = pop
        .areas
        .names()
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, name)| {
            let why = if crate::cpr::contains_cpr(name) {
                "the local area holds what looks like a CPR number; it is not shown here"
            } else if ids.find(name.as_bytes()).is_some() {
                "the local area is a person id of the extract; it is not shown here"
            } else {
                return None;
            };
            Some((i as u32, why))
        })
        .collect();
    if bad.is_empty() {
        return;
    }
    // The first spell of each area, by the area's number.
    let mut first = vec![u32::MAX; pop.areas.names().len()];
    for s in &pop.spells {
        if let Some(f) = first.get_mut(s.omraade as usize) {
            *f = (*f).min(s.row);
        }
    }
    let mut found: Vec<(u32, &str)> =
        bad.iter().map(|&(i, why)| (first[i as usize], why)).filter(|(row, _)| *row != u32::MAX).collect();
    found.sort_unstable();
    for (row, why) in found {
        problems.push(pop.spell_place.cell(
            row as usize,
            Field::Omraade,
            format!("{why}: expected the name of a local area (such as Vollsmose), which the report publishes"),
        ));
    }
}

/// Loads and validates an extract directory.
pub fn load(dir: &Path) -> Result<Extract, Error> {
    load_window(dir, Window::default())
}

/// Loads and validates an extract directory, decoding DREAM's weeks and months only inside
/// `window` (the header is read whole, so coverage still sees every week). Cells outside the
/// window are not read, so not checked either: `check` reads everything.
pub fn load_window(dir: &Path, window: Window) -> Result<Extract, Error> {
    let (mut ex, pending) = open(dir, window)?;
    pending.load_into(&mut ex)?;
    Ok(ex)
}

/// Reads and checks an extract directory up to DREAM's rows: the extract without them, and
/// the rows to read (a batch at a time: [`Pending::read`]). When the rest has problems, DREAM's
/// rows are read only to report theirs with them.
pub fn open(dir: &Path, window: Window) -> Result<(Extract, Pending), Error> {
    let (inputs, rows, problems) = read_deferred(dir, window)?;
    match open_inputs(dir, inputs, rows, problems) {
        (Some(ex), pending) => Ok((ex, pending)),
        (None, pending) => Err(pending.fail()),
    }
}

/// The checks that need several rows or files, and the [`Extract`] built from typed rows, with
/// DREAM's rows held in it (all of them: for `convert` and the tests).
pub fn assemble(dir: &Path, inputs: Inputs, problems: Problems) -> Result<Extract, Error> {
    match open_inputs(dir, inputs, None, problems) {
        (Some(mut ex), pending) => {
            pending.load_into(&mut ex)?;
            Ok(ex)
        }
        (None, pending) => Err(pending.fail()),
    }
}

/// [`assemble`] up to DREAM's rows: the extract without them, and the rows still to read, with
/// the problems found so far. No extract when there are problems.
fn open_inputs(
    dir: &Path,
    mut inputs: Inputs,
    dream_rows: Option<DreamRows>,
    mut problems: Problems,
) -> (Option<Extract>, Pending) {
    // Problems in the small text files, placed at the end.
    let mut text_problems = Problems::default();
    let codemap = code_map(&inputs.texts, &mut text_problems);
    let mut stats = Stats::default();
    let residents = residents(inputs.population.as_mut(), &mut stats, &mut problems);
    let n_persons = residents.persons.len();
    let employment =
        employment(&inputs.texts, &residents.ids, inputs.dream.as_ref(), n_persons, &mut text_problems, &mut stats);
    let (dream, dream_period) = dream_header(inputs.dream.as_ref(), &mut stats);
    if let (Some(last), Some(pop)) = (stats.last_week, &inputs.population) {
        age_within_dream(pop, &residents, last, &mut problems);
    }
    // A converted extract's DREAM rows and education spells come in the persons' order (as its
    // population says), some or most persons without one: looked for further ahead before
    // hashing, which would build the table of every person for the odd run of persons without.
    let reach = if inputs.population.as_ref().is_some_and(|p| p.persons_together) { 64 } else { NEAR };
    let (education, education_period) =
        education(inputs.education.as_ref(), &residents.ids, n_persons, reach, &mut stats, &mut problems);
    // The small files' problems at their own cells (see `Provenance`).
    problems.extend(text_problems.map(|p| match inputs.origins.get(p.file.as_str()) {
        Some(origin) => origin.place(p),
        None => p,
    }));
    let codes_in_map = inputs.texts.get(YDELSESKODER).map(|_| codemap.iter().count());
    let periods = Periods { population: residents.period, dream: dream_period, education: education_period };
    let sources = sources(&inputs.read, codes_in_map, employment.file_rows, &periods);
    inputs.notes.dedup();
    let Residents { ids, persons, spells, .. } = residents;
    let pending = Pending {
        rows: dream_rows,
        dream: inputs.dream,
        ids,
        reach,
        n_persons,
        stamped: inputs.code_counts,
        stamped_fills: inputs.fills,
        problems,
    };
    if !pending.problems.is_empty() {
        return (None, pending);
    }
    let areas = inputs
        .population
        .map_or_else(|| vec![String::new()], |pop| pop.areas.names().iter().map(|n| n.to_string()).collect());
    let ex = Extract {
        dir: dir.to_path_buf(),
        layout: inputs.layout,
        sources,
        persons,
        spells,
        areas,
        dream,
        education,
        first_month: employment.first_month,
        n_months: employment.n_months,
        employed: employment.employed,
        employment_months: employment.months,
        employment_rows_months: employment.rows_months,
        notes: inputs.notes,
        codemap,
        code_counts: BTreeMap::new(),
        stats,
        stamp: inputs.stamp,
    };
    (Some(ex), pending)
}

/// The code map: the extract's own `ydelseskoder.csv`, else (or when it has problems, which go
/// to `problems`) the embedded one.
fn code_map(texts: &BTreeMap<&'static str, CsvText>, problems: &mut Problems) -> CodeMap {
    match texts.get(YDELSESKODER) {
        Some(csv) => match CodeMap::parse(csv) {
            Ok(m) => m,
            Err(p) => {
                problems.extend(p);
                CodeMap::embedded()
            }
        },
        None => CodeMap::embedded(),
    }
}

/// The population as assembled: persons interned by pnr in the order first seen, each
/// person's residence spells.
struct Residents {
    ids: PnrIndex,
    persons: Vec<Person>,
    /// Per person: the row of its first spell, for messages.
    person_row: Vec<usize>,
    /// Residence spells per person, by fra and til, ties in the order read.
    spells: Lists<Spell>,
    /// The period the spells cover, in words.
    period: String,
}

/// Residence spells checked (against the birth date, the age limit, each other for one
/// person) and grouped by person, persons interned by pnr; with the figures for `check`.
/// The spells as read are dropped once used (their files' places are kept): at national size
/// they are the largest thing held.
fn residents(population: Option<&mut PopulationIn>, stats: &mut Stats, problems: &mut Problems) -> Residents {
    let mut ids = PnrIndex::default();
    // The person of the spell before: a person's spells mostly come together.
    let mut last = u32::MAX;
    let mut persons: Vec<Person> = Vec::new();
    let mut person_row: Vec<usize> = Vec::new();
    // Every spell, with its person; grouped by person below.
    let mut all_spells: Vec<Spell> = Vec::new();
    let mut span = Span::default();
    if let Some(pop) = population {
        // Most persons have one or two spells; a table sized for every spell would be twice
        // what a national population needs.
        ids = PnrIndex::with_capacity(pop.spells.len() / 2);
        all_spells.reserve_exact(pop.spells.len());
        let sp = &pop.spell_place;
        // Names too long for a report, checked once per area rather than per spell.
        let long_areas: Vec<Option<String>> = pop
            .areas
            .names()
            .iter()
            .map(|n| fields::text_length("the local area's name", n, fields::max_chars::OMRAADE).err())
            .collect();
        for s in &pop.spells {
            let before = problems.total();
            if let Some(Some(why)) = long_areas.get(s.omraade as usize) {
                problems.push(sp.cell(s.row as usize, Field::Omraade, why.clone()));
            }
            let fra = spell_start(pop, s, stats, problems);
            if problems.total() != before {
                continue;
            }
            let found = if pop.persons_together {
                ids.is(last, s.pnr.as_bytes()).then_some(last)
            } else {
                ids.find_near(s.pnr.as_bytes(), last)
            };
            let id = match found {
                Some(id) => {
                    let first = persons[id as usize];
                    if first != s.person {
                        problems.push(another_person(pop, s, first, person_row[id as usize]));
                        continue;
                    }
                    id
                }
                None => {
                    let id = ids.push(s.pnr.clone());
                    persons.push(s.person);
                    person_row.push(s.person_row as usize);
                    id
                }
            };
            let Ok(omraade) = u16::try_from(s.omraade) else {
                problems.push(sp.cell(
                    s.row as usize,
                    Field::Omraade,
                    format!("more than {} local areas are named by now: expected at most {}", u16::MAX, u16::MAX),
                ));
                continue;
            };
            span.add(fra, s.til);
            last = id;
            all_spells.push(Spell { line: s.row as usize, person: id, kommune: s.kommune, omraade, fra, til: s.til });
        }
        area_problems(pop, &ids, problems);
        pop.spells = Vec::new();
    }
    // Each person's spells by fra and til, ties in the order read.
    all_spells.sort_unstable_by_key(|s| (s.person, s.fra, s.til, s.line));
    let spells = Lists::sorted(persons.len(), all_spells, |s| s.person);
    spell_stats(&spells, stats);
    Residents { ids, persons, person_row, spells, period: span.words() }
}

/// The first and last day the residence spells cover, and whether one is open.
#[derive(Default)]
struct Span {
    lo: Option<NaiveDate>,
    hi: Option<NaiveDate>,
    open_ended: bool,
}

impl Span {
    fn add(&mut self, fra: NaiveDate, til: Option<NaiveDate>) {
        self.lo = Some(self.lo.map_or(fra, |l| l.min(fra)));
        match til {
            Some(t) => self.hi = Some(self.hi.map_or(t, |h| h.max(t))),
            None => self.open_ended = true,
        }
    }

    fn words(&self) -> String {
        match self.lo {
            Some(l) => format!(
                "{l} – {}",
                if self.open_ended { "(open)".to_string() } else { self.hi.map(|h| h.to_string()).unwrap_or_default() }
            ),
            None => String::new(),
        }
    }
}

/// A spell's start checked against its end and the person's birth date (problems to
/// `problems`): the start, clipped to the birth date when the extract set it before (counted).
fn spell_start(pop: &PopulationIn, s: &super::typed::SpellIn, stats: &mut Stats, problems: &mut Problems) -> NaiveDate {
    let (sp, pp) = (&pop.spell_place, &pop.person_place);
    if let Some(t) = s.til
        && t < s.fra
    {
        problems.push(sp.cell(
            s.row as usize,
            Field::Til,
            format!("the spell ends ({t}) before it begins (fra {}): expected til on or after fra", s.fra),
        ));
    }
    let born = s.person.foedselsdato;
    let mut fra = s.fra;
    if fra < born {
        if s.til.is_some_and(|t| t < born) {
            // The birth date itself is not shown: with the line it could point to a person.
            let column = pp.column_number(Field::Foedselsdato);
            let at =
                if pp.file == sp.file { format!("column {column}") } else { format!("{}, column {column}", pp.file) };
            problems.push(sp.cell(
                s.row as usize,
                Field::Til,
                format!(
                    "the whole spell lies before the person's birth date ({at}): expected til on or after foedselsdato"
                ),
            ));
        } else {
            // Extracts often set fra to their own start date for everyone resident
            // then: the person has lived here since birth. Clipped and counted.
            fra = born;
            stats.spells_clipped_to_birth += 1;
        }
    } else if age_on(born, fra) > MAX_AGE {
        problems.push(pp.cell(
            s.person_row as usize,
            Field::Foedselsdato,
            format!(
                "the person would be {} years old when the spell begins: expected an age of at most {MAX_AGE}",
                age_on(born, fra)
            ),
        ));
    }
    fra
}

/// A spell whose person data differ from the person's first spell: the column that differs,
/// the values shown only where they say nothing about who the person is (not the birth date).
fn another_person(
    pop: &PopulationIn,
    s: &super::typed::SpellIn,
    first: Person,
    first_row: usize,
) -> crate::error::Problem {
    let pp = &pop.person_place;
    let person = s.person;
    let (field, values) = if first.foedselsdato != person.foedselsdato {
        (Field::Foedselsdato, String::new())
    } else if first.koen != person.koen {
        (Field::Koen, format!(" ({:?} against {:?})", person.koen, first.koen))
    } else if first.herkomst != person.herkomst {
        (Field::Herkomst, format!(" ({} against {})", person.herkomst.id(), first.herkomst.id()))
    } else {
        (Field::Oprindelse, format!(" ({} against {})", person.oprindelse.id(), first.oprindelse.id()))
    };
    let name = field.id();
    pp.cell(
        s.person_row as usize,
        field,
        format!(
            "this spell gives the person another {name} than the spell on {} {first_row}{values}: expected the same {name} in every spell",
            pp.word(),
        ),
    )
}

/// The figures of the spells per person for `check`: spells, overlaps, persons resident in
/// two municipalities at once.
fn spell_stats(spells: &Lists<Spell>, stats: &mut Stats) {
    for list in spells.iter() {
        stats.residence_spells += list.len();
        for w in list.windows(2) {
            if w[0].til.is_none_or(|t| t >= w[1].fra) {
                stats.overlapping_spells += 1;
            }
        }
        let overlap = |a: &Spell, b: &Spell| a.til.is_none_or(|t| t >= b.fra) && b.til.is_none_or(|t| t >= a.fra);
        if list.iter().enumerate().any(|(i, a)| list[i + 1..].iter().any(|b| a.kommune != b.kommune && overlap(a, b))) {
            stats.persons_in_two_municipalities += 1;
        }
    }
}

/// Monthly employment as assembled: from beskaeftigelse.csv's rows here, DREAM's degrees with
/// its rows (see `Pending`).
struct Employment {
    first_month: i32,
    n_months: usize,
    /// `employed[person * n_months + m]`; empty unless some row says employed.
    employed: Vec<bool>,
    /// The months employment data covers, sorted.
    months: Vec<Month>,
    /// The months beskaeftigelse.csv has rows for, sorted.
    rows_months: Vec<Month>,
    /// beskaeftigelse.csv's rows read.
    file_rows: usize,
}

/// Monthly employment beyond DREAM (a small text file, its problems to `problems`), over the
/// months of DREAM's degrees and the file's.
fn employment(
    texts: &BTreeMap<&'static str, CsvText>,
    ids: &PnrIndex,
    dream_in: Option<&super::typed::DreamIn>,
    n_persons: usize,
    problems: &mut Problems,
    stats: &mut Stats,
) -> Employment {
    let mut employment_rows: Vec<(u32, Month, bool)> = Vec::new();
    let mut employment_file_rows = 0;
    if let Some(csv) = texts.get(BESKAEFTIGELSE) {
        let mut unknown = 0;
        let columns = effektmaal_columns(Input::Beskaeftigelse);
        let names: Vec<&str> = columns.iter().map(|c| c.1).collect();
        employment_file_rows = table::for_each_row(csv, &names, problems, |h, row, problems| {
            let c = |f: Field| {
                let name = columns.iter().find(|c| c.0 == f).map_or("", |c| c.1);
                h.position(name).expect("required column")
            };
            let before = problems.total();
            let ok = pnr_ok(&row, c(Field::Pnr), problems);
            let mcell = row.cell(c(Field::Maaned));
            let month = Month::parse(mcell.value);
            if month.is_none() {
                problems
                    .push(mcell.problem(format!("{} is not a month (expected YYYY-MM, e.g. 2016-08)", mcell.shown())));
            }
            let gcell = row.cell(c(Field::Grad));
            let grad = fields::degree(gcell.value).map_err(|e| problems.push(gcell.problem(e))).ok();
            if !ok || problems.total() != before {
                return;
            }
            let (Some(month), Some(grad)) = (month, grad) else { return };
            match ids.find(pnr(&row, c(Field::Pnr)).as_bytes()) {
                Some(id) => employment_rows.push((id, month, grad > 0.0)),
                None => unknown += 1,
            }
        });
        stats.employment_rows = employment_file_rows;
        stats.employment_not_in_population = unknown;
    }
    let mut employment_months: Vec<Month> = dream_in
        .map(|d| d.months.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(employment_rows.iter().map(|r| r.1))
        .collect();
    employment_months.sort();
    employment_months.dedup();
    let mut employment_rows_months: Vec<Month> = employment_rows.iter().map(|r| r.1).collect();
    employment_rows_months.sort();
    employment_rows_months.dedup();
    let first_month = employment_months.first().map(|m| m.index()).unwrap_or(0);
    let last_month = employment_months.last().map(|m| m.index()).unwrap_or(-1);
    let n_months = (last_month - first_month + 1).max(0) as usize;
    // Allocated only when some row says so: DREAM's degrees come with its rows (see `Pending`).
    let mut employed = Vec::new();
    if employment_rows.iter().any(|r| r.2) {
        employed = vec![false; n_persons * n_months];
    }
    for &(id, m, yes) in &employment_rows {
        if yes {
            employed[id as usize * n_months + (m.index() - first_month) as usize] = true;
        }
    }
    Employment {
        first_month,
        n_months,
        employed,
        months: employment_months,
        rows_months: employment_rows_months,
        file_rows: employment_file_rows,
    }
}

/// DREAM's header: its weeks and months, and its period in words. Its rows are read after (see
/// `Pending`), so that a national file is classified a batch at a time instead of held.
fn dream_header(dream_in: Option<&super::typed::DreamIn>, stats: &mut Stats) -> (Dream, String) {
    let mut dream = Dream::default();
    let mut dream_period = String::new();
    if let Some(d) = dream_in {
        if let (Some(&lo), Some(&hi)) = (d.weeks.first(), d.weeks.last()) {
            dream.first_week = lo;
            dream.n_weeks = (hi - lo + 1) as usize;
            dream.week_present = vec![false; dream.n_weeks];
            for &w in &d.weeks {
                dream.week_present[(w - lo) as usize] = true;
            }
            stats.first_week = Some(IsoWeek::from_index(lo));
            stats.last_week = Some(IsoWeek::from_index(hi));
            dream_period = format!("{} – {}", IsoWeek::from_index(lo), IsoWeek::from_index(hi));
        }
        stats.first_grad_month = d.months.first().copied();
        stats.last_grad_month = d.months.last().copied();
        dream.grad_months = d.months.clone();
        dream.codes_first_week = d.first_week;
        dream.codes_n_weeks = d.n_weeks;
    }
    (dream, dream_period)
}

/// The age limit also holds in the weeks measured: an open spell of someone born long ago
/// would otherwise make a 166-year-old count.
fn age_within_dream(pop: &PopulationIn, residents: &Residents, last: IsoWeek, problems: &mut Problems) {
    let data_end = last.thursday();
    for (p, list) in residents.spells.iter().enumerate() {
        let born = residents.persons[p].foedselsdato;
        if let Some(s) = list.iter().find(|s| age_on(born, s.til.unwrap_or(data_end).min(data_end)) > MAX_AGE) {
            let end = s.til.unwrap_or(data_end).min(data_end);
            let row = if pop.person_per_spell { s.line } else { residents.person_row[p] };
            problems.push(pop.person_place.cell(
                row,
                Field::Foedselsdato,
                format!(
                    "the person would be {} years old on {end}, while resident and within the weeks of DREAM: expected an age of at most {MAX_AGE}",
                    age_on(born, end)
                ),
            ));
        }
    }
}

/// Education spells checked (til not before fra), linked to their persons (looked for `reach`
/// persons ahead of the last before hashing) and grouped by person; with their period in words.
fn education(
    e: Option<&EducationIn>,
    ids: &PnrIndex,
    n_persons: usize,
    reach: u32,
    stats: &mut Stats,
    problems: &mut Problems,
) -> (Lists<(NaiveDate, Option<NaiveDate>)>, String) {
    let Some(e) = e else { return (Lists::sorted(n_persons, Vec::new(), |_| 0), String::new()) };
    let mut unknown = 0;
    let mut last = u32::MAX;
    let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
    // Per spell kept (til not before fra): its person, `u32::MAX` outside the population.
    let mut person = Vec::with_capacity(e.spells.len());
    for (pnr, fra, til, row) in &e.spells {
        if let Some(t) = til
            && t < fra
        {
            problems.push(e.place.cell(
                *row,
                Field::Til,
                format!("the spell ends ({t}) before it begins (fra {fra}): expected til on or after fra"),
            ));
            continue;
        }
        lo = Some(lo.map_or(*fra, |l| l.min(*fra)));
        let end = til.unwrap_or(*fra);
        hi = Some(hi.map_or(end, |h| h.max(end)));
        let p = ids.find_within(pnr.as_bytes(), last, reach).unwrap_or(u32::MAX);
        last = if p == u32::MAX { last } else { p };
        person.push(p);
        unknown += usize::from(person.last() == Some(&u32::MAX));
    }
    // Grouped by person in one allocation, each person's in the order read.
    let pairs = || {
        e.spells
            .iter()
            .filter(|s| s.2.is_none_or(|t| t >= s.1))
            .zip(&person)
            .filter(|(_, p)| **p != u32::MAX)
            .map(|((_, fra, til, _), &p)| (p, (*fra, *til)))
    };
    let education = Lists::grouped(n_persons, pairs, (NaiveDate::MIN, None));
    stats.education_spells = e.rows_seen;
    stats.education_not_in_population = unknown;
    let period = lo.map(|l| format!("{l} – {}", hi.map(|h| h.to_string()).unwrap_or_default())).unwrap_or_default();
    (education, period)
}

/// The periods the inputs cover, in words, for the sources.
struct Periods {
    population: String,
    dream: String,
    education: String,
}

/// The files read, for the appendix and the record, in a fixed order of kinds.
fn sources(
    read: &[FileRead],
    codes_in_map: Option<usize>,
    employment_file_rows: usize,
    periods: &Periods,
) -> Vec<Source> {
    let mut sources: Vec<Source> = read
        .iter()
        .map(|r| Source {
            name: r.name.clone(),
            kind: r.input.id(),
            format: r.format.label(),
            sha256: r.sha256.clone(),
            encoding: r.encoding.clone(),
            separator: r.separator,
            rows: match r.input {
                Input::Ydelseskoder => codes_in_map.unwrap_or(r.rows),
                Input::Beskaeftigelse if r.format == super::source::Format::Csv && r.rows == 0 => employment_file_rows,
                _ => r.rows,
            },
            period: match r.input {
                Input::Befolkning | Input::Bopael => periods.population.clone(),
                Input::Dream => periods.dream.clone(),
                Input::Uddannelse => periods.education.clone(),
                Input::Ydelseskoder => "code map".into(),
                Input::Bef | Input::Beskaeftigelse => String::new(),
            },
        })
        .collect();
    sources.sort_by_key(|s| {
        ["befolkning", "bef", "bopael", "dream", "uddannelse", "beskaeftigelse", "ydelseskoder"]
            .iter()
            .position(|n| *n == s.kind)
    });
    sources
}
