//! The shared vocabulary of problems: a [`Diagnostic`] with its [`Severity`] and
//! [`Location`], and the [`Origins`] that locate each item of a dataset read from files.
//!
//! It sits just above the model, below everything that reports problems (errors, checks,
//! the readers), so that each of them can name a place without knowing the others.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Dataset;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The dataset cannot be used as it is.
    Error,
    /// Worth a look, but the dataset works.
    Warning,
    /// Not a problem: what dipgraph did on reading, such as merging two files' actors that
    /// are one entity.
    Note,
}

/// One problem, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Where it is, when known.
    #[serde(serialize_with = "serialize_location")]
    pub location: Option<Location>,
    /// What is wrong, one line, lowercase.
    pub message: String,
}

fn serialize_location<S: serde::Serializer>(
    location: &Option<Location>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    location
        .as_ref()
        .map(ToString::to_string)
        .serialize(serializer)
}

impl Diagnostic {
    pub(crate) fn error(location: Option<Location>, message: String) -> Self {
        Self {
            severity: Severity::Error,
            location,
            message,
        }
    }

    pub(crate) fn warning(location: Option<Location>, message: String) -> Self {
        Self {
            severity: Severity::Warning,
            location,
            message,
        }
    }

    pub(crate) fn note(location: Option<Location>, message: String) -> Self {
        Self {
            severity: Severity::Note,
            location,
            message,
        }
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line:col: message` for errors, `path:line:col: warning: message` for warnings,
/// `path:line:col: note: message` for notes.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        match self.severity {
            Severity::Error => {}
            Severity::Warning => f.write_str("warning: ")?,
            Severity::Note => f.write_str("note: ")?,
        }
        f.write_str(&self.message)
    }
}

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

/// The sections of a dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// `sources`
    Sources,
    /// `actors`
    Actors,
    /// `relations`
    Relations,
}

impl Section {
    /// What one item of the section is called: `source`, `actor`, `relation`.
    pub fn item(self) -> &'static str {
        match self {
            Section::Sources => "source",
            Section::Actors => "actor",
            Section::Relations => "relation",
        }
    }
}

/// Where each item of a merged [`Dataset`] was read from.
///
/// Kept compact (a file number, line and column per item, 12 bytes) because a million
/// relations would otherwise carry a million copies of their file's path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    files: Vec<PathBuf>,
    sources: Vec<Place>,
    actors: Vec<Place>,
    relations: Vec<Place>,
}

/// An item's place: an index into [`Origins::files`], a line and a column (0: none).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Place {
    file: u32,
    line: u32,
    col: u32,
}

impl Origins {
    /// Where the `index`th item of `section` was read from.
    pub fn locate(&self, section: Section, index: usize) -> Option<Location> {
        let place = self.section(section).get(index)?;
        Some(Location {
            path: self.files.get(place.file as usize)?.clone(),
            line: place.line as usize,
            col: place.col as usize,
        })
    }

    /// The file (its number, in reading order) the `index`th item of `section` was read from.
    pub(crate) fn file_of(&self, section: Section, index: usize) -> Option<u32> {
        self.section(section).get(index).map(|place| place.file)
    }

    /// Drops the places of the items of `section` not kept, as the items were dropped (merged).
    pub(crate) fn retain(&mut self, section: Section, kept: &[bool]) {
        let places = match section {
            Section::Sources => &mut self.sources,
            Section::Actors => &mut self.actors,
            Section::Relations => &mut self.relations,
        };
        let mut index = 0;
        places.retain(|_| {
            index += 1;
            kept.get(index - 1).copied().unwrap_or(true)
        });
    }

    fn section(&self, section: Section) -> &Vec<Place> {
        match section {
            Section::Sources => &self.sources,
            Section::Actors => &self.actors,
            Section::Relations => &self.relations,
        }
    }

    /// Records the items of `dataset`, read from `path`; `starts` gives the line and column
    /// of each item of each section, in [`Section`] order (items beyond them get none).
    pub(crate) fn add(&mut self, path: &Path, dataset: &Dataset, starts: [&[(usize, usize)]; 3]) {
        let file = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(path.to_owned());
        let places = |starts: &[(usize, usize)], n: usize| -> Vec<Place> {
            let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            (0..n)
                .map(|i| {
                    let (line, col) = starts.get(i).copied().unwrap_or((0, 0));
                    Place {
                        file,
                        line: narrow(line),
                        col: narrow(col),
                    }
                })
                .collect()
        };
        let [sources, actors, relations] = starts;
        self.sources.extend(places(sources, dataset.sources.len()));
        self.actors.extend(places(actors, dataset.actors.len()));
        self.relations
            .extend(places(relations, dataset.relations.len()));
    }
}
