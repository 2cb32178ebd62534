//! Picking part of a graph to export: the relations passing a filter, optionally only those
//! within some hops of a focus actor, or an explicit list of relations (the paths a query
//! found).
//!
//! The result is a [`Part`] borrowed from the graph, which every export reads like a whole
//! graph. Besides the endpoints of the kept relations it holds the actors they name in `about`
//! and `claimed_by`, and the sources their evidence cites, so that it can be written as a
//! dataset and read back. Nothing is copied: at a million relations a part that is most of the
//! graph would otherwise double the memory (docs/performance.md).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};
use crate::export::Exportable;
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{Actor, ActorId, Relation, RelationId, Source, SourceId};
use crate::query::neighbors::{neighbors, NeighborsOptions};
use crate::query::Traversal;

/// Which part of a graph to keep.
///
/// ```
/// use dipgraph::select::{subgraph, Selection};
/// use dipgraph::{Dataset, Graph};
///
/// let graph = Graph::try_from(Dataset::builtin()?)?;
/// use dipgraph::export::Exportable;
/// let everything = subgraph(&graph, &Selection::default())?;
/// assert_eq!(everything.relation_count(), graph.relation_count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// Only relations passing this filter.
    pub filter: RelationFilter,
    /// Only the neighborhood of this actor: the actors within [`Selection::hops`] relations
    /// of it (either direction, over relations passing the filter), and the passing relations
    /// among them.
    pub focus: Option<ActorId>,
    /// How far from the focus to go; ignored without a focus.
    pub hops: usize,
}

impl Selection {
    /// Whether the selection keeps the whole graph.
    pub fn is_everything(&self) -> bool {
        self.focus.is_none() && self.filter == RelationFilter::default()
    }
}

/// The part of `graph` that `selection` picks.
///
/// Without a focus and with an empty filter this is the whole graph, isolated actors and
/// uncited sources included. Otherwise it holds the kept relations, the actors they involve
/// (endpoints, `about`, `claimed_by`), the focus itself, and the sources their evidence cites.
///
/// # Errors
/// [`Error::UnknownActor`] when the focus is not in the graph.
pub fn subgraph<'g>(graph: &'g Graph, selection: &Selection) -> Result<Part<'g>> {
    if selection.is_everything() {
        return Ok(Part::whole(graph));
    }
    let filter = &selection.filter;
    let passing: Vec<&Relation> = graph.relations().filter(|r| filter.matches(r)).collect();
    let Some(focus) = &selection.focus else {
        return Ok(Part::new(graph, passing, &[]));
    };
    // The graph's own copy of the id, which lives as long as the part.
    let focus = &graph.known_actor(focus)?.1.id;
    let reached = neighborhood(graph, filter, focus, selection.hops)?;
    let kept: Vec<&Relation> = passing
        .into_iter()
        .filter(|r| reached.contains(&r.from) && reached.contains(&r.to))
        .collect();
    Ok(Part::new(graph, kept, std::slice::from_ref(focus)))
}

/// The part of exactly these relations (in the order given), e.g. the edges of the paths a
/// query found, with the actors and sources they need.
///
/// # Errors
/// [`Error::Export`] naming a relation id that is not in the graph.
pub fn relations<'g>(graph: &'g Graph, ids: &[RelationId]) -> Result<Part<'g>> {
    // One pass over the relations indexes the wanted ones, instead of one pass per id.
    let wanted: FxHashSet<&RelationId> = ids.iter().collect();
    let by_id: FxHashMap<&RelationId, &Relation> = graph
        .relations()
        .filter(|r| wanted.contains(&r.id))
        .map(|r| (&r.id, r))
        .collect();
    let mut kept = Vec::with_capacity(by_id.len());
    let mut seen = FxHashSet::default();
    for id in ids {
        let relation = by_id
            .get(id)
            .ok_or_else(|| Error::Export(format!("no relation has the id `{id}`")))?;
        if seen.insert(id) {
            kept.push(*relation);
        }
    }
    Ok(Part::new(graph, kept, &[]))
}

/// The actors within `hops` relations of `focus`, following relations that pass `filter`
/// both ways: the rings of the `neighbors` query.
fn neighborhood<'g>(
    graph: &'g Graph,
    filter: &RelationFilter,
    focus: &'g ActorId,
    hops: usize,
) -> Result<FxHashSet<&'g ActorId>> {
    let mut reached = FxHashSet::from_iter([focus]);
    if hops > 0 {
        let options = NeighborsOptions {
            traversal: Traversal {
                filter: filter.clone(),
                ..Traversal::default()
            },
            hops,
        };
        let found = neighbors(graph, focus, &options)?;
        reached.extend(
            found
                .rings
                .iter()
                .flat_map(|ring| ring.actors.iter().copied()),
        );
    }
    Ok(reached)
}

/// A part of a graph: some of its relations, the actors and sources they need, and possibly
/// more actors; read it through [`Exportable`].
#[derive(Clone, Debug)]
pub struct Part<'g> {
    graph: &'g Graph,
    relations: Vec<&'g Relation>,
    actors: FxHashSet<&'g ActorId>,
    sources: FxHashSet<&'g SourceId>,
    // How many of the part's relations each actor has, for tooltips and `hide_isolated`.
    degrees: FxHashMap<&'g ActorId, usize>,
}

impl<'g> Part<'g> {
    /// `relations`, the actors they involve plus `extra`, and the sources they cite.
    fn new(graph: &'g Graph, relations: Vec<&'g Relation>, extra: &'g [ActorId]) -> Self {
        let mut actors: FxHashSet<&ActorId> = extra.iter().collect();
        let mut sources: FxHashSet<&SourceId> = FxHashSet::default();
        for relation in &relations {
            actors.extend([&relation.from, &relation.to]);
            actors.extend(&relation.about);
            actors.extend(&relation.claimed_by);
            sources.extend(relation.evidence.iter().map(|e| &e.source));
        }
        Self::with(graph, relations, actors, sources)
    }

    /// All of `graph`, isolated actors and uncited sources included.
    fn whole(graph: &'g Graph) -> Self {
        let actors = graph.actors().map(|a| &a.id).collect();
        let sources = graph.sources().map(|s| &s.id).collect();
        Self::with(graph, graph.relations().collect(), actors, sources)
    }

    fn with(
        graph: &'g Graph,
        relations: Vec<&'g Relation>,
        actors: FxHashSet<&'g ActorId>,
        sources: FxHashSet<&'g SourceId>,
    ) -> Self {
        let mut degrees: FxHashMap<&ActorId, usize> = FxHashMap::default();
        for relation in &relations {
            *degrees.entry(&relation.from).or_default() += 1;
            *degrees.entry(&relation.to).or_default() += 1;
        }
        Self {
            graph,
            relations,
            actors,
            sources,
            degrees,
        }
    }
}

impl Exportable for Part<'_> {
    fn actors(&self) -> Box<dyn Iterator<Item = &Actor> + '_> {
        Box::new(self.graph.actors().filter(|a| self.actors.contains(&a.id)))
    }

    fn relations(&self) -> Box<dyn Iterator<Item = &Relation> + '_> {
        Box::new(self.relations.iter().copied())
    }

    fn sources(&self) -> Box<dyn Iterator<Item = &Source> + '_> {
        Box::new(
            self.graph
                .sources()
                .filter(|s| self.sources.contains(&s.id)),
        )
    }

    fn source(&self, id: &SourceId) -> Option<&Source> {
        self.graph
            .source(id)
            .filter(|s| self.sources.contains(&s.id))
    }

    fn name_of<'a>(&'a self, id: &'a ActorId) -> &'a str {
        if self.actors.contains(id) {
            self.graph.name_of(id)
        } else {
            id.as_str()
        }
    }

    fn relation_count_of(&self, id: &ActorId) -> usize {
        self.degrees.get(id).copied().unwrap_or(0)
    }

    fn actor_count(&self) -> usize {
        self.actors.len()
    }

    fn relation_count(&self) -> usize {
        self.relations.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RelationKind, Source};

    /// A chain a → b → c → d (`r0`, `r1`, `r2`) plus e, which no relation joins: b → c is a
    /// demand about it; an unused source besides the one the relations cite (`src`).
    fn chain() -> Graph {
        let mut graph = crate::testing::graph(
            "a consult b 2024-01-01
             b demand c 2024-01-01 about=e
             c consult d 2024-01-01",
        );
        graph
            .add_source(Source {
                id: "unused".parse().unwrap(),
                title: "U".into(),
                publisher: "P".into(),
                url: "https://example.org/u".into(),
                published: "2024".parse().unwrap(),
            })
            .unwrap();
        graph
    }

    fn ids(graph: &dyn Exportable) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
        (
            graph.actors().map(|a| a.id.as_str()).collect(),
            graph.relations().map(|r| r.id.as_str()).collect(),
            graph.sources().map(|s| s.id.as_str()).collect(),
        )
    }

    fn focus(id: &str, hops: usize, filter: RelationFilter) -> Selection {
        Selection {
            filter,
            focus: Some(id.parse().unwrap()),
            hops,
        }
    }

    #[test]
    fn everything_is_the_whole_graph() {
        let graph = chain();
        let all = subgraph(&graph, &Selection::default()).unwrap();
        assert_eq!(
            ids(&all),
            (
                vec!["a", "b", "c", "e", "d"],
                vec!["r0", "r1", "r2"],
                vec!["src", "unused"]
            )
        );
    }

    #[test]
    fn hops_follow_relations_both_ways() {
        let graph = chain();
        let sub = subgraph(&graph, &focus("c", 1, RelationFilter::default())).unwrap();
        // b and d are one hop away (b → c is against the direction); e comes along as `about`.
        assert_eq!(
            ids(&sub),
            (vec!["b", "c", "e", "d"], vec!["r1", "r2"], vec!["src"])
        );
        let sub = subgraph(&graph, &focus("d", 2, RelationFilter::default())).unwrap();
        assert_eq!(ids(&sub).1, ["r1", "r2"]);
        let sub = subgraph(&graph, &focus("d", 0, RelationFilter::default())).unwrap();
        assert_eq!(ids(&sub), (vec!["d"], vec![], vec![]));
    }

    #[test]
    fn traversal_uses_only_passing_relations() {
        let graph = chain();
        let consults = RelationFilter {
            kinds: vec![RelationKind::Consult],
            ..RelationFilter::default()
        };
        // The demand b → c does not pass, so from d the walk stops at c.
        let sub = subgraph(&graph, &focus("d", 5, consults.clone())).unwrap();
        assert_eq!(ids(&sub), (vec!["c", "d"], vec!["r2"], vec!["src"]));
        let sub = subgraph(
            &graph,
            &Selection {
                filter: consults,
                ..Selection::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&sub).1, ["r0", "r2"]);
    }

    #[test]
    fn unknown_focus_is_an_error() {
        let err = subgraph(&chain(), &focus("zz", 1, RelationFilter::default())).unwrap_err();
        assert!(matches!(err, Error::UnknownActor { .. }), "{err}");
    }

    #[test]
    fn explicit_relations() {
        let graph = chain();
        let ids_wanted = ["r2".parse().unwrap(), "r0".parse().unwrap()];
        let sub = relations(&graph, &ids_wanted).unwrap();
        assert_eq!(
            ids(&sub),
            (vec!["a", "b", "c", "d"], vec!["r2", "r0"], vec!["src"])
        );
        let err = relations(&graph, &["x-y".parse().unwrap()]).unwrap_err();
        assert_eq!(err.to_string(), "no relation has the id `x-y`");
    }
}
