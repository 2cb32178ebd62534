//! Validation: every problem in a dataset, not just the first.

use std::cell::Cell;

use rustc_hash::FxHashMap;

pub use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{Location, Origins, Section};
use crate::error::hint;
use crate::model::{ActorId, Dataset, Relation, SourceId};
use crate::resolve::NameIndex;

/// Checks a dataset; `origins`, when given, locates each problem.
///
/// ```
/// let dataset = dipgraph::Dataset::from_ron_str(r#"(
///     actors: [(id: "turkey", name: "Turkey", kind: state)],
///     relations: [(id: "r1", from: "turkey", to: "turky", kind: demand, date: "2021-03-08",
///                  evidence: [])],
/// )"#)?;
/// let problems = dipgraph::check::check_dataset(&dataset, None);
/// assert_eq!(problems[0].message,
///     "relation `r1`: unknown actor `turky` in `to`; did you mean: Turkey (turkey)?");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_dataset(dataset: &Dataset, origins: Option<&Origins>) -> Vec<Diagnostic> {
    check_and_index(dataset, origins).0
}

/// [`check_dataset`], also returning the name index it built, so that a graph built from
/// the checked dataset need not build it again.
///
/// The duplicate ids and the relations are checked on two threads (at a million relations
/// each is a million lookups or more); their findings are put back in the order of a
/// single pass: duplicates, name clashes, each relation's problems, unused items.
pub(crate) fn check_and_index(
    dataset: &Dataset,
    origins: Option<&Origins>,
) -> (Vec<Diagnostic>, NameIndex) {
    let empty = Origins::default();
    let origins = origins.unwrap_or(&empty);
    let checker = Checker {
        dataset,
        origins,
        names: NameIndex::new(&dataset.actors),
    };
    let (mut diagnostics, references) = std::thread::scope(|scope| {
        let references = scope.spawn(|| checker.references());
        let mut diagnostics = checker.duplicate_ids();
        diagnostics.extend(checker.name_clashes());
        // A panic on the other thread is a bug: passed on as it is.
        let references = references
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (diagnostics, references)
    });
    diagnostics.extend(references);
    (diagnostics, checker.names)
}

struct Checker<'a> {
    dataset: &'a Dataset,
    origins: &'a Origins,
    names: NameIndex,
}

/// Each id of a list mapped to its first place, and whether anything refers to it. Fx
/// hashing and pre-sized tables: at a million relations SipHash and rehashing were most
/// of the time `check` took (docs/performance.md).
struct Referenced<'a, T> {
    first: FxHashMap<&'a T, usize>,
    used: Vec<Cell<bool>>,
}

impl<'a, T: Eq + std::hash::Hash> Referenced<'a, T> {
    fn new(ids: impl ExactSizeIterator<Item = &'a T>) -> Self {
        let mut first = FxHashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (i, id) in ids.enumerate() {
            first.entry(id).or_insert(i);
        }
        let used = std::iter::repeat_with(|| Cell::new(false))
            .take(first.len())
            .collect();
        Self { first, used }
    }

    /// Whether `id` is in the list; if so, it is marked as used.
    fn refer(&self, id: &T) -> bool {
        match self.first.get(id) {
            Some(&i) => {
                if let Some(used) = self.used.get(i) {
                    used.set(true);
                }
                true
            }
            None => false,
        }
    }

    /// Whether anything referred to `id`.
    fn is_used(&self, id: &T) -> bool {
        self.first
            .get(id)
            .and_then(|&i| self.used.get(i))
            .is_some_and(Cell::get)
    }
}

/// Reports each id seen a second time, pointing back at the first.
fn duplicates<'a, I: Iterator<Item = &'a str>>(
    what: &str,
    ids: I,
    origins: &Origins,
    section: Section,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(ids.size_hint().0, Default::default());
    for (i, id) in ids.enumerate() {
        if let Some(&j) = first.get(id) {
            let previous = origins
                .locate(section, j)
                .map(|l| format!(" (first defined at {l})"))
                .unwrap_or_default();
            diagnostics.push(Diagnostic::error(
                origins.locate(section, i),
                format!("duplicate {what} id `{id}`{previous}"),
            ));
        } else {
            first.insert(id, i);
        }
    }
}

impl Checker<'_> {
    fn duplicate_ids(&self) -> Vec<Diagnostic> {
        let (d, o) = (self.dataset, self.origins);
        let mut diagnostics = Vec::new();
        duplicates(
            "source",
            d.sources.iter().map(|s| s.id.as_str()),
            o,
            Section::Sources,
            &mut diagnostics,
        );
        duplicates(
            "actor",
            d.actors.iter().map(|a| a.id.as_str()),
            o,
            Section::Actors,
            &mut diagnostics,
        );
        duplicates(
            "relation",
            d.relations.iter().map(|r| r.id.as_str()),
            o,
            Section::Relations,
            &mut diagnostics,
        );
        diagnostics
    }

    fn actor_location(&self, id: &ActorId) -> Option<Location> {
        let i = self.dataset.actors.iter().position(|a| &a.id == id)?;
        self.origins.locate(Section::Actors, i)
    }

    /// Two actors answering to the same (folded) name make lookups ambiguous.
    fn name_clashes(&self) -> Vec<Diagnostic> {
        let mut clashes: Vec<(String, Vec<ActorId>)> = self
            .names
            .clashes()
            .map(|(name, ids)| (name.to_owned(), ids.iter().cloned().collect()))
            .collect();
        clashes.sort();
        let mut diagnostics = Vec::new();
        for (name, ids) in clashes {
            let Some((first, rest)) = ids.split_first() else {
                continue;
            };
            // Each actor with where it is: the clash may span two files.
            let named = |id: &ActorId| match self.actor_location(id) {
                Some(at) => format!("`{id}` ({at})"),
                None => format!("`{id}`"),
            };
            let others: Vec<String> = rest.iter().map(named).collect();
            let message = format!(
                "actor {} shares the name or alias `{name}` with {}; \
                 an alias must name one actor",
                named(first),
                others.join(", ")
            );
            let location = rest.last().and_then(|id| self.actor_location(id));
            diagnostics.push(Diagnostic::error(location, message));
        }
        diagnostics
    }

    /// The problems of every relation, each located (only when there are any: locating
    /// allocates), then warnings for actors no relation mentions and sources no evidence
    /// cites.
    fn references(&self) -> Vec<Diagnostic> {
        let dataset = self.dataset;
        let actors = Referenced::new(dataset.actors.iter().map(|a| &a.id));
        let sources = Referenced::new(dataset.sources.iter().map(|s| &s.id));
        let mut diagnostics = Vec::new();
        for (i, relation) in dataset.relations.iter().enumerate() {
            let problems = relation_problems(
                relation,
                |id| actors.refer(id),
                |id| sources.refer(id),
                || sources.first.keys().map(ToString::to_string).collect(),
                &self.names,
            );
            for mut problem in problems {
                problem.location = self.origins.locate(Section::Relations, i);
                diagnostics.push(problem);
            }
        }
        for (i, actor) in dataset.actors.iter().enumerate() {
            if !actors.is_used(&actor.id) {
                diagnostics.push(Diagnostic::warning(
                    self.origins.locate(Section::Actors, i),
                    format!("actor `{}` has no relations", actor.id),
                ));
            }
        }
        for (i, source) in dataset.sources.iter().enumerate() {
            if !sources.is_used(&source.id) {
                diagnostics.push(Diagnostic::warning(
                    self.origins.locate(Section::Sources, i),
                    format!("source `{}` is never cited", source.id),
                ));
            }
        }
        diagnostics
    }
}

/// Every problem of one relation, given which actors and sources exist; unlocated.
pub(crate) fn relation_problems(
    relation: &Relation,
    has_actor: impl Fn(&ActorId) -> bool,
    has_source: impl Fn(&SourceId) -> bool,
    source_ids: impl Fn() -> Vec<String>,
    names: &NameIndex,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut error = |message: String| {
        problems.push(Diagnostic::error(
            None,
            format!("relation `{}`: {message}", relation.id),
        ));
    };
    let mut refs: Vec<(&str, &ActorId)> = vec![("from", &relation.from), ("to", &relation.to)];
    refs.extend(relation.about.iter().map(|a| ("about", a)));
    refs.extend(relation.claimed_by.iter().map(|a| ("claimed_by", a)));
    for (field, actor) in refs {
        if !has_actor(actor) {
            let hint = hint(&names.suggest(actor.as_str()), "did you mean");
            error(format!("unknown actor `{actor}` in `{field}`{hint}"));
        }
    }
    if relation.from == relation.to {
        error(format!("relation from `{}` to itself", relation.from));
    }
    let kind = relation.kind;
    if kind.is_standing() {
        if relation.date.is_some() {
            error(format!(
                "`{kind}` is a standing relation: give `since`/`until`, not `date`"
            ));
        }
    } else {
        if relation.date.is_none() {
            error(format!("`{kind}` is an event and needs a `date`"));
        }
        if relation.since.is_some() || relation.until.is_some() {
            error(format!(
                "`{kind}` is an event: give its `date`, not `since`/`until`"
            ));
        }
    }
    if let (Some(since), Some(until)) = (relation.since, relation.until) {
        if since.first_day() > until.last_day() {
            error(format!("`since` {since} is after `until` {until}"));
        }
    }
    if let Some(intensity) = relation.intensity {
        if !(-10.0..=10.0).contains(&intensity) {
            error(format!("intensity {intensity} is outside -10..10"));
        }
    }
    if relation.evidence.is_empty() {
        error("no evidence: cite at least one source".to_owned());
    }
    for evidence in &relation.evidence {
        if !has_source(&evidence.source) {
            let suggestions = crate::resolve::closest(evidence.source.as_str(), source_ids());
            let hint = hint(&suggestions, "did you mean");
            error(format!(
                "evidence cites unknown source `{}`{hint}",
                evidence.source
            ));
        }
        if evidence.note.trim().is_empty() {
            error("evidence needs a `note` saying what the source claims".to_owned());
        }
        if let Some(confidence) = evidence.confidence {
            if !(0.0..=1.0).contains(&confidence) {
                error(format!("evidence confidence {confidence} is outside 0..1"));
            }
        }
        if let Some(span) = evidence.span {
            if span.start > span.end {
                error(format!(
                    "evidence span starts at {} after its end {}",
                    span.start, span.end
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_dataset_is_clean() {
        let diagnostics = crate::dataset::builtin().check();
        let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
    }
}
