//! The lexicon: trigger words and phrases that state a relation (`urged`, `imposed sanctions
//! on`, `bought … from`), and agent nouns that stand for a state (`foreign minister`).
//!
//! Triggers come from `data/extract/triggers.tsv` (made by hand, with flags for where the
//! target is) and then `data/extract/petrarch-verbs.tsv` (PETRARCH2's CAMEO verbs, plain
//! verbs only); their CAMEO codes become relation kinds through [`RelationKind::from_cameo`],
//! the table GDELT imports use. Agents come from `agents.tsv` then `petrarch-agents.tsv`.

use rustc_hash::FxHashMap;

use super::text::{longest, Token};
use crate::error::{Error, Result};
use crate::model::RelationKind;

const TRIGGERS: &str = include_str!("../../data/extract/triggers.tsv");
const PETRARCH_VERBS: &str = include_str!("../../data/extract/petrarch-verbs.tsv");
const AGENTS: &str = include_str!("../../data/extract/agents.tsv");
const PETRARCH_AGENTS: &str = include_str!("../../data/extract/petrarch-agents.tsv");

/// The longest trigger or agent phrase, in words.
const MAX_WORDS: usize = 5;

/// How sure a hand-made trigger is, before the rules adjust it.
const CURATED: f64 = 0.8;
/// How sure a converted PETRARCH verb is: they over-code, so less.
const CONVERTED: f64 = 0.55;

/// Verbs of PETRARCH's dictionary that state too little to code without its patterns
/// (`say` is a comment with no target; `make`, `hold` need their object).
const VAGUE: &[&str] = &[
    "say", "tell", "make", "hold", "take", "give", "get", "go", "come", "see", "put", "set",
    "have", "be", "do", "keep", "let", "seem", "leave", "bring", "turn", "run", "move", "play",
    "use", "need", "want", "add", "note", "state", "report", "announce", "believe", "think",
    "expect", "include", "end", "open", "start", "begin", "continue", "remain", "show", "hope",
    "plan", "try", "seek", "look", "work", "help", "allow", "consider", "face", "pay",
];

/// A trigger: what relation it states and where its target is.
#[derive(Clone, Debug)]
pub(crate) struct Trigger {
    pub kind: RelationKind,
    /// The phrase as the lexicon writes it, for notes.
    pub phrase: Box<str>,
    /// A noun phrase: the source is the actor just before it.
    pub noun: bool,
    /// The word after which the target comes (`from` in `bought … from`).
    pub target_after: Option<Box<str>>,
    /// The target acts and the source undergoes (`sold … to`: the buyer is `from`).
    pub reverse: bool,
    /// The target must follow the trigger at once.
    pub adjacent: bool,
    /// A word that must follow in the clause (its start: `terror`).
    pub needs: Option<Box<str>>,
    pub confidence: f64,
}

/// Which form of a verb matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Base, third person or a noun.
    Plain,
    /// Past tense or past participle (`sanctioned`): passive when a form of `be` precedes.
    Past,
    /// Present participle (`urging`).
    Ing,
}

/// A role an agent noun gives a person: heads of state lead, the rest represent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Leads,
    Represents,
}

impl Role {
    pub fn kind(self) -> RelationKind {
        match self {
            Self::Leads => RelationKind::Leads,
            Self::Represents => RelationKind::Represents,
        }
    }
}

/// Triggers and agents, indexed by their folded words.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexicon {
    pub triggers: Vec<Trigger>,
    trigger_keys: FxHashMap<Box<str>, (u32, Form)>,
    agent_keys: FxHashMap<Box<str>, Role>,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn new() -> Result<Self> {
        let mut lexicon = Self::default();
        lexicon.load_triggers("data/extract/triggers.tsv", TRIGGERS)?;
        lexicon.load_verbs("data/extract/petrarch-verbs.tsv", PETRARCH_VERBS)?;
        lexicon.load_agents(AGENTS, |role| match role {
            "leads" => Some(Role::Leads),
            "represents" => Some(Role::Represents),
            _ => None,
        });
        lexicon.load_agents(PETRARCH_AGENTS, |_| Some(Role::Represents));
        Ok(lexicon)
    }

    fn load_triggers(&mut self, path: &'static str, text: &str) -> Result<()> {
        for (n, line) in data_lines(text) {
            let parse = |message: String| Error::Parse {
                path: path.into(),
                line: n,
                col: 1,
                message,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [phrase, code, flags] = fields[..] else {
                return Err(parse(format!(
                    "expected 3 tab-separated fields, found {}",
                    fields.len()
                )));
            };
            let kind = RelationKind::from_cameo(code)
                .or_else(|| code.parse().ok())
                .ok_or_else(|| {
                    parse(format!(
                        "`{code}` is neither a CAMEO event code nor a relation kind"
                    ))
                })?;
            let mut trigger = Trigger {
                kind,
                phrase: phrase.split('|').next().unwrap_or(phrase).into(),
                noun: false,
                target_after: None,
                reverse: false,
                adjacent: false,
                needs: None,
                confidence: CURATED,
            };
            for flag in flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                match flag.split_once('=') {
                    None if flag == "noun" => trigger.noun = true,
                    None if flag == "reverse" => trigger.reverse = true,
                    None if flag == "adjacent" => trigger.adjacent = true,
                    Some(("to", word)) => trigger.target_after = Some(word.into()),
                    Some(("needs", word)) => trigger.needs = Some(word.into()),
                    _ => return Err(parse(format!("unknown flag `{flag}`"))),
                }
            }
            let noun = trigger.noun;
            self.add_trigger(trigger, phrase, noun).map_err(parse)?;
        }
        Ok(())
    }

    /// PETRARCH's verbs: one word or phrase, its irregular forms, a CAMEO code.
    fn load_verbs(&mut self, path: &'static str, text: &str) -> Result<()> {
        for (n, line) in data_lines(text) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [verb, irregular, code] = fields[..] else {
                return Err(Error::Parse {
                    path: path.into(),
                    line: n,
                    col: 1,
                    message: format!("expected 3 tab-separated fields, found {}", fields.len()),
                });
            };
            let Some(kind) = RelationKind::from_cameo(code) else {
                continue;
            };
            if VAGUE.contains(&verb) || verb.contains(' ') || kind == RelationKind::Comment {
                continue;
            }
            let trigger = Trigger {
                kind,
                phrase: verb.into(),
                noun: false,
                target_after: None,
                reverse: false,
                adjacent: true,
                needs: None,
                confidence: CONVERTED,
            };
            let Ok(index) = u32::try_from(self.triggers.len()) else {
                continue;
            };
            self.triggers.push(trigger);
            for (form, shape) in inflect(verb) {
                self.trigger_keys
                    .entry(form.into())
                    .or_insert((index, shape));
            }
            for form in irregular.split('|').filter(|f| !f.is_empty()) {
                let shape = if form.ends_with("ing") {
                    Form::Ing
                } else if form.ends_with('s') {
                    Form::Plain
                } else {
                    Form::Past
                };
                self.trigger_keys
                    .entry(form.into())
                    .or_insert((index, shape));
            }
        }
        Ok(())
    }

    /// Indexes a hand-made trigger under each form of its phrase; an error message when the
    /// phrase is malformed.
    fn add_trigger(
        &mut self,
        trigger: Trigger,
        phrase: &str,
        noun: bool,
    ) -> std::result::Result<(), String> {
        let Ok(index) = u32::try_from(self.triggers.len()) else {
            return Ok(());
        };
        self.triggers.push(trigger);
        let (head, rest) = match phrase.split_once(' ') {
            Some((head, rest)) => (head, Some(rest)),
            None => (phrase, None),
        };
        if rest.is_some_and(|rest| rest.contains('|')) {
            return Err(format!(
                "`{phrase}`: list the first word's forms, then the rest once (`meet|meets|met|met|meeting with`)"
            ));
        }
        let forms: Vec<(String, Form)> = if noun {
            vec![(head.to_owned(), Form::Plain)]
        } else if head.contains('|') {
            head.split('|')
                .enumerate()
                .map(|(i, form)| {
                    (
                        form.to_owned(),
                        [Form::Plain, Form::Plain, Form::Past, Form::Past, Form::Ing][i.min(4)],
                    )
                })
                .collect()
        } else {
            inflect(head)
        };
        for (form, shape) in forms {
            let key = match rest {
                Some(rest) => format!("{form} {rest}"),
                None => form,
            };
            self.trigger_keys
                .entry(key.into())
                .or_insert((index, shape));
        }
        Ok(())
    }

    fn load_agents(&mut self, text: &str, role: impl Fn(&str) -> Option<Role>) {
        for (_, line) in data_lines(text) {
            let Some((phrase, code)) = line.split_once('\t') else {
                continue;
            };
            let Some(role) = role(code.trim()) else {
                continue;
            };
            for form in [phrase.to_owned(), plural(phrase)] {
                let key: Vec<String> = super::text::tokenize(&form)
                    .iter()
                    .filter(|t| t.kind == super::text::TokenKind::Word)
                    .map(|t| t.folded.clone())
                    .collect();
                if !key.is_empty() && key.len() <= MAX_WORDS {
                    self.agent_keys.entry(key.join(" ").into()).or_insert(role);
                }
            }
        }
    }

    /// The longest trigger starting at `words[0]`: `(number of words, trigger, form)`.
    pub fn trigger(&self, words: &[&Token], buffer: &mut String) -> Option<(usize, usize, Form)> {
        longest(words, MAX_WORDS, buffer, |key, _| {
            self.trigger_keys
                .get(key)
                .map(|&(index, form)| (index as usize, form))
        })
        .map(|(n, (index, form))| (n, index, form))
    }

    /// The longest agent phrase starting at `words[0]`: `(number of words, role)`.
    pub fn agent(&self, words: &[&Token], buffer: &mut String) -> Option<(usize, Role)> {
        longest(words, MAX_WORDS, buffer, |key, _| {
            self.agent_keys.get(key).copied()
        })
    }
}

/// The lines of a data file that are neither blank nor comments, numbered from 1.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(n, line)| (n + 1, line))
}

/// A regular verb's forms: `urge`, `urges`, `urged`, `urging`.
pub(crate) fn inflect(verb: &str) -> Vec<(String, Form)> {
    let chars: Vec<char> = verb.chars().collect();
    let last = chars.last().copied().unwrap_or(' ');
    let before = chars
        .len()
        .checked_sub(2)
        .and_then(|i| chars.get(i))
        .copied()
        .unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    let stem = &verb[..verb.len() - last.len_utf8().min(verb.len())];
    let third = if verb.ends_with('s')
        || verb.ends_with('x')
        || verb.ends_with("ch")
        || verb.ends_with("sh")
        || verb.ends_with('z')
    {
        format!("{verb}es")
    } else if last == 'y' && !vowel(before) {
        format!("{stem}ies")
    } else {
        format!("{verb}s")
    };
    // Short verbs ending consonant-vowel-consonant double it: ban → banned, stop → stopping.
    let third_last = chars
        .len()
        .checked_sub(3)
        .and_then(|i| chars.get(i))
        .copied()
        .unwrap_or('a');
    let doubles = chars.len() <= 4
        && !vowel(last)
        && !"wxy".contains(last)
        && vowel(before)
        && !vowel(third_last);
    let (past, ing) = if last == 'e' {
        (
            format!("{verb}d"),
            if before == 'e' {
                format!("{verb}ing")
            } else {
                format!("{stem}ing")
            },
        )
    } else if last == 'y' && !vowel(before) {
        (format!("{stem}ied"), format!("{verb}ing"))
    } else if doubles {
        (format!("{verb}{last}ed"), format!("{verb}{last}ing"))
    } else {
        (format!("{verb}ed"), format!("{verb}ing"))
    };
    vec![
        (verb.to_owned(), Form::Plain),
        (third, Form::Plain),
        (past, Form::Past),
        (ing, Form::Ing),
    ]
}

/// An agent phrase with its last word in the plural: `foreign minister` → `foreign ministers`.
fn plural(phrase: &str) -> String {
    if phrase.ends_with('s') {
        phrase.to_owned()
    } else if let Some(stem) = phrase.strip_suffix('y') {
        format!("{stem}ies")
    } else if let Some(stem) = phrase.strip_suffix("man") {
        format!("{stem}men")
    } else {
        format!("{phrase}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::{tokenize, TokenKind};

    #[test]
    fn inflections() {
        let forms = |verb: &str| {
            inflect(verb)
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(forms("urge"), ["urge", "urges", "urged", "urging"]);
        assert_eq!(forms("ban"), ["ban", "bans", "banned", "banning"]);
        assert_eq!(forms("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(
            forms("criticize"),
            ["criticize", "criticizes", "criticized", "criticizing"]
        );
        assert_eq!(forms("press"), ["press", "presses", "pressed", "pressing"]);
        assert_eq!(forms("warn"), ["warn", "warns", "warned", "warning"]);
        assert_eq!(forms("meet")[2], "meeted");
    }

    fn check(lexicon: &Lexicon, text: &str, expected: Option<(usize, RelationKind, Form)>) {
        let tokens = tokenize(text);
        let words: Vec<&Token> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        let found = lexicon
            .trigger(&words, &mut String::new())
            .map(|(n, index, form)| (n, lexicon.triggers[index].kind, form));
        assert_eq!(found, expected, "{text:?}");
    }

    #[test]
    fn triggers_by_phrase_and_form() {
        use RelationKind::*;
        let lexicon = Lexicon::new().unwrap();
        check(&lexicon, "called on", Some((2, Appeal, Form::Past)));
        check(&lexicon, "urging", Some((1, Demand, Form::Ing)));
        check(
            &lexicon,
            "imposed sanctions on",
            Some((3, Sanction, Form::Past)),
        );
        check(&lexicon, "met", Some((1, Consult, Form::Past)));
        check(&lexicon, "met with", Some((2, Consult, Form::Past)));
        check(
            &lexicon,
            "spoke by phone with",
            Some((4, Consult, Form::Past)),
        );
        check(&lexicon, "fired at", Some((2, Fight, Form::Past)));
        check(&lexicon, "bought", Some((1, Trade, Form::Past)));
        check(&lexicon, "sanctioned", Some((1, Sanction, Form::Past)));
        check(&lexicon, "warned", Some((1, Threaten, Form::Past)));
        check(&lexicon, "said", None);
        check(&lexicon, "Ankara", None);
        let agent = |text: &str| {
            let tokens = tokenize(text);
            let words: Vec<&Token> = tokens.iter().collect();
            lexicon.agent(&words, &mut String::new())
        };
        assert_eq!(agent("foreign minister"), Some((2, Role::Represents)));
        assert_eq!(agent("Prime Minister"), Some((2, Role::Leads)));
        assert_eq!(agent("officials"), Some((1, Role::Represents)));
        assert_eq!(agent("spokesmen"), Some((1, Role::Represents)));
    }
}
