//! The command line as the user types it (clap derive). Only what was typed lives here;
//! `cmd::settings` turns it into each command's typed settings, once, before any work.

use crate::kpi::figures::Dimension;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  internal error (a bug, or the machine refused: disk full, no permission)
  2  usage error (wrong arguments, a quarter or month the extract does not cover, an --out
     that is not a directory, a report with other contents without --force)
  3  bad input (a file of the extract or a report input cannot be used, or the store of
     published figures; nothing was written)
  4  locked (another run holds the lock on the store or output directory)";

/// Odense Kommune's employment effect targets from DREAM and population extracts, and the
/// committee's quarterly status report as PDF.
///
/// Computes, month by month, the share of 16–66-year-olds in education or job and the share
/// of work-ready citizens (arbejdsduelige), with breakdowns, the course to the targets and
/// signals; writes the quarterly report for Beskæftigelses- og Socialudvalget.
#[derive(Debug, Parser)]
#[command(name = "effektmaal", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// Only print errors (for cron); `report` and `compute --record` also say what changed
    /// since the last recorded run of the same series (a signal's colour, a revised share).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more detail; repeat for more.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate an extract and print a data-quality summary.
    ///
    /// Exit 0 when the extract can be used, 3 when it cannot (every problem is listed with
    /// its file, line and column).
    Check {
        /// The extract directory (befolkning.csv, dream.csv, optional uddannelse.csv,
        /// beskaeftigelse.csv, ydelseskoder.csv).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Compute both KPIs for every month in a range, with breakdowns.
    Compute(ComputeArgs),
    /// Write an extract as Parquet in the effektmaal layout, validated, for fast later runs.
    ///
    /// Reads any layout (effektmaal, DST, a manifest's) and format (CSV, Parquet, SAS7BDAT),
    /// validates it as `check` does, and writes befolkning.parquet, dream.parquet, … into OUT.
    /// Nothing is written when the extract has a problem (exit 3).
    Convert {
        /// The extract directory to read.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Where to write the Parquet files (must not hold them already).
        #[arg(value_name = "OUT")]
        out: PathBuf,
    },
    /// Write the quarterly status report (PDF, with XLSX and CSV of its figures).
    Report(ReportArgs),
    /// Write a synthetic extract in the input format, calibrated to Odense's published shares.
    Simulate(SimulateArgs),
    /// Show published figures from the store, as published and as revised since.
    History(HistoryArgs),
    /// Replace every pnr in an extract with a keyed hash (HMAC-SHA256).
    ///
    /// The same person gets the same pseudonym in every file. Keep the key secret and the
    /// same between deliveries, so pseudonyms stay stable over time.
    ///
    /// Files are found as the readers find them (any case, either layout, effektmaal.toml).
    /// CSV keeps every byte but the ids; Parquet is written back; SAS7BDAT is written as
    /// Parquet under the same stem (there is no SAS writer). The code map, manifest, country
    /// table, initiativer.csv, benchmarks.csv and klynger.csv are copied; any other file is
    /// refused, and nothing is written.
    Pseudonymize {
        /// A file holding the secret key (at least 32 bytes).
        #[arg(long, value_name = "KEYFILE", env = "EFFEKTMAAL_KEY_FILE")]
        key: PathBuf,
        /// The extract with raw person ids.
        #[arg(value_name = "IN_DIR")]
        input: PathBuf,
        /// Where to write the pseudonymised extract (must not hold the files already).
        #[arg(value_name = "OUT_DIR")]
        output: PathBuf,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// `--by`: a breakdown a user may ask for, by its id (every [`Dimension`] but the total, which
/// is always shown), parsed straight to the dimension so the names are written once, in
/// `kpi`. clap lists, completes and suggests them as it would an enum's.
fn breakdown() -> impl TypedValueParser<Value = Dimension> {
    PossibleValuesParser::new(Dimension::ALL.into_iter().filter(|&d| d != Dimension::Total).map(Dimension::id))
        .map(|id| Dimension::from_id(&id).expect("every possible value is a dimension's id"))
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The store of published figures (SQLite). Default: effektmaal.sqlite beside the reports
    /// (in `report --out`, else in reports/).
    #[arg(long, value_name = "PATH", env = "EFFEKTMAAL_STORE")]
    pub store: Option<PathBuf>,

    /// Seconds to wait for another run's lock before giving up with exit code 4 (0 = do not wait).
    #[arg(long, value_name = "SECONDS", env = "EFFEKTMAAL_WAIT", default_value_t = 0)]
    pub wait: u64,
}

#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// The extract directory.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// First month (YYYY-MM); default: the first month of the latest unbroken run of complete
    /// months of the extract.
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Option<String>,

    /// Last month (YYYY-MM); default: the newest complete month of the extract.
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<String>,

    /// Break down by these dimensions (repeat or separate with commas); the total is always shown.
    #[arg(long, value_name = "DIM", value_delimiter = ',', value_parser = breakdown())]
    pub by: Vec<Dimension>,

    /// Only count residence in this municipality (e.g. 461 for Odense).
    #[arg(long, value_name = "CODE")]
    pub kommune: Option<u16>,

    /// Output format: an aligned table for people, CSV or JSON for programs.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "table")]
    pub format: Format,

    /// Show small cells too (internal analysis only: the output must not be published).
    #[arg(long)]
    pub no_suppression: bool,

    /// Record the figures in the store of published figures, with each target's signal at the
    /// newest month computed, and say on stderr what changed since the run of the same series
    /// recorded last: a signal that changed colour, a total share revised by more than 0.1
    /// percentage points. With -q (for cron) that is all that is said; the figures still go
    /// to stdout (redirect them to a file).
    #[arg(long)]
    pub record: bool,

    /// Targets and signal thresholds (TOML) the recorded signals are judged by, as `report
    /// --targets`; default: the two Odense targets.
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Language of what --record says changed.
    #[arg(long, value_name = "LANG", default_value = "da", value_parser = ["da", "en"])]
    pub lang: String,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The extract directory.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The quarter: 2016K3, 2016-K3, 2016Q3, 2016-Q3 or 2016-3.
    #[arg(long, value_name = "QUARTER")]
    pub quarter: String,

    /// Directory the report files are written to (and, by default, the store of published
    /// figures beside them).
    #[arg(long, value_name = "OUT", default_value = "reports")]
    pub out: PathBuf,

    /// The secretariat's initiatives (CSV: id;fokusomraade;titel;status;igangsat;justering;note).
    /// Default: initiativer.csv in the extract directory, if present.
    #[arg(long, value_name = "FILE")]
    pub initiatives: Option<PathBuf>,

    /// Figures of other municipalities or the country (CSV: kpi;maaned;enhed;andel).
    /// Default: benchmarks.csv in the extract directory, if present.
    #[arg(long, value_name = "FILE")]
    pub benchmarks: Option<PathBuf>,

    /// Clusters of comparable municipalities, such as STAR's (CSV: kommune;klynge, one line per
    /// municipality). The report compares with the own municipality's cluster, computed from
    /// the extract. Default: klynger.csv in the extract directory, if present.
    #[arg(long, value_name = "FILE")]
    pub klynger: Option<PathBuf>,

    /// Targets and signal thresholds (TOML); default: the two Odense targets.
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// A typst template to use instead of the embedded one (see `--print-template`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Print the embedded template and exit, as a start for your own.
    #[arg(long)]
    pub print_template: bool,

    /// Language of the report.
    #[arg(long, value_name = "LANG", default_value = "da", value_parser = ["da", "en"])]
    pub lang: String,

    /// Municipality code the report is about (default: 461, Odense, if present in the extract).
    #[arg(long, value_name = "CODE")]
    pub kommune: Option<u16>,

    /// Replace existing report files for this quarter without asking.
    #[arg(long)]
    pub force: bool,

    /// A trial run: do not record the report's figures in the store (revisions are still
    /// looked up in it, read only, so the report is the same as a recorded one). A recorded
    /// run keeps each target's signal too; with -q (for cron) it prints nothing unless,
    /// against the run of the same series recorded last, a signal changed colour or a total
    /// share was revised by more than 0.1 percentage points: then one line for each change.
    #[arg(long)]
    pub no_record: bool,

    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Number of persons in the extract (Odense: about 135 000 aged 16–66 over the years).
    #[arg(long, value_name = "N")]
    pub persons: usize,
    /// First month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub from: String,
    /// Last month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub to: String,
    /// Seed of the random generator: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Directory to write the extract to (must not hold the files already).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A national extract: the 98 municipalities (codes, names and populations from the
    /// shipped table, docs/kommuner.md), persons in proportion to their populations, each
    /// municipality's level and moves between them; Odense stays calibrated. Written as it is
    /// made, so millions of persons fit in memory.
    #[arg(long)]
    pub national: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this KPI (uddannelse_job, arbejdsduelige).
    #[arg(long, value_name = "ID")]
    pub kpi: Option<String>,
    /// First month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Option<String>,
    /// Last month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
