//! The extractor's rules, one sentence each: what it should propose, and what it should not.

use super::*;

/// Extracts `text` against an empty base and lists the relations as `from kind to`, with
/// ` (claimed by X)` when a speaker claims them.
fn extract(text: &str) -> Vec<String> {
    let base = Graph::try_from(crate::Dataset::default()).unwrap();
    let extractor = Extractor::new(&base).unwrap();
    let meta = SourceMeta {
        published: Some("2021-03-08".parse().unwrap()),
        ..SourceMeta::named("t.txt")
    };
    let draft = extractor.extract(text, &meta).unwrap();
    draft
        .dataset
        .relations
        .iter()
        .map(|r| match &r.claimed_by {
            Some(c) => format!("{} {} {} (claimed by {c})", r.from, r.kind, r.to),
            None => format!("{} {} {}", r.from, r.kind, r.to),
        })
        .collect()
}

fn check(text: &str, expected: &[&str]) {
    let got = extract(text);
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(got_sorted, want, "{text:?}");
}

#[test]
fn active_voice() {
    check(
        "Turkey urged Russia to halt the offensive.",
        &["turkey appeal russia"],
    );
}
