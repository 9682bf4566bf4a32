//! The corpus of broken inputs in `tests/corpus/` (see its README.md): each case is an extract
//! directory with one thing broken and an `expect.txt` saying what the program must answer.
//! Both `check` and `compute` must exit with the expected code, print each expected line to
//! stderr, print nothing to stdout, show no person id, and create or change no file.

use crate::common::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The issue asks for at least 25 broken inputs; the corpus keeps a margin.
const MIN_CASES: usize = 28;

/// The person ids of `tests/fixtures/basic`, from which every case is made: none may appear in
/// any message.
const BASIC_PNRS: [&str; 9] = ["A01", "B02", "C03", "D04", "E05", "F06", "G07", "H08", "I09"];

/// The name under which a case's files are copied into the temporary working directory, and
/// so the directory name the messages show.
const EXTRACT: &str = "extract";

/// What must be done to a case at run time, because git cannot hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Setup {
    /// The extract directory does not exist: the program is pointed at `no-such-extract`.
    MissingDirectory,
    /// The named file is replaced by an (empty) directory.
    Directory(String),
    /// The named file is made unreadable (mode 000). Skipped when running with privileges
    /// that read it anyway (root).
    Unreadable(String),
    /// The program is pointed at the named file instead of the extract directory.
    RunOn(String),
}

impl Setup {
    fn parse(text: &str) -> Result<Setup, String> {
        let (action, file) = match text.split_once(' ') {
            Some((a, f)) => (a, Some(f.trim().to_string())),
            None => (text, None),
        };
        match (action, file) {
            ("missing-directory", None) => Ok(Setup::MissingDirectory),
            ("directory", Some(f)) => Ok(Setup::Directory(f)),
            ("unreadable", Some(f)) => Ok(Setup::Unreadable(f)),
            ("run-on", Some(f)) => Ok(Setup::RunOn(f)),
            _ => Err(format!(
                "unknown setup {text:?} (expected missing-directory, directory FILE, unreadable FILE or run-on FILE)"
            )),
        }
    }

    fn describe(&self) -> String {
        match self {
            Setup::MissingDirectory => "run on a path that does not exist".into(),
            Setup::Directory(f) => format!("made at run time: {f} replaced by a directory"),
            Setup::Unreadable(f) => format!("made at run time: chmod 000 {f}; not checked as root"),
            Setup::RunOn(f) => format!("run on {f} instead of the directory"),
        }
    }
}

/// One case, as its `expect.txt` describes it.
#[derive(Debug)]
struct Case {
    name: String,
    dir: PathBuf,
    exit: i32,
    about: String,
    setup: Option<Setup>,
    /// Why the case is skipped: the program does not yet say what it should.
    todo: Option<String>,
    /// Substrings stderr must contain.
    expect: Vec<String>,
    /// Substrings stderr must not contain (such as a raw CPR number in the input).
    absent: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Parses an `expect.txt`: `exit: N` on the first line, then `about:`, `setup:`, `todo:` and
/// `absent:` lines, and every other non-empty line is a substring stderr must contain.
fn parse_case(name: &str, dir: &Path, text: &str) -> Result<Case, String> {
    let mut lines = text.lines();
    let exit = lines
        .next()
        .and_then(|l| l.strip_prefix("exit: "))
        .and_then(|n| n.trim().parse::<i32>().ok())
        .ok_or("the first line must be `exit: N`")?;
    if exit == 0 {
        return Err("a broken input must not exit 0".into());
    }
    let mut case = Case {
        name: name.to_string(),
        dir: dir.to_path_buf(),
        exit,
        about: String::new(),
        setup: None,
        todo: None,
        expect: Vec::new(),
        absent: Vec::new(),
    };
    for line in lines {
        if line.trim().is_empty() {
            continue;
        }
        match line.split_once(": ") {
            Some(("about", v)) => case.about = v.trim().to_string(),
            Some(("setup", v)) => case.setup = Some(Setup::parse(v.trim())?),
            Some(("todo", v)) => case.todo = Some(v.trim().to_string()),
            Some(("absent", v)) => case.absent.push(v.trim().to_string()),
            Some(("exit", _)) => return Err("`exit:` may only be given once, on the first line".into()),
            _ => case.expect.push(line.to_string()),
        }
    }
    if case.about.is_empty() {
        return Err("an `about:` line saying what is broken is required".into());
    }
    if case.expect.is_empty() {
        return Err("at least one expected line is required".into());
    }
    Ok(case)
}

/// Every case of the corpus, in name order.
fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let name = dir.file_name().expect("name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(dir.join("expect.txt"))
                .unwrap_or_else(|e| panic!("tests/corpus/{name}/expect.txt: {e}"));
            parse_case(&name, dir, &text).unwrap_or_else(|e| panic!("tests/corpus/{name}/expect.txt: {e}"))
        })
        .collect()
}

/// Copies the case into `root/extract`, applies its setup, and returns the directory argument
/// to give the program, or why the case cannot be run here.
fn prepare(case: &Case, root: &Path) -> Result<String, String> {
    let extract = root.join(EXTRACT);
    if case.setup == Some(Setup::MissingDirectory) {
        return Ok("no-such-extract".into());
    }
    std::fs::create_dir(&extract).expect("create extract dir");
    for e in std::fs::read_dir(&case.dir).expect("case dir") {
        let e = e.expect("entry");
        if e.file_name() != "expect.txt" {
            std::fs::copy(e.path(), extract.join(e.file_name())).expect("copy case file");
        }
    }
    match &case.setup {
        None | Some(Setup::MissingDirectory) => Ok(EXTRACT.into()),
        Some(Setup::Directory(f)) => {
            let p = extract.join(f);
            if p.exists() {
                std::fs::remove_file(&p).expect("remove file");
            }
            std::fs::create_dir(&p).expect("create directory in place of file");
            Ok(EXTRACT.into())
        }
        Some(Setup::Unreadable(f)) => make_unreadable(&extract.join(f)).map(|_| EXTRACT.into()),
        Some(Setup::RunOn(f)) => Ok(format!("{EXTRACT}/{f}")),
    }
}

#[cfg(unix)]
fn make_unreadable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    if std::fs::read(path).is_ok() {
        return Err("a mode-000 file is still readable here (running as root?), so the case proves nothing".into());
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_unreadable(_: &Path) -> Result<(), String> {
    Err("file modes are Unix only".into())
}

/// Every path under `root` with its size (`None` for directories), to see that nothing was
/// created or changed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<u64>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Option<u64>>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries {
            let e = e.expect("entry");
            let path = e.path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            if meta.is_dir() {
                out.insert(rel, None);
                walk(&path, root, out);
            } else {
                out.insert(rel, Some(meta.len()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Whether `needle` occurs in `hay` as a whole token (not inside a longer run of letters and
/// digits, such as a temporary file name).
fn has_token(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

enum Outcome {
    Passed,
    Skipped(String),
}

/// Runs `check` and `compute` on the case; `Err` lists everything that was wrong.
fn run_case(case: &Case) -> Result<Outcome, Vec<String>> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = match prepare(case, tmp.path()) {
        Ok(d) => d,
        Err(why) => return Ok(Outcome::Skipped(why)),
    };
    let before = snapshot(tmp.path());
    let mut wrong = Vec::new();
    for args in [vec!["check", dir.as_str()], vec!["compute", dir.as_str(), "--format", "csv"]] {
        let cmd = args.join(" ");
        let r = run_in(tmp.path(), &args);
        if r.code != case.exit {
            wrong.push(format!("`{cmd}` exited {}, expected {}", r.code, case.exit));
        }
        if !r.stdout.is_empty() {
            wrong.push(format!("`{cmd}` printed to stdout:\n{}", r.stdout));
        }
        if case.exit == 3 && !(r.stderr.starts_with("error: found ") && r.stderr.contains("nothing was written")) {
            wrong.push(format!("`{cmd}` did not start stderr with `error: found N problem(s) … nothing was written`"));
        }
        for want in &case.expect {
            if !r.stderr.contains(want.as_str()) {
                wrong.push(format!("`{cmd}`: stderr lacks {want:?}"));
            }
        }
        for bad in &case.absent {
            if r.stderr.contains(bad.as_str()) {
                wrong.push(format!("`{cmd}`: stderr shows {bad:?}, which it must not"));
            }
        }
        for pnr in BASIC_PNRS {
            if has_token(&r.stderr, pnr) {
                wrong.push(format!("`{cmd}`: stderr shows the person id {pnr}"));
            }
        }
        let after = snapshot(tmp.path());
        if after != before {
            let changed: Vec<String> = after
                .iter()
                .filter(|(p, s)| before.get(*p) != Some(*s))
                .map(|(p, _)| p.display().to_string())
                .chain(before.keys().filter(|p| !after.contains_key(*p)).map(|p| format!("{} (removed)", p.display())))
                .collect();
            wrong.push(format!("`{cmd}` created or changed files: {}", changed.join(", ")));
        }
        if !wrong.is_empty() {
            wrong.push(format!("stderr of `{cmd}`:\n{}", r.stderr));
            break;
        }
    }
    if wrong.is_empty() { Ok(Outcome::Passed) } else { Err(wrong) }
}

#[test]
fn corpus_inputs_are_refused_with_their_messages() {
    let cases = cases();
    let mut failures = Vec::new();
    for case in &cases {
        match (&case.todo, run_case(case)) {
            (None, Ok(Outcome::Passed)) => {}
            (None, Ok(Outcome::Skipped(why))) => eprintln!("corpus {}: skipped: {why}", case.name),
            (None, Err(wrong)) => failures.push(format!("corpus case {}:\n  {}", case.name, wrong.join("\n  "))),
            (Some(_), Ok(Outcome::Passed)) => {
                eprintln!("corpus {}: marked todo but now gives what it should: remove its todo line", case.name)
            }
            (Some(todo), _) => eprintln!("corpus {}: skipped, todo: {todo}", case.name),
        }
    }
    assert!(failures.is_empty(), "{} of {} corpus cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn corpus_is_large_enough_and_unique() {
    let cases = cases();
    assert!(cases.len() >= MIN_CASES, "the corpus holds {} cases, expected at least {MIN_CASES}", cases.len());
    let mut abouts: Vec<&str> = cases.iter().map(|c| c.about.as_str()).collect();
    abouts.sort_unstable();
    let n = abouts.len();
    abouts.dedup();
    assert_eq!(abouts.len(), n, "two corpus cases have the same `about:`");
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn readme(cases: &[Case]) -> String {
    let todo = cases.iter().filter(|c| c.todo.is_some()).count();
    let mut o = String::new();
    o.push_str(
        "# Broken inputs\n\
         \n\
         Each directory here is an extract (made from `tests/fixtures/basic`) with one thing broken, and an\n\
         `expect.txt` saying what the program must answer. `tests/corpus.rs` runs `effektmaal check DIR`\n\
         and `effektmaal compute DIR --format csv` on a copy of each, in a temporary working directory,\n\
         and asserts the exit code, that stderr contains every expected line (file, line and column), that\n\
         stdout is empty, that no person id is shown, and that no file was created or changed.\n\
         \n\
         `expect.txt`: the first line is `exit: N` (3 = bad input, 2 = usage). Then `about: …` (what is\n\
         broken, shown below), optionally `setup: …` for what git cannot hold (`missing-directory`,\n\
         `directory FILE`, `unreadable FILE`, `run-on FILE`), `absent: TEXT` for text stderr must not\n\
         contain, and `todo: …` for a case the program does not yet answer as it should: such a case is\n\
         skipped (its other lines say what it should answer). Every other line is a substring of stderr.\n\
         \n\
         This file is generated from the `expect.txt` files, whose lines are checked against the\n\
         program's actual output: after changing a case, run\n\
         `CORPUS_BLESS=1 cargo test --release --test integration corpus` to rewrite it.\n\
         \n",
    );
    let _ = writeln!(o, "{} cases, {todo} of them marked todo.\n", cases.len());
    o.push_str("| case | what is broken | exit | stderr contains |\n|---|---|---|---|\n");
    for c in cases {
        let mut about = cell(&c.about);
        if let Some(s) = &c.setup {
            let _ = write!(about, " ({})", s.describe());
        }
        let answer = match &c.todo {
            Some(t) => format!("**todo**: {}", cell(t)),
            None => c.expect.iter().map(|l| format!("`{}`", cell(l))).collect::<Vec<_>>().join("<br>"),
        };
        let _ = writeln!(o, "| [{0}]({0}/) | {about} | {1} | {answer} |", c.name, c.exit);
    }
    o
}

#[test]
fn corpus_readme_lists_every_case() {
    let text = readme(&cases());
    let path = corpus_dir().join("README.md");
    if std::env::var_os("CORPUS_BLESS").is_some() {
        std::fs::write(&path, &text).expect("write tests/corpus/README.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == text,
        "tests/corpus/README.md is out of date: run `CORPUS_BLESS=1 cargo test --release --test integration corpus`"
    );
}

#[test]
fn tokens_are_whole_words() {
    assert!(has_token("befolkning.csv:3: A01 is", "A01"));
    assert!(!has_token("/tmp/.tmpXA01b/extract", "A01"));
    assert!(has_token("(A01)", "A01"));
}
