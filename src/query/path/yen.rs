//! Yen's algorithm: the k cheapest loopless routes, cheapest first.
//!
//! After the cheapest route, each next one is the cheapest candidate found by a spur
//! search from every actor of the last route found, with that route's earlier actors and
//! the links already taken out of the same root banned ([`Bans`]). Each spur search is one
//! [`dijkstra`](super::dijkstra) by weight, or one [`bidirectional`](super::bidirectional)
//! search by hops: time O(k · L · (V + E) log V) by weight and O(k · L · (V + E)) by hops,
//! for routes of at most L hops; the candidates take O(k · L) routes of space. Every spur
//! search polls the time [`Budget`].
//!
//! ```
//! use dipgraph::query::path::{path, PathOptions, Search};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let (turkey, pkk) = (graph.resolve("Turkey")?, graph.resolve("PKK")?);
//! let options = PathOptions { search: Search::KShortest(3), ..PathOptions::default() };
//! let lengths: Vec<usize> =
//!     path(&graph, turkey, pkk, &options)?.paths.iter().map(|p| p.length).collect();
//! assert_eq!(lengths, [1, 2, 3]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;

use super::{shortest, Bans, Budget, Route, Scratch, View};

/// Yen's k shortest loopless paths, cheapest first.
pub(super) fn k_shortest(
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
