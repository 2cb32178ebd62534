//! One node per real-world actor: actors that several files describe are merged on reading.
//!
//! Hand-made data and event imports name the same states differently (`turkey` and GDELT's
//! `tur`), so read together they would hold two nodes for one country, and a name that one
//! file gives as an alias (`USA`) would be another file's id. An actor from a later file
//! merges into one read earlier when [`crate::identity`] finds them one entity: the earlier
//! one stays, gains the later one's id and names as aliases, every relation is re-pointed to
//! it, and each merge is reported as a note. Anything else that two actors share (an id, a
//! name, an alias) stays an error for `check`.

use rustc_hash::FxHashMap;

use super::Loaded;
use crate::diagnostic::{Diagnostic, Section};
use crate::identity::Registry;
use crate::model::ActorId;

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
