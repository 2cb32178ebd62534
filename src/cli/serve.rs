//! `dipgraph serve`: a read-only local web server for the interactive view and a JSON API.
//!
//! The handlers are thin: each parses its query string into the library's request type
//! (`dipgraph::request`, the same the CLI fills from its flags), runs it on the graph loaded
//! once, and writes the result exactly as the CLI's `--format json` prints it. The server adds
//! transport and limits, nothing else; it serves no files, only the page built into it.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request as HttpRequest, State};
use axum::http::{header, HeaderName, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use clap::Args;
use dipgraph::export::html::{self, ViewData};
use dipgraph::model::Actor;
use dipgraph::query::balance::BalanceResult;
use dipgraph::query::dyad::DyadResult;
use dipgraph::query::neighbors::Explained;
use dipgraph::query::path::PathResult;
use dipgraph::query::rank::RankResult;
use dipgraph::request::{
    ActorsRequest, BalanceRequest, DyadRequest, NeighborsRequest, PathRequest, RankRequest,
    Request, SubgraphRequest,
};
use dipgraph::{select, Error, Graph};
use serde::Serialize;

/// The longest query string the server reads.
const MAX_QUERY: usize = 2_048;

/// The largest numbers the server accepts, by parameter: beyond them a request asks for
/// more than a person can read, and would hold the server for long.
const MAX_NUMBERS: [(&str, usize); 6] = [
    ("k", 1_000),
    ("cap", 1_000),
    ("max-hops", 10),
    ("hops", 10),
    ("limit", 10_000),
    ("top", 100_000),
];

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on: loopback serves this machine only; 0.0.0.0 serves anyone
    /// who can reach it.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The most seconds a path search with k or all may take per request.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    time_budget: f64,
}

/// What every handler reads: the graph, loaded once and kept for the life of the process.
#[derive(Clone, Copy)]
struct Served {
    graph: &'static Graph,
    page: &'static str,
    time_budget: f64,
}

pub fn run(graph: Graph, args: &ServeArgs) -> Result<ExitCode> {
    if !(args.time_budget > 0.0 && args.time_budget.is_finite()) {
        anyhow::bail!("--time-budget must be a positive number of seconds");
    }
    // The graph lives until the process exits, as in every other command (cli::Data).
    let graph: &'static Graph = Box::leak(Box::new(graph));
    graph.prepare_queries();
    // A snapshot's relations are decoded when first read; the server decodes the rest in
    // the background, so that later answers find them decoded (docs/view.md).
    std::thread::spawn(|| graph.decode_relations());
    let page: &'static str = html::page(None)?.leak();
    let served = Served {
        graph,
        page,
        time_budget: args.time_budget,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(serve(
        served,
        SocketAddr::new(args.bind, args.port),
        shutdown(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(
    served: Served,
    address: SocketAddr,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address}"))?;
    let local = listener.local_addr()?;
    println!(
        "dipgraph serves {} actors and {} relations at http://{local}/ (Ctrl-C stops it)",
        served.graph.actor_count(),
        served.graph.relation_count()
    );
    if !local.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the graph",
            local.ip()
        );
    }
    axum::serve(listener, router(served))
        .with_graceful_shutdown(stop)
        .await
        .context("serving")?;
    println!("dipgraph stopped");
    Ok(())
}

/// Resolves on Ctrl-C (or SIGTERM), so the server finishes the requests it has and stops.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

fn router(served: Served) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/path", get(query::<PathRequest>))
        .route("/api/neighbors", get(query::<NeighborsRequest>))
        .route("/api/dyad", get(query::<DyadRequest>))
        .route("/api/balance", get(query::<BalanceRequest>))
        .route("/api/rank", get(query::<RankRequest>))
        .route("/api/actors", get(query::<ActorsRequest>))
        .route("/api/subgraph", get(query::<SubgraphRequest>))
        .fallback(not_found)
        .layer(middleware::from_fn(limit_query))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(served)
}

async fn page(State(served): State<Served>) -> Html<&'static str> {
    Html(served.page)
}

async fn not_found(uri: Uri) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        &format!("no such page: {}", uri.path()),
    )
}

/// Refuses an oversized query string before anything parses it.
async fn limit_query(request: HttpRequest, next: Next) -> Response {
    let length = request.uri().query().map_or(0, str::len);
    if length > MAX_QUERY {
        return problem(
            StatusCode::URI_TOO_LONG,
            &format!("the query is {length} bytes long; at most {MAX_QUERY} are read"),
        );
    }
    next.run(request).await
}

/// The query's parameters, in order, repeated ones kept.
type Params = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// How the server answers a request: the CLI's function for it, on the graph loaded once.
trait Answer: Request + Send + 'static {
    /// What the CLI prints as JSON for it.
    type Found: Serialize;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found>;
}

impl Answer for PathRequest {
    type Found = PathResult<'static>;
    fn answer(mut self, served: Served) -> dipgraph::Result<Self::Found> {
        self.time_budget = self.time_budget.min(served.time_budget);
        self.run(served.graph)
    }
}

impl Answer for NeighborsRequest {
    type Found = Explained<'static>;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        self.run(served.graph)
    }
}

impl Answer for DyadRequest {
    type Found = DyadResult<'static>;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        self.run(served.graph)
    }
}

impl Answer for BalanceRequest {
    type Found = BalanceResult<'static>;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        self.run(served.graph)
    }
}

impl Answer for RankRequest {
    type Found = RankResult<'static>;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        self.run(served.graph)
    }
}

impl Answer for ActorsRequest {
    type Found = Vec<&'static Actor>;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        Ok(self.run(served.graph))
    }
}

/// The part of the graph the page asks for, as the page's data; refused when too large for
/// a page, like `export --format html`.
impl Answer for SubgraphRequest {
    type Found = serde_json::Value;
    fn answer(self, served: Served) -> dipgraph::Result<Self::Found> {
        let part = select::subgraph(served.graph, &self.selection(served.graph)?)?;
        // The page asks with a focus and a depth only: the advice is in its terms.
        html::check_fits(&part, "choose a smaller depth or a less connected actor")?;
        serde_json::to_value(ViewData::new(&part, "")).map_err(|err| Error::Export(err.to_string()))
    }
}

/// Parses the parameters into `R`, answers it on a blocking thread, and writes the result
/// as the CLI prints it (pretty JSON and a newline), or the error as a 4xx.
async fn query<R: Answer>(State(served): State<Served>, params: Params) -> Response {
    let Query(params) = match params {
        Ok(params) => params,
        Err(rejection) => return problem(StatusCode::BAD_REQUEST, &rejection.body_text()),
    };
    if let Some(refusal) = too_large(&params) {
        return problem(StatusCode::BAD_REQUEST, &refusal);
    }
    let request = match R::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(request) => request,
        Err(err) => return error(&err),
    };
    let work = tokio::task::spawn_blocking(move || {
        let start = Instant::now();
        let found = request.answer(served)?;
        let mut body = serde_json::to_vec_pretty(&found).map_err(std::io::Error::from)?;
        body.push(b'\n');
        Ok::<_, Error>((body, start.elapsed()))
    });
    match work.await {
        Ok(Ok((body, took))) => {
            // The time the query and its JSON took, for benchmarks and browser tools.
            let timing = format!("query;dur={:.3}", took.as_secs_f64() * 1000.0);
            let headers = [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (HeaderName::from_static("server-timing"), timing),
            ];
            (headers, body).into_response()
        }
        Ok(Err(err)) => error(&err),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "the query failed"),
    }
}

/// Why a number parameter is refused, if one is above the server's limit for it.
fn too_large(params: &[(String, String)]) -> Option<String> {
    params.iter().find_map(|(name, value)| {
        let (_, max) = MAX_NUMBERS.iter().find(|(known, _)| known == name)?;
        let n: usize = value.trim().parse().ok()?;
        (n > *max).then(|| format!("{name} is {n}; this server answers at most {max}"))
    })
}

/// A library error as a JSON answer: 404 for an unknown actor (with the closest names),
/// 400 for every other bad request.
fn error(err: &Error) -> Response {
    let (status, suggestions) = match err {
        Error::UnknownActor { suggestions, .. } => (StatusCode::NOT_FOUND, suggestions.as_slice()),
        Error::AmbiguousActor { candidates, .. } => {
            (StatusCode::BAD_REQUEST, candidates.as_slice())
        }
        Error::Io { .. } | Error::Write(_) => (StatusCode::INTERNAL_SERVER_ERROR, &[][..]),
        _ => (StatusCode::BAD_REQUEST, &[][..]),
    };
    let body = Problem {
        error: &err.to_string(),
        suggestions,
    };
    (status, axum::Json(body)).into_response()
}

/// An error with only a message.
fn problem(status: StatusCode, message: &str) -> Response {
    let body = Problem {
        error: message,
        suggestions: &[],
    };
    (status, axum::Json(body)).into_response()
}

/// What an error answer holds: the message, and for a name that matched no actor (or
/// several), the actors meant most likely.
#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of 14 actors consults each other: all paths between two are too many to
    /// list before any budget runs out.
    fn complete_graph() -> &'static Graph {
        let ids: Vec<String> = (0..14).map(|i| format!("n{i}")).collect();
        let actors: Vec<_> = ids
            .iter()
            .map(|id| serde_json::json!({"id": id, "name": id, "kind": "state"}))
            .collect();
        let mut relations = Vec::new();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                relations.push(
                    serde_json::json!({"id": format!("{a}-{b}"), "from": a, "to": b,
                    "kind": "consult", "date": "2021", "evidence": [{"source": "s", "note": "n"}]}),
                );
            }
        }
        let data = serde_json::json!({"sources": [{"id": "s", "title": "t", "publisher": "p",
            "url": "https://example.org", "published": "2021"}], "actors": actors,
            "relations": relations});
        let dataset = dipgraph::Dataset::from_json_str(&data.to_string()).unwrap();
        Box::leak(Box::new(Graph::try_from(dataset).unwrap()))
    }

    #[test]
    fn the_servers_time_budget_caps_the_requests() {
        let served = Served {
            graph: complete_graph(),
            page: "",
            time_budget: 1e-6,
        };
        let params = [
            ("from", "n0"),
            ("to", "n13"),
            ("all", ""),
            ("max-hops", "10"),
            ("cap", "1000"),
            ("time-budget", "60"),
        ];
        let request = PathRequest::from_params(params).unwrap();
        let found = request.answer(served).unwrap();
        assert!(
            found.timed_out,
            "the server's microsecond, not the request's minute"
        );
        let generous = Served {
            time_budget: 60.0,
            ..served
        };
        let request = PathRequest::from_params(params).unwrap();
        assert!(!request.answer(generous).unwrap().timed_out);
    }

    #[test]
    fn numbers_above_the_limits_are_refused() {
        let params = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(too_large(&params(&[("k", "1000")])), None);
        assert_eq!(
            too_large(&params(&[("from", "a"), ("k", "1001")])).as_deref(),
            Some("k is 1001; this server answers at most 1000")
        );
        assert_eq!(
            too_large(&params(&[("k", "many")])),
            None,
            "from_params says why"
        );
    }
}
