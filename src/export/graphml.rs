//! GraphML for NetworkX, Gephi and Cytoscape: a typed `<key>` for every attribute, one
//! `<edge>` per relation (parallel edges kept, each with the relation id as its id).
//!
//! Lists (aliases, `about`, sources) are joined with `;`; the evidence is carried whole as
//! JSON in `evidence`, and its first note in `note`; event-data tallies (`counts`) become
//! `events`, `mentions`, `event_sources` and `articles`. Absent values have no `<data>`
//! element.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{evidence_json, first_note, Exportable};
use crate::error::Result;
use crate::model::{Actor, Date, Relation};

/// The GraphML namespace.
const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// One attribute: the `<key>` id, what it belongs to, its name and GraphML type.
struct Key {
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
}

const fn key(
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
) -> Key {
    Key {
        id,
        domain,
        name,
        kind,
    }
}

/// Every attribute written, in the order of the `<key>` declarations.
const KEYS: &[Key] = &[
    key("n_label", "node", "label", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_country", "node", "country", "string"),
    key("n_aliases", "node", "aliases", "string"),
    key("n_description", "node", "description", "string"),
    key("e_label", "edge", "label", "string"),
    key("e_kind", "edge", "kind", "string"),
    key("e_class", "edge", "class", "string"),
    key("e_quad_class", "edge", "quad_class", "string"),
    key("e_cameo", "edge", "cameo", "string"),
    key("e_plover", "edge", "plover", "string"),
    key("e_goldstein", "edge", "goldstein", "double"),
    key("e_intensity", "edge", "intensity", "double"),
    key("e_date", "edge", "date", "string"),
    key("e_since", "edge", "since", "string"),
    key("e_until", "edge", "until", "string"),
    key("e_about", "edge", "about", "string"),
    key("e_claimed_by", "edge", "claimed_by", "string"),
    key("e_sources", "edge", "sources", "string"),
    key("e_note", "edge", "note", "string"),
    key("e_evidence", "edge", "evidence", "string"),
    key("e_events", "edge", "events", "int"),
    key("e_mentions", "edge", "mentions", "int"),
    key("e_event_sources", "edge", "event_sources", "int"),
    key("e_articles", "edge", "articles", "int"),
];

/// Writes the graph as GraphML, actors and relations sorted by id.
///
/// ```
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let mut out = Vec::new();
/// dipgraph::export::graphml::write(&graph, &mut out)?;
/// assert!(String::from_utf8(out)?.contains("<graph id=\"dipgraph\" edgedefault=\"directed\">"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::Error::Write`] when writing to `out` fails.
pub fn write(graph: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut actors: Vec<&Actor> = graph.actors().collect();
    actors.sort_by(|a, b| a.id.cmp(&b.id));
    let mut relations: Vec<&Relation> = graph.relations().collect();
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    let edges: Vec<(&Relation, Vec<(&str, String)>)> = relations
        .into_iter()
        .map(|r| Ok((r, relation_data(r)?)))
        .collect::<Result<_>>()?;
    writer
        .create_element("graphml")
        .with_attribute(("xmlns", NAMESPACE))
        .write_inner_content(|writer| {
            for key in KEYS {
                writer
                    .create_element("key")
                    .with_attributes([
                        ("id", key.id),
                        ("for", key.domain),
                        ("attr.name", key.name),
                        ("attr.type", key.kind),
                    ])
                    .write_empty()?;
            }
            writer
                .create_element("graph")
                .with_attributes([("id", "dipgraph"), ("edgedefault", "directed")])
                .write_inner_content(|writer| {
                    for actor in &actors {
                        writer
                            .create_element("node")
                            .with_attribute(("id", actor.id.as_str()))
                            .write_inner_content(|w| data(w, &actor_data(actor)))?;
                    }
                    for (relation, values) in &edges {
                        writer
                            .create_element("edge")
                            .with_attributes([
                                ("id", relation.id.as_str()),
                                ("source", relation.from.as_str()),
                                ("target", relation.to.as_str()),
                            ])
                            .write_inner_content(|w| data(w, values))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writer.into_inner().write_all(b"\n")?;
    Ok(())
}

fn data<W: Write>(writer: &mut Writer<W>, values: &[(&str, String)]) -> std::io::Result<()> {
    for (key, value) in values {
        writer
            .create_element("data")
            .with_attribute(("key", *key))
            .write_text_content(BytesText::new(&xml_chars(value)))?;
    }
    Ok(())
}

/// `text` without the control characters XML 1.0 cannot hold (all but tab and line breaks).
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn actor_data(actor: &Actor) -> Vec<(&'static str, String)> {
    let mut values = vec![
        ("n_label", actor.name.clone()),
        ("n_kind", actor.kind.to_string()),
    ];
    if let Some(country) = &actor.country {
        values.push(("n_country", country.to_string()));
    }
    if !actor.aliases.is_empty() {
        values.push(("n_aliases", actor.aliases.join(";")));
    }
    if let Some(description) = &actor.description {
        values.push(("n_description", description.clone()));
    }
    values
}

fn relation_data(relation: &Relation) -> Result<Vec<(&'static str, String)>> {
    let info = relation.kind.info();
    let mut values = vec![
        ("e_label", relation.kind.as_str().replace('_', " ")),
        ("e_kind", relation.kind.to_string()),
        ("e_class", relation.kind.class().to_string()),
        ("e_quad_class", info.quad_class.to_string()),
    ];
    let optional = [
        ("e_cameo", info.cameo.map(str::to_owned)),
        ("e_plover", info.plover.map(str::to_owned)),
        ("e_goldstein", Some(relation.weight().to_string())),
        ("e_intensity", relation.intensity.map(|i| i.to_string())),
        ("e_date", relation.date.as_ref().map(Date::to_string)),
        ("e_since", relation.since.as_ref().map(Date::to_string)),
        ("e_until", relation.until.as_ref().map(Date::to_string)),
    ];
    values.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
    if !relation.about.is_empty() {
        let about: Vec<&str> = relation.about.iter().map(|a| a.as_str()).collect();
        values.push(("e_about", about.join(";")));
    }
    if let Some(claimant) = &relation.claimed_by {
        values.push(("e_claimed_by", claimant.to_string()));
    }
    let sources: Vec<&str> = relation
        .evidence
        .iter()
        .map(|e| e.source.as_str())
        .collect();
    values.push(("e_sources", sources.join(";")));
    values.push(("e_note", first_note(relation).to_owned()));
    values.push(("e_evidence", evidence_json(relation)?));
    if let Some(counts) = &relation.counts {
        values.extend([
            ("e_events", counts.events.to_string()),
            ("e_mentions", counts.mentions.to_string()),
            ("e_event_sources", counts.sources.to_string()),
            ("e_articles", counts.articles.to_string()),
        ]);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::testing::nasty;

    fn graphml(graph: &Graph) -> String {
        let mut out = Vec::new();
        write(graph, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hostile_text_is_escaped() {
        let text = graphml(&nasty());
        assert!(!text.contains("<script>"), "{text}");
        assert!(!text.contains("]]>"), "{text}");
        assert!(
            text.contains("&lt;html&gt;&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;"),
            "{text}"
        );
        assert!(
            text.contains("İbrahim &quot;Kalın&quot;\nadviser"),
            "{text}"
        );
        assert!(text.contains(r"back\slash"), "{text}");
        // The evidence JSON survives whole.
        assert!(
            text.contains(r#"&quot;quote&quot;:&quot;he said \&quot;never\&quot; &lt;b&gt;&quot;"#),
            "{text}"
        );
    }

    #[test]
    fn parallel_edges_are_kept_and_every_key_is_declared() {
        let text = graphml(&nasty());
        assert_eq!(
            text.matches("source=\"kalin\" target=\"html\"").count(),
            2,
            "{text}"
        );
        for key in KEYS {
            assert!(
                text.contains(&format!("<key id=\"{}\"", key.id)),
                "{}",
                key.id
            );
        }
        assert!(
            text.contains("<data key=\"e_intensity\">-5.5</data>"),
            "{text}"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml_chars("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
    }
}
