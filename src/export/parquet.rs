//! Apache Parquet for engines that go further than one machine (DuckDB, Spark GraphFrames,
//! Polars, BigQuery): a directory with `actors.parquet`, `relations.parquet` and
//! `sources.parquet`, written with Arrow's `parquet` crate.
//!
//! Every field of the dataset has a column, so nothing is lost; relations also get the
//! columns the CSV export derives from their kind (`class`, `quad_class`, `goldstein`). Lists stay lists (an
//! actor's `aliases`, a relation's `about`), a relation's `evidence` is a list of structs
//! (`source`, `quote`, `note`, `confidence`, `span` {`start`, `end`}; join
//! `sources.parquet` on `source` for the title and URL), and its `counts` one struct
//! (`events`, `mentions`, `sources`, `articles`), null when the relation has none. Integers
//! are signed 64-bit, which every engine reads (Spark has no unsigned types). Dates are text
//! as in the dataset (`2024`, `2024-03`, `2024-03-05`): partial dates have no Parquet type,
//! and ISO text sorts in date order. `docs/scale.md` shows queries over these files.
//!
//! Only with the `parquet` feature (which the `cli` feature enables).

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::StructArray;
use arrow_array::{ArrayRef, Float64Array, Int64Array, ListArray, RecordBatch, StringArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::Exportable;
use crate::atomic::write_atomic;
use crate::error::{Error, Result};
use crate::model::{Actor, Date, EventCounts, Evidence, Relation, Source, Span};

/// The actors file's name inside the output directory.
pub const ACTORS_FILE: &str = "actors.parquet";
/// The relations file's name inside the output directory.
pub const RELATIONS_FILE: &str = "relations.parquet";
/// The sources file's name inside the output directory.
pub const SOURCES_FILE: &str = "sources.parquet";

/// Rows per record batch: the writer's memory stays bounded however large the graph.
const BATCH_ROWS: usize = 64 * 1024;

/// Writes `actors.parquet`, `relations.parquet` and `sources.parquet` into `dir` (created if
/// missing), each file atomically.
///
/// ```
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let dir = tempfile::tempdir()?;
/// dipgraph::export::parquet::write_dir(&graph, dir.path())?;
/// assert!(dir.path().join("relations.parquet").is_file());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Io`] naming the directory or file that could not be written; [`Error::Export`]
/// when Parquet encoding fails.
pub fn write_dir(graph: &dyn Exportable, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    write_atomic(&dir.join(ACTORS_FILE), |out| write_actors(graph, out))?;
    write_atomic(&dir.join(RELATIONS_FILE), |out| write_relations(graph, out))?;
    write_atomic(&dir.join(SOURCES_FILE), |out| write_sources(graph, out))
}

/// Writes the actors, in the graph's order, as one Parquet file.
///
/// # Errors
/// [`Error::Write`] when writing fails; [`Error::Export`] when encoding fails.
pub fn write_actors(graph: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
    let schema = Arc::new(Schema::new(vec![
        text("id"),
        text("name"),
        text("kind"),
        Field::new("aliases", list_of_text(), false),
        optional_text("country"),
        optional_text("description"),
    ]));
    write_batches(schema.clone(), graph.actors(), out, |actors| {
        let mut columns = Columns::default();
        let mut aliases_of = TextLists::default();
        for actor in actors {
            // Destructured without `..`, so a new field breaks the build until it has a column.
            let Actor {
                id,
                name,
                kind,
                aliases,
                country,
                description,
            } = actor;
            columns.text(0, Some(id.as_str()));
            columns.text(1, Some(name));
            columns.text(2, Some(kind.as_str()));
            aliases_of.push(aliases.iter().map(String::as_str));
            columns.text(3, country.as_ref().map(|c| c.as_str()));
            columns.text(4, description.as_deref());
        }
        let [id, name, kind, country, description] = columns.texts();
        batch(
            &schema,
            vec![id, name, kind, aliases_of.finish(), country, description],
        )
    })
}

/// Writes the relations, in the graph's order, as one Parquet file.
///
/// # Errors
/// [`Error::Write`] when writing fails; [`Error::Export`] when encoding fails.
pub fn write_relations(graph: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
    let schema = Arc::new(Schema::new(vec![
        text("id"),
        text("from"),
        text("to"),
        text("kind"),
        text("class"),
        text("quad_class"),
        Field::new("goldstein", DataType::Float64, false),
        optional_text("date"),
        optional_text("since"),
        optional_text("until"),
        Field::new("about", list_of_text(), false),
        optional_text("claimed_by"),
        Field::new("intensity", DataType::Float64, true),
        Field::new("evidence", evidence_type(), false),
        Field::new("counts", DataType::Struct(count_fields()), true),
    ]));
    write_batches(schema.clone(), graph.relations(), out, |relations| {
        let mut columns = Columns::default();
        let mut about_of = TextLists::default();
        let mut goldsteins = Vec::with_capacity(relations.len());
        let mut intensities = Vec::with_capacity(relations.len());
        let mut evidence_of = EvidenceLists::default();
        let mut counts_of = Vec::with_capacity(relations.len());
        for relation in relations {
            let Relation {
                id,
                from,
                to,
                kind,
                date,
                since,
                until,
                about,
                claimed_by,
                intensity,
                evidence,
                counts,
            } = relation;
            columns.text(0, Some(id.as_str()));
            columns.text(1, Some(from.as_str()));
            columns.text(2, Some(to.as_str()));
            columns.text(3, Some(kind.as_str()));
            // Derived from the kind, as in the CSV export, so engines can filter on them.
            columns.text(4, Some(kind.class().as_str()));
            columns.text(5, Some(kind.info().quad_class.as_str()));
            goldsteins.push(relation.weight());
            columns.date(6, date.as_ref());
            columns.date(7, since.as_ref());
            columns.date(8, until.as_ref());
            about_of.push(about.iter().map(|a| a.as_str()));
            columns.text(9, claimed_by.as_ref().map(|a| a.as_str()));
            intensities.push(*intensity);
            evidence_of.push(evidence)?;
            counts_of.push(counts.as_ref());
        }
        let [id, from, to, kind, class, quad_class, date, since, until, claimed_by] =
            columns.texts();
        let goldstein: ArrayRef = Arc::new(Float64Array::from(goldsteins));
        let intensity: ArrayRef = Arc::new(Float64Array::from(intensities));
        let columns = vec![
            id,
            from,
            to,
            kind,
            class,
            quad_class,
            goldstein,
            date,
            since,
            until,
            about_of.finish(),
            claimed_by,
            intensity,
            evidence_of.finish()?,
            event_counts(&counts_of)?,
        ];
        batch(&schema, columns)
    })
}

/// Writes the sources, sorted by id, as one Parquet file.
///
/// # Errors
/// [`Error::Write`] when writing fails; [`Error::Export`] when encoding fails.
pub fn write_sources(graph: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
    let schema = Arc::new(Schema::new(vec![
        text("id"),
        text("title"),
        text("publisher"),
        text("url"),
        text("published"),
    ]));
    write_batches(
        schema.clone(),
        graph.sources(),
        out,
        |sources: &[&Source]| {
            let mut columns = Columns::default();
            for source in sources {
                let Source {
                    id,
                    title,
                    publisher,
                    url,
                    published,
                } = source;
                columns.text(0, Some(id.as_str()));
                columns.text(1, Some(title));
                columns.text(2, Some(publisher));
                columns.text(3, Some(url));
                columns.date(4, Some(published));
            }
            let [id, title, publisher, url, published] = columns.texts();
            batch(&schema, vec![id, title, publisher, url, published])
        },
    )
}

/// Encodes `items` in batches of [`BATCH_ROWS`] (each made by `to_batch`) and streams the
/// file to `out`: the writer encodes into a buffer that is emptied into `out` after each
/// batch, so only the row group being encoded is held, never the whole file.
fn write_batches<'a, T: 'a>(
    schema: SchemaRef,
    items: impl Iterator<Item = &'a T>,
    out: &mut dyn Write,
    mut to_batch: impl FnMut(&[&'a T]) -> Result<RecordBatch>,
) -> Result<()> {
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer =
        ArrowWriter::try_new(Vec::new(), schema, Some(properties)).map_err(encoding)?;
    let mut chunk: Vec<&T> = Vec::with_capacity(BATCH_ROWS);
    let mut items = items.peekable();
    while items.peek().is_some() {
        chunk.clear();
        chunk.extend(items.by_ref().take(BATCH_ROWS));
        writer.write(&to_batch(&chunk)?).map_err(encoding)?;
        out.write_all(writer.inner_mut())?;
        writer.inner_mut().clear();
    }
    let rest = writer.into_inner().map_err(encoding)?;
    Ok(out.write_all(&rest)?)
}

fn encoding(err: impl std::fmt::Display) -> Error {
    Error::Export(format!("parquet: {err}"))
}

fn batch(schema: &SchemaRef, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(schema.clone(), columns).map_err(encoding)
}

fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}

fn optional_text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn list_of_text() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, false)))
}

fn evidence_fields() -> Fields {
    Fields::from(vec![
        text("source"),
        text("quote"),
        text("note"),
        Field::new("confidence", DataType::Float64, true),
        Field::new("span", DataType::Struct(span_fields()), true),
    ])
}

fn span_fields() -> Fields {
    ["start", "end"]
        .into_iter()
        .map(|name| Field::new(name, DataType::Int64, false))
        .collect()
}

fn evidence_type() -> DataType {
    let item = DataType::Struct(evidence_fields());
    DataType::List(Arc::new(Field::new("item", item, false)))
}

fn count_fields() -> Fields {
    ["events", "mentions", "sources", "articles"]
        .into_iter()
        .map(|name| Field::new(name, DataType::Int64, false))
        .collect()
}

/// Text columns filled a row at a time: column `n` is the `n`th text column of the file.
#[derive(Default)]
struct Columns {
    texts: Vec<StringBuilder>,
}

impl Columns {
    fn text(&mut self, column: usize, value: Option<&str>) {
        if self.texts.len() <= column {
            self.texts.resize_with(column + 1, StringBuilder::new);
        }
        if let Some(builder) = self.texts.get_mut(column) {
            builder.append_option(value);
        }
    }

    fn date(&mut self, column: usize, date: Option<&Date>) {
        self.text(column, date.map(Date::to_string).as_deref());
    }

    /// The first `N` text columns as arrays (empty ones for a batch without rows).
    fn texts<const N: usize>(mut self) -> [ArrayRef; N] {
        self.texts.resize_with(N, StringBuilder::new);
        let mut builders = self.texts.into_iter();
        std::array::from_fn(|_| {
            let array: ArrayRef = match builders.next() {
                Some(mut builder) => Arc::new(builder.finish()),
                None => Arc::new(StringArray::new_null(0)),
            };
            array
        })
    }
}

/// A list of text per row (never null; empty when the row has none).
#[derive(Default)]
struct TextLists<'a> {
    lengths: Vec<usize>,
    values: Vec<&'a str>,
}

impl<'a> TextLists<'a> {
    fn push(&mut self, row: impl Iterator<Item = &'a str>) {
        let before = self.values.len();
        self.values.extend(row);
        self.lengths.push(self.values.len() - before);
    }

    fn finish(self) -> ArrayRef {
        let item = Arc::new(Field::new("item", DataType::Utf8, false));
        let values = Arc::new(StringArray::from_iter_values(self.values));
        Arc::new(ListArray::new(
            item,
            OffsetBuffer::from_lengths(self.lengths),
            values,
            None,
        ))
    }
}

/// Each relation's evidence as a list of `{source, quote, note, confidence, span}`.
#[derive(Default)]
struct EvidenceLists {
    lengths: Vec<usize>,
    texts: Columns,
    confidences: Vec<Option<f64>>,
    spans: Vec<Option<(i64, i64)>>,
}

impl EvidenceLists {
    fn push(&mut self, evidence: &[Evidence]) -> Result<()> {
        self.lengths.push(evidence.len());
        for item in evidence {
            let Evidence {
                source,
                quote,
                note,
                confidence,
                span,
            } = item;
            self.texts.text(0, Some(source.as_str()));
            self.texts.text(1, Some(quote));
            self.texts.text(2, Some(note));
            self.confidences.push(*confidence);
            let span = match span {
                Some(Span { start, end }) => Some((signed(*start)?, signed(*end)?)),
                None => None,
            };
            self.spans.push(span);
        }
        Ok(())
    }

    fn finish(self) -> Result<ArrayRef> {
        let [source, quote, note] = self.texts.texts();
        let confidence: ArrayRef = Arc::new(Float64Array::from(self.confidences));
        let span_nulls = NullBuffer::from_iter(self.spans.iter().map(Option::is_some));
        let bound = |pick: fn((i64, i64)) -> i64| -> ArrayRef {
            let values = self.spans.iter().map(|span| span.map_or(0, pick));
            Arc::new(values.collect::<Int64Array>())
        };
        let span = StructArray::try_new(
            span_fields(),
            vec![bound(|span| span.0), bound(|span| span.1)],
            Some(span_nulls),
        )
        .map_err(encoding)?;
        let items = StructArray::try_new(
            evidence_fields(),
            vec![source, quote, note, confidence, Arc::new(span)],
            None,
        )
        .map_err(encoding)?;
        let DataType::List(item) = evidence_type() else {
            return Err(encoding("the evidence column is not a list"));
        };
        let offsets = OffsetBuffer::from_lengths(self.lengths);
        let lists = ListArray::try_new(item, offsets, Arc::new(items), None);
        Ok(Arc::new(lists.map_err(encoding)?))
    }
}

/// A count or a character position as Parquet's signed 64-bit integer, which every engine
/// reads (Spark has no unsigned 64-bit type).
fn signed(value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| encoding(format!("{value} is too large for a column")))
}

/// The event counts as one struct per relation, null where it has none.
fn event_counts(rows: &[Option<&EventCounts>]) -> Result<ArrayRef> {
    let column = |count: fn(&EventCounts) -> u32| -> ArrayRef {
        let values = rows.iter().map(|c| c.map_or(0, |c| i64::from(count(c))));
        Arc::new(values.collect::<Int64Array>())
    };
    let nulls = NullBuffer::from_iter(rows.iter().map(Option::is_some));
    // Every field, by name, so that a new one is not silently left out.
    let columns = vec![
        column(|EventCounts { events, .. }| *events),
        column(|EventCounts { mentions, .. }| *mentions),
        column(|EventCounts { sources, .. }| *sources),
        column(|EventCounts { articles, .. }| *articles),
    ];
    let counts = StructArray::try_new(count_fields(), columns, Some(nulls)).map_err(encoding)?;
    Ok(Arc::new(counts))
}

#[cfg(test)]
mod tests {
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;
    use crate::{Dataset, Graph};

    #[test]
    fn writes_a_readable_file_per_table() {
        let graph = Graph::try_from(Dataset::builtin().unwrap()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        write_dir(&graph, dir.path()).unwrap();
        for (file, rows) in [
            (ACTORS_FILE, graph.actor_count()),
            (RELATIONS_FILE, graph.relation_count()),
            (SOURCES_FILE, graph.sources().count()),
        ] {
            let file_in = std::fs::File::open(dir.path().join(file)).unwrap();
            let reader = SerializedFileReader::new(file_in).unwrap();
            let found = reader.metadata().file_metadata().num_rows();
            assert_eq!(found as usize, rows, "{file}");
        }
    }
}
