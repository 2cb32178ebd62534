//! CSV for Neo4j's bulk import (`neo4j-admin database import full`): a directory with
//! `nodes.csv` (actors) and `relationships.csv` (relations), headers in the importer's syntax.
//!
//! Values are written raw, as the importer needs them. A cell starting with `=`, `+`, `-` or
//! `@` is a formula to a spreadsheet, so for files meant for Excel or LibreOffice set
//! [`ExportOptions::csv_safe`], which prefixes such text cells with `'` (numbers are left
//! alone). Array cells (`aliases`, `about`, `sources`) use Neo4j's default delimiter `;`; a
//! `;` inside an alias becomes `,` (ids never contain one).

use std::io::Write;
use std::path::Path;

use super::{evidence_json, first_note, ExportOptions, Exportable};
use crate::atomic::write_atomic;
use crate::error::{Error, Result};
use crate::model::{Actor, ActorKind, Date, EventCounts, Relation};

/// The actors file's name inside the output directory.
pub const NODES_FILE: &str = "nodes.csv";
/// The relations file's name inside the output directory.
pub const RELATIONSHIPS_FILE: &str = "relationships.csv";

const NODE_HEADER: [&str; 7] = [
    "id:ID",
    ":LABEL",
    "name",
    "kind",
    "country",
    "aliases:string[]",
    "description",
];

const RELATIONSHIP_HEADER: [&str; 23] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "kind",
    "class",
    "quad_class",
    "cameo",
    "plover",
    "goldstein:double",
    "intensity:double",
    "date",
    "since",
    "until",
    "about:string[]",
    "claimed_by",
    "sources:string[]",
    "note",
    "evidence",
    "events:int",
    "mentions:int",
    "event_sources:int",
    "articles:int",
];

/// Writes `nodes.csv` and `relationships.csv` into `dir` (created if missing), each file
/// atomically.
///
/// # Errors
/// [`Error::Io`] naming the directory or file that could not be written.
pub fn write_dir(graph: &dyn Exportable, options: &ExportOptions, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    write_atomic(&dir.join(NODES_FILE), |out| {
        write_nodes(graph, options, out)
    })?;
    write_atomic(&dir.join(RELATIONSHIPS_FILE), |out| {
        write_relationships(graph, options, out)
    })
}

/// Writes the actors as a Neo4j nodes file, sorted by id. Each node has the labels `Actor` and
/// its kind in PascalCase (`Actor;WeaponSystem`).
///
/// ```
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let mut out = Vec::new();
/// dipgraph::export::csv::write_nodes(&graph, &Default::default(), &mut out)?;
/// assert!(String::from_utf8(out)?.starts_with("id:ID,:LABEL,name,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`Error::Write`] when writing fails.
pub fn write_nodes(
    graph: &dyn Exportable,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(NODE_HEADER).map_err(csv_error)?;
    let mut actors: Vec<&Actor> = graph.actors().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    for actor in actors {
        let aliases: Vec<String> = actor.aliases.iter().map(|a| a.replace(';', ",")).collect();
        let record = [
            actor.id.to_string(),
            format!("Actor;{}", pascal_case(actor.kind)),
            text(&actor.name, options),
            actor.kind.to_string(),
            actor
                .country
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            text(&aliases.join(";"), options),
            text(actor.description.as_deref().unwrap_or(""), options),
        ];
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes the relations as a Neo4j relationships file, sorted by id; the type is the kind in
/// upper case (`DEMAND`, `MEMBER_OF`).
///
/// # Errors
/// [`Error::Write`] when writing fails.
pub fn write_relationships(
    graph: &dyn Exportable,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer
        .write_record(RELATIONSHIP_HEADER)
        .map_err(csv_error)?;
    let mut relations: Vec<&Relation> = graph.relations().collect();
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    for relation in relations {
        writer
            .write_record(&relationship_record(relation, options)?)
            .map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
}

fn relationship_record(relation: &Relation, options: &ExportOptions) -> Result<[String; 23]> {
    let info = relation.kind.info();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let about: Vec<&str> = relation.about.iter().map(|a| a.as_str()).collect();
    let sources: Vec<&str> = relation
        .evidence
        .iter()
        .map(|e| e.source.as_str())
        .collect();
    let count = |field: fn(&EventCounts) -> u32| {
        relation
            .counts
            .as_ref()
            .map(|c| field(c).to_string())
            .unwrap_or_default()
    };
    Ok([
        relation.from.to_string(),
        relation.to.to_string(),
        relation.kind.as_str().to_ascii_uppercase(),
        relation.id.to_string(),
        relation.kind.to_string(),
        relation.kind.class().to_string(),
        info.quad_class.to_string(),
        info.cameo.unwrap_or_default().to_owned(),
        info.plover.unwrap_or_default().to_owned(),
        relation.weight().to_string(),
        relation
            .intensity
            .map(|i| i.to_string())
            .unwrap_or_default(),
        date(relation.date),
        date(relation.since),
        date(relation.until),
        about.join(";"),
        relation
            .claimed_by
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        sources.join(";"),
        text(first_note(relation), options),
        text(&evidence_json(relation)?, options),
        count(|c| c.events),
        count(|c| c.mentions),
        count(|c| c.sources),
        count(|c| c.articles),
    ])
}

/// A text cell, defused for spreadsheets when the options ask for it.
fn text(value: &str, options: &ExportOptions) -> String {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if options.csv_safe && risky {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// `weapon_system` → `WeaponSystem`, the usual form of a Neo4j label.
fn pascal_case(kind: ActorKind) -> String {
    kind.as_str()
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn csv_error(err: ::csv::Error) -> Error {
    match err.into_kind() {
        ::csv::ErrorKind::Io(err) => Error::Write(err),
        other => Error::Export(format!("cannot write CSV: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::nasty;

    fn nodes(options: &ExportOptions) -> String {
        let mut out = Vec::new();
        write_nodes(&nasty(), options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn relationships(options: &ExportOptions) -> String {
        let mut out = Vec::new();
        write_relationships(&nasty(), options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quoting_round_trips_through_a_csv_reader() {
        let text = nodes(&ExportOptions::default());
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&reader.headers().unwrap()[0], "id:ID");
        let kalin = rows.iter().find(|r| &r[0] == "kalin").unwrap();
        assert_eq!(&kalin[1], "Actor;Person");
        assert_eq!(&kalin[2], "İbrahim \"Kalın\"\nadviser");
        assert_eq!(&kalin[5], "a,b;=cmd");
        let html = rows.iter().find(|r| &r[0] == "html").unwrap();
        assert_eq!(&html[2], "<html><script>alert(1)</script>]]>");
    }

    #[test]
    fn relationships_have_types_and_typed_columns() {
        let text = relationships(&ExportOptions::default());
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[0].iter().take(4).collect::<Vec<_>>(),
            ["kalin", "html", "DEMAND", "r1"]
        );
        assert_eq!(&rows[0][9], "-5.5");
        assert_eq!(&rows[2][2], "MEMBER_OF");
        assert_eq!(&rows[2][12], "2019");
        assert!(rows[0][17].starts_with("=HYPERLINK"));
        let evidence: Vec<crate::model::Evidence> = serde_json::from_str(&rows[0][18]).unwrap();
        assert_eq!(evidence[0].quote, "he said \"never\" <b>");
        assert_eq!(
            rows[0].iter().skip(19).collect::<Vec<_>>(),
            ["3", "12", "4", "10"]
        );
        assert_eq!(
            rows[1].iter().skip(19).collect::<Vec<_>>(),
            ["", "", "", ""]
        );
    }

    #[test]
    fn safe_mode_defuses_formulas_but_not_numbers() {
        let options = ExportOptions {
            csv_safe: true,
            ..ExportOptions::default()
        };
        let text = relationships(&options);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let first = reader.records().next().unwrap().unwrap();
        assert_eq!(&first[9], "-5.5");
        assert!(first[17].starts_with("'=HYPERLINK"), "{:?}", &first[17]);
        assert_eq!(text_of("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(text_of("-1+2", true), "'-1+2");
        assert_eq!(text_of("plain", true), "plain");
        assert_eq!(text_of("=1", false), "=1");
    }

    fn text_of(value: &str, csv_safe: bool) -> String {
        text(
            value,
            &ExportOptions {
                csv_safe,
                ..ExportOptions::default()
            },
        )
    }

    #[test]
    fn labels_are_pascal_case() {
        assert_eq!(
            pascal_case(ActorKind::InternationalOrganization),
            "InternationalOrganization"
        );
        assert_eq!(pascal_case(ActorKind::State), "State");
    }

    #[test]
    fn directory_gets_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("neo4j");
        write_dir(&nasty(), &ExportOptions::default(), &out).unwrap();
        assert!(out.join(NODES_FILE).is_file());
        assert!(out.join(RELATIONSHIPS_FILE).is_file());
    }
}
