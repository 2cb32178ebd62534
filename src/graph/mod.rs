//! The graph: actors as nodes, relations as edges, with id and name indexes.
//!
//! Nodes and edges are numbered in the order they were added, with petgraph's index types;
//! the indexes are internal. Everything public is addressed by [`ActorId`], because the
//! indexes are not stable ids. The topology (each edge's ends and event count, each actor's
//! adjacency lists) is kept apart from the relations themselves (`store.rs`), which a graph
//! read from a snapshot leaves encoded until they are read.

use std::hash::{BuildHasher, BuildHasherDefault};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::Direction;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

mod projection;
mod store;

use crate::check::{check_and_index, Diagnostic};
use crate::error::{Error, Result};
use crate::filter::RelationFilter;
use crate::model::{Actor, ActorId, Dataset, Relation, RelationId, Source, SourceId};
use crate::resolve::NameIndex;
pub(crate) use projection::Projection;
pub(crate) use store::{Decode, Encoded, EncodedSources};
use store::{Relations, Sources};

/// A checked knowledge graph.
///
/// Build one from a [`Dataset`] with `Graph::try_from`, or piece by piece:
///
/// ```
/// use dipgraph::{Actor, ActorId, ActorKind, Evidence, Graph, Relation, RelationKind, Source};
///
/// let mut graph = Graph::new();
/// graph.add_source(Source {
///     id: "note-1".parse()?,
///     title: "Field notes".into(),
///     publisher: "Me".into(),
///     url: "https://example.org/1".into(),
///     published: "2024-05".parse()?,
/// })?;
/// for (id, name) in [("a", "Arstotzka"), ("k", "Kolechia")] {
///     graph.add_actor(Actor {
///         id: ActorId::new(id)?,
///         name: name.into(),
///         kind: ActorKind::State,
///         aliases: vec![],
///         country: None,
///         description: None,
///     })?;
/// }
/// graph.add_relation(Relation {
///     id: "a-warns-k".parse()?,
///     from: "a".parse()?,
///     to: "k".parse()?,
///     kind: RelationKind::Criticize,
///     date: Some("2024-05-02".parse()?),
///     since: None,
///     until: None,
///     about: vec![],
///     claimed_by: None,
///     intensity: None,
///     evidence: vec![Evidence {
///         source: "note-1".parse()?,
///         quote: String::new(),
///         note: "Arstotzka warned Kolechia over the border.".into(),
///         confidence: None,
///         span: None,
///     }],
///     counts: None,
/// })?;
/// let kolechia = graph.resolve("kolechia")?;
/// assert_eq!(graph.relations_of(kolechia).count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Graph {
    // The actors by node index, and the relations' ends and event counts by edge index:
    // the topology the searches read, apart from the relations themselves (`relations`,
    // by edge index), so that a snapshot's can stay encoded until read.
    actors: Vec<Actor>,
    edges: Vec<Edge>,
    relations: Relations,
    // Looked up twice per relation while building: Fx hashing, not SipHash.
    nodes: FxHashMap<ActorId, NodeIndex>,
    // Built on first use when not given: a query by ids never needs it, and at ten million
    // relations (100,000 actors) it is ~8% of a snapshot's loading time.
    names: OnceLock<NameIndex>,
    sources: Sources,
    // Hashes of the relation ids, for a constant-time duplicate check in `add_relation`
    // at 8 bytes a relation rather than a second copy of every id; a hit is confirmed by
    // comparing ids. It holds the first `relation_ids_of` relations and is brought up to
    // date by `add_relation` alone: a graph loaded from checked data never needs it, and a
    // million inserts at random places cost ~0.15 s of loading (docs/performance.md).
    relation_ids: FxHashSet<u64>,
    relation_ids_of: usize,
    // The relations each actor is `about`, for traversals that link through subjects
    // (`query::View`) without scanning every relation. Only actors some relation is about
    // have an entry.
    about: FxHashMap<NodeIndex, Vec<EdgeIndex>>,
    // Each actor's relations, by node index, as contiguous lists beside petgraph's linked
    // edge lists: walking a hub's relations through the latter costs a dependent cache miss
    // per relation (profiled: nearly all of a point query's time at 1M relations).
    outgoing: Vec<Vec<IncidentEdge>>,
    incoming: Vec<Vec<IncidentEdge>>,
    // Who is adjacent to whom, built on first use by a query that needs nothing else and
    // dropped whenever the graph changes (see `Projection`).
    projection: OnceLock<Projection>,
    // Node indexes in the order of their actors' ids, built on first use like the
    // projection and dropped whenever an actor is added: results list actors by id, and
    // sorting ids per query costs more than a search (docs/performance.md).
    by_id: OnceLock<Vec<u32>>,
    // Whether some relation stands for several events (`Relation::events`), so that counts
    // of relations must be weighted.
    merged_events: bool,
    // The graph with its relations as edge weights, for `Graph::petgraph`: a copy, made on
    // the first call and dropped whenever the graph changes.
    petgraph: OnceLock<StableDiGraph<Actor, Relation>>,
}

/// What the graph keeps of a relation beside the relation itself: its two actors and the
/// number of events it stands for ([`Relation::events`]), which the traversals weigh by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub events: u32,
}

/// The relations of a snapshot as read, left encoded, for [`Graph::with_encoded`].
#[derive(Debug, Default)]
pub(crate) struct EncodedRelations {
    /// Each relation's ends and event count, in order.
    pub edges: Vec<Edge>,
    /// `(i, actor)` when the `i`-th relation is about that actor, in increasing order of `i`.
    pub about: Vec<(usize, NodeIndex)>,
    /// Where the relations are, in order: a block's bytes, a chunk's range in them and how
    /// many relations the chunk holds.
    pub chunks: Vec<(Arc<Encoded>, Range<usize>, usize)>,
}

/// Each actor's relations one way, in the order added: `ends` gives a relation's actor
/// on the list's side and the other. Every list is allocated at its final size.
fn adjacency(
    edges: &[Edge],
    nodes: usize,
    ends: impl Fn(&Edge) -> (NodeIndex, NodeIndex),
) -> Vec<Vec<IncidentEdge>> {
    let mut degrees = vec![0_usize; nodes];
    for edge in edges {
        if let Some(degree) = degrees.get_mut(ends(edge).0.index()) {
            *degree += 1;
        }
    }
    let mut lists: Vec<Vec<IncidentEdge>> = degrees.into_iter().map(Vec::with_capacity).collect();
    for (i, edge) in edges.iter().enumerate() {
        let (this, other) = ends(edge);
        if let Some(list) = lists.get_mut(this.index()) {
            list.push(IncidentEdge {
                other,
                edge: EdgeIndex::new(i),
            });
        }
    }
    lists
}

/// One relation of an actor as its adjacency list holds it: the actor at the other end and
/// the relation's edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IncidentEdge {
    pub other: NodeIndex,
    pub edge: EdgeIndex,
}

impl TryFrom<Dataset> for Graph {
    type Error = Error;

    /// Checks the dataset and builds the graph.
    ///
    /// # Errors
    /// [`Error::Invalid`] with every error [`check_dataset`](crate::check::check_dataset) finds (warnings are ignored).
    fn try_from(dataset: Dataset) -> Result<Self> {
        let (diagnostics, names) = check_and_index(&dataset, None);
        Self::unless_errors(dataset, diagnostics, names)
    }
}

impl Graph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// The graph of a checked dataset, or [`Error::Invalid`] when `diagnostics` hold errors
    /// (warnings are ignored); `names` is the checker's index of the dataset's actors.
    pub(crate) fn unless_errors(
        dataset: Dataset,
        diagnostics: Vec<Diagnostic>,
        names: NameIndex,
    ) -> Result<Self> {
        let errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Invalid(errors));
        }
        Ok(Self::from_checked(dataset, Some(names)))
    }

    /// Builds the graph from a dataset already known to be free of errors, reusing the
    /// index of its actors' names when the checker built one.
    pub(crate) fn from_checked(dataset: Dataset, names: Option<NameIndex>) -> Self {
        let mut graph = Self::with_checked_nodes(
            dataset.sources,
            dataset.actors,
            names,
            dataset.relations.len(),
        );
        for relation in dataset.relations {
            graph.push_checked_relation(relation);
        }
        graph
    }

    /// A graph of checked sources and actors, with room for `relations` relations to come
    /// through [`Graph::push_checked_relation`], or to be given by [`Graph::with_encoded`]
    /// (a snapshot's); `names` is the index of the actors' names, if built already.
    pub(crate) fn with_checked_nodes(
        sources: Vec<Source>,
        actors: Vec<Actor>,
        names: Option<NameIndex>,
        relations: usize,
    ) -> Self {
        let mut graph = Self {
            actors: Vec::with_capacity(actors.len()),
            edges: Vec::with_capacity(relations),
            relations: Relations::with_capacity(relations),
            nodes: FxHashMap::with_capacity_and_hasher(actors.len(), Default::default()),
            names: names.map_or_else(OnceLock::new, OnceLock::from),
            sources: Sources::new(sources),
            relation_ids: FxHashSet::default(),
            relation_ids_of: 0,
            about: FxHashMap::default(),
            outgoing: Vec::with_capacity(actors.len()),
            incoming: Vec::with_capacity(actors.len()),
            projection: OnceLock::new(),
            by_id: OnceLock::new(),
            merged_events: false,
            petgraph: OnceLock::new(),
        };
        for actor in actors {
            graph.push_node(actor);
        }
        graph
    }

    /// Adds an actor's node. Nodes are never removed, so node indexes stay dense: the
    /// `i`-th actor added has index `i`, which `query::View` relies on.
    fn push_node(&mut self, actor: Actor) {
        let id = actor.id.clone();
        let node = NodeIndex::new(self.actors.len());
        self.actors.push(actor);
        self.nodes.insert(id, node);
        self.projection.take();
        self.by_id.take();
        self.outgoing.push(Vec::new());
        self.incoming.push(Vec::new());
    }

    /// Adds a relation between two nodes of the graph, and indexes it.
    fn push_edge(&mut self, a: NodeIndex, b: NodeIndex, relation: Relation) {
        let subjects: Vec<NodeIndex> = relation
            .about
            .iter()
            .filter_map(|id| self.nodes.get(id).copied())
            .collect();
        self.push_topology(a, b, relation.events(), subjects);
        self.relations.push(relation);
    }

    /// Adds the edge of a relation, whose value is added to `relations` beside it, and
    /// indexes it: by its ends and by the actors it is about.
    fn push_topology(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        events: u32,
        subjects: impl IntoIterator<Item = NodeIndex>,
    ) {
        self.projection.take();
        self.petgraph.take();
        self.merged_events |= events > 1;
        let edge = EdgeIndex::new(self.edges.len());
        self.edges.push(Edge {
            from: a,
            to: b,
            events,
        });
        for subject in subjects {
            self.index_about(subject, edge);
        }
        if let Some(list) = self.outgoing.get_mut(a.index()) {
            list.push(IncidentEdge { other: b, edge });
        }
        if let Some(list) = self.incoming.get_mut(b.index()) {
            list.push(IncidentEdge { other: a, edge });
        }
    }

    /// Records that the relation of `edge`, the latest added, is about `subject`.
    fn index_about(&mut self, subject: NodeIndex, edge: EdgeIndex) {
        let edges = self.about.entry(subject).or_default();
        // A relation about the same actor twice is indexed once.
        if edges.last() != Some(&edge) {
            edges.push(edge);
        }
    }

    /// Gives a graph of actors and no relations those of a snapshot, left encoded. None
    /// when the pieces do not fit one another or the graph (a damaged snapshot): an actor
    /// index out of range, or chunks that do not hold the edges.
    ///
    /// The adjacency lists are built here in one pass each way (on two threads), each list
    /// allocated at its final size, rather than grown a relation at a time.
    pub(crate) fn with_encoded(mut self, relations: EncodedRelations) -> Option<Self> {
        let EncodedRelations {
            edges,
            about,
            chunks,
        } = relations;
        let nodes = self.actors.len();
        let node = |index: NodeIndex| index.index() < nodes;
        let fits = chunks.iter().map(|(_, _, count)| count).sum::<usize>() == edges.len()
            && edges.iter().all(|e| node(e.from) && node(e.to))
            && about
                .iter()
                .all(|&(i, actor)| i < edges.len() && node(actor))
            && self.edges.is_empty();
        if !fits {
            return None;
        }
        for (i, subject) in about {
            self.index_about(subject, EdgeIndex::new(i));
        }
        for (block, range, count) in chunks {
            self.relations.push_encoded(&block, range, count);
        }
        self.merged_events = edges.iter().any(|e| e.events > 1);
        (self.outgoing, self.incoming) = std::thread::scope(|scope| {
            let outgoing = scope.spawn(|| adjacency(&edges, nodes, |e| (e.from, e.to)));
            let incoming = adjacency(&edges, nodes, |e| (e.to, e.from));
            (
                outgoing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                incoming,
            )
        });
        self.edges = edges;
        self.projection.take();
        self.petgraph.take();
        Some(self)
    }

    /// Adds a relation known to pass the checks.
    pub(crate) fn push_checked_relation(&mut self, relation: Relation) {
        if let (Some(&a), Some(&b)) = (self.nodes.get(&relation.from), self.nodes.get(&relation.to))
        {
            self.push_edge(a, b, relation);
        }
    }

    /// Gives a graph made with no sources those of a snapshot, left encoded.
    pub(crate) fn with_encoded_sources(mut self, sources: EncodedSources) -> Self {
        self.sources = Sources::encoded(sources);
        self
    }

    /// Adds a source.
    ///
    /// # Errors
    /// When a source with the same id exists.
    pub fn add_source(&mut self, source: Source) -> Result<()> {
        if self.sources.contains(&source.id) {
            return Err(invalid(format!("duplicate source id `{}`", source.id)));
        }
        self.sources.insert(source);
        Ok(())
    }

    /// Adds an actor.
    ///
    /// # Errors
    /// When an actor with the same id exists, or one of its names already names another actor.
    pub fn add_actor(&mut self, actor: Actor) -> Result<()> {
        if self.nodes.contains_key(&actor.id) {
            return Err(invalid(format!("duplicate actor id `{}`", actor.id)));
        }
        for name in crate::resolve::names(&actor) {
            if let Ok(other) = self.names().resolve_exact(name) {
                return Err(invalid(format!(
                    "actor `{}`: the name `{name}` already names `{other}`",
                    actor.id
                )));
            }
        }
        // The check above built the index; were it not built, it would be built from the
        // actors when first used, this one included.
        if let Some(names) = self.names.get_mut() {
            names.insert(&actor);
        }
        self.push_node(actor);
        Ok(())
    }

    /// Adds a relation between actors already in the graph.
    ///
    /// # Errors
    /// Every problem [`check_dataset`](crate::check::check_dataset) would report for it, as [`Error::Invalid`].
    pub fn add_relation(&mut self, relation: Relation) -> Result<()> {
        let problems = crate::check::relation_problems(
            &relation,
            |id| self.nodes.contains_key(id),
            |id| self.sources.contains(id),
            || self.sources.ids().map(ToString::to_string).collect(),
            self.names(),
        );
        self.index_relation_ids();
        let id_hash = id_hash(&relation.id);
        if self.relation_ids.contains(&id_hash) && self.relations().any(|r| r.id == relation.id) {
            return Err(invalid(format!("duplicate relation id `{}`", relation.id)));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let (Some(&a), Some(&b)) = (self.nodes.get(&relation.from), self.nodes.get(&relation.to))
        else {
            return Err(invalid(format!(
                "relation `{}`: unknown actor",
                relation.id
            )));
        };
        self.push_edge(a, b, relation);
        self.relation_ids.insert(id_hash);
        self.relation_ids_of += 1;
        Ok(())
    }

    /// Adds to `relation_ids` the relations it lacks: those added without `add_relation`.
    /// Edges are never removed, so their indexes are `0..edge_count` in insertion order.
    fn index_relation_ids(&mut self) {
        let new = self.relations.iter().skip(self.relation_ids_of);
        self.relation_ids
            .extend(new.map(|relation| id_hash(&relation.id)));
        self.relation_ids_of = self.relations.len();
    }

    /// Finds the actor a name, alias or id refers to (see [`crate::resolve`]).
    ///
    /// # Errors
    /// [`Error::UnknownActor`] or [`Error::AmbiguousActor`].
    pub fn resolve(&self, name: &str) -> Result<&ActorId> {
        if let Some((id, _)) = self.nodes.get_key_value(name) {
            return Ok(id);
        }
        self.names().resolve(name)
    }

    /// The index of the actors' names, built on first use.
    fn names(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::new(&self.actors))
    }

    /// The actor with this id.
    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.nodes.get(id).and_then(|&n| self.actors.get(n.index()))
    }

    /// The actor's display name, or the id itself when no actor has it.
    pub fn name_of<'a>(&'a self, id: &'a ActorId) -> &'a str {
        self.actor(id).map_or(id.as_str(), |a| a.name.as_str())
    }

    /// The source with this id.
    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.get(id)
    }

    /// All actors, in the order they were added.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    /// All relations, in the order they were added.
    pub fn relations(&self) -> impl Iterator<Item = &Relation> {
        self.relations.iter()
    }

    /// Every relation with the nodes of its two actors, `from` first, in the order added.
    pub(crate) fn relations_with_ends(
        &self,
    ) -> impl Iterator<Item = (NodeIndex, NodeIndex, &Relation)> {
        // Each relation is added with its edge: edge `i` is relation `i`.
        let edges = self.edges.iter().zip(self.relations.iter());
        edges.map(|(edge, relation)| (edge.from, edge.to, relation))
    }

    /// How many chunks of relations read from a snapshot are decoded, of how many.
    #[cfg(test)]
    pub(crate) fn decoded_chunks(&self) -> (usize, usize) {
        self.relations.decoded_chunks()
    }

    /// Decodes now, on every core, the relations read from a snapshot and not yet read
    /// (a graph read from a snapshot decodes each chunk of 64 when one of its relations is
    /// first read): for a caller about to read most of them one by one, or a server that
    /// would rather hold them decoded than decode them while it answers. Nothing to do for a
    /// graph built from a dataset.
    ///
    /// ```
    /// use dipgraph::{dataset::snapshot, Dataset, Graph};
    /// let graph = Graph::try_from(Dataset::builtin()?)?;
    /// let bytes = snapshot::to_bytes(&graph);
    /// let again = snapshot::graph_from_reader(bytes.as_slice(), "<memory>".as_ref())?;
    /// again.decode_relations();
    /// assert!(again.relations().eq(graph.relations()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode_relations(&self) {
        self.relations.decode_all();
    }

    /// The relation of an edge.
    pub(crate) fn relation_at(&self, edge: EdgeIndex) -> Option<&Relation> {
        self.relations.get(edge.index())
    }

    /// The relations that pass `filter`.
    pub fn relations_matching<'a>(
        &'a self,
        filter: &'a RelationFilter,
    ) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations().filter(move |r| filter.matches(r))
    }

    /// All sources, sorted by id.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.sources.iter()
    }

    /// The number of actors.
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// The number of relations.
    pub fn relation_count(&self) -> usize {
        self.edges.len()
    }

    /// Every relation from or to the actor, outgoing first, each in insertion order.
    pub fn relations_of<'a>(&'a self, id: &ActorId) -> impl Iterator<Item = &'a Relation> + 'a {
        let node = self.nodes.get(id).copied();
        [Direction::Outgoing, Direction::Incoming]
            .into_iter()
            .flat_map(move |direction| {
                // The lists are in the order the relations were added.
                let edges = node.map_or(&[][..], |n| self.incident_edges(n, direction));
                edges.iter().filter_map(|e| self.relation_at(e.edge))
            })
    }

    /// The relations that name the actor in `about` or `claimed_by`.
    pub fn relations_mentioning<'a>(
        &'a self,
        id: &'a ActorId,
    ) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations()
            .filter(move |r| r.about.contains(id) || r.claimed_by.as_ref() == Some(id))
    }

    /// The graph as a dataset again, in insertion order (sources sorted by id).
    pub fn to_dataset(&self) -> Dataset {
        Dataset {
            sources: self.sources().cloned().collect(),
            actors: self.actors().cloned().collect(),
            relations: self.relations().cloned().collect(),
        }
    }

    /// The graph as a petgraph graph with the relations as edge weights, for algorithms
    /// this crate does not offer. Node and edge indexes are the graph's own ([`Graph::node`]).
    ///
    /// It is a copy, made on the first call after the graph last changed and kept until it
    /// changes again: the graph itself keeps its relations apart from the topology, so that
    /// a snapshot's can stay encoded until read. The copy costs the memory of every actor
    /// and relation once more.
    ///
    /// ```
    /// use dipgraph::{Dataset, Graph};
    /// let graph = Graph::try_from(Dataset::builtin()?)?;
    /// let petgraph = graph.petgraph();
    /// assert_eq!(petgraph.edge_count(), graph.relation_count());
    /// let turkey = graph.node(graph.resolve("Turkey")?).unwrap();
    /// assert_eq!(petgraph[turkey].name, "Turkey");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn petgraph(&self) -> &StableDiGraph<Actor, Relation> {
        self.petgraph.get_or_init(|| {
            let mut graph = StableDiGraph::with_capacity(self.actors.len(), self.edges.len());
            for actor in &self.actors {
                graph.add_node(actor.clone());
            }
            for (from, to, relation) in self.relations_with_ends() {
                graph.add_edge(from, to, relation.clone());
            }
            graph
        })
    }

    /// The actor of a node of this graph (panics on an index that is not one, as
    /// petgraph's indexing does).
    pub(crate) fn actor_at(&self, node: NodeIndex) -> &Actor {
        &self.actors[node.index()]
    }

    /// The two actors of an edge, `from` first.
    pub(crate) fn ends(&self, edge: EdgeIndex) -> Option<(NodeIndex, NodeIndex)> {
        self.edges.get(edge.index()).map(|e| (e.from, e.to))
    }

    /// The number of events the relation of an edge stands for ([`Relation::events`]),
    /// without reading the relation.
    pub(crate) fn events_at(&self, edge: EdgeIndex) -> u32 {
        self.edges.get(edge.index()).map_or(1, |e| e.events)
    }

    /// The petgraph node of an actor.
    pub fn node(&self, id: &ActorId) -> Option<NodeIndex> {
        self.nodes.get(id).copied()
    }

    /// The node and the actor of `id`, or [`Error::UnknownActor`].
    pub(crate) fn known_actor(&self, id: &ActorId) -> Result<(NodeIndex, &Actor)> {
        self.node(id)
            .zip(self.actor(id))
            .ok_or_else(|| Error::unknown_actor(id.as_str(), Vec::new()))
    }

    /// The edges of the relations that are about the actor of `node`.
    pub(crate) fn edges_about(&self, node: NodeIndex) -> &[EdgeIndex] {
        self.about.get(&node).map_or(&[], Vec::as_slice)
    }

    /// The relations out of (`Outgoing`) or into (`Incoming`) the actor of `node`, in the
    /// order they were added.
    pub(crate) fn incident_edges(&self, node: NodeIndex, direction: Direction) -> &[IncidentEdge] {
        let lists = match direction {
            Direction::Outgoing => &self.outgoing,
            Direction::Incoming => &self.incoming,
        };
        lists.get(node.index()).map_or(&[], Vec::as_slice)
    }

    /// The relations from `from` to `to`, in the order they were added: from the link
    /// between the two when the projection is built (a hub's relations need not be read to
    /// find the few with one neighbor), otherwise from the adjacency list of whichever end
    /// has fewer.
    pub(crate) fn relations_from_to(
        &self,
        from: NodeIndex,
        to: NodeIndex,
    ) -> impl Iterator<Item = &Relation> + '_ {
        let link = self
            .projection
            .get()
            .map(|projection| projection.link_from(from.index(), to.index()));
        let (out, into) = (
            self.incident_edges(from, Direction::Outgoing),
            self.incident_edges(to, Direction::Incoming),
        );
        let (list, other) = match link {
            Some(_) => (&[][..], to),
            None if out.len() <= into.len() => (out, to),
            None => (into, from),
        };
        link.unwrap_or(&[])
            .iter()
            .copied()
            .chain(
                list.iter()
                    .filter(move |adjacent| adjacent.other == other)
                    .map(|adjacent| adjacent.edge),
            )
            .filter_map(|edge| self.relation_at(edge))
    }

    /// Builds now what the default traversal searches (who is adjacent to whom, through
    /// which relations) and the order of the actors by id that results list them in, which
    /// the first query that needs them would otherwise build: about 2 % of the time a graph
    /// takes to build (docs/performance.md). Nothing to do if they are built already; any
    /// change to the graph drops them.
    pub fn prepare_queries(&self) {
        self.projection();
        self.actors_by_id();
    }

    /// Every actor's node index, in the order of the actors' ids: built on the first call
    /// after an actor was last added.
    pub(crate) fn actors_by_id(&self) -> &[u32] {
        self.by_id.get_or_init(|| {
            let mut order: Vec<(&ActorId, u32)> = self
                .actors
                .iter()
                .enumerate()
                .filter_map(|(node, actor)| Some((&actor.id, u32::try_from(node).ok()?)))
                .collect();
            order.sort_unstable();
            order.into_iter().map(|(_, node)| node).collect()
        })
    }

    /// Who is adjacent to whom, relations of every kind walked both ways: built on the first
    /// call after the graph last changed, then shared by every query on it.
    /// Whether some relation stands for several events ([`Relation::events`]).
    pub(crate) fn has_merged_events(&self) -> bool {
        self.merged_events
    }

    pub(crate) fn projection(&self) -> &Projection {
        self.projection
            .get_or_init(|| Projection::new(&self.outgoing, &self.incoming))
    }

    /// How many relations the actor of `node` is the `from` or `to` of (a self-loop twice).
    pub(crate) fn degree(&self, node: NodeIndex) -> usize {
        self.incident_edges(node, Direction::Outgoing).len()
            + self.incident_edges(node, Direction::Incoming).len()
    }
}

/// A relation id's hash, the same in every run (Fx hashing has no random seed).
fn id_hash(id: &RelationId) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(id.as_str())
}

fn invalid(message: String) -> Error {
    Error::Invalid(vec![Diagnostic::error(None, message)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{graph, random_spec};

    /// Library users may share a graph between threads: ids share their text through `Arc`,
    /// not `Rc`, and the query projection is built behind a shared reference (`OnceLock`).
    #[test]
    fn graph_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Graph>();
    }

    /// `add_relation` refuses an id already in the graph, however the graph was built: the
    /// id index is filled lazily, for the relations `add_relation` did not add itself.
    #[test]
    fn duplicate_relation_ids_are_refused() {
        let dataset = Dataset::builtin().unwrap();
        let (first, last) = (
            dataset.relations.first().unwrap().clone(),
            dataset.relations.last().unwrap().clone(),
        );
        let mut graph = Graph::try_from(dataset).unwrap();
        for relation in [&first, &last] {
            let err = graph.add_relation(relation.clone()).unwrap_err();
            assert!(err.to_string().contains("duplicate relation id"), "{err}");
        }
        let mut again = first.clone();
        again.id = RelationId::new("a-new-relation").unwrap();
        graph.add_relation(again.clone()).unwrap();
        let err = graph.add_relation(again).unwrap_err();
        assert!(err.to_string().contains("duplicate relation id"), "{err}");
        assert_eq!(graph.relation_ids_of, graph.relation_count());
    }

    /// Once the projection is built, the relations between two actors come from its links
    /// instead of a scan of an adjacency list: the same relations, in the same order.
    #[test]
    fn relations_between_two_actors_are_the_same_with_the_projection() {
        let mut next = crate::testing::random(17);
        for round in 0..30 {
            let actors = 2 + next(8);
            let kinds = ["consult", "demand", "member_of"];
            let spec = random_spec(&mut next, actors, actors * 4, &kinds);
            let graph = graph(&spec);
            let ids = |graph: &Graph, a, b| -> Vec<String> {
                let (a, b) = (NodeIndex::new(a), NodeIndex::new(b));
                graph
                    .relations_from_to(a, b)
                    .map(|r| r.id.to_string())
                    .collect()
            };
            let n = graph.actor_count();
            let scanned: Vec<Vec<String>> = (0..n * n).map(|i| ids(&graph, i / n, i % n)).collect();
            graph.prepare_queries();
            for (i, expected) in scanned.iter().enumerate() {
                assert_eq!(
                    &ids(&graph, i / n, i % n),
                    expected,
                    "round {round}: {spec}"
                );
            }
        }
    }
}
