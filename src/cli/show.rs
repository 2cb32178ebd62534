//! `dipgraph show`: one actor, its relations in both directions, and where it is mentioned.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::{Actor, Graph, Relation};
use serde::Serialize;

use super::output::{print, print_json};
use super::relations::relation_table;
use super::{FormatArg, OutputFormat};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The actor: id, name or alias (case- and accent-insensitive).
    actor: String,
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Serialize)]
struct Shown<'a> {
    actor: &'a Actor,
    outgoing: Vec<&'a Relation>,
    incoming: Vec<&'a Relation>,
    mentioned_in: Vec<&'a Relation>,
}

pub fn run(graph: &Graph, args: &ShowArgs) -> Result<ExitCode> {
    let id = graph.resolve(&args.actor)?;
    let Some(actor) = graph.actor(id) else {
        anyhow::bail!("unknown actor `{}`", args.actor);
    };
    let (outgoing, incoming) = graph.relations_of(id).partition(|r| &r.from == id);
    let shown = Shown {
        actor,
        outgoing: by_date(outgoing),
        incoming: by_date(incoming),
        mentioned_in: by_date(graph.relations_mentioning(id).collect()),
    };
    match args.format.format {
        OutputFormat::Json => print_json(&shown)?,
        OutputFormat::Text => print(&text(graph, &shown))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The relations as a timeline: by date (or the start of their period), the undated last,
/// each group in file order.
fn by_date(mut relations: Vec<&Relation>) -> Vec<&Relation> {
    relations.sort_by_key(|r| (r.sort_date().is_none(), r.sort_date()));
    relations
}

fn text(graph: &Graph, shown: &Shown) -> String {
    let actor = shown.actor;
    let mut text = format!("{} ({}), {}", actor.name, actor.id, actor.kind);
    if let Some(country) = &actor.country {
        text.push_str(&format!(", {country}"));
    }
    text.push('\n');
    if !actor.aliases.is_empty() {
        text.push_str(&format!("also: {}\n", actor.aliases.join(", ")));
    }
    if let Some(description) = &actor.description {
        text.push_str(&format!("{description}\n"));
    }
    for (title, relations) in [
        ("relations from", &shown.outgoing),
        ("relations to", &shown.incoming),
        ("mentioned in", &shown.mentioned_in),
    ] {
        if !relations.is_empty() {
            text.push_str(&format!(
                "\n{title} {} ({}):\n",
                actor.name,
                relations.len()
            ));
            text.push_str(&relation_table(graph, relations));
        }
    }
    text
}
