//! The command-line tool, run as a user would.

use assert_cmd::Command;

pub fn dipgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dipgraph"))
}

#[test]
fn missing_file_is_one_line_error() {
    let out = dipgraph()
        .args(["--data", "/nonexistent/x.ron", "actors"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: /nonexistent/x.ron: cannot read"),
        "{stderr}"
    );
}

/// Runs dipgraph on the built-in data; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_on_the_data_directory_is_clean() {
    let (code, out, _) = run(&["check", "--data", "data"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with(": 0 errors, 0 warnings\n"), "{out}");
    let (code, builtin, _) = run(&["check"]);
    assert_eq!(code, 0);
    assert_eq!(builtin, out, "the built-in data is data/");
}

#[test]
fn show_kalin_gives_his_roles_and_statements() {
    let (code, out, err) = run(&["show", "Kalin"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("İbrahim Kalın (ibrahim-kalin), person, TUR\n"),
        "{out}"
    );
    assert!(out.contains("represents  Recep Tayyip Erdoğan"), "{out}");
    assert!(out.contains("criticize   United States"), "{out}");
    let (_, json, _) = run(&["show", "ibrahim kalin", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["actor"]["id"], "ibrahim-kalin");
    assert!(json["outgoing"].as_array().unwrap().len() >= 5);
}

#[test]
fn relations_lists_every_demand() {
    let (code, out, _) = run(&["relations", "--kind", "demand", "--format", "json"]);
    assert_eq!(code, 0);
    let relations: Vec<dipgraph::Relation> = serde_json::from_str(&out).unwrap();
    let expected = dipgraph::Dataset::builtin()
        .unwrap()
        .relations
        .into_iter()
        .filter(|r| r.kind == dipgraph::RelationKind::Demand)
        .count();
    assert_eq!(relations.len(), expected);
    assert!(relations
        .iter()
        .any(|r| r.from.as_str() == "turkey" && r.to.as_str() == "united-states"));
    let (_, text, _) = run(&["relations", "--kind", "demand"]);
    assert_eq!(
        text.lines().count(),
        expected + 1,
        "a header and a row each:\n{text}"
    );
}

#[test]
fn relation_filters_combine() {
    let (code, out, _) = run(&[
        "relations",
        "--from",
        "Washington",
        "--to",
        "Ankara",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let relations: Vec<dipgraph::Relation> = serde_json::from_str(&out).unwrap();
    assert!(!relations.is_empty());
    assert!(relations
        .iter()
        .all(|r| r.from.as_str() == "united-states" && r.to.as_str() == "turkey"));
    let (code, out, _) = run(&[
        "relations",
        "--about",
        "S-400",
        "--since",
        "2021",
        "--class",
        "conflict",
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(&["relations", "--kind", "fight"]);
    assert_eq!(
        (code, out.lines().count()),
        (1, 1),
        "nothing matched: exit 1, header only"
    );
}

#[test]
fn actors_by_kind() {
    let (code, out, _) = run(&["actors", "--kind", "weapon_system"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["f-35", "patriot", "s-400"]);
}

#[test]
fn unknown_and_ambiguous_names_are_errors_with_candidates() {
    let (code, _, err) = run(&["show", "Turky"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: unknown actor `Turky`; did you mean: Turkey (turkey)?\n"
    );
    let (code, _, err) = run(&["relations", "--kind", "demands"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected one of: comment, appeal"), "{err}");
    let (code, _, err) = run(&["relations", "--since", "2021-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("that day does not exist"), "{err}");
}

#[test]
fn data_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.ron");
    std::fs::write(
        &file,
        r#"(actors: [(id: "x", name: "Xanadu", kind: state)])"#,
    )
    .unwrap();
    let out = dipgraph()
        .env("DIPGRAPH_DATA", &file)
        .args(["actors"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("Xanadu"));
}

#[test]
fn show_lists_relations_by_date_undated_last() {
    let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin().unwrap()).unwrap();
    for actor in graph.actors() {
        let (code, out, err) = run(&["show", actor.id.as_str(), "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
        for list in ["outgoing", "incoming", "mentioned_in"] {
            let relations: Vec<dipgraph::Relation> =
                serde_json::from_value(shown[list].clone()).unwrap();
            // Dated first, by date; the undated after them (`None` sorts first, hence the flag).
            let keys: Vec<_> = relations
                .iter()
                .map(|r| (r.sort_date().is_none(), r.sort_date()))
                .collect();
            assert!(keys.is_sorted(), "{} {list}: {keys:?}", actor.id);
        }
    }
    // The text lists them in the same order: Biden's oldest relation comes first.
    let (_, text, _) = run(&["show", "Biden"]);
    let dates: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.starts_with("DATE"))
        .skip(1)
        .take(2)
        .map(|line| line.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(dates, ["2009-01-20–2017-01-20", "2019"], "{text}");
}

/// Runs dipgraph on the built-in data as if on a terminal `columns` wide.
fn run_at_width(columns: &str, args: &[&str]) -> String {
    let out = dipgraph()
        .env_remove("DIPGRAPH_DATA")
        .env("COLUMNS", columns)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn output_fits_the_terminal_width() {
    let commands: [&[&str]; 7] = [
        &["relations"],
        &["show", "Biden"],
        &["balance"],
        &["balance", "--open", "--actor", "Russia"],
        &["path", "Turkey", "PKK", "--k", "3"],
        &["dyad", "Turkey", "US"],
        &["actors"],
    ];
    for args in commands {
        let (_, full, _) = run(args);
        let fitted = run_at_width("100", args);
        for line in fitted.lines() {
            assert!(line.chars().count() <= 100, "{args:?}: {line}");
        }
        // Off a terminal (no COLUMNS) lines are whole, for scripts and diffs.
        if args[0] != "actors" {
            assert!(full.lines().any(|l| l.chars().count() > 100), "{args:?}");
        }
        // Text wraps without losing a word; tables keep one line per row.
        let words = |text: &str| {
            text.split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        if ["relations", "show", "dyad", "actors"].contains(&args[0]) {
            assert_eq!(
                fitted.lines().count(),
                full.lines().count(),
                "{args:?}\n{fitted}"
            );
        } else {
            assert_eq!(words(&fitted), words(&full), "{args:?}\n{fitted}");
        }
    }
    // A width that is not a number is ignored.
    assert_eq!(run_at_width("wide", &["relations"]), run(&["relations"]).1);
}

#[test]
fn dipgraph_data_takes_a_list_like_path() {
    let out = dipgraph()
        .env("DIPGRAPH_DATA", "data/actors.ron:data/sources")
        .arg("check")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("2 files, 23 actors, 52 relations"),
        "{stdout}"
    );
    // --data replaces the variable, as a flag overrides the environment.
    let out = dipgraph()
        .env("DIPGRAPH_DATA", "/nonexistent")
        .args(["check", "--data", "data"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn help_keeps_the_global_options_apart() {
    let (code, help, _) = run(&["path", "--help"]);
    assert_eq!(code, 0);
    let (own, global) = help
        .split_once("\nGlobal options:\n")
        .unwrap_or_else(|| panic!("no global section:\n{help}"));
    assert!(own.contains("--max-hops"), "{help}");
    for flag in ["--data", "--input-format"] {
        assert!(
            !own.contains(flag),
            "{flag} among path's own options:\n{help}"
        );
        assert!(global.contains(flag), "{help}");
    }
}
