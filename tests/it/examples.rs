//! Every example runs, so none of them rots.

#[path = "../../examples/embed.rs"]
mod embed;

#[test]
fn embed_example_runs() {
    embed::main().unwrap();
}
