//! Printing: aligned tables, JSON, and the short forms of actors and relations.

use std::io::Write;

use anyhow::Result;
use comfy_table::{presets, ContentArrangement, Table};
use dipgraph::{ActorId, Graph, Relation};
use serde::Serialize;

/// Writes `text` to standard output.
pub fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Writes `value` as pretty JSON and a newline to standard output.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

/// A table with a header row, no borders, aligned columns.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| h.to_uppercase()));
    table
}

/// Renders a table with its trailing spaces trimmed and a final newline.
pub fn render(table: &Table) -> String {
    let mut text: String = table
        .lines()
        .map(|line| {
            line.strip_prefix(' ')
                .unwrap_or(&line)
                .trim_end()
                .to_owned()
                + "\n"
        })
        .collect();
    if text.is_empty() {
        text.push('\n');
    }
    text
}

/// An actor's display name, or its id when unknown.
pub fn name<'a>(graph: &'a Graph, id: &'a ActorId) -> &'a str {
    graph.actor(id).map_or(id.as_str(), |a| a.name.as_str())
}

/// The names of the actors a relation is about, comma-separated.
pub fn about(graph: &Graph, relation: &Relation) -> String {
    let names: Vec<&str> = relation.about.iter().map(|id| name(graph, id)).collect();
    names.join(", ")
}

/// The relation's date or period, as text.
pub fn when(relation: &Relation) -> String {
    match (relation.date, relation.since, relation.until) {
        (Some(date), _, _) => date.to_string(),
        (None, None, None) => String::new(),
        (None, since, until) => format!(
            "{}–{}",
            since.map(|d| d.to_string()).unwrap_or_default(),
            until.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// The first evidence note of a relation.
pub fn note(relation: &Relation) -> &str {
    relation.evidence.first().map_or("", |e| e.note.as_str())
}
