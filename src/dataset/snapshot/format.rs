//! The frame of a snapshot: the header (magic, format version, writer, payload length and
//! CRC-32) and a payload of length-prefixed blocks, checksummed as they are read.

use std::io::{BufReader, Read, Write};
use std::path::Path;

use super::decode::{Decoder, Decoding, Nodes, Tables};
use super::{damaged, up_front};
use crate::error::{Error, Result};

/// What a snapshot starts with.
pub(super) const MAGIC: &[u8; 12] = b"DIPGRAPHSNAP";
/// Bumped whenever the payload layout changes. 2: the payload is cut into blocks; 3: the
/// sources' ids apart from the rest of them; 4: evidence's confidence and span; 5: sources
/// and relations in compressed chunks of 64.
const FORMAT_VERSION: u32 = 5;
/// The dipgraph version that writes, and the only one that reads.
pub(super) const WRITER: &str = env!("CARGO_PKG_VERSION");

/// Writes the header of a payload of `len` bytes whose CRC-32 is `crc`.
pub(super) fn header(out: &mut dyn Write, len: u64, crc: u32) -> std::io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT_VERSION.to_le_bytes())?;
    out.write_all(&[WRITER.len() as u8])?;
    out.write_all(WRITER.as_bytes())?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&crc.to_le_bytes())
}

/// The payload as it is read: length-prefixed blocks, checksummed as they go by.
pub(super) struct Payload<R> {
    reader: BufReader<CrcReader<std::io::Take<R>>>,
    /// Payload bytes not yet read: no length in a damaged file can allocate more than this.
    remaining: u64,
    /// The payload's checksum, from the header.
    crc: u32,
}

impl<R: Read> Payload<R> {
    /// Checks the header and gets ready to read the payload.
    pub(super) fn open(mut reader: R, path: &Path) -> Result<Self> {
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
    pub(super) fn block(&mut self, bytes: &mut Vec<u8>) -> std::result::Result<bool, String> {
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
    pub(super) fn head(&mut self) -> std::result::Result<(Tables, Nodes), String> {
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
    pub(super) fn finish(self, path: &Path) -> Result<()> {
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

/// A LEB128 number from the bytes `next` gives, as [`Encoder::uint`] writes it.
pub(super) fn leb128(mut next: impl FnMut() -> Decoding<u8>) -> Decoding<u64> {
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
