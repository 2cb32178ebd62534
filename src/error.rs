//! The library's error type.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Location};
pub(crate) use crate::model::shorten;
pub use crate::model::InvalidValue;

/// Everything that can go wrong in dipgraph.
///
/// `Debug` shows the same one-line message as `Display` (what the CLI prints), not the
/// variant's fields: a program whose `main` returns `Result<(), Box<dyn Error>>` prints its
/// error with `Debug`. Match on the variant to read the fields.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A data file is malformed: bad syntax, an unknown field, an invalid value.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The line (1-based).
        line: usize,
        /// The column (1-based).
        col: usize,
        /// What is wrong.
        message: String,
    },
    /// An event-data import failed: a bad row under `--strict`, or an unreadable archive.
    #[error("{}:{line}: {message}", path.display())]
    Import {
        /// The file.
        path: PathBuf,
        /// The line (1-based); 0 when the problem concerns the whole file.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A snapshot file is not one, comes from another dipgraph version, or is damaged.
    #[error("{}: {message}", path.display())]
    Snapshot {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The dataset parsed but has errors (dangling ids, missing dates…).
    #[error("{}", summary(.0))]
    Invalid(Vec<Diagnostic>),
    /// No actor has that id, name or alias.
    #[error("unknown actor `{name}`{}", hint(.suggestions, "did you mean"))]
    UnknownActor {
        /// What was asked for.
        name: String,
        /// The closest names, best first.
        suggestions: Vec<String>,
    },
    /// Several actors match that name.
    #[error("`{name}` is ambiguous{}", hint(.candidates, "it could be"))]
    AmbiguousActor {
        /// What was asked for.
        name: String,
        /// The actors it matches, as `name (id)`.
        candidates: Vec<String>,
    },
    /// A request lacks a parameter it needs (see [`crate::request`]).
    #[error("missing parameter `{name}`")]
    MissingParameter {
        /// The parameter, as its flag is spelled without `--`.
        name: &'static str,
    },
    /// An argument the caller passed is invalid.
    #[error(transparent)]
    InvalidValue(#[from] InvalidValue),
    /// Writing an export failed.
    #[error("{0}")]
    Export(String),
    /// Writing to an output stream failed; [`crate::atomic::write_atomic`] turns this into
    /// [`Error::Io`] naming the file.
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    match errors.as_slice() {
        [] => "the dataset is invalid".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

/// `; lead: a, b?` after a message, or nothing when there are no names to offer.
pub(crate) fn hint(names: &[String], lead: &str) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!("; {lead}: {}?", names.join(", "))
    }
}

impl Error {
    /// [`Error::UnknownActor`]: the one place it is built.
    pub(crate) fn unknown_actor(name: &str, suggestions: Vec<String>) -> Self {
        Self::UnknownActor {
            name: name.to_owned(),
            suggestions,
        }
    }
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

// Beside `Error` rather than `Diagnostic`: diagnostics sit below errors (an error can hold
// diagnostics), so this is where both are known.
impl Diagnostic {
    /// The diagnostic for a file that could not be read or parsed.
    pub fn from_error(err: &Error) -> Self {
        match err {
            Error::Parse {
                path,
                line,
                col,
                message,
            } => Self::error(
                Some(Location {
                    path: path.clone(),
                    line: *line,
                    col: *col,
                }),
                message.clone(),
            ),
            Error::Import {
                path,
                line,
                message,
            } => Self::error(
                Some(Location {
                    path: path.clone(),
                    line: usize::try_from(*line).unwrap_or(usize::MAX),
                    col: 1,
                }),
                message.clone(),
            ),
            Error::Io { path, source } => Self::error(
                Some(Location {
                    path: path.clone(),
                    line: 0,
                    col: 0,
                }),
                format!("cannot read: {source}"),
            ),
            other => Self::error(None, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_reads_as_the_cli_shows_it() {
        // `fn main() -> Result<(), Box<dyn Error>>` prints an error with `Debug`.
        let err = Error::UnknownActor {
            name: "Kalim".into(),
            suggestions: vec!["İbrahim Kalın (ibrahim-kalin)".into()],
        };
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert_eq!(
            format!("{boxed:?}"),
            "unknown actor `Kalim`; did you mean: İbrahim Kalın (ibrahim-kalin)?"
        );
        assert_eq!(format!("{boxed:?}"), boxed.to_string());
    }
}
