//! `dipgraph check`: every problem in the data, and a summary.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::check::{Diagnostic, Severity};
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
    notes: usize,
    diagnostics: &'a [Diagnostic],
}

pub fn run(loaded: Loaded, args: &CheckArgs) -> Result<ExitCode> {
    let diagnostics = loaded.check();
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let dataset = &loaded.dataset;
    let report = Report {
        files: loaded.files.len(),
        sources: dataset.sources.len(),
        actors: dataset.actors.len(),
        relations: dataset.relations.len(),
        errors,
        warnings,
        notes,
        diagnostics: &diagnostics,
    };
    match args.format.format {
        OutputFormat::Json => print_json(&report)?,
        OutputFormat::Text => {
            let mut text: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
            text.push_str(&format!(
                "{} {}, {} {}, {} {}, {} {}: {} {}, {} {}",
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
            if notes > 0 {
                text.push_str(&format!(", {notes} {}", plural(notes, "note")));
            }
            text.push('\n');
            print(&text)?;
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}
