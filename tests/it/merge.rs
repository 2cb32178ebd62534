//! Several sources, one graph: the built-in data read with a GDELT import, actors of two
//! files that are one entity merged, real conflicts still errors.

use std::path::{Path, PathBuf};

use crate::cli::dipgraph;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn shapes() -> PathBuf {
    repo("tests/fixtures/gdelt/shapes.export.CSV")
}

/// Runs dipgraph with `--data` for each of `data`, then `args`: (exit code, stdout, stderr).
fn run(data: &[&Path], args: &[&str]) -> (i32, String, String) {
    let mut command = dipgraph();
    command.env_remove("DIPGRAPH_DATA");
    for path in data {
        command.arg("--data").arg(path);
    }
    let out = command.args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `shapes.export.CSV` imported into `dir/events.ron`, with `--data` for each of `base`.
fn import(dir: &Path, base: &[&Path]) -> PathBuf {
    let (events, shapes) = (dir.join("events.ron"), shapes());
    let args = ["import", "gdelt", "-o", events.to_str().unwrap()];
    let (code, _, stderr) = run(base, &[&args[..], &[shapes.to_str().unwrap()]].concat());
    assert_eq!(code, 0, "{stderr}");
    events
}

#[test]
fn builtin_data_and_a_gdelt_import_check_together() {
    let dir = tempfile::tempdir().unwrap();
    let events = import(dir.path(), &[]);
    let data = repo("data");
    let (code, stdout, _) = run(&[&data, &events], &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(": 0 errors, 0 warnings, 4 notes"),
        "{stdout}"
    );
    for (gdelt, builtin) in [
        ("tur", "turkey"),
        ("rus", "russia"),
        ("syr", "syria"),
        ("usa", "united-states"),
    ] {
        let merged = format!("note: actor `{gdelt}` merged into `{builtin}` (");
        assert!(stdout.contains(&merged), "{stdout}");
    }
    // The GDELT file read directly merges the same way.
    let (code, stdout, _) = run(&[&data, &shapes()], &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("4 notes"), "{stdout}");
}

#[test]
fn one_node_has_the_articles_relations_and_the_events() {
    let dir = tempfile::tempdir().unwrap();
    let events = import(dir.path(), &[]);
    let (code, stdout, stderr) = run(&[&repo("data"), &events], &["show", "United States"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("United States (united-states)"),
        "{stdout}"
    );
    assert!(stdout.contains("Pentagon"), "{stdout}");
    assert!(stdout.contains("GDELT event 1001"), "{stdout}");
    // Notes are for `check`; a query prints none of them.
    assert!(!stderr.contains("note:"), "{stderr}");
    // The merged ids answer as aliases: the README's `path USA RUS` works on both sources.
    let (code, stdout, _) = run(&[&repo("data"), &events], &["dyad", "USA", "RUS"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("United States and Russia: 3 relations"),
        "{stdout}"
    );
}

#[test]
fn import_with_a_base_cites_its_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = repo("data");
    let events = import(dir.path(), &[&data]);
    let text = std::fs::read_to_string(&events).unwrap();
    assert!(text.contains(r#"to: "turkey""#), "{text}");
    assert!(!text.contains(r#"id: "tur""#), "{text}");
    assert!(text.contains(r#"id: "tur-gov-part-of-turkey""#), "{text}");
    // Alone, the import is a complete dataset: it carries the base actors it cites.
    let (code, stdout, _) = run(&[&events], &["check"]);
    assert_eq!(code, 0, "{stdout}");
    // With its base, each copied actor is the base's own.
    let (code, stdout, _) = run(&[&data, &events], &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("note: actor `turkey` merged into `turkey` ("),
        "{stdout}"
    );
}

#[test]
fn import_with_a_missing_base_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.ron");
    let (code, _, stderr) = run(
        &[Path::new("/nonexistent")],
        &[
            "import",
            "gdelt",
            shapes().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("/nonexistent"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn two_actors_claiming_one_alias_stay_an_error_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city.ron");
    std::fs::write(
        &city,
        r#"(
    sources: [(id: "s", title: "t", publisher: "p", url: "https://example.org", published: "2021")],
    actors: [
        (id: "ankara-municipality", name: "Ankara Municipality", kind: government_body,
         aliases: ["Ankara"], country: "TUR"),
    ],
    relations: [
        (id: "c1", from: "ankara-municipality", to: "turkey", kind: part_of,
         evidence: [(source: "s", note: "The city is in Turkey.")]),
    ],
)
"#,
    )
    .unwrap();
    let (code, stdout, _) = run(&[&repo("data"), &city], &["check"]);
    assert_eq!(code, 2, "{stdout}");
    let clash = stdout
        .lines()
        .find(|line| line.contains("shares the name or alias `ankara`"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(clash.contains("data/actors.ron:"), "{clash}");
    assert!(clash.contains("city.ron:"), "{clash}");
    assert!(!stdout.contains("note:"), "{stdout}");
}

#[test]
fn separate_imports_read_together_share_sources_and_part_of_relations() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for name in ["v1-57.CSV", "v2.export.CSV"] {
        let out = dir.path().join(format!("{name}.ron"));
        let input = repo(&format!("tests/fixtures/gdelt/{name}"));
        let args = ["import", "gdelt", "-o", out.to_str().unwrap()];
        let (code, _, stderr) = run(&[], &[&args[..], &[input.to_str().unwrap()]].concat());
        assert_eq!(code, 0, "{stderr}");
        outputs.push(out);
    }
    let data: Vec<&Path> = outputs.iter().map(PathBuf::as_path).collect();
    let (code, stdout, _) = run(&data, &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("note: relation `usa-mil-part-of-usa` also read at "),
        "{stdout}"
    );
}

#[test]
fn a_relation_stated_in_two_files_is_read_once_with_both_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, kind: &str, note: &str| {
        let path = dir.path().join(name);
        let text = format!(
            r#"(
    sources: [(id: "s", title: "t", publisher: "p", url: "https://example.org", published: "2021")],
    actors: [],
    relations: [
        (id: "r1", from: "turkey", to: "russia", kind: tension,
         evidence: [(source: "s", note: "{note}")]),
        (id: "r2", from: "turkey", to: "russia", kind: {kind},
         evidence: [(source: "s", note: "Same in both.")]),
    ],
)
"#
        );
        std::fs::write(&path, text).unwrap();
        path
    };
    let (a, b) = (
        file("a.ron", "allied_with", "First."),
        file("b.ron", "tension", "Second."),
    );
    let data = repo("data");
    let (code, stdout, _) = run(&[&data, &a, &b], &["check"]);
    assert_eq!(code, 2, "{stdout}");
    let notes: Vec<&str> = stdout.lines().filter(|l| l.contains("note:")).collect();
    assert!(
        notes
            .iter()
            .any(|l| l.starts_with(&format!("{}:2:15", b.display()))
                && l.contains("source `s` also read at ")),
        "{stdout}"
    );
    assert!(
        notes
            .iter()
            .any(|l| l.contains("relation `r1` also read at ")),
        "{stdout}"
    );
    // r2 differs in its kind: still two relations with one id, an error naming both places.
    let clash = stdout
        .lines()
        .find(|line| line.contains("duplicate relation id `r2`"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        clash.contains("a.ron:") && clash.contains("b.ron:"),
        "{clash}"
    );

    // With r2 alike in both, the files read as one graph holding r1 once, with both notes.
    let c = dir.path().join("c.ron");
    std::fs::write(
        &c,
        std::fs::read_to_string(&a)
            .unwrap()
            .replace("First.", "Second."),
    )
    .unwrap();
    let (code, both, stderr) = run(
        &[&data, &a, &c],
        &["dyad", "turkey", "russia", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        both.contains("First.") && both.contains("Second."),
        "{both}"
    );
    assert_eq!(both.matches("\"id\": \"r1\"").count(), 1, "{both}");
}
