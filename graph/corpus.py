"""The letters a build reads: every seed letter plus the letters added with ``sahelkg add``."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sahelkg.config import Settings
from sahelkg.errors import LetterError
from sahelkg.resources import SEED_SUFFIXES, seed_letters
from sahelkg.namespaces import safe_name


@dataclass(frozen=True)
class LetterSource:
    """One letter file. ``name`` (the file stem) names its IRIs and graph; ``sha256`` is of the file's bytes."""

    name: str
    path: str
    size: int
    mtime_ns: int
    sha256: str


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def corpus_files(settings: Settings) -> list[Path]:
    """Seed letters, then added letters (name order); later files never shadow earlier names."""
    return seed_letters() + [Path(e.path) for e in _added(settings)]


def _added(settings: Settings) -> list[os.DirEntry]:
    """The letters added with ``sahelkg add``, in name order (one ``scandir`` pass, no per-file Path work)."""
    try:
        with os.scandir(settings.corpus) as it:
            found = [e for e in it if not e.name.startswith(".") and os.path.splitext(e.name)[1].lower() in SEED_SUFFIXES
                     and e.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(found, key=lambda e: e.name)


def list_letters(settings: Settings, previous: dict | None = None) -> tuple[list[LetterSource], list[str]]:
    """The corpus as :class:`LetterSource` records, and warnings (duplicate names).

    ``previous`` maps letter name -> record of the last build (``path``, ``size``, ``mtime_ns``,
    ``sha256``); a file whose path, size and mtime are unchanged keeps its recorded hash instead of
    being read again (as git's index does). Only new or touched files are read.
    """
    previous = previous or {}
    letters: dict[str, LetterSource] = {}
    warnings = []
    files = [(p.stem, str(p), p.name) for p in seed_letters()]
    files += [(os.path.splitext(e.name)[0], e.path, e.name) for e in _added(settings)]
    for stem, path, fname in files:
        name = safe_name(stem)
        if name in letters:
            warnings.append(f"{path}: a letter named {name!r} is already in the corpus ({letters[name].path}); skipped")
            continue
        try:
            st = os.stat(path)
        except OSError as e:
            raise LetterError(f"cannot read: {e.strerror}", where=path) from None
        prev = previous.get(name)
        if prev and prev.get("path") == path and prev.get("size") == st.st_size and prev.get("mtime_ns") == st.st_mtime_ns:
            sha = prev["sha256"]
        else:
            try:
                sha = file_sha256(path)
            except OSError as e:
                raise LetterError(f"cannot read: {e.strerror}", where=path) from None
        letters[name] = LetterSource(name, path, st.st_size, st.st_mtime_ns, sha)
    return list(letters.values()), warnings


def default_workers() -> int:
    """Processes for extraction: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
