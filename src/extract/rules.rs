//! The rules, applied sentence by sentence: find the actors (gazetteer, agent phrases,
//! appositives), then for each trigger its source and target (voice, compound actors,
//! coreference), its mood (negation, denial, refusal, intent, hedges) and who says so
//! (reported speech). Each rule is a small named method of [`Document`].

use rustc_hash::FxHashMap;

use super::clause::{self, Anaphor};
use super::lexicon::{Form, Role};
use super::text::{Sentence, Token, TokenKind};
use super::Extractor;
use crate::model::{ActorKind, CountryCode, Date, RelationKind};

/// An actor of the document: one the gazetteer knows, or a person the article introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Entity {
    Known(usize),
    New(usize),
}

/// A person named in an agent phrase that no dictionary knows (`Deputy Foreign Minister
/// Sergei Ryabkov` when Ryabkov is missing).
#[derive(Clone, Debug)]
pub(crate) struct NewActor {
    pub name: String,
    pub country: Option<CountryCode>,
}

/// A relation the rules propose.
#[derive(Clone, Debug)]
pub(crate) struct Proposal {
    pub from: Entity,
    pub to: Entity,
    pub kind: RelationKind,
    pub about: Vec<Entity>,
    pub claimed_by: Option<Entity>,
    pub date: Option<Date>,
    /// The supporting text, as a byte range of the article.
    pub quote: (usize, usize),
    pub confidence: f64,
    /// How the rules found it, for the evidence's note.
    pub how: String,
}

/// An actor mentioned in a sentence, by token range.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: Entity,
    /// Set when an agent phrase made it (`Turkish foreign minister` is Turkey).
    pub role: Option<Role>,
    /// A modifier inside a larger phrase (`Erdoğan’s` in `Erdoğan’s spokesperson`): neither
    /// source nor target.
    pub modifier: bool,
}

/// An agent noun found in a sentence: its token range and the role it gives.
pub(crate) type AgentNoun = (usize, usize, Role);

/// A trigger found in a sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub trigger: usize,
    pub form: Form,
}

/// The document being read: its new actors, proposals, and memory for coreference.
pub(crate) struct Document<'e> {
    pub ex: &'e Extractor,
    pub text: &'e str,
    pub published: Date,
    pub new_actors: Vec<NewActor>,
    /// Folded names (and surnames) of new actors.
    local: FxHashMap<String, Entity>,
    pub proposals: Vec<Proposal>,
    /// Every entity mentioned, with the byte range of its first mention.
    pub mentioned: FxHashMap<Entity, (usize, usize)>,
    /// The subjects of earlier sentences, latest last, for coreference.
    subjects: Vec<(usize, Entity)>,
    /// The last entity of each anaphor's sort, latest last.
    recent: Vec<(usize, Entity)>,
    /// Capitalised names that matched nothing, as byte ranges of the text, in order.
    pub unresolved: Vec<(usize, usize)>,
    buffer: String,
}

impl<'e> Document<'e> {
    pub fn new(ex: &'e Extractor, text: &'e str, published: Date) -> Self {
        Self {
            ex,
            text,
            published,
            new_actors: Vec::new(),
            local: FxHashMap::default(),
            proposals: Vec::new(),
            mentioned: FxHashMap::default(),
            subjects: Vec::new(),
            recent: Vec::new(),
            unresolved: Vec::new(),
            buffer: String::new(),
        }
    }

    /// The kind of an entity.
    pub fn kind(&self, entity: Entity) -> ActorKind {
        match entity {
            Entity::Known(i) => self.ex.gazetteer.entries[i].kind,
            Entity::New(_) => ActorKind::Person,
        }
    }

    /// Reads one sentence.
    pub fn sentence(&mut self, n: usize, sentence: &Sentence) {
        let tokens = &sentence.tokens;
        let (mut mentions, agents, hits) = self.scan(tokens);
        self.agent_phrases(tokens, &mut mentions, &agents);
        self.appositives(tokens, &mut mentions, &agents);
        self.adjectives(tokens, &mut mentions);
        for mention in &mentions {
            let range = (tokens[mention.start].start, tokens[mention.end - 1].end);
            self.mentioned.entry(mention.entity).or_insert(range);
        }
        let speaker = self.attribution(n, tokens, &mentions);
        let mut in_trigger = vec![false; tokens.len()];
        for hit in &hits {
            in_trigger[hit.start..hit.end]
                .iter_mut()
                .for_each(|t| *t = true);
        }
        let context = super::relation::Context {
            n,
            tokens,
            mentions: &mentions,
            speaker,
            published: self.published,
            hits: &hits,
            in_trigger,
        };
        for hit in &hits {
            if !mentions
                .iter()
                .any(|m| m.start <= hit.start && hit.start < m.end)
            {
                self.trigger(&context, hit);
            }
        }
        self.obligations(&context);
        self.possession(&context);
        self.remember(n, tokens, &mentions);
    }

    /// Finds mentions, agent nouns and triggers, left to right, longest first.
    fn scan(&mut self, tokens: &[Token]) -> (Vec<Mention>, Vec<AgentNoun>, Vec<Hit>) {
        let (mut mentions, mut agents, mut hits) = (Vec::new(), Vec::new(), Vec::new());
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == TokenKind::Punct {
                i += 1;
                continue;
            }
            let (words, positions) = window(tokens, i);
            let known = self
                .ex
                .gazetteer
                .longest(&words, &mut self.buffer)
                .map(|(n, e)| (n, Entity::Known(e)));
            let local = self.local_name(&words);
            let mention = match (known, local) {
                (Some(k), Some(l)) => Some(if l.0 > k.0 { l } else { k }),
                (k, l) => k.or(l),
            };
            if let Some((n, entity)) = mention {
                let end = positions[n - 1] + 1;
                mentions.push(Mention {
                    start: i,
                    end,
                    entity,
                    role: None,
                    modifier: false,
                });
                i = end;
                continue;
            }
            let agent = self.ex.lexicon.agent(&words, &mut self.buffer);
            let trigger = self.ex.lexicon.trigger(&words, &mut self.buffer);
            match (agent, trigger) {
                (Some((n, role)), t) if t.is_none_or(|(m, _, _)| n >= m) => {
                    let end = positions[n - 1] + 1;
                    agents.push((i, end, role));
                    i = end;
                }
                (_, Some((n, trigger, form))) => {
                    let end = positions[n - 1] + 1;
                    hits.push(Hit {
                        start: i,
                        end,
                        trigger,
                        form,
                    });
                    i = end;
                }
                _ => {
                    self.unknown_name(tokens, &mut i);
                }
            }
        }
        (mentions, agents, hits)
    }

    /// The longest name of a new actor at the start of `words`.
    fn local_name(&mut self, words: &[&Token]) -> Option<(usize, Entity)> {
        if self.local.is_empty() || !words.first()?.capital {
            return None;
        }
        let local = &self.local;
        super::text::longest(words, 4, &mut self.buffer, |key, _| local.get(key).copied())
    }

    /// Whether a known person's name starts at token `i` (`Mark Rutte` in `General Mark
    /// Rutte`; but `China` in `South China Sea` is part of a place's name).
    fn names_at(&mut self, tokens: &[Token], i: usize) -> bool {
        let (words, _) = window(tokens, i);
        self.ex
            .gazetteer
            .longest(&words, &mut self.buffer)
            .is_some_and(|(_, e)| self.ex.gazetteer.entries[e].kind == ActorKind::Person)
    }

    /// Records a run of capitalised words that matched nothing, unless it opens the sentence
    /// as a single word, and moves past it.
    fn unknown_name(&mut self, tokens: &[Token], i: &mut usize) {
        let start = *i;
        let mut end = start;
        while end < tokens.len()
            && tokens[end].kind == TokenKind::Word
            && tokens[end].capital
            && tokens[end].folded.chars().any(char::is_alphabetic)
            && !not_name(&tokens[end])
            && (end == start || !self.names_at(tokens, end))
        {
            end += 1;
        }
        let words = end - start;
        if words >= 2 || (words == 1 && start > 0) {
            let (from, to) = (tokens[start].start, tokens[end - 1].end);
            self.unresolved.push((from, to));
        }
        *i = end.max(start + 1);
    }

    /// Rule: agent phrases. `Turkish foreign minister` is Turkey; `Russian Deputy Foreign
    /// Minister Sergei Ryabkov` is Ryabkov, who represents Russia; `President Joe Biden` is
    /// Biden.
    fn agent_phrases(
        &mut self,
        tokens: &[Token],
        mentions: &mut Vec<Mention>,
        agents: &[AgentNoun],
    ) {
        for &(start, end, role) in agents {
            let owner = mentions.iter().position(|m| {
                let Some(gap) = tokens.get(m.end..start) else {
                    return false;
                };
                (gap.is_empty() || (gap.len() == 1 && gap[0].is("'s")))
                    && matches!(
                        self.kind(m.entity),
                        ActorKind::State
                            | ActorKind::InternationalOrganization
                            | ActorKind::GovernmentBody
                    )
            });
            let person = mentions
                .iter()
                .position(|m| m.start == end && self.kind(m.entity) == ActorKind::Person);
            let person = match person {
                Some(index) => Some(index),
                None => self
                    .new_person(tokens, end, owner.map(|o| mentions[o].entity))
                    .map(|mention| {
                        mentions.push(mention);
                        mentions.len() - 1
                    }),
            };
            match (owner, person) {
                (Some(o), Some(p)) => {
                    let (owner, person) = (mentions[o].entity, mentions[p].entity);
                    let quote = (
                        tokens[mentions[o].start].start,
                        tokens[mentions[p].end - 1].end,
                    );
                    self.propose_link(person, role.kind(), owner, quote, 0.8, "an agent phrase");
                    mentions[p].start = mentions[o].start;
                    mentions[o].modifier = true;
                }
                (Some(o), None) => {
                    mentions[o].end = end;
                    mentions[o].role = Some(role);
                }
                (None, Some(p)) => mentions[p].start = start,
                (None, None) => {}
            }
        }
        mentions.retain(|m| !m.modifier);
        mentions.sort_by_key(|m| m.start);
    }

    /// A new person named by the capitalised words at `start` (two to four of them).
    fn new_person(
        &mut self,
        tokens: &[Token],
        start: usize,
        owner: Option<Entity>,
    ) -> Option<Mention> {
        let end = (start..tokens.len().min(start + 4))
            .take_while(|&i| {
                tokens[i].kind == TokenKind::Word && tokens[i].capital && !not_name(&tokens[i])
            })
            .last()?
            + 1;
        if end - start < 2 {
            return None;
        }
        let name = self.text[tokens[start].start..tokens[end - 1].end].to_owned();
        let country = owner.and_then(|o| match o {
            Entity::Known(i) => self.ex.gazetteer.entries[i].country.clone(),
            Entity::New(_) => None,
        });
        let entity = Entity::New(self.new_actors.len());
        self.new_actors.push(NewActor { name, country });
        let words: Vec<&str> = tokens[start..end]
            .iter()
            .map(|t| t.folded.as_str())
            .collect();
        self.local.insert(words.join(" "), entity);
        if let Some(last) = words.last() {
            self.local.entry((*last).to_owned()).or_insert(entity);
        }
        // The name is no longer unresolved; only this sentence's names, last in the list,
        // can be inside it.
        let (from, to) = (tokens[start].start, tokens[end - 1].end);
        let tail = self.unresolved.partition_point(|&(at, _)| at < from);
        let kept: Vec<(usize, usize)> = self
            .unresolved
            .drain(tail..)
            .filter(|&(at, _)| at > to)
            .collect();
        self.unresolved.extend(kept);
        Some(Mention {
            start,
            end,
            entity,
            role: None,
            modifier: false,
        })
    }

    /// Rule: appositives. `Ibrahim Kalın, Erdoğan’s spokesperson` represents Erdoğan;
    /// `Hakan Fidan, the Turkish foreign minister` represents Turkey. The owner in the
    /// appositive becomes a modifier, neither source nor target.
    fn appositives(&mut self, tokens: &[Token], mentions: &mut [Mention], agents: &[AgentNoun]) {
        for i in 1..mentions.len() {
            let (head, owner) = (&mentions[i - 1], &mentions[i]);
            let Some(gap) = tokens.get(head.end..owner.start) else {
                continue;
            };
            let comma = !gap.is_empty()
                && gap[0].is(",")
                && gap.len() <= 2
                && gap[1..].iter().all(|t| t.is("the"));
            if !comma || self.kind(head.entity) != ActorKind::Person {
                continue;
            }
            let role = owner.role.or_else(|| {
                let after = tokens
                    .get(owner.end)
                    .filter(|t| t.is("'s"))
                    .map(|_| owner.end + 1)?;
                agents
                    .iter()
                    .find(|(start, _, _)| *start == after)
                    .map(|(_, _, role)| *role)
            });
            if let Some(role) = role {
                let (person, target) = (head.entity, owner.entity);
                let quote = (tokens[head.start].start, tokens[owner.end - 1].end);
                self.propose_link(person, role.kind(), target, quote, 0.75, "an appositive");
                mentions[i].modifier = true;
            }
        }
    }

    /// Rule: a state's adjective before a weapon (`Russian S-400`) says who makes it (the
    /// gazetteer's link), not who acts: a modifier, neither source nor target. Before other
    /// nouns it stands for the state (`Russian troops`, `Ukrainian cities`), as in CAMEO.
    /// Any actor right before a person (`Saudi Crown Prince Mohammed bin Salman`, `U.S.
    /// President Donald Trump`) qualifies the person, who is the one acting.
    fn adjectives(&self, tokens: &[Token], mentions: &mut [Mention]) {
        for i in 0..mentions.len() {
            let m = &mentions[i];
            let before_person = mentions.get(i + 1).is_some_and(|n| {
                n.start == m.end
                    && !n.modifier
                    && self.kind(n.entity) == ActorKind::Person
                    && self.kind(m.entity) != ActorKind::Person
            });
            if before_person && !m.modifier {
                mentions[i + 1].start = mentions[i].start;
                mentions[i].modifier = true;
                continue;
            }
            if m.role.is_some() || m.end - m.start != 1 || self.kind(m.entity) != ActorKind::State {
                continue;
            }
            let Entity::Known(index) = m.entity else {
                continue;
            };
            if crate::resolve::fold(&self.ex.gazetteer.entries[index].name)
                == tokens[m.start].folded
            {
                continue;
            }
            let next_is_weapon = mentions.get(i + 1).is_some_and(|n| {
                n.start == m.end
                    && matches!(
                        self.kind(n.entity),
                        ActorKind::WeaponSystem | ActorKind::Programme
                    )
            });
            if next_is_weapon {
                mentions[i].modifier = true;
            }
        }
    }

    /// Proposes a standing relation unless the base graph has it.
    pub(crate) fn propose_link(
        &mut self,
        from: Entity,
        kind: RelationKind,
        to: Entity,
        quote: (usize, usize),
        confidence: f64,
        how: &str,
    ) {
        if from == to {
            return;
        }
        if let (Entity::Known(a), Entity::Known(b)) = (from, to) {
            let entries = &self.ex.gazetteer.entries;
            if self
                .ex
                .standing
                .contains(&(entries[a].id.clone(), kind, entries[b].id.clone()))
            {
                return;
            }
        }
        self.proposals.push(Proposal {
            from,
            to,
            kind,
            about: Vec::new(),
            claimed_by: None,
            date: None,
            quote,
            confidence,
            how: how.to_owned(),
        });
    }

    /// Rule: reported speech. `…, Kalın said`, `said Kalın`, `Ankara says …`, `according to
    /// …`: the speaker and the token range of what they say.
    fn attribution(
        &self,
        n: usize,
        tokens: &[Token],
        mentions: &[Mention],
    ) -> Option<(Entity, usize, usize)> {
        for (i, token) in tokens.iter().enumerate() {
            let according = token.is("according") && tokens.get(i + 1).is_some_and(|t| t.is("to"));
            if !according && !token.is_any(clause::SPEECH) {
                continue;
            }
            let after = if according { i + 2 } else { i + 1 };
            let before = mentions
                .iter()
                .rev()
                .find(|m| !m.modifier && m.end <= i && i - m.end <= 1);
            let next = mentions
                .iter()
                .find(|m| !m.modifier && m.start >= after && m.start - after <= 1);
            let pronoun = (i > 0)
                .then(|| clause::anaphor(tokens, i - 1))
                .flatten()
                .and_then(|(a, _)| self.resolve(a, n, None));
            // `X said …` opens the sentence: the speech follows.
            if let Some(m) = before.filter(|m| {
                !according
                    && tokens[..m.start]
                        .iter()
                        .all(|t| t.kind == TokenKind::Punct || t.is("the"))
            }) {
                return Some((m.entity, after, tokens.len()));
            }
            let speaker = if according {
                next.map(|m| m.entity)
            } else {
                before
                    .map(|m| m.entity)
                    .or(next.map(|m| m.entity))
                    .or(pronoun)
            };
            if let Some(speaker) = speaker {
                let first = if according {
                    i
                } else {
                    before.map_or(i, |m| m.start)
                };
                return Some((speaker, 0, first));
            }
        }
        None
    }

    /// Resolves an anaphor to the latest fitting subject of this or the two sentences
    /// before, or the latest fitting actor mentioned.
    pub(crate) fn resolve(
        &self,
        anaphor: Anaphor,
        n: usize,
        not: Option<Entity>,
    ) -> Option<Entity> {
        let fits = |entity: &Entity| self.fits(anaphor, *entity, not);
        let recent = |list: &[(usize, Entity)]| {
            list.iter()
                .rev()
                .take_while(|(s, _)| s + 2 >= n)
                .map(|(_, e)| *e)
                .find(fits)
        };
        match anaphor {
            Anaphor::Thing | Anaphor::Person => {
                recent(&self.subjects).or_else(|| recent(&self.recent))
            }
            _ => recent(&self.recent).or_else(|| recent(&self.subjects)),
        }
    }

    /// Whether an anaphor can refer to an entity (other than `not`).
    pub(crate) fn fits(&self, anaphor: Anaphor, entity: Entity, not: Option<Entity>) -> bool {
        let kind = self.kind(entity);
        Some(entity) != not
            && match anaphor {
                Anaphor::Person => kind == ActorKind::Person,
                Anaphor::Thing => matches!(
                    kind,
                    ActorKind::State
                        | ActorKind::InternationalOrganization
                        | ActorKind::GovernmentBody
                        | ActorKind::ArmedGroup
                ),
                Anaphor::State => kind == ActorKind::State,
                Anaphor::Organization => kind == ActorKind::InternationalOrganization,
                Anaphor::Group => kind == ActorKind::ArmedGroup,
                Anaphor::Speaker => false,
            }
    }

    /// Remembers the sentence's subject (its first actor not after a preposition) and every
    /// actor it mentions, for coreference.
    fn remember(&mut self, n: usize, tokens: &[Token], mentions: &[Mention]) {
        let subject = mentions
            .iter()
            .find(|m| !m.modifier && !after_preposition(tokens, m.start));
        if let Some(subject) = subject {
            self.subjects.push((n, subject.entity));
        }
        self.recent.extend(mentions.iter().map(|m| (n, m.entity)));
        let keep = self.recent.len().saturating_sub(64);
        self.recent.drain(..keep);
        let keep = self.subjects.len().saturating_sub(16);
        self.subjects.drain(..keep);
    }
}

/// Capitalised words that are not names: pronouns, articles, titles (and the months and
/// days: [`not_name`]).
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "i",
    "we",
    "our",
    "he",
    "she",
    "it",
    "its",
    "they",
    "their",
    "this",
    "that",
    "these",
    "those",
    "if",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "as",
    "for",
    "to",
    "of",
    "by",
    "with",
    "from",
    "after",
    "before",
    "when",
    "while",
    "what",
    "who",
    "why",
    "how",
    "there",
    "here",
    "then",
    "so",
    "yet",
    "also",
    "last",
    "next",
    "new",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "content",
    "updated",
    "you",
    "his",
    "her",
    "my",
    "your",
    "one",
    "some",
    "many",
    "all",
    "no",
    "not",
    "gmt",
];

/// Whether a capitalised word is not a name: a pronoun, article, title, month or day.
fn not_name(token: &Token) -> bool {
    token.is_any(NOT_NAMES) || super::date::is_calendar_word(&token.folded)
}

/// Whether the token before `start` is a preposition.
pub(crate) fn after_preposition(tokens: &[Token], start: usize) -> bool {
    start > 0 && tokens[start - 1].is_any(clause::PREPOSITIONS)
}

/// Up to [`super::gazetteer::MAX_WORDS`] words from token `i`, skipping apostrophes and
/// stopping at other punctuation; and the token index of each word.
fn window(tokens: &[Token], i: usize) -> (Vec<&Token>, Vec<usize>) {
    let mut words = Vec::with_capacity(8);
    let mut positions = Vec::with_capacity(8);
    for (j, token) in tokens.iter().enumerate().skip(i) {
        if token.kind == TokenKind::Punct {
            if matches!(token.folded.as_str(), "'" | "’") {
                continue;
            }
            break;
        }
        words.push(token);
        positions.push(j);
        if words.len() == super::gazetteer::MAX_WORDS {
            break;
        }
    }
    (words, positions)
}
