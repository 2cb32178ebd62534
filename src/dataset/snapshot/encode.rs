//! Writing a checked graph or dataset as a snapshot payload.
//!
//! The items are destructured without `..`: a field added to the model does not compile
//! until it is written here (and read back in `decode.rs`, which builds each item whole).

use std::io::Write;

use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::{
    Actor, ActorId, ActorKind, CountryCode, Dataset, Date, EventCounts, Evidence, Relation,
    RelationKind, Source, SourceId, Span,
};

/// What a snapshot holds, in order: a graph's actors, sources and relations, or those of a
/// checked dataset in the order a graph built from it lists them.
pub(super) struct Items<'a> {
    actors: Vec<&'a Actor>,
    sources: Vec<&'a Source>,
    relations: Vec<&'a Relation>,
}

impl<'a> Items<'a> {
    pub(super) fn of_graph(graph: &'a Graph) -> Self {
        Self {
            actors: graph.actors().collect(),
            sources: graph.sources().collect(),
            relations: graph.relations().collect(),
        }
    }

    pub(super) fn of_dataset(dataset: &'a Dataset) -> Self {
        let mut sources: Vec<&Source> = dataset.sources.iter().collect();
        // A graph lists its sources by id (each id is one source's: the dataset is checked).
        sources.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        Self {
            actors: dataset.actors.iter().collect(),
            sources,
            relations: dataset.relations.iter().collect(),
        }
    }
}

/// Writes the snapshot of `items` to `out`, `block` relations a block. The blocks are
/// encoded and compressed once, on [`ENCODERS`] threads, and held compressed (a tenth of
/// their size: 774 MB at ten million relations) until the header, which needs the
/// payload's length and checksum, is written.
pub(super) fn write(items: &Items<'_>, block: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let index = Index::new(items);
    let blocks: Vec<&[&Relation]> = items.relations.chunks(block.max(1)).collect();
    let mut encoder = Encoder::new(&index);
    let mut payload = vec![
        encoder.block(|this| this.head(items)),
        encoder.block(|this| this.chunks(&items.sources, |this, source| this.source(source))),
    ];
    // Contiguous shares, so that the blocks come back in order.
    let share = blocks.len().div_ceil(ENCODERS).max(1);
    let encoded: Vec<Vec<Vec<u8>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (blocks.chunks(share))
            .map(|share| {
                let index = &index;
                scope.spawn(move || {
                    let mut encoder = Encoder::new(index);
                    share
                        .iter()
                        .map(|block| encoder.relation_block(block))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A worker only encodes into memory, which cannot fail; a panic is a bug, passed on
        // as it is rather than leaving its blocks out of the file.
        (workers.into_iter())
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    payload.extend(encoded.into_iter().flatten());
    let mut crc = crc32fast::Hasher::new();
    payload.iter().for_each(|block| crc.update(block));
    let len = payload.iter().map(|block| block.len() as u64).sum();
    super::format::header(out, len, crc.finalize())?;
    payload.iter().try_for_each(|block| out.write_all(block))
}

/// How many threads encode and compress the blocks of relations.
const ENCODERS: usize = 2;

/// Each actor's and source's index in the payload, by id.
struct Index {
    actors: FxHashMap<ActorId, u64>,
    sources: FxHashMap<SourceId, u64>,
}

impl Index {
    fn new(items: &Items<'_>) -> Self {
        let index = |n: usize| n as u64;
        Self {
            actors: (items.actors.iter().enumerate())
                .map(|(n, actor)| (actor.id.clone(), index(n)))
                .collect(),
            sources: (items.sources.iter().enumerate())
                .map(|(n, source)| (source.id.clone(), index(n)))
                .collect(),
        }
    }
}

/// Writes the payload's blocks, with actors and sources referred to by index.
struct Encoder<'i> {
    /// The block being written.
    bytes: Vec<u8>,
    /// A chunk as encoded, and as compressed.
    raw: Vec<u8>,
    packed: Vec<u8>,
    index: &'i Index,
    relation_kinds: Vec<RelationKind>,
}

impl<'i> Encoder<'i> {
    fn new(index: &'i Index) -> Self {
        Self {
            bytes: Vec::new(),
            raw: Vec::new(),
            packed: Vec::new(),
            index,
            relation_kinds: RelationKind::all().collect(),
        }
    }

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

    /// An actor by index; the items are checked, so every reference is to a known actor.
    fn actor_ref(&mut self, id: &ActorId) {
        let index = self.index.actors.get(id).copied().unwrap_or(u64::MAX);
        self.uint(index);
    }

    /// What `f` writes, as a block: its length, then its bytes.
    fn block(&mut self, f: impl FnOnce(&mut Self)) -> Vec<u8> {
        self.bytes.clear();
        f(self);
        let block = std::mem::take(&mut self.bytes);
        self.uint(block.len() as u64);
        let mut framed = Vec::with_capacity(self.bytes.len() + block.len());
        framed.extend_from_slice(&self.bytes);
        framed.extend_from_slice(&block);
        self.bytes = block;
        framed
    }

    /// A block of relations: their number, then the relations in chunks.
    fn relation_block(&mut self, relations: &[&Relation]) -> Vec<u8> {
        self.block(|this| {
            this.uint(relations.len() as u64);
            this.chunks(relations, |this, relation| this.relation(relation));
        })
    }

    /// Writes `items` in chunks of [`CHUNK`](super::CHUNK), each compressed on its own so
    /// that it can be decoded on its own: its number of items, its length encoded, its
    /// length compressed (LZ4), then its compressed bytes.
    fn chunks<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        for chunk in items.chunks(super::CHUNK) {
            let start = self.bytes.len();
            chunk.iter().for_each(|item| each(self, item));
            self.raw.clear();
            self.raw.extend(self.bytes.drain(start..));
            self.packed
                .resize(lz4_flex::block::get_maximum_output_size(self.raw.len()), 0);
            // The room is the most LZ4 can need, so compressing cannot fail.
            let packed = lz4_flex::block::compress_into(&self.raw, &mut self.packed).unwrap_or(0);
            self.uint(chunk.len() as u64);
            self.uint(self.raw.len() as u64);
            self.uint(packed as u64);
            self.bytes
                .extend_from_slice(self.packed.get(..packed).unwrap_or_default());
        }
    }

    fn head(&mut self, items: &Items<'_>) {
        let actor_kinds: Vec<ActorKind> = ActorKind::all().collect();
        self.uint(self.relation_kinds.len() as u64);
        for kind in self.relation_kinds.clone() {
            self.str(kind.as_str());
        }
        self.uint(actor_kinds.len() as u64);
        actor_kinds.iter().for_each(|k| self.str(k.as_str()));

        self.uint(items.actors.len() as u64);
        (items.actors.iter()).for_each(|actor| self.actor(actor, &actor_kinds));
        self.uint(items.sources.len() as u64);
        (items.sources.iter()).for_each(|source| self.str(source.id.as_str()));
        self.uint(items.relations.len() as u64);
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

    fn relation(&mut self, relation: &Relation) {
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
        let kind = self.relation_kinds.iter().position(|k| k == kind);
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
        let source = self.index.sources.get(source).copied();
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
