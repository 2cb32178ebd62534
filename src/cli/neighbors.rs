//! `dipgraph neighbors ACTOR`: the ego network, grouped by distance.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::query::neighbors::Explained;
use dipgraph::request::NeighborsRequest;
use dipgraph::Graph;

use super::output::{also, hop, plural, print_json, print_with};
use super::{matched, FilterArgs, FormatArg, OutputFormat, TraversalArgs};

#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The actor at the centre: id, name or alias.
    actor: String,
    /// How far to go.
    #[arg(long, value_name = "N", default_value_t = 1)]
    hops: usize,
    #[command(flatten)]
    traversal: TraversalArgs,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &NeighborsArgs) -> Result<ExitCode> {
    let request = NeighborsRequest {
        actor: args.actor.clone(),
        hops: args.hops,
        traversal: args.traversal.to_flags(),
        filter: args.filter.to_filter(),
    };
    let found = request.run(graph)?;
    match args.format.format {
        OutputFormat::Json => print_json(&found)?,
        OutputFormat::Text => print_with(|out| text(graph, &found, out))?,
    }
    Ok(matched(found.rings.len()))
}

/// The rings as text, each neighbour with the hops that reach it.
fn text(graph: &Graph, found: &Explained, out: &mut dyn Write) -> std::io::Result<()> {
    let total: usize = found.rings.iter().map(|r| r.actors.len()).sum();
    let centre = graph.name_of(found.actor);
    writeln!(
        out,
        "{centre}: {total} {} around it",
        plural(total, "actor")
    )?;
    for ring in &found.rings {
        let n = ring.actors.len();
        writeln!(
            out,
            "\n{} {} away ({n} {}):",
            ring.distance,
            plural(ring.distance, "hop"),
            plural(n, "actor")
        )?;
        for neighbor in &ring.actors {
            let links: usize = neighbor.via.iter().map(|hop| hop.relations()).sum();
            writeln!(
                out,
                "  {} ({links} {})",
                graph.name_of(neighbor.actor),
                plural(links, "relation")
            )?;
            for step in &neighbor.via {
                writeln!(out, "    {}", hop(graph, step))?;
                if let Some(also) = also(step) {
                    writeln!(out, "      ({also})")?;
                }
            }
        }
    }
    Ok(())
}
