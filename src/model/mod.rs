//! The data model: plain, serializable data with no graph types in it.
//!
//! A [`Dataset`] is exactly what a data file holds: sources, actors and relations.

mod date;
mod id;
mod invalid;
mod kind;

pub(crate) use date::overlaps;
pub use date::Date;
pub use id::{ActorId, CountryCode, RelationId, SourceId};
pub(crate) use invalid::shorten;
pub use invalid::InvalidValue;
pub(crate) use kind::{unknown_reason, vocabulary};
pub use kind::{ActorKind, Class, KindInfo, QuadClass, RelationKind};

use serde::{Deserialize, Serialize};

/// Where evidence comes from: an article, a report, an event file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id that evidence cites.
    pub id: SourceId,
    /// The headline or title.
    pub title: String,
    /// Who published it: `Ahval`, `Reuters`.
    pub publisher: String,
    /// Where to read it.
    pub url: String,
    /// When it was published (day, month or year precision).
    pub published: Date,
}

/// A node of the graph: a state, an organisation, a person, a weapon system…
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The unique id, a slug such as `ibrahim-kalin`.
    pub id: ActorId,
    /// The display name, with its proper letters: `İbrahim Kalın`.
    pub name: String,
    /// What sort of actor it is.
    pub kind: ActorKind,
    /// Other names it goes by: `Ankara`, `Washington`, `U.S.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The country it belongs to, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// A short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The evidence behind a relation: which source says so, where, and what it means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The id of the [`Source`].
    pub source: SourceId,
    /// A short quoted phrase (a few words) that locates the claim in the source.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// The claim in your own words.
    pub note: String,
    /// How sure whoever wrote the evidence is that the quote supports the relation, from 0 to
    /// 1; `dipgraph extract` sets it, people usually leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Where the quote sits in the source's text, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A stretch of a source's text: characters (Unicode scalar values, as Python counts them)
/// from `start` up to but not including `end`, counted from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// The first character.
    pub start: u64,
    /// One past the last character.
    pub end: u64,
}

/// A typed, directed, dated edge: what `from` states or does to `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The unique id.
    pub id: RelationId,
    /// Who acts or states.
    pub from: ActorId,
    /// Who is acted upon or addressed.
    pub to: ActorId,
    /// What kind of relation it is.
    pub kind: RelationKind,
    /// When the event happened (required for events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// When a standing relation began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// When a standing relation ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Actors the relation concerns: a demand of Turkey *about the S-400*.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<ActorId>,
    /// Whose claim this is, when the source reports an assertion rather than a fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<ActorId>,
    /// A Goldstein weight (−10…+10) overriding the kind's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity: Option<f64>,
    /// The sources that back the relation (at least one).
    pub evidence: Vec<Evidence>,
    /// How often event data reported it, for relations imported from event data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<EventCounts>,
}

/// Event-data tallies kept from imports such as GDELT.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCounts {
    /// How many source events were merged into this relation (1 without deduplication).
    pub events: u32,
    /// Mentions across all documents (GDELT `NumMentions`, summed).
    pub mentions: u32,
    /// Distinct information sources (GDELT `NumSources`, summed).
    pub sources: u32,
    /// Source documents (GDELT `NumArticles`, summed).
    pub articles: u32,
}

impl Relation {
    /// The Goldstein weight: the `intensity` override, or the kind's default.
    pub fn weight(&self) -> f64 {
        self.intensity.unwrap_or_else(|| self.kind.info().goldstein)
    }

    /// How many events the relation stands for: `counts.events` for event data (several when
    /// `import --dedupe` merged them), else 1. Queries that count relations count this, so
    /// that deduplicating changes no answer (docs/queries.md).
    pub fn events(&self) -> u32 {
        self.counts.map_or(1, |counts| counts.events.max(1))
    }

    /// The period the relation holds: `(date, date)` for events, `(since, until)` otherwise.
    pub fn period(&self) -> (Option<Date>, Option<Date>) {
        match self.date {
            Some(date) => (Some(date), Some(date)),
            None => (self.since, self.until),
        }
    }

    /// The date or period as text: `2021-03-08`, `since 1952`, `until 2017`,
    /// `2009-01-20–2017-01-20`; `None` when the relation has no date at all.
    ///
    /// ```
    /// let dataset = dipgraph::Dataset::builtin()?;
    /// let when: Vec<String> = dataset.relations.iter().filter_map(|r| r.when()).collect();
    /// assert!(when.contains(&"since 1952".to_owned()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn when(&self) -> Option<String> {
        match (self.date, self.since, self.until) {
            (Some(date), _, _) => Some(date.to_string()),
            (None, Some(since), None) => Some(format!("since {since}")),
            (None, None, Some(until)) => Some(format!("until {until}")),
            (None, Some(since), Some(until)) => Some(format!("{since}–{until}")),
            (None, None, None) => None,
        }
    }

    /// The date to sort a timeline by: the event date or the start of the period.
    pub fn sort_date(&self) -> Option<Date> {
        self.date.or(self.since)
    }

    /// [`Relation::sort_date`] as a number that orders alike: 0 for none.
    pub(crate) fn date_rank(&self) -> u32 {
        self.sort_date().map_or(0, Date::rank)
    }
}

/// Everything one data file (or several, merged) holds.
///
/// ```
/// let dataset = dipgraph::Dataset::from_ron_str(r#"(
///     actors: [(id: "turkey", name: "Turkey", kind: state, country: "TUR")],
/// )"#)?;
/// assert_eq!(dataset.actors[0].name, "Turkey");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The sources evidence cites.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The actors.
    #[serde(default)]
    pub actors: Vec<Actor>,
    /// The relations between actors.
    #[serde(default)]
    pub relations: Vec<Relation>,
}

impl Dataset {
    /// Appends everything `other` holds.
    pub fn extend(&mut self, other: Dataset) {
        append(&mut self.sources, other.sources);
        append(&mut self.actors, other.actors);
        append(&mut self.relations, other.relations);
    }
}

/// Moves `items` to the end of `list`; into an empty list, without copying them: a million
/// relations would otherwise sit in two buffers at once.
fn append<T>(list: &mut Vec<T>, mut items: Vec<T>) {
    if list.is_empty() {
        *list = items;
    } else {
        list.append(&mut items);
    }
}
