//! Sentences and tokens with offsets into the original text.
//!
//! A token is a word (letters and digits, with inner `.`, `-`, `'`, `’`, `&` or `/` kept:
//! `U.S`, `S-400`, `al-Assad`) or one punctuation character. A possessive `'s` is a token of
//! its own, so `NATO’s` is `NATO` + `’s`. Sentences end at `.`, `!` or `?` (and a closing
//! quote after them) followed by a space and a capital, an opening quote or a digit, unless
//! the word before the period is an abbreviation (`Mr.`, `Gen.`, `U.S.` before a name) or an
//! initial (`J. Smith`); a line break between paragraphs always ends a sentence.

use crate::resolve::fold;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters and digits.
    Word,
    /// One punctuation or symbol character.
    Punct,
}

/// One token: its kind, byte range in the text and folded form (for words).
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// Lowercase, without diacritics or inner punctuation (`U.S` → `us`); the character
    /// itself for punctuation.
    pub folded: String,
    /// Whether the token starts with an uppercase letter or a digit.
    pub capital: bool,
    /// Whether the token has letters and none of them is lowercase (`NATO`, `U.S.`).
    pub all_caps: bool,
    /// Whether the word kept a final period (`U.S.`).
    pub dotted: bool,
}

impl Token {
    /// Whether the token is the word `word` (folded).
    pub fn is(&self, word: &str) -> bool {
        self.folded == word
    }

    /// Whether the token is one of `words` (folded).
    pub fn is_any(&self, words: &[&str]) -> bool {
        words.contains(&self.folded.as_str())
    }
}

/// Characters kept inside a word when letters or digits follow them.
fn joins_word(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '’' | '&' | '/')
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    Tokens::new(text).collect()
}

/// The tokens of a text, one at a time, so that a long text is never tokenized whole.
pub(crate) struct Tokens<'t> {
    text: &'t str,
    chars: std::iter::Peekable<std::str::CharIndices<'t>>,
    /// Tokens made but not yet returned: a word's possessive `'s`, last first.
    pending: Vec<Token>,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            chars: text.char_indices().peekable(),
            pending: Vec::new(),
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        if let Some(token) = self.pending.pop() {
            return Some(token);
        }
        let text = self.text;
        loop {
            let (start, c) = self.chars.next()?;
            if c.is_alphanumeric() {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = self.chars.peek() {
                    if next.is_alphanumeric() {
                        end = i + next.len_utf8();
                        self.chars.next();
                    } else if joins_word(next)
                        && text[i + next.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                    {
                        self.chars.next();
                    } else {
                        break;
                    }
                }
                // `U.S.` keeps its last period: it is part of the name, not a full stop.
                let dotted = text[start..end].contains('.')
                    && text[end..].starts_with('.')
                    && text[start..end]
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .count()
                        <= 4;
                if dotted {
                    self.chars.next();
                    end += 1;
                }
                push_word(text, start, end, &mut self.pending);
                self.pending.reverse();
                return self.pending.pop();
            } else if !c.is_whitespace() {
                return Some(Token {
                    kind: TokenKind::Punct,
                    start,
                    end: start + c.len_utf8(),
                    folded: c.to_string(),
                    capital: false,
                    all_caps: false,
                    dotted: false,
                });
            }
        }
    }
}

/// Pushes a word, splitting off a possessive `'s`.
fn push_word(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let word = &text[start..end];
    let possessive = ["'s", "’s", "'S", "’S"]
        .iter()
        .find(|suffix| word.len() > suffix.len() && word.ends_with(*suffix));
    if let Some(suffix) = possessive {
        let cut = end - suffix.len();
        push_word(text, start, cut, tokens);
        tokens.push(word_token(text, cut, end, "'s".to_owned()));
        return;
    }
    tokens.push(word_token(text, start, end, fold(word)));
}

fn word_token(text: &str, start: usize, end: usize, folded: String) -> Token {
    let word = &text[start..end];
    let first = word.chars().next();
    Token {
        kind: TokenKind::Word,
        start,
        end,
        folded,
        capital: first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
        all_caps: word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase),
        dotted: word.ends_with('.'),
    }
}

/// The longest run of the first `max` of `words` whose folded forms, joined by spaces, `lookup`
/// knows: `(number of words, what it found)`. `lookup` is given the key and its number of
/// words; `buffer` is reused for the key.
pub(crate) fn longest<T>(
    words: &[&Token],
    max: usize,
    buffer: &mut String,
    mut lookup: impl FnMut(&str, usize) -> Option<T>,
) -> Option<(usize, T)> {
    buffer.clear();
    let mut best = None;
    for (n, word) in words.iter().take(max).enumerate() {
        if n > 0 {
            buffer.push(' ');
        }
        buffer.push_str(&word.folded);
        if let Some(found) = lookup(buffer, n + 1) {
            best = Some((n + 1, found));
        }
    }
    best
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "pres",
    "amb", "dept", "approx", "fig", "mt", "ft",
];

/// Words that usually open a sentence, after which a dotted abbreviation's period (`U.S.`)
/// ends the sentence.
const STARTERS: &[&str] = &[
    "the",
    "but",
    "it",
    "in",
    "on",
    "he",
    "she",
    "they",
    "we",
    "a",
    "an",
    "this",
    "that",
    "those",
    "these",
    "there",
    "its",
    "his",
    "her",
    "their",
    "meanwhile",
    "however",
    "i",
];

/// A sentence: its byte range and its tokens.
#[derive(Clone, Debug)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

/// The most tokens in a sentence: a longer run without a full stop (a table, a list, random
/// bytes) is cut there, so that the rules' work and memory per sentence stay bounded.
pub(crate) const MAX_SENTENCE: usize = 400;

/// Splits `text` into sentences of tokens, one at a time: only the sentence being read is
/// tokenized, so memory does not grow with the text.
pub(crate) fn sentences(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        tokens: Tokens::new(text).peekable(),
        held: None,
        before: None,
    }
}

/// The sentences of a text: see [`sentences`].
pub(crate) struct Sentences<'t> {
    text: &'t str,
    tokens: std::iter::Peekable<Tokens<'t>>,
    /// A token read that opens the next sentence (after a paragraph break).
    held: Option<Token>,
    /// The last token of the sentence before, which the next one's first may look back at.
    before: Option<Token>,
}

impl Iterator for Sentences<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        let mut current: Vec<Token> = Vec::new();
        while let Some(token) = self.held.take().or_else(|| self.tokens.next()) {
            if let Some(previous) = current.last() {
                if paragraph_break(self.text, previous.end, token.start) {
                    self.held = Some(token);
                    break;
                }
            }
            let before = current.last().or(self.before.as_ref());
            let ends = ends_sentence(before, &token, self.tokens.peek());
            current.push(token);
            if ends || current.len() >= MAX_SENTENCE {
                break;
            }
        }
        let (first, last) = (current.first()?, current.last()?);
        self.before = Some(last.clone());
        Some(Sentence {
            start: first.start,
            end: last.end,
            tokens: current,
        })
    }
}

/// Whether a blank line (or a line break before a capital after no punctuation, as between
/// a headline and the body) separates two tokens.
fn paragraph_break(text: &str, from: usize, to: usize) -> bool {
    let gap = text.get(from..to).unwrap_or("");
    gap.matches('\n').count() >= 2
        || (gap.contains('\n') && !gap.trim().is_empty())
        || gap.contains('\n')
            && text
                .get(from.saturating_sub(1)..from)
                .is_some_and(|c| !matches!(c, "," | ";" | ":" | "-"))
            && text[to..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
}

/// Whether `token` ends its sentence, given the tokens just before and after it.
fn ends_sentence(before: Option<&Token>, token: &Token, next: Option<&Token>) -> bool {
    let Some(next) = next else {
        return false;
    };
    if token.kind == TokenKind::Punct && matches!(token.folded.as_str(), "”" | "\"" | "’" | ")")
    {
        // A closing quote ends the sentence its period ended.
        return before.is_some_and(is_stop) && starts_sentence(next) && !glued(token, next);
    }
    if token.dotted {
        // `… sanctions on the U.S. The next day`: a dotted abbreviation ends a sentence
        // only before a word that usually opens one.
        return next.capital && next.is_any(STARTERS);
    }
    if !is_stop(token) || next.kind == TokenKind::Punct && is_closing(next) {
        return false;
    }
    if !starts_sentence(next) || glued(token, next) {
        return false;
    }
    if let Some(before) = before.filter(|_| token.folded == ".") {
        if before.end == token.start && before.kind == TokenKind::Word {
            let word = before.folded.as_str();
            let initial = word.chars().count() == 1 && before.capital;
            if initial || ABBREVIATIONS.contains(&word) {
                return false;
            }
        }
    }
    true
}

fn is_stop(token: &Token) -> bool {
    token.kind == TokenKind::Punct && matches!(token.folded.as_str(), "." | "!" | "?")
}

fn is_closing(token: &Token) -> bool {
    matches!(token.folded.as_str(), "”" | "\"" | "’" | ")")
}

/// Whether the next token can open a sentence.
fn starts_sentence(next: &Token) -> bool {
    next.capital
        || (next.kind == TokenKind::Punct
            && matches!(
                next.folded.as_str(),
                "“" | "\"" | "‘" | "(" | "•" | "-" | "–" | "—"
            ))
}

/// Whether two tokens touch (no space between): `3.5`, `a.m.`
fn glued(a: &Token, b: &Token) -> bool {
    a.end == b.start
}

/// The character offset of each byte offset that starts a token, for spans in characters.
pub(crate) struct CharIndex<'t> {
    text: &'t str,
    /// (byte, char) checkpoints every 4096 bytes, so a lookup counts at most that many bytes.
    checkpoints: Vec<(usize, usize)>,
}

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut checkpoints = vec![(0, 0)];
        let (mut chars, mut next) = (0usize, 4096usize);
        for (byte, _) in text.char_indices() {
            if byte >= next {
                checkpoints.push((byte, chars));
                next = byte + 4096;
            }
            chars += 1;
        }
        Self { text, checkpoints }
    }

    /// The number of characters before byte `offset` (a character boundary).
    pub fn chars(&self, offset: usize) -> usize {
        let at = self
            .checkpoints
            .partition_point(|&(byte, _)| byte <= offset);
        let (byte, chars) = self.checkpoints[at.saturating_sub(1)];
        chars + self.text.get(byte..offset).map_or(0, |s| s.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<&str> = sentences(text).map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, expected, "{text:?}");
    }

    #[test]
    fn sentence_splitting() {
        check(
            "Turkey warned the U.S. on Monday. Russia agreed.",
            &["Turkey warned the U.S. on Monday.", "Russia agreed."],
        );
        check(
            "Mr. Biden met Gen. Milley. It rained.",
            &["Mr. Biden met Gen. Milley.", "It rained."],
        );
        check(
            "J. R. Smith spoke. Then he left.",
            &["J. R. Smith spoke.", "Then he left."],
        );
        check(
            "The U.S. Army left. The EU stayed.",
            &["The U.S. Army left.", "The EU stayed."],
        );
        check(
            "Sanctions hit the U.S. The EU stayed.",
            &["Sanctions hit the U.S.", "The EU stayed."],
        );
        check(
            "“We agree.” Then he left.",
            &["“We agree.”", "Then he left."],
        );
        check(
            "“We agree,” Kalın said. Then he left.",
            &["“We agree,” Kalın said.", "Then he left."],
        );
        check(
            "A headline\n\nThe body starts here.",
            &["A headline", "The body starts here."],
        );
        check(
            "Headline without a stop\nThe body.",
            &["Headline without a stop", "The body."],
        );
        check(
            "It cost 3.5 billion. Yes.",
            &["It cost 3.5 billion.", "Yes."],
        );
        check("", &[]);
    }

    #[test]
    fn tokens_keep_offsets_and_split_possessives() {
        let text = "NATO’s chief met U.S. and S-400 makers.";
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            ["NATO", "’s", "chief", "met", "U.S.", "and", "S-400", "makers", "."]
        );
        assert_eq!(tokens[4].folded, "us");
        assert!(tokens[4].all_caps && tokens[0].all_caps && !tokens[2].capital);
        assert_eq!(tokens[1].folded, "'s");
    }

    #[test]
    fn character_offsets() {
        let text = "Kalın said ğ".repeat(1000);
        let index = CharIndex::new(&text);
        for (byte, _) in text.char_indices().step_by(97) {
            assert_eq!(index.chars(byte), text[..byte].chars().count());
        }
    }
}
