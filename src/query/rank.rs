//! Actors ranked by centrality: degree, PageRank or betweenness.
//!
//! The measures run on a projection of the graph in compressed sparse rows: per actor (by
//! node index, dense because the graph never removes one), the actors it links to, each
//! weighted by how many relations the link carries. Undirected by default: a relation links
//! both ways, and the graph's own projection (built once per graph) serves.
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

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use strum::{EnumIter, IntoEnumIterator, IntoStaticStr};

use super::{Traversal, View};
use crate::error::{InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{vocabulary, ActorId};

/// A centrality measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, EnumIter, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Centrality {
    /// The number of relations the actor takes part in (directed: that it initiates), each
    /// counted as the events it stands for (`counts.events`, 1 for hand-made data).
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
    // The default traversal's links are the graph's projection, built once per graph.
    let projected = options.traversal == Traversal::default();
    let out = if projected {
        Rows::projected(graph)
    } else {
        Rows::of(&view)
    };
    let scores = match options.by {
        Centrality::Degree => out.weights(),
        Centrality::PageRank if projected => {
            // Undirected: the links into an actor are its links out.
            page_rank(&out, &out.weights(), 0.85)
        }
        Centrality::PageRank => page_rank(&out.transposed(), &out.weights(), 0.85),
        Centrality::Betweenness => betweenness(&out),
    };
    let mut actors: Vec<Ranked> = scores
        .iter()
        .enumerate()
        .map(|(actor, &score)| Ranked {
            actor: view.id(actor),
            score,
        })
        .filter(|ranked| !options.traversal.avoid.contains(ranked.actor))
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

/// The links of a view as compressed sparse rows: per actor (by index), the actors it links
/// to in increasing order, each with the number of relations on the link.
struct Rows<'a> {
    /// Where each actor's row starts in `actors`, and one past the last row.
    offsets: Cow<'a, [usize]>,
    /// The linked actors.
    actors: Cow<'a, [u32]>,
    /// The relations on each link, parallel to `actors`.
    counts: Cow<'a, [u32]>,
}

impl<'a> Rows<'a> {
    /// The graph's projection, borrowed; its counts weighted by events when some relation
    /// stands for several.
    fn projected(graph: &'a Graph) -> Self {
        let projection = graph.projection();
        let (offsets, actors, counts) = projection.rows();
        let counts = if graph.has_merged_events() {
            Cow::Owned(projection.weighted_counts(|edge| graph.events_at(edge)))
        } else {
            Cow::Borrowed(counts)
        };
        Self {
            offsets: Cow::Borrowed(offsets),
            actors: Cow::Borrowed(actors),
            counts,
        }
    }

    /// Every actor's links in the view.
    fn of(view: &View) -> Self {
        let mut offsets = Vec::with_capacity(view.len() + 1);
        offsets.push(0);
        let (mut actors, mut counts) = (Vec::new(), Vec::new());
        for actor in 0..view.len() {
            for link in view.links(actor).iter() {
                actors.push(link.to as u32);
                let events = link.steps.iter().map(|step| step.relation.events());
                counts.push(events.fold(0, u32::saturating_add));
            }
            offsets.push(actors.len());
        }
        Self {
            offsets: Cow::Owned(offsets),
            actors: Cow::Owned(actors),
            counts: Cow::Owned(counts),
        }
    }

    /// The number of actors.
    fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// The actors `actor` links to and the relations on each link.
    fn row(&self, actor: usize) -> (&[u32], &[u32]) {
        let range = match (self.offsets.get(actor), self.offsets.get(actor + 1)) {
            (Some(&start), Some(&end)) => start..end,
            _ => 0..0,
        };
        (
            self.actors.get(range.clone()).unwrap_or(&[]),
            self.counts.get(range).unwrap_or(&[]),
        )
    }

    /// Each actor's relations over all its links. Summed as integers: a float sum of
    /// nothing is −0.
    fn weights(&self) -> Vec<f64> {
        (0..self.len())
            .map(|actor| self.row(actor).1.iter().map(|&w| u64::from(w)).sum::<u64>() as f64)
            .collect()
    }

    /// The same links turned around: each actor's row lists who links to it.
    fn transposed(&self) -> Rows<'static> {
        let n = self.len();
        let mut offsets = vec![0; n + 1];
        for &to in self.actors.iter() {
            if let Some(offset) = offsets.get_mut(to as usize + 1) {
                *offset += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let (mut actors, mut counts) = (vec![0; self.actors.len()], vec![0; self.actors.len()]);
        // Rows are walked in order, so each turned-around row comes out sorted.
        for from in 0..n {
            let (tos, weights) = self.row(from);
            for (&to, &weight) in tos.iter().zip(weights) {
                if let Some(at) = next.get_mut(to as usize) {
                    actors[*at] = from as u32;
                    counts[*at] = weight;
                    *at += 1;
                }
            }
        }
        Rows {
            offsets: Cow::Owned(offsets),
            actors: Cow::Owned(actors),
            counts: Cow::Owned(counts),
        }
    }
}

/// PageRank by power iteration, as NetworkX computes it: links weighted by their relations,
/// dangling actors spreading their rank evenly, until the scores move by less than 1e-13 in
/// total. `into` lists for each actor who links to it; `out_weight` is each actor's total
/// weight out.
///
/// petgraph's `page_rank` is not used: it adds the random jump only between actors that are
/// not linked and counts parallel edges once for the score but in full for the degree, so
/// its scores differ from the standard definition.
///
/// Each actor pulls from those linking to it rather than pushing to those it links to: one
/// write per actor instead of per link, and nothing is allocated per iteration.
fn page_rank(into: &Rows, out_weight: &[f64], damping: f64) -> Vec<f64> {
    let n = into.len();
    if n == 0 {
        return Vec::new();
    }
    let uniform = 1.0 / n as f64;
    // What an actor passes along each unit of weight, per unit of its rank.
    let scale: Vec<f64> = out_weight
        .iter()
        .map(|&w| if w == 0.0 { 0.0 } else { damping / w })
        .collect();
    // Any start converges to the same scores (each iteration shrinks the distance to them
    // by at least the damping). Rank in proportion to weight is what a random walk on an
    // undirected graph settles to, and close to PageRank: it saves a few iterations.
    let total: f64 = out_weight.iter().sum();
    let mut rank: Vec<f64> = if total > 0.0 {
        let jump = (1.0 - damping) * uniform;
        out_weight
            .iter()
            .map(|&w| jump + damping * w / total)
            .collect()
    } else {
        vec![uniform; n]
    };
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    for _ in 0..10_000 {
        let mut dangling = 0.0;
        for (((share, &rank), &scale), &weight) in
            share.iter_mut().zip(&rank).zip(&scale).zip(out_weight)
        {
            *share = rank * scale;
            if weight == 0.0 {
                dangling += rank;
            }
        }
        let base = (1.0 - damping) * uniform + damping * dangling * uniform;
        let change = pull(into, base, &share, &rank, &mut next);
        std::mem::swap(&mut rank, &mut next);
        if change < 1e-13 {
            break;
        }
    }
    rank
}

/// One iteration of PageRank: each actor gets `base` plus what it pulls from those
/// linking to it. Returns how far the ranks moved in total.
fn pull(into: &Rows, base: f64, share: &[f64], rank: &[f64], next: &mut [f64]) -> f64 {
    let mut change = 0.0;
    for (actor, (next, &rank)) in next.iter_mut().zip(rank).enumerate() {
        let (from, weights) = into.row(actor);
        *next = base + pulled(from, weights, share);
        change += (*next - rank).abs();
    }
    change
}

/// The rank `actors` pass along links of `weights`, each `share` per unit of weight.
///
/// Four running sums rather than one: a hub's row is thousands long, and one sum waits on
/// the previous addition at every link.
fn pulled(actors: &[u32], weights: &[u32], share: &[f64]) -> f64 {
    let term = |actor: u32, weight: u32| {
        share.get(actor as usize).copied().unwrap_or(0.0) * f64::from(weight)
    };
    let (actors4, weights4) = (actors.chunks_exact(4), weights.chunks_exact(4));
    let mut tail = 0.0;
    for (&actor, &weight) in actors4.remainder().iter().zip(weights4.remainder()) {
        tail += term(actor, weight);
    }
    let mut sums = [0.0; 4];
    for (actors, weights) in actors4.zip(weights4) {
        for ((sum, &actor), &weight) in sums.iter_mut().zip(actors).zip(weights) {
            *sum += term(actor, weight);
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

/// Brandes' betweenness on hop counts, normalized by `(n − 1)(n − 2)`. For an undirected
/// projection (both directions present) each pair is counted once per direction, which the
/// normalization expects (NetworkX halves unnormalized scores only).
fn betweenness(rows: &Rows) -> Vec<f64> {
    let n = rows.len();
    let mut centrality = vec![0.0; n];
    let mut order = Vec::with_capacity(n);
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut paths = vec![0.0_f64; n];
    let mut distance: Vec<Option<usize>> = vec![None; n];
    let mut dependency = vec![0.0; n];
    for s in 0..n {
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
            // Last neighbor first: floating-point sums depend on the order of their terms,
            // and this is the order betweenness has always summed in (`performance.md`).
            for w in rows.row(v).0.iter().rev().map(|&w| w as usize) {
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
    use crate::testing::graph;

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
