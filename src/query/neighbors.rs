//! The ego network of one actor: everyone within a number of hops, grouped by distance;
//! and, on demand, the relations that reach each of them from the ring before.
//!
//! [`neighbors`] finds who is how far; [`explain`] names the hops behind each actor. The
//! split is for scale: at a million relations two hops from almost anyone reach a hub and
//! so most of the graph, and the relations on every link into the second ring are most of
//! the graph's relations too (docs/performance.md).
//!
//! ```
//! use dipgraph::query::neighbors::{explain, neighbors, NeighborsOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let pkk = graph.resolve("PKK")?;
//! let options = NeighborsOptions::default();
//! let found = neighbors(&graph, pkk, &options)?;
//! let first_ring: Vec<&str> = found.rings[0].actors.iter().map(|a| a.as_str()).collect();
//! assert!(first_ring.contains(&"turkey"));
//! // Why Turkey is there: the relations between it and the PKK.
//! let explained = explain(&graph, &found, &options.traversal)?;
//! let turkey = explained.rings[0].actors.iter().find(|n| n.actor.as_str() == "turkey");
//! assert_eq!(turkey.map(|n| n.via[0].relation.kind.as_str()), Some("tension"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{check_actors, invalid, Hop, Traversal, View, FAR};
use crate::error::Result;
use crate::graph::Graph;
use crate::model::ActorId;

/// Options for [`neighbors`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeighborsOptions {
    /// Which relations to walk and how (with `directed`, only whom the actor reaches).
    pub traversal: Traversal,
    /// How far to go, in hops (at least 1).
    pub hops: usize,
}

impl Default for NeighborsOptions {
    fn default() -> Self {
        Self {
            traversal: Traversal::default(),
            hops: 1,
        }
    }
}

/// The actors at one distance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ring<'g> {
    /// The distance in hops.
    pub distance: usize,
    /// The actors, by id.
    pub actors: Vec<&'g ActorId>,
}

/// What [`neighbors`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NeighborsResult<'g> {
    /// The actor at the centre.
    pub actor: &'g ActorId,
    /// The rings, nearest first; empty rings are left out.
    pub rings: Vec<Ring<'g>>,
}

/// The actors within `options.hops` of `actor`, by distance.
///
/// # Errors
/// When an actor is unknown, `hops` is 0, or `actor` is avoided.
pub fn neighbors<'g>(
    graph: &'g Graph,
    actor: &ActorId,
    options: &NeighborsOptions,
) -> Result<NeighborsResult<'g>> {
    check_actors(
        graph,
        std::iter::once(actor).chain(&options.traversal.avoid),
    )?;
    if options.hops == 0 {
        return Err(invalid("hops", "0", "ask for at least one hop"));
    }
    if options.traversal.avoid.contains(actor) {
        return Err(invalid(
            "neighbors",
            actor.as_str(),
            "cannot avoid the centre",
        ));
    }
    let view = View::uniform(graph, &options.traversal, 0);
    let centre = view.index_of(actor)?;
    // No ring lies further than there are actors.
    let hops = options.hops.min(view.len());
    let distance = view.hop_counts(centre, hops);
    let mut rings: Vec<Ring> = (1..=hops)
        .map(|d| Ring {
            distance: d,
            actors: Vec::new(),
        })
        .collect();
    for &node in graph.actors_by_id() {
        let d = distance.get(node as usize).copied().unwrap_or(FAR);
        if let Some(ring) = (d != FAR).then(|| (d as usize).checked_sub(1)).flatten() {
            rings[ring].actors.push(view.id(node as usize));
        }
    }
    rings.retain(|ring| !ring.actors.is_empty());
    Ok(NeighborsResult {
        actor: view.id(centre),
        rings,
    })
}

/// An actor of the ego network and how it is reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbor<'g> {
    /// The actor.
    pub actor: &'g ActorId,
    /// One hop per actor of the ring before that links to it; each hop's `also` lists the
    /// other relations on the same link.
    pub via: Vec<Hop<'g>>,
}

/// The actors at one distance, each with its hops.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExplainedRing<'g> {
    /// The distance in hops.
    pub distance: usize,
    /// The actors, most linked first, then by id.
    pub actors: Vec<Neighbor<'g>>,
}

/// What [`explain`] found: the rings of a [`NeighborsResult`] with the relations behind
/// each actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explained<'g> {
    /// The actor at the centre.
    pub actor: &'g ActorId,
    /// The rings, nearest first.
    pub rings: Vec<ExplainedRing<'g>>,
}

/// The hops that reach each actor of `found` from the ring before, over `traversal` (the
/// one `found` was searched with).
///
/// # Errors
/// When an actor of `found` is not in `graph`.
pub fn explain<'g>(
    graph: &'g Graph,
    found: &NeighborsResult<'g>,
    traversal: &Traversal,
) -> Result<Explained<'g>> {
    // Every relation costs the same: a hop names the best of its link's relations by their
    // own order (see `View::hop_along`).
    let view = View::uniform(graph, traversal, 0);
    let mut distance = FxHashMap::default();
    distance.insert(view.index_of(found.actor)?, 0);
    for ring in &found.rings {
        for actor in &ring.actors {
            distance.insert(view.index_of(actor)?, ring.distance);
        }
    }
    // Each actor is reached by the links into it from the ring before: one pass over the
    // links out of every actor but the last ring's, in the order of the actors.
    let last = found.rings.last().map_or(0, |ring| ring.distance);
    let mut inner: Vec<(usize, usize)> = distance
        .iter()
        .filter(|(_, &d)| d < last)
        .map(|(&node, &d)| (node, d))
        .collect();
    inner.sort_unstable();
    // The links below read every relation of the inner rings' actors: when that is a good
    // part of the graph (two hops from a hub reach most of it), the relations of a
    // snapshot are better decoded all at once on every core than one chunk at a time.
    let reads: usize = inner
        .iter()
        .map(|&(node, _)| graph.degree(NodeIndex::new(node)))
        .sum();
    if reads > graph.relation_count() / 4 {
        graph.decode_relations();
    }
    let mut via: FxHashMap<usize, Vec<Hop>> = FxHashMap::default();
    // Only the links to the next ring are built: most of a hub's relations in the first
    // ring lead back into it.
    for (before, d) in inner {
        let next_ring = |actor| distance.get(&actor) == Some(&(d + 1));
        for link in view.links_to(before, next_ring) {
            let hops = via.entry(link.to).or_default();
            hops.extend(view.hop_along(before, &link, &[]));
        }
    }
    let mut rings: Vec<ExplainedRing> = found
        .rings
        .iter()
        .map(|ring| ExplainedRing {
            distance: ring.distance,
            actors: Vec::with_capacity(ring.actors.len()),
        })
        .collect();
    for (node, hops) in via {
        let ring = distance
            .get(&node)
            .and_then(|&d| rings.iter_mut().find(|ring| ring.distance == d));
        if let Some(ring) = ring {
            ring.actors.push(Neighbor {
                actor: view.id(node),
                via: hops,
            });
        }
    }
    for ring in &mut rings {
        let links = |n: &Neighbor| n.via.iter().map(Hop::relations).sum::<usize>();
        ring.actors
            .sort_by(|x, y| links(y).cmp(&links(x)).then_with(|| x.actor.cmp(y.actor)));
    }
    Ok(Explained {
        actor: found.actor,
        rings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::graph;

    /// The rings as `distance: actor(links) …`, explained; the rings [`neighbors`] found
    /// hold the same actors, by id.
    fn check(spec: &str, centre: &str, options: &NeighborsOptions, expected: &[&str]) {
        let graph = graph(spec);
        let found = neighbors(&graph, &centre.parse().unwrap(), options).unwrap();
        let explained = explain(&graph, &found, &options.traversal).unwrap();
        let got: Vec<String> = explained
            .rings
            .iter()
            .map(|ring| {
                let actors: Vec<String> = ring
                    .actors
                    .iter()
                    .map(|n| {
                        let links: usize = n.via.iter().map(Hop::relations).sum();
                        format!("{}({links})", n.actor)
                    })
                    .collect();
                format!("{}: {}", ring.distance, actors.join(" "))
            })
            .collect();
        assert_eq!(got, expected, "{spec}");
        for (ring, explained) in found.rings.iter().zip(&explained.rings) {
            let mut ids: Vec<&ActorId> = explained.actors.iter().map(|n| n.actor).collect();
            ids.sort();
            assert_eq!((ring.distance, &ring.actors), (explained.distance, &ids));
        }
        assert_eq!(found.rings.len(), explained.rings.len());
    }

    const STAR: &str =
        "a demand b\nb demand a\nc aid a\na consult d\nd consult e\nb consult e\ne trade f";

    #[test]
    fn rings_by_distance() {
        let hops = |hops| NeighborsOptions {
            hops,
            ..NeighborsOptions::default()
        };
        check(STAR, "a", &hops(1), &["1: b(2) c(1) d(1)"]);
        check(STAR, "a", &hops(2), &["1: b(2) c(1) d(1)", "2: e(2)"]);
        check(
            STAR,
            "a",
            &hops(5),
            &["1: b(2) c(1) d(1)", "2: e(2)", "3: f(1)"],
        );
    }

    #[test]
    fn directed_and_avoid() {
        let directed = NeighborsOptions {
            traversal: Traversal {
                directed: true,
                ..Traversal::default()
            },
            hops: 3,
        };
        check(
            STAR,
            "a",
            &directed,
            &["1: b(1) d(1)", "2: e(2)", "3: f(1)"],
        );
        check(
            STAR,
            "c",
            &directed,
            &["1: a(1)", "2: b(1) d(1)", "3: e(2)"],
        );
        let avoid = NeighborsOptions {
            traversal: Traversal {
                avoid: vec!["e".parse().unwrap()],
                ..Traversal::default()
            },
            hops: 3,
        };
        check(STAR, "a", &avoid, &["1: b(2) c(1) d(1)"]);
        check(STAR, "f", &NeighborsOptions::default(), &["1: e(1)"]);
    }

    #[test]
    fn projected_and_linked_rings_agree() {
        // The rings found over the graph's projection, top-down or bottom-up, are those
        // found over built links: on the star, and on random graphs with a hub.
        let mut next = crate::testing::random(17);
        let mut specs = vec![STAR.to_string()];
        for _ in 0..30 {
            let actors = 3 + next(30);
            let mut spec = String::new();
            for _ in 0..next(actors * 3) {
                let (a, b) = (next(actors), next(actors));
                // About half the relations touch actor 0, the hub.
                let a = if next(2) == 0 { 0 } else { a };
                if a != b {
                    spec += &format!("n{a} consult n{b}\n");
                }
            }
            specs.push(spec);
        }
        for spec in specs.iter().filter(|spec| !spec.is_empty()) {
            let graph = graph(spec);
            let traversal = Traversal::default();
            let projected = View::uniform(&graph, &traversal, 0);
            let linked = View::new(&graph, &traversal, |_| 0);
            for centre in 0..linked.len() {
                for hops in 1..5 {
                    assert_eq!(
                        projected.hop_counts(centre, hops),
                        linked.hop_counts(centre, hops),
                        "{spec} from {centre}, {hops} hops"
                    );
                }
            }
        }
    }

    #[test]
    fn many_hops_cost_no_more_than_the_actors() {
        let options = NeighborsOptions {
            hops: usize::MAX,
            ..NeighborsOptions::default()
        };
        check(
            STAR,
            "a",
            &options,
            &["1: b(2) c(1) d(1)", "2: e(2)", "3: f(1)"],
        );
    }

    #[test]
    fn hops_walk_the_true_direction() {
        let graph = graph(STAR);
        let options = NeighborsOptions::default();
        let found = neighbors(&graph, &"a".parse().unwrap(), &options).unwrap();
        let explained = explain(&graph, &found, &options.traversal).unwrap();
        let c = &explained.rings[0].actors[1];
        assert_eq!(c.actor.as_str(), "c");
        assert_eq!(c.via[0].walk, super::super::Walk::Backward);
        assert_eq!(c.via[0].relation.from.as_str(), "c");
    }
}
