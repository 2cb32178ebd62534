//! The relations and sources of a graph: those added as values, and those of a snapshot,
//! kept encoded and decoded a chunk at a time when one of them is first read.
//!
//! A one-shot query on a snapshot reads the relations on a few links, and their sources,
//! and nothing else; decoding and allocating ten million relations and their millions of
//! sources before it could start cost most of its time and memory (docs/performance.md,
//! "Relations decoded when read").

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::model::{Relation, Source, SourceId};

/// Encoded relations and sources and what turns them back into values: the snapshot
/// reader's side.
///
/// Each method is given the bytes of a chunk: `decode` with how many relations they hold,
/// `decode_sources` with the ids of the sources they hold. The reader checked those bytes
/// when it loaded them, so decoding cannot fail but for a bug; a chunk that does fail reads
/// as holding nothing.
pub(crate) trait Decode: Send + Sync + fmt::Debug {
    fn decode(&self, bytes: &[u8], count: usize) -> Option<Vec<Relation>>;
    fn decode_sources(&self, bytes: &[u8], ids: &[SourceId]) -> Option<Vec<Source>>;
}

/// Bytes several chunks share (a block of a snapshot), with their decoder.
pub(crate) struct Encoded {
    pub bytes: Box<[u8]>,
    pub decoder: Arc<dyn Decode>,
}

impl fmt::Debug for Encoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes for {:?}", self.bytes.len(), self.decoder)
    }
}

/// Items held encoded in `range` of a block's bytes, decoded once, when first read.
#[derive(Clone, Debug)]
struct Lazy<T> {
    range: Range<usize>,
    decoded: OnceLock<Box<[T]>>,
}

impl<T> Lazy<T> {
    fn new(range: Range<usize>) -> Self {
        Self {
            range,
            decoded: OnceLock::new(),
        }
    }

    fn is_decoded(&self) -> bool {
        self.decoded.get().is_some()
    }

    /// The items, decoded from `block` by `decode` (given the decoder and the bytes) on
    /// the first call.
    fn get(
        &self,
        block: &Encoded,
        decode: impl FnOnce(&dyn Decode, &[u8]) -> Option<Vec<T>>,
    ) -> &[T] {
        self.decoded.get_or_init(|| {
            let bytes = block.bytes.get(self.range.clone()).unwrap_or_default();
            let decoded = decode(&*block.decoder, bytes);
            debug_assert!(decoded.is_some(), "a checked chunk failed to decode");
            decoded.unwrap_or_default().into_boxed_slice()
        })
    }
}

/// `count` relations of a snapshot held encoded in `block`.
#[derive(Clone, Debug)]
struct Chunk {
    /// The edge index of the first.
    first: usize,
    count: usize,
    block: Arc<Encoded>,
    relations: Lazy<Relation>,
}

impl Chunk {
    fn relations(&self) -> &[Relation] {
        let count = self.count;
        let decode = |decoder: &dyn Decode, bytes: &[u8]| decoder.decode(bytes, count);
        self.relations.get(&self.block, decode)
    }
}

/// Every relation of a graph, by edge index: first those held encoded, then those held
/// as values (a graph loaded from a snapshot and then added to has both).
#[derive(Clone, Debug, Default)]
pub(crate) struct Relations {
    chunks: Vec<Chunk>,
    /// How many relations the chunks hold: the edge index of the first value.
    encoded: usize,
    values: Vec<Relation>,
}

impl Relations {
    pub(crate) fn with_capacity(values: usize) -> Self {
        Self {
            values: Vec::with_capacity(values),
            ..Self::default()
        }
    }

    /// The number of relations.
    pub(crate) fn len(&self) -> usize {
        self.encoded + self.values.len()
    }

    /// Whether some relation was added as a value, after which no encoded one can be.
    pub(crate) fn holds_values(&self) -> bool {
        !self.values.is_empty()
    }

    /// How many chunks are decoded, of how many.
    #[cfg(test)]
    pub(crate) fn decoded_chunks(&self) -> (usize, usize) {
        let decoded = self.chunks.iter().filter(|c| c.relations.is_decoded());
        (decoded.count(), self.chunks.len())
    }

    /// The relation of edge `index`, decoding its chunk if it is encoded and not yet read.
    pub(crate) fn get(&self, index: usize) -> Option<&Relation> {
        match index.checked_sub(self.encoded) {
            Some(value) => self.values.get(value),
            None => {
                let at = self.chunks.partition_point(|c| c.first + c.count <= index);
                let chunk = self.chunks.get(at)?;
                chunk.relations().get(index - chunk.first)
            }
        }
    }

    /// Every relation in edge order. The chunks not yet read are all decoded first, on as
    /// many threads as the machine has cores: whoever reads every relation of a snapshot
    /// would otherwise decode them one chunk after another on one.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Relation> {
        self.decode_all();
        let encoded = self.chunks.iter().flat_map(Chunk::relations);
        encoded.chain(&self.values)
    }

    /// Decodes the chunks not yet read, on every core.
    pub(crate) fn decode_all(&self) {
        let left = self.chunks.iter().filter(|c| !c.relations.is_decoded());
        decode_all(self.chunks.len(), left.count(), |at| {
            self.chunks.get(at).map(Chunk::relations);
        });
    }

    /// Adds a relation as a value.
    pub(crate) fn push(&mut self, relation: Relation) {
        self.values.push(relation);
    }

    /// Adds `count` encoded relations in `range` of `block`'s bytes. Only before any value:
    /// false, and nothing added, after one.
    pub(crate) fn push_encoded(
        &mut self,
        block: &Arc<Encoded>,
        range: Range<usize>,
        count: usize,
    ) -> bool {
        if self.holds_values() {
            return false;
        }
        self.chunks.push(Chunk {
            first: self.encoded,
            count,
            block: Arc::clone(block),
            relations: Lazy::new(range),
        });
        self.encoded += count;
        true
    }
}

/// Decodes chunks `0..chunks` by `decode`, on as many threads as the machine has cores,
/// when `left` of them are not decoded yet.
fn decode_all(chunks: usize, left: usize, decode: impl Fn(usize) + Sync) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || left < 2 {
        return;
    }
    let per_thread = chunks.div_ceil(threads);
    std::thread::scope(|scope| {
        for start in (0..chunks).step_by(per_thread) {
            let decode = &decode;
            scope.spawn(move || (start..(start + per_thread).min(chunks)).for_each(decode));
        }
    });
}

/// Sources of a snapshot held encoded: their ids (sorted, as the snapshot writes them)
/// decoded, the rest of each chunk of `chunk` of them decoded when one is first read.
#[derive(Clone, Debug)]
pub(crate) struct EncodedSources {
    ids: Vec<SourceId>,
    chunk: usize,
    block: Arc<Encoded>,
    chunks: Vec<Lazy<Source>>,
}

impl EncodedSources {
    /// Sources `ids`, in `chunks` of `block`: each a byte range and how many sources it
    /// holds, the same number but in the last, which may hold fewer. None unless the ids
    /// are sorted and the chunks hold them.
    pub(crate) fn new(
        ids: Vec<SourceId>,
        block: Arc<Encoded>,
        chunks: Vec<(Range<usize>, usize)>,
    ) -> Option<Self> {
        let chunk = chunks.first().map_or(1, |(_, count)| *count);
        let fits = chunk > 0
            && chunks.iter().map(|(_, count)| count).sum::<usize>() == ids.len()
            && chunks
                .iter()
                .rev()
                .skip(1)
                .all(|(_, count)| *count == chunk)
            && ids.windows(2).all(|w| matches!(w, [a, b] if a < b));
        let chunks = chunks
            .into_iter()
            .map(|(range, _)| Lazy::new(range))
            .collect();
        fits.then_some(Self {
            ids,
            chunk,
            block,
            chunks,
        })
    }

    fn chunk(&self, at: usize) -> &[Source] {
        let Some(chunk) = self.chunks.get(at) else {
            return &[];
        };
        let start = (at * self.chunk).min(self.ids.len());
        let ids = self.ids.get(start..).unwrap_or_default();
        let ids = ids.get(..self.chunk).unwrap_or(ids);
        chunk.get(&self.block, |decoder, bytes| {
            decoder.decode_sources(bytes, ids)
        })
    }

    fn get(&self, id: &SourceId) -> Option<&Source> {
        let index = self.ids.binary_search(id).ok()?;
        self.chunk(index / self.chunk).get(index % self.chunk)
    }

    /// Every source, by id; those not yet read decoded first, as [`Relations::iter`] does.
    fn iter(&self) -> impl Iterator<Item = &Source> {
        let left = self.chunks.iter().filter(|c| !c.is_decoded()).count();
        decode_all(self.chunks.len(), left, |at| _ = self.chunk(at));
        (0..self.chunks.len()).flat_map(|at| self.chunk(at))
    }
}

/// Every source of a graph, by id: those of a snapshot held encoded, or values (the
/// encoded ones are decoded into values when one is added).
#[derive(Clone, Debug, Default)]
pub(crate) struct Sources {
    values: BTreeMap<SourceId, Source>,
    encoded: Option<EncodedSources>,
}

impl Sources {
    pub(crate) fn new(values: Vec<Source>) -> Self {
        Self {
            values: values.into_iter().map(|s| (s.id.clone(), s)).collect(),
            encoded: None,
        }
    }

    pub(crate) fn encoded(sources: EncodedSources) -> Self {
        Self {
            values: BTreeMap::new(),
            encoded: Some(sources),
        }
    }

    pub(crate) fn get(&self, id: &SourceId) -> Option<&Source> {
        match &self.encoded {
            Some(encoded) => encoded.get(id),
            None => self.values.get(id),
        }
    }

    pub(crate) fn contains(&self, id: &SourceId) -> bool {
        match &self.encoded {
            Some(encoded) => encoded.ids.binary_search(id).is_ok(),
            None => self.values.contains_key(id),
        }
    }

    /// Every source, sorted by id.
    pub(crate) fn iter(&self) -> Box<dyn Iterator<Item = &Source> + '_> {
        match &self.encoded {
            Some(encoded) => Box::new(encoded.iter()),
            None => Box::new(self.values.values()),
        }
    }

    /// Every source's id, sorted.
    pub(crate) fn ids(&self) -> Box<dyn Iterator<Item = &SourceId> + '_> {
        match &self.encoded {
            Some(encoded) => Box::new(encoded.ids.iter()),
            None => Box::new(self.values.keys()),
        }
    }

    /// Adds a source whose id is not taken.
    pub(crate) fn insert(&mut self, source: Source) {
        if let Some(encoded) = self.encoded.take() {
            let decoded = encoded.iter().map(|s| (s.id.clone(), s.clone()));
            self.values = decoded.collect();
        }
        self.values.insert(source.id.clone(), source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    /// A decoder that hands out the relations and sources it holds at the positions its
    /// bytes name, one byte an item.
    #[derive(Debug)]
    struct Builtin(Vec<Relation>, Vec<Source>);

    impl Decode for Builtin {
        fn decode(&self, bytes: &[u8], count: usize) -> Option<Vec<Relation>> {
            let relations: Vec<Relation> = bytes
                .iter()
                .map(|&i| self.0.get(usize::from(i)).cloned())
                .collect::<Option<_>>()?;
            (relations.len() == count).then_some(relations)
        }

        fn decode_sources(&self, bytes: &[u8], ids: &[SourceId]) -> Option<Vec<Source>> {
            let sources: Vec<Source> = bytes
                .iter()
                .map(|&i| self.1.get(usize::from(i)).cloned())
                .collect::<Option<_>>()?;
            sources.iter().map(|s| &s.id).eq(ids).then_some(sources)
        }
    }

    #[test]
    fn encoded_and_value_relations_read_in_edge_order() {
        let all = Dataset::builtin().unwrap().relations;
        let n = all.len();
        let bytes: Box<[u8]> = (0..n as u8).collect();
        let block = Arc::new(Encoded {
            bytes,
            decoder: Arc::new(Builtin(all.clone(), Vec::new())),
        });
        let mut relations = Relations::default();
        // Chunks of 3 over the first n - 2, the last two as values.
        let encoded = n - 2;
        for start in (0..encoded).step_by(3) {
            let end = (start + 3).min(encoded);
            assert!(relations.push_encoded(&block, start..end, end - start));
        }
        relations.push(all[n - 2].clone());
        assert!(
            !relations.push_encoded(&block, 0..1, 1),
            "encoded after a value"
        );
        relations.push(all[n - 1].clone());
        assert_eq!(relations.len(), n);
        // Read whole first, so that the chunks decode on several threads.
        assert!(relations.clone().iter().eq(all.iter()));
        // Read out of order first, so that chunks decode one by one.
        for index in (0..n).rev() {
            assert_eq!(relations.get(index), Some(&all[index]), "{index}");
        }
        assert_eq!(relations.get(n), None);
        assert!(relations.iter().eq(all.iter()));
    }

    #[test]
    fn encoded_sources_read_by_id_and_in_order() {
        // Five, in chunks of 2: the last one short.
        let source = Dataset::builtin().unwrap().sources.remove(0);
        let all: Vec<Source> = (1..=5)
            .map(|i| Source {
                id: format!("s-{i}").parse().unwrap(),
                ..source.clone()
            })
            .collect();
        let block = Arc::new(Encoded {
            bytes: (0..all.len() as u8).collect(),
            decoder: Arc::new(Builtin(Vec::new(), all.clone())),
        });
        let ids: Vec<SourceId> = all.iter().map(|s| s.id.clone()).collect();
        let chunks: Vec<(Range<usize>, usize)> = (0..all.len())
            .step_by(2)
            .map(|i| (i..(i + 2).min(all.len()), 2.min(all.len() - i)))
            .collect();
        let mut reversed = ids.clone();
        reversed.reverse();
        let out_of_order = EncodedSources::new(reversed, Arc::clone(&block), chunks.clone());
        assert!(out_of_order.is_none());
        let encoded = EncodedSources::new(ids, block, chunks).unwrap();
        let mut sources = Sources::encoded(encoded);
        assert!(sources.clone().iter().eq(all.iter()));
        for source in all.iter().rev() {
            assert!(sources.contains(&source.id));
            assert_eq!(sources.get(&source.id), Some(source));
        }
        assert!(sources.iter().eq(all.iter()));
        // Adding one decodes the rest into values, in order.
        let mut added = all[0].clone();
        added.id = "zz-added".parse().unwrap();
        sources.insert(added.clone());
        let mut expected = all.clone();
        expected.push(added);
        assert!(sources.iter().eq(expected.iter()));
        assert!(sources.ids().eq(expected.iter().map(|s| &s.id)));
    }
}
