//! The error of a value that fails validation: an id, a date, a kind name.
//!
//! It lives with the model because the model's own parsers (`FromStr` of ids, dates and
//! kinds) return it; [`crate::error::Error`] wraps it.

use std::fmt;

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

/// `text` cut to at most `max` characters, with `…` where it was cut, so that a hostile
/// input (a 100 MB identifier) cannot make an error message unreadable.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

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
