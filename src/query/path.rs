//! Paths between two actors: the shortest, the k shortest (Yen), or every simple path up to
//! a number of hops, by hop count or by the strength of conflict or cooperation.
//!
//! ```
//! use dipgraph::query::path::{path, PathOptions, Search};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let turkey = graph.resolve("Turkey")?;
//! let pkk = graph.resolve("PKK")?;
//! let options = PathOptions { search: Search::KShortest(3), ..PathOptions::default() };
//! let found = path(&graph, turkey, pkk, &options)?;
//! let lengths: Vec<usize> = found.paths.iter().map(|p| p.length).collect();
//! assert_eq!(lengths, [1, 2, 3]);
//! let via = found.paths[1].hops[0].to;
//! assert_eq!(graph.actor(via).map(|a| a.name.as_str()), Some("United States"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use super::{check_actors, invalid, Hop, Traversal, View, FAR};
use crate::error::{InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{vocabulary, ActorId, Relation};

/// What a path costs: its hops, or how little conflict (cooperation) it carries.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Weight {
    /// Every relation costs 1: the path with the fewest hops.
    #[default]
    Hops,
    /// A relation of Goldstein weight `w` costs `11 + w`: 1 for the most hostile (−10),
    /// 21 for the most cooperative (+10). The cheapest path is the chain of strongest
    /// conflict; each hop costs at least 1, so a longer chain wins only if it is more
    /// hostile hop for hop.
    Conflict,
    /// A relation of Goldstein weight `w` costs `11 − w`: the chain of strongest cooperation.
    Cooperation,
}

impl Weight {
    /// What walking `relation` costs.
    pub fn cost(self, relation: &Relation) -> f64 {
        // Hops never reads the relation: a search by hops then touches no relation data.
        let weight = || relation.weight().clamp(-10.0, 10.0);
        match self {
            Self::Hops => 1.0,
            Self::Conflict => 11.0 + weight(),
            Self::Cooperation => 11.0 - weight(),
        }
    }

    /// The cost in thousandths, so that sums are exact and ties are real ties.
    fn milli(self, relation: &Relation) -> u64 {
        (self.cost(relation) * 1000.0).round() as u64
    }
}
vocabulary!(Weight, "path weight");

/// Which paths to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Search {
    /// One cheapest path.
    Shortest,
    /// The `k` cheapest loopless paths, cheapest first (Yen's algorithm).
    KShortest(usize),
    /// Every simple path of at most `max_hops` hops, cheapest first.
    All {
        /// The longest path to list, in hops.
        max_hops: usize,
    },
}

/// Options for [`path`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathOptions {
    /// Which relations to walk and how.
    pub traversal: Traversal,
    /// What a path costs.
    pub weight: Weight,
    /// Which paths to find.
    pub search: Search,
    /// The most paths `KShortest` and `All` return; they report when they stop there.
    pub cap: usize,
    /// How long `KShortest` and `All` may search before they stop and return what they have
    /// found (`None`: no limit). Dense graphs hold astronomically many simple paths.
    pub time_budget: Option<Duration>,
}

impl Default for PathOptions {
    fn default() -> Self {
        Self {
            traversal: Traversal::default(),
            weight: Weight::Hops,
            search: Search::Shortest,
            cap: 100,
            time_budget: Some(Duration::from_secs(10)),
        }
    }
}

/// One path: its hops in order, from the first actor to the last.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Path<'g> {
    /// The number of hops.
    pub length: usize,
    /// The sum of the hops' costs under the chosen [`Weight`].
    pub cost: f64,
    /// The hops, each with the relation walked and the parallel ones it stands for.
    pub hops: Vec<Hop<'g>>,
}

/// Why no path was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPath {
    /// The two actors are in different components, even ignoring direction.
    DifferentComponents,
    /// They are connected, but not along the direction of the relations.
    AgainstDirection,
    /// Every path between them is longer than `max_hops`.
    TooLong,
}

/// What [`path`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathResult<'g> {
    /// The first actor.
    pub from: &'g ActorId,
    /// The last actor.
    pub to: &'g ActorId,
    /// The cost the paths were ranked by.
    pub weight: Weight,
    /// The paths, cheapest first (ties: fewer hops, then the order of actors in the data).
    pub paths: Vec<Path<'g>>,
    /// Whether the search stopped at the cap with more paths left.
    pub capped: bool,
    /// Whether the search ran out of its time budget; `paths` holds what it found by then.
    pub timed_out: bool,
    /// Why there is no path, when `paths` is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_path: Option<NoPath>,
}

/// A path as actor indexes, with its cost; ordered by cost, then length, then actors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Route {
    cost: u64,
    length: usize,
    nodes: Vec<usize>,
}

impl Route {
    fn new(view: &View, nodes: Vec<usize>) -> Self {
        let cost = nodes
            .windows(2)
            .map(|pair| view.link_cost(pair[0], pair[1]).unwrap_or(0))
            .sum();
        Self {
            cost,
            length: nodes.len().saturating_sub(1),
            nodes,
        }
    }
}

/// Finds paths from `from` to `to`.
///
/// Parallel relations between the same two actors make one link: each hop walks the
/// cheapest of them and lists the others in [`Hop::also`], so no two paths have the same
/// sequence of actors.
///
/// # Errors
/// When an actor is unknown, `from` and `to` are the same, either is avoided, or `k`,
/// `max_hops` or `cap` is 0.
pub fn path<'g>(
    graph: &'g Graph,
    from: &ActorId,
    to: &ActorId,
    options: &PathOptions,
) -> Result<PathResult<'g>> {
    let traversal = &options.traversal;
    check_actors(graph, [from, to].into_iter().chain(&traversal.avoid))?;
    if from == to {
        return Err(invalid(
            "path",
            from.as_str(),
            "a path needs two different actors",
        ));
    }
    if let Some(id) = [from, to]
        .into_iter()
        .find(|id| traversal.avoid.contains(id))
    {
        return Err(invalid(
            "path",
            id.as_str(),
            "cannot avoid an end of the path",
        ));
    }
    match options.search {
        Search::KShortest(0) => return Err(invalid("k", "0", "ask for at least one path")),
        Search::All { max_hops: 0 } => {
            return Err(invalid("max hops", "0", "allow at least one hop"))
        }
        _ => {}
    }
    if options.cap == 0 {
        return Err(invalid("cap", "0", "allow at least one path"));
    }
    let weight = options.weight;
    let by_hops = weight == Weight::Hops;
    // By hops every relation costs the same, so the searches may walk the projection.
    let view = if by_hops {
        View::uniform(graph, traversal, 1000)
    } else {
        View::new(graph, traversal, move |r| weight.milli(r))
    };
    let (start, end) = (view.index_of(from)?, view.index_of(to)?);
    let budget = Budget::new(options.time_budget);
    let mut routes = match options.search {
        Search::Shortest => shortest(
            &view,
            start,
            end,
            &Bans::default(),
            by_hops,
            &mut Scratch::default(),
        )
        .into_iter()
        .collect(),
        Search::KShortest(k) => {
            let k = k.min(options.cap.saturating_add(1));
            k_shortest(&view, start, end, k, by_hops, &budget)
        }
        Search::All { max_hops } => all_simple(&view, start, end, max_hops, options.cap, &budget),
    };
    let limit = match options.search {
        Search::KShortest(k) => k.min(options.cap),
        _ => options.cap,
    };
    let capped = routes.len() > limit && limit == options.cap;
    routes.truncate(limit);
    let no_path = routes
        .is_empty()
        .then(|| why_no_path(graph, &view, options, start, end));
    let paths = routes
        .into_iter()
        .map(|route| to_path(&view, route))
        .collect();
    Ok(PathResult {
        from: view.id(start),
        to: view.id(end),
        weight,
        paths,
        capped,
        timed_out: budget.exhausted.get(),
        no_path,
    })
}

fn to_path<'g>(view: &View<'g>, route: Route) -> Path<'g> {
    Path {
        length: route.length,
        cost: route.cost as f64 / 1000.0,
        hops: route
            .nodes
            .windows(2)
            .filter_map(|pair| view.hop_in_context(pair[0], pair[1], &route.nodes))
            .collect(),
    }
}

fn why_no_path(
    graph: &Graph,
    view: &View,
    options: &PathOptions,
    start: usize,
    end: usize,
) -> NoPath {
    if view.distances(start, false, usize::MAX).contains_key(&end) {
        return NoPath::TooLong;
    }
    if !options.traversal.directed {
        return NoPath::DifferentComponents;
    }
    let undirected = super::Traversal {
        directed: false,
        ..options.traversal.clone()
    };
    let view = View::new(graph, &undirected, |_| 0);
    if view.distances(start, false, usize::MAX).contains_key(&end) {
        NoPath::AgainstDirection
    } else {
        NoPath::DifferentComponents
    }
}

/// What a spur search of Yen's algorithm may not walk: actors of the root path and links
/// already taken out of it.
///
/// A spur search asks for every link it walks, a hub's thousands included, so both lists
/// are sorted and searched by halving: they are short (a root path's actors, one link per
/// path found), and hashing cost more.
#[derive(Default)]
struct Bans {
    actors: Vec<usize>,
    links: Vec<(usize, usize)>,
}

impl Bans {
    fn new(
        actors: impl IntoIterator<Item = usize>,
        links: impl IntoIterator<Item = (usize, usize)>,
    ) -> Self {
        let mut actors: Vec<usize> = actors.into_iter().collect();
        actors.sort_unstable();
        actors.dedup();
        let mut links: Vec<(usize, usize)> = links.into_iter().collect();
        links.sort_unstable();
        links.dedup();
        Self { actors, links }
    }

    /// Whether the link from `a` to `b` may be walked.
    fn allow(&self, a: usize, b: usize) -> bool {
        self.actors.binary_search(&a).is_err()
            && self.actors.binary_search(&b).is_err()
            && self.links.binary_search(&(a, b)).is_err()
    }
}

/// The cheapest route from `start` to `end` within `bans`; ties go to fewer hops, then to
/// the route whose every actor is reached from the lowest-numbered actor one step nearer
/// `start` (the order in which Dijkstra settles them). `by_hops` says every link costs the
/// same, which allows a bidirectional search with the same answer.
fn shortest(
    view: &View,
    start: usize,
    end: usize,
    bans: &Bans,
    by_hops: bool,
    scratch: &mut Scratch,
) -> Option<Route> {
    if by_hops {
        fewest_hops_with(view, start, end, bans, scratch)
    } else {
        dijkstra(view, start, end, bans)
    }
}

/// Dijkstra from `start` to `end`; ties go to fewer hops.
fn dijkstra(view: &View, start: usize, end: usize, bans: &Bans) -> Option<Route> {
    let mut best: FxHashMap<usize, (u64, usize)> = FxHashMap::from_iter([(start, (0, 0))]);
    let mut previous: FxHashMap<usize, usize> = FxHashMap::default();
    let mut heap = BinaryHeap::from([Reverse((0_u64, 0_usize, start))]);
    while let Some(Reverse((cost, hops, node))) = heap.pop() {
        if best.get(&node) != Some(&(cost, hops)) {
            continue;
        }
        if node == end {
            let mut nodes = vec![end];
            while let Some(&last) = nodes.last() {
                match previous.get(&last) {
                    Some(&before) if last != start => nodes.push(before),
                    _ => break,
                }
            }
            nodes.reverse();
            return Some(Route {
                cost,
                length: hops,
                nodes,
            });
        }
        for link in view.links(node).iter() {
            if !bans.allow(node, link.to) {
                continue;
            }
            let next = (cost + link.cost, hops + 1);
            if best.get(&link.to).is_none_or(|&known| next < known) {
                best.insert(link.to, next);
                previous.insert(link.to, node);
                heap.push(Reverse((next.0, next.1, link.to)));
            }
        }
    }
    None
}

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
struct Scratch {
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
fn fewest_hops_with(
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

/// A wall-clock limit that the enumeration loops poll; once spent, it stays spent.
struct Budget {
    deadline: Option<Instant>,
    polls: Cell<u32>,
    exhausted: Cell<bool>,
}

impl Budget {
    fn new(limit: Option<Duration>) -> Self {
        Self {
            deadline: limit.and_then(|limit| Instant::now().checked_add(limit)),
            polls: Cell::new(0),
            exhausted: Cell::new(false),
        }
    }

    /// Whether time is up. Reads the clock on every 256th call only: the depth-first loop
    /// calls this once per step.
    fn spent(&self) -> bool {
        let polls = self.polls.get().wrapping_add(1);
        self.polls.set(polls);
        if polls.is_multiple_of(256) && self.deadline.is_some_and(|d| Instant::now() >= d) {
            self.exhausted.set(true);
        }
        self.exhausted.get()
    }
}

/// Yen's k shortest loopless paths, cheapest first.
fn k_shortest(
    view: &View,
    start: usize,
    end: usize,
    k: usize,
    by_hops: bool,
    budget: &Budget,
) -> Vec<Route> {
    let mut scratch = Scratch::default();
    let Some(first) = shortest(view, start, end, &Bans::default(), by_hops, &mut scratch) else {
        return Vec::new();
    };
    let mut found = vec![first];
    let mut candidates: BTreeSet<Route> = BTreeSet::new();
    while found.len() < k {
        let Some(last) = found.last().cloned() else {
            break;
        };
        for i in 0..last.length {
            // Each spur search is a whole Dijkstra, so poll the clock at every one.
            budget.polls.set(255);
            if budget.spent() {
                return found;
            }
            let root = &last.nodes[..=i];
            // Links already taken out of this root by a found path must not be taken again.
            let bans = Bans::new(
                root[..i].iter().copied(),
                found
                    .iter()
                    .filter(|route| route.nodes.len() > i + 1 && route.nodes[..=i] == *root)
                    .map(|route| (route.nodes[i], route.nodes[i + 1])),
            );
            if let Some(spur) = shortest(view, root[i], end, &bans, by_hops, &mut scratch) {
                let nodes: Vec<usize> = root[..i].iter().chain(&spur.nodes).copied().collect();
                let route = Route::new(view, nodes);
                if !found.contains(&route) {
                    candidates.insert(route);
                }
            }
        }
        match candidates.pop_first() {
            Some(route) => found.push(route),
            None => break,
        }
    }
    found
}

/// Every simple path of at most `max_hops` hops, cheapest first; stops after `cap + 1`
/// paths (the caller reports the cap). Paths are enumerated by length, one length at a
/// time, so that a capped answer holds every path shorter than the longest it lists.
fn all_simple(
    view: &View,
    start: usize,
    end: usize,
    max_hops: usize,
    cap: usize,
    budget: &Budget,
) -> Vec<Route> {
    let to_end = view.distances(end, true, max_hops);
    let mut routes = Vec::new();
    for length in 1..=max_hops {
        let limit = cap + 1 - routes.len();
        let mut found = simple_of_length(view, start, end, length, &to_end, limit, budget);
        found.sort();
        routes.append(&mut found);
        if routes.len() > cap || budget.exhausted.get() {
            break;
        }
    }
    routes.sort();
    routes
}

/// Up to `limit` simple paths of exactly `length` hops, found depth-first. Every branch
/// that cannot reach `end` in the hops left is pruned, so the search walks little more
/// than the paths it finds.
fn simple_of_length(
    view: &View,
    start: usize,
    end: usize,
    length: usize,
    to_end: &FxHashMap<usize, usize>,
    limit: usize,
    budget: &Budget,
) -> Vec<Route> {
    let mut routes = Vec::new();
    let mut on_path = vec![false; view.len()];
    let mut nodes = vec![start];
    on_path[start] = true;
    // Each frame is the next link to try out of the node at that depth.
    let mut next_link = vec![0_usize];
    while let (Some(&node), Some(position)) = (nodes.last(), next_link.last_mut()) {
        if budget.spent() {
            break;
        }
        let links = view.links(node);
        let Some(link) = links.get(*position) else {
            on_path[node] = false;
            nodes.pop();
            next_link.pop();
            continue;
        };
        *position += 1;
        let hops_after = nodes.len();
        let reachable = to_end
            .get(&link.to)
            .is_some_and(|d| hops_after + d <= length);
        if on_path[link.to] || !reachable {
            continue;
        }
        if link.to == end {
            if hops_after == length {
                let mut found = nodes.clone();
                found.push(end);
                routes.push(Route::new(view, found));
                if routes.len() >= limit {
                    break;
                }
            }
            continue;
        }
        on_path[link.to] = true;
        nodes.push(link.to);
        next_link.push(0);
    }
    routes
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::query::testing::graph;

    /// [`fewest_hops_with`] with fresh arrays.
    fn fewest_hops(view: &View, start: usize, end: usize, bans: &Bans) -> Option<Route> {
        fewest_hops_with(view, start, end, bans, &mut Scratch::default())
    }
    use crate::query::Walk;

    /// The paths found, each as `cost: a-b-c`.
    fn run(spec: &str, from: &str, to: &str, options: &PathOptions) -> Vec<String> {
        let graph = graph(spec);
        let found = path(
            &graph,
            &from.parse().unwrap(),
            &to.parse().unwrap(),
            options,
        )
        .unwrap();
        found
            .paths
            .iter()
            .map(|p| {
                let mut actors = vec![p.hops[0].from.to_string()];
                actors.extend(p.hops.iter().map(|h| h.to.to_string()));
                format!("{}: {}", p.cost, actors.join("-"))
            })
            .collect()
    }

    fn check(spec: &str, from: &str, to: &str, options: &PathOptions, expected: &[&str]) {
        assert_eq!(run(spec, from, to, options), expected, "{spec}");
    }

    fn k(k: usize) -> PathOptions {
        PathOptions {
            search: Search::KShortest(k),
            ..PathOptions::default()
        }
    }

    const DIAMOND: &str = "
        a consult b
        b consult d
        a demand c
        c threaten d
        a consult d
    ";

    #[test]
    fn weights_parse_and_cost() {
        for weight in Weight::all() {
            assert_eq!(weight.as_str().parse::<Weight>().ok(), Some(weight));
        }
        let graph = graph("a fight b\nb aid c\nc comment d");
        let costs: Vec<(f64, f64, f64)> = graph
            .relations()
            .map(|r| {
                (
                    Weight::Hops.cost(r),
                    Weight::Conflict.cost(r),
                    Weight::Cooperation.cost(r),
                )
            })
            .collect();
        assert_eq!(
            costs,
            [(1.0, 1.0, 21.0), (1.0, 18.0, 4.0), (1.0, 11.0, 11.0)]
        );
    }

    #[test]
    fn shortest_by_hops() {
        check(DIAMOND, "a", "d", &PathOptions::default(), &["1: a-d"]);
        check(
            "a consult b\nb consult c\nc consult d",
            "a",
            "d",
            &PathOptions::default(),
            &["3: a-b-c-d"],
        );
    }

    #[test]
    fn conflict_and_cooperation_weights() {
        let conflict = PathOptions {
            weight: Weight::Conflict,
            ..PathOptions::default()
        };
        // Demand (−5 → 6) then threaten (−4.4 → 6.6) beat two consults (+1 → 12 each)…
        let two_ways = "a consult b\nb consult d\na demand c\nc threaten d";
        check(two_ways, "a", "d", &conflict, &["12.6: a-c-d"]);
        // …but not one consult: every hop costs at least 1.
        check(DIAMOND, "a", "d", &conflict, &["12: a-d"]);
        let cooperation = PathOptions {
            weight: Weight::Cooperation,
            ..PathOptions::default()
        };
        check(two_ways, "a", "d", &cooperation, &["20: a-b-d"]);
        check(DIAMOND, "a", "d", &cooperation, &["10: a-d"]);
    }

    #[test]
    fn k_shortest_in_order() {
        check(
            DIAMOND,
            "a",
            "d",
            &k(5),
            &["1: a-d", "2: a-b-d", "2: a-c-d"],
        );
        let conflict = PathOptions {
            weight: Weight::Conflict,
            ..k(5)
        };
        check(
            DIAMOND,
            "a",
            "d",
            &conflict,
            &["12: a-d", "12.6: a-c-d", "24: a-b-d"],
        );
    }

    #[test]
    fn parallel_relations_make_one_path_with_alternatives() {
        let spec = "a consult b\na demand b\nb aid a\nb consult c";
        check(spec, "a", "c", &k(10), &["2: a-b-c"]);
        let graph = graph(spec);
        let conflict = PathOptions {
            weight: Weight::Conflict,
            ..k(10)
        };
        let found = path(
            &graph,
            &"a".parse().unwrap(),
            &"c".parse().unwrap(),
            &conflict,
        )
        .unwrap();
        let hop = &found.paths[0].hops[0];
        assert_eq!(hop.relation.kind, crate::RelationKind::Demand);
        let also: Vec<&str> = hop.also.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(also, ["r0", "r2"]);
        // Hop 2 is walked backwards from the aid `b → a`? No: the first hop goes a → b.
        assert_eq!(hop.walk, Walk::Forward);
    }

    #[test]
    fn undirected_by_default_directed_on_request() {
        let spec = "a consult b\nc demand b";
        check(spec, "a", "c", &PathOptions::default(), &["2: a-b-c"]);
        let graph = graph(spec);
        let found = path(
            &graph,
            &"a".parse().unwrap(),
            &"c".parse().unwrap(),
            &PathOptions::default(),
        )
        .unwrap();
        assert_eq!(found.paths[0].hops[1].walk, Walk::Backward);
        let directed = PathOptions {
            traversal: Traversal {
                directed: true,
                ..Traversal::default()
            },
            ..PathOptions::default()
        };
        let found = path(
            &graph,
            &"a".parse().unwrap(),
            &"c".parse().unwrap(),
            &directed,
        )
        .unwrap();
        assert!(found.paths.is_empty());
        assert_eq!(found.no_path, Some(NoPath::AgainstDirection));
    }

    #[test]
    fn different_components_and_too_long() {
        let spec = "a consult b\nc consult d";
        let graph = graph(spec);
        let found = path(
            &graph,
            &"a".parse().unwrap(),
            &"d".parse().unwrap(),
            &PathOptions::default(),
        )
        .unwrap();
        assert_eq!(found.no_path, Some(NoPath::DifferentComponents));
        let graph = super::super::testing::graph("a consult b\nb consult c\nc consult d");
        let all = PathOptions {
            search: Search::All { max_hops: 2 },
            ..PathOptions::default()
        };
        let found = path(&graph, &"a".parse().unwrap(), &"d".parse().unwrap(), &all).unwrap();
        assert_eq!(found.no_path, Some(NoPath::TooLong));
    }

    #[test]
    fn via_about_links_subjects() {
        let spec = "a demand b about=s\nc trade s";
        check(spec, "a", "c", &PathOptions::default(), &[]);
        let about = PathOptions {
            traversal: Traversal {
                via_about: true,
                ..Traversal::default()
            },
            ..PathOptions::default()
        };
        check(spec, "a", "c", &about, &["2: a-s-c"]);
        check(spec, "b", "c", &about, &["2: b-s-c"]);
        let directed = PathOptions {
            traversal: Traversal {
                via_about: true,
                directed: true,
                ..Traversal::default()
            },
            ..PathOptions::default()
        };
        // Directed: only the actor who acts reaches the subject.
        check(
            "a demand b about=s\ns consult c",
            "a",
            "c",
            &directed,
            &["2: a-s-c"],
        );
        check("a demand b about=s\ns consult c", "b", "c", &directed, &[]);
    }

    #[test]
    fn filters_and_avoid() {
        let by_class = |class| PathOptions {
            traversal: Traversal {
                filter: crate::filter::RelationFilter {
                    classes: vec![class],
                    ..Default::default()
                },
                ..Traversal::default()
            },
            ..k(5)
        };
        check(
            DIAMOND,
            "a",
            "d",
            &by_class(crate::Class::Conflict),
            &["2: a-c-d"],
        );
        check(
            DIAMOND,
            "a",
            "d",
            &by_class(crate::Class::Cooperation),
            &["1: a-d", "2: a-b-d"],
        );
        let avoid = PathOptions {
            traversal: Traversal {
                avoid: vec!["b".parse().unwrap()],
                ..Traversal::default()
            },
            ..k(5)
        };
        check(DIAMOND, "a", "d", &avoid, &["1: a-d", "2: a-c-d"]);
        let dated = "a consult b 2019\nb consult c 2021\na member_of c 2015..2018";
        let since = |date: &str| PathOptions {
            traversal: Traversal {
                filter: crate::filter::RelationFilter {
                    since: Some(date.parse().unwrap()),
                    ..Default::default()
                },
                ..Traversal::default()
            },
            ..k(5)
        };
        check(dated, "a", "c", &since("2018-06"), &["1: a-c", "2: a-b-c"]);
        check(dated, "a", "c", &since("2019"), &["2: a-b-c"]);
        check(dated, "a", "c", &since("2020"), &[]);
    }

    #[test]
    fn dense_graphs_stop_at_the_time_budget() {
        // A complete graph on 14 actors holds about 10^9 simple paths between two of them.
        let names: Vec<String> = (0..14).map(|i| format!("n{i}")).collect();
        let mut spec = String::new();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                spec.push_str(&format!("{a} consult {b}\n"));
            }
        }
        let graph = graph(&spec);
        let (a, z) = ("n0".parse().unwrap(), "n13".parse().unwrap());
        let options = PathOptions {
            search: Search::All { max_hops: 13 },
            cap: usize::MAX / 2,
            time_budget: Some(Duration::from_millis(50)),
            ..PathOptions::default()
        };
        let found = path(&graph, &a, &z, &options).unwrap();
        assert!(found.timed_out);
        assert!(!found.paths.is_empty(), "what was found by then is kept");
        assert_eq!(found.paths[0].length, 1);
        let yen = PathOptions {
            search: Search::KShortest(usize::MAX / 4),
            ..options
        };
        assert!(path(&graph, &a, &z, &yen).unwrap().timed_out);
    }

    #[test]
    fn caps_say_they_stopped() {
        // A ladder: many paths from a to z.
        let spec = "a consult x1\na consult y1\nx1 consult x2\ny1 consult y2\nx1 consult y1\n\
                    x2 consult y2\nx2 consult z\ny2 consult z";
        let graph = graph(spec);
        let (a, z) = ("a".parse().unwrap(), "z".parse().unwrap());
        let all = PathOptions {
            search: Search::All { max_hops: 10 },
            ..PathOptions::default()
        };
        let every = path(&graph, &a, &z, &all).unwrap();
        assert!(!every.capped);
        let n = every.paths.len();
        assert_eq!(n, 8);
        let capped = path(
            &graph,
            &a,
            &z,
            &PathOptions {
                cap: 4,
                ..all.clone()
            },
        )
        .unwrap();
        assert!(capped.capped);
        assert_eq!(capped.paths.len(), 4);
        // Capped, --all still lists the shortest paths: by length, the first 4 of all 8.
        let lengths = |paths: &[Path]| paths.iter().map(|p| p.length).collect::<Vec<_>>();
        assert_eq!(lengths(&capped.paths), lengths(&every.paths[..4]));
        let exact = path(&graph, &a, &z, &PathOptions { cap: 8, ..all }).unwrap();
        assert!(!exact.capped);
        let yen = path(&graph, &a, &z, &PathOptions { cap: 3, ..k(50) }).unwrap();
        assert!(yen.capped);
        assert_eq!(yen.paths.len(), 3);
        let few = path(&graph, &a, &z, &PathOptions { cap: 3, ..k(2) }).unwrap();
        assert!(!few.capped);
    }

    #[test]
    fn yen_agrees_with_brute_force() {
        // A small dense graph with parallel relations and mixed weights.
        let kinds = [
            "consult",
            "demand",
            "aid",
            "threaten",
            "criticize",
            "endorse",
        ];
        let mut spec = String::new();
        let mut state = 7_u64;
        for _ in 0..30 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (a, b) = ((state >> 33) % 8, (state >> 40) % 8);
            if a != b {
                spec += &format!(
                    "n{a} {} n{b}\n",
                    kinds[(state >> 50) as usize % kinds.len()]
                );
            }
        }
        let graph = graph(&spec);
        for weight in [Weight::Hops, Weight::Conflict] {
            for directed in [false, true] {
                let traversal = Traversal {
                    directed,
                    ..Traversal::default()
                };
                let all = PathOptions {
                    traversal: traversal.clone(),
                    weight,
                    search: Search::All { max_hops: 10 },
                    cap: 100_000,
                    time_budget: None,
                };
                let (a, b) = ("n0".parse().unwrap(), "n7".parse().unwrap());
                let every = path(&graph, &a, &b, &all).unwrap();
                let yen = path(
                    &graph,
                    &a,
                    &b,
                    &PathOptions {
                        search: Search::KShortest(25),
                        ..all
                    },
                )
                .unwrap();
                let costs = |paths: &[Path]| paths.iter().map(|p| p.cost).collect::<Vec<_>>();
                let expected = costs(&every.paths);
                assert_eq!(
                    costs(&yen.paths),
                    expected[..expected.len().min(25)],
                    "{weight} {directed}"
                );
                let sequences: HashSet<Vec<&ActorId>> = yen
                    .paths
                    .iter()
                    .map(|p| p.hops.iter().map(|h| h.to).collect())
                    .collect();
                assert_eq!(sequences.len(), yen.paths.len(), "duplicate paths");
                for p in &yen.paths {
                    let visited: HashSet<&ActorId> = p.hops.iter().map(|h| h.to).collect();
                    assert_eq!(visited.len(), p.length, "a loop");
                    assert!(p.hops.windows(2).all(|w| w[0].to == w[1].from));
                }
            }
        }
    }

    #[test]
    fn bidirectional_search_finds_what_dijkstra_finds() {
        // Random sparse graphs, where ties between equally short routes abound: the
        // bidirectional search must pick the very route Dijkstra picks, bans included.
        let mut next = crate::query::testing::random(11);
        for round in 0..40 {
            let actors = 6 + next(20);
            let mut spec = String::new();
            for _ in 0..actors * 2 {
                let (a, b, s) = (next(actors), next(actors), next(actors));
                if a != b {
                    let about = if next(4) == 0 {
                        format!(" about=n{s}")
                    } else {
                        String::new()
                    };
                    spec += &format!("n{a} consult n{b}{about}\n");
                }
            }
            let graph = graph(&spec);
            for (directed, via_about) in
                [(false, false), (true, false), (false, true), (true, true)]
            {
                let traversal = Traversal {
                    directed,
                    via_about,
                    ..Traversal::default()
                };
                let view = View::new(&graph, &traversal, |r| Weight::Hops.milli(r));
                let n = view.len();
                for start in 0..n {
                    for end in (0..n).filter(|&end| end != start) {
                        let bans = if round % 2 == 1 {
                            random_bans(&mut next, &view, start, end)
                        } else {
                            Bans::default()
                        };
                        assert_eq!(
                            fewest_hops(&view, start, end, &bans),
                            dijkstra(&view, start, end, &bans),
                            "{spec} {start}→{end} directed {directed} about {via_about}"
                        );
                    }
                }
            }
        }
    }

    /// A random actor (never `start` or `end`) and a random link banned, as Yen's spur
    /// searches ban them.
    fn random_bans(
        next: &mut impl FnMut(u64) -> u64,
        view: &View,
        start: usize,
        end: usize,
    ) -> Bans {
        let n = view.len() as u64;
        let actor = next(n) as usize;
        let actors = [actor].into_iter().filter(|&x| x != start && x != end);
        let a = next(n) as usize;
        let links = view.links(a).first().map(|link| (a, link.to)).into_iter();
        Bans::new(actors, links)
    }

    #[test]
    fn projected_and_linked_searches_agree() {
        // Random graphs with parallel relations both ways between the same actors: searches
        // over the graph's projection find exactly what searches over built links find.
        let mut next = crate::query::testing::random(13);
        for round in 0..40 {
            let actors = 5 + next(20);
            let kinds = ["consult", "demand", "aid"];
            let spec = crate::query::testing::random_spec(&mut next, actors, actors * 3, &kinds);
            let graph = graph(&spec);
            let traversal = Traversal::default();
            let projected = View::uniform(&graph, &traversal, 1000);
            let linked = View::new(&graph, &traversal, |r| Weight::Hops.milli(r));
            let n = linked.len();
            let budget = Budget::new(None);
            for start in 0..n {
                assert_eq!(
                    projected.distances(start, false, usize::MAX),
                    linked.distances(start, false, usize::MAX),
                    "{spec} {start}"
                );
                for end in (0..n).filter(|&end| end != start) {
                    let bans = if round % 2 == 1 {
                        random_bans(&mut next, &linked, start, end)
                    } else {
                        Bans::default()
                    };
                    assert_eq!(
                        fewest_hops(&projected, start, end, &bans),
                        fewest_hops(&linked, start, end, &bans),
                        "{spec} {start}→{end}"
                    );
                    assert_eq!(
                        k_shortest(&projected, start, end, 4, true, &budget),
                        k_shortest(&linked, start, end, 4, true, &budget),
                        "{spec} {start}→{end} k"
                    );
                }
            }
        }
    }

    #[test]
    fn bad_requests_are_errors() {
        let graph = graph(DIAMOND);
        let (a, d) = ("a".parse().unwrap(), "d".parse().unwrap());
        assert!(path(&graph, &a, &a, &PathOptions::default()).is_err());
        assert!(path(&graph, &a, &d, &k(0)).is_err());
        let avoid = PathOptions {
            traversal: Traversal {
                avoid: vec![a.clone()],
                ..Traversal::default()
            },
            ..PathOptions::default()
        };
        assert!(path(&graph, &a, &d, &avoid).is_err());
        assert!(path(
            &graph,
            &a,
            &"nobody".parse().unwrap(),
            &PathOptions::default()
        )
        .is_err());
    }
}
