//! Dijkstra's algorithm: the cheapest route between two actors when links cost differently
//! (by conflict or cooperation).
//!
//! A best-first search from `start` with a binary heap, keyed by (cost, hops, actor), so
//! that of two routes of equal cost the one with fewer hops wins, then the one through
//! lower-numbered actors; it stops when `end` is settled. Time O((V + E) log V) and space
//! O(V) for the V actors and E links it reaches.
//!
//! ```
//! use dipgraph::query::path::{path, PathOptions, Weight};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let (turkey, pkk) = (graph.resolve("Turkey")?, graph.resolve("PKK")?);
//! let options = PathOptions { weight: Weight::Conflict, ..PathOptions::default() };
//! let found = path(&graph, turkey, pkk, &options)?;
//! assert_eq!(found.paths.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

use super::{Bans, Route, View};

/// Dijkstra from `start` to `end`; ties go to fewer hops.
pub(super) fn dijkstra(view: &View, start: usize, end: usize, bans: &Bans) -> Option<Route> {
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
