//! The headline question, from the library: how is Turkey connected to the PKK, and through
//! what? The three shortest paths, each hop with its relation and evidence; then the
//! triads where the alignments do not add up.
//!
//! Run with `cargo run --example connections` from the repository root.

use dipgraph::query::balance::{balance, BalanceOptions};
use dipgraph::query::path::{path, PathOptions, Search};
use dipgraph::query::Walk;
use dipgraph::{Dataset, Graph};

/// Prints the paths from Turkey to the PKK and the unbalanced triads.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let graph = Graph::try_from(Dataset::load("data")?)?;
    let name = |id| graph.actor(id).map_or("?", |a| a.name.as_str());

    let (turkey, pkk) = (graph.resolve("Turkey")?, graph.resolve("PKK")?);
    let options = PathOptions {
        search: Search::KShortest(3),
        ..PathOptions::default()
    };
    for (i, found) in path(&graph, turkey, pkk, &options)?
        .paths
        .iter()
        .enumerate()
    {
        println!("path {}: {} hops", i + 1, found.length);
        for hop in &found.hops {
            // The relation keeps its own direction; `walk` says which way the path took it.
            let arrow = match hop.walk {
                Walk::Backward | Walk::FromSubject => "<-",
                Walk::Forward | Walk::ToSubject => "->",
            };
            let quote = hop
                .relation
                .evidence
                .first()
                .map_or("", |e| e.quote.as_str());
            println!(
                "  {} {arrow}{}{arrow} {}: \"{quote}\"",
                name(hop.from),
                hop.relation.kind,
                name(hop.to)
            );
        }
    }

    let found = balance(&graph, &BalanceOptions::default())?;
    println!(
        "{} of {} triads do not balance:",
        found.unbalanced.len(),
        found.triads
    );
    for triad in &found.unbalanced {
        let signs: String = triad.ties.iter().map(|t| t.sign.symbol()).collect();
        let [a, b, c] = triad.actors.map(name);
        println!("  {a} — {b} — {c} ({signs})");
    }
    Ok(())
}
