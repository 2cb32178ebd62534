//! Rendering pictures by running Graphviz as a child process, with a time limit.
//!
//! `dot` draws the neat layered pictures, but its time grows steeply with dense graphs: on
//! random graphs with labelled edges, 0.2 s for the seed (23 actors, 52 relations), 3 s for 100
//! actors and 250 relations, 32 s for 150 and 400, over ten minutes for 300 and 1,200. Above
//! [`SFDP_ACTORS`] actors or [`SFDP_RELATIONS`] relations the force-directed `sfdp` is used
//! instead (0.2 s for 300 and 1,200, with straight edges). Graphviz gets the DOT on its standard input and its output is collected in
//! memory, so a failed or timed-out run never leaves a partial file anywhere.

use std::io::{ErrorKind, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::{dot, ExportOptions, Exportable, Format};
use crate::error::{Error, Result};

/// Above this many actors, [`layout_for`] picks `sfdp`.
pub const SFDP_ACTORS: usize = 100;
/// Above this many relations, [`layout_for`] picks `sfdp`.
pub const SFDP_RELATIONS: usize = 250;

/// How to install Graphviz, for error messages.
pub const INSTALL_HINT: &str =
    "install Graphviz with `apt-get install graphviz` (Debian, Ubuntu) or `brew install graphviz` (macOS)";

/// A Graphviz layout program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Layered drawing: clear direction, readable labels; slow on dense graphs.
    Dot,
    /// Force-directed drawing for large graphs.
    Sfdp,
}

impl Layout {
    /// The program's name.
    pub fn program(self) -> &'static str {
        match self {
            Self::Dot => "dot",
            Self::Sfdp => "sfdp",
        }
    }

    /// Extra arguments. sfdp gets straight edges: routing curved splines around the nodes of a
    /// dense graph takes it minutes (33 s against 0.2 s for 300 actors and 1,200 relations).
    pub fn args(self) -> &'static [&'static str] {
        match self {
            Self::Dot => &[],
            Self::Sfdp => &["-Gsplines=false"],
        }
    }
}

/// The layout for a graph of this size.
pub fn layout_for(graph: &dyn Exportable) -> Layout {
    if graph.actor_count() > SFDP_ACTORS || graph.relation_count() > SFDP_RELATIONS {
        Layout::Sfdp
    } else {
        Layout::Dot
    }
}

/// The graph drawn by Graphviz as SVG, PNG or PDF.
///
/// # Errors
/// [`Error::Export`] when `format` is not a picture format, or Graphviz is missing, fails or
/// runs longer than `options.timeout`.
pub fn render(graph: &dyn Exportable, format: Format, options: &ExportOptions) -> Result<Vec<u8>> {
    let text = dot::to_string(graph, options);
    let layout = layout_for(graph);
    run(
        layout.program(),
        layout.args(),
        &text,
        format,
        options.timeout,
    )
}

/// Runs `program -T<format> args…` on `dot_text` and returns what it prints, stopping it
/// after `timeout`.
///
/// # Errors
/// [`Error::Export`] saying how to install Graphviz when `program` is missing, with
/// Graphviz's own message when it fails, or when it runs out of time.
pub fn run(
    program: &str,
    args: &[&str],
    dot_text: &str,
    format: Format,
    timeout: Duration,
) -> Result<Vec<u8>> {
    if !format.is_rendered() {
        return Err(Error::Export(format!(
            "graphviz does not render `{format}`"
        )));
    }
    let mut child = Command::new(program)
        .arg(format!("-T{format}"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| match err.kind() {
            ErrorKind::NotFound => Error::Export(format!(
                "cannot render {format}: graphviz `{program}` is not installed; {INSTALL_HINT}, \
                 or export `--format dot`"
            )),
            _ => Error::Export(format!("cannot run graphviz `{program}`: {err}")),
        })?;
    // Feed and drain the pipes on threads, so a large graph cannot deadlock on a full pipe.
    let input = dot_text.as_bytes().to_vec();
    let feeder = child.stdin.take().map(|mut stdin| {
        thread::spawn(move || {
            // Graphviz may exit before reading everything; its exit status tells why.
            let _ignored = stdin.write_all(&input);
        })
    });
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait(&mut child, timeout).map_err(|err| match err {
        Some(err) => Error::Export(format!("graphviz `{program}` failed: {err}")),
        None => Error::Export(format!(
            "graphviz `{program}` took longer than {}s and was stopped; raise `--timeout`, \
             export a smaller part (`--focus`, filters), or export `--format dot`",
            timeout.as_secs_f64()
        )),
    })?;
    if let Some(feeder) = feeder {
        let _ignored = feeder.join();
    }
    let output = collect(stdout);
    let errors = String::from_utf8_lossy(&collect(stderr)).trim().to_owned();
    if !status.success() {
        let first = errors.lines().next().unwrap_or("no message");
        return Err(Error::Export(format!(
            "graphviz `{program}` failed ({status}): {first}"
        )));
    }
    Ok(output)
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> Option<JoinHandle<Vec<u8>>> {
    pipe.map(|mut pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ignored = pipe.read_to_end(&mut bytes);
            bytes
        })
    })
}

fn collect(handle: Option<JoinHandle<Vec<u8>>>) -> Vec<u8> {
    handle.and_then(|h| h.join().ok()).unwrap_or_default()
}

/// Waits for the child until the deadline, killing it then; `Err(None)` means it timed out.
fn wait(
    child: &mut Child,
    timeout: Duration,
) -> std::result::Result<ExitStatus, Option<std::io::Error>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().map_err(Some)? {
            return Ok(status);
        }
        if Instant::now() >= deadline {
            let _ignored = child.kill();
            let _ignored = child.wait();
            return Err(None);
        }
        thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;

    #[test]
    fn missing_program_says_how_to_install() {
        let err = run(
            "dipgraph-no-such-graphviz",
            &[],
            "digraph {}",
            Format::Svg,
            Duration::from_secs(5),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("apt-get install graphviz"), "{err}");
        assert!(err.contains("brew install graphviz"), "{err}");
    }

    #[test]
    fn only_picture_formats() {
        let err = run(
            "dot",
            &[],
            "digraph {}",
            Format::Graphml,
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "graphviz does not render `graphml`");
    }

    /// Runs a shell script standing in for Graphviz; returns the error it caused.
    #[cfg(unix)]
    fn run_fake(body: &str, format: Format, timeout: Duration) -> String {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("fake-dot");
        std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        run(script.to_str().unwrap(), &[], "digraph {}", format, timeout)
            .unwrap_err()
            .to_string()
    }

    #[cfg(unix)]
    #[test]
    fn slow_program_is_stopped() {
        let started = Instant::now();
        let err = run_fake("exec sleep 30", Format::Svg, Duration::from_millis(200));
        assert!(err.contains("took longer than 0.2s"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[cfg(unix)]
    #[test]
    fn failure_reports_graphviz_message() {
        let body = "cat >/dev/null\necho 'syntax error in line 1' >&2\nexit 1";
        let err = run_fake(body, Format::Png, Duration::from_secs(10));
        assert!(
            err.contains("failed (exit status: 1): syntax error in line 1"),
            "{err}"
        );
    }

    #[test]
    fn big_graphs_use_sfdp() {
        let mut graph = Graph::new();
        for n in 0..=SFDP_ACTORS {
            if n == SFDP_ACTORS {
                assert_eq!(layout_for(&graph), Layout::Dot, "{n} actors");
            }
            graph
                .add_actor(crate::model::Actor {
                    id: format!("actor-{n}").parse().unwrap(),
                    name: format!("Actor {n}"),
                    kind: crate::model::ActorKind::Other,
                    aliases: vec![],
                    country: None,
                    description: None,
                })
                .unwrap();
        }
        assert_eq!(layout_for(&graph), Layout::Sfdp);
    }
}
