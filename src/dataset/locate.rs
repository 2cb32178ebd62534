//! Finds where each item of a data file starts, so that problems found after parsing
//! (a dangling id, a missing date) can name a line.
//!
//! serde hands us values without positions, so after a file has parsed successfully we
//! scan its text once more, tracking only brackets, strings and comments: every `(` or `{`
//! directly inside the `sources`, `actors` or `relations` list starts the next item. This
//! works for both RON and JSON because the file already parsed: the text is well-formed.

/// The start (line, column), both 1-based, of each item in each section.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ItemStarts {
    pub sources: Vec<(usize, usize)>,
    pub actors: Vec<(usize, usize)>,
    pub relations: Vec<(usize, usize)>,
}

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    col: usize,
}

impl Cursor<'_> {
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    /// Skips a quoted string whose opening quote was consumed, returning its raw content.
    fn string(&mut self) -> String {
        let mut content = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => break,
                _ => content.push(c),
            }
        }
        content
    }

    /// Skips a RON raw string `r#"…"#` after its `r`, with `hashes` `#` signs.
    fn raw_string(&mut self) {
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // the opening quote
        'outer: while let Some(c) = self.bump() {
            if c == '"' {
                for _ in 0..hashes {
                    if self.peek() != Some('#') {
                        continue 'outer;
                    }
                    self.bump();
                }
                return;
            }
        }
    }

    /// Skips a comment after its first `/`.
    fn comment(&mut self) {
        match self.bump() {
            Some('/') => while self.bump().is_some_and(|c| c != '\n') {},
            Some('*') => {
                let mut depth = 1;
                while depth > 0 {
                    match self.bump() {
                        Some('*') if self.peek() == Some('/') => {
                            self.bump();
                            depth -= 1;
                        }
                        Some('/') if self.peek() == Some('*') => {
                            self.bump();
                            depth += 1;
                        }
                        Some(_) => {}
                        None => return,
                    }
                }
            }
            _ => {}
        }
    }
}

/// Scans well-formed RON or JSON `text` for the starts of the items of each section.
pub(crate) fn item_starts(text: &str) -> ItemStarts {
    let mut starts = ItemStarts::default();
    let mut cursor = Cursor {
        chars: text.chars().peekable(),
        line: 1,
        col: 1,
    };
    let mut depth = 0usize;
    let mut last_word = String::new();
    let mut key = String::new();
    let mut section: Option<&mut Vec<(usize, usize)>> = None;
    loop {
        let (line, col) = (cursor.line, cursor.col);
        let Some(c) = cursor.bump() else { break };
        match c {
            '"' => last_word = cursor.string(),
            'r' if matches!(cursor.peek(), Some('#' | '"')) => cursor.raw_string(),
            '/' => cursor.comment(),
            ':' if depth == 1 => key = std::mem::take(&mut last_word),
            '(' | '[' | '{' => {
                if depth == 2 {
                    if let Some(items) = section.as_mut() {
                        items.push((line, col));
                    }
                }
                depth += 1;
                if c == '[' && depth == 2 {
                    section = match key.as_str() {
                        "sources" => Some(&mut starts.sources),
                        "actors" => Some(&mut starts.actors),
                        "relations" => Some(&mut starts.relations),
                        _ => None,
                    };
                }
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth < 2 {
                    section = None;
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                last_word.clear();
                last_word.push(c);
                while let Some(next) = cursor.peek().filter(|n| n.is_alphanumeric() || *n == '_') {
                    last_word.push(next);
                    cursor.bump();
                }
            }
            _ => {}
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let starts = item_starts(text);
        assert_eq!(starts.actors, vec![(6, 9), (7, 22)]);
        assert_eq!(starts.relations, vec![(9, 17)]);
        assert!(starts.sources.is_empty());
    }

    #[test]
    fn json_items() {
        let text =
            "{\n \"actors\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}\n ],\n \"relations\": []\n}";
        let starts = item_starts(text);
        assert_eq!(starts.actors, vec![(3, 3), (4, 3)]);
    }
}
