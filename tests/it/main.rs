//! The integration tests: one binary, one module per area.

// A failing test should panic; helpers outside `#[test]` functions count as test code too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod check;
mod cli;
mod docs;
mod examples;
mod export;
mod extract;
mod gdelt;
mod injection;
mod merge;
mod networkx;
mod parquet;
mod query;
mod robust;
mod roundtrip;
mod snapshot;
mod view;
