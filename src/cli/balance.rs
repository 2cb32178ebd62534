//! `dipgraph balance`: the triads that do not balance, with the relations behind each sign.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use dipgraph::query::balance::{BalanceResult, Imbalance, Tie, Triad};
use dipgraph::request::BalanceRequest;
use dipgraph::Graph;

use super::output::{fit, plural, print, print_json, sentence, signed, weight};
use super::{matched, FilterArgs, FormatArg, OutputFormat};

/// How many relations to show per tie before summing up the rest.
const SHOWN: usize = 3;

#[derive(Debug, Args)]
pub struct BalanceArgs {
    /// Only triads with this actor.
    #[arg(long, value_name = "ACTOR")]
    actor: Option<String>,
    /// Also list open triads (two signed ties, no relation on the third side) and the sign
    /// balance predicts for the missing side.
    #[arg(long)]
    open: bool,
    /// List only the N most strongly signed unbalanced triads, and as many open ones; all
    /// are still counted (0: only count them).
    #[arg(long, value_name = "N", default_value_t = 100)]
    limit: usize,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    format: FormatArg,
}

pub fn run(graph: &Graph, args: &BalanceArgs) -> Result<ExitCode> {
    let request = BalanceRequest {
        actor: args.actor.clone(),
        open: args.open,
        limit: args.limit,
        filter: args.filter.to_filter(),
    };
    let found = request.run(graph)?;
    match args.format.format {
        OutputFormat::Json => print_json(&found)?,
        OutputFormat::Text => print(&fit(&text(graph, &found)))?,
    }
    // Open triads count as matches when asked for: they are listed.
    let open = if args.open { found.open_triads } else { 0 };
    Ok(matched(found.triads - found.balanced + open))
}

fn text(graph: &Graph, found: &BalanceResult) -> String {
    let unbalanced = found.triads - found.balanced;
    let mut text = format!(
        "{} signed {}, {} closed {}: {} {}, {} {} not\n",
        found.signed_dyads,
        plural(found.signed_dyads, "dyad"),
        found.triads,
        plural(found.triads, "triad"),
        found.balanced,
        if found.balanced == 1 {
            "balances"
        } else {
            "balance"
        },
        unbalanced,
        if unbalanced == 1 { "does" } else { "do" },
    );
    if found.unbalanced.len() < unbalanced {
        text.push_str(&shown(found.unbalanced.len()));
    }
    for (i, triad) in found.unbalanced.iter().enumerate() {
        text.push_str(&format!("\n{}. {}\n", i + 1, headline(graph, triad)));
        for tie in &triad.ties {
            text.push_str(&tie_text(graph, tie));
        }
    }
    if found.open_triads > 0 {
        text.push_str(&format!(
            "\n{} open {} (no relation on the third side; balance predicts its sign):\n",
            found.open_triads,
            plural(found.open_triads, "triad")
        ));
        if found.open.len() < found.open_triads {
            text.push_str(&shown(found.open.len()));
        }
    }
    for triad in &found.open {
        let [x, y, z] = triad.actors.map(|id| graph.name_of(id));
        let [left, right] = &triad.ties;
        text.push_str(&format!(
            "  {x} {} {y} {} {z}: predicts {x} {} {z}\n",
            left.sign.symbol(),
            right.sign.symbol(),
            triad.predicted.symbol()
        ));
        for tie in &triad.ties {
            if let Some(relation) = tie.relations.first() {
                text.push_str(&format!("    {}\n", sentence(graph, relation)));
            }
        }
    }
    text
}

/// The line that says a list was cut at `--limit`.
fn shown(n: usize) -> String {
    match n {
        0 => "(--limit N lists the N most strongly signed)\n".to_owned(),
        n => format!("(showing the {n} most strongly signed; --limit N for more)\n"),
    }
}

/// The triad in a sentence.
fn headline(graph: &Graph, triad: &Triad) -> String {
    let [x, y, z] = triad.actors.map(|id| graph.name_of(id));
    let signs: String = triad.ties.iter().map(|t| t.sign.symbol()).collect();
    match triad.imbalance {
        Imbalance::FriendOfFriendIsEnemy => format!(
            "{x} — {y} — {z} ({signs}): {y} is on good terms with both {x} and {z}, \
             which are at odds (the friend of my friend is my enemy)"
        ),
        Imbalance::AllAtOdds => format!(
            "{x} — {y} — {z} ({signs}): all three are at odds, no two side together \
             against the third"
        ),
    }
}

/// A tie: its sign and net, then the relations behind it.
fn tie_text(graph: &Graph, tie: &Tie) -> String {
    let mut text = format!(
        "   {} {} {} (net {}):\n",
        graph.name_of(tie.a),
        tie.sign.symbol(),
        graph.name_of(tie.b),
        signed(tie.net)
    );
    for relation in tie.relations.iter().take(SHOWN) {
        text.push_str(&format!(
            "     {} {}\n",
            weight(relation),
            sentence(graph, relation)
        ));
    }
    let rest = tie.relations.len().saturating_sub(SHOWN);
    if rest > 0 {
        text.push_str(&format!(
            "     (and {rest} more {}; see `dipgraph dyad`)\n",
            plural(rest, "relation")
        ));
    }
    text
}
