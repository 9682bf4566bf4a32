//! Any detected extract (effektmaal or DST layout, a manifest's names, CSV, Parquet or
//! SAS7BDAT files) read into the typed rows of `typed`: each cell through `values` (SAS
//! numbers and dates, codes as `111.0`, `.`/`NA` for none, KOEN 1/2, KOM `0461`, IE_TYPE,
//! OPR_LAND through the country table), checked on its own, and a problem at its own file, row
//! and column. The small optional files (`beskaeftigelse`, `ydelseskoder`) are rewritten as
//! effektmaal-layout CSV text instead (`texts`).
//!
//! A DREAM file (`general_dream`) is read by projection: only `PNR`, the weekly and the monthly columns (those in
//! the asked window, when one is given) are decoded; `branche_*`, `ak*` and the like are not.
//! A Parquet DREAM file is read column by column (typed: integer codes are copied, not parsed).
//!
//! An extract `convert` wrote carries a stamp (`stamp`; its short way: `converted`): when every
//! file still matches its checksum, the cells are not checked again (raw CPR numbers, code
//! ranges); otherwise they are.

use super::cells::{DISAGREE, agrees, file_read, locate, oprindelse, place, pnr_cell};
use super::general_dream::read_dream;
use super::texts::small_texts;
use crate::error::{Problem, Problems};
use crate::extract::ahead::DreamRows;
use crate::extract::countries::{Countries, Origin};
use crate::extract::csv::CsvText;
use crate::extract::layout::{Detected, Field, Input, Layout, LayoutKind};
use crate::extract::model::{Herkomst, Koen, Oprindelse, Person};
use crate::extract::packed::Packed;
use crate::extract::pnr::Pnr;
use crate::extract::source::{self, Format, Table, Value};
use crate::extract::stamp::{STAMP, Stamp};
use crate::extract::typed::{Areas, DreamIn, EducationIn, FileRead, Inputs, Place, PopulationIn, SpellIn, Window};
use crate::extract::values;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

struct Ctx<'a> {
    layout: &'a Layout,
    countries: Countries,
    /// Unknown country codes: code → persons.
    unknown_countries: BTreeMap<u16, usize>,
    /// Whether the files are those `convert` checked (see `converted`).
    trusted: bool,
    /// Whether they hold their rows in the persons' order, as the stamp says.
    in_persons_order: bool,
}

/// A converted extract whose stamp holds: how its DREAM rows are packed, when they are.
struct Trusted {
    packed: Option<Packed>,
    in_persons_order: bool,
}

impl Ctx<'_> {
    fn koen(&self, v: &Value) -> Result<Koen, String> {
        values::key(v)
            .and_then(|k| self.layout.koen.get(&k).copied())
            .ok_or_else(|| format!("{} is not a sex (expected {})", values::show(v), self.layout.koen_codes()))
    }

    fn herkomst(&self, v: &Value) -> Result<Herkomst, String> {
        values::key(v)
            .and_then(|k| self.layout.herkomst.get(&k).copied())
            .ok_or_else(|| format!("{} is not a herkomst (expected {})", values::show(v), self.layout.herkomst_codes()))
    }

    /// Oprindelse from a country code, for a person who is not of dansk oprindelse.
    fn oprindelse(&mut self, herkomst: Herkomst, v: &Value) -> Result<Oprindelse, String> {
        if herkomst == Herkomst::Dansk {
            // Dansk oprindelse whatever OPR_LAND says (and it may be missing).
            return Ok(Oprindelse::Dansk);
        }
        let code = values::country(v)?;
        match self.countries.origin(code) {
            Some(Origin::Vestlig) => Ok(Oprindelse::Vestlig),
            Some(Origin::IkkeVestlig) => Ok(Oprindelse::IkkeVestlig),
            Some(Origin::Uoplyst) | Some(Origin::Dansk) => Ok(Oprindelse::Uoplyst),
            None => {
                *self.unknown_countries.entry(code).or_insert(0) += 1;
                Ok(Oprindelse::Uoplyst)
            }
        }
    }
}

/// Reads the person fields of one row (bef, or befolkning in a non-CSV format).
fn person_cells(
    ctx: &mut Ctx,
    table: &Table,
    row: usize,
    cells: &[Value],
    at: &BTreeMap<Field, usize>,
    pos: &BTreeMap<Field, usize>,
    problems: &mut Problems,
) -> Option<Person> {
    let before = problems.total();
    let cell = |f: Field| cells[pos[&f]];
    let mut report = |f: Field, e: String| problems.push(table.problem(row, at[&f], e));
    let born = values::date(&cell(Field::Foedselsdato)).map_err(|e| report(Field::Foedselsdato, e)).ok();
    let koen = ctx.koen(&cell(Field::Koen)).map_err(|e| report(Field::Koen, e)).ok();
    let herkomst = ctx.herkomst(&cell(Field::Herkomst)).map_err(|e| report(Field::Herkomst, e)).ok();
    let expected = "(expected dansk, vestlig, ikke_vestlig or uoplyst)";
    let oprindelse = match (herkomst, pos.get(&Field::OprLand), pos.get(&Field::Oprindelse)) {
        (Some(h), Some(&i), _) => ctx.oprindelse(h, &cells[i]).map_err(|e| report(Field::OprLand, e)).ok(),
        (_, None, Some(&i)) => {
            let o = match &cells[i] {
                Value::Text(s) => oprindelse(s),
                _ => None,
            };
            if o.is_none() {
                report(Field::Oprindelse, format!("{} is not an oprindelse {expected}", values::show(&cells[i])));
            }
            if let (Some(h), Some(o)) = (herkomst, o)
                && !agrees(h, o)
            {
                report(Field::Oprindelse, DISAGREE.to_string());
            }
            o
        }
        _ => None,
    };
    if problems.total() != before {
        return None;
    }
    Some(Person { foedselsdato: born?, koen: koen?, herkomst: herkomst?, oprindelse: oprindelse? })
}

/// The fields a spec locates, in a fixed order, and their positions in the projected cells.
fn projection(at: &BTreeMap<Field, usize>) -> (Vec<usize>, BTreeMap<Field, usize>) {
    let mut cols = Vec::new();
    let mut pos = BTreeMap::new();
    for (f, &c) in at {
        pos.insert(*f, cols.len());
        cols.push(c);
    }
    (cols, pos)
}

/// A residence spell's fields: kommune, omraade, fra, til.
#[allow(clippy::type_complexity)]
fn spell_cells(
    t: &Table,
    row: usize,
    cells: &[Value],
    (at, pos): (&BTreeMap<Field, usize>, &BTreeMap<Field, usize>),
    areas: &mut Areas,
    problems: &mut Problems,
) -> Option<(u16, u32, NaiveDate, Option<NaiveDate>)> {
    let before = problems.total();
    let kommune = values::kommune(&cells[pos[&Field::Kommune]])
        .map_err(|e| problems.push(t.problem(row, at[&Field::Kommune], e)));
    let fra = values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
    let til = values::opt_date(&cells[pos[&Field::Til]]).map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
    if problems.total() != before {
        return None;
    }
    let omraade = pos.get(&Field::Omraade).map_or(0, |&i| match &cells[i] {
        Value::Text(s) => areas.id(s.trim()),
        v => areas.id(&values::key(v).unwrap_or_default()),
    });
    Some((kommune.ok()?, omraade, fra.ok()?, til.ok()?))
}

/// The country table: the user's, when the manifest names one, else the shipped one.
fn countries(dir: &Path, layout: &Layout, problems: &mut Problems) -> Countries {
    let Some(name) = &layout.countries else { return Countries::embedded() };
    match std::fs::read(dir.join(name)) {
        Ok(bytes) => match CsvText::from_bytes(name, &bytes) {
            Ok(csv) => Countries::parse(&csv).unwrap_or_else(|p| {
                problems.extend(p);
                Countries::embedded()
            }),
            Err(p) => {
                problems.push(p);
                Countries::embedded()
            }
        },
        Err(e) => {
            problems.push(Problem::file(name, format!("the country table cannot be read: {e}")));
            Countries::embedded()
        }
    }
}

/// Reads every input of a detected extract into typed rows. Problems are collected; the rows
/// read without one are returned with them.
/// `degrees`: whether DREAM's employment degrees are wanted as read (for `convert`); else a
/// converted extract's packed months may give 1 for a month employed, 0 for not.
pub(super) fn read(
    dir: &Path,
    detected: &Detected,
    window: Window,
    degrees: bool,
) -> (Inputs, Option<DreamRows>, Problems) {
    match read_as(dir, detected, window, degrees, true) {
        Ok(read) => read,
        // DREAM's file, read as if it matched the stamp, did not: everything read again.
        Err(Mismatch) => read_as(dir, detected, window, degrees, false).unwrap_or_else(|_| unreachable!()),
    }
}

/// The reading of a converted extract as if its files matched its stamp turned out wrong:
/// one did not.
struct Mismatch;

/// [`read`]. `hash_beside`: a converted extract's DREAM file (most of its bytes) is hashed on
/// a thread of its own while everything is read as if it matched the stamp, and its other
/// Parquet files are checked by the BLAKE3 the stamp holds (if it does); when one turns out
/// not to match, `Mismatch`, and the caller reads again with `hash_beside` false (every file
/// by SHA-256, hashed first).
fn read_as(
    dir: &Path,
    detected: &Detected,
    window: Window,
    degrees: bool,
    hash_beside: bool,
) -> Result<(Inputs, Option<DreamRows>, Problems), Mismatch> {
    let layout = &detected.layout;
    let mut problems = Problems::default();
    let stamp = Stamp::read(dir);
    let (mut tables, mut hashing) = open_tables(dir, detected, &stamp, hash_beside, &mut problems)?;
    let mut out = Inputs { layout: layout.name(), ..Inputs::default() };
    let (stamped, dream_stamped) = stamp_holds(stamp, &mut tables, &mut hashing, &mut out)?;
    let trusted = stamped.is_some();
    // The files exactly as `convert` wrote them: read column by column, unchecked (see
    // `converted`), unless something is not as `convert` writes it.
    let as_converted = |t: &Table| trusted && layout.kind == LayoutKind::Effektmaal && t.format == Format::Parquet;
    let countries = countries(dir, layout, &mut problems);
    let in_persons_order = stamped.as_ref().is_some_and(|s| s.in_persons_order);
    let mut ctx = Ctx { layout, countries, unknown_countries: BTreeMap::new(), trusted, in_persons_order };

    // DREAM: pnr and the weekly and monthly columns, by projection. Its header is read first,
    // and its rows from then on, ahead, on a thread of their own, while the population and
    // education are read and assembled (see `DreamRows::ahead` and `Pending`); what reading
    // the header finds is told after the population's, as the files are listed.
    let packed =
        stamped.as_ref().and_then(|s| s.packed.clone()).map(|p| Packed { months: p.months.filter(|_| !degrees), ..p });
    let mut dream = dream_header(tables.remove(&Input::Dream), layout, window, (ctx.trusted, packed), as_converted);
    let dream_rows = dream.header.map(|(d, rows)| {
        out.dream = Some(d);
        rows
    });

    // The population, and beside it the education spells: neither needs the other until they
    // are assembled.
    let (education, education_problems) = std::thread::scope(|scope| {
        let trusted = ctx.trusted;
        let t = tables.get(&Input::Uddannelse);
        let education = scope.spawn(move || education_spells(t, layout, trusted, as_converted));
        population(&mut ctx, &tables, as_converted, &mut problems, &mut out);
        education.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    problems.extend(dream.problems);
    out.notes.append(&mut dream.notes);
    out.read.append(&mut dream.read);

    if let Some((education, read)) = education {
        out.read.push(read);
        out.education = Some(education);
    }
    problems.extend(education_problems);

    small_texts(&tables, layout, ctx.trusted, &mut problems, &mut out);

    for (code, n) in &ctx.unknown_countries {
        out.notes.push(format!(
            "the country code {code} (OPR_LAND) is not in the country table ({}): {n} person{} counted as of unknown origin",
            ctx.countries.source,
            if *n == 1 { "" } else { "s" }
        ));
    }
    if let Some(h) = hashing {
        dream_hashed(h, &dream_stamped, &mut out)?;
    }
    Ok((out, dream_rows, problems))
}

/// DREAM's header and the reader of its rows (see `general_dream`), with what reading the
/// header found.
#[derive(Default)]
struct DreamPart {
    header: Option<(DreamIn, DreamRows)>,
    problems: Problems,
    notes: Vec<String>,
    read: Vec<FileRead>,
}

/// Reads DREAM's header, its packed columns taken while the stamp holds (`packed`).
fn dream_header(
    t: Option<Table>,
    layout: &Layout,
    window: Window,
    (trusted, packed): (bool, Option<Packed>),
    as_converted: impl Fn(&Table) -> bool,
) -> DreamPart {
    let mut part = DreamPart::default();
    if let (Some(t), Some(spec)) = (t, layout.file(Input::Dream))
        && let Some(at) = locate(&t, spec, Input::Dream, &mut part.problems)
    {
        let packed = packed.filter(|_| as_converted(&t));
        let (problems, notes, read) = (&mut part.problems, &mut part.notes, &mut part.read);
        part.header = Some(read_dream(t, spec, at[&Field::Pnr], window, trusted, packed, problems, notes, read));
    }
    part
}

/// DREAM's file, read as if it matched the stamp while it was hashed: its SHA-256 now, or
/// `Mismatch` when it does not match after all.
fn dream_hashed(h: Hashing, stamped: &str, out: &mut Inputs) -> Result<(), Mismatch> {
    let sha = hashed(h)?;
    if sha != stamped {
        return Err(Mismatch);
    }
    for r in out.read.iter_mut().filter(|r| r.input == Input::Dream) {
        r.sha256 = sha.clone();
    }
    Ok(())
}

/// A DREAM file being hashed on a thread of its own: its SHA-256, or why not.
type Hashing = std::thread::JoinHandle<std::io::Result<String>>;

/// Opens every file detected (a problem for each that cannot be). A converted extract's DREAM
/// file (`hash_beside`) is hashed on a thread of its own, returned; a stamp holding the files'
/// BLAKE3 has its Parquet files checked by that (faster than SHA-256, and as strong) and
/// their SHA-256 taken from the stamp; a file that does not match is `Mismatch`: everything is
/// read again the plain way, which says what changed.
fn open_tables(
    dir: &Path,
    detected: &Detected,
    stamp: &Option<Result<Stamp, String>>,
    hash_beside: bool,
    problems: &mut Problems,
) -> Result<(BTreeMap<Input, Table>, Option<Hashing>), Mismatch> {
    let mut tables: BTreeMap<Input, Table> = BTreeMap::new();
    let quick = match stamp {
        Some(Ok(s)) if hash_beside && !s.blake3.is_empty() => Some(s),
        _ => None,
    };
    let mut hashing = None;
    for (input, name) in &detected.files {
        let path = dir.join(name);
        let beside = hash_beside && *input == Input::Dream && matches!(stamp, Some(Ok(_)));
        match if beside || quick.is_some() { Table::open_unhashed(&path, name) } else { Table::open(&path, name) } {
            Ok(mut t) => {
                if t.sha256.is_empty() {
                    match quick {
                        Some(s) => {
                            let (b3, sha) = (s.blake3.get(name).cloned(), s.files.get(name).cloned());
                            let check = move || match (source::blake3_file(&path)?, b3, sha) {
                                (got, Some(b3), Some(sha)) if got == b3 => Ok(sha),
                                _ => Err(std::io::Error::other("the file does not match its stamp")),
                            };
                            if beside {
                                hashing = Some(std::thread::spawn(check));
                            } else {
                                t.sha256 = check().map_err(|_| Mismatch)?;
                            }
                        }
                        None => hashing = Some(std::thread::spawn(move || source::sha256_file(&path))),
                    }
                }
                tables.insert(*input, t);
            }
            Err(p) => problems.push(p),
        }
    }
    Ok((tables, hashing))
}

/// DREAM's checksum, once hashed; a file that cannot be read is read again the plain way, for
/// its message.
fn hashed(h: Hashing) -> Result<String, Mismatch> {
    h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)).map_err(|_| Mismatch)
}

/// Whether the stamp holds for the files read: what it vouches for goes into `out` (or why it
/// does not, as a note), with the SHA-256 it gives DREAM's file.
fn stamp_holds(
    stamp: Option<Result<Stamp, String>>,
    tables: &mut BTreeMap<Input, Table>,
    hashing: &mut Option<Hashing>,
    out: &mut Inputs,
) -> Result<(Option<Trusted>, String), Mismatch> {
    // A converted extract whose files all match the stamp is not checked cell by cell again.
    // While DREAM's file is being hashed, it is taken to match: checked when hashed (below).
    let stamped_sha = |name: &str| match &stamp {
        Some(Ok(s)) => s.files.get(name).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let mut files: Vec<(String, String)> = tables
        .values()
        .map(|t| (t.name.clone(), if t.sha256.is_empty() { stamped_sha(&t.name) } else { t.sha256.clone() }))
        .collect();
    if let Some(Ok(s)) = &stamp
        && hashing.is_some()
        && s.verify(&as_refs(&files)).is_err()
    {
        // The other files already differ: no reading as if; DREAM's checksum now.
        let sha = hashed(hashing.take().unwrap_or_else(|| unreachable!()))?;
        if let Some(t) = tables.get_mut(&Input::Dream) {
            t.sha256 = sha;
        }
        files = tables.values().map(|t| (t.name.clone(), t.sha256.clone())).collect();
    }
    let files = as_refs(&files);
    let dream_stamped = tables.get(&Input::Dream).map(|t| stamped_sha(&t.name)).unwrap_or_default();
    let stamped = match stamp {
        None => None,
        Some(Err(why)) => {
            out.notes.push(format!("{}: {why}; every cell was checked", STAMP));
            None
        }
        Some(Ok(stamp)) => match stamp.verify(&files) {
            Ok(()) => {
                out.stamp = Some(stamp.describe());
                out.code_counts = Some(stamp.code_counts.clone());
                out.fills = stamp.fills.clone();
                out.notes.extend(stamp.notes.iter().cloned());
                Some(Trusted { packed: stamp.packed, in_persons_order: stamp.in_persons_order })
            }
            Err(why) => {
                out.notes.push(format!("{}: {why}; every cell was checked", STAMP));
                None
            }
        },
    };
    Ok((stamped, dream_stamped))
}

/// The education spells of `t` (uddannelse), with the file as read and the problems found.
#[allow(clippy::type_complexity)]
fn education_spells(
    t: Option<&Table>,
    layout: &Layout,
    trusted: bool,
    as_converted: impl Fn(&Table) -> bool,
) -> (Option<(EducationIn, FileRead)>, Problems) {
    let mut problems = Problems::default();
    let (Some(t), Some(spec)) = (t, layout.file(Input::Uddannelse)) else {
        return (None, problems);
    };
    let Some(at) = locate(t, spec, Input::Uddannelse, &mut problems) else {
        return (None, problems);
    };
    let (cols, pos) = projection(&at);
    let fast = as_converted(t).then(|| super::converted::education(t, &at)).flatten();
    let (spells, rows) = fast.unwrap_or_else(|| {
        let mut spells = Vec::new();
        let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
            let before = problems.total();
            let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], trusted, problems);
            let fra =
                values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
            let til = values::opt_date(&cells[pos[&Field::Til]])
                .map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
            if problems.total() == before
                && let (Some(pnr), Ok(fra), Ok(til)) = (pnr, fra, til)
            {
                spells.push((Pnr::new(&pnr), fra, til, row));
            }
        });
        (spells, rows)
    });
    let read = file_read(Input::Uddannelse, t, rows, cols.len());
    (Some((EducationIn { place: place(t, &at), spells, rows_seen: rows }, read)), problems)
}

fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect()
}

/// The population: befolkning (effektmaal layout) or bef + bopael (DST).
fn population(
    ctx: &mut Ctx,
    tables: &BTreeMap<Input, Table>,
    as_converted: impl Fn(&Table) -> bool,
    problems: &mut Problems,
    out: &mut Inputs,
) {
    match ctx.layout.kind {
        LayoutKind::Effektmaal => befolkning(ctx, tables, as_converted, problems, out),
        LayoutKind::Dst => {
            let (persons, bef_place) = bef(ctx, tables, problems, out);
            bopael(ctx, tables, (&persons, bef_place), problems, out);
        }
    }
}

/// befolkning: one row per residence spell, with the person's data; a converted extract's
/// read column by column while its stamp holds.
fn befolkning(
    ctx: &mut Ctx,
    tables: &BTreeMap<Input, Table>,
    as_converted: impl Fn(&Table) -> bool,
    problems: &mut Problems,
    out: &mut Inputs,
) {
    let layout = ctx.layout;
    if let (Some(t), Some(spec)) = (tables.get(&Input::Befolkning), layout.file(Input::Befolkning))
        && let Some(at) = locate(t, spec, Input::Befolkning, problems)
    {
        let (cols, pos) = projection(&at);
        let fast = as_converted(t).then(|| super::converted::population(t, &at)).flatten();
        let persons_together = fast.is_some() && ctx.in_persons_order;
        let (spells, areas, rows) = fast.unwrap_or_else(|| {
            let (mut spells, mut areas) = (Vec::new(), Areas::default());
            let rows = t.rows(&cols, problems, |row, cells, problems| {
                let before = problems.total();
                let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems);
                let person = person_cells(ctx, t, row, cells, &at, &pos, problems);
                let spell = spell_cells(t, row, cells, (&at, &pos), &mut areas, problems);
                if problems.total() != before {
                    return;
                }
                if let (Some(pnr), Some(person), Some(spell)) = (pnr, person, spell) {
                    spells.push(SpellIn::new(&pnr, person, spell, row, row));
                }
            });
            (spells, areas, rows)
        });
        out.read.push(file_read(Input::Befolkning, t, rows, cols.len()));
        let p = place(t, &at);
        out.population = Some(PopulationIn {
            spells,
            areas,
            spell_place: p.clone(),
            person_place: p,
            person_per_spell: true,
            persons_together,
        });
    }
}

/// bef: one row per person, by pnr, with the row it is on; and where its fields are.
fn bef(
    ctx: &mut Ctx,
    tables: &BTreeMap<Input, Table>,
    problems: &mut Problems,
    out: &mut Inputs,
) -> (HashMap<String, (Person, usize)>, Place) {
    let layout = ctx.layout;
    let mut persons: HashMap<String, (Person, usize)> = HashMap::new();
    let mut bef_place = Place::default();
    if let (Some(t), Some(spec)) = (tables.get(&Input::Bef), layout.file(Input::Bef))
        && let Some(at) = locate(t, spec, Input::Bef, problems)
    {
        let (cols, pos) = projection(&at);
        let rows = t.rows(&cols, problems, |row, cells, problems| {
            let Some(pnr) = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems) else {
                return;
            };
            if let Some(p) = person_cells(ctx, t, row, cells, &at, &pos, problems) {
                if let Some((_, first)) = persons.get(&pnr) {
                    problems.push(t.problem(
                        row,
                        at[&Field::Pnr],
                        format!(
                            "this person already has a row ({} {first}): expected one row per person in bef",
                            if t.format == Format::Csv { "line" } else { "row" },
                        ),
                    ));
                } else {
                    persons.insert(pnr, (p, row));
                }
            }
        });
        out.read.push(file_read(Input::Bef, t, rows, cols.len()));
        bef_place = place(t, &at);
    }
    (persons, bef_place)
}

/// bopael: residence spells, each linked to its person's row in bef.
fn bopael(
    ctx: &mut Ctx,
    tables: &BTreeMap<Input, Table>,
    (persons, bef_place): (&HashMap<String, (Person, usize)>, Place),
    problems: &mut Problems,
    out: &mut Inputs,
) {
    let layout = ctx.layout;
    if let (Some(bef), Some(t), Some(spec)) =
        (tables.get(&Input::Bef), tables.get(&Input::Bopael), layout.file(Input::Bopael))
        && let Some(at) = locate(t, spec, Input::Bopael, problems)
    {
        let (cols, pos) = projection(&at);
        let bef_name = bef.name.clone();
        let (mut spells, mut areas) = (Vec::new(), Areas::default());
        let rows = t.rows(&cols, problems, |row, cells, problems| {
            let before = problems.total();
            let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems);
            let spell = spell_cells(t, row, cells, (&at, &pos), &mut areas, problems);
            let Some(pnr) = pnr else {
                return;
            };
            if problems.total() != before {
                return;
            }
            let Some(&(person, person_row)) = persons.get(&pnr) else {
                problems.push(t.problem(
                    row,
                    at[&Field::Pnr],
                    format!("the person of this residence spell has no row in {bef_name}: expected a row there for every person in bopael"),
                ));
                return;
            };
            if let Some(spell) = spell {
                spells.push(SpellIn::new(&pnr, person, spell, row, person_row));
            }
        });
        out.read.push(file_read(Input::Bopael, t, rows, cols.len()));
        out.population = Some(PopulationIn {
            spells,
            areas,
            spell_place: place(t, &at),
            person_place: bef_place,
            person_per_spell: false,
            persons_together: false,
        });
    }
}

#[cfg(test)]
mod tests;
