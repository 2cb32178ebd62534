//! The closed word classes the rules look at, and the small judgements made from them:
//! where a clause ends, whether a trigger is negated, hedged, intended or passive, and who
//! is speaking.

use super::text::{Token, TokenKind};

/// Words that end a clause for the search of a source or a target.
const BOUNDARY_WORDS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "because", "however",
];

/// Punctuation that ends a clause (commas do not: lists and appositives hold them).
const BOUNDARY_MARKS: &[&str] = &[";", ":", "“", "”", "\"", "—", "–", "-", "?", "!"];

/// Prepositions: an actor right after one is not the subject of a verb.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "from",
    "of",
    "with",
    "to",
    "for",
    "against",
    "by",
    "over",
    "about",
    "towards",
    "toward",
    "into",
    "near",
    "across",
    "between",
    "within",
    "inside",
    "outside",
    "through",
    "under",
    "after",
    "before",
    "like",
    "than",
    "as",
    "among",
    "including",
];

/// Negations: a trigger after one (close before it) states nothing happened.
const NEGATIONS: &[&str] = &[
    "not", "never", "no", "didnt", "doesnt", "dont", "wont", "cannot", "cant", "hasnt", "havent",
    "hadnt", "isnt", "wasnt", "arent", "werent", "wouldnt", "shouldnt", "couldnt", "neither",
    "nor", "yet", "without",
];

/// Denials: `denied`, `rejected claims` before a trigger, and nothing happened as far as the
/// article says.
const DENIALS: &[&str] = &[
    "denied",
    "denies",
    "deny",
    "denying",
    "refuted",
    "dismissed",
    "disputed",
];

/// Refusals: `refused to meet` is a rejection of what the meeting would have been.
const REFUSALS: &[&str] = &[
    "refused", "refuses", "refuse", "declined", "declines", "decline", "failed", "fails",
];

/// Intent before `to`: `plans to sanction` is a threat, `pledged to help` a promise.
const INTENTS: &[&str] = &[
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intended",
    "wants",
    "want",
    "wanted",
    "agreed",
    "agree",
    "agrees",
    "pledged",
    "pledges",
    "vowed",
    "vows",
    "promised",
    "promises",
    "threatened",
    "threatens",
    "offered",
    "offers",
    "ready",
    "willing",
    "seeks",
    "sought",
    "going",
    "decided",
    "decides",
    "prepared",
    "aims",
    "hopes",
    "expected",
];

/// Modal verbs of intent or future: `will sanction` is a threat.
const FUTURES: &[&str] = &["will", "would", "shall"];

/// Modal verbs of possibility: `could strike` states nothing that happened.
const HEDGES: &[&str] = &[
    "could", "may", "might", "can", "if", "unless", "whether", "should", "must", "ought",
];

/// Forms of `be` that make a past participle passive.
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got",
];

/// Verbs of saying.
pub(crate) const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "noted",
    "argued",
    "argues",
    "claimed",
    "claims",
    "declared",
    "insisted",
    "insists",
    "wrote",
    "announced",
    "explained",
    "asserted",
    "alleged",
    "alleges",
    "believes",
    "reported",
];

/// Obligations in reported speech, and the kind of request each makes: `should` appeals,
/// `must`, `need to`, `has to` demand.
pub(crate) fn obligation(tokens: &[Token], i: usize) -> Option<(usize, bool)> {
    let word = tokens.get(i)?.folded.as_str();
    let next = tokens.get(i + 1).map(|t| t.folded.as_str());
    match (word, next) {
        ("should" | "ought", _) => Some((1, false)),
        ("must", _) => Some((1, true)),
        ("need" | "needs" | "has" | "have", Some("to")) => Some((2, true)),
        _ => None,
    }
}

/// Whether token `i` ends a clause.
pub(crate) fn is_boundary(token: &Token) -> bool {
    match token.kind {
        TokenKind::Punct => BOUNDARY_MARKS.contains(&token.folded.as_str()),
        TokenKind::Word => BOUNDARY_WORDS.contains(&token.folded.as_str()),
    }
}

/// The clause around token `i`: the tokens from just after the last boundary before it to
/// just before the next.
pub(crate) fn clause(tokens: &[Token], i: usize) -> (usize, usize) {
    let start = tokens[..i]
        .iter()
        .rposition(is_boundary)
        .map_or(0, |b| b + 1);
    let end = tokens[i..]
        .iter()
        .position(is_boundary)
        .map_or(tokens.len(), |b| i + b);
    (start, end)
}

/// What the words just before a trigger do to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mood {
    /// It happened (or happens).
    Fact,
    /// It is negated or denied: no relation.
    Negated,
    /// The source refused to do it: a rejection.
    Refused,
    /// The source intends or is about to do it: a promise or a threat.
    Intended,
    /// Only possible or conditional: no relation.
    Hedged,
    /// The complement of another verb (`urged Turkey to abandon`): not a relation of its own.
    Complement,
}

/// The mood of a trigger at token `at`, from the words between `from` and it.
pub(crate) fn mood(tokens: &[Token], from: usize, at: usize) -> Mood {
    let near = |n: usize| {
        tokens
            .get(from.max(at.saturating_sub(n))..at)
            .unwrap_or(&[])
    };
    let (window, close) = (near(5), near(3));
    let has = |words: &[&str]| window.iter().any(|t| t.is_any(words));
    let close_has = |words: &[&str]| close.iter().any(|t| t.is_any(words));
    let before_to = (at >= 2 && tokens[at - 1].is("to")).then(|| &tokens[at - 2]);
    // `denied reports that it had agreed to…`: a denial anywhere before in the clause.
    if tokens
        .get(from..at)
        .unwrap_or(&[])
        .iter()
        .any(|t| t.is_any(DENIALS))
    {
        return Mood::Negated;
    }
    // `accused China of supplying`, `blamed Iran for attacking`: the content of another
    // verb's charge, not a relation of its own.
    if at >= 1 && tokens[at - 1].is_any(&["of", "for"]) && tokens[at].folded.ends_with("ing") {
        return Mood::Complement;
    }
    // `is about to restore ties` states what is happening.
    let before_to = before_to.filter(|verb| !verb.is("about"));
    if let Some(verb) = before_to {
        if verb.is_any(REFUSALS) {
            return Mood::Refused;
        }
        if verb.is_any(INTENTS) || verb.is_any(&["is", "are", "be"]) {
            return if has(NEGATIONS) {
                Mood::Negated
            } else {
                Mood::Intended
            };
        }
        return Mood::Complement;
    }
    if close_has(NEGATIONS) {
        return Mood::Negated;
    }
    if near(4).iter().any(|t| t.is_any(HEDGES)) {
        return Mood::Hedged;
    }
    if close_has(FUTURES) {
        return Mood::Intended;
    }
    Mood::Fact
}

/// Whether a form of `be` comes just before token `at` (adverbs allowed): with a past form,
/// the trigger is passive.
pub(crate) fn after_be(tokens: &[Token], from: usize, at: usize) -> bool {
    tokens
        .get(from.max(at.saturating_sub(3))..at)
        .unwrap_or(&[])
        .iter()
        .rev()
        .take_while(|t| t.kind == TokenKind::Word)
        .any(|t| t.is_any(BE))
}

/// The token just after `by` when it follows a past form at once or after a short
/// complement (`recognised as terrorist by`), for a passive's agent; not after a noun
/// phrase (`condemned an attack by`).
pub(crate) fn by_agent(tokens: &[Token], end: usize) -> Option<usize> {
    let by = tokens
        .iter()
        .enumerate()
        .skip(end)
        .take(3)
        .take_while(|(_, t)| !is_boundary(t) && !t.is_any(DETERMINERS))
        .find(|(_, t)| t.is("by"))?
        .0;
    Some(by + 1)
}

/// Words allowed between a trigger that wants its target at once and the target (`met
/// the Turkish president`, `expelled its ambassador`).
pub(crate) const OBJECT_DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "his",
    "her",
    "their",
    "fellow",
    "several",
    "some",
    "dozens",
    "hundreds",
    "thousands",
    "more",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
];

/// Whether a token is a number written in digits (`30`, `1,200` is two).
pub(crate) fn is_quantity(token: &Token) -> bool {
    token.kind == TokenKind::Word && token.folded.bytes().all(|b| b.is_ascii_digit())
}

/// Prepositions of place: an actor right after one is where something happens (`in
/// Baghdad`), not a verb's target.
pub(crate) const LOCATIVES: &[&str] = &[
    "in",
    "near",
    "inside",
    "within",
    "outside",
    "across",
    "around",
    "throughout",
];

/// Words before a noun: a verb trigger after one is a noun (`their meeting`, `an attack`).
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "this", "that", "these", "those", "'s",
    "any", "no", "every", "such", "each", "my", "your",
];

/// A pronoun or noun phrase that refers back to an actor, and what sort of actor it wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anaphor {
    /// he, she: a person.
    Person,
    /// it, its: a state, organisation, body or group.
    Thing,
    /// the country: a state.
    State,
    /// the alliance, the bloc, the organisation: an international organisation.
    Organization,
    /// the group, the militants: an armed group.
    Group,
    /// we, I (in reported speech): the speaker.
    Speaker,
}

/// The anaphor at token `i` and how many tokens it spans.
pub(crate) fn anaphor(tokens: &[Token], i: usize) -> Option<(Anaphor, usize)> {
    let word = tokens.get(i)?.folded.as_str();
    let next = tokens.get(i + 1).map_or("", |t| t.folded.as_str());
    let found = match (word, next) {
        ("he" | "she" | "his" | "her", _) => (Anaphor::Person, 1),
        ("it" | "its", _) => (Anaphor::Thing, 1),
        ("we" | "i" | "our", _) => (Anaphor::Speaker, 1),
        ("the", "country" | "nation" | "government") => (Anaphor::State, 2),
        ("the", "alliance" | "bloc" | "organisation" | "organization") => {
            (Anaphor::Organization, 2)
        }
        ("the", "group" | "militants" | "rebels" | "militia" | "fighters" | "insurgents") => {
            (Anaphor::Group, 2)
        }
        _ => return None,
    };
    Some(found)
}
