//! Extraction speed, run by hand (never as a timed unit test):
//!
//! ```text
//! cargo bench --bench extract -- [--sentences N] [--runs R]
//! /usr/bin/time -v target/release/deps/extract-* --sentences 150000 --runs 1   # peak memory
//! ```
//!
//! Times building the extractor (the gazetteer and lexicon, on an empty base and on the
//! built-in data), then extracting an article of N sentences made by cycling through a set
//! of news-like sentences written for this benchmark, on one thread. Prints the median and
//! minimum over R runs of the wall time and of the thread's CPU time (Linux:
//! `/proc/thread-self/schedstat`; on a busy machine the wall time counts other processes'
//! turns), and sentences per CPU second. 150,000 sentences make 13 MB, near the limit of
//! one article (`MAX_TEXT`, 16 MiB); more are refused as one article would be.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use dipgraph::extract::{Extractor, SourceMeta};
use dipgraph::{Dataset, Graph};

/// Sentences in the style of wire copy: actors, agent phrases, triggers, quotes, dates.
const SENTENCES: &[&str] = &[
    "Turkey on Friday accused Greece of violating its airspace over the Aegean Sea.",
    "The European Union urged Ankara to halt the survey and return to talks with Athens.",
    "Russian Deputy Foreign Minister Sergei Ryabkov said Moscow would not sell more S-400 systems to Egypt.",
    "“We will not accept any threat to our security,” Erdogan told reporters in Istanbul.",
    "The United States imposed sanctions on Iran's oil ministry, the Treasury Department said.",
    "China and Russia agreed to expand military cooperation during a visit by Wang Yi to Moscow.",
    "Ukraine was attacked by Russian drones overnight, according to officials in Kyiv.",
    "NATO Secretary General Mark Rutte praised Finland and Sweden for their contributions.",
    "Israel did not comment on the report, which said its jets struck targets in Syria.",
    "The weather in the capital was mild, and markets closed slightly higher on Tuesday.",
    "Hungarian Prime Minister Viktor Orban met Chinese President Xi Jinping in Beijing on Monday.",
    "Iran's foreign ministry condemned the strike and warned Washington against further escalation.",
];

/// The CPU time this thread has used, where Linux tells it.
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Runs `f` `runs` times; the wall and CPU times of each run.
fn time(runs: usize, mut f: impl FnMut()) -> (Vec<Duration>, Vec<Duration>) {
    (0..runs)
        .map(|_| {
            let (start, cpu_start) = (Instant::now(), cpu());
            f();
            let cpu = cpu()
                .zip(cpu_start)
                .map_or(Duration::ZERO, |(end, start)| end - start);
            (start.elapsed(), cpu)
        })
        .unzip()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let mut sentences = 20_000usize;
    let mut runs = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sentences" => sentences = args.next().unwrap().parse().unwrap(),
            "--runs" => runs = args.next().unwrap().parse().unwrap(),
            _ => {} // `cargo bench` passes `--bench`
        }
    }
    for (label, base) in [
        ("empty base", Graph::try_from(Dataset::default()).unwrap()),
        (
            "built-in base",
            Graph::try_from(Dataset::builtin().unwrap()).unwrap(),
        ),
    ] {
        let (mut wall, mut cpu) = time(runs, || {
            black_box(Extractor::new(&base).unwrap());
        });
        let (min, cpu_min) = (*wall.iter().min().unwrap(), *cpu.iter().min().unwrap());
        println!(
            "build extractor ({label}): wall median {:?} min {min:?}; CPU median {:?} min {cpu_min:?}",
            median(&mut wall),
            median(&mut cpu)
        );
    }
    let extractor = Extractor::new(&Graph::try_from(Dataset::default()).unwrap()).unwrap();
    println!("gazetteer: {} names", extractor.names());
    let text: String = SENTENCES
        .iter()
        .cycle()
        .take(sentences)
        .map(|s| format!("{s} "))
        .collect();
    let meta = SourceMeta {
        published: Some("2024-05-04".parse().unwrap()),
        ..SourceMeta::named("bench")
    };
    let mut relations = 0;
    let (mut wall, mut cpu) = time(runs, || {
        let draft = extractor.extract(black_box(&text), &meta).unwrap();
        relations = draft.dataset.relations.len();
    });
    let (wall_median, cpu_median) = (median(&mut wall), median(&mut cpu));
    println!(
        "extract {sentences} sentences ({} bytes, {relations} relations after merging): wall median {wall_median:?}, CPU median {cpu_median:?} min {:?}; {:.0} sentences per CPU second",
        text.len(),
        cpu.iter().min().unwrap(),
        sentences as f64 / cpu_median.as_secs_f64()
    );
}
