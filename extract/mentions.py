"""Step 4: entity mentions — gazetteer names found by one Aho-Corasick pass, plus discovered entities.

``find_mentions(parsed)`` returns mentions sorted by ``start``, never overlapping, with offsets into
``parsed.text`` (the normalised text) and ``sentence`` set to the index in ``parsed.sentences``.

Matching rules (the gazetteer's names are folded with :func:`gazetteer.fold`, so case, accents,
hyphens/line breaks and curly apostrophes do not matter unless the name's policy says so):

- whole words: the characters around a match are no letters or digits;
- a name followed by ``-`` and a word is a Dutch compound ("AQIM-rebellen", "MINUSMA-mandaat",
  "Gao-stad"): it mentions the entity (surface = the name only), except for entries marked
  ``prefix_compounds: false`` (UN, EU, AU), whose compounds ("VN-verband", "EU-lidstaten",
  "VN-resolutie") are generic modifiers; their compound names in the gazetteer ("VN-Veiligheidsraad",
  "VN-missie MINUSMA") still match, as longer names;
- a name preceded by ``word-`` ("Noord-Malinese", "anti-Franse") still mentions the entity;
- the longest match wins, then the leftmost; no overlaps;
- ``not_after`` words in the gazetteer veto a match right after them
  ("Commissiedebat Raad Buitenlandse Zaken" is a debate, not the Council).

Discovered entities (titles, signatures, patterns; see :mod:`discover`) fill the gaps the gazetteer
leaves; where both find something, the gazetteer's mention wins.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter

import ahocorasick

from sahelkg.extract import gazetteer as gz
from sahelkg.extract.discover import remember_triggers
from sahelkg.extract.model import Entity, Letter, Mention, Normalised, Parsed, Sentence

_DASHES = set(gz._DASHES)


def _automaton(path: str | None = None) -> ahocorasick.Automaton:
    return _matcher(path).automaton


def _matcher(path: str | None = None) -> _Matcher:
    return _matcher_for(gz.load(path).source)


class _Target:
    """What a hit needs to know of the entry it would mention, read once per entry (not per hit)."""

    __slots__ = ("entity", "person", "compounds", "generic", "not_after", "not_before")

    def __init__(self, entry: gz.Entry) -> None:
        self.entity = entry.entity
        self.person = entry.entity.cls == "Person"
        self.compounds = entry.prefix_compounds and not self.person  # "X-word" mentions X
        self.generic = entry.generic_compounds
        self.not_after = entry.not_after
        self.not_before = entry.not_before


class _Matcher:
    """The automaton of one gazetteer file and what its hits need, built once per process.

    Each key's value is ``(length, names, trigger kinds or None)``: the keys of discovery's trigger
    words are in it too (see ``discover.trigger_keys``).

    ``plans`` remembers, per surface found, what does not depend on the text around it: which name
    the surface is written as (case policy), whether it is a heading in capitals, the entry it means
    and the context rules that may make it mean another. A surface determines its automaton key
    (folding maps each character on its own), so the surface alone is the memo's key.
    """

    def __init__(self, g: gz.Gazetteer) -> None:
        self.gazetteer = g
        self.targets = {e.entity.key: _Target(e) for e in g.entries}
        by_key: dict[str, list[gz.Name]] = {}
        for n in g.names():
            if n.word_key.strip():
                by_key.setdefault(n.word_key, []).append(n)
        from sahelkg.extract.discover import trigger_keys

        triggers = trigger_keys()  # discovery's trigger words ride along: one pass finds both
        a = ahocorasick.Automaton()
        for key in {**by_key, **triggers}:
            names = by_key.get(key, [])
            # exact names first: "VS" (exact) is tried before a name with the same folded form
            names.sort(key=lambda n: n.policy != "exact")
            a.add_word(key, (len(key), tuple(names), triggers.get(key)))
        a.make_automaton()
        self.automaton = a
        self.plans: dict[str, tuple | bool] = {}

    def plan(self, surface: str, names: tuple[gz.Name, ...]) -> tuple | bool:
        """``(target, context rules, check capitals around)`` for a hit written ``surface``, or False
        when the surface can mention nothing wherever it stands."""
        plans = self.plans
        if len(plans) >= _PLAN_MEMO:
            plans.clear()
        for name in names:
            if gz.case_ok(surface, name):
                break
        else:
            plans[surface] = False
            return False
        if name.policy != "exact" and len(surface) > 3 and surface.isupper() and not name.text.isupper():
            plans[surface] = False  # a heading in capitals ("BRIEF VAN DE MINISTERS VAN … DEFENSIE")
            return False
        rules = tuple((rx, self.targets[other.entity.key])
                      for other, rx in self.gazetteer.context_rules.get(name.folded, ()))
        # "IS", "VS" inside a line in capitals ("HET KABINET IS …") are words, not names
        capitals = name.policy == "exact" and len(surface) <= 3
        plans[surface] = found = (self.targets[name.entity_key], rules, capitals)
        return found


_PLAN_MEMO = 50000  # surfaces remembered per gazetteer (a few hundred in practice); emptied when full


@lru_cache(maxsize=4)
def _matcher_for(path: str) -> _Matcher:
    """One matcher per gazetteer file (see :class:`_Matcher` for its automaton's values).

    Keys are ``" " + word_fold(name) + " "`` and the text is searched as
    ``" " + word_fold(text) + " "``, so every hit is a whole-word match.
    """
    return _Matcher(gz.load(path))


def gazetteer_mentions(parsed: Parsed, path: str | None = None, *, folded: str | None = None) -> tuple[Mention, ...]:
    """Gazetteer mentions only (no discovery), longest-leftmost, non-overlapping, sorted by start.

    ``folded``: ``" " + word_fold(parsed.text) + " "`` if the caller has it already.
    """
    text = parsed.text
    if not text:
        return ()
    matcher = _matcher(path)
    if folded is None:
        folded = " " + gz.word_fold(text) + " "
    n = len(text)
    plans_get = matcher.plans.get
    plan_for = matcher.plan
    dashes = _DASHES
    candidates: list[tuple] = []  # (start, start - end, index, end, entity)
    triggers: dict[str, list[int]] = {}
    for last, (length, names, kinds) in matcher.automaton.iter(folded):
        start, end = last - length + 1, last - 1  # offsets in ``text`` (folded has one leading space)
        if kinds is not None:  # a discovery trigger word: its start kept for discover
            for k in kinds:
                triggers.setdefault(k, []).append(start)
            if not names:
                continue
        surface = text[start:end]
        plan = plans_get(surface)
        if plan is None:
            plan = plan_for(surface, names)
        if not plan:
            continue
        target, rules, capitals = plan
        for rx, other in rules:
            if rx.match(text, end, min(n, end + 80)):
                target = other  # "de Niger, de grootste rivier" is the river, not the state
                break
        if end + 1 < n and text[end] in dashes and text[end + 1].isalpha():  # a compound "X-word"
            if not target.compounds:
                continue  # "Hennis" in "Hennis-Plasschae"
            if target.generic and _compound_head(text, end + 1) in target.generic:
                continue  # "VN-verband", "EU-spoor", "VN-resolutie": a modifier, not the actor
        if target.person and start > 1 and text[start - 1] in dashes and text[start - 2].isalpha():
            continue
        if target.not_after and _after_any(text, start, target.not_after):
            continue
        if target.not_before and _followed_by(text, end, min(n, end + 40), target.not_before):
            continue
        if capitals and _in_capitals(text, start, end):
            continue
        candidates.append((start, start - end, len(candidates), end, target.entity))

    remember_triggers(folded, triggers)

    # leftmost-longest: at each start the longest name, then the next name starting after it (the
    # index keeps candidates of one span in the order found, as a stable sort by the first two would)
    candidates.sort()
    out: list[Mention] = []
    last_end = -1
    sentences = parsed.sentences
    starts = [s.start for s in sentences]
    for s, _, _, e, entity in candidates:
        if s >= last_end:
            last_end = e
            i = bisect_right(starts, s) - 1
            out.append(Mention(s, e, text[s:e], entity, i if i >= 0 and s < sentences[i].end else -1, "gazetteer"))
    return tuple(out)


def _followed_by(text: str, pos: int, stop: int, patterns) -> bool:
    """Whether one of ``patterns`` matches ``text[pos:stop]`` at ``pos``."""
    for rx in patterns:
        if rx.match(text, pos, stop):
            return True
    return False


_ELLIPSIS = re.compile(
    r"(?<![\w-])(?P<head>[A-ZÀ-Þ][a-zß-ÿ]+)-(?=\s+(?:en|of|en/of|tot)\s+[A-ZÀ-Þ][a-zß-ÿ]+-(?P<tail>[A-ZÀ-Þ][\w]+))"
)


_ELLIPSIS_DASH = re.compile(r"-(?=\s+(?:en|of|tot))")  # implied by _ELLIPSIS after its head
_HEAD_LOWER = re.compile(r"[a-zß-ÿ]")


def _ellipses(text: str):
    """The matches of ``_ELLIPSIS.finditer(text)``, the pattern tried only where one can start.

    The regex engine cannot skip ahead to a look-behind and tries every position of the letter. A
    match's head ends at a hyphen followed by whitespace and "en"/"of"/"tot"; from such a hyphen the
    head can only start after the run of lower-case letters before it (the capital and lower-case
    classes do not overlap), so that one position is tried, in text order, as ``finditer`` would.
    """
    lower = _HEAD_LOWER.match
    for d in _ELLIPSIS_DASH.finditer(text):
        h = d.start()
        while h > 0 and lower(text, h - 1):
            h -= 1
        if h < d.start() and h > 0:
            m = _ELLIPSIS.match(text, h - 1)
            if m:
                yield m


def elliptic_mentions(parsed: Parsed, found: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """Mentions hidden in Dutch coordinated compounds: "Noord- en Centraal-Mali" names Noord-Mali too.

    The surface is the first part with its hyphen ("Noord-"); the entity is the one the completed
    compound ("Noord-Mali") names in the gazetteer. Only spans no mention covers yet.
    """
    text = parsed.text
    if "- " not in text:
        return ()
    g = gz.load()
    starts = [s.start for s in parsed.sentences]
    overlapping = None
    out = []
    for m in _ellipses(text):
        entity = g.lookup(f"{m.group('head')}-{m.group('tail')}")
        if entity is None:
            continue
        if overlapping is None:  # built for the letters that have an ellipsis only
            overlapping = _Spans(found).overlaps
        s, e = m.start("head"), m.end("head") + 1
        if overlapping(s, e):
            continue
        out.append(Mention(s, e, text[s:e], entity, _sentence_index(parsed, starts, s), "gazetteer"))
    return tuple(out)


_HEAD = re.compile(r"[^\W\d_]+")


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether the words around [start, end) are written in capitals too (a heading, not a name)."""
    near = text[max(0, start - 12) : start] + text[end : end + 12]
    if any(map(str.islower, near)):
        return False  # the common case: running text around the abbreviation
    around = re.findall(r"[^\W\d_]{2,}", text[max(0, start - 30) : start] + " " + text[end : end + 30])
    return len(around) >= 2 and all(w.isupper() for w in around)


def _compound_head(text: str, pos: int) -> str:
    """The folded word starting at ``pos`` (the part after the hyphen of a compound)."""
    m = _HEAD.match(text, pos)
    return gz.fold(m.group()) if m else ""


def _after_any(text: str, start: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` (any case) ends right before ``start``, separated by whitespace."""
    if start == 0:
        return False
    if text[start - 1] == "(":
        return "(" in words
    if not text[start - 1].isspace():
        return False  # no space right before the name: not "word name"
    raw = text[max(0, start - 60) : start]
    # the answer depends on ``raw`` and ``words`` only, and the same few phrases come back ("minister
    # van Defensie"): remembered per process (emptied when full)
    key = (raw, words)
    found = _AFTER_MEMO.get(key)
    if found is None:
        if len(_AFTER_MEMO) >= _AFTER_MEMO_SIZE:
            _AFTER_MEMO.clear()
        found = _AFTER_MEMO[key] = _ends_with_any(raw, words)
    return found


_AFTER_MEMO: dict[tuple[str, tuple[str, ...]], bool] = {}
_AFTER_MEMO_SIZE = 20000


def _ends_with_any(raw: str, words: tuple[str, ...]) -> bool:
    """Whether ``raw`` with its whitespace runs made single spaces ends with one of ``words`` (any
    case), the word edge before it not a letter or digit."""
    before = " ".join(raw.split()).lower()
    lowered, by_length = _by_length(words)
    if not before.endswith(lowered):  # one C-level test: what the loop below asks, less the word edge
        return False
    n = len(before)
    for k, ends in by_length:
        if k <= n and before[n - k :] in ends and (n == k or not before[n - k - 1].isalnum()):
            return True
    return False


@lru_cache(maxsize=256)
def _by_length(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[int, frozenset[str]], ...]]:
    """``words`` lower-cased, and grouped by length, so a text end is looked up once per length."""
    groups: dict[int, set[str]] = {}
    for w in words:
        groups.setdefault(len(w), set()).add(w.lower())
    return tuple(w.lower() for w in words), tuple((k, frozenset(v)) for k, v in groups.items())


class _Spans:
    """Spans (with ``start``/``end``) sorted by start, for overlap and containment tests in log time."""

    def __init__(self, spans) -> None:
        spans = sorted(spans, key=lambda x: x.start)
        self.starts = [x.start for x in spans]
        self.max_end: list[int] = []  # max_end[i]: the largest end among spans[: i + 1]
        top = -1
        for x in spans:
            top = max(top, x.end)
            self.max_end.append(top)

    def overlaps(self, start: int, end: int) -> bool:
        """Does a span ``x`` with ``x.start < end and start < x.end`` exist?"""
        i = bisect_left(self.starts, end)
        return i > 0 and self.max_end[i - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Does a span ``x`` with ``x.start <= start and end <= x.end`` exist?"""
        i = bisect_right(self.starts, start)
        return i > 0 and self.max_end[i - 1] >= end


def _sentence_index(parsed: Parsed, starts: list[int], offset: int) -> int:
    """Index of the sentence containing ``offset`` (-1 if none does)."""
    i = bisect_right(starts, offset) - 1
    if i >= 0 and parsed.sentences[i].start <= offset < parsed.sentences[i].end:
        return i
    return -1


def find_mentions(parsed: Parsed) -> tuple[Mention, ...]:
    """Every entity mention in the letter: gazetteer names plus discovered entities, sorted by start."""
    from sahelkg.extract import discover

    folded = " " + gz.word_fold(parsed.text) + " "
    # the gazetteer's mentions are in order and do not overlap, so the few that a signature or a
    # discovered name can touch are found by bisection (``_keep``); the others are tested one by one
    gaz = gazetteer_mentions(parsed, folded=folded)
    rest = elliptic_mentions(parsed, gaz)
    signed = tuple(m for m, _role in discover.signatures(parsed, folded=folded))
    if signed:
        overlaps = _Spans(signed).overlaps
        gaz = _keep(gaz, signed, overlaps)
        rest = tuple(m for m in rest if not overlaps(m.start, m.end)) + signed
    extra = discover.discover(parsed, gaz + rest, include_signatures=False, folded=folded)
    if extra:  # a discovered name may contain a place it was named after: the name wins
        inside = _Spans(extra).contains
        gaz = _keep(gaz, extra, inside)
        rest = tuple(m for m in rest if not inside(m.start, m.end))
    return tuple(sorted(gaz + rest + extra, key=_START_END))


_START_END = attrgetter("start", "end")
_START = attrgetter("start")
_END = attrgetter("end")


def _keep(ordered: tuple[Mention, ...], spans, hit) -> tuple[Mention, ...]:
    """``tuple(m for m in ordered if not hit(m.start, m.end))``, where ``hit`` tells whether a mention
    overlaps or lies inside one of ``spans`` and ``ordered`` is sorted by start with no overlaps
    (so by end too): mentions ending by the spans' first start or starting from their last end can
    touch none of them, and bisection skips them."""
    lo = min(x.start for x in spans)
    hi = max(x.end for x in spans)
    i = bisect_right(ordered, lo, key=_END)  # the first that ends after ``lo``
    j = bisect_left(ordered, hi, i, key=_START)  # the first that starts at or after ``hi``
    return ordered[:i] + tuple(m for m in ordered[i:j] if not hit(m.start, m.end)) + ordered[j:]


def footnote_mentions(normalised: Normalised) -> tuple[Mention, ...]:
    """Mentions inside the footnotes the normaliser set apart (``Aside.kind == "footnote"``).

    Footnotes are no part of ``Normalised.text``, so these mentions carry **original** offsets:
    ``start``/``end`` index ``normalised.letter.text`` (``surface`` is the text found there, which may
    contain a line break), and ``sentence`` is -1. Use them for the letter's entities (a footnote
    listing the Takuba partners mentions those states); facts need running text. A name whose
    place in the original cannot be found exactly is left out rather than given a guessed offset.
    """
    letter_text = normalised.letter.text
    out: list[Mention] = []
    for aside in normalised.asides:
        if aside.kind != "footnote" or not aside.text.strip():
            continue
        note = Letter(name="footnote", text=aside.text, media_type="text/plain", encoding="utf-8", sha256="")
        parsed = Parsed(
            Normalised(letter=note, text=aside.text, offsets=tuple(range(len(aside.text) + 1))),
            (Sentence(0, len(aside.text), aside.text),),
        )
        pos = aside.orig_start
        for m in find_mentions(parsed):
            rx = re.compile(r"[-\s]*".join(re.escape(w) for w in re.split(r"[-\s]+", m.surface) if w))
            found = rx.search(letter_text, pos, aside.orig_end)
            if not found:
                continue
            pos = found.end()
            out.append(Mention(found.start(), found.end(), found.group(), m.entity, -1, m.how))
    return tuple(out)


def sentence_of(parsed: Parsed, offset: int) -> int:
    """Index in ``parsed.sentences`` of the sentence containing ``offset``, or -1."""
    return _sentence_index(parsed, [s.start for s in parsed.sentences], offset)


def is_adjectival(mention: Mention) -> bool:
    """True when the mention is an adjective or demonym of its entity ("Franse", "Malinezen").

    "de Franse operatie" mentions France as a modifier, not as the acting state; fact extractors
    decide what that means (e.g. a "Franse" mission is led by France; "Malinese militairen" are
    Malian soldiers).
    """
    if mention.entity.unlinked or mention.how != "gazetteer":
        return False
    return gz.load().is_adjective(mention.entity.key, mention.surface)


def is_compound_modifier(mention: Mention, text: str) -> bool:
    """True when the mention is the first part of a hyphenated compound ("AQIM" in "AQIM-rebellen")."""
    e = mention.end
    return e + 1 < len(text) and text[e] in _DASHES and text[e + 1].isalpha()


def first_per_entity(mentions) -> list[Mention]:
    """The first mention of each entity, in order (a list naming one state twice names it once)."""
    seen: dict[str, Mention] = {}
    for m in mentions:
        seen.setdefault(m.entity.key, m)
    return list(seen.values())


def entities_of(mentions: tuple[Mention, ...]) -> tuple[Entity, ...]:
    """The distinct entities mentioned, in order of first mention (for ``Extraction.entities``)."""
    seen: dict[str, Entity] = {}
    for m in mentions:
        seen.setdefault(m.entity.key, m.entity)
    return tuple(seen.values())
