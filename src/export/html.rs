//! An interactive HTML page: one self-contained file that draws the graph with cytoscape.js
//! and lets a reader search, filter, follow paths and read the evidence, offline.
//!
//! The page is a template (`html/page.html`) with its style, script and the vendored
//! cytoscape.js (MIT, its licence header kept) put in by [`page`]; the graph goes in as JSON
//! inside a `<script type="application/json">` element ([`ViewData`], escaped by
//! [`script_json`] so that no text can close the element), which the script reads with
//! `textContent` and `JSON.parse` and shows only as text. `dipgraph serve` serves the same
//! page with no graph in it and answers its requests with [`ViewData`] of the parts asked
//! for. See `docs/view.md`.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::dot::{edge_style, node_style};
use super::{ExportOptions, Exportable};
use crate::error::{Error, Result};
use crate::model::{
    Actor, ActorId, ActorKind, Date, EventCounts, Evidence, QuadClass, Relation, RelationId,
    RelationKind, Source,
};
use crate::resolve;

/// The most actors a page shows. Measured in headless Chromium (`benches/view.py page`,
/// `docs/view.md`): a page of 500 actors and 1,500 relations takes about 2.5 s of CPU to
/// draw and 1.1 s to answer a click on its best-connected actor; at 750 and 2,250 it takes
/// 3.8 s and 1.6 s, past what stays interactive.
pub const MAX_ACTORS: usize = 500;
/// The most relations a page shows, at the ratio the limit was measured with.
pub const MAX_RELATIONS: usize = 1_500;

const TEMPLATE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/view.css");
const SCRIPT: &str = include_str!("html/view.js");
const CYTOSCAPE: &str = include_str!("html/vendor/cytoscape.min.js");

/// Writes the graph as a self-contained interactive page.
///
/// # Errors
/// [`Error::Export`] when the graph is larger than [`MAX_ACTORS`] or [`MAX_RELATIONS`];
/// [`Error::Write`] when writing to `out` fails.
pub fn write(graph: &dyn Exportable, options: &ExportOptions, out: &mut dyn Write) -> Result<()> {
    check_size(graph)?;
    let data = ViewData::new(graph, &options.title);
    out.write_all(page(Some(&data))?.as_bytes())?;
    Ok(())
}

/// Refuses a graph too large for a page, saying what to do instead.
///
/// # Errors
/// [`Error::Export`] naming the sizes and the way out.
pub fn check_size(graph: &dyn Exportable) -> Result<()> {
    check_fits(
        graph,
        "choose a part with --focus ACTOR --hops N or the filters, or explore it with \
         `dipgraph serve`",
    )
}

/// Refuses a graph too large for a page with `way_out` as the advice.
///
/// # Errors
/// [`Error::Export`] naming the sizes, the limits and the advice.
pub fn check_fits(graph: &dyn Exportable, way_out: &str) -> Result<()> {
    let (actors, relations) = (graph.actor_count(), graph.relation_count());
    if actors > MAX_ACTORS || relations > MAX_RELATIONS {
        return Err(Error::Export(format!(
            "{actors} actors and {relations} relations are too many for one page (at most \
             {MAX_ACTORS} actors and {MAX_RELATIONS} relations stay responsive): {way_out}"
        )));
    }
    Ok(())
}

/// The page: with the graph in it, or, for `dipgraph serve`, with none, so that the script
/// asks the server for the parts it shows.
///
/// # Errors
/// [`Error::Export`] if the data cannot be serialized.
pub fn page(data: Option<&ViewData>) -> Result<String> {
    /// What the page holds under `dipgraph serve`: no graph, only how to draw one.
    #[derive(Serialize)]
    struct Served {
        server: bool,
        styles: Styles,
    }
    let json = match data {
        Some(data) => script_json(data)?,
        None => script_json(&Served {
            server: true,
            styles: Styles::new(),
        })?,
    };
    let mut page = String::with_capacity(TEMPLATE.len() + CYTOSCAPE.len() + json.len());
    let mut rest = TEMPLATE;
    for (marker, content) in [
        ("/*STYLE*/", STYLE),
        ("/*DATA*/", json.as_str()),
        ("/*CYTOSCAPE*/", CYTOSCAPE),
        ("/*SCRIPT*/", SCRIPT),
    ] {
        let Some((before, after)) = rest.split_once(marker) else {
            return Err(Error::Export(format!("the page template lacks {marker}")));
        };
        page.push_str(before);
        page.push_str(content);
        rest = after;
    }
    page.push_str(rest);
    Ok(page)
}

/// `value` as JSON that is safe inside a `<script>` element of an HTML page: `<`, `>` and `&`
/// are written as `\u003c`, `\u003e` and `\u0026` (so no `</script>` or `<!--` can appear),
/// and U+2028 and U+2029 as escapes too. JSON.parse reads the same value back.
///
/// These characters can only occur inside JSON strings, where the escapes mean the same.
///
/// ```
/// use dipgraph::export::html::script_json;
/// let json = script_json(&"</script><!-- & \u{2028}")?;
/// assert_eq!(json, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Export`] if the value cannot be serialized.
pub fn script_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let json = serde_json::to_string(value).map_err(|err| Error::Export(err.to_string()))?;
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    Ok(safe)
}

/// What the page draws: the actors, the relations, and the edges that carry them (the
/// relations between one pair of actors merged into one edge each way, and each relation's
/// links to the actors it is about merged the same way).
#[derive(Clone, Debug, Serialize)]
pub struct ViewData<'g> {
    /// The page title; empty for the default.
    pub title: &'g str,
    /// The actors, sorted by id.
    pub actors: Vec<ViewActor<'g>>,
    /// The relations, sorted by id.
    pub relations: Vec<ViewRelation<'g>>,
    /// One edge per ordered pair of actors with relations between them.
    pub edges: Vec<ViewEdge>,
    /// One edge per actor and subject: the relations of the actor that are about it.
    pub about: Vec<ViewEdge>,
    /// The sources the evidence cites, by id.
    pub sources: BTreeMap<&'g str, &'g Source>,
    /// How each actor kind and quad class is drawn, as in the DOT pictures.
    pub styles: Styles,
}

/// An actor as the page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ViewActor<'g> {
    /// The actor.
    #[serde(flatten)]
    pub actor: &'g Actor,
    /// Every name it answers to, [`resolve::fold`]ed, for the search box.
    pub keys: Vec<String>,
}

/// A relation as the page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ViewRelation<'g> {
    /// The id.
    pub id: &'g RelationId,
    /// Who acts.
    pub from: &'g ActorId,
    /// Who is acted upon.
    pub to: &'g ActorId,
    /// The kind.
    pub kind: RelationKind,
    /// Its quad class, which colours it.
    pub quad: QuadClass,
    /// The date or period as text.
    pub when: Option<String>,
    /// The first day it holds (`YYYY-MM-DD`), if known.
    pub start: Option<String>,
    /// The last day it holds, if known.
    pub end: Option<String>,
    /// Whose claim it is.
    pub claimed_by: Option<&'g ActorId>,
    /// What it is about.
    pub about: &'g [ActorId],
    /// Its Goldstein weight.
    pub weight: f64,
    /// The evidence.
    pub evidence: &'g [Evidence],
    /// Event-data tallies.
    pub counts: Option<EventCounts>,
}

/// An edge of the page: a pair of actors and the relations (indexes into
/// [`ViewData::relations`]) it stands for.
#[derive(Clone, Debug, Serialize)]
pub struct ViewEdge {
    /// The actor at the tail.
    pub from: String,
    /// The actor at the head.
    pub to: String,
    /// The relations, by index.
    pub relations: Vec<usize>,
}

/// The drawing styles, shared with the DOT export.
#[derive(Clone, Debug, Serialize)]
pub struct Styles {
    /// Per actor kind: `shape`, `fill`, `line` (cytoscape.js shape names).
    pub kinds: BTreeMap<&'static str, KindStyle>,
    /// Per quad class: `color`, `line`, `width`.
    pub classes: BTreeMap<&'static str, ClassStyle>,
}

/// How an actor kind is drawn.
#[derive(Clone, Debug, Serialize)]
pub struct KindStyle {
    /// A cytoscape.js node shape close to the DOT picture's.
    pub shape: &'static str,
    /// Fill colour.
    pub fill: &'static str,
    /// Outline colour.
    pub line: &'static str,
}

/// How a quad class is drawn.
#[derive(Clone, Debug, Serialize)]
pub struct ClassStyle {
    /// Line colour.
    pub color: &'static str,
    /// `solid` or `dashed`.
    pub line: &'static str,
    /// Line width in points.
    pub width: f64,
}

impl<'g> ViewData<'g> {
    /// The page's data for `graph` (a whole graph or a part of one).
    pub fn new(graph: &'g dyn Exportable, title: &'g str) -> Self {
        let mut actors: Vec<&Actor> = graph.actors().collect();
        actors.sort_by(|a, b| a.id.cmp(&b.id));
        let mut relations: Vec<&Relation> = graph.relations().collect();
        relations.sort_by(|a, b| a.id.cmp(&b.id));
        let mut edges: BTreeMap<(&ActorId, &ActorId), Vec<usize>> = BTreeMap::new();
        let mut about: BTreeMap<(&ActorId, &ActorId), Vec<usize>> = BTreeMap::new();
        for (i, relation) in relations.iter().enumerate() {
            edges
                .entry((&relation.from, &relation.to))
                .or_default()
                .push(i);
            for subject in &relation.about {
                about.entry((&relation.from, subject)).or_default().push(i);
            }
        }
        let sources = relations
            .iter()
            .flat_map(|r| &r.evidence)
            .filter_map(|e| graph.source(&e.source))
            .map(|source| (source.id.as_str(), source))
            .collect();
        Self {
            title,
            actors: actors.into_iter().map(ViewActor::new).collect(),
            relations: relations.into_iter().map(ViewRelation::new).collect(),
            edges: view_edges(edges),
            about: view_edges(about),
            sources,
            styles: Styles::new(),
        }
    }
}

fn view_edges(pairs: BTreeMap<(&ActorId, &ActorId), Vec<usize>>) -> Vec<ViewEdge> {
    pairs
        .into_iter()
        .map(|((from, to), relations)| ViewEdge {
            from: from.to_string(),
            to: to.to_string(),
            relations,
        })
        .collect()
}

impl<'g> ViewActor<'g> {
    fn new(actor: &'g Actor) -> Self {
        let mut keys: Vec<String> = resolve::names(actor)
            .map(resolve::fold)
            .filter(|key| !key.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        Self { actor, keys }
    }
}

impl<'g> ViewRelation<'g> {
    fn new(relation: &'g Relation) -> Self {
        let (start, end) = relation.period();
        let day = |(year, month, day): (i32, u8, u8)| format!("{year:04}-{month:02}-{day:02}");
        Self {
            id: &relation.id,
            from: &relation.from,
            to: &relation.to,
            kind: relation.kind,
            quad: relation.kind.info().quad_class,
            when: relation.when(),
            start: start.as_ref().map(Date::first_day).map(day),
            end: end.as_ref().map(Date::last_day).map(day),
            claimed_by: relation.claimed_by.as_ref(),
            about: &relation.about,
            weight: relation.weight(),
            evidence: &relation.evidence,
            counts: relation.counts,
        }
    }
}

impl Styles {
    fn new() -> Self {
        let kinds = ActorKind::all()
            .map(|kind| {
                let style = node_style(kind);
                let shape = match (style.shape, style.rounded) {
                    ("box", true) => "round-rectangle",
                    ("box", false) => "rectangle",
                    ("box3d", _) => "barrel",
                    ("folder", _) => "tag",
                    ("note", _) => "cut-rectangle",
                    ("house", _) => "pentagon",
                    (shape, _) => shape,
                };
                let style = KindStyle {
                    shape,
                    fill: style.fill,
                    line: style.line,
                };
                (kind.as_str(), style)
            })
            .collect();
        let classes = QuadClass::all()
            .map(|class| {
                let (color, line, width) = edge_style(class);
                let style = ClassStyle {
                    color,
                    line,
                    width: width.parse().unwrap_or(1.0),
                };
                (class.as_str(), style)
            })
            .collect();
        Self { kinds, classes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::nasty;
    use crate::{Dataset, Graph};

    #[test]
    fn script_json_hides_every_way_out_of_the_script_element() {
        let json = script_json(&nasty().to_dataset()).unwrap();
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!json.contains(bad), "{bad:?} in {json}");
        }
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        let direct = serde_json::to_value(nasty().to_dataset()).unwrap();
        assert_eq!(back, direct);
    }

    #[test]
    fn the_page_holds_its_parts_and_the_data_once() {
        let graph = Graph::try_from(Dataset::builtin().unwrap()).unwrap();
        let mut out = Vec::new();
        write(&graph, &ExportOptions::default(), &mut out).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("Copyright (c) 2016-2026, The Cytoscape Consortium"));
        assert_eq!(
            page.matches("</script>").count(),
            3,
            "data, cytoscape, script"
        );
        assert!(page.contains(r#""name":"İbrahim Kalın""#));
        assert!(page.contains(r#""keys":["ibrahimkalin","kalin"]"#) || page.contains("kalin"));
        for marker in ["/*STYLE*/", "/*DATA*/", "/*CYTOSCAPE*/", "/*SCRIPT*/"] {
            assert!(!page.contains(marker), "{marker} left in the page");
        }
    }

    #[test]
    fn parallel_relations_share_an_edge() {
        let graph = nasty();
        let data = ViewData::new(&graph, "");
        let pairs: Vec<(&str, &str, usize)> = data
            .edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str(), e.relations.len()))
            .collect();
        assert_eq!(pairs, [("html", "slash", 1), ("kalin", "html", 2)]);
        assert_eq!(data.about.len(), 2, "kalin and html each link to slash");
        assert_eq!(data.relations[2].start.as_deref(), Some("2019-01-01"));
        assert_eq!(data.relations[2].end, None);
    }

    #[test]
    fn too_large_a_graph_is_refused_with_a_way_out() {
        let spec: String = (0..MAX_RELATIONS + 1)
            .map(|i| format!("a{} criticize a{}\n", i % 50, i % 50 + 1))
            .collect();
        let graph = crate::testing::graph(&spec);
        let err = check_size(&graph).unwrap_err().to_string();
        assert!(
            err.contains("--focus") && err.contains("dipgraph serve"),
            "{err}"
        );
    }
}
