"""Loading, errors, conversions, pickling and threads."""

from __future__ import annotations

import copy
import json
import math
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import dipgraph

# Every field of every item set: an event (date) and a standing relation (since, until).
EVERY_FIELD: dict[str, Any] = {
    "sources": [
        {
            "id": "src",
            "title": "A title",
            "publisher": "A publisher",
            "url": "https://example.org/article",
            "published": "2021-03-08",
        }
    ],
    "actors": [
        {
            "id": "alpha",
            "name": "Alpha",
            "kind": "state",
            "aliases": ["Al", "The A"],
            "country": "TUR",
            "description": "the first",
        },
        {
            "id": "beta",
            "name": "Beta",
            "kind": "armed_group",
            "aliases": ["Be"],
            "country": "SYR",
            "description": "the second",
        },
        {
            "id": "gamma",
            "name": "Gamma",
            "kind": "international_organization",
            "aliases": ["Ga"],
            "country": "BEL",
            "description": "the third",
        },
    ],
    "relations": [
        {
            "id": "alpha-demands-of-beta",
            "from": "alpha",
            "to": "beta",
            "kind": "demand",
            "date": "2021-03-08",
            "about": ["gamma"],
            "claimed_by": "gamma",
            "intensity": -4.5,
            "evidence": [
                {
                    "source": "src",
                    "quote": "a few words",
                    "note": "a paraphrase",
                    "confidence": 0.75,
                    "span": {"start": 3, "end": 14},
                }
            ],
            "counts": {"events": 2, "mentions": 3, "sources": 4, "articles": 5},
        },
        {
            "id": "alpha-member-of-gamma",
            "from": "alpha",
            "to": "gamma",
            "kind": "member_of",
            "since": "1952",
            "until": "2030-01",
            "about": ["beta"],
            "claimed_by": "beta",
            "intensity": 2.5,
            "evidence": [
                {"source": "src", "quote": "member", "note": "one"},
                {
                    "source": "src",
                    "quote": "since",
                    "note": "two",
                    "confidence": 0.5,
                    "span": {"start": 20, "end": 25},
                },
            ],
            "counts": {"events": 1, "mentions": 1, "sources": 1, "articles": 1},
        },
    ],
}

# Text that breaks naive writers and readers.
HOSTILE = [
    'Say "hi" \\ back\\slash',
    "<script>alert(1)</script> & <b>bold</b>",
    "line one\nline two\r\nline three\ttab",
    "CDATA ]]> end <![CDATA[ x",
    '=HYPERLINK("http://evil.example","click")',
    "İbrahim Kalın, Erdoğan; ışık 🚀",
    "{'dict': None} %s {0} $(rm -rf) `x`",
]


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def every_field(tmp_path: Path) -> dipgraph.Graph:
    return dipgraph.load(write(tmp_path / "every.json", EVERY_FIELD))


@pytest.fixture()
def hostile(tmp_path: Path) -> tuple[dipgraph.Graph, dict[str, Any]]:
    data = copy.deepcopy(EVERY_FIELD)
    for actor, text in zip(data["actors"], HOSTILE):
        actor["name"] = text
        actor["aliases"] = [text + " alias"]
        actor["description"] = text
    for relation, text in zip(data["relations"], HOSTILE[3:]):
        relation["evidence"][0]["note"] = text
        relation["evidence"][0]["quote"] = text
    data["sources"][0]["title"] = HOSTILE[-1]
    return dipgraph.load(write(tmp_path / "hostile.json", data)), data


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def test_load_reads_files_and_directories(tmp_path: Path) -> None:
    write(tmp_path / "every.json", EVERY_FIELD)
    from_dir = dipgraph.load(tmp_path)
    from_file = dipgraph.load(str(tmp_path / "every.json"))
    assert from_dir.actors() == from_file.actors() == EVERY_FIELD["actors"]
    seed_dir = Path(__file__).resolve().parents[2] / "data"
    assert dipgraph.load(seed_dir).relations() == dipgraph.load().relations()


def test_actors_and_relations_hold_every_field(every_field: dipgraph.Graph) -> None:
    assert every_field.actors() == EVERY_FIELD["actors"]
    assert by_id(every_field.relations()) == by_id(EVERY_FIELD["relations"])
    assert every_field.sources() == EVERY_FIELD["sources"]


def test_to_networkx_carries_every_field(every_field: dipgraph.Graph) -> None:
    networkx = pytest.importorskip("networkx")
    graph = every_field.to_networkx()
    assert isinstance(graph, networkx.MultiDiGraph)
    assert dict(graph.nodes(data=True)) == by_id(EVERY_FIELD["actors"])
    edges = {key: (u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)}
    assert edges == {
        r["id"]: (r["from"], r["to"], r) for r in EVERY_FIELD["relations"]
    }
    assert graph.graph["sources"] == EVERY_FIELD["sources"]
    assert edges["alpha-member-of-gamma"][2]["evidence"][1] == {
        "source": "src",
        "quote": "since",
        "note": "two",
        "confidence": 0.5,
        "span": {"start": 20, "end": 25},
    }


def test_to_networkx_agrees_with_rank(seed: dipgraph.Graph) -> None:
    pytest.importorskip("networkx")
    graph = seed.to_networkx()
    assert graph.number_of_nodes() == len(seed.actors())
    assert graph.number_of_edges() == len(seed.relations())
    degree = {r["actor"]: r["score"] for r in seed.rank(by="degree")["actors"]}
    assert degree == {node: float(d) for node, d in graph.degree()}


def test_to_pandas_carries_every_field(every_field: dipgraph.Graph) -> None:
    pytest.importorskip("pandas")
    actors, relations = every_field.to_pandas()
    assert actors.to_dict("records") == EVERY_FIELD["actors"]
    # A field one relation leaves out (an event's `since`) is missing, NaN, in its row.
    rows = [
        {k: v for k, v in row.items() if not (isinstance(v, float) and math.isnan(v))}
        for row in relations.to_dict("records")
    ]
    assert by_id(rows) == by_id(EVERY_FIELD["relations"])
    for column in ("from", "to", "kind", "date", "since", "until", "evidence", "counts"):
        assert column in relations.columns


def test_to_pandas_of_the_seed_has_one_row_per_item(seed: dipgraph.Graph) -> None:
    pytest.importorskip("pandas")
    actors, relations = seed.to_pandas()
    assert len(actors) == len(seed.actors()) and len(relations) == len(seed.relations())
    assert set(relations["from"]) <= set(actors["id"])


def test_hostile_text_round_trips(
    hostile: tuple[dipgraph.Graph, dict[str, Any]], tmp_path: Path
) -> None:
    graph, data = hostile
    assert graph.actors() == data["actors"]
    assert by_id(graph.relations()) == by_id(data["relations"])
    assert graph.sources() == data["sources"]
    again = pickle.loads(pickle.dumps(graph))
    assert again.actors() == data["actors"]
    graph.export(tmp_path / "again.json")
    assert dipgraph.load(tmp_path / "again.json").actors() == data["actors"]
    found = graph.path(HOSTILE[0], HOSTILE[1])
    assert found["paths"][0]["hops"][0]["relation"]["evidence"][0]["note"] == HOSTILE[3]


def test_hostile_text_reaches_networkx_and_pandas(
    hostile: tuple[dipgraph.Graph, dict[str, Any]],
) -> None:
    pytest.importorskip("networkx")
    pytest.importorskip("pandas")
    graph, data = hostile
    nodes = graph.to_networkx().nodes
    assert [nodes[a["id"]]["name"] for a in data["actors"]] == HOSTILE[:3]
    actors, relations = graph.to_pandas()
    assert list(actors["description"]) == HOSTILE[:3]
    notes = [e[0]["note"] for e in relations.sort_values("id")["evidence"]]
    assert notes == [HOSTILE[3], HOSTILE[4]]


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ron"
    bad.write_text('(\n  actors: [\n    (id: "x", name: "X", kind: stat),\n  ],\n)\n')
    with pytest.raises(dipgraph.DataError) as caught:
        dipgraph.load(bad)
    assert isinstance(caught.value, ValueError)
    assert f"{bad}:3:" in str(caught.value)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic["path"] == str(bad)
    assert diagnostic["line"] == 3
    assert diagnostic["col"] >= 1
    assert diagnostic["severity"] == "error"
    assert "stat" in diagnostic["message"]


def test_every_check_error_is_listed_with_its_line(tmp_path: Path) -> None:
    data = copy.deepcopy(EVERY_FIELD)
    data["relations"][0]["to"] = "nobody"
    data["relations"][1]["claimed_by"] = "no-one"
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(data, indent=2))
    with pytest.raises(dipgraph.DataError) as caught:
        dipgraph.load(path)
    errors = [d for d in caught.value.diagnostics if d["severity"] == "error"]
    assert len(errors) == 2
    assert all(d["path"] == str(path) and d["line"] > 1 for d in errors)
    assert any("nobody" in d["message"] for d in errors)
    assert any("no-one" in d["message"] for d in errors)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(dipgraph.DataError) as caught:
        dipgraph.load(tmp_path / "absent.ron")
    assert caught.value.diagnostics[0]["path"] == str(tmp_path / "absent.ron")
    with pytest.raises(dipgraph.DataError, match="fake.dgsnap"):
        dipgraph.load(write(tmp_path / "fake.dgsnap", {}))


def test_a_typo_suggests_the_actor(seed: dipgraph.Graph) -> None:
    with pytest.raises(dipgraph.UnknownActorError) as caught:
        seed.path("Turky", "PKK")
    assert isinstance(caught.value, LookupError)
    assert "did you mean: Turkey" in str(caught.value)
    assert caught.value.suggestions[0].startswith("Turkey")
    for ask in (
        lambda: seed.neighbors("Erdgan"),
        lambda: seed.dyad("Turkey", "Rusia"),
        lambda: seed.balance(actor="Turky"),
        lambda: seed.rank(avoid=["Turky"]),
        lambda: seed.path("Turkey", "PKK", avoid="Rusia"),
    ):
        with pytest.raises(dipgraph.UnknownActorError) as caught:
            ask()
        assert caught.value.suggestions


def test_pickle_round_trips(seed: dipgraph.Graph) -> None:
    again = pickle.loads(pickle.dumps(seed))
    assert isinstance(again, dipgraph.Graph)
    assert again.actors() == seed.actors()
    assert again.relations() == seed.relations()
    assert again.sources() == seed.sources()
    assert again.path("Erdogan", "Biden") == seed.path("Erdogan", "Biden")
    assert repr(copy.deepcopy(seed)) == repr(seed)


def test_a_damaged_pickle_is_a_data_error(seed: dipgraph.Graph) -> None:
    function, (data,) = seed.__reduce__()
    with pytest.raises(dipgraph.DataError):
        function(data[: len(data) // 2])


def test_graphs_are_immutable(seed: dipgraph.Graph) -> None:
    with pytest.raises((AttributeError, TypeError)):
        seed.anything = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        dipgraph.Graph()  # type: ignore[call-arg]


def test_threads_share_a_graph(seed: dipgraph.Graph) -> None:
    expected = seed.path("Turkey", "PKK", k=5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: seed.path("Turkey", "PKK", k=5), range(16)))
    assert all(answer == expected for answer in answers)


def test_repr_summarises(seed: dipgraph.Graph) -> None:
    n_actors, n_relations = len(seed.actors()), len(seed.relations())
    assert repr(seed) == f"<dipgraph.Graph: {n_actors} actors, {n_relations} relations, 1 source>"
    html = seed._repr_html_()
    assert html.startswith("<div>") and "<table>" in html and "demand" in html


@pytest.mark.parametrize(
    "name", ["g.dot", "g.gv", "g.json", "g.ron", "g.graphml", "g.nt", "g.mmd"]
)
def test_export_by_extension(seed: dipgraph.Graph, tmp_path: Path, name: str) -> None:
    seed.export(tmp_path / name)
    assert (tmp_path / name).stat().st_size > 0


def test_export_formats_by_name(seed: dipgraph.Graph, tmp_path: Path) -> None:
    seed.export(tmp_path / "neo4j", format="csv")
    assert len(list((tmp_path / "neo4j").iterdir())) == 2
    seed.export(tmp_path / "graph.txt", format="graphml")
    assert "<graphml" in (tmp_path / "graph.txt").read_text()
    with pytest.raises(ValueError, match="format"):
        seed.export(tmp_path / "graph.unknown")
    with pytest.raises(ValueError, match="export format"):
        seed.export(tmp_path / "graph.txt", format="docx")
    with pytest.raises(OSError):
        seed.export(tmp_path / "no" / "such" / "dir" / "g.json")
    with pytest.raises(ValueError, match="to_parquet"):
        seed.export(tmp_path / "graph", format="parquet")
    assert not (tmp_path / "graph").exists()


def test_a_snapshot_from_the_cli_loads(seed: dipgraph.Graph, cli: Any, tmp_path: Path) -> None:
    from conftest import _binary

    snapshot = tmp_path / "seed.dgsnap"
    subprocess.run([str(_binary()), "snapshot", "-o", str(snapshot)], check=True)
    assert dipgraph.load(snapshot).relations() == seed.relations()


def test_networkx_and_pandas_are_imported_only_when_used() -> None:
    script = (
        "import sys, dipgraph\n"
        "g = dipgraph.load()\n"
        "g.path('Turkey', 'PKK'); g.rank(); g.actors()\n"
        "assert 'networkx' not in sys.modules and 'pandas' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
