//! Binary snapshots (`.dgsnap`): a checked graph saved for fast loading.
//!
//! At a million relations, parsing JSON or RON and checking the result take seconds; a
//! snapshot loads in a fraction of that (`docs/performance.md`). It is written only from a
//! [`Graph`], which is checked, or from data checked as a graph's is ([`write_loaded`]),
//! and read back only by the same dipgraph version, so a snapshot that reads back whole
//! needs no second check.
//!
//! Layout, little-endian: the magic `DIPGRAPH` `SNAP`, the format version (`u32`), the
//! writing dipgraph's version (a length byte and UTF-8), the payload length (`u64`) and its
//! CRC-32 (`u32`), then the payload. The payload is a series of blocks, each its length
//! then its bytes. The first holds the vocabularies (kind names, so a reordered enum cannot
//! change meanings), actors, the sources' ids and the number of relations; the second the
//! rest of the sources; each of the others a number of relations (8,192 but in the last),
//! then those relations, which refer to actors and sources by index. Sources and relations
//! are written in chunks of 64, each compressed on its own (LZ4, `lz4_flex`) so that it can
//! be decoded on its own: the chunk's number of items, its length before and after
//! compression, then the compressed bytes.
//! Integers are LEB128 varints; strings are length-prefixed.
//!
//! [`read_graph`] keeps the chunks compressed in the graph and decodes one when one of its
//! relations or sources is first read (`graph/store.rs`); [`read`] decodes everything.
//!
//! `format.rs` holds the header and the reading of blocks, `encode.rs` the writing of
//! items, `decode.rs` their reading; this file the public functions and the threads that
//! read a snapshot into a graph.

mod decode;
mod encode;
mod format;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use self::decode::{Decoder, Nodes, Skimmed, Tables};
use self::encode::Items;
use self::format::Payload;
use crate::dataset::Loaded;
use crate::error::{Error, Result};
use crate::graph::{Decode, Encoded, EncodedRelations, EncodedSources, Graph};
use crate::model::Dataset;

/// The file name extension of snapshots.
pub const EXTENSION: &str = "dgsnap";

/// Relations per block: blocks are decoded on one thread while the graph takes the
/// previous ones on another.
const BLOCK: usize = 8192;

/// Relations (or sources) compressed together, so decoded together when a graph read from
/// a snapshot first reads one of them: few enough that naming a path's hops, whose
/// relations lie anywhere in the file, decodes little else (docs/performance.md).
const CHUNK: usize = 64;

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
    let mut bytes = Vec::new();
    // Writing to memory cannot fail.
    let _ = encode::write(&Items::of_graph(graph), BLOCK, &mut bytes);
    bytes
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
/// time as they are read.
///
/// The relations stay encoded: every byte is checked as it is read, but a relation is
/// decoded (its id, evidence and the rest allocated) only when the graph first hands it
/// out, with the 63 or fewer stored next to it. The graph keeps what its searches need
/// (each relation's actors, event count and subjects) from the start.
///
/// Other threads read, checksum and read through the blocks while this one decodes the
/// sources and adds the relations to the graph (see `graph_from_reader`).
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

/// [`read_graph`] from any reader (a snapshot held in memory, say); `path` names it in
/// errors.
///
/// ```
/// use dipgraph::{dataset::snapshot, Dataset, Graph};
/// let graph = Graph::try_from(Dataset::builtin()?)?;
/// let bytes = snapshot::to_bytes(&graph);
/// let again = snapshot::graph_from_reader(bytes.as_slice(), "<memory>".as_ref())?;
/// assert_eq!(again.to_dataset(), graph.to_dataset());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`read`].
///
/// Four threads: this one builds the graph; a reader reads and checksums the payload,
/// decodes the head and deals the blocks of relations in turn to two skimmers
/// (`Decoder::skim`), whose results this one takes in turn, so in order.
pub fn graph_from_reader(reader: impl Read + Send, path: &Path) -> Result<Graph> {
    let mut payload = Payload::open(reader, path)?;
    std::thread::scope(|scope| {
        // Each thread runs ahead of the next by a block or two at most.
        let (nodes_out, nodes_in) = std::sync::mpsc::sync_channel::<(Arc<Tables>, Nodes)>(1);
        let mut tables_outs = Vec::with_capacity(DECODERS);
        let mut raw_outs = Vec::with_capacity(DECODERS);
        let mut decoded_ins = Vec::with_capacity(DECODERS);
        let mut decoders = Vec::with_capacity(DECODERS);
        for _ in 0..DECODERS {
            let (tables_out, tables_in) = std::sync::mpsc::sync_channel::<Arc<Tables>>(1);
            let (raw_out, raw_in) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
            let (decoded_out, decoded_in) = std::sync::mpsc::sync_channel::<(Vec<u8>, Skimmed)>(2);
            tables_outs.push(tables_out);
            raw_outs.push(raw_out);
            decoded_ins.push(decoded_in);
            decoders.push(scope.spawn(move || -> Result<()> {
                let Ok(tables) = tables_in.recv() else {
                    return Ok(());
                };
                for bytes in raw_in {
                    let skimmed = Decoder::new(&bytes)
                        .skim(&tables)
                        .map_err(|m| damaged(path, m))?;
                    if decoded_out.send((bytes, skimmed)).is_err() {
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
            if nodes_out.send((tables, nodes)).is_err() {
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

/// Builds the graph from what the threads of [`graph_from_reader`] send: while the
/// skimmers read the relations, another thread here reads through the sources. The
/// actors' names are indexed when first needed: a query by ids never needs them.
fn build(
    nodes: std::sync::mpsc::Receiver<(Arc<Tables>, Nodes)>,
    skimmed: &[std::sync::mpsc::Receiver<(Vec<u8>, Skimmed)>],
    path: &Path,
) -> Result<Graph> {
    let bad = |message: &str| damaged(path, message.to_owned());
    let Ok((tables, nodes)) = nodes.recv() else {
        return Err(bad("the payload ends early"));
    };
    let Nodes {
        actors,
        source_ids,
        source_bytes,
        relations,
    } = nodes;
    let decoder: Arc<dyn Decode> = Arc::new(decode::Relations(tables));
    let (chunks, encoded) = std::thread::scope(|scope| {
        let chunks = scope.spawn(|| Decoder::new(&source_bytes).skim_sources(source_ids.len()));
        let encoded = receive(skimmed, &decoder, relations);
        (chunks.join(), encoded)
    });
    let encoded = encoded.ok_or_else(|| bad("the number of relations is wrong"))?;
    let chunks = chunks.map_err(|_| bad("a decoding thread failed"))?;
    let block = Arc::new(Encoded {
        bytes: source_bytes.into_boxed_slice(),
        decoder,
    });
    let chunks = chunks.map_err(|m| damaged(path, m))?;
    let sources = EncodedSources::new(source_ids, block, chunks)
        .ok_or_else(|| bad("the sources are out of order"))?;
    Graph::with_checked_nodes(Vec::new(), actors, None, 0)
        .with_encoded_sources(sources)
        .with_encoded(encoded)
        .ok_or_else(|| bad("a relation does not fit the graph"))
}

/// The skimmed blocks of relations, taken from each skimmer in turn, so in order; None
/// unless they hold `relations` relations.
fn receive(
    skimmed: &[std::sync::mpsc::Receiver<(Vec<u8>, Skimmed)>],
    decoder: &Arc<dyn Decode>,
    relations: usize,
) -> Option<EncodedRelations> {
    let mut encoded = EncodedRelations::default();
    encoded.edges.reserve(up_front(relations as u64));
    for received in skimmed.iter().cycle() {
        let Ok((bytes, skimmed)) = received.recv() else {
            break;
        };
        let first = encoded.edges.len();
        if first + skimmed.edges.len() > relations {
            return None;
        }
        let block = Arc::new(Encoded {
            bytes: bytes.into_boxed_slice(),
            decoder: Arc::clone(decoder),
        });
        let Skimmed {
            chunks,
            edges,
            about,
        } = skimmed;
        encoded.edges.extend(edges);
        let about = about.into_iter().map(|(i, actor)| (first + i, actor));
        encoded.about.extend(about);
        let chunks = chunks.into_iter();
        let chunks = chunks.map(|(range, count)| (Arc::clone(&block), range, count));
        encoded.chunks.extend(chunks);
    }
    (encoded.edges.len() == relations).then_some(encoded)
}

/// Reads a snapshot from a reader; `path` names it in errors.
///
/// # Errors
/// As [`read`].
pub fn from_reader(reader: impl Read, path: &Path) -> Result<Dataset> {
    let mut payload = Payload::open(reader, path)?;
    let (tables, nodes) = payload.head().map_err(|m| damaged(path, m))?;
    let sources = Decoder::new(&nodes.source_bytes)
        .sources(nodes.source_ids.into_iter())
        .map_err(|m| damaged(path, m))?;
    drop(nodes.source_bytes);
    let (actors, count) = (nodes.actors, nodes.relations);
    let mut relations = Vec::with_capacity(up_front(count as u64));
    let mut bytes = Vec::new();
    while payload.block(&mut bytes).map_err(|m| damaged(path, m))? {
        Decoder::new(&bytes)
            .relations(&tables, |relation| relations.push(relation))
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

/// Writes a snapshot of `graph` to `path` atomically.
///
/// # Errors
/// [`Error::Io`] when the file cannot be written.
pub fn write(graph: &Graph, path: &Path) -> Result<()> {
    let items = Items::of_graph(graph);
    crate::atomic::write_atomic(path, |out| Ok(encode::write(&items, BLOCK, out)?))
}

/// Checks what was read, as [`Graph::try_from`] does, and writes its snapshot to `path`
/// atomically without building the graph: the same bytes as [`write()`] of that graph, in
/// less time and memory (the graph would hold a second copy of the relations' places
/// while it is built). Returns the dataset written.
///
/// ```
/// use dipgraph::dataset::{self, snapshot};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("seed.dgsnap");
/// let written = snapshot::write_loaded(dataset::builtin(), &path)?;
/// assert_eq!(snapshot::read(&path)?, written);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Invalid`] with every error the check finds; [`Error::Io`] when the file cannot
/// be written.
pub fn write_loaded(loaded: Loaded, path: &Path) -> Result<Dataset> {
    let (dataset, _) = loaded.into_checked()?;
    let items = Items::of_dataset(&dataset);
    crate::atomic::write_atomic(path, |out| Ok(encode::write(&items, BLOCK, out)?))?;
    drop(items);
    Ok(dataset)
}

/// Writes a snapshot of `graph` to a writer.
///
/// # Errors
/// Whatever the writer returns.
pub fn write_to(graph: &Graph, mut out: impl Write) -> std::io::Result<()> {
    encode::write(&Items::of_graph(graph), BLOCK, &mut out)
}

#[cfg(test)]
mod tests {
    use petgraph::graph::NodeIndex;

    use super::format::{MAGIC, WRITER};
    use super::*;

    /// The snapshot of `graph` with `block` relations a block.
    fn encode(graph: &Graph, block: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        encode::write(&Items::of_graph(graph), block, &mut bytes).unwrap();
        bytes
    }

    fn builtin() -> Graph {
        Graph::try_from(Dataset::builtin().unwrap()).unwrap()
    }

    /// Writing what was read, checked but never made a graph, gives the graph's bytes:
    /// the built-in data, and GDELT rows whose sources' ids are not in the order read.
    #[test]
    fn loaded_written_as_its_graph() {
        let dir = tempfile::tempdir().unwrap();
        let gdelt = ["tests/fixtures/gdelt/20250101000000.export.CSV"];
        for loaded in [crate::dataset::builtin(), crate::dataset::read(&gdelt)] {
            let graph = Graph::try_from(loaded.clone()).unwrap();
            let ids: Vec<_> = loaded.dataset.sources.iter().map(|s| &s.id).collect();
            let path = dir.path().join("x.dgsnap");
            let written = write_loaded(loaded.clone(), &path).unwrap();
            assert_eq!(written, loaded.dataset);
            assert_eq!(std::fs::read(&path).unwrap(), to_bytes(&graph), "{ids:?}");
        }
        let mut sorted = crate::dataset::read(&gdelt).dataset.sources;
        let unsorted = sorted.clone();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        assert_ne!(
            sorted, unsorted,
            "the fixture's sources must be out of id order"
        );
        // Invalid data is refused, and nothing is written.
        let mut invalid = crate::dataset::builtin();
        invalid.dataset.relations[0].from = crate::model::ActorId::new("nobody-at-all").unwrap();
        let path = dir.path().join("invalid.dgsnap");
        assert!(matches!(
            write_loaded(invalid, &path),
            Err(Error::Invalid(_))
        ));
        assert!(!path.exists());
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

    /// A graph read from a snapshot decodes a relation's chunk when the relation is first
    /// read, and no other: naming the relations between two actors decodes theirs.
    #[test]
    fn relations_are_decoded_when_read() {
        let mut next = crate::testing::random(3);
        let spec = crate::testing::random_spec(&mut next, 40, 2_000, &["consult", "demand"]);
        let graph = crate::testing::graph(&spec);
        let again = graph_from_reader(to_bytes(&graph).as_slice(), Path::new("x")).unwrap();
        let (decoded, chunks) = again.decoded_chunks();
        assert_eq!(
            (decoded, chunks),
            (0, graph.relation_count().div_ceil(CHUNK))
        );
        let (a, b) = (NodeIndex::new(0), NodeIndex::new(1));
        let between: Vec<_> = again.relations_from_to(a, b).cloned().collect();
        let expected: Vec<_> = graph.relations_from_to(a, b).cloned().collect();
        assert!(!between.is_empty());
        assert_eq!(between, expected);
        let (decoded, _) = again.decoded_chunks();
        assert!(
            decoded >= 1 && decoded <= between.len(),
            "{decoded} chunks decoded"
        );
        assert_eq!(again.to_dataset(), graph.to_dataset());
        assert_eq!(again.decoded_chunks(), (chunks, chunks));
    }

    /// `n` as LEB128, as the encoder writes numbers.
    fn leb128(mut n: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        while n >= 0x80 {
            bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        bytes.push(n as u8);
        bytes
    }

    /// The snapshot of the built-in graph with the first relation's id in the first chunk
    /// of relations replaced by `id` (of the same length), and the checksum made right.
    fn with_first_relation_id(id: &[u8]) -> Vec<u8> {
        let bytes = to_bytes(&builtin());
        let header = MAGIC.len() + 4 + 1 + WRITER.len();
        let (start, mut at) = (header + 12, header + 12);
        let uint = |bytes: &[u8], at: &mut usize| {
            format::leb128(|| {
                *at += 1;
                bytes.get(*at - 1).copied().ok_or_else(String::new)
            })
            .unwrap() as usize
        };
        // Past the head and the sources, to the block of relations.
        for _ in 0..2 {
            at += uint(&bytes, &mut at);
        }
        let block_len = uint(&bytes, &mut at);
        let block_start = at;
        let count = uint(&bytes, &mut at);
        let items = uint(&bytes, &mut at);
        let raw_len = uint(&bytes, &mut at);
        let packed_len = uint(&bytes, &mut at);
        let mut raw = lz4_flex::block::decompress(&bytes[at..at + packed_len], raw_len).unwrap();
        let id_len = raw[0] as usize;
        assert_eq!(id_len, id.len());
        raw[1..=id_len].copy_from_slice(id);
        let packed = lz4_flex::block::compress(&raw);
        let mut block = Vec::new();
        for n in [count, items, raw_len, packed.len()] {
            block.extend(leb128(n));
        }
        block.extend_from_slice(&packed);
        block.extend_from_slice(&bytes[at + packed_len..block_start + block_len]);
        let mut payload = bytes[start..block_start].to_vec();
        payload.truncate(payload.len() - leb128(block_len).len());
        payload.extend(leb128(block.len()));
        payload.extend(block);
        payload.extend_from_slice(&bytes[block_start + block_len..]);
        let mut out = Vec::new();
        format::header(&mut out, payload.len() as u64, crc32fast::hash(&payload)).unwrap();
        out.extend(payload);
        out
    }

    /// What a graph decodes only when a relation is read is checked as the snapshot is
    /// read, so that a relation cannot fail to decode later: a snapshot whose checksum
    /// matches but whose relation is not valid is refused whole.
    #[test]
    fn invalid_relations_are_refused_when_read_not_when_decoded() {
        let first = builtin().relations().next().unwrap().id.to_string();
        // The same id, made again: the surgery above is right.
        let same = with_first_relation_id(first.as_bytes());
        let graph = graph_from_reader(same.as_slice(), Path::new("x")).unwrap();
        assert_eq!(graph.to_dataset(), builtin().to_dataset());
        let upper = first.to_uppercase();
        for bad in [upper.as_bytes(), &vec![0xff; first.len()]] {
            let damaged = with_first_relation_id(bad);
            let err = graph_from_reader(damaged.as_slice(), Path::new("x")).unwrap_err();
            assert!(err.to_string().contains("damaged"), "{err}");
            assert!(from_reader(damaged.as_slice(), Path::new("x")).is_err());
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
