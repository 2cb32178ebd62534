//! `dipgraph check`: every problem in the data, and a summary.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::check::Diagnostic;
use dipgraph::dataset::Loaded;
use serde::Serialize;

use super::output::{plural, print, print_json};
use super::{FormatArg, OutputFormat, EXIT_ERROR};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    format: FormatArg,
}

#[derive(Serialize)]
struct Report<'a> {
    files: usize,
    sources: usize,
    actors: usize,
    relations: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(loaded: Loaded, args: &CheckArgs) -> Result<ExitCode> {
    let diagnostics = loaded.check();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let dataset = &loaded.dataset;
    let report = Report {
        files: loaded.files.len(),
        sources: dataset.sources.len(),
        actors: dataset.actors.len(),
        relations: dataset.relations.len(),
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: &diagnostics,
    };
    match args.format.format {
        OutputFormat::Json => print_json(&report)?,
        OutputFormat::Text => {
            let mut text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
            text.push_str(&format!(
                "{} {}, {} {}, {} {}, {} {}: {} {}, {} {}\n",
                report.files,
                plural(report.files, "file"),
                report.actors,
                plural(report.actors, "actor"),
                report.relations,
                plural(report.relations, "relation"),
                report.sources,
                plural(report.sources, "source"),
                report.errors,
                plural(report.errors, "error"),
                report.warnings,
                plural(report.warnings, "warning"),
            ));
            print(&text)?;
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}
