//! Which actors are one real-world entity: the rules by which actors of several files merge
//! on reading (`dataset::read`) and an import maps its codes to a base's actors.
//!
//! An actor is the same entity as one known before when
//!
//! 1. they have the same id;
//! 2. both are states with the same country code (GDELT's `tur` and `turkey`, both `TUR`);
//! 3. its id is a name or alias of the other (GDELT's `usa` and the alias `USA`),
//!
//! and in each case their kinds agree (or one is `other`) and their countries do not differ.

use rustc_hash::FxHashMap;

use crate::model::{Actor, ActorId, ActorKind, CountryCode};
use crate::resolve::{fold, names};

/// Actors, and indexes to find the one another actor is the same entity as: those kept so
/// far while merging files, or the base of an import.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    actors: Vec<Actor>,
    /// The file each actor was read from (an index into [`crate::diagnostic::Origins`]), if known.
    files: Vec<Option<u32>>,
    by_id: FxHashMap<ActorId, usize>,
    by_country: FxHashMap<CountryCode, usize>,
    by_name: FxHashMap<String, usize>,
}

impl Registry {
    /// The actor `actor` is the same entity as, and why; `None` when there is none, or it
    /// was read from the same file (a duplicate there is a mistake, not a merge).
    pub(crate) fn same_as(&self, actor: &Actor, file: Option<u32>) -> Option<(usize, String)> {
        let state_code = actor
            .country
            .as_ref()
            .filter(|_| actor.kind == ActorKind::State);
        let candidates = [
            self.by_id
                .get(&actor.id)
                .map(|&i| (i, "the same id".to_owned())),
            state_code.and_then(|code| {
                let i = *self.by_country.get(code)?;
                Some((i, format!("the same state, {code}")))
            }),
            self.by_name
                .get(&fold(actor.id.as_str()))
                .map(|&i| (i, "its id is a name of that actor".to_owned())),
        ];
        candidates.into_iter().flatten().find(|(i, _)| {
            let other_file = self.files[*i] != file;
            other_file && same_entity(&self.actors[*i], actor)
        })
    }

    /// The actors of another dataset, such as the base an import maps its codes to.
    pub(crate) fn new(actors: &[Actor]) -> Self {
        let mut kept = Self::default();
        for actor in actors {
            kept.push(actor.clone(), Some(0));
        }
        kept
    }

    /// The actor `actor` is the same entity as, and its index.
    pub(crate) fn find(&self, actor: &Actor) -> Option<(usize, &Actor)> {
        let (index, _) = self.same_as(actor, None)?;
        Some((index, &self.actors[index]))
    }

    /// Every actor.
    pub(crate) fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The `index`th actor.
    pub(crate) fn actor(&self, index: usize) -> &Actor {
        &self.actors[index]
    }

    /// The actors, in the order they were pushed.
    pub(crate) fn into_actors(self) -> Vec<Actor> {
        self.actors
    }

    /// Adds an actor read from `file`.
    pub(crate) fn push(&mut self, actor: Actor, file: Option<u32>) {
        let index = self.actors.len();
        self.by_id.entry(actor.id.clone()).or_insert(index);
        if let (ActorKind::State, Some(code)) = (actor.kind, &actor.country) {
            self.by_country.entry(code.clone()).or_insert(index);
        }
        for name in names(&actor) {
            self.by_name.entry(fold(name)).or_insert(index);
        }
        self.actors.push(actor);
        self.files.push(file);
    }

    /// Folds `actor` into the actor `into`: its id, name and aliases become aliases (unless
    /// already names of it), and what `into` lacks it takes.
    pub(crate) fn absorb(&mut self, into: usize, actor: Actor) {
        let survivor = &mut self.actors[into];
        let known: Vec<String> = names(survivor).map(fold).collect();
        let mut new_names: Vec<String> = Vec::new();
        for name in [actor.id.as_str(), actor.name.as_str()]
            .into_iter()
            .chain(actor.aliases.iter().map(String::as_str))
        {
            let folded = fold(name);
            let seen = known.contains(&folded) || new_names.iter().any(|n| fold(n) == folded);
            if !folded.is_empty() && !seen {
                new_names.push(name.to_owned());
            }
        }
        for name in &new_names {
            self.by_name.entry(fold(name)).or_insert(into);
        }
        let survivor = &mut self.actors[into];
        survivor.aliases.extend(new_names);
        if survivor.country.is_none() {
            survivor.country = actor.country;
        }
        if survivor.description.is_none() {
            survivor.description = actor.description;
        }
        if survivor.kind == ActorKind::Other {
            survivor.kind = actor.kind;
        }
    }
}

/// Whether two actors can be one: kinds agree (or one is unknown, `other`) and countries do
/// not differ.
fn same_entity(a: &Actor, b: &Actor) -> bool {
    let kinds = a.kind == b.kind || a.kind == ActorKind::Other || b.kind == ActorKind::Other;
    let countries = match (&a.country, &b.country) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    kinds && countries
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `id kind [country] [alias…]`, e.g. `turkey state TUR Ankara`.
    fn actor(spec: &str) -> Actor {
        let mut words = spec.split_whitespace();
        let id = words.next().unwrap();
        let kind = words.next().unwrap().parse().unwrap();
        let rest: Vec<&str> = words.collect();
        let country = rest.first().and_then(|code| CountryCode::new(*code).ok());
        let aliases = rest.iter().skip(usize::from(country.is_some()));
        Actor {
            id: id.parse().unwrap(),
            name: id.replace('-', " "),
            kind,
            aliases: aliases.map(|alias| (*alias).to_owned()).collect(),
            country,
            description: None,
        }
    }

    /// What `later` (from another file) merges into among `earlier`, and why.
    fn check(earlier: &[&str], later: &str, expected: Option<(&str, &str)>) {
        let known: Vec<Actor> = earlier.iter().map(|spec| actor(spec)).collect();
        let registry = Registry::new(&known);
        let found = registry.same_as(&actor(later), Some(1));
        let got = found.map(|(i, why)| (registry.actor(i).id.to_string(), why));
        let expected = expected.map(|(id, why)| (id.to_owned(), why.to_owned()));
        assert_eq!(got, expected, "{later}");
    }

    #[test]
    fn the_same_entity() {
        let base = ["turkey state TUR Ankara", "united-states state USA USA US"];
        check(&base, "turkey state TUR", Some(("turkey", "the same id")));
        check(&base, "turkey other", Some(("turkey", "the same id")));
        check(
            &base,
            "tur state TUR",
            Some(("turkey", "the same state, TUR")),
        );
        check(
            &base,
            "usa state USA",
            Some(("united-states", "the same state, USA")),
        );
        check(
            &base,
            "usa other",
            Some(("united-states", "its id is a name of that actor")),
        );
    }

    #[test]
    fn not_the_same_entity() {
        let base = ["turkey state TUR Ankara", "kurds armed_group"];
        // Another kind or another country under the same id: a duplicate, not a merge.
        check(&base, "turkey person", None);
        check(&base, "turkey state SYR", None);
        // A state elsewhere, a government body of the same country.
        check(&base, "syr state SYR", None);
        check(&base, "tur-gov government_body TUR", None);
        // A name the later actor claims as an alias only: a clash for `check`, not a merge.
        check(
            &base,
            "ankara-municipality government_body TUR Ankara",
            None,
        );
        check(&base, "kurds community", None);
    }

    #[test]
    fn one_file_never_merges_with_itself() {
        let registry = Registry::new(&[actor("turkey state TUR")]);
        assert_eq!(registry.same_as(&actor("tur state TUR"), Some(0)), None);
    }
}
