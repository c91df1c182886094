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
    """An on-disk store built from the five seed letters (built once per test session)."""
    from sahelkg.graph.build import build

    build(seed_settings, full=True)
    return seed_settings.store
