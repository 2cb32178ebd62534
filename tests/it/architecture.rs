//! The library's layers point one way: no module imports a module on a higher floor.
//!
//! The floors are read from the "Layers" section of `docs/ARCHITECTURE.md`, so the document
//! and this check cannot drift apart. Each `src/**/*.rs` file of the library (not the binary's
//! `main.rs` and `cli/`, not `lib.rs`, which only re-exports) is read with its comments,
//! literals and `#[cfg(test)]` items removed (tests may reach up for fixtures), and every
//! `crate::…` or `super::…` path that leads to another top-level module is an import of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The floors, lowest first, each a list of top-level modules.
fn layers() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string("docs/ARCHITECTURE.md").unwrap();
    let section = doc
        .split("\n## Layers\n")
        .nth(1)
        .expect("docs/ARCHITECTURE.md has a `## Layers` section");
    let block = section
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the Layers section draws the floors in a ```text block");
    // Drawn top floor first, as a building is.
    let mut floors: Vec<Vec<String>> = block
        .lines()
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .filter(|floor: &Vec<String>| !floor.is_empty())
        .collect();
    floors.reverse();
    floors
}

#[test]
fn layers_point_one_way() {
    let floors = layers();
    let floor_of: BTreeMap<String, usize> = floors
        .iter()
        .enumerate()
        .flat_map(|(i, floor)| floor.iter().map(move |m| (m.clone(), i)))
        .collect();
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    let mut files = library_files();
    let tests = test_modules(&files, &lib);
    files.retain(|(path, _)| !tests.contains(path));
    let mut problems = violations(&files, &floor_of, &root_items(&lib));
    for module in top_level_modules(&lib) {
        if !floor_of.contains_key(&module) {
            problems.push(format!(
                "module `{module}` is on no floor of docs/ARCHITECTURE.md's Layers"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_layer_check_can_fail() {
    let floor_of: BTreeMap<String, usize> =
        [("model", 0), ("error", 1), ("graph", 2), ("resolve", 1)]
            .into_iter()
            .map(|(m, i)| (m.to_owned(), i))
            .collect();
    let roots = BTreeMap::from([("Graph".to_owned(), "graph".to_owned())]);
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_owned());
    let files = [
        // Upward, in every spelling.
        file("src/model/id.rs", "use crate::graph::Graph;"),
        file("src/model/mod.rs", "fn f() -> super::Graph { todo!() }"),
        file("src/error.rs", "use crate::{model::Date, graph};"),
        // Sideways, on one floor.
        file("src/resolve.rs", "use crate::error::Error;"),
        // Not imports: comments, strings, tests, downward and within a module.
        file(
            "src/model/kind.rs",
            "// crate::graph\n/* crate::graph */ const S: &str = \"crate::graph\";\n\
             const C: char = '{'; #[cfg(test)] mod tests { use crate::graph::Graph; }\n\
             use super::id::ActorId;",
        ),
        file(
            "src/graph.rs",
            "use crate::{error::Error, model::{Date, ActorId}};",
        ),
        // A test module in a file of its own.
        file("src/error/mod.rs", "#[cfg(test)]\nmod tests;"),
        file("src/error/tests.rs", "use crate::graph::Graph;"),
    ];
    let tests = test_modules(&files, "#[cfg(test)]\nmod testing;");
    assert!(
        tests.contains(&PathBuf::from("src/error/tests.rs")),
        "{tests:?}"
    );
    assert!(
        tests.contains(&PathBuf::from("src/testing.rs")),
        "{tests:?}"
    );
    let files: Vec<_> = files
        .into_iter()
        .filter(|(p, _)| !tests.contains(p))
        .collect();
    let found = violations(&files, &floor_of, &roots);
    let expected = [
        "src/model/id.rs: `model` imports `graph`, a higher floor",
        "src/model/mod.rs: `model` imports `graph`, a higher floor",
        "src/error.rs: `error` imports `graph`, a higher floor",
        "src/resolve.rs: `resolve` imports `error`, on its own floor",
    ];
    assert_eq!(found, expected);
}

/// Every import that does not point down, one line each.
fn violations(
    files: &[(PathBuf, String)],
    floor_of: &BTreeMap<String, usize>,
    roots: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, text) in files {
        let module = module_path(path);
        let Some(top) = module.first() else { continue };
        let Some(&floor) = floor_of.get(top) else {
            continue;
        };
        let mut seen = Vec::new();
        for import in imports(&code_only(text), &module, roots) {
            if import == *top || seen.contains(&import) {
                continue;
            }
            seen.push(import.clone());
            let at = match floor_of.get(&import) {
                Some(&other) if other < floor => continue,
                Some(&other) if other == floor => "on its own floor",
                Some(_) => "a higher floor",
                None => "on no floor",
            };
            problems.push(format!(
                "{}: `{top}` imports `{import}`, {at}",
                path.display()
            ));
        }
    }
    problems
}

/// The library's source files but `lib.rs` and the binary's.
fn library_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path != Path::new("src/cli") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs")
                && !["src/lib.rs", "src/main.rs"].contains(&path.to_str().unwrap())
            {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

/// The files of modules declared `#[cfg(test)] mod name;` (test code as a whole).
fn test_modules(files: &[(PathBuf, String)], lib: &str) -> Vec<PathBuf> {
    let parents = files
        .iter()
        .map(|(path, text)| (path.clone(), text.as_str()))
        .chain([(PathBuf::from("src/lib.rs"), lib)]);
    let mut tests = Vec::new();
    for (parent, text) in parents {
        // `src/lib.rs` and `src/x/mod.rs` declare files beside them, `src/x.rs` in `src/x/`.
        let dir = match parent.file_stem().and_then(|s| s.to_str()) {
            Some("lib" | "mod") => parent.with_file_name(""),
            _ => parent.with_extension(""),
        };
        for declared in text.split("#[cfg(test)]").skip(1) {
            let item = declared.trim_start();
            let name = item
                .strip_prefix("mod ")
                .or_else(|| item.strip_prefix("pub(crate) mod "))
                .and_then(|rest| rest.split_once(';'))
                .map(|(name, _)| name.trim());
            if let Some(name) = name.filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                tests.push(dir.join(format!("{name}.rs")));
                tests.push(dir.join(name).join("mod.rs"));
            }
        }
    }
    tests
}

/// `src/query/path/yen.rs` → `["query", "path", "yen"]`; `mod.rs` names its directory.
fn module_path(path: &Path) -> Vec<String> {
    let mut parts: Vec<String> = path
        .with_extension("")
        .iter()
        .skip(1)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// `pub mod x;` lines of `lib.rs`.
fn top_level_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// What `lib.rs` re-exports at the root, and from which module: `Graph` → `graph`.
fn root_items(lib: &str) -> BTreeMap<String, String> {
    let code = code_only(lib);
    let mut items = BTreeMap::new();
    for statement in code.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        for name in rest.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !name.is_empty() {
                items.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    items
}

/// The top-level modules that the paths in `code` lead to, from inside `module`.
fn imports(code: &str, module: &[String], roots: &BTreeMap<String, String>) -> Vec<String> {
    let to_module = |name: &str| -> Option<String> {
        if ["self", "super", "crate"].contains(&name) {
            None
        } else {
            Some(roots.get(name).cloned().unwrap_or_else(|| name.to_owned()))
        }
    };
    let tokens = tokenize(code);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let at_root = match tokens[i].as_str() {
            "crate" => Some(i + 1),
            "super" => {
                // `super::super::…`: count the steps up from this file's module.
                let mut j = i;
                let mut up = 0;
                while tokens.get(j).is_some_and(|t| t == "super")
                    && tokens.get(j + 1).is_some_and(|t| t == "::")
                {
                    up += 1;
                    j += 2;
                }
                (up >= module.len()).then_some(j - 1)
            }
            _ => None,
        };
        // `at_root` is the `::` after the path's start, if the path starts at the root.
        if let Some(sep) = at_root.filter(|&s| tokens.get(s).is_some_and(|t| t == "::")) {
            match tokens.get(sep + 1).map(String::as_str) {
                Some("{") => found.extend(
                    group_heads(&tokens[sep + 2..])
                        .into_iter()
                        .filter_map(to_module),
                ),
                Some(name) => found.extend(to_module(name)),
                None => {}
            }
        }
        i += 1;
    }
    found
}

/// The first name of each path in a `{a::b, c, d::{e, f}}` group, up to its closing brace.
fn group_heads(tokens: &[String]) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    for token in tokens {
        match token.as_str() {
            "{" => depth += 1,
            "}" if depth == 0 => break,
            "}" => depth -= 1,
            "," if depth == 0 => {
                expect_head = true;
                continue;
            }
            name if depth == 0 && expect_head => heads.push(name),
            _ => {}
        }
        expect_head = false;
    }
    heads
}

/// Identifiers, `::` and single punctuation characters.
fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            tokens.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push("::".to_owned());
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    tokens
}

/// `text` without comments, string and character literals, and `#[cfg(test)]` items.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let skip_until = |from: usize, end: &str| {
        text[from..]
            .find(end)
            .map_or(text.len(), |at| from + at + end.len())
    };
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i = skip_until(i, "\n");
        } else if rest.starts_with("/*") {
            i = skip_until(i + 2, "*/");
        } else if let Some(hashes) = raw_string_start(rest) {
            let end = format!("\"{}", "#".repeat(hashes));
            i = skip_until(i + hashes + 2, &end);
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            i = string_end(bytes, i + 1);
            out.push_str("\"\"");
        } else if let Some(len) = char_literal(rest) {
            i += len;
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    remove_test_items(&out)
}

/// The number of `#`s of a raw string starting here (`r"`, `r#"`, `br"`…).
fn raw_string_start(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after.len() - after.trim_start_matches('#').len();
    after[hashes..].starts_with('"').then_some(hashes)
}

/// The index just past the closing quote of a string whose text starts at `i`.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The length of a character literal starting here (`'x'`, `'\n'`, `'\u{7f}'`), or `None`
/// for a lifetime.
fn char_literal(rest: &str) -> Option<usize> {
    let body = rest.strip_prefix('\'')?;
    let len = if body.starts_with('\\') {
        body.find('\'')?
    } else {
        body.chars().next()?.len_utf8()
    };
    (body[len..].starts_with('\'')).then_some(len + 2)
}

/// `code` without the items that follow `#[cfg(test)]`: up to the end of their braces, or
/// their `;`.
fn remove_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let mut depth = 0;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}
