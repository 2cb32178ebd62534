//! Command-line arguments and the subcommands. Everything here turns arguments into library
//! calls and library results into text; no graph logic lives here.

mod actors;
mod balance;
mod check;
mod dyad;
mod export;
mod extract;
mod guard;
mod import;
mod neighbors;
mod output;
mod path;
mod rank;
mod relations;
mod serve;
mod show;
mod snapshot;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dipgraph::dataset::{self, DataFormat, Loaded};
use dipgraph::filter::RelationFilter;
use dipgraph::request::TraversalFlags;
use dipgraph::{Class, Date, Graph, RelationKind};

/// Exit code when nothing matched (grep's convention).
pub const EXIT_NO_MATCH: u8 = 1;
/// Exit code on any error.
pub const EXIT_ERROR: u8 = 2;

/// The help section of the options every command takes, apart from each command's own.
const GLOBAL: &str = "Global options";

/// Diplomatic news as a knowledge graph: check, query and export actors and their relations.
#[derive(Debug, Parser)]
#[command(name = "dipgraph", version, about)]
pub struct Cli {
    /// Data file or directory (repeatable); default: those in DIPGRAPH_DATA, a list like
    /// PATH (`a.ron:events/`), else the built-in dataset.
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    data: Vec<PathBuf>,

    /// Read every data file in this format, whatever its name (default: by extension;
    /// `.export.CSV`, `.CSV` and `.zip` are GDELT).
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = GLOBAL
    )]
    input_format: Option<InputFormat>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the data: syntax, references, dates, evidence; list every problem.
    Check(check::CheckArgs),
    /// List actors.
    Actors(actors::ActorsArgs),
    /// List relations, filtered.
    Relations(relations::RelationsArgs),
    /// Show one actor and every relation it takes part in.
    Show(show::ShowArgs),
    /// Export the graph, or part of it: DOT, SVG/PNG/PDF, JSON, RON, GraphML, CSV (Neo4j),
    /// N-Triples, Mermaid, an interactive HTML page.
    Export(export::ExportArgs),
    /// Paths between two actors, hop by hop with the evidence for each.
    Path(path::PathArgs),
    /// The actors around one, grouped by distance.
    Neighbors(neighbors::NeighborsArgs),
    /// Every relation between two actors, as a timeline with a net score.
    Dyad(dyad::DyadArgs),
    /// Unbalanced triads: the friend of a friend who is an enemy.
    Balance(balance::BalanceArgs),
    /// Actors ranked by centrality.
    Rank(rank::RankArgs),
    /// Import event data (GDELT) into a dataset file.
    Import(import::ImportArgs),
    /// Read news articles and propose actors and relations, each with its quote, as a draft
    /// dataset to review (`docs/extract.md`).
    Extract(extract::ExtractArgs),
    /// Check the data and save it as a binary snapshot (.dgsnap) that loads many times faster.
    Snapshot(snapshot::SnapshotArgs),
    /// Serve the interactive view and a JSON API on this machine, read-only.
    Serve(serve::ServeArgs),
}

/// The formats `--input-format` can force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// dipgraph's RON.
    Ron,
    /// dipgraph's JSON.
    Json,
    /// GDELT 1.0 or 2.0 event exports, imported on reading.
    Gdelt,
    /// A binary snapshot written by `dipgraph snapshot`.
    Snapshot,
}

impl From<InputFormat> for DataFormat {
    fn from(format: InputFormat) -> Self {
        match format {
            InputFormat::Ron => DataFormat::Ron,
            InputFormat::Json => DataFormat::Json,
            InputFormat::Gdelt => DataFormat::Gdelt,
            InputFormat::Snapshot => DataFormat::Snapshot,
        }
    }
}

/// How results are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned tables and sentences for people.
    #[default]
    Text,
    /// Stable JSON for programs (see docs/queries.md).
    Json,
}

/// The `--format` option shared by the query commands.
#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

/// Filters on relations shared by the commands that read relations.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only these relation kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    kind: Vec<RelationKind>,
    /// Never these relation kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KIND")]
    exclude_kind: Vec<RelationKind>,
    /// Only these classes (comma-separated): cooperation, conflict, structural.
    #[arg(long, value_delimiter = ',', value_name = "CLASS")]
    class: Vec<Class>,
    /// Only relations holding on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<Date>,
    /// Only relations holding on or before this date.
    #[arg(long, value_name = "DATE")]
    until: Option<Date>,
}

impl FilterArgs {
    /// The library's filter with these conditions.
    fn to_filter(&self) -> RelationFilter {
        RelationFilter {
            kinds: self.kind.clone(),
            exclude_kinds: self.exclude_kind.clone(),
            classes: self.class.clone(),
            since: self.since,
            until: self.until,
            ..RelationFilter::default()
        }
    }
}

/// How the traversal queries walk the graph.
#[derive(Debug, Args, Default)]
pub struct TraversalArgs {
    /// Follow relations only from their actor to their target (default: both ways).
    #[arg(long)]
    directed: bool,
    /// Also link a relation's actors to what it is about (a demand about the S-400).
    #[arg(long)]
    via_about: bool,
    /// Never pass through this actor (repeatable, or comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ACTOR")]
    avoid: Vec<String>,
}

impl TraversalArgs {
    /// The library's traversal flags, the avoided actors still unresolved.
    fn to_flags(&self) -> TraversalFlags {
        TraversalFlags {
            directed: self.directed,
            via_about: self.via_about,
            avoid: self.avoid.clone(),
        }
    }
}

/// Runs the parsed command line, returning the exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = if cli.data.is_empty() {
        data_from_env()
    } else {
        cli.data.clone()
    };
    let data = Data {
        paths: &paths,
        format: cli.input_format.map(DataFormat::from),
    };
    match &cli.command {
        Command::Check(args) => check::run(data.read(), args),
        Command::Actors(args) => data.with_graph(|graph| actors::run(graph, args)),
        Command::Relations(args) => data.with_graph(|graph| relations::run(graph, args)),
        Command::Show(args) => data.with_graph(|graph| show::run(graph, args)),
        Command::Export(args) => data.with_graph(|graph| export::run(graph, data.paths, args)),
        Command::Import(args) => import::run(args, &data),
        Command::Extract(args) => data.with_graph(|graph| extract::run(graph, data.paths, args)),
        Command::Snapshot(args) => snapshot::run(&data, args),
        Command::Path(args) => data.with_graph(|graph| path::run(graph, args)),
        Command::Neighbors(args) => data.with_graph(|graph| neighbors::run(graph, args)),
        Command::Dyad(args) => data.with_graph(|graph| dyad::run(graph, args)),
        Command::Balance(args) => data.with_graph(|graph| balance::run(graph, args)),
        Command::Rank(args) => data.with_graph(|graph| rank::run(graph, args)),
        Command::Serve(args) => serve::run(data.load()?, args),
    }
}

/// The paths listed in `DIPGRAPH_DATA`, split as the system splits `PATH` (`:` on Unix);
/// empty entries are skipped.
fn data_from_env() -> Vec<PathBuf> {
    std::env::var_os("DIPGRAPH_DATA")
        .map(|list| {
            std::env::split_paths(&list)
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The `--data` files and the `--input-format` to read them in.
struct Data<'a> {
    paths: &'a [PathBuf],
    format: Option<DataFormat>,
}

impl Data<'_> {
    /// Reads the data files, or the built-in dataset when none are given.
    fn read(&self) -> Loaded {
        dataset::read_or_builtin(self.paths, self.format)
    }

    /// Runs a command on the loaded graph, then leaks the graph: the process exits right
    /// after, and the OS takes the memory back at once, where freeing a million relations
    /// one by one takes a quarter of the run (docs/performance.md).
    fn with_graph(&self, command: impl FnOnce(&Graph) -> Result<ExitCode>) -> Result<ExitCode> {
        let graph = self.load()?;
        let code = command(&graph);
        std::mem::forget(graph);
        code
    }

    /// Reads and checks the data, failing on the first error. Warnings from reading (rows a
    /// GDELT import skipped) go to stderr, so nothing is dropped silently.
    fn load(&self) -> Result<Graph> {
        match dataset::load_graph(self.paths, self.format) {
            Ok((graph, warnings)) => {
                for warning in warnings {
                    eprintln!("{warning}");
                }
                Ok(graph)
            }
            Err(err) => Err(invalid(err)),
        }
    }
}

/// A library error as the loading commands report it: for invalid data, the first error
/// and how many more there are.
fn invalid(err: dipgraph::Error) -> anyhow::Error {
    let dipgraph::Error::Invalid(problems) = err else {
        return err.into();
    };
    let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    match errors.as_slice() {
        [] => anyhow!("the data is invalid"),
        [one] => anyhow!("{one}"),
        [first, rest @ ..] => anyhow!(
            "{first} (and {} more errors; run `dipgraph check` to see them all)",
            rest.len()
        ),
    }
}

/// The error and its causes on one line, each cause left out when the message before it
/// already says it (library errors name their file and include their cause).
pub fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace('\n', " ")
}

/// Whether the error is a closed pipe (`dipgraph ... | head`), which is not worth reporting.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The exit code for a result list: success, or "nothing matched".
fn matched(count: usize) -> ExitCode {
    if count == 0 {
        ExitCode::from(EXIT_NO_MATCH)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn errors_print_each_cause_once() {
        let io = std::io::Error::other("disk full");
        let err = anyhow::Error::new(dipgraph::Error::Io {
            path: "out.dot".into(),
            source: io,
        })
        .context("exporting dot");
        assert_eq!(one_line(&err), "exporting dot: out.dot: disk full");
    }

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
