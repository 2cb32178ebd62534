//! Queries over the graph, one module per family: [`path`]s between actors, the
//! [`neighbors`] of one, the [`dyad`] of two, structural [`balance`], and centrality
//! [`rank`]ings.
//!
//! Every query walks a [`Traversal`]: which relations count (a [`RelationFilter`]), whether
//! they are followed only from `from` to `to` or both ways, whether `about` links count,
//! and which actors to avoid. The view is built once per query; results borrow from the
//! [`Graph`] and serialize with serde.

pub mod balance;
pub mod dyad;
pub mod neighbors;
pub mod path;
pub mod rank;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, InvalidValue, Result};
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{ActorId, Relation};

/// How a query walks the graph.
///
/// The default walks every relation in both directions (an actor is linked to whoever acted
/// on it), ignores `about`, and avoids nobody.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Traversal {
    /// Which relations may be walked.
    pub filter: RelationFilter,
    /// Follow relations only from `from` to `to` (and, with `via_about`, from `from` to
    /// what the relation is about).
    pub directed: bool,
    /// Also link each endpoint of a relation to the actors it is `about`: a demand of Turkey
    /// about the S-400 links Turkey and the United States to the S-400.
    pub via_about: bool,
    /// Never pass through these actors.
    pub avoid: Vec<ActorId>,
}

/// How a hop walks its relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Walk {
    /// From the relation's `from` to its `to`, the way it points.
    Forward,
    /// From the relation's `to` back to its `from`.
    Backward,
    /// From an endpoint of the relation to an actor it is about.
    ToSubject,
    /// From an actor the relation is about to one of its endpoints.
    FromSubject,
}

/// One step of a path or one link of a neighbourhood: two actors and the relation between.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop<'g> {
    /// The actor the step leaves.
    pub from: &'g ActorId,
    /// The actor the step reaches.
    pub to: &'g ActorId,
    /// How the relation was walked; its own `from`/`to` keep their true direction.
    pub walk: Walk,
    /// The relation walked (the best of several parallel ones, for the query's cost).
    pub relation: &'g Relation,
    /// The other relations that link the same two actors and could stand in for this one
    /// (serialized as their ids).
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "ids")]
    pub also: Vec<&'g Relation>,
}

/// Serializes relations as their ids.
fn ids<S: serde::Serializer>(relations: &[&Relation], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(relations.iter().map(|r| &r.id))
}

/// One way a link between two actors may be walked: a relation and its direction of walk.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step<'g> {
    pub relation: &'g Relation,
    pub walk: Walk,
    pub cost: u64,
}

/// Every walkable relation from one actor to one neighbour, best first, and its cost.
#[derive(Clone, Debug)]
pub(crate) struct Link<'g> {
    pub to: usize,
    pub cost: u64,
    pub steps: Vec<Step<'g>>,
}

/// The graph as a traversal sees it: actors numbered `0..n` in insertion order (a compact
/// index, unlike petgraph's stable one) and, per actor, its links sorted by neighbour.
#[derive(Debug)]
pub(crate) struct View<'g> {
    pub ids: Vec<&'g ActorId>,
    index: HashMap<&'g ActorId, usize>,
    pub links: Vec<Vec<Link<'g>>>,
}

impl<'g> View<'g> {
    /// Builds the view. `cost` gives each relation a non-negative cost (in thousandths);
    /// a link costs as much as its cheapest relation. Among relations of equal cost the
    /// one that says most stands for the link: events before standing relations, then the
    /// most intense (largest |Goldstein|), the latest, and the smallest id.
    pub fn new(graph: &'g Graph, traversal: &Traversal, cost: impl Fn(&Relation) -> u64) -> Self {
        let ids: Vec<&ActorId> = graph.actors().map(|actor| &actor.id).collect();
        let index: HashMap<&ActorId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let avoided: Vec<bool> = ids.iter().map(|id| traversal.avoid.contains(id)).collect();
        let mut steps: HashMap<(usize, usize), Vec<Step>> = HashMap::new();
        let mut add = |a: Option<&usize>, b: Option<&usize>, step: Step<'g>| {
            if let (Some(&a), Some(&b)) = (a, b) {
                if a != b && !avoided[a] && !avoided[b] {
                    steps.entry((a, b)).or_default().push(step);
                }
            }
        };
        for relation in graph.relations().filter(|r| traversal.filter.matches(r)) {
            let (from, to) = (index.get(&relation.from), index.get(&relation.to));
            let step = |walk| Step {
                relation,
                walk,
                cost: cost(relation),
            };
            add(from, to, step(Walk::Forward));
            if !traversal.directed {
                add(to, from, step(Walk::Backward));
            }
            if traversal.via_about {
                for subject in relation.about.iter().map(|id| index.get(id)) {
                    add(from, subject, step(Walk::ToSubject));
                    if !traversal.directed {
                        add(to, subject, step(Walk::ToSubject));
                        add(subject, from, step(Walk::FromSubject));
                        add(subject, to, step(Walk::FromSubject));
                    }
                }
            }
        }
        let mut links: Vec<Vec<Link>> = vec![Vec::new(); ids.len()];
        for ((a, b), mut steps) in steps {
            steps.sort_by(|x, y| {
                let (rx, ry) = (x.relation, y.relation);
                x.cost
                    .cmp(&y.cost)
                    .then_with(|| rx.kind.is_standing().cmp(&ry.kind.is_standing()))
                    .then_with(|| ry.weight().abs().total_cmp(&rx.weight().abs()))
                    .then_with(|| ry.sort_date().cmp(&rx.sort_date()))
                    .then_with(|| x.relation.id.cmp(&y.relation.id))
                    .then_with(|| x.walk.cmp(&y.walk))
            });
            // A relation can link the same pair twice (about one endpoint, say); keep one.
            steps.dedup_by(|x, y| x.relation.id == y.relation.id);
            let cost = steps.first().map_or(0, |s| s.cost);
            links[a].push(Link { to: b, cost, steps });
        }
        for list in &mut links {
            list.sort_by_key(|link| link.to);
        }
        Self { ids, index, links }
    }

    /// The number of actors.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The index of an actor.
    pub fn index_of(&self, id: &ActorId) -> Result<usize> {
        self.index
            .get(id)
            .copied()
            .ok_or_else(|| Error::UnknownActor {
                name: id.to_string(),
                suggestions: vec![],
            })
    }

    /// The link from `a` to `b`, if any.
    pub fn link(&self, a: usize, b: usize) -> Option<&Link<'g>> {
        let list = &self.links[a];
        list.binary_search_by_key(&b, |link| link.to)
            .ok()
            .map(|i| &list[i])
    }

    /// The hop along the link from `a` to `b`: its best relation, the others as `also`.
    pub fn hop(&self, a: usize, b: usize) -> Option<Hop<'g>> {
        self.hop_in_context(a, b, &[])
    }

    /// Like [`View::hop`], but among the cheapest relations prefers one that is about an
    /// actor of `context` (the rest of a path), as the one that explains the hop best.
    pub fn hop_in_context(&self, a: usize, b: usize, context: &[usize]) -> Option<Hop<'g>> {
        let link = self.link(a, b)?;
        let cheapest = link.steps.first()?;
        let relevant = |step: &&Step| {
            step.relation
                .about
                .iter()
                .any(|id| context.iter().any(|&c| self.ids[c] == id))
        };
        let chosen = link
            .steps
            .iter()
            .take_while(|step| step.cost == cheapest.cost)
            .position(|step| relevant(&step))
            .unwrap_or(0);
        let best = link.steps[chosen];
        Some(Hop {
            from: self.ids[a],
            to: self.ids[b],
            walk: best.walk,
            relation: best.relation,
            also: link
                .steps
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != chosen)
                .map(|(_, step)| step.relation)
                .collect(),
        })
    }

    /// Breadth-first hop counts from `start` (`None` where unreachable), following links
    /// forwards, or backwards when `reverse` (distances *to* `start`).
    pub fn distances(&self, start: usize, reverse: bool) -> Vec<Option<usize>> {
        let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); if reverse { self.len() } else { 0 }];
        if reverse {
            for (a, list) in self.links.iter().enumerate() {
                for link in list {
                    incoming[link.to].push(a);
                }
            }
        }
        let mut distance = vec![None; self.len()];
        distance[start] = Some(0);
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let next = distance[node].map_or(0, |d| d + 1);
            let mut visit = |neighbour: usize| {
                if distance[neighbour].is_none() {
                    distance[neighbour] = Some(next);
                    queue.push_back(neighbour);
                }
            };
            if reverse {
                incoming[node].iter().for_each(|&n| visit(n));
            } else {
                self.links[node].iter().for_each(|link| visit(link.to));
            }
        }
        distance
    }
}

/// Fails with [`Error::UnknownActor`] on the first id the graph does not have.
pub(crate) fn check_actors<'a>(
    graph: &Graph,
    ids: impl IntoIterator<Item = &'a ActorId>,
) -> Result<()> {
    for id in ids {
        if graph.actor(id).is_none() {
            return Err(Error::UnknownActor {
                name: id.to_string(),
                suggestions: vec![],
            });
        }
    }
    Ok(())
}

/// An error for an argument that makes no sense.
pub(crate) fn invalid(what: &'static str, value: &str, reason: &str) -> Error {
    Error::InvalidValue(InvalidValue::new(what, value, reason))
}

/// Small graphs for the tests, written one relation a line: `from kind to [date] [about=a,b]`.
#[cfg(test)]
pub(crate) mod testing {
    use crate::model::{Actor, ActorKind, Evidence, Relation, Source};
    use crate::Graph;

    /// A graph with an actor per name used and a relation per line. Events without a date
    /// get 2021-01-01; standing relations get none unless one is given (`since..until`).
    pub fn graph(spec: &str) -> Graph {
        let mut graph = Graph::new();
        graph
            .add_source(Source {
                id: "src".parse().unwrap(),
                title: "Test".into(),
                publisher: "Testpub".into(),
                url: "https://example.org".into(),
                published: "2021".parse().unwrap(),
            })
            .unwrap();
        for (n, line) in spec
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            let words: Vec<&str> = line.split_whitespace().collect();
            let (from, kind, to) = (words[0], words[1].parse().unwrap(), words[2]);
            let mut relation = Relation {
                id: format!("r{n}").parse().unwrap(),
                from: from.parse().unwrap(),
                to: to.parse().unwrap(),
                kind,
                date: None,
                since: None,
                until: None,
                about: vec![],
                claimed_by: None,
                intensity: None,
                counts: None,
                evidence: vec![Evidence {
                    source: "src".parse().unwrap(),
                    quote: format!("quote {n}"),
                    note: format!("note {n}"),
                }],
            };
            for word in &words[3..] {
                if let Some(about) = word.strip_prefix("about=") {
                    relation.about = about.split(',').map(|a| a.parse().unwrap()).collect();
                } else if let Some((since, until)) = word.split_once("..") {
                    relation.since = (!since.is_empty()).then(|| since.parse().unwrap());
                    relation.until = (!until.is_empty()).then(|| until.parse().unwrap());
                } else {
                    relation.date = Some(word.parse().unwrap());
                }
            }
            if !kind.is_standing() && relation.date.is_none() {
                relation.date = Some("2021-01-01".parse().unwrap());
            }
            let ids = [&relation.from, &relation.to]
                .into_iter()
                .chain(&relation.about);
            let ids: Vec<String> = ids.map(ToString::to_string).collect();
            for id in ids {
                if graph.actor(&id.parse().unwrap()).is_none() {
                    graph
                        .add_actor(Actor {
                            id: id.parse().unwrap(),
                            name: id.to_uppercase(),
                            kind: ActorKind::State,
                            aliases: vec![],
                            country: None,
                            description: None,
                        })
                        .unwrap();
                }
            }
            graph.add_relation(relation).unwrap();
        }
        graph
    }
}
