"""Reliability fixtures: real ``sahelkg serve`` processes (gunicorn; ``tests/serverproc.py``) over
stores we can rebuild, break or fill up, and the external Virtuoso of ``tests/external`` for the backend tests.

Every server here listens on 127.0.0.1 only; every load loop is bounded in count and time.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared server process helper
from serverproc import ROOT, SAHELKG, Server, free_port, run_cli  # noqa: E402,F401

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# The Virtuoso fixture of tests/external, reused as is (one definition of how to start it).
_spec = importlib.util.spec_from_file_location("sahelkg_tests_external_conftest", ROOT / "tests/external/conftest.py")
_external = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _external  # dataclasses look their module up there
_spec.loader.exec_module(_external)
virtuoso = _external.virtuoso


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    """An empty data folder (store, corpus) for one test."""
    d = tmp_path / "data"
    d.mkdir()
    return d


def build_into(data: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli("--data", str(data), "build", *extra, env=env)


@pytest.fixture(scope="session")
def built_seed_data(tmp_path_factory) -> Path:
    """A data folder whose store holds the seed letters (built once; copy it before changing it)."""
    d = tmp_path_factory.mktemp("rel-seed") / "data"
    d.mkdir()
    done = build_into(d)
    assert done.returncode == 0, done.stderr
    return d


@pytest.fixture()
def seed_copy(built_seed_data, tmp_path) -> Path:
    """A private copy of the seed data folder (the build cache comes along, so rebuilds are quick)."""
    d = tmp_path / "data"
    shutil.copytree(built_seed_data, d, symlinks=True)
    return d
