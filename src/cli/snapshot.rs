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
    /// Replace an existing OUT, which snapshot otherwise refuses: it may be the only copy of
    /// the data.
    #[arg(long)]
    force: bool,
}

pub fn run(graph: &Graph, data: &[PathBuf], args: &SnapshotArgs) -> Result<ExitCode> {
    if DataFormat::from_path(&args.output) != Some(DataFormat::Snapshot) {
        bail!(
            "cannot write {}: a snapshot's name ends in .{}",
            args.output.display(),
            snapshot::EXTENSION
        );
    }
    super::guard::output(&args.output, data, args.force)?;
    snapshot::write(graph, &args.output).context("writing the snapshot")?;
    eprintln!(
        "wrote {}: {} actors, {} relations",
        args.output.display(),
        graph.actor_count(),
        graph.relation_count()
    );
    Ok(ExitCode::SUCCESS)
}
