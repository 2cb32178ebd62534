//! Every example runs, so none of them rots.

#[path = "../../examples/embed.rs"]
mod embed;

#[test]
fn embed_example_runs() {
    embed::main().unwrap();
}

#[path = "../../examples/connections.rs"]
mod connections;

#[test]
fn connections_example_runs() {
    connections::main().unwrap();
}
