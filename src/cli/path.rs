//! `dipgraph path FROM TO`: how two actors are connected, hop by hop, with the evidence.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use dipgraph::export::{self, ExportOptions, Format};
use dipgraph::query::path::{path, NoPath, PathOptions, PathResult, Search, Weight};
use dipgraph::request::PathRequest;
use dipgraph::{select, Graph, RelationId};

use super::output::{also, fit, hop, plural, print, print_json};
use super::{matched, FilterArgs, TraversalArgs};

#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the path starts: id, name or alias.
    from: String,
    /// Where it ends.
    to: String,
    /// The N cheapest loopless paths (Yen), cheapest first.
    #[arg(long, value_name = "N", conflicts_with = "all")]
    k: Option<usize>,
    /// Every simple path of at most --max-hops hops.
    #[arg(long, requires = "max_hops")]
    all: bool,
    /// The longest path --all lists.
    #[arg(long, value_name = "N", requires = "all")]
    max_hops: Option<usize>,
    /// Not an option of path (export and neighbors have it): taken only to point to
    /// --max-hops.
    #[arg(long, hide = true, value_name = "N")]
    hops: Option<String>,
    /// What a path costs: hops, conflict (strongest conflict first) or cooperation.
    #[arg(long, value_name = "WEIGHT", default_value = "hops")]
    weight: Weight,
    /// The most paths --k and --all list before they stop and say so.
    #[arg(long, value_name = "N", default_value_t = 100)]
    cap: usize,
    /// How many seconds --k and --all may search before they stop and show what they found.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    time_budget: f64,
    #[command(flatten)]
    traversal: TraversalArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Output format: text, json, or dot (a Graphviz picture of just the paths found).
    #[arg(long, value_enum, default_value_t)]
    format: PathFormat,
}

/// How `path` prints what it found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
enum PathFormat {
    /// Sentences, one hop a line, with the evidence.
    #[default]
    Text,
    /// Stable JSON (see docs/queries.md).
    Json,
    /// Graphviz DOT of the relations the paths walk, styled as `dipgraph export`.
    Dot,
}

pub fn run(graph: &Graph, args: &PathArgs) -> Result<ExitCode> {
    if let Some(n) = &args.hops {
        anyhow::bail!(
            "path has no --hops: --all --max-hops {n} lists every path of at most {n} hops \
             (--k N the N shortest)"
        );
    }
    let request = PathRequest {
        from: args.from.clone(),
        to: args.to.clone(),
        k: args.k,
        all: args.all,
        max_hops: args.max_hops,
        weight: args.weight,
        cap: args.cap,
        time_budget: args.time_budget,
        traversal: args.traversal.to_flags(),
        filter: args.filter.to_filter(),
    };
    let options = request.options(graph)?;
    let found = path(
        graph,
        graph.resolve(&request.from)?,
        graph.resolve(&request.to)?,
        &options,
    )?;
    match args.format {
        PathFormat::Json => print_json(&found)?,
        PathFormat::Text => {
            let mut text = text(graph, &found, &options);
            if let Some(hint) = via_about_hint(graph, &found, &options)? {
                // After the reason, on the same line.
                text.truncate(text.trim_end().len());
                text.push_str(&format!("; {hint}\n"));
            }
            print(&fit(&text))?
        }
        PathFormat::Dot => {
            let walked: Vec<RelationId> = found
                .paths
                .iter()
                .flat_map(|p| &p.hops)
                .map(|hop| hop.relation.id.clone())
                .collect();
            let part = select::relations(graph, &walked)?;
            let options = ExportOptions {
                title: format!(
                    "{} to {}",
                    graph.name_of(found.from),
                    graph.name_of(found.to)
                ),
                hide_isolated: true,
                ..ExportOptions::default()
            };
            let mut out = Vec::new();
            export::write(&part, Format::Dot, &options, &mut out)?;
            print(&String::from_utf8_lossy(&out))?;
        }
    }
    Ok(matched(found.paths.len()))
}

fn text(graph: &Graph, found: &PathResult, options: &PathOptions) -> String {
    let (from, to) = (graph.name_of(found.from), graph.name_of(found.to));
    let Some(reason) = found.no_path else {
        return paths_text(graph, found, options);
    };
    let why = match reason {
        NoPath::DifferentComponents => "they are in different components".to_owned(),
        NoPath::AgainstDirection => {
            "they are connected only against the direction of the relations (drop --directed)"
                .to_owned()
        }
        NoPath::TooLong => match options.search {
            Search::All { max_hops } => format!("every path is longer than {max_hops} hops"),
            _ => "every path is too long".to_owned(),
        },
    };
    let filtered =
        options.traversal.filter != Default::default() || !options.traversal.avoid.is_empty();
    let note = if filtered && reason == NoPath::DifferentComponents {
        " with these filters"
    } else {
        ""
    };
    format!("no path between {from} and {to}: {why}{note}\n")
}

/// When two actors are in different components only because `about` is not followed, says
/// that `--via-about` connects them, and in how many hops.
fn via_about_hint(
    graph: &Graph,
    found: &PathResult,
    options: &PathOptions,
) -> Result<Option<String>> {
    if found.no_path != Some(NoPath::DifferentComponents) || options.traversal.via_about {
        return Ok(None);
    }
    let mut traversal = options.traversal.clone();
    traversal.via_about = true;
    let with_about = PathOptions {
        traversal,
        search: Search::Shortest,
        ..options.clone()
    };
    let shortest = path(graph, found.from, found.to, &with_about)?;
    Ok(shortest.paths.first().map(|p| {
        format!(
            "--via-about connects them through what relations are about ({} {})",
            p.length,
            plural(p.length, "hop")
        )
    }))
}

fn paths_text(graph: &Graph, found: &PathResult, options: &PathOptions) -> String {
    let (from, to) = (graph.name_of(found.from), graph.name_of(found.to));
    let how = format!(
        "{}{}{}",
        if options.traversal.directed {
            "directed"
        } else {
            "undirected"
        },
        if options.traversal.via_about {
            ", via about"
        } else {
            ""
        },
        match found.weight {
            Weight::Hops => String::new(),
            weight => format!(", by {weight}"),
        }
    );
    let count = found.paths.len();
    let what = match options.search {
        Search::Shortest => "shortest path".to_owned(),
        Search::KShortest(_) => format!("{count} shortest {}", plural(count, "path")),
        Search::All { max_hops } => {
            format!(
                "{count} {} of at most {max_hops} hops",
                plural(count, "path")
            )
        }
    };
    let mut text = format!("{from} to {to}: {what} ({how})\n");
    for (i, path) in found.paths.iter().enumerate() {
        let mut actors = vec![from];
        actors.extend(path.hops.iter().map(|h| graph.name_of(h.to)));
        let cost = match found.weight {
            Weight::Hops => String::new(),
            _ => format!(", cost {}", path.cost),
        };
        text.push_str(&format!(
            "\n{}. {} {}{cost}: {}\n",
            i + 1,
            path.length,
            plural(path.length, "hop"),
            actors.join(" — ")
        ));
        for step in &path.hops {
            text.push_str(&format!("   {}\n", hop(graph, step)));
            if let Some(also) = also(step) {
                text.push_str(&format!("     ({also})\n"));
            }
        }
    }
    if found.timed_out {
        text.push_str(&format!(
            "\nstopped after the time budget of {} s; these are the paths found by then \
             (raise it with --time-budget)\n",
            options.time_budget.map_or(0.0, |b| b.as_secs_f64())
        ));
    }
    if found.capped {
        text.push_str(&format!(
            "\nstopped at the cap of {} paths; there are more (raise it with --cap)\n",
            options.cap
        ));
    }
    text
}
