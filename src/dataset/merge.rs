//! One node per real-world actor: actors that files describe twice are merged on reading.
//!
//! Hand-made data and event imports name the same states differently (`turkey` and GDELT's
//! `tur`), so read together they would hold two nodes for one country, and a name that one
//! file gives as an alias (`USA`) would be another file's id. An actor read from a later
//! file merges into one read earlier when they are the same entity:
//!
//! 1. the same id (an import made with `--data BASE` copies the base actors it cites);
//! 2. both are states with the same country code (`tur` and `turkey`, both `TUR`);
//! 3. the later actor's id is a name or alias of the earlier one (GDELT's `usa` and the
//!    alias `USA` of `united-states`),
//!
//! and in every case their kinds agree (or one is `other`) and their countries do not
//! differ. The earlier actor stays, gains the later one's id and name as aliases, and
//! every relation is re-pointed to it; each merge is reported as a note. Anything else
//! that two actors share (an id, a name, an alias) stays an error for `check`.

use rustc_hash::FxHashMap;

use super::Loaded;
use crate::diagnostic::{Diagnostic, Section};
use crate::model::{Actor, ActorId, ActorKind, CountryCode};
use crate::resolve::{fold, names};

/// Merges the actors of `loaded` that are the same entity, re-points their relations and
/// adds a note per merge to its diagnostics.
pub(super) fn same_actors(loaded: &mut Loaded) {
    let actors = std::mem::take(&mut loaded.dataset.actors);
    let mut kept = Kept::default();
    // For each kept actor, its index among those read; for each read, whether it is kept.
    let (mut read_as, mut is_kept) = (Vec::new(), vec![false; actors.len()]);
    let mut renamed: FxHashMap<ActorId, ActorId> = FxHashMap::default();
    let origins = &loaded.origins;
    for (index, actor) in actors.into_iter().enumerate() {
        let file = origins.file_of(Section::Actors, index);
        let Some((into, why)) = kept.same_as(&actor, file) else {
            kept.push(actor, file);
            read_as.push(index);
            is_kept[index] = true;
            continue;
        };
        let there = origins.locate(Section::Actors, read_as[into]);
        let survivor = &kept.actors[into];
        let at = there.map(|l| format!(" ({l})")).unwrap_or_default();
        let message = format!("actor `{}` merged into `{}`{at}: {why}", actor.id, survivor.id);
        let here = origins.locate(Section::Actors, index);
        loaded.diagnostics.push(Diagnostic::note(here, message));
        if actor.id != survivor.id {
            renamed.insert(actor.id.clone(), survivor.id.clone());
        }
        kept.absorb(into, actor);
    }
    loaded.dataset.actors = kept.actors;
    loaded.origins.retain_actors(&is_kept);
    if renamed.is_empty() {
        return;
    }
    let point = |id: &mut ActorId| {
        if let Some(to) = renamed.get(id) {
            *id = to.clone();
        }
    };
    for relation in &mut loaded.dataset.relations {
        point(&mut relation.from);
        point(&mut relation.to);
        relation.about.iter_mut().for_each(point);
        relation.claimed_by.iter_mut().for_each(point);
    }
}

/// Actors, and indexes to find the one another actor is the same entity as: those kept so
/// far while merging files, or the base of an import.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    actors: Vec<Actor>,
    /// The file each actor was read from (an index into [`super::Origins`]), if known.
    files: Vec<Option<u32>>,
    by_id: FxHashMap<ActorId, usize>,
    by_country: FxHashMap<CountryCode, usize>,
    by_name: FxHashMap<String, usize>,
}

impl Kept {
    /// The kept actor `actor` is the same entity as, and why; `None` when there is none,
    /// or it was read from the same file (a duplicate there is a mistake, not a merge).
    fn same_as(&self, actor: &Actor, file: Option<u32>) -> Option<(usize, String)> {
        let state_code = actor
            .country
            .as_ref()
            .filter(|_| actor.kind == ActorKind::State);
        let candidates = [
            self.by_id.get(&actor.id).map(|&i| (i, "the same id".to_owned())),
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

    fn push(&mut self, actor: Actor, file: Option<u32>) {
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

    /// Folds `actor` into the kept actor `into`: its id and name become aliases (unless
    /// already names of it), and what `into` lacks it takes.
    fn absorb(&mut self, into: usize, actor: Actor) {
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
