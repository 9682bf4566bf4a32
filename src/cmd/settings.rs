//! A command's settings, resolved once from what was typed (`cli`), before any work: months and
//! quarters parsed, the user's own files (targets, template, initiatives, benchmarks, cluster
//! table) read and checked, default files found, the document date and the store's path
//! decided. Each command's `run` takes its settings and does only work (ripgrep's `LowArgs` →
//! `HiArgs`, just's `Config::from_arguments`).
//!
//! So an error in a setting (a quarter or month that is not one, --from after --to, a targets
//! file or template that cannot be read, an --out that is a file) is raised before the extract
//! is opened, whatever is wrong with the extract; the extract directory's existence is checked
//! last, and what can only be judged against the extract (a --kommune it holds no residents of, a
//! month it does not cover) is judged once it is read.
//!
//! One type per command, not one for all: the commands share few settings, and a type of its
//! own says at compile time what a command has (a compute has no quarter, a report no --by).
//! `check`, `convert` and `pseudonymize` take only paths, with nothing to resolve: they have
//! none.

use crate::cli::{ComputeArgs, Format, HistoryArgs, ReportArgs, SimulateArgs, StoreArgs};
use crate::error::{Error, Problem};
use crate::extract::typed::Window;
use crate::kpi::figures::Dimension;
use crate::kpi::targets::Targets;
use crate::method::calendar::{Month, Quarter};
use crate::method::coverage;
use crate::report::inputs::{self, Benchmarks, Initiatives, Klynger};
use crate::report::model::Lang;
use crate::report::output;
use crate::simulate::SimOptions;
use std::path::{Path, PathBuf};

/// `effektmaal compute`'s settings.
pub struct ComputeSettings {
    pub dir: PathBuf,
    /// `--from` and `--to` as asked for; the range computed is decided against the extract.
    pub from: Option<Month>,
    pub to: Option<Month>,
    /// The months decoded: with --from or --to, only the quarters of the months asked for.
    pub window: Window,
    pub by: Vec<Dimension>,
    pub kommune: Option<u16>,
    pub format: Format,
    /// False with `--no-suppression`.
    pub suppression: bool,
    /// With `--record`: the store the figures are recorded in.
    pub record: Option<StoreAt>,
    /// The targets the recorded signals are judged by.
    pub targets: Targets,
    /// The language of what a recording says changed.
    pub lang: Lang,
}

/// A store of published figures, and how long to wait for its lock.
pub struct StoreAt {
    pub path: PathBuf,
    pub wait: u64,
}

impl ComputeSettings {
    pub fn from_args(args: &ComputeArgs) -> Result<ComputeSettings, Error> {
        if args.record && args.no_suppression {
            return Err(Error::Usage(
                "--record keeps figures as published, so it cannot be combined with --no-suppression".into(),
            ));
        }
        let (from, to) = month_args(args.from.as_deref(), args.to.as_deref())?;
        in_order(from, to)?;
        // With --from or --to, only the quarters of the months asked for are decoded (the header
        // is read whole, so the months' completeness is judged as without them): disclosure
        // control decides a quarter's cells together.
        let window = if from.is_some() || to.is_some() {
            Window::months(
                from.map(|m| coverage::with_reference(Quarter::of(m).first_month())),
                to.map(|m| Quarter::of(m).last_month()),
            )
        } else {
            Window::default()
        };
        let record = args.record.then(|| StoreAt { path: store_path(&args.store, None), wait: args.store.wait });
        let targets = targets(args.targets.as_deref())?;
        extract_dir(&args.dir)?;
        Ok(ComputeSettings {
            dir: args.dir.clone(),
            from,
            to,
            window,
            by: args.by.clone(),
            kommune: args.kommune,
            format: args.format,
            suppression: !args.no_suppression,
            record,
            targets,
            lang: lang_arg(&args.lang),
        })
    }
}

/// `effektmaal report`'s settings.
pub struct ReportSettings {
    pub dir: PathBuf,
    pub quarter: Quarter,
    /// The months decoded: the 48 up to the quarter, and those their columns are judged against.
    pub window: Window,
    pub out: PathBuf,
    pub lang: Lang,
    /// `--kommune` as asked for; the default (Odense, when the extract holds it) is the extract's.
    pub kommune: Option<u16>,
    pub targets: Targets,
    pub template: Template,
    pub initiatives: Option<Initiatives>,
    pub benchmarks: Option<Benchmarks>,
    pub klynger: Option<Klynger>,
    /// The files the appendix names, by name and checksum.
    pub own: OwnFiles,
    /// The document date (see [`document_date`]).
    pub date: chrono::NaiveDate,
    /// The store of published figures (read for revisions even with `--no-record`).
    pub store: StoreAt,
    pub record: bool,
    pub force: bool,
}

/// The typst template a report is set with.
pub struct Template {
    pub text: String,
    /// The user's own file, as given: a typesetting error is then an error in that input.
    pub file: Option<String>,
}

impl Template {
    fn of(path: Option<&Path>) -> Result<Template, Error> {
        match path {
            None => Ok(Template { text: output::TEMPLATE.to_string(), file: None }),
            Some(p) => Ok(Template {
                text: std::fs::read_to_string(p).map_err(|e| {
                    Error::input(Problem::file(&p.display().to_string(), format!("the template cannot be read: {e}")))
                })?,
                file: Some(p.display().to_string()),
            }),
        }
    }
}

impl ReportSettings {
    pub fn from_args(args: &ReportArgs) -> anyhow::Result<ReportSettings> {
        // An --out that is a file is known before anything is read or computed.
        output::not_a_directory(&args.out)?;
        let quarter = quarter_arg(&args.quarter)?;
        let template = Template::of(args.template.as_deref())?;
        let targets = targets(args.targets.as_deref())?;
        let initiatives = optional_file(args.initiatives.as_ref(), &args.dir, "initiativer.csv")
            .map(|p| inputs::initiatives(&p))
            .transpose()?;
        let benchmarks = optional_file(args.benchmarks.as_ref(), &args.dir, "benchmarks.csv")
            .map(|p| inputs::benchmarks(&p))
            .transpose()?;
        let settings = ReportSettings::with(args, quarter, targets, initiatives, benchmarks, template)?;
        extract_dir(&args.dir)?;
        Ok(settings)
    }

    /// The rest of the settings `args` give, with the quarter, targets, initiatives,
    /// benchmarks and template already read.
    fn with(
        args: &ReportArgs,
        quarter: Quarter,
        targets: Targets,
        initiatives: Option<Initiatives>,
        benchmarks: Option<Benchmarks>,
        template: Template,
    ) -> Result<ReportSettings, Error> {
        let lang = lang_arg(&args.lang);
        let klynger =
            optional_file(args.klynger.as_ref(), &args.dir, "klynger.csv").map(|p| inputs::klynger(&p)).transpose()?;
        let date = document_date(quarter)?;
        let own = OwnFiles::of(args, lang, klynger.as_ref())?;
        let last = quarter.last_month();
        Ok(ReportSettings {
            dir: args.dir.clone(),
            quarter,
            window: Window::months(Some(coverage::with_reference(last.offset(-47))), Some(last)),
            out: args.out.clone(),
            lang,
            kommune: args.kommune,
            targets,
            template,
            initiatives,
            benchmarks,
            klynger,
            own,
            date,
            store: StoreAt { path: store_path(&args.store, Some(&args.out)), wait: args.store.wait },
            record: !args.no_record,
            force: args.force,
        })
    }
}

/// `effektmaal simulate`'s settings.
pub struct SimulateSettings {
    pub options: SimOptions,
    pub out: PathBuf,
    pub national: bool,
}

impl SimulateSettings {
    pub fn from_args(args: &SimulateArgs) -> Result<SimulateSettings, Error> {
        let from = month_arg("--from", &args.from)?;
        let to = month_arg("--to", &args.to)?;
        in_order(Some(from), Some(to))?;
        if args.persons == 0 {
            return Err(Error::Usage("--persons must be at least 1".into()));
        }
        Ok(SimulateSettings {
            options: SimOptions { persons: args.persons, from, to, seed: args.seed },
            out: args.out.clone(),
            national: args.national,
        })
    }
}

/// `effektmaal history`'s settings.
pub struct HistorySettings {
    pub kpi: Option<String>,
    /// `--from` and `--to` as the store writes months.
    pub from: Option<String>,
    pub to: Option<String>,
    pub format: Format,
    /// The store read: one that exists.
    pub store: PathBuf,
}

impl HistorySettings {
    pub fn from_args(args: &HistoryArgs) -> Result<HistorySettings, Error> {
        if let Some(k) = &args.kpi
            && crate::method::status::Kpi::from_id(k).is_none()
        {
            return Err(Error::Usage(format!("--kpi {k:?} is not a KPI: expected uddannelse_job or arbejdsduelige")));
        }
        let (from, to) = month_args(args.from.as_deref(), args.to.as_deref())?;
        let store = store_path(&args.store, None);
        if !store.exists() {
            return Err(Error::Usage(format!(
                "there is no store at {}: record figures with compute --record or report first (a report's store \
                 is beside it in --out; give --store PATH for another)",
                store.display()
            )));
        }
        Ok(HistorySettings {
            kpi: args.kpi.clone(),
            from: from.map(|m| m.to_string()),
            to: to.map(|m| m.to_string()),
            format: args.format,
            store,
        })
    }
}

/// `--lang`: clap allows only da and en.
fn lang_arg(value: &str) -> Lang {
    if value == "en" { Lang::En } else { Lang::Da }
}

/// The extract directory given must exist: a path that does not is a wrong argument (exit 2),
/// said as such, before anything is read.
pub fn extract_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        return Ok(());
    }
    Err(Error::Usage(format!("{}: the extract directory does not exist", dir.display())))
}

/// Parses a month argument, naming the flag when it is wrong.
pub fn month_arg(flag: &str, value: &str) -> Result<Month, Error> {
    Month::parse(value)
        .ok_or_else(|| Error::Usage(format!("{flag} {value:?} is not a month: expected YYYY-MM, e.g. 2016-08")))
}

/// `--from` and `--to`, each parsed when given.
fn month_args(from: Option<&str>, to: Option<&str>) -> Result<(Option<Month>, Option<Month>), Error> {
    Ok((from.map(|v| month_arg("--from", v)).transpose()?, to.map(|v| month_arg("--to", v)).transpose()?))
}

/// A --from after the --to given is a wrong argument.
fn in_order(from: Option<Month>, to: Option<Month>) -> Result<(), Error> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(Error::Usage(format!("--from {from} comes after --to {to}"))),
        _ => Ok(()),
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

/// The targets: the file given, read and checked, else Odense's two.
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

/// A file given by flag, else the default name in the extract directory if present.
fn optional_file(flag: Option<&PathBuf>, dir: &Path, default: &str) -> Option<PathBuf> {
    flag.cloned().or_else(|| Some(dir.join(default)).filter(|p| p.is_file()))
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

/// What determines the content besides the extract, by name and checksum: never a local path
/// or a flag that changes nothing in it (-q, --wait, --no-record, --out, the working
/// directory).
pub struct OwnFiles {
    /// The user's own files (targets, template, cluster table): name and SHA-256.
    pub files: Vec<(String, String)>,
    pub targets_name: String,
    pub template_name: String,
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

/// The store's file name, beside the reports by default.
pub const STORE_FILE: &str = "effektmaal.sqlite";

/// Where the store of published figures is: `--store` (or `EFFEKTMAAL_STORE`), else beside
/// the reports it records, in `out` (`report --out`), or in `reports/` for `compute` and
/// `history`, the directory `report` writes to by default.
pub fn store_path(store: &StoreArgs, out: Option<&Path>) -> PathBuf {
    match &store.store {
        Some(p) => p.clone(),
        None => out.unwrap_or(Path::new("reports")).join(STORE_FILE),
    }
}
