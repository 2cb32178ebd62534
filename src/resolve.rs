//! Name resolution: finding an actor from what a person types.
//!
//! Ids, names and aliases are compared after [`fold`]ing, so `Erdogan` finds `Erdoğan`,
//! `ibrahim kalin` finds `İbrahim Kalın` and `u.s.` finds `US`. A query that matches no whole
//! name may still match one word of exactly one name (`Kalin`).

use std::collections::{BTreeSet, HashMap};

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::model::{Actor, ActorId};

/// Folds a name for comparison: strips diacritics (with Turkish `ı` as `i`), lowercases, and
/// drops everything but letters and digits.
///
/// ```
/// use dipgraph::resolve::fold;
/// assert_eq!(fold("İbrahim Kalın"), fold("ibrahim kalin"));
/// assert_eq!(fold("U.S."), "us");
/// assert_eq!(fold("S-400"), "s400");
/// ```
pub fn fold(name: &str) -> String {
    name.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ı' { 'i' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Every name an actor answers to: id, name and aliases.
pub(crate) fn names(actor: &Actor) -> impl Iterator<Item = &str> {
    std::iter::once(actor.id.as_str())
        .chain(std::iter::once(actor.name.as_str()))
        .chain(actor.aliases.iter().map(String::as_str))
}

/// Whether one of the actor's names (id, name, aliases), folded, contains `folded_query`
/// (itself already [`fold`]ed): the search that lists actors, where [`NameIndex::resolve`]
/// finds exactly one.
///
/// ```
/// use dipgraph::resolve::{contains, fold};
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let kalin = graph.actor(graph.resolve("Kalin")?).ok_or("missing")?;
/// assert!(contains(kalin, &fold("KALIN")));
/// assert!(contains(kalin, &fold("brahim ka")));
/// assert!(!contains(kalin, &fold("Erdogan")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn contains(actor: &Actor, folded_query: &str) -> bool {
    names(actor).any(|name| fold(name).contains(folded_query))
}

/// An index from folded names (and the words of names) to actor ids.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    whole: HashMap<String, BTreeSet<ActorId>>,
    words: HashMap<String, BTreeSet<ActorId>>,
    labels: HashMap<ActorId, String>,
}

impl NameIndex {
    /// Indexes the actors' ids, names and aliases.
    pub fn new<'a>(actors: impl IntoIterator<Item = &'a Actor>) -> Self {
        let mut index = Self::default();
        for actor in actors {
            index.insert(actor);
        }
        index
    }

    /// Adds one actor.
    pub fn insert(&mut self, actor: &Actor) {
        for name in names(actor) {
            let folded = fold(name);
            if folded.is_empty() {
                continue;
            }
            self.whole
                .entry(folded)
                .or_default()
                .insert(actor.id.clone());
            for word in name.split(|c: char| c.is_whitespace() || c == '-') {
                let word = fold(word);
                if word.len() >= 3 {
                    self.words.entry(word).or_default().insert(actor.id.clone());
                }
            }
        }
        self.labels
            .insert(actor.id.clone(), format!("{} ({})", actor.name, actor.id));
    }

    /// Finds the one actor `query` names.
    ///
    /// # Errors
    /// [`Error::UnknownActor`] with the closest names, or [`Error::AmbiguousActor`] with the
    /// candidates.
    pub fn resolve(&self, query: &str) -> Result<&ActorId> {
        let folded = fold(query);
        let found = self.whole.get(&folded).or_else(|| self.words.get(&folded));
        match found {
            Some(ids) if ids.len() == 1 => ids.iter().next().ok_or_else(|| self.unknown(query)),
            Some(ids) => Err(Error::AmbiguousActor {
                name: query.to_owned(),
                candidates: ids.iter().map(|id| self.label(id)).collect(),
            }),
            None => Err(self.unknown(query)),
        }
    }

    /// Finds the one actor whose id, name or alias folds to the same as `name` (no word
    /// matching).
    ///
    /// # Errors
    /// As [`NameIndex::resolve`].
    pub fn resolve_exact(&self, name: &str) -> Result<&ActorId> {
        match self.whole.get(&fold(name)) {
            Some(ids) if ids.len() == 1 => ids.iter().next().ok_or_else(|| self.unknown(name)),
            Some(ids) => Err(Error::AmbiguousActor {
                name: name.to_owned(),
                candidates: ids.iter().map(|id| self.label(id)).collect(),
            }),
            None => Err(self.unknown(name)),
        }
    }

    fn label(&self, id: &ActorId) -> String {
        self.labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn unknown(&self, query: &str) -> Error {
        Error::unknown_actor(query, self.suggest(query))
    }

    /// Up to three actors whose names are closest to `query`, as `name (id)`.
    pub fn suggest(&self, query: &str) -> Vec<String> {
        let folded = fold(query);
        let mut scored: Vec<(f64, &ActorId)> = Vec::new();
        for (name, ids) in &self.whole {
            let score = strsim::jaro_winkler(&folded, name);
            for id in ids {
                match scored.iter_mut().find(|(_, known)| *known == id) {
                    Some(entry) => entry.0 = entry.0.max(score),
                    None => scored.push((score, id)),
                }
            }
        }
        most_similar(scored)
            .into_iter()
            .map(|id| self.label(id))
            .collect()
    }

    /// The folded names that more than one actor answers to, with those actors.
    pub fn clashes(&self) -> impl Iterator<Item = (&str, &BTreeSet<ActorId>)> {
        self.whole
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(name, ids)| (name.as_str(), ids))
    }
}

/// The (at most three) candidates closest to `query`, closest first: those a user who
/// typed `query` most likely meant.
pub(crate) fn closest(query: &str, candidates: Vec<String>) -> Vec<String> {
    let scored = candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(query, &candidate), candidate))
        .collect();
    most_similar(scored)
}

/// Of candidates scored by similarity (Jaro–Winkler, 0 to 1), the (at most three) that
/// score 0.75 or more, most similar first, then in their own order.
fn most_similar<T: Ord>(mut scored: Vec<(f64, T)>) -> Vec<T> {
    scored.retain(|(score, _)| *score >= 0.75);
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;

    fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
        Actor {
            id: ActorId::new(id).unwrap(),
            name: name.into(),
            kind: ActorKind::Person,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            country: None,
            description: None,
        }
    }

    fn index() -> NameIndex {
        NameIndex::new(&[
            actor(
                "united-states",
                "United States",
                &["US", "U.S.", "Washington", "USA"],
            ),
            actor("turkey", "Turkey", &["Türkiye", "Ankara"]),
            actor("ibrahim-kalin", "İbrahim Kalın", &[]),
            actor("recep-tayyip-erdogan", "Recep Tayyip Erdoğan", &["Erdoğan"]),
            actor("joe-biden", "Joe Biden", &[]),
            actor("hunter-biden", "Hunter Biden", &[]),
        ])
    }

    fn check(query: &str, expected: &str) {
        let got = match index().resolve(query) {
            Ok(id) => id.to_string(),
            Err(err) => err.to_string(),
        };
        assert_eq!(got, expected, "{query:?}");
    }

    #[test]
    fn resolution() {
        check("turkey", "turkey");
        check("TURKIYE", "turkey");
        check("Türkiye", "turkey");
        check("ankara", "turkey");
        check("u.s.", "united-states");
        check("US", "united-states");
        check("Washington", "united-states");
        check("united states", "united-states");
        check("Erdogan", "recep-tayyip-erdogan");
        check("ERDOĞAN", "recep-tayyip-erdogan");
        check("ibrahim kalin", "ibrahim-kalin");
        check("İBRAHİM KALIN", "ibrahim-kalin");
        check("Kalin", "ibrahim-kalin");
        check("ibrahim-kalin", "ibrahim-kalin");
        check(
            "Biden",
            "`Biden` is ambiguous; it could be: Hunter Biden (hunter-biden), Joe Biden (joe-biden)?",
        );
        check(
            "Turky",
            "unknown actor `Turky`; did you mean: Turkey (turkey)?",
        );
        check("zzzz", "unknown actor `zzzz`");
        check("", "unknown actor ``");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Kurdistan Workers’ Party"), "kurdistanworkersparty");
        assert_eq!(fold("ŞĞÜÖÇ şğüöç"), "sguocsguoc");
    }
}
