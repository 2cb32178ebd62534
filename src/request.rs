//! Queries as people ask them: one request type per query command, its fields the command's
//! flags, names as typed and numbers unchecked.
//!
//! Every front end asks through these types, so a flag means the same everywhere: the CLI
//! fills the fields from its parsed flags; `dipgraph serve` (and any other caller holding
//! strings) builds them with [`Request::from_params`] from named parameters spelled as the
//! flags are, without their dashes: `from=Turkey&to=PKK&k=3&via-about`. Each request then
//! resolves its names and runs the query with the same library function the CLI calls.
//!
//! ```
//! use dipgraph::request::{PathRequest, Request};
//! let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
//! let request = PathRequest::from_params([("from", "Erdogan"), ("to", "Biden"), ("k", "2")])?;
//! let found = request.run(&graph)?;
//! assert_eq!(found.paths.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::str::FromStr;
use std::time::Duration;

use crate::error::{Error, InvalidValue, Result};
use crate::filter::RelationFilter;
use crate::graph::Graph;
use crate::model::{Actor, ActorId, ActorKind, Class, RelationKind};
use crate::query::balance::{balance, BalanceOptions, BalanceResult};
use crate::query::dyad::{dyad, DyadOptions, DyadResult};
use crate::query::neighbors::{explain, neighbors, Explained, NeighborsOptions};
use crate::query::path::{path, PathOptions, PathResult, Search, Weight};
use crate::query::rank::{rank, Centrality, RankOptions, RankResult};
use crate::query::Traversal;
use crate::resolve;
use crate::select::Selection;

/// A request built from named string parameters.
pub trait Request: Default {
    /// The request's own parameters (its command's arguments and own flags), as each flag is
    /// spelled without `--`.
    const OWN: &'static [&'static str];
    /// Whether it also takes the relation filter's flags: [`FILTER_PARAMS`].
    const FILTERED: bool = true;
    /// Whether it also takes the traversal flags: [`TRAVERSAL_PARAMS`].
    const TRAVERSES: bool = false;
    /// The parameters that must be given.
    const REQUIRED: &'static [&'static str] = &[];

    /// Every parameter the request takes.
    fn params() -> Vec<&'static str> {
        let mut params = Self::OWN.to_vec();
        if Self::TRAVERSES {
            params.extend(TRAVERSAL_PARAMS);
        }
        if Self::FILTERED {
            params.extend(FILTER_PARAMS);
        }
        params
    }

    /// Sets the parameter `name` (one of [`Request::params`]) from its text.
    ///
    /// # Errors
    /// [`InvalidValue`] when the text is not a valid value for it.
    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue>;

    /// The request the parameters ask for. A list parameter (`kind`, `avoid`…) may be given
    /// several times and holds comma-separated values, as its flag does; any other may be
    /// given once. A switch (`directed`) is on when given with no value or `true`.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for an unknown or repeated parameter or a bad value,
    /// [`Error::MissingParameter`] when a required one is missing.
    fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let mut request = Self::default();
        let known_params = Self::params();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in params {
            let Some(known) = known_params.iter().find(|known| **known == name) else {
                return Err(InvalidValue::new(
                    "parameter",
                    name,
                    &format!("expected one of: {}", known_params.join(", ")),
                )
                .into());
            };
            if seen.contains(known) && !REPEATABLE.contains(known) {
                return Err(InvalidValue::new("parameter", name, "given more than once").into());
            }
            seen.push(known);
            request.set(known, value)?;
        }
        match Self::REQUIRED.iter().find(|name| !seen.contains(name)) {
            Some(name) => Err(Error::MissingParameter { name }),
            None => Ok(request),
        }
    }
}

/// The relation filter's flags, which most requests take.
pub const FILTER_PARAMS: [&str; 5] = ["kind", "exclude-kind", "class", "since", "until"];

/// The traversal flags, which the traversal queries take.
pub const TRAVERSAL_PARAMS: [&str; 3] = ["directed", "via-about", "avoid"];

/// The parameters that hold lists and may be repeated, as their flags may.
const REPEATABLE: &[&str] = &["kind", "exclude-kind", "class", "avoid"];

/// Sets a [`RelationFilter`] flag; `Ok(false)` when `name` is not one.
fn set_filter(filter: &mut RelationFilter, name: &str, value: &str) -> Result<bool, InvalidValue> {
    match name {
        "kind" => filter.kinds.extend(list::<RelationKind>(value)?),
        "exclude-kind" => filter.exclude_kinds.extend(list::<RelationKind>(value)?),
        "class" => filter.classes.extend(list::<Class>(value)?),
        "since" => filter.since = Some(value.parse()?),
        "until" => filter.until = Some(value.parse()?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// How a traversal query walks the graph, as asked: the avoided actors by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraversalFlags {
    /// `--directed`: follow relations only the way they point.
    pub directed: bool,
    /// `--via-about`: also link a relation's actors to what it is about.
    pub via_about: bool,
    /// `--avoid`: never pass through these actors (ids, names or aliases).
    pub avoid: Vec<String>,
}

impl TraversalFlags {
    /// The library's traversal over relations passing `filter`, the avoided actors resolved.
    ///
    /// # Errors
    /// [`Error::UnknownActor`] or [`Error::AmbiguousActor`] for an avoided actor.
    pub fn resolve(&self, graph: &Graph, filter: &RelationFilter) -> Result<Traversal> {
        let avoid = self
            .avoid
            .iter()
            .map(|name| Ok(graph.resolve(name)?.clone()))
            .collect::<Result<Vec<_>>>()?;
        Ok(Traversal {
            filter: filter.clone(),
            directed: self.directed,
            via_about: self.via_about,
            avoid,
        })
    }

    /// Sets a traversal flag; `Ok(false)` when `name` is not one.
    fn set(&mut self, name: &str, value: &str) -> Result<bool, InvalidValue> {
        match name {
            "directed" => self.directed = switch(name, value)?,
            "via-about" => self.via_about = switch(name, value)?,
            "avoid" => self.avoid.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned),
            ),
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `dipgraph path FROM TO`.
#[derive(Clone, Debug, PartialEq)]
pub struct PathRequest {
    /// Where the path starts: id, name or alias.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// `--k`: the N cheapest loopless paths.
    pub k: Option<usize>,
    /// `--all`: every simple path of at most `max_hops` hops.
    pub all: bool,
    /// `--max-hops`: the longest path `all` lists.
    pub max_hops: Option<usize>,
    /// `--weight`: what a path costs.
    pub weight: Weight,
    /// `--cap`: the most paths `k` and `all` list.
    pub cap: usize,
    /// `--time-budget`: how many seconds `k` and `all` may search.
    pub time_budget: f64,
    /// How to walk.
    pub traversal: TraversalFlags,
    /// Which relations to walk.
    pub filter: RelationFilter,
}

impl Default for PathRequest {
    fn default() -> Self {
        let options = PathOptions::default();
        Self {
            from: String::new(),
            to: String::new(),
            k: None,
            all: false,
            max_hops: None,
            weight: options.weight,
            cap: options.cap,
            time_budget: options
                .time_budget
                .map_or(0.0, |budget| budget.as_secs_f64()),
            traversal: TraversalFlags::default(),
            filter: RelationFilter::default(),
        }
    }
}

impl PathRequest {
    /// The path options asked for.
    ///
    /// # Errors
    /// [`Error::InvalidValue`] for `k` with `all`, `all` without `max_hops` (or the other
    /// way round), a time budget that is not a positive number of seconds; as
    /// [`TraversalFlags::resolve`].
    pub fn options(&self, graph: &Graph) -> Result<PathOptions> {
        let search = match (self.k, self.all, self.max_hops) {
            (Some(_), true, _) => {
                return Err(InvalidValue::new("k", "with all", "give one of k and all").into())
            }
            (Some(k), false, _) => Search::KShortest(k),
            (None, true, Some(max_hops)) => Search::All { max_hops },
            (None, true, None) => return Err(InvalidValue::new("all", "", "needs max-hops").into()),
            (None, false, Some(_)) => {
                return Err(InvalidValue::new("max-hops", "", "needs all").into())
            }
            (None, false, None) => Search::Shortest,
        };
        let time_budget = Duration::try_from_secs_f64(self.time_budget)
            .ok()
            .filter(|budget| !budget.is_zero())
            .ok_or_else(|| {
                InvalidValue::new(
                    "time budget",
                    &self.time_budget.to_string(),
                    "expected a positive number of seconds",
                )
            })?;
        Ok(PathOptions {
            traversal: self.traversal.resolve(graph, &self.filter)?,
            weight: self.weight,
            search,
            cap: self.cap,
            time_budget: Some(time_budget),
        })
    }

    /// The paths asked for.
    ///
    /// # Errors
    /// As [`PathRequest::options`] and [`path`]; an unknown or ambiguous actor.
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<PathResult<'g>> {
        let options = self.options(graph)?;
        path(
            graph,
            graph.resolve(&self.from)?,
            graph.resolve(&self.to)?,
            &options,
        )
    }
}

impl Request for PathRequest {
    const OWN: &'static [&'static str] = &[
        "from",
        "to",
        "k",
        "all",
        "max-hops",
        "weight",
        "cap",
        "time-budget",
    ];
    const TRAVERSES: bool = true;
    const REQUIRED: &'static [&'static str] = &["from", "to"];

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "from" => self.from = value.to_owned(),
            "to" => self.to = value.to_owned(),
            "k" => self.k = Some(number("k", value)?),
            "all" => self.all = switch(name, value)?,
            "max-hops" => self.max_hops = Some(number("max-hops", value)?),
            "weight" => self.weight = value.parse()?,
            "cap" => self.cap = number("cap", value)?,
            "time-budget" => {
                self.time_budget = value.trim().parse().map_err(|_| {
                    InvalidValue::new("time-budget", value, "expected a number of seconds")
                })?
            }
            _ => set_common(name, value, &mut self.filter, Some(&mut self.traversal))?,
        }
        Ok(())
    }
}

/// `dipgraph neighbors ACTOR`.
#[derive(Clone, Debug, PartialEq)]
pub struct NeighborsRequest {
    /// The actor at the centre: id, name or alias.
    pub actor: String,
    /// `--hops`: how far to go.
    pub hops: usize,
    /// How to walk.
    pub traversal: TraversalFlags,
    /// Which relations to walk.
    pub filter: RelationFilter,
}

impl Default for NeighborsRequest {
    fn default() -> Self {
        Self {
            actor: String::new(),
            hops: NeighborsOptions::default().hops,
            traversal: TraversalFlags::default(),
            filter: RelationFilter::default(),
        }
    }
}

impl NeighborsRequest {
    /// The actors around, ring by ring, each with the hops that reach it.
    ///
    /// # Errors
    /// As [`neighbors`] and [`TraversalFlags::resolve`]; an unknown or ambiguous actor.
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<Explained<'g>> {
        let options = NeighborsOptions {
            traversal: self.traversal.resolve(graph, &self.filter)?,
            hops: self.hops,
        };
        let found = neighbors(graph, graph.resolve(&self.actor)?, &options)?;
        explain(graph, &found, &options.traversal)
    }
}

impl Request for NeighborsRequest {
    const OWN: &'static [&'static str] = &["actor", "hops"];
    const TRAVERSES: bool = true;
    const REQUIRED: &'static [&'static str] = &["actor"];

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "actor" => self.actor = value.to_owned(),
            "hops" => self.hops = number("hops", value)?,
            _ => set_common(name, value, &mut self.filter, Some(&mut self.traversal))?,
        }
        Ok(())
    }
}

/// `dipgraph dyad A B`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DyadRequest {
    /// One actor: id, name or alias.
    pub a: String,
    /// The other.
    pub b: String,
    /// Which relations count.
    pub filter: RelationFilter,
}

impl DyadRequest {
    /// Every relation between the two, as a timeline with a net score.
    ///
    /// # Errors
    /// As [`dyad`]; an unknown or ambiguous actor.
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<DyadResult<'g>> {
        let options = DyadOptions {
            filter: self.filter.clone(),
        };
        dyad(
            graph,
            graph.resolve(&self.a)?,
            graph.resolve(&self.b)?,
            &options,
        )
    }
}

impl Request for DyadRequest {
    const OWN: &'static [&'static str] = &["a", "b"];
    const REQUIRED: &'static [&'static str] = &["a", "b"];

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "a" => self.a = value.to_owned(),
            "b" => self.b = value.to_owned(),
            _ => set_common(name, value, &mut self.filter, None)?,
        }
        Ok(())
    }
}

/// `dipgraph balance`.
#[derive(Clone, Debug, PartialEq)]
pub struct BalanceRequest {
    /// `--actor`: only triads with this actor.
    pub actor: Option<String>,
    /// `--open`: also list open triads.
    pub open: bool,
    /// `--limit`: list only the N most strongly signed triads.
    pub limit: usize,
    /// Which relations count.
    pub filter: RelationFilter,
}

impl Default for BalanceRequest {
    fn default() -> Self {
        Self {
            actor: None,
            open: false,
            limit: 100,
            filter: RelationFilter::default(),
        }
    }
}

impl BalanceRequest {
    /// The triads, balanced and not.
    ///
    /// # Errors
    /// As [`balance`]; an unknown or ambiguous actor.
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<BalanceResult<'g>> {
        let actor = match &self.actor {
            Some(name) => Some(graph.resolve(name)?.clone()),
            None => None,
        };
        let options = BalanceOptions {
            filter: self.filter.clone(),
            actor,
            open: self.open,
            limit: Some(self.limit),
        };
        balance(graph, &options)
    }
}

impl Request for BalanceRequest {
    const OWN: &'static [&'static str] = &["actor", "open", "limit"];

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "actor" => self.actor = Some(value.to_owned()),
            "open" => self.open = switch(name, value)?,
            "limit" => self.limit = number("limit", value)?,
            _ => set_common(name, value, &mut self.filter, None)?,
        }
        Ok(())
    }
}

/// `dipgraph rank`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankRequest {
    /// `--by`: the measure.
    pub by: Centrality,
    /// `--top`: only the first N actors.
    pub top: Option<usize>,
    /// How to walk.
    pub traversal: TraversalFlags,
    /// Which relations count.
    pub filter: RelationFilter,
}

impl RankRequest {
    /// The actors, highest score first, cut to `top`.
    ///
    /// # Errors
    /// As [`rank`] and [`TraversalFlags::resolve`].
    pub fn run<'g>(&self, graph: &'g Graph) -> Result<RankResult<'g>> {
        let options = RankOptions {
            by: self.by,
            traversal: self.traversal.resolve(graph, &self.filter)?,
        };
        let mut found = rank(graph, &options)?;
        if let Some(top) = self.top {
            found.actors.truncate(top);
        }
        Ok(found)
    }
}

impl Request for RankRequest {
    const OWN: &'static [&'static str] = &["by", "top"];
    const TRAVERSES: bool = true;

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "by" => self.by = value.parse()?,
            "top" => self.top = Some(number("top", value)?),
            _ => set_common(name, value, &mut self.filter, Some(&mut self.traversal))?,
        }
        Ok(())
    }
}

/// `dipgraph actors [QUERY]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorsRequest {
    /// Only actors one of whose names contains this, compared folded (see
    /// [`resolve::contains`]): `kalin` finds İbrahim Kalın. Parameter `q`.
    pub query: Option<String>,
    /// `--kind`: only actors of these kinds.
    pub kinds: Vec<ActorKind>,
}

impl ActorsRequest {
    /// The matching actors, sorted by id.
    pub fn run<'g>(&self, graph: &'g Graph) -> Vec<&'g Actor> {
        let folded = self.query.as_deref().map(resolve::fold);
        let mut actors: Vec<&Actor> = graph
            .actors()
            .filter(|actor| self.kinds.is_empty() || self.kinds.contains(&actor.kind))
            .filter(|actor| {
                folded
                    .as_deref()
                    .is_none_or(|query| resolve::contains(actor, query))
            })
            .collect();
        actors.sort_by(|a, b| a.id.cmp(&b.id));
        actors
    }
}

impl Request for ActorsRequest {
    const OWN: &'static [&'static str] = &["q", "kind"];
    const FILTERED: bool = false;

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "q" => self.query = Some(value.to_owned()),
            _ => self.kinds.extend(list::<ActorKind>(value)?),
        }
        Ok(())
    }
}

/// `dipgraph export`'s choice of a part: `--focus`, `--hops` and the filter.
#[derive(Clone, Debug, PartialEq)]
pub struct SubgraphRequest {
    /// `--focus`: only the neighbourhood of this actor (id, name or alias).
    pub focus: Option<String>,
    /// `--hops`: how far from the focus to go.
    pub hops: usize,
    /// Which relations to keep (and walk, with a focus).
    pub filter: RelationFilter,
}

impl Default for SubgraphRequest {
    fn default() -> Self {
        Self {
            focus: None,
            hops: 1,
            filter: RelationFilter::default(),
        }
    }
}

impl SubgraphRequest {
    /// The selection, its focus resolved; pass it to [`crate::select::subgraph`].
    ///
    /// # Errors
    /// An unknown or ambiguous focus.
    pub fn selection(&self, graph: &Graph) -> Result<Selection> {
        let focus: Option<ActorId> = match &self.focus {
            Some(name) => Some(graph.resolve(name)?.clone()),
            None => None,
        };
        Ok(Selection {
            filter: self.filter.clone(),
            focus,
            hops: self.hops,
        })
    }
}

impl Request for SubgraphRequest {
    const OWN: &'static [&'static str] = &["focus", "hops"];

    fn set(&mut self, name: &str, value: &str) -> Result<(), InvalidValue> {
        match name {
            "focus" => self.focus = Some(value.to_owned()),
            "hops" => self.hops = number("hops", value)?,
            _ => set_common(name, value, &mut self.filter, None)?,
        }
        Ok(())
    }
}

/// Sets a filter or traversal flag, the parameters most requests share. Only names from the
/// request's `params()` reach here, so any other name is a mistake in its `OWN` list.
fn set_common(
    name: &str,
    value: &str,
    filter: &mut RelationFilter,
    traversal: Option<&mut TraversalFlags>,
) -> Result<(), InvalidValue> {
    if set_filter(filter, name, value)? {
        return Ok(());
    }
    if let Some(traversal) = traversal {
        if traversal.set(name, value)? {
            return Ok(());
        }
    }
    debug_assert!(false, "parameter `{name}` is listed but not handled");
    Err(InvalidValue::new("parameter", name, "not handled"))
}

/// A comma-separated list, as the flags take: `demand,criticize`.
fn list<T: FromStr<Err = InvalidValue>>(value: &str) -> Result<Vec<T>, InvalidValue> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::parse)
        .collect()
}

/// A count: `3`.
fn number(name: &'static str, value: &str) -> Result<usize, InvalidValue> {
    value
        .trim()
        .parse()
        .map_err(|_| InvalidValue::new(name, value, "expected a whole number"))
}

/// A switch: on when given alone or as `true`, off as `false`.
fn switch(name: &str, value: &str) -> Result<bool, InvalidValue> {
    match value.trim() {
        "" | "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(InvalidValue::new(
            "switch",
            &format!("{name}={value}"),
            "expected nothing, true or false",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    fn path_request(query: &str) -> String {
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect();
        match PathRequest::from_params(pairs) {
            Ok(request) => format!("{request:?}"),
            Err(err) => err.to_string(),
        }
    }

    fn check(query: &str, expected: &str) {
        let got = path_request(query);
        assert!(got.contains(expected), "{query}: {got}");
    }

    #[test]
    fn params_set_the_fields_their_flags_set() {
        check("from=a&to=b&k=3", "k: Some(3)");
        check("from=a&to=b&via-about", "via_about: true");
        check("from=a&to=b&directed=false", "directed: false");
        check("from=a&to=b&avoid=x,y&avoid=z", r#"avoid: ["x", "y", "z"]"#);
        check("from=a&to=b&kind=demand,criticize&kind=offer", "Offer]");
        check("from=a&to=b&weight=conflict", "weight: Conflict");
        check("from=a&to=b&time-budget=0.5", "time_budget: 0.5");
        check("from=a&to=b&since=2021-03", "since: Some(");
        check("from=a", "missing parameter `to`");
        check(
            "from=a&to=b&form=c",
            "invalid parameter `form`: expected one of: from, to, k",
        );
        check(
            "from=a&to=b&k=1&k=2",
            "invalid parameter `k`: given more than once",
        );
        check(
            "from=a&to=b&k=three",
            "invalid k `three`: expected a whole number",
        );
        check("from=a&to=b&k=-1", "invalid k `-1`");
        check("from=a&to=b&kind=hug", "invalid relation kind `hug`");
        check("from=a&to=b&since=2021-13", "invalid date `2021-13`");
        check("from=a&to=b&directed=yes", "invalid switch `directed=yes`");
    }

    #[test]
    fn every_listed_param_is_handled() {
        fn each<R: Request>(value: &str) {
            for name in R::params() {
                let mut request = R::default();
                if let Err(err) = request.set(name, value) {
                    assert!(!err.to_string().contains("not handled"), "{name}: {err}");
                }
            }
        }
        each::<PathRequest>("1");
        each::<NeighborsRequest>("1");
        each::<DyadRequest>("1");
        each::<BalanceRequest>("1");
        each::<RankRequest>("1");
        each::<ActorsRequest>("1");
        each::<SubgraphRequest>("1");
    }

    #[test]
    fn requests_run_the_queries() {
        let graph = Graph::try_from(Dataset::builtin().unwrap()).unwrap();
        let dyad = DyadRequest::from_params([("a", "Turkey"), ("b", "US"), ("class", "conflict")])
            .unwrap();
        assert_eq!(dyad.filter.classes, [Class::Conflict]);
        let found = dyad.run(&graph).unwrap();
        assert!(!found.timeline.is_empty());
        assert!(found
            .timeline
            .iter()
            .all(|r| r.kind.class() == Class::Conflict));

        let actors = ActorsRequest::from_params([("q", "KALIN")]).unwrap();
        let names: Vec<&str> = actors.run(&graph).iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["İbrahim Kalın"]);

        let rank = RankRequest::from_params([("by", "pagerank"), ("top", "3")]).unwrap();
        assert_eq!(rank.run(&graph).unwrap().actors.len(), 3);

        let unknown = NeighborsRequest::from_params([("actor", "Turky")])
            .unwrap()
            .run(&graph)
            .unwrap_err();
        assert!(
            unknown.to_string().contains("did you mean: Turkey"),
            "{unknown}"
        );

        let both = PathRequest::from_params([("from", "a"), ("to", "b"), ("k", "2"), ("all", "")])
            .unwrap();
        assert!(both.options(&graph).is_err());
        let subgraph = SubgraphRequest::from_params([("focus", "Kalin"), ("kind", "criticize")])
            .unwrap()
            .selection(&graph)
            .unwrap();
        assert_eq!(subgraph.focus.unwrap().as_str(), "ibrahim-kalin");
        assert_eq!(subgraph.filter.kinds, [RelationKind::Criticize]);
    }
}
