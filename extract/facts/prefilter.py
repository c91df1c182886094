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
from functools import lru_cache

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


@lru_cache(maxsize=512)
def _parsed(src: str):
    """``src`` parsed by the stdlib's own regex parser with ``re.IGNORECASE`` (None: cannot say; the
    answer is shared: read it, never change it)."""
    try:
        from re import _parser as sre_parse  # noqa: PLC0415 - the stdlib's own regex parser
        return sre_parse.parse(src, re.IGNORECASE)
    except (ImportError, re.error):  # pragma: no cover - other Python versions: no analysis
        return None


def _flat(seq):
    """The ops of ``seq`` with the contents of groups (capturing or not) spliced in: a group is matched
    exactly once, so its contents are as required as the ops around it."""
    from re._constants import SUBPATTERN  # noqa: PLC0415

    for op, av in seq:
        if op is SUBPATTERN:
            yield from _flat(av[-1])
        else:
            yield op, av


def fold_safe(word: str) -> bool:
    """True if ``re.IGNORECASE`` matches ``word`` exactly where ``str.lower`` of a text without
    ``CASE_SPECIAL`` holds ``word.lower()``: letters of ``PLAIN_FOLD`` and characters without case."""
    return all(c in PLAIN_FOLD or (c.lower() == c == c.upper() and not c.isalpha()) for c in word)


def required_clauses(src: str) -> list[tuple[str, ...]]:
    """Lower-case word sets every match of the regex ``src`` (searched with ``re.IGNORECASE``) holds one
    word of, each set: a conjunction of necessary conditions (empty list: none known).

    Literal runs outside optional parts (across group boundaries; a repeat of at least one counts as
    once) of at least three characters (two with a punctuation mark), and alternations each of whose
    branches has such a run (the set of one run per branch). Only :func:`fold_safe` words, so
    ``w in text.lower()`` is the
    exact test of a text without a ``CASE_SPECIAL`` character. Stronger than :func:`required_words`
    (all the known conditions instead of the most selective one), for callers that test words one
    by one with ``in``.
    """
    parsed = _parsed(src)
    if parsed is None:
        return []
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT  # noqa: PLC0415

    def selective(word: str) -> bool:
        """Three characters, or two with a punctuation mark (" (" is rarer than most words); not
        nothing but spaces, commas and characters without case, which most texts hold."""
        if all(c.isspace() or c == "," or (not c.isalnum() and c.lower() == c == c.upper() and ord(c) > 0x2fff)
               for c in word):
            return False
        return len(word) >= 3 or (len(word) == 2 and any(not (c.isalnum() or c.isspace()) for c in word))

    def walk(seq) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        run: list[str] = []
        for op, av in list(_flat(seq)) + [(None, None)]:
            if op is LITERAL:
                run.append(chr(av))
                continue
            word = "".join(run).lower()
            if selective(word) and fold_safe(word):
                out.append((word,))
            run = []
            if op is BRANCH:
                per_branch = []
                for b in av[1]:
                    cands = walk(b)
                    if not cands:
                        per_branch = None
                        break
                    per_branch.append(max(cands, key=lambda ws: (min(map(len, ws)), -len(ws))))
                if per_branch:
                    out.append(tuple(dict.fromkeys(w for ws in per_branch for w in ws)))
            elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and av[0] >= 1:
                out.extend(walk(av[2]))
        return out

    return list(dict.fromkeys(walk(parsed)))


def min_count(src: str, char: str) -> int:
    """The fewest times the literal ``char`` (a character without case) occurs in a match of ``src``."""
    parsed = _parsed(src)
    if parsed is None:
        return 0
    from re._constants import BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT  # noqa: PLC0415

    code = ord(char)

    def count(seq) -> int:
        n = 0
        for op, av in _flat(seq):
            if op is LITERAL and av == code:
                n += 1
            elif op is BRANCH:
                n += min(count(b) for b in av[1])
            elif op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and av[0] >= 1:
                n += av[0] * count(av[2])
        return n

    return count(parsed)


def lead_before(src: str, char: str) -> int | None:
    """The most characters a match of ``src`` can have before the first ``char`` its pattern always
    consumes (a literal of the top-level sequence); None when unbounded or no such literal. A match
    therefore starts at most that many characters before the first ``char`` of the text."""
    parsed = _parsed(src)
    if parsed is None:
        return None
    from re import _parser as sre_parse  # noqa: PLC0415
    from re._constants import LITERAL, MAXREPEAT  # noqa: PLC0415

    code, lead = ord(char), 0
    for op, av in _flat(parsed):
        if op is LITERAL and av == code:
            return lead
        width = sre_parse.SubPattern(parsed.state, [(op, av)]).getwidth()[1]
        if width >= MAXREPEAT:
            return None
        lead += width
    return None


def lead_strings(src: str, char: str, limit: int = 64) -> tuple[str, ...] | None:
    """Every lower-case string a match of ``src`` can begin with before the first ``char`` its pattern
    always consumes (see :func:`lead_before`), when they are few (at most ``limit``) and all
    :func:`fold_safe`; None otherwise. Zero-width assertions count as the empty string (so the set
    may hold more than can match, never less): a match starts ``len(s)`` before a ``char`` of the
    text for an ``s`` of the set that the lower-cased text holds right there."""
    parsed = _parsed(src)
    if parsed is None:
        return None
    from re._constants import (  # noqa: PLC0415
        ASSERT, ASSERT_NOT, AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, NEGATE, POSSESSIVE_REPEAT, SUBPATTERN,
    )

    class Unbounded(Exception):
        pass

    def cat(left: set[str], right: set[str]) -> set[str]:
        out = {a + b for a in left for b in right}
        if len(out) > limit:
            raise Unbounded
        return out

    def lang(seq) -> set[str]:
        out = {""}
        for op, av in seq:
            out = cat(out, lang_op(op, av))
        return out

    def lang_op(op, av) -> set[str]:
        if op is LITERAL:
            c = chr(av).lower()
            if not fold_safe(c):
                raise Unbounded
            return {c}
        if op in (ASSERT, ASSERT_NOT, AT):
            return {""}
        if op is SUBPATTERN:
            return lang(av[-1])
        if op is BRANCH:
            out: set[str] = set()
            for b in av[1]:
                out |= lang(b)
            return out
        if op is IN:
            if any(o is not LITERAL for o, _ in av if o is not NEGATE) or any(o is NEGATE for o, _ in av):
                raise Unbounded
            return {c for o, v in av for c in lang_op(o, v)}
        if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and av[1] <= 8:
            item, out, power = lang(av[2]), set(), {""}
            for k in range(av[1] + 1):
                if k >= av[0]:
                    out |= power
                power = cat(power, item)
            return out
        raise Unbounded

    code, prefix = ord(char), []
    for op, av in _flat(parsed):
        if op is LITERAL and av == code:
            try:
                return tuple(sorted(lang(prefix), key=lambda s: (-len(s), s)))
            except Unbounded:
                return None
        prefix.append((op, av))
    return None


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
        if not len(self.automaton) or CASE_SPECIAL_RX.search(seg) is not None:
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


def _simplest(clauses: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The same conjunction with fewer words: a word holding another word of its set goes (the text
    holds the shorter one wherever it holds the longer), and so does a set that another one implies
    (each of whose words holds one of the set's words: "aan" after " aan ")."""
    sets = []
    for cl in clauses:
        ws = sorted(set(cl), key=lambda w: (len(w), w))
        keep: list[str] = []
        for w in ws:
            if not any(k in w for k in keep):
                keep.append(w)
        sets.append(tuple(sorted(keep)))
    sets = list(dict.fromkeys(sets))
    # two different minimal sets never imply each other, so this keeps one of any chain
    return [a for a in sets if not any(b != a and all(any(w in x for w in a) for x in b) for b in sets)]


class ClausePrefilter:
    """Which of several patterns may match a text, from one Aho-Corasick pass over it, with every
    known necessary condition of each (a conjunction of :func:`required_clauses`, not one word set).

    ``clauses[i]`` are pattern ``i``'s word sets (all :func:`fold_safe`): it may match a text only if
    the lower-cased text holds a word of each. A text holding one of ``CASE_SPECIAL`` (or whose
    lower-casing changes its length) may match every pattern.
    """

    def __init__(self, clauses: list[list[tuple[str, ...]]]) -> None:
        import ahocorasick  # noqa: PLC0415 - pyahocorasick

        self.n = len(clauses)
        ids: dict[tuple[str, ...], int] = {}
        self.needs = tuple(frozenset(ids.setdefault(cl, len(ids)) for cl in _simplest(cls)) for cls in clauses)
        clauses_of: dict[str, set[int]] = {}
        for cl, cid in ids.items():
            for w in cl:
                clauses_of.setdefault(w, set()).add(cid)
        # each pattern is looked at when its most selective word set is present (its longest shortest word)
        shortest = {cid: min(map(len, cl)) for cl, cid in ids.items()}
        by_trigger: dict[int, list[int]] = {}
        always = []
        for i, need in enumerate(self.needs):
            if need:
                by_trigger.setdefault(max(need, key=lambda c: (shortest[c], -c)), []).append(i)
            else:
                always.append(i)
        self.always = frozenset(always)
        self.automaton = ahocorasick.Automaton()
        for w, cids in clauses_of.items():  # a word: the word sets it is in, the patterns they trigger
            self.automaton.add_word(w, (frozenset(cids), frozenset(i for c in cids for i in by_trigger.get(c, ()))))
        if clauses_of:
            self.automaton.make_automaton()

    def candidates(self, text: str) -> list[int]:
        """Indices of the patterns that may match ``text`` (a superset of those that do), ascending."""
        low = text.lower()
        if len(low) != len(text) or CASE_SPECIAL_RX.search(text) is not None:
            return list(range(self.n))
        return self.candidates_lowered(low)

    def candidates_lowered(self, low: str) -> list[int]:
        """:meth:`candidates` of a text whose ``str.lower`` is ``low``, for a text without a
        ``CASE_SPECIAL`` character and as long as ``low`` (the caller checks)."""
        if not len(self.automaton):
            return list(range(self.n))
        present: set[int] = set()
        out = set(self.always)
        for _, (cids, triggered) in self.automaton.iter(low):
            present |= cids
            out |= triggered
        needs = self.needs
        return [i for i in sorted(out) if needs[i] <= present]


@lru_cache(maxsize=256)
def words_test(rx: re.Pattern):
    """A test ``low -> bool`` on a lower-cased text (without a ``CASE_SPECIAL`` character, as long as
    the text): False only when ``rx`` (compiled with ``re.IGNORECASE``) cannot match inside that text,
    because it holds none of the :func:`required_words` every match holds. None when no such words
    are known (or they are not all :func:`fold_safe`). A few ``in`` tests, or one Aho-Corasick pass
    for many words, cost much less than the regex trying every position of the text."""
    ws = required_words(rx.pattern) if rx.flags & re.IGNORECASE else None
    if not ws or not all(map(fold_safe, ws)):
        return None
    if len(ws) <= 8:
        return lambda low: any(w in low for w in ws)
    import ahocorasick  # noqa: PLC0415 - pyahocorasick

    a = ahocorasick.Automaton()
    for w in ws:
        a.add_word(w, None)
    a.make_automaton()
    return lambda low: next(a.iter(low), None) is not None
