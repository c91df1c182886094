"""The read-only store handle of this process, reopened when the store's ``current`` version changes.

One handle per process and store path, shared by its threads. Each request asks for it again
(:func:`read_only_store`), which checks the version at most every ``CHECK_EVERY`` s; when the graph's ``current`` switch points
at a new version, the next request opens that one and the old handle is dropped once the requests
using it finish, so a rebuild never waits for the server.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flask import current_app, g

from sahelkg.errors import StoreError

_lock = threading.Lock()
_handles: dict[str, tuple[object, object]] = {}  # path -> (version, Store)


def store_version(path: str | Path):
    """The store's current version id, or None for a plain (unversioned) store directory."""
    from sahelkg.graph import store as gs
    from sahelkg.server import backend

    if backend.is_remote(path):  # `serve --backend URL` (see backend.py)
        return backend.remote_version(path)

    fn = getattr(gs, "current_version", None)
    if fn is None:
        return None
    try:
        return fn(Path(path))
    except StoreError:
        raise
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read the store's current version: {e}", where=str(path)) from None


def _open(path: Path):
    from sahelkg.graph import store as gs

    try:
        if hasattr(gs, "open_current"):
            return gs.open_current(path, read_only=True)
        return gs.open_store(path, read_only=True)
    except RuntimeError as e:  # RocksDB reports a corrupt store as RuntimeError("Corruption: …")
        raise StoreError(f"cannot open store: {e}", where=str(path)) from None


CHECK_EVERY = 0.5  # seconds between version checks of one store path (a switch shows within this)
_checked: dict[str, tuple[float, object]] = {}  # path -> (monotonic time of check, version)


def _version_now(key: str):
    now = time.monotonic()
    seen = _checked.get(key)
    if seen is not None and now - seen[0] < CHECK_EVERY:
        return seen[1]
    version = store_version(key)
    _checked[key] = (now, version)
    return version


def read_only_store(path: str | Path):
    """This process's read-only handle on the store at ``path`` (its current version)."""
    key = str(path)
    from sahelkg.server import backend

    if backend.is_remote(key):
        return backend.remote_store(key)
    version = _version_now(key)
    with _lock:
        held = _handles.get(key)
        if held is not None and held[0] == version:
            return held[1]
        store = _open(Path(key))
        _handles[key] = (version, store)
    if held is not None and held[0]:
        _release(key, held[0])
    return store


def _release(path: str, version: str) -> None:
    """Let a build prune ``version`` once our old handle is gone (requests still using it keep it alive)."""
    try:
        from sahelkg.graph.versions import release_reader
    except ImportError:
        return
    release_reader(path, version)


def get_store():
    """The store for this request, kept on ``g`` so one request sees one version."""
    if "store" not in g:
        g.store = read_only_store(current_app.config["STORE_PATH"])
    return g.store


def forget(path: str | Path | None = None) -> None:
    """Drop held handles (tests; graceful reload)."""
    with _lock:
        if path is None:
            _handles.clear()
            _checked.clear()
        else:
            _handles.pop(str(path), None)
            _checked.pop(str(path), None)
