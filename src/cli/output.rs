//! Printing: aligned tables, JSON, and the short forms of actors and relations.

use std::io::Write;

use anyhow::{Context, Result};
use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table, Width};
use dipgraph::query::{Hop, Walk};
use dipgraph::{ActorId, Graph, Relation, RelationKind};
use serde::Serialize;

/// Writes `text` to standard output.
pub fn print(text: &str) -> Result<()> {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to standard output what `write` writes, through a buffer: a text answer at a
/// million relations can run to tens of megabytes, never held whole.
pub fn print_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

/// Writes `value` as pretty JSON and a newline to standard output, streamed: a result at a
/// million relations can print hundreds of megabytes.
pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    print_with(|out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        out.write_all(b"\n")
    })
}

/// The width to fit text to: `COLUMNS` when it holds a positive number (to force one, as
/// the tests do), else the terminal's when standard output is one; `None` off a terminal,
/// where lines stay whole for scripts and diffs.
pub fn width() -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok();
    match columns.and_then(|c| c.trim().parse::<u16>().ok()) {
        Some(columns) if columns > 0 => Some(columns),
        // comfy-table asks the terminal (through crossterm) when standard output is one.
        _ => Table::new().width(),
    }
}

/// A table with a header row, no borders, aligned columns; on a terminal, its long cells
/// wrap so that it fits the width.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| h.to_uppercase()));
    if let Some(width) = width() {
        table
            .set_width(width)
            .set_content_arrangement(ContentArrangement::Dynamic);
    }
    table
}

/// `text` with each line longer than [`width`] wrapped at spaces, its continuation lines
/// indented two more than it; unchanged off a terminal.
pub fn fit(text: &str) -> String {
    let Some(width) = width() else {
        return text.to_owned();
    };
    let mut fitted = String::with_capacity(text.len());
    for line in text.lines() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let more = format!("{indent}  ");
        let options = textwrap::Options::new(width.into())
            .initial_indent(indent)
            .subsequent_indent(&more);
        for part in textwrap::wrap(body, options) {
            fitted.push_str(&part);
            fitted.push('\n');
        }
    }
    fitted
}

/// Renders a table with its trailing spaces trimmed and a final newline. On a terminal each
/// row keeps to one line, its cells cut short with `…` where the width runs out.
pub fn render(table: &mut Table) -> String {
    if let Some(width) = table.width() {
        let content = table.column_max_content_widths();
        // A space either side of each column, less the first line's leading one (cut below).
        let padding = u16::try_from(2 * content.len()).unwrap_or(u16::MAX);
        let widths = share(&content, (width + 1).saturating_sub(padding));
        for (column, width) in table.column_iter_mut().zip(widths) {
            // An absolute width includes the column's padding.
            let width = width + column.padding_width();
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
        }
        table.set_truncation_indicator("…");
        for row in table.row_iter_mut() {
            row.max_height(1);
        }
    }
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

/// Column widths that add up to at most `budget`: columns narrower than a common cap keep
/// their width and the wider ones are cut to it (the widest give way first, so short
/// columns such as dates and kinds stay whole); what the cap leaves over goes to the cut
/// columns, left first.
fn share(content: &[u16], budget: u16) -> Vec<u16> {
    let total = |cap: u16| -> u32 { content.iter().map(|&w| u32::from(w.min(cap))).sum() };
    let Some(mut cap) = content.iter().copied().max() else {
        return Vec::new();
    };
    while cap > 1 && total(cap) > u32::from(budget) {
        cap -= 1;
    }
    let mut left = u32::from(budget).saturating_sub(total(cap));
    content
        .iter()
        .map(|&w| {
            if w > cap && left > 0 {
                left -= 1;
                cap + 1
            } else {
                w.min(cap)
            }
        })
        .collect()
}

/// The names of the actors a relation is about, comma-separated.
pub fn about(graph: &Graph, relation: &Relation) -> String {
    let names: Vec<&str> = relation.about.iter().map(|id| graph.name_of(id)).collect();
    names.join(", ")
}

/// The first evidence note of a relation.
pub fn note(relation: &Relation) -> &str {
    relation.evidence.first().map_or("", |e| e.note.as_str())
}

/// What locates a relation in its first source: its quote in quotation marks, or else its
/// note as it is. A note is someone's summary (or an import's generated line), never the
/// source's words, so it is not dressed as a quotation.
pub fn phrase(relation: &Relation) -> String {
    relation.evidence.first().map_or(String::new(), |e| {
        if e.quote.is_empty() {
            e.note.clone()
        } else {
            format!("“{}”", e.quote)
        }
    })
}

/// A hop as a sentence in the order it is walked, keeping the relation's true direction:
/// `Turkey —demand→ United States (2021-03-08, Ahval): “end its support …”`, or
/// `United States ←demand— Turkey (…)` when walked against it.
pub fn hop(graph: &Graph, hop: &Hop) -> String {
    let relation = hop.relation;
    let (here, there) = (graph.name_of(hop.from), graph.name_of(hop.to));
    let kind = relation.kind;
    let other = |end: &ActorId| {
        if *end == relation.from {
            format!("to {}", graph.name_of(&relation.to))
        } else {
            format!("from {}", graph.name_of(&relation.from))
        }
    };
    let link = match hop.walk {
        Walk::Forward => format!("{here} —{kind}→ {there}"),
        Walk::Backward => format!("{here} ←{kind}— {there}"),
        Walk::ToSubject => format!("{here} —{kind} {}, about→ {there}", other(hop.from)),
        Walk::FromSubject => format!("{here} ←about, {kind} {}— {there}", other(hop.to)),
    };
    format!("{link}{}", context(graph, relation))
}

/// A relation as a sentence from its `from` to its `to`, with its context.
pub fn sentence(graph: &Graph, relation: &Relation) -> String {
    format!(
        "{} —{}→ {}{}",
        graph.name_of(&relation.from),
        relation.kind,
        graph.name_of(&relation.to),
        context(graph, relation)
    )
}

/// ` (date, claimed by X, Publisher): “quote”` (or `: note`), leaving out what is unknown.
fn context(graph: &Graph, relation: &Relation) -> String {
    let mut parts = Vec::new();
    if let Some(when) = relation.when() {
        parts.push(when);
    }
    if let Some(claimant) = &relation.claimed_by {
        parts.push(format!("claimed by {}", graph.name_of(claimant)));
    }
    let source = relation.evidence.first().map(|e| &e.source);
    if let Some(source) = source {
        parts.push(
            graph
                .source(source)
                .map_or(source.to_string(), |s| s.publisher.clone()),
        );
    }
    let mut text = String::new();
    if !parts.is_empty() {
        text = format!(" ({})", parts.join(", "));
    }
    let phrase = phrase(relation);
    if !phrase.is_empty() {
        text.push_str(&format!(": {phrase}"));
    }
    text
}

/// A relation's Goldstein weight, with the events it stands for when several: `−2.0`,
/// `−2.0 ×3` (queries weigh it three times, docs/queries.md).
pub fn weight(relation: &Relation) -> String {
    match relation.events() {
        1 => signed(relation.weight()),
        events => format!("{} ×{events}", signed(relation.weight())),
    }
}

/// A Goldstein sum with its sign, one decimal: `+7.0`, `−8.8`, `0.0`.
pub fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{x:.1}")
    } else if x < 0.0 {
        format!("−{:.1}", -x)
    } else {
        "0.0".to_owned()
    }
}

/// `word`, or its plural with an `s` when `n` is not 1.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// The other relations on a hop's link, by kind: `also: demand ×2, criticize, offer`.
pub fn also(hop: &Hop) -> Option<String> {
    let mut kinds: Vec<(RelationKind, usize)> = Vec::new();
    for relation in &hop.also {
        match kinds.iter_mut().find(|(kind, _)| *kind == relation.kind) {
            Some((_, count)) => *count += 1,
            None => kinds.push((relation.kind, 1)),
        }
    }
    let kinds: Vec<String> = kinds
        .into_iter()
        .map(|(kind, count)| match count {
            1 => kind.to_string(),
            n => format!("{kind} ×{n}"),
        })
        .collect();
    (!kinds.is_empty()).then(|| format!("also: {}", kinds.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(content: &[u16], budget: u16, expected: &[u16]) {
        assert_eq!(share(content, budget), expected);
    }

    #[test]
    fn columns_share_the_width_widest_first() {
        check(&[10, 20, 30], 60, &[10, 20, 30]);
        check(&[10, 20, 30], 100, &[10, 20, 30]);
        check(&[10, 20, 30], 50, &[10, 20, 20]);
        check(&[10, 20, 300], 41, &[10, 16, 15]);
        check(&[10, 20, 300], 20, &[7, 7, 6]);
        check(&[5, 5], 1, &[1, 1]);
        check(&[], 10, &[]);
    }
}
