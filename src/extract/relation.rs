//! The rules that turn a trigger into relations: its source and target (active or passive
//! voice, compound actors, coreference, a noun's owner), its mood, and the claim it makes
//! in reported speech; and the rules without a trigger: obligations in reported speech,
//! possession, and the gazetteer's links.

use super::clause::{self, Anaphor, Mood};
use super::lexicon::Form;
use super::rules::{Document, Entity, Hit, Mention, Proposal};
use super::text::Token;
use crate::model::{ActorKind, Date, RelationKind};

/// What the trigger rules need to know about the sentence.
pub(crate) struct Context<'s> {
    pub n: usize,
    pub tokens: &'s [Token],
    pub mentions: &'s [Mention],
    /// The speaker and the token range of what they say.
    pub speaker: Option<(Entity, usize, usize)>,
    /// The article's date, which relative dates count from.
    pub published: Date,
    /// The sentence's triggers, in order.
    pub hits: &'s [Hit],
    /// Whether each token is part of a trigger.
    pub in_trigger: Vec<bool>,
}

impl Context<'_> {
    /// Whether the token before `start` is a preposition of its own (not the `on` of
    /// `called on`).
    pub fn after_preposition(&self, start: usize) -> bool {
        start > 0
            && !self.in_trigger[start - 1]
            && super::rules::after_preposition(self.tokens, start)
    }

    /// The date of an event stated in the clause from `start` to `end`: its own (`on
    /// Friday`, `in 2019`) or the article's.
    fn date(&self, start: usize, end: usize) -> Date {
        super::date::event_date(self.tokens.get(start..end).unwrap_or(&[]), self.published)
            .unwrap_or(self.published)
    }

    /// The speaker, when token `i` is inside what they say.
    fn speaker_of(&self, i: usize) -> Option<Entity> {
        self.speaker
            .filter(|&(_, from, to)| from <= i && i < to)
            .map(|(s, _, _)| s)
    }

    /// The mention `m` and those coordinated with it (`Turkey and Russia`, `A, B and C`).
    fn group(&self, m: usize) -> Vec<Entity> {
        let mut first = m;
        while first > 0
            && coordinated(
                self.tokens,
                &self.mentions[first - 1],
                &self.mentions[first],
            )
        {
            first -= 1;
        }
        let mut last = m;
        while last + 1 < self.mentions.len()
            && coordinated(self.tokens, &self.mentions[last], &self.mentions[last + 1])
        {
            last += 1;
        }
        self.mentions[first..=last]
            .iter()
            .filter(|m| !m.modifier)
            .map(|m| m.entity)
            .collect()
    }
}

/// Whether only `and`, `as well as` (and `the`, and a serial comma) separate two mentions;
/// a comma alone does (`A, B and C`) when an `and` follows.
fn coordinated(tokens: &[Token], a: &Mention, b: &Mention) -> bool {
    let joins = |gap: &[Token], comma_ok: bool| {
        !gap.is_empty()
            && gap
                .iter()
                .all(|t| t.is_any(&["and", ",", "the", "as", "well", "both"]))
            && gap.iter().any(|t| t.is("and") || (comma_ok && t.is(",")))
    };
    let gap = tokens.get(a.end..b.start).unwrap_or(&[]);
    joins(gap, false)
        || (joins(gap, true)
            && tokens
                .get(b.end..)
                .is_some_and(|rest| rest.iter().take(3).any(|t| t.is("and"))))
}

/// The most tokens between a trigger and its target.
const REACH: usize = 12;
/// The most tokens between a subject and its verb: appositives can be long.
const SUBJECT_REACH: usize = 24;

impl Document<'_> {
    /// Rule: one trigger. Finds the source and target for its voice, applies its mood and
    /// the speaker's claim, and proposes a relation for each source–target pair.
    pub(crate) fn trigger(&mut self, cx: &Context<'_>, hit: &Hit) {
        let trigger = &self.ex.lexicon.triggers[hit.trigger];
        let (clause_start, clause_end) = clause::clause(cx.tokens, hit.start);
        if let Some(needs) = &trigger.needs {
            let wanted = cx
                .tokens
                .get(hit.end..clause_end)
                .unwrap_or(&[])
                .iter()
                .any(|t| t.folded.starts_with(needs.as_ref()));
            if !wanted {
                return;
            }
        }
        let noun_use =
            !trigger.noun && hit.start > 0 && cx.tokens[hit.start - 1].is_any(clause::DETERMINERS);
        if noun_use {
            return; // `their meeting`, `an attack`: a noun, not the verb the lexicon means
        }
        let mood = clause::mood(cx.tokens, clause_start, hit.start);
        let mut kind = trigger.kind;
        let mut confidence = trigger.confidence;
        match mood {
            Mood::Negated | Mood::Hedged | Mood::Complement => return,
            Mood::Refused if kind.class() == crate::Class::Cooperation => {
                kind = RelationKind::Reject;
                confidence *= 0.8;
            }
            Mood::Refused => return,
            Mood::Intended => match kind.class() {
                crate::Class::Cooperation if kind != RelationKind::Offer => {
                    kind = RelationKind::Promise
                }
                crate::Class::Conflict => kind = RelationKind::Threaten,
                _ => {}
            },
            Mood::Fact => {}
        }
        let passive = hit.form == Form::Past
            && !trigger.noun
            && (clause::after_be(cx.tokens, clause_start, hit.start)
                || self.by_mention(cx, hit.end).is_some());
        let (sources, targets, how) = if passive {
            let Some(agent) = self.by_mention(cx, hit.end) else {
                return; // an agentless passive names no source
            };
            let Some(patient) = self.subject(cx, clause_start, hit.start, None) else {
                return;
            };
            (cx.group(agent), patient, "passive voice")
        } else {
            let sources = if trigger.noun {
                self.owner(cx, clause_start, hit.start).or_else(|| {
                    // `condemned the attack on …`: a noun that is the object of a verb of
                    // reaction is what the reaction is about, not a relation of the
                    // subject's (but `imposed sanctions on` is the subject's own).
                    if self.reacts_to(cx, clause_start, hit.start) {
                        return None;
                    }
                    confidence *= 0.8;
                    self.subject(cx, clause_start, hit.start, None)
                })
            } else {
                self.subject(cx, clause_start, hit.start, None)
            };
            let Some(sources) = sources else {
                return;
            };
            let exclude = sources.first().copied();
            let targets = self
                .object(cx, hit, clause_end, exclude)
                .unwrap_or_default();
            (
                sources,
                targets,
                if trigger.noun {
                    "a noun's owner"
                } else {
                    "active voice"
                },
            )
        };
        let (sources, targets) = if trigger.reverse {
            (targets, sources)
        } else {
            (sources, targets)
        };
        let about: Vec<Entity> = cx
            .mentions
            .iter()
            .filter(|m| {
                m.start >= hit.end
                    && m.end <= clause_end
                    && m.start - hit.end <= REACH
                    && matches!(
                        self.kind(m.entity),
                        ActorKind::WeaponSystem | ActorKind::Programme
                    )
            })
            .map(|m| m.entity)
            .collect();
        let speaker = cx.speaker_of(hit.start);
        let quote = self.quote(cx, hit, &sources, &targets, clause_start, clause_end);
        let date = (!kind.is_standing())
            .then(|| cx.date(hit.start.saturating_sub(4), (hit.end + 6).min(clause_end)));
        let (phrase, adjacent) = (trigger.phrase.clone(), trigger.adjacent);
        let pairs: Vec<(Entity, Entity)> =
            if targets.is_empty() && sources.len() > 1 && reciprocal(kind) && !adjacent {
                sources
                    .iter()
                    .flat_map(|&a| sources.iter().map(move |&b| (a, b)))
                    .collect()
            } else {
                sources
                    .iter()
                    .flat_map(|&a| targets.iter().map(move |&b| (a, b)))
                    .collect()
            };
        for (from, to) in pairs {
            if from == to
                || self.kind(to) == ActorKind::WeaponSystem
                    && !matches!(kind, RelationKind::Possesses | RelationKind::Produces)
            {
                continue;
            }
            let claimed_by = speaker.filter(|&s| s != from && s != to);
            self.proposals.push(Proposal {
                from,
                to,
                kind,
                about: about.iter().copied().filter(|&a| a != to).collect(),
                claimed_by,
                date,
                quote,
                confidence: confidence * if claimed_by.is_some() { 0.9 } else { 1.0 },
                how: format!(
                    "“{phrase}”, {how}{}",
                    if mood == Mood::Fact {
                        ""
                    } else {
                        ", as intent or refusal"
                    }
                ),
            });
        }
    }

    /// The actor after `by` just after a passive verb.
    fn by_mention(&self, cx: &Context<'_>, end: usize) -> Option<usize> {
        let at = clause::by_agent(cx.tokens, end)?;
        cx.mentions
            .iter()
            .position(|m| m.start == at || (m.start == at + 1 && cx.tokens[at].is("the")))
    }

    /// Rule: the subject of a verb, searched leftwards within the clause: the nearest actor
    /// not after a preposition, or an anaphor resolved to an earlier actor, or the speaker.
    fn subject(
        &self,
        cx: &Context<'_>,
        clause_start: usize,
        at: usize,
        not: Option<Entity>,
    ) -> Option<Vec<Entity>> {
        let mention = cx
            .mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.end <= at && m.start >= clause_start && at - m.end <= SUBJECT_REACH)
            .find(|(_, m)| {
                !m.modifier
                    && !cx.after_preposition(m.start)
                    && !matches!(
                        self.kind(m.entity),
                        ActorKind::WeaponSystem | ActorKind::Programme
                    )
            });
        let anaphor = (clause_start..at).rev().take(REACH).find_map(|i| {
            let (anaphor, len) = clause::anaphor(cx.tokens, i)?;
            (!cx.after_preposition(i) && !cx.tokens[i].is_any(&["its", "his", "her", "our"]))
                .then_some((i, anaphor, len))
        });
        match (mention, anaphor) {
            (Some((_, m)), Some((i, _, _))) if m.start > i => {
                Some(cx.group(cx.mentions.iter().position(|x| x.start == m.start)?))
            }
            (_, Some((i, Anaphor::Speaker, _))) => cx.speaker_of(i).map(|s| vec![s]),
            (_, Some((i, anaphor, _))) => self
                .antecedent(cx, i, anaphor, not)
                .or_else(|| self.resolve(anaphor, cx.n, not))
                .map(|e| vec![e]),
            (Some((index, _)), None) => Some(cx.group(index)),
            (None, None) => cx.speaker_of(at).map(|s| vec![s]),
        }
    }

    /// Rule: coreference within the sentence. An anaphor at token `at` refers to the
    /// speaker whose words it is in (`Israel's military said it struck…`), else to the
    /// first fitting subject before it in the sentence (`Turkey criticised Russia and it
    /// said…`).
    fn antecedent(
        &self,
        cx: &Context<'_>,
        at: usize,
        anaphor: Anaphor,
        not: Option<Entity>,
    ) -> Option<Entity> {
        if let Some(speaker) = cx.speaker_of(at) {
            if self.fits(anaphor, speaker, not) {
                return Some(speaker);
            }
        }
        cx.mentions
            .iter()
            .filter(|m| m.end <= at && !m.modifier && !cx.after_preposition(m.start))
            .map(|m| m.entity)
            .find(|&e| self.fits(anaphor, e, not))
    }

    /// Rule: a noun trigger's owner: the actor or possessive pronoun just before it (`US
    /// pressure`, `Turkey’s support`, `its support`).
    fn owner(&self, cx: &Context<'_>, clause_start: usize, at: usize) -> Option<Vec<Entity>> {
        let index = cx
            .mentions
            .iter()
            .position(|m| m.end == at || (m.end + 1 == at && cx.tokens[m.end].is("'s")));
        if let Some(index) = index {
            return Some(cx.group(index));
        }
        let before = at.checked_sub(1)?;
        let (anaphor, _) = clause::anaphor(cx.tokens, before)?;
        // `Washington should end its support`: the nearest fitting actor of the clause first.
        let near = cx
            .mentions
            .iter()
            .rev()
            .filter(|m| m.end <= before && m.start >= clause_start && !m.modifier)
            .find(|m| self.fits(anaphor, m.entity, None));
        match near {
            Some(m) => Some(vec![m.entity]),
            None => self.resolve(anaphor, cx.n, None).map(|e| vec![e]),
        }
    }

    /// Rule: the target, searched rightwards within the clause: after the trigger's word
    /// (`from` in `bought … from`) when it has one; at once for adjacent triggers; weapons
    /// and programmes are what the relation is about, not its target.
    fn object(
        &self,
        cx: &Context<'_>,
        hit: &Hit,
        clause_end: usize,
        not: Option<Entity>,
    ) -> Option<Vec<Entity>> {
        let trigger = &self.ex.lexicon.triggers[hit.trigger];
        // Inside reported speech, the target is inside it too (not the speaker after it).
        let clause_end = match cx.speaker {
            Some((_, start, end)) if start <= hit.start && hit.start < end => clause_end.min(end),
            _ => clause_end,
        };
        // After the trigger's word (`from` in `bought … from`); without it, a target right
        // after the verb and before `with` (`supplied North Korea with oil`).
        let after_word = trigger.target_after.as_ref().and_then(|word| {
            (hit.end..clause_end.min(hit.end + REACH)).find(|&i| cx.tokens[i].is(word))
        });
        let (from, adjacent) = match (&trigger.target_after, after_word) {
            (Some(_), Some(i)) => (i + 1, trigger.adjacent),
            (Some(_), None) => {
                let with = cx.mentions.iter().any(|m| {
                    m.start >= hit.end
                        && m.start - hit.end <= 1
                        && cx.tokens.get(m.end).is_some_and(|t| t.is("with"))
                });
                if !with {
                    return None;
                }
                (hit.end, true)
            }
            (None, _) => (hit.end, trigger.adjacent),
        };
        let reach = if adjacent { 3 } else { REACH };
        // Only articles, possessives and numbers between an adjacent trigger and its target
        // (`expelled two British diplomats`).
        let determiners = |m: &Mention| {
            !adjacent
                || cx.tokens[from..m.start]
                    .iter()
                    .all(|t| t.is_any(clause::OBJECT_DETERMINERS) || clause::is_quantity(t))
        };
        // `in Baghdad`, `near the border`: a place, not a target.
        let placed = |m: &Mention| {
            m.start > from
                && !cx.in_trigger[m.start - 1]
                && cx.tokens[m.start - 1].is_any(clause::LOCATIVES)
        };
        let index = cx.mentions.iter().position(|m| {
            m.start >= from
                && m.end <= clause_end
                && m.start - from <= reach
                && !m.modifier
                && determiners(m)
                && !placed(m)
                && !matches!(
                    self.kind(m.entity),
                    ActorKind::WeaponSystem | ActorKind::Programme | ActorKind::Media
                )
                || m.start >= from
                    && m.start - from <= reach
                    && determiners(m)
                    && self.kind(m.entity) == ActorKind::Media
                    && matches!(trigger.kind, RelationKind::Comment | RelationKind::Consult)
        });
        if let Some(index) = index {
            let between = from..cx.mentions[index].start;
            if cx.tokens[between.clone()].iter().any(clause::is_boundary)
                || self.next_verb(cx, between)
            {
                return None;
            }
            return Some(cx.group(index));
        }
        // `the country`, `the alliance`, `it` as objects: the nearest fitting actor before
        // them in the sentence, else the discourse's.
        let (at, anaphor) = (from..clause_end.min(from + reach + 1)).find_map(|i| {
            let (anaphor, _) = clause::anaphor(cx.tokens, i)?;
            let object =
                !cx.tokens[i].is_any(&["its", "his", "her", "our", "we", "i", "he", "she"]);
            (object && anaphor != Anaphor::Speaker && anaphor != Anaphor::Person)
                .then_some((i, anaphor))
        })?;
        let near = cx
            .mentions
            .iter()
            .rev()
            .filter(|m| m.end <= at && !m.modifier)
            .find(|m| self.fits(anaphor, m.entity, not));
        near.map(|m| m.entity)
            .or_else(|| self.resolve(anaphor, cx.n, not))
            .map(|e| vec![e])
    }

    /// Whether the noun at token `at` is the object of a verb of reaction, request or
    /// promise (`condemned the attack on`, `called for new sanctions on`, `pledged aid to`),
    /// whose object is an event: a few words between the two, none an actor or a mark.
    fn reacts_to(&self, cx: &Context<'_>, clause_start: usize, at: usize) -> bool {
        cx.hits
            .iter()
            .rev()
            .find(|h| h.end <= at && h.start >= clause_start)
            .is_some_and(|h| {
                use RelationKind::*;
                let between = h.end..at;
                between.len() <= 4
                    && cx.tokens[between.clone()]
                        .iter()
                        .all(|t| t.kind == super::text::TokenKind::Word)
                    && !cx
                        .mentions
                        .iter()
                        .any(|m| between.contains(&m.start) && !m.modifier)
                    && matches!(
                        self.ex.lexicon.triggers[h.trigger].kind,
                        Criticize
                            | Endorse
                            | Reject
                            | Protest
                            | Comment
                            | Demand
                            | Appeal
                            | Threaten
                            | Promise
                            | Offer
                    )
            })
    }

    /// Whether a coordinated verb starts in `range` (`condemned the strike and warned
    /// Washington`): what follows it is that verb's object.
    fn next_verb(&self, cx: &Context<'_>, range: std::ops::Range<usize>) -> bool {
        range.clone().any(|i| {
            cx.tokens[i].is("and") && (i + 1..(i + 3).min(range.end)).any(|j| cx.in_trigger[j])
        })
    }

    /// The quote for a relation: from its first actor or the trigger to its last.
    fn quote(
        &self,
        cx: &Context<'_>,
        hit: &Hit,
        sources: &[Entity],
        targets: &[Entity],
        start: usize,
        end: usize,
    ) -> (usize, usize) {
        // Each actor's mention nearest the trigger, so that an earlier mention (a
        // dateline's `ATHENS`) does not stretch the quote.
        let nearest = |e: &Entity| {
            cx.mentions
                .iter()
                .filter(|m| m.entity == *e && m.start >= start && m.end <= end)
                .min_by_key(|m| {
                    if m.start >= hit.end {
                        m.start - hit.end
                    } else {
                        hit.start.saturating_sub(m.end)
                    }
                })
                .map(|m| (m.start, m.end))
        };
        let spans: Vec<(usize, usize)> = sources
            .iter()
            .chain(targets)
            .filter_map(nearest)
            .chain([(hit.start, hit.end)])
            .collect();
        let first = spans.iter().map(|s| s.0).min().unwrap_or(hit.start);
        let last = spans.iter().map(|s| s.1).max().unwrap_or(hit.end);
        (
            cx.tokens[first].start,
            cx.tokens[last.max(first + 1) - 1].end,
        )
    }

    /// Rule: obligations in reported speech. `Washington should end its support…, Ankara
    /// says` is a demand of Turkey on the US; `should` appeals, `must` and `need to` demand.
    pub(crate) fn obligations(&mut self, cx: &Context<'_>) {
        for i in 0..cx.tokens.len() {
            let Some((len, demand)) = clause::obligation(cx.tokens, i) else {
                continue;
            };
            let Some(speaker) = cx.speaker_of(i) else {
                continue;
            };
            let subject = cx.mentions.iter().rev().find(|m| {
                m.end <= i && i - m.end <= 2 && !m.modifier && !cx.after_preposition(m.start)
            });
            let Some(subject) = subject else {
                continue;
            };
            if clause::mood(cx.tokens, subject.end, i) == Mood::Negated || subject.entity == speaker
            {
                continue;
            }
            let end = (i + len + 3).min(cx.tokens.len());
            self.proposals.push(Proposal {
                from: speaker,
                to: subject.entity,
                kind: if demand {
                    RelationKind::Demand
                } else {
                    RelationKind::Appeal
                },
                about: Vec::new(),
                claimed_by: None,
                date: Some(cx.date(subject.start, (i + 12).min(cx.tokens.len()))),
                quote: (cx.tokens[subject.start].start, cx.tokens[end - 1].end),
                confidence: 0.6,
                how: format!("“{}” in the speaker's words", cx.tokens[i].folded),
            });
        }
    }

    /// Rule: possession. `Turkey’s S-400s`, `its arsenal of S-400s`: the owner possesses the
    /// weapon.
    pub(crate) fn possession(&mut self, cx: &Context<'_>) {
        let weapons: Vec<&Mention> = cx
            .mentions
            .iter()
            .filter(|m| self.kind(m.entity) == ActorKind::WeaponSystem)
            .collect();
        for weapon in weapons {
            let from = weapon.start.saturating_sub(5);
            let owner = (from..weapon.start).find_map(|i| {
                let token = &cx.tokens[i];
                if token.is("'s") {
                    cx.mentions.iter().find(|m| m.end == i).map(|m| m.entity)
                } else if token.is_any(&["its", "their"]) {
                    let main = cx
                        .mentions
                        .iter()
                        .find(|m| m.end <= i && !m.modifier && !cx.after_preposition(m.start))
                        .map(|m| m.entity);
                    main.filter(|&e| self.fits(Anaphor::Thing, e, None))
                        .or_else(|| self.resolve(Anaphor::Thing, cx.n, None))
                } else {
                    None
                }
            });
            if let Some(owner) =
                owner.filter(|&o| matches!(self.kind(o), ActorKind::State | ActorKind::ArmedGroup))
            {
                let quote = (cx.tokens[from].start, cx.tokens[weapon.end - 1].end);
                self.propose_link(
                    owner,
                    RelationKind::Possesses,
                    weapon.entity,
                    quote,
                    0.6,
                    "a possessive",
                );
            }
        }
    }

    /// Rule: the gazetteer's links (`Erdoğan leads Turkey`, `the White House is part of the
    /// US`) between actors the article mentions, for actors new to the base graph.
    pub(crate) fn links(&mut self) {
        let mut mentioned: Vec<(Entity, (usize, usize))> =
            self.mentioned.iter().map(|(e, r)| (*e, *r)).collect();
        mentioned.sort();
        for (entity, range) in mentioned {
            let Entity::Known(index) = entity else {
                continue;
            };
            let entry = &self.ex.gazetteer.entries[index];
            let links: Vec<_> = entry.links.clone();
            for link in links {
                let other = Entity::Known(link.target);
                let Some(&other_range) = self.mentioned.get(&other) else {
                    continue;
                };
                let (from, to) = if link.reversed {
                    (other, entity)
                } else {
                    (entity, other)
                };
                let new = |e: Entity| matches!(e, Entity::Known(i) if !self.ex.gazetteer.entries[i].in_base);
                if new(from) || new(to) {
                    let quote = if link.reversed { other_range } else { range };
                    self.propose_link(
                        from,
                        link.kind,
                        to,
                        quote,
                        0.5,
                        "the gazetteer (background knowledge, not the article's words)",
                    );
                }
            }
        }
    }
}

/// Kinds that two coordinated actors do together: `Turkey and Russia agreed`.
fn reciprocal(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::Consult
            | RelationKind::Cooperate
            | RelationKind::Promise
            | RelationKind::AlliedWith
    )
}
