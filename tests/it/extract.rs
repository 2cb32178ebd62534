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
