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
//! A long relations list is read in two halves on two threads: the second thread starts
//! at an item past the middle of the rest of the file, found as a line that opens an
//! object at the first item's indentation after a comma (a string cannot hold a newline,
//! so that line is outside any string). What it read is kept only if the first thread,
//! reading on, reaches that very byte at the start of an item of the list: the second
//! thread then read what the first would have read, from the same state. Otherwise the
//! first thread reads on alone, as it does in files too short to split or laid out
//! otherwise (all on one line, indented with tabs).
//!
//! Relations share the ids they cite: each relation's `from`, `to`, `about`, `claimed_by`
//! and evidence `source` are swapped for clones of the first occurrence of the same id (an
//! `Arc<str>`, so a clone is a reference count), and the copy just read is freed at once.
//! serde gives every occurrence its own allocation: three million more at a million
//! relations.

use std::borrow::Borrow;
use std::hash::Hash;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rustc_hash::FxHashSet;
use serde::de::DeserializeOwned;

use super::locate::{chars, ItemStarts};
use super::Section;
use crate::model::{Actor, ActorId, Dataset, Relation, Source, SourceId};

/// How much of the file is read at a time.
const WINDOW: usize = 4 * 1024 * 1024;

/// How many bytes a relations list must have left for a second thread to read half.
const SPLIT: u64 = 1024 * 1024;

/// Opens the file again, for the second thread.
type Open<'a, R> = &'a (dyn Fn() -> Option<R> + Sync);

/// Reads the JSON dataset at `path` item by item, or `None` if the file is not shaped
/// the ordinary way, does not parse, or cannot be read.
pub(super) fn read(path: &Path) -> Option<(Dataset, ItemStarts)> {
    let parsed = read_with(&|| std::fs::File::open(path).ok(), WINDOW, SPLIT)?;
    Some((parsed.dataset, parsed.starts))
}

fn read_with<R: Read + Seek + Send>(
    open: Open<'_, R>,
    window: usize,
    split: u64,
) -> Option<Parsed> {
    let mut input = Input::new(open()?, window, 0);
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
            read.list(&mut input, section, open, split)?;
            match input.take()? {
                b',' => {}
                b'}' => break,
                _ => return None,
            }
        }
    }
    input.at_end().then_some(read)
}

/// What has been read so far.
#[derive(Default)]
struct Parsed {
    dataset: Dataset,
    starts: ItemStarts,
    ids: Ids,
    /// Whether a second thread read part of the relations.
    split: bool,
}

impl Parsed {
    /// Reads the list of the items of `section`.
    fn list<R: Read + Seek + Send>(
        &mut self,
        input: &mut Input<R>,
        section: Section,
        open: Open<'_, R>,
        split: u64,
    ) -> Option<()> {
        input.expect(b'[')?;
        if input.next_is(b']')? {
            input.bump();
            return Some(());
        }
        if section == Section::Relations {
            return self.relations(input, open, split);
        }
        loop {
            input.peek()?;
            let at = (input.line, input.col);
            if section == Section::Sources {
                let source: Source = input.item()?;
                self.ids.add_source(&source.id);
                self.dataset.sources.push(source);
            } else {
                let actor: Actor = input.item()?;
                self.ids.add_actor(&actor.id);
                self.dataset.actors.push(actor);
            }
            self.starts.list(section).push(at);
            match input.take()? {
                b',' => {}
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    /// Reads the items of a relations list, its second half on another thread when the
    /// file has at least `split` bytes left.
    fn relations<R: Read + Seek + Send>(
        &mut self,
        input: &mut Input<R>,
        open: Open<'_, R>,
        split: u64,
    ) -> Option<()> {
        input.peek()?;
        let (from, indent) = (input.position(), input.col - 1);
        let found = AtomicU64::new(u64::MAX);
        let stop = AtomicBool::new(false);
        let (ids, window) = (self.ids.clone(), input.window);
        std::thread::scope(|scope| {
            let half = scope.spawn(|| {
                let (found, stop) = (&found, &stop);
                second_half(open()?, from, indent, window, split, ids, found, stop)
            });
            let reached = self.relations_until(input, &found, &stop);
            if reached != Some(true) {
                stop.store(true, Ordering::Relaxed);
            }
            // A panic on the other thread is a bug: passed on as it is.
            let half = half
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            match (reached?, half) {
                (false, _) => Some(()),
                (true, Some(half)) => self.append(input, half),
                (true, None) => {
                    let end = AtomicU64::new(u64::MAX);
                    (!self.relations_until(input, &end, &stop)?).then_some(())
                }
            }
        })
    }

    /// Reads relations up to the end of their list (false) or up to the item starting at
    /// the byte `found` holds (true), telling the other thread to `stop` once past it.
    fn relations_until<R: Read>(
        &mut self,
        input: &mut Input<R>,
        found: &AtomicU64,
        stop: &AtomicBool,
    ) -> Option<bool> {
        loop {
            input.peek()?;
            let position = input.position();
            let start = found.load(Ordering::Relaxed);
            if position == start {
                return Some(true);
            }
            if position > start {
                stop.store(true, Ordering::Relaxed);
            }
            let at = (input.line, input.col);
            let mut relation = input.item()?;
            self.ids.share_relation(&mut relation);
            self.dataset.relations.push(relation);
            self.starts.list(Section::Relations).push(at);
            match input.take()? {
                b',' => {}
                b']' => return Some(false),
                _ => return None,
            }
        }
    }

    /// Adds what the other thread read from where `input` is, and moves past it.
    fn append<R: Read + Seek>(&mut self, input: &mut Input<R>, half: Half) -> Option<()> {
        let base = (input.line, input.col);
        let starts = half.starts.iter().map(|&at| shift(base, at));
        self.starts.list(Section::Relations).extend(starts);
        self.dataset.relations.extend(half.relations);
        self.split = true;
        input.seek(half.end)?;
        (input.line, input.col) = shift(base, half.at_end);
        Some(())
    }
}

/// Where a line and column counted from 1:1 at `base` are in the file.
fn shift(base: (usize, usize), (line, col): (usize, usize)) -> (usize, usize) {
    if line == 1 {
        (base.0, base.1 + col - 1)
    } else {
        (base.0 + line - 1, col)
    }
}

/// The relations the second thread read: from an item start to the end of the list.
struct Half {
    relations: Vec<Relation>,
    /// Each relation's line and column, counted from 1:1 where the first starts.
    starts: Vec<(usize, usize)>,
    /// The byte after the list's `]`, and its line and column counted as `starts` are.
    end: u64,
    at_end: (usize, usize),
}

/// Reads the relations from the first item past the middle of what `reader` holds after
/// `from`, announcing where it starts in `found`; `None` when the file is short, no item
/// is found, anything does not parse, or told to `stop`.
#[allow(clippy::too_many_arguments)]
fn second_half<R: Read + Seek>(
    mut reader: R,
    from: u64,
    indent: usize,
    window: usize,
    split: u64,
    mut ids: Ids,
    found: &AtomicU64,
    stop: &AtomicBool,
) -> Option<Half> {
    let len = reader.seek(SeekFrom::End(0)).ok()?;
    if len.checked_sub(from)? < split.max(1) {
        return None;
    }
    let middle = from + (len - from) / 2;
    reader.seek(SeekFrom::Start(middle)).ok()?;
    let mut input = Input::new(reader, window, middle);
    input.line_item(indent)?;
    (input.line, input.col) = (1, 1);
    found.store(input.position(), Ordering::Relaxed);
    let mut half = Half {
        relations: Vec::new(),
        starts: Vec::new(),
        end: 0,
        at_end: (1, 1),
    };
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        input.peek()?;
        half.starts.push((input.line, input.col));
        let mut relation = input.item()?;
        ids.share_relation(&mut relation);
        half.relations.push(relation);
        match input.take()? {
            b',' => {}
            b']' => break,
            _ => return None,
        }
    }
    half.end = input.position();
    half.at_end = (input.line, input.col);
    Some(half)
}

/// One copy of each id seen so far in a file.
#[derive(Clone, Debug, Default)]
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
    /// Where `buffer[0]` is in the file.
    offset: u64,
    start: usize,
    line: usize,
    col: usize,
}

/// JSON's whitespace.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<R: Read> Input<R> {
    /// Reads `reader` from `offset`, where it stands, from line 1, column 1.
    fn new(reader: R, window: usize, offset: u64) -> Self {
        Self {
            reader,
            window,
            buffer: Vec::with_capacity(window),
            offset,
            start: 0,
            line: 1,
            col: 1,
        }
    }

    /// Where `buffer[start]` is in the file.
    fn position(&self) -> u64 {
        self.offset + self.start as u64
    }

    /// Reads more of the file after what the buffer holds, first dropping what was used;
    /// false at the end of the file. An error reading ends the fast path like a bad byte.
    fn fill(&mut self) -> Option<bool> {
        self.offset += self.start as u64;
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

    /// The next byte, whitespace or not, left in place.
    fn peek_raw(&mut self) -> Option<u8> {
        if self.start == self.buffer.len() && !self.fill()? {
            return None;
        }
        self.buffer.get(self.start).copied()
    }

    /// Takes the next byte, whitespace or not.
    fn take_raw(&mut self) -> Option<u8> {
        let b = self.peek_raw()?;
        self.bump();
        Some(b)
    }

    /// Moves to the next `{` that starts a line after `indent` spaces, the line before
    /// ending in a comma: in a list laid out one item a line, the next item. A newline is
    /// never inside a string, so whatever the bytes before, this is outside one.
    fn line_item(&mut self, indent: usize) -> Option<()> {
        let mut last = 0;
        loop {
            match self.take_raw()? {
                b'\n' => {
                    let mut spaces = 0;
                    while self.peek_raw()? == b' ' {
                        self.bump();
                        spaces += 1;
                    }
                    if last == b',' && spaces == indent && self.peek_raw()? == b'{' {
                        return Some(());
                    }
                }
                b if is_space(b) => {}
                b => last = b,
            }
        }
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

impl<R: Read + Seek> Input<R> {
    /// Reads on from `offset` in the file, dropping the window; the caller sets the line
    /// and column.
    fn seek(&mut self, offset: u64) -> Option<()> {
        self.reader.seek(SeekFrom::Start(offset)).ok()?;
        self.buffer.clear();
        self.offset = offset;
        self.start = 0;
        Some(())
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

    /// Reads `text` through a window of `window` bytes, splitting relations lists of at
    /// least `split` bytes.
    fn read_text(text: &str, window: usize, split: u64) -> Option<Parsed> {
        read_with(&|| Some(io::Cursor::new(text.as_bytes())), window, split)
    }

    /// Reads `text` through windows of several sizes, split or not; checks that each gives
    /// what parsing it whole gives, or gives up (`None`). Returns whether it was read, and
    /// whether any read was split.
    fn read_all_ways(text: &str) -> (bool, bool) {
        let whole = as_text(text);
        let (mut read, mut split) = (None, false);
        for window in [1, 2, 3, 7, 64, WINDOW] {
            for min in [0, SPLIT] {
                let fast = read_text(text, window, min);
                split |= fast.as_ref().is_some_and(|fast| fast.split);
                let fast = fast.map(|fast| (fast.dataset, fast.starts));
                if let Some(fast) = &fast {
                    assert_eq!(Some(fast), whole.as_ref(), "window {window}: {text}");
                }
                assert!(read.is_none_or(|read| read == fast.is_some()), "{text}");
                read = Some(fast.is_some());
            }
        }
        (read == Some(true), split)
    }

    /// Whether `text` is read, all ways giving what parsing it whole gives.
    fn fast(text: &str) -> bool {
        read_all_ways(text).0
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
        let bad = b"{\"actors\": [{\"id\": \"\xff\"}]}";
        assert!(read_with(&|| Some(io::Cursor::new(&bad[..])), 8, 0).is_none());
    }

    /// A relations list laid out one item a line, `before` items before one whose
    /// evidence list also puts an item on a line of its own at the relations' indentation.
    fn laid_out(before: usize) -> String {
        let relation = |i: usize| RELATION.replace(r#""id": "r""#, &format!(r#""id": "r{i}""#));
        let mut items: Vec<String> = (0..before).map(relation).collect();
        items.push(
            r#"{"id": "e", "from": "a", "to": "b", "kind": "demand", "evidence": [{"source": "s", "note": "x"},
  {"source": "s", "note": "ü,"}]}"#
                .to_owned(),
        );
        items.extend((before..before + 3).map(relation));
        format!(
            "{{\"sources\": [{SOURCE}], \"actors\": [{ACTOR}],\n \"relations\": [\n  {}\n]\n}}\n",
            items.join(",\n  ")
        )
    }

    #[test]
    fn relations_read_in_two_halves_are_read_as_their_text_parses() {
        let mut split = false;
        for before in 0..6 {
            let (read, was_split) = read_all_ways(&laid_out(before));
            assert!(read, "{before}");
            split |= was_split;
        }
        assert!(split, "no file was split");
        let pretty = serde_json::to_string_pretty(&as_text(&laid_out(4)).map(|d| d.0)).unwrap();
        assert_eq!(read_all_ways(&pretty), (true, true));
        // Items on one line cannot be split; errors in the second half are the text's.
        assert_eq!(
            read_all_ways(&laid_out(3).replace('\n', " ")),
            (true, false)
        );
        assert!(!fast(&laid_out(3).replace(r#""ü,""#, "1")));
        assert!(!fast(&laid_out(3).replace("]\n}", "\n}")));
    }
}
