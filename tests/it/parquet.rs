//! The Parquet export read back by DuckDB (`tests/parquet_check.py`; `.ci/run` installs
//! duckdb): every row and field of a dataset with every field set, and the dyad and path
//! queries that docs/scale.md shows, run on the files.

use std::path::Path;
use std::process::Command;

use dipgraph::query::path::{path, PathOptions};
use dipgraph::{ActorId, Dataset, Graph};
use serde_json::Value;

use crate::cli::dipgraph;

/// Exports `data` as Parquet with the CLI and reads it back with DuckDB, or `None` when
/// duckdb is missing outside CI.
fn read_back(data: &Path, from: &str, to: &str) -> Option<Value> {
    let available = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "duckdb is required in CI: pip install duckdb"
        );
        eprintln!("skipping: duckdb not installed (pip install duckdb)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("parquet");
    dipgraph()
        .arg("--data")
        .arg(data)
        .args(["export", "--format", "parquet", "-o"])
        .arg(&out)
        .assert()
        .success();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = Command::new("python3")
        .arg(root.join("tests/parquet_check.py"))
        .arg(&out)
        .arg(root.join("docs/scale.md"))
        .args([from, to])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    Some(serde_json::from_slice(&checked.stdout).unwrap())
}

#[test]
fn duckdb_finds_every_row_and_field() {
    let dataset = Dataset::from_ron_str(crate::roundtrip::EVERY_FIELD).unwrap();
    crate::roundtrip::assert_every_field_set(&dataset);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("every.ron");
    std::fs::write(&data, dataset.to_ron_string().unwrap()).unwrap();
    let Some(found) = read_back(&data, "north", "south") else {
        return;
    };

    let read: Dataset = serde_json::from_value(found["dataset"].clone()).unwrap();
    let graph = Graph::try_from(dataset.clone()).unwrap();
    assert_eq!(read, graph.to_dataset());

    // The columns derived from each relation's kind, as the CSV export has them.
    for (relation, derived) in read
        .relations
        .iter()
        .zip(found["derived"].as_array().unwrap())
    {
        let info = relation.kind.info();
        assert_eq!(derived["class"], relation.kind.class().as_str());
        assert_eq!(derived["quad_class"], info.quad_class.as_str());
        assert_eq!(derived["goldstein"], relation.weight());
    }

    // docs/scale.md's dyad: both relations between the two, by date, then id.
    let ids: Vec<&str> = found["dyad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_array().unwrap().last().unwrap().as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r2", "r1"], "{}", found["dyad"]);
}

#[test]
fn duckdb_path_query_finds_a_shortest_path() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("seed.json");
    std::fs::write(&data, Dataset::builtin().unwrap().to_json_string().unwrap()).unwrap();
    let (from, to) = ("pkk", "jen-psaki");
    let Some(found) = read_back(&data, from, to) else {
        return;
    };
    let graph = Graph::try_from(Dataset::builtin().unwrap()).unwrap();
    let ours = path(
        &graph,
        &ActorId::new(from).unwrap(),
        &ActorId::new(to).unwrap(),
        &PathOptions::default(),
    )
    .unwrap();
    let hops = ours.paths[0].hops.len();
    let theirs = &found["path"][0][0];
    let actors: Vec<&str> = theirs
        .as_array()
        .unwrap()
        .iter()
        .map(|actor| actor.as_str().unwrap())
        .collect();
    assert_eq!(actors.len(), hops + 1, "{theirs}");
    assert_eq!((actors[0], actors[hops]), (from, to));
}
