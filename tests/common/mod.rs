//! Running the binary and reading its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test: this build's, or another build's given in `EFFEKTMAAL_TEST_BIN`
/// (to show that a test fails on an older build).
pub fn bin() -> Command {
    let exe = std::env::var_os("EFFEKTMAAL_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_effektmaal").into());
    let mut c = Command::new(exe);
    c.env_remove("EFFEKTMAAL_STORE").env_remove("EFFEKTMAAL_WAIT").env_remove("SOURCE_DATE_EPOCH");
    c
}

/// The sample extract shipped in `data/sample`.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = bin().current_dir(dir).args(args).output().expect("binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    let tmp = tempfile::tempdir().expect("temp dir");
    run_in(tmp.path(), args)
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}\nstdout:\n{}", self.stderr, self.stdout);
        self
    }

    pub fn fails(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}; stderr:\n{}\nstdout:\n{}", self.stderr, self.stdout);
        self
    }
}

/// A row of `compute --format csv`.
#[derive(Debug, Clone)]
pub struct Row {
    pub kpi: String,
    pub month: String,
    pub dimension: String,
    pub group: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub share: Option<f64>,
    pub suppressed: String,
    pub provisional: bool,
}

pub fn parse_csv(text: &str) -> Vec<Row> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("kpi,month,dimension,group,numerator,denominator,share_pct,suppressed,provisional"));
    lines
        .map(|l| {
            let f = split_csv_line(l);
            let n = |s: &str| if s.is_empty() { None } else { Some(s.parse::<f64>().expect("number")) };
            Row {
                kpi: f[0].clone(),
                month: f[1].clone(),
                dimension: f[2].clone(),
                group: f[3].clone(),
                numerator: n(&f[4]),
                denominator: n(&f[5]),
                share: n(&f[6]),
                suppressed: f[7].clone(),
                provisional: f[8] == "true",
            }
        })
        .collect()
}

/// Splits one CSV line at commas outside double quotes (group names such as
/// "Indvandrer, vestlig" are quoted).
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

pub fn find<'a>(rows: &'a [Row], kpi: &str, month: &str, dimension: &str, group: &str) -> &'a Row {
    rows.iter()
        .find(|r| r.kpi == kpi && r.month == month && r.dimension == dimension && r.group == group)
        .unwrap_or_else(|| panic!("no row {kpi} {month} {dimension} {group}"))
}

/// Copies a fixture into a temp dir so a test can change it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    copy_dir(&fixture(name))
}

/// Copies the files of an extract's folder into a temp dir so a test can change them.
pub fn copy_dir(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for e in std::fs::read_dir(dir).expect("extract folder") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), tmp.path().join(e.file_name())).expect("copy");
    }
    tmp
}
