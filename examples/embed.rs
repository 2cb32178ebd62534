//! Embedding dipgraph: load the data directory, look an actor up by a loose name, and walk
//! its relations with their evidence.
//!
//! Run with `cargo run --example embed` from the repository root.

use dipgraph::{Dataset, Graph, RelationKind};

/// Prints Kalın's relations and counts the demands.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `Dataset::load` reads one file or every .ron/.json file below a directory.
    let dataset = Dataset::load("data")?;
    // Building the graph checks the data: dangling ids, missing dates, unknown sources.
    let graph = Graph::try_from(dataset)?;

    // Names are matched without case or accents: "kalin" finds "İbrahim Kalın".
    let kalin = graph.resolve("kalin")?;
    for relation in graph.relations_of(kalin) {
        let source = relation
            .evidence
            .first()
            .and_then(|evidence| graph.source(&evidence.source));
        println!(
            "{} {} {} ({})",
            relation.from,
            relation.kind,
            relation.to,
            source.map_or("no source", |s| s.publisher.as_str())
        );
    }

    let demands = graph
        .relations()
        .filter(|r| r.kind == RelationKind::Demand)
        .count();
    println!("{demands} demands in {} relations", graph.relation_count());
    Ok(())
}
