"""Relations between actors: memberOf, affiliatedWith, mergedInto, partOf, ledBy, supports, opposes,
succeededBy, operatesIn, and contributesTo where a sentence states a participation without a number
(numbers are Contribution facts) — one ``Relation`` :class:`Fact` per (subject, predicate, object).

How it works: in every sentence with at least one entity mention (gazetteer, discovered, or an
anaphor such as "de missie", "de eerste groepering", "het kabinet"; see :func:`events.sentence_views`)
each mention is replaced by a marker, and the patterns of ``data/relation_patterns.yaml`` are matched
against that masked sentence. A pattern's ``{S}``/``{O}`` slots take one mention or an enumeration
("Estland, Letland en Litouwen steunen de G5 Sahel" gives three ``supports``); direction is the
pattern's (passives are written with the roles swapped). The slot's entity classes are checked (``operatesIn`` needs a place or state, ``succeededBy`` two missions …).

A relation in a negated clause ("maken geen deel uit van", "heeft geen indicatie dat … aanwezig is")
is not emitted; in a planned/considered clause it is emitted with that ``status`` (and so, in the
graph, only as a reified statement, not as a direct triple). Questions are skipped, except for what
their noun phrases presuppose (patterns marked ``np``: "de VN-missie in Zuid-Soedan (UNMISS)"), which
a negated clause does not undo either; a mission named with its area ("de EU-trainingsmissie in
Somalië", one gazetteer name) operates there. Support given to a mission is a contribution to it
(``contributesTo``, option ``mission_object``).

Agreements (``signatoryOf``) and mergers (``mergedInto`` from a merger event) come from
:mod:`events`, which knows the agreement's event node; here ``mergedInto`` is found only where a
sentence states it without a merger event ("X ging op in Y").

Fact shape: see :func:`events.relation_fact` (the layout ``rdf.py`` turns into the direct triple and
its reified statement); evidence = the clause (at least the matched words), original offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from sahelkg.extract.facts.events import (
    SentenceView,
    _compound_non_actor,
    config as event_config,
    is_adjective_form,
    is_state_actor,
    load_data,
    relation_fact,
    sentence_views,
)
from sahelkg.extract.facts.modality import assess, clause_of
from sahelkg.extract.facts.prefilter import (
    CASE_SPECIAL_RX,
    ClausePrefilter,
    Prefilter,
    lead_before,
    lead_strings,
    lowered,
    min_count,
    required_clauses,
    fold_safe,
    required_words,
    words_test,
)
from sahelkg.extract.model import Entity, Fact, FactContext, Mention

_OPEN, _CLOSE = "\ue000", "\ue001"
_ENT = _OPEN + r"\d+" + _CLOSE + r"(?:-[\w]+)?"
_ENT_P = _ENT + r"(?: " + _ENT + r")?(?: \(" + _ENT + r"\))?"  # "de Russische Wagner Group", "… (AQIM)"
_DET = r"(?:(?:de|het|zowel|zowel de|zowel het) )?"
_ITEM = _DET + _ENT_P + r"(?: van (?:de |het )?" + _ENT_P + r")?"  # "de Sahel-tak van AQIM"
_LIST = _ITEM + r"(?:(?:, | en | of |, en | als | noch | evenals )" + _ITEM + r")*"
_ITEM_A = _ITEM + r"(?: \([^()" + _OPEN + _CLOSE + r"]{1,60}\))?"  # an item with an aside: "Mauritanië (grensbewaking)"
_LIST_A = _ITEM_A + r"(?:(?:, | en | of |, en | als | noch | evenals )" + _ITEM_A + r")*"
_GAP = r"(?:(?!(?:en|of|maar) )[^\s" + _OPEN + _CLOSE + r",;:()]+ )"  # a word; no mention, no "en"
_APP = r"(?:,? (?:een|de|het|dat|die|welke|wat) [^,;:()]{0,90},)?"  # ", dat wordt geleid door X,"
_MARK = re.compile(_OPEN + r"(\d+)" + _CLOSE)
_CLAUSE_END = re.compile(r"[;:]|\s[–—]\s")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[str, dict, re.Pattern, dict], ...]:
    """(predicate, predicate spec, compiled pattern, pattern options), compiled once."""
    data = load_data("relation_patterns.yaml")["relations"]
    out = []
    for pred, spec in data.items():
        for item in spec["patterns"]:
            opts = dict(item) if isinstance(item, dict) else {"p": item}
            src = opts["p"]
            src = (src.replace("{S1}", "(?P<S>" + _ENT_P + ")").replace("{O1}", "(?P<O>" + _ENT_P + ")")
                   .replace("{S0}", "(?P<S>" + _OPEN + r"\d+" + _CLOSE + ")")
                   .replace("{O0}", "(?P<O>" + _OPEN + r"\d+" + _CLOSE + ")")
                   .replace("{SL}", "(?P<S>" + _LIST_A + ")").replace("{OL}", "(?P<O>" + _LIST_A + ")")
                   .replace("{S}", "(?P<S>" + _LIST + ")").replace("{O}", "(?P<O>" + _LIST + ")")
                   .replace("{WM}", "(?:" + _GAP + "|" + _ENT + " ){0,4}")
                   .replace("{APP}", _APP).replace("{MARK}", _ENT)
                   .replace("{W}", _GAP + "{0,3}").replace("{W1}", _GAP + "?"))
            src = re.sub(r"\{W([2-9])\}", lambda m: _GAP + "{0," + m.group(1) + "}", src)
            rx = re.compile(r"(?<![\w-])" + src, re.IGNORECASE)
            out.append((pred, spec, rx, opts))
    return tuple(out)


@lru_cache(maxsize=1)
def _prefilter() -> Prefilter:
    """The required-words prefilter of :func:`_rules`, in the same order (rule ``i`` may match a
    masked sentence only if :meth:`Prefilter.candidates` holds ``i``). The extractor uses the
    stricter :func:`_clause_prefilter`; the tests check the shared :class:`Prefilter` with this one."""
    return Prefilter([[required_words(rx.pattern)] for _, _, rx, _ in _rules()])


@lru_cache(maxsize=1)
def _clause_prefilter() -> ClausePrefilter:
    """Rule ``i`` of :func:`_rules` may match a masked sentence only if this prefilter's candidates
    hold ``i``: every word set of :func:`required_clauses` and of :func:`required_words` (when fold-safe)."""
    return ClausePrefilter(_rule_clauses())


def _rule_clauses() -> list[list[tuple[str, ...]]]:
    out = []
    for _, _, rx, _ in _rules():
        cls = required_clauses(rx.pattern)
        ws = required_words(rx.pattern)
        if ws and all(map(fold_safe, ws)):
            cls.append(ws)
        out.append(cls)
    return out


@lru_cache(maxsize=1)
def _single_mention_prefilter() -> tuple[tuple[int, ...], ClausePrefilter]:
    """:func:`_clause_prefilter` of the rules a sentence with one marker can match (the others need
    more), as (their indices, ascending; the prefilter of them in that order): fewer words to find."""
    clauses = _rule_clauses()
    idx = tuple(i for i, plan in enumerate(_plans()) if plan[0] <= 1)
    return idx, ClausePrefilter([clauses[i] for i in idx])


_MARKER_CHARS = re.compile("[" + _OPEN + _CLOSE + "]")


@lru_cache(maxsize=1)
def _single_mention_automaton():
    """An Aho-Corasick automaton of :func:`_single_mention_words` (value: the word's length); None
    when there are none."""
    words = _single_mention_words()
    if not words:
        return None
    import ahocorasick  # noqa: PLC0415 - pyahocorasick

    a = ahocorasick.Automaton()
    for w in words:
        a.add_word(w, len(w))
    a.make_automaton()
    return a


def _single_mention_starts(low_text: str) -> list[int] | None:
    """Where a word of :func:`_single_mention_words` starts in the lower-cased letter, ascending (one
    pass of :func:`_single_mention_automaton`; None: no such words)."""
    a = _single_mention_automaton()
    if a is None:
        return None
    return sorted([end - n + 1 for end, n in a.iter(low_text)])


@lru_cache(maxsize=1)
def _single_mention_words() -> tuple[str, ...] | None:
    """Words one of which the lower-cased *unmasked* sentence holds if a rule of
    :func:`_single_mention_prefilter` may match it with its one marker (None: no such words known).

    Per rule, one of its :func:`required_clauses` sets (the one whose shortest word is longest), each
    word cut to its longest piece without a marker character: a piece the masked sentence holds lies
    between two markers, in text the masking kept, so the sentence itself holds it too."""
    clauses = _rule_clauses()
    out: list[str] = []
    for i in _single_mention_prefilter()[0]:
        best = None
        for cl in clauses[i]:
            pieces = tuple(max(_MARKER_CHARS.split(w), key=len) for w in cl)
            if all(pieces) and (best is None or min(map(len, pieces)) > min(map(len, best))):
                best = pieces
        if best is None:
            return None
        out.extend(best)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _plans() -> tuple[tuple[int, int | None, tuple[str, ...] | None, bool, frozenset, frozenset], ...]:
    """Per rule of :func:`_rules`, what a masked sentence needs before the rule is tried on it, and
    where: (markers, lead, leads, np, subject classes, object classes). ``markers``: the fewest
    mention markers a match holds; ``lead``: :func:`lead_before` the first marker (0: a match starts
    at a marker); ``leads``: :func:`lead_strings` before it; ``np``: the rule runs on questions too;
    the classes: one mention of them the sentence must have for a match to give a triple (empty: no
    such condition). All are necessary conditions: skipping a rule or a start position they rule out
    changes no fact."""
    out = []
    for _, spec, rx, opts in _rules():
        lead = lead_before(rx.pattern, _OPEN)
        out.append((min_count(rx.pattern, _OPEN), lead, lead_strings(rx.pattern, _OPEN) if lead else None,
                    bool(opts.get("np")), *_slot_classes(spec, opts)))
    return tuple(out)


def _slot_classes(spec: dict, opts: dict) -> tuple[frozenset, frozenset]:
    """The classes a mention of the subject / object slot must have for :func:`_triples` to give
    anything from a match (empty: the slot is filled otherwise, so no condition). A triple needs a
    subject from the S slot of its classes and an object from the O slot of its classes, unless the
    object comes from elsewhere (before, paragraph_state, adjective_prefix) or the organisation a
    mission is named after stands for it (object_via_of)."""
    subj, obj = opts.get("subject"), opts.get("object")
    s_cls = frozenset(subj if isinstance(subj, list) else spec["subject"]) \
        if subj is None or isinstance(subj, list) else frozenset()
    o_cls = frozenset(obj if isinstance(obj, list) else spec["object"]) \
        if (obj is None or isinstance(obj, list)) and not opts.get("object_via_of") else frozenset()
    return s_cls, o_cls


def _starts(low: str, marks: list[int], leads: tuple[str, ...]) -> list[int]:
    """Where a match can start: ``len(s)`` before a marker for each ``s`` of ``leads`` that the
    lower-cased masked sentence ``low`` holds right before it; ascending."""
    pairs = _lead_pairs(leads)
    return sorted({q - n for q in marks for s, n in pairs if n <= q and low.startswith(s, q - n)})


@lru_cache(maxsize=256)
def _lead_pairs(leads: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """``(s, len(s))`` for each lead string: the lengths read once, not once per marker."""
    return tuple((s, len(s)) for s in leads)


def _matches(rx: re.Pattern, masked: str, lead: int | None, marks: list[int], starts: list[int] | None = None):
    """``rx.finditer(masked)``, the same matches, trying only where a match can start: at one of
    ``starts`` (ascending) if given, else a match holds a marker at most ``lead`` characters after its
    start (``marks``: where the markers are)."""
    if lead is None:
        return rx.finditer(masked)
    out = []
    end = 0
    if starts is not None or lead == 0:  # a match starts at one of these
        for q in (marks if starts is None else starts):
            if q >= end:
                mt = rx.match(masked, q)
                if mt is not None:
                    out.append(mt)
                    end = mt.end()
        return out
    i, n = 0, len(marks)
    while True:
        while i < n and marks[i] < end:
            i += 1
        if i == n:
            return out
        mt = rx.search(masked, max(end, marks[i] - lead))
        if mt is None:
            return out
        out.append(mt)
        end = mt.end()


@lru_cache(maxsize=1)
def _adjective_index() -> dict[str, Entity]:
    """Folded adjective forms of states in the gazetteer ("franse") → the state."""
    try:
        from sahelkg.extract import gazetteer as gz
        g = gz.load()
    except Exception:  # noqa: BLE001 - no gazetteer, no adjective lookups
        return {}
    out: dict[str, Entity] = {}
    for e in g.entries:
        if e.entity.cls == "State":
            for a in e.adjectives:
                out.setdefault(a, e.entity)
    return out


def _entity_for_prefix(prefix: str, view_mentions: list[Mention], all_mentions) -> Entity | None:
    """The state a "-geleide" prefix names ("Frans" in "Fransgeleide", "Amerikaans" in "Amerikaans-geleide")."""
    p = prefix.lower()
    for m in list(view_mentions) + list(all_mentions):
        if m.entity.cls == "State" and m.surface.lower() in (p, p + "e", p + "se"):
            return m.entity
    try:
        from sahelkg.extract.gazetteer import fold
    except ImportError:  # pragma: no cover
        return None
    idx = _adjective_index()
    for form in (p + "e", p + "se", p):
        e = idx.get(fold(form))
        if e is not None:
            return e
    return None


_MARKERS = tuple(f"{_OPEN}{k}{_CLOSE}" for k in range(100))  # marker k, made once


def _mask_text(text: str, v: SentenceView,
               low: str | None = None) -> tuple[str, list[Mention], list[int], str | None]:
    """The sentence with each mention replaced by a marker: (masked text, the mentions marked, where
    each marker starts in the masked text, the same made of ``low`` instead of ``text`` if given).
    Mentions overlapping an earlier one are left as text."""
    out, ms, at = [], [], []
    cur, n, end = v.start, 0, v.end
    for m in v.mentions:
        if m.start < cur or m.end > end:
            continue
        k = len(ms)
        marker = _MARKERS[k] if k < 100 else f"{_OPEN}{k}{_CLOSE}"
        seg = text[cur:m.start]
        out.append(seg)
        out.append(marker)
        n += len(seg)
        at.append(n)
        n += len(marker)
        ms.append(m)
        cur = m.end
    out.append(text[cur:end])
    masked = "".join(out)
    if low is None:
        return masked, ms, at, None
    if "\u03a3" not in masked:
        # lower-casing is per character but for the capital sigma (its final form depends on the
        # next character): without one, the masked sentence lower-cased is ``low``'s pieces around the markers
        return masked, ms, at, masked.lower()
    out_low, cur = [], v.start
    for k, m in enumerate(ms):
        out_low.append(low[cur:m.start])
        out_low.append(_MARKERS[k] if k < 100 else f"{_OPEN}{k}{_CLOSE}")
        cur = m.end
    out_low.append(low[cur:end])
    return masked, ms, at, "".join(out_low)


def _offset(i: int, v: SentenceView, ms: list[Mention], at: list[int]) -> int:
    """The normalised offset of character ``i`` of the masked sentence (``i`` may be its length: the
    sentence's end): a marker's characters stand for its mention's first one, its last for the
    mention's last one."""
    j = bisect_right(at, i) - 1
    if j < 0:
        return v.start + i
    a, m = at[j], ms[j]
    last = a + len(str(j)) + 1  # the marker's closing character
    if i < last:
        return m.start
    if i == last:
        return m.end - 1
    return m.end + (i - last - 1)


def _ok_class(m: Mention, classes, text: str) -> bool:
    if m.entity.cls not in classes:
        return False
    if m.entity.cls == "State" and not is_state_actor(m, text):
        return False  # "Malinese vluchtelingen": no act of the state
    return True


def _before(masked: str, at: int, ms: list[Mention], classes, text: str) -> Mention | None:
    """The nearest mention of ``classes`` before ``at`` in the same clause of the masked sentence."""
    lo = 0
    for cm in _CLAUSE_END.finditer(masked, 0, at):
        lo = cm.end()
    best = None
    for mt in _MARK.finditer(masked, lo, at):
        m = ms[int(mt.group(1))]
        if m.entity.cls in classes and not (m.entity.cls == "State" and is_adjective_form(m)
                                            and not is_state_actor(m, text)):
            best = m
    return best


def _status(ctx: FactContext, v: SentenceView, start: int, end: int) -> tuple[str, int, int]:
    """(assessment, clause start, clause end) for the normalised span [start, end)."""
    text = ctx.text
    cs, ce = clause_of(text, v.start, v.end, start)
    cs, ce = min(cs, start), max(ce, end)
    stop = min(ce, end + 25)
    not_modal, low = event_config().not_modal, lowered(text)
    if low is not None and not _words_test(not_modal)(low[cs:stop]):
        seg = text[cs:stop]  # none of the pattern's words: nothing to blank out
    else:
        seg = not_modal.sub(lambda m: " " * len(m.group()), text[cs:stop])
    return assess(seg, 0, len(seg)), cs, ce  # assess reads only its span


def _words_test(rx: re.Pattern):
    """:func:`words_test` of ``rx``, or a test that always says it may match."""
    return words_test(rx) or _ALWAYS


def _ALWAYS(_low: str) -> bool:
    return True




_NOTE = re.compile(r"\s*(\w{1,4})\s+(.+?)\s*$", re.S)  # a footnote: its mark, its text
_NOTE_MARK = re.compile(r"\s*(?:<sup>\s*(\w{1,4})\s*</sup>|\[\^(\w{1,4})\])\s*", re.I)  # a footnote marker


@lru_cache(maxsize=4)
def _before_marker(src: str) -> re.Pattern:
    return re.compile(r"(?:" + src + r")\s*$", re.IGNORECASE)


def _footnote_participants(ctx: FactContext, views: list[SentenceView]) -> list[Fact]:
    """contributesTo from a footnote that lists the participating states (see the YAML's comment).

    The footnote is an aside of the normalised text (not running text), so its states are looked up in
    the gazetteer item by item; every item must be a state, or the footnote is not such a list. The
    evidence is the footnote as stored in the letter (original offsets).
    """
    spec = load_data("relation_patterns.yaml").get("footnote_participants")
    norm = ctx.parsed.normalised
    if not spec or not any(a.kind == "markup" for a in norm.asides):
        return []  # no footnote marker in the running text
    try:
        from sahelkg.extract import gazetteer as gz
        g = gz.load()
    except Exception:  # noqa: BLE001 - no gazetteer, no lookups
        return []
    from bisect import bisect_left

    from sahelkg.extract.model import Evidence

    before = _before_marker(spec["before_marker"])
    notes = {}
    for a in norm.asides:
        m = _NOTE.match(a.text) if a.kind == "footnote" else None
        if m:
            notes[m.group(1)] = (a, m.group(2))
    letter = norm.letter
    facts = []
    starts = [v.start for v in views]
    for a in norm.asides:
        mk = _NOTE_MARK.fullmatch(a.text)
        if a.kind != "markup" or not mk:
            continue
        note = notes.get(mk.group(1) or mk.group(2))
        if note is None:
            continue
        if not before.search(letter.text[max(0, a.orig_start - 60):a.orig_start]):
            continue
        items = [x.strip(" .;") for x in re.split(r",|\s+en\s+", note[1]) if x.strip(" .;")]
        states = [g.lookup(x, "State") for x in items]
        if len(states) < int(spec.get("min_states", 3)) or any(e is None for e in states):
            continue
        pos = min(bisect_left(norm.offsets, a.orig_start), len(ctx.text) - 1)
        i = max(0, bisect_left(starts, pos + 1) - 1)
        mission = None
        for j in (i, i - 1):  # the sentence with the marker, else the one before it
            if j < 0 or views[j].paragraph != views[i].paragraph:
                continue
            ms = [m for m in views[j].mentions if m.entity.cls == "Mission" and m.start <= pos]
            if ms:
                mission = ms[-1].entity
                break
        if mission is None:
            continue
        ev = Evidence(note[0].orig_start, note[0].orig_end, letter.text[note[0].orig_start:note[0].orig_end])
        for e in dict.fromkeys(states):
            facts.append(relation_fact(e, "contributesTo", mission, ev))
    return facts


def extract_relations(ctx: FactContext) -> tuple[Fact, ...]:
    """Every relation between actors the letter states (see module docstring)."""
    if not ctx.parsed.sentences:
        return ()
    text = ctx.text
    facts: list[Fact] = []
    seen: set[tuple[str, str, str, int]] = set()
    views = sentence_views(ctx)
    rules, plans, prefilter = _rules(), _plans(), _clause_prefilter()
    single_idx, single = _single_mention_prefilter()
    # the letter lower-cased once (shared with events); None: somewhere a case-special character or a
    # fold that changes the length, so each sentence is checked for itself
    low_text = lowered(text)
    # where the words start one of which a sentence with one mention needs for any rule to match it
    # (None: every such sentence is tried); most of those sentences are passed over by one bisect
    single_at = _single_mention_starts(low_text) if low_text is not None and _OPEN not in text else None
    for v in views:
        if not v.mentions:
            continue
        if single_at is not None and len(v.mentions) == 1:
            k = bisect_left(single_at, v.start)
            if k == len(single_at) or single_at[k] >= v.end:  # no rule can match: only the name's area
                _add_areas(ctx, v, seen, facts)
                continue
        masked, ms, at, low = _mask_text(text, v, low_text)
        n_marks = masked.count(_OPEN)
        if not n_marks:  # every rule needs a mention
            cands = ()
        else:
            if low_text is None:
                low = None if CASE_SPECIAL_RX.search(masked) else masked.lower()
                if low is not None and len(low) != len(masked):
                    low = None  # no offset-preserving fold: every rule, no start positions from words
            if low is None:
                cands = range(len(rules))
            elif n_marks == 1:
                cands = [single_idx[j] for j in single.candidates_lowered(low)]
            else:
                cands = prefilter.candidates_lowered(low)
            question = text[v.start:v.end].rstrip().endswith("?")
            marks = []
            starts_of: dict = {}
        if cands:
            classes = {m.entity.cls for m in ms}
        for i in cands:
            need, lead, leads, np_rule, s_cls, o_cls = plans[i]
            if n_marks < need or (question and not np_rule):
                continue  # a question asserts only what its noun phrases presuppose
            if (s_cls and s_cls.isdisjoint(classes)) or (o_cls and o_cls.isdisjoint(classes)):
                continue  # no mention a triple of this rule could have
            if lead is not None and not marks:
                if n_marks == len(at):  # no marker character of the text's own
                    marks = at
                else:
                    q = masked.find(_OPEN)
                    while q >= 0:
                        marks.append(q)
                        q = masked.find(_OPEN, q + 1)
            starts = None
            if leads is not None and low is not None:
                starts = starts_of.get(leads)
                if starts is None:
                    starts = starts_of[leads] = _starts(low, marks, leads)
            pred, spec, rx, opts = rules[i]
            for mt in _matches(rx, masked, lead, marks, starts):
                where = None  # (status, clause start, clause end) of the match, the same for each triple
                for s, p, o in _triples(ctx, v, masked, ms, mt, pred, spec, opts, views):
                    if where is None:
                        start, end = _offset(mt.start(), v, ms, at), _offset(min(mt.end(), len(masked)), v, ms, at)
                        where = _status(ctx, v, start, max(end, start + 1))
                        if opts.get("not_in_clause") and re.search(opts["not_in_clause"], text[where[1]:where[2]], re.I):
                            break
                    status, cs, ce = where
                    if opts.get("modality") == "ignore" and status in ("planned", "considered"):
                        status = "asserted"
                    if opts.get("np") and status == "negated":
                        status = "asserted"  # "niet langer deelnemen aan de VN-missie in Mali": the NP stands
                    if status == "negated":
                        continue
                    key = (s.key, p, o.key, v.index)
                    if key in seen or s.key == o.key:
                        continue
                    seen.add(key)
                    facts.append(relation_fact(s, p, o, ctx.evidence(cs, ce), status))
        _add_areas(ctx, v, seen, facts)
    facts.extend(_footnote_participants(ctx, views))
    return tuple(facts)


def _add_areas(ctx: FactContext, v: SentenceView, seen: set, facts: list[Fact]) -> None:
    """operatesIn for each mission of ``v`` named with its area (see :func:`_areas_in_names`)."""
    for s, o, m in _areas_in_names(v):
        key = (s.key, "operatesIn", o.key, v.index)
        if key in seen:
            continue
        seen.add(key)
        status, _, _ = _status(ctx, v, m.start, m.end)
        facts.append(relation_fact(s, "operatesIn", o, ctx.evidence(m.start, m.end),
                                   "asserted" if status == "negated" else status))


# the name's head is a mission noun, then "in" and the area: "EU-trainingsmissie in Mali", "Training
# Mission in Mozambique"; not a fund "voor Vrede en Veiligheid in Mali", whose "in" belongs to its purpose
_NAME_AREA = re.compile(r"(?:missie|mission|operatie|operation|taakgroep|task force|interventie|troepenmacht)"
                        r"\s+in\s+(?:het\s+|de\s+|the\s+)?(\S.*?)\s*$", re.IGNORECASE)


def _areas_in_names(v: SentenceView):
    """(mission, area, mention) for a mission named with its area: "de EU-trainingsmissie in Mali".

    The gazetteer may know such a descriptive name as a whole, so the area is no mention of its own;
    the name's tail after "<mission noun> in" is looked up as a state or place. A bare name ("EUTM
    Mali") places nothing: the area must be stated with "in".
    """
    out = []
    for m in v.mentions:
        if m.entity.cls != "Mission" or " " not in m.surface:
            continue
        area = _area_in_name(m.surface)
        if area is not None:
            out.append((m.entity, area, m))
    return out


@lru_cache(maxsize=4096)
def _area_in_name(surface: str) -> Entity | None:
    """The state or place a mission's name ends with after "<mission noun> in" (see :func:`_areas_in_names`)."""
    mt = _NAME_AREA.search(surface)
    return _area_entity(mt.group(1)) if mt else None


@lru_cache(maxsize=256)
def _area_entity(name: str) -> Entity | None:
    try:
        from sahelkg.extract import gazetteer as gz
        g = gz.load()
    except Exception:  # noqa: BLE001 - no gazetteer, no lookups
        return None
    return g.lookup(name, "State") or g.lookup(name, "Place")


def _slot(mt: re.Match, name: str, ms: list[Mention]) -> list[Mention]:
    if name not in mt.re.groupindex or mt.group(name) is None:
        return []
    out, keys = [], set()
    for i in _MARK.findall(mt.group(name)):
        m = ms[int(i)]
        if m.entity.key not in keys:
            keys.add(m.entity.key)
            out.append(m)
    return out


def _organisation_of(m: Mention) -> Entity | None:
    """The organisation a mission is named after ("troepenmacht van de G5-Sahel" → the G5 Sahel)."""
    if m.entity.cls != "Mission":
        return None
    mt = re.search(r"\bvan\s+(?:de\s+|het\s+)?(.+)$", m.surface)
    if not mt:
        return None
    try:
        from sahelkg.extract import gazetteer as gz
        return gz.load().lookup(mt.group(1), "Organisation")
    except Exception:  # noqa: BLE001 - no gazetteer, no lookup
        return None


def _first(masked: str, at: int, ms: list[Mention], classes) -> Mention | None:
    lo = 0
    for cm in _CLAUSE_END.finditer(masked, 0, at):
        lo = cm.end()
    for mt in _MARK.finditer(masked, lo, at):
        m = ms[int(mt.group(1))]
        if m.entity.cls in classes:
            return m
    return None


def _previous(views, v: SentenceView, classes) -> Mention | None:
    """The first mention of ``classes`` (its subject, as a rule) in the sentence before ``v``, if in
    the same paragraph."""
    if v.index == 0 or not views:
        return None
    prev = views[v.index - 1]
    if prev.paragraph != v.paragraph:
        return None
    found = [m for m in prev.mentions if m.entity.cls in classes]
    return found[0] if found else None


def _paragraph_state(ctx: FactContext, views: list[SentenceView], v: SentenceView) -> list[Mention]:
    """The state the paragraph speaks of most, up to this sentence (non-adjectival mentions win ties)."""
    counts: dict[str, list[Mention]] = {}
    for sv in views[:v.index + 1]:
        if sv.paragraph != v.paragraph:
            continue
        for m in sv.mentions:
            if m.entity.cls == "State" and m.how != "pattern":
                counts.setdefault(m.entity.key, []).append(m)
    if not counts:
        return []
    best = max(counts.values(), key=lambda ms: (len(ms), sum(not is_adjective_form(m) for m in ms)))
    # a tie between states is no answer
    top = [ms for ms in counts.values() if len(ms) == len(best)]
    if len(top) > 1:
        return []
    return [best[0]]


def _triples(ctx, v, masked, ms, mt, pred, spec, opts, views=()):
    """The (subject, predicate, object) entity triples one pattern match states."""
    text = ctx.text
    s_cls = opts.get("subject") if isinstance(opts.get("subject"), list) else spec["subject"]
    o_cls = opts.get("object") if isinstance(opts.get("object"), list) else spec["object"]
    subjects = _slot(mt, "S", ms)
    objects = _slot(mt, "O", ms)
    if opts.get("no_compounds"):
        subjects = [m for m in subjects if not _compound_non_actor(text, m)]
        objects = [m for m in objects if not _compound_non_actor(text, m)]
    if opts.get("subject") == "before":
        b = _before(masked, mt.start(), ms, opts.get("subject_classes", s_cls), text)
        subjects = [b] if b else []
    if opts.get("object") == "before":
        b = _before(masked, mt.start(), ms, opts.get("object_classes", o_cls), text)
        objects = [b] if b else []
    if opts.get("subject") == "previous":
        b = _previous(views, v, opts.get("subject_classes", s_cls))
        subjects = [b] if b else []
    if opts.get("subject") == "first":
        b = _first(masked, mt.start(), ms, opts.get("subject_classes", s_cls))
        subjects = [b] if b else []
    if opts.get("subject") == "paragraph_state":
        subjects = _paragraph_state(ctx, views, v)
    if opts.get("object") == "paragraph_state":
        objects = _paragraph_state(ctx, views, v)
    if opts.get("object") == "adjective_prefix":
        e = _entity_for_prefix(mt.group("adj"), v.mentions, ctx.mentions)
        objects_e = [e] if e is not None else []
    else:
        if opts.get("object_adjective"):
            objects = [m for m in objects if is_adjective_form(m)]
        objects_e = [m.entity for m in objects if _ok_class(m, o_cls, text) or
                     ((opts.get("object_adjective") or opts.get("object_adjective_ok")) and m.entity.cls in o_cls)]
    if opts.get("subject_adjective"):
        subjects = [m for m in subjects if is_adjective_form(m)]
    subjects_e = [m.entity for m in subjects if _ok_class(m, s_cls, text) or
                  (opts.get("subject_adjective") and m.entity.cls in s_cls)]
    extra = []
    if opts.get("object_via_of"):
        for m in objects:
            org = _organisation_of(m)
            if org is not None:
                objects_e.append(org)
                extra.append((m.entity, "ledBy", org))
    if opts.get("min_subjects") and len(subjects_e) < int(opts["min_subjects"]):
        return []
    out = list(extra) if subjects_e else []
    for s in subjects_e:
        for o in objects_e:
            if opts.get("no_state_pair") and s.cls == "State" and o.cls == "State":
                continue
            if opts.get("mission_object") and o.cls == "Mission":
                out.append((s, opts["mission_object"], o))
                continue
            out.append((s, pred, o))
            if opts.get("symmetric"):
                out.append((o, pred, s))
    return out
