"""Negation and modality of a clause, and the small text helpers every fact extractor shares.

A fact extractor finds a trigger (a number, a verb) in a sentence, takes the *clause* around it
(:func:`clause_of`) and asks :func:`assess` whether the clause asserts, negates, plans or merely
considers what it says:

- ``"negated"``: "niet", "geen", "nooit", "noch", "niets" in the clause → the extractor asserts nothing.
  Not negations: "niet alleen", "niet meer dan" / "niet minder dan" (quantifiers), "onder voorbehoud".
- ``"considered"``: "wordt overwogen", "onderzoekt", "mogelijk(e)", "eventueel", "bezien", "zou" …
  ("zo goed mogelijk", "mogelijk maken/gemaakt" are not modal).
- ``"planned"``: "zal/zullen", "beoogt", "is voornemens", "streeft naar", "toegezegd", "gepland",
  a decision still to come ("een definitief besluit volgt", "besluitvorming hierover volgt later") …
- otherwise ``"asserted"``.

Considered wins over planned ("zal mogelijk" is considered). All offsets are into the normalised
text (``FactContext.text``); the patterns are compiled once at import.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from sahelkg.extract.facts.prefilter import Prefilter, required_words

Assessment = Literal["asserted", "negated", "planned", "considered"]

# A clause ends at ; or : or a dash, or before a comma/conjunction that opens a new clause. Every
# break starts with whitespace, ";", ":" or ",": the lookahead first rejects every other position in
# one step (the alternation alone tries its four branches there).
_CLAUSE_BREAK = re.compile(
    r"(?=[\s;:,])(?:\s*[;:]\s+|\s+[–—]\s+|,\s+(?=(?:maar|doch|terwijl|omdat|want|hoewel|ofschoon|waarbij|waardoor|"
    r"waarmee|waarna|zodat|zodra|ondanks|mits|tenzij|indien|wanneer|nadat|voordat|aangezien|"
    r"en\s+(?:ook\s+)?(?:het|de|dit|deze|zij|ze|hij|er|nederland|het kabinet))\b)|\s+(?=maar\s))",
    re.IGNORECASE,
)

_NEGATION = re.compile(r"\b(?:niet|geen|nooit|noch|niets|nergens|geenszins)\b(?![-‐])", re.IGNORECASE)  # not "niet-militaire"
_NOT_NEGATION = re.compile(
    r"\bniet\s+(?:alleen|enkel|slechts|meer\s+dan|minder\s+dan|zonder|onbelangrijk|gering\w*|"
    r"onaanzienlijk\w*|uit\s+te\s+sluiten)\b|\bgeen\s+(?:enkele\s+)?twijfel\b",
    re.IGNORECASE,
)
_CONSIDERED = re.compile(
    r"\b(?=[oemvbzwdnghO])(?:overw\w*|onderzo(?:ek|ekt|eken|cht)|onderzocht|mogelijk\w*|eventue\w*|bezien|beziet|"
    r"verken\w*|zou|zouden|wellicht|misschien|denkbaar|nagedacht|gekeken|opties?|handelingsopties)\b",
    re.IGNORECASE,
)
_NOT_CONSIDERED = re.compile(
    r"\bzo\s+\w+\s+mogelijk\b|\bmogelijk\s+(?:ge)?maak\w*|\bmogelijk\s+gemaakt\b|\bmogelijkheid\s+tot\s+beroep\b",
    re.IGNORECASE,
)
_PLANNED = re.compile(
    r"\b(?=[zbvgstkonwZBVGSTKONW])(?:zal|zullen|beoogt|beogen|beoogd\w*|voornemens|voornemen|voorgenomen|gepland\w*|streeft|"
    r"streven|toegezegd|toezeggen|zegt\s+toe|komende|op\s+korte\s+termijn|naar\s+verwachting|wil|willen|"
    # a decision still to come: "Een definitief besluit volgt (in het voorjaar)", "besluitvorming hierover volgt later"
    r"besluit(?:vorming)?\s+(?:\w+\s+){0,2}?(?:volgt|volgen|wordt\s+(?:later|binnenkort|nog)|moet\s+nog)|"
    r"nog\s+(?:niet\s+)?(?:definitief\s+)?(?:te\s+)?(?:besluiten|beslissen|nemen|bepalen))\b",
    re.IGNORECASE,
)



_LAST_CLAUSES: dict = {"last": (None, -1, -1, [])}  # the latest sentence asked for: callers ask in turn


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]`` (a sentence) as half-open spans covering it in order.

    The answer for the latest sentence is kept (the caller must not change the list)."""
    last_text, last_start, last_end, last_spans = _LAST_CLAUSES["last"]
    if last_text is text and last_start == start and last_end == end:
        return last_spans
    spans = _clauses(text, start, end)
    _LAST_CLAUSES["last"] = (text, start, end, spans)
    return spans


_BREAK_CHARS = re.compile(r"[;:–—,]|maar", re.IGNORECASE)  # every clause break holds one of these


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if _BREAK_CHARS.search(text, start, end) is None:
        return [(start, end)]
    spans, pos = [], start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans or [(start, end)]


def clause_of(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause of sentence ``[start, end)`` that contains offset ``pos`` (or the nearest one)."""
    best = (start, end)
    for c in clauses(text, start, end):
        if c[0] <= pos < c[1]:
            return c
        if c[0] <= pos:
            best = c
    return best


# which of negation (0), considered (1) and planned (2) may occur in a span: one Aho-Corasick pass
# over it for the words every match of each pattern holds (the exact regular expressions run only then)
_NEG, _CONS, _PLAN = 0, 1, 2
_WORDS = Prefilter([[required_words(_NEGATION.pattern)], [required_words(_CONSIDERED.pattern)],
                    [required_words(_PLANNED.pattern)]])


def is_negated(text: str, start: int, end: int) -> bool:
    """True if ``text[start:end]`` contains a negation that is not a quantifier or fixed phrase."""
    span = text[start:end]
    # masking the fixed phrases only removes matches (they start and end on word boundaries), so a
    # span without any negation word is not negated: the common case costs one cheap scan
    return _NEG in _WORDS.candidates(span) and _is_negated(span)


def _is_negated(span: str) -> bool:
    masked = _NOT_NEGATION.sub(lambda m: " " * len(m.group()), span)
    return _NEGATION.search(masked) is not None


def modality(text: str, start: int, end: int) -> Literal["planned", "considered"] | None:
    """``"considered"``, ``"planned"`` or None for ``text[start:end]``."""
    span = text[start:end]
    return _modality(span, _WORDS.candidates(span))


def _modality(span: str, may) -> Literal["planned", "considered"] | None:
    # as for negations: masking only removes matches, so without a word of the pattern no sub is needed
    if _CONS in may:
        masked = _NOT_CONSIDERED.sub(lambda m: " " * len(m.group()), span)
        if _CONSIDERED.search(masked):
            return "considered"
    if _PLAN in may and _PLANNED.search(span):
        return "planned"
    return None


def assess(text: str, start: int, end: int) -> Assessment:
    """Whether the clause ``text[start:end]`` asserts, negates, plans or considers its content."""
    span = text[start:end]
    may = _WORDS.candidates(span)
    if _NEG in may and _is_negated(span):
        return "negated"
    return _modality(span, may) or "asserted"


# --------------------------------------------------------------------------- shared helpers


class SentenceIndex:
    """Find the sentence around an offset in O(log n); sentences are ``(start, end)`` in order."""

    def __init__(self, sentences) -> None:
        self.spans = [(s.start, s.end) for s in sentences]
        self.starts = [s for s, _ in self.spans]

    def index(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return max(i, 0)

    def span(self, pos: int) -> tuple[int, int]:
        if not self.spans:
            return (0, 0)
        return self.spans[self.index(pos)]


def paragraph_start(text: str, pos: int) -> int:
    """Offset where the paragraph containing ``pos`` begins (normalised text separates them by "\\n\\n")."""
    cut = text.rfind("\n\n", 0, pos)
    return cut + 2 if cut >= 0 else 0


class SpanIndex:
    """Spans (mentions, quantities, dates) sorted by start, for range queries in O(log n + k)."""

    def __init__(self, items) -> None:
        self.items = sorted(items, key=lambda i: (i.start, i.end))
        self.starts = [i.start for i in self.items]

    def between(self, start: int, end: int) -> list:
        """The items that lie inside [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [i for i in self.items[lo:hi] if i.end <= end]


def fact_key(ctx, kind: str, start: int, end: int) -> str:
    """A deterministic node key for a fact: ``<kind>/<letter>-<orig start>-<orig end>``.

    ``start``/``end`` are normalised offsets; the key uses the original ones so it is stable under
    changes to normalisation that do not move the passage. ``rdf.to_quads`` adds ``-2``, ``-3`` …
    when several facts of one letter share a key.
    """
    o_start, o_end = ctx.parsed.normalised.to_original(start, end)
    return f"{kind.lower()}/{ctx.parsed.normalised.letter.name}-{o_start}-{o_end}"
