//! Exports: the graph as DOT, rendered pictures, and the formats other tools load.
//!
//! One file per format; [`write()`] dispatches on [`Format`], [`write_file`] writes a file (or,
//! for CSV and Parquet, a directory) atomically. `docs/export.md` describes every format.
//!
//! ```
//! use dipgraph::export::{self, ExportOptions, Format};
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let mut dot = Vec::new();
//! export::write(&graph, Format::Dot, &ExportOptions::default(), &mut dot)?;
//! assert!(String::from_utf8(dot)?.starts_with("digraph"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod csv;
pub mod dot;
pub mod graphml;
pub mod html;
pub mod mermaid;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod rdf;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use crate::error::{Error, InvalidValue, Result};
use crate::graph::Graph;
use crate::model::{Actor, ActorId, Dataset, Relation, Source, SourceId};

/// What the exports read: a whole [`Graph`], or a [`crate::select::Part`] of one, which
/// borrows its actors, relations and sources from the graph instead of copying them.
///
/// The exports take `&dyn Exportable`, so a `&Graph` or a `&Part` can be passed as it is.
pub trait Exportable {
    /// The actors, in the graph's order.
    fn actors(&self) -> Box<dyn Iterator<Item = &Actor> + '_>;
    /// The relations, in the graph's order (or as chosen, for [`crate::select::relations`]).
    fn relations(&self) -> Box<dyn Iterator<Item = &Relation> + '_>;
    /// The sources, sorted by id.
    fn sources(&self) -> Box<dyn Iterator<Item = &Source> + '_>;
    /// The source with this id.
    fn source(&self, id: &SourceId) -> Option<&Source>;
    /// The actor's display name, or the id itself when no actor has it.
    fn name_of<'a>(&'a self, id: &'a ActorId) -> &'a str;
    /// How many relations go from or to the actor.
    fn relation_count_of(&self, id: &ActorId) -> usize;
    /// The number of actors.
    fn actor_count(&self) -> usize;
    /// The number of relations.
    fn relation_count(&self) -> usize;

    /// The lossless dataset: sources, actors and relations, cloned.
    fn to_dataset(&self) -> Dataset {
        Dataset {
            sources: self.sources().cloned().collect(),
            actors: self.actors().cloned().collect(),
            relations: self.relations().cloned().collect(),
        }
    }
}

impl Exportable for Graph {
    fn actors(&self) -> Box<dyn Iterator<Item = &Actor> + '_> {
        Box::new(Graph::actors(self))
    }

    fn relations(&self) -> Box<dyn Iterator<Item = &Relation> + '_> {
        Box::new(Graph::relations(self))
    }

    fn sources(&self) -> Box<dyn Iterator<Item = &Source> + '_> {
        Box::new(Graph::sources(self))
    }

    fn source(&self, id: &SourceId) -> Option<&Source> {
        Graph::source(self, id)
    }

    fn name_of<'a>(&'a self, id: &'a ActorId) -> &'a str {
        Graph::name_of(self, id)
    }

    fn relation_count_of(&self, id: &ActorId) -> usize {
        // Counted on the adjacency lists: `relations_of` would read a hub's relations only
        // to count them. No relation goes from an actor to itself.
        self.node(id).map_or(0, |node| self.degree(node))
    }

    fn actor_count(&self) -> usize {
        Graph::actor_count(self)
    }

    fn relation_count(&self) -> usize {
        Graph::relation_count(self)
    }

    fn to_dataset(&self) -> Dataset {
        Graph::to_dataset(self)
    }
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz DOT source (`.dot`, `.gv`).
    Dot,
    /// An SVG picture rendered by Graphviz (`.svg`).
    Svg,
    /// A PNG picture rendered by Graphviz (`.png`).
    Png,
    /// A PDF rendered by Graphviz (`.pdf`).
    Pdf,
    /// The lossless dataset as JSON, readable with `--data` (`.json`).
    Json,
    /// The lossless dataset as RON, readable with `--data` (`.ron`).
    Ron,
    /// GraphML for NetworkX, Gephi, Cytoscape (`.graphml`).
    Graphml,
    /// CSV files for `neo4j-admin database import`: a directory with two files.
    Csv,
    /// RDF as N-Triples, with reified statements for evidence and dates (`.nt`).
    Ntriples,
    /// A Mermaid flowchart for Markdown documents (`.mmd`).
    Mermaid,
    /// Apache Parquet for DuckDB, Spark, Polars, BigQuery: a directory with `actors.parquet`,
    /// `relations.parquet` and `sources.parquet` (with the `parquet` feature).
    Parquet,
    /// A self-contained interactive page (`.html`): search, filters, paths, evidence.
    Html,
}

impl Format {
    /// Every format, in declaration order.
    pub const ALL: [Format; 12] = [
        Self::Dot,
        Self::Svg,
        Self::Png,
        Self::Pdf,
        Self::Json,
        Self::Ron,
        Self::Graphml,
        Self::Csv,
        Self::Ntriples,
        Self::Mermaid,
        Self::Parquet,
        Self::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dot => "dot",
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
            Self::Json => "json",
            Self::Ron => "ron",
            Self::Graphml => "graphml",
            Self::Csv => "csv",
            Self::Ntriples => "ntriples",
            Self::Mermaid => "mermaid",
            Self::Parquet => "parquet",
            Self::Html => "html",
        }
    }

    /// The format a file extension names (case-insensitive, without the dot).
    ///
    /// CSV and Parquet have none: they write a directory.
    ///
    /// ```
    /// use dipgraph::export::Format;
    /// assert_eq!(Format::from_extension("GV"), Some(Format::Dot));
    /// assert_eq!(Format::from_extension("nt"), Some(Format::Ntriples));
    /// assert_eq!(Format::from_extension("csv"), None);
    /// ```
    pub fn from_extension(extension: &str) -> Option<Self> {
        Some(match extension.to_ascii_lowercase().as_str() {
            "dot" | "gv" => Self::Dot,
            "svg" => Self::Svg,
            "png" => Self::Png,
            "pdf" => Self::Pdf,
            "json" => Self::Json,
            "ron" => Self::Ron,
            "graphml" => Self::Graphml,
            "nt" => Self::Ntriples,
            "mmd" | "mermaid" => Self::Mermaid,
            "html" | "htm" => Self::Html,
            _ => return None,
        })
    }

    /// The format a path's extension names.
    pub fn from_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Self::from_extension)
    }

    /// The usual file extension (none for CSV and Parquet, which write a directory).
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Self::Ntriples => Some("nt"),
            Self::Mermaid => Some("mmd"),
            Self::Csv | Self::Parquet => None,
            other => Some(other.as_str()),
        }
    }

    /// Whether the output is binary (not for a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Self::Png | Self::Pdf | Self::Parquet)
    }

    /// Whether the output is a directory of files rather than one stream.
    pub fn is_directory(self) -> bool {
        matches!(self, Self::Csv | Self::Parquet)
    }

    /// Whether Graphviz renders this format.
    pub fn is_rendered(self) -> bool {
        matches!(self, Self::Svg | Self::Png | Self::Pdf)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == wanted)
            .or_else(|| Self::from_extension(&wanted))
            .ok_or_else(|| {
                let valid: Vec<&str> = Self::ALL.iter().map(|f| f.as_str()).collect();
                InvalidValue::new(
                    "export format",
                    s,
                    &format!("expected one of: {}", valid.join(", ")),
                )
            })
    }
}

/// The direction of a DOT picture's ranks (Graphviz `rankdir`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RankDir {
    /// Left to right: wide pictures with readable horizontal edge labels.
    #[default]
    LeftRight,
    /// Top to bottom.
    TopBottom,
    /// Right to left.
    RightLeft,
    /// Bottom to top.
    BottomTop,
}

impl RankDir {
    /// Graphviz's name: `LR`, `TB`, `RL`, `BT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeftRight => "LR",
            Self::TopBottom => "TB",
            Self::RightLeft => "RL",
            Self::BottomTop => "BT",
        }
    }
}

impl FromStr for RankDir {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::LeftRight,
            Self::TopBottom,
            Self::RightLeft,
            Self::BottomTop,
        ]
        .into_iter()
        .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| InvalidValue::new("rankdir", s, "expected one of: LR, TB, RL, BT"))
    }
}

/// How to group actors into boxes in a DOT picture.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cluster {
    /// No grouping.
    #[default]
    None,
    /// One box per country: the actors with that country code.
    Country,
}

/// Options for the exports; each format uses the ones that concern it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// DOT: the direction of ranks.
    pub rankdir: RankDir,
    /// DOT: group actors into boxes.
    pub cluster: Cluster,
    /// DOT: draw all relations between the same two actors, same direction, as one edge.
    pub merge_edges: bool,
    /// DOT: add each relation's date to its edge label.
    pub edge_dates: bool,
    /// DOT and Mermaid: leave out actors without relations. A part of the graph keeps the
    /// actors its relations are about, so that it stays a valid dataset; a picture of it is
    /// clearer without them.
    pub hide_isolated: bool,
    /// DOT: the title shown above the picture; none when empty.
    pub title: String,
    /// Rendering: how long Graphviz may run before it is stopped.
    pub timeout: Duration,
    /// CSV: prefix text cells that start with `=`, `+`, `-`, `@`, tab or CR with `'`, so
    /// spreadsheets do not run them as formulas. Off by default: Neo4j needs raw values.
    pub csv_safe: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            rankdir: RankDir::default(),
            cluster: Cluster::default(),
            merge_edges: false,
            edge_dates: false,
            hide_isolated: false,
            title: String::new(),
            timeout: Duration::from_secs(60),
            csv_safe: false,
        }
    }
}

/// Writes `graph` in `format` to `out`.
///
/// # Errors
/// [`Error::Export`] for CSV and Parquet (they write a directory: use [`write_file`]), when
/// Graphviz is missing, fails or times out; [`Error::Write`] when
/// writing to `out` fails.
pub fn write(
    graph: &dyn Exportable,
    format: Format,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Dot => dot::write(graph, options, out),
        Format::Svg | Format::Png | Format::Pdf => {
            let bytes = render::render(graph, format, options)?;
            Ok(out.write_all(&bytes)?)
        }
        Format::Json => graph.to_dataset().write_json(out),
        Format::Ron => graph.to_dataset().write_ron(out),
        Format::Graphml => graphml::write(graph, out),
        Format::Csv | Format::Parquet => Err(Error::Export(format!(
            "{format} writes a directory of files; give it a directory"
        ))),
        Format::Ntriples => rdf::write(graph, out),
        Format::Mermaid => mermaid::write(graph, options, out),
        Format::Html => html::write(graph, options, out),
    }
}

/// Writes `graph` in `format` to the file `path` atomically (see [`crate::atomic`]); for CSV
/// and Parquet, `path` is a directory, created if missing, and each of its files is written
/// atomically.
///
/// # Errors
/// As [`write()`], and [`Error::Io`] naming the file that could not be written;
/// [`Error::Export`] for Parquet in a build without the `parquet` feature.
pub fn write_file(
    graph: &dyn Exportable,
    format: Format,
    options: &ExportOptions,
    path: &Path,
) -> Result<()> {
    match format {
        Format::Csv => return csv::write_dir(graph, options, path),
        #[cfg(feature = "parquet")]
        Format::Parquet => return parquet::write_dir(graph, path),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => {
            return Err(Error::Export(
                "this build of dipgraph has no parquet export (the `parquet` feature)".to_owned(),
            ))
        }
        _ => {}
    }
    // Render before opening anything, so a Graphviz failure touches no file at all.
    if format.is_rendered() {
        let bytes = render::render(graph, format, options)?;
        return crate::atomic::write_atomic(path, |out| Ok(out.write_all(&bytes)?));
    }
    crate::atomic::write_atomic(path, |out| write(graph, format, options, out))
}

/// A relation's evidence as compact JSON, exactly as the dataset holds it: the lossless form
/// the tabular formats carry in one cell.
pub(crate) fn evidence_json(relation: &Relation) -> Result<String> {
    serde_json::to_string(&relation.evidence)
        .map_err(|err| Error::Export(format!("relation `{}`: {err}", relation.id)))
}

/// The actors a picture shows, sorted by id: all of them, or those with relations.
pub(crate) fn drawn_actors<'a>(
    graph: &'a dyn Exportable,
    options: &ExportOptions,
) -> Vec<&'a Actor> {
    let mut actors: Vec<&Actor> = graph
        .actors()
        .filter(|a| !options.hide_isolated || graph.relation_count_of(&a.id) > 0)
        .collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    actors
}

/// The `about` links to draw: for each actor that states or does something about a drawn
/// subject other than its own two ends, the pair (actor, subject) once, with the relations
/// that make it, in id order of the pair.
pub(crate) fn about_pairs<'a>(
    relations: &[&'a Relation],
    actors: &[&Actor],
) -> BTreeMap<(&'a ActorId, &'a ActorId), Vec<&'a Relation>> {
    let drawn: BTreeSet<&ActorId> = actors.iter().map(|a| &a.id).collect();
    let mut pairs: BTreeMap<_, Vec<&Relation>> = BTreeMap::new();
    for relation in relations {
        for subject in &relation.about {
            if *subject != relation.from && *subject != relation.to && drawn.contains(subject) {
                pairs
                    .entry((&relation.from, subject))
                    .or_default()
                    .push(*relation);
            }
        }
    }
    pairs
}

/// The first evidence note, for tools that show one line per relation.
pub(crate) fn first_note(relation: &Relation) -> &str {
    relation.evidence.first().map_or("", |e| e.note.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_round_trip() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>().ok(), Some(format));
            if let Some(extension) = format.extension() {
                assert_eq!(Format::from_extension(extension), Some(format));
            }
        }
        assert_eq!(
            Format::from_path(Path::new("out/graph.GraphML")),
            Some(Format::Graphml)
        );
        assert_eq!(Format::from_path(Path::new("graph")), None);
        let err = "xls".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("expected one of: dot, svg, png"), "{err}");
        assert_eq!("lr".parse::<RankDir>(), Ok(RankDir::LeftRight));
        assert!("sideways".parse::<RankDir>().is_err());
    }
}
