//! Picking part of a graph to export: the relations passing a filter, optionally only those
//! within some hops of a focus actor, or an explicit list of relations (the paths a query
//! found).
//!
//! The result is a new, valid [`Graph`]: besides the endpoints of the kept relations it keeps
//! the actors they name in `about` and `claimed_by`, and the sources their evidence cites, so
//! that it can be written as a dataset and read back.

use std::collections::HashSet;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{ActorId, Dataset, Relation, RelationId, SourceId};
use crate::query::neighbors::{neighbors, NeighborsOptions};
use crate::query::Traversal;

/// Which part of a graph to keep.
///
/// ```
/// use dipgraph::select::{subgraph, Selection};
/// use dipgraph::{Dataset, Graph};
///
/// let graph = Graph::try_from(Dataset::builtin()?)?;
/// let everything = subgraph(&graph, &Selection::default())?;
/// assert_eq!(everything.relation_count(), graph.relation_count());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// Only relations passing this filter.
    pub filter: RelationFilter,
    /// Only the neighbourhood of this actor: the actors within [`Selection::hops`] relations
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
pub fn subgraph(graph: &Graph, selection: &Selection) -> Result<Graph> {
    if selection.is_everything() {
        return Ok(graph.clone());
    }
    let passing: Vec<&Relation> = graph.relations_matching(&selection.filter).collect();
    let Some(focus) = &selection.focus else {
        return Ok(build(graph, &passing, &[]));
    };
    if graph.actor(focus).is_none() {
        return Err(Error::UnknownActor {
            name: focus.to_string(),
            suggestions: vec![],
        });
    }
    let reached = neighbourhood(graph, &selection.filter, focus, selection.hops)?;
    let kept: Vec<&Relation> = passing
        .into_iter()
        .filter(|r| reached.contains(&r.from) && reached.contains(&r.to))
        .collect();
    Ok(build(graph, &kept, std::slice::from_ref(focus)))
}

/// The graph of exactly these relations (in the order given), e.g. the edges of the paths a
/// query found, with the actors and sources they need.
///
/// # Errors
/// [`Error::Export`] naming a relation id that is not in the graph.
pub fn relations(graph: &Graph, ids: &[RelationId]) -> Result<Graph> {
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
    Ok(build(graph, &kept, &[]))
}

/// The actors within `hops` relations of `focus`, following relations that pass `filter`
/// both ways: the rings of the `neighbors` query.
fn neighbourhood<'g>(
    graph: &'g Graph,
    filter: &RelationFilter,
    focus: &'g ActorId,
    hops: usize,
) -> Result<HashSet<&'g ActorId>> {
    let mut reached = HashSet::from([focus]);
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
                .flat_map(|ring| &ring.actors)
                .map(|n| n.actor),
        );
    }
    Ok(reached)
}

/// A graph of `relations`, the actors they involve plus `extra`, and the sources they cite;
/// actors keep the original graph's order.
fn build(graph: &Graph, relations: &[&Relation], extra: &[ActorId]) -> Graph {
    let mut actors: FxHashSet<&ActorId> = extra.iter().collect();
    let mut sources: FxHashSet<&SourceId> = FxHashSet::default();
    for relation in relations {
        actors.extend([&relation.from, &relation.to]);
        actors.extend(&relation.about);
        actors.extend(&relation.claimed_by);
        sources.extend(relation.evidence.iter().map(|e| &e.source));
    }
    let dataset = Dataset {
        sources: graph
            .sources()
            .filter(|s| sources.contains(&s.id))
            .cloned()
            .collect(),
        actors: graph
            .actors()
            .filter(|a| actors.contains(&a.id))
            .cloned()
            .collect(),
        relations: relations.iter().map(|&r| r.clone()).collect(),
    };
    // A part of a checked graph needs no second check: every actor and source its relations
    // name comes along, and leaving things out can make no id repeat and no name clash.
    Graph::from_checked(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, Evidence, RelationKind, Source};

    /// A chain a → b → c → d plus an isolated actor e; b → c is a demand about e.
    fn chain() -> Graph {
        let mut graph = Graph::new();
        graph
            .add_source(Source {
                id: "s".parse().unwrap(),
                title: "T".into(),
                publisher: "P".into(),
                url: "https://example.org".into(),
                published: "2024".parse().unwrap(),
            })
            .unwrap();
        graph
            .add_source(Source {
                id: "unused".parse().unwrap(),
                title: "U".into(),
                publisher: "P".into(),
                url: "https://example.org/u".into(),
                published: "2024".parse().unwrap(),
            })
            .unwrap();
        for id in ["a", "b", "c", "d", "e"] {
            graph
                .add_actor(Actor {
                    id: id.parse().unwrap(),
                    name: id.to_uppercase(),
                    kind: ActorKind::State,
                    aliases: vec![],
                    country: None,
                    description: None,
                })
                .unwrap();
        }
        for (from, to, kind) in [
            ("a", "b", RelationKind::Consult),
            ("b", "c", RelationKind::Demand),
            ("c", "d", RelationKind::Consult),
        ] {
            graph
                .add_relation(Relation {
                    id: format!("{from}-{to}").parse().unwrap(),
                    from: from.parse().unwrap(),
                    to: to.parse().unwrap(),
                    kind,
                    date: Some("2024-01-01".parse().unwrap()),
                    since: None,
                    until: None,
                    about: if kind == RelationKind::Demand {
                        vec!["e".parse().unwrap()]
                    } else {
                        vec![]
                    },
                    claimed_by: None,
                    intensity: None,
                    evidence: vec![Evidence {
                        source: "s".parse().unwrap(),
                        quote: String::new(),
                        note: "n".into(),
                    }],
                    counts: None,
                })
                .unwrap();
        }
        graph
    }

    fn ids(graph: &Graph) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
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
                vec!["a", "b", "c", "d", "e"],
                vec!["a-b", "b-c", "c-d"],
                vec!["s", "unused"]
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
            (vec!["b", "c", "d", "e"], vec!["b-c", "c-d"], vec!["s"])
        );
        let sub = subgraph(&graph, &focus("d", 2, RelationFilter::default())).unwrap();
        assert_eq!(ids(&sub).1, ["b-c", "c-d"]);
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
        assert_eq!(ids(&sub), (vec!["c", "d"], vec!["c-d"], vec!["s"]));
        let sub = subgraph(
            &graph,
            &Selection {
                filter: consults,
                ..Selection::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&sub).1, ["a-b", "c-d"]);
    }

    #[test]
    fn unknown_focus_is_an_error() {
        let err = subgraph(&chain(), &focus("zz", 1, RelationFilter::default())).unwrap_err();
        assert!(matches!(err, Error::UnknownActor { .. }), "{err}");
    }

    #[test]
    fn explicit_relations() {
        let graph = chain();
        let ids_wanted = ["c-d".parse().unwrap(), "a-b".parse().unwrap()];
        let sub = relations(&graph, &ids_wanted).unwrap();
        assert_eq!(
            ids(&sub),
            (vec!["a", "b", "c", "d"], vec!["c-d", "a-b"], vec!["s"])
        );
        let err = relations(&graph, &["x-y".parse().unwrap()]).unwrap_err();
        assert_eq!(err.to_string(), "no relation has the id `x-y`");
    }
}
