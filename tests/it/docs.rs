//! The example sessions in the docs are real: every `$ dipgraph …` line in a console block,
//! followed by its output, gives that output today.

use crate::cli::run;

/// The (command, expected output) pairs of the console blocks in `text`.
fn sessions(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut in_block = false;
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            found.extend(current.take().map(|(c, out)| (c, out.join("\n"))));
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.extend(current.take().map(|(c, out)| (c, out.join("\n"))));
            current = Some((command.to_owned(), Vec::new()));
        } else if let Some((_, out)) = current.as_mut() {
            out.push(line);
        }
    }
    found
}

#[test]
fn query_examples_show_real_output() {
    let text = std::fs::read_to_string("docs/queries.md").unwrap();
    let mut checked = 0;
    for (command, expected) in sessions(&text) {
        let expected = expected.trim_end();
        // Commands shown without output, or writing files, are illustrations only.
        if expected.is_empty() || command.contains(" -o ") {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        assert!(
            !command.contains('"'),
            "quote-free commands only: {command}"
        );
        let (_, out, err) = run(&args);
        let got = format!("{out}{err}");
        assert_eq!(
            got.trim_end(),
            expected,
            "docs/queries.md: `{command}` now prints something else"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} examples found");
}
