//! `dipgraph actors`: the actors, optionally of one kind.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::request::ActorsRequest;
use dipgraph::{ActorKind, Graph};

use super::output::{print, print_json, render, table};
use super::{matched, FormatArg, OutputFormat};

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// Only actors one of whose names (id, name, aliases) contains this, ignoring case,
    /// accents and punctuation: `kalin` finds İbrahim Kalın.
    query: Option<String>,
    /// Only actors of these kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    kind: Vec<ActorKind>,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &ActorsArgs) -> Result<ExitCode> {
    let request = ActorsRequest {
        query: args.query.clone(),
        kinds: args.kind.clone(),
    };
    let actors = request.run(graph);
    match args.format.format {
        OutputFormat::Json => print_json(&actors)?,
        OutputFormat::Text => {
            let mut table = table(&["id", "name", "kind", "country", "aliases"]);
            for actor in &actors {
                table.add_row(vec![
                    actor.id.to_string(),
                    actor.name.clone(),
                    actor.kind.to_string(),
                    actor
                        .country
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    actor.aliases.join(", "),
                ]);
            }
            print(&render(&mut table))?;
        }
    }
    Ok(matched(actors.len()))
}
