//! `dipgraph export`: the graph, or part of it, as DOT, a picture, or a format other tools
//! load.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dipgraph::export::{self, Cluster, ExportOptions, Exportable, Format, RankDir};
use dipgraph::request::SubgraphRequest;
use dipgraph::select;
use dipgraph::Graph;

use super::FilterArgs;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format: dot, svg, png, pdf, json, ron, graphml, csv, ntriples, mermaid, html
    /// [default: from -o's extension, else dot].
    #[arg(long, value_name = "FORMAT")]
    format: Option<Format>,
    /// Write to this file (a directory for csv and parquet), atomically; default: standard
    /// output.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace an existing -o file that dipgraph would read as data (.ron, .json, .dgsnap,
    /// GDELT), which export otherwise refuses: it may be your hand-made data.
    #[arg(long)]
    force: bool,
    /// Only the neighborhood of this actor (id, name or alias).
    #[arg(long, value_name = "ACTOR")]
    focus: Option<String>,
    /// How many relations away from --focus to go, in either direction.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    hops: usize,
    #[command(flatten)]
    filter: FilterArgs,
    /// Pictures: the direction of the layout (LR, TB, RL, BT).
    #[arg(long, value_name = "DIR", default_value = "LR")]
    rankdir: RankDir,
    /// Pictures: group actors into boxes.
    #[arg(long, value_enum, value_name = "BY")]
    cluster: Option<ClusterArg>,
    /// Pictures: one edge per relation, each with its own tooltip, id and source link
    /// (default: one edge per pair of actors, listing the kinds).
    #[arg(long)]
    separate_edges: bool,
    /// Pictures: one edge per pair of actors; the default since edges merge unless
    /// --separate-edges is given, kept so that existing commands still run.
    #[arg(long, hide = true, conflicts_with = "separate_edges")]
    merge_edges: bool,
    /// Pictures: put each relation's date in its edge label.
    #[arg(long)]
    edge_dates: bool,
    /// Pictures: a title above the picture.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Rendering: stop Graphviz after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    timeout: u64,
    /// CSV: prefix cells that start with =, +, -, @ with ' so spreadsheets do not run them
    /// as formulas (leave off for Neo4j, which needs raw values).
    #[arg(long)]
    csv_safe: bool,
}

/// What `--cluster` groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ClusterArg {
    /// One box per country code.
    Country,
}

pub fn run(graph: &Graph, data: &[PathBuf], args: &ExportArgs) -> Result<ExitCode> {
    let format = format(args)?;
    let request = SubgraphRequest {
        focus: args.focus.clone(),
        hops: args.hops,
        filter: args.filter.to_filter(),
    };
    let selection = request.selection(graph)?;
    let part = select::subgraph(graph, &selection)?;
    let options = ExportOptions {
        rankdir: args.rankdir,
        cluster: match args.cluster {
            Some(ClusterArg::Country) => Cluster::Country,
            None => Cluster::None,
        },
        merge_edges: !args.separate_edges,
        edge_dates: args.edge_dates,
        hide_isolated: !selection.is_everything(),
        title: args.title.clone().unwrap_or_default(),
        timeout: Duration::from_secs(args.timeout),
        csv_safe: args.csv_safe,
    };
    match &args.output {
        Some(path) => {
            super::guard::output(path, data, args.force)?;
            export::write_file(&part, format, &options, path)
                .with_context(|| format!("exporting {format}"))?;
            // Confirm a file or directory; a device or pipe (`-o /dev/stdout`) is the output.
            let written = std::fs::metadata(path).is_ok_and(|m| m.is_file() || m.is_dir());
            if written {
                eprintln!(
                    "wrote {} ({format}): {} actors, {} relations",
                    path.display(),
                    part.actor_count(),
                    part.relation_count()
                );
            }
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if format.is_binary() && stdout.is_terminal() {
                bail!("{format} is binary: write it to a file with -o FILE.{format}");
            }
            export::write(&part, format, &options, &mut stdout)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The format asked for, or the one `-o`'s extension names, or DOT.
fn format(args: &ExportArgs) -> Result<Format> {
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, None) => Format::Dot,
        (None, Some(path)) => match Format::from_path(path) {
            Some(format) => format,
            None if path.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("parquet")
            }) =>
            {
                let format = path.extension().unwrap_or_default().to_string_lossy();
                let format = format.to_ascii_lowercase();
                bail!("{format} writes a directory of files: use --format {format} -o DIR")
            }
            None => {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
                bail!(
                    "cannot tell the format from `{}`: use a known extension (.dot, .gv, .svg, \
                     .png, .pdf, .json, .ron, .graphml, .nt, .mmd, .html) or --format with one of: {}",
                    path.display(),
                    names.join(", ")
                )
            }
        },
    };
    if format.is_directory() && args.output.is_none() {
        bail!("{format} writes a directory of files: give it with -o DIR");
    }
    Ok(format)
}
