//! No input makes the loaders panic, and any dataset survives RON and JSON round trips.

use std::path::Path;

use dipgraph::{
    dataset, Actor, ActorKind, Dataset, Date, EventCounts, Evidence, Relation, RelationKind, Source,
};
use proptest::prelude::*;

fn seed_texts() -> Vec<(String, String)> {
    dataset::builtin_files()
        .map(|path| (path.to_owned(), std::fs::read_to_string(path).unwrap()))
        .collect()
}

/// Parses `bytes` as a file named `name` through the public entry points; they must return,
/// never panic.
fn parse_anything(name: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = dataset::parse(Path::new(name), &text);
    if let Ok(dataset) = Dataset::from_ron_str(&text) {
        let _ = dipgraph::check::check_dataset(&dataset, None);
        let _ = dipgraph::Graph::try_from(dataset);
    }
    let _ = Dataset::from_json_str(&text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        parse_anything("x.ron", &bytes);
        parse_anything("x.json", &bytes);
    }

    #[test]
    fn truncated_seed_files_never_panic(cut in 0usize..40_000, file in 0usize..2) {
        let texts = seed_texts();
        let (name, text) = &texts[file % texts.len()];
        let bytes = text.as_bytes();
        parse_anything(name, &bytes[..cut.min(bytes.len())]);
    }

    #[test]
    fn mutated_seed_files_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..20),
        file in 0usize..2,
    ) {
        let texts = seed_texts();
        let (name, text) = &texts[file % texts.len()];
        let mut bytes = text.as_bytes().to_vec();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        parse_anything(name, &bytes);
        let json = Dataset::builtin().unwrap().to_json_string().unwrap();
        let mut bytes = json.into_bytes();
        let len = bytes.len();
        bytes[len / 2] = b'{';
        parse_anything("x.json", &bytes);
    }

    #[test]
    fn json_files_read_as_json_text_parses(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        pretty in any::<bool>(),
    ) {
        let dataset = Dataset::builtin().unwrap();
        let json = if pretty {
            dataset.to_json_string().unwrap()
        } else {
            serde_json::to_string(&dataset).unwrap()
        };
        let mut bytes = json.into_bytes();
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        json_file_reads_as_text_parses(&bytes);
    }

    #[test]
    fn datasets_round_trip_through_ron_and_json(dataset in arb_dataset()) {
        let ron = dataset.to_ron_string().unwrap();
        prop_assert_eq!(&Dataset::from_ron_str(&ron).unwrap(), &dataset, "{}", ron);
        let json = dataset.to_json_string().unwrap();
        prop_assert_eq!(&Dataset::from_json_str(&json).unwrap(), &dataset, "{}", json);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for text in [
        format!("(actors: {})", "[".repeat(100_000)),
        format!("(relations: [(about: {}", "[".repeat(100_000)),
        "(".repeat(100_000),
    ] {
        assert!(Dataset::from_ron_str(&text).is_err());
    }
    let json = format!("{{\"actors\": {}", "[".repeat(100_000));
    assert!(Dataset::from_json_str(&json).is_err());
}

/// Reading `bytes` from a `.json` file (item by item, or streamed when that fails) gives
/// what parsing them as text gives: the same dataset or the same one-line error.
fn json_file_reads_as_text_parses(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    std::fs::write(&path, bytes).unwrap();
    let read = dataset::read(&[&path])
        .into_result()
        .map_err(|err| match err {
            dipgraph::Error::Invalid(diagnostics) => diagnostics[0].to_string(),
            other => other.to_string(),
        });
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let parsed = dataset::parse(&path, text)
                .map_err(|err| dipgraph::check::Diagnostic::from_error(&err).to_string());
            assert_eq!(read, parsed, "{text}");
        }
        Err(_) => {
            let err = read.unwrap_err();
            assert!(err.ends_with("the file is not valid UTF-8"), "{err}");
        }
    }
}

#[test]
fn json_files_read_as_json_text_parses_at_the_edges() {
    let json = Dataset::builtin().unwrap().to_json_string().unwrap();
    for cut in [
        0,
        1,
        2,
        json.len() / 3,
        json.len() / 2,
        json.len() - 2,
        json.len() - 1,
    ] {
        json_file_reads_as_text_parses(&json.as_bytes()[..cut]);
    }
    json_file_reads_as_text_parses(json.as_bytes());
    json_file_reads_as_text_parses(format!("{json} x").as_bytes());
    json_file_reads_as_text_parses(
        json.replace("\"relations\"", "\"relation\\u0073\"")
            .as_bytes(),
    );
    json_file_reads_as_text_parses(json.replacen("\"actors\"", "\"relations\"", 1).as_bytes());
}

fn slug() -> impl Strategy<Value = String> {
    "[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}"
}

fn date() -> impl Strategy<Value = Date> {
    (1i32..=9999, 0u8..=12, 0u8..=31).prop_filter_map("valid date", |(y, m, d)| match (m, d) {
        (0, _) => Date::year_only(y).ok(),
        (m, 0) => Date::ym(y, m).ok(),
        (m, d) => Date::ymd(y, m, d).ok(),
    })
}

fn kind<T: Clone + std::fmt::Debug + 'static>(all: Vec<T>) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn arb_dataset() -> impl Strategy<Value = Dataset> {
    let text = "\\PC{0,24}";
    let source =
        (slug(), text, text, text, date()).prop_map(|(id, title, publisher, url, published)| {
            Source {
                id: id.parse().unwrap(),
                title,
                publisher,
                url,
                published,
            }
        });
    let actor = (
        slug(),
        text,
        kind(ActorKind::all().collect()),
        proptest::collection::vec(text, 0..3),
        proptest::option::of("[A-Z]{3}"),
        proptest::option::of(text),
    )
        .prop_map(|(id, name, kind, aliases, country, description)| Actor {
            id: id.parse().unwrap(),
            name,
            kind,
            aliases,
            country: country.map(|c| dipgraph::CountryCode::new(c).unwrap()),
            description,
        });
    let evidence = (
        (slug(), text, text),
        proptest::option::of(0.0f64..=1.0),
        proptest::option::of((0u64..1000, 0u64..1000)),
    )
        .prop_map(|((source, quote, note), confidence, span)| Evidence {
            source: source.parse().unwrap(),
            quote,
            note,
            confidence,
            span: span.map(|(a, b)| dipgraph::Span {
                start: a.min(b),
                end: a.max(b),
            }),
        });
    let relation = (
        (slug(), slug(), slug(), kind(RelationKind::all().collect())),
        (
            proptest::option::of(date()),
            proptest::option::of(date()),
            proptest::option::of(date()),
        ),
        (
            proptest::collection::vec(slug(), 0..3),
            proptest::option::of(slug()),
        ),
        proptest::option::of(-10.0f64..=10.0),
        proptest::collection::vec(evidence, 0..3),
        proptest::option::of((any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>())),
    )
        .prop_map(
            |(
                (id, from, to, kind),
                (date, since, until),
                (about, claimed_by),
                intensity,
                evidence,
                counts,
            )| Relation {
                id: id.parse().unwrap(),
                from: from.parse().unwrap(),
                to: to.parse().unwrap(),
                kind,
                date,
                since,
                until,
                about: about.iter().map(|a| a.parse().unwrap()).collect(),
                claimed_by: claimed_by.map(|c| c.parse().unwrap()),
                intensity,
                evidence,
                counts: counts.map(|(events, mentions, sources, articles)| EventCounts {
                    events,
                    mentions,
                    sources,
                    articles,
                }),
            },
        );
    (
        proptest::collection::vec(source, 0..3),
        proptest::collection::vec(actor, 0..5),
        proptest::collection::vec(relation, 0..5),
    )
        .prop_map(|(sources, actors, relations)| Dataset {
            sources,
            actors,
            relations,
        })
}
