//! Mermaid flowcharts, which GitHub, GitLab and many Markdown tools draw from a code block.
//!
//! Shapes and colours follow the DOT export: a class per actor kind, a link style per quad
//! class. Node ids are `a_` plus the actor id with `-` as `_` (Mermaid reads `-` as part of an
//! arrow, and `end` would close the chart). Labels are quoted and escaped with Mermaid's
//! entity codes, so quotes, `<script>` and line breaks stay text. As in DOT, a thin grey
//! dotted line without arrowhead ties each actor to what it speaks or acts about.

use std::collections::BTreeMap;
use std::io::Write;

use super::{ExportOptions, Exportable, RankDir};
use crate::error::Result;
use crate::model::{ActorId, ActorKind, QuadClass, Relation};

/// Writes the graph as a Mermaid flowchart, actors and relations sorted by id.
///
/// ```
/// let graph = dipgraph::Graph::try_from(dipgraph::Dataset::builtin()?)?;
/// let mut out = Vec::new();
/// dipgraph::export::mermaid::write(&graph, &Default::default(), &mut out)?;
/// assert!(String::from_utf8(out)?.starts_with("flowchart LR\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`crate::Error::Write`] when writing fails.
pub fn write(graph: &dyn Exportable, options: &ExportOptions, out: &mut dyn Write) -> Result<()> {
    out.write_all(to_string(graph, options).as_bytes())?;
    Ok(())
}

fn to_string(graph: &dyn Exportable, options: &ExportOptions) -> String {
    let direction = match options.rankdir {
        RankDir::LeftRight => "LR",
        RankDir::TopBottom => "TB",
        RankDir::RightLeft => "RL",
        RankDir::BottomTop => "BT",
    };
    let mut lines = vec![format!("flowchart {direction}")];
    let actors = super::drawn_actors(graph, options);
    let mut by_kind: BTreeMap<ActorKind, Vec<String>> = BTreeMap::new();
    for actor in &actors {
        let (open, close) = shape(actor.kind);
        let id = node_id(&actor.id);
        lines.push(format!("  {id}{open}\"{}\"{close}", escape(&actor.name)));
        by_kind.entry(actor.kind).or_default().push(id);
    }
    let mut relations: Vec<&Relation> = graph.relations().collect();
    relations.sort_by(|a, b| a.id.cmp(&b.id));
    let mut by_class: BTreeMap<QuadClass, Vec<String>> = BTreeMap::new();
    for (index, relation) in relations.iter().enumerate() {
        let arrow = if relation.kind.is_standing() {
            "-.->"
        } else {
            "-->"
        };
        lines.push(format!(
            "  {} {arrow}|\"{}\"| {}",
            node_id(&relation.from),
            escape(&relation.kind.as_str().replace('_', " ")),
            node_id(&relation.to)
        ));
        by_class
            .entry(relation.kind.info().quad_class)
            .or_default()
            .push(index.to_string());
    }
    let about = super::about_pairs(&relations, &actors);
    for (from, subject) in about.keys() {
        lines.push(format!("  {} -.- {}", node_id(from), node_id(subject)));
    }
    for (kind, ids) in by_kind {
        let (fill, stroke) = colours(kind);
        lines.push(format!(
            "  classDef {kind} fill:{fill},stroke:{stroke},color:#222"
        ));
        lines.push(format!("  class {} {kind}", ids.join(",")));
    }
    for (class, indexes) in by_class {
        lines.push(format!(
            "  linkStyle {} {}",
            indexes.join(","),
            link_style(class)
        ));
    }
    if !about.is_empty() {
        // The about lines follow the relations, so their link numbers do too.
        let indexes: Vec<String> = (relations.len()..relations.len() + about.len())
            .map(|index| index.to_string())
            .collect();
        lines.push(format!(
            "  linkStyle {} stroke:#a0a0a0,stroke-width:0.8px,stroke-dasharray:2 3",
            indexes.join(",")
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn node_id(id: &ActorId) -> String {
    format!("a_{}", id.as_str().replace('-', "_"))
}

/// Escapes label text for a quoted Mermaid label. `#` goes first, since the entity codes
/// themselves start with it.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

fn shape(kind: ActorKind) -> (&'static str, &'static str) {
    match kind {
        ActorKind::State => ("[", "]"),
        ActorKind::InternationalOrganization => ("{{", "}}"),
        ActorKind::GovernmentBody => ("[[", "]]"),
        ActorKind::Person => ("(", ")"),
        ActorKind::ArmedGroup => (">", "]"),
        ActorKind::WeaponSystem => ("[(", ")]"),
        ActorKind::Programme => ("[/", "/]"),
        ActorKind::PoliticalGroup | ActorKind::Community => ("([", "])"),
        ActorKind::Media | ActorKind::Other => ("[", "]"),
    }
}

fn colours(kind: ActorKind) -> (&'static str, &'static str) {
    match kind {
        ActorKind::State => ("#d6e6f5", "#2f5f8a"),
        ActorKind::InternationalOrganization => ("#e4dbf1", "#5e3c99"),
        ActorKind::GovernmentBody => ("#e8f1f8", "#4f7ca6"),
        ActorKind::Person => ("#fdebc8", "#a66a00"),
        ActorKind::ArmedGroup => ("#f8d4d0", "#a13a2f"),
        ActorKind::WeaponSystem => ("#e6e6e6", "#595959"),
        ActorKind::Programme => ("#fff4c2", "#8a7500"),
        ActorKind::PoliticalGroup => ("#dcefd4", "#3f7a2a"),
        ActorKind::Community => ("#f3e1ee", "#8a3f75"),
        ActorKind::Media | ActorKind::Other => ("#ffffff", "#707070"),
    }
}

fn link_style(class: QuadClass) -> &'static str {
    match class {
        QuadClass::VerbalCooperation => "stroke:#2b7bba,color:#2b7bba",
        QuadClass::MaterialCooperation => "stroke:#1a9850,stroke-width:2px,color:#1a9850",
        QuadClass::VerbalConflict => "stroke:#e34a33,color:#e34a33",
        QuadClass::MaterialConflict => "stroke:#99000d,stroke-width:2px,color:#99000d",
        QuadClass::Structural => "stroke:#8c8c8c,stroke-dasharray:4 3,color:#666666",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::nasty;

    fn check(input: &str, expected: &str) {
        assert_eq!(escape(input), expected, "escaping {input:?}");
    }

    #[test]
    fn escaping() {
        check("plain", "plain");
        check(r#"say "no""#, "say #quot;no#quot;");
        check(
            "<script>alert(1)</script>",
            "#lt;script#gt;alert(1)#lt;/script#gt;",
        );
        check("a\nb", "a<br>b");
        check("#quot;", "#35;quot;");
        check("a|b & c", "a#124;b #amp; c");
        check(r"back\slash ]]>", r"back\slash ]]#gt;");
        check("İbrahim Kalın", "İbrahim Kalın");
    }

    #[test]
    fn chart() {
        let text = to_string(&nasty(), &ExportOptions::default());
        assert!(
            text.contains("  a_kalin(\"İbrahim #quot;Kalın#quot;<br>adviser\")"),
            "{text}"
        );
        assert!(text.contains("  a_kalin -->|\"demand\"| a_html"), "{text}");
        assert!(
            text.contains("  a_html -.->|\"member of\"| a_slash"),
            "{text}"
        );
        assert!(text.contains("  linkStyle 0,1 stroke:#e34a33"), "{text}");
        // `about` ties each speaker to its subject with a thin grey line, styled by number.
        let builtin = crate::Graph::try_from(crate::Dataset::builtin().unwrap()).unwrap();
        let seed = to_string(&builtin, &ExportOptions::default());
        assert!(seed.contains("\n  a_ibrahim_kalin -.- a_s_400\n"), "{seed}");
        let (first, about) = (builtin.relation_count(), seed.matches(" -.- ").count());
        let style = format!("  linkStyle {first},{},", first + 1);
        assert!(seed.contains(&style), "{seed}");
        let last = format!(",{} stroke:#a0a0a0", first + about - 1);
        assert!(seed.contains(&last), "{seed}");
        assert!(!text.contains("<script"), "{text}");
    }
}
