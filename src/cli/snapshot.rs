//! `dipgraph snapshot`: the checked data as a binary snapshot, for fast loading.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use dipgraph::dataset::{snapshot, DataFormat};
use dipgraph::Graph;

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    /// The snapshot to write (.dgsnap); read it back with `--data OUT.dgsnap`.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
}

pub fn run(graph: &Graph, args: &SnapshotArgs) -> Result<ExitCode> {
    if DataFormat::from_path(&args.output) != Some(DataFormat::Snapshot) {
        bail!(
            "cannot write {}: a snapshot's name ends in .{}",
            args.output.display(),
            snapshot::EXTENSION
        );
    }
    snapshot::write(graph, &args.output).context("writing the snapshot")?;
    eprintln!(
        "wrote {}: {} actors, {} relations",
        args.output.display(),
        graph.actor_count(),
        graph.relation_count()
    );
    Ok(ExitCode::SUCCESS)
}
