//! The ego network of one actor: everyone within a number of hops, grouped by distance,
//! each with the relations that reach it from the ring before.
//!
//! ```
//! use dipgraph::query::neighbors::{neighbors, NeighborsOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let pkk = graph.resolve("PKK")?;
//! let found = neighbors(&graph, pkk, &NeighborsOptions::default())?;
//! let first_ring: Vec<&str> = found.rings[0].actors.iter().map(|n| n.actor.as_str()).collect();
//! assert!(first_ring.contains(&"turkey"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{check_actors, invalid, Hop, Traversal, View};
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

/// An actor in the ego network and how it is reached.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbor<'g> {
    /// The actor.
    pub actor: &'g ActorId,
    /// One hop per actor of the ring before that links to it; each hop's `also` lists the
    /// other relations on the same link.
    pub via: Vec<Hop<'g>>,
}

/// The actors at one distance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ring<'g> {
    /// The distance in hops.
    pub distance: usize,
    /// The actors, most linked first, then by id.
    pub actors: Vec<Neighbor<'g>>,
}

/// What [`neighbors`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NeighborsResult<'g> {
    /// The actor at the centre.
    pub actor: &'g ActorId,
    /// The rings, nearest first; empty rings are left out.
    pub rings: Vec<Ring<'g>>,
}

/// The actors within `options.hops` of `actor`.
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
    // Links weigh by how many relations they carry, so the best hop is any of them; the
    // cost only orders the parallel relations, by date then id.
    let view = View::uniform(graph, &options.traversal, 0);
    let centre = view.index_of(actor)?;
    // Only the actors nearer than `hops` have their links built: the last ring is reached,
    // never walked from.
    let distance = view.distances(centre, false, options.hops);
    let mut rings: Vec<Ring> = (1..=options.hops)
        .map(|d| Ring {
            distance: d,
            actors: Vec::new(),
        })
        .collect();
    // Each actor is reached by the links into it from the ring before: one pass over the
    // links out of every actor in the rings 0..hops−1, in the order of the actors.
    let mut inner: Vec<(usize, usize)> = distance
        .iter()
        .filter(|(_, &d)| d < options.hops)
        .map(|(&node, &d)| (node, d))
        .collect();
    inner.sort_unstable();
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
    for (node, hops) in via {
        if let Some(&d) = distance.get(&node) {
            rings[d - 1].actors.push(Neighbor {
                actor: view.id(node),
                via: hops,
            });
        }
    }
    for ring in &mut rings {
        let links = |n: &Neighbor| n.via.iter().map(|h| 1 + h.also.len()).sum::<usize>();
        ring.actors
            .sort_by(|x, y| links(y).cmp(&links(x)).then_with(|| x.actor.cmp(y.actor)));
    }
    rings.retain(|ring| !ring.actors.is_empty());
    Ok(NeighborsResult {
        actor: view.id(centre),
        rings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::graph;

    /// The rings as `distance: actor(links) …`.
    fn check(spec: &str, centre: &str, options: &NeighborsOptions, expected: &[&str]) {
        let graph = graph(spec);
        let found = neighbors(&graph, &centre.parse().unwrap(), options).unwrap();
        let got: Vec<String> = found
            .rings
            .iter()
            .map(|ring| {
                let actors: Vec<String> = ring
                    .actors
                    .iter()
                    .map(|n| {
                        let links: usize = n.via.iter().map(|h| 1 + h.also.len()).sum();
                        format!("{}({links})", n.actor)
                    })
                    .collect();
                format!("{}: {}", ring.distance, actors.join(" "))
            })
            .collect();
        assert_eq!(got, expected, "{spec}");
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
        // The rings found over the graph's projection are those found over built links.
        let graph = graph(STAR);
        let traversal = Traversal::default();
        let projected = View::uniform(&graph, &traversal, 0);
        let linked = View::new(&graph, &traversal, |_| 0);
        for centre in 0..linked.len() {
            for hops in 1..4 {
                assert_eq!(
                    projected.distances(centre, false, hops),
                    linked.distances(centre, false, hops)
                );
            }
        }
    }

    #[test]
    fn hops_walk_the_true_direction() {
        let graph = graph(STAR);
        let found = neighbors(&graph, &"a".parse().unwrap(), &NeighborsOptions::default()).unwrap();
        let c = &found.rings[0].actors[1];
        assert_eq!(c.actor.as_str(), "c");
        assert_eq!(c.via[0].walk, super::super::Walk::Backward);
        assert_eq!(c.via[0].relation.from.as_str(), "c");
    }
}
