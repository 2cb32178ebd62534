"""Every query answers exactly what the CLI prints with `--format json`."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import dipgraph

# (CLI arguments, the same question in Python)
CASES: list[tuple[list[str], Callable[[dipgraph.Graph], Any]]] = [
    (["path", "Erdogan", "Biden"], lambda g: g.path("Erdogan", "Biden")),
    (["path", "Turkey", "PKK", "--k", "3"], lambda g: g.path("Turkey", "PKK", k=3)),
    (
        ["path", "Turkey", "PKK", "--all", "--max-hops", "3", "--weight", "conflict"],
        lambda g: g.path("Turkey", "PKK", all=True, max_hops=3, weight="conflict"),
    ),
    (
        ["path", "Turkey", "S-400", "--directed", "--via-about", "--avoid", "Russia"],
        lambda g: g.path("Turkey", "S-400", directed=True, via_about=True, avoid="Russia"),
    ),
    (
        ["path", "Pentagon", "Russia", "--kind", "demand,promise", "--since", "2021"],
        lambda g: g.path("Pentagon", "Russia", kinds=["demand", "promise"], since="2021"),
    ),
    (
        ["path", "Turkey", "PKK", "--class", "conflict", "--weight", "cooperation"],
        lambda g: g.path("Turkey", "PKK", classes="conflict", weight="cooperation"),
    ),
    (["neighbors", "Turkey"], lambda g: g.neighbors("Turkey")),
    (
        ["neighbors", "Kalin", "--hops", "2", "--directed"],
        lambda g: g.neighbors("Kalin", hops=2, directed=True),
    ),
    (["dyad", "Turkey", "US"], lambda g: g.dyad("Turkey", "US")),
    (
        ["dyad", "Turkey", "US", "--class", "conflict", "--until", "2021-03"],
        lambda g: g.dyad("Turkey", "US", classes=["conflict"], until="2021-03"),
    ),
    (["balance"], lambda g: g.balance()),
    (["balance", "--open", "--limit", "3"], lambda g: g.balance(open=True, limit=3)),
    (["balance", "--actor", "Turkey"], lambda g: g.balance(actor="Turkey")),
    (["rank"], lambda g: g.rank()),
    (["rank", "--by", "pagerank"], lambda g: g.rank(by="pagerank")),
    (
        ["rank", "--by", "betweenness", "--top", "5", "--directed"],
        lambda g: g.rank(by="betweenness", top=5, directed=True),
    ),
]


@pytest.mark.parametrize(
    ("args", "ask"), CASES, ids=[" ".join(args) for args, _ in CASES]
)
def test_answers_equal_the_cli_json(
    seed: dipgraph.Graph, cli: Any, args: list[str], ask: Callable[[dipgraph.Graph], Any]
) -> None:
    expected = cli(*args)
    assert ask(seed) == expected
    assert expected, "an empty answer proves nothing"


def test_path_has_hops_with_evidence(seed: dipgraph.Graph) -> None:
    found = seed.path("Erdogan", "Biden")
    assert found["from"] == "recep-tayyip-erdogan" and found["to"] == "joe-biden"
    hops = found["paths"][0]["hops"]
    assert hops and all(hop["relation"]["evidence"] for hop in hops)


def test_actors_and_relations_follow_the_json_export(
    seed: dipgraph.Graph, tmp_path: Any
) -> None:
    import json

    seed.export(tmp_path / "seed.json")
    exported = json.loads((tmp_path / "seed.json").read_text())
    assert sorted(seed.actors(), key=lambda a: a["id"]) == sorted(
        exported["actors"], key=lambda a: a["id"]
    )
    assert sorted(seed.relations(), key=lambda r: r["id"]) == sorted(
        exported["relations"], key=lambda r: r["id"]
    )
    assert seed.sources() == exported["sources"]


def test_bad_arguments_are_value_errors(seed: dipgraph.Graph) -> None:
    with pytest.raises(ValueError, match="max-hops"):
        seed.path("Turkey", "PKK", all=True)
    with pytest.raises(ValueError, match="one of k and all"):
        seed.path("Turkey", "PKK", k=2, all=True, max_hops=2)
    with pytest.raises(ValueError, match="expected one of"):
        seed.path("Turkey", "PKK", weight="shortest")
    with pytest.raises(ValueError, match="relation kind"):
        seed.dyad("Turkey", "US", kinds=["demnd"])
    with pytest.raises(ValueError, match="date"):
        seed.dyad("Turkey", "US", since="2021-02-30")
    with pytest.raises(ValueError, match="time budget"):
        seed.path("Turkey", "PKK", k=2, time_budget=0)
    with pytest.raises(ValueError, match="different actors"):
        seed.path("Turkey", "Ankara")
