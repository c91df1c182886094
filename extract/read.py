"""Step 1: read a letter from .txt/.md/.html/.pdf (or bytes), detecting its encoding and kind.

What is refused (:class:`~sahelkg.errors.LetterError`, naming the file): a missing file, an empty or
whitespace-only file, binary data (NUL bytes, mostly control characters, or undecodable), a
truncated or unreadable PDF, a PDF without a text layer, and anything larger than
:data:`HARD_LIMIT_BYTES`.

What is read with a warning (``Letter.warnings``): files larger than :data:`WARN_BYTES` (still
processed; at the extractor's ≥ 1 MB/s that is under a minute), text decoded with replacement
characters, suspiciously short letters (< :data:`SHORT_CHARS` characters), and letters in which no
date of the letter itself can be found.

``Letter.text`` is the decoded text exactly as stored for .txt/.md (a UTF-8 BOM is dropped, line
endings are kept as they are); for HTML it is the main document text (scripts, navigation and page
chrome dropped; paragraphs separated by blank lines; footnote markers kept as ``<sup>n</sup>``), for
PDF the text pdfminer.six extracts (pages separated by form feeds ``\\f``).
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from sahelkg.errors import LetterError
from sahelkg.extract.model import Letter
from sahelkg.namespaces import safe_name

WARN_BYTES = 50 * 1024 * 1024
HARD_LIMIT_BYTES = 500 * 1024 * 1024
SHORT_CHARS = 200

_MD_SIGNALS = (
    re.compile(r"\*\*[^*\n]+\*\*"),
    re.compile(r"<sup>\s*\w{1,4}\s*</sup>", re.I),
    re.compile(r"^#{1,6} \S", re.M),
    re.compile(r"\[[^\]\n]+\]\((?:https?://|#)[^)\s]+\)"),
    re.compile(r"^\[\^\w+\]:", re.M),
)
_MD_NEEDS = ("**", "<", "#", "](", "[^")  # a literal each of the signals above holds
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def read_letter(path: str | Path, name: str | None = None) -> Letter:
    """Read one letter from disk; ``name`` defaults to the file stem."""
    p = Path(path)
    if not p.exists():
        raise LetterError("no such file", where=str(p))
    if not p.is_file():
        raise LetterError("not a regular file", where=str(p))
    size = p.stat().st_size
    if size > HARD_LIMIT_BYTES:
        raise LetterError(
            f"file is {size / 1e6:.0f} MB, above the {HARD_LIMIT_BYTES // (1024 * 1024)} MB limit for one letter; "
            "split it into letters",
            where=str(p),
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise LetterError(f"cannot read: {e.strerror or e}", where=str(p)) from None
    letter = read_bytes(data, name or p.stem, p.suffix, where=str(p))
    return Letter(**{**letter.__dict__, "path": str(p)})


def text_fingerprint(text: str) -> str:
    """SHA-256 of the text as a reader sees it: line endings, trailing spaces and the encoding it was
    saved in do not matter, so the same letter re-saved (cp1252 -> UTF-8, CRLF -> LF) is one letter."""
    canonical = "\n".join(line.rstrip() for line in text.splitlines()).strip()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_bytes(data: bytes, name: str, suffix: str = ".txt", *, where: str | None = None) -> Letter:
    """Read one letter from memory. ``suffix`` (".txt", ".md", ".html", ".pdf") is a hint: the
    content decides (a PDF is recognised by its ``%PDF-`` header, HTML by its opening tag)."""
    where = where or name
    suffix = (suffix or "").lower()
    if not suffix.startswith(".") and suffix:
        suffix = "." + suffix
    warnings: list[str] = []
    if len(data) > HARD_LIMIT_BYTES:
        raise LetterError(f"{len(data) / 1e6:.0f} MB is above the limit for one letter", where=where)
    if len(data) > WARN_BYTES:
        warnings.append(f"large file ({len(data) / 1e6:.0f} MB): processed, but check it is one letter")
    if not data.strip():
        raise LetterError("empty file" if not data else "file contains only whitespace", where=where)

    if data.lstrip()[:5] == b"%PDF-" or suffix == ".pdf":
        text, encoding, media_type = _read_pdf(data, where), "pdf", "application/pdf"
    else:
        text, encoding = _decode(data, where, warnings)
        if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(data[:4096]):
            text, media_type = _html_text(text, where), "text/html"
        elif suffix == ".md" or _looks_markdown(text):
            media_type = "text/markdown"
        else:
            media_type = "text/plain"

    if not text.strip():
        raise LetterError("no text in the document", where=where)
    stripped = len(text.strip())
    if stripped < SHORT_CHARS:
        warnings.append(f"suspiciously short letter ({stripped} characters)")
    from sahelkg.extract.dates import letter_date_from_text

    if letter_date_from_text(text) is None:
        warnings.append("undated: no date of the letter found (relative dates like 'jl.' stay unresolved)")
    return Letter(
        name=safe_name(name),
        text=text,
        media_type=media_type,
        encoding=encoding,
        sha256=text_fingerprint(text),
        path=None,
        warnings=tuple(warnings),
    )


def _looks_markdown(text: str) -> bool:
    """Markdown signals (``**bold**``, ``<sup>``, ``# heading``, links, footnote definitions)."""
    head = text[:200_000]
    # a signal whose literal part is not in the text cannot match: one C-level substring test
    # spares the regex (those anchored at line starts are tried at every position)
    found = [bool(need in head and rx.search(head)) for need, rx in zip(_MD_NEEDS, _MD_SIGNALS)]
    return sum(found) >= 2 or found[1] or (found[0] and len(_MD_SIGNALS[0].findall(head)) >= 3)


def _decode(data: bytes, where: str, warnings: list[str]) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict_or_replace(data[3:], "utf-8", warnings), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict_or_replace(data, "utf-16", warnings), "utf-16"
    else:
        _reject_binary(data, where)
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            text, enc = _guess(data, e, where, warnings)
    _reject_control(text, where)
    return text, enc


def _strict_or_replace(data: bytes, enc: str, warnings: list[str]) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        warnings.append(f"invalid {enc} at byte {e.start}: decoded with replacement characters (U+FFFD)")
        return data.decode(enc, errors="replace")


def _reject_binary(data: bytes, where: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LetterError(f"binary data, not text (NUL byte at offset {nul})", where=where)


def _reject_control(text: str, where: str) -> None:
    sample = text[:100_000]
    control = len(_CONTROL.findall(sample))  # one C-level scan, not a Python step per character
    if control > max(8, len(sample) // 100):
        raise LetterError(f"binary data, not text ({control} control characters in the first {len(sample)})", where=where)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32 but tab, newline, vertical tab, form feed, return
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _guess(data: bytes, err: UnicodeDecodeError, where: str, warnings: list[str]) -> tuple[str, str]:
    """Not UTF-8: mostly-UTF-8 text with a few broken bytes stays UTF-8 (with U+FFFD and a
    warning); otherwise ask charset-normalizer; Western letters are cp1252 when it cannot tell."""
    from charset_normalizer import from_bytes

    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    if len(_UTF8_SEQ.findall(data)) >= 3 * bad:
        warnings.append(
            f"invalid UTF-8 at byte {err.start} ({bad} place(s)): decoded with replacement characters (U+FFFD)"
        )
        return replaced, "utf-8"

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8", "cp850", "mac_roman"]).best()
    enc = best.encoding if best is not None else "cp1252"
    enc = {"latin_1": "latin-1", "iso8859_15": "iso-8859-15", "utf_8": "utf-8"}.get(enc, enc)
    if enc in ("latin-1", "iso-8859-15") and re.search(rb"[\x80-\x9f]", data):
        enc = "cp1252"  # C1 bytes are letters/quotes in cp1252, control codes in latin-1
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        text = data.decode(enc, errors="replace")
        warnings.append(
            f"not valid UTF-8 (byte {err.start}) nor {enc}: decoded as {enc} with replacement characters (U+FFFD)"
        )
    return text, enc


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "button", "iframe", "svg", "template")
_MAIN_SELECTORS = (
    "#broodtekst",
    "div.stuk",
    "#main-content article",
    "main article",
    "article",
    "main",
    "#content",
    "div.content",
    "body",
)
_BLOCK_TAGS = (
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "dd", "dt", "dl", "pre", "address", "figcaption",
)


def _html_text(html: str, where: str) -> str:
    """The main document text of an HTML page, as paragraphs separated by blank lines."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(html, "lxml")
    except Exception as e:  # lxml raises on some malformed input
        raise LetterError(f"unreadable HTML: {e}", where=where) from None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.select('[role="navigation"], [aria-hidden="true"], .skiplinks, .breadcrumb, .cookie'):
        tag.decompose()
    root = None
    for sel in _MAIN_SELECTORS:
        root = soup.select_one(sel)
        if root is not None and root.get_text(strip=True):
            break
    if root is None:
        root = soup
    for sup in root.find_all("sup"):
        sup.replace_with(f"<sup>{sup.get_text(strip=True)}</sup>")
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    for td in root.find_all(("td", "th")):
        td.insert_after(" ")
    raw = root.get_text()
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in raw.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# --------------------------------------------------------------------------- PDF


def _read_pdf(data: bytes, where: str) -> str:
    """Text of a PDF via pdfminer.six; pages separated by form feeds."""
    if not data.lstrip().startswith(b"%PDF-"):
        raise LetterError("not a PDF (no %PDF- header)", where=where)
    if b"%%EOF" not in data[-2048:]:
        raise LetterError("truncated PDF (no %%EOF marker at the end)", where=where)
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    try:
        text = extract_text(io.BytesIO(data), laparams=LAParams())
    except Exception as e:  # pdfminer raises many unrelated types for broken files
        raise LetterError(f"unreadable PDF: {type(e).__name__}: {e}", where=where) from None
    if not text.strip():
        raise LetterError("PDF has no text layer (scanned image?): nothing to extract", where=where)
    return text
