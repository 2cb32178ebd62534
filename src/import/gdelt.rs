//! GDELT event exports (`*.export.CSV`, optionally zipped) into a checked-clean [`Dataset`].
//!
//! Each row is one event: `Actor1Code` does CAMEO `EventCode` to `Actor2Code` on `SQLDATE`.
//! Actors are named by their CAMEO codes (`TUR` → `tur`, Turkey, a state; `TURGOV` →
//! `tur-gov`, Turkey Government, a government body `part_of` Turkey); each `SOURCEURL` becomes
//! a [`Source`]; each event a relation `gdelt-<GLOBALEVENTID>` whose kind comes from
//! [`RelationKind::from_cameo`], intensity from `GoldsteinScale` and counts from
//! `NumMentions`/`NumSources`/`NumArticles`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use csv::ByteRecord;
use rustc_hash::{FxHashMap, FxHashSet};

use super::input::{event_files, with_event_reader};
use super::{actor_code, community_code, event_code, fips, ImportReport, SkipReason, SkippedRow};
use crate::error::{Error, Result};
use crate::identity::Registry;
use crate::model::{
    Actor, ActorId, ActorKind, CountryCode, Dataset, Date, EventCounts, Evidence, Relation,
    RelationId, RelationKind, Source, SourceId,
};

/// How to import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GdeltOptions {
    /// Merge events with the same actors, CAMEO code and day into one relation whose
    /// [`EventCounts`] add up.
    pub dedupe: bool,
    /// Fail on the first bad row instead of skipping it.
    pub strict: bool,
}

/// The result of an import: a dataset free of check errors, and what happened to each row.
#[derive(Clone, Debug, Default)]
pub struct GdeltImport {
    /// The actors, sources and relations.
    pub dataset: Dataset,
    /// Rows read, imported and skipped.
    pub report: ImportReport,
}

/// Imports one GDELT event file from a reader; `<input>` names it in messages.
///
/// ```
/// use dipgraph::import::{read_gdelt, GdeltOptions};
///
/// let mut row = vec![""; 61];
/// row[..2].copy_from_slice(&["410412386", "20140218"]);
/// (row[5], row[15]) = ("UKR", "RUSGOV");
/// (row[26], row[28], row[30]) = ("112", "11", "-2.0");
/// (row[31], row[32], row[33]) = ("4", "1", "4");
/// row[60] = "https://example.com/news/1";
/// let text = row.join("\t") + "\n";
///
/// let import = read_gdelt(text.as_bytes(), &GdeltOptions::default())?;
/// assert_eq!(import.report.imported, 1);
/// let relation = &import.dataset.relations[1]; // after `rus-gov` part_of `rus`
/// assert_eq!((relation.from.as_str(), relation.kind.as_str()), ("ukr", "criticize"));
/// assert!(dipgraph::check::check_dataset(&import.dataset, None).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] when reading fails; [`Error::Import`] for a bad row with `strict`.
pub fn read_gdelt(reader: impl Read, options: &GdeltOptions) -> Result<GdeltImport> {
    let mut importer = GdeltImporter::new(*options);
    importer.read(Path::new("<input>"), reader)?;
    Ok(importer.finish())
}

/// Imports GDELT event files (plain or zipped, or directories and glob patterns of them:
/// see [`event_files`]) into one dataset, reading each as a stream.
///
/// # Errors
/// As [`event_files`] and [`GdeltImporter::read_file`].
pub fn load_gdelt<P: AsRef<Path>>(paths: &[P], options: &GdeltOptions) -> Result<GdeltImport> {
    let mut importer = GdeltImporter::new(*options);
    for path in event_files(paths)? {
        importer.read_file(&path)?;
    }
    Ok(importer.finish())
}

/// Columns (0-based) shared by GDELT 1.0 and 2.0 event files.
mod column {
    pub const EVENT_ID: usize = 0;
    pub const SQLDATE: usize = 1;
    pub const ACTOR1_CODE: usize = 5;
    pub const ACTOR2_CODE: usize = 15;
    pub const EVENT_CODE: usize = 26;
    pub const GOLDSTEIN: usize = 30;
    pub const NUM_MENTIONS: usize = 31;
    pub const NUM_SOURCES: usize = 32;
    pub const NUM_ARTICLES: usize = 33;
    /// `Actor1Geo_CountryCode` (FIPS 10-4), the same in both versions.
    pub const ACTOR1_GEO_COUNTRY: usize = 37;
    /// `Actor2Geo_CountryCode` in GDELT 2.0 (61 columns).
    pub const ACTOR2_GEO_COUNTRY_V2: usize = 45;
    /// `Actor2Geo_CountryCode` in GDELT 1.0, which lacks `Actor1Geo_ADM2Code`.
    pub const ACTOR2_GEO_COUNTRY_V1: usize = 44;
}

/// One parsed row, borrowing from the record or (to cross threads) owning its text.
struct Event<'r> {
    id: u64,
    date: Date,
    actors: [Cow<'r, str>; 2],
    /// Where each actor is (FIPS 10-4 country codes, possibly empty).
    geo: [Cow<'r, str>; 2],
    code: Cow<'r, str>,
    kind: RelationKind,
    goldstein: f64,
    counts: EventCounts,
    url: Option<Cow<'r, str>>,
}

impl Event<'_> {
    fn into_owned(self) -> Event<'static> {
        let own = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        let Event {
            id,
            date,
            actors: [actor1, actor2],
            geo: [geo1, geo2],
            code,
            kind,
            goldstein,
            counts,
            url,
        } = self;
        Event {
            id,
            date,
            actors: [own(actor1), own(actor2)],
            geo: [own(geo1), own(geo2)],
            code: own(code),
            kind,
            goldstein,
            counts,
            url: url.map(own),
        }
    }
}

/// A row as the reading thread hands it to the importing one: its line, and the event
/// with its relation's id and note already made, or why it is skipped.
struct Row {
    line: u64,
    event: Result<(Event<'static>, Described), SkipReason>,
}

/// An event's relation id (or why it has none) and note, which depend on the row alone.
struct Described {
    id: Result<RelationId, SkipReason>,
    note: String,
}

impl Described {
    fn new(event: &Event<'_>) -> Self {
        let id = RelationId::new(format!("gdelt-{}", event.id))
            .map_err(|_| SkipReason::BadEventId(event.id.to_string()));
        let label = event_code::label(&event.code).unwrap_or_default();
        let note = format!(
            "GDELT event {}: {} → {}, CAMEO {} ({label}), Goldstein {:+.1}",
            event.id, event.actors[0], event.actors[1], event.code, event.goldstein
        );
        Self { id, note }
    }
}

/// Rows handed over at a time, so that the threads meet once per batch, not per row.
const BATCH: usize = 4096;

fn field(record: &ByteRecord, index: usize) -> &str {
    let bytes = record.get(index).unwrap_or_default();
    // Codes and numbers are ASCII; a field that is not UTF-8 fails their checks later.
    std::str::from_utf8(bytes).unwrap_or("\u{fffd}").trim()
}

fn number<T: std::str::FromStr>(
    record: &ByteRecord,
    index: usize,
    column: &'static str,
) -> Result<T, SkipReason> {
    let text = field(record, index);
    text.parse().map_err(|_| SkipReason::BadNumber {
        column,
        value: text.to_owned(),
    })
}

fn parse_date(text: &str) -> Result<Date, SkipReason> {
    let bad = || SkipReason::BadDate(text.to_owned());
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let part = |range: std::ops::Range<usize>| text.get(range).and_then(|p| p.parse::<u16>().ok());
    match (
        part(0..4),
        part(4..6).map(u8::try_from),
        part(6..8).map(u8::try_from),
    ) {
        (Some(year), Some(Ok(month)), Some(Ok(day))) => {
            Date::ymd(i32::from(year), month, day).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// Splits an actor code into its three-letter CAMEO parts: uppercase letters and digits, or
/// lowercase letters for the ethnic groups CAMEO lists (an unknown uppercase part may be a
/// newer CAMEO code, named by itself; an unknown lowercase one is a bad code).
fn code_parts(code: &str) -> Result<Vec<&str>, SkipReason> {
    let bad = || SkipReason::BadActorCode(code.to_owned());
    if code.is_empty() || !code.is_ascii() || !code.len().is_multiple_of(3) {
        return Err(bad());
    }
    let parts: Vec<&str> = (0..code.len() / 3)
        .filter_map(|i| code.get(3 * i..3 * i + 3))
        .collect();
    let valid = |part: &&str| {
        part.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            || (part.bytes().all(|b| b.is_ascii_lowercase())
                && community_code::community(part).is_some())
    };
    if parts.iter().all(valid) {
        Ok(parts)
    } else {
        Err(bad())
    }
}

fn parse_row(record: &ByteRecord) -> Result<Event<'_>, SkipReason> {
    let (url_column, actor2_geo) = match record.len() {
        61 => (Some(60), column::ACTOR2_GEO_COUNTRY_V2),
        58 => (Some(57), column::ACTOR2_GEO_COUNTRY_V1),
        57 => (None, column::ACTOR2_GEO_COUNTRY_V1),
        n => return Err(SkipReason::ColumnCount(n)),
    };
    let id_text = field(record, column::EVENT_ID);
    let id = id_text
        .parse()
        .map_err(|_| SkipReason::BadEventId(id_text.to_owned()))?;
    let date = parse_date(field(record, column::SQLDATE))?;
    let actors = [
        Cow::Borrowed(field(record, column::ACTOR1_CODE)),
        Cow::Borrowed(field(record, column::ACTOR2_CODE)),
    ];
    if actors.iter().any(|code| code.is_empty()) {
        return Err(SkipReason::MissingActor);
    }
    for code in &actors {
        code_parts(code)?;
    }
    let geo = [
        Cow::Borrowed(field(record, column::ACTOR1_GEO_COUNTRY)),
        Cow::Borrowed(field(record, actor2_geo)),
    ];
    let code = field(record, column::EVENT_CODE);
    let kind = event_code::label(code)
        .and_then(|_| RelationKind::from_cameo(code))
        .ok_or_else(|| SkipReason::UnknownCode(code.to_owned()))?;
    let goldstein: f64 = number(record, column::GOLDSTEIN, "GoldsteinScale")?;
    if !goldstein.is_finite() {
        return Err(SkipReason::BadNumber {
            column: "GoldsteinScale",
            value: field(record, column::GOLDSTEIN).to_owned(),
        });
    }
    let counts = EventCounts {
        events: 1,
        mentions: number(record, column::NUM_MENTIONS, "NumMentions")?,
        sources: number(record, column::NUM_SOURCES, "NumSources")?,
        articles: number(record, column::NUM_ARTICLES, "NumArticles")?,
    };
    let url = url_column
        .and_then(|i| record.get(i))
        .map(|bytes| match String::from_utf8_lossy(bytes) {
            Cow::Borrowed(url) => Cow::Borrowed(url.trim()),
            Cow::Owned(url) => Cow::Owned(url.trim().to_owned()),
        })
        .filter(|url| !url.is_empty());
    Ok(Event {
        id,
        date,
        actors,
        geo,
        code: Cow::Borrowed(code),
        kind,
        goldstein: goldstein.clamp(-10.0, 10.0),
        counts,
        url,
    })
}

/// The dipgraph actor kind a CAMEO role code suggests.
fn role_kind(role: &str) -> ActorKind {
    match role {
        "GOV" | "JUD" | "LEG" | "SPY" | "COP" | "UIS" => ActorKind::GovernmentBody,
        "MIL" | "REB" | "INS" | "SEP" | "UAF" | "IMG" | "PKO" => ActorKind::ArmedGroup,
        "OPP" | "MOD" | "RAD" | "NGM" => ActorKind::PoliticalGroup,
        "MED" => ActorKind::Media,
        "IGO" | "UNO" => ActorKind::InternationalOrganization,
        _ => ActorKind::Other,
    }
}

/// An actor made from a CAMEO actor code, and the state it is part of, if any.
///
/// Ids join the parts with `-`, lowercased; an ethnic-group part (lowercase in CAMEO) gets
/// `-group`, so `mar` (Marathi) and `MAR` (Morocco) stay apart.
fn actor_from_code<'c>(parts: &[&'c str]) -> Result<(Actor, Option<&'c str>), SkipReason> {
    use actor_code::Part;
    let code = parts.concat();
    let bad = || SkipReason::BadActorCode(code.clone());
    let segments: Vec<String> = parts
        .iter()
        .map(|part| match part.bytes().all(|b| b.is_ascii_lowercase()) {
            true => format!("{part}-group"),
            false => part.to_ascii_lowercase(),
        })
        .collect();
    let id = ActorId::new(segments.join("-")).map_err(|_| bad())?;
    let known: Vec<Option<Part>> = parts.iter().map(|part| actor_code::part(part)).collect();
    let names: Vec<&str> = parts
        .iter()
        .zip(&known)
        .map(|(part, known)| match known {
            Some(
                Part::State(name)
                | Part::Region(name)
                | Part::Role(name)
                | Part::Group(name)
                | Part::Community(name),
            ) => *name,
            None => *part,
        })
        .collect();
    let first = known.first().copied().flatten();
    let (country, state) = match (first, parts.first()) {
        (Some(Part::State(_)), Some(&state)) => (CountryCode::new(state).ok(), Some(state)),
        _ => (None, None),
    };
    let role = parts
        .iter()
        .zip(&known)
        .find_map(|(part, known)| matches!(known, Some(Part::Role(_))).then_some(*part));
    let community = known.iter().any(|k| matches!(k, Some(Part::Community(_))));
    let kind = match (role, first, parts.len()) {
        (Some(role), _, _) => role_kind(role),
        (None, _, _) if community => ActorKind::Community,
        (None, Some(Part::State(_)), 1) => ActorKind::State,
        _ => ActorKind::Other,
    };
    let actor = Actor {
        id,
        name: names.join(" "),
        kind,
        aliases: Vec::new(),
        country,
        description: Some(format!("GDELT actor code {code}")),
    };
    // A state is not part of itself; everything else with a state prefix is.
    let part_of = state.filter(|_| parts.len() > 1);
    Ok((actor, part_of))
}

/// The part of a URL naming its host, without `www.`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// FNV-1a: a stable hash, so a URL's source id is the same in every import.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Reads and parses the rows of `reader` for [`GdeltImporter::add_rows`], in batches, until
/// the rows end, reading fails (sent last) or the importer stops taking them.
fn read_rows(path: &Path, reader: impl Read, out: &SyncSender<Result<Vec<Row>>>) {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .quoting(false)
        .from_reader(reader);
    let mut record = ByteRecord::new();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let failed = Error::Io {
                    path: path.to_owned(),
                    source: err.into(),
                };
                // The rows before the failure count (and may fail the import first).
                if out.send(Ok(batch)).is_ok() {
                    let _ = out.send(Err(failed));
                }
                return;
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let event = parse_row(&record).map(|event| {
            let described = Described::new(&event);
            (event.into_owned(), described)
        });
        batch.push(Row { line, event });
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if out.send(Ok(full)).is_err() {
                return;
            }
        }
    }
    // An importer that stopped early has its reason.
    let _ = out.send(Ok(batch));
}

/// Deduplication key: actors, CAMEO code (length and value, as `033` ≠ `0330`) and day.
type DyadKey = (usize, usize, u32, Date);

/// Imports GDELT files one after another into one dataset, so actors and sources are shared
/// and `dedupe` works across files.
#[derive(Debug, Default)]
pub struct GdeltImporter {
    options: GdeltOptions,
    actors: Vec<Actor>,
    // Fx hashing: a million rows mean millions of lookups, and the keys come from the input.
    actor_index: FxHashMap<String, usize>,
    sources: Vec<Source>,
    source_index: FxHashMap<String, usize>,
    source_ids: FxHashSet<SourceId>,
    relations: Vec<Relation>,
    dyads: FxHashMap<DyadKey, usize>,
    event_ids: FxHashSet<u64>,
    report: ImportReport,
    /// The actors of the dataset the import maps its codes to, if any.
    base: Option<Registry>,
    /// For each base actor an import cites, the index of its copy in `actors`.
    copies: FxHashMap<usize, usize>,
}

impl GdeltImporter {
    /// An importer with nothing read yet.
    pub fn new(options: GdeltOptions) -> Self {
        Self {
            options,
            ..Self::default()
        }
    }

    /// An importer that maps CAMEO codes to the actors of `base` where they are the same
    /// entity (by the rules of [`crate::dataset::read`]: `TUR` is the base's state with
    /// country `TUR`, say `turkey`), citing the base's ids. The dataset it makes holds a copy
    /// of each base actor it cites, so it is complete alone and merges with the base.
    pub fn with_base(options: GdeltOptions, base: &[Actor]) -> Self {
        Self {
            base: Some(Registry::new(base)),
            ..Self::new(options)
        }
    }

    /// Reads one file's rows; `path` names it in the report and in errors.
    ///
    /// This thread reads and parses the rows, and makes each event's relation id and note;
    /// another adds them to the import, in order, a batch at a time: the import is the same
    /// as on one thread, in half the time on two cores.
    ///
    /// # Errors
    /// [`Error::Io`] when reading fails; [`Error::Import`] for a bad row with `strict`.
    pub fn read(&mut self, path: &Path, reader: impl Read) -> Result<()> {
        let (rows_out, rows_in) = std::sync::mpsc::sync_channel(4);
        std::thread::scope(|scope| {
            let adding = scope.spawn(|| self.add_rows(path, rows_in));
            read_rows(path, reader, &rows_out);
            drop(rows_out);
            adding
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Adds the rows [`read_rows`] sends, until they end or one fails the import.
    fn add_rows(&mut self, path: &Path, batches: Receiver<Result<Vec<Row>>>) -> Result<()> {
        for batch in batches {
            for Row { line, event } in batch? {
                self.report.rows += 1;
                let outcome = event.and_then(|(event, described)| self.add(event, described));
                if let Err(reason) = outcome {
                    if self.options.strict && !matches!(reason, SkipReason::NoCountry(_)) {
                        return Err(Error::Import {
                            path: path.to_owned(),
                            line,
                            message: reason.to_string(),
                        });
                    }
                    let path = path.to_owned();
                    self.report.skip(SkippedRow { path, line, reason });
                }
            }
        }
        Ok(())
    }

    /// Reads one file's rows as a stream (see [`with_event_reader`]).
    ///
    /// # Errors
    /// As [`with_event_reader`] and [`GdeltImporter::read`].
    pub fn read_file(&mut self, path: &Path) -> Result<()> {
        with_event_reader(path, |reader, _| self.read(path, reader))
    }

    /// The dataset and the report.
    pub fn finish(mut self) -> GdeltImport {
        self.disambiguate_names();
        GdeltImport {
            dataset: Dataset {
                sources: self.sources,
                actors: self.actors,
                relations: self.relations,
            },
            report: self.report,
        }
    }

    fn add(&mut self, event: Event<'_>, described: Described) -> Result<(), SkipReason> {
        if !self.event_ids.insert(event.id) {
            return Err(SkipReason::DuplicateEventId(event.id.to_string()));
        }
        let codes = [
            self.placed(&event.actors[0], &event.geo[0])?,
            self.placed(&event.actors[1], &event.geo[1])?,
        ];
        if codes[0] == codes[1] {
            return Err(SkipReason::SameActor(codes[0].clone().into_owned()));
        }
        let source = self.source(event.url.as_deref(), event.date)?;
        let from = self.actor(&codes[0], &source)?;
        let to = self.actor(&codes[1], &source)?;
        self.report.imported += 1;
        let code_key = event.code.len() as u32 * 10_000 + event.code.parse::<u32>().unwrap_or(0);
        let key = (from, to, code_key, event.date);
        if self.options.dedupe {
            if let Some(&existing) = self.dyads.get(&key) {
                self.merge(existing, &event, source);
                self.report.merged += 1;
                return Ok(());
            }
            self.dyads.insert(key, self.relations.len());
        }
        let relation = self.event_relation(&event, from, to, source, described)?;
        self.relations.push(relation);
        Ok(())
    }

    fn event_relation(
        &self,
        event: &Event<'_>,
        from: usize,
        to: usize,
        source: SourceId,
        described: Described,
    ) -> Result<Relation, SkipReason> {
        let Described { id, note } = described;
        Ok(Relation {
            id: id?,
            from: self.actors[from].id.clone(),
            to: self.actors[to].id.clone(),
            kind: event.kind,
            date: Some(event.date),
            since: None,
            until: None,
            about: Vec::new(),
            claimed_by: None,
            intensity: Some(event.goldstein),
            evidence: vec![Evidence {
                source,
                quote: String::new(),
                note,
                confidence: None,
                span: None,
            }],
            counts: Some(event.counts),
        })
    }

    /// The code an actor goes by: `code` itself, or for a generic role with no country
    /// (`GOV`) the role in the country `geo` (FIPS 10-4) names (`UP` → `UKRGOV`).
    ///
    /// # Errors
    /// [`SkipReason::NoCountry`] for a generic role the row places in no known state:
    /// imported, it would be one worldwide hub linking every government to every other.
    fn placed<'c>(&self, code: &'c str, geo: &str) -> Result<Cow<'c, str>, SkipReason> {
        // A code seen before is an actor already, so not a generic role: most rows stop here.
        let generic = !self.actor_index.contains_key(code)
            && (0..code.len() / 3).all(|i| {
                code.get(3 * i..3 * i + 3)
                    .is_some_and(actor_code::is_generic_role)
            });
        if !generic {
            return Ok(Cow::Borrowed(code));
        }
        match fips::cameo_state(geo) {
            Some(state) => Ok(Cow::Owned(format!("{state}{code}"))),
            None => Err(SkipReason::NoCountry(code.to_owned())),
        }
    }

    /// Adds a duplicate event's counts (and its source, if new) to an earlier relation.
    fn merge(&mut self, index: usize, event: &Event<'_>, source: SourceId) {
        /// Enough sources to follow up a merged event without bloating the relation.
        const MAX_EVIDENCE: usize = 5;
        let Some(relation) = self.relations.get_mut(index) else {
            return;
        };
        let counts = relation.counts.get_or_insert_with(EventCounts::default);
        counts.events = counts.events.saturating_add(1);
        counts.mentions = counts.mentions.saturating_add(event.counts.mentions);
        counts.sources = counts.sources.saturating_add(event.counts.sources);
        counts.articles = counts.articles.saturating_add(event.counts.articles);
        let cited = relation.evidence.iter().any(|e| e.source == source);
        if !cited && relation.evidence.len() < MAX_EVIDENCE {
            relation.evidence.push(Evidence {
                source,
                quote: String::new(),
                note: format!("GDELT event {}: the same event, reported again", event.id),
                confidence: None,
                span: None,
            });
        }
    }

    /// The index of the actor for a CAMEO code, creating it (and its state, and the
    /// `part_of` relation citing `source`) on first sight.
    fn actor(&mut self, code: &str, source: &SourceId) -> Result<usize, SkipReason> {
        if let Some(&index) = self.actor_index.get(code) {
            return Ok(index);
        }
        let parts = code_parts(code)?;
        let (actor, state) = actor_from_code(&parts)?;
        if let Some(index) = self.base_actor(&actor) {
            self.actor_index.insert(code.to_owned(), index);
            return Ok(index);
        }
        let state = state.map(|state| self.actor(state, source)).transpose()?;
        let index = self.actors.len();
        self.actor_index.insert(code.to_owned(), index);
        self.actors.push(actor);
        if let Some(state) = state {
            let relation = self.part_of(index, state, code, source)?;
            self.relations.push(relation);
        }
        Ok(index)
    }

    /// The index of the copy of the base actor `actor` is, copying it on first sight.
    fn base_actor(&mut self, actor: &Actor) -> Option<usize> {
        let (in_base, found) = self.base.as_ref()?.find(actor)?;
        if let Some(&index) = self.copies.get(&in_base) {
            return Some(index);
        }
        let copy = found.clone();
        let index = self.actors.len();
        self.actors.push(copy);
        self.copies.insert(in_base, index);
        Some(index)
    }

    fn part_of(
        &self,
        actor: usize,
        state: usize,
        code: &str,
        source: &SourceId,
    ) -> Result<Relation, SkipReason> {
        let (actor, state) = (&self.actors[actor], &self.actors[state]);
        let id = RelationId::new(format!("{}-part-of-{}", actor.id, state.id))
            .map_err(|_| SkipReason::BadActorCode(code.to_owned()))?;
        Ok(Relation {
            id,
            from: actor.id.clone(),
            to: state.id.clone(),
            kind: RelationKind::PartOf,
            date: None,
            since: None,
            until: None,
            about: Vec::new(),
            claimed_by: None,
            intensity: None,
            evidence: vec![Evidence {
                source: source.clone(),
                quote: String::new(),
                note: format!(
                    "GDELT actor code {code} names {}, part of {} by its country prefix",
                    actor.name, state.name
                ),
                confidence: None,
                span: None,
            }],
            counts: None,
        })
    }

    /// The source for an event's URL, or for its day when the file has no URLs (GDELT 1.0).
    fn source(&mut self, url: Option<&str>, date: Date) -> Result<SourceId, SkipReason> {
        let key: Cow<str> = url.map_or_else(|| Cow::Owned(date.to_string()), Cow::Borrowed);
        if let Some(&index) = self.source_index.get(key.as_ref()) {
            return Ok(self.sources[index].id.clone());
        }
        let source = match url {
            Some(url) => Source {
                id: self.fresh_source_id(&format!("src-{:016x}", fnv1a(url)))?,
                title: url.to_owned(),
                publisher: host(url).to_owned(),
                url: url.to_owned(),
                published: date,
            },
            None => Source {
                id: self
                    .fresh_source_id(&format!("gdelt-{}", date.to_string().replace('-', "")))?,
                title: format!("GDELT events of {date}"),
                publisher: "GDELT Project".to_owned(),
                url: "https://www.gdeltproject.org/".to_owned(),
                published: date,
            },
        };
        let id = source.id.clone();
        self.source_index
            .insert(key.into_owned(), self.sources.len());
        self.source_ids.insert(id.clone());
        self.sources.push(source);
        Ok(id)
    }

    /// `base`, or `base-2`, `base-3`… if a (hash-colliding) source already has it.
    fn fresh_source_id(&self, base: &str) -> Result<SourceId, SkipReason> {
        let mut n = 1;
        loop {
            let id = match n {
                1 => base.to_owned(),
                n => format!("{base}-{n}"),
            };
            let id = SourceId::new(id).map_err(|_| SkipReason::BadSource(base.to_owned()))?;
            if !self.source_ids.contains(&id) {
                return Ok(id);
            }
            n += 1;
        }
    }

    /// Appends the CAMEO code to a name that another actor's name or id also folds to
    /// (`SOUTHAMERICA` is `sou-tha-mer-ica`, which folds like South America's name), so
    /// names resolve to one actor and `check` finds no clash.
    fn disambiguate_names(&mut self) {
        use crate::resolve::{fold, names};
        /// Stands for the base's actors, whose names imported actors must not take either.
        const BASE: usize = usize::MAX;
        let copies: FxHashSet<usize> = self.copies.values().copied().collect();
        // The first actor with each folded name or id, and whether another shares it.
        let mut owners: HashMap<String, (usize, bool)> = HashMap::new();
        let base = self.base.iter().flat_map(|base| base.actors());
        for name in base.flat_map(names) {
            owners.insert(fold(name), (BASE, true));
        }
        let imported = self.actors.iter().enumerate();
        for (index, actor) in imported.filter(|(index, _)| !copies.contains(index)) {
            for folded in [fold(actor.id.as_str()), fold(&actor.name)] {
                let owner = owners.entry(folded).or_insert((index, false));
                owner.1 |= owner.0 != index;
            }
        }
        let codes: HashMap<usize, &str> = self
            .actor_index
            .iter()
            .map(|(c, &i)| (i, c.as_str()))
            .collect();
        for (index, actor) in self.actors.iter_mut().enumerate() {
            if copies.contains(&index) {
                continue;
            }
            if owners.get(&fold(&actor.name)).is_some_and(|owner| owner.1) {
                let code = codes.get(&index).copied().unwrap_or_default();
                actor.name = format!("{} ({code})", actor.name);
            }
        }
    }
}
