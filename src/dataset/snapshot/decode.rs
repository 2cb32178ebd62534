//! Reading the blocks of a snapshot payload back into actors, sources and relations.
//!
//! Each item is built whole (no `..Default::default()`), so a field added to the model does
//! not compile until it is read here.

use std::ops::Range;
use std::sync::Arc;

use super::format::leb128;
use petgraph::graph::NodeIndex;

use crate::graph::{Decode, Edge};
use crate::model::{
    Actor, ActorId, ActorKind, CountryCode, Date, EventCounts, Evidence, Relation, RelationId,
    RelationKind, Source, SourceId, Span,
};

/// What precedes the relations, but for what relations refer to.
pub(super) struct Nodes {
    pub(super) actors: Vec<Actor>,
    /// The sources' ids, in order, and the bytes of the rest of them, decoded by
    /// [`Decoder::sources`].
    pub(super) source_ids: Vec<SourceId>,
    pub(super) source_bytes: Vec<u8>,
    pub(super) relations: usize,
}

/// What relations refer to by index.
pub(super) struct Tables {
    pub(super) relation_kinds: Vec<RelationKind>,
    pub(super) actor_ids: Vec<ActorId>,
    pub(super) source_ids: Vec<SourceId>,
}

pub(super) type Decoding<T> = std::result::Result<T, String>;

/// A block of relations read through but not decoded: what the graph needs of them now.
pub(super) struct Skimmed {
    /// The relations' byte ranges in the block, `CHUNK` relations each but the last, and
    /// how many each holds.
    pub(super) chunks: Vec<(Range<usize>, usize)>,
    /// Each relation's two actors and event count.
    pub(super) edges: Vec<Edge>,
    /// `(i, actor)` for each actor the `i`-th relation is about.
    pub(super) about: Vec<(usize, NodeIndex)>,
}

/// Decodes the relations of a snapshot that a graph holds encoded, a chunk at a time, as
/// they are first read ([`Decoder::skim`] checked their bytes when they were loaded).
pub(super) struct Relations(pub(super) Arc<Tables>);

impl std::fmt::Debug for Relations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("snapshot::Relations")
    }
}

impl Decode for Relations {
    fn decode(&self, bytes: &[u8], count: usize) -> Option<Vec<Relation>> {
        let mut relations = Vec::with_capacity(count);
        let mut decoder = Decoder::new(bytes);
        decoder
            .chunks(count, |chunk, n| {
                for _ in 0..n {
                    relations.push(chunk.relation(&self.0)?);
                }
                Ok(())
            })
            .ok()?;
        decoder.end().ok()?;
        Some(relations)
    }

    fn decode_sources(&self, bytes: &[u8], ids: &[SourceId]) -> Option<Vec<Source>> {
        Decoder::new(bytes).sources(ids.iter().cloned()).ok()
    }
}

/// Decodes a block of the payload, held in memory.
pub(super) struct Decoder<'b> {
    /// What is left of the block: no length in a damaged file can allocate more than this.
    rest: &'b [u8],
    /// The block's length, so that `len - rest.len()` is where the decoder is.
    len: usize,
}

impl<'b> Decoder<'b> {
    pub(super) fn new(block: &'b [u8]) -> Self {
        Self {
            rest: block,
            len: block.len(),
        }
    }

    /// Where the decoder is in the block.
    fn at(&self) -> usize {
        self.len - self.rest.len()
    }

    /// Checks that the whole block was read.
    pub(super) fn end(&self) -> Decoding<()> {
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
        // Most numbers are one byte: no loop for those.
        if let Some((&byte, rest)) = self.rest.split_first() {
            if byte < 0x80 {
                self.rest = rest;
                return Ok(u64::from(byte));
            }
        }
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
        // Checked with SIMD: every string of a snapshot is checked as it loads.
        simdutf8::basic::from_utf8(self.take(len)?).map_err(|_| "a string is not UTF-8".to_owned())
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

    pub(super) fn head(&mut self) -> Decoding<(Tables, Vec<Actor>, usize)> {
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
    pub(super) fn sources(
        mut self,
        mut ids: impl ExactSizeIterator<Item = SourceId>,
    ) -> Decoding<Vec<Source>> {
        let mut sources = Vec::with_capacity(ids.len());
        self.chunks(ids.len(), |chunk, n| {
            for id in ids.by_ref().take(n) {
                sources.push(chunk.source(id)?);
            }
            Ok(())
        })?;
        self.end()?;
        Ok(sources)
    }

    fn source(&mut self, id: SourceId) -> Decoding<Source> {
        let (title, publisher, url) = (self.string()?, self.string()?, self.string()?);
        let published = self.date()?.ok_or("a source has no date")?;
        Ok(Source {
            id,
            title,
            publisher,
            url,
            published,
        })
    }

    /// The chunks of `total` items that come next ([`Encoder::chunks`](super::encode)),
    /// each decompressed and given to `each` with how many items it holds, which `each`
    /// must read whole. Returns each chunk's byte range, as written, and number of items.
    fn chunks(
        &mut self,
        total: usize,
        mut each: impl FnMut(&mut Decoder<'_>, usize) -> Decoding<()>,
    ) -> Decoding<Vec<(Range<usize>, usize)>> {
        let (mut chunks, mut raw, mut done) = (Vec::new(), Vec::new(), 0);
        while done < total {
            let start = self.at();
            let count = self.chunk(&mut raw)?;
            let mut chunk = Decoder::new(&raw);
            each(&mut chunk, count)?;
            chunk.end()?;
            chunks.push((start..self.at(), count));
            done += count;
        }
        if done != total {
            return Err("a block holds more items than it says".to_owned());
        }
        Ok(chunks)
    }

    /// The next chunk of items: decompresses it into `raw` and returns how many items it
    /// holds.
    fn chunk(&mut self, raw: &mut Vec<u8>) -> Decoding<usize> {
        let count = usize::try_from(self.uint()?).map_err(|err| err.to_string())?;
        let len = usize::try_from(self.uint()?).map_err(|err| err.to_string())?;
        let packed = self.count()?;
        let packed = self.take(packed)?;
        // LZ4 expands at most 255 times: no made-up length allocates more than that.
        if count == 0 || len > packed.len().saturating_mul(255) {
            return Err("a chunk's lengths are wrong".to_owned());
        }
        raw.clear();
        raw.resize(len, 0);
        match lz4_flex::block::decompress_into(packed, raw) {
            Ok(n) if n == len => Ok(count),
            _ => Err("a chunk does not decompress".to_owned()),
        }
    }

    /// The block of `n` sources read through as [`Decoder::sources`] reads it, nothing
    /// allocated: its chunks' byte ranges and numbers of sources.
    pub(super) fn skim_sources(mut self, n: usize) -> Decoding<Vec<(Range<usize>, usize)>> {
        let chunks = self.chunks(n, |chunk, count| {
            for _ in 0..count {
                let _text = (chunk.str()?, chunk.str()?, chunk.str()?);
                chunk.date()?.ok_or("a source has no date")?;
            }
            Ok(())
        })?;
        self.end()?;
        Ok(chunks)
    }

    /// A block of relations: their number, then each relation.
    pub(super) fn relations(
        mut self,
        tables: &Tables,
        mut each: impl FnMut(Relation),
    ) -> Decoding<()> {
        let n = usize::try_from(self.uint()?).map_err(|err| err.to_string())?;
        self.chunks(n, |chunk, count| {
            for _ in 0..count {
                each(chunk.relation(tables)?);
            }
            Ok(())
        })?;
        self.end()
    }

    /// A block of relations read through, every field checked as [`Decoder::relations`]
    /// checks it but nothing decoded that the graph does not need until a relation is read:
    /// no id, string or evidence is allocated. The chunks, as written, are what the graph
    /// decodes as a whole.
    pub(super) fn skim(mut self, tables: &Tables) -> Decoding<Skimmed> {
        let n = usize::try_from(self.uint()?).map_err(|err| err.to_string())?;
        let mut edges = Vec::with_capacity(super::up_front(n as u64));
        let mut about = Vec::new();
        let chunks = self.chunks(n, |chunk, count| {
            for _ in 0..count {
                let edge = chunk.skim_relation(tables, edges.len(), &mut about)?;
                edges.push(edge);
            }
            Ok(())
        })?;
        self.end()?;
        Ok(Skimmed {
            chunks,
            edges,
            about,
        })
    }

    /// The `i`-th relation of a block read through as [`Decoder::relation`] reads it.
    fn skim_relation(
        &mut self,
        tables: &Tables,
        i: usize,
        about: &mut Vec<(usize, NodeIndex)>,
    ) -> Decoding<Edge> {
        let actors = tables.actor_ids.len();
        let actor = |decoder: &mut Self| -> Decoding<NodeIndex> {
            let index = decoder.position(actors, "actor")?;
            u32::try_from(index)
                .map(NodeIndex::from)
                .map_err(|err| err.to_string())
        };
        RelationId::check(self.str()?).map_err(|err| err.to_string())?;
        let (from, to) = (actor(self)?, actor(self)?);
        self.index(&tables.relation_kinds, "relation kind")?;
        for _ in 0..3 {
            self.date()?;
        }
        for _ in 0..self.count()? {
            about.push((i, actor(self)?));
        }
        if self.byte()? != 0 {
            actor(self)?;
        }
        if self.byte()? != 0 {
            self.exact::<8>()?;
        }
        for _ in 0..self.count()? {
            self.position(tables.source_ids.len(), "source")?;
            let (_quote, _note) = (self.str()?, self.str()?);
            if self.byte()? != 0 {
                self.exact::<8>()?;
            }
            if self.byte()? != 0 {
                let _span = (self.uint()?, self.uint()?);
            }
        }
        let mut events = 1;
        if self.byte()? != 0 {
            let mut n =
                || -> Decoding<u32> { u32::try_from(self.uint()?).map_err(|err| err.to_string()) };
            events = n()?.max(1);
            let _others = (n()?, n()?, n()?);
        }
        Ok(Edge { from, to, events })
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

    fn relation(&mut self, tables: &Tables) -> Decoding<Relation> {
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
        Ok(Relation {
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
        })
    }
}
