//! Load and build benchmarks at a given size, run by hand (never as timed unit tests):
//!
//! ```text
//! cargo bench --bench bench -- --size 100000 [--runs 5] [--data-dir DIR] [--json] [--skip OP]
//!     [--only OP]
//! ```
//!
//! Generates the synthetic dataset (`examples/generate.rs`, seed 42) as GDELT TSV, RON,
//! JSON and a `.dgsnap` snapshot under `target/bench-data/` once, then times each operation `--runs` times and prints
//! the median and minimum, with the peak resident memory the operation reached (Linux: the
//! high-water mark is reset before each run through `/proc/self/clear_refs`). Operations
//! under a millisecond are timed in batches of calls, and the time per call reported.
//! `--json` prints one JSON object per line instead, for `benches/compare.py` and
//! `benches/python.py`. `--skip OP` leaves an operation out, `--only OP` (repeated) runs
//! only those named.
//!
//! Queries run between the same two actors the NetworkX baseline uses (`QUERY_FROM`,
//! `QUERY_TO`), each on the built graph as the library's callers run them (every query builds
//! its own traversal view, or the part of it its search visits, which these times include).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../examples/generate.rs"]
mod generate;
#[path = "support/rss.rs"]
mod rss;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dipgraph::dataset::snapshot;
use dipgraph::export::{ExportOptions, Exportable};
use dipgraph::query::balance::{balance, BalanceOptions};
use dipgraph::query::dyad::{dyad, DyadOptions};
use dipgraph::query::neighbors::{explain, neighbors, NeighborsOptions};
use dipgraph::query::path::{path, PathOptions, Search};
use dipgraph::query::rank::{rank, Centrality, RankOptions};
use dipgraph::request::PathRequest;
use dipgraph::select::{subgraph, Selection};
use dipgraph::{ActorId, Dataset, Graph};
use rss::{peak_rss_mib, reset_peak_rss};

/// The hub and a mid-degree actor of the synthetic data, present at every size.
const QUERY_FROM: &str = "usa";
const QUERY_TO: &str = "rus-gov-xaa";

struct Args {
    size: usize,
    runs: usize,
    data_dir: PathBuf,
    json: bool,
    skip: Vec<String>,
    only: Vec<String>,
}

fn args() -> Args {
    let mut args = Args {
        size: 10_000,
        runs: 5,
        data_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"),
        json: false,
        skip: Vec::new(),
        only: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--size" => args.size = it.next().unwrap().parse().unwrap(),
            "--runs" => args.runs = it.next().unwrap().parse().unwrap(),
            "--data-dir" => args.data_dir = PathBuf::from(it.next().unwrap()),
            "--json" => args.json = true,
            "--skip" => args.skip.push(it.next().unwrap()),
            "--only" => args.only.push(it.next().unwrap()),
            // `cargo bench` passes `--bench`; filters are not supported.
            _ => {}
        }
    }
    args
}

/// The data files for a size (GDELT TSV, RON, JSON, snapshot), generated on first use.
fn data_files(args: &Args) -> [PathBuf; 4] {
    let base = args.data_dir.join(format!("synthetic-{}", args.size));
    let files = ["export.CSV", "ron", "json", "dgsnap"].map(|ext| base.with_extension(ext));
    if files[..3].iter().any(|f| !f.exists()) {
        std::fs::create_dir_all(&args.data_dir).unwrap();
        eprintln!("generating {} relations into {}", args.size, base.display());
        let options = generate::Options {
            relations: args.size,
            actors: (args.size / 50).clamp(20, 20_000),
            seed: 42,
        };
        generate::write(&options, &files[..3]).unwrap();
    }
    // A snapshot of another dipgraph version is refused on reading: write it again.
    if snapshot::read(&files[3]).is_err() {
        eprintln!("writing the snapshot {}", files[3].display());
        let graph = Graph::try_from(Dataset::load(&files[2]).unwrap()).unwrap();
        snapshot::write(&graph, &files[3]).unwrap();
    }
    files
}

/// Operations left out with `--skip`, and those kept with `--only`.
static SKIP: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();

/// Whether `--skip` or `--only` leaves `operation` out.
fn skipped(operation: &str) -> bool {
    SKIP.get().is_some_and(|(skip, only)| {
        skip.iter().any(|s| s == operation)
            || !(only.is_empty() || only.iter().any(|s| s == operation))
    })
}

struct Measurement {
    operation: &'static str,
    median: Duration,
    min: Duration,
    peak_rss_mib: Option<f64>,
}

/// An operation whose first run takes less than this is timed in batches of calls that
/// take about ten times as long, as criterion and Python's `timeit` do (the NetworkX
/// baseline does the same): timed alone, a call of a few microseconds would mostly time the
/// caches the harness's own work between runs left cold.
const BATCH_BELOW: Duration = Duration::from_millis(1);

/// Runs `setup` then times `op` on its output, `runs` times (each a batch of calls, for
/// fast operations, timed together and divided); the first run calibrates the batch.
fn measure<S, T, R>(
    operation: &'static str,
    runs: usize,
    mut setup: impl FnMut() -> S,
    mut op: impl FnMut(S) -> R,
    teardown: impl Fn(R) -> T,
) -> Measurement {
    let runs = if skipped(operation) { 0 } else { runs.max(1) };
    let mut times = Vec::with_capacity(runs);
    let mut peak: Option<f64> = None;
    let mut calls = 1_u32;
    while times.len() < runs {
        let inputs: Vec<S> = (0..calls).map(|_| setup()).collect();
        let mut outputs = Vec::with_capacity(inputs.len());
        reset_peak_rss();
        let start = Instant::now();
        for input in inputs {
            outputs.push(black_box(op(black_box(input))));
        }
        let elapsed = start.elapsed();
        peak = match (peak, peak_rss_mib()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for output in outputs {
            black_box(teardown(output));
        }
        if times.is_empty() && calls == 1 && elapsed < BATCH_BELOW {
            let per_batch = BATCH_BELOW.as_nanos() * 10 / elapsed.as_nanos().max(1);
            calls = u32::try_from(per_batch)
                .unwrap_or(u32::MAX)
                .clamp(1, 100_000);
            continue;
        }
        times.push(elapsed / calls);
    }
    times.sort();
    Measurement {
        operation,
        median: times.get(times.len() / 2).copied().unwrap_or_default(),
        min: times.first().copied().unwrap_or_default(),
        peak_rss_mib: peak,
    }
}

fn operations(args: &Args, [gdelt, ron, json, snap]: &[PathBuf; 4]) -> Vec<Measurement> {
    let runs = args.runs;
    let load = |path: &Path| Dataset::load(path).unwrap();
    let count = |d: Dataset| d.relations.len();
    // Loads first, so their peak memory does not include a dataset the harness holds.
    let mut results = vec![
        measure("load_ron", runs, || ron, |p| load(p), count),
        measure("load_json", runs, || json, |p| load(p), count),
        measure("load_gdelt_tsv", runs, || gdelt, |p| load(p), count),
        measure(
            "load_snapshot",
            runs,
            || snap,
            |p| snapshot::read(p).unwrap(),
            count,
        ),
        measure(
            "load_snapshot_graph",
            runs,
            || snap,
            |p| snapshot::read_graph(p).unwrap(),
            |g| g.relation_count(),
        ),
        measure(
            "load_json_and_build",
            runs,
            || json,
            |p| Graph::try_from(load(p)).unwrap(),
            |g| g.relation_count(),
        ),
    ];
    let dataset = load(json);
    results.extend([
        measure(
            "check",
            runs,
            || &dataset,
            |d| dipgraph::check::check_dataset(d, None).len(),
            |n| n,
        ),
        measure(
            "graph_build",
            runs,
            || dataset.clone(),
            |d| Graph::try_from(d).unwrap(),
            |g| g.relation_count(),
        ),
    ]);
    results.extend(queries(runs, &Graph::try_from(dataset).unwrap()));
    results
}

fn queries(runs: usize, graph: &Graph) -> Vec<Measurement> {
    let (a, b) = (
        &ActorId::new(QUERY_FROM).unwrap(),
        &ActorId::new(QUERY_TO).unwrap(),
    );
    let count = |n: usize| n;
    let path_with = |search| PathOptions {
        search,
        ..PathOptions::default()
    };
    let rank_by = |by| RankOptions {
        by,
        ..RankOptions::default()
    };
    let hops2 = NeighborsOptions {
        hops: 2,
        ..NeighborsOptions::default()
    };
    let shortest = path_with(Search::Shortest);
    let k5 = path_with(Search::KShortest(5));
    let by_pagerank = rank_by(Centrality::PageRank);
    let focus = Selection {
        focus: Some(b.clone()),
        hops: 2,
        ..Selection::default()
    };
    let export_options = ExportOptions::default();
    // What the first query on a graph pays once for the rest (NetworkX's projection, on our
    // side), on a fresh copy of the graph each run, copied and dropped outside the timing.
    // Then built once for the rows below, so that each row times its query alone.
    let projection = measure(
        "query_projection",
        runs,
        || graph.clone(),
        |g| {
            g.prepare_queries();
            g
        },
        |g| g.relation_count(),
    );
    graph.prepare_queries();
    // A name nobody answers to, one letter off: answered with suggestions (the first call
    // builds their table, so the rows after it time the warm lookup, as for a hit).
    let misspelt = format!("{b}q");
    vec![
        projection,
        measure(
            "resolve_hit",
            runs,
            || b.as_str(),
            |name| graph.resolve(name).is_ok(),
            |found| found,
        ),
        measure(
            "resolve_miss_suggested",
            runs,
            || misspelt.as_str(),
            |name| match graph.resolve(name) {
                Err(dipgraph::Error::UnknownActor { suggestions, .. }) => suggestions.len(),
                _ => 0,
            },
            count,
        ),
        measure(
            "path",
            runs,
            || &shortest,
            |o| path(graph, a, b, o).unwrap().paths.len(),
            count,
        ),
        // The same question as the CLI, `dipgraph serve` and the Python package ask it:
        // names resolved, options checked, then the search (what `benches/python.py` compares
        // a Python call with).
        measure(
            "path_request",
            runs,
            || PathRequest {
                from: QUERY_FROM.to_owned(),
                to: QUERY_TO.to_owned(),
                ..PathRequest::default()
            },
            |request| request.run(graph).unwrap().paths.len(),
            count,
        ),
        measure(
            "path_k5",
            runs,
            || &k5,
            |o| path(graph, a, b, o).unwrap().paths.len(),
            count,
        ),
        measure(
            "neighbors_hops2",
            runs,
            || &hops2,
            |o| neighbors(graph, b, o).unwrap().rings.len(),
            count,
        ),
        // The same rings with every relation on every link into them named, as
        // `dipgraph neighbors` prints them.
        measure(
            "neighbors_hops2_explained",
            runs,
            || &hops2,
            |o| {
                let found = neighbors(graph, b, o).unwrap();
                explain(graph, &found, &o.traversal).unwrap().rings.len()
            },
            count,
        ),
        measure(
            "dyad",
            runs,
            DyadOptions::default,
            |o| dyad(graph, a, b, &o).unwrap().timeline.len(),
            count,
        ),
        measure(
            "balance",
            runs,
            BalanceOptions::default,
            |o| balance(graph, &o).unwrap().triads,
            count,
        ),
        measure(
            "pagerank",
            runs,
            || &by_pagerank,
            |o| rank(graph, o).unwrap().actors.len(),
            count,
        ),
        measure(
            "focus_subgraph_hops2",
            runs,
            || &focus,
            |selection| subgraph(graph, selection).unwrap().relation_count(),
            count,
        ),
        measure(
            "dot_focus_hops2",
            runs,
            || &focus,
            |selection| {
                let part = subgraph(graph, selection).unwrap();
                let mut out = ByteCount(0);
                dipgraph::export::dot::write(&part, &export_options, &mut out).unwrap();
                out.0
            },
            count,
        ),
    ]
}

/// A writer that keeps only the number of bytes written, so an export's figures are its own
/// (as `export -o FILE` writes, without the disk).
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let args = args();
    let _ = SKIP.set((args.skip.clone(), args.only.clone()));
    let files = data_files(&args);
    let results = operations(&args, &files);
    let results: Vec<Measurement> = results
        .into_iter()
        .filter(|m| !skipped(m.operation))
        .collect();
    if !args.json {
        println!(
            "{:<26} {:>9} {:>12} {:>12} {:>14}",
            "operation", "size", "median ms", "min ms", "peak RSS MiB"
        );
    }
    for m in &results {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let rss = m.peak_rss_mib.map_or("-".to_owned(), |r| format!("{r:.0}"));
        if args.json {
            println!(
                r#"{{"tool":"dipgraph","operation":"{}","size":{},"median_ms":{:.4},"min_ms":{:.4},"peak_rss_mib":{}}}"#,
                m.operation,
                args.size,
                ms(m.median),
                ms(m.min),
                m.peak_rss_mib
                    .map_or("null".to_owned(), |r| format!("{r:.1}"))
            );
        } else {
            println!(
                "{:<26} {:>9} {:>12.4} {:>12.4} {:>14}",
                m.operation,
                args.size,
                ms(m.median),
                ms(m.min),
                rss
            );
        }
    }
}
