//! `dipgraph._dipgraph`, the native half of the Python package: glue only. Arguments become
//! the library's `request` types (as the CLI's flags do), answers are the library's result
//! types turned into dicts and lists by their serde serialization (the one `--format json`
//! prints), errors become Python exceptions, and the GIL is released while the library
//! works. The pure-Python half (`dipgraph/`) adds
//! the NetworkX and pandas conversions.

use std::path::PathBuf;
use std::sync::OnceLock;

use dipgraph::dataset::{self, snapshot};
use dipgraph::diagnostic::{Diagnostic, Severity};
use dipgraph::export::{self, ExportOptions, Format};
use dipgraph::extract::{Extractor, SourceMeta};
use dipgraph::filter::RelationFilter;
use dipgraph::request::{
    BalanceRequest, DyadRequest, NeighborsRequest, PathRequest, RankRequest, TraversalFlags,
};
use dipgraph::{Error, InvalidValue, SourceId};
use pyo3::create_exception;
use pyo3::exceptions::{PyLookupError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde::Serialize;

create_exception!(
    dipgraph,
    DataError,
    PyValueError,
    "Data that cannot be loaded: a file that does not parse or a dataset that does not check. \
     `.diagnostics` lists every problem as a dict with `path`, `line`, `col`, `severity` and \
     `message`."
);
create_exception!(
    dipgraph,
    UnknownActorError,
    PyLookupError,
    "No actor, or more than one, has that id, name or alias. The message names the closest \
     actors, and `.suggestions` lists them."
);

/// A checked graph: immutable, safe to share between threads.
#[pyclass(frozen, module = "dipgraph", name = "Graph")]
struct PyGraph {
    graph: dipgraph::Graph,
    /// The extractor over this graph, built by the first `extract` call (it reads every
    /// dictionary) and shared by the later ones, from any thread.
    extractor: OnceLock<Extractor>,
}

impl From<dipgraph::Graph> for PyGraph {
    fn from(graph: dipgraph::Graph) -> Self {
        Self {
            graph,
            extractor: OnceLock::new(),
        }
    }
}

/// Reads and checks data files or directories, in any format `--data` accepts (RON, JSON,
/// GDELT exports, `.dgsnap` snapshots); with no path, the built-in dataset.
#[pyfunction]
#[pyo3(signature = (*paths))]
fn load(py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<PyGraph> {
    let (graph, warnings) = py
        .detach(|| dataset::load_graph(&paths, None))
        .map_err(|err| data_error(py, err))?;
    warn(py, warnings.iter().map(ToString::to_string))?;
    Ok(graph.into())
}

/// The graph in a snapshot's bytes, as `Graph.__reduce__` pickles it.
#[pyfunction]
fn _from_snapshot(py: Python<'_>, data: &[u8]) -> PyResult<PyGraph> {
    let graph = py
        .detach(|| snapshot::graph_from_reader(data, "<pickle>".as_ref()))
        .map_err(|err| data_error(py, err))?;
    Ok(graph.into())
}

#[pymethods]
impl PyGraph {
    /// Every actor, as a dict in the JSON export's schema.
    fn actors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        answer(py, || Ok(self.graph.actors().collect::<Vec<_>>()))
    }

    /// Every relation, as a dict in the JSON export's schema.
    fn relations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        answer(py, || Ok(self.graph.relations().collect::<Vec<_>>()))
    }

    /// Every source, as a dict in the JSON export's schema.
    fn sources<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        answer(py, || Ok(self.graph.sources().collect::<Vec<_>>()))
    }

    /// Paths between two actors: what `dipgraph path A B --format json` prints.
    #[pyo3(signature = (
        a, b, *, k=None, all=false, max_hops=None, directed=false, weight="hops",
        via_about=false, avoid=None, kinds=None, classes=None, since=None, until=None,
        cap=None, time_budget=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn path<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        k: Option<usize>,
        all: bool,
        max_hops: Option<usize>,
        directed: bool,
        weight: &str,
        via_about: bool,
        avoid: Option<Names>,
        kinds: Option<Names>,
        classes: Option<Names>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
        cap: Option<usize>,
        time_budget: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let defaults = PathRequest::default();
        let request = PathRequest {
            from: a.to_owned(),
            to: b.to_owned(),
            k,
            all,
            max_hops,
            weight: weight.parse().map_err(value_error)?,
            cap: cap.unwrap_or(defaults.cap),
            time_budget: time_budget.unwrap_or(defaults.time_budget),
            traversal: traversal(directed, via_about, avoid),
            filter: filter(kinds, classes, since, until)?,
        };
        answer(py, || request.run(&self.graph))
    }

    /// The actors around one, by distance: what `dipgraph neighbors` prints as JSON.
    #[pyo3(signature = (
        actor, *, hops=1, directed=false, via_about=false, avoid=None, kinds=None,
        classes=None, since=None, until=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn neighbors<'py>(
        &self,
        py: Python<'py>,
        actor: &str,
        hops: usize,
        directed: bool,
        via_about: bool,
        avoid: Option<Names>,
        kinds: Option<Names>,
        classes: Option<Names>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = NeighborsRequest {
            actor: actor.to_owned(),
            hops,
            traversal: traversal(directed, via_about, avoid),
            filter: filter(kinds, classes, since, until)?,
        };
        answer(py, || request.run(&self.graph))
    }

    /// Every relation between two actors, with net scores: what `dipgraph dyad` prints as
    /// JSON.
    #[pyo3(signature = (a, b, *, kinds=None, classes=None, since=None, until=None))]
    #[allow(clippy::too_many_arguments)]
    fn dyad<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        kinds: Option<Names>,
        classes: Option<Names>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = DyadRequest {
            a: a.to_owned(),
            b: b.to_owned(),
            filter: filter(kinds, classes, since, until)?,
        };
        answer(py, || request.run(&self.graph))
    }

    /// Unbalanced (and with `open`, open) triads: what `dipgraph balance` prints as JSON.
    /// `limit=None` lists every triad.
    #[pyo3(
        signature = (
            *, actor=None, open=false, limit=Some(100), kinds=None, classes=None, since=None,
            until=None
        ),
        text_signature = "(self, /, *, actor=None, open=False, limit=100, kinds=None, \
                          classes=None, since=None, until=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn balance<'py>(
        &self,
        py: Python<'py>,
        actor: Option<&str>,
        open: bool,
        limit: Option<usize>,
        kinds: Option<Names>,
        classes: Option<Names>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = BalanceRequest {
            actor: actor.map(str::to_owned),
            open,
            // No limit: as many as there can be.
            limit: limit.unwrap_or(usize::MAX),
            filter: filter(kinds, classes, since, until)?,
        };
        answer(py, || request.run(&self.graph))
    }

    /// Actors ranked by `degree`, `pagerank` or `betweenness`: what `dipgraph rank` prints
    /// as JSON.
    #[pyo3(signature = (
        *, by="degree", top=None, directed=false, via_about=false, avoid=None, kinds=None,
        classes=None, since=None, until=None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn rank<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        top: Option<usize>,
        directed: bool,
        via_about: bool,
        avoid: Option<Names>,
        kinds: Option<Names>,
        classes: Option<Names>,
        since: Option<Bound<'py, PyAny>>,
        until: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = RankRequest {
            by: by.parse().map_err(value_error)?,
            top,
            traversal: traversal(directed, via_about, avoid),
            filter: filter(kinds, classes, since, until)?,
        };
        answer(py, || request.run(&self.graph))
    }

    /// The relations an article states, proposed as a draft dataset over this graph: what
    /// `dipgraph --data … extract FILE --format json` prints. `name` stands for the file
    /// name (the source's id and title of last resort); the other keywords are the CLI's
    /// flags. Warnings (no date found) are issued with `warnings.warn`.
    #[pyo3(signature = (
        text, *, name="article", id=None, title=None, publisher=None, url=None,
        published=None, min_confidence=0.0
    ))]
    #[allow(clippy::too_many_arguments)]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        name: &str,
        id: Option<&str>,
        title: Option<String>,
        publisher: Option<String>,
        url: Option<String>,
        published: Option<Bound<'py, PyAny>>,
        min_confidence: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(PyValueError::new_err(format!(
                "invalid min_confidence `{min_confidence}`: expected a number from 0 to 1"
            )));
        }
        let meta = SourceMeta {
            name: name.to_owned(),
            id: id.map(SourceId::new).transpose().map_err(value_error)?,
            title,
            publisher,
            url,
            published: date(published)?,
        };
        let mut draft = py
            .detach(|| {
                let extractor = match self.extractor.get() {
                    Some(built) => built,
                    // Two threads may both build it; the first one stored is kept.
                    None => {
                        let built = Extractor::new(&self.graph)?;
                        self.extractor.get_or_init(|| built)
                    }
                };
                extractor.extract(text, &meta)
            })
            .map_err(|err| to_py(py, err))?;
        draft.retain_confident(min_confidence);
        warn(
            py,
            draft
                .warnings
                .iter()
                .map(|warning| format!("{name}: {warning}")),
        )?;
        answer(py, || Ok(draft.dataset))
    }

    /// Writes the graph to `path` atomically, in `format` (`dot`, `svg`, `png`, `pdf`,
    /// `json`, `ron`, `graphml`, `csv`, `ntriples`, `mermaid`) or the one its extension
    /// names; `csv` writes a directory. Not `parquet`: see `to_pandas`.
    #[pyo3(signature = (path, format=None))]
    fn export(&self, py: Python<'_>, path: PathBuf, format: Option<&str>) -> PyResult<()> {
        let format = match format {
            Some(name) => name.parse::<Format>().map_err(value_error)?,
            None => Format::from_path(&path).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "cannot tell the export format from `{}`: give format= (csv writes a \
                     directory, so it always needs format=\"csv\")",
                    path.display()
                ))
            })?,
        };
        // The library is built without its `parquet` feature: Arrow's crates would double
        // the time `pip install` takes. pandas writes Parquet from `to_pandas()`.
        if matches!(format, Format::Parquet) {
            return Err(PyValueError::new_err(
                "the Python package has no parquet export: use `to_pandas()` and \
                 `DataFrame.to_parquet`, or `dipgraph export --format parquet`",
            ));
        }
        py.detach(|| export::write_file(&self.graph, format, &ExportOptions::default(), &path))
            .map_err(|err| to_py(py, err))
    }

    /// A `networkx.MultiDiGraph`: one node per actor, one edge per relation keyed by its
    /// id, every field an attribute. Needs the `networkx` extra.
    fn to_networkx<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        convert(slf, "to_networkx")
    }

    /// `(actors, relations)` as pandas DataFrames, one row per item. Needs the `pandas`
    /// extra.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        convert(slf, "to_pandas")
    }

    /// Pickles as the graph's snapshot (the `.dgsnap` bytes), which loads without a check.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let bytes = py.detach(|| snapshot::to_bytes(&self.graph));
        let constructor = py.import("dipgraph._dipgraph")?.getattr("_from_snapshot")?;
        let args = PyTuple::new(py, [PyBytes::new(py, &bytes)])?;
        PyTuple::new(py, [constructor, args.into_any()])
    }

    fn __repr__(&self) -> String {
        format!("<dipgraph.Graph: {}>", self.summary())
    }

    /// The summary and the number of relations of each kind, as an HTML table.
    /// Counting reads every relation (a million in a big graph), so without the GIL.
    fn _repr_html_(&self, py: Python<'_>) -> String {
        py.detach(|| {
            let mut counts = std::collections::BTreeMap::new();
            for relation in self.graph.relations() {
                *counts.entry(relation.kind.as_str()).or_insert(0_usize) += 1;
            }
            let rows: String = counts
                .iter()
                .map(|(kind, n)| format!("<tr><td>{kind}</td><td>{n}</td></tr>"))
                .collect();
            format!(
                "<div><strong>dipgraph.Graph</strong>: {}<table><thead><tr><th>relation \
                 kind</th><th>count</th></tr></thead><tbody>{rows}</tbody></table></div>",
                self.summary()
            )
        })
    }
}

impl PyGraph {
    /// `23 actors, 52 relations, 1 source`.
    fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let sources = self.graph.sources().count();
        format!(
            "{}, {}, {}",
            plural(self.graph.actor_count(), "actor"),
            plural(self.graph.relation_count(), "relation"),
            plural(sources, "source")
        )
    }
}

/// Calls `dipgraph._convert.NAME(graph)`, the pure-Python conversions.
fn convert<'py>(graph: &Bound<'py, PyGraph>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let py = graph.py();
    py.import("dipgraph._convert")?.call_method1(name, (graph,))
}

/// Names given as one string or a sequence of strings.
#[derive(Default)]
struct Names(Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Names {
    type Error = PyErr;

    fn extract(names: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if names.is_instance_of::<PyString>() {
            return Ok(Self(vec![names.extract()?]));
        }
        let names: Vec<String> = names.extract()?;
        Ok(Self(names))
    }
}

/// How a traversal query walks, from its keyword arguments.
fn traversal(directed: bool, via_about: bool, avoid: Option<Names>) -> TraversalFlags {
    TraversalFlags {
        directed,
        via_about,
        avoid: avoid.unwrap_or_default().0,
    }
}

/// The relation filter from the keyword arguments every query shares; dates as [`date`]
/// reads them.
fn filter(
    kinds: Option<Names>,
    classes: Option<Names>,
    since: Option<Bound<'_, PyAny>>,
    until: Option<Bound<'_, PyAny>>,
) -> PyResult<RelationFilter> {
    Ok(RelationFilter {
        kinds: parse_all(kinds)?,
        classes: parse_all(classes)?,
        since: date(since)?,
        until: date(until)?,
        ..RelationFilter::default()
    })
}

/// A date given as a string (`"2021"`, `"2021-03"`, `"2021-03-08"`), an int or a
/// `datetime.date`: its `str()` parsed as the CLI parses the flag.
fn date(value: Option<Bound<'_, PyAny>>) -> PyResult<Option<dipgraph::Date>> {
    value
        .map(|value| {
            value
                .str()?
                .extract::<String>()?
                .parse()
                .map_err(value_error)
        })
        .transpose()
}

/// Issues each message with `warnings.warn`, as the CLI prints its warnings to stderr.
fn warn(py: Python<'_>, messages: impl Iterator<Item = String>) -> PyResult<()> {
    let mut messages = messages.peekable();
    if messages.peek().is_none() {
        return Ok(());
    }
    let warn = py.import("warnings")?.getattr("warn")?;
    for message in messages {
        warn.call1((message,))?;
    }
    Ok(())
}

/// Every name parsed as a `T` (a relation kind, a class).
fn parse_all<T: std::str::FromStr<Err = InvalidValue>>(names: Option<Names>) -> PyResult<Vec<T>> {
    let names = names.unwrap_or_default().0;
    names
        .iter()
        .map(|name| name.parse().map_err(value_error))
        .collect()
}

/// Runs `query` without the GIL, then turns its result into dicts and lists through the
/// serde serialization the CLI's `--format json` prints (pythonize): the same dicts, not a
/// look-alike, without writing JSON text and parsing it back.
fn answer<'py, T: Serialize + Send>(
    py: Python<'py>,
    query: impl FnOnce() -> dipgraph::Result<T> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let found = py.detach(query).map_err(|err| to_py(py, err))?;
    pythonize::pythonize(py, &found).map_err(PyErr::from)
}

/// A library error as the Python exception that fits it.
fn to_py(py: Python<'_>, err: Error) -> PyErr {
    match err {
        Error::UnknownActor {
            ref suggestions, ..
        } => unknown_actor(py, err.to_string(), suggestions),
        Error::AmbiguousActor { ref candidates, .. } => {
            unknown_actor(py, err.to_string(), candidates)
        }
        Error::InvalidValue(invalid) => value_error(invalid),
        Error::Invalid(_) | Error::Parse { .. } | Error::Import { .. } | Error::Snapshot { .. } => {
            data_error(py, err)
        }
        Error::Io { .. } | Error::Write(_) => PyOSError::new_err(err.to_string()),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

fn value_error(invalid: InvalidValue) -> PyErr {
    PyValueError::new_err(invalid.to_string())
}

/// `UnknownActorError(message)` with `.suggestions`.
fn unknown_actor(py: Python<'_>, message: String, suggestions: &[String]) -> PyErr {
    let err = UnknownActorError::new_err(message);
    if let Err(failed) = err.value(py).setattr("suggestions", suggestions) {
        return failed;
    }
    err
}

/// `DataError(message)` whose `.diagnostics` lists every problem (one for an error that is
/// not a list of them, such as an unreadable file).
fn data_error(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    let diagnostics = match err {
        Error::Invalid(diagnostics) => diagnostics,
        other => vec![Diagnostic::from_error(&other)],
    };
    let as_dicts = || -> PyResult<Bound<'_, PyList>> {
        let list = PyList::empty(py);
        for diagnostic in &diagnostics {
            let dict = PyDict::new(py);
            let location = diagnostic.location.as_ref();
            dict.set_item("path", location.map(|l| l.path.display().to_string()))?;
            dict.set_item("line", location.map(|l| l.line).filter(|&n| n > 0))?;
            dict.set_item("col", location.map(|l| l.col).filter(|&n| n > 0))?;
            let severity = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            dict.set_item("severity", severity)?;
            dict.set_item("message", &diagnostic.message)?;
            list.append(dict)?;
        }
        Ok(list)
    };
    let err = DataError::new_err(message);
    if let Err(failed) = as_dicts().and_then(|list| err.value(py).setattr("diagnostics", list)) {
        return failed;
    }
    err
}

/// The extension module.
#[pymodule]
fn _dipgraph(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<PyGraph>()?;
    module.add_function(wrap_pyfunction!(load, module)?)?;
    // Set rather than added, to stay out of `__all__`: only pickle calls it.
    module.setattr("_from_snapshot", wrap_pyfunction!(_from_snapshot, module)?)?;
    module.add("DataError", py.get_type::<DataError>())?;
    module.add("UnknownActorError", py.get_type::<UnknownActorError>())?;
    Ok(())
}
