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
            if path.ends_with("extract") {
                // The extractor's dictionaries, compiled into `dipgraph::extract`.
                continue;
            } else if path.is_dir() {
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

/// Every field of every item type set, each to a value no other field holds, so a codec that
/// drops, swaps or alters a field changes the dataset.
pub const EVERY_FIELD: &str = r#"(
    sources: [(
        id: "paper", title: "A title", publisher: "A publisher",
        url: "https://example.org/a", published: "2021-03-08",
    ), (
        id: "report", title: "Another title", publisher: "Another publisher",
        url: "https://example.org/b", published: "2020-11",
    )],
    actors: [(
        id: "north", name: "Nörth", kind: state, aliases: ["N", "The North"],
        country: "NOR", description: "A state",
    ), (
        id: "south", name: "South", kind: person, aliases: ["S"],
        country: "SWE", description: "A person",
    ), (
        id: "thing", name: "Thing", kind: weapon_system, aliases: ["T"],
        country: "FIN", description: "A weapon",
    )],
    relations: [(
        id: "r1", from: "north", to: "south", kind: demand, date: "2021-03-08",
        about: ["thing", "north"], claimed_by: "thing", intensity: -7.25,
        evidence: [
            (source: "paper", quote: "a few words", note: "North demands", confidence: 0.625,
             span: (start: 12, end: 23)),
            (source: "report", quote: "other words", note: "Said again", confidence: 0.375,
             span: (start: 40, end: 51)),
        ],
        counts: (events: 2, mentions: 3, sources: 5, articles: 7),
    ), (
        id: "r2", from: "south", to: "north", kind: allied_with, since: "1952",
        until: "2017-01", about: ["thing"], claimed_by: "north", intensity: 4.5,
        evidence: [(source: "report", quote: "allied", note: "An alliance", confidence: 0.5,
            span: (start: 7, end: 13))],
        counts: (events: 11, mentions: 13, sources: 17, articles: 19),
    )],
)"#;

/// Fails to compile when the model gains a field, so that the field is added to
/// [`EVERY_FIELD`]; fails at run time when one of them is left unset.
pub fn assert_every_field_set(dataset: &Dataset) {
    use dipgraph::{Actor, EventCounts, Evidence, Relation, Source};
    let Dataset {
        sources,
        actors,
        relations,
    } = dataset;
    assert!(!sources.is_empty() && !actors.is_empty() && !relations.is_empty());
    for Source {
        id: _,
        title,
        publisher,
        url,
        published: _,
    } in sources
    {
        assert!(!title.is_empty() && !publisher.is_empty() && !url.is_empty());
    }
    for Actor {
        id: _,
        name,
        kind: _,
        aliases,
        country,
        description,
    } in actors
    {
        assert!(!name.is_empty() && !aliases.is_empty());
        assert!(country.is_some() && description.is_some());
    }
    let set = |field: &str, count: usize| assert!(count > 0, "no relation sets `{field}`");
    let count = |f: fn(&Relation) -> bool| relations.iter().filter(|r| f(r)).count();
    for Relation {
        id: _,
        from: _,
        to: _,
        kind: _,
        date: _,
        since: _,
        until: _,
        about,
        claimed_by,
        intensity,
        evidence,
        counts,
    } in relations
    {
        assert!(!about.is_empty() && claimed_by.is_some() && intensity.is_some());
        for Evidence {
            source: _,
            quote,
            note,
            confidence,
            span,
        } in evidence
        {
            assert!(!quote.is_empty() && !note.is_empty());
            assert!(confidence.is_some());
            assert!(span.is_some_and(|span| span.start != span.end));
        }
        let Some(EventCounts {
            events,
            mentions,
            sources,
            articles,
        }) = *counts
        else {
            panic!("a relation without counts");
        };
        let mut all = vec![events, mentions, sources, articles];
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 4, "counts must differ to catch a swap");
    }
    set("date", count(|r| r.date.is_some()));
    set("since", count(|r| r.since.is_some()));
    set("until", count(|r| r.until.is_some()));
}

#[test]
fn every_field_survives_every_lossless_format() {
    use dipgraph::dataset::snapshot;
    use dipgraph::Graph;

    let dataset = Dataset::from_ron_str(EVERY_FIELD).unwrap();
    assert_every_field_set(&dataset);
    let graph = Graph::try_from(dataset.clone()).unwrap();
    assert_eq!(graph.to_dataset(), dataset, "through a graph");

    let ron = dataset.to_ron_string().unwrap();
    assert_eq!(Dataset::from_ron_str(&ron).unwrap(), dataset, "RON text");
    let json = dataset.to_json_string().unwrap();
    assert_eq!(Dataset::from_json_str(&json).unwrap(), dataset, "JSON text");

    // Files go through the readers that read item by item and share ids.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("d.ron", &ron), ("d.json", &json)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        assert_eq!(Dataset::load(&path).unwrap(), dataset, "{name} file");
    }

    let bytes = snapshot::to_bytes(&graph);
    let again = snapshot::from_reader(bytes.as_slice(), "<memory>".as_ref()).unwrap();
    assert_eq!(again, dataset, "snapshot read as a dataset");
    let path = dir.path().join("d.dgsnap");
    snapshot::write(&graph, &path).unwrap();
    let again = snapshot::read_graph(&path).unwrap();
    assert_eq!(again.to_dataset(), dataset, "snapshot read as a graph");
    assert_eq!(snapshot::read(&path).unwrap(), dataset, "snapshot file");
}
