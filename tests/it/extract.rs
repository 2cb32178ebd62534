//! `dipgraph extract`: the library on the seed article and PETRARCH2's unit-test records
//! (quality floors), and the command as a user runs it (drafts that pass `check`, bad input).
//!
//! Tests that read the shared reference data (`../shared/`, or `DIPGRAPH_SHARED`) skip when
//! it is absent, and fail when `CI` is set.

use std::path::PathBuf;

use assert_cmd::Command;
use dipgraph::extract::{Extractor, SourceMeta};
use dipgraph::{Dataset, Graph, Relation, RelationKind};
use proptest::prelude::*;

/// The shared reference directory, or `None` (with a note) when it is absent outside CI.
fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("DIPGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is required when CI is set",
        dir.display()
    );
    eprintln!("skipped: {} is absent", dir.display());
    None
}

fn empty_base() -> Graph {
    Graph::try_from(Dataset::default()).unwrap()
}

/// The family of a kind, for comparing with hand-made data: the PLOVER event type for
/// events (`appeal` and `demand` are both REQUEST), and four groups of standing relations.
fn family(kind: RelationKind) -> &'static str {
    use RelationKind::*;
    match kind {
        MemberOf | PartOf | Leads | Represents | AffiliatedWith => "belongs",
        Possesses | Produces => "owns",
        AlliedWith => "allied",
        Tension => "tension",
        _ => kind.info().plover.unwrap_or("none"),
    }
}

/// Recall (any match and one-to-one) and precision of a draft against hand-made relations,
/// on actors (by name), kind family and direction.
struct Score {
    expected: usize,
    found: usize,
    recalled: usize,
    recalled_one_to_one: usize,
    correct: usize,
}

fn score(draft: &Dataset, gold: &Graph) -> Score {
    // A draft actor is the gold actor that answers to its name or one of its aliases.
    let actor = |id: &dipgraph::ActorId| -> Option<dipgraph::ActorId> {
        let drafted = draft.actors.iter().find(|a| &a.id == id);
        let names: Vec<&str> = match drafted {
            Some(a) => std::iter::once(a.name.as_str())
                .chain(a.aliases.iter().map(String::as_str))
                .collect(),
            None => vec![id.as_str()],
        };
        names.iter().find_map(|n| gold.resolve(n).ok().cloned())
    };
    let key = |r: &Relation| Some((actor(&r.from)?, family(r.kind), actor(&r.to)?));
    let found: Vec<_> = draft.relations.iter().map(key).collect();
    let gold_keys: Vec<_> = gold
        .relations()
        .map(|r| (r.from.clone(), family(r.kind), r.to.clone()))
        .collect();
    let recalled = gold_keys
        .iter()
        .filter(|g| found.iter().any(|f| f.as_ref() == Some(g)))
        .count();
    let mut unused: Vec<_> = found.iter().flatten().collect();
    let mut recalled_one_to_one = 0;
    for g in &gold_keys {
        if let Some(at) = unused.iter().position(|f| *f == g) {
            unused.swap_remove(at);
            recalled_one_to_one += 1;
        }
    }
    let correct = found
        .iter()
        .filter(|f| f.as_ref().is_some_and(|f| gold_keys.contains(f)))
        .count();
    Score {
        expected: gold_keys.len(),
        found: found.len(),
        recalled,
        recalled_one_to_one,
        correct,
    }
}

#[test]
fn seed_article_with_an_empty_base_recalls_most_of_the_hand_made_relations() {
    let Some(shared) = shared() else { return };
    let seed = std::fs::read_dir(shared.join("seed"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&seed).unwrap();
    let extractor = Extractor::new(&empty_base()).unwrap();
    let draft = extractor
        .extract(&text, &SourceMeta::named(&seed.display().to_string()))
        .unwrap();
    let gold = Graph::try_from(Dataset::builtin().unwrap()).unwrap();
    let s = score(&draft.dataset, &gold);
    let recall = s.recalled as f64 / s.expected as f64;
    let one_to_one = s.recalled_one_to_one as f64 / s.expected as f64;
    let precision = s.correct as f64 / s.found as f64;
    eprintln!(
        "seed: {} of {} hand-made relations recalled ({:.0}%; {:.0}% one to one), {} of {} proposed are in the hand-made set ({:.0}% precision)",
        s.recalled, s.expected, recall * 100.0, one_to_one * 100.0, s.correct, s.found, precision * 100.0
    );
    assert!(recall >= 0.60, "recall {recall:.2} fell below 0.60");
    assert!(
        precision >= 0.80,
        "precision {precision:.2} fell below 0.80"
    );
}

/// One record of PETRARCH2's unit tests: its text and expected codings (source, target,
/// CAMEO event code); `None` codings when it expects no event.
struct Record {
    id: String,
    category: String,
    text: String,
    codings: Option<Vec<(String, String, String)>>,
}

fn records(xml: &str) -> Vec<Record> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut records: Vec<Record> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .trim_matches('"')
                                .to_owned()
                        })
                };
                match e.name().as_ref() {
                    "Sentence" => records.push(Record {
                        id: attr("id").unwrap_or_default(),
                        category: attr("category").unwrap_or_default(),
                        text: String::new(),
                        codings: Some(Vec::new()),
                    }),
                    "EventCoding" => {
                        let record = records.last_mut().unwrap();
                        if attr("noevents").is_some() || attr("error").is_some() {
                            record.codings = None;
                        } else if let (Some(codings), Some(s), Some(t), Some(c)) = (
                            &mut record.codings,
                            attr("sourcecode"),
                            attr("targetcode"),
                            attr("eventcode"),
                        ) {
                            codings.push((s, t, c));
                        }
                    }
                    "Text" => {
                        let text = reader.read_text(quick_xml::name::QName("Text")).unwrap();
                        let text = text.into_inner().into_owned();
                        records.last_mut().unwrap().text =
                            text.split_whitespace().collect::<Vec<_>>().join(" ");
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    records
}

/// PETRARCH's validation actors in the gazetteer's format: one entry per CAMEO code, its id
/// the code in lowercase, so that a relation's ends give back the codes.
fn validation_actors(text: &str) -> String {
    let mut by_code: Vec<(String, Vec<String>)> = Vec::new();
    let mut phrases: Vec<String> = Vec::new();
    let mut flush = |phrases: &mut Vec<String>, code: Option<String>| {
        let Some(code) =
            code.filter(|c| c.len() >= 3 && c.chars().all(|c| c.is_ascii_alphanumeric()))
        else {
            phrases.clear();
            return;
        };
        match by_code.iter_mut().find(|(c, _)| *c == code) {
            Some((_, names)) => names.append(phrases),
            None => by_code.push((code, std::mem::take(phrases))),
        }
    };
    let code_of = |line: &str| {
        line.split('[')
            .nth(1)
            .and_then(|rest| rest.split([']', ' ']).next())
            .map(str::to_owned)
    };
    let phrase = |line: &str| {
        line.split(['[', '#'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('+')
            .replace('_', " ")
            .trim()
            .to_owned()
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with('<') {
            continue;
        }
        if line.starts_with(['\t', ' ']) {
            if let Some(code) = code_of(line) {
                flush(&mut phrases, Some(code));
            }
        } else if line.starts_with('+') {
            phrases.push(phrase(line));
        } else {
            phrases.clear();
            phrases.push(phrase(line));
            if line.contains('[') {
                flush(&mut phrases, code_of(line));
            }
        }
    }
    let mut out = String::new();
    for (code, names) in by_code {
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| !n.is_empty())
            .map(|n| titlecase(&n))
            .collect();
        let Some(first) = names.first() else { continue };
        let kind = if code.len() == 3 { "state" } else { "other" };
        out.push_str(&format!(
            "{}\t{kind}\t\t{first}\t{}\t\n",
            code.to_lowercase(),
            names[1..].join("|")
        ));
    }
    out
}

fn titlecase(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn petrarch_unit_test_records_pass_rate_does_not_fall() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("reference/petrarch");
    let xml = std::fs::read_to_string(dir.join("PETR.UnitTest.records.xml")).unwrap();
    let actors =
        validation_actors(&std::fs::read_to_string(dir.join("PETR.Validate.actors.txt")).unwrap());
    let actors: &'static str = Box::leak(actors.into_boxed_str());
    let extractor =
        Extractor::with_actors(&empty_base(), &[("PETR.Validate.actors.txt", actors)]).unwrap();
    let meta = SourceMeta {
        published: Some("1995-01-01".parse().unwrap()),
        ..SourceMeta::named("record")
    };
    // Per category: records, records passed; and codings expected, found, proposed, correct.
    let mut categories: std::collections::BTreeMap<String, [usize; 2]> = Default::default();
    let (mut expected, mut found, mut proposed, mut correct) = (0, 0, 0, 0);
    let root = |code: &str| code.get(..3).unwrap_or(code).to_uppercase();
    for record in records(&xml) {
        let draft = extractor.extract(&record.text, &meta).unwrap();
        let got: Vec<(String, RelationKind, String)> = draft
            .dataset
            .relations
            .iter()
            .filter(|r| !r.kind.is_standing())
            .map(|r| (root(r.from.as_str()), r.kind, root(r.to.as_str())))
            .collect();
        let passed = match &record.codings {
            None => got.is_empty(),
            Some(codings) => {
                let want: Vec<_> = codings
                    .iter()
                    .filter_map(|(s, t, c)| Some((root(s), RelationKind::from_cameo(c)?, root(t))))
                    .collect();
                let hits = want.iter().filter(|w| got.contains(w)).count();
                expected += want.len();
                found += hits;
                proposed += got.len();
                correct += got.iter().filter(|g| want.contains(g)).count();
                hits == want.len() && !want.is_empty()
            }
        };
        let entry = categories.entry(record.category.clone()).or_default();
        entry[0] += 1;
        entry[1] += usize::from(passed);
        if std::env::var_os("DIPGRAPH_SHOW").is_some() && !passed {
            eprintln!(
                "{} {:?}: want {:?} got {got:?}",
                record.id, record.text, record.codings
            );
        }
    }
    let (total, passed) = categories
        .values()
        .fold((0, 0), |(t, p), [n, ok]| (t + n, p + ok));
    for (category, [n, ok]) in &categories {
        eprintln!("petrarch {category}: {ok}/{n}");
    }
    let rate = passed as f64 / total as f64;
    eprintln!(
        "petrarch: {passed}/{total} records pass ({:.0}%); codings: recall {found}/{expected}, precision {correct}/{proposed}",
        rate * 100.0
    );
    // Measured 64/284 (22.5%) on 2026-11-29 (60 before that day's rules); the floor sits
    // just below.
    assert!(
        rate >= 0.22,
        "pass rate {rate:.3} fell below the floor of 0.22"
    );
}

/// A relation as `(from, kind, to)`.
type Triple = (String, RelationKind, String);

/// Sentences of our own in the style of wire copy, each with the relations a careful coder
/// draws from it (`tests/fixtures/extract/news.txt`).
fn news_sentences(text: &str) -> Vec<(String, Vec<Triple>)> {
    let mut sentences: Vec<(String, Vec<Triple>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(coded) = line.strip_prefix("  ") {
            let [from, kind, to] = coded.split(' ').collect::<Vec<_>>()[..] else {
                panic!("line {}: expected `from kind to`", n + 1);
            };
            let kind = kind
                .parse()
                .unwrap_or_else(|e| panic!("line {}: {e}", n + 1));
            let (_, coded) = sentences.last_mut().unwrap();
            coded.push((from.to_owned(), kind, to.to_owned()));
        } else {
            sentences.push((line.to_owned(), Vec::new()));
        }
    }
    sentences
}

#[test]
fn news_sentences_of_our_own_score_an_f1_above_the_floor() {
    // Measured on 2026-11-29: the sentences the rules were tuned on, F1 0.99 (0.75 before
    // tuning); the held-out ones, measured once before any rule was changed for them,
    // 0.96. Both were written by the rules' author: see docs/extract.md for what that means.
    let tuned = news_f1("news.txt", include_str!("../fixtures/extract/news.txt"));
    let held_out = news_f1(
        "news-held-out.txt",
        include_str!("../fixtures/extract/news-held-out.txt"),
    );
    assert!(tuned >= 0.9, "F1 {tuned:.2} on news.txt fell below 0.9");
    assert!(
        held_out >= 0.85,
        "F1 {held_out:.2} on news-held-out.txt fell below 0.85"
    );
}

/// Extracts each sentence of a news fixture on its own and prints precision, recall and F1
/// on (from, kind, to), exact and by kind family; returns the exact F1.
fn news_f1(name: &str, text: &str) -> f64 {
    let extractor = extractor();
    let meta = SourceMeta {
        published: Some("2024-05-04".parse().unwrap()),
        ..SourceMeta::named("news")
    };
    // Exact triples, and triples whose kinds are of one family (`appeal` and `demand`).
    let (mut expected, mut proposed, mut exact, mut same_family) = (0, 0, 0, 0);
    for (sentence, coded) in news_sentences(text) {
        let draft = extractor.extract(&sentence, &meta).unwrap();
        let mut got: Vec<Triple> = draft
            .dataset
            .relations
            .iter()
            .filter(|r| !r.kind.is_standing())
            .map(|r| (r.from.to_string(), r.kind, r.to.to_string()))
            .collect();
        got.sort();
        got.dedup();
        let hits = got.iter().filter(|g| coded.contains(g)).count();
        let family_hits = got
            .iter()
            .filter(|(f, k, t)| {
                coded
                    .iter()
                    .any(|(cf, ck, ct)| cf == f && ct == t && family(*ck) == family(*k))
            })
            .count();
        expected += coded.len();
        proposed += got.len();
        exact += hits;
        same_family += family_hits;
        if std::env::var_os("DIPGRAPH_SHOW").is_some() && (hits < coded.len() || hits < got.len()) {
            eprintln!("{sentence:?}\n  want {coded:?}\n  got  {got:?}");
        }
    }
    let f1 = |correct: usize| {
        let (p, r) = (
            correct as f64 / proposed.max(1) as f64,
            correct as f64 / expected.max(1) as f64,
        );
        (
            p,
            r,
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        )
    };
    let (p, r, f) = f1(exact);
    let (pf, rf, ff) = f1(same_family);
    eprintln!(
        "{name}: {expected} coded, {proposed} proposed; exact: {exact} (precision {p:.2}, recall {r:.2}, F1 {f:.2}); same family: {same_family} (precision {pf:.2}, recall {rf:.2}, F1 {ff:.2})"
    );
    f
}

/// A short article of our own, with a dateline, for the command's tests (and the docs'
/// examples).
const ARTICLE: &str = include_str!("../fixtures/extract/article.txt");

fn dipgraph() -> Command {
    let mut cmd = Command::cargo_bin("dipgraph").unwrap();
    cmd.env_remove("DIPGRAPH_DATA");
    cmd
}

/// Writes `files` into a temporary directory and returns it.
fn files(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn drafts_pass_check_with_an_empty_base_and_with_the_built_in_data() {
    let dir = files(&[
        ("empty.ron", b"(actors: [], relations: [], sources: [])"),
        ("greece.txt", ARTICLE.as_bytes()),
    ]);
    let (empty, article, out) = (
        dir.path().join("empty.ron"),
        dir.path().join("greece.txt"),
        dir.path().join("draft.ron"),
    );
    dipgraph()
        .arg("--data")
        .arg(&empty)
        .arg("extract")
        .arg(&article)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    dipgraph()
        .arg("--data")
        .arg(&empty)
        .arg("--data")
        .arg(&out)
        .arg("check")
        .assert()
        .success();
    let draft = Dataset::load(&out).unwrap();
    let triples: Vec<String> = draft
        .relations
        .iter()
        .map(|r| format!("{} {} {}", r.from, r.kind, r.to))
        .collect();
    for expected in [
        "greece criticize turkey",
        "european-union demand turkey",
        "turkey promise russia",
        "russia promise turkey",
        "sergei-ryabkov represents russia",
    ] {
        assert!(
            triples.contains(&expected.to_owned()),
            "{expected} missing from {triples:?}"
        );
    }
    assert!(
        !triples.iter().any(|t| t.contains("trade")),
        "a sale the article denies: {triples:?}"
    );
    let accusation = draft
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::Criticize)
        .unwrap();
    let evidence = &accusation.evidence[0];
    let span = evidence.span.unwrap();
    let quoted: String = ARTICLE
        .chars()
        .skip(span.start as usize)
        .take((span.end - span.start) as usize)
        .collect();
    assert_eq!(quoted, evidence.quote, "the span locates the quote");
    assert!(evidence
        .confidence
        .is_some_and(|c| (0.0..=1.0).contains(&c)));
    assert_eq!(draft.sources[0].publisher, "Reuters");

    // With the built-in data as the base, its actors are cited, not added again.
    let out = dir.path().join("draft2.json");
    dipgraph()
        .arg("extract")
        .arg(&article)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    dipgraph()
        .arg("--data")
        .arg("data")
        .arg("--data")
        .arg(&out)
        .arg("check")
        .assert()
        .success();
    let draft = Dataset::load(&out).unwrap();
    assert!(!draft.actors.iter().any(|a| a.id.as_str() == "turkey"));
}

#[test]
fn review_sheet_stdin_and_json() {
    let dir = files(&[("a.txt", ARTICLE.as_bytes())]);
    let output = dipgraph()
        .args(["extract", "--format", "text", "--published", "2024-05-04"])
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    let sheet = String::from_utf8(output.stdout).unwrap();
    assert!(sheet.contains("Greece criticize Turkey"), "{sheet}");
    assert!(
        sheet.contains("“Greece on Friday accused Turkey”"),
        "{sheet}"
    );
    assert!(
        sheet.contains("(2024-05-03)"),
        "Friday before the article's Saturday: {sheet}"
    );
    let output = dipgraph()
        .args([
            "extract",
            "-",
            "--format",
            "json",
            "--min-confidence",
            "0.7",
        ])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert!(output.status.success());
    let draft = Dataset::from_json_str(&String::from_utf8(output.stdout).unwrap()).unwrap();
    assert!(!draft.relations.is_empty());
    assert!(draft
        .relations
        .iter()
        .all(|r| r.evidence.iter().any(|e| e.confidence >= Some(0.7))));
}

#[test]
fn several_articles_make_one_draft() {
    let dir = files(&[
        ("a.txt", ARTICLE.as_bytes()),
        ("b.txt", ARTICLE.as_bytes()),
        ("empty.ron", b"()"),
    ]);
    let out = dir.path().join("both.ron");
    dipgraph()
        .arg("--data")
        .arg(dir.path().join("empty.ron"))
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg(dir.path().join("b.txt"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    dipgraph()
        .arg("--data")
        .arg(dir.path().join("empty.ron"))
        .arg("--data")
        .arg(&out)
        .arg("check")
        .assert()
        .success();
    assert_eq!(Dataset::load(&out).unwrap().sources.len(), 2);
    let output = dipgraph()
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg(dir.path().join("b.txt"))
        .args(["--title", "T"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--title describes one article"));
}

#[test]
fn bad_input() {
    let big = vec![b'a'; dipgraph::extract::MAX_TEXT + 10];
    let dir = files(&[
        ("empty.txt", b""),
        ("none.txt", b"The weather was fine on Monday."),
        ("latin1.txt", b"Ankara a d\xe9clar\xe9"),
        ("big.txt", &big),
    ]);
    let run = |name: &str| {
        let output = dipgraph()
            .args(["extract", "--format", "ron"])
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr,
        )
    };
    let (code, stdout, _) = run("empty.txt");
    assert_eq!(code, Some(1));
    assert_eq!(Dataset::from_ron_str(&stdout).unwrap(), Dataset::default());
    assert_eq!(run("none.txt").0, Some(1));
    let (code, _, stderr) = run("latin1.txt");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("latin1.txt:1: not UTF-8") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let (code, _, stderr) = run("big.txt");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("the limit for one article"), "{stderr}");
    assert_eq!(run("missing.txt").0, Some(2));
    let output = dipgraph()
        .args(["extract", "--min-confidence", "2"])
        .arg(dir.path().join("none.txt"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the text, extraction finishes and its draft passes `check` with the base.
    #[test]
    fn random_and_mutated_text_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        cut in 0usize..400,
        insert in "\\PC{0,40}",
    ) {
        let extractor = extractor();
        let meta = SourceMeta::named("fuzz");
        let random = String::from_utf8_lossy(&bytes);
        let mut mutated: String = ARTICLE.chars().take(cut).collect();
        mutated.push_str(&insert);
        mutated.extend(ARTICLE.chars().skip(cut + 7));
        for text in [random.as_ref(), mutated.as_str()] {
            let draft = extractor.extract(text, &meta).unwrap();
            let mut dataset = draft.dataset;
            prop_assert!(Graph::try_from(std::mem::take(&mut dataset)).is_ok());
        }
    }
}

#[test]
fn a_new_name_slugged_like_a_gazetteer_id_gets_its_own() {
    // Found by the proptest above: "Sergei Ryabkov" with a letter the slug drops became a
    // new person `sergei-ryabkov`, and the gazetteer's Ryabkov, cited later, took that id too.
    let mut text: String = ARTICLE.chars().take(221).collect();
    text.push_str("\u{74d}[");
    text.extend(ARTICLE.chars().skip(228));
    let draft = extractor()
        .extract(&text, &SourceMeta::named("fuzz"))
        .unwrap();
    let ids: Vec<&str> = draft.dataset.actors.iter().map(|a| a.id.as_str()).collect();
    assert!(
        ids.contains(&"sergei-ryabkov") && ids.contains(&"sergei-ryabkov-2"),
        "{ids:?}"
    );
    assert!(Graph::try_from(draft.dataset).is_ok());
}

/// One extractor for every proptest case: building it is the slow part.
fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&empty_base()).unwrap())
}
