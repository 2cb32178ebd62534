//! Importing event data into datasets: GDELT 1.0 and 2.0 event exports.
//!
//! An import never panics and never drops a row silently: every skipped row is counted by
//! reason in an [`ImportReport`], the first few with their line numbers.

mod actor_code;
mod community_code;
mod event_code;
mod fips;
pub mod gdelt;
mod input;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

pub use gdelt::{load_gdelt, read_gdelt, GdeltImport, GdeltImporter, GdeltOptions};
pub use input::{event_files, with_event_reader};

/// How many skipped rows an [`ImportReport`] keeps in full.
pub const KEPT_SKIPPED_ROWS: usize = 10;

/// Why an event row was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// The row does not have 57, 58 or 61 columns.
    ColumnCount(usize),
    /// `GLOBALEVENTID` is not a number.
    BadEventId(String),
    /// The same `GLOBALEVENTID` was imported before.
    DuplicateEventId(String),
    /// `SQLDATE` is not a real `YYYYMMDD` day.
    BadDate(String),
    /// `EventCode` is not a CAMEO event code.
    UnknownCode(String),
    /// A number column (`GoldsteinScale`, `NumMentions`…) does not parse.
    BadNumber {
        /// The column's GDELT name.
        column: &'static str,
        /// What it held.
        value: String,
    },
    /// `Actor1Code` or `Actor2Code` is empty: the event has no source or no target.
    MissingActor,
    /// An actor code is not made of three-letter CAMEO parts.
    BadActorCode(String),
    /// Both actors are the same: dipgraph has no relations from an actor to itself.
    SameActor(String),
    /// An actor is a generic role (`GOV`, `MED`…) with no country in its code, and the row
    /// places it in no known state. Not a bad row: such actors are left out on purpose (one
    /// worldwide "Government" would link every government to every other), so `strict`
    /// skips the row too.
    NoCountry(String),
    /// No valid source id could be made for the row's source.
    BadSource(String),
}

impl SkipReason {
    /// A short name for the kind of problem, used to count skipped rows by reason.
    pub fn label(&self) -> &'static str {
        match self {
            Self::ColumnCount(_) => "wrong column count",
            Self::BadEventId(_) => "bad event id",
            Self::DuplicateEventId(_) => "duplicate event id",
            Self::BadDate(_) => "bad date",
            Self::UnknownCode(_) => "unknown CAMEO code",
            Self::BadNumber { .. } => "bad number",
            Self::MissingActor => "missing actor",
            Self::BadActorCode(_) => "bad actor code",
            Self::SameActor(_) => "same actor on both sides",
            Self::NoCountry(_) => "role without a country",
            Self::BadSource(_) => "bad source",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ColumnCount(n) => write!(
                f,
                "{n} columns; GDELT event files have 61 (2.0) or 57/58 (1.0)"
            ),
            Self::BadEventId(id) => write!(f, "bad GLOBALEVENTID `{id}`"),
            Self::DuplicateEventId(id) => write!(f, "event {id} was already imported"),
            Self::BadDate(date) => write!(f, "bad SQLDATE `{date}`: expected a real YYYYMMDD day"),
            Self::UnknownCode(code) => write!(f, "unknown CAMEO event code `{code}`"),
            Self::BadNumber { column, value } => write!(f, "bad {column} `{value}`"),
            Self::MissingActor => f.write_str("no Actor1Code or no Actor2Code"),
            Self::BadActorCode(code) => write!(f, "bad CAMEO actor code `{code}`"),
            Self::SameActor(code) => write!(f, "actor `{code}` on both sides"),
            Self::NoCountry(code) => write!(
                f,
                "actor `{code}` is a role with no country, and the row places it in none"
            ),
            Self::BadSource(id) => write!(f, "cannot make a source id from `{id}`"),
        }
    }
}

/// One skipped row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedRow {
    /// The file it is in.
    pub path: PathBuf,
    /// Its line (1-based).
    pub line: u64,
    /// Why it was skipped.
    pub reason: SkipReason,
}

impl fmt::Display for SkippedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
    }
}

/// What an import read, kept and skipped.
///
/// Its `Display` is a one-line summary, `imported 9,812 of 10,000 rows; skipped 188: 120
/// unknown CAMEO code, 68 missing actor`; the CLI prints [`ImportReport::first_skipped`]
/// below it, one `path:line: reason` line each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: u64,
    /// Rows turned into relations (merged ones included).
    pub imported: u64,
    /// Of the imported rows, those merged into an earlier relation by deduplication.
    pub merged: u64,
    /// Rows skipped.
    pub skipped: u64,
    /// Skipped rows counted by [`SkipReason::label`].
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    /// The first [`KEPT_SKIPPED_ROWS`] skipped rows.
    pub first_skipped: Vec<SkippedRow>,
}

impl ImportReport {
    fn skip(&mut self, row: SkippedRow) {
        self.skipped += 1;
        *self
            .skipped_by_reason
            .entry(row.reason.label())
            .or_default() += 1;
        if self.first_skipped.len() < KEPT_SKIPPED_ROWS {
            self.first_skipped.push(row);
        }
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} of {} rows",
            thousands(self.imported),
            thousands(self.rows)
        )?;
        if self.merged > 0 {
            write!(f, " ({} merged as duplicates)", thousands(self.merged))?;
        }
        if self.skipped > 0 {
            let mut by_reason: Vec<(&str, u64)> = self
                .skipped_by_reason
                .iter()
                .map(|(&r, &n)| (r, n))
                .collect();
            by_reason.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let reasons: Vec<String> = by_reason
                .iter()
                .map(|(reason, n)| format!("{} {reason}", thousands(*n)))
                .collect();
            write!(
                f,
                "; skipped {}: {}",
                thousands(self.skipped),
                reasons.join(", ")
            )?;
        }
        Ok(())
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn summary_line() {
        let mut report = ImportReport {
            rows: 10_000,
            imported: 9_997,
            ..ImportReport::default()
        };
        assert_eq!(report.to_string(), "imported 9,997 of 10,000 rows");
        for (line, reason) in [
            (17, SkipReason::UnknownCode("999".into())),
            (20, SkipReason::MissingActor),
            (31, SkipReason::UnknownCode("000".into())),
        ] {
            let path = PathBuf::from("x.CSV");
            report.skip(SkippedRow { path, line, reason });
        }
        assert_eq!(
            report.to_string(),
            "imported 9,997 of 10,000 rows; skipped 3: 2 unknown CAMEO code, 1 missing actor"
        );
        let kept: Vec<String> = report.first_skipped.iter().map(|r| r.to_string()).collect();
        assert_eq!(kept[0], "x.CSV:17: unknown CAMEO event code `999`");
        assert_eq!(kept.len(), 3);
    }
}
