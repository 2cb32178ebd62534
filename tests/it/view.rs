//! The interactive view: `export --format html` and `dipgraph serve`, its API compared with
//! the CLI's JSON, hostile requests, and the page in headless Chromium (tests/view_check.py;
//! needs chromium, chromium-driver and Python's selenium, which `.ci/run` installs).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use super::cli::run;

/// A `dipgraph serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dipgraph"))
            .env_remove("DIPGRAPH_DATA")
            .args(args)
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut line).unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        assert!(
            address.starts_with("127.0.0.1:"),
            "loopback by default: {line}"
        );
        // Keep reading what it prints, so a full pipe never blocks it.
        let url = format!("http://{address}");
        std::thread::spawn(move || {
            for line in out.lines() {
                let _ = line.map(|line| println!("serve: {line}"));
            }
        });
        Server { child, url }
    }

    /// The status and body of GET `path`.
    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(format!("{}{path}", self.url)).call().unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// Sends Ctrl-C's signal and waits: the server must stop cleanly.
    fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success());
        let status = self.child.wait().unwrap();
        std::mem::forget(self);
        status
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_answers_exactly_as_the_cli_prints_json() {
    let server = Server::start(&[]);
    let questions: &[(&str, &[&str])] = &[
        ("/api/path?from=Erdogan&to=PKK", &["path", "Erdogan", "PKK"]),
        (
            "/api/path?from=Turkey&to=PKK&k=3&weight=conflict&via-about",
            &[
                "path",
                "Turkey",
                "PKK",
                "--k",
                "3",
                "--weight",
                "conflict",
                "--via-about",
            ],
        ),
        (
            "/api/path?from=Kalin&to=Biden&all&max-hops=3&avoid=Turkey",
            &[
                "path",
                "Kalin",
                "Biden",
                "--all",
                "--max-hops",
                "3",
                "--avoid",
                "Turkey",
            ],
        ),
        (
            "/api/neighbors?actor=Kalin&hops=2&kind=demand,criticize",
            &[
                "neighbors",
                "Kalin",
                "--hops",
                "2",
                "--kind",
                "demand,criticize",
            ],
        ),
        (
            "/api/dyad?a=Turkey&b=US&since=2021",
            &["dyad", "Turkey", "US", "--since", "2021"],
        ),
        ("/api/balance?open", &["balance", "--open"]),
        (
            "/api/rank?by=pagerank&top=5",
            &["rank", "--by", "pagerank", "--top", "5"],
        ),
        ("/api/actors?q=KALIN", &["actors", "KALIN"]),
        ("/api/actors?kind=state", &["actors", "--kind", "state"]),
    ];
    for (api, cli) in questions {
        let (status, body) = server.get(api);
        let mut args = cli.to_vec();
        args.extend(["--format", "json"]);
        let (_, printed, _) = run(&args);
        assert_eq!(status, 200, "{api}: {body}");
        assert_eq!(
            body,
            printed,
            "{api} answers as `dipgraph {}`",
            cli.join(" ")
        );
    }
    let (status, body) = server.get("/api/subgraph?focus=Kalin&hops=1");
    assert_eq!(status, 200, "{body}");
    let part: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(
        part["actors"].as_array().unwrap().len() < 23,
        "a part, not the graph"
    );
    assert!(!part["edges"].as_array().unwrap().is_empty());
    server.interrupt();
}

#[test]
fn serve_refuses_hostile_requests_and_stays_up() {
    let server = Server::start(&[]);
    let long = format!("/api/actors?q={}", "a".repeat(3_000));
    let cases: &[(&str, u16, &str)] = &[
        (
            "/api/path?from=Erdogn&to=PKK",
            404,
            "Recep Tayyip Erdoğan (recep-tayyip-erdogan)",
        ),
        ("/api/path?from=Turkey", 400, "missing parameter `to`"),
        (
            "/api/path?from=a&to=b&form=c",
            400,
            "invalid parameter `form`",
        ),
        (
            "/api/path?from=Turkey&to=PKK&k=1000000",
            400,
            "at most 1000",
        ),
        (
            "/api/path?from=Turkey&to=PKK&k=2&all",
            400,
            "give one of k and all",
        ),
        (
            "/api/neighbors?actor=Turkey&hops=-1",
            400,
            "expected a whole number",
        ),
        ("/api/dyad?a=Turkey&b=US&since=2021-13", 400, "invalid date"),
        ("/api/rank?by=%ZZ", 400, "expected one of"),
        (&long, 414, "at most 2048"),
        ("/../../etc/passwd", 404, "no such page"),
        ("/api/..%2f..%2fetc%2fpasswd", 404, "no such page"),
        ("/src/export/html/view.js", 404, "no such page"),
        ("/api/unknown", 404, "no such page"),
    ];
    for (path, expected, says) in cases {
        let (status, body) = server.get(path);
        assert_eq!(status, *expected, "{path}: {body}");
        let error: serde_json::Value = serde_json::from_str(&body).unwrap();
        let text = error.to_string();
        assert!(text.contains(says), "{path}: {text}");
    }
    let (status, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        body.contains(r#"{"server":true"#),
        "the page, in server mode"
    );
    let status = server.interrupt();
    assert!(status.success(), "Ctrl-C stops it cleanly: {status}");
}

#[test]
fn a_graph_too_large_for_a_page_is_refused_by_export_and_by_serve() {
    let dir = tempfile::tempdir().unwrap();
    let too_many = dipgraph::export::html::MAX_RELATIONS + 1;
    let relations: Vec<serde_json::Value> = (0..too_many)
        .map(|i| {
            serde_json::json!({"id": format!("r{i}"), "from": "a", "to": "b", "kind": "criticize",
                "date": "2021-03-08", "evidence": [{"source": "s", "note": "n"}]})
        })
        .collect();
    let data = serde_json::json!({
        "sources": [{"id": "s", "title": "t", "publisher": "p", "url": "https://example.org",
            "published": "2021"}],
        "actors": [{"id": "a", "name": "A", "kind": "state"}, {"id": "b", "name": "B", "kind": "state"}],
        "relations": relations,
    });
    let input = dir.path().join("big.json");
    std::fs::write(&input, data.to_string()).unwrap();
    let output = dir.path().join("big.html");
    let (code, _, err) = run(&[
        "--data",
        input.to_str().unwrap(),
        "export",
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("{too_many} relations"))
            && err.contains("--focus")
            && err.contains("dipgraph serve"),
        "{err}"
    );
    assert!(!output.exists(), "nothing written");

    // The server holds it, and refuses to send it whole to the page, in the page's terms.
    let server = Server::start(&["--data", input.to_str().unwrap()]);
    let (status, body) = server.get("/api/subgraph");
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("too many for one page") && body.contains("a smaller depth"),
        "{body}"
    );
    let (status, _) = server.get("/api/subgraph?focus=a&hops=1");
    assert_eq!(status, 400);
    let (status, body) = server.get("/api/dyad?a=a&b=b");
    assert_eq!(status, 200, "queries still answer: {body}");
    assert!(server.interrupt().success());
}

/// Whether headless Chromium with its driver and Python's selenium are here; in CI they
/// must be.
fn browser_available() -> bool {
    let found = Path::new("/usr/bin/chromium").exists()
        && Path::new("/usr/bin/chromedriver").exists()
        && Command::new("python3")
            .args(["-c", "import selenium"])
            .status()
            .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium, chromium-driver and selenium are required in CI (.ci/run installs them)"
        );
        eprintln!("skipping: needs chromium, chromium-driver and python3 selenium");
    }
    found
}

#[test]
fn the_page_works_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.html");
    let hostile = dir.path().join("hostile.html");
    let (code, _, err) = run(&["export", "-o", seed.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "--data",
        "tests/fixtures/view/hostile.json",
        "export",
        "-o",
        hostile.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start(&[]);
    let out = Command::new("python3")
        .arg("tests/view_check.py")
        .arg(format!("file://{}", seed.display()))
        .arg(format!("file://{}", hostile.display()))
        .arg(format!("{}/", server.url))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (status, _) = server.get("/api/balance");
    assert_eq!(status, 200, "the server is still up after the browser");
}
