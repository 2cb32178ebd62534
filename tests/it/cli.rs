//! The command-line tool, run as a user would.

use assert_cmd::Command;

pub fn dipgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dipgraph"))
}

#[test]
fn missing_file_is_one_line_error() {
    let out = dipgraph()
        .args(["--data", "/nonexistent/x.ron", "actors"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: /nonexistent/x.ron: cannot read"),
        "{stderr}"
    );
}
