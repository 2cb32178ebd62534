//! Extraction: from a news article to a draft of the graph that an analyst reviews.
//!
//! An offline, dictionary- and pattern-based coder in the tradition of TABARI and PETRARCH:
//! sentences and tokens (`text`), actors by gazetteer (`gazetteer`), triggers and agent
//! nouns by lexicon (`lexicon`), one small named function per rule (`rules`: voice,
//! negation, modality, reported speech, compound actors, appositives, coreference), dates
//! (`date`), and the draft itself (`draft`). `docs/extract.md` explains the method and
//! what it gets wrong.
//!
//! ```
//! use dipgraph::extract::{Extractor, SourceMeta};
//!
//! let base = dipgraph::Graph::try_from(dipgraph::Dataset::default())?;
//! let extractor = Extractor::new(&base)?;
//! let meta = SourceMeta { published: Some("2021-03-08".parse()?), ..SourceMeta::named("note") };
//! let draft = extractor.extract("Turkey called on Russia to halt the offensive.", &meta)?;
//! let relation = &draft.dataset.relations[0];
//! assert_eq!((relation.from.as_str(), relation.kind.as_str(), relation.to.as_str()),
//!            ("turkey", "appeal", "russia"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod clause;
mod date;
mod draft;
mod gazetteer;
mod lexicon;
mod relation;
mod rules;
mod text;

use rustc_hash::FxHashSet;
use serde::Serialize;

pub use draft::{Draft, Unresolved};

use crate::error::{InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{ActorId, Date, RelationKind, SourceId};

/// The longest article [`Extractor::extract`] reads: 16 MiB, a hundred times a long report.
/// Longer text is refused rather than read slowly into an unreviewable draft.
pub const MAX_TEXT: usize = 16 << 20;

/// What is known about an article besides its text; anything left `None` is looked for in
/// the text (a headline, a dateline, a date line, a `Content retrieved from:` URL).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SourceMeta {
    /// The name of the file or stream, for the source's id and as the title of last resort.
    pub name: String,
    /// The source's id; by default the name, slugified.
    pub id: Option<SourceId>,
    /// The headline.
    pub title: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// When it was published: relative dates ("on Friday") count from it.
    pub published: Option<Date>,
}

impl SourceMeta {
    /// Metadata with only a name (a file name or `-`).
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            ..Self::default()
        }
    }
}

/// A reusable extractor: the gazetteer and lexicon, built once from a base graph. It is
/// `Sync`, so one extractor serves many threads.
#[derive(Clone, Debug)]
pub struct Extractor {
    gazetteer: gazetteer::Gazetteer,
    lexicon: lexicon::Lexicon,
    /// The ids of the base graph's actors, relations and sources and of the gazetteer's
    /// entries, so that the draft's new ones differ.
    taken: FxHashSet<String>,
    /// The base graph's standing relations, so the draft does not propose them again.
    standing: FxHashSet<(ActorId, RelationKind, ActorId)>,
}

impl Extractor {
    /// Builds the gazetteer (the base graph's actors first, then the built-in dictionaries)
    /// and the lexicon.
    ///
    /// # Errors
    /// [`crate::Error::Parse`] if a built-in dictionary is malformed (a bug caught by tests).
    pub fn new(base: &Graph) -> Result<Self> {
        Self::with_actors(base, &[])
    }

    /// Like [`Extractor::new`], with further actor dictionaries in the gazetteer's
    /// tab-separated format (`id kind country name aliases links`, see
    /// `data/extract/actors.tsv`), given as `(name, text)`; they come after the base graph
    /// and before the built-in files.
    ///
    /// # Errors
    /// [`crate::Error::Parse`] naming the file and line of a malformed entry.
    pub fn with_actors(base: &Graph, files: &[(&'static str, &str)]) -> Result<Self> {
        let gazetteer = gazetteer::Gazetteer::with_files(base, files)?;
        let lexicon = lexicon::Lexicon::new()?;
        let mut taken = FxHashSet::default();
        taken.extend(base.actors().map(|a| a.id.to_string()));
        taken.extend(base.relations().map(|r| r.id.to_string()));
        taken.extend(base.sources().map(|s| s.id.to_string()));
        // A new person's slug must not be a gazetteer id the same draft may cite later
        // ("Sergei Ryabkov" followed by a letter the slug drops).
        taken.extend(gazetteer.entries.iter().map(|e| e.id.to_string()));
        let standing = base
            .relations()
            .filter(|r| r.kind.is_standing())
            .map(|r| (r.from.clone(), r.kind, r.to.clone()))
            .collect();
        Ok(Self {
            gazetteer,
            lexicon,
            taken,
            standing,
        })
    }

    /// The number of names the gazetteer knows.
    pub fn names(&self) -> usize {
        self.gazetteer.len()
    }

    /// Reads one article and proposes the relations it states, as a draft whose dataset
    /// passes `check` together with the base graph.
    ///
    /// # Errors
    /// [`crate::Error::InvalidValue`] when the text is longer than [`MAX_TEXT`].
    pub fn extract(&self, text: &str, meta: &SourceMeta) -> Result<Draft> {
        if text.len() > MAX_TEXT {
            return Err(InvalidValue::new(
                "article",
                &meta.name,
                &format!(
                    "it is {} bytes, over the limit of {MAX_TEXT} bytes for one article",
                    text.len()
                ),
            )
            .into());
        }
        // The first sentences, for the article's date and headline; the rest are read one
        // at a time below.
        let head: Vec<text::Sentence> = text::sentences(text).take(4).collect();
        let found = meta.published.or_else(|| date::published(&head));
        let published = found.or_else(date::today).ok_or_else(|| {
            InvalidValue::new(
                "article",
                &meta.name,
                "has no date and the clock gives none: pass one",
            )
        })?;
        let mut document = rules::Document::new(self, text, published);
        for (n, sentence) in text::sentences(text).enumerate() {
            document.sentence(n, &sentence);
        }
        document.links();
        let mut draft = draft::build(self, document, meta, head.first(), published)?;
        if found.is_none() {
            draft.warnings.push(format!(
                "no date in the article: events are dated to today ({published}); give the article's publication date"
            ));
        }
        Ok(draft)
    }
}

#[cfg(test)]
mod tests;
