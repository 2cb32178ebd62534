//! Every example runs, so none of them rots.

#[path = "../../examples/embed.rs"]
mod embed;

#[test]
fn embed_example_runs() {
    embed::main().unwrap();
}

#[path = "../../examples/connections.rs"]
mod connections;

#[test]
fn connections_example_runs() {
    connections::main().unwrap();
}

// Only `run` is called here; `main` reads the real command line.
#[allow(dead_code)]
#[path = "../../examples/generate.rs"]
mod generate;

#[test]
fn generate_example_runs_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let args = |name: &str| {
        [
            "--relations",
            "2000",
            "--actors",
            "100",
            "--seed",
            "7",
            "-o",
        ]
        .map(String::from)
        .into_iter()
        .chain([out(name), "-o".into(), out(&format!("{name}.ron"))])
        .chain(["-o".into(), out(&format!("{name}.json"))])
    };
    generate::run(args("a.export.CSV")).unwrap();
    generate::run(args("b.export.CSV")).unwrap();
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    assert_eq!(read("a.export.CSV"), read("b.export.CSV"));

    let dataset = dipgraph::Dataset::load(dir.path().join("a.export.CSV.ron")).unwrap();
    assert_eq!(dataset.relations.len(), 2000);
    assert_eq!(dataset.actors.len(), 100);
    let json = dipgraph::Dataset::load(dir.path().join("a.export.CSV.json")).unwrap();
    assert_eq!(dataset, json);
    let graph = dipgraph::Graph::try_from(dataset).unwrap();
    // Power law: the busiest actor takes part in far more relations than the median one.
    let mut degrees: Vec<usize> = graph
        .actors()
        .map(|a| graph.relations_of(&a.id).count())
        .collect();
    degrees.sort_unstable();
    assert!(degrees[99] > 20 * degrees[50], "{degrees:?}");
}
