//! The extractor's rules, one sentence each: what it should propose, and what it should not.

use super::*;

/// Extracts `text` against an empty base and lists the relations as `from kind to`, with
/// ` (claimed by X)` when a speaker claims them.
fn extract(text: &str) -> Vec<String> {
    let extractor = extractor();
    let meta = SourceMeta {
        published: Some("2021-03-08".parse().unwrap()),
        ..SourceMeta::named("t.txt")
    };
    let draft = extractor.extract(text, &meta).unwrap();
    draft
        .dataset
        .relations
        .iter()
        .map(|r| match &r.claimed_by {
            Some(c) => format!("{} {} {} (claimed by {c})", r.from, r.kind, r.to),
            None => format!("{} {} {}", r.from, r.kind, r.to),
        })
        .collect()
}

/// One extractor on an empty base for all tests: building it is the slow part.
fn extractor() -> &'static Extractor {
    static EXTRACTOR: std::sync::OnceLock<Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let base = Graph::try_from(crate::Dataset::default()).unwrap();
        Extractor::new(&base).unwrap()
    })
}

fn check(text: &str, expected: &[&str]) {
    let got = extract(text);
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(got_sorted, want, "{text:?}");
}

#[test]
fn active_voice() {
    check(
        "Turkey urged Russia to halt the offensive.",
        &["turkey demand russia"],
    );
    check(
        "Turkey called on Russia to halt the offensive.",
        &["turkey appeal russia"],
    );
    check(
        "Greece accused Turkey of violating its airspace.",
        &["greece criticize turkey"],
    );
}

#[test]
fn passive_voice() {
    check(
        "Iran was sanctioned by the United States.",
        &["united-states sanction iran"],
    );
    check(
        "The PKK, a group recognised as terrorist by the EU, attacked.",
        &["european-union designate_terrorist pkk"],
    );
    // An agentless passive names no source: nothing rather than a guess.
    check("Turkey was excluded from the programme.", &[]);
    // `an attack by` is a noun phrase, not a passive.
    check(
        "Greece condemned an attack by Turkey.",
        &["greece criticize turkey"],
    );
}

#[test]
fn negation_denial_refusal() {
    check("Turkey did not attack Syria.", &[]);
    check("Russia never threatened Ukraine.", &[]);
    check("Iran denied that it attacked Israel.", &[]);
    check("Hungary has yet to endorse Sweden.", &[]);
    // Refusing a cooperative act rejects it.
    check("Turkey refused to meet Greece.", &["turkey reject greece"]);
}

#[test]
fn modality_and_intent() {
    check(
        "Biden will call Erdogan.",
        &["joe-biden promise recep-tayyip-erdogan"],
    );
    check("China plans to sanction Japan.", &["china threaten japan"]);
    check("Russia could attack Poland.", &[]);
    check("Israel may strike Iran.", &[]);
    check(
        "Armenia is about to restore diplomatic ties with Turkey.",
        &["armenia cooperate turkey"],
    );
}

#[test]
fn reported_speech_and_attribution() {
    check(
        "Turkey says the YPG is affiliated with the PKK.",
        &["ypg affiliated_with pkk (claimed by turkey)"],
    );
    check(
        "Russia attacked Ukraine, according to Poland.",
        &["russia fight ukraine (claimed by poland)"],
    );
    check(
        "“We will sanction Iran,” Blinken said.",
        &["antony-blinken threaten iran"],
    );
    check(
        "Washington should end its support, Ankara says.",
        &["turkey appeal united-states"],
    );
    check(
        "“The U.S. must understand our interests,” Kalın said.",
        &["ibrahim-kalin demand united-states"],
    );
}

#[test]
fn compound_actors() {
    check(
        "France and Germany criticised Russia.",
        &["france criticize russia", "germany criticize russia"],
    );
    check(
        "Turkey and Russia agreed to cooperate.",
        &["russia promise turkey", "turkey promise russia"],
    );
    check(
        "Turkey and Russia met on Monday.",
        &["russia consult turkey", "turkey consult russia"],
    );
    check(
        "The EU urged Armenia and Azerbaijan to talk.",
        &[
            "european-union demand armenia",
            "european-union demand azerbaijan",
        ],
    );
    // A comma alone does not join actors.
    check(
        "In Brussels, Turkey criticised Greece.",
        &["turkey criticize greece"],
    );
}

#[test]
fn appositives_and_agent_phrases() {
    check(
        "Ibrahim Kalın, Erdoğan's spokesperson, criticised Greece.",
        &[
            "ibrahim-kalin represents recep-tayyip-erdogan",
            "ibrahim-kalin criticize greece",
        ],
    );
    check(
        "Turkish officials criticised Greece.",
        &["turkey criticize greece"],
    );
    check(
        "Russian Deputy Foreign Minister Sergei Ryabkov criticised NATO.",
        &[
            "sergei-ryabkov represents russia",
            "sergei-ryabkov criticize nato",
        ],
    );
    check(
        "Estonian Foreign Minister Margus Tsahkna met Blinken.",
        &[
            "margus-tsahkna represents estonia",
            "margus-tsahkna consult antony-blinken",
        ],
    );
    // A demonym before a noun is an adjective, not an actor.
    check("Turkey bought Russian missiles.", &[]);
}

#[test]
fn coreference() {
    check(
        "Turkey bought the S-400 in 2019. It criticised Greece.",
        &["turkey criticize greece"],
    );
    check(
        "Putin met Xi. He criticised NATO.",
        &[
            "vladimir-putin consult xi-jinping",
            "vladimir-putin criticize nato",
        ],
    );
    check(
        "NATO met on Monday. Russia criticised the alliance.",
        &["russia criticize nato"],
    );
}

#[test]
fn trade_and_nouns() {
    check(
        "Turkey bought Patriot missiles from the United States.",
        &["turkey trade united-states"],
    );
    // The gazetteer knows who makes the S-400 and says so, as background knowledge.
    check(
        "Russia sold S-400s to India.",
        &["india trade russia", "russia produces s-400"],
    );
    check(
        "US pressure on Turkey grew.",
        &["united-states demand turkey"],
    );
    check(
        "The EU imposed sanctions on Russia.",
        &["european-union sanction russia"],
    );
}

#[test]
fn dates_and_evidence() {
    let extractor = extractor();
    let text = "Turkey criticised Greece on Friday.";
    let meta = SourceMeta {
        published: Some("2021-03-08".parse().unwrap()),
        ..SourceMeta::named("t.txt")
    };
    let draft = extractor.extract(text, &meta).unwrap();
    let relation = &draft.dataset.relations[0];
    assert_eq!(relation.date, Some("2021-03-05".parse().unwrap()));
    let evidence = &relation.evidence[0];
    assert_eq!(evidence.quote, "Turkey criticised Greece");
    assert_eq!(evidence.span, Some(crate::Span { start: 0, end: 24 }));
    assert!(evidence.confidence.is_some_and(|c| c > 0.5 && c <= 1.0));
    assert!(Graph::try_from(draft.dataset).is_ok());
}

#[test]
fn the_extractor_is_sync() {
    fn sync<T: Sync + Send>() {}
    sync::<Extractor>();
}

#[test]
fn attribution_by_the_actor_itself() {
    // The speaker is the antecedent of `it` in its own words, and not a claimant of them.
    check(
        "Israel's military said it struck Hezbollah targets on Sunday.",
        &["israel fight hezbollah"],
    );
    check(
        "Turkey's defence ministry said its jets hit PKK positions.",
        &["turkey fight pkk"],
    );
}

#[test]
fn objects_of_coordinated_and_reacting_verbs() {
    // The object after `and warned` is the second verb's.
    check(
        "Iran condemned the strike and warned Washington against escalation.",
        &["iran threaten united-states"],
    );
    // An attack that a country condemns is not one it made; `in Baghdad` is a place.
    check(
        "Sweden condemned the attack on its embassy in Baghdad.",
        &[],
    );
    // Aid that is pledged is a promise, not aid given.
    check(
        "Germany pledged further military aid to Ukraine.",
        &["germany promise ukraine"],
    );
    // What an accusation charges is not a relation of its own.
    check(
        "The United States accused China of supplying Russia with weapons.",
        &["united-states criticize china"],
    );
    // A denial far before the verb still denies it.
    check(
        "Egypt denied reports that it had agreed to supply rockets to Russia.",
        &[],
    );
}

#[test]
fn targets_after_numbers_titles_and_double_objects() {
    check(
        "Moscow expelled two British diplomats.",
        &["russia coerce united-kingdom"],
    );
    check(
        "Zelensky met U.S. President Donald Trump at the White House.",
        &["volodymyr-zelensky consult donald-trump"],
    );
    check(
        "Syrian leader Ahmed al-Sharaa met Saudi Crown Prince Mohammed bin Salman.",
        &[
            "ahmed-al-sharaa consult mohammed-bin-salman",
            "ahmed-al-sharaa leads syria",
            "mohammed-bin-salman represents saudi-arabia",
        ],
    );
    check(
        "NATO Secretary General Mark Rutte praised Finland.",
        &["mark-rutte endorse finland", "mark-rutte represents nato"],
    );
    check(
        "Russia supplied North Korea with oil.",
        &["russia aid north-korea"],
    );
    check(
        "Biden spoke by phone with Netanyahu.",
        &["joe-biden consult benjamin-netanyahu"],
    );
}
