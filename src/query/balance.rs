//! Structural balance: sign each dyad by the net Goldstein weight of its relations
//! (cooperation +, conflict −) and find the triads that do not balance, where the friend of
//! a friend is an enemy, or all three are at odds.
//!
//! ```
//! use dipgraph::query::balance::{balance, BalanceOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let found = balance(&graph, &BalanceOptions::default())?;
//! let pkk = graph.resolve("PKK")?;
//! assert!(found.unbalanced.iter().any(|triad| triad.actors.contains(&pkk)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use petgraph::graph::NodeIndex;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::dyad::round;
use crate::error::Result;
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{ActorId, Relation};

/// Options for [`balance`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BalanceOptions {
    /// Which relations count towards the signs.
    pub filter: RelationFilter,
    /// Only triads with this actor.
    pub actor: Option<ActorId>,
    /// Also list the open triads: two signed ties whose third side has no relation at all.
    pub open: bool,
    /// List only this many unbalanced triads, the most strongly signed, and as many open
    /// ones; all are still counted. `None` lists them all: at 1M relations that can be
    /// millions, each with the relations of its three ties.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The sign of a tie.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// The net weight is positive: friends.
    Positive,
    /// The net weight is negative: enemies.
    Negative,
}

impl Sign {
    /// `+` or `−`.
    pub fn symbol(self) -> char {
        match self {
            Self::Positive => '+',
            Self::Negative => '−',
        }
    }
}

/// A signed tie between two actors and the relations behind its sign.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tie<'g> {
    /// One actor.
    pub a: &'g ActorId,
    /// The other.
    pub b: &'g ActorId,
    /// The sign of `net`.
    pub sign: Sign,
    /// The sum of the Goldstein weights of the relations between them.
    pub net: f64,
    /// The relations between them, the ones that agree with the sign first, each group
    /// strongest first.
    pub relations: Vec<&'g Relation>,
}

/// Why a triad does not balance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Imbalance {
    /// Two ties positive, one negative: the friend of my friend is my enemy.
    FriendOfFriendIsEnemy,
    /// All three ties negative: no two side together against the third.
    AllAtOdds,
}

/// Three actors, each pair signed, whose signs multiply to −.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Triad<'g> {
    /// The actors; with a [`Imbalance::FriendOfFriendIsEnemy`], the friend in common first.
    #[serde(serialize_with = "as_seq")]
    pub actors: [&'g ActorId; 3],
    /// Why it does not balance.
    pub imbalance: Imbalance,
    /// The three ties: first–second, second–third, first–third; each shared with the
    /// other triads it is in.
    #[serde(serialize_with = "as_seq")]
    pub ties: [Arc<Tie<'g>>; 3],
}

/// What [`balance`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BalanceResult<'g> {
    /// The number of dyads with a sign (net weight not 0).
    pub signed_dyads: usize,
    /// The number of triads whose three dyads are all signed.
    pub triads: usize,
    /// How many of them balance.
    pub balanced: usize,
    /// The ones that do not, the most strongly signed first (at most
    /// [`BalanceOptions::limit`]: `triads - balanced` do not balance in all).
    pub unbalanced: Vec<Triad<'g>>,
    /// With [`BalanceOptions::open`], the number of open triads.
    #[serde(skip_serializing_if = "is_zero")]
    pub open_triads: usize,
    /// With [`BalanceOptions::open`], the open triads, the most strongly signed first (at
    /// most [`BalanceOptions::limit`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open: Vec<OpenTriad<'g>>,
}

/// A fixed-size array serialized as a sequence, as JSON writes it anyway, rather than as a
/// tuple, which the Python package's serializer would make a Python tuple, not a list.
fn as_seq<S: serde::Serializer, T: Serialize, const N: usize>(
    items: &[T; N],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_seq(items)
}

/// Whether a count is 0, which leaves it out of the JSON.
fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// Two signed ties through a middle actor whose ends have no relation in the data, and the
/// sign balance predicts for it (the product of the two).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenTriad<'g> {
    /// The ends and, in the middle, the actor both are tied to.
    #[serde(serialize_with = "as_seq")]
    pub actors: [&'g ActorId; 3],
    /// The ties first–middle and middle–last, shared with the other triads they are in.
    #[serde(serialize_with = "as_seq")]
    pub ties: [Arc<Tie<'g>>; 2],
    /// The sign that would balance the triad.
    pub predicted: Sign,
}

/// Signs the dyads and lists the unbalanced triads.
///
/// A dyad's sign is that of the sum of the Goldstein weights of its relations, in both
/// directions, the way [`super::dyad::dyad`] computes `net`; a dyad that nets to 0 has no
/// sign and closes no triad.
///
/// # Errors
/// When `options.actor` is unknown.
pub fn balance<'g>(graph: &'g Graph, options: &BalanceOptions) -> Result<BalanceResult<'g>> {
    super::check_actors(graph, &options.actor)?;
    let signed = Signed::new(graph, &options.filter, options.open);
    // With an actor, only the triangles through it: its neighborhood, not the whole graph.
    let focus = options
        .actor
        .as_ref()
        .and_then(|id| graph.node(id))
        .and_then(|node| signed.rank.get(node.index()).copied())
        .filter(|&rank| rank != NONE);
    let mut count = Count {
        triads: 0,
        balanced: 0,
        unbalanced: Strongest::new(options.limit),
    };
    match (&options.actor, focus) {
        (None, _) => signed.all_triangles(|t| count.triangle(&signed, t)),
        (Some(_), Some(focus)) => signed.triangles_through(focus, |t| count.triangle(&signed, t)),
        // An actor with no relation closes no triad.
        (Some(_), None) => {}
    }
    let unbalanced = count
        .unbalanced
        .into_sorted()
        .into_iter()
        .map(|triad| Triad {
            actors: triad.actors.map(|rank| signed.ids[rank as usize]),
            imbalance: triad.item.0,
            ties: triad
                .item
                .1
                .map(|tie| Arc::clone(&signed.ties[tie as usize])),
        })
        .collect();
    let (open_triads, open) = if options.open {
        let focus = options.actor.is_some().then_some(focus);
        open_triads(&signed, focus, options.limit)
    } else {
        (0, Vec::new())
    };
    Ok(BalanceResult {
        signed_dyads: signed.ties.len(),
        triads: count.triads,
        balanced: count.balanced,
        unbalanced,
        open_triads,
        open,
    })
}

/// No actor (a node index with no actor) or no tie.
const NONE: u32 = u32::MAX;

/// The signed dyads on integer actors: each actor is its rank in id order, so that comparing
/// ranks compares ids.
struct Signed<'g> {
    /// The actor ids, by rank.
    ids: Vec<&'g ActorId>,
    /// The rank of each node index ([`NONE`] for a vacant one).
    rank: Vec<u32>,
    /// The signed ties, shared by every triad they are in.
    ties: Vec<Arc<Tie<'g>>>,
    /// For each actor, its signed neighbors (never itself) and the index of the tie with
    /// each, by rank.
    neighbors: Vec<Vec<(u32, u32)>>,
    /// Every pair of actors with a relation that passes the filter, signed or not, as
    /// `pair(a, b)` with a < b; filled only for the open triads.
    dyads: FxHashSet<u64>,
}

/// A pair of ranks, smaller first, as one key.
fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

/// Three actors that are pairwise tied: `(actor, actor, tie between them)` for each side.
type Triangle = [(u32, u32, u32); 3];

impl<'g> Signed<'g> {
    /// Signs every dyad in one pass over the relations.
    fn new(graph: &'g Graph, filter: &RelationFilter, with_dyads: bool) -> Self {
        let nodes: Vec<NodeIndex> = graph
            .actors_by_id()
            .iter()
            .map(|&node| NodeIndex::new(node as usize))
            .collect();
        let mut rank = vec![NONE; graph.actor_count()];
        let mut ids = Vec::with_capacity(nodes.len());
        for (position, &node) in nodes.iter().enumerate() {
            rank[node.index()] = position as u32;
            ids.push(&graph.actor_at(node).id);
        }
        // The relations by dyad; a stable sort keeps each dyad's relations in graph order,
        // the order the sum of their weights was always taken in.
        let mut by_dyad: Vec<(u64, &'g Relation)> = graph
            .relations_with_ends()
            .filter(|(_, _, relation)| filter.matches(relation))
            .map(|(from, to, relation)| (pair(rank[from.index()], rank[to.index()]), relation))
            .collect();
        by_dyad.sort_by_key(|&(key, _)| key);
        let mut signed = Self {
            ids,
            rank,
            ties: Vec::new(),
            neighbors: vec![Vec::new(); nodes.len()],
            dyads: FxHashSet::default(),
        };
        for group in by_dyad.chunk_by(|x, y| x.0 == y.0) {
            let key = group[0].0;
            let (a, b) = ((key >> 32) as u32, key as u32);
            if with_dyads {
                signed.dyads.insert(key);
            }
            let relations = group.iter().map(|&(_, relation)| relation).collect();
            let Some(tie) = tie(signed.ids[a as usize], signed.ids[b as usize], relations) else {
                continue;
            };
            let index = signed.ties.len() as u32;
            signed.ties.push(Arc::new(tie));
            // The graph refuses a relation of an actor with itself; were there one, it would
            // sign a dyad but close no triad.
            if a != b {
                signed.neighbors[a as usize].push((b, index));
                signed.neighbors[b as usize].push((a, index));
            }
        }
        for around in &mut signed.neighbors {
            around.sort_unstable();
        }
        signed
    }

    /// Each triangle once. Each tie is walked from its end with fewer ties to the other
    /// (by rank between equals), so that a hub's long list is only ever marked, never
    /// walked from each of its neighbors: O(ties^1.5) in all.
    fn all_triangles(&self, mut found: impl FnMut(Triangle)) {
        let key = |x: u32| (self.neighbors[x as usize].len(), x);
        let later: Vec<Vec<(u32, u32)>> = (0..self.neighbors.len() as u32)
            .map(|x| {
                let around = &self.neighbors[x as usize];
                around
                    .iter()
                    .copied()
                    .filter(|&(y, _)| key(y) > key(x))
                    .collect()
            })
            .collect();
        let mut mark = vec![NONE; self.neighbors.len()];
        for (u, around) in later.iter().enumerate() {
            for &(w, uw) in around {
                mark[w as usize] = uw;
            }
            for &(v, uv) in around {
                for &(w, vw) in &later[v as usize] {
                    let uw = mark[w as usize];
                    if uw != NONE {
                        found([(u as u32, v, uv), (v, w, vw), (u as u32, w, uw)]);
                    }
                }
            }
            for &(w, _) in around {
                mark[w as usize] = NONE;
            }
        }
    }

    /// Each triangle through `focus` once.
    fn triangles_through(&self, focus: u32, mut found: impl FnMut(Triangle)) {
        let around = &self.neighbors[focus as usize];
        let mut mark = vec![NONE; self.neighbors.len()];
        for &(v, tie) in around {
            mark[v as usize] = tie;
        }
        for &(v, fv) in around {
            let next = &self.neighbors[v as usize];
            let start = next.partition_point(|&(w, _)| w <= v);
            for &(w, vw) in &next[start..] {
                let fw = mark[w as usize];
                if fw != NONE {
                    found([(focus, v, fv), (v, w, vw), (focus, w, fw)]);
                }
            }
        }
    }

    /// The tie's sign.
    fn sign(&self, tie: u32) -> Sign {
        self.ties[tie as usize].sign
    }

    /// The tie's net weight, unsigned.
    fn strength(&self, tie: u32) -> f64 {
        self.ties[tie as usize].net.abs()
    }
}

/// A triad on ranks and tie indexes, before it is looked up, as a candidate for a list
/// that is sorted strongest first, then by actors. It orders the weaker one after.
struct Ranked<T> {
    /// Its weakest tie's net weight, unsigned.
    strength: f64,
    /// The actors, in reading order.
    actors: [u32; 3],
    /// The rest.
    item: T,
}

impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .strength
            .total_cmp(&self.strength)
            .then_with(|| self.actors.cmp(&other.actors))
    }
}

impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T> Eq for Ranked<T> {}

/// The strongest candidates seen, all of them or the `limit` first in a bounded heap whose
/// top is the weakest kept.
struct Strongest<T> {
    limit: Option<usize>,
    all: Vec<Ranked<T>>,
    heap: BinaryHeap<Ranked<T>>,
}

impl<T> Strongest<T> {
    fn new(limit: Option<usize>) -> Self {
        Self {
            limit,
            all: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn push(&mut self, candidate: Ranked<T>) {
        match self.limit {
            None => self.all.push(candidate),
            Some(limit) if self.heap.len() < limit => self.heap.push(candidate),
            Some(_) => {
                if let Some(mut weakest) = self.heap.peek_mut() {
                    if candidate < *weakest {
                        *weakest = candidate;
                    }
                }
            }
        }
    }

    /// The candidates kept, strongest first.
    fn into_sorted(self) -> Vec<Ranked<T>> {
        let mut kept = self.all;
        kept.extend(self.heap.into_vec());
        kept.sort_unstable();
        kept
    }
}

/// The triads counted so far.
struct Count {
    triads: usize,
    balanced: usize,
    /// The unbalanced ones: why, and their ties in reading order.
    unbalanced: Strongest<(Imbalance, [u32; 3])>,
}

impl Count {
    /// Counts a triangle, and keeps it when it does not balance.
    fn triangle(&mut self, signed: &Signed, triangle: Triangle) {
        self.triads += 1;
        match unbalanced_triad(signed, triangle) {
            Some(found) => self.unbalanced.push(found),
            None => self.balanced += 1,
        }
    }
}

/// The triad, ordered for reading, when its signs multiply to −.
fn unbalanced_triad(signed: &Signed, triangle: Triangle) -> Option<Ranked<(Imbalance, [u32; 3])>> {
    let negative = triangle
        .iter()
        .filter(|&&(_, _, tie)| signed.sign(tie) == Sign::Negative)
        .count();
    let imbalance = match negative {
        1 => Imbalance::FriendOfFriendIsEnemy,
        3 => Imbalance::AllAtOdds,
        _ => return None,
    };
    // The actors in id order a < b < c, and their ties.
    let mut actors = [triangle[0].0, triangle[0].1, triangle[1].1];
    actors.sort_unstable();
    let [a, b, c] = actors;
    let between = |x: u32, y: u32| {
        let sides = triangle.iter();
        sides
            .filter(|&&(p, q, _)| (p == x && q == y) || (p == y && q == x))
            .map(|&(_, _, tie)| tie)
            .next()
            .unwrap_or(NONE)
    };
    let (ab, bc, ac) = (between(a, b), between(b, c), between(a, c));
    // Put the friend in common in the middle: its two ties are the positive ones.
    let (actors, ties) = if signed.sign(ac) == Sign::Negative || negative == 3 {
        ([a, b, c], [ab, bc, ac])
    } else if signed.sign(ab) == Sign::Negative {
        ([a, c, b], [ac, bc, ab])
    } else {
        ([b, a, c], [ab, ac, bc])
    };
    let strength = ties
        .iter()
        .map(|&tie| signed.strength(tie))
        .fold(f64::INFINITY, f64::min);
    Some(Ranked {
        strength,
        actors,
        item: (imbalance, ties),
    })
}

/// The open triads: for each middle actor, each pair of its signed neighbors with no
/// relation between them. With `focus` (`Some(None)` for an actor with no relation), only
/// those through that actor. Their number, and the `limit` strongest.
fn open_triads<'g>(
    signed: &Signed<'g>,
    focus: Option<Option<u32>>,
    limit: Option<usize>,
) -> (usize, Vec<OpenTriad<'g>>) {
    let middles: Vec<u32> = match focus {
        None => (0..signed.neighbors.len() as u32).collect(),
        Some(None) => Vec::new(),
        Some(Some(focus)) => std::iter::once(focus)
            .chain(signed.neighbors[focus as usize].iter().map(|&(v, _)| v))
            .collect(),
    };
    let (mut count, mut open) = (0, Strongest::new(limit));
    for middle in middles {
        let around = &signed.neighbors[middle as usize];
        for (i, &(a, left)) in around.iter().enumerate() {
            for &(c, right) in &around[i + 1..] {
                if signed.dyads.contains(&pair(a, c)) {
                    continue;
                }
                if let Some(Some(focus)) = focus {
                    if ![a, middle, c].contains(&focus) {
                        continue;
                    }
                }
                count += 1;
                open.push(Ranked {
                    strength: signed.strength(left).min(signed.strength(right)),
                    actors: [a, middle, c],
                    item: [left, right],
                });
            }
        }
    }
    let open = open.into_sorted().into_iter();
    let open = open.map(|triad| (triad.actors, triad.item));
    let open = open
        .map(|(actors, [left, right])| OpenTriad {
            actors: actors.map(|rank| signed.ids[rank as usize]),
            predicted: if signed.sign(left) == signed.sign(right) {
                Sign::Positive
            } else {
                Sign::Negative
            },
            ties: [left, right].map(|tie| Arc::clone(&signed.ties[tie as usize])),
        })
        .collect();
    (count, open)
}

/// The signed tie between `a` and `b`, or `None` when their relations net to 0.
fn tie<'g>(a: &'g ActorId, b: &'g ActorId, mut relations: Vec<&'g Relation>) -> Option<Tie<'g>> {
    // Each relation weighs as the events it stands for, so that deduplicating changes no sign.
    let net = round(
        relations
            .iter()
            .map(|r| r.weight() * f64::from(r.events()))
            .sum(),
    );
    let sign = if net > 0.0 {
        Sign::Positive
    } else if net < 0.0 {
        Sign::Negative
    } else {
        return None;
    };
    // The relations behind the sign first, strongest first; then those against it.
    let along = |r: &Relation| {
        if sign == Sign::Positive {
            -r.weight()
        } else {
            r.weight()
        }
    };
    relations.sort_by(|x, y| along(x).total_cmp(&along(y)).then_with(|| x.id.cmp(&y.id)));
    Some(Tie {
        a,
        b,
        sign,
        net,
        relations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::graph;
    use crate::testing::random;

    /// The unbalanced triads as `a b c`, in the order reported.
    fn check(spec: &str, expected_triads: usize, expected: &[&str]) {
        let graph = graph(spec);
        let found = balance(&graph, &BalanceOptions::default()).unwrap();
        let got: Vec<String> = found
            .unbalanced
            .iter()
            .map(|t| t.actors.map(|a| a.as_str()).join(" "))
            .collect();
        assert_eq!(got, expected, "{spec}");
        assert_eq!(found.triads, expected_triads, "{spec}");
        assert_eq!(found.balanced + found.unbalanced.len(), found.triads);
    }

    #[test]
    fn friend_of_friend_is_enemy() {
        // us aids ypg, ypg is affiliated with pkk, us designates pkk: the seed article.
        check(
            "us aid ypg\nypg affiliated_with pkk ..\nus designate_terrorist pkk",
            1,
            &["pkk ypg us"],
        );
        check("a aid b\nb aid c\na aid c", 1, &[]);
        check("a demand b\nb aid c\na demand c", 1, &[]);
        check("a demand b\nb demand c\na demand c", 1, &["a b c"]);
        // An open triad is not a triad.
        check("a demand b\nb aid c", 0, &[]);
    }

    #[test]
    fn signs_are_net_weights() {
        // a–b: demand (−5) and aid (+7) net to +2, so the triad a b c is + + −.
        check("a demand b\nb aid a\nb aid c\na demand c", 1, &["a b c"]);
        // Netting to 0 leaves the dyad unsigned: no triad.
        check("a demand b\na concede b\nb aid c\na demand c", 0, &[]);
    }

    #[test]
    fn ties_show_their_reasons_and_triads_sort_by_strength() {
        let graph = graph(
            "a demand b\nb aid a\nb aid c\na demand c\n\
             x aid y\ny aid z\nx fight z",
        );
        let found = balance(&graph, &BalanceOptions::default()).unwrap();
        assert_eq!(found.unbalanced.len(), 2);
        let first = &found.unbalanced[0];
        assert_eq!(first.actors.map(|a| a.as_str()), ["x", "y", "z"]);
        let weak = &found.unbalanced[1];
        let ab = &weak.ties[0];
        assert_eq!(
            (ab.a.as_str(), ab.b.as_str(), ab.sign, ab.net),
            ("a", "b", Sign::Positive, 2.0)
        );
        let kinds: Vec<_> = ab.relations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["aid", "demand"]);
        let only_a = BalanceOptions {
            actor: Some("a".parse().unwrap()),
            ..Default::default()
        };
        assert_eq!(balance(&graph, &only_a).unwrap().unbalanced.len(), 1);
    }

    #[test]
    fn open_triads_predict_the_missing_sign() {
        // turkey + russia, turkey − us, no us–russia relation: balance predicts −.
        let spec =
            "turkey trade russia\nus demand turkey\nus aid ypg\nturkey consult ypg\nus consult ypg";
        let graph = graph(spec);
        let options = BalanceOptions {
            open: true,
            ..Default::default()
        };
        let found = balance(&graph, &options).unwrap();
        let open: Vec<String> = found
            .open
            .iter()
            .map(|t| {
                format!(
                    "{} {}",
                    t.actors.map(|a| a.as_str()).join(" "),
                    t.predicted.symbol()
                )
            })
            .collect();
        assert_eq!(open, ["russia turkey us −", "russia turkey ypg +"]);
        let quiet = balance(&graph, &BalanceOptions::default()).unwrap();
        assert!(quiet.open.is_empty());
        // A dyad that nets to 0 is not missing: it is known to be neither.
        let graph = crate::testing::graph("a aid b\nb aid c\na demand c\na concede c");
        let found = balance(&graph, &options).unwrap();
        assert!(found.open.is_empty());
    }

    #[test]
    fn same_as_the_reference_on_random_graphs() {
        let mut next = random(23);
        let kinds = [
            "consult",
            "demand",
            "aid",
            "fight",
            "concede",
            "trade",
            "allied_with",
        ];
        let (mut unbalanced, mut open) = (0, 0);
        for round in 0..300 {
            let actors = 3 + next(12);
            let mut spec = String::new();
            for _ in 0..next(60) {
                let (from, to) = (next(actors), next(actors));
                if from == to {
                    continue;
                }
                let kind = kinds[next(kinds.len() as u64) as usize];
                spec.push_str(&format!("x{from} {kind} x{to}\n"));
            }
            let graph = graph(&spec);
            let actor = format!("x{}", next(actors)).parse().unwrap();
            let actor = graph.actor(&actor).map(|_| actor);
            for options in [
                BalanceOptions::default(),
                BalanceOptions {
                    open: true,
                    ..Default::default()
                },
                BalanceOptions {
                    open: round % 2 == 0,
                    actor,
                    ..Default::default()
                },
                BalanceOptions {
                    open: true,
                    limit: Some(next(4) as usize),
                    ..Default::default()
                },
            ] {
                let expected = super::reference::reference(&graph, &options).unwrap();
                let got = balance(&graph, &options).unwrap();
                assert_eq!(got, expected, "{spec}{options:?}");
                unbalanced += got.unbalanced.len();
                open += got.open.len();
                assert_eq!(
                    serde_json::to_string(&got).unwrap(),
                    serde_json::to_string(&expected).unwrap()
                );
            }
        }
        // The graphs are varied enough to test something.
        assert!(unbalanced > 300 && open > 300, "{unbalanced} {open}");
    }
}

#[cfg(test)]
/// The implementation before triangles were enumerated on integer actors (it took 218 s at
/// 1M relations), kept to check the new one against.
mod reference {
    use std::collections::{BTreeMap, BTreeSet};
    use std::ops::Bound;
    use std::sync::Arc;

    use super::{tie, BalanceOptions, BalanceResult, Imbalance, OpenTriad, Sign, Tie, Triad};
    use crate::error::Result;
    use crate::graph::Graph;
    use crate::model::{ActorId, Relation};

    pub fn reference<'g>(graph: &'g Graph, options: &BalanceOptions) -> Result<BalanceResult<'g>> {
        crate::query::check_actors(graph, &options.actor)?;
        let mut dyads: BTreeMap<(&ActorId, &ActorId), Vec<&Relation>> = BTreeMap::new();
        for relation in graph.relations().filter(|r| options.filter.matches(r)) {
            let key = if relation.from < relation.to {
                (&relation.from, &relation.to)
            } else {
                (&relation.to, &relation.from)
            };
            dyads.entry(key).or_default().push(relation);
        }
        let dyad_pairs: BTreeSet<(&ActorId, &ActorId)> = dyads.keys().copied().collect();
        let mut ties: Ties = BTreeMap::new();
        let mut neighbors: BTreeMap<&ActorId, BTreeSet<&ActorId>> = BTreeMap::new();
        for ((a, b), relations) in dyads {
            if let Some(tie) = tie(a, b, relations) {
                neighbors.entry(a).or_default().insert(b);
                neighbors.entry(b).or_default().insert(a);
                ties.insert((a, b), tie);
            }
        }
        let (mut triads, mut balanced, mut unbalanced) = (0, 0, Vec::new());
        // Each triad once: a < b < c in id order.
        for (&(a, b), ab) in &ties {
            let Some(after_b) = neighbors.get(b) else {
                continue;
            };
            for &c in after_b
                .range::<&ActorId, _>((std::ops::Bound::Excluded(b), std::ops::Bound::Unbounded))
            {
                let (Some(bc), Some(ac)) = (ties.get(&(b, c)), ties.get(&(a, c))) else {
                    continue;
                };
                if let Some(actor) = &options.actor {
                    if ![a, b, c].contains(&actor) {
                        continue;
                    }
                }
                triads += 1;
                match unbalanced_triad([a, b, c], [ab, bc, ac]) {
                    Some(triad) => unbalanced.push(triad),
                    None => balanced += 1,
                }
            }
        }
        let open = if options.open {
            open_triads(&ties, &neighbors, &dyad_pairs, options)
        } else {
            Vec::new()
        };
        unbalanced.sort_by(|x, y| {
            strength(y)
                .total_cmp(&strength(x))
                .then_with(|| x.actors.cmp(&y.actors))
        });
        // The limit, as the first of the full lists.
        let open_triads = open.len();
        let mut open = open;
        if let Some(limit) = options.limit {
            unbalanced.truncate(limit);
            open.truncate(limit);
        }
        Ok(BalanceResult {
            signed_dyads: ties.len(),
            triads,
            balanced,
            unbalanced,
            open_triads,
            open,
        })
    }

    /// The keys of the signed ties, by pair of actors in id order.
    type Ties<'g> = BTreeMap<(&'g ActorId, &'g ActorId), Tie<'g>>;

    /// The open triads: for each middle actor, each pair of its signed neighbors with no
    /// relation between them.
    fn open_triads<'g>(
        ties: &Ties<'g>,
        neighbors: &BTreeMap<&'g ActorId, BTreeSet<&'g ActorId>>,
        dyads: &BTreeSet<(&'g ActorId, &'g ActorId)>,
        options: &BalanceOptions,
    ) -> Vec<OpenTriad<'g>> {
        let tie = |x: &'g ActorId, y: &'g ActorId| ties.get(&if x < y { (x, y) } else { (y, x) });
        let mut open = Vec::new();
        for (&middle, around) in neighbors {
            for &a in around {
                for &c in around.range::<&ActorId, _>((Bound::Excluded(a), Bound::Unbounded)) {
                    if dyads.contains(&(a, c)) {
                        continue;
                    }
                    if let Some(actor) = &options.actor {
                        if ![a, middle, c].contains(&actor) {
                            continue;
                        }
                    }
                    let (Some(left), Some(right)) = (tie(a, middle), tie(middle, c)) else {
                        continue;
                    };
                    let predicted = if left.sign == right.sign {
                        Sign::Positive
                    } else {
                        Sign::Negative
                    };
                    open.push(OpenTriad {
                        actors: [a, middle, c],
                        ties: [Arc::new(left.clone()), Arc::new(right.clone())],
                        predicted,
                    });
                }
            }
        }
        let weakest = |t: &OpenTriad| t.ties[0].net.abs().min(t.ties[1].net.abs());
        open.sort_by(|x, y| {
            weakest(y)
                .total_cmp(&weakest(x))
                .then_with(|| x.actors.cmp(&y.actors))
        });
        open
    }

    /// The triad, ordered for reading, when its signs multiply to −.
    fn unbalanced_triad<'g>(actors: [&'g ActorId; 3], ties: [&Tie<'g>; 3]) -> Option<Triad<'g>> {
        let [a, b, c] = actors;
        let [ab, bc, ac] = ties;
        let negative = ties.iter().filter(|t| t.sign == Sign::Negative).count();
        let imbalance = match negative {
            1 => Imbalance::FriendOfFriendIsEnemy,
            3 => Imbalance::AllAtOdds,
            _ => return None,
        };
        // Put the friend in common in the middle: its two ties are the positive ones.
        let (actors, ties) = if ac.sign == Sign::Negative || negative == 3 {
            ([a, b, c], [ab, bc, ac])
        } else if ab.sign == Sign::Negative {
            ([a, c, b], [ac, bc, ab])
        } else {
            ([b, a, c], [ab, ac, bc])
        };
        Some(Triad {
            actors,
            imbalance,
            ties: ties.map(|tie| Arc::new(tie.clone())),
        })
    }

    /// How strongly signed a triad is: its weakest tie, so that one clear-cut triad outranks
    /// another held together by a near-zero tie.
    fn strength(triad: &Triad) -> f64 {
        triad
            .ties
            .iter()
            .map(|t| t.net.abs())
            .fold(f64::INFINITY, f64::min)
    }
}
