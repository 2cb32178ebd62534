//! `dipgraph snapshot`: the checked data as a binary snapshot, for fast loading.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use dipgraph::check::{Diagnostic, Severity};
use dipgraph::dataset::{snapshot, DataFormat};

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

/// Checks the data and writes its snapshot without building the graph (see
/// [`snapshot::write_loaded`]); the dataset is leaked, as [`super::Data::with_graph`]
/// leaks the graph.
pub fn run(data: &super::Data<'_>, args: &SnapshotArgs) -> Result<ExitCode> {
    if DataFormat::from_path(&args.output) != Some(DataFormat::Snapshot) {
        bail!(
            "cannot write {}: a snapshot's name ends in .{}",
            args.output.display(),
            snapshot::EXTENSION
        );
    }
    super::guard::output(&args.output, data.paths, args.force)?;
    let loaded = data.read();
    let warnings: Vec<Diagnostic> = (loaded.diagnostics.iter())
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    let dataset = snapshot::write_loaded(loaded, &args.output).map_err(|err| match err {
        dipgraph::Error::Invalid(_) => super::invalid(err),
        err => anyhow::Error::new(err).context("writing the snapshot"),
    })?;
    for warning in warnings {
        eprintln!("{warning}");
    }
    eprintln!(
        "wrote {}: {} actors, {} relations",
        args.output.display(),
        dataset.actors.len(),
        dataset.relations.len()
    );
    std::mem::forget(dataset);
    Ok(ExitCode::SUCCESS)
}
