//! The dyad of two actors: every relation between them, both ways, as a timeline with its
//! counts per quad class and a net Goldstein score.
//!
//! ```
//! use dipgraph::query::dyad::{dyad, DyadOptions};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let (turkey, us) = (graph.resolve("Turkey")?, graph.resolve("US")?);
//! let found = dyad(&graph, turkey, us, &DyadOptions::default())?;
//! assert!(found.net < 0.0, "Turkey and the US are at odds");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::EnumCount;

use super::invalid;
use crate::error::Result;
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{ActorId, QuadClass, Relation};

/// Options for [`dyad`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DyadOptions {
    /// Which relations count.
    pub filter: RelationFilter,
}

/// The relations one way between the two actors, summed up. Each relation counts as the
/// events it stands for ([`Relation::events`]: several once `--dedupe` merged them), so
/// that deduplicated event data gives the same sums as the raw rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Side {
    /// How many relations (events).
    pub count: usize,
    /// The sum of their Goldstein weights.
    pub net: f64,
}

/// What [`dyad`] found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadResult<'g> {
    /// The first actor.
    pub a: &'g ActorId,
    /// The second actor.
    pub b: &'g ActorId,
    /// Every relation between them, by date (standing relations of unknown start first),
    /// then id.
    pub timeline: Vec<&'g Relation>,
    /// How many relations (events) of each quad class (classes with none are left out).
    pub counts: BTreeMap<QuadClass, usize>,
    /// The sum of the Goldstein weights of every relation: below 0 the two are at odds.
    pub net: f64,
    /// The relations from `a` to `b`.
    pub a_to_b: Side,
    /// The relations from `b` to `a`.
    pub b_to_a: Side,
}

/// Every relation between `a` and `b` that passes the filter.
///
/// # Errors
/// When an actor is unknown or `a` and `b` are the same.
pub fn dyad<'g>(
    graph: &'g Graph,
    a: &ActorId,
    b: &ActorId,
    options: &DyadOptions,
) -> Result<DyadResult<'g>> {
    let ((node_a, actor_a), (node_b, actor_b)) = (graph.known_actor(a)?, graph.known_actor(b)?);
    if a == b {
        return Err(invalid(
            "dyad",
            a.as_str(),
            "a dyad needs two different actors",
        ));
    }
    // Only the relations between the two (see `Graph::relations_from_to`).
    let every = options.filter == RelationFilter::default();
    // One pass reads each relation once, for the counts and for its date: comparing
    // relations while sorting reads two of them per comparison, and a hub's dyad holds
    // thousands.
    let mut keyed: Vec<(u32, &Relation)> = Vec::new();
    // Counted by quad class in an array first, as a map entry per relation costs more.
    let mut by_class = [0_usize; QuadClass::COUNT];
    let (mut a_to_b, mut b_to_a) = (Side::default(), Side::default());
    for (from, to, side) in [(node_a, node_b, &mut a_to_b), (node_b, node_a, &mut b_to_a)] {
        for relation in graph.relations_from_to(from, to) {
            if every || options.filter.matches(relation) {
                let events = relation.events() as usize;
                if let Some(count) = by_class.get_mut(relation.kind.info().quad_class as usize) {
                    *count += events;
                }
                side.count += events;
                side.net += relation.weight() * events as f64;
                keyed.push((relation.date_rank(), relation));
            }
        }
    }
    // Ids are unique, so no two relations compare equal.
    keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.id.cmp(&y.1.id)));
    let timeline: Vec<&Relation> = keyed.into_iter().map(|(_, r)| r).collect();
    let counts = QuadClass::all()
        .zip(by_class)
        .filter(|&(_, count)| count > 0)
        .collect();
    Ok(DyadResult {
        a: &actor_a.id,
        b: &actor_b.id,
        timeline,
        counts,
        net: round(a_to_b.net + b_to_a.net),
        a_to_b: Side {
            net: round(a_to_b.net),
            ..a_to_b
        },
        b_to_a: Side {
            net: round(b_to_a.net),
            ..b_to_a
        },
    })
}

/// Rounds a sum of weights (given to one decimal) so that 0.1 + 0.2 prints as 0.3.
pub(crate) fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::graph;

    #[test]
    fn timeline_counts_and_net() {
        let graph = graph(
            "a demand b 2021-03\nb aid a 2020\nb consult a 2021-03\na trade c 2019\n\
             a allied_with b ..",
        );
        let (a, b) = ("a".parse().unwrap(), "b".parse().unwrap());
        let found = dyad(&graph, &a, &b, &DyadOptions::default()).unwrap();
        let ids: Vec<&str> = found.timeline.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["r4", "r1", "r0", "r2"]);
        let counts: Vec<(QuadClass, usize)> = found.counts.into_iter().collect();
        assert_eq!(
            counts,
            [
                (QuadClass::VerbalCooperation, 1),
                (QuadClass::MaterialCooperation, 1),
                (QuadClass::VerbalConflict, 1),
                (QuadClass::Structural, 1),
            ]
        );
        // −5 + 6 (allied) from a; +7 + 1 from b.
        assert_eq!(found.a_to_b, Side { count: 2, net: 1.0 });
        assert_eq!(found.b_to_a, Side { count: 2, net: 8.0 });
        assert_eq!(found.net, 9.0);
        let conflict = DyadOptions {
            filter: RelationFilter {
                classes: vec![crate::Class::Conflict],
                ..Default::default()
            },
        };
        let found = dyad(&graph, &b, &a, &conflict).unwrap();
        assert_eq!(found.net, -5.0);
        assert_eq!(found.b_to_a.count, 1);
        assert_eq!(found.a_to_b.count, 0);
    }

    #[test]
    fn strangers_have_an_empty_dyad() {
        let graph = graph("a demand b\nb demand c");
        let found = dyad(
            &graph,
            &"a".parse().unwrap(),
            &"c".parse().unwrap(),
            &DyadOptions::default(),
        )
        .unwrap();
        assert!(found.timeline.is_empty());
        assert_eq!(found.net, 0.0);
        assert!(dyad(
            &graph,
            &"a".parse().unwrap(),
            &"a".parse().unwrap(),
            &DyadOptions::default()
        )
        .is_err());
    }
}
