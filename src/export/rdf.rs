//! RDF as N-Triples, for SPARQL stores (Oxigraph, Jena, GraphDB…).
//!
//! The vocabulary lives in [`NS`] (`https://dipgraph.dev/ns#`, prefix `dg:`); actors,
//! relations, sources and evidence are named under [`DATA`]. Each relation is stated twice:
//!
//! - as a plain triple `actor dg:demand actor`, easy to query (left out when the relation is
//!   only a claim by a third party, since the store would take it as fact);
//! - as a reified statement (`rdf:Statement` with `rdf:subject`, `rdf:predicate`,
//!   `rdf:object`) named by the relation's IRI, which carries the dates, the `about` actors,
//!   the claimant, the weights and the evidence. Reification is plain RDF 1.1, so every
//!   store loads it; RDF-star would need a store that has it.
//!
//! Literals and IRIs are written by `oxrdf`, which escapes them per the N-Triples grammar.

use std::collections::HashSet;
use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{Literal, NamedNode, NamedNodeRef, Subject, Term, Triple};

use super::Exportable;
use crate::error::Result;
use crate::model::{Actor, ActorKind, Date, EventCounts, Evidence, Relation, RelationKind, Source};

/// The vocabulary namespace: classes (`dg:State`, `dg:Relation`), relation predicates
/// (`dg:demand`, `dg:memberOf`) and properties (`dg:date`, `dg:about`, `dg:evidence`).
pub const NS: &str = "https://dipgraph.dev/ns#";
/// The base of the data's IRIs: `…/actor/turkey`, `…/relation/{id}`, `…/source/{id}`.
pub const DATA: &str = "https://dipgraph.dev/id/";

/// Writes the graph as N-Triples: sources, then actors, then relations, each sorted by id.
///
/// ```
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let mut out = Vec::new();
/// dipgraph::export::rdf::write(&graph, &mut out)?;
/// assert!(String::from_utf8(out)?.lines().all(|line| line.ends_with(" .")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::Error::Write`] when writing fails.
pub fn write(graph: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
    let mut triples = Vec::new();
    for source in graph.sources() {
        source_triples(source, &mut triples);
    }
    let mut actors: Vec<&Actor> = graph.actors().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    for actor in actors {
        actor_triples(actor, &mut triples);
    }
    let mut relations: Vec<&Relation> = graph.relations().collect();
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    for relation in relations {
        relation_triples(relation, &mut triples);
    }
    // Two relations of one kind between the same actors assert the same plain triple; RDF
    // graphs are sets, so it is written once.
    let mut seen = HashSet::new();
    for triple in &triples {
        if seen.insert(triple) {
            writeln!(out, "{triple} .")?;
        }
    }
    Ok(())
}

/// A vocabulary term: `dg:{name}`.
fn vocab(name: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NS}{name}"))
}

/// A data IRI; ids are slugs, so they need no escaping.
fn resource(kind: &str, id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{DATA}{kind}/{id}"))
}

/// The predicate of a relation kind: `member_of` → `dg:memberOf`.
pub fn predicate(kind: RelationKind) -> NamedNode {
    vocab(&camel_case(kind.as_str(), false))
}

/// The class of an actor kind: `weapon_system` → `dg:WeaponSystem`.
pub fn class(kind: ActorKind) -> NamedNode {
    vocab(&camel_case(kind.as_str(), true))
}

fn camel_case(snake: &str, upper_first: bool) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = upper_first;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A date as a typed literal: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by precision.
fn date(date: Date) -> Literal {
    let datatype: NamedNodeRef<'_> = match (date.month(), date.day()) {
        (Some(_), Some(_)) => xsd::DATE,
        (Some(_), None) => xsd::G_YEAR_MONTH,
        _ => xsd::G_YEAR,
    };
    Literal::new_typed_literal(date.to_string(), datatype)
}

fn push(
    triples: &mut Vec<Triple>,
    subject: &NamedNode,
    predicate: impl Into<NamedNode>,
    object: impl Into<Term>,
) {
    triples.push(Triple::new(
        Subject::NamedNode(subject.clone()),
        predicate.into(),
        object.into(),
    ));
}

fn source_triples(source: &Source, triples: &mut Vec<Triple>) {
    let iri = resource("source", source.id.as_str());
    push(triples, &iri, rdf::TYPE, vocab("Source"));
    push(
        triples,
        &iri,
        rdfs::LABEL,
        Literal::new_simple_literal(&source.title),
    );
    push(
        triples,
        &iri,
        vocab("title"),
        Literal::new_simple_literal(&source.title),
    );
    push(
        triples,
        &iri,
        vocab("publisher"),
        Literal::new_simple_literal(&source.publisher),
    );
    push(
        triples,
        &iri,
        vocab("url"),
        Literal::new_typed_literal(&source.url, xsd::ANY_URI),
    );
    push(triples, &iri, vocab("published"), date(source.published));
}

fn actor_triples(actor: &Actor, triples: &mut Vec<Triple>) {
    let iri = resource("actor", actor.id.as_str());
    push(triples, &iri, rdf::TYPE, vocab("Actor"));
    push(triples, &iri, rdf::TYPE, class(actor.kind));
    push(
        triples,
        &iri,
        rdfs::LABEL,
        Literal::new_simple_literal(&actor.name),
    );
    push(
        triples,
        &iri,
        vocab("id"),
        Literal::new_simple_literal(actor.id.as_str()),
    );
    for alias in &actor.aliases {
        push(
            triples,
            &iri,
            vocab("alias"),
            Literal::new_simple_literal(alias),
        );
    }
    if let Some(country) = &actor.country {
        push(
            triples,
            &iri,
            vocab("country"),
            Literal::new_simple_literal(country.as_str()),
        );
    }
    if let Some(description) = &actor.description {
        push(
            triples,
            &iri,
            vocab("description"),
            Literal::new_simple_literal(description),
        );
    }
}

/// The triples of a relation: the plain triple (unless it is only a claim), then the reified
/// statement with what its kind says, its context, its tallies and its evidence.
fn relation_triples(relation: &Relation, triples: &mut Vec<Triple>) {
    let from = resource("actor", relation.from.as_str());
    let to = resource("actor", relation.to.as_str());
    let predicate = predicate(relation.kind);
    if relation.claimed_by.is_none() {
        push(triples, &from, predicate.clone(), to.clone());
    }
    let iri = resource("relation", relation.id.as_str());
    let mut statement = Statements {
        subject: &iri,
        triples,
    };
    statement.say(rdf::TYPE, rdf::STATEMENT);
    statement.say(rdf::TYPE, vocab("Relation"));
    statement.say(rdf::SUBJECT, from);
    statement.say(rdf::PREDICATE, predicate);
    statement.say(rdf::OBJECT, to);
    statement.say(
        vocab("id"),
        Literal::new_simple_literal(relation.id.as_str()),
    );
    kind_triples(relation, &mut statement);
    context_triples(relation, &mut statement);
    if let Some(counts) = &relation.counts {
        counts_triples(counts, &mut statement);
    }
    for (n, evidence) in relation.evidence.iter().enumerate() {
        let node = NamedNode::new_unchecked(format!("{}/evidence/{}", iri.as_str(), n + 1));
        push(triples, &iri, vocab("evidence"), node.clone());
        evidence_triples(
            evidence,
            &mut Statements {
                subject: &node,
                triples,
            },
        );
    }
}

/// Triples that share a subject.
struct Statements<'a> {
    subject: &'a NamedNode,
    triples: &'a mut Vec<Triple>,
}

impl Statements<'_> {
    fn say(&mut self, predicate: impl Into<NamedNode>, object: impl Into<Term>) {
        push(self.triples, self.subject, predicate, object);
    }
}

/// What the relation's kind says: its class, quad class, CAMEO and PLOVER codes, and the
/// Goldstein weight (with the relation's own `intensity`, when it overrides the kind's).
fn kind_triples(relation: &Relation, statement: &mut Statements) {
    let info = relation.kind.info();
    let class = camel_case(relation.kind.class().as_str(), true);
    statement.say(vocab("class"), vocab(&class));
    let quad_class = camel_case(info.quad_class.as_str(), true);
    statement.say(vocab("quadClass"), vocab(&quad_class));
    if let Some(cameo) = info.cameo {
        statement.say(vocab("cameo"), Literal::new_simple_literal(cameo));
    }
    if let Some(plover) = info.plover {
        statement.say(vocab("plover"), Literal::new_simple_literal(plover));
    }
    statement.say(vocab("goldstein"), Literal::from(relation.weight()));
    if let Some(intensity) = relation.intensity {
        statement.say(vocab("intensity"), Literal::from(intensity));
    }
}

/// When the relation holds, whom it is about and who claims it.
fn context_triples(relation: &Relation, statement: &mut Statements) {
    for (name, value) in [
        ("date", relation.date),
        ("since", relation.since),
        ("until", relation.until),
    ] {
        if let Some(value) = value {
            statement.say(vocab(name), date(value));
        }
    }
    for about in &relation.about {
        statement.say(vocab("about"), resource("actor", about.as_str()));
    }
    if let Some(claimant) = &relation.claimed_by {
        statement.say(vocab("claimedBy"), resource("actor", claimant.as_str()));
    }
}

/// The event-data tallies.
fn counts_triples(counts: &EventCounts, statement: &mut Statements) {
    statement.say(vocab("events"), Literal::from(counts.events));
    statement.say(vocab("mentions"), Literal::from(counts.mentions));
    statement.say(vocab("eventSources"), Literal::from(counts.sources));
    statement.say(vocab("articles"), Literal::from(counts.articles));
}

/// One piece of evidence, a node of its own.
fn evidence_triples(evidence: &Evidence, node: &mut Statements) {
    node.say(rdf::TYPE, vocab("Evidence"));
    node.say(
        vocab("source"),
        resource("source", evidence.source.as_str()),
    );
    if !evidence.quote.is_empty() {
        node.say(vocab("quote"), Literal::new_simple_literal(&evidence.quote));
    }
    node.say(vocab("note"), Literal::new_simple_literal(&evidence.note));
    if let Some(confidence) = evidence.confidence {
        node.say(vocab("confidence"), Literal::from(confidence));
    }
    if let Some(span) = evidence.span {
        node.say(vocab("spanStart"), Literal::from(span.start));
        node.say(vocab("spanEnd"), Literal::from(span.end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::nasty;

    #[test]
    fn names() {
        assert_eq!(
            predicate(RelationKind::DesignateTerrorist).as_str(),
            "https://dipgraph.dev/ns#designateTerrorist"
        );
        assert_eq!(
            predicate(RelationKind::Demand).as_str(),
            "https://dipgraph.dev/ns#demand"
        );
        assert_eq!(
            class(ActorKind::WeaponSystem).as_str(),
            "https://dipgraph.dev/ns#WeaponSystem"
        );
    }

    #[test]
    fn literals_are_escaped() {
        let mut out = Vec::new();
        write(&nasty(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(r#""İbrahim \"Kalın\"\nadviser""#), "{text}");
        assert!(text.contains(r#""back\\slash \\N \\G""#), "{text}");
        assert!(
            text.contains(r#""<html><script>alert(1)</script>]]>""#),
            "{text}"
        );
        assert!(
            text.contains(r#""2021-03-08"^^<http://www.w3.org/2001/XMLSchema#date>"#),
            "{text}"
        );
        assert!(
            text.contains(r#""2019"^^<http://www.w3.org/2001/XMLSchema#gYear>"#),
            "{text}"
        );
        assert!(text.contains(r#"<https://dipgraph.dev/ns#mentions> "12"^^<http://www.w3.org/2001/XMLSchema#integer> ."#), "{text}");
        // One line per triple: no raw line breaks inside literals.
        assert!(
            text.lines()
                .all(|l| l.starts_with('<') && l.ends_with(" .")),
            "{text}"
        );
    }
}
