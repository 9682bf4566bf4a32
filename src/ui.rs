//! Messages to the user on stderr, by verbosity: `-q` shows only errors, `-v` adds detail.
//! Data goes to stdout elsewhere; nothing here ever prints a person id.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicI8, Ordering};

static LEVEL: AtomicI8 = AtomicI8::new(0);

/// -1 quiet, 0 normal, 1+ verbose.
pub fn set_level(level: i8) {
    LEVEL.store(level, Ordering::Relaxed);
}

pub fn level() -> i8 {
    LEVEL.load(Ordering::Relaxed)
}

pub fn warn(msg: &str) {
    if level() >= 0 {
        eprintln!("warning: {msg}");
    }
}

pub fn info(msg: &str) {
    if level() >= 0 {
        eprintln!("{msg}");
    }
}

pub fn detail(msg: &str) {
    if level() >= 1 {
        eprintln!("{msg}");
    }
}

/// Progress for long runs: only when stderr is a terminal and not quiet.
pub fn progress(msg: &str) {
    if level() >= 0 && std::io::stderr().is_terminal() {
        eprintln!("{msg}");
    }
}
