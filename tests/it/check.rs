//! `dipgraph check`: one bad file per validation rule, asserting the message and its line.

use std::path::Path;

use crate::cli::dipgraph;

/// A valid dataset that each case breaks in one place.
const BASE: &str = r#"(
    sources: [(id: "src", title: "T", publisher: "P", url: "https://example.org/a", published: "2021-03-08")],
    actors: [
        (id: "turkey", name: "Turkey", kind: state, aliases: ["Ankara"], country: "TUR"),
        (id: "united-states", name: "United States", kind: state, aliases: ["US"]),
    ],
    relations: [
        (id: "r1", from: "united-states", to: "turkey", kind: demand, date: "2021-03-08",
         evidence: [(source: "src", quote: "a phrase", note: "The US demands something.")]),
    ],
)
"#;

/// Writes `files` into a fresh directory, runs `check` on it, and returns (exit code, stdout).
fn run_check(files: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = dipgraph()
        .current_dir(dir.path())
        .args(["check", "--data", "."])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Replaces `from` by `to` in BASE, checks it, and asserts the first output line.
fn check(from: &str, to: &str, expected: &str) {
    assert!(BASE.contains(from), "{from}");
    let (code, out) = run_check(&[("data.ron", &BASE.replacen(from, to, 1))]);
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(first, expected, "full output:\n{out}");
    let expected_code = if expected.contains(": warning: ") {
        0
    } else {
        2
    };
    assert_eq!(code, expected_code, "{out}");
}

#[test]
fn clean_data_passes() {
    let (code, out) = run_check(&[("data.ron", BASE)]);
    assert_eq!(
        out,
        "1 file, 2 actors, 1 relation, 1 source: 0 errors, 0 warnings\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn malformed_syntax() {
    check(
        r#"kind: demand,"#,
        r#"kind: demand"#,
        "./data.ron:8:70: expected comma",
    );
    check("),\n    ],\n)", "", "./data.ron:9:91: expected comma");
}

#[test]
fn unknown_field_lists_valid_fields() {
    check(
        r#"name: "Turkey""#,
        r#"nme: "Turkey""#,
        "./data.ron:4:24: unexpected field named `nme` in `Actor`, expected one of `id`, `name`, \
         `kind`, `aliases`, `country`, or `description` instead",
    );
}

#[test]
fn unknown_kind_lists_every_valid_kind_and_the_closest() {
    let (_, out) = run_check(&[("data.ron", &BASE.replacen("kind: demand", "kind: demnd", 1))]);
    let every: Vec<&str> = dipgraph::RelationKind::all().map(|k| k.as_str()).collect();
    let expected = format!(
        "./data.ron:8:63: invalid relation kind `demnd`: did you mean `demand`? expected one of: {}",
        every.join(", ")
    );
    assert_eq!(out.lines().next().unwrap(), expected, "{out}");
    // No suggestion when nothing is close; actor kinds alike, in JSON too.
    let (_, out) = run_check(&[(
        "data.ron",
        &BASE.replacen("kind: state", "kind: kingdom", 1),
    )]);
    assert!(
        out.starts_with("./data.ron:4:46: invalid actor kind `kingdom`: expected one of: state, "),
        "{out}"
    );
    let json = r#"{"actors": [{"id": "x", "name": "X", "kind": "persn"}]}"#;
    let (_, out) = run_check(&[("data.json", json)]);
    assert!(
        out.contains("invalid actor kind `persn`: did you mean `person`?"),
        "{out}"
    );
}

#[test]
fn invalid_values() {
    check(
        r#"date: "2021-03-08","#,
        r#"date: "2021-02-29","#,
        "./data.ron:8:78: invalid date `2021-02-29`: that day does not exist",
    );
    check(
        r#"id: "turkey""#,
        r#"id: "Turkey""#,
        "./data.ron:4:15: invalid actor id `Turkey`: use lowercase ASCII letters, digits and `-`, \
         e.g. `united-states`",
    );
    check(
        r#"country: "TUR""#,
        r#"country: "TR""#,
        "./data.ron:4:84: invalid country code `TR`: use an ISO 3166-1 alpha-3 code such as `TUR` or `USA`",
    );
}

#[test]
fn dangling_actor_suggests_the_closest() {
    check(
        r#"to: "turkey""#,
        r#"to: "turky""#,
        "./data.ron:8:9: relation `r1`: unknown actor `turky` in `to`; did you mean: Turkey (turkey)?",
    );
    check(
        r#"date: "2021-03-08","#,
        r#"date: "2021-03-08", about: ["s-400"], claimed_by: "russia","#,
        "./data.ron:8:9: relation `r1`: unknown actor `s-400` in `about`",
    );
}

#[test]
fn event_needs_a_date() {
    check(
        r#"date: "2021-03-08","#,
        "",
        "./data.ron:8:9: relation `r1`: `demand` is an event and needs a `date`",
    );
    check(
        r#"date: "2021-03-08","#,
        r#"date: "2021-03-08", since: "2020","#,
        "./data.ron:8:9: relation `r1`: `demand` is an event: give its `date`, not `since`/`until`",
    );
}

#[test]
fn standing_relations_take_periods() {
    check(
        r#"kind: demand, date: "2021-03-08","#,
        r#"kind: allied_with, date: "2021-03-08","#,
        "./data.ron:8:9: relation `r1`: `allied_with` is a standing relation: give `since`/`until`, not `date`",
    );
    check(
        r#"kind: demand, date: "2021-03-08","#,
        r#"kind: allied_with, since: "2021", until: "2020-12","#,
        "./data.ron:8:9: relation `r1`: `since` 2021 is after `until` 2020-12",
    );
}

#[test]
fn evidence_must_cite_a_known_source() {
    check(
        r#"(source: "src","#,
        r#"(source: "scr","#,
        "./data.ron:8:9: relation `r1`: evidence cites unknown source `scr`",
    );
    check(
        r#"(source: "src","#,
        r#"(source: "srcs","#,
        "./data.ron:8:9: relation `r1`: evidence cites unknown source `srcs`; did you mean: src?",
    );
    check(
        r#"evidence: [(source: "src", quote: "a phrase", note: "The US demands something.")]"#,
        "evidence: []",
        "./data.ron:8:9: relation `r1`: no evidence: cite at least one source",
    );
}

#[test]
fn alias_shared_by_two_actors() {
    check(
        r#"aliases: ["US"]"#,
        r#"aliases: ["US", "ankara"]"#,
        "./data.ron:5:9: actor `turkey` (./data.ron:4:9) shares the name or alias `ankara` with \
         `united-states` (./data.ron:5:9); \
         an alias must name one actor",
    );
}

#[test]
fn relation_to_itself() {
    check(
        r#"to: "turkey""#,
        r#"to: "united-states""#,
        "./data.ron:8:9: relation `r1`: relation from `united-states` to itself",
    );
}

#[test]
fn intensity_in_range() {
    check(
        r#"kind: demand,"#,
        r#"kind: demand, intensity: -11.0,"#,
        "./data.ron:8:9: relation `r1`: intensity -11 is outside -10..10",
    );
}

#[test]
fn warnings_for_unused_actors_and_sources() {
    let extra = r#"(id: "russia", name: "Russia", kind: state),
        (id: "turkey","#;
    check(
        r#"(id: "turkey","#,
        extra,
        "./data.ron:4:9: warning: actor `russia` has no relations",
    );
    let source = r#"(id: "src2", title: "T2", publisher: "P", url: "https://example.org/b", published: "2021"),"#;
    let (code, out) = run_check(&[(
        "data.ron",
        &BASE.replacen("sources: [", &format!("sources: [{source}"), 1),
    )]);
    assert_eq!(
        out.lines().next(),
        Some("./data.ron:2:15: warning: source `src2` is never cited"),
        "{out}"
    );
    assert_eq!(code, 0);
}

#[test]
fn duplicate_ids_across_files_point_at_both() {
    // Another kind: not the same entity, so not merged (docs/data-format.md).
    let second = r#"(actors: [
    (id: "turkey", name: "Türkiye Cumhuriyeti", kind: person),
])"#;
    let (code, out) = run_check(&[("a.ron", BASE), ("sub/b.ron", second)]);
    assert_eq!(
        out.lines().next(),
        Some("./sub/b.ron:2:5: duplicate actor id `turkey` (first defined at ./a.ron:4:9)"),
        "{out}"
    );
    assert_eq!(code, 2);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let broken = BASE
        .replacen(r#"to: "turkey""#, r#"to: "turky""#, 1)
        .replacen(r#"(source: "src","#, r#"(source: "scr","#, 1);
    let (code, out) = run_check(&[("good.ron", &broken), ("bad.ron", "(actors: [")]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "./bad.ron:1:10: expected opening `(` for struct `Actor`",
            "./good.ron:8:9: relation `r1`: unknown actor `turky` in `to`; did you mean: Turkey (turkey)?",
            "./good.ron:8:9: relation `r1`: evidence cites unknown source `scr`",
            "./good.ron:4:9: warning: actor `turkey` has no relations",
            "./good.ron:2:15: warning: source `src` is never cited",
            "2 files, 2 actors, 1 relation, 1 source: 3 errors, 2 warnings",
        ]
    );
    assert_eq!(code, 2);
}

#[test]
fn json_files_are_checked_the_same_way() {
    let json = r#"{
  "actors": [
    {"id": "a", "name": "A", "kind": "state"},
    {"id": "b", "name": "B", "kind": "state"}
  ],
  "relations": [
    {"id": "r", "from": "a", "to": "c", "kind": "demand", "date": "2021-03-08",
     "evidence": [{"source": "s", "note": "n"}]}
  ]
}"#;
    let (code, out) = run_check(&[("d.json", json)]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0], "./d.json:7:5: relation `r`: unknown actor `c` in `to`",
        "{out}"
    );
    assert_eq!(
        lines[1],
        "./d.json:7:5: relation `r`: evidence cites unknown source `s`"
    );
    assert_eq!(code, 2);
}

#[test]
fn json_items_are_located_in_characters() {
    // The name before the relation has multi-byte characters: columns count characters.
    let json = "{\"actors\": [{\"id\": \"a\", \"name\": \"Türkiye → A\", \"kind\": \"state\"}, {\"id\": \"b\", \"name\": \"B\", \"kind\": \"state\"}],\n \"relations\": [{\"id\": \"r0\", \"from\": \"a\", \"to\": \"b\", \"kind\": \"demand\", \"date\": \"2021-03-08\", \"evidence\": [{\"source\": \"s\", \"note\": \"ü\"}]}, {\"id\": \"r\", \"from\": \"a\", \"to\": \"nobody\", \"kind\": \"demand\", \"date\": \"2021-03-08\", \"evidence\": [{\"source\": \"s\", \"note\": \"n\"}]}]}";
    let sources = r#"(sources: [(id: "s", title: "T", publisher: "P", url: "https://example.org/a", published: "2021-03-08")])"#;
    let (code, out) = run_check(&[("d.json", json), ("s.ron", sources)]);
    let column = json
        .lines()
        .nth(1)
        .unwrap()
        .split("{\"id\": \"r\"")
        .next()
        .unwrap();
    let expected = format!(
        "./d.json:2:{}: relation `r`: unknown actor `nobody` in `to`",
        column.chars().count() + 1
    );
    assert_eq!(out.lines().next(), Some(expected.as_str()), "{out}");
    assert_eq!(code, 2);
}

#[test]
fn bad_files_end_in_one_line_errors() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "empty.ron",
            b"",
            "empty.ron:1:1: expected opening `(` for struct `Dataset`",
        ),
        (
            "latin1.ron",
            b"(actors: [(id: \"a\", name: \"T\xfcrkiye\"",
            "latin1.ron:1:29: the file is not valid UTF-8",
        ),
        (
            "truncated.json",
            b"{\"actors\": [{\"id\": \"a\"",
            "truncated.json:1:22: EOF while parsing an object",
        ),
        (
            "latin1.json",
            b"{\"actors\": [{\"id\": \"a\", \"name\": \"T\xfcrkiye\"",
            "latin1.json:1:35: the file is not valid UTF-8",
        ),
        (
            "latin1-late.json",
            b"{\"actors\": [],\n \"sources\": 1, \"x\": \"\xfc\"}",
            "latin1-late.json:2:22: the file is not valid UTF-8",
        ),
        (
            "garbled.ron",
            b"\x00\x01(((",
            "garbled.ron:1:1: expected opening `(` for struct `Dataset`",
        ),
    ];
    for (name, bytes, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        for command in [&["check"][..], &["actors"], &["show", "x"]] {
            let out = dipgraph()
                .current_dir(dir.path())
                .args(["--data", name])
                .args(command)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{name} {command:?}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(all.contains(expected), "{name} {command:?}: {all}");
            if command != ["check"] {
                assert_eq!(
                    String::from_utf8_lossy(&out.stderr).lines().count(),
                    1,
                    "{all}"
                );
            }
        }
    }
    assert!(Path::new(env!("CARGO_BIN_EXE_dipgraph")).exists());
}

/// A JSON file that is a pipe is not read item by item: that reader gives up on this file,
/// and a pipe cannot be read a second time, whole (it would wait for a writer until the
/// timeout). Needs `mkfifo`; passes without it.
#[cfg(unix)]
#[test]
fn json_from_a_pipe_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("p");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|status| status.success()) {
        return; // no mkfifo here
    }
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, br#"{"actors": [], "relations": [1]}"#))
    };
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_dipgraph"))
        .args(["--input-format", "json", "--data"])
        .arg(&pipe)
        .arg("check")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("p:1:30: invalid type: integer `1`, expected struct Relation"),
        "{stdout}"
    );
    writer.join().unwrap().unwrap();
}
