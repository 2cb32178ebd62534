//! Which relations a query or export considers: by kind, class, date, endpoint or subject.

use serde::{Deserialize, Serialize};

use crate::model::{overlaps, ActorId, Class, Date, Relation, RelationKind};

/// A conjunction of conditions on relations; the default matches everything.
///
/// ```
/// use dipgraph::{filter::RelationFilter, RelationKind};
/// let filter = RelationFilter {
///     kinds: vec![RelationKind::Demand],
///     since: Some("2021".parse()?),
///     ..RelationFilter::default()
/// };
/// let dataset = dipgraph::Dataset::builtin()?;
/// assert!(dataset.relations.iter().any(|r| filter.matches(r)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RelationFilter {
    /// Only these kinds (all when empty).
    pub kinds: Vec<RelationKind>,
    /// Never these kinds.
    pub exclude_kinds: Vec<RelationKind>,
    /// Only these classes (all when empty).
    pub classes: Vec<Class>,
    /// Only relations whose period reaches this date or later.
    pub since: Option<Date>,
    /// Only relations whose period starts by this date.
    pub until: Option<Date>,
    /// Only relations from this actor.
    pub from: Option<ActorId>,
    /// Only relations to this actor.
    pub to: Option<ActorId>,
    /// Only relations about this actor.
    pub about: Option<ActorId>,
}

impl RelationFilter {
    /// Whether `relation` meets every condition. A relation with no date at all passes date
    /// conditions: a standing relation with unknown bounds is taken to hold throughout.
    pub fn matches(&self, relation: &Relation) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&relation.kind))
            && !self.exclude_kinds.contains(&relation.kind)
            && (self.classes.is_empty() || self.classes.contains(&relation.kind.class()))
            && self.from.as_ref().is_none_or(|id| *id == relation.from)
            && self.to.as_ref().is_none_or(|id| *id == relation.to)
            && self
                .about
                .as_ref()
                .is_none_or(|id| relation.about.contains(id))
            && (self.since.is_none() && self.until.is_none()
                || overlaps(relation.period(), (self.since, self.until)))
    }

    /// Whether the filter has only conditions on the relation itself (no endpoints), as the
    /// traversal queries need.
    pub fn is_edge_only(&self) -> bool {
        self.from.is_none() && self.to.is_none() && self.about.is_none()
    }
}
