//! The gazetteer: every name the extractor knows an actor by, matched by the longest run of
//! words (folded as [`crate::resolve::fold`] folds them) that names something.
//!
//! Names come from the base graph first (its ids win), then from `data/extract/actors.tsv`
//! (made by hand: recent leaders, seats of power, links such as `leads:turkey`) and
//! `data/extract/petrarch-actors.tsv` (converted from PETRARCH2's Phoenix dictionaries). An
//! entry of a file that shares a name with a base actor *is* that actor: its other names and
//! its links are added to it. Lookup is a hash of word n-grams, longest first: for the short
//! names of a gazetteer (at most [`MAX_WORDS`] words) this is as fast as an Aho-Corasick
//! automaton and matches only whole words by construction.

use rustc_hash::{FxHashMap, FxHashSet};

use super::text::{tokenize, Token, TokenKind};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::model::{ActorId, ActorKind, CountryCode, RelationKind};

/// The longest name, in words, that the gazetteer matches.
pub(crate) const MAX_WORDS: usize = 8;

/// The hand-made actors, first so that they win over converted ones.
const ACTORS: &str = include_str!("../../data/extract/actors.tsv");
/// Actors converted from PETRARCH2 by `scripts/convert_petrarch.py`.
const PETRARCH_ACTORS: &str = include_str!("../../data/extract/petrarch-actors.tsv");

/// Capitalised words that name an actor in a dictionary but are ordinary words far more
/// often (`Will`, `Mark`; and the months and days, [`super::date::is_calendar_word`]).
const COMMON: &[&str] = &[
    "will",
    "mark",
    "said",
    "new",
    "today",
    "president",
    "minister",
    "state",
    "government",
    "army",
    "police",
    "party",
    "city",
    "republic",
    "union",
    "west",
    "east",
    "north",
    "south",
    "center",
    "centre",
    "league",
    "council",
    "court",
    "congress",
    "senate",
    "house",
    "group",
    "people",
    "forces",
    "national",
    "general",
    "premier",
    "prime",
    "the",
    "chad",
    "jordan",
    "georgia",
    "china town",
    "independent",
    "liberal",
    "labour",
    "green",
];

/// A standing relation an entry brings with it (`Erdoğan leads Turkey`).
#[derive(Clone, Debug)]
pub(crate) struct Link {
    pub kind: RelationKind,
    /// The other entry.
    pub target: usize,
    /// Whether the link runs from the target to the entry (`^produces:russia` on the S-400).
    pub reversed: bool,
}

/// One actor the gazetteer knows.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub id: ActorId,
    pub name: String,
    pub kind: ActorKind,
    pub country: Option<CountryCode>,
    pub aliases: Vec<String>,
    pub links: Vec<Link>,
    /// Whether the actor is in the base graph (so the draft cites it and does not add it).
    pub in_base: bool,
}

#[derive(Clone, Copy, Debug)]
struct Key {
    entry: u32,
    /// An all-capitals name (`US`, `NATO`): the text must be in capitals too, so that the
    /// pronoun `us` is not the United States.
    acronym: bool,
}

/// Every known actor and the index from folded names to them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    pub entries: Vec<Entry>,
    keys: FxHashMap<Box<str>, Key>,
    /// The entries' ids, so a new one is checked in constant time.
    ids: FxHashSet<String>,
}

/// A link as a file gives it, before its target is known.
struct PendingLink {
    entry: usize,
    text: String,
    line: usize,
    path: &'static str,
}

impl Gazetteer {
    /// The base graph's actors, then `files` (`(name, text)`), then the built-in files.
    pub fn with_files(base: &Graph, files: &[(&'static str, &str)]) -> Result<Self> {
        let mut gazetteer = Self::default();
        for actor in base.actors() {
            let index = gazetteer.entries.len();
            gazetteer.entries.push(Entry {
                id: actor.id.clone(),
                name: actor.name.clone(),
                kind: actor.kind,
                country: actor.country.clone(),
                aliases: actor.aliases.clone(),
                links: Vec::new(),
                in_base: true,
            });
            gazetteer.ids.insert(actor.id.to_string());
            for name in std::iter::once(&actor.name).chain(&actor.aliases) {
                if let Some(key) = key(name) {
                    gazetteer.add_key(key, index);
                }
            }
        }
        let mut all = files.to_vec();
        all.push(("data/extract/actors.tsv", ACTORS));
        all.push(("data/extract/petrarch-actors.tsv", PETRARCH_ACTORS));
        gazetteer.load(&all)?;
        Ok(gazetteer)
    }

    /// Adds the entries of tab-separated files (`id kind country name aliases links`), as
    /// `(path, text)`; the path names the file in errors.
    fn load(&mut self, files: &[(&'static str, &str)]) -> Result<()> {
        let mut by_file_id: FxHashMap<String, usize> = FxHashMap::default();
        let mut pending = Vec::new();
        for &(path, text) in files {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let parse = |message: String| Error::Parse {
                    path: path.into(),
                    line: n + 1,
                    col: 1,
                    message,
                };
                let fields: Vec<&str> = line.split('\t').collect();
                let [id, kind, country, name, aliases, links] = fields[..] else {
                    return Err(parse(format!(
                        "expected 6 tab-separated fields, found {}",
                        fields.len()
                    )));
                };
                let kind: ActorKind = kind
                    .parse()
                    .map_err(|e: crate::InvalidValue| parse(e.to_string()))?;
                let country = match country {
                    "" => None,
                    code => Some(CountryCode::new(code).map_err(|e| parse(e.to_string()))?),
                };
                // Each name folded once, for finding the entry and for indexing it.
                let names: Vec<(&str, (String, bool))> = std::iter::once(name)
                    .chain(aliases.split('|').filter(|a| !a.is_empty()))
                    .filter_map(|alias| Some((alias, key(alias)?)))
                    .collect();
                let index = self.entry_for(id, &names, &by_file_id);
                let index = match index {
                    Some(index) => index,
                    None => {
                        let id = self.fresh_id(id).map_err(|e| parse(e.to_string()))?;
                        self.entries.push(Entry {
                            id,
                            name: name.to_owned(),
                            kind,
                            country: country.clone(),
                            aliases: Vec::new(),
                            links: Vec::new(),
                            in_base: false,
                        });
                        self.entries.len() - 1
                    }
                };
                by_file_id.entry(id.to_owned()).or_insert(index);
                for (alias, key) in names {
                    if self.add_key(key, index)
                        && !self.entries[index].in_base
                        && alias != self.entries[index].name
                    {
                        self.entries[index].aliases.push(alias.to_owned());
                    }
                }
                for link in links.split('|').filter(|l| !l.is_empty()) {
                    pending.push(PendingLink {
                        entry: index,
                        text: link.to_owned(),
                        line: n + 1,
                        path,
                    });
                }
            }
        }
        for link in pending {
            let parse = |message: String| Error::Parse {
                path: link.path.into(),
                line: link.line,
                col: 1,
                message,
            };
            let (reversed, text) = match link.text.strip_prefix('^') {
                Some(rest) => (true, rest),
                None => (false, link.text.as_str()),
            };
            let Some((kind, target)) = text.split_once(':') else {
                return Err(parse(format!("link `{}` is not `kind:actor`", link.text)));
            };
            let kind: RelationKind = kind
                .parse()
                .map_err(|e: crate::InvalidValue| parse(e.to_string()))?;
            let target = by_file_id
                .get(target)
                .copied()
                .or_else(|| self.entries.iter().position(|e| e.id.as_str() == target))
                .ok_or_else(|| parse(format!("link to unknown actor `{target}`")))?;
            if target != link.entry {
                self.entries[link.entry].links.push(Link {
                    kind,
                    target,
                    reversed,
                });
            }
        }
        Ok(())
    }

    /// The entry an actor of a file is: one of the same file id already read, or a base
    /// actor that answers to one of its names.
    fn entry_for(
        &self,
        id: &str,
        names: &[(&str, (String, bool))],
        by_file_id: &FxHashMap<String, usize>,
    ) -> Option<usize> {
        if let Some(&index) = by_file_id.get(id) {
            return Some(index);
        }
        names
            .iter()
            .filter_map(|(_, (folded, _))| self.keys.get(folded.as_str()))
            .map(|key| key.entry as usize)
            .find(|&index| self.entries[index].in_base)
    }

    /// `id` as an actor id that no entry has yet.
    fn fresh_id(&mut self, id: &str) -> Result<ActorId> {
        let mut candidate = id.to_owned();
        let mut n = 2;
        while self.ids.contains(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        self.ids.insert(candidate.clone());
        Ok(ActorId::new(candidate)?)
    }

    /// Indexes one name's key; `false` when it is unusable or another entry has it already.
    fn add_key(&mut self, (folded, acronym): (String, bool), entry: usize) -> bool {
        if !folded.contains(' ')
            && (COMMON.contains(&folded.as_str())
                || super::date::is_calendar_word(&folded)
                || folded.chars().count() < 2)
        {
            return false;
        }
        let Ok(entry) = u32::try_from(entry) else {
            return false;
        };
        match self.keys.entry(folded.into_boxed_str()) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Key { entry, acronym });
                true
            }
        }
    }

    /// The longest name starting at `words[0]`: `(number of words, entry)`. The words are
    /// consecutive word tokens of one sentence.
    pub fn longest(&self, words: &[&Token], buffer: &mut String) -> Option<(usize, usize)> {
        if !words.first()?.capital {
            return None;
        }
        super::text::longest(words, MAX_WORDS, buffer, |key, n| {
            let key = self.keys.get(key)?;
            (!key.acronym || words[..n].iter().all(|w| w.all_caps)).then_some(key.entry as usize)
        })
    }

    /// The number of names indexed.
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

/// A name's key: its words folded and joined by spaces, without a leading `the`; and whether
/// it is an acronym.
fn key(name: &str) -> Option<(String, bool)> {
    let tokens: Vec<Token> = tokenize(name)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    let skip = usize::from(tokens.len() > 1 && tokens[0].is("the"));
    let words = &tokens[skip..];
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    let acronym = words.len() == 1 && words[0].all_caps && words[0].folded.chars().count() <= 5;
    let folded: Vec<&str> = words.iter().map(|t| t.folded.as_str()).collect();
    Some((folded.join(" "), acronym))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let base = Graph::try_from(crate::Dataset::default()).unwrap();
        Gazetteer::with_files(&base, &[]).unwrap()
    }

    fn check(gazetteer: &Gazetteer, text: &str, expected: Option<(usize, &str)>) {
        let tokens = tokenize(text);
        let words: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        let found = gazetteer
            .longest(&words, &mut String::new())
            .map(|(n, entry)| (n, gazetteer.entries[entry].id.as_str()));
        assert_eq!(found, expected, "{text:?}");
    }

    #[test]
    fn names_demonyms_capitals_acronyms() {
        let g = gazetteer();
        check(&g, "Turkey", Some((1, "turkey")));
        check(&g, "Turkish officials", Some((1, "turkey")));
        check(&g, "Ankara said", Some((1, "turkey")));
        check(&g, "U.S. officials", Some((1, "united-states")));
        check(&g, "US", Some((1, "united-states")));
        check(&g, "us", None);
        check(&g, "Us", None);
        check(&g, "the Kremlin", None);
        check(&g, "Kremlin", Some((1, "russia")));
        check(
            &g,
            "Recep Tayyip Erdoğan",
            Some((3, "recep-tayyip-erdogan")),
        );
        check(&g, "Erdogan", Some((1, "recep-tayyip-erdogan")));
        check(&g, "May", None);
    }

    #[test]
    fn base_actors_win_and_gain_the_files_names() {
        let base = Graph::try_from(crate::Dataset::builtin().unwrap()).unwrap();
        let g = Gazetteer::with_files(&base, &[]).unwrap();
        check(&g, "Türkiye", Some((1, "turkey")));
        check(&g, "Turkish", Some((1, "turkey")));
        check(&g, "Pentagon", Some((1, "pentagon")));
        assert!(
            g.entries
                .iter()
                .filter(|e| e.id.as_str() == "turkey")
                .count()
                == 1
        );
    }
}
