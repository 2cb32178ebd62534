//! A reproducible synthetic event dataset for benchmarks: GDELT-format rows with power-law
//! actor degrees, realistic dates, CAMEO codes, URLs and evidence notes, written as GDELT
//! TSV, RON or JSON (the same events in each).
//!
//! ```text
//! cargo run --release --example generate -- --relations 1000000 --actors 20000 --seed 42 \
//!     -o /tmp/big.export.CSV -o /tmp/big.ron -o /tmp/big.json
//! ```
//!
//! Every actor takes part in at least one event, so the dataset has exactly `--relations`
//! relations: the events plus one `part_of` per role actor (`AAB` + `GOV` → part of `AAB`).

use std::error::Error;
use std::path::{Path, PathBuf};

use dipgraph::import::{read_gdelt, GdeltOptions};
use dipgraph::Dataset;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Relations in the imported dataset (events plus `part_of` relations).
    pub relations: usize,
    /// Actors: states and, for the rest, state role bodies.
    pub actors: usize,
    /// The seed: the same seed gives the same bytes.
    pub seed: u64,
}

/// splitmix64: tiny, fast and good enough for synthetic data; no dependency to pin.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Samples actor ranks with Zipf weights (exponent 1), the long tail real event data has.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c < target)
            .min(self.cumulative.len() - 1)
    }
}

/// Common CAMEO codes with their Goldstein weights, roughly as frequent as in GDELT.
const CODES: &[(&str, f64, usize)] = &[
    ("010", 0.0, 12),
    ("020", 3.0, 3),
    ("036", 4.0, 5),
    ("040", 1.0, 8),
    ("042", 1.9, 6),
    ("043", 2.8, 6),
    ("046", 7.0, 3),
    ("051", 3.4, 5),
    ("057", 8.0, 2),
    ("061", 6.4, 2),
    ("071", 7.4, 1),
    ("0332", 5.2, 1),
    ("100", -5.0, 2),
    ("112", -2.0, 5),
    ("120", -4.0, 2),
    ("130", -4.4, 2),
    ("141", -6.5, 1),
    ("163", -8.0, 1),
    ("173", -5.0, 2),
    ("190", -10.0, 3),
];

const ROLES: &[&str] = &[
    "GOV", "MIL", "JUD", "LEG", "OPP", "MED", "REB", "BUS", "CVL", "SPY",
];

const PUBLISHERS: &[&str] = &[
    "reuters.com",
    "apnews.com",
    "bbc.co.uk",
    "aljazeera.com",
    "dw.com",
    "hurriyetdailynews.com",
    "thehindu.com",
    "scmp.com",
    "lemonde.fr",
    "theguardian.com",
    "nytimes.com",
    "tass.com",
];

const WORDS: &[&str] = &[
    "talks",
    "minister",
    "sanctions",
    "border",
    "summit",
    "defence",
    "deal",
    "envoy",
    "trade",
    "missile",
    "ceasefire",
    "election",
    "protest",
    "aid",
    "visit",
    "accord",
    "security",
    "warns",
    "rejects",
    "calls",
    "meets",
    "urges",
    "threatens",
    "signs",
];

/// Real CAMEO state codes, so role actors are `part_of` a state as in GDELT.
const STATES: &[&str] = &[
    "USA", "RUS", "CHN", "GBR", "FRA", "DEU", "TUR", "IRN", "ISR", "IND", "PAK", "JPN", "KOR",
    "PRK", "UKR", "SYR", "IRQ", "SAU", "EGY", "AFG", "BRA", "MEX", "CAN", "AUS", "ITA", "ESP",
    "POL", "GRC", "NGA", "ZAF", "KEN", "ETH", "SDN", "LBY", "YEM", "QAT", "ARE", "JOR", "LBN",
    "AZE", "ARM", "GEO", "BLR", "KAZ", "IDN", "PHL", "VNM", "THA", "MMR", "VEN", "COL", "ARG",
    "CUB", "SRB", "HUN", "SWE", "NOR", "FIN", "NLD", "BEL",
];

/// A three-letter tag for body number `n`, starting with `X`, which no CAMEO code does.
fn tag(n: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    format!("X{}{}", letter(n / 26), letter(n))
}

/// The CAMEO-like code of every actor: states first, then `state + role + tag` bodies.
fn actor_codes(actors: usize) -> Vec<String> {
    let states = (actors / 10).clamp(2, STATES.len());
    let mut codes: Vec<String> = STATES.iter().take(states).map(|s| s.to_string()).collect();
    let mut n = 0;
    while codes.len() < actors {
        let state = STATES[n % states];
        let role = ROLES[(n / states) % ROLES.len()];
        codes.push(format!("{state}{role}{}", tag(n / (states * ROLES.len()))));
        n += 1;
    }
    codes
}

/// The GDELT 2.0 event rows (61 columns) of the synthetic dataset.
pub fn gdelt_rows(options: &Options) -> String {
    let mut rng = Rng(options.seed);
    let codes = actor_codes(options.actors.max(2));
    let role_actors = codes.iter().filter(|c| c.len() > 3).count();
    let events = options
        .relations
        .saturating_sub(role_actors)
        .max(codes.len());
    let zipf = Zipf::new(codes.len());
    let code_weights: usize = CODES.iter().map(|c| c.2).sum();
    let mut url = String::new();
    let mut text = String::with_capacity(events * 330);
    for event in 0..events {
        // Every actor acts once, then the Zipf sampling takes over.
        let from = if event < codes.len() {
            event
        } else {
            zipf.sample(&mut rng)
        };
        let mut to = zipf.sample(&mut rng);
        while to == from {
            to = rng.below(codes.len());
        }
        let mut pick = rng.below(code_weights);
        let &(code, goldstein, _) = CODES
            .iter()
            .find(|c| {
                let hit = pick < c.2;
                pick = pick.saturating_sub(c.2);
                hit
            })
            .unwrap_or(&CODES[0]);
        let (year, month, day) = (2015 + rng.below(10), 1 + rng.below(12), 1 + rng.below(28));
        // Articles report several events: a new URL for about one event in three.
        if url.is_empty() || rng.below(3) == 0 {
            let words: Vec<&str> = (0..5).map(|_| WORDS[rng.below(WORDS.len())]).collect();
            url = format!(
                "https://www.{}/world/{year}/{month:02}/{day:02}/{}-{}",
                PUBLISHERS[rng.below(PUBLISHERS.len())],
                words.join("-"),
                rng.next() % 1_000_000
            );
        }
        let mentions = 1 + rng.below(4) * rng.below(8);
        let row = Row {
            id: 800_000_000 + event as u64,
            date: format!("{year}{month:02}{day:02}"),
            actors: [&codes[from], &codes[to]],
            code,
            goldstein,
            counts: [mentions, 1 + mentions / 3, mentions],
            url: &url,
        };
        row.write(&mut text);
    }
    text
}

struct Row<'a> {
    id: u64,
    date: String,
    actors: [&'a str; 2],
    code: &'a str,
    goldstein: f64,
    counts: [usize; 3],
    url: &'a str,
}

impl Row<'_> {
    fn write(&self, text: &mut String) {
        use std::fmt::Write;
        let [a1, a2] = self.actors;
        let [mentions, sources, articles] = self.counts;
        let (date, code) = (&self.date, self.code);
        let month = date.get(..6).unwrap_or_default();
        let year = date.get(..4).unwrap_or_default();
        let root = code.get(..2).unwrap_or_default();
        let base = code.get(..3).unwrap_or_default();
        // Columns 1–35, then the geography columns (36–59) left empty, DATEADDED, SOURCEURL.
        let _ = write!(
            text,
            "{}\t{date}\t{month}\t{year}\t{year}.5000\t{a1}\t{a1}\t{}\t\t\t\t\t\t\t\t\
             {a2}\t{a2}\t{}\t\t\t\t\t\t\t\t1\t{code}\t{base}\t{root}\t1\t{:.1}\t\
             {mentions}\t{sources}\t{articles}\t-1.5",
            self.id,
            a1.get(..3).unwrap_or_default(),
            a2.get(..3).unwrap_or_default(),
            self.goldstein,
        );
        text.push_str(&"\t".repeat(25));
        let _ = writeln!(text, "{date}000000\t{}", self.url);
    }
}

/// Writes the synthetic data to each path, in the format its name says.
pub fn write(options: &Options, outputs: &[PathBuf]) -> Result<Dataset, Box<dyn Error>> {
    let rows = gdelt_rows(options);
    let dataset = read_gdelt(rows.as_bytes(), &GdeltOptions::default())?.dataset;
    for path in outputs {
        let name = path.to_string_lossy().to_ascii_lowercase();
        let bytes = if name.ends_with(".csv") {
            rows.clone().into_bytes()
        } else if name.ends_with(".json") {
            serde_json::to_vec(&dataset)?
        } else if name.ends_with(".ron") {
            dataset.to_ron_string()?.into_bytes()
        } else {
            return Err(format!("{}: write .export.CSV, .ron or .json", path.display()).into());
        };
        write_file(path, &bytes)?;
    }
    Ok(dataset)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    std::fs::write(path, bytes).map_err(|err| format!("{}: {err}", path.display()).into())
}

/// Parses `--relations N --actors N --seed N -o PATH...` and writes the files.
pub fn run(args: impl IntoIterator<Item = String>) -> Result<(), Box<dyn Error>> {
    let mut options = Options {
        relations: 10_000,
        actors: 0,
        seed: 42,
    };
    let mut outputs = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--relations" => options.relations = value()?.parse()?,
            "--actors" => options.actors = value()?.parse()?,
            "--seed" => options.seed = value()?.parse()?,
            "-o" | "--output" => outputs.push(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument `{other}`").into()),
        }
    }
    if options.actors == 0 {
        // 20,000 actors at a million relations, as in real event data; fewer below.
        options.actors = (options.relations / 50).clamp(20, 20_000);
    }
    if outputs.is_empty() {
        return Err("give at least one -o PATH (.export.CSV, .ron or .json)".into());
    }
    let dataset = write(&options, &outputs)?;
    eprintln!(
        "generated {} actors, {} relations, {} sources (seed {})",
        dataset.actors.len(),
        dataset.relations.len(),
        dataset.sources.len(),
        options.seed
    );
    Ok(())
}

/// Runs with the command-line arguments.
pub fn main() -> Result<(), Box<dyn Error>> {
    run(std::env::args().skip(1))
}
