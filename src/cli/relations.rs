//! `dipgraph relations`: relations matching filters, as a table.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::{Graph, Relation};

use super::output::{about, note, print, print_json, render, table};
use super::{matched, FilterArgs, FormatArg, OutputFormat};

#[derive(Debug, Args)]
pub struct RelationsArgs {
    /// Only relations from this actor (id, name or alias).
    #[arg(long, value_name = "ACTOR")]
    from: Option<String>,
    /// Only relations to this actor.
    #[arg(long, value_name = "ACTOR")]
    to: Option<String>,
    /// Only relations about this actor.
    #[arg(long, value_name = "ACTOR")]
    about: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &RelationsArgs) -> Result<ExitCode> {
    let mut filter = args.filter.to_filter();
    let resolve = |name: &Option<String>| -> Result<_> {
        Ok(match name {
            Some(name) => Some(graph.resolve(name)?.clone()),
            None => None,
        })
    };
    filter.from = resolve(&args.from)?;
    filter.to = resolve(&args.to)?;
    filter.about = resolve(&args.about)?;
    let mut relations: Vec<&Relation> = graph.relations_matching(&filter).collect();
    relations.sort_by(|a, b| {
        a.sort_date()
            .cmp(&b.sort_date())
            .then_with(|| a.id.cmp(&b.id))
    });
    match args.format.format {
        OutputFormat::Json => print_json(&relations)?,
        OutputFormat::Text => print(&relation_table(graph, &relations))?,
    }
    Ok(matched(relations.len()))
}

/// The relations as an aligned table: when, who, what, to whom, about what, and the note.
pub fn relation_table(graph: &Graph, relations: &[&Relation]) -> String {
    let mut table = table(&[
        "date",
        "from",
        "kind",
        "to",
        "about",
        "claimed by",
        "evidence",
    ]);
    for relation in relations {
        table.add_row(vec![
            relation.when().unwrap_or_default(),
            graph.name_of(&relation.from).to_owned(),
            relation.kind.to_string(),
            graph.name_of(&relation.to).to_owned(),
            about(graph, relation),
            relation
                .claimed_by
                .as_ref()
                .map(|id| graph.name_of(id).to_owned())
                .unwrap_or_default(),
            note(relation).to_owned(),
        ]);
    }
    render(&mut table)
}
