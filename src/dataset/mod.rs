//! Reading and writing datasets: RON (native) and JSON, one file or a directory of files.
//!
//! Reading never stops at the first bad file: [`read`] returns what parsed, where each item
//! came from, and a diagnostic for every file that did not parse.

mod locate;

use std::fmt;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::check::Diagnostic;
use crate::error::{shorten, Error, Result};
use crate::model::Dataset;

/// A place in a data file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// The line, 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// The column, 1-based.
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path.display())
        } else {
            write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
        }
    }
}

/// Where each item of a merged [`Dataset`] was read from; the vectors run parallel to the
/// dataset's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    /// One location per source.
    pub sources: Vec<Location>,
    /// One location per actor.
    pub actors: Vec<Location>,
    /// One location per relation.
    pub relations: Vec<Location>,
}

/// A dataset merged from files, with the origin of every item and the files that failed.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// Everything that parsed.
    pub dataset: Dataset,
    /// Where each item came from.
    pub origins: Origins,
    /// One error per file that could not be read or parsed.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
}

impl Loaded {
    /// The dataset, or [`Error::Invalid`] with the files that failed.
    ///
    /// # Errors
    /// When any file could not be read or parsed.
    pub fn into_result(self) -> Result<Dataset> {
        if self.diagnostics.is_empty() {
            Ok(self.dataset)
        } else {
            Err(Error::Invalid(self.diagnostics))
        }
    }

    fn add(&mut self, path: &Path, text: &str) {
        match parse(path, text) {
            Ok(dataset) => {
                let starts = locate::item_starts(text);
                let at = |list: &[(usize, usize)], i: usize| {
                    let (line, col) = list.get(i).copied().unwrap_or((1, 1));
                    Location {
                        path: path.to_owned(),
                        line,
                        col,
                    }
                };
                let origins = &mut self.origins;
                origins
                    .sources
                    .extend((0..dataset.sources.len()).map(|i| at(&starts.sources, i)));
                origins
                    .actors
                    .extend((0..dataset.actors.len()).map(|i| at(&starts.actors, i)));
                origins
                    .relations
                    .extend((0..dataset.relations.len()).map(|i| at(&starts.relations, i)));
                self.dataset.extend(dataset);
            }
            Err(err) => self.diagnostics.push(Diagnostic::from_error(&err)),
        }
    }
}

/// The data formats a dataset file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// Rusty Object Notation, the native format (`.ron`).
    Ron,
    /// JSON with `sources`, `actors` and `relations` arrays (`.json`).
    Json,
}

impl DataFormat {
    /// The format a file name's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "ron" => Some(Self::Ron),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

fn ron_options() -> ron::Options {
    // `implicit_some` lets a file say `country: "TUR"` instead of `country: Some("TUR")`.
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses one file's text; `path` names it in errors and picks the format (RON unless `.json`).
///
/// # Errors
/// [`Error::Parse`] with the line and column of the first syntax or schema error.
pub fn parse(path: &Path, text: &str) -> Result<Dataset> {
    let parse_error = |line, col, message: String| Error::Parse {
        path: path.to_owned(),
        line,
        col,
        message: shorten(&message, 400),
    };
    if DataFormat::from_path(path) == Some(DataFormat::Json) {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let dataset = serde::Deserialize::deserialize(&mut deserializer)
            .and_then(|d| deserializer.end().map(|()| d));
        dataset.map_err(|err| {
            let message = err.to_string();
            let message = match message.rsplit_once(" at line ") {
                Some((head, _)) => head.to_owned(),
                None => message,
            };
            parse_error(err.line().max(1), err.column().max(1), message)
        })
    } else {
        ron_options().from_str(text).map_err(|err| {
            let message = lowercase_first(&err.code.to_string());
            parse_error(err.span.start.line, err.span.start.col, message)
        })
    }
}

/// ron's messages start with a capital; ours are lowercase.
fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => message.to_owned(),
    }
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Error::Parse {
            path: path.to_owned(),
            line,
            col,
            message: "the file is not valid UTF-8".to_owned(),
        }
    })
}

/// The data files under `dir`, recursively, sorted by path; hidden entries are skipped.
fn data_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            files.extend(data_files(&path)?);
        } else if DataFormat::from_path(&path).is_some() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads and merges files and directories (every `.ron` and `.json` file below a directory).
///
/// Never fails as a whole: unreadable or malformed files become diagnostics in the result.
pub fn read<P: AsRef<Path>>(paths: &[P]) -> Loaded {
    let mut loaded = Loaded::default();
    for path in paths {
        let path = path.as_ref();
        let files = if path.is_dir() {
            data_files(path).and_then(|files| {
                if files.is_empty() {
                    Err(Error::Io {
                        path: path.to_owned(),
                        source: std::io::Error::other("no .ron or .json files in this directory"),
                    })
                } else {
                    Ok(files)
                }
            })
        } else {
            Ok(vec![path.to_owned()])
        };
        let files = match files {
            Ok(files) => files,
            Err(err) => {
                loaded.diagnostics.push(Diagnostic::from_error(&err));
                continue;
            }
        };
        for file in files {
            loaded.files.push(file.clone());
            match read_text(&file) {
                Ok(text) => loaded.add(&file, &text),
                Err(err) => loaded.diagnostics.push(Diagnostic::from_error(&err)),
            }
        }
    }
    loaded
}

/// The files of the built-in dataset, compiled into the library.
const BUILTIN: &[(&str, &str)] = &[
    ("data/actors.ron", include_str!("../../data/actors.ron")),
    (
        "data/sources/2021-03-08-ahval-s400.ron",
        include_str!("../../data/sources/2021-03-08-ahval-s400.ron"),
    ),
];

/// The built-in dataset (the seed article), as if read from `data/`.
pub fn builtin() -> Loaded {
    let mut loaded = Loaded::default();
    for (path, text) in BUILTIN {
        loaded.files.push(PathBuf::from(path));
        loaded.add(Path::new(path), text);
    }
    loaded
}

/// The names of the built-in dataset's files, relative to the repository root.
pub fn builtin_files() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(path, _)| *path)
}

impl Dataset {
    /// Reads a file or a directory of files.
    ///
    /// This checks syntax and schema only; build a [`crate::Graph`] (or run
    /// [`crate::check::check`]) to validate references.
    ///
    /// # Errors
    /// [`Error::Invalid`] listing the files that could not be read or parsed.
    pub fn load(path: impl AsRef<Path>) -> Result<Dataset> {
        read(&[path]).into_result()
    }

    /// Parses RON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the position of the first problem (the path is `<string>`).
    pub fn from_ron_str(text: &str) -> Result<Dataset> {
        parse(Path::new("<string>"), text)
    }

    /// Parses JSON text.
    ///
    /// # Errors
    /// [`Error::Parse`] with the position of the first problem (the path is `<string>.json`).
    pub fn from_json_str(text: &str) -> Result<Dataset> {
        parse(Path::new("<string>.json"), text)
    }

    /// The dataset as pretty RON, the way data files are written by hand.
    ///
    /// ```
    /// let dataset = dipgraph::Dataset::builtin()?;
    /// let again = dipgraph::Dataset::from_ron_str(&dataset.to_ron_string()?)?;
    /// assert_eq!(dataset, again);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When a value cannot be represented (not expected for valid data).
    pub fn to_ron_string(&self) -> Result<String> {
        let config = ron::ser::PrettyConfig::new()
            .indentor("  ")
            .extensions(Extensions::IMPLICIT_SOME);
        ron_options()
            .to_string_pretty(self, config)
            .map(|mut text| {
                text.push('\n');
                text
            })
            .map_err(|err| Error::Export(format!("cannot write RON: {err}")))
    }

    /// The dataset as pretty JSON.
    ///
    /// # Errors
    /// When a value cannot be represented (a non-finite intensity).
    pub fn to_json_string(&self) -> Result<String> {
        serde_json::to_string_pretty(self)
            .map(|mut text| {
                text.push('\n');
                text
            })
            .map_err(|err| Error::Export(format!("cannot write JSON: {err}")))
    }

    /// The built-in dataset: the seed article.
    ///
    /// # Errors
    /// Never for a correct build; the data is checked by the test suite.
    pub fn builtin() -> Result<Dataset> {
        builtin().into_result()
    }
}
