//! Queries over the graph, one module per family: [`path`]s between actors, the
//! [`neighbors`] of one, the [`dyad`] of two, structural [`balance`], and centrality
//! [`rank`]ings.
//!
//! Every query walks a [`Traversal`]: which relations count (a [`RelationFilter`]), whether
//! they are followed only from `from` to `to` or both ways, whether `about` links count,
//! and which actors to avoid. A query builds an actor's links the first time its search
//! reaches the actor; results borrow from the [`Graph`] and serialize with serde.

pub mod balance;
pub mod dyad;
pub mod neighbors;
pub mod path;
pub mod rank;
mod view;

use serde::{Deserialize, Serialize};

pub(crate) use self::view::{View, FAR};
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

/// One step of a path or one link of a neighborhood: two actors and the relation between.
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

impl Hop<'_> {
    /// How many relations link the hop's two actors, each counted as the events it stands
    /// for ([`Relation::events`]).
    pub fn relations(&self) -> usize {
        let also = self.also.iter().map(|r| r.events() as usize);
        self.relation.events() as usize + also.sum::<usize>()
    }
}

/// Serializes relations as their ids.
fn ids<S: serde::Serializer>(relations: &[&Relation], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(relations.iter().map(|r| &r.id))
}

/// Fails with [`Error::UnknownActor`] on the first id the graph does not have.
pub(crate) fn check_actors<'a>(
    graph: &Graph,
    ids: impl IntoIterator<Item = &'a ActorId>,
) -> Result<()> {
    ids.into_iter()
        .try_for_each(|id| graph.known_actor(id).map(|_| ()))
}

/// An error for an argument that makes no sense.
pub(crate) fn invalid(what: &'static str, value: &str, reason: &str) -> Error {
    Error::InvalidValue(InvalidValue::new(what, value, reason))
}
