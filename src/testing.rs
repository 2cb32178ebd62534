//! Fixtures the unit tests share: small graphs written one relation a line
//! (`from kind to [date] [about=a,b]`), random graphs, a reproducible random source, and a graph
//! whose every text field is hostile for the exports.

use crate::model::{
    Actor, ActorKind, CountryCode, EventCounts, Evidence, Relation, RelationKind, Source, Span,
};
use crate::Graph;

/// A small deterministic generator for randomized tests: `next(n)` is in `0..n`.
pub fn random(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    }
}

/// `relations` random draws of a relation between actors `n0`, `n1`… (`actors` of
/// them) of one of `kinds`, one a line for [`graph`]; draws from an actor to itself
/// are dropped.
pub fn random_spec(
    next: &mut impl FnMut(u64) -> u64,
    actors: u64,
    relations: u64,
    kinds: &[&str],
) -> String {
    let mut spec = String::new();
    for _ in 0..relations {
        let (a, b) = (next(actors), next(actors));
        let kind = kinds[next(kinds.len() as u64) as usize];
        if a != b {
            spec += &format!("n{a} {kind} n{b}\n");
        }
    }
    spec
}

/// A graph with an actor per name used and a relation per line. Events without a date
/// get 2021-01-01; standing relations get none unless one is given (`since..until`).
pub fn graph(spec: &str) -> Graph {
    let mut graph = Graph::new();
    graph
        .add_source(Source {
            id: "src".parse().unwrap(),
            title: "Test".into(),
            publisher: "Testpub".into(),
            url: "https://example.org".into(),
            published: "2021".parse().unwrap(),
        })
        .unwrap();
    for (n, line) in spec
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (from, kind, to) = (words[0], words[1].parse().unwrap(), words[2]);
        let mut relation = Relation {
            id: format!("r{n}").parse().unwrap(),
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            kind,
            date: None,
            since: None,
            until: None,
            about: vec![],
            claimed_by: None,
            intensity: None,
            counts: None,
            evidence: vec![Evidence {
                source: "src".parse().unwrap(),
                quote: format!("quote {n}"),
                note: format!("note {n}"),
                confidence: None,
                span: None,
            }],
        };
        for word in &words[3..] {
            if let Some(about) = word.strip_prefix("about=") {
                relation.about = about.split(',').map(|a| a.parse().unwrap()).collect();
            } else if let Some((since, until)) = word.split_once("..") {
                relation.since = (!since.is_empty()).then(|| since.parse().unwrap());
                relation.until = (!until.is_empty()).then(|| until.parse().unwrap());
            } else {
                relation.date = Some(word.parse().unwrap());
            }
        }
        if !kind.is_standing() && relation.date.is_none() {
            relation.date = Some("2021-01-01".parse().unwrap());
        }
        let ids = [&relation.from, &relation.to]
            .into_iter()
            .chain(&relation.about);
        let ids: Vec<String> = ids.map(ToString::to_string).collect();
        for id in ids {
            if graph.actor(&id.parse().unwrap()).is_none() {
                graph
                    .add_actor(Actor {
                        id: id.parse().unwrap(),
                        name: id.to_uppercase(),
                        kind: ActorKind::State,
                        aliases: vec![],
                        country: None,
                        description: None,
                    })
                    .unwrap();
            }
        }
        graph.add_relation(relation).unwrap();
    }
    graph
}

/// A graph whose every text field is hostile.
pub fn nasty() -> Graph {
    let mut graph = Graph::new();
    graph
        .add_source(Source {
            id: "src".parse().unwrap(),
            title: "Title with \"quotes\" & <html>".into(),
            publisher: "Pub\\lisher".into(),
            url: "https://example.org/?a=1&b=\"2\"".into(),
            published: "2021-03-08".parse().unwrap(),
        })
        .unwrap();
    for (id, name, kind, country) in [
        (
            "kalin",
            "İbrahim \"Kalın\"\nadviser",
            ActorKind::Person,
            Some("TUR"),
        ),
        (
            "html",
            "<html><script>alert(1)</script>]]>",
            ActorKind::Other,
            None,
        ),
        ("slash", r"back\slash \N \G", ActorKind::State, Some("TUR")),
    ] {
        graph
            .add_actor(Actor {
                id: id.parse().unwrap(),
                name: name.into(),
                kind,
                aliases: if id == "kalin" {
                    vec!["a;b".into(), "=cmd".into()]
                } else {
                    vec![]
                },
                country: country.map(|c| CountryCode::new(c).unwrap()),
                description: Some("line one\nline \"two\" \\ <b>".into()),
            })
            .unwrap();
    }
    for (id, from, to, kind) in [
        ("r1", "kalin", "html", RelationKind::Demand),
        ("r2", "kalin", "html", RelationKind::Criticize),
        ("r3", "html", "slash", RelationKind::MemberOf),
    ] {
        let standing = kind.is_standing();
        graph
            .add_relation(Relation {
                id: id.parse().unwrap(),
                from: from.parse().unwrap(),
                to: to.parse().unwrap(),
                kind,
                date: (!standing).then(|| "2021-03-08".parse().unwrap()),
                since: standing.then(|| "2019".parse().unwrap()),
                until: None,
                about: vec!["slash".parse().unwrap()],
                claimed_by: None,
                intensity: Some(-5.5),
                evidence: vec![Evidence {
                    source: "src".parse().unwrap(),
                    quote: "he said \"never\" <b>".into(),
                    note: "=HYPERLINK(\"x\") then\nnewline \\ ]]> Ağrı".into(),
                    confidence: Some(0.75),
                    span: Some(Span { start: 3, end: 22 }),
                }],
                counts: (id == "r1").then_some(EventCounts {
                    events: 3,
                    mentions: 12,
                    sources: 4,
                    articles: 10,
                }),
            })
            .unwrap();
    }
    graph
}
