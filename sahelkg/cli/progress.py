"""Progress bars on a terminal, silence in pipes."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar on stderr when stderr is a terminal; otherwise yield them as they are."""
    return iter(tqdm(items, total=total, desc=desc, unit="letter", disable=not sys.stderr.isatty(), leave=False))
