//! Where a command may write: never over the data it reads, and over an existing file that
//! dipgraph would read as data only with `--force`, since it may be someone's hand-made data.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use dipgraph::dataset::DataFormat;

/// Refuses `output` when it is one of `inputs`, a data file inside an input directory, or
/// (unless `force`) an existing data file.
pub fn output(output: &Path, inputs: &[PathBuf], force: bool) -> Result<()> {
    refuse_input(output, inputs)?;
    if !force {
        refuse_data(output)?;
    }
    Ok(())
}

/// Refuses to write over a data file the graph was read from, or a data file inside a data
/// directory (it would be read back as data next time).
fn refuse_input(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let Some(output) = absolute(output) else {
        return Ok(());
    };
    for input in inputs {
        let Ok(input_path) = input.canonicalize() else {
            continue;
        };
        if input_path == output {
            bail!(
                "refusing to overwrite the input data file {}",
                input.display()
            );
        }
        if input_path.is_dir()
            && output.starts_with(&input_path)
            && DataFormat::from_path(&output).is_some()
        {
            bail!(
                "refusing to write {} inside the data directory {}: it would be read as data",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Refuses to replace an existing regular file that dipgraph reads as data: with the
/// built-in dataset there is no `--data` to compare with, yet `-o data/actors.ron` in a clone
/// names the hand-made file the built-in data was compiled from.
fn refuse_data(output: &Path) -> Result<()> {
    let is_file = std::fs::metadata(output).is_ok_and(|meta| meta.is_file());
    if is_file && DataFormat::from_path(output).is_some() {
        bail!(
            "refusing to replace {}: it may be data (a file dipgraph reads as a dataset); \
             add --force to replace it",
            output.display()
        );
    }
    Ok(())
}

/// The path with symbolic links and `..` resolved, also for a file that does not exist yet.
fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}
