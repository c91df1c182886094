"""``sahelkg add FILE``: copy a letter into the corpus, build incrementally, report what was found.

A letter whose text (after reading: the same ``Letter.sha256``) is already in the graph is
recognised and not loaded twice. A new letter keeps its file stem as name unless that name is
taken, then ``<stem>-<first 8 hex of its text hash>``. If the letter cannot be extracted, the copy
is removed again and nothing changes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from sahelkg.config import Settings
from sahelkg.errors import LetterError
from sahelkg.graph.build import BuildFailed, build
from sahelkg.graph.corpus import corpus_files
from sahelkg.graph.records import letters_of
from sahelkg.graph.versions import StoreLayout, fsync_dir
from sahelkg.resources import SEED_SUFFIXES
from sahelkg.namespaces import safe_name


def add_letter(settings: Settings, path: str | Path, *, workers: int | None = None, echo=None) -> dict:
    """Add one letter. Returns {"name", "duplicate_of" or None, "entry" (its manifest entry), "version"}."""
    from sahelkg.extract.read import read_letter

    src = Path(path)
    if src.suffix.lower() not in SEED_SUFFIXES:
        raise LetterError(f"not a letter file; expected one of {', '.join(SEED_SUFFIXES)}", where=str(src))
    letter = read_letter(src)  # raises LetterError for missing/unreadable files
    layout = StoreLayout(settings.store)
    manifest = layout.manifest() or {}
    letters = letters_of(layout.root, manifest)
    for name, e in sorted(letters.items()):
        if e.get("text_sha256") == letter.sha256:
            return {"name": name, "duplicate_of": name, "entry": e, "version": manifest.get("version")}
    taken = {safe_name(p.stem) for p in corpus_files(settings)} | set(letters)
    stem = letter.name  # the file stem made safe for IRIs ("Kamerbrief EUTM Mali" -> "Kamerbrief-EUTM-Mali")
    name = stem if stem not in taken else f"{stem}-{letter.sha256[:8]}"
    if name in taken:
        # the same text under this very name, not yet built: build it rather than copy again
        dest = next(p for p in corpus_files(settings) if safe_name(p.stem) == name)
    else:
        settings.corpus.mkdir(parents=True, exist_ok=True)
        dest = settings.corpus / f"{name}{src.suffix.lower()}"
        tmp = settings.corpus / f".{dest.name}.tmp"
        shutil.copyfile(src, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        fsync_dir(settings.corpus)
    try:
        report = build(settings, workers=workers, echo=echo)
    except BuildFailed as e:
        failed = any(str(dest) in err or name in err for err in e.report.errors)
        if failed:
            with contextlib.suppress(FileNotFoundError):
                dest.unlink()  # a new letter that failed was never loaded: removing the copy is enough
            raise LetterError(f"could not be extracted; not added ({'; '.join(e.report.errors)})", where=str(src)) from None
        report = e.report  # other letters failed; this one is in
    entry = letters_of(layout.root, layout.manifest()).get(name)
    return {"name": name, "duplicate_of": None, "entry": entry, "version": report.version, "path": str(dest),
            "errors": report.errors}
