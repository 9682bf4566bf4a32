//! Errors a caller must tell apart, the problems found in an input, and the exit codes they
//! map to. Exit codes are decided here and nowhere else (`exit_code`), and documented in the
//! README and `--help`.

use std::fmt;

/// Exit codes. Cron jobs branch on these, so they never change meaning.
pub mod exit {
    /// Everything went well.
    pub const OK: i32 = 0;
    /// An unexpected failure: a bug, or the machine refused (disk full, permissions on output).
    pub const INTERNAL: i32 = 1;
    /// The command line was wrong (also what clap uses).
    pub const USAGE: i32 = 2;
    /// An input file or directory cannot be used; nothing was written.
    pub const BAD_INPUT: i32 = 3;
    /// Another run holds the lock on the store or report directory.
    pub const LOCKED: i32 = 4;
}

/// How many problems are listed before the rest are only counted.
pub const PROBLEMS_SHOWN: usize = 20;

/// Where in an input a problem is: file, line and column. Never holds a person id, and never
/// prints a CPR number (its message and column name are passed through `cpr::redact`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    /// Whether `line` counts data rows (SAS7BDAT and Parquet files, which have no lines)
    /// rather than text lines (CSV, where the header is line 1).
    pub by_row: bool,
    /// 1-based column number and the column's name from the header, when known.
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl Problem {
    pub fn file(file: &str, message: impl Into<String>) -> Problem {
        Problem { file: file.to_string(), line: None, by_row: false, column: None, message: message.into() }
    }

    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Problem {
        Problem { file: file.to_string(), line: Some(line), by_row: false, column: None, message: message.into() }
    }

    pub fn cell(file: &str, line: usize, column: usize, name: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line: Some(line),
            by_row: false,
            column: Some((column, name.to_string())),
            message: message.into(),
        }
    }

    /// A problem in a cell of a file without lines (SAS7BDAT, Parquet): `row` is the 1-based
    /// data row within the file, `column` the 1-based position of the column in the file.
    pub fn row_cell(file: &str, row: usize, column: usize, name: &str, message: impl Into<String>) -> Problem {
        Problem { by_row: true, ..Problem::cell(file, row, column, name, message) }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match self.line {
            Some(row) if self.by_row => write!(f, ": row {row}")?,
            Some(line) => write!(f, ":{line}")?,
            None => {}
        }
        // The last guard: whatever quoted a cell, no CPR number is printed (see `cpr`).
        if let Some((n, name)) = &self.column {
            write!(f, ": column {n} ({})", crate::cpr::redact(name))?;
        }
        write!(f, ": {}", crate::cpr::redact(&self.message))
    }
}

/// Problems collected while reading, so the user sees many at once: the first
/// [`PROBLEMS_SHOWN`] in full and a count of the rest.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    shown: Vec<Problem>,
    total: usize,
}

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.shown.len() < PROBLEMS_SHOWN {
            self.shown.push(problem);
        }
    }

    pub fn extend(&mut self, other: Problems) {
        let more = other.total - other.shown.len();
        for p in other.shown {
            self.push(p);
        }
        self.total += more;
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn shown(&self) -> &[Problem] {
        &self.shown
    }

    /// The same problems, each changed by `f` (e.g. put back at the file it was read from).
    pub fn map(self, f: impl Fn(Problem) -> Problem) -> Problems {
        Problems { shown: self.shown.into_iter().map(f).collect(), total: self.total }
    }

    /// `Ok(())` when nothing was found, else the problems as an error.
    pub fn into_result(self) -> Result<(), Error> {
        if self.is_empty() { Ok(()) } else { Err(Error::Input(self)) }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.total;
        writeln!(f, "found {n} problem{} in the input; nothing was written", if n == 1 { "" } else { "s" })?;
        for p in &self.shown {
            writeln!(f, "  {p}")?;
        }
        let rest = self.total - self.shown.len();
        if rest > 0 {
            writeln!(f, "  … and {rest} more problem{}", if rest == 1 { "" } else { "s" })?;
        }
        Ok(())
    }
}

/// The errors a caller branches on. Anything else is an internal error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the input data; nothing was written.
    #[error("{0}")]
    Input(Problems),
    /// The command line asked for something impossible (bad quarter, range outside the data…).
    #[error("{0}")]
    Usage(String),
    /// Another run holds the lock.
    #[error("{0}")]
    Locked(String),
}

impl Error {
    pub fn input(problem: Problem) -> Error {
        let mut p = Problems::default();
        p.push(problem);
        Error::Input(p)
    }
}

/// The exit code for an error that reached `main`.
pub fn exit_code(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<Error>() {
            return match e {
                Error::Input(_) => exit::BAD_INPUT,
                Error::Usage(_) => exit::USAGE,
                Error::Locked(_) => exit::LOCKED,
            };
        }
    }
    exit::INTERNAL
}
