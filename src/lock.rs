//! A lock file that stops two runs from writing the same store or report directory at once.
//! The operating system releases it when the process ends, however it ends (SIGKILL too), so
//! a killed run never leaves a stale lock behind.
//!
//! A run removes its lock file when it releases the lock, so no empty file is left beside the
//! report or the store. That is safe with runs waiting for the same lock because the file is
//! removed only by the run holding the lock, before it lets go, and a run that gets the lock
//! checks that the file it locked is still the one at the path: if not (the holder removed it
//! while this run was waiting on it), it locks the file now at the path instead. So two runs
//! never hold "the" lock on two different files. (Runs of versions before this one never
//! remove the file; they are safe among themselves and with this one, as they never make a
//! lock file stale by removing it.) A killed run leaves its file, which the next run removes.

use crate::error::Error;
use anyhow::Context as _;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Lock {
    file: File,
    pub path: PathBuf,
}

impl Lock {
    /// Takes the lock, waiting up to `wait_secs` seconds for another run to release it.
    pub fn acquire(path: &Path, wait_secs: u64) -> anyhow::Result<Lock> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating the directory {}", dir.display()))?;
        }
        let deadline = Instant::now() + Duration::from_secs(wait_secs);
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .with_context(|| format!("creating the lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) if still_at(&file, path) => return Ok(Lock { file, path: path.to_path_buf() }),
                // The run that held it removed it before letting go: lock the one at the path.
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        let waited = if wait_secs > 0 { format!(" (waited {wait_secs} s)") } else { String::new() };
                        return Err(Error::Locked(format!(
                            "another run holds the lock {}{waited}; try again later or use --wait SECONDS",
                            path.display()
                        ))
                        .into());
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(anyhow::Error::new(e).context(format!("locking {}", path.display())));
                }
            }
        }
    }
}

/// Whether `file` is the file at `path` (not one removed from it since it was opened).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Elsewhere the file is never removed (see [`Lock`]'s `Drop`), so it is always the one.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    /// Removes the lock file while still holding the lock; the lock goes with the file handle,
    /// closed after this. (On other systems than Unix an open file may not be removable, and
    /// the file is left.)
    fn drop(&mut self) {
        #[cfg(unix)]
        if still_at(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_goes_with_the_lock_and_a_waiting_run_still_excludes_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = Lock::acquire(&path, 0).unwrap();
        // A second run waits on the file the first holds; the first removes it and lets go.
        let waiting = {
            let path = path.clone();
            std::thread::spawn(move || Lock::acquire(&path, 20))
        };
        std::thread::sleep(Duration::from_millis(300));
        drop(first);
        let second = waiting.join().unwrap().unwrap();
        // The waiting run holds the file now at the path, so a third run is refused.
        assert!(path.exists());
        let third = Lock::acquire(&path, 0).unwrap_err();
        assert!(matches!(third.downcast_ref::<Error>(), Some(Error::Locked(_))), "{third:#}");
        drop(second);
        #[cfg(unix)]
        assert!(!path.exists(), "the lock file is removed with the lock");
        drop(Lock::acquire(&path, 0).unwrap());
    }
}
