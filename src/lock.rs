//! A lock file that stops two runs from writing the same store or report directory at once.
//! The operating system releases it when the process ends, however it ends (SIGKILL too), so
//! a killed run never leaves a stale lock behind.

use crate::error::Error;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

impl Lock {
    /// Takes the lock, waiting up to `wait_secs` seconds for another run to release it.
    pub fn acquire(path: &Path, wait_secs: u64) -> anyhow::Result<Lock> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
        let deadline = Instant::now() + Duration::from_secs(wait_secs);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file, path: path.to_path_buf() }),
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
