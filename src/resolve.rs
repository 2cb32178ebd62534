//! Name resolution: finding an actor from what a person types.
//!
//! Ids, names and aliases are compared after [`fold`]ing, so `Erdogan` finds `Erdoğan`,
//! `ibrahim kalin` finds `İbrahim Kalın` and `u.s.` finds `US`. A query that matches no whole
//! name may still match one word of exactly one name (`Kalin`).

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

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
    if name.is_ascii() {
        // The common case, without normalising: ASCII has no marks and lowercases in place.
        return name
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
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
    /// The folded names ordered for suggestions, built on the first miss; `insert` drops it.
    suggestions: OnceLock<SuggestionTable>,
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
        self.suggestions = OnceLock::new();
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

    /// Up to three actors whose names are closest to `query`, as `name (id)`: those with a
    /// folded name whose Jaro–Winkler similarity to the folded query is 0.75 or more, the
    /// most similar first (an actor scored by its closest name), then by id.
    ///
    /// The first call builds a table of the names by length, with a summary of the letters of
    /// each; later calls score only the names that table cannot rule out (see
    /// `SuggestionTable`), so a miss costs about as much as a hit even with many actors.
    pub fn suggest(&self, query: &str) -> Vec<String> {
        let folded = fold(query);
        let table = self
            .suggestions
            .get_or_init(|| SuggestionTable::new(self.whole.keys()));
        let mut scored: Vec<(f64, &ActorId)> = Vec::new();
        for name in table.candidates(&folded) {
            let score = strsim::jaro_winkler(&folded, name);
            if score < SIMILAR {
                continue;
            }
            if let Some(ids) = self.whole.get(name) {
                scored.extend(ids.iter().map(|id| (score, id)));
            }
        }
        // An actor that answers to several close names keeps its best score.
        scored.sort_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.total_cmp(&a.0)));
        scored.dedup_by(|later, kept| later.1 == kept.1);
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

/// The Jaro–Winkler similarity from which a name is suggested.
const SIMILAR: f64 = 0.75;

/// Of candidates scored by similarity (Jaro–Winkler, 0 to 1), the (at most three) that
/// score [`SIMILAR`] or more, most similar first, then in their own order.
fn most_similar<T: Ord>(mut scored: Vec<(f64, T)>) -> Vec<T> {
    scored.retain(|(score, _)| *score >= SIMILAR);
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, item)| item).collect()
}

/// The folded names ordered by length in characters, each with the set of its letters,
/// so that a query skips, without scoring them, the names that cannot reach [`SIMILAR`].
///
/// Jaro–Winkler is not a metric (no BK-tree) and 0.75 is loose (a deletion index would
/// miss names it accepts), so the table rules names out by a bound instead: Jaro–Winkler
/// only adds its prefix bonus to a Jaro similarity above 0.7, so a suggestion needs
/// `J = (m/a + m/b + (m − t)/m) / 3 > 0.7` for a query of `a` characters, a name of `b`
/// and `m` matching characters, hence `m/a + m/b > 1.1`. `m` is at most the number of
/// the query's characters that occur in the name, at most `b`: that bound, read from
/// the letter sets, rules out most names, and the length alone (`a/10 < b < 10a`) rules
/// out whole ranges of the table. The names it keeps are scored exactly, so the
/// suggestions are the same as scoring every name.
#[derive(Clone, Debug, Default)]
struct SuggestionTable {
    /// (length in characters, letter set, folded name), by length.
    names: Vec<(usize, u64, Box<str>)>,
}

impl SuggestionTable {
    fn new<'a>(names: impl Iterator<Item = &'a String>) -> Self {
        let mut names: Vec<_> = names
            .map(|name| (name.chars().count(), letter_set(name), name.as_str().into()))
            .collect();
        names.sort_unstable();
        Self { names }
    }

    /// The names that may be [`SIMILAR`] to the folded `query`.
    fn candidates<'t>(&'t self, query: &str) -> impl Iterator<Item = &'t str> + 't {
        let query_len = query.chars().count();
        // How many of the query's characters fall on each bit of a letter set.
        let mut per_bit = [0usize; 64];
        for c in query.chars() {
            per_bit[letter_bit(c)] += 1;
        }
        let query_set = letter_set(query);
        let first = self.names.partition_point(|(len, ..)| len * 10 < query_len);
        let end = self
            .names
            .partition_point(|(len, ..)| *len <= query_len * 10);
        let (a, slack) = (query_len as f64, 1e-9);
        self.names
            .get(first..end)
            .unwrap_or_default()
            .iter()
            .filter(move |(len, set, _)| {
                let mut shared = 0;
                let mut common = query_set & set;
                while common != 0 {
                    shared += per_bit[common.trailing_zeros() as usize];
                    common &= common - 1;
                }
                let (m, b) = (shared.min(*len) as f64, *len as f64);
                m > 0.0 && m / a + m / b >= 1.1 - slack
            })
            .map(|(.., name)| &**name)
    }
}

/// The bit of a letter set that stands for `c`: one per ASCII letter and digit, the other
/// characters sharing the rest (sharing only loosens the bound, never breaks it).
fn letter_bit(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        '0'..='9' => 26 + (c as usize - '0' as usize),
        _ => 36 + c as usize % 28,
    }
}

fn letter_set(name: &str) -> u64 {
    name.chars().fold(0, |set, c| set | 1 << letter_bit(c))
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

    /// The suggestions as they were found before the table: every name scored.
    fn suggest_by_scoring_every_name(index: &NameIndex, query: &str) -> Vec<String> {
        let folded = fold(query);
        let mut scored: Vec<(f64, &ActorId)> = Vec::new();
        for (name, ids) in &index.whole {
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
            .map(|id| index.label(id))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The table only skips names that could not have been suggested.
        #[test]
        fn suggestions_match_scoring_every_name(
            names in proptest::collection::vec("[a-hğüßé中0-2 ]{1,12}", 1..60),
            queries in proptest::collection::vec("[a-hğüßé中0-2 ]{0,14}", 1..20),
        ) {
            let actors: Vec<Actor> = names
                .iter()
                .enumerate()
                .map(|(n, name)| {
                    // Every third actor also answers to the next one's name.
                    let alias = &names[(n + 1) % names.len()];
                    let aliases: &[&str] = if n % 3 == 0 { &[alias] } else { &[] };
                    actor(&format!("a{n}"), name, aliases)
                })
                .collect();
            let mut index = NameIndex::new(&actors);
            for query in queries.iter().chain(&names) {
                proptest::prop_assert_eq!(
                    index.suggest(query),
                    suggest_by_scoring_every_name(&index, query),
                    "{:?}", query
                );
            }
            // An insert drops the table built above.
            index.insert(&actor("late", &queries[0], &[]));
            proptest::prop_assert_eq!(
                index.suggest(&queries[0]),
                suggest_by_scoring_every_name(&index, &queries[0])
            );
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Kurdistan Workers’ Party"), "kurdistanworkersparty");
        assert_eq!(fold("ŞĞÜÖÇ şğüöç"), "sguocsguoc");
        // The ASCII shortcut folds as the general path does.
        for name in [
            "U.S.",
            "S-400",
            "Al-Qaeda's",
            "PKK/YPG",
            "G7 & G20",
            "x_y 9",
        ] {
            let general: String = name
                .nfkd()
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric())
                .collect();
            assert_eq!(fold(name), general, "{name}");
        }
    }
}
