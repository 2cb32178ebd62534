//! `dipgraph dyad A B`: every relation between two actors, as a timeline with a net score.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::query::dyad::DyadResult;
use dipgraph::request::DyadRequest;
use dipgraph::{Graph, QuadClass};

use super::output::{phrase, plural, print, print_json, render, signed, table, weight};
use super::{matched, FilterArgs, FormatArg, OutputFormat};

#[derive(Debug, Args)]
pub struct DyadArgs {
    /// One actor: id, name or alias.
    a: String,
    /// The other.
    b: String,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &DyadArgs) -> Result<ExitCode> {
    let request = DyadRequest {
        a: args.a.clone(),
        b: args.b.clone(),
        filter: args.filter.to_filter(),
    };
    let found = request.run(graph)?;
    match args.format.format {
        OutputFormat::Json => print_json(&found)?,
        OutputFormat::Text => print(&text(graph, &found))?,
    }
    Ok(matched(found.timeline.len()))
}

fn text(graph: &Graph, found: &DyadResult) -> String {
    let (a, b) = (graph.name_of(found.a), graph.name_of(found.b));
    // Relations counted as the events they stand for, as the sides count them.
    let n = found.a_to_b.count + found.b_to_a.count;
    if found.timeline.is_empty() {
        return format!("no relations between {a} and {b}\n");
    }
    let mood = if found.net > 0.0 {
        "cooperative on balance"
    } else if found.net < 0.0 {
        "at odds on balance"
    } else {
        "evenly balanced"
    };
    let mut text = format!(
        "{a} and {b}: {n} {}, net Goldstein {} ({mood})\n",
        plural(n, "relation"),
        signed(found.net)
    );
    for (from, to, side) in [(a, b, &found.a_to_b), (b, a, &found.b_to_a)] {
        text.push_str(&format!(
            "  {from} → {to}: {} {}, net {}\n",
            side.count,
            plural(side.count, "relation"),
            signed(side.net)
        ));
    }
    let counts: Vec<String> = QuadClass::all()
        .map(|class| {
            let count = found.counts.get(&class).copied().unwrap_or(0);
            format!("{} {count}", class.as_str().replace('_', " "))
        })
        .collect();
    text.push_str(&format!("  {}\n\n", counts.join(", ")));
    let mut table = table(&[
        "date",
        "from",
        "kind",
        "to",
        "weight",
        "claimed by",
        "evidence",
    ]);
    for relation in &found.timeline {
        let when = match relation.when() {
            Some(text) => text,
            None if relation.kind.is_standing() => "standing".to_owned(),
            None => String::new(),
        };
        table.add_row(vec![
            when,
            graph.name_of(&relation.from).to_owned(),
            relation.kind.to_string(),
            graph.name_of(&relation.to).to_owned(),
            weight(relation),
            relation
                .claimed_by
                .as_ref()
                .map(|id| graph.name_of(id).to_owned())
                .unwrap_or_default(),
            phrase(relation),
        ]);
    }
    text.push_str(&render(&mut table));
    text
}
