//! One node per real-world actor: actors that several files describe are merged on reading.
//!
//! Hand-made data and event imports name the same states differently (`turkey` and GDELT's
//! `tur`), so read together they would hold two nodes for one country, and a name that one
//! file gives as an alias (`USA`) would be another file's id. An actor from a later file
//! merges into one read earlier when [`crate::identity`] finds them one entity: the earlier
//! one stays, gains the later one's id and names as aliases, every relation is re-pointed to
//! it, and each merge is reported as a note. Anything else that two actors share (an id, a
//! name, an alias) stays an error for `check`.
//!
//! Separate imports of event data also repeat sources and structural relations: an article
//! cited by two daily files, `usa-gov part_of usa` derived by each. A source another file
//! defines identically is read once; a relation another file states identically but for its
//! evidence (same id, ends, kind, dates, counts) is read once with the evidence of both. Each
//! is reported as a note; an id repeated with any other difference stays an error.

use std::collections::hash_map::Entry;
use std::fmt::Display;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::Loaded;
use crate::diagnostic::{Diagnostic, Origins, Section};
use crate::identity::Registry;
use crate::model::{ActorId, Relation, Source};

/// Merges the actors of `loaded` that are the same entity, re-points their relations and
/// adds a note per merge to its diagnostics.
pub(super) fn same_actors(loaded: &mut Loaded) {
    let actors = std::mem::take(&mut loaded.dataset.actors);
    let mut kept = Registry::default();
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
        let survivor = kept.actor(into);
        let at = there.map(|l| format!(" ({l})")).unwrap_or_default();
        let message = format!(
            "actor `{}` merged into `{}`{at}: {why}",
            actor.id, survivor.id
        );
        let here = origins.locate(Section::Actors, index);
        loaded.diagnostics.push(Diagnostic::note(here, message));
        if actor.id != survivor.id {
            renamed.insert(actor.id.clone(), survivor.id.clone());
        }
        kept.absorb(into, actor);
    }
    loaded.dataset.actors = kept.into_actors();
    loaded.origins.retain(Section::Actors, &is_kept);
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

/// Reads once the sources that later files define exactly as an earlier file does.
pub(super) fn same_sources(loaded: &mut Loaded) {
    let sources = std::mem::take(&mut loaded.dataset.sources);
    let merge = Merge {
        section: Section::Sources,
        id: |source: &Source| &source.id,
        same: |kept: &Source, source: &Source| kept == source,
        absorb: |_: &mut Source, _: Source| {},
        why: "defined alike, read once",
    };
    loaded.dataset.sources = merge.run(loaded, sources);
}

/// Reads once the relations that later files state as an earlier file does but for their
/// evidence, which is united (each piece once).
pub(super) fn same_relations(loaded: &mut Loaded) {
    let relations = std::mem::take(&mut loaded.dataset.relations);
    let merge = Merge {
        section: Section::Relations,
        id: |relation: &Relation| &relation.id,
        same: same_claim,
        absorb: |kept: &mut Relation, relation: Relation| {
            for piece in relation.evidence {
                if !kept.evidence.contains(&piece) {
                    kept.evidence.push(piece);
                }
            }
        },
        why: "the same claim, read once with the evidence of both",
    };
    loaded.dataset.relations = merge.run(loaded, relations);
}

/// Whether two relations are equal but for their evidence. Every field is named, so that a
/// new one must be considered here.
fn same_claim(a: &Relation, b: &Relation) -> bool {
    let Relation {
        id,
        from,
        to,
        kind,
        date,
        since,
        until,
        about,
        claimed_by,
        intensity,
        evidence: _,
        counts,
    } = a;
    (id, from, to, kind, date, since, until)
        == (&b.id, &b.from, &b.to, &b.kind, &b.date, &b.since, &b.until)
        && (about, claimed_by, intensity, counts)
            == (&b.about, &b.claimed_by, &b.intensity, &b.counts)
}

/// How the items of one section that several files repeat are read once.
struct Merge<T, K> {
    section: Section,
    id: fn(&T) -> &K,
    same: fn(&T, &T) -> bool,
    absorb: fn(&mut T, T),
    why: &'static str,
}

impl<T, K: Eq + Hash + Clone + Display> Merge<T, K> {
    /// `items` with each later file's repeat of an earlier file's item (`same`) folded into
    /// it (`absorb`) and noted; other repeats are left for `check` to report.
    fn run(self, loaded: &mut Loaded, items: Vec<T>) -> Vec<T> {
        // Most reads repeat nothing: find that out with borrowed ids, before cloning any.
        if !self.repeats_across_files(&loaded.origins, &items) {
            return items;
        }
        let (section, origins) = (self.section, &loaded.origins);
        let mut first: FxHashMap<K, usize> = FxHashMap::default();
        // For each kept item, its index among those read; for each read, whether it is kept.
        let (mut kept, mut read_as) = (Vec::new(), Vec::new());
        let mut is_kept = vec![false; items.len()];
        for (index, item) in items.into_iter().enumerate() {
            let earlier = first.get((self.id)(&item)).copied();
            let other_file = |&at: &usize| {
                origins.file_of(section, read_as[at]) != origins.file_of(section, index)
            };
            let repeat = earlier
                .filter(other_file)
                .filter(|&at| (self.same)(&kept[at], &item));
            if let Some(at) = repeat {
                let there = origins.locate(section, read_as[at]);
                let at_text = there.map(|l| format!(" at {l}")).unwrap_or_default();
                let id = (self.id)(&item);
                let message = format!("{} `{id}` also read{at_text}: {}", section.item(), self.why);
                let here = origins.locate(section, index);
                loaded.diagnostics.push(Diagnostic::note(here, message));
                (self.absorb)(&mut kept[at], item);
                continue;
            }
            if earlier.is_none() {
                first.insert((self.id)(&item).clone(), kept.len());
            }
            kept.push(item);
            read_as.push(index);
            is_kept[index] = true;
        }
        loaded.origins.retain(section, &is_kept);
        kept
    }

    /// Whether an id of `items` stands in two files.
    fn repeats_across_files(&self, origins: &Origins, items: &[T]) -> bool {
        let file = |index: usize| origins.file_of(self.section, index);
        let mut first: FxHashMap<&K, usize> = FxHashMap::default();
        first.reserve(items.len());
        items
            .iter()
            .enumerate()
            .any(|(index, item)| match first.entry((self.id)(item)) {
                Entry::Occupied(earlier) => file(*earlier.get()) != file(index),
                Entry::Vacant(slot) => {
                    slot.insert(index);
                    false
                }
            })
    }
}
