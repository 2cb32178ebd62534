//! `dipgraph rank`: actors by centrality.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::query::rank::{Centrality, RankResult};
use dipgraph::request::RankRequest;
use dipgraph::Graph;

use super::output::{print, print_json, render, table};
use super::{matched, FilterArgs, FormatArg, OutputFormat, TraversalArgs};

#[derive(Debug, Args)]
pub struct RankArgs {
    /// The measure: degree, pagerank or betweenness.
    #[arg(long, value_name = "MEASURE", default_value = "degree")]
    by: Centrality,
    /// Only the first N actors.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    #[command(flatten)]
    traversal: TraversalArgs,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &RankArgs) -> Result<ExitCode> {
    let request = RankRequest {
        by: args.by,
        top: args.top,
        traversal: args.traversal.to_flags(),
        filter: args.filter.to_filter(),
    };
    let found = request.run(graph)?;
    match args.format.format {
        OutputFormat::Json => print_json(&found)?,
        OutputFormat::Text => print(&text(graph, &found))?,
    }
    Ok(matched(found.actors.len()))
}

fn text(graph: &Graph, found: &RankResult) -> String {
    let mut table = table(&["rank", "actor", found.by.as_str()]);
    for (i, ranked) in found.actors.iter().enumerate() {
        let score = match found.by {
            Centrality::Degree => format!("{}", ranked.score),
            _ => format!("{:.4}", ranked.score),
        };
        table.add_row(vec![
            (i + 1).to_string(),
            graph.name_of(ranked.actor).to_owned(),
            score,
        ]);
    }
    render(&mut table)
}
