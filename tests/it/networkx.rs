//! Cross-checks of the query algorithms against NetworkX on a random graph of 300 actors:
//! shortest-path lengths (hops and conflict costs), betweenness and PageRank, both
//! undirected and directed. Needs python3 with networkx (`.ci/run` installs it).

use std::collections::HashMap;
use std::process::Command;

use dipgraph::query::path::{path, PathOptions, Weight};
use dipgraph::query::rank::{rank, Centrality, RankOptions};
use dipgraph::query::Traversal;
use dipgraph::{Actor, ActorId, ActorKind, Evidence, Graph, Relation, RelationKind, Source};
use serde_json::{json, Value};

const ACTORS: usize = 300;
const RELATIONS: usize = 700;
const PAIRS: usize = 400;

/// A small deterministic generator (PCG-style LCG), so the graph is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A random graph: a sparse random part plus a few hubs, some parallel relations, and a
/// handful of isolated actors (so some pairs have no path).
fn random_graph() -> Graph {
    let mut graph = Graph::new();
    graph
        .add_source(Source {
            id: "src".parse().unwrap(),
            title: "Generated".into(),
            publisher: "Test".into(),
            url: "https://example.org".into(),
            published: "2021".parse().unwrap(),
        })
        .unwrap();
    for i in 0..ACTORS {
        graph
            .add_actor(Actor {
                id: ActorId::new(format!("a{i}")).unwrap(),
                name: format!("Actor {i}"),
                kind: ActorKind::State,
                aliases: vec![],
                country: None,
                description: None,
            })
            .unwrap();
    }
    let kinds: Vec<RelationKind> = RelationKind::all().filter(|k| !k.is_standing()).collect();
    let mut rng = Lcg(42);
    let mut n = 0;
    while n < RELATIONS {
        // The last 10 actors stay isolated; actors 0–4 are hubs that draw a third of the ties.
        let from = rng.below(ACTORS - 10);
        let to = if rng.below(3) == 0 {
            rng.below(5)
        } else {
            rng.below(ACTORS - 10)
        };
        if from == to {
            continue;
        }
        graph
            .add_relation(Relation {
                id: format!("r{n}").parse().unwrap(),
                from: ActorId::new(format!("a{from}")).unwrap(),
                to: ActorId::new(format!("a{to}")).unwrap(),
                kind: kinds[rng.below(kinds.len())],
                date: Some("2021-03-08".parse().unwrap()),
                since: None,
                until: None,
                about: vec![],
                claimed_by: None,
                intensity: None,
                counts: None,
                evidence: vec![Evidence {
                    source: "src".parse().unwrap(),
                    quote: String::new(),
                    note: "generated".into(),
                    confidence: None,
                    span: None,
                }],
            })
            .unwrap();
        n += 1;
    }
    graph
}

/// Runs tests/networkx_check.py on the graph, or `None` when networkx is missing outside CI.
fn networkx(graph: &Graph, pairs: &[(usize, usize)]) -> Option<Value> {
    let available = Command::new("python3")
        .args(["-c", "import networkx"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "networkx is required in CI: pip install networkx"
        );
        eprintln!("skipping: networkx not installed (pip install networkx)");
        return None;
    }
    let edges: Vec<Value> = graph
        .relations()
        .map(|r| json!([r.from.as_str(), r.to.as_str(), Weight::Conflict.cost(r)]))
        .collect();
    let nodes: Vec<&str> = graph.actors().map(|a| a.id.as_str()).collect();
    let pairs: Vec<Value> = pairs
        .iter()
        .map(|(a, b)| json!([format!("a{a}"), format!("a{b}")]))
        .collect();
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        input.path(),
        json!({"nodes": nodes, "edges": edges, "pairs": pairs}).to_string(),
    )
    .unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/networkx_check.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(input.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn close(x: f64, y: f64) -> bool {
    (x - y).abs() <= 1e-9
}

#[test]
fn networkx_agrees_on_paths_and_centrality() {
    let graph = random_graph();
    let mut rng = Lcg(7);
    let pairs: Vec<(usize, usize)> = (0..PAIRS)
        .map(|_| (rng.below(ACTORS), rng.below(ACTORS)))
        .filter(|(a, b)| a != b)
        .collect();
    let Some(expected) = networkx(&graph, &pairs) else {
        return;
    };
    for (key, directed) in [("undirected", false), ("directed", true)] {
        let traversal = Traversal {
            directed,
            ..Traversal::default()
        };
        let expected = &expected[key];
        let (mut reachable, mut unreachable) = (0, 0);
        for (weight, field) in [(Weight::Hops, "hops"), (Weight::Conflict, "conflict")] {
            if directed && weight == Weight::Conflict {
                continue;
            }
            let options = PathOptions {
                traversal: traversal.clone(),
                weight,
                ..PathOptions::default()
            };
            for (i, (a, b)) in pairs.iter().enumerate() {
                let (a, b) = (
                    ActorId::new(format!("a{a}")).unwrap(),
                    ActorId::new(format!("a{b}")).unwrap(),
                );
                let found = path(&graph, &a, &b, &options).unwrap();
                let got = found.paths.first().map(|p| p.cost);
                let want = expected[field][i].as_f64();
                match (got, want) {
                    (Some(got), Some(want)) => {
                        assert!(close(got, want), "{key} {field} {a}→{b}: {got} vs {want}");
                        reachable += 1;
                    }
                    (None, None) => unreachable += 1,
                    _ => panic!("{key} {field} {a}→{b}: dipgraph {got:?}, networkx {want:?}"),
                }
            }
        }
        // The comparison is only worth something if both cases occur.
        assert!(
            reachable > 100 && unreachable > 5,
            "{key}: {reachable} / {unreachable}"
        );
        for (by, field) in [
            (Centrality::Betweenness, "betweenness"),
            (Centrality::PageRank, "pagerank"),
        ] {
            let options = RankOptions {
                by,
                traversal: traversal.clone(),
            };
            let scores: HashMap<String, f64> = rank(&graph, &options)
                .unwrap()
                .actors
                .into_iter()
                .map(|r| (r.actor.to_string(), r.score))
                .collect();
            let want = expected[field].as_object().unwrap();
            assert_eq!(scores.len(), want.len());
            for (actor, value) in want {
                let (got, want) = (scores[actor], value.as_f64().unwrap());
                assert!(close(got, want), "{key} {field} {actor}: {got} vs {want}");
            }
            assert!(
                scores.values().any(|&s| s > 0.01),
                "{key} {field}: all scores tiny"
            );
        }
    }
}
