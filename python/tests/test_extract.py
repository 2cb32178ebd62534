"""Extraction: `dipgraph.extract` and `Graph.extract` return what `dipgraph extract --format
json` prints for the same article, metadata and base."""

from __future__ import annotations

import datetime
import json
import pickle
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import dipgraph

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "tests" / "fixtures" / "extract" / "article.txt"
EMPTY = {"sources": [], "actors": [], "relations": []}


@pytest.fixture(scope="module")
def text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def kinds(draft: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(r["from"], r["kind"], r["to"]) for r in draft["relations"]}


def test_extract_equals_the_cli_json(text: str, cli: Any) -> None:
    expected = cli("extract", str(ARTICLE), "--published", "2024-05-04")
    found = dipgraph.extract(text, name=str(ARTICLE), published="2024-05-04")
    assert found == expected
    assert ("greece", "criticize", "turkey") in kinds(found)
    assert found["sources"][0]["publisher"] == "Reuters"


def test_every_flag_has_its_keyword(text: str, cli: Any) -> None:
    expected = cli(
        "extract",
        str(ARTICLE),
        "--published",
        "2024-05-04",
        "--publisher",
        "Agency",
        "--url",
        "https://example.org/a",
        "--title",
        "A title",
        "--id",
        "my-article",
        "--min-confidence",
        "0.75",
    )
    found = dipgraph.extract(
        text,
        published=datetime.date(2024, 5, 4),
        publisher="Agency",
        url="https://example.org/a",
        title="A title",
        id="my-article",
        min_confidence=0.75,
    )
    assert found == expected
    [source] = found["sources"]
    assert source == {
        "id": "my-article",
        "title": "A title",
        "publisher": "Agency",
        "url": "https://example.org/a",
        "published": "2024-05-04",
    }
    confidences = [e["confidence"] for r in found["relations"] for e in r["evidence"]]
    assert confidences and min(max(confidences), 1.0) >= 0.75
    everything = dipgraph.extract(text, published="2024-05-04")
    assert len(everything["relations"]) > len(found["relations"])


def test_graph_extract_uses_that_graph_as_base(
    text: str, cli: Any, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(EMPTY))
    expected = cli("--data", str(empty), "extract", str(ARTICLE), "--published", "2024-05-04")
    base = dipgraph.load(empty)
    found = base.extract(text, name=str(ARTICLE), published="2024-05-04")
    assert found == expected
    # Over an empty base, every actor is new and written into the draft; over the
    # built-in dataset, Turkey is already there and only cited.
    assert "turkey" in {a["id"] for a in found["actors"]}
    over_seed = dipgraph.extract(text, name=str(ARTICLE), published="2024-05-04")
    assert "turkey" not in {a["id"] for a in over_seed["actors"]}
    # Either way the draft checks with its base.
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(found))
    both = dipgraph.load(empty, draft)
    assert len(both.relations()) == len(found["relations"])


def test_new_ids_differ_from_the_base(text: str, tmp_path: Path) -> None:
    first = dipgraph.extract(text, published="2024-05-04")
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(first))
    again = dipgraph.load(ROOT / "data", draft).extract(text, published="2024-05-04")
    assert again["sources"][0]["id"] == "article-2"
    assert not {r["id"] for r in again["relations"]} & {r["id"] for r in first["relations"]}


def test_empty_text_is_an_empty_draft_with_a_warning(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert cli("extract", str(empty)) == EMPTY
    with pytest.warns(UserWarning, match="no date in the article"):
        assert dipgraph.extract("") == EMPTY
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dipgraph.extract("   \n", published="2021") == EMPTY


def test_bad_arguments(text: str, seed: dipgraph.Graph) -> None:
    with pytest.raises(TypeError):
        dipgraph.extract(text.encode())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        seed.extract(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        seed.extract(text, dated="2021")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        seed.extract(text, "article")  # type: ignore[misc]
    with pytest.raises(ValueError, match="date"):
        dipgraph.extract(text, published="2021-02-30")
    with pytest.raises(ValueError, match="id"):
        dipgraph.extract(text, id="Not an id")
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="min_confidence"):
            dipgraph.extract(text, min_confidence=bad)
    with pytest.raises(ValueError, match="limit"):
        seed.extract("a" * (16 << 20) + "a", published="2021")


def test_threads_share_the_extractor(text: str, seed: dipgraph.Graph) -> None:
    # A fresh graph, so that several threads ask for the extractor before it is built.
    graph = pickle.loads(pickle.dumps(seed))
    with ThreadPoolExecutor(max_workers=4) as pool:
        drafts = list(
            pool.map(lambda _: graph.extract(text, published="2024-05-04"), range(8))
        )
    assert drafts[0]["relations"]
    assert all(draft == drafts[0] for draft in drafts)
    assert graph.extract(text, published="2024-05-04") == drafts[0]
