//! The path searches against each other, brute force and hand-worked cases.

use std::collections::HashSet;

use super::*;
use crate::testing::graph;

/// [`fewest_hops_with`] with fresh arrays.
fn fewest_hops(view: &View, start: usize, end: usize, bans: &Bans) -> Option<Route> {
    fewest_hops_with(view, start, end, bans, &mut Scratch::default())
}
use crate::query::Walk;

/// The paths found, each as `cost: a-b-c`.
fn run(spec: &str, from: &str, to: &str, options: &PathOptions) -> Vec<String> {
    let graph = graph(spec);
    let found = path(
        &graph,
        &from.parse().unwrap(),
        &to.parse().unwrap(),
        options,
    )
    .unwrap();
    found
        .paths
        .iter()
        .map(|p| {
            let mut actors = vec![p.hops[0].from.to_string()];
            actors.extend(p.hops.iter().map(|h| h.to.to_string()));
            format!("{}: {}", p.cost, actors.join("-"))
        })
        .collect()
}

fn check(spec: &str, from: &str, to: &str, options: &PathOptions, expected: &[&str]) {
    assert_eq!(run(spec, from, to, options), expected, "{spec}");
}

fn k(k: usize) -> PathOptions {
    PathOptions {
        search: Search::KShortest(k),
        ..PathOptions::default()
    }
}

const DIAMOND: &str = "
    a consult b
    b consult d
    a demand c
    c threaten d
    a consult d
";

#[test]
fn weights_parse_and_cost() {
    for weight in Weight::all() {
        assert_eq!(weight.as_str().parse::<Weight>().ok(), Some(weight));
    }
    let graph = graph("a fight b\nb aid c\nc comment d");
    let costs: Vec<(f64, f64, f64)> = graph
        .relations()
        .map(|r| {
            (
                Weight::Hops.cost(r),
                Weight::Conflict.cost(r),
                Weight::Cooperation.cost(r),
            )
        })
        .collect();
    assert_eq!(
        costs,
        [(1.0, 1.0, 21.0), (1.0, 18.0, 4.0), (1.0, 11.0, 11.0)]
    );
}

#[test]
fn shortest_by_hops() {
    check(DIAMOND, "a", "d", &PathOptions::default(), &["1: a-d"]);
    check(
        "a consult b\nb consult c\nc consult d",
        "a",
        "d",
        &PathOptions::default(),
        &["3: a-b-c-d"],
    );
}

#[test]
fn conflict_and_cooperation_weights() {
    let conflict = PathOptions {
        weight: Weight::Conflict,
        ..PathOptions::default()
    };
    // Demand (−5 → 6) then threaten (−4.4 → 6.6) beat two consults (+1 → 12 each)…
    let two_ways = "a consult b\nb consult d\na demand c\nc threaten d";
    check(two_ways, "a", "d", &conflict, &["12.6: a-c-d"]);
    // …but not one consult: every hop costs at least 1.
    check(DIAMOND, "a", "d", &conflict, &["12: a-d"]);
    let cooperation = PathOptions {
        weight: Weight::Cooperation,
        ..PathOptions::default()
    };
    check(two_ways, "a", "d", &cooperation, &["20: a-b-d"]);
    check(DIAMOND, "a", "d", &cooperation, &["10: a-d"]);
}

#[test]
fn k_shortest_in_order() {
    check(
        DIAMOND,
        "a",
        "d",
        &k(5),
        &["1: a-d", "2: a-b-d", "2: a-c-d"],
    );
    let conflict = PathOptions {
        weight: Weight::Conflict,
        ..k(5)
    };
    check(
        DIAMOND,
        "a",
        "d",
        &conflict,
        &["12: a-d", "12.6: a-c-d", "24: a-b-d"],
    );
}

#[test]
fn parallel_relations_make_one_path_with_alternatives() {
    let spec = "a consult b\na demand b\nb aid a\nb consult c";
    check(spec, "a", "c", &k(10), &["2: a-b-c"]);
    let graph = graph(spec);
    let conflict = PathOptions {
        weight: Weight::Conflict,
        ..k(10)
    };
    let found = path(
        &graph,
        &"a".parse().unwrap(),
        &"c".parse().unwrap(),
        &conflict,
    )
    .unwrap();
    let hop = &found.paths[0].hops[0];
    assert_eq!(hop.relation.kind, crate::RelationKind::Demand);
    let also: Vec<&str> = hop.also.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(also, ["r0", "r2"]);
    // Hop 2 is walked backwards from the aid `b → a`? No: the first hop goes a → b.
    assert_eq!(hop.walk, Walk::Forward);
}

#[test]
fn undirected_by_default_directed_on_request() {
    let spec = "a consult b\nc demand b";
    check(spec, "a", "c", &PathOptions::default(), &["2: a-b-c"]);
    let graph = graph(spec);
    let found = path(
        &graph,
        &"a".parse().unwrap(),
        &"c".parse().unwrap(),
        &PathOptions::default(),
    )
    .unwrap();
    assert_eq!(found.paths[0].hops[1].walk, Walk::Backward);
    let directed = PathOptions {
        traversal: Traversal {
            directed: true,
            ..Traversal::default()
        },
        ..PathOptions::default()
    };
    let found = path(
        &graph,
        &"a".parse().unwrap(),
        &"c".parse().unwrap(),
        &directed,
    )
    .unwrap();
    assert!(found.paths.is_empty());
    assert_eq!(found.no_path, Some(NoPath::AgainstDirection));
}

#[test]
fn different_components_and_too_long() {
    let spec = "a consult b\nc consult d";
    let graph = graph(spec);
    let found = path(
        &graph,
        &"a".parse().unwrap(),
        &"d".parse().unwrap(),
        &PathOptions::default(),
    )
    .unwrap();
    assert_eq!(found.no_path, Some(NoPath::DifferentComponents));
    let graph = crate::testing::graph("a consult b\nb consult c\nc consult d");
    let all = PathOptions {
        search: Search::All { max_hops: 2 },
        ..PathOptions::default()
    };
    let found = path(&graph, &"a".parse().unwrap(), &"d".parse().unwrap(), &all).unwrap();
    assert_eq!(found.no_path, Some(NoPath::TooLong));
}

#[test]
fn via_about_links_subjects() {
    let spec = "a demand b about=s\nc trade s";
    check(spec, "a", "c", &PathOptions::default(), &[]);
    let about = PathOptions {
        traversal: Traversal {
            via_about: true,
            ..Traversal::default()
        },
        ..PathOptions::default()
    };
    check(spec, "a", "c", &about, &["2: a-s-c"]);
    check(spec, "b", "c", &about, &["2: b-s-c"]);
    let directed = PathOptions {
        traversal: Traversal {
            via_about: true,
            directed: true,
            ..Traversal::default()
        },
        ..PathOptions::default()
    };
    // Directed: only the actor who acts reaches the subject.
    check(
        "a demand b about=s\ns consult c",
        "a",
        "c",
        &directed,
        &["2: a-s-c"],
    );
    check("a demand b about=s\ns consult c", "b", "c", &directed, &[]);
}

#[test]
fn filters_and_avoid() {
    let by_class = |class| PathOptions {
        traversal: Traversal {
            filter: crate::filter::RelationFilter {
                classes: vec![class],
                ..Default::default()
            },
            ..Traversal::default()
        },
        ..k(5)
    };
    check(
        DIAMOND,
        "a",
        "d",
        &by_class(crate::Class::Conflict),
        &["2: a-c-d"],
    );
    check(
        DIAMOND,
        "a",
        "d",
        &by_class(crate::Class::Cooperation),
        &["1: a-d", "2: a-b-d"],
    );
    let avoid = PathOptions {
        traversal: Traversal {
            avoid: vec!["b".parse().unwrap()],
            ..Traversal::default()
        },
        ..k(5)
    };
    check(DIAMOND, "a", "d", &avoid, &["1: a-d", "2: a-c-d"]);
    let dated = "a consult b 2019\nb consult c 2021\na member_of c 2015..2018";
    let since = |date: &str| PathOptions {
        traversal: Traversal {
            filter: crate::filter::RelationFilter {
                since: Some(date.parse().unwrap()),
                ..Default::default()
            },
            ..Traversal::default()
        },
        ..k(5)
    };
    check(dated, "a", "c", &since("2018-06"), &["1: a-c", "2: a-b-c"]);
    check(dated, "a", "c", &since("2019"), &["2: a-b-c"]);
    check(dated, "a", "c", &since("2020"), &[]);
}

#[test]
fn dense_graphs_stop_at_the_time_budget() {
    // A complete graph on 14 actors holds about 10^9 simple paths between two of them.
    let names: Vec<String> = (0..14).map(|i| format!("n{i}")).collect();
    let mut spec = String::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            spec.push_str(&format!("{a} consult {b}\n"));
        }
    }
    let graph = graph(&spec);
    let (a, z) = ("n0".parse().unwrap(), "n13".parse().unwrap());
    let options = PathOptions {
        search: Search::All { max_hops: 13 },
        cap: usize::MAX / 2,
        time_budget: Some(Duration::from_millis(50)),
        ..PathOptions::default()
    };
    let found = path(&graph, &a, &z, &options).unwrap();
    assert!(found.timed_out);
    assert!(!found.paths.is_empty(), "what was found by then is kept");
    assert_eq!(found.paths[0].length, 1);
    let yen = PathOptions {
        search: Search::KShortest(usize::MAX / 4),
        ..options
    };
    assert!(path(&graph, &a, &z, &yen).unwrap().timed_out);
}

#[test]
fn caps_say_they_stopped() {
    // A ladder: many paths from a to z.
    let spec = "a consult x1\na consult y1\nx1 consult x2\ny1 consult y2\nx1 consult y1\n\
                x2 consult y2\nx2 consult z\ny2 consult z";
    let graph = graph(spec);
    let (a, z) = ("a".parse().unwrap(), "z".parse().unwrap());
    let all = PathOptions {
        search: Search::All { max_hops: 10 },
        ..PathOptions::default()
    };
    let every = path(&graph, &a, &z, &all).unwrap();
    assert!(!every.capped);
    let n = every.paths.len();
    assert_eq!(n, 8);
    let capped = path(
        &graph,
        &a,
        &z,
        &PathOptions {
            cap: 4,
            ..all.clone()
        },
    )
    .unwrap();
    assert!(capped.capped);
    assert_eq!(capped.paths.len(), 4);
    // Capped, --all still lists the shortest paths: by length, the first 4 of all 8.
    let lengths = |paths: &[Path]| paths.iter().map(|p| p.length).collect::<Vec<_>>();
    assert_eq!(lengths(&capped.paths), lengths(&every.paths[..4]));
    let exact = path(&graph, &a, &z, &PathOptions { cap: 8, ..all }).unwrap();
    assert!(!exact.capped);
    let yen = path(&graph, &a, &z, &PathOptions { cap: 3, ..k(50) }).unwrap();
    assert!(yen.capped);
    assert_eq!(yen.paths.len(), 3);
    let few = path(&graph, &a, &z, &PathOptions { cap: 3, ..k(2) }).unwrap();
    assert!(!few.capped);
}

#[test]
fn yen_agrees_with_brute_force() {
    // A small dense graph with parallel relations and mixed weights.
    let kinds = [
        "consult",
        "demand",
        "aid",
        "threaten",
        "criticize",
        "endorse",
    ];
    let mut spec = String::new();
    let mut state = 7_u64;
    for _ in 0..30 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (a, b) = ((state >> 33) % 8, (state >> 40) % 8);
        if a != b {
            spec += &format!(
                "n{a} {} n{b}\n",
                kinds[(state >> 50) as usize % kinds.len()]
            );
        }
    }
    let graph = graph(&spec);
    for weight in [Weight::Hops, Weight::Conflict] {
        for directed in [false, true] {
            let traversal = Traversal {
                directed,
                ..Traversal::default()
            };
            let all = PathOptions {
                traversal: traversal.clone(),
                weight,
                search: Search::All { max_hops: 10 },
                cap: 100_000,
                time_budget: None,
            };
            let (a, b) = ("n0".parse().unwrap(), "n7".parse().unwrap());
            let every = path(&graph, &a, &b, &all).unwrap();
            let yen = path(
                &graph,
                &a,
                &b,
                &PathOptions {
                    search: Search::KShortest(25),
                    ..all
                },
            )
            .unwrap();
            let costs = |paths: &[Path]| paths.iter().map(|p| p.cost).collect::<Vec<_>>();
            let expected = costs(&every.paths);
            assert_eq!(
                costs(&yen.paths),
                expected[..expected.len().min(25)],
                "{weight} {directed}"
            );
            let sequences: HashSet<Vec<&ActorId>> = yen
                .paths
                .iter()
                .map(|p| p.hops.iter().map(|h| h.to).collect())
                .collect();
            assert_eq!(sequences.len(), yen.paths.len(), "duplicate paths");
            for p in &yen.paths {
                let visited: HashSet<&ActorId> = p.hops.iter().map(|h| h.to).collect();
                assert_eq!(visited.len(), p.length, "a loop");
                assert!(p.hops.windows(2).all(|w| w[0].to == w[1].from));
            }
        }
    }
}

#[test]
fn bidirectional_search_finds_what_dijkstra_finds() {
    // Random sparse graphs, where ties between equally short routes abound: the
    // bidirectional search must pick the very route Dijkstra picks, bans included.
    let mut next = crate::testing::random(11);
    for round in 0..40 {
        let actors = 6 + next(20);
        let mut spec = String::new();
        for _ in 0..actors * 2 {
            let (a, b, s) = (next(actors), next(actors), next(actors));
            if a != b {
                let about = if next(4) == 0 {
                    format!(" about=n{s}")
                } else {
                    String::new()
                };
                spec += &format!("n{a} consult n{b}{about}\n");
            }
        }
        let graph = graph(&spec);
        for (directed, via_about) in [(false, false), (true, false), (false, true), (true, true)] {
            let traversal = Traversal {
                directed,
                via_about,
                ..Traversal::default()
            };
            let view = View::new(&graph, &traversal, |r| Weight::Hops.milli(r));
            let n = view.len();
            for start in 0..n {
                for end in (0..n).filter(|&end| end != start) {
                    let bans = if round % 2 == 1 {
                        random_bans(&mut next, &view, start, end)
                    } else {
                        Bans::default()
                    };
                    assert_eq!(
                        fewest_hops(&view, start, end, &bans),
                        dijkstra(&view, start, end, &bans),
                        "{spec} {start}→{end} directed {directed} about {via_about}"
                    );
                }
            }
        }
    }
}

/// A random actor (never `start` or `end`) and a random link banned, as Yen's spur
/// searches ban them.
fn random_bans(next: &mut impl FnMut(u64) -> u64, view: &View, start: usize, end: usize) -> Bans {
    let n = view.len() as u64;
    let actor = next(n) as usize;
    let actors = [actor].into_iter().filter(|&x| x != start && x != end);
    let a = next(n) as usize;
    let links = view.links(a).first().map(|link| (a, link.to)).into_iter();
    Bans::new(actors, links)
}

#[test]
fn projected_and_linked_searches_agree() {
    // Random graphs with parallel relations both ways between the same actors: searches
    // over the graph's projection find exactly what searches over built links find.
    let mut next = crate::testing::random(13);
    for round in 0..40 {
        let actors = 5 + next(20);
        let kinds = ["consult", "demand", "aid"];
        let spec = crate::testing::random_spec(&mut next, actors, actors * 3, &kinds);
        let graph = graph(&spec);
        let traversal = Traversal::default();
        let projected = View::uniform(&graph, &traversal, 1000);
        let linked = View::new(&graph, &traversal, |r| Weight::Hops.milli(r));
        let n = linked.len();
        let budget = Budget::new(None);
        for start in 0..n {
            assert_eq!(
                projected.distances(start, false, usize::MAX),
                linked.distances(start, false, usize::MAX),
                "{spec} {start}"
            );
            for end in (0..n).filter(|&end| end != start) {
                let bans = if round % 2 == 1 {
                    random_bans(&mut next, &linked, start, end)
                } else {
                    Bans::default()
                };
                assert_eq!(
                    fewest_hops(&projected, start, end, &bans),
                    fewest_hops(&linked, start, end, &bans),
                    "{spec} {start}→{end}"
                );
                assert_eq!(
                    k_shortest(&projected, start, end, 4, true, &budget),
                    k_shortest(&linked, start, end, 4, true, &budget),
                    "{spec} {start}→{end} k"
                );
            }
        }
    }
}

#[test]
fn bad_requests_are_errors() {
    let graph = graph(DIAMOND);
    let (a, d) = ("a".parse().unwrap(), "d".parse().unwrap());
    assert!(path(&graph, &a, &a, &PathOptions::default()).is_err());
    assert!(path(&graph, &a, &d, &k(0)).is_err());
    let avoid = PathOptions {
        traversal: Traversal {
            avoid: vec![a.clone()],
            ..Traversal::default()
        },
        ..PathOptions::default()
    };
    assert!(path(&graph, &a, &d, &avoid).is_err());
    assert!(path(
        &graph,
        &a,
        &"nobody".parse().unwrap(),
        &PathOptions::default()
    )
    .is_err());
}
