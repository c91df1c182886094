"""Step 2: running text from a letter's stored text, with a map back to it for every character.

What happens (rules for the genre, not for particular letters):

* Lines are joined into paragraphs. A blank line ends a paragraph unless the text plainly goes on:
  the previous line has no sentence-final punctuation (or ends in an abbreviation such as
  ``d.d.``) and the next starts in lower case or with a digit (PDF page breaks and Markdown
  converters leave such blank lines mid-sentence). In PDF-extracted text a single line break
  continues the paragraph, except after a short line that ends a sentence or is a heading/address
  line, and before list items (``–``, ``•``, ``a)``) and question/answer headings (``Vraag 3``).
* Hyphenation at a line end is undone (``verslech-`` + ``terde`` → ``verslechterde``) unless the
  hyphen is real: the next part starts with a capital or digit (``Noord-``/``Mali``), the left part
  is an abbreviation or has digits (``VN-``, ``C-``), is already a hyphenated compound, the next word
  is ``en``/``of`` (``vredes- en trainingsmissies``), the token is a URL, or the letter itself uses
  the hyphenated form or both parts as words elsewhere (``Sahel-regio``) and not the joined one.
* Page headers/footers (``Tweede Kamer, vergaderjaar 2012–2013, 29 521, nr. 207 2``), lone page
  numbers, footnotes (a marker then text at the foot of a page, or a marker then a URL; Markdown
  ``<sup>1</sup> …`` paragraphs) and Markdown markup (``**``, ``*``, ``#``, ``<sup>1</sup>``, links)
  become :class:`Aside` s: removed from the running text, kept with their original span and text.
  Asides of kind ``"heading"`` are the exception: headings *stay* in the running text as their own
  paragraph; the aside only records that the paragraph is a heading.
* Whitespace runs collapse to one space; soft hyphens and zero-width characters are dropped (a
  soft hyphen at a line end joins the word); paragraphs are separated by ``"\\n\\n"``.

Offsets (see :class:`Normalised`): ``offsets[i]`` is the index in ``letter.text`` of the character
that became ``text[i]``. Offsets never decrease; a non-space character of ``text`` is the same
character at its offset; an inserted space or paragraph break maps to whitespace in the original
(the line break or space it replaces).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat
from operator import add
from dataclasses import dataclass, field

from sahelkg.extract.model import Aside, Letter, Normalised

_ABBREVS = (
    r"d\.d|jl|j\.l|a\.s|nr|nrs|o\.a|i\.v\.m|t\.b\.v|m\.n|e\.d|resp|vs|ca|art|blz|p|pp|vgl|zgn|zg|m\.b\.t|"
    r"t\.a\.v|i\.h\.k\.v|o\.b\.v|n\.a\.v|m\.u\.v|mr|dhr|mevr|drs|dr|prof|ir|ing|bijv|bv|evt|incl|excl|jr|sr|"
    r"[A-Z]|[A-Z]\.[A-Z](?:\.[A-Z])*"
)
_ABBREV_END = re.compile(rf"(?:^|[\s(])(?:{_ABBREVS})\.$")
_ABBREV_WORD = re.compile(rf"(?:{_ABBREVS})\.")


def _abbrev_end(pt: str) -> bool:
    """Does ``pt`` (no trailing whitespace) end in an abbreviation, as ``_ABBREV_END`` searched in its
    last 24 characters says? The abbreviations hold no whitespace or "(", so only the text after the
    last of those can match: one anchored match instead of a search from every position (a test
    checks the two agree)."""
    return bool(_ABBREV_WORD.fullmatch(pt[-24:].rsplit(None, 1)[-1].rsplit("(", 1)[-1])) if pt else False

_HEADER_PATTERNS = (
    # running heads/feet of Kamerstukken and Handelingen
    re.compile(r"^(?:Eerste|Tweede) Kamer(?: der Staten-Generaal)?,? vergaderjaar \d{4}\s*[–—-]\s*\d{4}\b.{0,60}$", re.I),
    re.compile(r"^Kamerstukken (?:I|II) \d{4}\s*[/–-]\s*\d{2,4}\b.{0,60}$"),
    re.compile(r"^Aanhangsel (?:van de )?Handelingen(?: (?:I|II))?\b.{0,80}$"),
    re.compile(r"^Handelingen (?:I|II) \d{4}\s*[/–-]\s*\d{2,4}\b.{0,80}$"),
    re.compile(r"^Vergaderjaar \d{4}\s*[–—-]\s*\d{4}$", re.I),
)
# what a running head can start with: Kamerstukken, Aanhangsel and Handelingen are matched with
# their case, the others ignoring it
_HEADER_FIRST = frozenset("EeTtKAHVv")
_FOOTER_PATTERNS = (
    re.compile(r"^(?:[-–]\s*)?\d{1,4}(?:\s*[-–])?$"),  # lone page number
    re.compile(r"^(?:Pagina|Blad|blz\.?)\s+\d+(?:\s+(?:van|/)\s+\d+)?$", re.I),
    re.compile(r"^(?:ISSN \d{4}-\d{3}[\dX]|(?:kst|ah-tk|ah-ek|h-tk|h-ek|blg|stcrt)-\d[\w-]*)\b.{0,80}$", re.I),
    re.compile(r"^'?s-?Gravenhage \d{4}$"),
)
_HEADER_ANY = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in _HEADER_PATTERNS))
_FOOTER_ANY = re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p in _FOOTER_PATTERNS))
_FOOTER_FIRST = frozenset("0123456789-–PpBbIiKkAaHhSs'")
_QA_HEADING = re.compile(r"^(?:Vraag|Vragen|Antwoord|Antwoorden)(?: \d+[a-z]?(?:(?:, | en | t/m |[–-])\d+[a-z]?)*)?:?$")
_LIST_ITEM = re.compile(r"^(?:[–•·▪◦●○■□➢>-]\s|\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)]\s)")
# what a list item can start with (a bullet, a bracket, a letter or digit of its number)
_LIST_FIRST = frozenset("–•·▪◦●○■□➢>-(abcdefghijklmnopqrstuvwxyz0123456789")
_MD_LIST_ITEM = re.compile(r"^(?:[*+-]|\d{1,2}[.)])\s+")
_FOOTNOTE_START = re.compile(r"^(\d{1,3}|[A-TV-Z*†‡])\s+(\S.*)$")
_MD_FOOTNOTE_START = re.compile(r"^(?:<sup>\s*(\w{1,4})\s*</sup>|\[\^(\w{1,6})\]:|\^(\d{1,3})\^?)\s*\S", re.I)
_URL_START = re.compile(r"^(?:https?://|www\.)", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_MD_MARKUP = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"  # HTML tags (<sup>, </sup>, <br/>, <em>)
    r"|\*\*|__"  # bold
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # italic stars at word edges
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"  # italic underscores at word edges
    r"|\\(?=[\\`*_{}\[\]()#+\-.!|])"  # backslash escapes
)
_MD_RULE = re.compile(r"^(?:-[ \t]*){3,}$|^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$")
_MD_ANY = re.compile(r"[*_<>\[\\#+]|^(?:-|\d{1,2}[.)])\s|^-{3,}")
_MD_SUP = re.compile(r"<sup>[^<]{0,12}</sup>", re.I)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_SHORT_RATIO = 0.75
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
# a line that stands on its own: "Den Haag, 17 februari 2022", a signature "K.H. Ollongren"
_OWN_LINE = re.compile(
    rf"^(?:(?:'s-Gravenhage|Den Haag|[A-Z][a-z]+),? \d{{1,2}} (?:{_MONTHS}) \d{{4}}\.?"
    r"|(?:[A-Z]\.){1,6} ?(?:(?:van|de|der|den|ter|ten|in 't|van der|van den)\s)*[A-Z][\w’'-]+)$"
)
_SUFFIX_START = re.compile(r"(?:heid|heden|lijk|baar|ing|ingen|schap|achtig|isch|ische|loos|loze|zaam|zame|tje|tjes|ste|sten|en|er|ers|e)$")


@dataclass(slots=True)
class _Line:
    start: int  # original offset of the first content character
    end: int  # original offset after the last content character
    eol: int  # original offset of the line break after the line (or len(text))
    text: str  # content with markup removed (for decisions only)
    keep: list[tuple[int, int]] = field(default_factory=list)  # kept original segments
    page_start: bool = False
    heading: bool = False
    list_item: bool = False
    gap_blank: bool = False  # a blank line between this and the previous content line
    gap_aside: bool = False  # a header/footer/footnote or page break between them


def normalise(letter: Letter) -> Normalised:
    """Running text of ``letter`` with its offset map and asides (see the module docstring)."""
    text = letter.text
    markdown = letter.media_type in ("text/markdown", "text/html")
    raw_lines = _split_lines(text)
    asides: list[Aside] = []
    stripped: list[tuple[int, int, str] | None] = []
    kinds = _classify(text, raw_lines, markdown, asides, stripped)
    lines = _content_lines(text, raw_lines, kinds, stripped, markdown, asides)
    words = _Words(text)
    odd = _OddSpaces(text)
    plain_letter = odd.none  # single spaces only in the whole letter
    ints = _shared_ints(len(text))
    width = _typical_width(lines)
    out_chars: list[str] = []
    offsets: list[int] = []
    prev: _Line | None = None
    para_lines: list[_Line] = []
    # Lines joined by a space whose text and single "\n" between them are contiguous in the
    # original stay pending as one span [run_s, run_e) and are emitted as one slice with one range
    # of offsets (the "\n" becomes the space and maps to itself): most lines of a paragraph
    # cost two comparisons instead of an append and an offset range each. run_s < 0: none pending.
    run_s = run_e = -1
    for line in lines:
        # a line emitted as it stands: one kept segment, no whitespace at its edges, no odd spaces
        s, e = line.start, line.end
        keep = line.keep
        simple = (len(keep) == 1 and keep[0][0] == s and keep[0][1] == e and text[s] != " " and text[e - 1] != " "
                  and (plain_letter or odd.surely_plain(s, e)))
        if prev is None:
            how = None
        else:
            how = _join(text, prev, line, markdown, width, words, len(para_lines))
            if how == "space" and simple and run_e == prev.eol == s - 1 and text[run_e] == "\n":
                run_e = e  # the pending run goes on through this line
                para_lines.append(line)
                prev = line
                continue
        if run_s >= 0:
            out_chars.append(text[run_s:run_e].replace("\n", " "))
            offsets.extend(ints[run_s:run_e] if run_e <= len(ints) else range(run_s, run_e))
            run_s = -1
        if how is None:
            para_lines = [line]
        else:
            if how == "break":
                _mark_heading(text, para_lines, width, markdown, asides)
                out_chars.append("\n\n")
                offsets.extend((prev.eol, prev.eol))
                para_lines = []
            elif how == "space":
                out_chars.append(" ")
                offsets.append(prev.eol)
            elif how in ("hyphen", "glue"):  # keep the hyphen (or soft hyphen, dropped), drop the line break
                pass
            elif how == "hyphen-space":  # "vredes-" + "en": keep hyphen and a space
                out_chars.append(" ")
                offsets.append(prev.eol)
            elif how == "join":  # drop the trailing hyphen
                last = out_chars.pop()
                if len(last) > 1:
                    out_chars.append(last[:-1])
                offsets.pop()
            para_lines.append(line)
        if simple:
            run_s, run_e = s, e
        else:
            _emit_line(text, line, out_chars, offsets, odd)
        prev = line
    if run_s >= 0:
        out_chars.append(text[run_s:run_e].replace("\n", " "))
        offsets.extend(ints[run_s:run_e] if run_e <= len(ints) else range(run_s, run_e))
    if para_lines:
        _mark_heading(text, para_lines, width, markdown, asides)
    out = "".join(out_chars)
    if offsets:
        offsets.append(offsets[-1] + 1)
    else:
        offsets.append(0)
    asides.sort(key=lambda a: (a.orig_start, a.orig_end))
    return Normalised(letter=letter, text=out, offsets=tuple(offsets), asides=tuple(asides))


def _shared_ints(n: int) -> tuple[int, ...]:
    """``tuple(range(n))`` (at most :data:`_SHARED_INTS_MAX` long), kept for the next letters.

    An offset map holds one int per character, and making an int costs more than the rest of
    normalising a line: slices of this tuple share the ints made once per process instead
    (a ~10 MB ceiling; letters longer than it make the rest of their ints as before)."""
    global _INTS
    if len(_INTS) < n and len(_INTS) < _SHARED_INTS_MAX:
        _INTS = tuple(range(min(max(n, 2 * len(_INTS)), _SHARED_INTS_MAX)))
    return _INTS


_SHARED_INTS_MAX = 1 << 18
_INTS: tuple[int, ...] = ()


# --------------------------------------------------------------------------- lines


def _split_lines(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, eol, page_break) per line; ``end`` excludes the line break, ``eol`` is where it
    starts. A form feed (pdfminer's page separator) ends a line and adds an empty page-break line."""
    out = []
    pos = 0
    # the common case: "\n" alone ends lines (each other break character looked for by a C-level
    # substring test, faster than the regex's class tested at every position)
    if not any(c in text for c in _ODD_BREAKS):
        # starts and ends from the line lengths, the tuples made by zip (C-level maps instead of a
        # loop building a tuple per line)
        lengths = list(map(len, text.split("\n")))
        starts = list(accumulate([n + 1 for n in lengths], initial=0))  # one more than there are lines
        ends = list(map(add, starts, lengths))  # map and zip stop at the shortest
        return list(zip(starts, ends, ends, repeat(False)))
    for m in _LINE_BREAK.finditer(text):
        k = m.start()
        out.append((pos, k, k, False))
        if m.group() == "\f":
            out.append((k, k, k, True))
        pos = m.end()
    out.append((pos, len(text), len(text), False))
    return out


_LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\u2028\u2029\x85]")
_ODD_BREAKS = "\r\f\v\u2028\u2029\x85"  # line breaks other than "\n" (_LINE_BREAK)


def _classify(text: str, raw: list[tuple[int, int, int]], markdown: bool, asides: list[Aside],
              stripped: list[tuple[int, int, str] | None]) -> list[str]:
    """Kind per raw line: blank, page (page break marker), aside, content, page-start content.

    ``stripped`` gets, per raw line, ``(start, end, text)`` of the line without the whitespace at
    its edges (``None`` for blank lines and page breaks), for :func:`_content_lines`."""
    kinds: list[str] = []
    kind_of, strip_of = kinds.append, stripped.append
    for s, e, _, page in raw:
        if page:
            kind_of("page")
            strip_of(None)
            continue
        seg = text[s:e]
        left = seg.lstrip()
        if not left:
            kind_of("blank")
            strip_of(None)
            continue
        st = left.rstrip()
        a = s + len(seg) - len(left)
        b = a + len(st)
        # _PAGE_START needs a space or form feed first: the index test spares most lines the regex
        kind = "content-page" if not markdown and seg[0] in " \f" and _PAGE_START.match(seg) else "content"
        # headers and footers (any mode: HTML/Markdown conversions keep them too); running heads
        # and feet are short lines
        if e - s <= 140:
            first = st[:1]
            aside = None
            if first in _HEADER_FIRST and _HEADER_ANY.match(st):
                aside = "header"
            elif not markdown and first in _FOOTER_FIRST and _FOOTER_ANY.match(st):
                aside = "footer"
            if aside:
                asides.append(Aside(aside, a, b, _collapse(st)))
                kind = "aside-page" if kind == "content-page" else "aside"
        kind_of(kind)
        strip_of((a, b, st))
    _find_footnotes(text, raw, kinds, markdown, asides)
    return kinds


def _find_footnotes(text: str, raw, kinds: list[str], markdown: bool, asides: list[Aside]) -> None:
    """Footnote blocks: a marker then text, set apart from the running text they interrupt."""
    n = len(raw)
    i = 0
    expected = 1  # footnotes are numbered 1, 2, 3, … through the letter
    while i < n:
        if kinds[i] not in _CONTENT or (i > 0 and kinds[i - 1] in _CONTENT):
            i += 1
            continue
        s, e = raw[i][0], raw[i][1]
        first = text[s:e].strip()
        if markdown:
            m = _MD_FOOTNOTE_START.match(first)
            if not m:
                i += 1
                continue
            j = i
            while j + 1 < n and kinds[j + 1] == "content" and not _MD_FOOTNOTE_START.match(text[raw[j + 1][0] : raw[j + 1][1]].strip()):
                j += 1
            _add_footnote(text, raw, kinds, i, j, asides)
            i = j + 1
            continue
        m = _FOOTNOTE_START.match(first)
        if not m:
            i += 1
            continue
        marker, rest = m.group(1), m.group(2)
        # the block runs to the next blank line, page break or page-start line
        j = i
        while j + 1 < n and kinds[j + 1] == "content":
            j += 1
        after = kinds[j + 1] if j + 1 < n else "end"
        at_page_foot = after in ("content-page", "page", "end", "aside-page") or (
            after == "blank" and _next_nonblank_kind(kinds, j + 1) in ("content-page", "page", "end", "aside-page", "aside")
        )
        url = bool(_URL_START.match(rest))
        starts_like_note = bool(re.match(r"[A-ZÀ-Þ«“\"'(]|https?://|www\.", rest))
        ok = False
        if marker.isdigit():
            in_sequence = expected <= int(marker) <= expected + 1
            ok = in_sequence and (url or (at_page_foot and starts_like_note and (j - i) < 8))
        else:
            ok = at_page_foot and starts_like_note and (j - i) < 4 and len(rest) > 20
        if ok:
            # several notes stacked at a page foot: split at each next marker
            k = i
            last = int(marker) if marker.isdigit() else expected - 1
            for t in range(i + 1, j + 1):
                mt = re.match(r"^\s?(\d{1,3})\s+\S", text[raw[t][0] : raw[t][1]])
                if marker.isdigit() and mt and int(mt.group(1)) == last + 1:
                    _add_footnote(text, raw, kinds, k, t - 1, asides)
                    k, last = t, last + 1
            _add_footnote(text, raw, kinds, k, j, asides)
            expected = last + 1
        i = j + 1


_CONTENT = frozenset(("content", "content-page"))  # the kinds that start with "content"


def _next_nonblank_kind(kinds: list[str], i: int) -> str:
    while i < len(kinds) and kinds[i] == "blank":
        i += 1
    return kinds[i] if i < len(kinds) else "end"


def _add_footnote(text: str, raw, kinds: list[str], i: int, j: int, asides: list[Aside]) -> None:
    a, _ = _strip_span(text, raw[i][0], raw[i][1])
    _, b = _strip_span(text, raw[j][0], raw[j][1])
    parts = [text[raw[t][0] : raw[t][1]].strip() for t in range(i, j + 1)]
    joined = ""
    for p in parts:
        joined = joined + p if joined.endswith(("-", "/")) or not joined else joined + " " + p
    joined = _MD_SUP.sub(lambda m: re.sub(r"<[^>]+>", "", m.group()), joined)
    joined = _MD_MARKUP.sub("", joined)
    asides.append(Aside("footnote", a, b, _collapse(joined)))
    for t in range(i, j + 1):
        kinds[t] = "aside"


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    """[s, e) without leading and trailing whitespace."""
    seg = text[s:e]
    left = seg.lstrip()
    if not left:
        return s, s
    start = s + len(seg) - len(left)
    return start, start + len(left.rstrip())


def _collapse(s: str) -> str:
    return _WHITESPACE.sub(" ", s).strip()


_WHITESPACE = re.compile(r"\s+")


def _content_lines(text: str, raw, kinds: list[str], stripped, markdown: bool, asides: list[Aside]) -> list[_Line]:
    """Content lines with markup removed and the gap before each recorded."""
    out: list[_Line] = []
    gap_blank = gap_aside = False
    for (_s, _e, eol, _p), kind, sp in zip(raw, kinds, stripped):
        if kind == "content" and not markdown:  # the common case, first
            a, b, st = sp
            # st starts with a non-space: it is visible unless that is an invisible character
            if st[0] in _INVISIBLE and not _VISIBLE.search(st):
                continue
            out.append(_Line(a, b, eol, st, [(a, b)], gap_aside,
                             st[0] in "VA" and bool(_QA_HEADING.match(st)),  # Vraag/Antwoord headings
                             st[0] in _LIST_FIRST and bool(_LIST_ITEM.match(st)), gap_blank, gap_aside))
            gap_blank = gap_aside = False
            continue
        if kind == "blank":
            gap_blank = True
            continue
        if kind in ("aside", "aside-page", "page"):
            gap_aside = True
            continue
        a, b, st = sp
        page_start = kind == "content-page" or gap_aside
        if markdown:
            line = _Line(a, b, eol, "", page_start=page_start)
            _strip_markup(text, line, asides)
            if not line.keep or not _VISIBLE.search(line.text):
                gap_aside = gap_aside or bool(line.keep) is False
                continue
        else:
            # st starts with a non-space: it is visible unless that is an invisible character
            if st[0] in _INVISIBLE and not _VISIBLE.search(st):
                continue
            list_item = st[0] in _LIST_FIRST and bool(_LIST_ITEM.match(st))
            line = _Line(a, b, eol, st, [(a, b)], page_start, False, list_item)
        if not line.heading and line.text[:1] in "VA":  # Vraag/Antwoord headings
            line.heading = bool(_QA_HEADING.match(line.text))
        line.gap_blank, line.gap_aside = gap_blank, gap_aside
        out.append(line)
        gap_blank = gap_aside = False
    if not markdown:
        _strip_note_refs(text, out, asides)
    return out


def _strip_markup(text: str, line: _Line, asides: list[Aside]) -> None:
    """Remove Markdown/HTML markup from a line, recording each piece as a ``markup`` aside."""
    a, b = line.start, line.end
    cut: list[tuple[int, int]] = []
    seg = text[a:b]
    if not _MD_ANY.search(seg):  # the common case: a line without markup
        line.keep = [(a, b)]
        line.text = seg
        return
    if _MD_RULE.match(seg):  # a horizontal rule: markup only
        asides.append(Aside("markup", a, b, seg))
        line.keep, line.text = [], ""
        return
    m = _MD_HEADING.match(seg)
    if m:
        cut.append((a, a + m.end()))
        line.heading = True
    else:
        m = _MD_LIST_ITEM.match(seg)
        if m and not re.match(r"\*\*", seg):
            if seg[0] in "*+-":
                cut.append((a, a + m.end()))
            line.list_item = True
        elif seg.startswith(">"):
            cut.append((a, a + (2 if seg.startswith("> ") else 1)))
    for m in _MD_SUP.finditer(seg):
        cut.append((a + m.start(), a + m.end()))
    for m in _MD_LINK.finditer(seg):
        cut.append((a + m.start(), a + m.start() + 1))  # "["
        cut.append((a + m.end(1), a + m.end()))  # "](url)"
    for m in _MD_MARKUP.finditer(seg):
        cut.append((a + m.start(), a + m.end()))
    cut.sort(key=lambda c: (c[0], -c[1]))
    merged: list[tuple[int, int]] = []
    for s, e in cut:
        if merged and s < merged[-1][1]:
            continue  # inside an earlier cut (e.g. a tag inside <sup>..</sup>)
        merged.append((s, e))
    keep = []
    pos = a
    for s, e in merged:
        if s > pos:
            keep.append((pos, s))
        asides.append(Aside("markup", s, e, text[s:e]))
        pos = e
    if pos < b:
        keep.append((pos, b))
    # trim whitespace at the edges of the kept text
    keep = [(s, e) for s, e in keep if text[s:e].strip()] or []
    if keep:
        s0, e0 = _strip_span(text, keep[0][0], keep[0][1])
        keep[0] = (s0, keep[0][1] if len(keep) > 1 else e0)
        s1, e1 = _strip_span(text, keep[-1][0], keep[-1][1])
        keep[-1] = (keep[-1][0] if len(keep) > 1 else s0, e1)
    line.keep = keep
    line.text = "".join(text[s:e] for s, e in keep)
    if line.text.strip():
        line.start, line.end = keep[0][0], keep[-1][1]
        bold_only = re.fullmatch(r"\s*(\*\*|__)[^*_]+(\*\*|__)\s*(<sup>[^<]*</sup>)?\s*", seg)
        if bold_only and len(line.text) < 200:
            line.heading = True


# the punctuation is matched rather than looked behind at (and the search starts one character
# early so that it may be just before the segment): a pattern that opens with a character class
# lets the regex engine skip to candidates in C
_NOTE_REF = re.compile(r"[»”\"'’).,;:?!](\d{1,2})(?=\s|$)")


def _strip_note_refs(text: str, lines: list[_Line], asides: list[Aside]) -> None:
    """Footnote reference numbers glued after punctuation (``Terrorism»?1``), when that note exists."""
    markers = set()
    for a in asides:
        if a.kind == "footnote":
            m = re.match(r"(\d{1,3})\s", a.text)
            if m:
                markers.add(m.group(1))
    if not markers:
        return
    for line in lines:
        new_keep = []
        for s, e in line.keep:
            pos = s
            for m in _NOTE_REF.finditer(text, max(s - 1, 0), e):
                if m.group(1) in markers:
                    ms = m.start(1)
                    if ms > pos:
                        new_keep.append((pos, ms))
                    asides.append(Aside("markup", ms, m.end(), m.group(1)))
                    pos = m.end()
            if pos < e:
                new_keep.append((pos, e))
        if new_keep != line.keep and new_keep:
            line.keep = new_keep
            line.text = "".join(text[s:e] for s, e in new_keep).rstrip()
            line.end = new_keep[-1][1]


# --------------------------------------------------------------------------- joining


def _word_set(text: str) -> set[str]:
    """Lower-cased words of the letter, leaving out the halves of words broken at a line end.

    A word is a maximal run of word characters and hyphens (``_RUN``; a broken word's halves are
    joined by ``\\x00``, so they make one run that is no word) made of letters with single inner
    hyphens (``_WORD``): the distinct runs are found by one C-level ``findall`` and only those are
    checked, which gives what a search for unbroken words with look-arounds gives.

    No run crosses whitespace, so the runs are those of the distinct whitespace-separated tokens
    (``str.split`` is several times faster than the regex over the whole text); a token that is
    letters only once its surrounding punctuation is stripped is itself the run and a word.
    """
    words: set[str] = set()
    add = words.add
    rest = []  # the other tokens, searched for runs all at once (joined by spaces, which no run crosses)
    for tok in set(_BREAK.sub("\x00", text).lower().split()):
        core = tok.strip(_PUNCT_EDGES)
        if core.isalpha():
            add(core)
        else:
            rest.append(core)
    words.update(filter(_WORD.fullmatch, set(_RUN.findall(" ".join(rest)))))
    return words


# punctuation around words: none of it is a word character, a hyphen or \x00, so stripping it
# from a token leaves the token's runs as they are
_PUNCT_EDGES = ".,;:!?()[]{}«»“”„\"'‘’…/"


class _Words:
    """The letter's word set (:func:`_word_set`), made on the first question: only a hyphen at a
    line end asks, and most letters have none."""

    __slots__ = ("_text", "_words")

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = _word_set(self._text)
        return word in self._words


_BREAK = re.compile(r"-[ \t]*(?:\r\n|[\n\r\f])\s*")
_RUN = re.compile(r"[\w\x00-]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _typical_width(lines: list[_Line]) -> int:
    widths = sorted([len(ln.text) for ln in lines])
    if not widths:
        return 0
    return widths[int(len(widths) * 0.8)] if len(widths) > 4 else widths[-1]


def _join(text: str, p: _Line, c: _Line, markdown: bool, width: int, words: set[str], para_len: int = 1) -> str:
    """How line ``c`` continues after ``p``: "break", "space", "join", "hyphen", "hyphen-space".

    ``para_len`` is the number of lines of the paragraph ``p`` ends. A sentence cut by a page break
    (page header/footer, page number or form feed between its halves, blank lines around them) goes
    on when ``p`` ends a paragraph of several lines without sentence punctuation: a heading is a
    paragraph of one line, a sentence's last line before a page foot is not.
    """
    pt, ct = p.text.rstrip(), c.text.lstrip()
    first = ct[:1]
    if c.heading or p.heading or c.list_item:
        return "break"
    if first.islower() and not c.gap_blank and not (c.gap_aside and markdown) and not pt.endswith(("-", "\u00ad")):
        # the common case, a line going on in lower case, short-cut: no soft hyphen or hyphen to
        # undo, no gap, and a lower-case line is no own line nor upper-case start, so every rule
        # below ends in "space" for it
        return "space"
    # _OWN_LINE opens with an apostrophe or a capital: the set test spares most lines the regex
    if first in _OWN_FIRST and _OWN_LINE.match(ct):
        return "break"
    if pt.endswith("\u00ad"):
        return "glue"  # a soft hyphen at the line end: the word goes on, the hyphen is invisible
    # pt[-2] is a letter or digit: what _HYPHEN_END says (\w is isalnum or "_"), without a search
    if pt.endswith("-") and pt[-2:-1].isalnum() and (first.isalnum() or first == ")"):
        return _hyphen(pt, ct, words)
    if c.gap_blank or c.gap_aside and markdown:
        abbrev = pt.endswith(".") and _abbrev_end(pt)
        ends_sentence = _ends_sentence(pt)
        terminal = ends_sentence and not abbrev
        lower_or_digit = first.islower() or first.isdigit()
        if (not terminal or abbrev) and lower_or_digit:
            return "space"
        if not markdown and c.gap_aside and not terminal and not c.gap_blank:
            return "space"
        if not markdown and c.gap_aside and not ends_sentence and (para_len > 1 or not _short(pt, width)):
            return "space"
        return "break"
    if markdown:
        return "space"
    if _short(pt, width) and (first.isupper() or first in "«“\"'‘("):
        if not (pt.isupper() and ct.split(" ", 1)[0].isupper()):
            return "break"
        if _ends_sentence(pt) and not (pt.endswith(".") and _abbrev_end(pt)):
            return "break"  # the line ends a sentence (not with an abbreviation)
    return "space"


def _ends_sentence(t: str) -> bool:
    """Does ``t`` end in sentence punctuation (``.!?:;``), perhaps followed by closing quotes or brackets?"""
    return t.rstrip(_CLOSERS)[-1:] in _FINAL_PUNCT if t else False


_CLOSERS = "»”\"'’)]"
_OWN_FIRST = frozenset("'ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FINAL_PUNCT = frozenset(".!?:;")


def _short(pt: str, width: int) -> bool:
    return width > 0 and len(pt) < _SHORT_RATIO * width


def _hyphen(pt: str, ct: str, words: set[str]) -> str:
    """A line ending in a hyphen: "join" (drop it), "hyphen" (keep it) or "hyphen-space"."""
    left_tok, left_word = _left_parts(pt)
    right_m = _LETTERS.match(ct)
    right = right_m.group() if right_m else ""
    if left_word.isupper() and right.isupper() and (left_word + right).lower() in words:
        return "join"  # ONTWIKKELINGS- / SAMENWERKING in an all-caps title
    if ct[:1].isupper() or ct[:1].isdigit() or not right:
        return "hyphen"
    if right.lower() in ("en", "of", "tot", "noch", "dan", "t/m"):
        return "hyphen-space"
    if "://" in left_tok or left_tok.lower().startswith("www.") or "/" in left_tok:
        return "hyphen"
    if left_word.isupper() and len(left_word) >= 1 and left_word == left_tok.split("-")[-1]:
        return "hyphen"  # VN-, EU-, SOFA-
    if re.search(r"\d", left_tok):
        return "hyphen"
    if "-" in left_tok.strip("-"):
        return "hyphen"  # Liptako-Gourma-regio
    joined = (left_word + right).lower()
    hyph = f"{left_word}-{right}".lower()
    if joined in words:
        return "join"
    if hyph in words:
        return "hyphen"
    if _SUFFIX_START.match(right.lower()):
        return "join"  # mogelijk-heden: a suffix, though "heden" is a word too
    if left_word.lower() in words and right.lower() in words and len(left_word) > 2 and len(right) > 2:
        return "hyphen"
    return "join"


def _mark_heading(text: str, para: list[_Line], width: int, markdown: bool, asides: list[Aside]) -> None:
    """Record a paragraph that is a heading (it stays in the running text)."""
    if not para:
        return
    one = len(para) == 1
    if not one and not para[0].heading:
        return  # not a heading whatever its text (the test below): skip joining the paragraph
    t = para[0].text.strip() if one else " ".join(ln.text.strip() for ln in para)
    is_heading = para[0].heading or (
        one
        and len(t) < 120
        and not _ends_sentence(t)
        and (t[:1].isupper() or t[:1].isdigit())
        and (markdown or _short(t, width))
    )
    if is_heading:
        asides.append(Aside("heading", para[0].start, para[-1].end, _collapse(t)))


class _OddSpaces:
    """Where the letter has whitespace other than single spaces or invisible characters, found once
    per letter: a line's segment then needs one bisect instead of a regex search (``_ODD_SPACE`` has
    alternatives, so the engine tries it at every position: several µs for a line of 100 characters).

    ``surely_plain(s, e)``, for a segment within a line (no "\\n"), is True only when ``text[s:e]``
    has single spaces only and no invisible characters (what ``not _ODD_SPACE.search(text[s:e])``
    says); False means "look closer"."""

    __slots__ = ("_pos", "none")

    def __init__(self, text: str) -> None:
        # the characters present, each found by a C-level substring test (most letters have none)
        present = [c for c in _ODD_CHARS if c in text]
        pos = [m.start() for m in re.finditer(f"[{re.escape(''.join(present))}]", text)] if present else []
        if "  " in text:
            for m in _DOUBLE_SPACES.finditer(text):
                pos.extend(range(m.start(), m.end() - 1))  # where a "  " starts
            pos.sort()
        self._pos = pos
        self.none = not pos

    def surely_plain(self, s: int, e: int) -> bool:
        pos = self._pos
        i = bisect_left(pos, s)
        return i == len(pos) or pos[i] >= e


def _emit_line(text: str, line: _Line, out: list[str], offsets: list[int], odd: _OddSpaces) -> None:
    """Append a line's kept segments, collapsing whitespace runs to one space."""
    for s, e in line.keep:
        seg = text[s:e]
        if odd.surely_plain(s, e) or not _ODD_SPACE.search(seg):  # the common case: single spaces only, copied as they are
            if seg[:1] == " " and (not out or out[-1].endswith((" ", "\n"))):
                seg, s = seg[1:], s + 1
            if seg:
                out.append(seg)
                offsets.extend(range(s, s + len(seg)))
            continue
        pos = s
        for m in _SPACES.finditer(text, s, e):
            ws = m.start()
            if ws > pos:
                out.append(text[pos:ws])
                offsets.extend(range(pos, ws))
            if not m.group(1) and out and not out[-1].endswith((" ", "\n")):
                out.append(" ")
                offsets.append(ws)
            pos = m.end()
        if e > pos:
            out.append(text[pos:e])
            offsets.extend(range(pos, e))
    if out and out[-1].endswith(" "):  # a space left before a dropped invisible character
        last = out.pop()
        if len(last) > 1:
            out.append(last[:-1])
        offsets.pop()


_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters, stray BOM
_VISIBLE = re.compile(rf"[^\s{_INVISIBLE}]")
_ODD_SPACE = re.compile(rf"[^\S ]|  |[{_INVISIBLE}]")
# whitespace other than " " and "\n" (``str.isspace``, which is ``\s``; a test checks the list
# against every code point) and the invisible characters: what ``_ODD_SPACE`` finds one by one
_OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_ODD_CHARS = _OTHER_SPACES + _INVISIBLE
_DOUBLE_SPACES = re.compile("  +")
_SPACES = re.compile(rf"\s+|([{_INVISIBLE}]+)")  # group 1: invisible characters, dropped without a space
_PAGE_START = re.compile(r"^[ \f][^\s]")
_LEFT_TOKEN = re.compile(r"[\w./:@%-]*-$")  # the plain forms of _left_parts and the hyphen test in _join
_LEFT_TOKEN_REVERSED = re.compile(r"-[\w./:@%-]*")
_LETTERS = re.compile(r"[^\W\d_]+")


def _left_parts(pt: str) -> tuple[str, str]:
    """The token before the hyphen ending ``pt`` (``_LEFT_TOKEN`` in its last 200 characters, hyphen
    dropped) and the letters that end it. Both are runs at the end of the text: matched anchored on
    the reversed text instead of searched for from every position (a test checks they agree)."""
    left_tok = _LEFT_TOKEN_REVERSED.match(pt[-200:][::-1]).group()[:0:-1]
    left = _LETTERS.match(left_tok[::-1])
    return left_tok, left.group()[::-1] if left else ""
_HYPHEN_END = re.compile(r"[^\W_]-$")  # the plain form of the hyphen test in _join (for its test)


def normalised_index(normalised: Normalised, orig: int) -> int:
    """The first index of the running text whose original offset is ≥ ``orig``."""
    return bisect_left(normalised.offsets, orig, 0, len(normalised.text))
