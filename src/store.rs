//! The record of published figures: an SQLite database that keeps every figure `compute
//! --record` or `report` produced, with the extract's checksum, the program version, when it
//! was made and which report it appeared in. History is never overwritten: a figure that
//! changes with a new extract gets a new revision; a value hidden by disclosure control is
//! never a revision (see [`revises`]). Recording the same run twice changes nothing. Each run is recorded in one transaction, so a killed run leaves the store as it
//! was before it.
//!
//! Schema versions (`PRAGMA user_version`): 1 kept one flat row per recorded figure; 2 has
//! runs, figure revisions and the reports figures appeared in; 3 (this version) marks a
//! revision provisional when its month was the extract's newest (DREAM's late registrations
//! still move it), so `history` shows how a figure moved when it became final; 4 keeps the
//! series of deliveries a figure came from (`cmd::series`): a figure revises only figures of
//! the same municipality and series, so two unrelated extracts recorded in one store never
//! revise each other. Figures recorded before series were kept (series '') are taken to be of
//! the first series recorded for their municipality after the upgrade; 5 keeps each run's
//! signals (one per target: the month judged, its colour, value and course) and numbers the
//! recordings (`run.recorded`), so a quiet run compares with the run of its series recorded
//! last, even when that was an older extract recorded again. Older stores are upgraded in
//! place; a store from a newer version is refused.

use crate::error::{Error, Problem};
use anyhow::Context as _;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};

pub const SCHEMA_VERSION: i64 = 5;

/// Schema 1, kept so the migration can be tested against a real old store.
pub const SCHEMA_V1: &str = "
CREATE TABLE figure (
    kpi TEXT NOT NULL, month TEXT NOT NULL, dimension TEXT NOT NULL, grp TEXT NOT NULL,
    numerator REAL, denominator REAL, share REAL,
    extract_sha TEXT NOT NULL, version TEXT NOT NULL, made_at TEXT NOT NULL, report TEXT
);
PRAGMA user_version = 1;
";

const SCHEMA_V2: &str = "
CREATE TABLE run (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- compute | report
    report TEXT NOT NULL,          -- report file stem, '' for compute
    scope TEXT NOT NULL,           -- municipality code the figures are about, or 'alle'
    extract_sha TEXT NOT NULL,
    version TEXT NOT NULL,
    made_at TEXT NOT NULL,
    UNIQUE (kind, report, scope, extract_sha, version)
);
CREATE TABLE revision (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    kpi TEXT NOT NULL, month TEXT NOT NULL, dimension TEXT NOT NULL, grp TEXT NOT NULL,
    revision INTEGER NOT NULL,
    numerator REAL, denominator REAL, share REAL,
    run_id INTEGER NOT NULL REFERENCES run(id),
    UNIQUE (scope, kpi, month, dimension, grp, revision)
);
CREATE TABLE appearance (
    revision_id INTEGER NOT NULL REFERENCES revision(id),
    run_id INTEGER NOT NULL REFERENCES run(id),
    PRIMARY KEY (revision_id, run_id)
);
";

/// 2 → 3: revisions say whether their month was provisional (all older ones count as final).
const SCHEMA_V3: &str = "ALTER TABLE revision ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;";

/// 3 → 4: runs and revisions name their series of deliveries, and a figure's revisions are
/// numbered within its series (the table is remade, as SQLite cannot change a constraint).
const SCHEMA_V4: &str = "
ALTER TABLE run ADD COLUMN series TEXT NOT NULL DEFAULT '';
CREATE TABLE revision_v4 (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    series TEXT NOT NULL DEFAULT '',
    kpi TEXT NOT NULL, month TEXT NOT NULL, dimension TEXT NOT NULL, grp TEXT NOT NULL,
    revision INTEGER NOT NULL,
    numerator REAL, denominator REAL, share REAL,
    run_id INTEGER NOT NULL REFERENCES run(id),
    provisional INTEGER NOT NULL DEFAULT 0,
    UNIQUE (scope, series, kpi, month, dimension, grp, revision)
);
INSERT INTO revision_v4 (id, scope, series, kpi, month, dimension, grp, revision, numerator, denominator, share, run_id, provisional)
    SELECT id, scope, '', kpi, month, dimension, grp, revision, numerator, denominator, share, run_id, provisional FROM revision;
DROP TABLE revision;
ALTER TABLE revision_v4 RENAME TO revision;
";

/// 4 → 5: each run's signals, and the order runs were last recorded in (older runs in the
/// order they were first recorded).
const SCHEMA_V5: &str = "
ALTER TABLE run ADD COLUMN recorded INTEGER NOT NULL DEFAULT 0;
UPDATE run SET recorded = id;
CREATE TABLE signal (
    run_id INTEGER NOT NULL REFERENCES run(id),
    target TEXT NOT NULL,          -- the target's key: the KPI's id, e.g. uddannelse_job
    month TEXT NOT NULL,           -- the month judged
    colour TEXT NOT NULL,          -- green | yellow | red
    value REAL NOT NULL,
    course REAL NOT NULL,
    PRIMARY KEY (run_id, target)
);
";

/// The steps from each schema to the next: `STEPS[i]` takes a store of schema `i + 1` to
/// `i + 2`. A new schema is one more step here, and every older store takes it.
const STEPS: [&str; 4] = [SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5];
const _: () = assert!(STEPS.len() as i64 == SCHEMA_VERSION - 1, "a step for every schema after the first");

/// Takes a store of schema `from` (1 for a new one, whose tables are made from schema 2 on) to
/// the current schema.
fn upgrade(tx: &rusqlite::Transaction, from: i64) -> rusqlite::Result<()> {
    for step in &STEPS[(from - 1) as usize..] {
        tx.execute_batch(step)?;
    }
    Ok(())
}

/// One figure to record: suppressed parts are `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The month was the newest complete month of the extract: provisional.
    pub provisional: bool,
    pub kpi: String,
    pub month: String,
    pub dimension: String,
    pub group: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub share: Option<f64>,
}

/// A run to record.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    pub kind: &'a str,
    pub report: &'a str,
    /// The municipality code the figures are about, or "alle": figures of different scopes
    /// are different series and never revise each other.
    pub scope: &'a str,
    /// The series of deliveries the extract belongs to (`cmd::series`): figures revise only
    /// figures of the same series.
    pub series: &'a str,
    pub extract_sha: &'a str,
    pub version: &'a str,
    pub made_at: &'a str,
}

/// A target's signal as a run recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalRecord {
    /// The target's key ([`crate::kpi::targets::Subject::key`]).
    pub target: String,
    pub month: String,
    /// green, yellow or red.
    pub colour: String,
    pub value: f64,
    pub course: f64,
}

/// A figure whose share this recording revised: the share recorded last, and the new one.
#[derive(Debug, Clone, PartialEq)]
pub struct Revised {
    pub kpi: String,
    pub month: String,
    pub dimension: String,
    pub group: String,
    pub old: f64,
    pub new: f64,
}

/// What a recording did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Recorded {
    pub new_figures: usize,
    pub new_revisions: usize,
    pub unchanged: usize,
    /// The figures whose shown share this recording revised (a share shown for the first
    /// time, or hidden now, is not among them).
    pub revised: Vec<Revised>,
    /// The signals of the run of the same kind, municipality and series recorded last before
    /// this recording (empty when there is none).
    pub signals_before: Vec<SignalRecord>,
}

/// A row of `history`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub scope: String,
    pub series: String,
    pub kpi: String,
    pub month: String,
    pub revision: i64,
    pub share: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub provisional: bool,
    pub made_at: String,
    pub extract_sha: String,
    pub reports: String,
}

/// A total figure as first published in a report: (kpi, month, share, when, report).
pub type Publication = (String, String, f64, String, String);

/// Numerator, denominator, share.
type Values = (Option<f64>, Option<f64>, Option<f64>);

pub struct Store {
    conn: Connection,
    pub path: PathBuf,
}

/// An error of the store, naming its path. A store that cannot be read as one (damaged, not an
/// SQLite file, not made by effektmaal) is bad input, exit 3, like any input that cannot be
/// used; the machine refusing (no space, no permission, a read-only disk) is not the store's
/// fault, and stays an internal error (exit 1) with the path.
fn err(path: &Path, e: anyhow::Error) -> anyhow::Error {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase, Unknown};
    if e.downcast_ref::<Error>().is_some() {
        return e;
    }
    let unreadable = match e.downcast_ref::<rusqlite::Error>() {
        Some(rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..)) => true,
        // SQLITE_ERROR here is a table or column missing: not this program's schema.
        Some(q) => matches!(q.sqlite_error_code(), Some(DatabaseCorrupt | NotADatabase | Unknown)),
        None => false,
    };
    if unreadable {
        return Error::input(Problem::file(
            &path.display().to_string(),
            format!(
                "the store of published figures cannot be read: {e}; restore it from a backup or use another --store \
                 (report --no-record does not use the store)"
            ),
        ))
        .into();
    }
    e.context(format!("store {}", path.display()))
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => false,
    }
}

impl Store {
    /// Opens (creating if needed) and upgrades the store.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let open = || -> anyhow::Result<Store> {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("creating the directory {}", dir.display()))?;
            }
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(30))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            let mut store = Store { conn, path: path.to_path_buf() };
            store.migrate()?;
            Ok(store)
        };
        open().map_err(|e| err(path, e))
    }

    /// Runs `f` on the store, naming the store in its errors (see [`err`]).
    fn with<T>(&self, f: impl FnOnce(&Connection) -> anyhow::Result<T>) -> anyhow::Result<T> {
        f(&self.conn).map_err(|e| err(&self.path, e))
    }

    pub fn schema_version(&self) -> anyhow::Result<i64> {
        self.with(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    fn migrate(&mut self) -> anyhow::Result<()> {
        let v: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v > SCHEMA_VERSION {
            return Err(Error::input(Problem::file(
                &self.path.display().to_string(),
                format!(
                    "the store was made by a newer version of effektmaal (schema {v}; this version knows up to {SCHEMA_VERSION}): \
                     use a newer effektmaal, or another --store"
                ),
            ))
            .into());
        }
        if v == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        if v == 0 {
            let tables: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(Error::input(Problem::file(
                    &self.path.display().to_string(),
                    "this SQLite file is not an effektmaal store (it has tables but no schema version): use another --store",
                ))
                .into());
            }
            upgrade(&tx, 1)?;
        } else if v == 1 {
            migrate_from_v1(&tx)?;
        } else if v >= 2 {
            upgrade(&tx, v)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(())
    }

    /// Records a run's figures and signals in one transaction. The signals replace those the
    /// run had (a rerun may judge with other targets), and the run becomes the one its series
    /// recorded last.
    pub fn record(&mut self, run: &Run, figures: &[Record], signals: &[SignalRecord]) -> anyhow::Result<Recorded> {
        let path = self.path.clone();
        self.record_in(run, figures, signals).map_err(|e| err(&path, e))
    }

    fn record_in(&mut self, run: &Run, figures: &[Record], signals: &[SignalRecord]) -> anyhow::Result<Recorded> {
        let tx = self.conn.transaction()?;
        // Figures recorded before series were kept belong to the first series recorded after.
        for table in ["run", "revision"] {
            tx.execute(
                &format!("UPDATE {table} SET series = ?1 WHERE series = '' AND scope = ?2"),
                params![run.series, run.scope],
            )?;
        }
        let mut out = Recorded { signals_before: last_signals(&tx, run)?, ..Recorded::default() };
        let run_id = run_id(&tx, run)?;
        for f in figures {
            match record_one(&tx, run_id, run, run.kind == "report", f)? {
                Outcome::New => out.new_figures += 1,
                Outcome::Revised(old) => {
                    out.new_revisions += 1;
                    if let (Some(old), Some(new)) = (old.2, f.share) {
                        out.revised.push(Revised {
                            kpi: f.kpi.clone(),
                            month: f.month.clone(),
                            dimension: f.dimension.clone(),
                            group: f.group.clone(),
                            old,
                            new,
                        });
                    }
                }
                Outcome::Same => out.unchanged += 1,
            }
        }
        tx.execute(
            "UPDATE run SET recorded = (SELECT COALESCE(max(recorded), 0) + 1 FROM run) WHERE id = ?1",
            [run_id],
        )?;
        tx.execute("DELETE FROM signal WHERE run_id = ?1", [run_id])?;
        for s in signals {
            tx.execute(
                "INSERT INTO signal (run_id, target, month, colour, value, course) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![run_id, s.target, s.month, s.colour, s.value, s.course],
            )?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Every revision of the total figures, oldest first, optionally filtered.
    pub fn history(&self, kpi: Option<&str>, from: Option<&str>, to: Option<&str>) -> anyhow::Result<Vec<HistoryRow>> {
        self.with(|conn| Self::history_in(conn, kpi, from, to))
    }

    fn history_in(
        conn: &Connection,
        kpi: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> anyhow::Result<Vec<HistoryRow>> {
        let mut st = conn.prepare(
            "SELECT v.kpi, v.month, v.revision, v.share, v.numerator, v.denominator, r.made_at, r.extract_sha, v.scope,
                    v.provisional, v.series,
                    COALESCE((SELECT group_concat(rr.report, ' ') FROM appearance a JOIN run rr ON rr.id = a.run_id
                              WHERE a.revision_id = v.id ORDER BY rr.report), '')
             FROM revision v JOIN run r ON r.id = v.run_id
             WHERE v.dimension = 'total' AND (?1 IS NULL OR v.kpi = ?1) AND (?2 IS NULL OR v.month >= ?2) AND (?3 IS NULL OR v.month <= ?3)
             ORDER BY v.scope, v.series, v.kpi, v.month, v.revision",
        )?;
        let rows = st
            .query_map(params![kpi, from, to], |r| {
                Ok(HistoryRow {
                    kpi: r.get(0)?,
                    month: r.get(1)?,
                    revision: r.get(2)?,
                    share: r.get(3)?,
                    numerator: r.get(4)?,
                    denominator: r.get(5)?,
                    made_at: r.get(6)?,
                    extract_sha: r.get(7)?,
                    provisional: r.get::<_, i64>(9)? != 0,
                    reports: r.get(11)?,
                    scope: r.get(8)?,
                    series: r.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Opens an existing store to read it, changing nothing: no file is created (not even
    /// SQLite's journal files), nothing upgraded. A store of another schema version is an error.
    pub fn open_read_only(path: &Path) -> anyhow::Result<Store> {
        let open = || -> anyhow::Result<Store> {
            use rusqlite::OpenFlags;
            let name = path.to_str().ok_or_else(|| anyhow::anyhow!("the path is not UTF-8"))?;
            let name = name.replace('%', "%25").replace('?', "%3f").replace('#', "%23");
            let uri = format!("file:{name}?immutable=1");
            let conn = Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)?;
            let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if v != SCHEMA_VERSION {
                anyhow::bail!("the store has schema {v}, this version reads {SCHEMA_VERSION} without upgrading");
            }
            Ok(Store { conn, path: path.to_path_buf() })
        };
        open().map_err(|e| err(path, e))
    }

    /// Shares of total figures as they first appeared in a report of one municipality and
    /// series (or recorded before series were kept): (kpi, month, share, when, report).
    pub fn published_in_reports(&self, scope: &str, series: &str) -> anyhow::Result<Vec<Publication>> {
        self.with(|conn| Self::published_in(conn, scope, series))
    }

    fn published_in(conn: &Connection, scope: &str, series: &str) -> anyhow::Result<Vec<Publication>> {
        let mut st = conn.prepare(
            "SELECT v.kpi, v.month, v.share, r.made_at, r.report
             FROM appearance a JOIN revision v ON v.id = a.revision_id JOIN run r ON r.id = a.run_id
             WHERE v.dimension = 'total' AND v.share IS NOT NULL AND v.scope = ?1 AND v.series IN (?2, '')
             ORDER BY v.kpi, v.month, r.made_at, r.report",
        )?;
        let rows = st
            .query_map([scope, series], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        // Keep the first publication of each (kpi, month).
        let mut seen = std::collections::BTreeSet::new();
        Ok(rows
            .into_iter()
            .filter(|r: &(String, String, f64, String, String)| seen.insert((r.0.clone(), r.1.clone())))
            .collect())
    }

    pub fn count(&self, table: &str) -> anyhow::Result<i64> {
        let sql = match table {
            "run" => "SELECT count(*) FROM run",
            "revision" => "SELECT count(*) FROM revision",
            _ => "SELECT count(*) FROM appearance",
        };
        self.with(|c| Ok(c.query_row(sql, [], |r| r.get(0))?))
    }
}

/// Schema 1 → 2 (and on to the current): every distinct (report, extract, version) becomes a
/// run; rows of one figure become revisions in the order they were made, keeping only changes.
fn migrate_from_v1(tx: &rusqlite::Transaction) -> anyhow::Result<()> {
    tx.execute_batch("ALTER TABLE figure RENAME TO figure_v1;")?;
    upgrade(tx, 1)?;
    let rows: Vec<(Record, String, String, String, Option<String>)> = {
        let mut st = tx.prepare(
            "SELECT kpi, month, dimension, grp, numerator, denominator, share, extract_sha, version, made_at, report
             FROM figure_v1 ORDER BY made_at, rowid",
        )?;
        st.query_map([], |r| {
            Ok((
                Record {
                    kpi: r.get(0)?,
                    month: r.get(1)?,
                    dimension: r.get(2)?,
                    group: r.get(3)?,
                    numerator: r.get(4)?,
                    denominator: r.get(5)?,
                    share: r.get(6)?,
                    provisional: false,
                },
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<Result<_, _>>()?
    };
    for (rec, sha, version, made_at, report) in rows {
        let report = report.unwrap_or_default();
        // Schema 1 did not record the scope; its stores held Odense's figures.
        let run = Run {
            kind: if report.is_empty() { "compute" } else { "report" },
            report: &report,
            scope: "461",
            series: "",
            extract_sha: &sha,
            version: &version,
            made_at: &made_at,
        };
        let run_id = run_id(tx, &run)?;
        record_one(tx, run_id, &run, !report.is_empty(), &rec)?;
    }
    tx.execute_batch("DROP TABLE figure_v1; UPDATE run SET recorded = id;")?;
    Ok(())
}

/// The signals of the run of `run`'s kind, municipality and series recorded last.
fn last_signals(tx: &rusqlite::Transaction, run: &Run) -> rusqlite::Result<Vec<SignalRecord>> {
    let mut st = tx.prepare(
        "SELECT s.target, s.month, s.colour, s.value, s.course FROM signal s
         WHERE s.run_id = (SELECT id FROM run WHERE kind = ?1 AND scope = ?2 AND series = ?3 ORDER BY recorded DESC LIMIT 1)
         ORDER BY s.target",
    )?;
    st.query_map(params![run.kind, run.scope, run.series], |r| {
        Ok(SignalRecord { target: r.get(0)?, month: r.get(1)?, colour: r.get(2)?, value: r.get(3)?, course: r.get(4)? })
    })?
    .collect()
}

fn run_id(tx: &rusqlite::Transaction, run: &Run) -> rusqlite::Result<i64> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM run WHERE kind = ?1 AND report = ?2 AND extract_sha = ?3 AND version = ?4 AND scope = ?5",
            params![run.kind, run.report, run.extract_sha, run.version, run.scope],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO run (kind, report, extract_sha, version, made_at, scope, series) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![run.kind, run.report, run.extract_sha, run.version, run.made_at, run.scope, run.series],
    )?;
    Ok(tx.last_insert_rowid())
}

enum Outcome {
    New,
    /// With the values recorded last.
    Revised(Values),
    Same,
}

fn record_one(
    tx: &rusqlite::Transaction,
    run_id: i64,
    run: &Run,
    appears: bool,
    f: &Record,
) -> rusqlite::Result<Outcome> {
    let extract: String = tx.query_row("SELECT extract_sha FROM run WHERE id = ?1", [run_id], |r| r.get(0))?;
    let latest: Option<(i64, i64, Values, bool, String)> = tx
        .query_row(
            "SELECT v.id, v.revision, v.numerator, v.denominator, v.share, v.provisional, r.extract_sha
             FROM revision v JOIN run r ON r.id = v.run_id
             WHERE v.kpi = ?1 AND v.month = ?2 AND v.dimension = ?3 AND v.grp = ?4 AND v.scope = ?5 AND v.series = ?6
             ORDER BY v.revision DESC LIMIT 1",
            params![f.kpi, f.month, f.dimension, f.group, run.scope, run.series],
            |r| Ok((r.get(0)?, r.get(1)?, (r.get(2)?, r.get(3)?, r.get(4)?), r.get::<_, i64>(5)? != 0, r.get(6)?)),
        )
        .optional()?;
    let (rev_id, outcome) = match latest {
        Some((id, _, old, was_provisional, old_extract))
            if !revises(&old, (f.numerator, f.denominator, f.share), old_extract == extract)
                && (f.provisional || !was_provisional || hides_all(f)) =>
        {
            (id, Outcome::Same)
        }
        other => {
            let next = other.as_ref().map_or(1, |o| o.1 + 1);
            tx.execute(
                "INSERT INTO revision (kpi, month, dimension, grp, revision, numerator, denominator, share, run_id, scope, provisional, series)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    f.kpi,
                    f.month,
                    f.dimension,
                    f.group,
                    next,
                    f.numerator,
                    f.denominator,
                    f.share,
                    run_id,
                    run.scope,
                    f.provisional as i64,
                    run.series
                ],
            )?;
            (tx.last_insert_rowid(), other.map_or(Outcome::New, |o| Outcome::Revised(o.2)))
        }
    };
    if appears {
        tx.execute("INSERT OR IGNORE INTO appearance (revision_id, run_id) VALUES (?1, ?2)", params![rev_id, run_id])?;
    }
    Ok(outcome)
}

/// Whether a figure recorded as `new` revises the one recorded as `old`. Revisions are changes
/// of data, never of disclosure control: the same extract never revises a figure (every
/// output of it publishes the same cells), and a later extract revises it only where a value
/// it shows differs from the one published, or shows a value that was hidden. A value hidden
/// now that was shown stays as published.
fn revises(old: &Values, new: Values, same_extract: bool) -> bool {
    if same_extract {
        return false;
    }
    let parts = [(old.0, new.0), (old.1, new.1), (old.2, new.2)];
    parts.iter().any(|&(o, n)| n.is_some() && !same(o, n))
}

/// Whether a record shows nothing at all.
fn hides_all(f: &Record) -> bool {
    f.numerator.is_none() && f.denominator.is_none() && f.share.is_none()
}

#[cfg(test)]
mod tests;
