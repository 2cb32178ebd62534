//! The query projection: who is adjacent to whom, through which relations, in compressed
//! sparse rows; built from the graph's adjacency lists on first use.

use petgraph::stable_graph::EdgeIndex;

use super::IncidentEdge;

/// The graph as the default traversal sees it when every relation costs the same: for each
/// actor (by node index), the other actors it shares a relation with, either way, each once
/// and in increasing order, in one contiguous array (compressed sparse rows), and beside
/// each the number of relations between the two (either way; self-loops are no link) and
/// the relations themselves.
///
/// A breadth-first search over this reads 4 bytes per neighbor instead of building the
/// actor's links (a step per relation, grouped by neighbor): at a million relations a hub
/// has a hundred thousand relations but a few thousand neighbors (docs/performance.md).
/// Naming a hop, or a dyad, finds the relations between two actors by a binary search in
/// one's row, not by reading the relations of one of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Projection {
    /// Where each actor's neighbors start in `neighbors`, and one past the last actor's.
    offsets: Vec<usize>,
    /// Neighbors as node indexes: petgraph's are `u32` already, so nothing is lost.
    neighbors: Vec<u32>,
    /// The number of relations linking each actor to each neighbor, parallel to
    /// `neighbors`: the steps of `link_starts`, kept apart as the contiguous `u32`s that
    /// the rank's rows borrow.
    counts: Vec<u32>,
    /// Where the relations of each link start in `edges`, parallel to `neighbors`, and
    /// one past the last link's.
    link_starts: Vec<usize>,
    /// How many of each link's relations go from the actor to the neighbor, parallel to
    /// `neighbors`: those come first in `edges`.
    forward: Vec<u32>,
    /// The relations of each link, link after link: for the link from `a` to `b`, those
    /// from `a` to `b` and then those from `b` to `a`, each way in the order added.
    edges: Vec<EdgeIndex>,
}

impl Projection {
    /// Built on two threads, each the rows of half the actors (by their relations), then
    /// put end to end: at ten million relations this is ~5% of loading a snapshot.
    pub(super) fn new(outgoing: &[Vec<IncidentEdge>], incoming: &[Vec<IncidentEdge>]) -> Self {
        let actors = outgoing.len().min(incoming.len());
        let degree = |actor: usize| {
            outgoing.get(actor).map_or(0, Vec::len) + incoming.get(actor).map_or(0, Vec::len)
        };
        let total: usize = (0..actors).map(degree).sum();
        let mut mid = 0;
        let mut first_half = 0;
        while mid < actors && first_half * 2 < total {
            first_half += degree(mid);
            mid += 1;
        }
        let (mut first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| Self::part(outgoing, incoming, mid..actors));
            let first = Self::part(outgoing, incoming, 0..mid);
            let second = second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
        first.append(second);
        first
    }

    /// Puts the rows of `other`, of the actors after this one's, after this one's.
    fn append(&mut self, other: Self) {
        let (neighbors, edges) = (self.neighbors.len(), self.edges.len());
        // Each part ends with one past its last row and link; the other part's first are those.
        self.offsets.pop();
        self.link_starts.pop();
        self.offsets
            .extend(other.offsets.iter().map(|offset| offset + neighbors));
        self.link_starts
            .extend(other.link_starts.iter().map(|start| start + edges));
        self.neighbors.extend(other.neighbors);
        self.counts.extend(other.counts);
        self.forward.extend(other.forward);
        self.edges.extend(other.edges);
    }

    /// The rows of the actors in `actors`, as if they were all there is: offsets and link
    /// starts from 0.
    fn part(
        outgoing: &[Vec<IncidentEdge>],
        incoming: &[Vec<IncidentEdge>],
        actors: std::ops::Range<usize>,
    ) -> Self {
        let mut offsets = Vec::with_capacity(actors.len() + 1);
        offsets.push(0);
        let (mut neighbors, mut counts) = (Vec::new(), Vec::new());
        let (mut link_starts, mut forward, mut edges) = (Vec::new(), Vec::new(), Vec::new());
        // The relations the current actor has with each other actor so far, back to 0 once
        // the actor is done: a neighbor is listed when its count leaves 0, so parallel
        // relations (most of a hub's) are dropped before sorting rather than after.
        let mut count_of = vec![0_u32; outgoing.len()];
        // How many of those go from the current actor to each, also back to 0 once done.
        let mut forward_of = vec![0_u32; outgoing.len()];
        // Where the current actor's next relation with each neighbor goes in `edges`.
        let mut next_of = vec![0_usize; outgoing.len()];
        let rows = outgoing.iter().zip(incoming).enumerate();
        for (actor, (out, into)) in rows.skip(actors.start).take(actors.len()) {
            let start = neighbors.len();
            // The actor's relations with others, outgoing first, each with whether it is.
            let others = || {
                let out = out.iter().map(|adjacent| (adjacent, true));
                out.chain(into.iter().map(|adjacent| (adjacent, false)))
                    .filter(move |(adjacent, _)| adjacent.other.index() != actor)
            };
            for (adjacent, outgoing) in others() {
                let other = adjacent.other.index();
                if let (Some(count), Some(forward)) =
                    (count_of.get_mut(other), forward_of.get_mut(other))
                {
                    if *count == 0 {
                        neighbors.push(other as u32);
                    }
                    *count += 1;
                    *forward += u32::from(outgoing);
                }
            }
            if let Some(list) = neighbors.get_mut(start..) {
                list.sort_unstable();
                for &other in &*list {
                    let other = other as usize;
                    if let (Some(count), Some(next), Some(ahead)) = (
                        count_of.get_mut(other),
                        next_of.get_mut(other),
                        forward_of.get_mut(other),
                    ) {
                        link_starts.push(edges.len());
                        forward.push(std::mem::take(ahead));
                        *next = edges.len();
                        edges.resize(edges.len() + *count as usize, EdgeIndex::end());
                        counts.push(std::mem::take(count));
                    }
                }
            }
            // Outgoing relations first, so that each link lists its `from` side first.
            for (adjacent, _) in others() {
                if let Some(next) = next_of.get_mut(adjacent.other.index()) {
                    if let Some(slot) = edges.get_mut(*next) {
                        *slot = adjacent.edge;
                    }
                    *next += 1;
                }
            }
            offsets.push(neighbors.len());
        }
        link_starts.push(edges.len());
        neighbors.shrink_to_fit();
        counts.shrink_to_fit();
        link_starts.shrink_to_fit();
        forward.shrink_to_fit();
        Self {
            offsets,
            neighbors,
            counts,
            link_starts,
            forward,
            edges,
        }
    }

    /// The relations from `a` to `b`, in the order added; none when they are not adjacent.
    pub(crate) fn link_from(&self, a: usize, b: usize) -> &[EdgeIndex] {
        let (Some(&row), Ok(b)) = (self.offsets.get(a), u32::try_from(b)) else {
            return &[];
        };
        let Ok(at) = self.neighbors(a).binary_search(&b) else {
            return &[];
        };
        let link = row + at;
        match (self.link_starts.get(link), self.forward.get(link)) {
            (Some(&start), Some(&forward)) => {
                let end = start + forward as usize;
                self.edges.get(start..end).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// How many neighbors all actors have together (each link counted from both ends).
    pub(crate) fn total_neighbors(&self) -> usize {
        self.neighbors.len()
    }

    /// The actors adjacent to `actor`, in increasing order.
    pub(crate) fn neighbors(&self, actor: usize) -> &[u32] {
        match (self.offsets.get(actor), self.offsets.get(actor + 1)) {
            (Some(&start), Some(&end)) => self.neighbors.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether `a` and `b` are adjacent.
    pub(crate) fn adjacent(&self, a: usize, b: usize) -> bool {
        u32::try_from(b).is_ok_and(|b| self.neighbors(a).binary_search(&b).is_ok())
    }

    /// Every actor's neighbors as compressed sparse rows: where each actor's row starts
    /// (and one past the last), the neighbors, and the relations linking each.
    pub(crate) fn rows(&self) -> (&[usize], &[u32], &[u32]) {
        (&self.offsets, &self.neighbors, &self.counts)
    }

    /// For each link of [`Projection::rows`], its relations weighted by `weight`.
    pub(crate) fn weighted_counts(&self, weight: impl Fn(EdgeIndex) -> u32) -> Vec<u32> {
        self.link_starts
            .windows(2)
            .map(|link| {
                let edges = self.edges.get(link[0]..link[1]).unwrap_or(&[]);
                edges
                    .iter()
                    .map(|&edge| weight(edge))
                    .fold(0, u32::saturating_add)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::graph;

    #[test]
    fn projection_lists_each_neighbor_once_and_follows_changes() {
        // Actors are numbered as they first appear: a 0, b 1, c 2, d 3.
        let mut graph = graph("a consult b\nb demand a\nc aid a\na consult d\na demand b");
        let neighbors = |graph: &crate::Graph, actor| graph.projection().neighbors(actor).to_vec();
        assert_eq!(neighbors(&graph, 0), [1, 2, 3]);
        // a–b carries three relations, two one way and one the other.
        let (offsets, _, counts) = graph.projection().rows();
        assert_eq!(offsets, [0, 3, 4, 5, 6]);
        assert_eq!(counts, [3, 1, 1, 3, 1, 1]);
        assert_eq!(neighbors(&graph, 1), [0]);
        assert_eq!(neighbors(&graph, 3), [0]);
        assert!(graph.projection().adjacent(2, 0));
        assert!(!graph.projection().adjacent(2, 1));
        let mut extra = crate::testing::graph("d consult b")
            .relations()
            .next()
            .unwrap()
            .clone();
        extra.id = "r9".parse().unwrap();
        graph.add_relation(extra).unwrap();
        assert_eq!(neighbors(&graph, 1), [0, 3]);
        assert_eq!(neighbors(&graph, 3), [0, 1]);
    }

    /// Built in two parts on two threads, the projection is the one built in one go, for
    /// any place of the cut (random graphs: the cut falls by relations, so anywhere).
    #[test]
    fn built_in_two_parts_it_is_built_whole() {
        let mut next = crate::testing::random(5);
        for _ in 0..30 {
            let actors = 2 + next(10);
            let kinds = ["consult", "demand"];
            let spec = crate::testing::random_spec(&mut next, actors, actors * 3, &kinds);
            let graph = graph(&spec);
            let (outgoing, incoming) = (&graph.outgoing, &graph.incoming);
            let whole = super::Projection::part(outgoing, incoming, 0..outgoing.len());
            assert_eq!(super::Projection::new(outgoing, incoming), whole, "{spec}");
            for cut in 0..=outgoing.len() {
                let mut parts = super::Projection::part(outgoing, incoming, 0..cut);
                parts.append(super::Projection::part(
                    outgoing,
                    incoming,
                    cut..outgoing.len(),
                ));
                assert_eq!(parts, whole, "cut at {cut}: {spec}");
            }
        }
    }
}
