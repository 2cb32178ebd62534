//! Fewest hops by a bidirectional breadth-first search: when every link costs the same, the
//! route Dijkstra would find, without walking a hub's relations.
//!
//! Two breadth-first searches, one from each end, grow a layer at a time, whichever has
//! the fewer relations on its frontier; once they meet, the route is traced back from the
//! end, each actor's predecessor being the lowest-numbered actor one hop nearer the start
//! (so ties break as in [`super::dijkstra`]). Time O(V + E) at worst; between actors d hops
//! apart it usually walks the two balls of radius about d/2 around them. Space O(V), in
//! arrays kept from one search to the next ([`Scratch`]).
//!
//! ```
//! use dipgraph::query::path::{path, PathOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let (turkey, pkk) = (graph.resolve("Turkey")?, graph.resolve("PKK")?);
//! let found = path(&graph, turkey, pkk, &PathOptions::default())?;
//! assert_eq!(found.paths[0].length, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rustc_hash::FxHashMap;

use super::{Bans, Route, View};
use crate::query::FAR;

/// Hop counts by actor in an array as long as the graph has actors, kept from one search to
/// the next (Yen runs one per spur) and cleared entry by entry: a hash map grew and rehashed
/// through most of a search's time.
#[derive(Default)]
struct Distances {
    by_actor: Vec<u32>,
    set: Vec<usize>,
}

impl Distances {
    /// Forgets every distance, with room for `actors` actors.
    fn reset(&mut self, actors: usize) {
        for actor in self.set.drain(..) {
            if let Some(distance) = self.by_actor.get_mut(actor) {
                *distance = FAR;
            }
        }
        if self.by_actor.len() < actors {
            self.by_actor.resize(actors, FAR);
        }
    }

    fn get(&self, actor: usize) -> Option<usize> {
        match self.by_actor.get(actor) {
            Some(&distance) if distance != FAR => Some(distance as usize),
            _ => None,
        }
    }

    /// Records the distance of an actor not reached before; false if it was.
    fn insert_new(&mut self, actor: usize, distance: usize) -> bool {
        match self.by_actor.get_mut(actor) {
            Some(known) if *known == FAR => {
                // Distances are hop counts, below the number of actors (a u32, in petgraph).
                *known = distance as u32;
                self.set.push(actor);
                true
            }
            _ => false,
        }
    }
}

/// What [`fewest_hops_with`] keeps from one search to the next.
#[derive(Default)]
pub(super) struct Scratch {
    forward: Distances,
    backward: Distances,
}

/// One side of a bidirectional breadth-first search: the hop count of every actor it
/// reached and the actors at each distance, sorted.
struct Side {
    distance: Distances,
    layers: Vec<Vec<usize>>,
    backward: bool,
}

impl Side {
    fn new(view: &View, root: usize, backward: bool, mut distance: Distances) -> Self {
        distance.reset(view.len());
        distance.insert_new(root, 0);
        Self {
            distance,
            layers: vec![vec![root]],
            backward,
        }
    }

    /// The distance of the farthest layer.
    fn depth(&self) -> usize {
        self.layers.len() - 1
    }

    fn frontier(&self) -> &[usize] {
        self.layers.last().map_or(&[], Vec::as_slice)
    }

    /// What growing this side would cost: the relations of its frontier.
    fn work(&self, view: &View) -> usize {
        self.frontier().iter().map(|&n| view.degree(n)).sum()
    }

    /// Adds the next layer: the actors one hop beyond the frontier (towards the frontier,
    /// for the backward side) not reached before.
    fn grow(&mut self, view: &View, bans: &Bans) {
        let depth = self.depth() + 1;
        let mut next = Vec::new();
        let frontier = self.layers.last().map_or(&[][..], Vec::as_slice);
        for &node in frontier {
            let adjacency = if self.backward {
                view.neighbors_into(node)
            } else {
                view.neighbors(node)
            };
            for other in adjacency.actors() {
                let (a, b) = if self.backward {
                    (other, node)
                } else {
                    (node, other)
                };
                // Most neighbors of a hub are reached already: that costs an array read,
                // the bans a hash lookup or three.
                if self.distance.get(other).is_none()
                    && bans.allow(a, b)
                    && self.distance.insert_new(other, depth)
                {
                    next.push(other);
                }
            }
        }
        next.sort_unstable();
        self.layers.push(next);
    }
}

/// The fewest-hops route, by a bidirectional breadth-first search that grows whichever side
/// has the fewer relations to walk, so that a route to a hub does not walk the hub's
/// relations. The route is the one Dijkstra would find (see [`shortest`]); it is pieced
/// together backwards from `end`, each actor's predecessor being the lowest-numbered actor
/// one hop nearer `start`. `scratch` holds the arrays of an earlier search, reused.
pub(super) fn fewest_hops_with(
    view: &View,
    start: usize,
    end: usize,
    bans: &Bans,
    scratch: &mut Scratch,
) -> Option<Route> {
    // Two linked actors: the link is the one shortest route, found without a search (which
    // would walk every neighbor of the smaller side).
    if start != end && bans.allow(start, end) && view.link_cost(start, end).is_some() {
        return Some(Route::new(view, vec![start, end]));
    }
    let mut forward = Side::new(view, start, false, std::mem::take(&mut scratch.forward));
    let mut backward = Side::new(view, end, true, std::mem::take(&mut scratch.backward));
    let route = meet(view, start, end, bans, &mut forward, &mut backward);
    scratch.forward = forward.distance;
    scratch.backward = backward.distance;
    route
}

/// Grows the two sides until they meet, then traces the route back from `end`.
fn meet(
    view: &View,
    start: usize,
    end: usize,
    bans: &Bans,
    forward: &mut Side,
    backward: &mut Side,
) -> Option<Route> {
    let hops = loop {
        if forward.frontier().is_empty() || backward.frontier().is_empty() {
            return None;
        }
        let (side, other) = if forward.work(view) <= backward.work(view) {
            (&mut *forward, &*backward)
        } else {
            (&mut *backward, &*forward)
        };
        side.grow(view, bans);
        // Before this layer no actor was reached from both sides, so every shortest route
        // passes through one of its actors that the other side has reached.
        let depth = side.depth();
        let met = side
            .frontier()
            .iter()
            .filter_map(|&n| other.distance.get(n));
        if let Some(hops) = met.map(|d| depth + d).min() {
            break hops;
        }
    };
    let mut trace = Trace {
        view,
        bans,
        forward,
        backward,
        hops,
        known: FxHashMap::default(),
    };
    let mut nodes = vec![end];
    for before in (0..hops).rev() {
        let here = *nodes.last()?;
        nodes.push(trace.predecessor(here, before, start)?);
    }
    nodes.reverse();
    Some(Route::new(view, nodes))
}

/// Traces a fewest-hops route back from its end, after a bidirectional search.
///
/// The forward side knows the exact distance from `start` of every actor up to its depth
/// `a`, the backward side the distance to `end` of every actor up to its depth `b`, and
/// `a + b ≥ hops`. An actor `u` linking to an actor of the route at distance `j + 1` is at
/// distance `j` exactly when: `j ≤ a` and the forward side says so; or `j > a`, the
/// backward side puts it `hops − j` from the end, and one of the actors linking to it is at
/// distance `j − 1`. Those actors are all within the backward side, whose links are built.
struct Trace<'a, 'g> {
    view: &'a View<'g>,
    bans: &'a Bans,
    forward: &'a Side,
    backward: &'a Side,
    hops: usize,
    /// Answers for actors beyond the forward side.
    known: FxHashMap<usize, bool>,
}

impl Trace<'_, '_> {
    /// The lowest-numbered actor at distance `before` from the start that links to `here`.
    fn predecessor(&mut self, here: usize, before: usize, start: usize) -> Option<usize> {
        if before == 0 {
            return Some(start);
        }
        let (view, bans) = (self.view, self.bans);
        if before < self.forward.depth() {
            // That layer's links are built: scanning it may be cheaper than the links into
            // `here`, which may be a hub's.
            let layer = &self.forward.layers[before];
            if layer.len() < view.degree(here) {
                return layer
                    .iter()
                    .copied()
                    .find(|&u| bans.allow(u, here) && view.link_cost(u, here).is_some());
            }
        }
        let adjacency = view.neighbors_into(here);
        let found = adjacency
            .actors()
            .find(|&u| self.at_distance(u, before) && bans.allow(u, here));
        found
    }

    /// Whether `u`, which links to an actor of the route at distance `j + 1`, is at
    /// distance `j` from the start.
    fn at_distance(&mut self, u: usize, j: usize) -> bool {
        if j <= self.forward.depth() {
            return self.forward.distance.get(u) == Some(j);
        }
        if self.backward.distance.get(u) != Some(self.hops - j) {
            return false;
        }
        if let Some(&known) = self.known.get(&u) {
            return known;
        }
        let adjacency = self.view.neighbors_into(u);
        let found = adjacency
            .actors()
            .any(|v| self.at_distance(v, j - 1) && self.bans.allow(v, u));
        self.known.insert(u, found);
        found
    }
}
