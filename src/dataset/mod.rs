//! Reading and writing datasets: RON (native) and JSON, one file or a directory of files;
//! GDELT event exports are read through [`crate::import::gdelt`].
//!
//! Reading never stops at the first bad file: [`read`] returns what parsed, where each item
//! came from, and a diagnostic for every file that did not parse.

mod json;
mod locate;
mod merge;
pub mod snapshot;

use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use crate::check::check_and_index;
use crate::diagnostic::{Diagnostic, Severity};
pub use crate::diagnostic::{Location, Origins, Section};
use crate::error::{shorten, Error, Result};
use crate::graph::Graph;
use crate::import::gdelt::{load_gdelt, GdeltImporter, GdeltOptions};
use crate::model::Dataset;
use crate::resolve::NameIndex;

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
    /// Whether the dataset is known to pass [`crate::check`]: it was read from one snapshot,
    /// which dipgraph writes only from a checked graph.
    pub prechecked: bool,
}

impl Loaded {
    /// The dataset, or [`Error::Invalid`] with the files that failed.
    ///
    /// # Errors
    /// When any file could not be read or parsed.
    pub fn into_result(self) -> Result<Dataset> {
        // Warnings (rows a GDELT import skipped) do not make the dataset unusable.
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            Err(Error::Invalid(self.diagnostics))
        } else {
            Ok(self.dataset)
        }
    }

    /// Every problem: the files that failed to read or parse, then every problem
    /// [`check_dataset`](crate::check::check_dataset) finds in what parsed, located in its file.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics.clone();
        diagnostics.extend(crate::check::check_dataset(
            &self.dataset,
            Some(&self.origins),
        ));
        diagnostics
    }

    /// Checks what was read (parse errors included) and returns the dataset, with the index
    /// of its actors' names the check built; a dataset read from one snapshot is
    /// [`Loaded::prechecked`] and not checked again.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every error, each located in its file.
    pub(crate) fn into_checked(self) -> Result<(Dataset, Option<NameIndex>)> {
        // A snapshot was written from a checked graph by this very version: checking it
        // again would cost more than reading it (docs/performance.md).
        if self.prechecked {
            return Ok((self.dataset, None));
        }
        let (found, names) = check_and_index(&self.dataset, Some(&self.origins));
        // Where each item came from only locates the check's findings: freed before the
        // graph is built, which is when loading peaks (12 bytes an item).
        drop(self.origins);
        // Files that failed to parse come first, as `dipgraph check` lists them.
        let errors: Vec<Diagnostic> = (self.diagnostics.into_iter().chain(found))
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok((self.dataset, Some(names)))
    }

    /// Reads a snapshot; its items are located at the file, with no line.
    fn add_snapshot(&mut self, path: &Path) {
        match snapshot::read(path) {
            Ok(dataset) => {
                self.add_unlocated(path, dataset);
                self.prechecked = self.diagnostics.is_empty();
            }
            Err(err) => self.diagnostics.push(Diagnostic::from_error(&err)),
        }
    }

    /// Adds a dataset whose items have no line numbers, located at `path`.
    fn add_unlocated(&mut self, path: &Path, dataset: Dataset) {
        self.origins
            .add(path, &dataset, locate::ItemStarts::default().lists());
        self.dataset.extend(dataset);
    }

    /// Imports GDELT files; items are located at the first file, as rows are not kept.
    fn add_gdelt(&mut self, paths: &[PathBuf]) {
        let import = match load_gdelt(paths, &GdeltOptions::default()) {
            Ok(import) => import,
            Err(err) => return self.diagnostics.push(Diagnostic::from_error(&err)),
        };
        let at = Location {
            path: paths.first().cloned().unwrap_or_default(),
            line: 0,
            col: 0,
        };
        if import.report.skipped > 0 {
            let message = format!("GDELT import: {}", import.report);
            self.diagnostics
                .push(Diagnostic::warning(Some(at.clone()), message));
            // The first skipped rows, each at its line, so that an editor can jump there.
            self.diagnostics
                .extend(import.report.first_skipped.iter().map(|row| {
                    let location = Location {
                        path: row.path.clone(),
                        line: usize::try_from(row.line).unwrap_or(usize::MAX),
                        col: 1,
                    };
                    Diagnostic::warning(Some(location), format!("skipped: {}", row.reason))
                }));
        }
        self.add_unlocated(&at.path, import.dataset);
    }

    /// Parses one file's text and adds what it holds.
    fn add(&mut self, path: &Path, text: &str, format: DataFormat) {
        let parsed = parse_as(path, text, format)
            .map(|dataset| (dataset, locate::item_starts(text.as_bytes())));
        self.add_parsed(path, parsed);
    }

    /// Adds a parsed file with the starts of its items, or the reason it did not parse.
    fn add_parsed(&mut self, path: &Path, parsed: Result<(Dataset, locate::ItemStarts)>) {
        match parsed {
            Ok((dataset, starts)) => {
                self.origins.add(path, &dataset, starts.lists());
                self.dataset.extend(dataset);
            }
            Err(err) => self.diagnostics.push(Diagnostic::from_error(&err)),
        }
    }
}

impl TryFrom<Loaded> for Graph {
    type Error = Error;

    /// Checks what was read (parse errors included) and builds the graph; a dataset read
    /// from one snapshot is [`Loaded::prechecked`] and not checked again.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every error, each located in its file.
    fn try_from(loaded: Loaded) -> Result<Self> {
        let (dataset, names) = loaded.into_checked()?;
        Ok(Self::from_checked(dataset, names))
    }
}

/// The data formats a dataset file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// Rusty Object Notation, the native format (`.ron`).
    Ron,
    /// JSON with `sources`, `actors` and `relations` arrays (`.json`).
    Json,
    /// A GDELT 1.0 or 2.0 event export (`.export.CSV`, `.CSV`, `.zip`), imported on reading.
    Gdelt,
    /// A binary snapshot of a checked graph (`.dgsnap`), see [`snapshot`].
    Snapshot,
}

impl DataFormat {
    /// The format a file name's extension names, if any.
    ///
    /// ```
    /// use dipgraph::dataset::DataFormat;
    /// use std::path::Path;
    /// let format = DataFormat::from_path(Path::new("20250101000000.export.CSV"));
    /// assert_eq!(format, Some(DataFormat::Gdelt));
    /// ```
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "ron" => Some(Self::Ron),
            "json" => Some(Self::Json),
            "csv" | "zip" => Some(Self::Gdelt),
            snapshot::EXTENSION => Some(Self::Snapshot),
            _ => None,
        }
    }
}

/// What `write` writes, as text: the serializers write only UTF-8.
fn text(write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>) -> Result<String> {
    let mut bytes = Vec::new();
    write(&mut bytes)?;
    String::from_utf8(bytes).map_err(|err| Error::Export(err.to_string()))
}

fn ron_options() -> ron::Options {
    // `implicit_some` lets a file say `country: "TUR"` instead of `country: Some("TUR")`.
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses one file's text; `path` names it in errors and picks the format (RON unless `.json`
/// or a GDELT name, whose bad rows are skipped).
///
/// # Errors
/// [`Error::Parse`] with the line and column of the first syntax or schema error.
pub fn parse(path: &Path, text: &str) -> Result<Dataset> {
    parse_as(
        path,
        text,
        DataFormat::from_path(path).unwrap_or(DataFormat::Ron),
    )
}

/// Parses one file's text in the given format; `path` names it in errors.
///
/// # Errors
/// [`Error::Parse`] with the line and column of the first syntax or schema error.
pub fn parse_as(path: &Path, text: &str, format: DataFormat) -> Result<Dataset> {
    if format == DataFormat::Snapshot {
        return snapshot::from_reader(text.as_bytes(), path);
    }
    if format == DataFormat::Gdelt {
        let mut importer = GdeltImporter::new(GdeltOptions::default());
        importer.read(path, text.as_bytes())?;
        return Ok(importer.finish().dataset);
    }
    let parse_error = |line, col, message: String| Error::Parse {
        path: path.to_owned(),
        line,
        col,
        message: shorten(&message, 400),
    };
    if format == DataFormat::Json {
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
            let mut message = lowercase_first(&err.code.to_string());
            if looks_like_events(path, text) {
                message.push_str(GDELT_HINT);
            }
            parse_error(err.span.start.line, err.span.start.col, message)
        })
    }
}

/// The hint for a file read as RON that looks like a table of events.
const GDELT_HINT: &str = "; this looks like tab-separated rows, not RON: \
                          if it is a GDELT event export, read it with `--input-format gdelt`";

/// Whether a file that failed to parse as RON may be a GDELT export under another name
/// (`events.tsv`): not named `.ron`, and its first line holds tabs.
fn looks_like_events(path: &Path, text: &str) -> bool {
    let named_ron = DataFormat::from_path(path) == Some(DataFormat::Ron);
    !named_ron && text.lines().next().is_some_and(|line| line.contains('\t'))
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

/// Reads and merges files and directories (every `.ron`, `.json` and GDELT file below a
/// directory). GDELT files are imported together, so they share actors and sources; their
/// skipped rows are summed up in one warning.
///
/// Never fails as a whole: unreadable or malformed files become diagnostics in the result.
pub fn read<P: AsRef<Path>>(paths: &[P]) -> Loaded {
    read_as(paths, None)
}

/// Like [`read`], with every file read in `format` when it is given, whatever its name.
pub fn read_as<P: AsRef<Path>>(paths: &[P], format: Option<DataFormat>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut gdelt = Vec::new();
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
            let file_format = format
                .or_else(|| DataFormat::from_path(&file))
                .unwrap_or(DataFormat::Ron);
            if file_format == DataFormat::Gdelt {
                gdelt.push(file);
                continue;
            }
            if file_format == DataFormat::Snapshot {
                loaded.add_snapshot(&file);
                continue;
            }
            if file_format == DataFormat::Json {
                // Ordinary JSON files are read item by item, never held whole; anything
                // else, and any error, is read whole and parsed as text like every other
                // file, which accepts it and locates its errors. Only a regular file can be
                // read that second time (not a pipe, which is not even opened here: opening
                // takes its writer).
                let regular = std::fs::metadata(&file).is_ok_and(|m| m.is_file());
                if let Some(read) = regular.then(|| json::read(&file)).flatten() {
                    loaded.add_parsed(&file, Ok(read));
                    continue;
                }
            }
            match read_text(&file) {
                Ok(text) => loaded.add(&file, &text, file_format),
                Err(err) => loaded.diagnostics.push(Diagnostic::from_error(&err)),
            }
        }
    }
    if !gdelt.is_empty() {
        loaded.add_gdelt(&gdelt);
    }
    loaded.prechecked =
        loaded.prechecked && loaded.files.len() == 1 && loaded.diagnostics.is_empty();
    // Only several files can describe one item twice; one file's duplicates are errors.
    if loaded.files.len() > 1 {
        merge::same_actors(&mut loaded);
        merge::same_sources(&mut loaded);
        merge::same_relations(&mut loaded);
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
        loaded.add(Path::new(path), text, DataFormat::Ron);
    }
    loaded
}

/// [`read_as`], or the [`builtin`] dataset when `paths` is empty (as `--data` works).
pub fn read_or_builtin<P: AsRef<Path>>(paths: &[P], format: Option<DataFormat>) -> Loaded {
    if paths.is_empty() {
        builtin()
    } else {
        read_as(paths, format)
    }
}

/// A checked graph from data files and directories read in `format` (by extension when
/// `None`), or from the built-in dataset when `paths` is empty, with the warnings reading
/// gave (rows a GDELT import skipped; notes, such as actors of several files merged, are
/// left to [`crate::check`]). One snapshot goes straight into the graph, the fast
/// path snapshots exist for.
///
/// ```
/// let (graph, warnings) = dipgraph::dataset::load_graph::<&str>(&[], None)?;
/// assert!(graph.relation_count() > 0 && warnings.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] with every problem (parse errors first, then what checking found);
/// for one snapshot, as [`snapshot::read_graph`].
pub fn load_graph<P: AsRef<Path>>(
    paths: &[P],
    format: Option<DataFormat>,
) -> Result<(Graph, Vec<Diagnostic>)> {
    if let [path] = paths {
        let path = path.as_ref();
        if format.or_else(|| DataFormat::from_path(path)) == Some(DataFormat::Snapshot) {
            return Ok((snapshot::read_graph(path)?, Vec::new()));
        }
    }
    let loaded = read_or_builtin(paths, format);
    let warnings = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    Ok((Graph::try_from(loaded)?, warnings))
}

/// The names of the built-in dataset's files, relative to the repository root.
pub fn builtin_files() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(path, _)| *path)
}

impl Dataset {
    /// Reads a file or a directory of files.
    ///
    /// This checks syntax and schema only; build a [`crate::Graph`] (or run
    /// [`crate::check::check_dataset`]) to validate references.
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
        text(|out| self.write_ron(out))
    }

    /// Writes the dataset as [`to_ron_string`](Self::to_ron_string) gives it, without
    /// holding the text.
    ///
    /// # Errors
    /// [`Error::Write`] when `out` fails; else as [`to_ron_string`](Self::to_ron_string).
    pub fn write_ron(&self, out: &mut dyn std::io::Write) -> Result<()> {
        let config = ron::ser::PrettyConfig::new()
            .indentor("  ")
            .extensions(Extensions::IMPLICIT_SOME);
        ron_options()
            .to_io_writer_pretty(&mut *out, self, config)
            .map_err(|err| Error::Export(format!("cannot write RON: {err}")))?;
        Ok(out.write_all(b"\n")?)
    }

    /// The dataset as pretty JSON.
    ///
    /// # Errors
    /// When a value cannot be represented (a non-finite intensity).
    pub fn to_json_string(&self) -> Result<String> {
        text(|out| self.write_json(out))
    }

    /// Writes the dataset as [`to_json_string`](Self::to_json_string) gives it, without
    /// holding the text: a dataset of ten million relations is 4 GB of JSON.
    ///
    /// # Errors
    /// [`Error::Write`] when `out` fails; else as [`to_json_string`](Self::to_json_string).
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> Result<()> {
        serde_json::to_writer_pretty(&mut *out, self).map_err(|err| match err.is_io() {
            true => Error::Write(err.into()),
            false => Error::Export(format!("cannot write JSON: {err}")),
        })?;
        Ok(out.write_all(b"\n")?)
    }

    /// The built-in dataset: the seed article.
    ///
    /// # Errors
    /// Never for a correct build; the data is checked by the test suite.
    pub fn builtin() -> Result<Dataset> {
        builtin().into_result()
    }
}
