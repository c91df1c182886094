"""Fixtures for graph tests: a data folder with synthetic letters added to the seeds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sahelkg.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic_letters import generate  # noqa: E402


@pytest.fixture
def make_settings(tmp_path):
    """``make_settings(n)``: settings on a fresh data folder whose corpus holds ``n`` synthetic letters."""

    def make(n: int = 3, seed: int = 7, name: str = "data"):
        data = tmp_path / name
        if n:
            generate(data / "corpus", n, seed)
        else:
            data.mkdir(parents=True, exist_ok=True)
        return load_settings(data_dir=str(data))

    return make
