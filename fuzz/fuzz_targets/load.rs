//! A whole extract: the input is split at the marker line `#--next-file--#` into befolkning.csv,
//! dream.csv, uddannelse.csv, beskaeftigelse.csv and ydelseskoder.csv (an empty optional part
//! means the file is absent; without a marker, dream.csv is the valid one of tests/fixtures/basic).
//! The files are written to a scratch directory and loaded: that must give an extract or
//! problems, never a panic. A loaded extract's `check` summary is made too.

#![no_main]

use effektmaal::extract::load;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const MARKER: &[u8] = b"\n#--next-file--#\n";
const FILES: [&str; 5] = [load::BEFOLKNING, load::DREAM, load::UDDANNELSE, load::BESKAEFTIGELSE, load::YDELSESKODER];
const BASIC_DREAM: &[u8] = include_bytes!("../../tests/fixtures/basic/dream.csv");

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while parts.len() < FILES.len() - 1 {
        match rest.windows(MARKER.len()).position(|w| w == MARKER) {
            Some(i) => {
                parts.push(&rest[..i]);
                rest = &rest[i + MARKER.len()..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

/// One directory per process (under the git-ignored fuzz/target), its files rewritten for every
/// input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/load-extract-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("extract dir");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    let mut parts = split(data);
    if parts.len() == 1 {
        parts.push(BASIC_DREAM);
    }
    for (i, name) in FILES.iter().enumerate() {
        let path = dir.join(name);
        match parts.get(i) {
            Some(bytes) if i < 2 || !bytes.is_empty() => std::fs::write(&path, bytes).expect("write"),
            _ => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    match load::load(dir) {
        Ok(extract) => {
            let _ = effektmaal::cmd::check::summary(&extract);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
