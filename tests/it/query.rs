//! The query commands on the seed article, run as an analyst would.

use serde_json::Value;

use crate::cli::run;

fn json(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (code, out, err) = run(&args);
    assert!(code <= 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

/// Each path as its actor ids joined with `>`.
fn sequences(found: &Value) -> Vec<String> {
    let paths = found["paths"].as_array().unwrap();
    paths
        .iter()
        .map(|p| {
            let hops = p["hops"].as_array().unwrap();
            let mut ids = vec![hops[0]["from"].as_str().unwrap()];
            ids.extend(hops.iter().map(|h| h["to"].as_str().unwrap()));
            ids.join(">")
        })
        .collect()
}

#[test]
fn path_ankara_washington_is_one_hop() {
    let (code, out, err) = run(&["path", "Ankara", "Washington"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Turkey to United States: shortest path (undirected)\n"),
        "{out}"
    );
    assert!(
        out.contains("\n1. 1 hop: Turkey — United States\n"),
        "{out}"
    );
    // The hop shows the relation it walked and what else links the two.
    assert!(out.contains("(also: demand ×2,"), "{out}");
}

#[test]
fn path_turkey_pkk_k3_goes_through_the_us_and_the_kurdish_fighters() {
    let found = json(&["path", "Turkey", "PKK", "--k", "3"]);
    assert_eq!(
        sequences(&found),
        [
            "turkey>pkk",
            "turkey>united-states>pkk",
            "turkey>united-states>ypg>pkk"
        ]
    );
    let costs: Vec<f64> = found["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cost"].as_f64().unwrap())
        .collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
    assert_eq!(found["capped"], false);
    // On the path through the fighters, the Turkey–US hop is Turkey's demand about them.
    let third = &found["paths"][2]["hops"];
    assert_eq!(
        third[0]["relation"]["id"],
        "turkey-demands-us-end-support-for-ypg"
    );
    assert_eq!(third[0]["walk"], "forward");
    let (_, text, _) = run(&["path", "Turkey", "PKK", "--k", "3"]);
    assert!(
        text.contains(
            "   Turkey —demand→ United States (2021-03-08, Ahval): “end its support for Kurdish fighters”\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("   United States —aid→ People's Protection Units (2021-03-08, claimed by Turkey, Ahval)"),
        "{text}"
    );
    assert!(
        text.contains("   Turkey ←tension— Kurdistan Workers' Party (Ahval)"),
        "{text}"
    );
}

#[test]
fn path_erdogan_biden_keeps_the_true_direction() {
    let (code, out, _) = run(&["path", "Erdogan", "Biden"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "   Recep Tayyip Erdoğan ←promise— Joe Biden (2021-03-05, claimed by Jen Psaki, Ahval): “at some point”\n"
        ),
        "{out}"
    );
    assert!(out.contains("(also: criticize, tension)"), "{out}");
}

#[test]
fn path_by_conflict_prefers_hostile_chains() {
    let found = json(&[
        "path",
        "Turkey",
        "PKK",
        "--weight",
        "conflict",
        "--exclude-kind",
        "tension",
    ]);
    assert_eq!(sequences(&found), ["turkey>united-states>pkk"]);
    // Turkey's demand (−5 → 6) and the US designation (−8 → 3).
    assert_eq!(found["paths"][0]["cost"], 9.0);
}

#[test]
fn path_via_about_reaches_the_subjects() {
    let found = json(&["path", "Turkey", "YPG", "--via-about", "--kind", "demand"]);
    assert_eq!(sequences(&found), ["turkey>ypg"]);
    assert_eq!(found["paths"][0]["hops"][0]["walk"], "to_subject");
    let (code, _, _) = run(&["path", "Turkey", "YPG", "--kind", "demand"]);
    assert_eq!(code, 1);
}

#[test]
fn no_path_hints_at_via_about_when_it_would_find_one() {
    let (code, out, _) = run(&["path", "Turkey", "Patriot"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "no path between Turkey and Patriot: they are in different components; --via-about \
         connects them through what relations are about (1 hop)\n"
    );
    // No hint where --via-about finds nothing either, nor once it is given.
    let (_, out, _) = run(&["path", "Bloomberg", "PKK", "--class", "conflict"]);
    assert!(!out.contains("--via-about"), "{out}");
    let (code, _, _) = run(&["path", "Turkey", "Patriot", "--via-about"]);
    assert_eq!(code, 0);
}

#[test]
fn path_hops_points_to_max_hops() {
    let (code, _, err) = run(&["path", "Turkey", "PKK", "--hops", "3"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: path has no --hops: --all --max-hops 3 lists every path of at most 3 hops \
         (--k N the N shortest)\n"
    );
}

#[test]
fn no_path_says_why_and_exits_1() {
    let (code, out, _) = run(&["path", "Bloomberg", "PKK", "--class", "conflict"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "no path between Bloomberg and Kurdistan Workers' Party: they are in different \
         components with these filters\n"
    );
    let (code, out, _) = run(&["path", "NATO", "Turkey", "--directed"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("connected only against the direction"),
        "{out}"
    );
    let found = json(&["path", "NATO", "Turkey", "--directed"]);
    assert_eq!(found["no_path"], "against_direction");
}

#[test]
fn caps_stop_and_say_so() {
    let (code, out, _) = run(&[
        "path",
        "Turkey",
        "PKK",
        "--all",
        "--max-hops",
        "3",
        "--cap",
        "2",
    ]);
    assert_eq!(code, 0);
    assert!(out.ends_with("stopped at the cap of 2 paths; there are more (raise it with --cap)\n"));
    let found = json(&["path", "Turkey", "PKK", "--all", "--max-hops", "3"]);
    let n = found["paths"].as_array().unwrap().len();
    assert!(n > 2 && found["capped"] == false, "{n}");
    let found = json(&["path", "Turkey", "PKK", "--k", "50", "--cap", "3"]);
    assert_eq!(found["paths"].as_array().unwrap().len(), 3);
    assert_eq!(found["capped"], true);
}

#[test]
fn avoid_routes_around_an_actor() {
    let found = json(&[
        "path",
        "Turkey",
        "PKK",
        "--avoid",
        "US",
        "--exclude-kind",
        "tension",
    ]);
    let paths = sequences(&found);
    assert!(
        paths.iter().all(|p| !p.contains("united-states")),
        "{paths:?}"
    );
    let (code, _, err) = run(&["path", "Turkey", "PKK", "--avoid", "Turkey"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot avoid an end of the path"), "{err}");
}

#[test]
fn dyad_turkey_us_has_a_number_and_its_reasons() {
    let (code, out, _) = run(&["dyad", "Turkey", "US"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Turkey and United States: 9 relations, net Goldstein −8.8 (at odds on balance)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("verbal conflict 4, material conflict 1"),
        "{out}"
    );
    let found = json(&["dyad", "Turkey", "US"]);
    assert_eq!(found["net"], -8.8);
    assert_eq!(found["timeline"].as_array().unwrap().len(), 9);
    assert_eq!(
        found["a_to_b"]["count"].as_u64().unwrap() + found["b_to_a"]["count"].as_u64().unwrap(),
        9
    );
}

#[test]
fn balance_surfaces_the_us_kurdish_fighters_pkk_triad() {
    let (code, out, _) = run(&["balance"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "Kurdistan Workers' Party — People's Protection Units — United States (++−): \
             People's Protection Units is on good terms with both"
        ),
        "{out}"
    );
    assert!(
        out.contains("United States —designate_terrorist→ Kurdistan Workers' Party"),
        "{out}"
    );
    let found = json(&["balance"]);
    let triads = found["unbalanced"].as_array().unwrap();
    let fighters = triads
        .iter()
        .find(|t| t["actors"] == serde_json::json!(["pkk", "ypg", "united-states"]))
        .unwrap();
    assert_eq!(fighters["imbalance"], "friend_of_friend_is_enemy");
    let signs: Vec<&str> = fighters["ties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["sign"].as_str().unwrap())
        .collect();
    assert_eq!(signs, ["positive", "positive", "negative"]);
    // Turkey, the US and Russia close no triad (no US–Russia relation); balance predicts one.
    let (code, open, _) = run(&["balance", "--open", "--actor", "Russia"]);
    // Russia is in no unbalanced triad, but open ones were found and listed: a match.
    assert!(open.contains(": 0 balance, 0 do not\n"), "{open}");
    assert_eq!(code, 0, "{open}");
    assert!(
        open.contains("  Russia + Turkey − United States: predicts Russia − United States\n"),
        "{open}"
    );
}

#[test]
fn balance_limit_lists_the_strongest_and_counts_all() {
    let (code, out, _) = run(&["balance", "--open", "--limit", "1"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("26 signed dyads, 9 closed triads: 5 balance, 4 do not\n(showing the 1 most strongly signed; --limit N for more)\n\n1. Kurdistan Workers' Party — Turkey — United States"), "{out}");
    assert!(!out.contains("\n2. "), "{out}");
    assert!(out.contains("\n82 open triads (no relation on the third side; balance predicts its sign):\n(showing the 1 most strongly signed; --limit N for more)\n"), "{out}");
    let found = json(&["balance", "--open", "--limit", "1"]);
    assert_eq!(found["unbalanced"].as_array().unwrap().len(), 1);
    assert_eq!(found["open"].as_array().unwrap().len(), 1);
    assert_eq!(
        (found["triads"].as_u64(), found["balanced"].as_u64()),
        (Some(9), Some(5))
    );
    assert_eq!(found["open_triads"], 82);
}

#[test]
fn rank_puts_turkey_first() {
    for by in ["degree", "pagerank", "betweenness"] {
        let found = json(&["rank", "--by", by, "--top", "3"]);
        let actors = found["actors"].as_array().unwrap();
        assert_eq!(actors.len(), 3);
        assert_eq!(actors[0]["actor"], "turkey", "{by}");
    }
}

#[test]
fn neighbors_groups_by_distance() {
    let (code, out, _) = run(&["neighbors", "PKK", "--hops", "2"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "Kurdistan Workers' Party: 16 actors around it\n\n1 hop away (4 actors):\n"
        ),
        "{out}"
    );
    let found = json(&["neighbors", "PKK"]);
    let first: Vec<&str> = found["rings"][0]["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["actor"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["european-union", "turkey", "united-states", "ypg"]);
}

#[test]
fn path_as_dot_draws_just_the_paths() {
    let (code, dot, err) = run(&["path", "Turkey", "PKK", "--k", "3", "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.contains("Turkey to Kurdistan Workers' Party"), "{dot}");
    // The three paths walk five relations; nothing else is drawn.
    for id in [
        "pkk-tension-with-turkey",
        "us-designates-pkk-terrorist",
        "us-supports-ypg",
        "ypg-affiliated-with-pkk",
    ] {
        assert!(dot.contains(id), "{id} missing:\n{dot}");
    }
    assert!(!dot.contains("Joe Biden"), "{dot}");
    assert!(!dot.contains("kalin-represents-erdogan"), "{dot}");
}
