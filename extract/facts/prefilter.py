"""Word prefilters for the fact extractors' regular expressions: which patterns may match a text.

:func:`required_words` reads a pattern's literal words one of which every match must contain (from the
stdlib's own regex parser); :class:`Prefilter` answers, with one Aho-Corasick pass (pyahocorasick) over
a lower-cased text, which of many patterns may match it, so the full patterns run only there. The
answer is exactly "one of its words occurs, searched with ``re.IGNORECASE``": words with characters
``str.lower`` does not fold like ``re`` make their pattern always run, and so does a text holding one
of ``CASE_SPECIAL``. Used by events (triggers, anaphora, fixed references) and relations (rules).
"""

from __future__ import annotations

import re
from bisect import bisect_right

# The characters ``\s`` matches in a str pattern (str.isspace; none beyond U+3000); lower-casing keeps them.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_SLOT = "\x00"  # in a word of :func:`required_words` while it is built: one character ``\s`` matches


def required_words(src: str) -> tuple[str, ...] | None:
    r"""Lower-case literal words one of which every match of the regex ``src`` must contain (None: none known).

    Walks the parsed pattern (the stdlib's own parser): literal runs outside optional parts (a ``\s``
    between literals is kept as each whitespace character it may be: "het\sland" gives "het land",
    "het\nland" …, so "Nederland" is no hit), a literal joined to the literal start of each branch of the
    alternation after it, and alternations each of whose branches has such a word. Keeps the most
    selective set: words of at least 5 characters first, then fewer words, then longer ones (at least 3
    characters). Used only as a necessary condition: a text without any of the words cannot match, so
    the pattern need not be tried on it.
    """
    try:
        from re import _parser as sre_parse  # noqa: PLC0415 - the stdlib's own regex parser
        from re._constants import BRANCH, CATEGORY, CATEGORY_SPACE, IN, LITERAL, SUBPATTERN
    except ImportError:  # pragma: no cover - other Python versions: no prefilter, same results
        return None

    def best(cands: list[tuple[str, ...]]) -> tuple[str, ...] | None:
        def key(ws):
            shortest = min(len(w) for w in ws)
            return shortest >= 5, -len(ws), shortest
        return max(cands, key=key) if cands else None

    def prefix(seq) -> str:
        out = []
        for op, av in seq:
            if op is not LITERAL:
                break
            out.append(chr(av))
        return "".join(out)

    def words_of(token: str) -> list[tuple[str, ...]]:
        """Candidates from one token of literals and slots: whole with one slot, else its literal parts."""
        if token.count(_SLOT) <= 1 and len(token.replace(_SLOT, "")) >= 3:
            return [(token.lower(),)]
        return [(part.lower(),) for part in token.split(_SLOT) if len(part) >= 3]

    def branch(branches) -> tuple[str, ...] | None:
        words: list[str] = []
        for b in branches:
            ws = best(walk(b))
            if ws is None:
                return None
            words.extend(ws)
        return tuple(dict.fromkeys(words))

    def walk(seq) -> list[tuple[str, ...]]:
        cands: list[tuple[str, ...]] = []
        run: list[str] = []
        for op, av in list(seq) + [(None, None)]:
            if op is LITERAL:
                run.append(chr(av))
                continue
            if op is IN and av == [(CATEGORY, CATEGORY_SPACE)]:
                run.append(_SLOT)
                continue
            tokens = "".join(run).split()
            for token in tokens:
                cands.extend(words_of(token))
            tail = tokens[-1] if tokens and not run[-1].isspace() else ""
            while tail.count(_SLOT) > 1:
                tail = tail[tail.index(_SLOT) + 1:]
            run = []
            branches = None
            if op is BRANCH:
                branches = av[1]
            elif op is SUBPATTERN:
                inner = av[-1]
                if len(inner) == 1 and inner[0][0] is BRANCH:
                    branches = inner[0][1][1]
                else:
                    cands.extend(walk(inner))
                    branches = [inner] if prefix(inner) else None
            if branches:
                ws = branch(branches) if op is BRANCH or len(branches) > 1 or branches[0] is not av[-1] else None
                if ws:
                    cands.append(ws)
                # the literal right before an alternation (or group), joined to each branch's literal
                # start ("g" + "ing|ingen|aat|aan", "het\s" + "land"): the more selective words
                starts = [prefix(b) for b in branches]
                if tail and all(starts) and all(len((tail + b).replace(_SLOT, "")) >= 3 for b in starts):
                    cands.append(tuple(dict.fromkeys((tail + b).lower() for b in starts)))
        return cands

    try:
        found = best(walk(sre_parse.parse(src, re.IGNORECASE)))
    except re.error:
        return None
    if found is None:
        return None
    out: list[str] = []
    for w in found:
        out.extend(w.replace(_SLOT, c) for c in _WHITESPACE) if _SLOT in w else out.append(w)
    return tuple(dict.fromkeys(out))


# Characters that ``re.IGNORECASE`` equates with an ASCII letter although ``str.lower`` does not map
# them to it one to one (İ ı ſ and the Kelvin sign).
CASE_SPECIAL = frozenset("\u0130\u0131\u017f\u212a")
# Word characters whose case-insensitive match is exactly "the same character after str.lower".
PLAIN_FOLD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_’'-àáâäçèéêëìíîïòóôöùúûü" + _WHITESPACE)


CASE_SPECIAL_RX = re.compile("[" + "".join(sorted(CASE_SPECIAL)) + "]")
_LOWERED: dict = {"last": (None, None)}


def lowered(text: str) -> str | None:
    """``text.lower()``, computed once per text; None when that is no offset-preserving fold (a
    character of ``CASE_SPECIAL``, or lower-casing changes the length)."""
    last, low = _LOWERED["last"]
    if last is not text:
        low = text.lower()
        if len(low) != len(text) or CASE_SPECIAL_RX.search(text):
            low = None
        _LOWERED["last"] = (text, low)
    return low


class Prefilter:
    """Which of several patterns may match a text, from one Aho-Corasick pass over it.

    ``needs[i]`` lists the patterns' alternatives' required words (:func:`required_words`; None for
    an alternative without one): pattern ``i`` may match iff one of its alternatives may, i.e. has no
    required word or one occurring in the lower-cased text. The same answer as searching each word
    with ``re.IGNORECASE`` because words with characters ``str.lower`` does not fold like ``re`` count
    as absent-able only through their own regex, and a text holding one of ``CASE_SPECIAL`` tries
    every pattern.
    """

    def __init__(self, needs: list[list[tuple[str, ...] | None]]) -> None:
        import ahocorasick  # noqa: PLC0415 - pyahocorasick

        self.n = len(needs)
        self.always = frozenset(i for i, alts in enumerate(needs)
                                if any(ws is None or not all(set(w) <= PLAIN_FOLD for w in ws) for ws in alts))
        rules_of: dict[str, set[int]] = {}
        for i, alts in enumerate(needs):
            if i in self.always:
                continue
            for ws in alts:
                for w in ws:
                    rules_of.setdefault(w, set()).add(i)
        self.automaton = ahocorasick.Automaton()
        for w, rules in rules_of.items():
            self.automaton.add_word(w, (len(w), frozenset(rules)))
        if rules_of:
            self.automaton.make_automaton()

    def candidates(self, seg: str) -> frozenset[int] | set[int]:
        """Indices of the patterns that may match ``seg`` (a superset of those that do)."""
        if not len(self.automaton) or not CASE_SPECIAL.isdisjoint(seg):
            return frozenset(range(self.n))
        out = set(self.always)
        for _, (_, rules) in self.automaton.iter(seg.lower()):
            out |= rules
        return out

    def per_span(self, text: str, spans: list[tuple[int, int]]) -> list:
        """``candidates(text[s:e])`` for each ``(s, e)`` of ``spans`` (ascending, not overlapping),
        from one pass of the automaton over the whole text (a word counts for the span holding it)."""
        low = lowered(text)
        if not len(self.automaton) or low is None or \
                any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
            return [self.candidates(text[s:e]) for s, e in spans]
        starts = [s for s, _ in spans]
        out = [set(self.always) for _ in spans]
        for end, (n, rules) in self.automaton.iter(low):
            i = bisect_right(starts, end - n + 1) - 1
            if i >= 0 and end < spans[i][1]:
                out[i] |= rules
        return out
