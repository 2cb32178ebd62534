//! Finding and opening event files: directories and glob patterns of daily files expand to
//! the files they hold, and every file is read as a stream (a `.zip` inflated as it is
//! read), so an import never holds a file, whatever its size.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The event files that `inputs` name, in order: a file as it is; a directory's `.csv` and
/// `.zip` files (GDELT's `*.export.CSV` and `*.export.CSV.zip`, any case), by name, not
/// descending into subdirectories; a glob pattern (`*`, `?`, `[…]`, for quoting away from
/// the shell or for more files than a command line takes) that names no existing file, the
/// files it matches, by name. A file named twice is read once.
///
/// ```
/// use dipgraph::import::event_files;
///
/// let dir = tempfile::tempdir()?;
/// for name in ["20250102.export.CSV", "20250101.export.CSV.zip", "notes.txt"] {
///     std::fs::write(dir.path().join(name), "")?;
/// }
/// let pattern = dir.path().join("2025*.export.CSV*");
/// for inputs in [vec![dir.path().to_owned()], vec![pattern]] {
///     let files = event_files(&inputs)?;
///     let names: Vec<_> = files.iter().filter_map(|f| f.file_name()?.to_str()).collect();
///     assert_eq!(names, ["20250101.export.CSV.zip", "20250102.export.CSV"]);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] for a directory that cannot be listed or holds no event file, a pattern
/// that is malformed or matches no file.
pub fn event_files<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        let found = if input.is_dir() {
            directory_files(input)?
        } else if !input.exists() && is_pattern(input) {
            pattern_files(input)?
        } else {
            vec![input.to_owned()]
        };
        for file in found {
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

fn is_event_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("zip"))
}

fn directory_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if is_event_file(&path) {
            files.push(path);
        }
    }
    if files.is_empty() {
        let message = "no event files (.export.CSV or .zip) in this directory";
        return Err(io(std::io::Error::other(message)));
    }
    files.sort();
    Ok(files)
}

fn is_pattern(path: &Path) -> bool {
    path.to_str()
        .is_some_and(|text| text.contains(['*', '?', '[']))
}

fn pattern_files(pattern: &Path) -> Result<Vec<PathBuf>> {
    let io = |message: String| Error::Io {
        path: pattern.to_owned(),
        source: std::io::Error::other(message),
    };
    let text = pattern.to_str().unwrap_or_default();
    let matches = glob::glob(text).map_err(|err| io(format!("bad pattern: {err}")))?;
    let mut files = Vec::new();
    for found in matches {
        let path = found.map_err(|err| io(err.to_string()))?;
        if path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(io("no file matches this pattern".to_owned()));
    }
    files.sort();
    Ok(files)
}

/// Opens an event file and passes a reader of its text to `read`, with the text's length
/// in bytes (for progress bars): the file itself or, for a `.zip`, the first file inside
/// it, inflated as `read` reads it. Nothing is held beyond the readers' buffers.
///
/// # Errors
/// [`Error::Io`] when the file cannot be opened; [`Error::Import`] for a bad archive; and
/// whatever `read` returns.
pub fn with_event_reader<T>(
    path: &Path,
    read: impl FnOnce(&mut dyn Read, u64) -> Result<T>,
) -> Result<T> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let is_zip = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"));
    if !is_zip {
        let len = file.metadata().map_err(io)?.len();
        return read(&mut file, len);
    }
    let bad_zip = |err: zip::result::ZipError| Error::Import {
        path: path.to_owned(),
        line: 0,
        message: format!("bad zip archive: {err}"),
    };
    let mut archive = zip::ZipArchive::new(file).map_err(bad_zip)?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(bad_zip)?;
        if !entry.is_dir() {
            let len = entry.size();
            return read(&mut entry, len);
        }
    }
    Err(Error::Import {
        path: path.to_owned(),
        line: 0,
        message: "the zip archive holds no file".to_owned(),
    })
}
