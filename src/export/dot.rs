//! Graphviz DOT: a picture an analyst can put in a report.
//!
//! Node shape and colour show the actor kind, edge colour the relation's quad class (conflict
//! in reds, cooperation in blue and green, standing relations grey and dashed), edge labels
//! the relation kind; tooltips carry the evidence, and a legend explains it all. The output is
//! sorted by id, so the same data always gives the same bytes and DOT files diff well.
//!
//! The DOT is built with graphviz-rust's structures. Its printer writes ids as given and
//! escapes nothing, so every id and value goes through [`quote`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::{Cluster, ExportOptions, Exportable};
use crate::error::Result;
use crate::model::{Actor, ActorId, ActorKind, CountryCode, QuadClass, Relation};

/// The font for every label; Graphviz falls back to a similar one when it is missing.
const FONT: &str = "Helvetica";

/// Writes the graph as DOT, one statement at a time: memory stays flat however large the
/// graph (docs/performance.md).
///
/// # Errors
/// [`crate::Error::Write`] when writing to `out` fails.
pub fn write(graph: &dyn Exportable, options: &ExportOptions, out: &mut dyn Write) -> Result<()> {
    // Statements are small and many; callers often pass an unbuffered or line-buffered stream.
    let mut out = BufWriter::new(out);
    let mut printer = StmtPrinter::begin(&mut out)?;
    statements(graph, options, &mut |stmt| printer.print(&stmt))?;
    printer.end()?;
    out.flush()?;
    Ok(())
}

/// The graph as DOT text, ending with a newline.
///
/// ```
/// use dipgraph::export::{dot, ExportOptions};
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let text = dot::to_string(&graph, &ExportOptions::default());
/// assert_eq!(text, dot::to_string(&graph, &ExportOptions::default()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_string(graph: &dyn Exportable, options: &ExportOptions) -> String {
    let mut text = Vec::new();
    // Writing to a Vec cannot fail, and every piece written is a `str`.
    let _infallible = write(graph, options, &mut text);
    String::from_utf8(text)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// graphviz-rust's printer fed one statement at a time, writing exactly the bytes its
/// `Graph::print` would write for the whole graph, plus a final newline.
///
/// `Graph::print` writes the head line, a line break, the statements joined by line breaks,
/// a line break and `}`; it also readies the context for the statements (`->` for edges,
/// an indent of two). Printing the graph with no statements does the same readying and gives
/// the head and the tail with nothing between the two line breaks.
struct StmtPrinter<'w> {
    context: PrinterContext,
    tail: String,
    out: &'w mut dyn Write,
}

impl<'w> StmtPrinter<'w> {
    fn begin(out: &'w mut dyn Write) -> std::io::Result<Self> {
        let mut context = PrinterContext::default();
        let shell = DotGraph::DiGraph {
            id: id("dipgraph"),
            strict: false,
            stmts: Vec::new(),
        }
        .print(&mut context);
        // The id is quoted, so it holds no line break; the split always succeeds.
        let (head, tail) = shell.split_once("\n\n").unwrap_or((&shell, "}"));
        out.write_all(head.as_bytes())?;
        Ok(Self {
            tail: tail.to_owned(),
            context,
            out,
        })
    }

    fn print(&mut self, stmt: &Stmt) -> std::io::Result<()> {
        self.out.write_all(b"\n")?;
        self.out.write_all(stmt.print(&mut self.context).as_bytes())
    }

    fn end(self) -> std::io::Result<()> {
        self.out.write_all(b"\n")?;
        self.out.write_all(self.tail.as_bytes())?;
        self.out.write_all(b"\n")
    }
}

/// Quotes `text` as a DOT string: `"` and `\` are backslash-escaped and line breaks become
/// `\n`, which Graphviz draws as a line break in labels and tooltips.
///
/// Everything else, `<` and non-ASCII letters included, needs no escaping in a quoted string.
///
/// ```
/// use dipgraph::export::dot::quote;
/// assert_eq!(quote(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
/// assert_eq!(quote("two\nlines"), r#""two\nlines""#);
/// ```
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    // Runs of ordinary text are copied whole: a big export quotes hundreds of megabytes of
    // tooltips, and the four special characters are all ASCII, so any byte position where one
    // is found is a character boundary.
    let mut rest = text;
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))
    {
        let (plain, special) = rest.split_at(at);
        quoted.push_str(plain);
        let after = &special[1..];
        match special.as_bytes()[0] {
            b'"' => quoted.push_str("\\\""),
            b'\\' => quoted.push_str("\\\\"),
            // A CR LF pair is one line break: the LF that follows writes it.
            b'\r' if after.starts_with('\n') => {}
            _ => quoted.push_str("\\n"),
        }
        rest = after;
    }
    quoted.push_str(rest);
    quoted.push('"');
    quoted
}

fn id(text: &str) -> Id {
    Id::Escaped(quote(text))
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), id(value))
}

/// An edge's `tooltip` and `labeltooltip`: the same text, quoted once.
fn tooltips(text: &str) -> [Attribute; 2] {
    let value = id(text);
    [
        Attribute(Id::Plain("tooltip".to_owned()), value.clone()),
        Attribute(Id::Plain("labeltooltip".to_owned()), value),
    ]
}

/// How an actor kind is drawn: shape, fill colour, outline colour. The HTML view draws
/// with the same palette.
pub(crate) struct NodeStyle {
    pub(crate) shape: &'static str,
    pub(crate) fill: &'static str,
    pub(crate) line: &'static str,
    pub(crate) rounded: bool,
}

pub(crate) fn node_style(kind: ActorKind) -> NodeStyle {
    let style = |shape, fill, line, rounded| NodeStyle {
        shape,
        fill,
        line,
        rounded,
    };
    match kind {
        ActorKind::State => style("box", "#d6e6f5", "#2f5f8a", true),
        ActorKind::InternationalOrganization => style("hexagon", "#e4dbf1", "#5e3c99", false),
        ActorKind::GovernmentBody => style("box", "#e8f1f8", "#4f7ca6", false),
        ActorKind::Person => style("ellipse", "#fdebc8", "#a66a00", false),
        ActorKind::ArmedGroup => style("octagon", "#f8d4d0", "#a13a2f", false),
        ActorKind::WeaponSystem => style("box3d", "#e6e6e6", "#595959", false),
        ActorKind::Programme => style("folder", "#fff4c2", "#8a7500", false),
        ActorKind::Media => style("note", "#ffffff", "#707070", false),
        ActorKind::PoliticalGroup => style("house", "#dcefd4", "#3f7a2a", false),
        ActorKind::Community => style("invhouse", "#f3e1ee", "#8a3f75", false),
        ActorKind::Other => style("ellipse", "#ffffff", "#707070", false),
    }
}

/// How a quad class is drawn: colour, line style, width.
pub(crate) fn edge_style(class: QuadClass) -> (&'static str, &'static str, &'static str) {
    match class {
        QuadClass::VerbalCooperation => ("#2b7bba", "solid", "1.2"),
        QuadClass::MaterialCooperation => ("#1a9850", "solid", "2"),
        QuadClass::VerbalConflict => ("#e34a33", "solid", "1.2"),
        QuadClass::MaterialConflict => ("#99000d", "solid", "2.2"),
        QuadClass::Structural => ("#8c8c8c", "dashed", "1"),
    }
}

/// A vocabulary name as words: `designate_terrorist` → `designate terrorist`.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

/// Where statements go, in order; a statement is printed and dropped before the next is made.
type Emit<'e> = dyn FnMut(Stmt) -> std::io::Result<()> + 'e;

/// Every statement of the picture, in order: defaults, actors (or clusters), edges, legend.
fn statements(
    graph: &dyn Exportable,
    options: &ExportOptions,
    emit: &mut Emit<'_>,
) -> std::io::Result<()> {
    emit(Stmt::GAttribute(GraphAttributes::Graph(graph_attributes(
        options,
    ))))?;
    emit(Stmt::GAttribute(GraphAttributes::Node(vec![
        attr("fontname", FONT),
        attr("fontsize", "11"),
        attr("margin", "0.12,0.06"),
    ])))?;
    emit(Stmt::GAttribute(GraphAttributes::Edge(vec![
        attr("fontname", FONT),
        attr("fontsize", "9"),
        attr("arrowsize", "0.7"),
    ])))?;
    let actors = super::drawn_actors(graph, options);
    match options.cluster {
        Cluster::None => {
            for actor in &actors {
                emit(actor_node(graph, actor))?;
            }
        }
        Cluster::Country => country_clusters(graph, &actors, emit)?,
    }
    let mut relations: Vec<&Relation> = graph.relations().collect();
    relations.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if options.merge_edges {
        merged_edges(graph, &relations, options, emit)?;
    } else {
        for relation in &relations {
            emit(relation_edge(graph, relation, options))?;
        }
    }
    let about = about_edges(graph, &relations, &actors, emit)?;
    if !actors.is_empty() {
        emit(legend(&actors, &relations, about))?;
    }
    Ok(())
}

/// The colour of `about` links: quieter than any relation's.
const ABOUT_COLOR: &str = "#a0a0a0";

/// A dotted link from each actor that states or does something about a subject to that
/// subject (one per pair, whatever the number of relations), so that what is only talked
/// about (a weapon, a country) is tied to the picture rather than floating beside it.
/// Returns whether any was drawn.
fn about_edges(
    graph: &dyn Exportable,
    relations: &[&Relation],
    actors: &[&Actor],
    emit: &mut Emit<'_>,
) -> std::io::Result<bool> {
    let pairs = super::about_pairs(relations, actors);
    for ((from, subject), group) in &pairs {
        let mut tooltip = format!("{} about {}:", graph.name_of(from), graph.name_of(subject));
        for relation in group {
            let _ = write!(
                tooltip,
                "\n{} {}",
                words(relation.kind.as_str()),
                graph.name_of(&relation.to)
            );
            if let Some(when) = relation.when() {
                let _ = write!(tooltip, " ({when})");
            }
        }
        let mut attributes = vec![
            // `_` never occurs in ids, so the pair is unambiguous.
            attr("id", &format!("about-{from}__{subject}")),
            attr("color", ABOUT_COLOR),
            attr("style", "dotted"),
            attr("arrowhead", "none"),
            attr("penwidth", "0.8"),
        ];
        attributes.extend(tooltips(&tooltip));
        emit(Stmt::Edge(Edge {
            ty: endpoints(from, subject),
            attributes,
        }))?;
    }
    Ok(!pairs.is_empty())
}

fn graph_attributes(options: &ExportOptions) -> Vec<Attribute> {
    let mut attributes = vec![
        attr("rankdir", options.rankdir.as_str()),
        attr("fontname", FONT),
        attr("bgcolor", "white"),
        attr("pad", "0.3"),
        attr("nodesep", "0.35"),
        attr("ranksep", "0.9"),
        // For sfdp, which the renderer picks for large graphs; dot ignores these.
        attr("overlap", "prism"),
        attr("splines", "true"),
    ];
    if !options.title.is_empty() {
        attributes.extend([
            attr("label", &options.title),
            attr("labelloc", "t"),
            attr("fontsize", "16"),
        ]);
    }
    attributes
}

fn actor_node(graph: &dyn Exportable, actor: &Actor) -> Stmt {
    let style = node_style(actor.kind);
    let mut attributes = vec![
        attr("id", &format!("actor-{}", actor.id)),
        attr("label", &actor.name),
        attr("shape", style.shape),
        attr(
            "style",
            if style.rounded {
                "rounded,filled"
            } else {
                "filled"
            },
        ),
        attr("fillcolor", style.fill),
        attr("color", style.line),
        attr("tooltip", &actor_tooltip(graph, actor)),
    ];
    if actor.kind == ActorKind::State {
        attributes.push(attr("penwidth", "1.6"));
    }
    Stmt::Node(Node::new(NodeId(id(actor.id.as_str()), None), attributes))
}

fn actor_tooltip(graph: &dyn Exportable, actor: &Actor) -> String {
    let mut lines = vec![match &actor.country {
        Some(country) => format!(
            "{} ({}, {})",
            actor.name,
            words(actor.kind.as_str()),
            country
        ),
        None => format!("{} ({})", actor.name, words(actor.kind.as_str())),
    }];
    if !actor.aliases.is_empty() {
        lines.push(format!("also: {}", actor.aliases.join(", ")));
    }
    if let Some(description) = &actor.description {
        lines.push(description.clone());
    }
    let count = graph.relation_count_of(&actor.id);
    lines.push(format!(
        "{count} relation{}",
        if count == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

/// One box per country, named after the state with that code when there is one; actors
/// without a country stay outside.
fn country_clusters(
    graph: &dyn Exportable,
    actors: &[&Actor],
    emit: &mut Emit<'_>,
) -> std::io::Result<()> {
    let mut by_country: BTreeMap<&CountryCode, Vec<&Actor>> = BTreeMap::new();
    for actor in actors {
        match &actor.country {
            Some(country) => by_country.entry(country).or_default().push(actor),
            None => emit(actor_node(graph, actor))?,
        }
    }
    for (country, members) in by_country {
        let state = members.iter().find(|a| a.kind == ActorKind::State);
        let label = state.map_or(country.as_str(), |s| s.name.as_str());
        let mut cluster = vec![
            Stmt::Attribute(attr("label", label)),
            Stmt::Attribute(attr("style", "rounded,filled")),
            Stmt::Attribute(attr("fillcolor", "#f5f7fa")),
            Stmt::Attribute(attr("color", "#b8c4d0")),
            Stmt::Attribute(attr("fontcolor", "#4a5a6a")),
            Stmt::Attribute(attr("fontsize", "12")),
        ];
        cluster.extend(members.iter().map(|a| actor_node(graph, a)));
        emit(Stmt::Subgraph(Subgraph {
            id: id(&format!("cluster_{country}")),
            stmts: cluster,
        }))?;
    }
    Ok(())
}

/// The edge label of one relation: its kind, and its date or period when asked for.
fn relation_label(relation: &Relation, options: &ExportOptions) -> String {
    let kind = words(relation.kind.as_str());
    if !options.edge_dates {
        return kind;
    }
    match relation.when() {
        Some(when) => format!("{kind}\n{when}"),
        None => kind,
    }
}

/// A relation's date or period: `2021-03-08`, `since 1952`, `2017–2019`.
/// What a tooltip says about a relation: who, what, to whom, when, about what, and every
/// piece of evidence with its source.
fn relation_tooltip(graph: &dyn Exportable, relation: &Relation) -> String {
    // Written into one string: a big export makes a million of these, and a string per line
    // joined at the end cost a fifth of the export's time. Writing to a String cannot fail.
    let mut text = String::with_capacity(256);
    let _ = write!(
        text,
        "{} → {}: {}",
        graph.name_of(&relation.from),
        graph.name_of(&relation.to),
        words(relation.kind.as_str())
    );
    if let Some(when) = relation.when() {
        let _ = write!(text, " ({when})");
    }
    for (i, id) in relation.about.iter().enumerate() {
        text.push_str(if i == 0 { "\nabout: " } else { ", " });
        text.push_str(graph.name_of(id));
    }
    if let Some(claimant) = &relation.claimed_by {
        let _ = write!(text, "\nclaimed by: {}", graph.name_of(claimant));
    }
    if let Some(counts) = &relation.counts {
        let _ = write!(
            text,
            "\nevent data: {} events, {} mentions, {} sources, {} articles",
            counts.events, counts.mentions, counts.sources, counts.articles
        );
    }
    for evidence in &relation.evidence {
        let _ = write!(text, "\n• {}", evidence.note);
        if !evidence.quote.is_empty() {
            let _ = write!(text, " “{}”", evidence.quote);
        }
        let _ = match graph.source(&evidence.source) {
            Some(source) => write!(text, " ({}, {})", source.publisher, source.published),
            None => write!(text, " ({})", evidence.source),
        };
    }
    text
}

fn endpoints(from: &ActorId, to: &ActorId) -> EdgeTy {
    EdgeTy::Pair(
        Vertex::N(NodeId(id(from.as_str()), None)),
        Vertex::N(NodeId(id(to.as_str()), None)),
    )
}

fn relation_edge(graph: &dyn Exportable, relation: &Relation, options: &ExportOptions) -> Stmt {
    let (color, line, width) = edge_style(relation.kind.info().quad_class);
    let tooltip = relation_tooltip(graph, relation);
    let mut attributes = vec![
        attr("id", &format!("relation-{}", relation.id)),
        attr("label", &relation_label(relation, options)),
        attr("color", color),
        attr("fontcolor", color),
        attr("style", line),
        attr("penwidth", width),
    ];
    attributes.extend(tooltips(&tooltip));
    if relation.claimed_by.is_some() {
        attributes.push(attr("arrowhead", "onormal"));
    }
    let url = relation
        .evidence
        .first()
        .and_then(|e| graph.source(&e.source))
        .map(|s| s.url.as_str());
    if let Some(url) = url.filter(|u| !u.is_empty()) {
        attributes.push(attr("URL", url));
    }
    Stmt::Edge(Edge {
        ty: endpoints(&relation.from, &relation.to),
        attributes,
    })
}

/// One edge per ordered pair of actors, listing every relation between them; its colours are
/// those of the quad classes present, drawn side by side.
fn merged_edges(
    graph: &dyn Exportable,
    relations: &[&Relation],
    options: &ExportOptions,
    emit: &mut Emit<'_>,
) -> std::io::Result<()> {
    let mut pairs: BTreeMap<(&ActorId, &ActorId), Vec<&Relation>> = BTreeMap::new();
    for relation in relations {
        pairs
            .entry((&relation.from, &relation.to))
            .or_default()
            .push(relation);
    }
    for ((from, to), group) in pairs {
        if let [single] = group.as_slice() {
            emit(relation_edge(graph, single, options))?;
            continue;
        }
        let mut lines: Vec<(String, usize)> = Vec::new();
        for relation in &group {
            let line = relation_label(relation, options).replace('\n', " ");
            match lines.iter_mut().find(|(l, _)| *l == line) {
                Some((_, count)) => *count += 1,
                None => lines.push((line, 1)),
            }
        }
        let label: Vec<String> = lines
            .into_iter()
            .map(|(line, count)| {
                if count == 1 {
                    line
                } else {
                    format!("{line} ×{count}")
                }
            })
            .collect();
        let classes: BTreeSet<QuadClass> = group.iter().map(|r| r.kind.info().quad_class).collect();
        let colors: Vec<&str> = classes.iter().map(|&c| edge_style(c).0).collect();
        let all_structural = classes.iter().all(|&c| c == QuadClass::Structural);
        let tooltip: Vec<String> = group.iter().map(|r| relation_tooltip(graph, r)).collect();
        let tooltip = tooltip.join("\n\n");
        let width = format!("{:.1}", (1.0 + 0.4 * group.len() as f64).min(3.0));
        let mut attributes = vec![
            // `_` never occurs in ids, so the pair is unambiguous.
            attr("id", &format!("relations-{from}__{to}")),
            attr("label", &label.join("\n")),
            attr("color", &colors.join(":")),
            // Mixed classes get a neutral label colour; the line colours tell them apart.
            attr(
                "fontcolor",
                if colors.len() == 1 {
                    colors[0]
                } else {
                    "#333333"
                },
            ),
            attr("style", if all_structural { "dashed" } else { "solid" }),
            attr("penwidth", &width),
        ];
        attributes.extend(tooltips(&tooltip));
        if group.iter().all(|r| r.claimed_by.is_some()) {
            attributes.push(attr("arrowhead", "onormal"));
        }
        emit(Stmt::Edge(Edge {
            ty: endpoints(from, to),
            attributes,
        }))?;
    }
    Ok(())
}

/// A table explaining the colours used in this picture (only those present), drawn as one
/// node with a Graphviz HTML label. Its text is fixed, never taken from the data, so it needs
/// no escaping.
fn legend(actors: &[&Actor], relations: &[&Relation], about: bool) -> Stmt {
    let kinds: BTreeSet<ActorKind> = actors.iter().map(|a| a.kind).collect();
    let classes: BTreeSet<QuadClass> = relations.iter().map(|r| r.kind.info().quad_class).collect();
    let mut rows = String::from("<tr><td colspan=\"2\" align=\"left\"><b>Legend</b></td></tr>");
    for kind in kinds {
        let style = node_style(kind);
        rows.push_str(&format!(
            "<tr><td bgcolor=\"{}\" color=\"{}\" border=\"1\" width=\"30\"> </td>\
             <td align=\"left\">{} <font color=\"#777777\">({})</font></td></tr>",
            style.fill,
            style.line,
            words(kind.as_str()),
            if style.rounded {
                "rounded box"
            } else {
                style.shape
            }
        ));
    }
    for class in classes {
        let (color, line, _) = edge_style(class);
        let sample = if line == "dashed" { "- - -" } else { "——" };
        rows.push_str(&format!(
            "<tr><td><font color=\"{color}\" point-size=\"14\"><b>{sample}</b></font></td>\
             <td align=\"left\">{}</td></tr>",
            class.as_str().replace('_', " ")
        ));
    }
    if relations.iter().any(|r| r.claimed_by.is_some()) {
        rows.push_str(
            "<tr><td><font point-size=\"14\">—▷</font></td>\
             <td align=\"left\">claimed by a third party</td></tr>",
        );
    }
    if about {
        rows.push_str(&format!(
            "<tr><td><font color=\"{ABOUT_COLOR}\" point-size=\"14\"><b>·····</b></font></td>\
             <td align=\"left\">what a relation is about</td></tr>"
        ));
    }
    let table = format!(
        "<<table border=\"1\" color=\"#aaaaaa\" style=\"rounded\" cellborder=\"0\" \
         cellspacing=\"3\" cellpadding=\"2\">{rows}</table>>"
    );
    Stmt::Node(Node::new(
        // `_` never occurs in actor ids, so no actor can take the legend's place.
        NodeId(id("_legend"), None),
        vec![
            Attribute(Id::Plain("label".to_owned()), Id::Html(table)),
            attr("shape", "plaintext"),
            attr("fontsize", "9"),
            attr("tooltip", "legend"),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::testing::nasty;

    fn check(input: &str, expected: &str) {
        assert_eq!(quote(input), expected, "quoting {input:?}");
    }

    #[test]
    fn quoting() {
        check("plain", r#""plain""#);
        check(r#"say "no""#, r#""say \"no\"""#);
        check(r"back\slash", r#""back\\slash""#);
        check(r"ends with \", r#""ends with \\""#);
        check(r#"\""#, r#""\\\"""#);
        check("a\nb", r#""a\nb""#);
        check("a\r\nb", r#""a\nb""#);
        check(
            "<html> & <script>alert(1)</script>",
            r#""<html> & <script>alert(1)</script>""#,
        );
        check("]]>", r#""]]>""#);
        check(
            "İbrahim Kalın, Erdoğan, Şişli, Çağ",
            r#""İbrahim Kalın, Erdoğan, Şişli, Çağ""#,
        );
        check("{}[];=", r#""{}[];=""#);
    }

    #[test]
    fn hostile_text_parses_back() {
        let graph = nasty();
        for merge_edges in [false, true] {
            let options = ExportOptions {
                merge_edges,
                edge_dates: true,
                cluster: Cluster::Country,
                title: "A \"title\"\n<with> \\ İ".into(),
                ..ExportOptions::default()
            };
            let text = to_string(&graph, &options);
            let parsed = graphviz_rust::parse(&text);
            assert!(parsed.is_ok(), "{parsed:?}\n{text}");
            assert!(
                text.contains(r#"label="İbrahim \"Kalın\"\nadviser""#),
                "{text}"
            );
            assert!(text.contains(r#"label="back\\slash \\N \\G""#), "{text}");
        }
    }

    #[test]
    fn deterministic_and_sorted() {
        let graph = nasty();
        let options = ExportOptions::default();
        let text = to_string(&graph, &options);
        assert_eq!(text, to_string(&graph, &options));
        let positions: Vec<usize> = ["\"html\"[", "\"kalin\"[", "\"slash\"["]
            .iter()
            .map(|needle| text.find(needle).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }

    #[test]
    fn merging_joins_parallel_edges() {
        let graph = nasty();
        let merged = to_string(
            &graph,
            &ExportOptions {
                merge_edges: true,
                ..ExportOptions::default()
            },
        );
        assert_eq!(
            merged.matches("\"kalin\" -> \"html\"").count(),
            1,
            "{merged}"
        );
        assert!(
            merged.contains(r##"label="demand\ncriticize""##),
            "{merged}"
        );
        let separate = to_string(&graph, &ExportOptions::default());
        assert_eq!(
            separate.matches("\"kalin\" -> \"html\"").count(),
            2,
            "{separate}"
        );
    }

    proptest::proptest! {
        /// Whatever the text, the quoted string is one DOT string that reads back unchanged.
        #[test]
        fn any_text_quotes_into_one_string(text in "\\PC*|[\"\\\\\n\r<>\\]\\[ İıĞğŞş]*") {
            let dot = format!("digraph {{ \"n\"[label={}] }}", quote(&text));
            let parsed = graphviz_rust::parse(&dot);
            proptest::prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, dot);
            let quoted = quote(&text);
            let inner = &quoted[1..quoted.len() - 1];
            proptest::prop_assert_eq!(unquote(inner), text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    /// Graphviz's reading of a quoted string's inside (escString rules for labels).
    fn unquote(inner: &str) -> String {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        }
        out
    }

    #[test]
    fn empty_graph_is_valid_dot() {
        let text = to_string(&Graph::new(), &ExportOptions::default());
        assert!(graphviz_rust::parse(&text).is_ok(), "{text}");
        assert!(!text.contains("_legend"), "{text}");
    }

    #[test]
    fn an_actor_called_legend_keeps_its_node() {
        let mut graph = nasty();
        graph
            .add_actor(Actor {
                id: "legend".parse().unwrap(),
                name: "Legend".into(),
                kind: ActorKind::Other,
                aliases: vec![],
                country: None,
                description: None,
            })
            .unwrap();
        let text = to_string(&graph, &ExportOptions::default());
        assert_eq!(text.matches("\n  \"legend\"[").count(), 1, "{text}");
        assert_eq!(text.matches("\n  \"_legend\"[").count(), 1, "{text}");
    }

    #[test]
    fn isolated_actors_can_be_left_out() {
        let mut graph = nasty();
        graph
            .add_actor(Actor {
                id: "lonely".parse().unwrap(),
                name: "Lonely".into(),
                kind: ActorKind::Media,
                aliases: vec![],
                country: None,
                description: None,
            })
            .unwrap();
        let shown = to_string(&graph, &ExportOptions::default());
        assert!(shown.contains("\"lonely\"["), "{shown}");
        assert!(
            shown.contains(">media <font"),
            "the legend lists it: {shown}"
        );
        let hidden = ExportOptions {
            hide_isolated: true,
            ..ExportOptions::default()
        };
        let hidden = to_string(&graph, &hidden);
        assert!(!hidden.contains("lonely"), "{hidden}");
        assert!(!hidden.contains(">media <font"), "{hidden}");
    }

    #[test]
    fn edge_dates_and_clusters() {
        let graph = nasty();
        let text = to_string(
            &graph,
            &ExportOptions {
                edge_dates: true,
                cluster: Cluster::Country,
                ..ExportOptions::default()
            },
        );
        assert!(text.contains(r#"label="demand\n2021-03-08""#), "{text}");
        assert!(text.contains(r#"label="member of\nsince 2019""#), "{text}");
        // The cluster is named after the state with that country code.
        assert!(text.contains("subgraph \"cluster_TUR\""), "{text}");
        assert!(text.contains(r#"label="back\\slash \\N \\G""#), "{text}");
    }
    /// Streaming prints exactly what graphviz-rust prints for the whole graph at once.
    #[test]
    fn statements_print_as_the_whole_graph_would() {
        let graph = nasty();
        for (merge_edges, cluster, title) in [
            (false, Cluster::None, ""),
            (true, Cluster::Country, "A \"title\"\n<with> \\ İ"),
            (false, Cluster::Country, "t"),
        ] {
            let options = ExportOptions {
                merge_edges,
                cluster,
                edge_dates: true,
                title: title.into(),
                ..ExportOptions::default()
            };
            let mut stmts = Vec::new();
            statements(&graph, &options, &mut |stmt| {
                stmts.push(stmt);
                Ok(())
            })
            .unwrap();
            let whole = DotGraph::DiGraph {
                id: id("dipgraph"),
                strict: false,
                stmts,
            };
            let expected = whole.print(&mut PrinterContext::default()) + "\n";
            assert_eq!(to_string(&graph, &options), expected);
        }
    }
}
