//! `dipgraph import gdelt`: event exports into a dataset file.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use dipgraph::dataset::{self, DataFormat};
use dipgraph::import::{event_files, with_event_reader, GdeltImporter, GdeltOptions};

/// Inputs smaller than this import too fast for a progress bar to help.
const PROGRESS_MIN_BYTES: u64 = 10 * 1024 * 1024;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    source: ImportSource,
}

#[derive(Debug, Subcommand)]
enum ImportSource {
    /// Import GDELT 1.0 or 2.0 event exports (.export.CSV, or zipped).
    ///
    /// With --data BASE, CAMEO codes for actors the base already has take the base's ids
    /// (TUR becomes `turkey` when the base has a state with country TUR), so the import reads
    /// together with the base as one graph (docs/data-format.md).
    Gdelt(GdeltArgs),
}

#[derive(Debug, Args)]
struct GdeltArgs {
    /// GDELT event files: tab-separated, 57, 58 or 61 columns, optionally in a .zip; or
    /// directories of them (their .csv and .zip files), or quoted glob patterns
    /// ('2024*.export.CSV.zip'). Each file is read as a stream, never held whole.
    #[arg(required = true, value_name = "FILE|DIR|GLOB")]
    files: Vec<PathBuf>,
    /// The dataset to write: .ron or .json.
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// Replace an existing OUT, which import otherwise refuses: it may be your data.
    #[arg(long)]
    force: bool,
    /// Merge events with the same actors, CAMEO code and day into one relation with counts.
    #[arg(long)]
    dedupe: bool,
    /// Fail on the first bad row instead of skipping and counting it.
    #[arg(long)]
    strict: bool,
}

/// Imports; `--data`, when given, is the base whose ids the import reuses.
pub fn run(args: &ImportArgs, base: &super::Data) -> Result<ExitCode> {
    match &args.source {
        ImportSource::Gdelt(args) => gdelt(args, base),
    }
}

fn gdelt(args: &GdeltArgs, base: &super::Data) -> Result<ExitCode> {
    let format = match DataFormat::from_path(&args.output) {
        Some(format @ (DataFormat::Ron | DataFormat::Json)) => format,
        _ => bail!(
            "cannot write {}: the output must end in .ron or .json",
            args.output.display()
        ),
    };
    let files = event_files(&args.files).context("finding GDELT event files")?;
    let inputs: Vec<PathBuf> = files.iter().chain(base.paths).cloned().collect();
    super::guard::output(&args.output, &inputs, args.force)?;
    let options = GdeltOptions {
        dedupe: args.dedupe,
        strict: args.strict,
    };
    let mut importer = if base.paths.is_empty() {
        GdeltImporter::new(options)
    } else {
        let base = dataset::read_as(base.paths, base.format)
            .into_result()
            .context("reading the base data (--data)")?;
        GdeltImporter::with_base(options, &base.actors)
    };
    for path in &files {
        with_event_reader(path, |reader, len| match progress_bar(len, path) {
            Some(bar) => {
                importer.read(path, bar.wrap_read(reader))?;
                bar.finish_and_clear();
                Ok(())
            }
            None => importer.read(path, reader),
        })
        .context("reading GDELT events")?;
    }
    let import = importer.finish();
    let report = &import.report;
    eprintln!("{report}");
    for row in &report.first_skipped {
        eprintln!("  {row}");
    }
    let more = report.skipped - report.first_skipped.len() as u64;
    if more > 0 {
        eprintln!("  … and {more} more skipped rows");
    }
    dipgraph::atomic::write_atomic(&args.output, |out| match format {
        DataFormat::Json => import.dataset.write_json(out),
        _ => import.dataset.write_ron(out),
    })
    .context("writing the imported dataset")?;
    let dataset = &import.dataset;
    eprintln!(
        "wrote {}: {} actors, {} relations, {} sources",
        args.output.display(),
        dataset.actors.len(),
        dataset.relations.len(),
        dataset.sources.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr for a large input, when stderr is a terminal.
fn progress_bar(len: u64, path: &Path) -> Option<indicatif::ProgressBar> {
    if len < PROGRESS_MIN_BYTES || !std::io::stderr().is_terminal() {
        return None;
    }
    let style =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            .ok()?
            .progress_chars("=> ");
    let bar = indicatif::ProgressBar::new(len).with_style(style);
    bar.set_message(path.display().to_string());
    Some(bar)
}
