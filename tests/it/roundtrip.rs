//! The seed data survives RON → JSON → RON, through the library and the CLI.

use dipgraph::Dataset;

#[test]
fn seed_data_round_trips_through_json_and_ron() {
    let seed = Dataset::load("data").unwrap();
    assert!(seed.actors.len() >= 20, "{} actors", seed.actors.len());
    assert!(
        seed.relations.len() >= 30,
        "{} relations",
        seed.relations.len()
    );
    let json = seed.to_json_string().unwrap();
    assert_eq!(Dataset::from_json_str(&json).unwrap(), seed);
    let ron = seed.to_ron_string().unwrap();
    assert_eq!(Dataset::from_ron_str(&ron).unwrap(), seed);
    assert_eq!(
        Dataset::builtin().unwrap(),
        seed,
        "the built-in data is data/"
    );
}

#[test]
fn every_data_file_is_built_in() {
    let mut on_disk: Vec<String> = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("data")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                on_disk.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    on_disk.sort();
    let mut built_in: Vec<&str> = dipgraph::dataset::builtin_files().collect();
    built_in.sort();
    assert_eq!(
        on_disk, built_in,
        "add new data files to BUILTIN in src/dataset/mod.rs"
    );
}
