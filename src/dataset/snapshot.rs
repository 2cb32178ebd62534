//! Binary snapshots (`.dgsnap`): a checked graph saved for fast loading.
//!
//! At a million relations, parsing JSON or RON and checking the result take seconds; a
//! snapshot loads in a fraction of that (`docs/performance.md`). It is written only from a
//! [`Graph`], which is checked, and read back only by the same dipgraph version, so a
//! snapshot that reads back whole needs no second check.
//!
//! Layout, little-endian: the magic `DIPGRAPH` `SNAP`, the format version (`u32`), the
//! writing dipgraph's version (a length byte and UTF-8), the payload length (`u64`) and its
//! CRC-32 (`u32`), then the payload. The payload is a series of blocks, each its length
//! then its bytes. The first holds the vocabularies (kind names, so a reordered enum cannot
//! change meanings), actors, the sources' ids and the number of relations; the second the
//! rest of the sources; each of the others a number of relations, then those relations,
//! which refer to actors and sources by index.
//! Integers are LEB128 varints; strings are length-prefixed.

use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::model::{
    Actor, ActorId, ActorKind, CountryCode, Dataset, Date, EventCounts, Evidence, Relation,
    RelationId, RelationKind, Source, SourceId, Span,
};
use crate::resolve::NameIndex;

/// The file name extension of snapshots.
pub const EXTENSION: &str = "dgsnap";

const MAGIC: &[u8; 12] = b"DIPGRAPHSNAP";
/// Bumped whenever the payload layout changes. 2: the payload is cut into blocks; 3: the
/// sources' ids apart from the rest of them.
const FORMAT_VERSION: u32 = 4;
/// Relations per block: blocks are decoded on one thread while the graph takes the
/// previous ones on another.
const BLOCK: usize = 8192;
const WRITER: &str = env!("CARGO_PKG_VERSION");

/// The snapshot of a graph, as bytes ready to write to a `.dgsnap` file.
///
/// ```
/// use dipgraph::{dataset::snapshot, Dataset, Graph};
/// let graph = Graph::try_from(Dataset::builtin()?)?;
/// let bytes = snapshot::to_bytes(&graph);
/// let again = snapshot::from_reader(bytes.as_slice(), "<memory>".as_ref())?;
/// assert_eq!(again, graph.to_dataset());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_bytes(graph: &Graph) -> Vec<u8> {
    encode(graph, BLOCK)
}

/// [`to_bytes`] with `block` relations a block.
fn encode(graph: &Graph, block: usize) -> Vec<u8> {
    let mut payload = Encoder::default();
    payload.graph(graph, block);
    let payload = payload.bytes;
    let mut out = Vec::with_capacity(payload.len() + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(WRITER.len() as u8);
    out.extend_from_slice(WRITER.as_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Reads a snapshot file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read; [`Error::Snapshot`] when it is not a snapshot,
/// was written by another dipgraph version, or is damaged.
pub fn read(path: &Path) -> Result<Dataset> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    from_reader(file, path)
}

/// Reads a snapshot file straight into a graph: no check (the snapshot was written from a
/// checked graph by this dipgraph version), and relations go into the graph a block at a
/// time as they are decoded, which saves the memory of holding them twice.
///
/// Other threads read, checksum and decode the blocks while this one decodes the sources
/// and adds the relations to the graph (see `graph_from_reader`).
///
/// # Errors
/// As [`read`].
pub fn read_graph(path: &Path) -> Result<Graph> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    graph_from_reader(file, path)
}

/// [`read_graph`] from any reader.
///
/// Four threads: this one builds the graph; a reader reads and checksums the payload,
/// decodes the head and deals the blocks of relations in turn to two decoders, whose
/// results this one takes in turn, so in order.
fn graph_from_reader(reader: impl Read + Send, path: &Path) -> Result<Graph> {
    let mut payload = Payload::open(reader, path)?;
    std::thread::scope(|scope| {
        // Each thread runs ahead of the next by a block or two at most.
        let (nodes_out, nodes_in) = std::sync::mpsc::sync_channel::<Nodes>(1);
        let mut tables_outs = Vec::with_capacity(DECODERS);
        let mut raw_outs = Vec::with_capacity(DECODERS);
        let mut decoded_ins = Vec::with_capacity(DECODERS);
        let mut decoders = Vec::with_capacity(DECODERS);
        for _ in 0..DECODERS {
            let (tables_out, tables_in) = std::sync::mpsc::sync_channel::<Arc<Tables>>(1);
            let (raw_out, raw_in) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
            let (decoded_out, decoded_in) = std::sync::mpsc::sync_channel::<Vec<Decoded>>(2);
            tables_outs.push(tables_out);
            raw_outs.push(raw_out);
            decoded_ins.push(decoded_in);
            decoders.push(scope.spawn(move || -> Result<()> {
                let Ok(tables) = tables_in.recv() else {
                    return Ok(());
                };
                for bytes in raw_in {
                    // Blocks this version writes hold `BLOCK` relations, the last fewer.
                    let mut block = Vec::with_capacity(BLOCK);
                    Decoder::new(&bytes)
                        .relations(&tables, |decoded| block.push(decoded))
                        .map_err(|m| damaged(path, m))?;
                    if decoded_out.send(block).is_err() {
                        break;
                    }
                }
                Ok(())
            }));
        }
        let reading = scope.spawn(move || -> Result<()> {
            let bad = |message| damaged(path, message);
            let (tables, nodes) = payload.head().map_err(bad)?;
            let tables = Arc::new(tables);
            for out in tables_outs {
                // A decoder that is gone has failed, and says why.
                let _ = out.send(Arc::clone(&tables));
            }
            if nodes_out.send(nodes).is_err() {
                return Ok(());
            }
            let mut bytes = Vec::new();
            for decoder in raw_outs.iter().cycle() {
                if !payload.block(&mut bytes).map_err(bad)? {
                    break;
                }
                if decoder.send(std::mem::take(&mut bytes)).is_err() {
                    return Ok(());
                }
            }
            drop(raw_outs);
            payload.finish(path)
        });
        let graph = build(nodes_in, &decoded_ins, path);
        drop(decoded_ins);
        // The reader's or a decoder's error, if any, explains why the graph is not whole.
        let failed = |_| damaged(path, "a decoding thread failed".to_owned());
        reading.join().map_err(failed)??;
        for decoder in decoders {
            decoder.join().map_err(failed)??;
        }
        graph
    })
}

/// How many threads decode relations.
const DECODERS: usize = 2;

/// How much room to reserve for a length or count read from the file: all of it, up to 64
/// MiB (or 64 Mi items). The header's payload length bounds every length and count, but
/// the header itself may be damaged or made up: beyond this, room grows with what is
/// actually read.
fn up_front(wanted: u64) -> usize {
    usize::try_from(wanted.min(1 << 26)).unwrap_or(1 << 26)
}

/// Builds the graph from what the threads of [`graph_from_reader`] send: the sources
/// are decoded here while the decoders start on the relations.
fn build(
    nodes: std::sync::mpsc::Receiver<Nodes>,
    decoded: &[std::sync::mpsc::Receiver<Vec<Decoded>>],
    path: &Path,
) -> Result<Graph> {
    let bad = |message: &str| damaged(path, message.to_owned());
    let Ok(nodes) = nodes.recv() else {
        return Err(bad("the payload ends early"));
    };
    let Nodes {
        actors,
        source_ids,
        source_bytes,
        relations,
    } = nodes;
    let sources = Decoder::new(&source_bytes)
        .sources(source_ids)
        .map_err(|m| damaged(path, m))?;
    drop(source_bytes);
    let names = NameIndex::new(&actors);
    let mut graph = Graph::with_checked_nodes(sources, actors, names, up_front(relations as u64));
    let mut count = 0;
    for received in decoded.iter().cycle() {
        let Ok(block) = received.recv() else { break };
        count += block.len();
        if count > relations {
            break;
        }
        for Decoded { from, to, relation } in block {
            graph.push_checked_relation_between(from, to, relation);
        }
    }
    if count != relations {
        return Err(bad("the number of relations is wrong"));
    }
    Ok(graph)
}

/// Reads a snapshot from a reader; `path` names it in errors.
///
/// # Errors
/// As [`read`].
pub fn from_reader(reader: impl Read, path: &Path) -> Result<Dataset> {
    let mut payload = Payload::open(reader, path)?;
    let (tables, nodes) = payload.head().map_err(|m| damaged(path, m))?;
    let sources = Decoder::new(&nodes.source_bytes)
        .sources(nodes.source_ids)
        .map_err(|m| damaged(path, m))?;
    drop(nodes.source_bytes);
    let (actors, count) = (nodes.actors, nodes.relations);
    let mut relations = Vec::with_capacity(up_front(count as u64));
    let mut bytes = Vec::new();
    while payload.block(&mut bytes).map_err(|m| damaged(path, m))? {
        Decoder::new(&bytes)
            .relations(&tables, |decoded| relations.push(decoded.relation))
            .map_err(|m| damaged(path, m))?;
    }
    payload.finish(path)?;
    if relations.len() != count {
        return Err(damaged(path, "the number of relations is wrong".to_owned()));
    }
    Ok(Dataset {
        sources,
        actors,
        relations,
    })
}

fn damaged(path: &Path, message: String) -> Error {
    Error::Snapshot {
        path: path.to_owned(),
        message: format!("damaged: {message}"),
    }
}

/// What precedes the relations, but for what relations refer to.
struct Nodes {
    actors: Vec<Actor>,
    /// The sources' ids, in order, and the bytes of the rest of them, decoded by
    /// [`Decoder::sources`].
    source_ids: Vec<SourceId>,
    source_bytes: Vec<u8>,
    relations: usize,
}

/// What relations refer to by index.
struct Tables {
    relation_kinds: Vec<RelationKind>,
    actor_ids: Vec<ActorId>,
    source_ids: Vec<SourceId>,
}

/// A relation as decoded, with the indexes of its two actors.
struct Decoded {
    from: usize,
    to: usize,
    relation: Relation,
}

/// The payload as it is read: length-prefixed blocks, checksummed as they go by.
struct Payload<R> {
    reader: BufReader<CrcReader<std::io::Take<R>>>,
    /// Payload bytes not yet read: no length in a damaged file can allocate more than this.
    remaining: u64,
    /// The payload's checksum, from the header.
    crc: u32,
}

impl<R: Read> Payload<R> {
    /// Checks the header and gets ready to read the payload.
    fn open(mut reader: R, path: &Path) -> Result<Self> {
        let bad = |message: String| Error::Snapshot {
            path: path.to_owned(),
            message,
        };
        let header = Header::read(&mut reader).map_err(|err| bad(err.to_string()))?;
        if header.magic != *MAGIC {
            return Err(bad("not a dipgraph snapshot".to_owned()));
        }
        if header.version != FORMAT_VERSION || header.writer != WRITER {
            return Err(bad(format!(
                "written by dipgraph {} (snapshot format {}); this is dipgraph {WRITER}: \
             write the snapshot again from the data files",
                header.writer, header.version
            )));
        }
        // The checksum is computed below the buffer, a block at a time, not byte by byte.
        let crc = CrcReader {
            inner: reader.take(header.len),
            hasher: crc32fast::Hasher::new(),
        };
        Ok(Self {
            reader: BufReader::with_capacity(1 << 16, crc),
            remaining: header.len,
            crc: header.crc,
        })
    }

    fn byte(&mut self) -> std::result::Result<u8, String> {
        let mut byte = [0];
        self.reader
            .read_exact(&mut byte)
            .map_err(|_| "the payload ends early".to_owned())?;
        self.remaining = self.remaining.saturating_sub(1);
        Ok(byte[0])
    }

    /// Reads the next block into `bytes`; false at the end of the payload.
    fn block(&mut self, bytes: &mut Vec<u8>) -> std::result::Result<bool, String> {
        if self.remaining == 0 {
            return Ok(false);
        }
        let len = leb128(|| self.byte())?;
        if len > self.remaining {
            return Err(format!("a block of {len} bytes exceeds the payload"));
        }
        bytes.clear();
        bytes.reserve_exact(up_front(len));
        // `read_to_end` fills the reserved room without zeroing it first.
        let read = (&mut self.reader)
            .take(len)
            .read_to_end(bytes)
            .map_err(|err| err.to_string())?;
        if read as u64 != len {
            return Err("the payload ends early".to_owned());
        }
        self.remaining -= len;
        Ok(true)
    }

    /// The first two blocks: vocabularies, actors, source ids and the number of relations;
    /// then the rest of the sources, left as bytes.
    fn head(&mut self) -> std::result::Result<(Tables, Nodes), String> {
        let mut bytes = Vec::new();
        if !self.block(&mut bytes)? {
            return Err("the payload is empty".to_owned());
        }
        let mut decoder = Decoder::new(&bytes);
        let (tables, actors, relations) = decoder.head()?;
        decoder.end()?;
        // Each relation takes more than a byte, so a damaged count cannot reserve more
        // relations than the payload holds bytes.
        if relations as u64 > self.remaining {
            return Err(format!("a count of {relations} exceeds the payload"));
        }
        let mut source_bytes = Vec::new();
        if !self.block(&mut source_bytes)? {
            return Err("the payload ends early".to_owned());
        }
        let nodes = Nodes {
            actors,
            source_ids: tables.source_ids.clone(),
            source_bytes,
            relations,
        };
        Ok((tables, nodes))
    }

    /// Checks that the whole payload was read and matches its checksum.
    fn finish(self, path: &Path) -> Result<()> {
        let complete = self.remaining == 0;
        if !complete || self.reader.into_inner().hasher.finalize() != self.crc {
            return Err(damaged(path, "the checksum does not match".to_owned()));
        }
        Ok(())
    }
}

struct Header {
    magic: [u8; 12],
    version: u32,
    writer: String,
    len: u64,
    crc: u32,
}

impl Header {
    fn read(reader: &mut impl Read) -> std::io::Result<Self> {
        let mut magic = [0; 12];
        reader.read_exact(&mut magic)?;
        let mut word = [0; 4];
        reader.read_exact(&mut word)?;
        let version = u32::from_le_bytes(word);
        let mut len = [0; 1];
        reader.read_exact(&mut len)?;
        let mut writer = vec![0; usize::from(len[0])];
        reader.read_exact(&mut writer)?;
        let mut long = [0; 8];
        reader.read_exact(&mut long)?;
        reader.read_exact(&mut word)?;
        Ok(Self {
            magic,
            version,
            writer: String::from_utf8_lossy(&writer).into_owned(),
            len: u64::from_le_bytes(long),
            crc: u32::from_le_bytes(word),
        })
    }
}

#[derive(Default)]
struct Encoder {
    bytes: Vec<u8>,
    actors: rustc_hash::FxHashMap<ActorId, u64>,
    sources: rustc_hash::FxHashMap<SourceId, u64>,
}

impl Encoder {
    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn date(&mut self, date: Option<Date>) {
        // 0 is "no date"; otherwise year·512 + month·32 + day, with 0 for an unknown part.
        let n = date.map_or(0, |d| {
            let (month, day) = (d.month().unwrap_or(0), d.day().unwrap_or(0));
            d.year() as u64 * 512 + u64::from(month) * 32 + u64::from(day)
        });
        self.uint(n);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        self.bytes.push(u8::from(s.is_some()));
        if let Some(s) = s {
            self.str(s);
        }
    }

    /// An actor by index; the graph is checked, so every reference is to a known actor.
    fn actor_ref(&mut self, id: &ActorId) {
        let index = self.actors.get(id).copied().unwrap_or(u64::MAX);
        self.uint(index);
    }

    /// Writes what `f` writes as a block: its length, then its bytes.
    fn block(&mut self, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::take(&mut self.bytes);
        f(self);
        let block = std::mem::replace(&mut self.bytes, outer);
        self.uint(block.len() as u64);
        self.bytes.extend_from_slice(&block);
    }

    fn graph(&mut self, graph: &Graph, block: usize) {
        let relation_kinds: Vec<RelationKind> = RelationKind::all().collect();
        self.block(|out| out.head(graph, &relation_kinds));
        self.block(|out| graph.sources().for_each(|source| out.source(source)));
        let relations: Vec<&Relation> = graph.relations().collect();
        for block in relations.chunks(block.max(1)) {
            self.block(|out| {
                out.uint(block.len() as u64);
                for relation in block {
                    out.relation(relation, &relation_kinds);
                }
            });
        }
    }

    fn head(&mut self, graph: &Graph, relation_kinds: &[RelationKind]) {
        let actor_kinds: Vec<ActorKind> = ActorKind::all().collect();
        self.uint(relation_kinds.len() as u64);
        relation_kinds.iter().for_each(|k| self.str(k.as_str()));
        self.uint(actor_kinds.len() as u64);
        actor_kinds.iter().for_each(|k| self.str(k.as_str()));

        self.uint(graph.actor_count() as u64);
        for (index, actor) in graph.actors().enumerate() {
            self.actors.insert(actor.id.clone(), index as u64);
            self.actor(actor, &actor_kinds);
        }
        self.uint(graph.sources().count() as u64);
        for (index, source) in graph.sources().enumerate() {
            self.sources.insert(source.id.clone(), index as u64);
            self.str(source.id.as_str());
        }
        self.uint(graph.relation_count() as u64);
    }

    // The items are destructured without `..`: a field added to the model does not compile
    // until it is written here (and read back in `Decoder`, which builds each item whole).

    fn actor(&mut self, actor: &Actor, kinds: &[ActorKind]) {
        let Actor {
            id,
            name,
            kind,
            aliases,
            country,
            description,
        } = actor;
        self.str(id.as_str());
        self.str(name);
        let kind = kinds.iter().position(|k| k == kind);
        self.uint(kind.unwrap_or(0) as u64);
        self.uint(aliases.len() as u64);
        aliases.iter().for_each(|alias| self.str(alias));
        self.opt_str(country.as_ref().map(CountryCode::as_str));
        self.opt_str(description.as_deref());
    }

    /// A source but for its id, which the head holds.
    fn source(&mut self, source: &Source) {
        let Source {
            id: _,
            title,
            publisher,
            url,
            published,
        } = source;
        for field in [title, publisher, url] {
            self.str(field);
        }
        self.date(Some(*published));
    }

    fn relation(&mut self, relation: &Relation, kinds: &[RelationKind]) {
        let Relation {
            id,
            from,
            to,
            kind,
            date,
            since,
            until,
            about,
            claimed_by,
            intensity,
            evidence,
            counts,
        } = relation;
        self.str(id.as_str());
        self.actor_ref(from);
        self.actor_ref(to);
        let kind = kinds.iter().position(|k| k == kind);
        self.uint(kind.unwrap_or(0) as u64);
        self.date(*date);
        self.date(*since);
        self.date(*until);
        self.uint(about.len() as u64);
        about.iter().for_each(|id| self.actor_ref(id));
        self.bytes.push(u8::from(claimed_by.is_some()));
        if let Some(id) = claimed_by {
            self.actor_ref(id);
        }
        self.bytes.push(u8::from(intensity.is_some()));
        if let Some(intensity) = intensity {
            self.bytes.extend_from_slice(&intensity.to_le_bytes());
        }
        self.uint(evidence.len() as u64);
        evidence.iter().for_each(|evidence| self.evidence(evidence));
        self.bytes.push(u8::from(counts.is_some()));
        if let Some(counts) = counts {
            self.counts(counts);
        }
    }

    fn evidence(&mut self, evidence: &Evidence) {
        let Evidence {
            source,
            quote,
            note,
            confidence,
            span,
        } = evidence;
        let source = self.sources.get(source).copied();
        self.uint(source.unwrap_or(u64::MAX));
        self.str(quote);
        self.str(note);
        self.bytes.push(u8::from(confidence.is_some()));
        if let Some(confidence) = confidence {
            self.bytes.extend_from_slice(&confidence.to_le_bytes());
        }
        self.bytes.push(u8::from(span.is_some()));
        if let Some(Span { start, end }) = span {
            self.uint(*start);
            self.uint(*end);
        }
    }

    fn counts(&mut self, counts: &EventCounts) {
        let EventCounts {
            events,
            mentions,
            sources,
            articles,
        } = *counts;
        for n in [events, mentions, sources, articles] {
            self.uint(u64::from(n));
        }
    }
}

/// A LEB128 number from the bytes `next` gives, as [`Encoder::uint`] writes it.
fn leb128(mut next: impl FnMut() -> Decoding<u8>) -> Decoding<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = next()?;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(n);
        }
    }
    Err("a number is too long".to_owned())
}

/// Feeds everything read through a CRC-32.
struct CrcReader<R> {
    inner: R,
    hasher: crc32fast::Hasher,
}

impl<R: Read> Read for CrcReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

type Decoding<T> = std::result::Result<T, String>;

/// Decodes a block of the payload, held in memory.
struct Decoder<'b> {
    /// What is left of the block: no length in a damaged file can allocate more than this.
    rest: &'b [u8],
}

impl<'b> Decoder<'b> {
    fn new(block: &'b [u8]) -> Self {
        Self { rest: block }
    }

    /// Checks that the whole block was read.
    fn end(&self) -> Decoding<()> {
        match self.rest {
            [] => Ok(()),
            _ => Err("a block has bytes left over".to_owned()),
        }
    }

    fn take(&mut self, n: usize) -> Decoding<&'b [u8]> {
        let (bytes, rest) = self
            .rest
            .split_at_checked(n)
            .ok_or_else(|| "the payload ends early".to_owned())?;
        self.rest = rest;
        Ok(bytes)
    }

    fn exact<const N: usize>(&mut self) -> Decoding<[u8; N]> {
        let (bytes, rest) = self
            .rest
            .split_first_chunk::<N>()
            .ok_or_else(|| "the payload ends early".to_owned())?;
        self.rest = rest;
        Ok(*bytes)
    }

    fn byte(&mut self) -> Decoding<u8> {
        let (&byte, rest) = self
            .rest
            .split_first()
            .ok_or_else(|| "the payload ends early".to_owned())?;
        self.rest = rest;
        Ok(byte)
    }

    fn uint(&mut self) -> Decoding<u64> {
        leb128(|| self.byte())
    }

    /// A count of items, each at least one byte long.
    fn count(&mut self) -> Decoding<usize> {
        let n = self.uint()?;
        if n > self.rest.len() as u64 {
            return Err(format!("a count of {n} exceeds the payload"));
        }
        usize::try_from(n).map_err(|err| err.to_string())
    }

    fn str(&mut self) -> Decoding<&'b str> {
        let len = self.count()?;
        std::str::from_utf8(self.take(len)?).map_err(|_| "a string is not UTF-8".to_owned())
    }

    fn string(&mut self) -> Decoding<String> {
        self.str().map(str::to_owned)
    }

    /// An id, checked as every id is; its shared text is its only allocation.
    fn id<T: std::str::FromStr>(&mut self) -> Decoding<T>
    where
        T::Err: std::fmt::Display,
    {
        self.str()?.parse().map_err(|e: T::Err| e.to_string())
    }

    fn opt_string(&mut self) -> Decoding<Option<String>> {
        match self.byte()? {
            0 => Ok(None),
            _ => self.string().map(Some),
        }
    }

    fn date(&mut self) -> Decoding<Option<Date>> {
        let n = self.uint()?;
        if n == 0 {
            return Ok(None);
        }
        let year = i32::try_from(n / 512).map_err(|err| err.to_string())?;
        let (month, day) = (((n / 32) % 16) as u8, (n % 32) as u8);
        let date = match (month, day) {
            (0, _) => Date::year_only(year),
            (month, 0) => Date::ym(year, month),
            (month, day) => Date::ymd(year, month, day),
        };
        date.map(Some).map_err(|err| err.to_string())
    }

    fn position(&mut self, len: usize, what: &str) -> Decoding<usize> {
        let index = self.uint()?;
        usize::try_from(index)
            .ok()
            .filter(|&i| i < len)
            .ok_or_else(|| format!("{what} index {index} out of range"))
    }

    fn index<'t, T>(&mut self, table: &'t [T], what: &str) -> Decoding<&'t T> {
        let index = self.position(table.len(), what)?;
        table
            .get(index)
            .ok_or_else(|| format!("{what} index {index} out of range"))
    }

    fn vocabulary<T: std::str::FromStr>(&mut self) -> Decoding<Vec<T>>
    where
        T::Err: std::fmt::Display,
    {
        let n = self.count()?;
        (0..n)
            .map(|_| self.str()?.parse().map_err(|e: T::Err| e.to_string()))
            .collect()
    }

    fn head(&mut self) -> Decoding<(Tables, Vec<Actor>, usize)> {
        let relation_kinds: Vec<RelationKind> = self.vocabulary()?;
        let actor_kinds: Vec<ActorKind> = self.vocabulary()?;
        let n = self.count()?;
        let actors = (0..n)
            .map(|_| self.actor(&actor_kinds))
            .collect::<Decoding<Vec<_>>>()?;
        let n = self.count()?;
        let source_ids = (0..n).map(|_| self.id()).collect::<Decoding<Vec<_>>>()?;
        // Counted against the whole payload, which the blocks of relations follow.
        let relations = usize::try_from(self.uint()?).map_err(|err| err.to_string())?;
        let tables = Tables {
            relation_kinds,
            actor_ids: actors.iter().map(|a| a.id.clone()).collect(),
            source_ids,
        };
        Ok((tables, actors, relations))
    }

    /// The block of the sources but for their ids, which the head holds.
    fn sources(mut self, ids: Vec<SourceId>) -> Decoding<Vec<Source>> {
        let mut sources = Vec::with_capacity(ids.len());
        for id in ids {
            let (title, publisher, url) = (self.string()?, self.string()?, self.string()?);
            let published = self.date()?.ok_or("a source has no date")?;
            sources.push(Source {
                id,
                title,
                publisher,
                url,
                published,
            });
        }
        self.end()?;
        Ok(sources)
    }

    /// A block of relations: their number, then each relation.
    fn relations(mut self, tables: &Tables, mut each: impl FnMut(Decoded)) -> Decoding<()> {
        let n = self.count()?;
        for _ in 0..n {
            each(self.relation(tables)?);
        }
        self.end()
    }

    fn actor(&mut self, kinds: &[ActorKind]) -> Decoding<Actor> {
        let id: ActorId = self.id()?;
        let name = self.string()?;
        let kind = *self.index(kinds, "actor kind")?;
        let n = self.count()?;
        let aliases = (0..n).map(|_| self.string()).collect::<Decoding<_>>()?;
        let country = self
            .opt_string()?
            .map(CountryCode::new)
            .transpose()
            .map_err(|e| e.to_string())?;
        let description = self.opt_string()?;
        Ok(Actor {
            id,
            name,
            kind,
            aliases,
            country,
            description,
        })
    }

    fn relation(&mut self, tables: &Tables) -> Decoding<Decoded> {
        let (kinds, actors, sources) = (
            &tables.relation_kinds,
            &tables.actor_ids,
            &tables.source_ids,
        );
        let id: RelationId = self.id()?;
        let from_index = self.position(actors.len(), "actor")?;
        let to_index = self.position(actors.len(), "actor")?;
        let (from, to) = match (actors.get(from_index), actors.get(to_index)) {
            (Some(from), Some(to)) => (from.clone(), to.clone()),
            _ => return Err("actor index out of range".to_owned()),
        };
        let kind = *self.index(kinds, "relation kind")?;
        let (date, since, until) = (self.date()?, self.date()?, self.date()?);
        let n = self.count()?;
        let about = (0..n)
            .map(|_| self.index(actors, "actor").cloned())
            .collect::<Decoding<_>>()?;
        let claimed_by = match self.byte()? {
            0 => None,
            _ => Some(self.index(actors, "actor")?.clone()),
        };
        let intensity = match self.byte()? {
            0 => None,
            _ => Some(f64::from_le_bytes(self.exact()?)),
        };
        let n = self.count()?;
        let mut evidence = Vec::with_capacity(n);
        for _ in 0..n {
            let source = self.index(sources, "source")?.clone();
            let (quote, note) = (self.string()?, self.string()?);
            let confidence = match self.byte()? {
                0 => None,
                _ => Some(f64::from_le_bytes(self.exact()?)),
            };
            let span = match self.byte()? {
                0 => None,
                _ => Some(Span {
                    start: self.uint()?,
                    end: self.uint()?,
                }),
            };
            evidence.push(Evidence {
                source,
                quote,
                note,
                confidence,
                span,
            });
        }
        let counts = match self.byte()? {
            0 => None,
            _ => {
                let mut n = || -> Decoding<u32> {
                    u32::try_from(self.uint()?).map_err(|err| err.to_string())
                };
                Some(EventCounts {
                    events: n()?,
                    mentions: n()?,
                    sources: n()?,
                    articles: n()?,
                })
            }
        };
        let relation = Relation {
            id,
            from,
            to,
            kind,
            date,
            since,
            until,
            about,
            claimed_by,
            intensity,
            evidence,
            counts,
        };
        Ok(Decoded {
            from: from_index,
            to: to_index,
            relation,
        })
    }
}

/// Writes a snapshot of `graph` to `path` atomically.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written.
pub fn write(graph: &Graph, path: &Path) -> Result<()> {
    let bytes = to_bytes(graph);
    crate::atomic::write_atomic(path, |out| Ok(out.write_all(&bytes)?))
}

/// Writes a snapshot of `graph` to a writer.
///
/// # Errors
/// Whatever the writer returns.
pub fn write_to(graph: &Graph, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(&to_bytes(graph))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Graph {
        Graph::try_from(Dataset::builtin().unwrap()).unwrap()
    }

    #[test]
    fn round_trip() {
        let graph = builtin();
        let expected = graph.to_dataset();
        // Blocks of 3 relations, so that there are many, the last one short.
        for bytes in [to_bytes(&graph), encode(&graph, 3)] {
            let again = from_reader(bytes.as_slice(), Path::new("x")).unwrap();
            assert_eq!(again, expected);
            let again = graph_from_reader(bytes.as_slice(), Path::new("x")).unwrap();
            assert_eq!(again.to_dataset(), expected);
        }
    }

    #[test]
    fn made_up_lengths_reserve_no_more_than_they_read() {
        // A header claiming a petabyte of payload, then a block claiming a terabyte: an
        // error once the bytes run out, not an attempt to allocate either.
        let bytes = encode(&builtin(), 3);
        let len_at = MAGIC.len() + 4 + 1 + WRITER.len();
        let mut made_up = bytes[..len_at].to_vec();
        made_up.extend_from_slice(&(1_u64 << 50).to_le_bytes());
        made_up.extend_from_slice(&0_u32.to_le_bytes());
        let mut terabyte = 1_u64 << 40;
        while terabyte >= 0x80 {
            made_up.push((terabyte as u8 & 0x7f) | 0x80);
            terabyte >>= 7;
        }
        made_up.push(terabyte as u8);
        made_up.extend_from_slice(b"some bytes");
        let err = from_reader(made_up.as_slice(), Path::new("x")).unwrap_err();
        assert!(err.to_string().contains("ends early"), "{err}");
        let err = graph_from_reader(made_up.as_slice(), Path::new("x")).unwrap_err();
        assert!(err.to_string().contains("ends early"), "{err}");
    }

    #[test]
    fn damage_is_detected_and_never_panics() {
        let bytes = encode(&builtin(), 3);
        let header = MAGIC.len() + 4 + 1 + WRITER.len() + 8 + 4;
        for at in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x5a;
            let result = from_reader(damaged.as_slice(), Path::new("x"));
            assert!(result.is_err(), "a flipped byte at {at} went unnoticed");
            let result = graph_from_reader(damaged.as_slice(), Path::new("x"));
            assert!(result.is_err(), "a flipped byte at {at} went unnoticed");
        }
        for len in [0, 5, header, header + 10, bytes.len() - 1] {
            assert!(from_reader(&bytes[..len], Path::new("x")).is_err(), "{len}");
            assert!(
                graph_from_reader(&bytes[..len], Path::new("x")).is_err(),
                "{len}"
            );
        }
        let err = from_reader(&b"(actors: [])"[..], Path::new("x.ron")).unwrap_err();
        assert!(err.to_string().starts_with("x.ron: "), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let mut bytes = to_bytes(&builtin());
        let version = MAGIC.len();
        bytes[version] += 1;
        let err = from_reader(bytes.as_slice(), Path::new("x")).unwrap_err();
        assert!(
            err.to_string().contains("write the snapshot again"),
            "{err}"
        );
    }
}
