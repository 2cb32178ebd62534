//! dipgraph turns diplomatic news into a knowledge graph: actors are nodes; what they state
//! and do to each other are typed, directed, dated edges, each backed by evidence from a
//! named source.
//!
//! ```
//! use dipgraph::{Dataset, Graph};
//!
//! let graph = Graph::try_from(Dataset::builtin()?)?;
//! let turkey = graph.resolve("Ankara")?;
//! assert_eq!(graph.actor(turkey).map(|a| a.name.as_str()), Some("Turkey"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Modules: [`model`] (plain data), [`diagnostic`] (problems and where they are),
//! [`dataset`] (files), [`check`] (validation),
//! [`resolve`] (names), [`graph`] (the graph and its indexes), [`query`] (paths, neighbors,
//! dyads, balance, centrality), [`select`] (parts of a graph), [`request`] (queries
//! as the CLI's flags ask them), [`export`] (DOT, pictures,
//! GraphML, CSV, RDF, Mermaid), [`import`] (event data such as GDELT), [`atomic`] (safe file
//! writes).

#![deny(missing_docs)]

pub mod atomic;
pub mod check;
pub mod dataset;
pub mod diagnostic;
pub mod error;
pub mod export;
pub mod extract;
pub mod filter;
pub mod graph;
mod identity;
pub mod import;
pub mod model;
pub mod query;
pub mod request;
pub mod resolve;
pub mod select;
#[cfg(test)]
mod testing;

pub use error::{Error, InvalidValue, Result};

// The README's Rust is compiled and run as a doctest, so it cannot rot.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
pub use graph::Graph;
pub use model::{
    Actor, ActorId, ActorKind, Class, CountryCode, Dataset, Date, EventCounts, Evidence, KindInfo,
    QuadClass, Relation, RelationId, RelationKind, Source, SourceId, Span,
};
