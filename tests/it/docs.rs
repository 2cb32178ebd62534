//! The docs are real: every example in `README.md` and `docs/*.md` is run, so docs and code
//! cannot drift apart.
//!
//! - In a `console` block, each `$ dipgraph …` line runs through `sh` (pipes, globs and
//!   `# comments` work as in a terminal), in one scratch directory per document that holds a
//!   copy of `data/`, an empty `docs/` and a small GDELT export named `20250101000000.export.CSV`. The lines
//!   after a command, up to the next `$`, are the output it must print (standard output and
//!   error, as a terminal shows them; trailing spaces ignored); a line holding only `…`
//!   stands for any number of lines. A command shown without output must succeed (exit 0).
//! - A `ron` or `json` block is a data file: `dipgraph check` must pass it.
//! - The README's `sh` block opens with the two set-up commands; `cargo run --release -- …`
//!   runs as `dipgraph …`.
//!
//! A block is left out when the line above its opening fence says `(illustrative)`, and one
//! command when its line ends in `# illustrative`: both visible to readers. Use them sparingly.
//!
//! When an example's output changes on purpose, update the docs: the failure shows the file,
//! the line, what the docs say and what the command prints now.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::export::have_graphviz;

/// A fenced block of a Markdown file.
struct Block {
    /// `docs/queries.md:112`: the file and the line of the opening fence.
    place: String,
    /// The fence's language: `console`, `ron`, `sh`, …
    lang: String,
    /// The lines inside the fence, each with its line number.
    lines: Vec<(usize, String)>,
}

/// The fenced blocks of `text`, leaving out those marked `(illustrative)`.
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    let mut above = "";
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (fence, open.take()) {
            (Some(_), Some(block)) => {
                found.push(block);
            }
            (Some(info), None) => {
                if !above.contains("(illustrative)") {
                    open = Some(Block {
                        place: format!("{file}:{}", i + 1),
                        lang: info.split_whitespace().next().unwrap_or("").to_owned(),
                        lines: Vec::new(),
                    });
                } else {
                    // Swallow the block: keep a placeholder to find its closing fence.
                    open = Some(Block {
                        place: String::new(),
                        lang: "illustrative".to_owned(),
                        lines: Vec::new(),
                    });
                }
            }
            (None, Some(mut block)) => {
                block.lines.push((i + 1, line.to_owned()));
                open = Some(block);
            }
            (None, None) => {
                if !line.trim().is_empty() {
                    above = line;
                }
            }
        }
    }
    found
}

/// A command of a console block and the output the docs show for it.
struct Session {
    place: String,
    command: String,
    expected: Vec<String>,
}

/// The `$ dipgraph …` commands of a console block; `\` continues a command on the next line.
fn sessions(file: &str, block: &Block) -> Vec<Session> {
    let mut found: Vec<Session> = Vec::new();
    let mut in_command = false;
    for (number, line) in &block.lines {
        if in_command {
            let session = found.last_mut().unwrap();
            session.command.push('\n');
            session.command.push_str(line);
            in_command = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            found.push(Session {
                place: format!("{file}:{number}"),
                command: command.to_owned(),
                expected: Vec::new(),
            });
            in_command = line.ends_with('\\');
        } else if let Some(session) = found.last_mut() {
            session.expected.push(line.trim_end().to_owned());
        }
    }
    for session in &mut found {
        while session.expected.last().is_some_and(|l| l.is_empty()) {
            session.expected.pop();
        }
    }
    found.retain(|s| s.command.starts_with("dipgraph ") && !s.command.ends_with("# illustrative"));
    found
}

/// Whether `got` matches `expected`, where an `…` line matches any number of lines.
fn matches(expected: &[String], got: &[&str]) -> bool {
    match expected.split_first() {
        None => got.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=got.len()).any(|skip| matches(rest, &got[skip..]))
        }
        Some((first, rest)) => got.first() == Some(&first.as_str()) && matches(rest, &got[1..]),
    }
}

/// A scratch directory laid out like a clone, with the GDELT export the README imports.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("data"), &dir.path().join("data"));
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::copy(
        "tests/fixtures/gdelt/20250101000000.export.CSV",
        dir.path().join("20250101000000.export.CSV"),
    )
    .unwrap();
    std::fs::copy(
        "tests/fixtures/extract/article.txt",
        dir.path().join("article.txt"),
    )
    .unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs a shell command line in `dir` with `dipgraph` on the PATH; returns the exit code and
/// what it printed on standard output and error together, as a terminal shows them.
fn shell(dir: &Path, command: &str) -> (i32, String) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_dipgraph"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_owned()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("DIPGRAPH_DATA")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Whether a command needs Graphviz: it pipes into `dot` or writes a picture.
fn needs_graphviz(command: &str) -> bool {
    command.contains("| dot ")
        || command.split_whitespace().any(|word| {
            [".svg", ".png", ".pdf"]
                .iter()
                .any(|ext| word.ends_with(ext))
        })
}

/// The documents whose examples are run.
fn documents() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.insert(0, PathBuf::from("README.md"));
    files
}

/// Runs every example of one document; returns the failures and how many examples ran.
fn run_document(file: &Path, graphviz: bool) -> (Vec<String>, usize) {
    let name = file.to_string_lossy().into_owned();
    let text = std::fs::read_to_string(file).unwrap();
    let dir = scratch();
    let mut failures = Vec::new();
    let mut ran = 0;
    for block in blocks(&name, &text) {
        match block.lang.as_str() {
            "console" => {
                for session in sessions(&name, &block) {
                    if needs_graphviz(&session.command) && !graphviz {
                        continue;
                    }
                    ran += 1;
                    let (code, got) = shell(dir.path(), &session.command);
                    let lines: Vec<&str> = got.trim_end().lines().map(str::trim_end).collect();
                    if session.expected.is_empty() {
                        if code != 0 {
                            failures.push(format!(
                                "{}: `{}` exits {code}:\n{got}",
                                session.place, session.command
                            ));
                        }
                    } else if !matches(&session.expected, &lines) {
                        failures.push(format!(
                            "{}: `{}` prints something else now; if that is intended, update \
                             the example.\n--- the docs show:\n{}\n--- it prints:\n{}",
                            session.place,
                            session.command,
                            session.expected.join("\n"),
                            lines.join("\n")
                        ));
                    }
                }
            }
            lang @ ("ron" | "json") => {
                ran += 1;
                let path = dir.path().join(format!("example.{lang}"));
                let data: Vec<&str> = block.lines.iter().map(|(_, l)| l.as_str()).collect();
                std::fs::write(&path, data.join("\n")).unwrap();
                let (code, got) =
                    shell(dir.path(), &format!("dipgraph check --data example.{lang}"));
                if code != 0 {
                    failures.push(format!(
                        "{}: this {lang} example does not pass `dipgraph check`:\n{got}",
                        block.place
                    ));
                }
            }
            _ => {}
        }
    }
    (failures, ran)
}

#[test]
fn every_example_in_the_docs_runs_as_shown() {
    let mut failures = Vec::new();
    let mut ran = 0;
    let graphviz = have_graphviz();
    for file in documents() {
        let (failed, count) = run_document(&file, graphviz);
        failures.extend(failed);
        ran += count;
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} doc examples fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(ran >= 30, "only {ran} examples found");
}

#[test]
fn the_readme_opens_with_the_two_set_up_commands() {
    let text = std::fs::read_to_string("README.md").unwrap();
    let first = blocks("README.md", &text).into_iter().next().unwrap();
    assert_eq!(first.lang, "sh");
    let commands: Vec<&str> = first
        .lines
        .iter()
        .map(|(_, line)| line.split(" #").next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        ["cargo run --release -- path Turkey PKK --k 3", "cargo test"]
    );
    // `.ci/run` runs the README's test command as it stands.
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(ci.lines().any(|line| line == "cargo test"), "{ci}");
    let dir = scratch();
    let (code, got) = shell(dir.path(), "dipgraph path Turkey PKK --k 3");
    assert_eq!(code, 0, "{got}");
    assert!(
        got.starts_with("Turkey to Kurdistan Workers' Party: 3 shortest paths"),
        "{got}"
    );
}

#[test]
fn ellipsis_lines_match_any_lines() {
    let expected = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "d"]));
    assert!(!matches(&expected(&["a", "…", "d"]), &["a", "b"]));
    assert!(!matches(&expected(&["a", "b"]), &["a", "b", "c"]));
}

/// The `id`s and texts of an SVG that Graphviz wrote: what it shows, whatever the layout.
fn shown(svg: &str) -> std::collections::BTreeSet<String> {
    let ids = svg
        .split("id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next());
    let pieces: Vec<&str> = svg.split("</text>").collect();
    let texts = pieces[..pieces.len() - 1]
        .iter()
        .filter_map(|piece| piece.rsplit('>').next());
    ids.chain(texts).map(str::to_owned).collect()
}

#[test]
fn the_readme_picture_is_what_the_command_beside_it_makes() {
    if !have_graphviz() {
        return;
    }
    let text = std::fs::read_to_string("README.md").unwrap();
    let command = blocks("README.md", &text)
        .iter()
        .flat_map(|block| sessions("README.md", block))
        .map(|session| session.command)
        .find(|command| command.ends_with("-o docs/seed-graph.svg"))
        .expect("the README shows the command that made its picture");
    let dir = scratch();
    let (code, out) = shell(dir.path(), &command);
    assert_eq!(code, 0, "{out}");
    let made = std::fs::read_to_string(dir.path().join("docs/seed-graph.svg")).unwrap();
    let committed = std::fs::read_to_string("docs/seed-graph.svg").unwrap();
    // Graphviz versions place things differently; the actors, edges and texts must agree.
    assert_eq!(
        shown(&committed),
        shown(&made),
        "docs/seed-graph.svg is out of date: run `{command}`"
    );
}
