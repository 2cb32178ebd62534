//! `dipgraph extract`: articles into a draft dataset to review.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dipgraph::dataset::DataFormat;
use dipgraph::extract::{Draft, Extractor, SourceMeta, MAX_TEXT};
use dipgraph::{Date, Graph, SourceId};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Articles as UTF-8 text files, one article each; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Write the draft to this .ron or .json file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Replace an existing -o file, which extract otherwise refuses: it may be a draft you
    /// have edited.
    #[arg(long)]
    force: bool,
    /// The review sheet (`text`, the default on a terminal) or the dataset (`ron`, the
    /// default otherwise, or `json`).
    #[arg(long, value_enum)]
    format: Option<ExtractFormat>,
    /// Leave out relations whose confidence is below this (0 to 1).
    #[arg(long, default_value_t = 0.0, value_name = "X", value_parser = confidence)]
    min_confidence: f64,
    /// The article's publication date (YYYY-MM-DD), which relative dates count from.
    #[arg(long, value_name = "DATE")]
    published: Option<Date>,
    /// The article's publisher.
    #[arg(long)]
    publisher: Option<String>,
    /// The article's address.
    #[arg(long)]
    url: Option<String>,
    /// The article's headline.
    #[arg(long)]
    title: Option<String>,
    /// The source's id (default: the file name, slugified).
    #[arg(long, value_name = "ID")]
    id: Option<SourceId>,
}

/// What `extract` prints or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExtractFormat {
    /// The review sheet: each relation as a sentence with its quote and confidence.
    Text,
    /// The draft dataset as RON.
    Ron,
    /// The draft dataset as JSON.
    Json,
}

fn confidence(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("`{text}` is not a number from 0 to 1")),
    }
}

pub fn run(base: &Graph, data: &[PathBuf], args: &ExtractArgs) -> Result<ExitCode> {
    let single = [
        &args.published.map(|_| "--published"),
        &args.publisher.as_ref().map(|_| "--publisher"),
        &args.url.as_ref().map(|_| "--url"),
        &args.title.as_ref().map(|_| "--title"),
        &args.id.as_ref().map(|_| "--id"),
    ];
    if args.files.len() > 1 {
        if let Some(flag) = single.iter().find_map(|f| **f) {
            bail!(
                "{flag} describes one article, but {} files were given",
                args.files.len()
            );
        }
    }
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) => match DataFormat::from_path(path) {
            Some(DataFormat::Json) => ExtractFormat::Json,
            Some(DataFormat::Ron) => ExtractFormat::Ron,
            _ => bail!(
                "cannot write {}: the output must end in .ron or .json",
                path.display()
            ),
        },
        (None, None) if std::io::stdout().is_terminal() => ExtractFormat::Text,
        (None, None) => ExtractFormat::Ron,
    };
    if let Some(path) = &args.output {
        let inputs: Vec<PathBuf> = args.files.iter().chain(data).cloned().collect();
        super::guard::output(path, &inputs, args.force)?;
    }
    let extractor = Extractor::new(base).context("building the extractor")?;
    let mut draft: Option<Draft> = None;
    for path in &args.files {
        let text = read_article(path)?;
        let name = if path.as_os_str() == "-" {
            "stdin".to_owned()
        } else {
            path.display().to_string()
        };
        let meta = SourceMeta {
            name: name.clone(),
            id: args.id.clone(),
            title: args.title.clone(),
            publisher: args.publisher.clone(),
            url: args.url.clone(),
            published: args.published,
        };
        let mut one = extractor
            .extract(&text, &meta)
            .with_context(|| format!("extracting {name}"))?;
        one.retain_confident(args.min_confidence);
        for warning in &one.warnings {
            eprintln!("{name}: warning: {warning}");
        }
        match &mut draft {
            Some(all) => all.merge(one),
            None => draft = Some(one),
        }
    }
    let Some(draft) = draft else {
        bail!("no article given");
    };
    let output = match format {
        ExtractFormat::Text => sheet(base, &draft),
        ExtractFormat::Ron => draft.dataset.to_ron_string()?,
        ExtractFormat::Json => draft.dataset.to_json_string()?,
    };
    match &args.output {
        Some(path) => {
            dipgraph::atomic::write_atomic(path, |out| Ok(out.write_all(output.as_bytes())?))
                .context("writing the draft")?;
            let dataset = &draft.dataset;
            eprintln!(
                "wrote {}: {} relations, {} new actors, {} unresolved names",
                path.display(),
                dataset.relations.len(),
                dataset.actors.len(),
                draft.unresolved.len()
            );
        }
        None => std::io::stdout().lock().write_all(output.as_bytes())?,
    }
    Ok(if draft.is_empty() {
        ExitCode::from(super::EXIT_NO_MATCH)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads an article: UTF-8 only, since quotes and spans must be the article's exact text
/// (a lossy decoding would put replacement characters in the evidence); at most
/// [`MAX_TEXT`] bytes, checked before reading it whole.
fn read_article(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_TEXT).unwrap_or(u64::MAX) + 1;
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
        file.take(limit)
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {}", path.display()))?;
    }
    let name = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    if bytes.len() > MAX_TEXT {
        bail!("{name}: longer than {MAX_TEXT} bytes, the limit for one article; split it");
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!("{name}:{line}: not UTF-8 text (invalid byte at offset {at}); convert it first, e.g. with `iconv -t UTF-8`")
    })
}

/// The review sheet: each relation as a sentence with its quote and confidence, then the
/// names nothing matched.
fn sheet(base: &Graph, draft: &Draft) -> String {
    use std::fmt::Write as _;
    let name = |id: &dipgraph::ActorId| {
        draft
            .dataset
            .actors
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.name.clone())
            .or_else(|| base.actor(id).map(|a| a.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = String::new();
    for source in &draft.dataset.sources {
        let _ = writeln!(
            out,
            "{} — {} ({}, {})",
            source.id, source.title, source.publisher, source.published
        );
    }
    let mut relations: Vec<_> = draft.dataset.relations.iter().collect();
    let best = |r: &dipgraph::Relation| {
        r.evidence
            .iter()
            .filter_map(|e| e.confidence)
            .fold(0.0, f64::max)
    };
    relations.sort_by(|a, b| best(b).total_cmp(&best(a)));
    for (n, relation) in relations.iter().enumerate() {
        let about = if relation.about.is_empty() {
            String::new()
        } else {
            format!(
                " about {}",
                relation
                    .about
                    .iter()
                    .map(&name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let claim = relation
            .claimed_by
            .as_ref()
            .map_or(String::new(), |c| format!(", says {}", name(c)));
        let when = relation.when().map_or(String::new(), |w| format!(" ({w})"));
        let _ = writeln!(
            out,
            "\n{:>3}. {} {} {}{about}{claim}{when}   [{:.2}]  {}",
            n + 1,
            name(&relation.from),
            relation.kind,
            name(&relation.to),
            best(relation),
            relation.id
        );
        for evidence in &relation.evidence {
            let span = evidence.span.map_or(String::new(), |s| {
                format!(" (characters {}–{})", s.start, s.end)
            });
            let _ = writeln!(out, "     “{}”{span}", evidence.quote);
        }
    }
    if relations.is_empty() {
        out.push_str("\nno relation found\n");
    }
    if !draft.unresolved.is_empty() {
        let names: Vec<String> = draft
            .unresolved
            .iter()
            .map(|u| {
                if u.count > 1 {
                    format!("{} ×{}", u.name, u.count)
                } else {
                    u.name.clone()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "\nunresolved names (add them to the base data): {}",
            names.join(", ")
        );
    }
    out
}
