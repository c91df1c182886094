"""Opening the on-disk Oxigraph store, with clear errors."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

from sahelkg.errors import StoreError


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    p = Path(path)
    if read_only and not p.is_dir():
        raise StoreError("no store here; run `sahelkg build` first", where=str(p))
    try:
        if read_only:
            return Store.read_only(str(p))
        p.mkdir(parents=True, exist_ok=True)
        return Store(str(p))
    except OSError as e:
        raise StoreError(f"cannot open store: {e}", where=str(p)) from None
