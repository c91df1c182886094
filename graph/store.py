"""Opening the on-disk Oxigraph store, with clear errors.

Readers (server, ``query``, ``export``, ``stats``, ``validate``) call :func:`open_current` (or
:func:`open_store` with ``read_only=True``), which opens the version ``<store>/current`` points at.
A plain Oxigraph directory (no ``versions/``) is opened as it is, so any Oxigraph store works too.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from sahelkg.errors import StoreError
from sahelkg.graph.versions import StoreLayout, hold_reader_lock


def _is_plain_oxigraph(p: Path) -> bool:
    return (p / "CURRENT").is_file() and any(p.glob("MANIFEST-*"))


def current_version(store_path: str | Path) -> str:
    """The id of the current version of the store at ``store_path`` ("" for a plain Oxigraph directory).

    Cheap (one readlink): a running server may poll it and reopen when it changes.
    """
    layout = StoreLayout(store_path)
    version = layout.current_version()
    if version is None:
        if _is_plain_oxigraph(layout.root):
            return ""
        raise StoreError("no store here; run `sahelkg build` first", where=str(layout.root))
    return version


def current_dir(store_path: str | Path) -> Path:
    """The directory of the current version (the store itself for a plain Oxigraph directory)."""
    layout = StoreLayout(store_path)
    version = current_version(store_path)
    return layout.version_dir(version) if version else layout.root


def open_current(store_path: str | Path, read_only: bool = True) -> Store:
    """Open the current version of the store. Read-only by default: any number of processes may.

    A read-only open registers this process as a reader of that version, so a later build keeps
    it on disk until the process exits (or calls :func:`sahelkg.graph.versions.release_reader`).
    Writing goes through ``build``/``add``/``load``, which make a new version; ``read_only=False``
    is only for plain Oxigraph directories and tests.
    """
    layout = StoreLayout(store_path)
    version = current_version(store_path)
    path = layout.version_dir(version) if version else layout.root
    if version and read_only:
        hold_reader_lock(layout, version)
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except OSError as e:
        raise StoreError(f"cannot open store: {e}", where=str(path)) from None


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open ``path``: a versioned store (its current version) or a plain Oxigraph directory.

    ``read_only=False`` on a path that does not exist yet creates a plain Oxigraph store there.
    """
    p = Path(path)
    if read_only and not p.is_dir():
        raise StoreError("no store here; run `sahelkg build` first", where=str(p))
    if StoreLayout(p).is_versioned() or read_only:
        return open_current(p, read_only=read_only)
    try:
        p.mkdir(parents=True, exist_ok=True)
        return Store(str(p))
    except OSError as e:
        raise StoreError(f"cannot open store: {e}", where=str(p)) from None
