//! Writing files atomically: the output appears whole or not at all.
//!
//! Everything goes to a temporary file in the destination's directory, which is renamed over
//! the destination only once every byte is written and flushed. A failure at any point
//! removes the temporary file and leaves an existing destination untouched.

use std::fs::Permissions;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes a file atomically: `write` fills a temporary file beside `path`, which then
/// replaces `path` by a rename.
///
/// A new file gets mode 0644 (on Unix); a replaced file keeps its permissions.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// dipgraph::atomic::write_atomic(&path, |out| Ok(out.write_all(b"hello")?))?;
/// assert_eq!(std::fs::read_to_string(&path)?, "hello");
///
/// // A failed write leaves the old content in place.
/// let failed = dipgraph::atomic::write_atomic(&path, |out| {
///     out.write_all(b"garbage")?;
///     Err(dipgraph::Error::Export("stopped halfway".into()))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming `path` when the temporary file cannot be created, written or renamed
/// (a missing directory, no permission), or whatever error `write` returns.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(io(std::io::Error::other("is a directory, not a file")));
        }
        // A device or a pipe (`/dev/stdout`, a FIFO) cannot be replaced by a rename: write
        // to it directly. This comes before resolving links: `/dev/stdout` is a link to
        // `/proc/self/fd/1`, itself a link to a name such as `pipe:[1234]` that no path
        // resolves to.
        Ok(meta) if !meta.is_file() => {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(io)?;
            return fill(path, &mut BufWriter::new(file), write);
        }
        _ => {}
    }
    // A symbolic link to a file is followed, so that the file it points to is replaced, not
    // the link.
    let resolved = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path).map_err(io)?,
        _ => path.to_owned(),
    };
    let path = resolved.as_path();
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dipgraph-").suffix(".tmp");
    if let Some(permissions) = permissions_for(path) {
        builder.permissions(permissions);
    }
    let mut file = builder
        .tempfile_in(parent)
        .map_err(|err| io(without_temporary_path(err)))?;
    fill(path, &mut BufWriter::new(file.as_file_mut()), write)?;
    file.as_file().sync_all().map_err(io)?;
    // On error the temporary file is dropped, which deletes it.
    file.persist(path).map_err(|err| io(err.error))?;
    Ok(())
}

/// A failure to create the temporary file without the temporary file's name, which
/// `tempfile` appends as ` at path "…"` (its error keeps no source to take instead): the
/// error names the destination, which is what the user asked for.
fn without_temporary_path(err: std::io::Error) -> std::io::Error {
    let text = err.to_string();
    match text.rfind(" at path \"") {
        Some(end) if text.ends_with('"') => std::io::Error::new(err.kind(), &text[..end]),
        _ => err,
    }
}

/// Runs `write` on `out` and flushes it; write errors name `path`.
fn fill<W: Write>(
    path: &Path,
    out: &mut W,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    write(out).map_err(|err| match err {
        Error::Write(source) => io(source),
        other => other,
    })?;
    out.flush().map_err(io)
}

/// The permissions the written file should get: those of the file it replaces, or 0644.
fn permissions_for(path: &Path) -> Option<Permissions> {
    if let Ok(metadata) = std::fs::metadata(path) {
        return Some(metadata.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_files_are_written_in_place() {
        write_atomic(Path::new("/dev/null"), |out| Ok(out.write_all(b"gone")?)).unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null is still a device");
        let full = write_atomic(Path::new("/dev/full"), |out| {
            Ok(out.write_all(&[0; 70_000])?)
        });
        let err = full.unwrap_err().to_string();
        assert!(err.starts_with("/dev/full: "), "{err}");
        assert!(err.contains("No space left"), "{err}");
    }

    #[test]
    fn unwritable_directories_and_directories_are_errors() {
        let err = write_atomic(Path::new("/proc/dipgraph-test.dot"), |out| {
            Ok(out.write_all(b"x")?)
        })
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("/proc/dipgraph-test.dot: "), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), |out| Ok(out.write_all(b"x")?))
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("is a directory, not a file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.dot");
        let link = dir.path().join("link.dot");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, |out| Ok(out.write_all(b"new")?)).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    /// A writer that accepts `limit` bytes, then fails, as a full disk does.
    struct FailingWriter<'a> {
        inner: &'a mut dyn Write,
        limit: usize,
    }

    impl Write for FailingWriter<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.limit {
                return Err(std::io::Error::other("disk full"));
            }
            self.limit -= buf.len();
            self.inner.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.txt");
        write_atomic(&path, |out| Ok(out.write_all(b"fresh")?)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fresh");
        assert_eq!(entries(dir.path()), ["new.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn failure_midway_keeps_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.txt");
        std::fs::write(&path, b"precious contents").unwrap();
        let err = write_atomic(&path, |out| {
            let mut failing = FailingWriter {
                inner: out,
                limit: 10,
            };
            failing.write_all(b"0123456789")?;
            failing.write_all(b"more than allowed")?;
            Ok(())
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"precious contents");
        assert_eq!(entries(dir.path()), ["keep.txt"]);
    }

    #[test]
    fn missing_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/out.txt");
        let err = write_atomic(&path, |out| Ok(out.write_all(b"x")?)).unwrap_err();
        // The destination, once, and the system's reason; not the temporary file.
        // (ENOENT is 2 on Linux and macOS, and "file not found" on Windows too.)
        let enoent = std::io::Error::from_raw_os_error(2);
        assert_eq!(err.to_string(), format!("{}: {enoent}", path.display()));
    }

    #[test]
    fn replacing_keeps_permissions() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("mode.txt");
            std::fs::write(&path, b"old").unwrap();
            std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
            write_atomic(&path, |out| Ok(out.write_all(b"new")?)).unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            assert_eq!(std::fs::read(&path).unwrap(), b"new");
        }
    }
}
