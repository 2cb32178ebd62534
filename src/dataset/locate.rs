//! Finds where each item of a data file starts, so that problems found after parsing
//! (a dangling id, a missing date) can name a line.
//!
//! serde hands us values without positions, so we scan the file's text once more, tracking
//! only brackets, strings and comments: every `(` or `{` directly inside the `sources`,
//! `actors` or `relations` list starts the next item. This works for both RON and JSON
//! because the positions are used only once the file has parsed: the text is well-formed.
//! (Ordinary JSON files are located as they are read, item by item: see `json.rs`.)
//!
//! The scan goes byte by byte: every byte that matters (quotes, brackets, `:`, `/`, `r`,
//! `#`) is ASCII, and columns count characters, i.e. the bytes that are not UTF-8
//! continuation bytes. It is a state machine that could be fed in chunks of any size; the
//! tests feed it so, which exercises every state at a boundary.

use super::Section;

/// The start (line, column), both 1-based, of each item in each section.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ItemStarts {
    pub sources: Vec<(usize, usize)>,
    pub actors: Vec<(usize, usize)>,
    pub relations: Vec<(usize, usize)>,
}

impl ItemStarts {
    /// The starts of each section's items, in [`Section`] order.
    pub(super) fn lists(&self) -> [&[(usize, usize)]; 3] {
        [&self.sources, &self.actors, &self.relations]
    }

    /// The list of the items of `section`.
    pub(super) fn list(&mut self, section: Section) -> &mut Vec<(usize, usize)> {
        match section {
            Section::Sources => &mut self.sources,
            Section::Actors => &mut self.actors,
            Section::Relations => &mut self.relations,
        }
    }
}

/// Where the scan is, between two bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    /// Between tokens.
    Normal,
    /// In a quoted string; `escaped` right after a backslash.
    Quoted { escaped: bool },
    /// In a word: an identifier, a keyword or a number.
    Word,
    /// After an `r` that starts a word: a RON raw string if `#` or `"` follows.
    AfterR,
    /// In the `#` signs that open a raw string (its quote comes next).
    RawOpen { hashes: usize },
    /// In a raw string opened by `hashes` `#` signs.
    Raw { hashes: usize },
    /// After a quote in a raw string, `seen` of the `hashes` signs that would close it.
    RawClose { hashes: usize, seen: usize },
    /// After a `/` between tokens: a comment follows.
    Slash,
    /// In a `//` comment.
    LineComment,
    /// In a `/* */` comment nested `depth` deep; `after` is the previous byte when it was a
    /// `*` or a `/` (the first half of a pair), else 0.
    BlockComment { depth: usize, after: u8 },
}

/// The longest key the scan needs to recognise (`relations`); longer words are cut one byte
/// past it, so that they never match.
const MAX_KEY: usize = "relations".len();

/// Finds item starts in bytes fed to it in chunks, whatever their size.
#[derive(Debug)]
struct Scanner {
    starts: ItemStarts,
    state: State,
    line: usize,
    col: usize,
    depth: usize,
    /// The last string or word seen at depth 1 (a key, when `:` follows), cut at `MAX_KEY + 1`.
    word: Vec<u8>,
    /// The section the last key at depth 1 names, if any.
    key: Option<Section>,
    /// The section whose list is open at depth 2, if any.
    section: Option<Section>,
}

impl Default for Scanner {
    fn default() -> Self {
        Self {
            starts: ItemStarts::default(),
            state: State::Normal,
            line: 1,
            col: 1,
            depth: 0,
            word: Vec::with_capacity(MAX_KEY + 1),
            key: None,
            section: None,
        }
    }
}

/// Whether `b` continues a word. Bytes of non-ASCII characters count as word bytes: outside
/// strings they can only be letters of an identifier in a well-formed file.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || !b.is_ascii()
}

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
pub(super) fn starts_char(b: u8) -> bool {
    b & 0b1100_0000 != 0b1000_0000
}

/// The number of characters `bytes` hold (or start).
pub(super) fn chars(bytes: &[u8]) -> usize {
    // Summed in blocks whose count fits a `u8`, which the compiler turns into wide vector
    // code: a plain `filter().count()` sums into `u64`s two bytes at a time, and was half
    // of the scan of a big JSON file.
    let count = |block: &[u8]| {
        block
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(starts_char(b))))
    };
    bytes
        .chunks(255)
        .map(|block| usize::from(count(block)))
        .sum()
}

impl Scanner {
    /// Scans the next bytes of the file.
    fn feed(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while !rest.is_empty() {
            // Runs of bytes that change nothing but the column are skipped in bulk: strings
            // hold most of a file's bytes, and a pretty-printed RON file is mostly
            // indentation and field names besides.
            let skip = match self.state {
                State::Quoted { escaped: false } => {
                    memchr::memchr3(b'"', b'\\', b'\n', rest).unwrap_or(rest.len())
                }
                State::Normal => rest.iter().take_while(|&&b| b == b' ').count(),
                // At depth 1 a word may be a key, and is collected byte by byte.
                State::Word if self.depth != 1 => {
                    rest.iter().take_while(|&&b| is_word_byte(b)).count()
                }
                _ => 0,
            };
            let (skipped, after) = rest.split_at(skip);
            if self.depth == 1 && matches!(self.state, State::Quoted { .. }) {
                skipped.iter().for_each(|&b| self.collect(b));
            }
            self.col += chars(skipped);
            rest = after;
            let Some((&b, after)) = rest.split_first() else {
                break;
            };
            self.step(b);
            rest = after;
        }
    }

    /// The item starts found in everything fed so far.
    fn finish(self) -> ItemStarts {
        self.starts
    }

    /// Runs one byte through the state machine and counts it.
    fn step(&mut self, b: u8) {
        let at = (self.line, self.col);
        while !self.consume(b, at) {}
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if starts_char(b) {
            self.col += 1;
        }
    }

    /// Adds a byte to the word, when at depth 1 (where keys are).
    fn collect(&mut self, b: u8) {
        if self.depth == 1 && self.word.len() <= MAX_KEY {
            self.word.push(b);
        }
    }

    /// Consumes `b`, found at `at`; false when it ended a token and must be looked at again
    /// in the new state.
    fn consume(&mut self, b: u8, at: (usize, usize)) -> bool {
        self.state = match self.state {
            State::Normal => return self.token(b, at),
            State::Quoted { escaped: true } => State::Quoted { escaped: false },
            State::Quoted { escaped: false } => match b {
                b'\\' => State::Quoted { escaped: true },
                b'"' => State::Normal,
                _ => {
                    self.collect(b);
                    return true;
                }
            },
            State::Word if is_word_byte(b) => {
                self.collect(b);
                return true;
            }
            State::Word => {
                self.state = State::Normal;
                return false;
            }
            State::AfterR if b == b'#' || b == b'"' => {
                self.state = State::RawOpen { hashes: 0 };
                return false;
            }
            State::AfterR => {
                self.collect(b'r');
                self.state = State::Word;
                return false;
            }
            // The byte after the signs is the opening quote.
            State::RawOpen { hashes } if b == b'#' => State::RawOpen { hashes: hashes + 1 },
            State::RawOpen { hashes } => State::Raw { hashes },
            State::Raw { hashes: 0 } if b == b'"' => State::Normal,
            State::Raw { hashes } if b == b'"' => State::RawClose { hashes, seen: 0 },
            State::Raw { .. } => return true,
            State::RawClose { hashes, seen } if b == b'#' && seen + 1 == hashes => State::Normal,
            State::RawClose { hashes, seen } if b == b'#' => State::RawClose {
                hashes,
                seen: seen + 1,
            },
            State::RawClose { hashes, .. } => {
                self.state = State::Raw { hashes };
                return false;
            }
            State::Slash if b == b'/' => State::LineComment,
            State::Slash if b == b'*' => State::BlockComment { depth: 1, after: 0 },
            State::Slash => State::Normal,
            State::LineComment if b == b'\n' => State::Normal,
            State::LineComment => return true,
            State::BlockComment { depth, after } => match (after, b) {
                (b'*', b'/') if depth == 1 => State::Normal,
                (b'*', b'/') => State::BlockComment {
                    depth: depth - 1,
                    after: 0,
                },
                (b'/', b'*') => State::BlockComment {
                    depth: depth + 1,
                    after: 0,
                },
                (_, b'*' | b'/') => State::BlockComment { depth, after: b },
                _ => State::BlockComment { depth, after: 0 },
            },
        };
        true
    }

    /// Takes the word before a `:` at depth 1 as the key of the value that follows.
    fn take_key(&mut self) {
        self.key = match self.word.as_slice() {
            b"sources" => Some(Section::Sources),
            b"actors" => Some(Section::Actors),
            b"relations" => Some(Section::Relations),
            _ => None,
        };
        self.word.clear();
    }

    /// Goes one level deeper, into the list of the section last named if `b` opens one at
    /// depth 1.
    fn open(&mut self, b: u8) {
        self.depth += 1;
        if b == b'[' && self.depth == 2 {
            self.section = self.key;
        }
    }

    /// Comes back one level.
    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth < 2 {
            self.section = None;
        }
    }

    /// Consumes `b`, found at `at` between tokens.
    fn token(&mut self, b: u8, at: (usize, usize)) -> bool {
        match b {
            b'"' => {
                self.word.clear();
                self.state = State::Quoted { escaped: false };
            }
            b'r' => {
                self.word.clear();
                self.state = State::AfterR;
            }
            b'/' => self.state = State::Slash,
            b':' if self.depth == 1 => self.take_key(),
            b'(' | b'[' | b'{' => {
                if let Some(section) = self.section.filter(|_| self.depth == 2) {
                    self.starts.list(section).push(at);
                }
                self.open(b);
            }
            b')' | b']' | b'}' => self.close(),
            b if is_word_byte(b) => {
                self.word.clear();
                self.collect(b);
                self.state = State::Word;
            }
            _ => {}
        }
        true
    }
}

/// Scans well-formed RON or JSON `text` for the starts of the items of each section.
pub(crate) fn item_starts(text: &[u8]) -> ItemStarts {
    let mut scanner = Scanner::default();
    scanner.feed(text);
    scanner.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans `text` whole, then in chunks of every size from 1 to 7 bytes, and checks that
    /// the chunks change nothing.
    fn scan(text: &str) -> ItemStarts {
        let whole = item_starts(text.as_bytes());
        for size in 1..8 {
            let mut scanner = Scanner::default();
            text.as_bytes()
                .chunks(size)
                .for_each(|chunk| scanner.feed(chunk));
            assert_eq!(scanner.finish(), whole, "chunks of {size} bytes");
        }
        whole
    }

    #[test]
    fn ron_items() {
        let text = r##"#![enable(implicit_some)]
// a comment with ( and [
(
    sources: [],
    actors: [
        (id: "a", name: "A (\"x\") [", kind: state),
        /* (skip) */ (id: "b", name: r#"raw ( "# , kind: state),
    ],
    relations: [(id: "r", from: "a", to: "b", kind: demand, about: ["a"],
        evidence: [(source: "s", note: "n")])],
)"##;
        let starts = scan(text);
        assert_eq!(starts.actors, vec![(6, 9), (7, 22)]);
        assert_eq!(starts.relations, vec![(9, 17)]);
        assert!(starts.sources.is_empty());
    }

    #[test]
    fn json_items() {
        let text =
            "{\n \"actors\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}\n ],\n \"relations\": []\n}";
        let starts = scan(text);
        assert_eq!(starts.actors, vec![(3, 3), (4, 3)]);
    }

    #[test]
    fn escapes_and_lines() {
        let text = "{\"x\": \"\\\" {\",\n\"actors\": [\n\n  {\"id\": \"a\\\\\"}, {\"a\": [{}]}]}";
        assert_eq!(scan(text).actors, vec![(4, 3), (4, 18)]);
    }

    #[test]
    fn columns_count_characters() {
        // `Türkiye → İzmir` is 15 characters in 19 bytes.
        let text = "{\"actors\": [{\"name\": \"Türkiye → İzmir\"}, {\"id\": \"b\"}]}";
        assert_eq!(scan(text).actors, vec![(1, 13), (1, 42)]);
    }

    #[test]
    fn nested_comments_and_raw_strings_hide_brackets() {
        let text = r###"(actors: [/* a /* ( */ ( */ (id: r##"a "# ("##), ({})])"###;
        assert_eq!(scan(text).actors, vec![(1, 29), (1, 50)]);
    }

    #[test]
    fn spaces_around_keys() {
        let text = "{ \"x\" : 1 , \"actors\"  :  [ {} ] }";
        assert_eq!(scan(text).actors, vec![(1, 28)]);
        let text = "(x : 1, actors  :  [ () ])";
        assert_eq!(scan(text).actors, vec![(1, 22)]);
    }

    #[test]
    fn other_keys_and_long_words_open_no_section() {
        let text = r#"{"relationsx": [{}], "x": {"relations": [{}]}, "relations": [{}]}"#;
        assert_eq!(scan(text).relations, vec![(1, 62)]);
    }
}
