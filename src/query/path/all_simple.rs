//! Every simple route of at most `max_hops` hops, cheapest first.
//!
//! One breadth-first search from `end` gives each actor's distance to it; then, for each
//! length from 1 to `max_hops`, a depth-first search lists the routes of exactly that
//! length, pruning every branch that cannot reach `end` in the hops left. Time O(V + E) for
//! the distances, then about O(P · max_hops · d) for P routes listed and actors of degree
//! at most d: proportional to the answer, which grows exponentially with `max_hops` on a
//! dense graph, hence the cap and the time [`Budget`]. Listing by length means a capped
//! answer holds every route shorter than its longest.
//!
//! ```
//! use dipgraph::query::path::{path, PathOptions, Search};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let (turkey, pkk) = (graph.resolve("Turkey")?, graph.resolve("PKK")?);
//! let options = PathOptions { search: Search::All { max_hops: 2 }, ..PathOptions::default() };
//! let found = path(&graph, turkey, pkk, &options)?;
//! assert!(found.paths.iter().all(|p| p.length <= 2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rustc_hash::FxHashMap;

use super::{Budget, Route, View};

/// Every simple path of at most `max_hops` hops, cheapest first; stops after `cap + 1`
/// paths (the caller reports the cap). Paths are enumerated by length, one length at a
/// time, so that a capped answer holds every path shorter than the longest it lists.
pub(super) fn all_simple(
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
