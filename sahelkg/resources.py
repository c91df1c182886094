"""Where the package data lives: the ontology files and the seed letters, checkout or wheel alike."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SEED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


def ontology_dir() -> Path:
    return Path(str(files("sahelkg.ontology")))


def ontology_file() -> Path:
    """The ontology's source of truth, in Turtle."""
    return ontology_dir() / "sahelkg.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    """The competency questions, one SPARQL file each."""
    return ontology_dir() / "queries"


def seeds_dir() -> Path:
    return Path(str(files("sahelkg.seeds")))


def seed_letters() -> list[Path]:
    """The letters the product ships with, in name order."""
    return sorted(p for p in seeds_dir().iterdir() if p.suffix.lower() in SEED_SUFFIXES)


def seed_index() -> Path:
    return seeds_dir() / "index.yaml"
