//! Exports: golden files for every format on the seed data, determinism, atomic writes, the
//! CLI's choices, and the real consumers (Graphviz `dot`, NetworkX, pyoxigraph).
//!
//! Golden files live in `tests/golden/`; after an intended change, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test it export` and review the diff.
//!
//! Tests that need an external program skip with a message when it is missing, unless the
//! `CI` variable is set, in which case they fail (`.ci/run` installs them all).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use dipgraph::export::{self, Cluster, ExportOptions, Exportable, Format};
use dipgraph::filter::RelationFilter;
use dipgraph::{Dataset, Graph, RelationKind};

use crate::cli::dipgraph;

fn seed() -> Graph {
    Graph::try_from(Dataset::builtin().unwrap()).unwrap()
}

pub(crate) fn export(graph: &dyn Exportable, format: Format, options: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(graph, format, options, &mut out).unwrap();
    out
}

/// Compares `actual` with `tests/golden/{name}`, or rewrites it when `UPDATE_GOLDEN` is set.
fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|err| panic!("{}: {err}; create it with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let actual_text = String::from_utf8_lossy(actual);
        let expected_text = String::from_utf8_lossy(&expected);
        let line = expected_text
            .lines()
            .zip(actual_text.lines())
            .position(|(e, a)| e != a)
            .map_or_else(|| "the end".to_owned(), |n| format!("line {}", n + 1));
        panic!(
            "{name} differs from the golden file at {line}; if intended, rerun with \
             UPDATE_GOLDEN=1 and review the diff"
        );
    }
}

#[test]
fn golden_dot() {
    let graph = seed();
    golden(
        "seed.dot",
        &export(&graph, Format::Dot, &ExportOptions::default()),
    );
    let options = ExportOptions {
        merge_edges: true,
        edge_dates: true,
        cluster: Cluster::Country,
        title: "Turkey, the United States and the S-400".into(),
        ..ExportOptions::default()
    };
    golden("seed-merged.dot", &export(&graph, Format::Dot, &options));
}

#[test]
fn pictures_draw_what_relations_are_about() {
    // Patriot and Syria take part in no relation, only in what relations are about: dotted
    // links tie them to the actors that speak of them, and the legend says so.
    let graph = seed();
    for merge_edges in [false, true] {
        let options = ExportOptions {
            merge_edges,
            ..ExportOptions::default()
        };
        let dot = String::from_utf8(export(&graph, Format::Dot, &options)).unwrap();
        for subject in ["patriot", "syria"] {
            let linked = dot.lines().any(|line| {
                line.contains(&format!("-> \"{subject}\"")) && line.contains("style=\"dotted\"")
            });
            assert!(linked, "{subject} is linked by about:\n{dot}");
        }
        assert!(dot.contains("what a relation is about"), "{dot}");
    }
}

#[test]
fn golden_interchange_formats() {
    let graph = seed();
    let options = ExportOptions::default();
    for (name, format) in [
        ("seed.json", Format::Json),
        ("seed.ron", Format::Ron),
        ("seed.graphml", Format::Graphml),
        ("seed.nt", Format::Ntriples),
        ("seed.mmd", Format::Mermaid),
    ] {
        golden(name, &export(&graph, format, &options));
    }
    let dir = tempfile::tempdir().unwrap();
    export::write_file(&graph, Format::Csv, &options, dir.path()).unwrap();
    for file in ["nodes.csv", "relationships.csv"] {
        golden(
            &format!("seed-{file}"),
            &std::fs::read(dir.path().join(file)).unwrap(),
        );
    }
}

#[test]
fn output_does_not_depend_on_insertion_order() {
    let mut dataset = Dataset::builtin().unwrap();
    let forward = Graph::try_from(dataset.clone()).unwrap();
    dataset.actors.reverse();
    dataset.relations.reverse();
    dataset.sources.reverse();
    let backward = Graph::try_from(dataset).unwrap();
    let options = ExportOptions {
        merge_edges: true,
        cluster: Cluster::Country,
        ..ExportOptions::default()
    };
    for format in [
        Format::Dot,
        Format::Graphml,
        Format::Ntriples,
        Format::Mermaid,
    ] {
        assert_eq!(
            export(&forward, format, &options),
            export(&backward, format, &options),
            "{format}"
        );
    }
}

#[test]
fn json_export_reads_back_losslessly() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("graph.json");
    let first_arg = first.to_string_lossy();
    succeed(&["export", "-o", &first_arg]);
    let again = succeed(&["--data", &first_arg, "export", "--format", "json"]);
    assert_eq!(std::fs::read(&first).unwrap(), again);
}

#[test]
fn focus_and_filters_select_a_subgraph() {
    let out = succeed(&[
        "export", "--format", "json", "--focus", "Kalın", "--hops", "1", "--class", "conflict",
    ]);
    let part = Dataset::from_json_str(&String::from_utf8(out).unwrap()).unwrap();
    assert!(!part.relations.is_empty());
    for relation in &part.relations {
        assert_eq!(
            relation.kind.class(),
            dipgraph::Class::Conflict,
            "{}",
            relation.id
        );
        let kalin = "ibrahim-kalin";
        assert!(
            relation.from.as_str() == kalin || relation.to.as_str() == kalin,
            "{} is not one hop from Kalın",
            relation.id
        );
    }
    // The part is a valid dataset: every actor it names and every source it cites is in it.
    Graph::try_from(part).unwrap();
}

/// A part borrowed from the graph exports exactly as the same part copied into a graph of its
/// own, in every format that writes one stream, and in both CSV files.
#[test]
fn a_borrowed_part_exports_as_a_copied_one() {
    let graph = seed();
    let selection = dipgraph::select::Selection {
        focus: Some("turkey".parse().unwrap()),
        hops: 1,
        ..Default::default()
    };
    let part = dipgraph::select::subgraph(&graph, &selection).unwrap();
    let copy = Graph::try_from(part.to_dataset()).unwrap();
    assert!(part.relation_count() < graph.relation_count());
    assert_eq!(part.actor_count(), copy.actor_count());
    let options = ExportOptions {
        hide_isolated: true,
        merge_edges: true,
        cluster: Cluster::Country,
        ..ExportOptions::default()
    };
    for format in Format::ALL {
        if format.is_rendered() || format.is_directory() {
            continue;
        }
        assert_eq!(
            export(&part, format, &options),
            export(&copy, format, &options),
            "{format}"
        );
    }
    let csv = |graph: &dyn Exportable| {
        let (mut nodes, mut relationships) = (Vec::new(), Vec::new());
        export::csv::write_nodes(graph, &options, &mut nodes).unwrap();
        export::csv::write_relationships(graph, &options, &mut relationships).unwrap();
        (nodes, relationships)
    };
    assert_eq!(csv(&part), csv(&copy));
}

#[test]
fn path_exports_only_the_relations_given() {
    let graph = seed();
    let demands: Vec<_> = graph
        .relations_matching(&RelationFilter {
            kinds: vec![RelationKind::Demand],
            ..RelationFilter::default()
        })
        .map(|r| r.id.clone())
        .collect();
    let part = dipgraph::select::relations(&graph, &demands).unwrap();
    assert_eq!(part.relation_count(), demands.len());
    let text = String::from_utf8(export(&part, Format::Dot, &ExportOptions::default())).unwrap();
    assert_eq!(text.matches("label=\"demand\"").count(), demands.len());
}

#[test]
fn format_comes_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (file, start) in [
        ("g.gv", "digraph"),
        ("g.graphml", "<?xml"),
        ("g.nt", "<https://dipgraph.dev/"),
        ("g.mmd", "flowchart LR"),
        ("g.ron", "("),
        ("g.json", "{"),
    ] {
        let path = dir.path().join(file);
        succeed(&["export", "-o", &path.to_string_lossy()]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(start),
            "{file}: {}",
            &text[..40.min(text.len())]
        );
    }
}

/// Runs dipgraph on the built-in data, expecting success; returns its standard output.
fn succeed(args: &[&str]) -> Vec<u8> {
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn export_error(args: &[&str]) -> String {
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn bad_requests_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let err = export_error(&["export", "-o", &path("g.xls")]);
    assert!(
        err.contains("cannot tell the format") && err.contains("graphml"),
        "{err}"
    );
    let err = export_error(&["export", "-o", &path("g.csv")]);
    assert!(err.contains("--format csv -o DIR"), "{err}");
    let err = export_error(&["export", "--format", "csv"]);
    assert!(err.contains("-o DIR"), "{err}");
    let err = export_error(&["export", "--focus", "Atlantis"]);
    assert!(err.contains("unknown actor `Atlantis`"), "{err}");
    let out = dipgraph()
        .args(["export", "--format", "xls"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("expected one of: dot, svg"), "{err}");
}

#[test]
fn refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    let dataset = Dataset::builtin().unwrap().to_json_string().unwrap();
    std::fs::write(&data, &dataset).unwrap();
    let data_arg = data.to_string_lossy().into_owned();
    let err = export_error(&[
        "--data", &data_arg, "export", "--kind", "demand", "-o", &data_arg,
    ]);
    assert!(
        err.contains("refusing to overwrite the input data file"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&data).unwrap(), dataset);
    // A new data file inside a data directory would be read back as data.
    let dir_arg = dir.path().to_string_lossy().into_owned();
    let inside = dir.path().join("part.ron").to_string_lossy().into_owned();
    let err = export_error(&["--data", &dir_arg, "export", "-o", &inside]);
    assert!(err.contains("inside the data directory"), "{err}");
}

#[test]
fn failed_render_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("picture.svg");
    std::fs::write(&path, "old picture").unwrap();
    // With no Graphviz on the PATH the render fails before anything is written.
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .env("PATH", dir.path())
        .args(["export", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old picture");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left behind");
}

#[test]
fn missing_directory_is_an_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing/graph.dot");
    let err = export_error(&["export", "-o", &path.to_string_lossy()]);
    assert!(err.contains("missing/graph.dot"), "{err}");
    assert!(!dir.path().join("missing").exists());
}

/// Whether an external tool is there; in CI its absence fails the test, elsewhere the test
/// is skipped with a message saying how to install it.
fn have(tool: &str, present: bool, install: &str) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is required when CI is set ({install})"
    );
    eprintln!("skipping: {tool} not installed ({install})");
    false
}

pub(crate) fn have_graphviz() -> bool {
    let present = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    have("graphviz", present, "apt-get install graphviz")
}

pub(crate) fn have_python(module: &str) -> bool {
    let present = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    have(module, present, &format!("python3 -m pip install {module}"))
}

/// Runs a Python script with arguments; returns its standard output.
pub(crate) fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Exports the seed in `format` to a file `name` in a new temporary directory.
fn exported_seed(format: Format, name: &str) -> (Graph, tempfile::TempDir, PathBuf) {
    let graph = seed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, export(&graph, format, &ExportOptions::default())).unwrap();
    (graph, dir, path)
}

#[test]
fn graphviz_renders_the_dot() {
    if !have_graphviz() {
        return;
    }
    let graph = seed();
    for options in [
        ExportOptions::default(),
        ExportOptions {
            merge_edges: true,
            edge_dates: true,
            cluster: Cluster::Country,
            ..ExportOptions::default()
        },
    ] {
        let svg = String::from_utf8(export(&graph, Format::Svg, &options)).unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("İbrahim Kalın"), "Turkish letters lost");
        assert!(svg.contains("Recep Tayyip Erdoğan"), "Turkish letters lost");
    }
    let png = export(&graph, Format::Png, &ExportOptions::default());
    assert!(png.starts_with(b"\x89PNG"));
    let pdf = export(&graph, Format::Pdf, &ExportOptions::default());
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn graphviz_renders_hostile_labels() {
    if !have_graphviz() {
        return;
    }
    let data = r#"(
        sources: [(id: "s", title: "T", publisher: "P", url: "https://example.org/?a=1&b=2",
                   published: "2021-03-08")],
        actors: [
            (id: "a", name: "Say \"hi\" \\ <html><script>alert(1)</script> ]]>", kind: state),
            (id: "b", name: "İbrahim Kalın\nline two", kind: person, country: "TUR"),
        ],
        relations: [(id: "r", from: "a", to: "b", kind: demand, date: "2021-03-08",
                     evidence: [(source: "s", quote: "\"quoted\" \\", note: "a <b>note</b>")])],
    )"#;
    let graph = Graph::try_from(Dataset::from_ron_str(data).unwrap()).unwrap();
    let options = ExportOptions {
        cluster: Cluster::Country,
        ..ExportOptions::default()
    };
    let svg = String::from_utf8(export(&graph, Format::Svg, &options)).unwrap();
    assert!(
        svg.contains("Say &quot;hi&quot; \\ &lt;html&gt;&lt;script&gt;"),
        "{svg}"
    );
    assert!(svg.contains(">İbrahim Kalın</text>"), "{svg}");
    assert!(svg.contains(">line two</text>"), "{svg}");
    assert!(!svg.contains("<script>"), "{svg}");
}

#[test]
fn networkx_reads_the_graphml() {
    if !have_python("networkx") {
        return;
    }
    let (graph, _dir, path) = exported_seed(Format::Graphml, "seed.graphml");
    let script = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
edges = {k: d for _, _, k, d in g.edges(keys=True, data=True)}
print(json.dumps({
    "multigraph": g.is_multigraph(),
    "directed": g.is_directed(),
    "nodes": g.number_of_nodes(),
    "edges": g.number_of_edges(),
    "kalin": g.nodes["ibrahim-kalin"],
    "demand": edges["us-demands-turkey-abandon-s400"],
}))
"#;
    let result: serde_json::Value = serde_json::from_str(&python(script, &[&path])).unwrap();
    assert_eq!(result["directed"], true);
    assert_eq!(result["multigraph"], true, "parallel edges must be kept");
    assert_eq!(result["nodes"], graph.actor_count());
    assert_eq!(result["edges"], graph.relation_count());
    assert_eq!(result["kalin"]["label"], "İbrahim Kalın");
    assert_eq!(result["kalin"]["kind"], "person");
    assert_eq!(result["kalin"]["country"], "TUR");
    let demand = &result["demand"];
    assert_eq!(demand["kind"], "demand");
    assert_eq!(demand["quad_class"], "verbal_conflict");
    assert_eq!(demand["goldstein"], -5.0, "a typed double");
    assert_eq!(demand["date"], "2021-03-08");
    assert_eq!(demand["about"], "s-400");
    let evidence: Vec<dipgraph::Evidence> =
        serde_json::from_str(demand["evidence"].as_str().unwrap()).unwrap();
    let relation = graph
        .relations()
        .find(|r| r.id.as_str() == "us-demands-turkey-abandon-s400")
        .unwrap();
    assert_eq!(evidence, relation.evidence);
}

#[test]
fn sparql_finds_who_demands_what_of_turkey() {
    if !have_python("pyoxigraph") {
        return;
    }
    let (graph, _dir, path) = exported_seed(Format::Ntriples, "seed.nt");
    let script = r#"
import json, sys
import pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
query = """
PREFIX dg: <https://dipgraph.dev/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?who ?what ?date WHERE {
  ?statement rdf:predicate dg:demand ;
             rdf:subject ?demander ;
             rdf:object ?turkey ;
             dg:about ?subject ;
             dg:date ?date .
  ?turkey rdfs:label "Turkey" .
  ?demander rdfs:label ?who .
  ?subject rdfs:label ?what .
}
"""
rows = [[s["who"].value, s["what"].value, s["date"].value] for s in store.query(query)]
print(json.dumps({"triples": len(store), "rows": sorted(rows)}))
"#;
    let result: serde_json::Value = serde_json::from_str(&python(script, &[&path])).unwrap();
    let nt = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        result["triples"],
        nt.lines().count(),
        "every line is one triple"
    );
    let mut expected: Vec<Vec<String>> = Vec::new();
    let turkey = graph.resolve("Turkey").unwrap();
    for relation in graph.relations() {
        if relation.kind == RelationKind::Demand && &relation.to == turkey {
            for about in &relation.about {
                expected.push(vec![
                    graph.actor(&relation.from).unwrap().name.clone(),
                    graph.actor(about).unwrap().name.clone(),
                    relation.date.unwrap().to_string(),
                ]);
            }
        }
    }
    expected.sort();
    let rows: Vec<Vec<String>> = serde_json::from_value(result["rows"].clone()).unwrap();
    assert_eq!(rows, expected);
    assert!(
        rows.iter().any(|r| r[0] == "Pentagon" && r[1] == "S-400"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r[0] == "United States" && r[1] == "S-400"),
        "{rows:?}"
    );
}

/// A read-only directory (a read-only bind mount in a private mount namespace, since tests
/// may run as root, for whom permission bits do not stop writes): the export fails with an
/// error naming the file, and the old file stays as it was.
#[test]
fn read_only_directory_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.dot");
    std::fs::write(&out, "old picture").unwrap();
    let d = dir.path().display().to_string();
    let script = format!(
        "mount --bind '{d}' '{d}' && mount -o remount,ro,bind '{d}' '{d}' || exit 99; \
         exec '{}' export -o '{}'",
        env!("CARGO_BIN_EXE_dipgraph"),
        out.display()
    );
    let run = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .output();
    let usable = run.as_ref().is_ok_and(|o| o.status.code() != Some(99));
    if !have(
        "unshare with user namespaces",
        usable,
        "util-linux; kernel.unprivileged_userns_clone=1",
    ) {
        return;
    }
    let run = run.unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{}: Read-only file system", out.display())),
        "{stderr}"
    );
    assert_eq!(stderr.matches(".dot").count(), 1, "the path once: {stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old picture");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[test]
fn a_missing_directory_is_one_line_naming_the_destination_once() {
    let dir = tempfile::tempdir().unwrap();
    for (command, out) in [
        (
            vec!["export", "--format", "dot", "-o"],
            "no/such/dir/graph.dot",
        ),
        (vec!["snapshot", "-o"], "no/such/dir/seed.dgsnap"),
    ] {
        let out = dir.path().join(out);
        let run = crate::cli::dipgraph()
            .args(&command)
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        let enoent = std::io::Error::from_raw_os_error(2);
        assert!(
            stderr.ends_with(&format!(": {}: {enoent}\n", out.display())),
            "{stderr}"
        );
        assert_eq!(
            stderr.matches(&*out.display().to_string()).count(),
            1,
            "{stderr}"
        );
        assert!(
            !stderr.contains(".dipgraph-"),
            "no temporary file: {stderr}"
        );
    }
}

/// Copies the repository's `data/` into a fresh directory, as a clone has it.
fn clone_of_data() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data/sources")).unwrap();
    for file in ["actors.ron", "sources/2021-03-08-ahval-s400.ron"] {
        std::fs::copy(
            Path::new("data").join(file),
            dir.path().join("data").join(file),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_documented_export_cannot_overwrite_hand_made_data() {
    // docs/guarantees.md: `export -o data/actors.ron` cannot overwrite your data, also with
    // no --data (the built-in dataset) in a clone; nor can the other commands that write.
    let clone = clone_of_data();
    let actors = clone.path().join("data/actors.ron");
    let before = std::fs::read(&actors).unwrap();
    let article = clone.path().join("article.txt");
    std::fs::write(&article, "Turkey warned the United States on Monday.").unwrap();
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gdelt/v2.export.CSV");
    std::fs::write(clone.path().join("old.dgsnap"), "kept").unwrap();
    let commands: [&[&OsStr]; 4] = [
        &["export".as_ref(), "-o".as_ref(), "data/actors.ron".as_ref()],
        &[
            "import".as_ref(),
            "gdelt".as_ref(),
            events.as_ref(),
            "-o".as_ref(),
            "data/actors.ron".as_ref(),
        ],
        &[
            "extract".as_ref(),
            article.as_ref(),
            "-o".as_ref(),
            "data/actors.ron".as_ref(),
        ],
        &["snapshot".as_ref(), "-o".as_ref(), "old.dgsnap".as_ref()],
    ];
    for args in commands {
        let out = dipgraph()
            .env_remove("DIPGRAPH_DATA")
            .current_dir(clone.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("refusing to replace") && stderr.contains("--force"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&actors).unwrap(), before);
    assert_eq!(
        std::fs::read(clone.path().join("old.dgsnap")).unwrap(),
        b"kept"
    );
    // --force replaces it, as asked.
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .current_dir(clone.path())
        .args([
            "export",
            "--kind",
            "demand",
            "--force",
            "-o",
            "data/actors.ron",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert_ne!(std::fs::read(&actors).unwrap(), before);
    // It says what it wrote, as import and snapshot do.
    assert!(
        stderr.starts_with("wrote data/actors.ron (ron): 9 actors, 7 relations"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn dev_stdout_into_a_pipe_is_written_in_place() {
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .args(["export", "-o", "/dev/stdout", "--format", "dot"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(out.stdout, succeed(&["export", "--format", "dot"]));
    // And through a shell pipe that closes early, as `| head` does.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' export -o /dev/stdout --format json | head -n 1",
            env!("CARGO_BIN_EXE_dipgraph")
        ))
        .env_remove("DIPGRAPH_DATA")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\n");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
