//! Snapshots through the CLI: written from checked data, read back by `--data`.

use crate::cli::dipgraph;

#[test]
fn snapshot_round_trip_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("seed.dgsnap");
    let written = dipgraph()
        .args(["--data", "data", "snapshot", "-o"])
        .arg(&snap)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(written.status.success(), "{written:?}");

    let show = |data: &std::path::Path| {
        let out = dipgraph()
            .arg("--data")
            .arg(data)
            .args(["show", "Kalin"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        out.stdout
    };
    assert_eq!(show(&snap), show("data".as_ref()));

    let checked = dipgraph()
        .arg("--data")
        .arg(&snap)
        .arg("check")
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");

    // A damaged snapshot is one error line, not a panic.
    let mut bytes = std::fs::read(&snap).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&snap, bytes).unwrap();
    let damaged = dipgraph()
        .arg("--data")
        .arg(&snap)
        .arg("actors")
        .output()
        .unwrap();
    assert_eq!(damaged.status.code(), Some(2));
    let stderr = String::from_utf8(damaged.stderr).unwrap();
    assert!(stderr.contains("damaged"), "{stderr}");
}

#[test]
fn snapshot_needs_its_extension() {
    let out = dipgraph()
        .args(["snapshot", "-o", "/tmp/x.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
