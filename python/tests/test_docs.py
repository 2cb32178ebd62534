"""The notebook session in docs/python.md is real: run it as a doctest."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "python.md"


def test_the_notebook_session_runs() -> None:
    pytest.importorskip("networkx")
    pytest.importorskip("pandas")
    failed, attempted = doctest.testfile(
        str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert attempted >= 10
    assert failed == 0
