//! Writing files atomically: readers see the old file or the new one, never half of either.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` through a temporary file in the same directory, renamed into
/// place once complete, so an interrupted write leaves any previous file intact.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.ron");
/// dipgraph::atomic::write_atomic(&path, b"()")?;
/// assert_eq!(std::fs::read(&path)?, b"()");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming `path` when the temporary file cannot be written or renamed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // A temporary file is private (0600); the file it becomes should be readable like any
    // other the user writes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut file = builder.tempfile_in(parent).map_err(io)?;
    file.write_all(contents).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    file.persist(path).map_err(|err| io(err.error))?;
    Ok(())
}
