//! Hostile text — quotes, backslashes, newlines, markup, CDATA ends, spreadsheet formulas,
//! IRI-breaking characters — survives every export into its real consumer intact.

use std::path::Path;

use dipgraph::export::{ExportOptions, Format};
use dipgraph::{Dataset, Graph};

use crate::export::{export, have_python, python};

/// Names and notes that break naive writers, one per actor.
const HOSTILE: &[&str] = &[
    "Say \"hi\" \\ back\\slash",
    "<script>alert(1)</script> & <b>bold</b>",
    "line one\nline two\r\nline three\ttab",
    "CDATA ]]> end <![CDATA[ x",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "İbrahim Kalın, Erdoğan; ışık",
    "IRI <breaker> {x} |y| ^z` \"q\" #frag ?a=1&b=2",
];

fn hostile_graph() -> Graph {
    let actors: Vec<String> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                "(id: \"a{i}\", name: {name:?}, kind: state, aliases: [{:?}])",
                format!("{name} alias")
            )
        })
        .collect();
    let relations: Vec<String> = (1..HOSTILE.len())
        .map(|i| {
            format!(
                "(id: \"r{i}\", from: \"a0\", to: \"a{i}\", kind: demand, date: \"2021-03-08\", \
                 evidence: [(source: \"s\", quote: {q:?}, note: {q:?})])",
                q = HOSTILE[i]
            )
        })
        .collect();
    let data = format!(
        "(sources: [(id: \"s\", title: {t:?}, publisher: {t:?}, url: {u:?}, published: \"2021\")], \
         actors: [{}], relations: [{}])",
        actors.join(", "),
        relations.join(", "),
        t = HOSTILE[0],
        u = "https://example.org/a b<c>\"d{e}|f^g`h",
    );
    Graph::try_from(Dataset::from_ron_str(&data).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn names_json() -> serde_json::Value {
    serde_json::json!(HOSTILE)
}

#[test]
fn graphml_keeps_hostile_text_in_networkx() {
    if !have_python("networkx") {
        return;
    }
    let graph = hostile_graph();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "h.graphml",
        &export(&graph, Format::Graphml, &ExportOptions::default()),
    );
    let script = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
names = [g.nodes[f"a{i}"]["label"] for i in range(len(g))]
notes = [json.loads(d["evidence"])[0]["note"] for _, _, d in sorted(g.edges(data=True), key=lambda e: int(e[1][1:]))]
print(json.dumps({"names": names, "notes": notes}))
"#;
    let result: serde_json::Value = serde_json::from_str(&python(script, &[&path])).unwrap();
    assert_eq!(result["names"], names_json());
    assert_eq!(result["notes"], serde_json::json!(&HOSTILE[1..]));
}

#[test]
fn ntriples_keep_hostile_text_in_a_sparql_store() {
    if !have_python("pyoxigraph") {
        return;
    }
    let graph = hostile_graph();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "h.nt",
        &export(&graph, Format::Ntriples, &ExportOptions::default()),
    );
    let script = r#"
import json, sys
import pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
rows = store.query("""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dg: <https://dipgraph.dev/ns#>
SELECT ?label WHERE { ?actor a dg:Actor ; rdfs:label ?label } ORDER BY ?actor
""")
print(json.dumps({"names": [r["label"].value for r in rows]}))
"#;
    let result: serde_json::Value = serde_json::from_str(&python(script, &[&path])).unwrap();
    let mut expected: Vec<&str> = HOSTILE.to_vec();
    // Ordered by actor IRI: a0, a1, a2, …
    expected.sort_by_key(|name| HOSTILE.iter().position(|h| h == name));
    assert_eq!(result["names"], serde_json::json!(expected));
}

#[test]
fn csv_keeps_hostile_text_and_can_defuse_formulas() {
    let graph = hostile_graph();
    for safe in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let options = ExportOptions {
            csv_safe: safe,
            ..ExportOptions::default()
        };
        dipgraph::export::write_file(&graph, Format::Csv, &options, dir.path()).unwrap();
        let mut reader = csv::Reader::from_path(dir.path().join("nodes.csv")).unwrap();
        let names: Vec<String> = reader.records().map(|r| r.unwrap()[2].to_owned()).collect();
        for (name, original) in names.iter().zip(HOSTILE) {
            let formula = original.starts_with(['=', '+', '-', '@']);
            if safe && formula {
                assert_eq!(name, &format!("'{original}"), "a formula is defused");
            } else {
                assert_eq!(name, original, "text is kept intact");
            }
        }
        assert_eq!(names.len(), HOSTILE.len());
    }
}

#[test]
fn dot_and_mermaid_stay_one_statement_per_line() {
    let graph = hostile_graph();
    let dot = String::from_utf8(export(&graph, Format::Dot, &ExportOptions::default())).unwrap();
    let parsed = graphviz_rust::parse(&dot);
    assert!(
        parsed.is_ok(),
        "graphviz-rust cannot parse its own output: {parsed:?}"
    );
    let mermaid =
        String::from_utf8(export(&graph, Format::Mermaid, &ExportOptions::default())).unwrap();
    for line in mermaid.lines() {
        assert!(!line.contains("<script>"), "{line}");
    }
}
