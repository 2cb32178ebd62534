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

#[test]
fn compare_py_without_numpy_says_so_in_one_line() {
    // `have_python("sys")` is whether python3 runs at all (CI must have it).
    if !crate::export::have_python("sys") {
        return;
    }
    // A numpy that cannot be imported, ahead of any real one on the path.
    let stub = tempfile::tempdir().unwrap();
    std::fs::create_dir(stub.path().join("numpy")).unwrap();
    std::fs::write(
        stub.path().join("numpy/__init__.py"),
        "raise ImportError('No module named numpy')\n",
    )
    .unwrap();
    let out = std::process::Command::new("python3")
        .args(["benches/compare.py", "--size", "10"])
        .env("PYTHONPATH", stub.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("compare.py: needs ")
            && stderr.contains("numpy in ")
            && stderr.contains("pip install"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "it stopped before building anything");
}
