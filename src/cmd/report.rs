//! `effektmaal report DIR --quarter 2016K3`: the quarterly status report as PDF, with the
//! XLSX and CSV of every figure it shows.

use super::settings::{ReportSettings, Template};
use crate::error::{Error, Problem};
use crate::extract::load::{self, Extract};
use crate::kpi::figures::{Dimension, Figure};
use crate::kpi::targets::Targets;
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::Scope;
use crate::report::inputs::Klynger;
use crate::report::model::{self, Inputs, Lang};
use crate::report::output;
use crate::ui;
use std::collections::BTreeSet;
use std::path::Path;

/// Odense's municipality code: the default subject of a report.
pub const ODENSE: u16 = 461;

pub fn kommune_name(code: Option<u16>) -> String {
    match code {
        Some(c) => crate::kommuner::get(c).map(|k| k.myndighed.to_string()).unwrap_or_else(|| format!("Kommune {c}")),
        None => "Alle kommuner i udtrækket".into(),
    }
}

pub struct Made {
    /// The municipality code the report is about, or "alle".
    pub scope: String,
    /// The report's file stem: `effektmaal-2016-K3`, with the language when not Danish.
    pub stem: String,
    pub built: model::Built,
    pub quarter: Quarter,
    pub checksum: String,
    pub files: output::Files,
    /// Each target's signal at the quarter's last month, as the store records it.
    pub signals: Vec<crate::kpi::judge::Verdict>,
}

pub fn run(s: &ReportSettings) -> anyhow::Result<()> {
    // Only the months the report shows are decoded (the 48 months up to the quarter, and the
    // months their columns are judged against); the header is read whole, so which months are
    // complete is decided as for the whole file.
    let (mut ex, pending) = load::open(&s.dir, s.window)?;
    let made = make(s, (&mut ex, Some(pending)))?;
    // Locks are taken only once everything is computed, so a run that fails on its input
    // creates nothing, not even a lock file.
    let _lock = crate::lock::Lock::acquire(&s.out.join(output::DIR_LOCK), s.store.wait)?;
    let _store_lock = if s.record { Some(super::store_lock(&s.store.path, s.store.wait)?) } else { None };
    let names = output::Names::new(&made.stem, made.built.model.lang);
    let files: Vec<(String, &[u8])> = vec![
        (names.csv.clone(), &made.files.csv[..]),
        (names.xlsx.clone(), &made.files.xlsx[..]),
        (names.pdf.clone(), &made.files.pdf[..]),
        (names.html.clone(), &made.files.html[..]),
    ];
    // The charts in a folder beside the report: always, so a secretary finds them without
    // knowing a flag, and named by the report so two quarters or languages never mix.
    let charts_dir = s.out.join(&names.charts);
    // The chart folder and the report files are one set: decided together before anything is
    // written, so a refused or failed run changes nothing at all.
    let set: Vec<(&Path, &str, &[u8])> = made
        .files
        .charts
        .iter()
        .map(|(n, b)| (charts_dir.as_path(), n.as_str(), &b[..]))
        .chain(files.iter().map(|(n, b)| (s.out.as_path(), n.as_str(), *b)))
        .collect();
    let paths = output::write_set(&set, s.force)?;
    // Recorded after the files are in place: a run killed in between leaves a report that is
    // not yet recorded, never a record of a report that does not exist. Rerunning records it.
    if s.record {
        super::record_report(&s.store.path, &ex, &made, s.lang)?;
    }
    for p in &paths {
        ui::info(&format!("wrote {}", p.display()));
    }
    if paths.is_empty() {
        ui::info(&format!("the report files in {} are already up to date", s.out.display()));
    }
    Ok(())
}

/// Computes and renders the report in memory.
pub fn make(s: &ReportSettings, (ex, pending): (&mut Extract, Option<load::Pending>)) -> anyhow::Result<Made> {
    super::kommune_arg(ex, s.kommune)?;
    let quarter = s.quarter;
    let kommuner: BTreeSet<u16> = ex.spells.iter().flatten().map(|spell| spell.kommune).collect();
    let kommune = s.kommune.or_else(|| (kommuner.contains(&ODENSE)).then_some(ODENSE));
    let last = quarter.last_month();
    let from = complete_from(ex, quarter)?.max(last.offset(-47));
    let dims =
        [Dimension::Total, Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade, Dimension::Status];
    // The own municipality's cluster of comparable municipalities, when a table is given.
    let cluster = cluster(s.klynger.as_ref(), kommune, &kommuner);
    ui::progress("computing figures…");
    // The breakdowns a group's target is set on: their monthly series are shown too.
    let mut series: Vec<Dimension> = s.targets.groups().iter().map(|g| g.dimension).collect();
    series.sort();
    series.dedup();
    let counts =
        crate::kpi::count_for_report(ex, pending, Scope { from, to: last, kommune }, quarter, (&dims, &series))?;
    // Once DREAM's rows are read, a month whose columns are there but hold too little is not
    // complete: the quarter cannot be reported, or the series starts after it.
    let from = complete_from(ex, quarter)?.max(from);
    // With several municipalities in the extract, the report compares them.
    let computed = crate::kpi::report_from(
        ex,
        &counts,
        Scope { from, to: last, kommune },
        quarter,
        (&dims, &series),
        kommuner.len() > 1,
        cluster.as_ref(),
    );
    known_groups(&s.targets, &s.own.targets_name, &computed.figures)?;
    super::warn_notes(ex);
    super::warn_unknown_codes(&computed.unknown_codes);
    let scope = super::scope(kommune);
    let lang = s.lang;
    // A trial run (--no-record) looks up revisions too, reading the store without changing it,
    // so its report is the one a recorded run makes; a store it cannot read so (another
    // schema version, damaged) is not its business: the report then says it did not look.
    let looked_up = super::revisions(&s.store.path, !s.record, lang, &computed.figures, &scope, &super::series(ex))?;
    let revisions_looked_up = looked_up.is_some();
    let (revisions, revisions_total) = looked_up.unwrap_or_default();
    let inp = Inputs {
        ex,
        figures: &computed.figures,
        pooled: &computed.pooled,
        flows: &computed.flows,
        quarter,
        from,
        kommune,
        kommune_name: kommune_name(kommune),
        targets: &s.targets,
        initiatives: s.initiatives.as_ref(),
        benchmarks: s.benchmarks.as_ref(),
        klynger: s.klynger.as_ref().zip(cluster.as_ref()).map(|(t, c)| (t.name.clone(), c.0.clone(), c.1.clone())),
        revisions,
        revisions_total,
        revisions_looked_up,
        version: env!("CARGO_PKG_VERSION"),
        settings: settings(lang, quarter, kommune),
        targets_name: s.own.targets_name.clone(),
        own_files: s.own.files.clone(),
        date: s.date,
        lang,
        template_name: s.own.template_name.clone(),
        provisional: crate::method::coverage::provisional(ex),
    };
    ui::progress("typesetting…");
    let (built, stem, files) = typeset(&s.template, &inp)?;
    let signals = crate::kpi::judge::signals(&s.targets, &|t, m| super::subject_share(&computed.figures, t, m), last);
    Ok(Made { scope, stem, built, quarter, checksum: ex.checksum(), files, signals })
}

/// Every group a target is set on must be one the extract's figures have; else a usage error
/// naming the groups of that breakdown there are.
fn known_groups(targets: &Targets, file: &str, figures: &[Figure<Month>]) -> Result<(), Error> {
    for s in targets.groups() {
        let of_dim: BTreeSet<(u16, &str)> =
            figures.iter().filter(|f| f.dimension == s.dimension).map(|f| (f.order, f.group.as_str())).collect();
        if !of_dim.iter().any(|(_, g)| *g == s.group) {
            let names: Vec<String> = of_dim.iter().map(|(_, g)| format!("{g:?}")).collect();
            return Err(Error::Usage(format!(
                "{file}: a target is set on {} = {:?}, a group the extract does not have; its {} groups are: {}",
                s.dimension.id(),
                s.group,
                s.dimension.id(),
                if names.is_empty() { "none".to_string() } else { names.join(", ") }
            )));
        }
    }
    Ok(())
}

/// The first month of the run of complete months the quarter lies in; an error when the
/// quarter itself is not complete.
fn complete_from(ex: &Extract, quarter: Quarter) -> Result<Month, Error> {
    crate::method::coverage::check_range(ex, quarter.first_month(), quarter.last_month())
        .map_err(|e| Error::Usage(format!("{} cannot be reported: {e}", quarter.label_da())))?;
    let (lo, _) = crate::method::coverage::run_containing(ex, quarter.first_month())
        .expect("a complete quarter lies in a run of complete months");
    Ok(lo)
}

/// The cluster the municipality is in (its name, and its members found in the extract), when
/// a cluster table is given and names it.
fn cluster(klynger: Option<&Klynger>, kommune: Option<u16>, kommuner: &BTreeSet<u16>) -> Option<(String, Vec<u16>)> {
    let (name, members) = klynger?.of(kommune?)?;
    Some((name, members.into_iter().filter(|m| kommuner.contains(m)).collect()))
}

/// The settings that determine the content, in words: quarter, municipality, language.
fn settings(lang: Lang, quarter: Quarter, kommune: Option<u16>) -> String {
    let kommune_setting = match kommune {
        Some(k) => format!("{k} ({})", kommune_name(kommune)),
        None => lang.t("alle kommuner i udtrækket", "all municipalities of the extract").to_string(),
    };
    match lang {
        Lang::Da => format!("{}, kommune {kommune_setting}, sprog dansk", lang.quarter(quarter)),
        Lang::En => format!("{}, municipality {kommune_setting}, language English", lang.quarter(quarter)),
    }
}

/// The model built and rendered to every file of the report; with the user's own template, a
/// typesetting error is an error in that input.
fn typeset(template: &Template, inp: &Inputs) -> anyhow::Result<(model::Built, String, output::Files)> {
    let built = crate::report::build::build(inp)?;
    let stem = output::stem(inp.quarter, inp.lang);
    let ident = format!("{stem}-{}", &inp.ex.checksum()[..16]);
    let files = output::render(&built, &template.text, inp.date, &ident, &output::Names::new(&stem, built.model.lang))
        .map_err(|e| match &template.file {
            Some(file) => anyhow::Error::new(Error::input(Problem::file(file, format!("{e:#}")))),
            None => e,
        })?;
    Ok((built, stem, files))
}
