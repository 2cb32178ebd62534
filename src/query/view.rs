//! The graph as a traversal sees it: the [`View`] every query walks.
//!
//! A view applies a [`Traversal`] (filter, direction, `about` links, avoided actors) to the
//! [`Graph`], merges parallel relations into one [`Link`] per pair of actors, numbers the
//! actors densely, and builds each actor's links the first time a search reaches it.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::rc::Rc;

use petgraph::graph::NodeIndex;
use petgraph::Direction;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Hop, Traversal, Walk};
use crate::error::Result;
use crate::filter::RelationFilter;
use crate::graph::{Graph, Projection};
use crate::model::{ActorId, Relation};

/// One way a link between two actors may be walked: a relation and its direction of walk.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step<'g> {
    pub relation: &'g Relation,
    pub walk: Walk,
    pub cost: u64,
}

/// Every walkable relation from one actor to one neighbor, in no particular order, and
/// the cost of the cheapest.
#[derive(Clone, Debug)]
pub(crate) struct Link<'g> {
    pub to: usize,
    pub cost: u64,
    pub steps: Vec<Step<'g>>,
}

/// One actor's links, shared between the view's memo and the searches that walk them.
pub(crate) type Links<'g> = Rc<[Link<'g>]>;

/// A link's relations, best first (see [`best_first`]); an `Rc<Vec>` rather than an
/// `Rc<[_]>`, which would copy them.
type Ordered<'g> = Rc<Vec<Step<'g>>>;

/// The actors one actor links to, in increasing order: from the graph's [`Projection`]
/// when the view may use it, otherwise from the actor's links.
pub(crate) enum Neighbors<'g> {
    Projected(&'g [u32]),
    Linked(Links<'g>),
}

impl Neighbors<'_> {
    /// The linked actors, in increasing order.
    pub fn actors(&self) -> impl Iterator<Item = usize> + '_ {
        let (projected, linked): (&[u32], &[Link]) = match self {
            Self::Projected(actors) => (actors, &[]),
            Self::Linked(links) => (&[], links),
        };
        let projected = projected.iter().map(|&actor| actor as usize);
        projected.chain(linked.iter().map(|link| link.to))
    }
}

/// The graph as a traversal sees it: actors numbered by their petgraph node index (dense,
/// `0..n` in insertion order, because the [`Graph`] never removes a node) and, per actor,
/// its links sorted by neighbor.
///
/// Links are computed on first use from the actor's own edges and memoized, so a point
/// query pays only for the actors it visits: at a million relations, building every
/// actor's links up front took over a second (docs/performance.md).
pub(crate) struct View<'g> {
    graph: &'g Graph,
    filter: RelationFilter,
    directed: bool,
    via_about: bool,
    avoided: FxHashSet<usize>,
    cost: Box<dyn Fn(&Relation) -> u64>,
    /// With the default traversal and every relation of the same cost, who is adjacent to
    /// whom is all a search needs: the graph's projection, and that cost.
    projected: Option<(&'g Projection, u64)>,
    /// The filter passes every relation: it need not read them.
    every_relation: bool,
    /// Links out of each actor visited so far.
    out: RefCell<FxHashMap<usize, Links<'g>>>,
    /// Links into each actor visited backwards so far (directed traversals only: undirected
    /// links are symmetric, so the links out of an actor serve).
    into: RefCell<FxHashMap<usize, Links<'g>>>,
    /// The relations of each hop named so far, best first.
    ordered: RefCell<FxHashMap<(usize, usize), Ordered<'g>>>,
}

impl<'g> View<'g> {
    /// A view of `graph` for `traversal`. `cost` gives each relation a non-negative cost
    /// (in thousandths); a link costs as much as its cheapest relation. Among relations of
    /// equal cost the one that says most stands for the link: events before standing
    /// relations, then the most intense (largest |Goldstein|), the latest, and the smallest
    /// id.
    pub fn new(
        graph: &'g Graph,
        traversal: &Traversal,
        cost: impl Fn(&Relation) -> u64 + 'static,
    ) -> Self {
        let avoided = traversal
            .avoid
            .iter()
            .filter_map(|id| graph.node(id))
            .map(|node| node.index())
            .collect();
        Self {
            graph,
            filter: traversal.filter.clone(),
            directed: traversal.directed,
            via_about: traversal.via_about,
            avoided,
            cost: Box::new(cost),
            projected: None,
            every_relation: traversal.filter == RelationFilter::default(),
            out: RefCell::default(),
            into: RefCell::default(),
            ordered: RefCell::default(),
        }
    }

    /// A view of `graph` for `traversal` where every relation costs `cost`. With the
    /// default traversal its searches walk the graph's [`Projection`] (built on first use)
    /// rather than build links: links are then built only for the hops a query names.
    pub fn uniform(graph: &'g Graph, traversal: &Traversal, cost: u64) -> Self {
        let mut view = Self::new(graph, traversal, move |_| cost);
        if *traversal == Traversal::default() {
            view.projected = Some((graph.projection(), cost));
        }
        view
    }

    /// The number of actors.
    pub fn len(&self) -> usize {
        self.graph.actor_count()
    }

    /// The id of an actor.
    pub fn id(&self, actor: usize) -> &'g ActorId {
        &self.graph.actor_at(NodeIndex::new(actor)).id
    }

    /// The index of an actor.
    pub fn index_of(&self, id: &ActorId) -> Result<usize> {
        self.graph.known_actor(id).map(|(node, _)| node.index())
    }

    /// What walking the actor's links costs: how many neighbors it has in the projection,
    /// otherwise how many relations it takes part in.
    pub fn degree(&self, actor: usize) -> usize {
        match self.projected {
            Some((projection, _)) => projection.neighbors(actor).len(),
            None => self.graph.degree(NodeIndex::new(actor)),
        }
    }

    /// The actors `actor` links to, in increasing order.
    pub fn neighbors(&self, actor: usize) -> Neighbors<'g> {
        match self.projected {
            Some((projection, _)) => Neighbors::Projected(projection.neighbors(actor)),
            None => Neighbors::Linked(self.links(actor)),
        }
    }

    /// The actors that link to `actor`, in increasing order.
    pub fn neighbors_into(&self, actor: usize) -> Neighbors<'g> {
        match self.projected {
            // The projection is undirected: who links to an actor is whom it links to.
            Some((projection, _)) => Neighbors::Projected(projection.neighbors(actor)),
            None => Neighbors::Linked(self.links_into(actor)),
        }
    }

    /// The links out of `actor`, sorted by neighbor.
    pub fn links(&self, actor: usize) -> Links<'g> {
        if let Some(links) = self.out.borrow().get(&actor) {
            return Rc::clone(links);
        }
        let links = Rc::from(self.build_links(actor, false, |_| true));
        self.out.borrow_mut().insert(actor, Rc::clone(&links));
        links
    }

    /// The links into `actor`, sorted by the neighbor they come from; each link's `to` is
    /// that neighbor, its cost and relations those of the link from the neighbor to
    /// `actor`. Undirected, these are `actor`'s own links, whose walks are the mirror image.
    pub fn links_into(&self, actor: usize) -> Links<'g> {
        if !self.directed {
            return self.links(actor);
        }
        if let Some(links) = self.into.borrow().get(&actor) {
            return Rc::clone(links);
        }
        let links = Rc::from(self.build_links(actor, true, |_| true));
        self.into.borrow_mut().insert(actor, Rc::clone(&links));
        links
    }

    /// Builds the links out of `actor` (into it when `reverse`) from its edges, the way
    /// [`Traversal`] describes: each relation walked forwards, backwards unless directed,
    /// and with `via_about` from its endpoints to its subjects and back.
    fn build_links(
        &self,
        actor: usize,
        reverse: bool,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<Link<'g>> {
        if self.avoided.contains(&actor) {
            return Vec::new();
        }
        let graph = self.graph;
        let node = NodeIndex::new(actor);
        let mut steps: Vec<(usize, Step<'g>)> = Vec::with_capacity(self.degree(actor));
        let mut add = |other: NodeIndex, relation: &'g Relation, walk| {
            let other = other.index();
            if other != actor && !self.avoided.contains(&other) && keep(other) {
                let cost = (self.cost)(relation);
                steps.push((
                    other,
                    Step {
                        relation,
                        walk,
                        cost,
                    },
                ));
            }
        };
        let subjects =
            |relation: &'g Relation| relation.about.iter().filter_map(|id| self.graph.node(id));
        let matching = |direction| {
            self.graph
                .incident_edges(node, direction)
                .iter()
                .filter_map(|adjacent| Some((adjacent.other, graph.relation_at(adjacent.edge)?)))
                .filter(|(_, relation)| self.every_relation || self.filter.matches(relation))
        };
        let about = || {
            self.graph
                .edges_about(node)
                .iter()
                .filter_map(|&edge| Some((graph.ends(edge)?, graph.relation_at(edge)?)))
                .filter(|(_, relation)| self.filter.matches(relation))
        };
        if reverse {
            // Directed: `from` reaches `to`, and `from` reaches what the relation is about.
            for (from, relation) in matching(Direction::Incoming) {
                add(from, relation, Walk::Forward);
            }
            if self.via_about {
                for ((from, _), relation) in about() {
                    add(from, relation, Walk::ToSubject);
                }
            }
        } else {
            for (to, relation) in matching(Direction::Outgoing) {
                add(to, relation, Walk::Forward);
                if self.via_about {
                    subjects(relation).for_each(|s| add(s, relation, Walk::ToSubject));
                }
            }
            if !self.directed {
                for (from, relation) in matching(Direction::Incoming) {
                    add(from, relation, Walk::Backward);
                    if self.via_about {
                        subjects(relation).for_each(|s| add(s, relation, Walk::ToSubject));
                    }
                }
                if self.via_about {
                    for ((from, to), relation) in about() {
                        add(from, relation, Walk::FromSubject);
                        add(to, relation, Walk::FromSubject);
                    }
                }
            }
        }
        group(steps, self.via_about)
    }

    /// The links out of `actor` to the actors `keep` accepts, built afresh and not
    /// memoized: for a query that reports a few of a hub's links.
    pub fn links_to(&self, actor: usize, keep: impl Fn(usize) -> bool) -> Vec<Link<'g>> {
        self.build_links(actor, false, keep)
    }

    /// The link from `a` to `b`, if any: from `a`'s links when they are built, otherwise
    /// from the relations between the two alone (so naming a hop of a path does not build
    /// the links of a hub on it).
    pub fn link(&self, a: usize, b: usize) -> Option<Link<'g>> {
        if let Some(links) = self.out.borrow().get(&a) {
            return find(links, b).cloned();
        }
        if a == b || self.avoided.contains(&a) || self.avoided.contains(&b) {
            return None;
        }
        let (node_a, node_b) = (NodeIndex::new(a), NodeIndex::new(b));
        let step = |relation: &'g Relation, walk| Step {
            relation,
            walk,
            cost: (self.cost)(relation),
        };
        let mut steps: Vec<Step<'g>> = self
            .connecting(node_a, node_b)
            .map(|relation| step(relation, Walk::Forward))
            .collect();
        if !self.directed {
            steps.extend(
                self.connecting(node_b, node_a)
                    .map(|relation| step(relation, Walk::Backward)),
            );
        }
        // Relations between the two are distinct; only those through `about` can repeat one.
        let direct = steps.len();
        if self.via_about {
            let graph = self.graph;
            let about = |subject| {
                graph.edges_about(subject).iter().filter_map(|&edge| {
                    let relation = graph.relation_at(edge)?;
                    let ends = graph.ends(edge)?;
                    self.filter.matches(relation).then_some((ends, relation))
                })
            };
            for ((from, to), relation) in about(node_b) {
                if from == node_a || (!self.directed && to == node_a) {
                    steps.push(step(relation, Walk::ToSubject));
                }
            }
            if !self.directed {
                for ((from, to), relation) in about(node_a) {
                    if from == node_b || to == node_b {
                        steps.push(step(relation, Walk::FromSubject));
                    }
                }
            }
        }
        let dedup = steps.len() > direct;
        (!steps.is_empty()).then(|| Link::new(b, steps, dedup))
    }

    /// The relations from `from` to `to` that pass the filter.
    fn connecting(
        &self,
        from: NodeIndex,
        to: NodeIndex,
    ) -> impl Iterator<Item = &'g Relation> + '_ {
        self.graph
            .relations_from_to(from, to)
            .filter(|relation| self.every_relation || self.filter.matches(relation))
    }

    /// The cost of the link from `a` to `b`, if there is one.
    pub fn link_cost(&self, a: usize, b: usize) -> Option<u64> {
        if let Some((projection, cost)) = self.projected {
            return projection.adjacent(a, b).then_some(cost);
        }
        if let Some(links) = self.out.borrow().get(&a) {
            return find(links, b).map(|link| link.cost);
        }
        self.link(a, b).map(|link| link.cost)
    }

    /// The hop along the link from `a` to `b`: its best relation, the others as `also`.
    /// Among the cheapest relations it prefers one that is about an actor of `context`
    /// (the rest of a path), as the one that explains the hop best. The link's relations
    /// are ordered once per view: the k shortest paths often share a hop.
    pub fn hop_in_context(&self, a: usize, b: usize, context: &[usize]) -> Option<Hop<'g>> {
        let known = self.ordered.borrow().get(&(a, b)).map(Rc::clone);
        let steps = match known {
            Some(steps) => steps,
            None => {
                let mut steps = self.link(a, b)?.steps;
                best_first(&mut steps);
                let steps: Ordered<'g> = Rc::new(steps);
                self.ordered.borrow_mut().insert((a, b), Rc::clone(&steps));
                steps
            }
        };
        self.hop_from(a, b, &steps, context)
    }

    /// The hop from `a` along one of its links (see [`View::hop_in_context`]); with an
    /// empty `context`, the link's best relation.
    pub fn hop_along(&self, a: usize, link: &Link<'g>, context: &[usize]) -> Option<Hop<'g>> {
        let mut steps = link.steps.clone();
        best_first(&mut steps);
        self.hop_from(a, link.to, &steps, context)
    }

    /// The hop from `a` to `b` over `steps`, ordered by [`best_first`].
    fn hop_from(
        &self,
        a: usize,
        b: usize,
        steps: &[Step<'g>],
        context: &[usize],
    ) -> Option<Hop<'g>> {
        let cheapest = steps.first()?;
        let relevant = |step: &&Step| {
            step.relation
                .about
                .iter()
                .any(|id| context.iter().any(|&c| self.id(c) == id))
        };
        let chosen = steps
            .iter()
            .take_while(|step| step.cost == cheapest.cost)
            .position(|step| relevant(&step))
            .unwrap_or(0);
        let best = steps[chosen];
        Some(Hop {
            from: self.id(a),
            to: self.id(b),
            walk: best.walk,
            relation: best.relation,
            also: steps[..chosen]
                .iter()
                .chain(&steps[chosen + 1..])
                .map(|step| step.relation)
                .collect(),
        })
    }

    /// Hop counts from `start` up to `max_hops`, one per actor ([`FAR`] for actors further
    /// or unreachable), following links forwards. With the projection the search is
    /// direction-optimizing (below); otherwise it is [`View::distances`].
    pub fn hop_counts(&self, start: usize, max_hops: usize) -> Vec<u32> {
        let mut distance = vec![FAR; self.len()];
        match self.projected {
            Some((projection, _)) => breadth_first(projection, start, max_hops, &mut distance),
            None => {
                for (actor, d) in self.distances(start, false, max_hops) {
                    distance[actor] = u32::try_from(d).unwrap_or(FAR);
                }
            }
        }
        distance
    }

    /// Breadth-first hop counts from `start` up to `max_hops` (actors further or
    /// unreachable are absent), following links forwards, or backwards when `reverse`
    /// (distances *to* `start`). Only actors nearer than `max_hops` have their links built,
    /// and none with the projection.
    pub fn distances(
        &self,
        start: usize,
        reverse: bool,
        max_hops: usize,
    ) -> FxHashMap<usize, usize> {
        let mut distance = FxHashMap::from_iter([(start, 0)]);
        let mut frontier = vec![start];
        for next in 1..=max_hops {
            let mut reached = Vec::new();
            for &node in &frontier {
                let adjacency = if reverse {
                    self.neighbors_into(node)
                } else {
                    self.neighbors(node)
                };
                for other in adjacency.actors() {
                    if let Entry::Vacant(entry) = distance.entry(other) {
                        entry.insert(next);
                        reached.push(other);
                    }
                }
            }
            if reached.is_empty() {
                break;
            }
            frontier = reached;
        }
        distance
    }
}

/// The hop count of an actor out of reach.
pub(crate) const FAR: u32 = u32::MAX;

/// Breadth-first hop counts over the projection from `start` up to `max_hops`, into
/// `distance` (all [`FAR`] on entry, one per actor).
///
/// Direction-optimizing (Beamer, Asanović and Patterson, SC 2012): a ring is found either
/// top-down, walking the neighbors of the ring before, or bottom-up, asking each actor not
/// yet reached whether any of its neighbors is in the ring before and stopping at the
/// first. In a power-law graph the first ring of almost anyone holds a hub, whose
/// neighbors are most of the graph: top-down walks every neighbor of every actor of that
/// ring, bottom-up stops for most actors at their first neighbor. A ring goes bottom-up
/// when the neighbors to walk top-down outnumber a fourteenth of those of the actors not
/// yet reached, the paper's rule.
fn breadth_first(projection: &Projection, start: usize, max_hops: usize, distance: &mut [u32]) {
    let degree = |actor: usize| projection.neighbors(actor).len();
    let Some(first) = distance.get_mut(start) else {
        return;
    };
    *first = 0;
    let mut unreached_degree = projection.total_neighbors() - degree(start);
    let mut ring = vec![start];
    let mut next = Vec::new();
    for hops in 1..=u32::try_from(max_hops).unwrap_or(FAR - 1) {
        let ring_degree: usize = ring.iter().map(|&actor| degree(actor)).sum();
        if ring_degree * 14 > unreached_degree {
            for actor in 0..distance.len() {
                if distance[actor] == FAR
                    && projection
                        .neighbors(actor)
                        .iter()
                        .any(|&other| distance[other as usize] == hops - 1)
                {
                    distance[actor] = hops;
                    next.push(actor);
                }
            }
        } else {
            for &actor in &ring {
                for &other in projection.neighbors(actor) {
                    if distance[other as usize] == FAR {
                        distance[other as usize] = hops;
                        next.push(other as usize);
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        unreached_degree -= next.iter().map(|&actor| degree(actor)).sum::<usize>();
        std::mem::swap(&mut ring, &mut next);
        next.clear();
    }
}

/// The link to `to` in links sorted by neighbor.
pub(crate) fn find<'a, 'g>(links: &'a [Link<'g>], to: usize) -> Option<&'a Link<'g>> {
    links
        .binary_search_by_key(&to, |link| link.to)
        .ok()
        .map(|i| &links[i])
}

/// Groups steps by neighbor into links sorted by neighbor, each with its cost and its
/// steps in no particular order ([`best_first`] orders them when a hop is named: a search
/// needs only the costs).
fn group(mut steps: Vec<(usize, Step<'_>)>, dedup: bool) -> Vec<Link<'_>> {
    steps.sort_unstable_by_key(|(other, _)| *other);
    steps
        .chunk_by(|x, y| x.0 == y.0)
        .map(|chunk| {
            let steps = chunk.iter().map(|(_, step)| *step).collect();
            Link::new(chunk[0].0, steps, dedup)
        })
        .collect()
}

impl<'g> Link<'g> {
    /// The link to `to` over `steps`; with `dedup`, a relation there twice is kept once.
    fn new(to: usize, mut steps: Vec<Step<'g>>, dedup: bool) -> Self {
        if dedup {
            // Through `about` a relation can link the same pair twice (an endpoint and a
            // subject, say); keep it once, walked the way that sorts first. Relation ids
            // are unique, so the same relation is the same reference.
            steps.sort_unstable_by_key(|step| (std::ptr::from_ref(step.relation), step.walk));
            steps.dedup_by(|x, y| std::ptr::eq(x.relation, y.relation));
        }
        let cost = steps.iter().map(|s| s.cost).min().unwrap_or(0);
        Self { to, cost, steps }
    }
}

/// Orders a link's steps best first: cheapest, then events before standing relations, the
/// most intense (largest |Goldstein|), the latest, and the smallest id.
fn best_first(steps: &mut Vec<Step<'_>>) {
    let Ok(count) = u32::try_from(steps.len()) else {
        return;
    };
    if count < 2 {
        return;
    }
    // Each relation's key is read once, packed into integers that compare in the order
    // wanted (comparing relations directly reads two of them, hundreds of bytes apart, per
    // comparison, and a hub's link holds thousands): in one number, standing relations
    // after events (the top bit), the largest |Goldstein| first (a non-negative float
    // orders as its bits, so their complement orders it backwards), the latest date first
    // and, in the low 32 bits, the step's place.
    let key = |step: &Step, place: u32| {
        let relation = step.relation;
        let standing = u64::from(relation.kind.is_standing()) << 63;
        let weight = !relation.weight().abs().to_bits() & (u64::MAX >> 1);
        let date = !relation.date_rank();
        (u128::from(standing | weight) << 64) | (u128::from(date) << 32) | u128::from(place)
    };
    let place = |key: u128| (key & u128::from(u32::MAX)) as usize;
    let keyed = steps.iter().zip(0..count);
    // Most links cost the same whichever relation is walked (all, by hops): their keys
    // leave the cost out, as one integer sorts markedly faster than two.
    *steps = if steps.iter().all(|step| step.cost == steps[0].cost) {
        let keys = keyed.map(|(step, i)| key(step, i)).collect();
        by_key(steps, keys, |&k| place(k), |x, y| x >> 32 == y >> 32)
    } else {
        let keys = keyed.map(|(step, i)| (step.cost, key(step, i))).collect();
        by_key(
            steps,
            keys,
            |k| place(k.1),
            |x, y| (x.0, x.1 >> 32) == (y.0, y.1 >> 32),
        )
    };
}

/// `steps` in the order of `keys`, each holding a step's place (`place`); steps whose keys
/// are `tied` (equal but for the place) fall to the id, then the walk. Equal there, they
/// are the same relation walked the same way, that is equal steps.
fn by_key<'g, K: Ord>(
    steps: &[Step<'g>],
    mut keys: Vec<K>,
    place: impl Fn(&K) -> usize,
    tied: impl Fn(&K, &K) -> bool,
) -> Vec<Step<'g>> {
    keys.sort_unstable();
    for run in keys.chunk_by_mut(|x, y| tied(x, y)) {
        if run.len() > 1 {
            run.sort_unstable_by(|x, y| {
                let (a, b) = (&steps[place(x)], &steps[place(y)]);
                (&a.relation.id, a.walk).cmp(&(&b.relation.id, b.walk))
            });
        }
    }
    keys.iter().map(|key| steps[place(key)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a link holds that its two ends must agree on: its cost, its relations and,
    /// when `walks`, how each is walked (in a fixed order).
    type Summary = Option<(u64, Vec<(String, Option<Walk>)>)>;

    fn summary(link: &Option<Link>, walks: bool) -> Summary {
        let link = link.as_ref()?;
        let mut steps: Vec<(String, Option<Walk>)> = link
            .steps
            .iter()
            .map(|step| (step.relation.id.to_string(), walks.then_some(step.walk)))
            .collect();
        steps.sort();
        Some((link.cost, steps))
    }

    /// `best_first` sorts packed integers; it orders steps as its definition does, ties
    /// (same cost, class, weight and date) included.
    #[test]
    fn best_first_orders_as_defined() {
        let mut next = crate::testing::random(23);
        let kinds = [
            "consult",
            "demand",
            "fight",
            "aid",
            "allied_with",
            "member_of",
        ];
        let dates = ["2021", "2021-03", "2021-03-08", "2022-01-01"];
        for round in 0..40 {
            let mut spec = String::new();
            for _ in 0..2 + next(30) {
                let (from, to) = if next(2) == 0 { ("a", "b") } else { ("b", "a") };
                let kind = kinds[next(kinds.len() as u64) as usize];
                let date = dates[next(dates.len() as u64) as usize];
                let when = if kind.contains('_') {
                    format!("{date}..")
                } else {
                    date.to_string()
                };
                spec += &format!("{from} {kind} {to} {when}\n");
            }
            let graph = crate::testing::graph(&spec);
            let traversal = Traversal::default();
            let by_hops = |_: &Relation| 1000;
            let by_conflict = |r: &Relation| crate::query::path::Weight::Conflict.cost(r) as u64;
            for view in [
                View::new(&graph, &traversal, by_hops),
                View::new(&graph, &traversal, by_conflict),
            ] {
                let mut steps = view.link(0, 1).unwrap().steps;
                let mut expected = steps.clone();
                // The definition, as the comparator `best_first` used to sort with.
                expected.sort_by(|x, y| {
                    let (rx, ry) = (x.relation, y.relation);
                    x.cost
                        .cmp(&y.cost)
                        .then(rx.kind.is_standing().cmp(&ry.kind.is_standing()))
                        .then(ry.weight().abs().total_cmp(&rx.weight().abs()))
                        .then(ry.sort_date().cmp(&rx.sort_date()))
                        .then((&rx.id, x.walk).cmp(&(&ry.id, y.walk)))
                });
                best_first(&mut steps);
                let ids = |steps: &[Step]| -> Vec<String> {
                    steps
                        .iter()
                        .map(|s| format!("{} {:?}", s.relation.id, s.walk))
                        .collect()
                };
                assert_eq!(ids(&steps), ids(&expected), "round {round}: {spec}");
            }
        }
    }

    #[test]
    fn links_out_in_and_between_agree() {
        // Random graphs with `about`: the link from a to b is the same whether read from
        // a's links, from b's links into it, or built from the relations between the two.
        let mut next = crate::testing::random(5);
        let kinds = ["consult", "demand", "aid", "allied_with"];
        for _ in 0..20 {
            let actors = 4 + next(8);
            let mut spec = String::new();
            for _ in 0..actors * 3 {
                let (a, b, s) = (next(actors), next(actors), next(actors));
                let kind = kinds[next(4) as usize];
                let about = if next(2) == 0 {
                    format!(" about=n{s},n{a}")
                } else {
                    String::new()
                };
                if a != b {
                    spec += &format!("n{a} {kind} n{b}{about}\n");
                }
            }
            let graph = crate::testing::graph(&spec);
            for (directed, via_about) in
                [(false, false), (true, false), (false, true), (true, true)]
            {
                let traversal = Traversal {
                    directed,
                    via_about,
                    avoid: vec!["n1".parse().unwrap()],
                    ..Traversal::default()
                };
                let cost = |r: &Relation| (r.weight().abs() * 10.0) as u64;
                let n = graph.actor_count();
                for a in 0..n {
                    for b in 0..n {
                        let fresh = View::new(&graph, &traversal, cost);
                        let between = fresh.link(a, b);
                        let out = find(&fresh.links(a), b).cloned();
                        let into = find(&fresh.links_into(b), a).cloned();
                        assert_eq!(
                            summary(&between, true),
                            summary(&out, true),
                            "{spec} {a}→{b}"
                        );
                        // Undirected, the links into b are b's own: same relations, walks
                        // mirrored.
                        assert_eq!(
                            summary(&into, directed),
                            summary(&out, directed),
                            "{spec} {a}→{b} into"
                        );
                    }
                }
            }
        }
    }
}
