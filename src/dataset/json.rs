//! The fast way to read a JSON dataset: item by item from a window on the file.
//!
//! Memory stays at the dataset plus a window: the file is read through a window of a few
//! MiB and each item of the `sources`, `actors` and `relations` lists is parsed alone, as a
//! slice of the window; serde_json says where the item ended, and lines and columns are
//! counted from there. (Why not the whole text, or serde_json's reader: `performance.md`.)
//!
//! It handles only files shaped the ordinary way: one object with those three keys, each
//! at most once and spelled without escapes, each holding a list of objects. For anything
//! else, and for any error, it gives up ([`read`] returns `None`) and the caller parses the
//! file's whole text, the parser that accepts and reports every other file. So an
//! error message never comes from here, and a file read here gives the dataset its text
//! gives: each item goes through the same derived `Deserialize`, and the skeleton around
//! the items is plain JSON that serde_json accepts.
//!
//! Relations share the ids they cite: each relation's `from`, `to`, `about`, `claimed_by`
//! and evidence `source` are swapped for clones of the first occurrence of the same id (an
//! `Arc<str>`, so a clone is a reference count), and the copy just read is freed at once.
//! serde gives every occurrence its own allocation: three million more at a million
//! relations.

use std::borrow::Borrow;
use std::hash::Hash;
use std::io::{self, Read};

use rustc_hash::FxHashSet;
use serde::de::DeserializeOwned;

use super::locate::{chars, ItemStarts};
use super::Section;
use crate::model::{Actor, ActorId, Dataset, Relation, Source, SourceId};

/// How much of the file is read at a time.
const WINDOW: usize = 4 * 1024 * 1024;

/// Reads a JSON dataset from `reader` item by item, or `None` if the file is not shaped
/// the ordinary way, does not parse, or cannot be read.
pub(super) fn read(reader: impl Read) -> Option<(Dataset, ItemStarts)> {
    read_with_window(reader, WINDOW)
}

fn read_with_window(reader: impl Read, window: usize) -> Option<(Dataset, ItemStarts)> {
    let mut input = Input {
        reader,
        window,
        buffer: Vec::with_capacity(window),
        start: 0,
        line: 1,
        col: 1,
    };
    let mut read = Parsed::default();
    input.expect(b'{')?;
    let mut seen = [false; 3];
    if input.next_is(b'}')? {
        input.bump();
    } else {
        loop {
            let section = input.key()?;
            if std::mem::replace(&mut seen[section as usize], true) {
                return None;
            }
            input.expect(b':')?;
            read.list(&mut input, section)?;
            match input.take()? {
                b',' => {}
                b'}' => break,
                _ => return None,
            }
        }
    }
    input.at_end().then_some((read.dataset, read.starts))
}

/// What has been read so far.
#[derive(Default)]
struct Parsed {
    dataset: Dataset,
    starts: ItemStarts,
    ids: Ids,
}

impl Parsed {
    /// Reads the list of the items of `section`.
    fn list(&mut self, input: &mut Input<impl Read>, section: Section) -> Option<()> {
        input.expect(b'[')?;
        if input.next_is(b']')? {
            input.bump();
            return Some(());
        }
        loop {
            input.peek()?;
            let at = (input.line, input.col);
            match section {
                Section::Sources => {
                    let source: Source = input.item()?;
                    self.ids.add_source(&source.id);
                    self.dataset.sources.push(source);
                }
                Section::Actors => {
                    let actor: Actor = input.item()?;
                    self.ids.add_actor(&actor.id);
                    self.dataset.actors.push(actor);
                }
                Section::Relations => {
                    let mut relation = input.item()?;
                    self.ids.share_relation(&mut relation);
                    self.dataset.relations.push(relation);
                }
            }
            self.starts.list(section).push(at);
            match input.take()? {
                b',' => {}
                b']' => return Some(()),
                _ => return None,
            }
        }
    }
}

/// One copy of each id seen so far in a file.
#[derive(Debug, Default)]
struct Ids {
    actors: FxHashSet<ActorId>,
    sources: FxHashSet<SourceId>,
}

/// Replaces `id` by the copy of it that `seen` holds, or adds it there.
fn share<T: Clone + Eq + Hash + Borrow<str>>(seen: &mut FxHashSet<T>, id: &mut T) {
    let text: &str = (*id).borrow();
    match seen.get(text) {
        Some(first) => *id = first.clone(),
        None => {
            seen.insert(id.clone());
        }
    }
}

impl Ids {
    /// Keeps an actor's id for the relations that follow.
    fn add_actor(&mut self, id: &ActorId) {
        self.actors.insert(id.clone());
    }

    /// Keeps a source's id for the relations that follow.
    fn add_source(&mut self, id: &SourceId) {
        self.sources.insert(id.clone());
    }

    /// Replaces the ids a relation cites by the copies kept, keeping those that are new.
    fn share_relation(&mut self, relation: &mut Relation) {
        share(&mut self.actors, &mut relation.from);
        share(&mut self.actors, &mut relation.to);
        for id in relation
            .about
            .iter_mut()
            .chain(relation.claimed_by.as_mut())
        {
            share(&mut self.actors, id);
        }
        for evidence in &mut relation.evidence {
            share(&mut self.sources, &mut evidence.source);
        }
    }
}

/// The file, read through a window, and the line and column of `buffer[start]`.
struct Input<R> {
    reader: R,
    window: usize,
    buffer: Vec<u8>,
    start: usize,
    line: usize,
    col: usize,
}

/// JSON's whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<R: Read> Input<R> {
    /// Reads more of the file after what the buffer holds, first dropping what was used;
    /// false at the end of the file. An error reading ends the fast path like a bad byte.
    fn fill(&mut self) -> Option<bool> {
        self.buffer.drain(..self.start);
        self.start = 0;
        let want = u64::try_from(self.window).unwrap_or(u64::MAX);
        loop {
            match self
                .reader
                .by_ref()
                .take(want)
                .read_to_end(&mut self.buffer)
            {
                Ok(n) => return Some(n > 0),
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    }

    /// The next byte that is not whitespace, left in place; `None` at the end of the file.
    fn peek(&mut self) -> Option<Option<u8>> {
        loop {
            while let Some(&b) = self.buffer.get(self.start) {
                if !is_space(b) {
                    return Some(Some(b));
                }
                self.bump();
            }
            if !self.fill()? {
                return Some(None);
            }
        }
    }

    /// Whether the next byte that is not whitespace is `b`.
    fn next_is(&mut self, b: u8) -> Option<bool> {
        Some(self.peek()? == Some(b))
    }

    /// Moves past the byte at `start`, which is not part of an item.
    fn bump(&mut self) {
        if let Some(&b) = self.buffer.get(self.start) {
            self.start += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += usize::from(super::locate::starts_char(b));
            }
        }
    }

    /// Takes the next byte that is not whitespace.
    fn take(&mut self) -> Option<u8> {
        let b = self.peek()??;
        self.bump();
        Some(b)
    }

    /// Takes the next byte that is not whitespace, if it is `b`.
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.take()? == b).then_some(())
    }

    /// Takes a key, which must be one of the sections', written plainly.
    fn key(&mut self) -> Option<Section> {
        self.expect(b'"')?;
        let mut key = Vec::new();
        loop {
            match self.take_raw()? {
                b'"' => break,
                b'\\' => return None,
                b if key.len() < 16 => key.push(b),
                _ => return None,
            }
        }
        match key.as_slice() {
            b"sources" => Some(Section::Sources),
            b"actors" => Some(Section::Actors),
            b"relations" => Some(Section::Relations),
            _ => None,
        }
    }

    /// Takes the next byte, whitespace or not.
    fn take_raw(&mut self) -> Option<u8> {
        if self.start == self.buffer.len() && !self.fill()? {
            return None;
        }
        let b = *self.buffer.get(self.start)?;
        self.bump();
        Some(b)
    }

    /// Parses the next item, an object. serde_json finds where it ends; an item cut off by
    /// the end of the buffer is an "EOF" error, and parsed again with more of the file.
    fn item<T: DeserializeOwned>(&mut self) -> Option<T> {
        if self.peek()? != Some(b'{') {
            return None;
        }
        loop {
            let rest = self.buffer.get(self.start..).unwrap_or_default();
            let mut items = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
            match items.next()? {
                Ok(item) => {
                    let len = items.byte_offset();
                    self.consume(len);
                    return Some(item);
                }
                Err(err) if err.is_eof() => {
                    if !self.fill()? {
                        return None;
                    }
                }
                Err(_) => return None,
            }
        }
    }

    /// Moves past the next `len` bytes, an item, counting its lines and columns.
    fn consume(&mut self, len: usize) {
        let item = self
            .buffer
            .get(self.start..self.start + len)
            .unwrap_or_default();
        match memchr::memrchr(b'\n', item) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', item).count();
                self.col = 1 + chars(item.get(last + 1..).unwrap_or_default());
            }
            None => self.col += chars(item),
        }
        self.start += len;
    }

    /// Whether nothing but whitespace is left.
    fn at_end(&mut self) -> bool {
        matches!(self.peek(), Some(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{locate, parse_as, DataFormat};

    /// What parsing `text` whole gives: the dataset and its item starts.
    fn as_text(text: &str) -> Option<(Dataset, ItemStarts)> {
        let dataset = parse_as(std::path::Path::new("x.json"), text, DataFormat::Json).ok()?;
        Some((dataset, locate::item_starts(text.as_bytes())))
    }

    /// Reads `text` through windows of several sizes; checks that each gives what parsing
    /// it whole gives, or gives up (`None`). Returns whether it was read.
    fn fast(text: &str) -> bool {
        let whole = as_text(text);
        let mut read = None;
        for window in [1, 2, 3, 7, 64, WINDOW] {
            let fast = read_with_window(text.as_bytes(), window);
            if let Some(fast) = &fast {
                assert_eq!(Some(fast), whole.as_ref(), "window {window}: {text}");
            }
            assert!(read.is_none_or(|read| read == fast.is_some()), "{text}");
            read = Some(fast.is_some());
        }
        read == Some(true)
    }

    const RELATION: &str = r#"{"id": "r", "from": "a", "to": "b", "kind": "demand",
        "about": ["a"], "evidence": [{"source": "s", "note": "n \"{\\\" } é"}]}"#;
    const ACTOR: &str = r#"{"id": "a", "name": "Ä {", "kind": "state"}"#;
    const SOURCE: &str = r#"{"id": "s", "title": "T", "publisher": "P",
        "url": "https://example.org/a", "published": "2021-03-08"}"#;

    #[test]
    fn ordinary_files_are_read_as_their_text_parses() {
        assert!(fast("{}"));
        assert!(fast(" \n{ } \r\n\t"));
        assert!(fast(r#"{"relations": []}"#));
        assert!(fast(&format!(
            "{{\"sources\": [{SOURCE}],\n \"actors\": [ {ACTOR} ,{ACTOR}\n],\n\
             \"relations\":[{RELATION},\n  {RELATION}]}}\n"
        )));
        assert!(fast(&format!(
            r#"{{"relations": [{RELATION}], "actors": [{ACTOR}]}}"#
        )));
    }

    #[test]
    fn anything_else_is_left_to_the_text_parser() {
        for text in [
            String::new(),
            "[]".to_owned(),
            "{} x".to_owned(),
            r#"{"relations": [], "relations": []}"#.to_owned(),
            r#"{"relation": []}"#.to_owned(),
            r#"{"relation\u0073": []}"#.to_owned(),
            r#"{"relations": [1]}"#.to_owned(),
            r#"{"relations": {}}"#.to_owned(),
            r#"{"relations": [{}]}"#.to_owned(),
            format!(r#"{{"relations": [{RELATION},]}}"#),
            format!(r#"{{"relations": [{RELATION}] "actors": []}}"#),
            format!(r#"{{"actors": [{ACTOR}], }}"#),
            format!(r#"{{"actors": [{ACTOR}]"#),
            format!(r#"{{"actors": [{ACTOR}"#),
            r#"{"actors": [{"id": "a", "name": "x\"#.to_owned(),
            r#"{"actors": [{"id": "a", "name": "A", "kind": "state"}}]}"#.to_owned(),
        ] {
            assert!(!fast(&text), "{text}");
        }
        assert!(read_with_window(&b"{\"actors\": [{\"id\": \"\xff\"}]}"[..], 8).is_none());
    }
}
