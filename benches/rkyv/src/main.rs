//! rkyv against dipgraph's snapshot codec: how fast a dataset loads through each, next to
//! reading the file's bytes (the floor), with peak memory.
//!
//! `dipgraph-rkyv-bench DATA [--runs N] [--json] [--no-check]`, DATA a `.json` or `.dgsnap`
//! file. It writes the archive beside DATA (`big.dgsnap` → `big.dgsnap.rkyv`; from
//! `big.json` also `big.dgsnap`), timing both writes once, checks that the archive reads
//! back to the same dataset (`--no-check` skips that, which holds two datasets at once), then
//! times each loading operation `--runs` times, each run in a child process of its own so
//! that one run's memory does not count in the next one's peak. An archive over 2 GiB (ten
//! million relations) needs `--features wide`. `docs/performance.md` has the figures and
//! what they mean.

#![forbid(unsafe_code)]

mod mirror;
#[path = "../../support/rss.rs"]
mod rss;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dipgraph::dataset::snapshot;
use dipgraph::{Dataset, Graph, Relation};
use rkyv::rancor;
use rkyv::ser::writer::IoWriter;
use rkyv::util::AlignedVec;
use rss::{peak_rss_mib, reset_peak_rss};

// The CLI's allocator: loads cost here what they cost `dipgraph --data X.dgsnap`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The operations timed, in the order printed.
const OPERATIONS: [(&str, &str); 9] = [
    ("read-dgsnap", "std::fs::read of the .dgsnap (the floor)"),
    ("read-rkyv", "std::fs::read of the .rkyv (the floor)"),
    ("read-rkyv-aligned", "rkyv: file -> AlignedVec"),
    ("snapshot-read", "snapshot::read: file -> Dataset"),
    ("snapshot-read-graph", "snapshot::read_graph: file -> Graph"),
    ("rkyv-access", "rkyv: file -> AlignedVec + validated access"),
    (
        "rkyv-access-dataset",
        "rkyv: file -> validated access -> Dataset",
    ),
    ("rkyv-deserialize", "rkyv: file -> from_bytes -> mirror"),
    ("rkyv-dataset", "rkyv: file -> mirror -> Dataset"),
];

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The command line.
struct Options {
    data: PathBuf,
    runs: usize,
    json: bool,
    check: bool,
}

fn run() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let mut data = None;
    let mut options = Options {
        data: PathBuf::new(),
        runs: 3,
        json: false,
        check: true,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // A child: one timed operation on the two files, one line of output.
            "--op" => {
                let (op, dgsnap, archive) = (args.next(), args.next(), args.next());
                let (Some(op), Some(dgsnap), Some(archive)) = (op, dgsnap, archive) else {
                    return Err("--op takes an operation and two files".into());
                };
                return child(&op, Path::new(&dgsnap), Path::new(&archive))
                    .map_err(|err| format!("{op} on {archive} ({dgsnap}): {err}").into());
            }
            "--runs" => {
                options.runs = args.next().ok_or("--runs takes a number")?.parse()?;
            }
            "--json" => options.json = true,
            "--no-check" => options.check = false,
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}").into()),
            _ => data = Some(PathBuf::from(arg)),
        }
    }
    options.data =
        data.ok_or("usage: dipgraph-rkyv-bench DATA [--runs N] [--json] [--no-check]")?;
    if options.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    parent(&options)
}

/// Writes the files, then times every operation in child processes and prints the table.
fn parent(options: &Options) -> Result<(), Error> {
    let (dgsnap, archive) = prepare(options)?;
    // Each row's floor is the plain read of the file it decodes (the first two rows).
    let mut floors = [f64::NAN; 2];
    // Every decoder must touch the same total, or one of them lost something.
    let mut decoded = None;
    if !options.json {
        println!("| operation | median s | min s | × its file's read | peak MiB | touched |");
        println!("|---|---:|---:|---:|---:|---:|");
    }
    // Round by round, every operation once a round, so that a change in the machine's load
    // falls on all of them alike.
    let mut all: Vec<Vec<Figures>> = OPERATIONS.iter().map(|_| Vec::new()).collect();
    for _ in 0..options.runs {
        for ((op, _), runs) in OPERATIONS.iter().zip(&mut all) {
            runs.push(spawn(op, &dgsnap, &archive)?);
        }
    }
    for ((op, what), runs) in OPERATIONS.into_iter().zip(all) {
        let seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
        let peak: Vec<f64> = runs.iter().map(|r| r.peak_mib).collect();
        let (median, min, peak) = (median(&seconds), min(&seconds), self::median(&peak));
        let rkyv = op.contains("rkyv");
        match op {
            "read-dgsnap" => floors[0] = median,
            "read-rkyv" => floors[1] = median,
            _ => {}
        }
        let ratio = median / floors[usize::from(rkyv)];
        let touched = runs.first().map_or(0, |r| r.touched);
        if runs.iter().any(|r| r.touched != touched) {
            return Err(format!("{op}: the runs touched different totals").into());
        }
        if !op.starts_with("read-") && *decoded.get_or_insert(touched) != touched {
            return Err(
                format!("{op} touched {touched}, the decoders before it {decoded:?}").into(),
            );
        }
        if options.json {
            let line = serde_json::json!({
                "operation": op, "runs": options.runs, "median_s": median, "min_s": min,
                "file_read_ratio": ratio, "peak_mib": peak, "touched": touched,
            });
            println!("{line}");
        } else {
            println!("| {what} | {median:.3} | {min:.3} | {ratio:.1} | {peak:.0} | {touched} |");
        }
    }
    Ok(())
}

/// One run's figures, as a child prints them.
struct Figures {
    seconds: f64,
    peak_mib: f64,
    /// What the run read: bytes for a plain read, else counts and note lengths summed.
    touched: u64,
}

/// Runs one operation in a child process.
fn spawn(op: &str, dgsnap: &Path, archive: &Path) -> Result<Figures, Error> {
    let output = Command::new(std::env::current_exe()?)
        .arg("--op")
        .arg(op)
        .arg(dgsnap)
        .arg(archive)
        .output()?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("{op} failed: {}", stderr.trim()).into());
    }
    let stdout = String::from_utf8(output.stdout)?;
    let mut fields = stdout.split_whitespace();
    let mut next = || {
        fields
            .next()
            .ok_or(format!("{op}: short output {stdout:?}"))
    };
    Ok(Figures {
        seconds: next()?.parse()?,
        peak_mib: next()?.parse()?,
        touched: next()?.parse()?,
    })
}

/// Reads or writes the snapshot and the archive beside `options.data`, timing the writes
/// once, and returns their paths.
fn prepare(options: &Options) -> Result<(PathBuf, PathBuf), Error> {
    let data = &options.data;
    let mut archive = data.clone().into_os_string();
    archive.push(".rkyv");
    let archive = PathBuf::from(archive);
    let from_snapshot = data.extension().is_some_and(|e| e == snapshot::EXTENSION);
    let start = Instant::now();
    let graph = if from_snapshot {
        snapshot::read_graph(data)?
    } else {
        Graph::try_from(Dataset::load(data)?)?
    };
    eprintln!(
        "{}: {} relations, loaded in {:.1} s",
        data.display(),
        graph.relation_count(),
        start.elapsed().as_secs_f64()
    );
    // From a snapshot, the timed write goes to a scratch file that is removed afterwards.
    let (dgsnap, written) = if from_snapshot {
        (data.clone(), data.with_extension("write-test.dgsnap"))
    } else {
        let dgsnap = data.with_extension(snapshot::EXTENSION);
        (dgsnap.clone(), dgsnap)
    };
    let start = Instant::now();
    snapshot::write(&graph, &written)?;
    let snapshot_write = start.elapsed().as_secs_f64();
    let snapshot_size = std::fs::metadata(&written)?.len();
    if from_snapshot {
        std::fs::remove_file(&written)?;
    }
    let expected = options.check.then(|| graph.to_dataset());
    // The archive streams to the file, as the snapshot does: no second copy in memory.
    let start = Instant::now();
    let mirror = mirror::Dataset::from_parts(graph.sources(), graph.actors(), graph.relations())?;
    drop(graph);
    dipgraph::atomic::write_atomic(&archive, |out| {
        rkyv::api::high::to_bytes_in::<_, rancor::BoxedError>(&mirror, IoWriter::new(out))
            .map_err(|err| dipgraph::Error::Export(err.to_string()))?;
        Ok(())
    })?;
    let rkyv_write = start.elapsed().as_secs_f64();
    drop(mirror);
    eprintln!(
        "written: {} {snapshot_size} bytes in {snapshot_write:.2} s (snapshot::write); {} {} \
         bytes in {rkyv_write:.2} s (mirror + rkyv::to_bytes_in + write)",
        dgsnap.display(),
        archive.display(),
        std::fs::metadata(&archive)?.len(),
    );
    if let Some(expected) = expected {
        // Both ways out of the archive: in place, and through the mirror.
        let bytes = read_aligned(&archive)?;
        let archived = access(&bytes)?;
        let in_place = Dataset::try_from(archived)? == expected;
        let mirror = deserialize(&bytes)?;
        drop(bytes);
        if !in_place || Dataset::try_from(mirror)? != expected {
            return Err("the archive does not read back to the same dataset".into());
        }
        eprintln!(
            "checked: the archive reads back to the same dataset, in place and through the mirror"
        );
    }
    Ok((dgsnap, archive))
}

/// A child's work: one operation, then its time, peak memory and what it touched.
fn child(op: &str, dgsnap: &Path, archive: &Path) -> Result<(), Error> {
    reset_peak_rss();
    let start = Instant::now();
    // What was loaded is kept until the clock stops: a caller would go on using it.
    let (touched, _loaded): (u64, Box<dyn std::any::Any>) = match op {
        "read-dgsnap" => read_plain(dgsnap)?,
        "read-rkyv" => read_plain(archive)?,
        "read-rkyv-aligned" => {
            let bytes = read_aligned(archive)?;
            (bytes.len() as u64, Box::new(bytes))
        }
        "snapshot-read" => {
            let dataset = snapshot::read(dgsnap)?;
            (touch(&dataset.relations), Box::new(dataset))
        }
        "snapshot-read-graph" => {
            let graph = snapshot::read_graph(dgsnap)?;
            (touch(graph.relations()), Box::new(graph))
        }
        "rkyv-access" => {
            let bytes = read_aligned(archive)?;
            let dataset = access(&bytes)?;
            (touch_archived(dataset), Box::new(bytes))
        }
        "rkyv-access-dataset" => {
            let bytes = read_aligned(archive)?;
            let archived = access(&bytes)?;
            let dataset = Dataset::try_from(archived)?;
            drop(bytes);
            (touch(&dataset.relations), Box::new(dataset))
        }
        "rkyv-deserialize" => {
            let bytes = read_aligned(archive)?;
            let mirror = deserialize(&bytes)?;
            (touch_mirror(&mirror), Box::new((bytes, mirror)))
        }
        "rkyv-dataset" => {
            let bytes = read_aligned(archive)?;
            let mirror = deserialize(&bytes)?;
            drop(bytes);
            let dataset = Dataset::try_from(mirror)?;
            (touch(&dataset.relations), Box::new(dataset))
        }
        _ => return Err(format!("unknown operation {op}").into()),
    };
    let seconds = start.elapsed().as_secs_f64();
    let peak = peak_rss_mib().ok_or("no VmHWM in /proc/self/status")?;
    println!("{seconds} {peak} {touched}");
    Ok(())
}

/// A file's bytes, the floor every decoder is measured against.
fn read_plain(path: &Path) -> Result<(u64, Box<dyn std::any::Any>), Error> {
    let bytes = std::fs::read(path)?;
    Ok((bytes.len() as u64, Box::new(bytes)))
}

/// A file's bytes in an aligned buffer, as rkyv needs them (no mapping: the crate has no
/// unsafe code).
fn read_aligned(path: &Path) -> Result<AlignedVec, Error> {
    let mut file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len())?;
    let mut bytes = AlignedVec::with_capacity(len);
    bytes.extend_from_reader(&mut file)?;
    Ok(bytes)
}

/// The archive, validated, in place. (`BoxedError` rather than `rancor::Error`, which in a
/// release build says only that validation failed, not why.)
fn access(bytes: &[u8]) -> Result<&mirror::ArchivedDataset, Error> {
    Ok(rkyv::access::<mirror::ArchivedDataset, rancor::BoxedError>(
        bytes,
    )?)
}

/// The archive, validated and deserialized into the mirror.
fn deserialize(bytes: &[u8]) -> Result<mirror::Dataset, Error> {
    Ok(rkyv::from_bytes::<mirror::Dataset, rancor::BoxedError>(
        bytes,
    )?)
}

/// Every relation's counts summed, plus the length of every note: work that reads each
/// relation, so that no decoder's result goes unused.
fn touch<'a>(relations: impl IntoIterator<Item = &'a Relation>) -> u64 {
    relations
        .into_iter()
        .map(|r| {
            let counts = r
                .counts
                .map(|c| [c.events, c.mentions, c.sources, c.articles]);
            tally(counts, r.evidence.iter().map(|e| e.note.len()))
        })
        .sum()
}

/// [`touch`] on the archive, read in place.
fn touch_archived(dataset: &mirror::ArchivedDataset) -> u64 {
    dataset
        .relations
        .iter()
        .map(|r| {
            let counts = r
                .counts
                .as_ref()
                .map(|c| [c.events, c.mentions, c.sources, c.articles].map(|n| n.to_native()));
            tally(counts, r.evidence.iter().map(|e| e.note.len()))
        })
        .sum()
}

/// [`touch`] on the mirror.
fn touch_mirror(dataset: &mirror::Dataset) -> u64 {
    dataset
        .relations
        .iter()
        .map(|r| {
            let counts = r
                .counts
                .map(|c| [c.events, c.mentions, c.sources, c.articles]);
            tally(counts, r.evidence.iter().map(|e| e.note.len()))
        })
        .sum()
}

/// One relation's share of a touch.
fn tally(counts: Option<[u32; 4]>, notes: impl Iterator<Item = usize>) -> u64 {
    let counts = counts.map_or(0, |c| c.iter().copied().map(u64::from).sum());
    counts + notes.map(|n| n as u64).sum::<u64>()
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}
