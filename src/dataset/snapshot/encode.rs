//! Writing a graph as a snapshot payload.
//!
//! The items are destructured without `..`: a field added to the model does not compile
//! until it is written here (and read back in `decode.rs`, which builds each item whole).

use std::io::Write;

use rustc_hash::FxHashMap;

use crate::graph::Graph;
use crate::model::{
    Actor, ActorId, ActorKind, CountryCode, Date, EventCounts, Evidence, Relation, RelationKind,
    Source, SourceId, Span,
};

/// Writes the snapshot of `graph` to `out`, `block` relations a block, in two passes over
/// the graph: the first only measures and checksums the payload for the header, the second
/// writes it. So the payload is never held whole (2 GB at ten million relations), at the
/// cost of encoding it twice.
pub(super) fn write(graph: &Graph, block: usize, out: &mut dyn Write) -> std::io::Result<()> {
    let mut encoder = Encoder::new(graph);
    let relations: Vec<&Relation> = graph.relations().collect();
    let blocks = relations.chunks(block.max(1));
    let mut measured = Measure::default();
    encoder.payload(graph, blocks.clone(), &mut measured)?;
    super::format::header(out, measured.len, measured.crc.finalize())?;
    encoder.payload(graph, blocks, out)
}

/// What the payload's bytes add up to: their number and checksum.
#[derive(Default)]
struct Measure {
    len: u64,
    crc: crc32fast::Hasher,
}

impl Write for Measure {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.len += bytes.len() as u64;
        self.crc.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the payload: its blocks, with actors and sources referred to by index.
struct Encoder {
    /// The block being written.
    bytes: Vec<u8>,
    /// A chunk as encoded, and as compressed.
    raw: Vec<u8>,
    packed: Vec<u8>,
    actors: FxHashMap<ActorId, u64>,
    sources: FxHashMap<SourceId, u64>,
}

impl Encoder {
    fn new(graph: &Graph) -> Self {
        let index = |n: usize| n as u64;
        Self {
            bytes: Vec::new(),
            raw: Vec::new(),
            packed: Vec::new(),
            actors: (graph.actors().enumerate())
                .map(|(n, actor)| (actor.id.clone(), index(n)))
                .collect(),
            sources: (graph.sources().enumerate())
                .map(|(n, source)| (source.id.clone(), index(n)))
                .collect(),
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

    /// An actor by index; the graph is checked, so every reference is to a known actor.
    fn actor_ref(&mut self, id: &ActorId) {
        let index = self.actors.get(id).copied().unwrap_or(u64::MAX);
        self.uint(index);
    }

    /// Writes to `out` what `f` writes as a block: its length, then its bytes.
    fn block(&mut self, out: &mut dyn Write, f: impl FnOnce(&mut Self)) -> std::io::Result<()> {
        self.bytes.clear();
        f(self);
        let block = std::mem::take(&mut self.bytes);
        self.uint(block.len() as u64);
        out.write_all(&self.bytes)?;
        out.write_all(&block)?;
        self.bytes = block;
        Ok(())
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

    fn payload<'g>(
        &mut self,
        graph: &Graph,
        blocks: impl Iterator<Item = &'g [&'g Relation]>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let relation_kinds: Vec<RelationKind> = RelationKind::all().collect();
        self.block(out, |this| this.head(graph, &relation_kinds))?;
        let sources: Vec<&Source> = graph.sources().collect();
        self.block(out, |this| {
            this.chunks(&sources, |this, source| this.source(source));
        })?;
        for block in blocks {
            self.block(out, |this| {
                this.uint(block.len() as u64);
                this.chunks(block, |this, relation| {
                    this.relation(relation, &relation_kinds)
                });
            })?;
        }
        Ok(())
    }

    fn head(&mut self, graph: &Graph, relation_kinds: &[RelationKind]) {
        let actor_kinds: Vec<ActorKind> = ActorKind::all().collect();
        self.uint(relation_kinds.len() as u64);
        relation_kinds.iter().for_each(|k| self.str(k.as_str()));
        self.uint(actor_kinds.len() as u64);
        actor_kinds.iter().for_each(|k| self.str(k.as_str()));

        self.uint(graph.actor_count() as u64);
        graph
            .actors()
            .for_each(|actor| self.actor(actor, &actor_kinds));
        self.uint(graph.sources().count() as u64);
        graph
            .sources()
            .for_each(|source| self.str(source.id.as_str()));
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
