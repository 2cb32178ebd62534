//! The library's error type.

use std::fmt;
use std::path::PathBuf;

use crate::check::Diagnostic;

/// A value that failed validation: an id, a date, a kind name.
///
/// ```
/// let err = "2021-02-30".parse::<dipgraph::Date>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid date `2021-02-30`: that day does not exist");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    what: &'static str,
    value: String,
    reason: String,
}

impl InvalidValue {
    pub(crate) fn new(what: &'static str, value: &str, reason: &str) -> Self {
        Self {
            what,
            value: shorten(value, 80),
            reason: reason.to_owned(),
        }
    }

    /// Why the value was refused.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} `{}`: {}", self.what, self.value, self.reason)
    }
}

impl std::error::Error for InvalidValue {}

/// Everything that can go wrong in dipgraph.
#[derive(Debug, thiserror::Error)]
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

/// `text` cut to at most `max` characters, with `…` where it was cut, so that a hostile
/// input (a 100 MB identifier) cannot make an error message unreadable.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc…");
        assert_eq!(shorten("ığüşöç", 2), "ığ…");
        let err = "X"
            .repeat(1000)
            .parse::<crate::ActorId>()
            .unwrap_err()
            .to_string();
        assert!(err.len() < 200, "{err}");
    }
}
