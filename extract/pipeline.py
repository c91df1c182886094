"""The extraction pipeline: the steps in order, each a pure function (see ``model.py``)."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path

from sahelkg.extract.model import Extraction, Letter
from sahelkg.extract.read import read_letter


def _extractor_version() -> str:
    """A hash of the extractor's code and data: a change here invalidates every cached extraction."""
    h = hashlib.sha256()
    root = Path(str(files("sahelkg.extract")))
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".yaml", ".json", ".txt"} and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


EXTRACTOR_VERSION = _extractor_version()


def extract_letter(letter: Letter) -> Extraction:
    """Run every step on one letter. Pure: the same letter always gives the same extraction."""
    return Extraction(letter=letter, facts=(), entities=(), warnings=letter.warnings)


def extract_path(path: str | Path, name: str | None = None) -> Extraction:
    """Read ``path`` and extract it. Raises :class:`sahelkg.errors.LetterError` for unreadable letters."""
    return extract_letter(read_letter(path, name=name))
