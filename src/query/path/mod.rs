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
//!
//! [`path`] checks the request, builds the traversal view and runs one search, each in a
//! file of its own: `dijkstra.rs` (cheapest path by weight), `bidirectional.rs` (fewest
//! hops, from both ends), `yen.rs` (the k cheapest, by spur searches of one of those two)
//! and `all_simple.rs` (every path up to a length). This file holds the options, the
//! results, the route every search returns, the bans Yen imposes and the time budget.

mod all_simple;
mod bidirectional;
mod dijkstra;
#[cfg(test)]
mod tests;
mod yen;

use std::cell::Cell;
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use self::all_simple::all_simple;
use self::bidirectional::{fewest_hops_with, Scratch};
use self::dijkstra::dijkstra;
use self::yen::k_shortest;
use super::{check_actors, invalid, Hop, Traversal, View};
use crate::error::{InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{vocabulary, ActorId, Relation};

/// What a path costs: its hops, or how little conflict (cooperation) it carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, EnumIter, IntoStaticStr)]
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
    validate(graph, from, to, options)?;
    let weight = options.weight;
    // By hops every relation costs the same, so the searches may walk the projection.
    let view = if weight == Weight::Hops {
        View::uniform(graph, &options.traversal, 1000)
    } else {
        View::new(graph, &options.traversal, move |r| weight.milli(r))
    };
    let (start, end) = (view.index_of(from)?, view.index_of(to)?);
    let budget = Budget::new(options.time_budget);
    let mut routes = search(&view, start, end, options, &budget);
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

/// Refuses a request no search can answer: unknown or avoided ends, one actor twice, a
/// count of 0.
fn validate(graph: &Graph, from: &ActorId, to: &ActorId, options: &PathOptions) -> Result<()> {
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
    Ok(())
}

/// The routes the chosen search finds, cheapest first; one more than the cap when there
/// are more, so that the caller can say it stopped there.
fn search(
    view: &View,
    start: usize,
    end: usize,
    options: &PathOptions,
    budget: &Budget,
) -> Vec<Route> {
    let by_hops = options.weight == Weight::Hops;
    match options.search {
        Search::Shortest => shortest(
            view,
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
            k_shortest(view, start, end, k, by_hops, budget)
        }
        Search::All { max_hops } => all_simple(view, start, end, max_hops, options.cap, budget),
    }
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
