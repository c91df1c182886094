"""Shared fixtures: the seed graph is built once per session into a temporary on-disk store."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahelkg.config import load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """Settings whose data folder is a fresh temporary directory (no added letters)."""
    data = tmp_path_factory.mktemp("sahelkg-data")
    return load_settings(data_dir=str(data))


@pytest.fixture(scope="session")
def seed_store_path(seed_settings) -> Path:
    """An on-disk store built from the five seed letters (built once per test session).

    A versioned store (``<store>/current -> versions/<id>``): open it with
    ``sahelkg.graph.open_current(path)`` or ``open_store(path, read_only=True)``; the current
    version's directory, a plain Oxigraph store, is ``sahelkg.graph.store.current_dir(path)``.
    If a seed letter fails to extract, the store holds the others and a warning says which
    (tests/graph checks that every seed letter is there).
    """
    import warnings

    from sahelkg.graph.build import BuildFailed, build

    try:
        build(seed_settings, full=True, echo=lambda msg: None)
    except BuildFailed as e:
        warnings.warn(f"seed store built without some letters: {'; '.join(e.report.errors)}", stacklevel=1)
    return seed_settings.store
