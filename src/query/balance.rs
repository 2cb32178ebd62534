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

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

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
    pub actors: [&'g ActorId; 3],
    /// Why it does not balance.
    pub imbalance: Imbalance,
    /// The three ties: first–second, second–third, first–third.
    pub ties: [Tie<'g>; 3],
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
    /// The ones that do not, the most strongly signed first.
    pub unbalanced: Vec<Triad<'g>>,
    /// With [`BalanceOptions::open`], the open triads, the most strongly signed first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub open: Vec<OpenTriad<'g>>,
}

/// Two signed ties through a middle actor whose ends have no relation in the data, and the
/// sign balance predicts for it (the product of the two).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpenTriad<'g> {
    /// The ends and, in the middle, the actor both are tied to.
    pub actors: [&'g ActorId; 3],
    /// The ties first–middle and middle–last.
    pub ties: [Tie<'g>; 2],
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
    let mut neighbours: BTreeMap<&ActorId, BTreeSet<&ActorId>> = BTreeMap::new();
    for ((a, b), relations) in dyads {
        if let Some(tie) = tie(a, b, relations) {
            neighbours.entry(a).or_default().insert(b);
            neighbours.entry(b).or_default().insert(a);
            ties.insert((a, b), tie);
        }
    }
    let (mut triads, mut balanced, mut unbalanced) = (0, 0, Vec::new());
    // Each triad once: a < b < c in id order.
    for (&(a, b), ab) in &ties {
        let Some(after_b) = neighbours.get(b) else {
            continue;
        };
        for &c in
            after_b.range::<&ActorId, _>((std::ops::Bound::Excluded(b), std::ops::Bound::Unbounded))
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
        open_triads(&ties, &neighbours, &dyad_pairs, options)
    } else {
        Vec::new()
    };
    unbalanced.sort_by(|x, y| {
        strength(y)
            .total_cmp(&strength(x))
            .then_with(|| x.actors.cmp(&y.actors))
    });
    Ok(BalanceResult {
        signed_dyads: ties.len(),
        triads,
        balanced,
        unbalanced,
        open,
    })
}

/// The keys of the signed ties, by pair of actors in id order.
type Ties<'g> = BTreeMap<(&'g ActorId, &'g ActorId), Tie<'g>>;

/// The open triads: for each middle actor, each pair of its signed neighbours with no
/// relation between them.
fn open_triads<'g>(
    ties: &Ties<'g>,
    neighbours: &BTreeMap<&'g ActorId, BTreeSet<&'g ActorId>>,
    dyads: &BTreeSet<(&'g ActorId, &'g ActorId)>,
    options: &BalanceOptions,
) -> Vec<OpenTriad<'g>> {
    let tie = |x: &'g ActorId, y: &'g ActorId| ties.get(&if x < y { (x, y) } else { (y, x) });
    let mut open = Vec::new();
    for (&middle, around) in neighbours {
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
                    ties: [left.clone(), right.clone()],
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

/// The signed tie between `a` and `b`, or `None` when their relations net to 0.
fn tie<'g>(a: &'g ActorId, b: &'g ActorId, mut relations: Vec<&'g Relation>) -> Option<Tie<'g>> {
    let net = round(relations.iter().map(|r| r.weight()).sum());
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
        ties: [ties[0].clone(), ties[1].clone(), ties[2].clone()],
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::testing::graph;

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
        let graph = super::super::testing::graph("a aid b\nb aid c\na demand c\na concede c");
        let found = balance(&graph, &options).unwrap();
        assert!(found.open.is_empty());
    }
}
