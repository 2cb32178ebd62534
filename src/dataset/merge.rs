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

use std::fmt::Display;
use std::hash::Hash;

use rustc_hash::FxHashMap;

use super::Loaded;
use crate::diagnostic::{Diagnostic, Section};
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
    loaded.dataset.sources = once_each(
        loaded,
        Section::Sources,
        sources,
        |source: &Source| &source.id,
        |kept, source| match *kept == source {
            true => Ok("defined alike, read once"),
            false => Err(source),
        },
    );
}

/// Reads once the relations that later files state as an earlier file does but for their
/// evidence, which is united (each piece once).
pub(super) fn same_relations(loaded: &mut Loaded) {
    let relations = std::mem::take(&mut loaded.dataset.relations);
    loaded.dataset.relations = once_each(
        loaded,
        Section::Relations,
        relations,
        |relation: &Relation| &relation.id,
        |kept, mut relation| {
            // Compared without their evidence, which is what may differ.
            let evidence = std::mem::take(&mut relation.evidence);
            let kept_evidence = std::mem::take(&mut kept.evidence);
            let same = *kept == relation;
            kept.evidence = kept_evidence;
            if !same {
                relation.evidence = evidence;
                return Err(relation);
            }
            for piece in evidence {
                if !kept.evidence.contains(&piece) {
                    kept.evidence.push(piece);
                }
            }
            Ok("the same claim, read once with the evidence of both")
        },
    );
}

/// The items of `section` with each later file's repeat of an earlier file's item folded into
/// it by `absorb`, which gives the item back when it differs (left for `check` to report).
fn once_each<T, K: Eq + Hash + Clone + Display>(
    loaded: &mut Loaded,
    section: Section,
    items: Vec<T>,
    id: impl Fn(&T) -> &K,
    absorb: impl Fn(&mut T, T) -> Result<&'static str, T>,
) -> Vec<T> {
    let mut first: FxHashMap<K, usize> = FxHashMap::default();
    // For each kept item, its index among those read; for each read, whether it is kept.
    let (mut kept, mut read_as, mut is_kept) = (Vec::new(), Vec::new(), vec![false; items.len()]);
    for (index, item) in items.into_iter().enumerate() {
        let file = loaded.origins.file_of(section, index);
        let earlier = first.get(id(&item)).copied();
        let repeat = earlier.filter(|&at| loaded.origins.file_of(section, read_as[at]) != file);
        let item = match repeat {
            None => item,
            Some(at) => {
                let key = id(&item).clone();
                match absorb(&mut kept[at], item) {
                    Ok(why) => {
                        let there = loaded.origins.locate(section, read_as[at]);
                        let at = there.map(|l| format!(" at {l}")).unwrap_or_default();
                        let message = format!("{} `{key}` also read{at}: {why}", section.item());
                        let here = loaded.origins.locate(section, index);
                        loaded.diagnostics.push(Diagnostic::note(here, message));
                        continue;
                    }
                    Err(item) => item,
                }
            }
        };
        if earlier.is_none() {
            first.insert(id(&item).clone(), kept.len());
        }
        kept.push(item);
        read_as.push(index);
        is_kept[index] = true;
    }
    loaded.origins.retain(section, &is_kept);
    kept
}
