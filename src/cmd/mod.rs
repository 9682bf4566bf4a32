//! One file per subcommand: glue between what was typed (`cli`) and the library.

pub mod check;
pub mod compute;
pub mod convert;
pub mod history;
pub mod man;
pub mod pseudonymize;
pub mod quiet;
pub mod report;
pub mod settings;
pub mod simulate;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::extract::load::Extract;
use crate::kpi::figures::{Dimension, Figure};
use crate::method::calendar::Month;
use crate::method::coverage;
use crate::method::status::Kpi;
use crate::report::lang::Lang;
use crate::report::model::RevisionRow;
use crate::store::{Record, Run, Store};
use settings::{ComputeSettings, HistorySettings, ReportSettings, SimulateSettings};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    crate::ui::set_level(if cli.quiet { -1 } else { cli.verbose.min(100) as i8 });
    match cli.command {
        Command::Check { dir } => check::run(&dir),
        // Each command's settings are resolved whole before it does any work.
        Command::Compute(args) => compute::run(&ComputeSettings::from_args(&args)?),
        Command::Convert { dir, out } => convert::run(&dir, &out),
        Command::Simulate(args) => simulate::run(&SimulateSettings::from_args(&args)?),
        Command::Report(args) if args.print_template => {
            print!("{}", crate::report::output::TEMPLATE);
            Ok(())
        }
        Command::Report(args) => report::run(&ReportSettings::from_args(&args)?),
        Command::History(args) => history::run(&HistorySettings::from_args(&args)?),
        Command::Pseudonymize { key, input, output } => pseudonymize::run(&key, &input, &output),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "effektmaal", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => man::write(&mut std::io::stdout()),
    }
}

/// Resolves `--from`/`--to` (parsed, and in order when both are given: [`ComputeSettings`])
/// against what the extract covers: by default the latest unbroken run of complete months (see
/// [`coverage`]); a month asked for that is not complete is a usage error that says what it
/// lacks. A month filled in never comes out of order with the one given. Called before DREAM's
/// rows are read (months judged by their columns) and again after (by what the columns hold
/// too), when `warn` says why months the default range would have held are left out.
pub fn month_range(
    ex: &Extract,
    from_arg: Option<Month>,
    to_arg: Option<Month>,
    warn: bool,
) -> Result<(Month, Month), Error> {
    let default = coverage::default_range(ex);
    let (from, to) = match (from_arg, to_arg) {
        (Some(f), Some(t)) => (f, t),
        // Up to the newest complete month; a --from after it asks for that month alone.
        (Some(f), None) => (f, default.map_or(f, |d| d.1.max(f))),
        // Back from --to as far as the complete months run unbroken.
        (None, Some(t)) => (coverage::run_containing(ex, t).map_or(t, |r| r.0), t),
        (None, None) => default.ok_or_else(|| Error::Usage(no_complete_month(ex)))?,
    };
    coverage::check_range(ex, from, to).map_err(Error::Usage)?;
    if warn && from_arg.is_none() && to_arg.is_none() {
        warn_gaps(ex);
        warn_unfilled(ex, to);
    }
    Ok((from, to))
}

/// Warns about the months after the default range whose columns are there but hold too
/// little (DREAM's newest employment degrees, typically): they are left out.
fn warn_unfilled(ex: &Extract, to: Month) {
    let Some((_, last)) = ex.months_covered() else { return };
    for m in (to.index() + 1..=last.index()).map(Month::from_index) {
        let why = coverage::missing(ex, m);
        if coverage::header_missing(ex, m).is_empty() && !why.is_empty() {
            crate::ui::warn(&format!("{m} is left out: {}", why.join("; ")));
        }
    }
}

/// Why the extract has no month to compute: the first reason of its first month.
pub fn no_complete_month(ex: &Extract) -> String {
    let first = ex.months_covered().map(|(a, _)| a);
    let why = first.map(|m| format!(" ({m}: {})", coverage::missing(ex, m).join("; "))).unwrap_or_default();
    format!("the extract covers no complete month: each needs a DREAM column for every week and employment data{why}")
}

/// Warns about incomplete months inside the extract's period that the default range leaves out.
pub fn warn_gaps(ex: &Extract) {
    let gaps = coverage::gaps(ex);
    if let (Some(first), Some((lo, _))) = (gaps.first(), coverage::default_range(ex)) {
        crate::ui::warn(&format!(
            "{} incomplete month{} inside the extract's period (first {first}: {}); months before {lo} are left out",
            gaps.len(),
            if gaps.len() == 1 { "" } else { "s" },
            coverage::missing(ex, *first).join("; ")
        ));
    }
}

/// Checks `--kommune`: a municipality the extract holds, else a usage error naming those it does.
pub fn kommune_arg(ex: &Extract, kommune: Option<u16>) -> Result<(), Error> {
    let Some(k) = kommune else { return Ok(()) };
    let held: std::collections::BTreeSet<u16> = ex.spells.iter().flatten().map(|s| s.kommune).collect();
    if held.contains(&k) {
        return Ok(());
    }
    let list: Vec<String> = held.iter().take(20).map(|k| k.to_string()).collect();
    Err(Error::Usage(format!(
        "--kommune {k}: the extract holds no residence in municipality {k}; it holds {}{}",
        list.join(", "),
        if held.len() > 20 { format!(" and {} more", held.len() - 20) } else { String::new() }
    )))
}

/// Prints the loader's warnings (columns ignored, repairs made) and what the method had to
/// decide about the data.
pub fn warn_notes(ex: &Extract) {
    for n in &ex.notes {
        crate::ui::warn(n);
    }
    let two = ex.stats.persons_in_two_municipalities;
    if two > 0 {
        crate::ui::warn(&format!(
            "{two} person{} resident in two municipalities at the same time: each week counted once, where the spell that began last is (effektmaal check lists them)",
            if two == 1 { " is" } else { "s are" }
        ));
    }
    for (code, status) in ex.codemap.method_overrides() {
        crate::ui::warn(&format!(
            "the code map counts code {code} as {}: the method takes such persons out of the population (997–999); the report's appendix says so",
            status.id()
        ));
    }
    let clipped = ex.stats.spells_clipped_to_birth;
    if clipped > 0 {
        crate::ui::detail(&format!("{clipped} residence spells began before the birth date and were clipped to it"));
    }
}

/// Warns about benefit codes the code map does not know; they were counted as `oevrige`.
pub fn warn_unknown_codes(unknown_codes: &std::collections::BTreeMap<u16, u64>) {
    for (code, weeks) in unknown_codes {
        crate::ui::warn(&format!(
            "benefit code {code} is not in the code map: {weeks} person-weeks counted as oevrige (add it to ydelseskoder.csv)"
        ));
    }
}

/// The scope figures are recorded under: the municipality code, or "alle".
pub fn scope(kommune: Option<u16>) -> String {
    kommune.map(|k| k.to_string()).unwrap_or_else(|| "alle".to_string())
}

/// The wall clock, read only here at the edge: when a run was recorded in the store.
pub fn now_iso() -> String {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

fn round4(v: Option<f64>) -> Option<f64> {
    v.map(|x| crate::numfmt::round(x, 4))
}

/// The lock that guards a store: a file beside it.
pub fn store_lock(store: &std::path::Path, wait: u64) -> anyhow::Result<crate::lock::Lock> {
    let mut name = store.as_os_str().to_owned();
    name.push(".lock");
    crate::lock::Lock::acquire(std::path::Path::new(&name), wait)
}

/// The series of deliveries an extract belongs to: figures revise only figures of the same
/// series (and the same municipality). A series is what the figures are measured on, not how
/// the files are delivered: the municipalities the extract holds residents of, and which of
/// the optional registers (education, employment beyond DREAM) it holds. A later delivery of
/// the same kind, in any layout or format (a converted copy too), is the same series; an
/// extract of other municipalities, or one with another register, starts a series of its own.
/// A short hash of those, so the store holds it in a few characters.
pub fn series(ex: &Extract) -> String {
    let kommuner: std::collections::BTreeSet<u16> = ex.spells.iter().flatten().map(|s| s.kommune).collect();
    let registers: std::collections::BTreeSet<&str> =
        ex.sources.iter().map(|s| s.kind).filter(|k| matches!(*k, "uddannelse" | "beskaeftigelse")).collect();
    let text = format!(
        "kommuner={};registre={}",
        kommuner.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(","),
        registers.into_iter().collect::<Vec<_>>().join(",")
    );
    blake3::hash(text.as_bytes()).to_hex()[..12].to_string()
}

/// The published share of a target's subject in a month: the scope's total, or a group's (the
/// same figures `compute --record` and the report record), `None` when hidden or not computed.
pub fn subject_share(figures: &[Figure], t: &crate::kpi::targets::Subject, m: Month) -> Option<f64> {
    figures
        .iter()
        .find(|f| f.measure.id() == t.kpi.id() && f.period == m && f.dimension == t.dimension && f.group == t.group)
        .and_then(|f| f.published().2)
}

/// Records `compute --record` figures in the store (as published: suppressed parts empty),
/// with the targets' signals at `last`, and says what changed since the series' last run.
pub fn record_compute(
    s: &ComputeSettings,
    at: &settings::StoreAt,
    ex: &Extract,
    figures: &[Figure],
    last: Month,
) -> anyhow::Result<()> {
    let kommune = s.kommune;
    let path = &at.path;
    let _lock = store_lock(path, at.wait)?;
    let mut store = Store::open(path)?;
    let provisional = coverage::provisional(ex);
    let records: Vec<Record> = figures
        .iter()
        .map(|f| {
            let (n, d, s) = f.published();
            Record {
                provisional: Some(f.period) == provisional,
                kpi: f.measure.id().into(),
                month: f.period.to_string(),
                dimension: f.dimension.id().into(),
                group: f.group.clone(),
                numerator: round4(n),
                denominator: round4(d),
                share: round4(s),
            }
        })
        .collect();
    let sha = ex.checksum();
    let now = now_iso();
    let scope = scope(kommune);
    let series = series(ex);
    let run = Run {
        kind: "compute",
        report: "",
        scope: &scope,
        series: &series,
        extract_sha: &sha,
        version: env!("CARGO_PKG_VERSION"),
        made_at: &now,
    };
    let judged = crate::kpi::judge::signals(&s.targets, &|t, m| subject_share(figures, t, m), last);
    let signals = quiet::records(&judged);
    let r = store.record(&run, &records, &signals)?;
    crate::ui::info(&format!(
        "recorded in {}: {} new figures, {} revised, {} unchanged",
        path.display(),
        r.new_figures,
        r.new_revisions,
        r.unchanged
    ));
    quiet::speak(s.lang, &r, &signals);
    Ok(())
}

/// The periods (as a report names them) that hold the provisional month: the month itself and
/// its quarter.
pub fn provisional_periods(ex: &Extract) -> Vec<String> {
    coverage::provisional(ex)
        .map(|m| vec![m.to_string(), crate::method::calendar::Quarter::of(m).stem()])
        .unwrap_or_default()
}

/// Records the figures a report shows, that they appeared in it, and its signals; says in
/// `lang` what changed since the series' last report.
pub fn record_report(path: &std::path::Path, ex: &Extract, made: &report::Made, lang: Lang) -> anyhow::Result<()> {
    let mut store = Store::open(path)?;
    let provisional = provisional_periods(ex);
    let records: Vec<Record> = made
        .built
        .published
        .iter()
        .filter(|p| !p.section.starts_with('1'))
        .map(|p| Record {
            provisional: provisional.contains(&p.period),
            kpi: p.kpi.clone(),
            month: p.period.clone(),
            dimension: p.dimension.clone(),
            group: p.group.clone(),
            numerator: round4(p.numerator),
            denominator: round4(p.denominator),
            share: round4(p.share_pct),
        })
        .collect();
    let sha = ex.checksum();
    let now = now_iso();
    let series = series(ex);
    let run = Run {
        kind: "report",
        report: &made.stem,
        scope: &made.scope,
        series: &series,
        extract_sha: &sha,
        version: env!("CARGO_PKG_VERSION"),
        made_at: &now,
    };
    let signals = quiet::records(&made.signals);
    let r = store.record(&run, &records, &signals)?;
    crate::ui::detail(&format!(
        "recorded in {}: {} new figures, {} revised, {} unchanged",
        path.display(),
        r.new_figures,
        r.new_revisions,
        r.unchanged
    ));
    quiet::speak(lang, &r, &signals);
    Ok(())
}

/// A published share revised by more than this many percentage points is a revision worth
/// telling: the report lists it, and a quiet run (`-q`) says it.
pub const REVISION_THRESHOLD_PP: f64 = 0.1;

/// At most this many revisions are listed in a report, the largest first; `history` has all.
pub const REVISIONS_SHOWN: usize = 12;

/// Total figures published in earlier reports (same scope and series) whose value now differs
/// by more than [`REVISION_THRESHOLD_PP`]: the largest [`REVISIONS_SHOWN`], largest first (ties
/// by KPI and month), and how many there are in all. `None` when the store cannot be read without changing it
/// (`--no-record` on a store of another schema version, or a damaged one): the report then
/// says it did not look. A store that does not exist yet holds no publications.
pub fn revisions(
    path: &std::path::Path,
    read_only: bool,
    lang: Lang,
    figures: &[Figure],
    scope: &str,
    series: &str,
) -> anyhow::Result<Option<(Vec<RevisionRow>, usize)>> {
    if !path.exists() {
        return Ok(Some((Vec::new(), 0)));
    }
    let published = if read_only {
        match Store::open_read_only(path).and_then(|s| s.published_in_reports(scope, series)) {
            Ok(p) => p,
            Err(_) => return Ok(None),
        }
    } else {
        Store::open(path)?.published_in_reports(scope, series)?
    };
    let l = lang;
    let mut out: Vec<(f64, RevisionRow)> = Vec::new();
    for (kpi, month, old, when, report) in published {
        let Some(now) = figures
            .iter()
            .find(|f| f.measure.id() == kpi && f.period.to_string() == month && f.dimension == Dimension::Total)
            .and_then(|f| f.published().2)
        else {
            continue;
        };
        if (now - old).abs() > REVISION_THRESHOLD_PP + 1e-9 {
            let n = |x: f64| l.pct(x);
            let short = match Kpi::from_id(&kpi) {
                Some(Kpi::UddannelseJob) => l.t("Uddannelse eller job", "Education or job").to_string(),
                Some(Kpi::Arbejdsduelige) => l.t("Arbejdsduelige", "Work-ready").to_string(),
                None => kpi,
            };
            out.push((
                // The size as printed, so rows that print the same change tie, and ties go by
                // KPI and month.
                crate::numfmt::round((now - old).abs(), 1),
                RevisionRow {
                    kpi: short,
                    month,
                    published: n(old),
                    revised: n(now),
                    change: l.pp(now - old),
                    when: format!("{} ({})", when.get(..10).unwrap_or(&when), report.trim_start_matches("effektmaal-")),
                },
            ));
        }
    }
    let total = out.len();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (&a.1.kpi, &a.1.month).cmp(&(&b.1.kpi, &b.1.month))));
    out.truncate(REVISIONS_SHOWN);
    Ok(Some((out.into_iter().map(|x| x.1).collect(), total)))
}
