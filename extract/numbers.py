"""Dutch numbers as written in parliamentary letters: digits, number words, scale words.

* Digits: ``.`` groups thousands and ``,`` is the decimal comma (``6.600`` = 6600, ``3,8`` = 3.8,
  ``1.500.000`` = 1500000); a lone dot followed by one or two digits before a scale word is read as
  a decimal point (``2.5 miljoen``).
* Words: ``vier``, ``twaalf``, ``negentien``, ``tweeëntwintig``, ``tweehonderdvijftig``, via
  text2num, plus ``anderhalf`` (1.5) and ``half`` (0.5).
* Scale words multiply: ``duizend``, ``miljoen``/``mln``/``mio``, ``miljard``/``mld``/``mrd``,
  ``biljoen`` (``3,8 miljoen`` = 3800000, ``1,2 mld`` = 1200000000).
* Approximate group nouns give a number with :data:`APPROX_NOUN` (``een honderdtal`` ≈ 100,
  ``tiental`` ≈ 10); vague plurals (``tientallen``, ``honderden``, ``enkele``) give no number.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_UNITS = ["een", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]
_TENS = ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
_PIECES = sorted(set(_UNITS + _TEENS + _TENS + ["honderd", "duizend", "en", "ën"]), key=len, reverse=True)

#: a run of Dutch number-word pieces (validated by text2num in :func:`word_number`)
NUMBER_WORD = r"(?:" + "|".join(_PIECES) + r")+"

#: digits with thousands dots and a decimal comma
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"

SCALES: dict[str, int] = {
    "duizend": 10**3,
    "dzd": 10**3,
    "miljoen": 10**6,
    "miljoenen": 10**6,
    "mln": 10**6,
    "mio": 10**6,
    "miljard": 10**9,
    "mld": 10**9,
    "mrd": 10**9,
    "biljoen": 10**12,
}
SCALE = r"(?:miljoen|miljard|mln\.?|mld\.?|mrd\.?|mio\.?|biljoen|duizend|dzd\.?)"

#: "een honderdtal" ≈ 100: group nouns that give an approximate number
APPROX_NOUN = re.compile(rf"(?<![\w-])({NUMBER_WORD})tal(?![\w-])", re.I)


@lru_cache(maxsize=4096)
def word_number(word: str) -> int | None:
    """The value of a Dutch number word (``"negentien"`` → 19), or None if it is not one."""
    w = word.lower().replace("één", "een")
    if w in ("en", "ën", ""):
        return None
    if w == "anderhalf":
        return None  # not an integer; see parse_number
    if w.endswith(("en", "ën")) and w[:-2] in _PIECES and w not in _PIECES:
        return None  # "achten", "drieën" are not numbers
    from text_to_num import text2num

    try:
        value = text2num(w, "nl")
    except (ValueError, AssertionError, KeyError, IndexError):
        return None
    return int(value) if value is not None else None


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_POINT = re.compile(r"\d+\.\d{1,2}")
_PLAIN_DIGITS = re.compile(r"\d+")


def digits_value(s: str) -> Decimal | None:
    """``"6.600"`` → 6600, ``"3,8"`` → 3.8, ``"1.500.000"`` → 1500000; None if not a number."""
    if s.isdigit() and s.isascii():
        return Decimal(s)
    s = s.strip().replace("\u00a0", "").replace("\u202f", "")
    if _GROUPED.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    elif _DECIMAL_POINT.fullmatch(s):
        pass  # a decimal point (only meaningful before a scale word; the caller decides)
    elif not _PLAIN_DIGITS.fullmatch(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def scale_value(word: str | None) -> int:
    """The multiplier of a scale word (``"mln."`` → 10**6); 1 for None."""
    if not word:
        return 1
    return SCALES.get(word.lower().rstrip("."), 1)


_PARSE = re.compile(
    rf"^\s*(?P<num>{DIGITS}|\d+\.\d{{1,2}}|{NUMBER_WORD}|anderhalf|half)(?:\s*(?P<scale>{SCALE}))?\s*$",
    re.I,
)


def parse_number(text: str) -> Decimal | None:
    """The number ``text`` states, scale words applied, or None.

    ``"6.600"`` → 6600 · ``"3,8 miljoen"`` → 3800000 · ``"1,2 mld"`` → 1200000000 ·
    ``"negentien"`` → 19 · ``"een honderdtal"`` → 100 · ``"anderhalf miljoen"`` → 1500000 ·
    ``"enkele"`` → None.
    """
    t = text.strip().lower()
    t = re.sub(r"^(?:een|één)\s+(?=\w+tal$)", "", t)
    m = APPROX_NOUN.fullmatch(t)
    if m:
        v = word_number(m.group(1))
        return Decimal(v) if v is not None else None
    m = _PARSE.match(t)
    if not m:
        return None
    num = m.group("num")
    if num == "anderhalf":
        base = Decimal("1.5")
    elif num == "half":
        base = Decimal("0.5")
    elif num[0].isdigit():
        if _DECIMAL_POINT.fullmatch(num) and not m.group("scale"):
            return None  # "2.5" without a scale word is not Dutch notation
        base = digits_value(num)
    else:
        v = word_number(num)
        base = Decimal(v) if v is not None else None
    if base is None:
        return None
    return integral(base * scale_value(m.group("scale")))


def integral(value: Decimal) -> Decimal:
    """``Decimal("3800000.0")`` → ``Decimal("3800000")``; other values unchanged."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


_WORD_START = re.compile(r"(?<![^\s(«“\"'\[/])(?=\S)")
_ASCII_RUN = re.compile(r"[A-Za-z]+")


class Openers(dict):
    """Which lower-cased ASCII words can open a match of a pattern: ``openers[word]`` is True when
    ``word`` is in ``words`` or fully matches ``pattern`` (answers are kept: a letter's vocabulary
    is small).

    Used by :func:`anchored_finditer` to skip word starts where the pattern cannot match without
    running it: a pattern's every match must begin with a digit, a symbol, a non-ASCII letter, or an
    ASCII word (the whole run of ASCII letters there, up to a non-letter) for which this says True.
    """

    def __init__(self, words, pattern: re.Pattern | None = None) -> None:
        super().__init__()
        self.words = frozenset(words)
        self.pattern = pattern

    def __missing__(self, word: str) -> bool:
        ok = word in self.words or (self.pattern is not None and self.pattern.fullmatch(word) is not None)
        if len(self) > 50_000:
            self.clear()
        self[word] = ok
        return ok


_WORD_OPENERS = frozenset("(«“\"'[/")  # besides whitespace, what a word start may follow (_WORD_START)


def is_word_start_at(text: str, i: int) -> bool:
    """``_WORD_START.match(text, i) is not None``, without the regex call: a non-space character at
    ``i`` after whitespace, an opening bracket, quote or slash, or at the very start."""
    if i >= len(text) or text[i].isspace():
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _WORD_OPENERS


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


_REVERSED: list = [(None, None)]  # the latest text and its reverse (finders ask in turn)
_BACK_WORD: dict[str, re.Pattern] = {}  # seps -> separators then an ASCII word, read backwards


def _lead_start(text: str, lo: int, p: int, lead: Openers, seps: str) -> int:
    """The first offset in [lo, p] from which only ``lead`` words and ``seps``/whitespace run up to
    ``p`` (walking back from ``p``); ``lo`` when a word it cannot judge (one with a non-ASCII letter or
    a digit glued to it) comes first. Each step back reads one separator run and one word with a
    pattern over the reversed text."""
    last, rev = _REVERSED[0]
    if last is not text:
        rev = text[::-1]
        _REVERSED[0] = (text, rev)  # one tuple: a thread never sees a text with another's reverse
    n = len(text)
    back = _BACK_WORD.get(seps)
    if back is None:
        back = _BACK_WORD[seps] = re.compile(rf"[\s{re.escape(seps)}]*([A-Za-z]*)")
    j = p
    while j > lo:
        w0, w1 = back.match(rev, n - j, n - lo).span(1)
        if w0 == w1:
            return j  # no word before: a character no lead-in has
        k, end = n - w1, n - w0  # the word is text[k:end]
        if (k > lo and (text[k - 1].isalnum() or text[k - 1] == "_")) or (end == p and text[p] >= "\x80"):
            return lo  # a word with characters we do not judge: try the whole window
        if not lead[text[k:end].lower()]:
            return j
        j = k
    return lo


_BEFORE_WORD = "(«“\"'[/"  # what may stand right before a word (none is a letter or digit)


def _stops_at_anchor(text: str, lo: int, p: int, lead: Openers, seps: str) -> bool:
    """True only where :func:`_lead_start` answers ``p`` (its walk stops at once), told from a few
    characters and one ``str.rfind`` instead of a pattern over the reversed text: one whitespace
    character before the anchor, and before it nothing (the window's start), a character that is
    neither a separator nor an ASCII letter, or a whole ASCII word (after whitespace, perhaps an
    opening bracket or quote, or from the window's start, as the walk reads it) that is no lead-in
    word. False: walk."""
    if not text[p - 1].isspace():
        return False
    if p - 1 == lo:
        return True
    b = text[p - 2]
    if b.isspace() or b in seps:
        return False
    if not ("a" <= b <= "z" or "A" <= b <= "Z"):
        return True
    k = text.rfind(" ", lo, p - 1)
    k2 = text.rfind("\n", lo, p - 1)
    if k2 > k:
        k = k2
    elif k < 0:
        k = lo - 1
    w = text[k + 1 : p - 1]  # no whitespace in the window: from its start, where the walk stops too
    if not (w.isascii() and w.isalpha()):
        w = w.lstrip(_BEFORE_WORD)
        if not (w.isascii() and w.isalpha()):
            return False
    return not lead[w.lower()]


def anchored_finditer(rx: re.Pattern, anchors: re.Pattern, text: str, start: int = 0, end: int | None = None,
                      back: int = 48, ahead: int = 96, hits: list[tuple[int, int]] | None = None,
                      openers: Openers | None = None, lead: Openers | None = None, seps: str = "",
                      folded_text: str | None = None):
    """``rx.finditer(text, start, end)`` for a pattern whose every match contains an ``anchors`` hit
    and starts at a word start (after whitespace or an opening bracket/quote), trying ``rx`` only
    at the word starts up to ``back`` characters before each hit and at the hit itself.

    Scanning a long alternation at every position of a letter costs ~0.5 s/MB in ``re``; anchors
    (digits, month names, number words) are rare, so this is several times faster. Matches come in
    text order and do not overlap; a match ends at most ``ahead`` characters after its anchor. A
    start position that failed once is not tried again (a match from it would have had to contain
    an earlier anchor), which keeps dense input ("1 1 1 1 …") linear.
    ``hits``: the anchor spans inside [start, end), when the caller found them already.

    Two optional shortcuts count a word start as tried without running ``rx`` where it cannot match,
    so the outcome is the same:

    - ``openers``: the words ``rx`` can begin with (see :class:`Openers`): a word start whose ASCII
      word, as ``rx`` would see it (cut at the search limit), is not one of them and is followed by
      an ASCII character or the limit;
    - ``lead`` and ``seps``: the words (and separators besides whitespace) that can come before the
      first anchor in a match: a word start before the run of such words that ends at the anchor
      (a start that would have to take in a word ``rx`` has no place for). An anchor earlier in the
      window was tried with every start before it already.

    ``folded_text``: :func:`folded` ``text``, and ``rx`` the :func:`lowercase_twin` of the pattern:
    ``rx`` is matched against it (same offsets, same matches, faster); anchors, word starts and
    lead-in words are still read from ``text``.
    """
    end = len(text) if end is None else end
    last_end = start
    spans = hits if hits is not None else [a.span() for a in anchors.finditer(text, start, end)]
    # Every word start before ``done`` in a window has been tried (or skipped as one where ``rx``
    # cannot match): an anchor without a match leaves all the starts of its window tried, and the
    # next window begins after the previous one's start, so this mark is the set of tried starts.
    done = start
    word_at = _ASCII_RUN.match
    subject = text if folded_text is None else folded_text
    for p, pe in spans:
        if p < last_end:
            continue
        lim = pe + ahead  # min() and max() spelt out: builtin calls cost more than the comparisons
        if lim > end:
            lim = end
        lo = p - back
        if lo < last_end:
            lo = last_end
        if lo < done:
            lo = done
        if lead is not None and lo < p and _stops_at_anchor(text, lo, p, lead, seps):
            # most anchors: the walk back would stop at once, and after the whitespace it saw the
            # anchor is a word start (_WORD_START) unless it is whitespace itself
            starts = () if text[p].isspace() else (p,)
        else:
            first = lo if lead is None or lo >= p else _lead_start(text, lo, p, lead, seps)
            if first == p:  # only the anchor itself may open a match
                # _WORD_START at p read from the two characters (is_word_start_at's test compares them)
                starts = (p,) if is_word_start_at(text, p) else ()
            else:
                starts = [w.start() for w in _WORD_START.finditer(text, first, p + 1)]
        for i in starts:
            if openers is not None and text[i] in _ASCII_LETTERS:
                a = word_at(text, i, lim)
                j = a.end()
                if (j == lim or text[j] < "\x80") and not openers[a.group().lower()]:
                    continue
            m = rx.match(subject, i, lim)
            if m is not None and m.end() > p:
                last_end = m.end()
                yield m
                break
        else:
            done = p + 1


# One Aho-Corasick pass (pyahocorasick) per letter finds the ASCII digits and the anchor words and
# signs of every AnchorWords: the finders share it, and it is faster than a regex scan for \d+ (about
# 12 ns a character in re) and a str.find per word. Decimal digits of other scripts (\d is Unicode)
# are rare: a letter that has any gets its runs from the regex.
_SCAN_KEYS: dict[str, None] = {}  # every AnchorWords word and sign, in the order they were declared
_SCAN_AUTOMATON: list = [None]
_SCANNED: list = [(None, None)]  # the latest lower-cased text and its scan (finders ask in turn)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGIT_RUN = re.compile(r"\d+")


def _automaton():
    a = _SCAN_AUTOMATON[0]
    if a is None:
        import ahocorasick  # noqa: PLC0415 - pyahocorasick, as the gazetteer uses it

        a = ahocorasick.Automaton()
        for c in "0123456789":
            a.add_word(c, "")  # "": a digit
        for k in _SCAN_KEYS:
            a.add_word(k, k)
        a.make_automaton()
        _SCAN_AUTOMATON[0] = a  # built whole before it is shared
    return a


def letter_scan(low: str) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
    """The spans of ``\\d+`` in ``low``, and the start offsets of every AnchorWords word and sign
    (overlapping ones too), in order; the latest text's are kept. The lists are shared: do not change them."""
    last, scan = _SCANNED[0]
    if last is low:
        return scan
    runs: list[tuple[int, int]] = []
    found: dict[str, list[int]] = {}
    run_start = run_end = -1
    for e, k in _automaton().iter(low):  # in order of end offset
        if k:
            at = found.get(k)
            if at is None:
                at = found[k] = []
            at.append(e - len(k) + 1)
        elif e == run_end:
            run_end = e + 1  # the run goes on
        else:
            if run_end > 0:
                runs.append((run_start, run_end))
            run_start, run_end = e, e + 1
    if run_end > 0:
        runs.append((run_start, run_end))
    if not low.isascii() and any(c.isdecimal() for c in set(_NON_ASCII.findall(low))):
        runs = [m.span() for m in _DIGIT_RUN.finditer(low)]  # digits of another script: \d has them all
    scan = (runs, found)
    _SCANNED[0] = (low, scan)  # one tuple: a thread never sees a text with another's scan
    return scan


class AnchorWords:
    """The spans of ``\\d+|[S]|(?<!X)(?:w1|w2|…)`` over lower-case text (``S``: the characters of
    ``signs``), found as the sorted union of the digit runs, the signs and the words of the one
    Aho-Corasick pass per letter (:func:`letter_scan`), a word kept where the character before is not
    ``glued`` (``glued(c)``: True for a character of ``X``) or at the very start. The one alternation's
    lookbehind ``re`` tries at every position, several times slower.

    The union is the same list: a word (letters only), a digit run and a sign (neither has letters)
    cannot overlap, and no word hit starts inside another (its first letter would follow a letter).
    A word that begins with a word listed before it never wins in the alternation (``zestig`` after
    ``zes``) and is left out; of the rest none begins another, so one word at most starts anywhere.
    """

    def __init__(self, words: list[str], glued, signs: str = "") -> None:
        words = list(words)
        if any(not w.isalpha() for w in words) or any(c.isalnum() for c in signs):
            raise ValueError("words are letters only, signs are not letters or digits")
        self.words = [w for i, w in enumerate(words) if not any(w.startswith(v) for v in words[:i])]
        self.glued = glued
        self.signs = signs
        new = [k for k in (*self.words, *signs) if k not in _SCAN_KEYS]
        if new:
            for k in new:
                _SCAN_KEYS[k] = None
            _SCAN_AUTOMATON[0] = None  # rebuilt with them on the next scan

    def spans(self, low: str) -> list[tuple[int, int]]:
        runs, found = letter_scan(low)
        hits = list(runs)
        for c in self.signs:
            hits += [(i, i + 1) for i in found.get(c, ())]
        glued = self.glued
        for w in self.words:
            at = found.get(w)
            if at:
                n = len(w)
                hits += [(i, i + n) for i in at if i == 0 or not glued(low[i - 1])]
        hits.sort()
        return hits


def is_letter(c: str) -> bool:
    r"""``c`` is a letter in the sense of ``[^\W\d_]``: a word character that is no decimal digit (``\d``)."""
    return c.isalnum() and not c.isdecimal()


_LOWERED: list = [(None, None)]  # the latest text and its lower-case form (finders ask in turn)


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset (same length), else None; the latest is kept."""
    last, low = _LOWERED[0]
    if last is text:
        return low
    low = text.lower()
    if len(low) != len(text):
        low = None
    _LOWERED[0] = (text, low)  # one tuple: a thread never sees a text with another's lower case
    return low


# The letters re.IGNORECASE matches to an ASCII letter of a pattern although lower() keeps them apart
# (dotless i, long s); tests/extract/test_numbers.py finds them over every code point
_FOLDED_APART = ("\u0131", "\u017f")


def folded(text: str) -> str | None:
    """``text.lower()`` when a case-insensitive pattern whose letters are the pattern-syntax-free ASCII
    letters and é/ë finds the same matches in ``text`` as its :func:`lowercase_twin` in this (same
    length, no dotless i or long s); else None. The latest text's is kept (:func:`lowered`)."""
    low = lowered(text)
    if low is None or _FOLDED_APART[0] in low or _FOLDED_APART[1] in low:
        return None
    return low


def lowercase_twin(rx: re.Pattern) -> re.Pattern:
    """``rx`` (case-insensitive) as a case-sensitive pattern for lower-cased text (:func:`folded`):
    its literals lower-cased, same groups. ``re`` matches case-folded literals several times slower
    than plain ones (no first-character shortcut in an alternation, a case lookup per character)."""
    src = rx.pattern
    if re.search(r"\\[A-Z]|\(\?[a-zA-Z]*i", src):
        raise ValueError("an escape or inline flag that lower-casing would change")
    twin = re.compile(re.sub(r"\(\?p([<=])", r"(?P\1", src.lower()), rx.flags & ~re.IGNORECASE)
    if twin.groupindex != rx.groupindex:
        raise ValueError("group names must be lower-case")
    return twin


def hits_by_span(anchors: re.Pattern, text: str, spans, lowered_rx: "re.Pattern | AnchorWords | None" = None
                 ) -> list[list[tuple[int, int]]]:
    """Anchor hits of the whole text, grouped by the given sorted, non-overlapping spans.

    ``lowered_rx``: a case-sensitive twin of ``anchors`` for lower-case text (a pattern, or an
    :class:`AnchorWords` that finds the same spans); scanning ``text.lower()`` with it is about
    twice as fast as a case-insensitive scan (used when lower-casing keeps every offset, i.e. the
    lengths agree)."""
    from bisect import bisect_left

    low = lowered(text) if lowered_rx is not None else None
    if low is not None:
        if isinstance(lowered_rx, AnchorWords):
            hits = lowered_rx.spans(low)
        else:
            hits = [m.span() for m in lowered_rx.finditer(low)]
    else:
        hits = [m.span() for m in anchors.finditer(text)]
    starts = [h[0] for h in hits]
    out = []
    for s, e in spans:
        i, j = bisect_left(starts, s), bisect_left(starts, e)
        if i == j:
            out.append([])
            continue
        sl = hits[i:j]
        if sl[-1][1] > e:  # hits do not overlap: only the last one can run past the span
            sl.pop()
        out.append(sl)
    return out



def key_starts(low: str, keys) -> list[int]:
    """Every offset in ``low`` where one of the literal ``keys`` occurs (``str.find``: no regex), sorted."""
    found = set()
    for k in keys:
        i = low.find(k)
        while i >= 0:
            found.add(i)
            i = low.find(k, i + 1)
    return sorted(found)


def keyed_finditer(rx: re.Pattern, text: str, low: str | None, keys) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern (never matching the empty string) whose every match
    starts where one of the lower-case literal ``keys`` occurs in ``low``, the lower-cased text: ``rx``
    is tried only there, in order, as ``finditer`` would (a start inside the previous match is
    passed over). ``low`` None (a text lower-casing does not fold as ``re.IGNORECASE`` does): the
    plain scan. Scanning a case-insensitive alternation at every position costs ~30 ns a character;
    ``str.find`` for a few keys a small part of that."""
    if low is None:
        return list(rx.finditer(text))
    return matches_at(rx, text, key_starts(low, keys))


def matches_at(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """``rx`` matched at each of the sorted ``starts`` that is not inside the previous match: what
    ``finditer`` finds when every match of ``rx`` starts at one of them."""
    out, last = [], 0
    for i in starts:
        if i < last:
            continue
        m = rx.match(text, i)
        if m is not None:
            out.append(m)
            last = m.end()
    return out
