//! Actors ranked by centrality: degree, PageRank or betweenness.
//!
//! The measures run on a projection of the graph: actors numbered densely (a
//! `petgraph::Graph`, not the `StableGraph` with its holes), one edge per linked pair in
//! each direction it is walked, weighted by how many relations it carries. Undirected by
//! default: a relation links both ways.
//!
//! ```
//! use dipgraph::query::rank::{rank, Centrality, RankOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let options = RankOptions { by: Centrality::Betweenness, ..RankOptions::default() };
//! let ranked = rank(&graph, &options)?;
//! assert_eq!(ranked.actors[0].actor.as_str(), "turkey");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use super::{Traversal, View};
use crate::error::{InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{vocabulary, ActorId};

/// A centrality measure.
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
pub enum Centrality {
    /// The number of relations the actor takes part in (directed: that it initiates).
    #[default]
    Degree,
    /// PageRank with damping 0.85, the random surfer following relations in proportion to
    /// their number and jumping anywhere from an actor with none; as NetworkX's `pagerank`.
    #[serde(rename = "pagerank")]
    #[strum(serialize = "pagerank")]
    PageRank,
    /// The share of shortest paths between other actors that pass through the actor
    /// (Brandes), counting hops with parallel relations collapsed, normalized by
    /// `(n − 1)(n − 2)` as NetworkX's `betweenness_centrality`.
    Betweenness,
}

vocabulary!(Centrality, "centrality");

/// Options for [`rank`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RankOptions {
    /// The measure.
    pub by: Centrality,
    /// Which relations count and how they are walked.
    pub traversal: Traversal,
}

/// One actor's score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked<'g> {
    /// The actor.
    pub actor: &'g ActorId,
    /// Its score under the measure.
    pub score: f64,
}

/// What [`rank`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankResult<'g> {
    /// The measure.
    pub by: Centrality,
    /// Every actor (avoided ones excepted), highest score first, ties by id.
    pub actors: Vec<Ranked<'g>>,
}

/// Ranks every actor by `options.by`.
///
/// # Errors
/// When an actor to avoid is unknown.
pub fn rank<'g>(graph: &'g Graph, options: &RankOptions) -> Result<RankResult<'g>> {
    super::check_actors(graph, &options.traversal.avoid)?;
    let view = View::new(graph, &options.traversal, |_| 0);
    let projection = project(&view);
    let scores = match options.by {
        Centrality::Degree => projection
            .node_indices()
            .map(|n| projection.edges(n).map(|e| *e.weight()).sum::<usize>() as f64)
            .collect(),
        Centrality::PageRank => page_rank(&projection, 0.85),
        Centrality::Betweenness => betweenness(&projection),
    };
    let mut actors: Vec<Ranked> = projection
        .node_indices()
        .filter(|n| !options.traversal.avoid.contains(view.id(projection[*n])))
        .map(|n| Ranked {
            actor: view.id(projection[n]),
            score: scores[n.index()],
        })
        .collect();
    actors.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.actor.cmp(y.actor))
    });
    Ok(RankResult {
        by: options.by,
        actors,
    })
}

/// The view as a dense petgraph graph: node weight = the view's index, edge weight = the
/// number of relations on the link.
fn project(view: &View) -> DiGraph<usize, usize> {
    let mut graph = DiGraph::with_capacity(view.len(), 0);
    let nodes: Vec<NodeIndex> = (0..view.len()).map(|i| graph.add_node(i)).collect();
    for a in 0..view.len() {
        for link in view.links(a).iter() {
            graph.add_edge(nodes[a], nodes[link.to], link.steps.len());
        }
    }
    graph
}

/// PageRank by power iteration, as NetworkX computes it: edges weighted, dangling actors
/// spreading their rank evenly, until the scores move by less than 1e-13 in total.
///
/// petgraph's `page_rank` is not used: it adds the random jump only between actors that are
/// not linked and counts parallel edges once for the score but in full for the degree, so
/// its scores differ from the standard definition.
pub(crate) fn page_rank(graph: &DiGraph<usize, usize>, damping: f64) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let uniform = 1.0 / n as f64;
    let out_weight: Vec<f64> = graph
        .node_indices()
        .map(|v| graph.edges(v).map(|e| *e.weight() as f64).sum())
        .collect();
    let mut rank = vec![uniform; n];
    for _ in 0..10_000 {
        let dangling: f64 = (0..n)
            .filter(|&v| out_weight[v] == 0.0)
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - damping) * uniform + damping * dangling * uniform;
        let mut next = vec![base; n];
        for edge in graph.edge_references() {
            let (from, to) = (edge.source().index(), edge.target().index());
            next[to] += damping * rank[from] * *edge.weight() as f64 / out_weight[from];
        }
        let change: f64 = next.iter().zip(&rank).map(|(x, y)| (x - y).abs()).sum();
        rank = next;
        if change < 1e-13 {
            break;
        }
    }
    rank
}

/// Brandes' betweenness on hop counts, normalized by `(n − 1)(n − 2)`. For an undirected
/// projection (both directions present) each pair is counted once per direction, which the
/// normalization expects (NetworkX halves unnormalized scores only).
pub(crate) fn betweenness(graph: &DiGraph<usize, usize>) -> Vec<f64> {
    let n = graph.node_count();
    let mut centrality = vec![0.0; n];
    let mut order = Vec::with_capacity(n);
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut paths = vec![0.0_f64; n];
    let mut distance: Vec<Option<usize>> = vec![None; n];
    let mut dependency = vec![0.0; n];
    for source in graph.node_indices() {
        let s = source.index();
        order.clear();
        predecessors.iter_mut().for_each(Vec::clear);
        paths.fill(0.0);
        distance.fill(None);
        dependency.fill(0.0);
        paths[s] = 1.0;
        distance[s] = Some(0);
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            let next = distance[v].map_or(0, |d| d + 1);
            for w in graph.neighbors(NodeIndex::new(v)).map(|w| w.index()) {
                if distance[w].is_none() {
                    distance[w] = Some(next);
                    queue.push_back(w);
                }
                if distance[w] == Some(next) {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        for &w in order.iter().rev() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != s {
                centrality[w] += dependency[w];
            }
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        centrality.iter_mut().for_each(|c| *c *= scale);
    }
    centrality
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::graph;

    /// The ranking as `actor=score` with scores to 4 decimals.
    fn check(spec: &str, by: Centrality, directed: bool, expected: &[&str]) {
        let graph = graph(spec);
        let options = RankOptions {
            by,
            traversal: Traversal {
                directed,
                ..Traversal::default()
            },
        };
        let found = rank(&graph, &options).unwrap();
        let got: Vec<String> = found
            .actors
            .iter()
            .map(|r| format!("{}={:.4}", r.actor, r.score))
            .collect();
        assert_eq!(got, expected, "{spec}");
    }

    const PATH: &str = "a consult b\nb consult c\nc consult d";

    #[test]
    fn names_parse_and_print_alike() {
        for by in Centrality::all() {
            assert_eq!(by.as_str().parse::<Centrality>().ok(), Some(by));
            assert_eq!(serde_json::to_string(&by).unwrap(), format!("\"{by}\""));
        }
        assert_eq!(Centrality::PageRank.as_str(), "pagerank");
        let err = "closeness".parse::<Centrality>().unwrap_err().to_string();
        assert!(
            err.contains("expected one of: degree, pagerank, betweenness"),
            "{err}"
        );
    }

    #[test]
    fn degree_counts_relations() {
        check(
            "a consult b\na demand b\nb aid c",
            Centrality::Degree,
            false,
            &["b=3.0000", "a=2.0000", "c=1.0000"],
        );
        check(
            "a consult b\na demand b\nb aid c",
            Centrality::Degree,
            true,
            &["a=2.0000", "b=1.0000", "c=0.0000"],
        );
    }

    #[test]
    fn betweenness_by_hand() {
        // Path a-b-c-d: b lies on a–c and a–d (2 of 3 pairs without it), normalized by
        // (n−1)(n−2)/2 = 3.
        check(
            PATH,
            Centrality::Betweenness,
            false,
            &["b=0.6667", "c=0.6667", "a=0.0000", "d=0.0000"],
        );
        // Directed, b is on a→c and a→d out of (n−1)(n−2) = 6 ordered pairs.
        check(
            PATH,
            Centrality::Betweenness,
            true,
            &["b=0.3333", "c=0.3333", "a=0.0000", "d=0.0000"],
        );
        // A square a-b-c-d-a: each pair of opposite corners has two paths, so every corner
        // carries half of one pair: 0.5 / 3.
        check(
            "a consult b\nb consult c\nc consult d\nd consult a",
            Centrality::Betweenness,
            false,
            &["a=0.1667", "b=0.1667", "c=0.1667", "d=0.1667"],
        );
        // Parallel relations do not count twice.
        check(
            "a consult b\na demand b\nb consult c\nc consult d",
            Centrality::Betweenness,
            false,
            &["b=0.6667", "c=0.6667", "a=0.0000", "d=0.0000"],
        );
    }

    #[test]
    fn page_rank_by_hand() {
        // Two actors linked both ways: symmetry gives 1/2 each.
        check(
            "a consult b",
            Centrality::PageRank,
            false,
            &["a=0.5000", "b=0.5000"],
        );
        // a → b directed, b dangling. With d = 0.85, x_a = 0.15/2 + 0.85·x_b/2 and
        // x_b = x_a + x_a·0.85·… ; solving: x_a = 0.15/2 + 0.425·x_b, x_b = 1 − x_a gives
        // x_a = (0.075 + 0.425)/1.425 = 0.350877, x_b = 0.649123.
        check(
            "a consult b",
            Centrality::PageRank,
            true,
            &["b=0.6491", "a=0.3509"],
        );
        // A star centre with three leaves (undirected): centre x = 0.15/4 + 0.85·3·(y/1),
        // leaf y = 0.15/4 + 0.85·x/3, so x = (0.0375 + 2.55·0.0375)/(1 − 0.7225) = 0.479730.
        check(
            "c consult x\nc consult y\nc consult z",
            Centrality::PageRank,
            false,
            &["c=0.4797", "x=0.1734", "y=0.1734", "z=0.1734"],
        );
    }

    #[test]
    fn page_rank_ignores_holes_in_the_stable_graph() {
        // Actors that no relation passes the filter for still count (as dangling actors).
        let graph = graph("a consult b\nb demand c");
        let options = RankOptions {
            by: Centrality::PageRank,
            traversal: Traversal {
                filter: crate::filter::RelationFilter {
                    classes: vec![crate::Class::Cooperation],
                    ..Default::default()
                },
                ..Traversal::default()
            },
        };
        let found = rank(&graph, &options).unwrap();
        let total: f64 = found.actors.iter().map(|r| r.score).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(found.actors.last().map(|r| r.actor.as_str()), Some("c"));
    }
}
