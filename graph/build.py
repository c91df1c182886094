"""``sahelkg build``: every letter in the corpus -> extraction -> one store."""

from __future__ import annotations

from pathlib import Path

from sahelkg.config import Settings
from sahelkg.extract import extract_path, to_quads
from sahelkg.graph.store import open_store
from sahelkg.resources import seed_letters


def corpus_letters(settings: Settings) -> list[Path]:
    added = sorted(p for p in settings.corpus.glob("*") if p.is_file()) if settings.corpus.is_dir() else []
    return seed_letters() + added


def build(settings: Settings, full: bool = False) -> dict:
    store = open_store(settings.store)
    store.clear()
    quads = []
    for path in corpus_letters(settings):
        quads.extend(to_quads(extract_path(path), settings.base_iri))
    store.bulk_extend(quads)
    store.flush()
    return {"letters": len(corpus_letters(settings)), "quads": len(quads)}
