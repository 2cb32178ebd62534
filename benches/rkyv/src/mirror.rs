//! rkyv mirrors of dipgraph's model, laid out as the `.dgsnap` payload is: kind names once,
//! relations referring to actors and sources by index, so that an archived relation holds
//! no id twice and the owned dataset built from it shares ids as the snapshot's does.
//!
//! Every conversion destructures the model's structs without `..`, so a field added to the
//! model breaks this crate's build instead of being left out of the measurement.

use std::collections::HashMap;
use std::hash::Hash;

use dipgraph::model::{self, ActorKind, RelationKind};
use dipgraph::{ActorId, CountryCode, RelationId, SourceId};
use rkyv::{Archive, Deserialize, Serialize};

/// What a failed conversion says.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// A dataset: the kind names, then sources, actors and relations.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Dataset {
    /// `ActorKind` names; actors hold an index into them.
    pub actor_kinds: Vec<String>,
    /// `RelationKind` names; relations hold an index into them.
    pub relation_kinds: Vec<String>,
    /// The sources, which evidence cites by index.
    pub sources: Vec<Source>,
    /// The actors, which relations name by index.
    pub actors: Vec<Actor>,
    /// The relations.
    pub relations: Vec<Relation>,
}

/// A date; 0 for a month or day it does not give.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1–12, or 0.
    pub month: u8,
    /// The day, or 0.
    pub day: u8,
}

/// A source.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Source {
    /// Its id.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The publisher.
    pub publisher: String,
    /// The address.
    pub url: String,
    /// When it was published.
    pub published: Date,
}

/// An actor.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Actor {
    /// Its id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// An index into [`Dataset::actor_kinds`].
    pub kind: u8,
    /// Other names.
    pub aliases: Vec<String>,
    /// The country code.
    pub country: Option<String>,
    /// A short description.
    pub description: Option<String>,
}

/// A relation; actors and sources are indexes.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Relation {
    /// Its id.
    pub id: String,
    /// Who acts.
    pub from: u32,
    /// Who is acted upon.
    pub to: u32,
    /// An index into [`Dataset::relation_kinds`].
    pub kind: u8,
    /// The event's date.
    pub date: Option<Date>,
    /// When a standing relation began.
    pub since: Option<Date>,
    /// When it ended.
    pub until: Option<Date>,
    /// The actors it concerns.
    pub about: Vec<u32>,
    /// Whose claim it is.
    pub claimed_by: Option<u32>,
    /// A Goldstein weight overriding the kind's.
    pub intensity: Option<f64>,
    /// The evidence.
    pub evidence: Vec<Evidence>,
    /// Event-data tallies.
    pub counts: Option<EventCounts>,
}

/// The evidence behind a relation.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq)]
pub struct Evidence {
    /// An index into [`Dataset::sources`].
    pub source: u32,
    /// The quoted phrase.
    pub quote: String,
    /// The claim in the writer's words.
    pub note: String,
    /// How sure the writer is.
    pub confidence: Option<f64>,
    /// Where the quote sits in the source, as (start, end) characters.
    pub span: Option<(u64, u64)>,
}

/// Event-data tallies.
#[derive(Archive, Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
pub struct EventCounts {
    /// Events merged.
    pub events: u32,
    /// Mentions.
    pub mentions: u32,
    /// Distinct information sources.
    pub sources: u32,
    /// Articles.
    pub articles: u32,
}

impl TryFrom<Dataset> for model::Dataset {
    type Error = Error;

    /// Takes the mirror apart: its strings move, ids are checked and made once each.
    fn try_from(mirror: Dataset) -> Result<Self, Error> {
        let Dataset {
            actor_kinds,
            relation_kinds,
            sources,
            actors,
            relations,
        } = mirror;
        let actor_kinds = parse_all::<ActorKind>(&actor_kinds)?;
        let relation_kinds = parse_all::<RelationKind>(&relation_kinds)?;
        let source_ids = sources
            .iter()
            .map(|s| SourceId::new(s.id.as_str()))
            .collect_exact()?;
        let actor_ids = actors
            .iter()
            .map(|a| ActorId::new(a.id.as_str()))
            .collect_exact()?;
        let sources = sources
            .into_iter()
            .zip(&source_ids)
            .map(|(source, id)| source.into_model(id.clone()))
            .collect_exact()?;
        let actors = actors
            .into_iter()
            .zip(&actor_ids)
            .map(|(actor, id)| actor.into_model(id.clone(), &actor_kinds))
            .collect_exact()?;
        let relations = relations
            .into_iter()
            .map(|relation| relation.into_model(&relation_kinds, &actor_ids, &source_ids))
            .collect_exact()?;
        Ok(model::Dataset {
            sources,
            actors,
            relations,
        })
    }
}

impl Dataset {
    /// The mirror of a dataset's parts (a [`dipgraph::Graph`] lends them too).
    ///
    /// # Errors
    /// When a relation names an actor or source that is not among them.
    pub fn from_parts<'a>(
        sources: impl IntoIterator<Item = &'a model::Source>,
        actors: impl IntoIterator<Item = &'a model::Actor>,
        relations: impl IntoIterator<Item = &'a model::Relation>,
    ) -> Result<Self, Error> {
        let actor_kinds: Vec<ActorKind> = ActorKind::all().collect();
        let relation_kinds: Vec<RelationKind> = RelationKind::all().collect();
        let actor_kind = positions(&actor_kinds);
        let relation_kind = positions(&relation_kinds);
        let sources: Vec<Source> = sources.into_iter().map(Source::from).collect();
        let actors = actors
            .into_iter()
            .map(|actor| Actor::new(actor, &actor_kind))
            .collect::<Result<Vec<_>, Error>>()?;
        let indexes = Indexes {
            actors: positions(&actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>()),
            sources: positions(&sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()),
            relation_kind,
        };
        let relations = relations
            .into_iter()
            .map(|relation| Relation::new(relation, &indexes))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Dataset {
            actor_kinds: actor_kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            relation_kinds: relation_kinds
                .iter()
                .map(|k| k.as_str().to_owned())
                .collect(),
            sources,
            actors,
            relations,
        })
    }
}

/// `collect` into a `Result` cannot see how many items come, so it starts a vector at four
/// and doubles it: a million relations copied twenty times over, and a relation's one piece
/// of evidence in room for four. This reserves the exact number, as the snapshot's decoder does.
trait CollectExact<T, E>: ExactSizeIterator<Item = Result<T, E>> + Sized {
    fn collect_exact(self) -> Result<Vec<T>, Error>
    where
        Error: From<E>,
    {
        let mut out = Vec::with_capacity(self.len());
        for item in self {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<T, E, I: ExactSizeIterator<Item = Result<T, E>>> CollectExact<T, E> for I {}

/// Each item's position in `items`.
fn positions<T: Hash + Eq + Copy>(items: &[T]) -> HashMap<T, u32> {
    (0..).zip(items).map(|(i, item)| (*item, i)).collect()
}

/// Every name parsed as a `T`.
fn parse_all<T: std::str::FromStr>(names: &[String]) -> Result<Vec<T>, Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    names.iter().map(|name| name.parse()).collect_exact()
}

/// Item `index` of `items`, or an error naming what was looked for.
fn at<T: Clone>(items: &[T], index: u32, what: &str) -> Result<T, Error> {
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| format!("no {what} at index {index}").into())
}

/// The indexes that relations are written with.
struct Indexes<'a> {
    actors: HashMap<&'a str, u32>,
    sources: HashMap<&'a str, u32>,
    relation_kind: HashMap<RelationKind, u32>,
}

impl Indexes<'_> {
    fn actor(&self, id: &ActorId) -> Result<u32, Error> {
        lookup(&self.actors, id.as_str(), "actor")
    }
}

/// The index of `key`, or an error naming it.
fn lookup<K: Hash + Eq + std::fmt::Debug>(
    map: &HashMap<K, u32>,
    key: K,
    what: &str,
) -> Result<u32, Error> {
    map.get(&key)
        .copied()
        .ok_or_else(|| format!("unknown {what} {key:?}").into())
}

impl From<model::Date> for Date {
    fn from(date: model::Date) -> Self {
        Date {
            year: date.year(),
            month: date.month().unwrap_or(0),
            day: date.day().unwrap_or(0),
        }
    }
}

impl TryFrom<Date> for model::Date {
    type Error = Error;

    fn try_from(Date { year, month, day }: Date) -> Result<Self, Error> {
        Ok(match (month, day) {
            (0, _) => model::Date::year_only(year)?,
            (month, 0) => model::Date::ym(year, month)?,
            (month, day) => model::Date::ymd(year, month, day)?,
        })
    }
}

/// An optional mirror date back in the model.
fn model_date(date: Option<Date>) -> Result<Option<model::Date>, Error> {
    date.map(model::Date::try_from).transpose()
}

impl From<&model::Source> for Source {
    fn from(source: &model::Source) -> Self {
        let model::Source {
            id,
            title,
            publisher,
            url,
            published,
        } = source;
        Source {
            id: id.as_str().to_owned(),
            title: title.clone(),
            publisher: publisher.clone(),
            url: url.clone(),
            published: Date::from(*published),
        }
    }
}

impl Source {
    fn into_model(self, id: SourceId) -> Result<model::Source, Error> {
        let Source {
            id: _,
            title,
            publisher,
            url,
            published,
        } = self;
        Ok(model::Source {
            id,
            title,
            publisher,
            url,
            published: published.try_into()?,
        })
    }
}

impl Actor {
    fn new(actor: &model::Actor, kinds: &HashMap<ActorKind, u32>) -> Result<Self, Error> {
        let model::Actor {
            id,
            name,
            kind,
            aliases,
            country,
            description,
        } = actor;
        Ok(Actor {
            id: id.as_str().to_owned(),
            name: name.clone(),
            kind: u8::try_from(lookup(kinds, *kind, "actor kind")?)?,
            aliases: aliases.clone(),
            country: country.as_ref().map(|c| c.as_str().to_owned()),
            description: description.clone(),
        })
    }

    fn into_model(self, id: ActorId, kinds: &[ActorKind]) -> Result<model::Actor, Error> {
        let Actor {
            id: _,
            name,
            kind,
            aliases,
            country,
            description,
        } = self;
        Ok(model::Actor {
            id,
            name,
            kind: at(kinds, kind.into(), "actor kind")?,
            aliases,
            country: country.map(CountryCode::new).transpose()?,
            description,
        })
    }
}

impl Relation {
    fn new(relation: &model::Relation, indexes: &Indexes) -> Result<Self, Error> {
        let model::Relation {
            id,
            from,
            to,
            kind,
            date,
            since,
            until,
            about,
            claimed_by,
            intensity,
            evidence,
            counts,
        } = relation;
        Ok(Relation {
            id: id.as_str().to_owned(),
            from: indexes.actor(from)?,
            to: indexes.actor(to)?,
            kind: u8::try_from(lookup(&indexes.relation_kind, *kind, "relation kind")?)?,
            date: date.map(Date::from),
            since: since.map(Date::from),
            until: until.map(Date::from),
            about: about.iter().map(|a| indexes.actor(a)).collect_exact()?,
            claimed_by: claimed_by.as_ref().map(|a| indexes.actor(a)).transpose()?,
            intensity: *intensity,
            evidence: evidence
                .iter()
                .map(|e| Evidence::new(e, &indexes.sources))
                .collect_exact()?,
            counts: counts.map(EventCounts::from),
        })
    }

    fn into_model(
        self,
        kinds: &[RelationKind],
        actors: &[ActorId],
        sources: &[SourceId],
    ) -> Result<model::Relation, Error> {
        let Relation {
            id,
            from,
            to,
            kind,
            date,
            since,
            until,
            about,
            claimed_by,
            intensity,
            evidence,
            counts,
        } = self;
        Ok(model::Relation {
            id: RelationId::new(id)?,
            from: at(actors, from, "actor")?,
            to: at(actors, to, "actor")?,
            kind: at(kinds, kind.into(), "relation kind")?,
            date: model_date(date)?,
            since: model_date(since)?,
            until: model_date(until)?,
            about: about
                .into_iter()
                .map(|a| at(actors, a, "actor"))
                .collect_exact()?,
            claimed_by: claimed_by.map(|a| at(actors, a, "actor")).transpose()?,
            intensity,
            evidence: evidence
                .into_iter()
                .map(|e| e.into_model(sources))
                .collect_exact()?,
            counts: counts.map(model::EventCounts::from),
        })
    }
}

impl Evidence {
    fn new(evidence: &model::Evidence, sources: &HashMap<&str, u32>) -> Result<Self, Error> {
        let model::Evidence {
            source,
            quote,
            note,
            confidence,
            span,
        } = evidence;
        Ok(Evidence {
            source: lookup(sources, source.as_str(), "source")?,
            quote: quote.clone(),
            note: note.clone(),
            confidence: *confidence,
            span: span.map(|model::Span { start, end }| (start, end)),
        })
    }

    fn into_model(self, sources: &[SourceId]) -> Result<model::Evidence, Error> {
        let Evidence {
            source,
            quote,
            note,
            confidence,
            span,
        } = self;
        Ok(model::Evidence {
            source: at(sources, source, "source")?,
            quote,
            note,
            confidence,
            span: span.map(|(start, end)| model::Span { start, end }),
        })
    }
}

impl From<model::EventCounts> for EventCounts {
    fn from(counts: model::EventCounts) -> Self {
        let model::EventCounts {
            events,
            mentions,
            sources,
            articles,
        } = counts;
        EventCounts {
            events,
            mentions,
            sources,
            articles,
        }
    }
}

impl From<EventCounts> for model::EventCounts {
    fn from(counts: EventCounts) -> Self {
        let EventCounts {
            events,
            mentions,
            sources,
            articles,
        } = counts;
        model::EventCounts {
            events,
            mentions,
            sources,
            articles,
        }
    }
}

/// Owned model data straight from the archive in place, with no mirror in between: what a
/// loader built on rkyv would do to hand out the `Relation`s the graph owns today.
impl TryFrom<&ArchivedDataset> for model::Dataset {
    type Error = Error;

    fn try_from(archived: &ArchivedDataset) -> Result<Self, Error> {
        let ArchivedDataset {
            actor_kinds,
            relation_kinds,
            sources,
            actors,
            relations,
        } = archived;
        let names = |names: &rkyv::vec::ArchivedVec<rkyv::string::ArchivedString>| {
            names
                .iter()
                .map(|n| n.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        let actor_kinds = parse_all::<ActorKind>(&names(actor_kinds))?;
        let relation_kinds = parse_all::<RelationKind>(&names(relation_kinds))?;
        let sources = sources
            .iter()
            .map(ArchivedSource::to_model)
            .collect_exact()?;
        let actors = actors
            .iter()
            .map(|actor| actor.to_model(&actor_kinds))
            .collect_exact()?;
        let source_ids: Vec<SourceId> = sources.iter().map(|s| s.id.clone()).collect();
        let actor_ids: Vec<ActorId> = actors.iter().map(|a| a.id.clone()).collect();
        let relations = relations
            .iter()
            .map(|relation| relation.to_model(&relation_kinds, &actor_ids, &source_ids))
            .collect_exact()?;
        Ok(model::Dataset {
            sources,
            actors,
            relations,
        })
    }
}

/// An archived optional date back in the model.
fn archived_date(date: Option<&ArchivedDate>) -> Result<Option<model::Date>, Error> {
    model_date(date.map(|ArchivedDate { year, month, day }| Date {
        year: year.to_native(),
        month: *month,
        day: *day,
    }))
}

impl ArchivedSource {
    fn to_model(&self) -> Result<model::Source, Error> {
        let ArchivedSource {
            id,
            title,
            publisher,
            url,
            published,
        } = self;
        Ok(model::Source {
            id: SourceId::new(id.as_str())?,
            title: title.as_str().to_owned(),
            publisher: publisher.as_str().to_owned(),
            url: url.as_str().to_owned(),
            published: archived_date(Some(published))?.ok_or("no publication date")?,
        })
    }
}

impl ArchivedActor {
    fn to_model(&self, kinds: &[ActorKind]) -> Result<model::Actor, Error> {
        let ArchivedActor {
            id,
            name,
            kind,
            aliases,
            country,
            description,
        } = self;
        Ok(model::Actor {
            id: ActorId::new(id.as_str())?,
            name: name.as_str().to_owned(),
            kind: at(kinds, (*kind).into(), "actor kind")?,
            aliases: aliases.iter().map(|a| a.as_str().to_owned()).collect(),
            country: country
                .as_ref()
                .map(|c| CountryCode::new(c.as_str()))
                .transpose()?,
            description: description.as_ref().map(|d| d.as_str().to_owned()),
        })
    }
}

impl ArchivedRelation {
    fn to_model(
        &self,
        kinds: &[RelationKind],
        actors: &[ActorId],
        sources: &[SourceId],
    ) -> Result<model::Relation, Error> {
        let ArchivedRelation {
            id,
            from,
            to,
            kind,
            date,
            since,
            until,
            about,
            claimed_by,
            intensity,
            evidence,
            counts,
        } = self;
        let actor = |index: &rkyv::rend::u32_le| at(actors, index.to_native(), "actor");
        Ok(model::Relation {
            id: RelationId::new(id.as_str())?,
            from: actor(from)?,
            to: actor(to)?,
            kind: at(kinds, (*kind).into(), "relation kind")?,
            date: archived_date(date.as_ref())?,
            since: archived_date(since.as_ref())?,
            until: archived_date(until.as_ref())?,
            about: about.iter().map(actor).collect_exact()?,
            claimed_by: claimed_by.as_ref().map(actor).transpose()?,
            intensity: intensity.as_ref().map(|i| i.to_native()),
            evidence: evidence
                .iter()
                .map(|e| e.to_model(sources))
                .collect_exact()?,
            counts: counts.as_ref().map(|c| {
                let ArchivedEventCounts {
                    events,
                    mentions,
                    sources,
                    articles,
                } = c;
                model::EventCounts {
                    events: events.to_native(),
                    mentions: mentions.to_native(),
                    sources: sources.to_native(),
                    articles: articles.to_native(),
                }
            }),
        })
    }
}

impl ArchivedEvidence {
    fn to_model(&self, sources: &[SourceId]) -> Result<model::Evidence, Error> {
        let ArchivedEvidence {
            source,
            quote,
            note,
            confidence,
            span,
        } = self;
        Ok(model::Evidence {
            source: at(sources, source.to_native(), "source")?,
            quote: quote.as_str().to_owned(),
            note: note.as_str().to_owned(),
            confidence: confidence.as_ref().map(|c| c.to_native()),
            span: span.as_ref().map(|s| model::Span {
                start: s.0.to_native(),
                end: s.1.to_native(),
            }),
        })
    }
}
