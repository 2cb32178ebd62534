//! Deserializes a dataset so that its relations share the text of the ids they cite.
//!
//! serde gives every occurrence of an id its own allocation: a million relations read from
//! JSON held three million copies of ids that the actor and source tables (or the relations
//! before them) already hold. [`Shared`] deserializes each relation as derived, then swaps
//! its `from`, `to`, `about`, `claimed_by` and evidence `source` for clones of the first
//! occurrence of the same id, so the copy just read is freed at once and its memory reused
//! for the next relation. Ids are `Arc<str>`, so a clone is a reference count (see
//! `model/id.rs`).
//!
//! The rest is what `#[derive(Deserialize)]` on [`Dataset`] does, with the same errors: the
//! same deserializer calls (`deserialize_struct`, `deserialize_identifier`,
//! `deserialize_seq`) and the same serde error constructors. A unit test compares the two on
//! good and bad input in both formats.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;

use rustc_hash::FxHashSet;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::model::{ActorId, Dataset, Relation, SourceId};

/// The fields of a dataset, in the order the derived implementation numbers them.
const FIELDS: &[&str] = &["sources", "actors", "relations"];

/// A [`DeserializeSeed`] for a [`Dataset`] whose relations share their ids' text.
#[derive(Debug, Default)]
pub(crate) struct Shared;

impl<'de> DeserializeSeed<'de> for Shared {
    type Value = Dataset;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Dataset, D::Error> {
        deserializer.deserialize_struct("Dataset", FIELDS, DatasetVisitor)
    }
}

/// One copy of each id seen so far in a file.
#[derive(Debug, Default)]
pub(super) struct Ids {
    actors: FxHashSet<ActorId>,
    sources: FxHashSet<SourceId>,
}

/// Replaces `id` by the copy of it that `seen` holds, or adds it there.
fn share<T: Clone + Eq + Hash + Borrow<str>>(seen: &mut FxHashSet<T>, id: &mut T) {
    let text: &str = (*id).borrow();
    match seen.get(text) {
        Some(first) => *id = first.clone(),
        None => {
            seen.insert(id.clone());
        }
    }
}

impl Ids {
    /// Keeps an actor's id for the relations that follow.
    pub(super) fn add_actor(&mut self, id: &ActorId) {
        self.actors.insert(id.clone());
    }

    /// Keeps a source's id for the relations that follow.
    pub(super) fn add_source(&mut self, id: &SourceId) {
        self.sources.insert(id.clone());
    }

    /// Replaces the ids a relation cites by the copies kept, keeping those that are new.
    pub(super) fn share_relation(&mut self, relation: &mut Relation) {
        share(&mut self.actors, &mut relation.from);
        share(&mut self.actors, &mut relation.to);
        for id in relation
            .about
            .iter_mut()
            .chain(relation.claimed_by.as_mut())
        {
            share(&mut self.actors, id);
        }
        for evidence in &mut relation.evidence {
            share(&mut self.sources, &mut evidence.source);
        }
    }
}

/// A key of a dataset.
enum Field {
    Sources,
    Actors,
    Relations,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

struct FieldVisitor;

impl Visitor<'_> for FieldVisitor {
    type Value = Field;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Field, E> {
        match value {
            0 => Ok(Field::Sources),
            1 => Ok(Field::Actors),
            2 => Ok(Field::Relations),
            _ => Err(E::invalid_value(
                de::Unexpected::Unsigned(value),
                &"field index 0 <= i < 3",
            )),
        }
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Field, E> {
        match value {
            "sources" => Ok(Field::Sources),
            "actors" => Ok(Field::Actors),
            "relations" => Ok(Field::Relations),
            _ => Err(E::unknown_field(value, FIELDS)),
        }
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Field, E> {
        match value {
            b"sources" => Ok(Field::Sources),
            b"actors" => Ok(Field::Actors),
            b"relations" => Ok(Field::Relations),
            _ => Err(E::unknown_field(&String::from_utf8_lossy(value), FIELDS)),
        }
    }
}

struct DatasetVisitor;

impl<'de> Visitor<'de> for DatasetVisitor {
    type Value = Dataset;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("struct Dataset")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dataset, A::Error> {
        let mut ids = Ids::default();
        let sources = seq.next_element()?.unwrap_or_default();
        let actors = seq.next_element()?.unwrap_or_default();
        let relations = seq
            .next_element_seed(Relations { ids: &mut ids })?
            .unwrap_or_default();
        Ok(Dataset {
            sources,
            actors,
            relations,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dataset, A::Error> {
        let mut ids = Ids::default();
        let (mut sources, mut actors, mut relations) = (None, None, None);
        while let Some(key) = map.next_key()? {
            match key {
                Field::Sources => {
                    if sources.is_some() {
                        return Err(de::Error::duplicate_field("sources"));
                    }
                    let list: Vec<crate::model::Source> = map.next_value()?;
                    // Relations read after the sources share the sources' ids.
                    ids.sources.extend(list.iter().map(|s| s.id.clone()));
                    sources = Some(list);
                }
                Field::Actors => {
                    if actors.is_some() {
                        return Err(de::Error::duplicate_field("actors"));
                    }
                    let list: Vec<crate::model::Actor> = map.next_value()?;
                    ids.actors.extend(list.iter().map(|a| a.id.clone()));
                    actors = Some(list);
                }
                Field::Relations => {
                    if relations.is_some() {
                        return Err(de::Error::duplicate_field("relations"));
                    }
                    relations = Some(map.next_value_seed(Relations { ids: &mut ids })?);
                }
            }
        }
        Ok(Dataset {
            sources: sources.unwrap_or_default(),
            actors: actors.unwrap_or_default(),
            relations: relations.unwrap_or_default(),
        })
    }
}

/// The `relations` list, each relation sharing the ids in `ids`.
struct Relations<'a> {
    ids: &'a mut Ids,
}

impl<'de> DeserializeSeed<'de> for Relations<'_> {
    type Value = Vec<Relation>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Relations<'_> {
    type Value = Vec<Relation>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Relation>, A::Error> {
        // serde's own `Vec` trusts a size hint only this far (its `size_hint::cautious`).
        let cautious = seq
            .size_hint()
            .unwrap_or(0)
            .min(1024 * 1024 / size_of::<Relation>());
        let mut relations = Vec::with_capacity(cautious);
        while let Some(mut relation) = seq.next_element::<Relation>()? {
            self.ids.share_relation(&mut relation);
            relations.push(relation);
        }
        Ok(relations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as JSON and as RON with the derived implementation and with [`Shared`],
    /// and checks that they agree, errors included.
    fn same(json: &str, ron: &str) {
        let derived = serde_json::from_str::<Dataset>(json).map_err(|e| e.to_string());
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let shared = Shared
            .deserialize(&mut deserializer)
            .and_then(|d| deserializer.end().map(|()| d))
            .map_err(|e| e.to_string());
        assert_eq!(shared, derived, "{json}");
        let options = ron::Options::default();
        let derived = options.from_str::<Dataset>(ron).map_err(|e| e.to_string());
        let shared = options
            .from_str_seed(ron, Shared)
            .map_err(|e| e.to_string());
        assert_eq!(shared, derived, "{ron}");
    }

    const RELATION_JSON: &str = r#"{"id": "r", "from": "a", "to": "b", "kind": "demand",
        "about": ["a"], "evidence": [{"source": "s", "note": "n"}]}"#;
    const RELATION_RON: &str = r#"(id: "r", from: "a", to: "b", kind: demand,
        about: ["a"], evidence: [(source: "s", note: "n")])"#;

    #[test]
    fn agrees_with_the_derived_implementation() {
        let actor_json = r#"{"id": "a", "name": "A", "kind": "state"}"#;
        let actor_ron = r#"(id: "a", name: "A", kind: state)"#;
        same("{}", "()");
        same("[]", "[]");
        same(
            &format!(r#"{{"relations": [{RELATION_JSON}], "actors": [{actor_json}]}}"#),
            &format!("(relations: [{RELATION_RON}], actors: [{actor_ron}])"),
        );
        same(
            &format!(r#"[[], [{actor_json}], [{RELATION_JSON}, {RELATION_JSON}]]"#),
            &format!("([], [{actor_ron}], [{RELATION_RON}, {RELATION_RON}])"),
        );
        same(
            r#"{"actors": [], "actors": []}"#,
            "(actors: [], actors: [])",
        );
        same(
            r#"{"relations": [], "relations": []}"#,
            "(relations: [], relations: [])",
        );
        same(
            r#"{"sources": [], "sources": []}"#,
            "(sources: [], sources: [])",
        );
        same(r#"{"relation": []}"#, "(relation: [])");
        same(r#"{"relations": 1}"#, "(relations: 1)");
        same(r#"{"relations": [1]}"#, "(relations: [1])");
        same(
            r#"{"relations": [{"id": "r"}]}"#,
            r#"(relations: [(id: "r")])"#,
        );
        same("1", "1");
        same(r#""x""#, r#""x""#);
        same(r#"[[], [], [], []]"#, "([], [], [], [])");
    }

    #[test]
    fn relations_share_the_ids_they_cite() {
        let json = format!(
            r#"{{"actors": [{{"id": "a", "name": "A", "kind": "state"}}],
                "relations": [{RELATION_JSON}, {RELATION_JSON}]}}"#
        );
        let dataset = Shared
            .deserialize(&mut serde_json::Deserializer::from_str(&json))
            .unwrap();
        // The ids' `Arc`s are private: shared text is text at the same address.
        let [first, second] = &dataset.relations[..] else {
            panic!("two relations")
        };
        let actor = &dataset.actors[0].id;
        assert_eq!(first.from.as_str().as_ptr(), actor.as_str().as_ptr());
        assert_eq!(first.about[0].as_str().as_ptr(), actor.as_str().as_ptr());
        assert_eq!(second.to.as_str().as_ptr(), first.to.as_str().as_ptr());
        assert_eq!(
            second.evidence[0].source.as_str().as_ptr(),
            first.evidence[0].source.as_str().as_ptr()
        );
    }
}
