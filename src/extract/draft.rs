//! The draft: the proposals of one article as a dataset (a source, the actors new to the
//! base graph, the relations with their evidence), plus the names nothing matched.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::rules::{Document, Entity, Proposal};
use super::text::{CharIndex, Sentence};
use super::{Extractor, SourceMeta};
use crate::error::Result;
use crate::model::{
    Actor, ActorId, ActorKind, Dataset, Date, Evidence, Relation, RelationId, Source, SourceId,
    Span,
};

/// What [`Extractor::extract`] proposes for one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Draft {
    /// The source, the actors new to the base graph and the proposed relations; together
    /// with the base graph it passes `check`.
    pub dataset: Dataset,
    /// Capitalised names that matched no actor, most frequent first, for the analyst to add.
    pub unresolved: Vec<Unresolved>,
    /// What the analyst should know about the draft as a whole (no date found…).
    pub warnings: Vec<String>,
}

/// A capitalised name that matched no actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unresolved {
    /// The name as the article writes it.
    pub name: String,
    /// How often it occurs.
    pub count: usize,
    /// Where it first occurs, in characters.
    pub span: Span,
}

impl Draft {
    /// Whether the draft proposes no relation.
    pub fn is_empty(&self) -> bool {
        self.dataset.relations.is_empty()
    }

    /// Drops the relations whose best evidence is less sure than `min`, then the new actors
    /// that no remaining relation cites.
    pub fn retain_confident(&mut self, min: f64) {
        let best = |r: &Relation| {
            r.evidence
                .iter()
                .filter_map(|e| e.confidence)
                .fold(0.0, f64::max)
        };
        self.dataset.relations.retain(|r| best(r) >= min);
        let cited: FxHashSet<&ActorId> = self
            .dataset
            .relations
            .iter()
            .flat_map(|r| {
                [&r.from, &r.to]
                    .into_iter()
                    .chain(&r.about)
                    .chain(&r.claimed_by)
            })
            .collect();
        let keep: FxHashSet<ActorId> = self
            .dataset
            .actors
            .iter()
            .filter(|a| cited.contains(&a.id))
            .map(|a| a.id.clone())
            .collect();
        self.dataset.actors.retain(|a| keep.contains(&a.id));
    }
}

impl Draft {
    /// Adds the draft of another article: actors already present are kept once (the same
    /// id is the same gazetteer entry), and a relation or source whose id is taken gets a
    /// fresh one.
    pub fn merge(&mut self, other: Draft) {
        let mut taken: FxHashSet<String> = self
            .dataset
            .relations
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        taken.extend(self.dataset.sources.iter().map(|s| s.id.to_string()));
        let mut ids = Ids {
            taken: &taken,
            used: FxHashSet::default(),
        };
        let mut renamed: FxHashMap<SourceId, SourceId> = FxHashMap::default();
        for mut source in other.dataset.sources {
            if ids.taken.contains(source.id.as_str()) {
                if let Ok(id) = SourceId::new(ids.fresh(source.id.as_str())) {
                    renamed.insert(source.id.clone(), id.clone());
                    source.id = id;
                }
            }
            self.dataset.sources.push(source);
        }
        for actor in other.dataset.actors {
            if !self.dataset.actors.iter().any(|a| a.id == actor.id) {
                self.dataset.actors.push(actor);
            }
        }
        for mut relation in other.dataset.relations {
            if ids.taken.contains(relation.id.as_str()) || ids.used.contains(relation.id.as_str()) {
                if let Ok(id) = RelationId::new(ids.fresh(relation.id.as_str())) {
                    relation.id = id;
                }
            }
            for evidence in &mut relation.evidence {
                if let Some(id) = renamed.get(&evidence.source) {
                    evidence.source = id.clone();
                }
            }
            self.dataset.relations.push(relation);
        }
        self.unresolved.extend(other.unresolved);
        self.warnings.extend(other.warnings);
    }
}

/// Ids already taken, by the base graph or by the draft.
struct Ids<'a> {
    taken: &'a FxHashSet<String>,
    used: FxHashSet<String>,
}

impl Ids<'_> {
    /// `base` slugified, with `-2`, `-3`… until it is free.
    fn fresh(&mut self, base: &str) -> String {
        let base = slug(base);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) || self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Lowercase ASCII letters and digits joined by single hyphens; `article` when nothing is
/// left.
pub(crate) fn slug(text: &str) -> String {
    let folded: String = text
        .chars()
        .flat_map(|c| {
            crate::resolve::fold(&c.to_string())
                .chars()
                .next()
                .or(Some('-'))
        })
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = folded
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(80).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "article".to_owned()
    } else {
        slug
    }
}

/// Builds the draft of a document that has read every sentence.
///
/// # Errors
/// Only if a slug were not a valid id, which [`slug`] rules out.
pub(crate) fn build(
    ex: &Extractor,
    doc: Document<'_>,
    meta: &SourceMeta,
    first: Option<&Sentence>,
    published: Date,
) -> Result<Draft> {
    let mut ids = Ids {
        taken: &ex.taken,
        used: FxHashSet::default(),
    };
    let chars = CharIndex::new(doc.text);
    let source = source(&mut ids, doc.text, meta, first, published)?;
    let mut actors: Vec<Actor> = Vec::new();
    let mut actor_ids: FxHashMap<Entity, ActorId> = FxHashMap::default();
    let mut relations: Vec<Relation> = Vec::new();
    let mut index: FxHashMap<(Entity, crate::RelationKind, Entity, Option<Entity>), usize> =
        FxHashMap::default();
    // Each relation's quotes, by byte range, so that a quote is kept once in constant time
    // (a long article repeats a relation thousands of times).
    let mut quoted: FxHashSet<(usize, (usize, usize))> = FxHashSet::default();
    for proposal in &doc.proposals {
        if proposal.from == proposal.to {
            continue;
        }
        let key = (
            proposal.from,
            proposal.kind,
            proposal.to,
            proposal.claimed_by,
        );
        if let Some(&at) = index.get(&key) {
            if quoted.insert((at, proposal.quote)) {
                relations[at]
                    .evidence
                    .push(evidence(&doc, &chars, &source.id, proposal));
            }
            continue;
        }
        quoted.insert((relations.len(), proposal.quote));
        let evidence = evidence(&doc, &chars, &source.id, proposal);
        let mut id_of =
            |entity: Entity| actor_id(ex, &doc, &mut ids, &mut actors, &mut actor_ids, entity);
        let (from, to) = (id_of(proposal.from)?, id_of(proposal.to)?);
        let about = proposal
            .about
            .iter()
            .map(|&e| id_of(e))
            .collect::<Result<Vec<_>>>()?;
        let claimed_by = proposal.claimed_by.map(&mut id_of).transpose()?;
        let kind = proposal.kind;
        let id = RelationId::new(ids.fresh(&format!("{from}-{}-{to}", kind.as_str())))?;
        index.insert(key, relations.len());
        relations.push(Relation {
            id,
            from,
            to,
            kind,
            date: (!kind.is_standing()).then(|| proposal.date.unwrap_or(published)),
            since: None,
            until: None,
            about,
            claimed_by,
            intensity: None,
            evidence: vec![evidence],
            counts: None,
        });
    }
    let cited = !relations.is_empty();
    Ok(Draft {
        dataset: Dataset {
            sources: if cited { vec![source] } else { Vec::new() },
            actors,
            relations,
        },
        unresolved: unresolved(&doc, &chars),
        warnings: Vec::new(),
    })
}

/// The id of an entity in the draft, adding the actor when it is new to the base graph.
fn actor_id(
    ex: &Extractor,
    doc: &Document<'_>,
    ids: &mut Ids<'_>,
    actors: &mut Vec<Actor>,
    known: &mut FxHashMap<Entity, ActorId>,
    entity: Entity,
) -> Result<ActorId> {
    if let Some(id) = known.get(&entity) {
        return Ok(id.clone());
    }
    let actor = match entity {
        Entity::Known(i) => {
            let entry = &ex.gazetteer.entries[i];
            if entry.in_base {
                known.insert(entity, entry.id.clone());
                return Ok(entry.id.clone());
            }
            ids.used.insert(entry.id.to_string());
            Actor {
                id: entry.id.clone(),
                name: entry.name.clone(),
                kind: entry.kind,
                aliases: entry.aliases.iter().take(6).cloned().collect(),
                country: entry.country.clone(),
                description: None,
            }
        }
        Entity::New(j) => {
            let person = &doc.new_actors[j];
            Actor {
                id: ActorId::new(ids.fresh(&person.name))?,
                name: person.name.clone(),
                kind: ActorKind::Person,
                aliases: Vec::new(),
                country: person.country.clone(),
                description: Some("named in the article; not in the gazetteer".to_owned()),
            }
        }
    };
    let id = actor.id.clone();
    known.insert(entity, id.clone());
    actors.push(actor);
    Ok(id)
}

/// The evidence of a proposal: its quote, span, confidence and how it was found.
fn evidence(
    doc: &Document<'_>,
    chars: &CharIndex<'_>,
    source: &SourceId,
    proposal: &Proposal,
) -> Evidence {
    let (start, end) = proposal.quote;
    let quote = doc
        .text
        .get(start..end)
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Evidence {
        source: source.clone(),
        quote,
        note: format!(
            "Proposed by `dipgraph extract` from {} ({}); review before keeping.",
            proposal.how, proposal.kind
        ),
        confidence: Some((proposal.confidence * 100.0).round() / 100.0),
        span: Some(Span {
            start: chars.chars(start) as u64,
            end: chars.chars(end) as u64,
        }),
    }
}

/// The article as a source: metadata given, else found in the text.
fn source(
    ids: &mut Ids<'_>,
    text: &str,
    meta: &SourceMeta,
    first: Option<&Sentence>,
    published: Date,
) -> Result<Source> {
    let stem = std::path::Path::new(&meta.name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article");
    let id = match &meta.id {
        Some(id) => id.clone(),
        None => SourceId::new(ids.fresh(stem))?,
    };
    let headline = first
        .map(|s| &text[s.start..s.end])
        .filter(|h| h.split_whitespace().count() <= 25 && !h.ends_with('.') && !h.contains('\n'));
    let title = meta
        .title
        .clone()
        .or_else(|| headline.map(str::to_owned))
        .unwrap_or_else(|| meta.name.clone());
    let publisher = meta
        .publisher
        .clone()
        .or_else(|| agency(text))
        .unwrap_or_else(|| "unknown".to_owned());
    let url = meta.url.clone().or_else(|| url(text)).unwrap_or_default();
    Ok(Source {
        id,
        title,
        publisher,
        url,
        published,
    })
}

/// A dateline's agency: `ANKARA, March 8 (Reuters) -`.
fn agency(text: &str) -> Option<String> {
    let head = text
        .get(..text.len().min(300))
        .or_else(|| text.get(..text.len()))?;
    let open = head.find('(')?;
    let close = head[open..].find(')')? + open;
    let name = head[open + 1..close].trim();
    let dash = head[close + 1..].trim_start().starts_with(['-', '–', '—']);
    (dash
        && !name.is_empty()
        && name.len() <= 40
        && name.chars().next().is_some_and(char::is_uppercase))
    .then(|| name.to_owned())
}

/// The first web address in the text (`Content retrieved from: https://…`).
fn url(text: &str) -> Option<String> {
    let start = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(['.', ',', ')']).to_owned())
}

/// The unresolved names, counted, most frequent first.
fn unresolved(doc: &Document<'_>, chars: &CharIndex<'_>) -> Vec<Unresolved> {
    let mut counts: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for &(at, end) in &doc.unresolved {
        let name = doc.text.get(at..end).unwrap_or("");
        let entry = counts.entry(name).or_insert((0, at));
        entry.0 += 1;
    }
    let mut list: Vec<Unresolved> = counts
        .into_iter()
        .map(|(name, (count, at))| Unresolved {
            name: name.to_owned(),
            count,
            span: Span {
                start: chars.chars(at) as u64,
                end: chars.chars(at + name.len()) as u64,
            },
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then(a.span.start.cmp(&b.span.start)));
    list
}
