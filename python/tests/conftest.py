"""Shared fixtures: the built-in graph and the dipgraph command line, to compare answers."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import dipgraph

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seed() -> dipgraph.Graph:
    return dipgraph.load()


def _binary() -> Path | None:
    given = os.environ.get("DIPGRAPH_BIN")
    if given:
        return Path(given)
    for profile in ("debug", "release"):
        path = ROOT / "target" / profile / "dipgraph"
        if path.exists():
            return path
    return None


@pytest.fixture(scope="session")
def cli() -> Any:
    """Runs the dipgraph binary with `--format json` and returns what it printed, parsed.
    Skips when the binary is not built (`cargo build`), but fails under CI."""
    binary = _binary()
    if binary is None or not binary.exists():
        if os.environ.get("CI"):
            pytest.fail("the dipgraph binary is not built: run `cargo build` first")
        pytest.skip("the dipgraph binary is not built: run `cargo build`")

    def run(*args: str) -> Any:
        done = subprocess.run(
            [str(binary), *args, "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
        # 1 is "nothing matched", still an answer.
        assert done.returncode in (0, 1), done.stderr
        return json.loads(done.stdout)

    return run
