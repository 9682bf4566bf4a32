//! `effektmaal report DIR --quarter 2016K3`: the quarterly status report as PDF, with the
//! XLSX and CSV of every figure it shows.

use crate::cli::ReportArgs;
use crate::error::{Error, Problem};
use crate::extract::load::{self, Extract};
use crate::extract::typed::Window;
use crate::kpi::figures::Dimension;
use crate::kpi::targets::Targets;
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::Scope;
use crate::report::inputs::{self, Klynger};
use crate::report::model::{self, Inputs, Lang};
use crate::report::output;
use crate::ui;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Odense's municipality code: the default subject of a report.
pub const ODENSE: u16 = 461;

pub fn kommune_name(code: Option<u16>) -> String {
    match code {
        Some(c) => crate::kommuner::get(c).map(|k| k.myndighed.to_string()).unwrap_or_else(|| format!("Kommune {c}")),
        None => "Alle kommuner i udtrækket".into(),
    }
}

/// The document date: SOURCE_DATE_EPOCH when set, else the last day of the quarter reported on,
/// the last day of the data the report shows. So each quarter's report has its own date (the
/// 2016K3 report 30 September 2016, 2016K4 31 December 2016), whatever the extract's newest
/// month, and the same input always gives the same date (never the clock).
pub fn document_date(quarter: Quarter) -> Result<chrono::NaiveDate, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let secs: i64 = v
                .trim()
                .parse()
                .map_err(|_| Error::Usage(format!("SOURCE_DATE_EPOCH {v:?} is not a number of seconds")))?;
            chrono::DateTime::from_timestamp(secs, 0)
                .map(|d| d.date_naive())
                .ok_or_else(|| Error::Usage(format!("SOURCE_DATE_EPOCH {v} is out of range")))
        }
        _ => Ok(quarter.last_month().last_day()),
    }
}

pub fn targets(path: Option<&Path>) -> Result<Targets, Error> {
    match path {
        None => Ok(Targets::embedded()),
        Some(p) => {
            let name = p.display().to_string();
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::input(Problem::file(&name, format!("the targets file cannot be read: {e}"))))?;
            Targets::parse(&name, &text)
                .map_err(|e| Error::input(Problem::file(&name, e.trim_start_matches(&format!("{name}: ")).to_string())))
        }
    }
}

/// `--quarter`: 2016K3, 2016-K3, 2016Q3, 2016-Q3 or 2016-3 (any case).
pub fn quarter_arg(value: &str) -> Result<Quarter, Error> {
    let t = value.trim().to_uppercase();
    let t = t.replace("-K", "K").replace("-Q", "Q");
    Quarter::parse(&t).ok_or_else(|| {
        Error::Usage(format!(
            "--quarter {value:?} is not a quarter: expected a year and a quarter 1–4 as 2016K3, 2016-K3, 2016Q3, 2016-Q3 or 2016-3"
        ))
    })
}

/// A report input of the user's own (targets, template), as the appendix names it: its file
/// name (no directories: they say where it lay, not what it holds) and SHA-256.
fn own_file(path: &Path) -> Result<(String, String), Error> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).map_err(|e| {
        Error::input(Problem::file(&path.display().to_string(), format!("the file cannot be read: {e}")))
    })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((name, crate::extract::csv::hex(&Sha256::digest(&bytes))))
}

/// A file given by flag, else the default name in the extract directory if present.
fn optional_file(flag: Option<&PathBuf>, dir: &Path, default: &str) -> Option<PathBuf> {
    flag.cloned().or_else(|| Some(dir.join(default)).filter(|p| p.is_file()))
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
}

pub fn run(args: &ReportArgs) -> anyhow::Result<()> {
    if args.print_template {
        print!("{}", output::TEMPLATE);
        return Ok(());
    }
    // An --out that is a file is known before anything is read or computed.
    output::not_a_directory(&args.out)?;
    let quarter = quarter_arg(&args.quarter)?;
    let template = match &args.template {
        Some(p) => (
            std::fs::read_to_string(p).map_err(|e| {
                Error::input(Problem::file(&p.display().to_string(), format!("the template cannot be read: {e}")))
            })?,
            p.display().to_string(),
        ),
        None => (output::TEMPLATE.to_string(), String::new()),
    };
    // Only the months the report shows are decoded (the 48 months up to the quarter, and the
    // months their columns are judged against); the header is read whole, so which months are
    // complete is decided as for the whole file.
    let last = quarter.last_month();
    let first = crate::method::coverage::with_reference(last.offset(-47));
    super::extract_dir(&args.dir)?;
    let (mut ex, pending) = load::open(&args.dir, Window::months(Some(first), Some(last)))?;
    let targets = targets(args.targets.as_deref())?;
    let initiatives = optional_file(args.initiatives.as_ref(), &args.dir, "initiativer.csv")
        .map(|p| inputs::initiatives(&p))
        .transpose()?;
    let benchmarks = optional_file(args.benchmarks.as_ref(), &args.dir, "benchmarks.csv")
        .map(|p| inputs::benchmarks(&p))
        .transpose()?;
    let made =
        make(args, (&mut ex, Some(pending)), quarter, &targets, initiatives.as_ref(), benchmarks.as_ref(), &template)?;
    // Locks are taken only once everything is computed, so a run that fails on its input
    // creates nothing, not even a lock file.
    let store = super::store_path(&args.store, Some(&args.out));
    let _lock = crate::lock::Lock::acquire(&args.out.join(output::DIR_LOCK), args.store.wait)?;
    let _store_lock = if args.no_record { None } else { Some(super::store_lock(&store, args.store.wait)?) };
    let names = output::Names::new(&made.stem, made.built.model.lang);
    let files: Vec<(String, &[u8])> = vec![
        (names.csv.clone(), &made.files.csv[..]),
        (names.xlsx.clone(), &made.files.xlsx[..]),
        (names.pdf.clone(), &made.files.pdf[..]),
        (names.html.clone(), &made.files.html[..]),
    ];
    // The charts in a folder beside the report: always, so a secretary finds them without
    // knowing a flag, and named by the report so two quarters or languages never mix.
    let charts_dir = args.out.join(&names.charts);
    // The chart folder and the report files are one set: decided together before anything is
    // written, so a refused or failed run changes nothing at all.
    let set: Vec<(&Path, &str, &[u8])> = made
        .files
        .charts
        .iter()
        .map(|(n, b)| (charts_dir.as_path(), n.as_str(), &b[..]))
        .chain(files.iter().map(|(n, b)| (args.out.as_path(), n.as_str(), *b)))
        .collect();
    let paths = output::write_set(&set, args.force)?;
    // Recorded after the files are in place: a run killed in between leaves a report that is
    // not yet recorded, never a record of a report that does not exist. Rerunning records it.
    if !args.no_record {
        super::record_report(&store, &ex, &made)?;
    }
    for p in &paths {
        ui::info(&format!("wrote {}", p.display()));
    }
    if paths.is_empty() {
        ui::info(&format!("the report files in {} are already up to date", args.out.display()));
    }
    Ok(())
}

/// Computes and renders the report in memory.
pub fn make(
    args: &ReportArgs,
    (ex, pending): (&mut Extract, Option<load::Pending>),
    quarter: Quarter,
    targets: &Targets,
    initiatives: Option<&inputs::Initiatives>,
    benchmarks: Option<&inputs::Benchmarks>,
    template: &(String, String),
) -> anyhow::Result<Made> {
    super::kommune_arg(ex, args.kommune)?;
    let kommuner: BTreeSet<u16> = ex.spells.iter().flatten().map(|s| s.kommune).collect();
    let kommune = args.kommune.or_else(|| (kommuner.contains(&ODENSE)).then_some(ODENSE));
    let last = quarter.last_month();
    let from = complete_from(ex, quarter)?.max(last.offset(-47));
    let dims =
        [Dimension::Total, Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade, Dimension::Status];
    // The own municipality's cluster of comparable municipalities, when a table is given.
    let klynger =
        optional_file(args.klynger.as_ref(), &args.dir, "klynger.csv").map(|p| inputs::klynger(&p)).transpose()?;
    let cluster = cluster(klynger.as_ref(), kommune, &kommuner);
    ui::progress("computing figures…");
    let counts = crate::kpi::count_for_report(ex, pending, Scope { from, to: last, kommune }, quarter, &dims)?;
    // Once DREAM's rows are read, a month whose columns are there but hold too little is not
    // complete: the quarter cannot be reported, or the series starts after it.
    let from = complete_from(ex, quarter)?.max(from);
    // With several municipalities in the extract, the report compares them.
    let computed = crate::kpi::report_from(
        ex,
        &counts,
        Scope { from, to: last, kommune },
        quarter,
        &dims,
        kommuner.len() > 1,
        cluster.as_ref(),
    );
    super::warn_notes(ex);
    super::warn_unknown_codes(&computed.unknown_codes);
    let date = document_date(quarter)?;
    let scope = super::scope(kommune);
    let lang = if args.lang == "en" { Lang::En } else { Lang::Da };
    // A trial run (--no-record) looks up revisions too, reading the store without changing it,
    // so its report is the one a recorded run makes; a store it cannot read so (another
    // schema version, damaged) is not its business: the report then says it did not look.
    let store = super::store_path(&args.store, Some(&args.out));
    let looked_up = super::revisions(&store, args.no_record, lang, &computed.figures, &scope, &super::series(ex))?;
    let revisions_looked_up = looked_up.is_some();
    let (revisions, revisions_total) = looked_up.unwrap_or_default();
    let own = OwnFiles::of(args, lang, klynger.as_ref())?;
    let inp = Inputs {
        ex,
        figures: &computed.figures,
        pooled: &computed.pooled,
        flows: &computed.flows,
        quarter,
        from,
        kommune,
        kommune_name: kommune_name(kommune),
        targets,
        initiatives,
        benchmarks,
        klynger: klynger.as_ref().zip(cluster.as_ref()).map(|(t, c)| (t.name.clone(), c.0.clone(), c.1.clone())),
        revisions,
        revisions_total,
        revisions_looked_up,
        version: env!("CARGO_PKG_VERSION"),
        settings: settings(lang, quarter, kommune),
        targets_name: own.targets_name,
        own_files: own.files,
        date,
        lang,
        template_name: own.template_name,
        provisional: crate::method::coverage::provisional(ex),
    };
    ui::progress("typesetting…");
    let (built, stem, files) = typeset(args, &inp, template)?;
    Ok(Made { scope, stem, built, quarter, checksum: ex.checksum(), files })
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

/// What determines the content besides the extract, by name and checksum: never a local path
/// or a flag that changes nothing in it (-q, --wait, --no-record, --out, the working
/// directory).
struct OwnFiles {
    /// The user's own files (targets, template, cluster table): name and SHA-256.
    files: Vec<(String, String)>,
    targets_name: String,
    template_name: String,
}

impl OwnFiles {
    fn of(args: &ReportArgs, lang: Lang, klynger: Option<&Klynger>) -> Result<OwnFiles, Error> {
        let mut files = Vec::new();
        let mut named = |path: Option<&PathBuf>, built_in: &str| -> Result<String, Error> {
            match path {
                None => Ok(built_in.to_string()),
                Some(p) => {
                    let file = own_file(p)?;
                    let name = file.0.clone();
                    files.push(file);
                    Ok(name)
                }
            }
        };
        let targets_name = named(
            args.targets.as_ref(),
            lang.t("indbygget (Odenses to effektmål)", "built in (Odense's two targets)"),
        )?;
        let template_name = named(args.template.as_ref(), lang.t("indbygget", "built in"))?;
        if let Some(t) = klynger {
            files.push((t.name.clone(), t.sha256.clone()));
        }
        Ok(OwnFiles { files, targets_name, template_name })
    }
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
fn typeset(
    args: &ReportArgs,
    inp: &Inputs,
    template: &(String, String),
) -> anyhow::Result<(model::Built, String, output::Files)> {
    let built = crate::report::build::build(inp)?;
    let stem = output::stem(inp.quarter, inp.lang);
    let ident = format!("{stem}-{}", &inp.ex.checksum()[..16]);
    let files = output::render(&built, &template.0, inp.date, &ident, &output::Names::new(&stem, built.model.lang))
        .map_err(|e| match &args.template {
            Some(_) => anyhow::Error::new(Error::input(Problem::file(&template.1, format!("{e:#}")))),
            None => e,
        })?;
    Ok((built, stem, files))
}
