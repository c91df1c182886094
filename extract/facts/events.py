"""Events: attacks, accidents, coups, launches, withdrawals, decisions, agreements … one :class:`Fact` per event.

How it works, sentence by sentence (only sentences where a trigger from
``data/event_triggers.yaml`` occurs are looked at; questions are skipped). Speed: one Aho-Corasick
pass per letter over the words each trigger alternative needs (:func:`required_words`) says which
sentences can hold which triggers, and only those alternatives' patterns run there:

1. Every trigger match gives a candidate of its type. A decision trigger absorbs the event it
   decides when that comes after it in the same sentence ("besloot de Raad tot lancering",
   "is besloten … terug te trekken", "heeft ingestemd met verlenging"): one node typed with both
   (``("Event", "Decision", "Launch")``), so gold annotated either way matches.
2. The trigger's clause (:func:`modality.clause_of`, plus a following "waarbij/waarna …" clause) is
   its scope. :func:`modality.assess` on it: negated → no event; "zal", "beoogt" → ``planned``;
   "overwogen", "mogelijk" → ``considered``. An event dated after the letter is ``planned`` too.
3. Roles from the word before each mention (prepositions in the YAML): a place (``skg:place``) is a
   Place, or a State after "in/uit/nabij"; "door X" is the agent; "op/tegen X" is affected; actors
   before the trigger are its subject (agent); the first actor after a verb trigger is an inverted
   subject ("vielen AQIM-rebellen … binnen"), later ones are affected. Mentions inside parentheses
   that do not hold the trigger are ignored (citations, appositions).
4. Dates: the nearest date of the clause not inside parentheses or after "d.d."; "tot (en met) X" is
   the end, "vanaf/sinds X" the start of what is decided/extended; a day → ``skg:date``; a month,
   part-of-year or span → ``skg:startDate``/``skg:endDate``; a year → the year as a span. A
   decision stated in the present or perfect tense without a date ("Het kabinet heeft besloten") is
   dated by the letter. A plural attack trigger with several day dates ("aanvallen …, laatstelijk
   op 23, 24 maart en 1 april") is one event per day.
5. Grounding: an event needs a date, or (per type, ``needs``) an actor with a place or with an
   affected party; vague plurals ("diverse aanslagen", "de toename van aanslagen") are no events.
   Missing participants are taken from the paragraph: an attack without agent gets the armed group
   of the nearest earlier sentence naming one; a coup or attack without place the nearest earlier
   place ("in Burkina Faso"); a launch/extension/… without its mission the paragraph's mission.
6. Fatalities (attacks, coups, accidents): a cue ("om het leven", "gedood", "sneuvelden", "dodelijke
   slachtoffers") in the scope, with the counts before it summed ("zes Malinezen en een VN-soldaat"
   → 7), inside it ("kwamen vier militairen om") or right after it, from the value finder's quantities
   or Dutch number words (never a number inside a date). Without them, the next sentence of the
   paragraph when it opens with "Daarbij", "Hierbij", "Bij de aanval …" (``fatalities_next``) and its
   clause is not negated; the evidence then runs on to that sentence's end. Killings told with the
   perpetrator as subject ("X hebben … N burgers gedood") are attacks; in an accident (crash, "…ongeval",
   "neergestort") whoever crashed is affected, never the agent.
7. The same event told twice in one letter (same type, compatible dates, same place/affected; an
   event with only a deadline, "moet uiterlijk … zijn afgerond", merges only with one of the same
   deadline and stays ``planned`` with its ``endDate``) is
   one node: the more precise mention wins, participants are united. "Hetzelfde geldt voor X" right
   after an event is that event again for X (its own node).
8. The letters' own government (``own_state`` in the YAML): its extension of a national mandate, and
   a contribution it decides in the letter itself, are Mandate/Contribution facts, not events too;
   its earlier dated decisions ("Eind 2013 besloot het kabinet …") are Decision events.

Agreements: the signing parties are the event's ``skg:agent`` and each gets a ``skg:signatoryOf``
relation whose object is the Agreement *event node* (``event/…``), so a researcher finds who signed
what, when, and the passage; a later "het akkoord … ondertekend" without a date attaches its
signatories to the letter's last agreement event. Mergers also emit ``skg:mergedInto`` relations from
each merging group to the group formed.

Fact shape: ``kind="Event"``, ``types=("Event", <class>, …)`` (a decision with what it decides has
both classes), props ``date``/``startDate``/``endDate`` (dates), ``place``/``agent``/``affected``
(entities, repeated), ``fatalities`` (int), ``label`` (a short Dutch description); ``status`` planned or
considered where the clause says so or the date lies after the letter. Relation facts
(``signatoryOf``, ``mergedInto``) use :func:`relation_fact`'s layout.

Node keys: ``event/<letter>-<orig start>-<orig end>-<i>`` (evidence span, i = index within it).
Offsets are normalised-text offsets until :meth:`FactContext.evidence` maps them back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import attrgetter, gt, methodcaller, sub

import yaml

from sahelkg.extract.facts.modality import assess, clause_of
from sahelkg.extract.facts.prefilter import CASE_SPECIAL_RX, PLAIN_FOLD, Prefilter, lowered, required_words
from sahelkg.extract.mentions import first_per_entity, is_adjectival
from sahelkg.extract.model import DateMention, Entity, Fact, FactContext, Mention
from sahelkg.extract.numbers import matches_at

ACTOR_CLASSES = frozenset({"State", "Organisation", "ArmedGroup", "Mission", "Person"})
_START = attrgetter("start")
_GROUP1 = methodcaller("group", 1)
_END = attrgetter("end")


# the small patterns the helpers below use, compiled once at import
_STATE_ADJECTIVE_END = re.compile(r"(?:se|sche|ische|ese)$")
_PAREN_GROUP = re.compile(r"\([^()]*\)")
_LAST_ENUMERATION_GAP = re.compile(r"[\s,()]*(?:en|of|als)?[\s,()]*(?:de |het )?(?:[\w-]+ )?", re.I)
_NAME_AFTER = re.compile(r"\s*[A-Z\u00c0-\u00de«\"(]")
_WORD_TOKENS = re.compile(r"[\w/.'’-]+")
_COMPOUND_TAIL = re.compile(r"-([\w]+)")
_FIGHTERS_WORD = re.compile(r"(?:strijders|rebellen|militanten|jihadisten|leden|aanhangers|eenheden)$")
_WAARBIJ_CLAUSE_AFTER = re.compile(r"\s*,?\s*(?:waarbij|waarna|waardoor|waarop)\b", re.I)
_VERB_TRIGGER_START = re.compile(r"(?:vie|nam|trok|trek|vertr|laaide|stuur|schort|liet|ging|gaat|bundel|fuseer|besloot|"
                                 r"initieer|lanceer|stemde|pleeg|arresteer|sanctioneer|benoemde|be[ëée]indigde|"
                                 r"verlengde|verliet|hebben\b|heeft\b|hadden\b|had\b)")
_FINITE_VERB_START = re.compile(r"(?:vie|nam|trok|trek|vertr|laaide|stuur|schort|liet|ging|gaat|bundel|fuseer|besloot|"
                                r"initieer|lanceer|stemde|pleeg|arresteer|sanctioneer|benoemde|be[ëée]indigde|"
                                r"verlengde)")
_PREFIXED_PARTICIPLE = re.compile(r"(?:ge|be|ver|ont|her)\w+[dt]$")
_GE_PARTICIPLE = re.compile(r"^\w{0,8}ge\w+(?:[dt]|en)$")
_PASSIVE_AUXILIARY = re.compile(r"\b(?:werd|werden|wordt|worden)\b", re.I)
_COMMA = re.compile(r",\s+")
_WAARBIJ_START = re.compile(r"(?:waarbij|waarna|waardoor|waarop)\b", re.I)
_CONTINUES_AFTER_COMMA = re.compile(r"waaronder\b|zoals\b|\w+[dt]\s+door\b", re.I)
_OPTIONAL_ARTICLE = re.compile(r"(?:de |het )?")
_COMMA_WAARBIJ = re.compile(r",\s*(?:waarbij|waarna|waardoor|waarop)\b", re.I)
_PREPOSITIONAL_PHRASE_BEFORE = re.compile(r"\b(?:sinds|na|tijdens|voor|bij|met|door|over|om|van|tot|vanwege|ondanks)\s+"
                                          r"(?:de|het|een|deze|dit)\s+(?:[\w-]+\s+)?$", re.I)
_SUCH_AS_BEFORE = re.compile(r",\s*zoals\s+(?:de\s+|het\s+)?$", re.I)
_INCLUDING_BEFORE = re.compile(r"\bwaaronder\s+(?:ook\s+)?(?:de\s+|het\s+)?$", re.I)
_BY_WORD = re.compile(r"\bdoor\b", re.I)
_ENUMERATION_GAP = re.compile(r"\s*(?:,|en|of|als|,\s*en)?\s*(?:zowel\s+)?(?:de |het )?", re.I)
_VAN_GAP = re.compile(r"\s+van\s+(?:de\s+|het\s+)?", re.I)
_LEAVE_VERB_START = re.compile(r"verl", re.I)
_LEADERSHIP_OF_BEFORE = re.compile(r"leiding\s+van\s+(?:de\s+|het\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_DATED_BEFORE = re.compile(r"d\.\s?d\.\s*$")
_UNTIL_START = re.compile(r"(?:tot\s+en\s+met|t/m|tot|uiterlijk)\b", re.I)
_BOUND_PREPOSITION_BEFORE = re.compile(r"(?:^|\s)(?:na|voor|vóór)\s+$", re.I)
_SINCE_START = re.compile(r"(?:vanaf|sinds|per)\b", re.I)
_KAMERSTUK_AFTER = re.compile(r"\s*\((?:Tweede |Eerste )?Kamerstuk")
_EEN_START = re.compile(r"\s*(?:een|één)\b", re.I)
_BARE_WORD = re.compile(r"(?<![\w-])([\w]+)(?=\s|$)")
_MONTH_AFTER = re.compile(r"\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                          r"december)", re.I)
_AND_OR_COMMA_BEFORE = re.compile(r"(?:\ben|,)\s*$")
_FIRST_WORD = re.compile(r"\S+")
_TE_INFINITIVE_START = re.compile(r"(?:terug\s+)?te\s|op\ste\s", re.I)
_TE_BEFORE = re.compile(r"\bte\s+$")
_PURPOSE_WORD = re.compile(r"\b(?:om|te|tot)\b")
_DAY_SPAN_GAP = re.compile(r"\s*(?:en|tot|t/m|-|–)\s*")
_LED_OR_LINKED_AFTER = re.compile(r"[\s-]*(?:geleide|gelieerde|geïnspireerde|geinspireerde)\b")
_CONTRIBUTION_WORD = re.compile(r"\b(?:[\w-]*bijdrage|deelname|troepen\w*)\b", re.I)
_NEW_NAME_BEFORE = re.compile(r"(?:onder\s+de\s+naam|tot|in|als)\s+(?:de\s+|het\s+)?$", re.I)


# --------------------------------------------------------------------------- data


@lru_cache(maxsize=None)
def load_data(name: str) -> dict:
    """A YAML file of ``extract/data`` (package data), parsed once."""
    return yaml.safe_load(files("sahelkg.extract").joinpath("data", name).read_text(encoding="utf-8"))


def _alt(words) -> str:
    return "|".join(w for w in words)


@dataclass(frozen=True)
class _Config:
    triggers: tuple[tuple[str, re.Pattern, dict], ...]
    # every type's trigger alternatives, flat, as (index into ``triggers``, index into its "triggers")
    trigger_alts: tuple[tuple[int, int], ...]
    trigger_filter: "Prefilter"  # which of ``trigger_alts`` (by index) may match a sentence
    generic_before: re.Pattern
    decision_now: re.Pattern
    fatality_cue: re.Pattern
    fatality_vague: re.Pattern
    fatalities_next: re.Pattern
    place_prep: frozenset
    agent_prep: frozenset
    affected_prep: frozenset
    co_prep: frozenset
    until: re.Pattern
    since: re.Pattern
    determiners: frozenset
    near: dict
    any_prep: frozenset
    stative: re.Pattern
    conditional: re.Pattern
    not_modal: re.Pattern
    state_noun_after: re.Pattern
    fixed_refs: tuple
    titles: re.Pattern
    compound_actor: re.Pattern
    vague: re.Pattern
    vague_before: re.Pattern
    obligation: re.Pattern
    own_state: str
    follow_up: re.Pattern
    same_for: re.Pattern
    own_contribution: re.Pattern
    participles: re.Pattern
    today: re.Pattern




@lru_cache(maxsize=1)
def config() -> _Config:
    d = load_data("event_triggers.yaml")
    trig = []
    near = {}
    for etype, spec in d["types"].items():
        pat = re.compile(r"(?<![\w-])(?:" + "|".join(spec["triggers"]) + r")(?![\w])", re.IGNORECASE)
        trig.append((etype, pat, spec))
        if spec.get("near"):  # not as an infinitive ("een overeenkomst af te sluiten" is no signing)
            near[etype] = re.compile(r"(?<!te\s)(?<![\w-])(?:" + spec["near"] + r")(?![\w])", re.IGNORECASE)
    r = d["roles"]
    return _Config(
        triggers=tuple(trig),
        trigger_alts=tuple((i, j) for i, spec in enumerate(d["types"].values()) for j in range(len(spec["triggers"]))),
        trigger_filter=Prefilter([[required_words(t)] for spec in d["types"].values() for t in spec["triggers"]]),
        generic_before=re.compile(r"(?:^|[\s(])(?:" + _alt(d["generic_before"]) + r")\s+(?:\w+\s+){0,2}$",
                                  re.IGNORECASE),
        decision_now=re.compile(d["decision_now"], re.IGNORECASE),
        fatality_cue=re.compile(r"(?<![\w-])(?:" + _alt(d["fatality_cues"]) + r")(?![\w])", re.IGNORECASE),
        fatality_vague=re.compile(d["fatality_vague"], re.IGNORECASE),
        fatalities_next=re.compile(d.get("fatalities_next", "(?!)"), re.IGNORECASE),
        place_prep=frozenset(r["place"]),
        agent_prep=frozenset(r["agent"]),
        affected_prep=frozenset(r["affected"]),
        co_prep=frozenset(r["co_agent"]),
        until=re.compile(r"(?:^|\s)(?:" + _alt(r["until"]) + r")\s+(?:\w+\s+)?$", re.IGNORECASE),
        since=re.compile(r"(?:^|\s)(?:" + _alt(r["from"]) + r")\s+(?:\w+\s+)?$", re.IGNORECASE),
        determiners=frozenset(w.replace("\\", "") for w in d["determiners"]),
        near=near,
        any_prep=frozenset(r["any"]),
        stative=re.compile(r"(?<![\w-])(?:" + d["stative_before"] + r")(?![\w-])", re.IGNORECASE),
        conditional=re.compile(r"^\W*(?:" + d["conditional"] + r")\b", re.IGNORECASE),
        not_modal=re.compile(r"\b(?:" + d["not_modal"] + r")\b", re.IGNORECASE),
        state_noun_after=re.compile(
            r"^(?:\s*(?:,|en|of)\s*(?:[\w-]+-)?[A-Z][\w-]*)*\s+(?:[\w-]+\s+){0,2}?" + d["state_nouns"] + r"\b",
            re.IGNORECASE),
        titles=re.compile(d["titles"], re.IGNORECASE),
        compound_actor=re.compile(d["compound_actor_heads"], re.IGNORECASE),
        vague=re.compile(r"\b(?:" + d["vague"] + r")\b", re.IGNORECASE),
        own_state=d.get("own_state", ""),
        follow_up=re.compile(d["follow_up"], re.IGNORECASE),
        same_for=re.compile(d["same_for"], re.IGNORECASE),
        own_contribution=re.compile(r"\b(?:" + d.get("own_contribution", "(?!)") + r")\b", re.IGNORECASE),
        participles=re.compile(d["participles"], re.IGNORECASE),
        obligation=re.compile(r"\b(?:" + d["obligation"] + r")\b", re.IGNORECASE),
        vague_before=re.compile(r"\b(?:" + d["vague_before"] + r")\s+(?:\w+\s+){0,2}$", re.IGNORECASE),
        today=re.compile(r"\b(?:" + d["today"] + r")\b", re.IGNORECASE),
        fixed_refs=tuple((re.compile(r"(?<![\w-])" + f["pattern"] + r"(?![\w-])", re.IGNORECASE), f["key"])
                         for f in d.get("fixed_references", ())),
    )


class _Guard:
    """Whether a case-insensitive pattern may match inside ``text[lo:hi]`` of a letter's text: one
    Aho-Corasick pass over that window of the lower-cased text (:func:`prefilter.lowered`) for the words
    every match holds (:func:`prefilter.required_words`). Without such words, or for a text that
    lower-casing does not fold offset for offset, the answer is always yes. A match found with
    ``rx.search(text, lo, hi)`` or in ``text[lo:hi]`` lies inside the window, so "no" is exact."""

    def __init__(self, rx: re.Pattern) -> None:
        import ahocorasick  # noqa: PLC0415 - pyahocorasick, as the prefilter uses it

        words = required_words(rx.pattern) if rx.flags & re.IGNORECASE else None
        self.automaton = None
        self.words: tuple[str, ...] = ()
        if words and all(set(w) <= PLAIN_FOLD for w in words):
            self.words = tuple(words)
            self.automaton = ahocorasick.Automaton()
            for w in words:
                self.automaton.add_word(w, w)
            self.automaton.make_automaton()

    def may(self, text: str, lo: int, hi: int) -> bool:
        if self.automaton is None:
            return True
        # inside the sentence being read, a guard none of whose words the sentence holds says no at once
        # (one pass over the sentence for every guard, :func:`_guard_sentence`)
        t, start, end, present = _GUARD_SENTENCE[0]
        if t is text and start <= lo and hi <= end and self not in present:
            return False
        low = lowered(text)
        if low is None:
            return True
        for _ in self.automaton.iter(low[lo:hi]):  # a slice: iter(low, lo, hi) converts all of low first
            return True
        return False


_GUARD_SENTENCE: list = [(None, 0, 0, frozenset())]  # (text, start, end, the guards with a word in it)


def _guard_sentence(text: str, start: int, end: int) -> frozenset:
    """The guards that may say yes inside ``text[start:end]`` (the sentence whose triggers are read now):
    those with one of their words in it, those without words, all of them when the text cannot be
    lowered offset for offset. One Aho-Corasick pass for all of them, instead of one per guard and
    window; noted for :meth:`_Guard.may` too."""
    low = lowered(text)
    automaton, wordless, every = _all_guard_words()
    if low is None:  # every guard says yes anyway
        return every
    present: set = set(wordless)
    for _, gs in automaton.iter(low[start:end]):
        present |= gs
    answer = frozenset(present)
    _GUARD_SENTENCE[0] = (text, start, end, answer)
    return answer


@lru_cache(maxsize=1)
def _all_guard_words():
    """One automaton over every guard's words (:func:`guards`), each word valued with its guards; the
    guards without words (always yes); all guards."""
    import ahocorasick  # noqa: PLC0415

    g = guards()
    every = [*g.near.values(), *(getattr(g, f) for f in _Guards.__dataclass_fields__ if f != "near")]
    owners: dict[str, set] = {}
    for guard in every:
        for w in guard.words:
            owners.setdefault(w, set()).add(guard)
    automaton = ahocorasick.Automaton()
    for w, gs in owners.items():
        automaton.add_word(w, frozenset(gs))
    if owners:
        automaton.make_automaton()
    return automaton, frozenset(x for x in every if x.automaton is None), frozenset(every)


@dataclass(frozen=True)
class _Guards:
    near: dict
    stative: _Guard
    generic_before: _Guard
    vague: _Guard
    vague_before: _Guard
    not_modal: _Guard
    obligation: _Guard
    today: _Guard
    decision_now: _Guard
    fatality_cue: _Guard
    fatality_vague: _Guard


@lru_cache(maxsize=1)
def guards() -> _Guards:
    """A :class:`_Guard` for each of the configuration's patterns that run once per trigger."""
    cfg = config()
    return _Guards(near={t: _Guard(rx) for t, rx in cfg.near.items()},
                   **{f: _Guard(getattr(cfg, f)) for f in _Guards.__dataclass_fields__ if f != "near"})


# --------------------------------------------------------------------------- sentences and mentions


@dataclass(slots=True)  # slots: many per letter, their fields read in every extractor's inner loops
class SentenceView:
    """One sentence with the mentions inside it (gazetteer, discovered and anaphoric)."""

    index: int
    start: int
    end: int
    mentions: list[Mention] = field(default_factory=list)
    paragraph: int = 0


def _is_adjectival(m: Mention) -> bool:
    try:
        return is_adjectival(m)
    except Exception:  # noqa: BLE001 - a hand-made entity not in the gazetteer
        return False


_ADJECTIVE_FORM: dict = {}  # id of a mention → (the mention, its answer): the current letter's, at most 4096


def is_adjective_form(m: Mention) -> bool:
    """The mention is an adjective/demonym ("Franse", "Malinese"): gazetteer says so, or its form does.

    Asked again and again for the same mentions (roles, antecedents, paragraph fallbacks): the answer
    is kept per mention object (mentions are frozen)."""
    hit = _ADJECTIVE_FORM.get(id(m))
    if hit is not None and hit[0] is m:
        return hit[1]
    answer = _is_adjective_form(m)
    if len(_ADJECTIVE_FORM) >= 4096:  # a bound, not a cache of every letter's mentions
        _ADJECTIVE_FORM.clear()
    _ADJECTIVE_FORM[id(m)] = (m, answer)
    return answer


def _is_adjective_form(m: Mention) -> bool:
    if _is_adjectival(m):
        return True
    s = m.surface
    return m.entity.cls == "State" and s[:1].isupper() and bool(_STATE_ADJECTIVE_END.search(s))


def is_state_actor(m: Mention, text: str) -> bool:
    """A state written as an adjective counts as the acting state only before a government/forces noun."""
    if not is_adjective_form(m):
        return True
    return bool(config().state_noun_after.match(text[m.end:m.end + 80]))


def usable(m: Mention, text: str) -> bool:
    """Whether a mention can fill an event role (adjectives of organisations and bare state adjectives not)."""
    if m.entity.cls == "State":
        return is_state_actor(m, text)
    if m.how == "gazetteer" and _is_adjectival(m):
        return False
    return True


def _fixed_reference_mentions(ctx: FactContext) -> list[Mention]:
    try:
        from sahelkg.extract import gazetteer as gz
        g = gz.load()
    except Exception:  # noqa: BLE001 - without a gazetteer there is nothing to refer to
        return []
    out = []
    text = ctx.text
    for rx, key in config().fixed_refs:
        try:
            entity = g.entity(key)
        except KeyError:
            continue
        for mt in finditer_around_words(rx, text):
            out.append(Mention(mt.start(1), mt.end(1), mt.group(1), entity, -1, "pattern"))
    return out


@lru_cache(maxsize=None)
def _width_and_words(rx: re.Pattern) -> tuple[int, tuple[str, ...]] | None:
    """The longest match of ``rx`` and the words every match needs; None when either is unknown
    (unbounded repeats, no required word, or a pattern that can match the empty string)."""
    try:
        from re import _parser as sre_parse  # noqa: PLC0415 - the stdlib's own regex parser
        lo, hi = sre_parse.parse(rx.pattern, rx.flags).getwidth()
    except (ImportError, re.error):  # pragma: no cover
        return None
    words = required_words(rx.pattern) if rx.flags & re.IGNORECASE else None
    if not words or lo == 0 or hi > 500 or not all(set(w) <= PLAIN_FOLD for w in words):
        return None
    # the longest run without whitespace of each word is needed too, and one search finds it
    words = tuple(dict.fromkeys(max(re.split(r"\s", w), key=len) for w in words))
    if min(len(w) for w in words) < 3:
        return None
    return hi, words


def finditer_around_words(rx: re.Pattern, text: str) -> list[re.Match]:
    """``list(rx.finditer(text))``, tried only where a match can be: around the words it needs.

    A match holds one of the words (:func:`required_words`) and is at most ``width`` long, so it starts
    within ``width`` characters before the word's end; ``rx.match`` at each such start, then the
    leftmost non-overlapping matches in order, as ``finditer`` takes them (no match is empty).
    """
    known = _width_and_words(rx)
    low = lowered(text)
    if known is None or low is None:
        return list(rx.finditer(text))
    width, words = known
    starts: set[int] = set()
    for w in words:
        i = low.find(w)
        while i >= 0:
            starts.update(range(max(0, i + len(w) - width), i + 1))
            i = low.find(w, i + 1)
    return matches_at(rx, text, sorted(starts))


_VIEWS: dict = {"last": (None, None)}  # (context, views) of the last letter: both extractors read it


def sentence_views(ctx: FactContext) -> list[SentenceView]:
    """The letter's sentences with their mentions, anaphora resolved (see :func:`anaphora`).

    Computed once per context (the extractors of one letter share it); treat the result as read-only.
    """
    last_ctx, last_views = _VIEWS["last"]  # one tuple, read and replaced atomically
    if last_ctx is ctx:
        return last_views
    _ADJECTIVE_FORM.clear()  # a new letter: its mentions only (the views hold them anyway)
    views = _sentence_views(ctx)
    _VIEWS["last"] = (ctx, views)
    return views


def _sentence_views(ctx: FactContext) -> list[SentenceView]:
    text = ctx.text
    sents = ctx.parsed.sentences
    n = len(sents)
    starts = list(map(_START, sents))
    ends = list(map(_END, sents))
    ms = sorted(ctx.mentions, key=_START)  # stable: equal starts keep the letter's order
    mstarts = list(map(_START, ms))
    extra = _fixed_reference_mentions(ctx)
    if extra:  # only those not overlapping a mention found already
        # some taken (s, e) with s < m.end and m.start < e: the furthest end among the mentions starting
        # before m.end (reach, a running maximum; map/accumulate run in C, no tuple per mention)
        reach = list(accumulate(map(_END, ms), max))

        def overlaps_taken(m: Mention) -> bool:
            k = bisect_left(mstarts, m.end)
            return k > 0 and reach[k - 1] > m.start

        extra = [m for m in extra if not overlaps_taken(m)]
        if extra:
            ms = sorted([*ms, *extra], key=_START)  # as sorting mentions + extra at once: ties keep that order
            mstarts = list(map(_START, ms))
    views = list(map(SentenceView, range(n), starts, ends, _mentions_per_sentence(ms, mstarts, starts, ends),
                     _paragraphs(text, starts, ends)))
    grown = set()
    for m in anaphora(ctx, views):
        i = bisect_right(starts, m.start) - 1
        views[i].mentions.append(m)
        grown.add(i)
    for i in grown:  # one stable sort per sentence: equal starts keep their order, as sorting per append did
        views[i].mentions.sort(key=_START)
    return views


def _paragraphs(text: str, starts: list[int], ends: list[int]) -> list[int]:
    """The paragraph number of each sentence: a "\\n\\n" between a sentence and the one before starts a new
    paragraph. The gaps are searched by ``map`` (``str.find`` in C, no Python step per sentence)."""
    if not starts:
        return []
    breaks = map((0).__le__, map(text.find, repeat("\n\n", len(starts) - 1), ends[:-1], starts[1:]))
    return list(accumulate(breaks, initial=0))


def _mentions_per_sentence(ms: list[Mention], mstarts: list[int], starts: list[int], ends: list[int]) -> list:
    """For each sentence ``[starts[i], ends[i])``: the mentions (sorted by start) starting in it, before the
    next sentence's start, and ending at most one past its end; in their order.

    The same as giving each mention to the last sentence starting at or before it, one by one, but the
    work per mention runs in C: each sentence's mentions are one slice of ``ms`` (cut where the sentences
    start), and a mention running past its sentence is found by comparing every end with its
    sentence's limit in one ``map``; only such sentences (rare) are then filtered in Python."""
    n = len(starts)
    cuts = list(map(bisect_left, repeat(mstarts, n), starts))
    cuts.append(len(ms))
    lists = list(map(ms.__getitem__, map(slice, cuts, cuts[1:])))
    if not n or cuts[0] == len(ms):
        return lists
    limits = chain.from_iterable(map(repeat, map((1).__add__, ends), map(sub, cuts[1:], cuts)))
    ends_from = map(_END, islice(ms, cuts[0], None))
    for k in sorted({bisect_right(cuts, p) - 1 for p in compress(count(cuts[0]), map(gt, ends_from, limits))}):
        lists[k] = [m for m in lists[k] if m.end <= ends[k] + 1]
    return lists


@lru_cache(maxsize=1)
def _anaphora_rules():
    rules = []
    for r in load_data("relation_patterns.yaml").get("anaphora", ()):
        rules.append((re.compile(r"(?<![\w-])" + r["pattern"] + r"(?![\w-])", re.IGNORECASE),
                      frozenset(r["classes"]), r.get("surface")))
    return rules


@lru_cache(maxsize=1)
def _anaphora_filter() -> Prefilter:
    """Which anaphora rules may match a sentence (their head nouns)."""
    return Prefilter(_anaphora_needs())


def _anaphora_needs() -> list:
    return [[required_words(r["pattern"])] for r in load_data("relation_patterns.yaml").get("anaphora", ())]


@lru_cache(maxsize=1)
def _sentence_filter() -> tuple[Prefilter, int]:
    """One prefilter for the trigger alternatives (indices ``0 … n - 1``, as ``config().trigger_filter``)
    and the anaphora rules (``n …``): one pass of the automaton over a letter answers both."""
    d = load_data("event_triggers.yaml")
    triggers = [[required_words(t)] for spec in d["types"].values() for t in spec["triggers"]]
    return Prefilter(triggers + _anaphora_needs()), len(triggers)


_TRIGGER_MAY: dict = {"last": (None, None)}  # (views, the trigger alternatives that may match each)


def _per_sentence(text: str, views: list[SentenceView]) -> list:
    """For each sentence, the anaphora rules that may match it (``_anaphora_filter().per_span``); the
    trigger alternatives (``config().trigger_filter.per_span``) from the same pass are kept for
    :func:`extract_events` (:func:`_trigger_candidates`)."""
    starts = list(map(_START, views))
    ends = list(map(_END, views))
    low = lowered(text)
    automaton = _sentence_automaton()
    if low is None or automaton is None or any(map(gt, ends[:-1], starts[1:])):
        return _per_sentence_plain(text, views)
    # one pass over the letter; a hit is a Python step, a sentence without one is not (most sentences)
    triggers = [_NONE] * len(views)
    rules = [_NONE] * len(views)
    for end, (size, ts, rs) in automaton.iter(low):
        i = bisect_right(starts, end - size + 1) - 1
        if i >= 0 and end < ends[i]:
            if ts:
                triggers[i] = triggers[i] | ts
            if rs:
                rules[i] = rules[i] | rs
    _TRIGGER_MAY["last"] = (views, triggers)
    return rules


_NONE: frozenset = frozenset()


@lru_cache(maxsize=1)
def _sentence_automaton():
    """The words of :func:`_sentence_filter`, each valued ``(length, trigger alternatives, anaphora rules)``
    (the rules numbered from 0); None when an alternative or rule has no usable word (then the filter's
    own pass runs: such a pattern is a candidate in every sentence)."""
    import ahocorasick  # noqa: PLC0415

    both, n = _sentence_filter()
    d = load_data("event_triggers.yaml")
    needs = [required_words(t) for spec in d["types"].values() for t in spec["triggers"]]
    needs += [required_words(r["pattern"]) for r in load_data("relation_patterns.yaml").get("anaphora", ())]
    assert len(needs) == both.n
    owners: dict[str, set[int]] = {}
    for k, ws in enumerate(needs):
        if ws is None or not all(set(w) <= PLAIN_FOLD for w in ws):
            return None
        for w in ws:
            owners.setdefault(w, set()).add(k)
    automaton = ahocorasick.Automaton()
    for w, ks in owners.items():
        automaton.add_word(w, (len(w), frozenset(k for k in ks if k < n), frozenset(k - n for k in ks if k >= n)))
    automaton.make_automaton()
    return automaton


def _per_sentence_plain(text: str, views: list[SentenceView]) -> list:
    """:func:`_per_sentence` through the shared filter's ``per_span``."""
    both, n = _sentence_filter()
    found = both.per_span(text, [(v.start, v.end) for v in views])
    trig = _first_n(n)
    triggers = [ks & trig for ks in found]  # an intersection in C; most sentences: nothing (an empty set)
    _TRIGGER_MAY["last"] = (views, triggers)
    out = []
    for ks in found:
        rest = ks - trig if ks else ks
        out.append(rest and {k - n for k in rest})
    return out


@lru_cache(maxsize=4)
def _first_n(n: int) -> frozenset:
    return frozenset(range(n))


def _trigger_candidates(text: str, views: list[SentenceView]) -> list:
    """``config().trigger_filter.per_span`` over the sentences, from :func:`_per_sentence` when it ran
    for these views."""
    last_views, triggers = _TRIGGER_MAY["last"]
    if last_views is views:
        return triggers
    return config().trigger_filter.per_span(text, [(v.start, v.end) for v in views])


def _last_enumeration(ms: list[Mention], text: str) -> list[Mention]:
    """The final coordinated list of ``ms`` ("X (…) en Y" at the end of a sentence)."""
    if not ms:
        return []
    out = [ms[-1]]
    for prev in reversed(ms[:-1]):
        gap = text[prev.end:out[0].start]
        gap = _PAREN_GROUP.sub(" ", gap)
        if _LAST_ENUMERATION_GAP.fullmatch(gap) and \
                len(gap) < 40:
            out.insert(0, prev)
        else:
            break
    return first_per_entity(out)


def anaphora(ctx: FactContext, views: list[SentenceView]) -> list[Mention]:
    """Mentions for definite noun phrases that refer back ("de missie", "de eerste groepering").

    The head noun becomes a mention (``how="pattern"``) of the latest entity of a fitting class named
    earlier in the same sentence or in the two sentences before it in the same paragraph; "eerste"/
    "tweede"/"laatste" pick from the last enumeration of the nearest such sentence. A noun followed by
    a name ("de missie EUTM Mali") or forming a compound is no anaphor.
    """
    text = ctx.text
    out: list[Mention] = []
    rules = _anaphora_rules()
    may_all = _per_sentence(text, views)
    low = lowered(text)
    for v, may in zip(views, may_all):
        if not may:
            continue
        taken = None  # the mentions' spans, made when a rule matches (most candidate sentences: none)
        seg = text[v.start:v.end]
        for k in sorted(may):  # the rules that may match, in their order
            rx, classes, surface_filter = rules[k]
            endpos = _anaphora_endpos(low, k, v.start, v.end) if low is not None else len(seg)
            for mt in rx.finditer(seg, 0, endpos):
                hs, he = v.start + mt.start("head"), v.start + mt.end("head")
                if taken is None:
                    taken = [(m.start, m.end) for m in v.mentions]
                if any(s < he and hs < e for s, e in taken):
                    continue
                after = text[he:he + 3]
                if _NAME_AFTER.match(after) or after[:1] in "-":
                    continue
                nxt = next((m for m in v.mentions if m.start >= he), None)
                if nxt is not None and text[he:nxt.start].strip() == "":
                    continue
                ordinal = (mt.groupdict().get("ord") or "").lower()
                target = _antecedent(views, v, hs, classes, surface_filter, ordinal, text)
                if target is None:
                    continue
                out.append(Mention(hs, he, text[hs:he], target.entity, v.index, "pattern"))
                taken.append((hs, he))
    return out


def _anaphora_endpos(low: str, k: int, start: int, end: int) -> int:
    """Where rule ``k``'s scan of the sentence ``[start, end)`` may stop: one past the end of the last head
    noun in it (the rule's match ends with its head, :func:`_anaphora_heads`), so the lookahead after a
    match still reads the character it would read without the limit; 0 when no head occurs; the whole
    sentence when the heads are not known. ``low``: the lower-cased text (:func:`prefilter.lowered`)."""
    heads = _anaphora_heads()[k]
    if heads is None:
        return end - start
    last = -1
    for h in heads:
        at = low.rfind(h, start, end)
        if at >= 0 and at + len(h) > last:
            last = at + len(h)
    return 0 if last < 0 else min(end - start, last - start + 1)


_HEAD_AT_END = re.compile(r"\(\?P<head>([a-z|]+)\)$", re.I)


@lru_cache(maxsize=1)
def _anaphora_heads() -> list:
    """For each anaphora rule, the lower-cased words of its head when the pattern ends with a head group
    that is a plain list of words (every match then ends where one of them ends), else None."""
    out = []
    for r in load_data("relation_patterns.yaml").get("anaphora", ()):
        m = _HEAD_AT_END.search(r["pattern"])
        plain = m and "" not in m.group(1).split("|") and not any(x in r["pattern"] for x in _READS_PAST_MATCH)
        out.append(tuple(w.lower() for w in m.group(1).split("|")) if plain else None)
    return out


def _antecedent(views, v, pos, classes, surface_filter, ordinal, text):
    def ok(m):
        if m.entity.cls not in classes or m.how == "pattern" and m.entity.unlinked:
            return False
        if surface_filter and surface_filter not in m.surface.lower():
            return False
        return True

    same = [m for m in v.mentions if m.end <= pos and ok(m)]
    cands = [same] if same and not ordinal else []
    for back in (1, 2):
        j = v.index - back
        if j < 0 or views[j].paragraph != v.paragraph:
            break
        prev = [m for m in views[j].mentions if ok(m)]
        if prev:
            cands.append(prev)
    if not cands:
        return None
    nearest = cands[0]
    if ordinal:
        enum = _last_enumeration(nearest, text)
        if ordinal.startswith("eerst"):
            return enum[0]
        if ordinal == "tweede":
            return enum[1] if len(enum) > 1 else None
        return enum[-1]
    non_adj = [m for m in nearest if not is_adjective_form(m)]
    return (non_adj or nearest)[-1]


# --------------------------------------------------------------------------- small text helpers


def words_before(text: str, pos: int, lo: int, n: int = 4) -> list[str]:
    """Up to ``n`` words before ``pos`` (not before ``lo``), lower case, nearest last.

    Roles ask this again and again for the same mention (preposition, "van" chains) and clause: the
    words are kept per ``(text, pos, lo)`` for the current letter."""
    key = (pos, lo)
    memo = _WORDS_BEFORE
    if memo.get("text") is not text:
        memo.clear()
        memo["text"] = text
    ws = memo.get(key)
    if ws is None:
        ws = memo[key] = _words_before(text, pos, lo)
    return ws[-n:]


_WORDS_BEFORE: dict = {}  # "text" → the text the other entries are for; (pos, lo) → the words


def _words_before(text: str, pos: int, lo: int) -> list[str]:
    seg = text[max(lo, pos - 80):pos]
    if seg.isascii():  # lower-casing ASCII changes no word boundary: lower the segment once
        return _WORD_TOKENS.findall(seg.lower())
    return [w.lower() for w in _WORD_TOKENS.findall(seg)]


def preposition_before(text: str, pos: int, lo: int) -> str | None:
    """The preposition governing the phrase that starts at ``pos`` (skipping determiners/adjectives)."""
    cfg = config()
    ws = words_before(text, pos, lo, 5)
    for w in reversed(ws):
        if w in cfg.any_prep:
            return w
        if w in cfg.determiners or w.endswith("e") or w[:1].isdigit() \
                or w in ("m.n.", "o.a.") or cfg.titles.fullmatch(w):
            continue
        return None
    return None


def _in_quotes(text: str, pos: int, lo: int) -> bool:
    """Inside a quoted title («Politieke ontwikkelingen in de Sahel-regio»), not a quoted name («Accra Initiatief»)."""
    seg = text[lo:pos]
    if seg.count("«") <= seg.count("»"):
        return False
    open_at = lo + seg.rfind("«")
    close = text.find("»", pos)
    return close < 0 or len(text[open_at:close].split()) > 4


def _compound_non_actor(text: str, m: Mention) -> bool:
    """"Takuba-partners", "MINUSMA-mandaat": the mention modifies a noun that is no force of it."""
    mt = _COMPOUND_TAIL.match(text[m.end:m.end + 30])
    return bool(mt) and not config().compound_actor.fullmatch(mt.group(1))


def _nested_van(text: str, pos: int, lo: int) -> bool:
    """ "onder druk van X", "op verzoek van X": a van-phrase inside another prepositional phrase."""
    ws = words_before(text, pos, lo, 6)
    try:
        i = len(ws) - 1 - ws[::-1].index("van")
    except ValueError:
        return False
    if i > 0 and (ws[i - 1] == "leiding" or _TRIGGER_WORD.search(ws[i - 1])):
        return False  # "onder leiding van X"; "de terugtrekking van X": X belongs to the event
    return any(w in config().any_prep and w != "om" for w in ws[max(0, i - 3):i])


_TRIGGER_WORD = re.compile(r"(?:aanslag|aanval|terugtrekking|besluit|lancering|verlenging|opschorting|be[ëée]indiging|"
                           r"inzet|ontplooiing|fusie|arrestatie|vrijlating|oprichting|staatsgreep|coup|machtsgreep|"
                           r"vertrek|instemming|start)\w*$", re.I)


def _agent_noun_before_van(text: str, pos: int, lo: int) -> bool:
    """ "aanval van X", "strijders van X": the noun before "van" makes X the attacker."""
    ws = words_before(text, pos, lo, 6)
    try:
        i = len(ws) - 1 - ws[::-1].index("van")
    except ValueError:
        return True
    return i == 0 or bool(_TRIGGER_WORD.search(ws[i - 1]) or
                          _FIGHTERS_WORD.match(ws[i - 1]))


def _outer_preposition(text: str, pos: int, lo: int) -> str | None:
    ws = words_before(text, pos, lo, 6)
    try:
        i = len(ws) - 1 - ws[::-1].index("van")
    except ValueError:
        return None
    for w in reversed(ws[max(0, i - 3):i]):
        if w in config().any_prep and w != "om":
            return w
    return None


def in_parentheses(text: str, pos: int, lo: int) -> bool:
    seg = text[lo:pos]
    return seg.count("(") > seg.count(")")


def date_props(dm: DateMention) -> list[tuple[str, object]]:
    """``skg:date`` for a day, ``startDate``/``endDate`` for months, parts of years, spans and years."""
    if dm.granularity == "day" and dm.date:
        return [("date", dm.date)]
    if dm.granularity == "part" and dm.date:
        if dm.end_date and dm.end_date != dm.date:
            return [("startDate", dm.date), ("endDate", dm.end_date)]
        return [("date", dm.date)]
    if dm.granularity in ("month", "span") and dm.date:
        end = dm.end_date
        if end is None and dm.granularity == "month":
            end = dm.date.replace(day=calendar.monthrange(dm.date.year, dm.date.month)[1])
        return [("startDate", dm.date)] + ([("endDate", end)] if end else [])
    if dm.granularity == "year" and (dm.year or dm.date):
        y = dm.year or dm.date.year
        return [("startDate", dt.date(y, 1, 1)), ("endDate", dt.date(y, 12, 31))]
    return []


def _first_day(dm: DateMention) -> dt.date | None:
    if dm.date:
        return dm.date
    if dm.year:
        return dt.date(dm.year, 1, 1)
    return None


def _last_day(dm: DateMention) -> dt.date | None:
    if dm.end_date:
        return dm.end_date
    if dm.granularity == "month" and dm.date:
        return dm.date.replace(day=calendar.monthrange(dm.date.year, dm.date.month)[1])
    if dm.granularity == "year" or (dm.date is None and dm.year):
        return dt.date(dm.year, 12, 31)
    return dm.date


def _precision(dm: DateMention | None) -> int:
    if dm is not None and dm.granularity == "span" and dm.date and dm.end_date and (dm.end_date - dm.date).days < 32:
        return 4
    return {None: 0, "year": 1, "span": 2, "month": 2, "part": 3, "day": 4}.get(dm.granularity if dm else None, 0)


def label_of(e: Entity, surface: str | None = None) -> str:
    return e.label_nl or e.label_en or surface or e.key.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- drafts


@dataclass
class _Draft:
    types: list[str]
    trigger: tuple[int, int]
    scope: tuple[int, int]
    sentence: SentenceView
    date: DateMention | None = None
    start: DateMention | None = None
    until: DateMention | None = None
    agents: list[Mention] = field(default_factory=list)
    affected: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    fatalities: int | None = None
    status: str = "asserted"
    letter_dated: bool = False
    plural: bool = False
    infinitive: bool = False
    noun: bool = False
    full_trigger: tuple[int, int] = (0, 0)
    letter_date: dt.date | None = None
    generic: bool = False
    absorbed: list = field(default_factory=list)  # (start, spec) of the decided events' triggers
    clone: bool = False  # "hetzelfde geldt voor X": a second event by design, never merged
    examples: bool = False  # actors named as examples ("enkele landen, zoals X en Y")
    modal_status: str = "asserted"  # what the clause's own words say ("voornemens" → planned)
    evidence_end: int | None = None  # the evidence goes on to here (the next sentence told the dead)

    def keys(self, role) -> set[str]:
        return {m.entity.key for m in getattr(self, role)}


def _add(lst: list[Mention], m: Mention) -> None:
    key = m.entity.key
    for x in lst:
        if x.entity.key == key:
            return
    lst.append(m)


def _find_triggers(text: str, v: SentenceView, may=None):
    """(type, start, end, spec) for every trigger in the sentence, in text order, no overlaps.

    ``may``: the trigger types that may occur in the sentence (``config().trigger_filter``), if known.
    """
    seg = text[v.start:v.end]
    cfg = config()
    if may is None:
        may = cfg.trigger_filter.candidates(seg)
    if not may:
        return []
    found = []
    low = lowered(text)
    for rx, etype, spec, i, js in _trigger_plan(frozenset(may)):
        # scan only the part of the sentence a match can lie in (around its words), not all of it
        pos, endpos = _trigger_window(low, v.start, v.end, i, js) if low is not None else (0, len(seg))
        for mt in rx.finditer(seg, pos, endpos):
            found.append((v.start + mt.start(), v.start + mt.end(), etype, spec))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out, last_end = [], -1
    for s, e, etype, spec in found:
        if s < last_end:
            continue
        out.append((etype, s, e, spec))
        last_end = e
    return out


@lru_cache(maxsize=4096)
def _trigger_plan(may: frozenset) -> tuple:
    """``(pattern, type, spec)`` per trigger type with candidate alternatives among ``may`` (indices into
    ``config().trigger_alts``), in type order: the same few sets recur, so worked out once per set."""
    cfg = config()
    alts: dict[int, list[int]] = {}  # type index → its alternatives that may match, in YAML order
    for k in sorted(may):
        i, j = cfg.trigger_alts[k]
        alts.setdefault(i, []).append(j)
    return tuple((_trigger_pattern(i, tuple(js)), cfg.triggers[i][0], cfg.triggers[i][2], i, tuple(js))
                 for i, js in alts.items())


def _trigger_window(low: str, start: int, end: int, i: int, js) -> tuple[int, int]:
    """``(pos, endpos)`` in the sentence ``[start, end)`` such that type ``i``'s pattern with alternatives
    ``js`` finds the same matches with ``finditer(seg, pos, endpos)`` as over the whole sentence.

    Every match holds one of its alternative's words (:func:`_alternative_reach`), and lies within
    ``back`` characters before that word's end and ``fwd`` after its start. No match starts before
    ``pos`` (the lookbehind still sees the text before it) and every match ends before ``endpos - 1``,
    so the lookahead after a match reads the same character as without ``endpos``. ``low`` is the
    lower-cased text (:func:`prefilter.lowered`), where the words are searched with ``str.find``.
    """
    n = end - start
    lo, hi = n, -1
    for j in js:
        reach = _alternative_reach(i, j)
        if reach is None:
            return 0, n
        back, fwd, words = reach
        for w in words:
            f = low.find(w, start, end)
            if f < 0:
                continue
            first = 0 if back is None else f - start + len(w) - back
            if first < lo:
                lo = first
            last = low.rfind(w, start, end) - start + fwd
            if last > hi:
                hi = last
    if hi < 0:  # none of the words here (the filter said "may" for another reason): the whole sentence
        return 0, n
    return max(0, lo), min(n, hi + 1)


@lru_cache(maxsize=None)
def _alternative_reach(i: int, j: int) -> tuple[int | None, int, tuple[str, ...]] | None:
    """``(back, fwd, words)`` for alternative ``j`` of trigger type ``i``: every match holds one of
    ``words`` (lower case, without whitespace), starts at most ``back`` characters before that word's
    end (None: no bound known) and ends at most ``fwd`` characters after its start. None when unknown.

    An alternative may open with ``[\\w-]*`` (a compound: "zelfmoordaanslag"): then its start is not
    bounded, but the rest after it holds the word, so the end is."""
    from re import _parser as sre_parse  # noqa: PLC0415 - the stdlib's own regex parser

    alt = config().triggers[i][2]["triggers"][j]
    if any(x in alt for x in _READS_PAST_MATCH):  # a lookahead or end anchor reads past the match's end
        return None
    words = required_words(alt)
    if not words or not all(set(w) <= PLAIN_FOLD for w in words):
        return None
    words = tuple(dict.fromkeys(max(re.split(r"\s", w), key=len) for w in words))
    if not all(words):
        return None
    compound = alt.startswith(_COMPOUND_PREFIX)
    rest = alt[len(_COMPOUND_PREFIX):] if compound else alt
    if compound and required_words(rest) != required_words(alt):
        return None
    try:
        width = sre_parse.parse(rest, re.IGNORECASE).getwidth()[1]
    except re.error:  # pragma: no cover
        return None
    if width > 500:
        return None
    return (None if compound else width), width, words


_COMPOUND_PREFIX = "[\\w-]*"
# what in a pattern reads text after the match, or tests for the end of the text: with these the scan
# cannot stop early (the characters after ``endpos`` would look absent)
_READS_PAST_MATCH = ("(?=", "(?!", "$", "\\Z")


@lru_cache(maxsize=None)
def _trigger_pattern(i: int, js: tuple[int, ...]) -> re.Pattern:
    """Type ``i``'s trigger pattern with only its alternatives ``js``.

    Where the other alternatives cannot match (none of their required words occurs), it finds the
    same matches as the type's full pattern: an alternation tried left to right is unchanged by
    dropping branches that match nowhere.
    """
    spec = config().triggers[i][2]
    if len(js) == len(spec["triggers"]):
        return config().triggers[i][1]
    return re.compile(r"(?<![\w-])(?:" + "|".join(spec["triggers"][j] for j in js) + r")(?![\w])", re.IGNORECASE)


def _scope(text: str, v: SentenceView, s: int) -> tuple[int, int]:
    cs, ce = clause_of(text, v.start, v.end, s)
    # a following "waarbij/waarna/waardoor" clause still belongs to the event (victims, the deposed)
    m = _WAARBIJ_CLAUSE_AFTER.match(text, ce, v.end)  # the pattern looks neither before ce nor past v.end
    if m:
        _, ce2 = clause_of(text, v.start, v.end, m.end())
        ce = max(ce, ce2)
    return cs, ce


_PLURAL_NOUN = re.compile(r"(?:aanslagen|aanvallen|hinderlagen|beschietingen|overvallen|gevechten)$", re.I)


@lru_cache(maxsize=4096)
def _is_verb_trigger(word: str) -> bool:
    """A finite verb in second position ("vielen AQIM-rebellen …", "besloot de Raad"): the next actor is its subject."""
    w = word.lower()
    return bool(_VERB_TRIGGER_START.match(w))


_FINITE = re.compile(r"(?:besloot|besloten\s+(?:de|het)|stemde|initieerde|lanceerde|pleegde|arresteerde|benoemde|"
                     r"be[ëée]indigde|verlengde|schortte|fuseerde|bundelde|trok|vertrok|viel|nam|liet|ging|stuurde|"
                     r"sanctioneerde)n?$", re.I)


def _is_finite_start(word: str) -> bool:
    return bool(_FINITE_VERB_START.match(word.lower()))


@lru_cache(maxsize=4096)
def _is_participle(word: str) -> bool:
    """A past participle or infinitive at the end of its clause ("… vrijgelaten", "… opgeschort", "te verlengen")."""
    w = word.lower().split()[-1] if word.split() else word.lower()
    if _FINITE.match(w) or _is_finite_start(word):
        return False
    if _PLURAL_NOUN.search(w) or w in ("besluit", "besluiten", "verklaring", "overeenkomst"):
        return False
    if word.lower().startswith("te ") or " te " in word.lower():
        return True
    if config().participles.fullmatch(w):
        return True
    if _PREFIXED_PARTICIPLE.match(w) or _GE_PARTICIPLE.search(w):
        return True
    return False


def _roles(ctx: FactContext, d: _Draft, spec: dict) -> None:
    """Assign the scope's mentions to place/agent/affected (see module docstring, step 3)."""
    text = ctx.text
    cs, ce = d.scope
    ts, te = d.trigger
    cfg = config()
    trig_in_paren = in_parentheses(text, ts, cs)
    word = text[ts:te]
    verb = _is_verb_trigger(word)
    participle = _is_participle(text[d.full_trigger[0]:d.full_trigger[1]] or word)
    etype = d.types[0]
    passive = participle and bool(_PASSIVE_AUXILIARY.search(text[cs:ce]))
    # after the trigger, an appositive or a new phrase after a comma is no longer about the event
    cut = ce
    for cm in _COMMA.finditer(text[te:ce]):
        rest = text[te + cm.end():te + cm.end() + 30]
        if _WAARBIJ_START.match(rest):
            break
        if _CONTINUES_AFTER_COMMA.match(rest):
            continue  # ", waaronder X"; ", ondertekend door X" go on
        if any(m.start == te + cm.end() or (m.start > te + cm.end() and
               _OPTIONAL_ARTICLE.fullmatch(text[te + cm.end():m.start])) for m in d.sentence.mentions):
            continue  # an enumeration goes on
        cut = te + cm.start()
        break
    waarbij = _COMMA_WAARBIJ.search(text[te:ce])
    waarbij_at = te + waarbij.start() if waarbij else ce
    first_after = True
    in_pp = d.noun and bool(_PREPOSITIONAL_PHRASE_BEFORE.search(text[max(cs, ts - 40):ts]))
    prev: tuple[Mention, str] | None = None
    n_before_bare = 0
    by_role = {"place": d.places, "agent": d.agents, "affected": d.affected}  # the lists grow, never change
    # the first "(" or "«" of the clause: only a mention after it can be inside them
    opener = min(text.find("(", cs, ce) % (ce + 1), text.find("«", cs, ce) % (ce + 1))  # -1 → ce: none
    ms = d.sentence.mentions  # by start: those starting in [cs, ce] (the others lie outside the scope)
    for m in ms[bisect_left(ms, cs, key=_START):bisect_right(ms, ce, key=_START)]:
        if m.end > ce or (m.start >= te and m.start >= cut and m.start < waarbij_at):
            continue
        if not trig_in_paren and opener < m.start and \
                (in_parentheses(text, m.start, cs) or _in_quotes(text, m.start, cs)):
            continue
        # None: not usable or a modifier; else whether "MINUSMA-mandaat" (acted on, does not act)
        compound = _role_form(text, m)
        if compound is None:
            continue
        cls = m.entity.cls
        before20 = text[max(cs, m.start - 20):m.start]
        if _SUCH_AS_BEFORE.search(before20) and \
                m.start > ts and not any(x.end <= ts for x in d.agents):
            _add(d.agents, m)  # "landen …, zoals X en Y": the examples are the actors
            d.examples = True
            prev = (m, "agent")
            continue
        if "waaronder" in before20.lower() and _INCLUDING_BEFORE.search(before20):
            role = "agent" if _BY_WORD.search(text[ts:m.start]) else (prev[1] if prev else None)
            if role:
                _add(by_role[role], m)
                prev = (m, role)
            continue
        before = m.end <= ts
        # an enumeration item takes the role of the item before it
        if prev is not None and _ENUMERATION_GAP.fullmatch(text[prev[0].end:m.start]):
            role = prev[1]
            if role == "place" and cls not in ("Place", "State"):
                role = "affected"
            _add(by_role[role], m)
            prev = (m, role)
            continue
        prep = preposition_before(text, m.start, cs)
        chain = prep == "van" and prev is not None and prev[1] == "agent" and \
            _VAN_GAP.fullmatch(text[prev[0].end:m.start])
        if prep == "van" and not chain and _nested_van(text, m.start, cs):
            outer = _outer_preposition(text, m.start, cs)
            if outer in cfg.agent_prep:  # "door strijders van X": X acts
                prep = "door"
            elif outer == "tegen" or (outer == "op" and d.types[0] == "Attack"):
                prep = "op"  # "aanval op een konvooi van X": X is hit
            else:  # "onder druk van X", "op verzoek van X": X is no participant
                prev = None
                continue
        role = None
        if m.start >= waarbij_at:
            role = "affected" if cls in ACTOR_CLASSES and etype in ("Attack", "Coup") else None
        elif cls in ("Place", "State") and etype == "Withdrawal" and (not before or d.agents) and prep is None \
                and _LEAVE_VERB_START.match(word) and not is_adjective_form(m):
            role = "place"  # "verlieten Afghanistan": the place left
        elif cls == "Place" or (cls == "State" and prep in cfg.place_prep and not is_adjective_form(m)):
            # a place far before the trigger, not opening the clause, is about something else
            role = "place" if (not before or m.start - cs < 40 or ts - m.end < 60) else None
        elif cls not in ACTOR_CLASSES:
            role = None
        elif prep in cfg.agent_prep:
            role = "agent"
        elif prep in cfg.co_prep and etype in ("Agreement", "Ceasefire", "Merger", "Attack"):
            role = "agent"
        elif prep in ("in", "tijdens") and cls == "Organisation" and etype == "Decision":
            role = "agent"
        elif prep == "van" and _LEADERSHIP_OF_BEFORE.search(text[max(cs, m.start - 40):m.start]):
            role = "agent"
        elif prep == "van" and prev is not None and prev[1] == "agent" and \
                _VAN_GAP.fullmatch(text[prev[0].end:m.start]):
            role = "agent"
        elif before and in_pp:
            role = None  # "sinds de start van X": the sentence's subject is no participant of the event
        elif before:
            if prep is None:
                if (participle and n_before_bare >= 1) or passive:
                    role = "affected"
                else:
                    role = "agent"
                n_before_bare += 1
            elif prep == "van" and participle:
                role = "affected"
            elif prep in cfg.affected_prep and participle:
                role = "affected"  # "zijn deelname aan X … te beëindigen": X is what ends
            elif prep in cfg.affected_prep and etype == "Attack":
                role = "affected"
        else:
            if prep in cfg.affected_prep or prep == "uit":
                role = "affected"
            elif prep == "van":
                # after the decision, a van-phrase belongs to what is decided ("besluit om de inzet van X te
                # beëindigen", "besloot tot lancering van X")
                own = d.absorbed[0][1] if d.absorbed else spec
                role = "agent" if own.get("van_role") == "agent" and not d.agents else "affected"
                if etype == "Attack" and role == "agent" and not _agent_noun_before_van(text, m.start, cs):
                    role = "affected"  # "drie blauwhelmen van MINUSMA", "een konvooi van X": the victims
            elif prep is None and etype == "Attack" and cls == "ArmedGroup" and not d.agents:
                role = "agent"
            elif prep is None and verb and first_after and not d.agents:
                role = "agent"
            elif prep is None and cls == "State" and is_adjective_form(m) and not d.agents:
                role = "agent"
            elif prep is None or prep in ("voor", "met", "over") or (prep in ("in", "bij") and cls == "Mission"):
                role = "affected"
            if prep is None:
                first_after = False
        if role == "agent" and compound:
            role = "affected"
        if role is None:
            prev = None
            continue
        _add(by_role[role], m)
        prev = (m, role)


_ROLE_FORM: dict = {}  # "text" → the text the other entries are for; id of a mention → (mention, answer)


def _role_form(text: str, m: Mention) -> bool | None:
    """None when ``m`` cannot fill a role (not :func:`usable`, or :func:`_modifier`), else
    :func:`_compound_non_actor`: asked once per mention and letter, not once per event of its sentence."""
    memo = _ROLE_FORM
    if memo.get("text") is not text:
        memo.clear()
        memo["text"] = text
    hit = memo.get(id(m))
    if hit is not None and hit[0] is m:
        return hit[1]
    answer = None if not usable(m, text) or _modifier(text, m) else _compound_non_actor(text, m)
    memo[id(m)] = (m, answer)
    return answer


def _dates(ctx: FactContext, d: _Draft, dates: list[DateMention]) -> list[DateMention]:
    """Date roles in the scope; returns the "at" dates nearest first."""
    text = ctx.text
    cs, ce = d.scope
    ts, _ = d.trigger
    cfg = config()
    at = []
    starts = _date_starts(dates)
    for dm in dates[bisect_left(starts, cs):bisect_right(starts, ce)]:
        if dm.start < cs or dm.end > ce or dm.granularity == "duration":
            continue
        if in_parentheses(text, dm.start, cs) and not in_parentheses(text, ts, cs):
            continue
        pre = text[max(cs, dm.start - 30):dm.start]
        if _DATED_BEFORE.search(pre) or _citation(text, dm, cs):
            continue
        own = text[dm.start:dm.end]
        words = _before_words(pre)
        if (words is None or _UNTIL_WORDS.search(words)) and cfg.until.search(pre) or _UNTIL_START.match(own):
            if d.until is None:
                d.until = dm
            continue
        if _BOUND_PREPOSITION_BEFORE.search(pre):
            continue  # "na 2022", "voor juli 2024": a bound of something else
        if (words is None or _SINCE_WORDS.search(words)) and cfg.since.search(pre) or _SINCE_START.match(own):
            if d.start is None:
                d.start = dm
            continue
        at.append(dm)
    at.sort(key=lambda dm: abs(dm.start - ts))
    return at


def _before_words(pre: str) -> str | None:
    """``pre`` lower-cased when it is ASCII (then a pattern's words occur in it exactly as
    ``re.IGNORECASE`` finds them), else None (every pattern must run)."""
    return pre.lower() if pre.isascii() else None


def _ascii_words_rx(rx: re.Pattern) -> re.Pattern:
    """A case-sensitive search for the words one of which every match of ``rx`` holds, in an ASCII
    lower-cased text (:func:`prefilter.required_words`, each cut to its longest run without whitespace);
    one that always matches when they are unknown."""
    words = required_words(rx.pattern) if rx.flags & re.IGNORECASE else None
    if words:
        words = tuple(dict.fromkeys(max(re.split(r"\s", w), key=len) for w in words))
    if not words or not all(w and w.isascii() for w in words):
        return re.compile("")
    return re.compile("|".join(re.escape(w) for w in words))


_UNTIL_WORDS = _ascii_words_rx(config().until)
_SINCE_WORDS = _ascii_words_rx(config().since)


class _ByStart:
    """Spans (dates, quantities) sorted by start, for the ones overlapping a window in O(log n + k)."""

    def __init__(self, items) -> None:
        self.items = sorted(items, key=_START)
        self.starts = list(map(_START, self.items))
        self.longest = max(map(sub, map(_END, self.items), self.starts), default=0)

    def overlapping(self, lo: int, hi: int) -> list:
        """The items with ``start < hi`` and ``end > lo`` or ``start >= lo``, by start."""
        first = bisect_left(self.starts, lo - self.longest)
        last = bisect_left(self.starts, hi)
        return [i for i in self.items[first:last] if i.end > lo or i.start >= lo]


_BY_START: dict = {}  # id of a letter's tuple → (the tuple, its index); the latest two letters' tuples


def _by_start(items: tuple) -> _ByStart:
    """The :class:`_ByStart` index of a context's ``dates`` or ``quantities``, built once per tuple."""
    hit = _BY_START.get(id(items))
    if hit is not None and hit[0] is items:
        return hit[1]
    if len(_BY_START) > 4:
        _BY_START.clear()
    index = _ByStart(items)
    _BY_START[id(items)] = (items, index)
    return index


_DATE_STARTS: dict = {"last": (None, [])}


def _date_starts(dates: list[DateMention]) -> list[int]:
    """The start offsets of ``dates`` (sorted by start), computed once per list."""
    last, starts = _DATE_STARTS["last"]
    if last is not dates:
        starts = list(map(_START, dates))
        _DATE_STARTS["last"] = (dates, starts)
    return starts


_CITATION_BEFORE = re.compile(
    r"(?:brie(?:f|ven)|rapportage|verslag|notitie|Kamerstuk|nota)\w*(?:\s+[A-Z][\w-]+)?\s+(?:van|d\.\s?d\.)\s+"
    r"(?:[^.;()]{0,40}\([^)]*\)[^.;()]{0,10}){0,3}[^.;()]{0,25}$", re.IGNORECASE)


_CITATION_WORDS = required_words(_CITATION_BEFORE.pattern) or ("",)
_CITATION_WORDS_RX = re.compile("|".join(map(re.escape, _CITATION_WORDS)))  # any of them, in one C-level search


def _citation(text: str, dm: DateMention, lo: int) -> bool:
    """A date that identifies a paper ("de brief van 7 oktober 2016 (Kamerstuk …)")."""
    if _KAMERSTUK_AFTER.match(text[dm.end:dm.end + 30]):
        return True
    window = text[max(lo, dm.start - 160):dm.start]
    low = window.lower()
    if CASE_SPECIAL_RX.search(window) is None and _CITATION_WORDS_RX.search(low) is None:
        return False  # none of the words a citation needs ("brief", "Kamerstuk" …): skip the slow pattern
    return bool(_CITATION_BEFORE.search(window))


def _number_value(text: str, q) -> int | None:
    try:
        v = int(q.value)
    except (TypeError, ValueError):
        return None
    return v if v >= 0 else None


def _fatalities(ctx: FactContext, d: _Draft, scope: tuple[int, int] | None = None) -> int | None:
    """Sum of the counts attached to a fatality cue in the scope (see module docstring, step 6)."""
    text = ctx.text
    cs, ce = scope or d.scope
    cfg = config()
    word_number = _word_number
    if not guards().fatality_cue.may(text, cs, ce):
        return None
    for cue in cfg.fatality_cue.finditer(text, cs, ce):
        lo = max(cs, cue.start() - 100)
        window = text[lo:cue.start()]
        # the victims follow the clause start and the event noun ("bij een aanval door X … zeventig burgers")
        starts = [at + len(k) for k in ("waarbij", "waardoor", ";", " dat ") if (at := window.rfind(k)) >= 0]
        low = window.lower()
        if CASE_SPECIAL_RX.search(window) or any(w in low for w in _EVENT_NOUN_WORDS):  # else it cannot match
            starts += [m.end() for m in _EVENT_NOUN.finditer(window)]
        window_start = lo + max(starts) if starts else lo
        total = _count_in(ctx, text, window_start, cue.start(), word_number)
        if total is None and " " in cue.group().strip():  # "kwamen vier militairen om": inside the cue
            total = _count_in(ctx, text, cue.start(), cue.end(), word_number)
        if total is None:  # "sneuvelden drie militairen": the count after the cue
            total = _count_in(ctx, text, cue.end(), min(ce, cue.end() + 40), word_number, first_only=True)
        if total:
            return total
    return None


def _fatalities_next(ctx: FactContext, views, v: SentenceView, d: _Draft) -> None:
    """The dead told in the next sentence of the paragraph ("Daarbij kwamen vier militairen om het
    leven."): its fatalities, and the evidence runs on to that sentence's end. A negated clause ("Daarbij
    vielen geen slachtoffers") tells none."""
    if v.index + 1 >= len(views):
        return
    nxt = views[v.index + 1]
    text = ctx.text
    cfg = config()
    if nxt.paragraph != v.paragraph or not cfg.fatalities_next.match(text[nxt.start:nxt.end]) or \
            text[nxt.start:nxt.end].rstrip().endswith("?"):
        return
    cue = cfg.fatality_cue.search(text, nxt.start, nxt.end)
    if cue is None:
        return
    scope = clause_of(text, nxt.start, nxt.end, cue.start())
    if assess(text, scope[0], scope[1]) == "negated":
        return
    n = _fatalities(ctx, d, scope)
    if n:
        d.fatalities = n
        d.evidence_end = nxt.end


# At most one match per run of word characters and hyphens, starting where the run starts (the greedy
# run reaches the run's last fitting noun, so no later start in the run can match): the lookbehind
# only spares the engine the retries inside a word.
_EVENT_NOUN = re.compile(r"(?<![\w-])[\w-]*(?:aanslag|aanval|hinderlaag|beschieting|gevecht|ongeval|ongeluk|crash)"
                         r"(?:en|len|ken|es)?\b", re.I)
_EVENT_NOUN_WORDS = required_words(_EVENT_NOUN.pattern) or ("",)


@lru_cache(maxsize=8192)
def _word_number(word: str) -> int | None:
    """:func:`numbers.word_number`, remembered per word (the value finder's text2num is slow to say no)."""
    from sahelkg.extract.numbers import word_number  # noqa: PLC0415

    return word_number(word)


def _count_in(ctx, text, lo, hi, word_number, first_only=False) -> int | None:
    """Counts of persons in ``text[lo:hi]``: the value finder's person quantities and number words.

    "een"/"één" counts only as an item of an enumeration of counts ("zes Malinezen en een VN-soldaat"),
    not as the article ("een konvooi"); a number before a month name is a day.
    """
    cfg = config()
    if guards().fatality_vague.may(text, lo, hi) and cfg.fatality_vague.search(text, lo, hi):
        return None
    spans = []
    # a year or day inside a date is no count
    in_dates = None  # read when a number word needs it (most windows have none)
    for q in _by_start(ctx.quantities).overlapping(lo, hi):
        if lo <= q.start < hi and q.unit == "persons" and not _EEN_START.match(text[q.start:q.end]):
            v = _number_value(text, q)
            if v is not None:
                spans.append((q.start, q.end, v))
    mts = list(_BARE_WORD.finditer(text[lo:hi]))
    words = list(map(str.lower, map(_GROUP1, mts)))  # map: each word's lower case and value without a Python step
    for mt, word, v in zip(mts, words, map(word_number, words)):
        if v is None:
            if not word.isdigit():  # most words: no number, so no need to look where they are
                continue
            v = int(word)
        s, e = lo + mt.start(1), lo + mt.end(1)
        if any(a <= s < b for a, b, _ in spans):
            continue
        if in_dates is None:
            in_dates = [(dm.start, dm.end) for dm in _by_start(ctx.dates).overlapping(lo, hi)]
        if any(a <= s < b for a, b in in_dates):
            continue
        if _MONTH_AFTER.match(text[e:e + 12]):
            continue
        if word in ("een", "één"):
            if not spans or not _AND_OR_COMMA_BEFORE.search(text[max(lo, s - 6):s]):
                continue
        spans.append((s, e, v))
    if not spans:
        return None
    spans.sort()
    if first_only:
        return spans[0][2]
    return sum(v for _, _, v in spans)


# --------------------------------------------------------------------------- extraction


def _paragraph_fallback(views, v, pick, back=3, paragraphs=1):
    for j in range(v.index - 1, max(-1, v.index - 1 - back), -1):
        if v.paragraph - views[j].paragraph >= paragraphs:
            break
        found = pick(views[j])
        if found:
            return found
    return None


def _drafts_for_sentence(ctx: FactContext, views, v: SentenceView, dates, may=None) -> list[_Draft]:
    text = ctx.text
    cfg = config()
    sent = text[v.start:v.end]
    if sent.rstrip().endswith("?"):
        return []
    trigs = _find_triggers(text, v, may)
    if not trigs:
        return []
    # the guards with a word in this sentence: a pattern of any other cannot match in it (its windows
    # below lie inside the sentence), so it is not tried
    present = _guard_sentence(text, v.start, v.end)
    cue = guards()
    drafts: list[_Draft] = []
    pending_decision: _Draft | None = None
    for etype, s, e, spec in trigs:
        near = cfg.near.get(etype)
        cs, ce = _scope(text, v, s)
        if near and not (cue.near[etype] in present and near.search(text, cs, ce)):
            continue
        if cfg.conditional.match(text[cs:s]):
            continue
        if cue.stative in present and cfg.stative.search(text, max(cs, s - 40), s):
            continue
        if cue.generic_before in present and cfg.generic_before.search(text[max(cs, s - 60):s]):
            continue
        generic = bool(cue.vague in present and cfg.vague.search(text, cs, s) or
                       cue.vague_before in present and cfg.vague_before.search(text[max(cs, s - 40):s]))
        if any(d.types[0] == etype and d.scope == (cs, ce) for d in drafts):
            continue
        # a decision absorbs the decided event that follows it in the same sentence
        if pending_decision is not None and etype not in ("Decision",) and s - pending_decision.trigger[1] < 160:
            if etype not in pending_decision.types:
                pending_decision.types.append(etype)
            pending_decision.absorbed.append((s, spec))
            pending_decision.scope = (min(pending_decision.scope[0], cs), max(pending_decision.scope[1], ce))
            continue
        # the trigger's position for roles is its first word ("vielen … binnen", "namen … gevangen")
        first = _FIRST_WORD.match(text[s:e])
        d = _Draft(types=[etype], trigger=(s, s + (first.end() if first else e - s)), scope=(cs, ce), sentence=v)
        d.plural = etype == "Attack" and bool(_PLURAL_NOUN.search(text[s:e]))
        d.infinitive = bool(_TE_INFINITIVE_START.match(text[s:e]) or
                            _TE_BEFORE.search(text[max(cs, s - 3):s]))
        d.noun = not _is_participle(text[s:e]) and not _is_verb_trigger(text[s:e])
        d.full_trigger = (s, e)
        d.generic = generic
        drafts.append(d)
        if etype == "Decision":
            pending_decision = d
    out = []
    for d in drafts:
        out.extend(_complete(ctx, views, v, d, dates))
    return out


def _assess(ctx: FactContext, d: _Draft) -> str:
    """Negation/modality of the clause up to just after the trigger (what follows is about other things)."""
    text = ctx.text
    cs, ce = d.scope
    end = min(ce, d.full_trigger[1] + 25)
    cue = guards()
    seg = text[cs:end]
    if cue.not_modal.may(text, cs, end):
        seg = config().not_modal.sub(lambda m: " " * len(m.group()), seg)
    status = assess(seg, 0, len(seg))  # assess reads only the span it is given
    if status == "asserted" and cue.obligation.may(text, cs, end) and config().obligation.search(text, cs, end):
        return "planned"
    return status


_SPECS: dict = {"last": (None, {})}  # (configuration, type → its first trigger spec)


def _spec_of(etype: str) -> dict:
    """The first trigger spec of type ``etype`` in the configuration (read-only: callers copy it)."""
    cfg = config()
    last, specs = _SPECS["last"]
    if last is not cfg:
        specs = {}
        for t, _, sp in cfg.triggers:
            specs.setdefault(t, sp)
        _SPECS["last"] = (cfg, specs)
    return specs[etype]


def _complete(ctx, views, v, d: _Draft, dates) -> list[_Draft]:
    text = ctx.text
    cfg = config()
    etype = d.types[0]
    spec = dict(_spec_of(etype))
    status = _assess(ctx, d)
    if status == "negated":
        return []
    d.status = d.modal_status = status
    at = _dates(ctx, d, dates)
    if etype == "Decision":  # dates after "besloten … om/te …" date what is decided, not the decision
        at = [dm for dm in at if dm.start < d.trigger[0] or not _PURPOSE_WORD.search(text[d.trigger[1]:dm.start])]
    if at:
        d.date = at[0]
    elif ctx.letter_date and guards().today.may(text, d.scope[0], d.scope[1]) and \
            cfg.today.search(text, d.scope[0], d.scope[1]):
        d.letter_dated = True
    elif etype == "Decision" and ctx.letter_date and \
            guards().decision_now.may(text, max(d.scope[0], d.trigger[0] - 60), min(d.scope[1], d.full_trigger[1] + 3)) and \
            cfg.decision_now.search(text, max(d.scope[0], d.trigger[0] - 60), min(d.scope[1], d.full_trigger[1] + 3)):
        d.letter_dated = True
    if d.letter_dated:
        d.letter_date = ctx.letter_date
    needs = spec.get("needs", "date")
    if needs == "date" and d.date is None and d.start is None and d.until is None and not d.letter_dated:
        return []  # no date, and the roles (not needed for dates) cannot ground it: skip them
    _roles(ctx, d, spec)
    if d.generic and d.date is None and not d.examples:
        return []
    if etype == "Merger":
        _mergers_roles(ctx, d)
        d.agents = [m for m in d.agents if m.entity.cls in ("ArmedGroup", "Organisation")]
        d.affected = [m for m in d.affected if m.entity.cls in ("ArmedGroup", "Organisation")]
    # grounding (before anything is borrowed from the paragraph)
    has_date = d.date is not None or d.start is not None or d.until is not None or d.letter_dated
    needs = spec.get("needs", "date")
    if not has_date:
        if needs == "date":
            return []
        if needs == "date_or_place" and not d.places:
            return []
        if needs == "date_or_actors" and not ((d.agents and (d.places or d.affected)) or (d.affected and d.places)):
            return []
        if "Attack" in d.types and d.plural:
            return []
    if etype == "Merger" and not (d.affected and d.agents) and len(d.agents) < 2:
        return []
    if etype in ("Agreement", "Ceasefire") and not (d.agents or d.affected) and not has_date:
        return []
    # a noun with its own past date ("na de staatsgreep in Niger van 26 juli") happened,
    # whatever the modality of the clause around it
    when = d.date or d.start
    if d.noun and when is not None and ctx.letter_date and _first_day(when) and \
            _first_day(when) <= ctx.letter_date and d.status != "asserted":
        d.status = "asserted"
    # an announced infinitive ("heeft aangekondigd … terug te trekken") without a date has not happened
    if d.infinitive and len(d.types) == 1 and d.date is None and d.start is None and d.status == "asserted":
        d.status = "planned"
    if "Accident" in d.types:  # no one acts in an accident: who crashed is affected
        for m in d.agents:
            _add(d.affected, m)
        d.agents = []
    if set(d.types) & {"Attack", "Coup", "Accident"}:
        d.fatalities = _fatalities(ctx, d)
        if d.fatalities is None:
            _fatalities_next(ctx, views, v, d)
    _borrow_from_paragraph(ctx, views, v, d)
    # the government's own mandate extensions and contributions are Mandate/Contribution facts
    own = any(m.entity.key == cfg.own_state for m in d.agents + d.affected)
    if own and ("Extension" in d.types or (  # decided now, in this letter: the Mandate/Contribution says it
            d.types[0] == "Decision" and d.letter_dated and cfg.own_contribution.search(text, d.trigger[0], d.scope[1]))):
        return []
    # several day dates for a plural attack: one event per day
    if "Attack" in d.types and d.plural:
        probe = _Draft(list(d.types), d.trigger, d.scope, v)
        days = [dm for dm in _dates(ctx, probe, dates) if dm.granularity == "day"]
        if len(days) > 1:
            out = []
            for dm in sorted(days, key=lambda x: x.start):
                c = _Draft(list(d.types), d.trigger, d.scope, v, date=dm, agents=list(d.agents),
                           affected=list(d.affected), places=list(d.places), fatalities=None, status=d.status)
                c.full_trigger = d.full_trigger
                out.append(c)
            return out
    # two consecutive day dates for one event: a span ("op 30 en 31 maart vielen … binnen")
    if d.date is not None and d.date.granularity == "day" and not d.plural:
        days = sorted((dm for dm in at if dm.granularity == "day" and dm.date), key=lambda x: x.start)
        if len(days) == 2 and _DAY_SPAN_GAP.fullmatch(text[days[0].end:days[1].start]) and \
                0 < (days[1].date - days[0].date).days <= 7:
            d.start, d.until, d.date = days[0], days[1], None
    # an event dated after the letter has not happened yet
    when = d.date or d.start or (d.until if not set(d.types) & {"Extension", "Decision"} else None)
    if when is not None and ctx.letter_date and _first_day(when) and _first_day(when) > ctx.letter_date \
            and d.status == "asserted" and not set(d.types) & {"Extension"}:
        d.status = "planned"
    return [d]


def _bare_mission_noun(text: str, d: _Draft) -> bool:
    """The clause speaks of "de missie", "het (missie)mandaat" without naming the mission (for a
    suspension also of "de activiteiten", "de trainingen", "de inzet" of missions named before)."""
    nouns = r"missie|missiemandaat|mandaat|operatie|taakgroep"
    if "Suspension" in d.types:
        nouns += r"|[\w-]*activiteiten|[\w-]*trainingen|[\w-]*inzet"
    for mt in re.finditer(r"\b(?:" + nouns + r")\b", text[d.scope[0]:d.scope[1]], re.I):
        pos = d.scope[0] + mt.start()
        if not any(m.start <= pos < m.end for m in d.sentence.mentions):
            return True
    return False


def _borrow_from_paragraph(ctx, views, v, d: _Draft) -> None:
    """Missing agent/place/mission from the sentences before, in the same paragraph (docstring step 5)."""
    text = ctx.text
    cfg = config()
    if "Attack" in d.types and not d.agents:
        def groups(sv):
            gs = [m for m in sv.mentions if m.entity.cls == "ArmedGroup" and not _modifier(text, m)]
            return gs[-1:] or None
        g = _paragraph_fallback(views, v, groups, back=3)
        if g:
            d.agents.extend(g)
    if not d.places and "Attack" in d.types and v.index + 1 < len(views):
        nxt = views[v.index + 1]
        if nxt.paragraph == v.paragraph and cfg.follow_up.match(text[nxt.start:nxt.end]):
            d.places.extend([m for m in nxt.mentions if m.entity.cls == "Place"][:1])
    if not d.places and "Attack" in d.types:
        def locs(sv):
            out = [m for m in sv.mentions if m.entity.cls == "Place" or (
                m.entity.cls == "State" and not is_adjective_form(m) and
                preposition_before(text, m.start, sv.start) in cfg.place_prep)]
            return out[-1:] or None
        pl = _paragraph_fallback(views, v, locs, back=3)
        if pl:
            d.places.extend(pl)
    if not d.places and "Coup" in d.types:
        counts: dict[str, list] = {}
        for sv in views[:v.index + 1]:
            if sv.paragraph != v.paragraph:
                continue
            for m in sv.mentions:
                if m.entity.cls == "State" and not is_adjective_form(m) and m.start < d.trigger[0]:
                    counts.setdefault(m.entity.key, []).append(m)
        if counts:
            best = max(counts.values(), key=lambda ms: (len(ms), ms[-1].start))
            d.places.append(best[-1])
    if not any(m.entity.cls == "Mission" for m in d.affected + d.agents) and \
            set(d.types) & {"Launch", "Extension", "Termination", "Suspension", "Withdrawal", "Decision"} and \
            _bare_mission_noun(text, d):
        def missions(sv):
            ms = [m for m in sv.mentions if m.entity.cls == "Mission"]
            if "Suspension" in d.types:  # "de activiteiten van de missies": all those just named
                return list({m.entity.key: m for m in ms}.values()) or None
            return ms[-1:] or None
        ms = _paragraph_fallback(views, v, missions, back=3)
        if ms is None and "Suspension" in d.types:  # the missions of the paragraph before
            ms = [m for sv in views[max(0, v.index - 4):v.index] if v.paragraph - sv.paragraph == 1
                  for m in sv.mentions if m.entity.cls == "Mission"]
            ms = list({m.entity.key: m for m in ms}.values()) or None
        if ms:
            d.affected.extend(ms)


def _modifier(text: str, m: Mention) -> bool:
    return bool(_LED_OR_LINKED_AFTER.match(text[m.end:m.end + 16]))


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One node per event told several times (same type, compatible dates, shared participants)."""
    out: list[_Draft] = []
    for d in drafts:
        target = None
        for o in out:
            if o.types[0] != d.types[0] or o.status != d.status or o.clone or d.clone:
                continue
            if not _dates_compatible(o, d):
                continue
            shared = (o.keys("places") & d.keys("places")) or (o.keys("affected") & d.keys("affected")) or \
                     (o.keys("agents") & d.keys("agents") and o.types[0] in ("Coup", "Agreement", "Merger")) or \
                     (o.types[0] in ("Agreement", "Ceasefire") and not (o.keys("agents") and d.keys("agents")))
            if not shared:
                continue
            if o.types[0] == "Attack" and (o.date is None or d.date is None):
                continue
            target = o
            break
        if target is None:
            out.append(d)
            continue
        if _precision(d.date or d.start) > _precision(target.date or target.start) or (
                d.until is not None and target.until is None and d.date is None and target.date is not None
                and _precision(d.start) >= 2 and d.types[0] != "Extension") or (
                d.date is not None and d.date.granularity == "span" and target.date is not None
                and target.date.granularity == "day"):
            target.date, target.start, target.until = d.date, d.start, d.until
            target.trigger, target.scope, target.sentence = d.trigger, d.scope, d.sentence
        for role in ("agents", "affected", "places"):
            for m in getattr(d, role):
                _add(getattr(target, role), m)
        for t in d.types:
            if t not in target.types:
                target.types.append(t)
        target.fatalities = target.fatalities or d.fatalities
    return out


def _dates_compatible(a: _Draft, b: _Draft) -> bool:
    da, db = a.date or a.start, b.date or b.start
    # a deadline only ("moet uiterlijk 31 december zijn afgerond") is no restatement of a dated event
    ua = a.until if da is None and not a.letter_dated else None
    ub = b.until if db is None and not b.letter_dated else None
    if ua is not None and ub is not None:
        return _last_day(ua) == _last_day(ub)
    if (ua is not None and (db is not None or b.letter_dated)) or (ub is not None and (da is not None or a.letter_dated)):
        return False
    if (da is None and not a.letter_dated) or (db is None and not b.letter_dated):
        return a.types[0] in ("Withdrawal", "Termination", "Suspension")  # a restatement ("de terugtrekking van …")
    if a.letter_dated and b.letter_dated:
        return True
    if a.letter_dated or b.letter_dated:
        other = db if a.letter_dated else da
        ld = a.letter_date if a.letter_dated else b.letter_date
        return ld is not None and _first_day(other) <= ld <= (_last_day(other) or ld)
    a0, a1 = _first_day(da), _last_day(a.until or da)
    b0, b1 = _first_day(db), _last_day(b.until or db)
    if None in (a0, a1, b0, b1):
        return False
    return a0 <= b1 and b0 <= a1


def _label(d: _Draft, spec_labels: dict) -> str:
    kinds = " / ".join(spec_labels[t]["nl"] for t in d.types)
    parts = [kinds]
    if d.agents:
        parts.append("door " + ", ".join(label_of(m.entity, m.surface) for m in d.agents))
    if d.affected:
        parts.append("van/tegen " + ", ".join(label_of(m.entity, m.surface) for m in d.affected))
    if d.places:
        parts.append("in " + ", ".join(label_of(m.entity, m.surface) for m in d.places))
    when = d.date or d.start
    if when is not None and _first_day(when):
        parts.append(_first_day(when).isoformat() if when.granularity == "day" else
                     f"{_first_day(when).isoformat()[:7 if when.granularity == 'month' else 4]}")
    return " ".join(parts)


def _to_facts(ctx: FactContext, drafts: list[_Draft]) -> tuple[Fact, ...]:
    cfg = config()
    labels = {t: spec["label"] for t, _, spec in cfg.triggers}
    letter = ctx.parsed.normalised.letter.name
    facts: list[Fact] = []
    per_span: dict[tuple[int, int], int] = {}
    last_agreement: tuple[str, Fact] | None = None
    for d in drafts:
        ev = ctx.evidence(*_evidence_span(ctx.text, d))
        i = per_span.get((ev.start, ev.end), 0)
        per_span[(ev.start, ev.end)] = i + 1
        key = f"event/{letter}-{ev.start}-{ev.end}-{i}"
        props: list[tuple[str, object]] = []
        if d.date is not None:
            props += date_props(d.date)
        elif d.letter_dated and ctx.letter_date:
            props.append(("date", ctx.letter_date))
        if d.start is not None and not any(k == "startDate" for k, _ in props):
            props = [p for p in props if p[0] != "startDate"] + [("startDate", _first_day(d.start))]
        if d.until is not None:
            end = _last_day(d.until)
            if end and not any(k == "endDate" for k, _ in props) or d.date is None:
                props = [p for p in props if p[0] != "endDate"] + ([("endDate", end)] if end else [])
        for m in d.places:
            props.append(("place", m.entity))
        for m in d.agents:
            props.append(("agent", m.entity))
        for m in d.affected:
            if m.entity.key not in d.keys("agents"):
                props.append(("affected", m.entity))
        if d.fatalities:
            props.append(("fatalities", int(d.fatalities)))
        props.append(("label", _label(d, labels)))  # rdfs:label@nl: what, by whom, against whom, where, when
        types = ("Event",) + tuple(dict.fromkeys(d.types))
        fact = Fact("Event", key, types, tuple(props), ev, d.status)
        facts.append(fact)
        rel_status = d.status
        if d.types[0] in ("Agreement", "Ceasefire"):
            last_agreement = (key, fact)
            agreement = Entity(key=key, cls="Agreement", label_nl=_label(d, labels))  # type: ignore[arg-type]
            for m in d.agents:
                facts.append(relation_fact(m.entity, "signatoryOf", agreement, ev, rel_status))
        if set(d.types) & {"Withdrawal", "Termination"} and _CONTRIBUTION_WORD.search(ctx.text[d.scope[0]:d.scope[1]]):
            # "zijn troepenbijdrage aan X terugtrekken": the state contributes to X (until it leaves)
            for m in d.agents:
                for t in d.affected:
                    if m.entity.cls == "State" and t.entity.cls == "Mission":
                        # announced ("heeft aangekondigd … terug te trekken"): the contribution is a fact;
                        # intended ("is voornemens …"): the clause asserts nothing
                        facts.append(relation_fact(m.entity, "contributesTo", t.entity, ev, d.modal_status))
        if d.types[0] == "Merger":
            into = [m for m in d.affected if m.entity.cls in ("ArmedGroup", "Organisation")]
            for m in d.agents:
                for t in into:
                    if t.entity.key != m.entity.key:
                        facts.append(relation_fact(m.entity, "mergedInto", t.entity, ev, rel_status))
    return tuple(facts)


def _evidence_span(text: str, d: _Draft) -> tuple[int, int]:
    s, e = d.scope
    if d.evidence_end is not None:
        e = max(e, d.evidence_end)
    while s < e and text[s] in " ,;:":
        s += 1
    while e > s and text[e - 1] in " ,;:":
        e -= 1
    return s, e


def relation_fact(subject: Entity, predicate: str, obj: Entity, ev, status: str = "asserted", date=None) -> Fact:
    """A relation between actors as ``rdf.py`` reads it: ``subject_key`` = the subject, the first prop
    ``(<skg predicate local name>, object Entity)`` (the direct triple), an optional ``("date", …)``
    annotating the reified statement. ``types`` is ``("Relation", <predicate>)`` so code can filter.
    """
    props: list[tuple[str, object]] = [(predicate, obj)]
    if date is not None:
        props.append(("date", date))
    return Fact("Relation", subject.key, ("Relation", predicate), tuple(props), ev, status)


def _mergers_roles(ctx: FactContext, d: _Draft) -> None:
    """A merger's new group: named after "onder de naam", "tot", "in" (after the trigger)."""
    text = ctx.text
    cs, ce = d.scope
    ts, te = d.trigger
    everyone = d.agents + d.affected
    new = [m for m in d.sentence.mentions if cs <= m.start < ce and m.start >= ts and _NEW_NAME_BEFORE.search(text[max(cs, m.start - 20):m.start])]
    if not new:
        return
    d.affected = new[:1]
    d.agents = [m for m in everyone if m.entity.key != new[0].entity.key and m.entity.cls in ("ArmedGroup", "Organisation")]


def extract_events(ctx: FactContext) -> tuple[Fact, ...]:
    """Every event the letter states (see module docstring)."""
    if not ctx.parsed.sentences:
        return ()
    views = sentence_views(ctx)
    dates = _by_start(ctx.dates).items  # the dates sorted by start (stable), as the quantity windows read them
    drafts: list[_Draft] = []
    may_all = _trigger_candidates(ctx.text, views)
    done = -1  # the sentences up to here are read
    # only the sentences that may hold a trigger (compress: no Python step for the others), and those
    # right after a sentence with an event
    for i in compress(count(), may_all):
        done = _read_same_for(ctx, views, drafts, done, i)
        v = views[i]
        found = _drafts_for_sentence(ctx, views, v, dates, may_all[i])
        # "Hetzelfde geldt voor …" repeats an event of the sentence just before
        if not found and drafts and drafts[-1].sentence.index == i - 1:
            found = _same_for(ctx, v, views, drafts)
        if found:
            drafts.extend(found)
        done = i
    _read_same_for(ctx, views, drafts, done, len(views))
    _attach_signatories(ctx, drafts)
    return _to_facts(ctx, _merge(drafts))


def _read_same_for(ctx: FactContext, views, drafts: list[_Draft], done: int, limit: int) -> int:
    """Read the sentences after ``done`` and before ``limit`` that no trigger may occur in, as far as
    each follows a sentence with an event: only :func:`_same_for` can find one there. Returns the last
    sentence read."""
    while drafts:
        j = drafts[-1].sentence.index + 1
        if j <= done or j >= limit:
            break
        found = _same_for(ctx, views[j], views, drafts)
        done = j
        if not found:
            break
        drafts.extend(found)
    return done


def _same_for(ctx: FactContext, v: SentenceView, views, drafts: list[_Draft]) -> list[_Draft]:
    """ "Hetzelfde geldt voor X": the previous sentence's event again, for X (its own node and evidence)."""
    text = ctx.text
    if not drafts or v.index == 0:
        return []
    prev = drafts[-1]
    if prev.sentence.index != v.index - 1 or prev.sentence.paragraph != v.paragraph or \
            not config().same_for.match(text[v.start:v.end]):
        return []
    cs, ce = clause_of(text, v.start, v.end, v.start)
    targets = [m for m in v.mentions if cs <= m.start < ce and m.entity.cls in ACTOR_CLASSES
               and not is_adjective_form(m)]
    if not targets:
        return []
    places = [m for m in v.mentions if cs <= m.start < ce and (m.entity.cls == "Place" or (
        m.entity.cls == "State" and preposition_before(text, m.start, cs) in config().place_prep))]
    d = _Draft(types=list(prev.types), trigger=(cs, cs), scope=(cs, ce), sentence=v, date=prev.date,
               start=prev.start, until=prev.until, agents=[], affected=targets[:1],
               places=places or list(prev.places), status=prev.status, letter_dated=prev.letter_dated,
               full_trigger=(cs, cs), letter_date=prev.letter_date)
    adjectives = [m for m in v.mentions if cs <= m.start < targets[0].start and m.entity.cls == "State"
                  and is_adjective_form(m)]
    d.agents = adjectives[-1:]  # "de Franse operatie X": France decides about its own operation
    d.clone = True
    return [d]


def _attach_signatories(ctx: FactContext, drafts: list[_Draft]) -> None:
    """An undated "het akkoord … ondertekend" by named parties: they signed the last agreement told."""
    last = None
    keep = []
    for d in drafts:
        if d.types[0] in ("Agreement",) and d.date is None and d.start is None and not d.letter_dated and last:
            for m in d.agents + d.affected:
                _add(last.agents, m)
            continue
        if d.types[0] in ("Agreement",):
            last = d
        keep.append(d)
    drafts[:] = keep
