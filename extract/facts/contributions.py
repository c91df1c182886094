"""Contributions: an actor gives people, money or means to a mission, fund or programme.

How a contribution is found (rules for the genre):

- A sentence *bears* contributions when it has a contribution word (bijdrage, levert, draagt … bij,
  inzet, ondersteund, financiert, deelname, actief in, onderdeel van, biedt … aan …) or follows a
  lead-in that has one and ends in a colon ("… als volgt:", "… uit de volgende elementen:").
- Each personnel or money :class:`Quantity` in it is one contribution. Its *segment* runs from the
  previous quantity to the next one, so enumerations ("Italië 14 experts, Zweden zes experts")
  and year series ("in 2019 … ongeveer 120 militairen, in 2020 uit ongeveer 95") give one
  contribution per item, each with its own contributor and year.
- An enumeration after a colon in one sentence ("Aan X droegen in 2016 onder meer bij: A 1,2 miljoen
  dollar, B …") takes the giver and the time of the part before the colon when its item has none.
- A fund of an organisation the gazetteer does not list ("het trustfonds van de G5 Sahel") is the
  recipient ``mission/<organisation>-trust-fund``.
- Contributor: the actor after "door" (passive), else the nearest State/Organisation mention before
  the quantity in its segment, else the first one in the clause, sentence or lead-in (adjectives
  such as "Nederlandse" are mentions of the state). Actors after "aan", "in", "naar", "tegen" … are
  not contributors.
- Mission: the Mission mentions (the gazetteer files funds and programmes under Mission too) in the
  segment, clause or sentence; else the lead-in; else, for "de/deze missie" and for sentences without
  one, the last mission named earlier in the paragraph.
- Time: a date after "sinds/vanaf/per" is the start, after "tot (en met)/uiterlijk" the end (a year
  alone there: its first or last day, since ``skg:startDate``/``skg:endDate`` are xsd:date), a bare
  year is ``skg:year``, a day/month is ``skg:date``; a span gives start and end. Without any, a
  present-tense marker ("inmiddels", "momenteel", "huidige") dates the contribution to the letter.
- A parenthetical extra ("40 personen (20 extra vanaf het najaar)") is **not** a further contribution:
  it is kept as a note (``skg:note``) on the item it qualifies, because it is a future change of that
  same contribution, not a gift of its own (gold guidelines agree).
- Ceilings ("troepenplafond van …", "mandaat van maximaal …") are mandates, casualties are not
  contributions, and negated clauses assert nothing; "zal/beoogt/streeft naar" → status planned,
  "overwogen/mogelijk" → considered (:mod:`.modality`).
- Without any number, a clause that says actors *take part in* or *support* a mission
  ("België, Denemarken … leveren een bijdrage aan MINUSMA", "bieden … luchttransportsteun aan
  Operatie Serval") yields only the ``contributesTo`` relations.

Every contribution also yields a ``Relation`` fact ``contributor skg:contributesTo mission`` with the
same evidence and status. Offsets are normalised-text offsets; evidence is mapped back by ``ctx``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from sahelkg.extract.facts.modality import SpanIndex, assess, clause_of, fact_key, paragraph_start
from sahelkg.extract.facts.prefilter import lowered, words_test
from sahelkg.extract.facts.mandates import SortedSpans
from sahelkg.extract.mentions import first_per_entity
from sahelkg.extract.model import DateMention, Entity, Fact, FactContext, Mention, Quantity
from sahelkg.extract.numbers import key_starts

_TRIGGER = re.compile(
    r"\b(?=[bdlgiofztuapkh])(?:(?:heeft|hebben|had|hadden)\s+(?:[\w-]+\s+){0,2}?met\s+(?:de\s+)?(?:operatie|missie)|bijdrage\w*|bij(?:ge)?dra(?:gen|agt|eg|egen)|draagt|droeg|droegen|dragen|lever\w*|geleverd|inzet\w*|"
    r"ingezet|inzetten|zet|zetten|zette|ondersteun\w*|financier\w*|gefinancierd|financi[eë]le|toegezegd|zegde|beschikbaar|beschikking|"
    r"deelname|deelnemen|deelneemt|deel|uitgezonden|uitzenden|ontplooi\w*|gestationeerd|onderdeel|ge[iï]nvesteerd|investeer\w*|"
    r"bestaat|bestond|bestaan|biedt|bieden|bood|personele|actief|troepenbijdrage\w*|uitgaven|kosten)\b",
    re.IGNORECASE,
)
_PARTICIPATION = re.compile(
    r"\b(?=[lbvndaos])(?:lever\w*\s(?:[\w'’-]+,?\s){0,10}?(?:een\s+)?(?:\w+\s)?bijdragen?\s+aan|"
    r"bijdrage\s+lever\w*|"
    r"(?:bied\w*|bood|verlen\w*)\s(?:[\w'’-]+,?\s){0,16}?\w*steun\s+aan|neemt\s+(?:\w+\s){0,3}?deel\s+aan|"
    r"nemen\s+(?:\w+\s){0,3}?deel\s+aan|deelnemen\s+aan|aan\s+de\s+missie\s+deelnemen|"
    r"draagt\s+(?:\w+\s){0,6}?bij\s+aan|"
    r"(?P<support>(?:ondersteuning|steun)\s+van\s+(?:onder\s+(?:andere|meer)\s+)?)|"
    r"(?P<adj>bijdragen?\s+aan)|(?P<adj2>bijdrage)\b(?!\s+aan))",
    re.IGNORECASE,
)
_PARTICIPATION_HINT = re.compile(r"\b(?:aan|deel|van)\b")
_CEILING_BEFORE = re.compile(r"(?:plafond|maximum|mandaat|mandaten)\s+(?:van|voor)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NOT_A_GIFT_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,6}?(?:omgekomen|om\s+het\s+leven|gedood|gesneuveld|gewond|gevangen|vermist|"
    r"ontvoerd|vrijgelaten|gearresteerd|slachtoffers?|teruggekeerd|gevlucht|ontheemd)", re.IGNORECASE)
_NOT_GIVEN_NOUN = re.compile(
    r"^(?:rebel|strijder|slachtoffer|vluchteling|ontheemde|migrant|burger|kind|mens|jongere|boer|inwoner|dode|"
    r"gewonde|gevangene|terrorist|jihadist|lichaam|lichamen|leider|deelnemer|bezoeker|student|"
    r"\w*(?:helikopter|vliegtuig|toestel|voertuig|drone|schip|schepen|vlucht|tank|wagen))", re.IGNORECASE)
_LOOSE_ARTICLE = re.compile(r"(?:een|één)\s+\S+\s+\S+.*", re.IGNORECASE | re.DOTALL)  # "een personele … trainers"
_LOOSE_SPAN = re.compile(r"\b(?:waarbij|waarin|die|dat|welke|waar|en\s+een)\b", re.IGNORECASE)
_GIVING_NOUN_AFTER = re.compile(
    r"^\s+(?:\w+\s+){0,2}?(?:bijdrage|inzet|deelname|militair|troepen|steun|personeel|eenhe|politie|trainers|"
    r"bijdragen|contingent|experts?|functionarissen)", re.IGNORECASE)
_EXTRA = re.compile(r"\b(?:extra|aanvullend\w*|additione\w*|meer)\b", re.IGNORECASE)
_NOT_ACTOR_BEFORE = re.compile(
    r"(?:\b(?:aan|in|naar|uit|vanuit|tegen|binnen|rond|nabij|over|bij|tussen|voor|op)\s+(?:de\s+|het\s+)?"
    r"(?:\w+\s+){0,1})$", re.IGNORECASE)
_BY_BEFORE = re.compile(r"\bdoor\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_WITH_BEFORE = re.compile(r"\bsamen\s+met\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_START_BEFORE = re.compile(r"\b(?:sinds|vanaf|per|met\s+ingang\s+van|start(?:end)?\s+in)\s+(?:\w+\s+)?$", re.IGNORECASE)
_END_BEFORE = re.compile(r"\b(?:tot\s+en\s+met|tot|t/m|uiterlijk|until)\s+(?:\w+\s+)?$", re.IGNORECASE)
_END_INSIDE = re.compile(r"(?:tot|t/m|uiterlijk)\b", re.IGNORECASE)
_MONTH_WORD = re.compile(r"(?:jan|feb|maart|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec|kwartaal|helft|zomer|winter|voorjaar|najaar)", re.IGNORECASE)
_NOW = re.compile(r"\b(?:huidige|inmiddels|momenteel|thans|op\s+dit\s+moment|actueel|tegenwoordig)\b", re.IGNORECASE)
_PRESENT = re.compile(
    r"\b(?:levert|leveren|bestaat|bestaan|financiert|financieren|draagt|dragen|neemt|nemen|ondersteunt|"
    r"ondersteunen|zijn\s+(?:\w+\s+){0,4}?actief|is\s+(?:\w+\s+){0,4}?actief)\b", re.IGNORECASE)
_ESTIMATE = re.compile(r"\b(?:geraamd|begroot|geschat|naar\s+schatting)\b", re.IGNORECASE)
_CABINET = re.compile(r"\b(?:het|dit)\s+kabinet\b", re.IGNORECASE)
# a fund of an organisation that the gazetteer does not list: "het trustfonds van de G5 Sahel"
_FUND_OF_BEFORE = re.compile(r"\b(?:trust\s?fonds|trustfund|trust\s+fund|fonds|noodfonds)\s+van\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\baan\s+(?:de\s+|het\s+)?(?:\w+\s+){0,1}$", re.IGNORECASE)
_OF_BEFORE = re.compile(r"\bvan\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_ANAPHOR_NOUN = re.compile(
    r"\b(?:deze|dit|die|de|het)\s+(?:\w+\s+)?(?P<noun>missie|missies|operatie|training|trainingen|taakgroep|fonds|programma|"
    r"initiatief|steun)\b", re.IGNORECASE)
_LEADIN = re.compile(r"(?:als\s+volgt|volgende\s+\w+|:)\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[–•·▪\-]|\(?[a-z0-9]{1,2}[.)])\s")

ACTOR_CLASSES = frozenset({"State", "Organisation"})
# compiled once (re.* with a string looks its pattern up in re's cache on every call)
_COORDINATED_MISSIONS = re.compile(r"\s*(?:,|en|of|alsook)\s*(?:de\s+|het\s+)?(?:EU-missies\s+|missies\s+)?")
_ONE_WORD_GAP = re.compile(r"\s+\w+\s+")
_LIST_GAP = re.compile(r"(?:,|\ben)\s*$")
_PAREN_AFTER = re.compile(r"\s*\(([^()]{1,100})\)")
_ADJ_GAP = re.compile(r"\s+(?:\w+\s+)?")
_HYPHEN = re.compile(r"[-‐]")
_SPACES = re.compile(r"\s+")
_ACTOR_LIST_GAP = re.compile(r"\s*(?:,|en|of)?\s*(?:de\s+|het\s+)?")
RECIPIENT_CLASSES = frozenset({"Mission"})


def _repair_currency_prefix(ctx: FactContext) -> list[Quantity]:
    """Read "EUR 4,25 miljoen" whole when the value finder took "2018 EUR" (year + code) as the sum.

    A money quantity whose number is a year that a date mention covers, directly followed by a
    number without a unit, is that following number in this currency.
    """
    qs = sorted(ctx.quantities, key=lambda q: q.start)
    years = {(d.start, d.end) for d in ctx.dates if d.granularity == "year"}
    out: list[Quantity] = []
    skip = -1
    for i, q in enumerate(qs):
        if i == skip:
            continue
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        if (_is_money(q) and nxt is not None and nxt.unit is None and 1900 <= q.value <= 2100
                and ctx.text[q.end:nxt.start].strip() == ""
                and any(s <= q.start < e for s, e in years)):
            out.append(Quantity(start=q.start + len(str(int(q.value))), end=nxt.end, value=nxt.value,
                                unit=q.unit, quantifier=nxt.quantifier, noun=nxt.noun))
            skip = i + 1
            continue
        out.append(q)
    return out


_CEILING_KEYS = ("plafond", "maximum", "manda")  # every _CEILING_BEFORE match holds one


def _ceiling_before(before: str) -> bool:
    """``_CEILING_BEFORE.search(before)``, skipped for ASCII text without any of its key words."""
    if before.isascii():
        low = before.lower()
        if not any(k in low for k in _CEILING_KEYS):
            return False
    return _CEILING_BEFORE.search(before) is not None


def _last_word(text: str, q: Quantity) -> str:
    """The last word of a quantity's span, after any hyphen ("Chinook-helikopters" → "helikopters")."""
    words = text[q.start:q.end].split()
    return _HYPHEN.split(words[-1])[-1] if words else ""


def _any_between(positions: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


_PERSON_NOUN = re.compile(
    r"\w*(?:marechaussee|militair|soldat|functionaris|officier|adviseur|expert|trainer|instructeur|agent|"
    r"personen|persoon|medewerker|specialist|liaison)\w*$", re.IGNORECASE)


def _search(rx: re.Pattern, text: str, start: int, end: int, low: str | None) -> re.Match | None:
    """``rx.search(text, start, end)``; not run (None) when the lower-cased letter ``low`` (None: not
    known) holds none of the words every match holds between ``start`` and ``end``."""
    if low is not None:
        test = words_test(rx)
        if test is not None and not test(low[start:end]):
            return None
    return rx.search(text, start, end)


def _search_slice(rx: re.Pattern, text: str, start: int, end: int, low: str | None,
                  anchored: bool = False) -> re.Match | None:
    """``rx.search(text[start:end])`` (``rx.match`` if ``anchored``), skipped as in :func:`_search`.
    (A slice, not search bounds: the pattern's ``^``, ``$`` and ``\b`` read its edges as the text's.)"""
    if low is not None:
        test = words_test(rx)
        if test is not None and not test(low[start:end]):
            return None
    return rx.match(text[start:end]) if anchored else rx.search(text[start:end])


def _is_personnel(q: Quantity) -> bool:
    """People: the value finder's unit, or (as a fallback) a counted noun that names people."""
    return q.unit == "persons" or (q.unit is None and bool(q.noun) and _PERSON_NOUN.match(q.noun) is not None)


def _is_money(q: Quantity) -> bool:
    return bool(q.unit) and len(q.unit) == 3 and q.unit.isupper()


class _Scope:
    """What one sentence offers to the contributions in it."""

    def __init__(self, ctx: FactContext, mentions: SpanIndex, dates: SpanIndex) -> None:
        self.ctx, self.text, self.mentions, self.dates = ctx, ctx.text, mentions, dates
        try:
            from sahelkg.extract.mentions import is_adjectival
        except ImportError:  # pragma: no cover - transitional
            def is_adjectival(_m) -> bool:
                return False
        self.is_adjectival = is_adjectival
        # the letter lower-cased (None: it does not fold like re.IGNORECASE): a word absent from a window
        # there cannot be matched in it, so the search is skipped
        self.low = lowered(self.text)
        self._givers: dict[int, bool] = {}  # id(mention) -> can it be a giver (the mentions outlive the scope)

    def _modifier(self, m: Mention) -> bool:
        e = m.end
        return e + 1 < len(self.text) and self.text[e] in "-‐" and self.text[e + 1].isalpha()

    def is_compound(self, m: Mention) -> bool:
        e = m.end
        return e < len(self.text) and self.text[e] in "-‐–" and (e + 1 >= len(self.text) or not self.text[e + 1].isalpha())

    def actors(self, start: int, end: int, *, exclude: set[str] = frozenset()) -> list[Mention]:
        """Actor mentions in [start, end) that can be a giver: not after "aan/in/naar …", not "samen met"."""
        givers = self._givers
        out = []
        for m in self.mentions.between(start, end):
            if m.entity.cls not in ACTOR_CLASSES or m.entity.key in exclude:
                continue
            ok = givers.get(id(m))
            if ok is None:
                ok = givers[id(m)] = self._can_give(m)
            if ok:
                out.append(m)
        return out

    def _can_give(self, m: Mention) -> bool:
        """Whether an actor mention can be a giver, from its own surroundings (asked once per mention)."""
        lo = max(0, m.start - 40)
        before = self.text[lo:m.start]
        # every match of _BY_BEFORE holds "door", of _WITH_BEFORE "samen", of _OF_BEFORE "van"
        low = self.low[lo:m.start] if self.low is not None else None
        if ((low is None or "door" in low) and _BY_BEFORE.search(before)) or (
                self.is_adjectival(m) and _search_slice(_GIVING_NOUN_AFTER, self.text, m.end, m.end + 40, self.low, True)):
            return True  # "door Nederland", "(voor) de Nederlandse bijdrage"
        if _NOT_ACTOR_BEFORE.search(before) or ((low is None or "samen" in low) and _WITH_BEFORE.search(before)):
            return False
        if (low is None or "van" in low) and _OF_BEFORE.search(before) and self.is_adjectival(m) and \
                not _search_slice(_GIVING_NOUN_AFTER, self.text, m.end, m.end + 40, self.low, True):
            return False  # "ondersteuning van de Nigerese strategie": a modifier, not the giver
        if self.is_compound(m):
            return False  # "Marechaussee- en politiefunctionarissen": part of a noun, not an actor
        return True

    def by_actor(self, start: int, end: int) -> Mention | None:
        low = self.low
        if low is not None and low.find("door", max(0, start - 20), end) < 0:
            return None  # every _BY_BEFORE match holds "door" (within 20 characters before a mention)
        for m in self.mentions.between(start, end):
            if m.entity.cls in ACTOR_CLASSES and _BY_BEFORE.search(self.text[max(0, m.start - 20):m.start]):
                return m
        return None

    def cabinet(self, start: int, end: int) -> Mention | None:
        """ "het kabinet" is the Dutch state (gold guidelines); a mention of state/NLD at its span."""
        m = _search(_CABINET, self.text, start, end, self.low)
        if not m:
            return None
        return Mention(m.start(), m.end(), m.group(), _known_entity("state/NLD", "State"))

    def missions(self, start: int, end: int) -> list[Mention]:
        """Recipient mentions in [start, end): the first one and those coordinated with it ("X en Y").

        Missions, funds and programmes (class Mission) anywhere; an Organisation only right after
        "aan" ("bijdrage aan UN Women").
        """
        found = self.mentions.between(start, end)
        ms = [m for m in found if m.entity.cls in RECIPIENT_CLASSES]
        if not ms:
            # "het trustfonds van de G5 Sahel": the organisation's own fund is the recipient
            for m in found:
                if m.entity.cls == "Organisation" and \
                        _search_slice(_FUND_OF_BEFORE, self.text, max(0, m.start - 30), m.start, self.low):
                    ms = [Mention(m.start, m.end, m.surface, _fund_of(m.entity))]
                    break
        if not ms:
            # "aan UN Women"; not "aan de VN-missie …" (a modifier of a compound)
            orgs = [m for m in found if m.entity.cls == "Organisation" and not self.is_adjectival(m)
                    and not self._modifier(m)]
            first = next((i for i, m in enumerate(orgs)
                          if _search_slice(_TO_BEFORE, self.text, max(0, m.start - 25), m.start, self.low)), None)
            ms = orgs[first:] if first is not None else []
        if not ms:
            return []
        group = [ms[0]]
        for m in ms[1:]:
            gap = self.text[group[-1].end:m.start]
            if _COORDINATED_MISSIONS.fullmatch(gap):
                group.append(m)
            else:
                break
        return first_per_entity(group)


def _fund_of(org: Entity) -> Entity:
    """The trust fund of an organisation, as a Mission-class recipient (``mission/<org>-trust-fund``)."""
    slug = org.key.split("/", 1)[1]
    key = f"mission/{slug}-trust-fund"
    known = _known_entity(key, "Mission")
    if known.label_en or known.label_nl:
        return known
    name = org.label_en or slug
    return Entity(key=key, cls="Mission", label_en=f"{name} Trust Fund",
                  label_nl=f"Trustfonds van {org.label_nl or name}", unlinked=True)


def _known_entity(key: str, cls: str) -> Entity:
    try:
        from sahelkg.extract import gazetteer

        return gazetteer.load().entity(key)
    except Exception:  # noqa: BLE001 - no gazetteer entry: a bare entity still types the node
        return Entity(key=key, cls=cls)


def _time_props(ctx: FactContext, dates: list[DateMention]) -> list[tuple[str, object]]:
    """Contribution time properties from the date mentions that apply to it."""
    text = ctx.text
    low = lowered(text)
    props: list[tuple[str, object]] = []
    for d in dates:
        b0 = max(0, d.start - 25)
        before = text[b0:d.start]
        if d.granularity == "duration":
            continue
        if d.granularity == "span" and d.date and d.end_date:
            if (d.date.month, d.date.day, d.end_date.month, d.end_date.day) == (1, 1, 12, 31) \
                    and not _search(_MONTH_WORD, text, d.start, d.end, low):
                props += [("startDate", d.date), ("endDate", d.end_date)]
            else:
                props += [("startDate", d.date), ("endDate", d.end_date)]
        elif _search_slice(_START_BEFORE, text, b0, d.start, low) or \
                _search_slice(_START_BEFORE, text, d.start, d.start + 12, low):
            props.append(("startDate", dt.date(d.year, 1, 1) if d.granularity == "year" and d.year else d.date))
        elif d.inclusive_end or _search_slice(_END_BEFORE, text, b0, d.start, low) or _END_INSIDE.match(text, d.start):
            props.append(("endDate", dt.date(d.year, 12, 31) if d.granularity == "year" and d.year
                          else (d.end_date or d.date)))
        elif d.granularity == "year" and d.year:
            props.append(("year", ("gYear", d.year)))
        elif d.date:
            props.append(("date", d.date))
        if props:
            break
    return [(k, v) for k, v in props if v is not None and v != ("gYear", None)]


def _ends_lead_in(t: str) -> bool:
    """``_LEADIN.search(t[-40:])`` for a text without trailing whitespace: true when it ends in ":";
    otherwise a match holds "volg" ("als volgt", "volgende …"), so without it the regex need not run."""
    if t.endswith(":"):
        return True
    tail = t[-40:]
    return "volg" in tail.lower() and _LEADIN.search(tail) is not None


def _lead_in(ctx: FactContext, si: int) -> int | None:
    """Index of the sentence introducing the list sentence ``si`` belongs to (ends in ':'), if any."""
    sents = ctx.parsed.sentences
    j = si - 1
    steps = 0
    while j >= 0 and steps < 8:
        t = sents[j].text.rstrip()
        if _ends_lead_in(t):
            return j
        if not (t.endswith(";") or _LIST_ITEM.match(t) or _LIST_ITEM.match(sents[j + 1].text)):
            return None
        j -= 1
        steps += 1
    return None


def _paragraph_missions(ctx: FactContext, mentions: SpanIndex, pos: int) -> list[Mention]:
    start = paragraph_start(ctx.text, pos)
    return [m for m in mentions.between(start, pos) if m.entity.cls in RECIPIENT_CLASSES]


def _antecedent(ctx: FactContext, scope: _Scope, sents, si: int, start: int, end: int) -> list[Mention]:
    """What "deze training", "de missie", "beide missies" in [start, end) refer to, if found.

    The noun is looked up in the two sentences before; the recipient named nearest to it there (or,
    for "missie"/"operatie", the last mission named) is the antecedent.
    """
    text = ctx.text
    m = _search(_ANAPHOR_NOUN, text, start, end, lowered(text))
    if not m:
        return []
    noun = m.group("noun").lower()
    lo = sents[max(0, si - 2)].start
    if noun in ("missie", "missies", "operatie", "taakgroep"):
        prior = [x for x in scope.mentions.between(paragraph_start(text, start), start)
                 if x.entity.cls in RECIPIENT_CLASSES]
        if "beide" in m.group().lower():
            keys, out = [], []
            for x in reversed(prior):
                if x.entity.key not in keys:
                    keys.append(x.entity.key)
                    out.append(x)
                if len(out) == 2:
                    break
            return out[::-1] if len(out) == 2 else []
        return prior[-1:]
    hits = [h for h in re.finditer(rf"\w*{noun}\w*", text[lo:start], re.IGNORECASE)]
    if not hits or re.match(r"(?:deze|dit|die)\b", text[max(lo, lo + hits[-1].start() - 6):lo + hits[-1].start()].strip()
                              .split(" ")[-1] or "x", re.IGNORECASE):
        # the noun is itself anaphoric or absent: the paragraph's topic, the first recipient something
        # is given to ("draagt sinds 2007 bij aan GPOI")
        para = paragraph_start(text, start)
        topic = [x for x in scope.mentions.between(para, start) if x.entity.cls in RECIPIENT_CLASSES
                 and _TO_BEFORE.search(text[max(0, x.start - 25):x.start])]
        if topic or not hits:
            return topic[:1]
    at = lo + hits[-1].start()
    near = [x for x in scope.mentions.between(max(lo, at - 80), at + 80)
            if x.entity.cls in RECIPIENT_CLASSES | {"Organisation"} and not scope.is_adjectival(x)]
    # "de door UNODC gegeven cursus aan Nigerese agenten": the provider named before the noun
    # wins over a beneficiary after it
    before = sorted((x for x in near if x.end <= at), key=lambda x: at - x.end)
    after = sorted((x for x in near if x.end > at), key=lambda x: x.start - at)
    return (before or after)[:1]


def _span(text: str, parts: list[tuple[int, int]], sent) -> tuple[int, int]:
    """The smallest span covering ``parts`` that stay within the sentence, widened to whole words."""
    inside = [(s, e) for s, e in parts if s >= sent.start and e <= sent.end]
    s, e = min(p[0] for p in inside), max(p[1] for p in inside)
    while s > sent.start and text[s - 1].isalnum():
        s -= 1
    while e < sent.end and text[e].isalnum():
        e += 1
    return s, e


# every _PARTICIPATION match holds one of these (lower case)
_PARTICIPATION_KEYS = ("lever", "bijdrage", "steun", "deel", "draagt")
# characters no match of _TRIGGER (word characters, whitespace, "-") or _PARTICIPATION (also "," and quotes) holds
_TRIGGER_STOP = re.compile(r"[^\w\s-]")
_PARTICIPATION_STOP = re.compile(r"[^\w\s,'’-]")
_TRIGGER_WORDS = words_test(_TRIGGER)
_SURE_STOPS = ".:;?!)"  # characters _PARTICIPATION_STOP matches: a sentence ending in one has its end bound there


class _SentenceMatches:
    r"""The matches of _TRIGGER and _PARTICIPATION over the whole text that start in a sentence, found by
    searching that sentence only, and only the sentences that ask.

    The search runs between *bounds* around the sentence: characters no match can hold (for
    _TRIGGER anything but a word character, whitespace and "-"; for _PARTICIPATION also "," and
    quotes), typically the full stops before and at its end. No match of the whole text runs across
    a bound, so the whole text's matches that start in the sentence are those of the search between
    the bounds that start in it (a ``\b`` or lookahead at the end bound reads the same as in the
    whole text). A participation is searched for only where one of its key words starts between
    the sentence's start and its end bound (every match holds one).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = low = lowered(text)
        self.hint = _PARTICIPATION_HINT.search(text) is not None
        # where a participation's key word starts (None: the text does not fold, search every sentence)
        self.keys = key_starts(low, _PARTICIPATION_KEYS) if low is not None and self.hint else None

    def _bounds(self, start: int, end: int, stop: re.Pattern) -> tuple[int, int]:
        """``x``: right after the last full stop, colon or semicolon before ``start`` (or 0); ``y``: the
        first character from the sentence's last one on that ``stop`` matches (or the text's end)."""
        text = self.text
        x = text.rfind(".", 0, start) + 1
        for c in ":;":
            x = max(x, text.rfind(c, x, start) + 1)
        return x, self._end(start, end, stop)

    def _end(self, start: int, end: int, stop: re.Pattern) -> int:
        m = stop.search(self.text, max(start, end - 1))
        return m.start() if m is not None else len(self.text)

    def has_trigger(self, start: int, end: int) -> bool:
        x, y = self._bounds(start, end, _TRIGGER_STOP)
        if self.low is not None and not _TRIGGER_WORDS(self.low[start:y]):
            return False  # a match starting in the sentence lies in [start, y) and holds one of the words
        for m in _TRIGGER.finditer(self.text, x, y):
            if m.start() >= start:
                return m.start() < end
        return False

    def participations(self, start: int, end: int) -> list[re.Match]:
        if not self.hint:
            return []
        keys = self.keys
        if keys is not None:
            i = bisect.bisect_left(keys, start)
            if i == len(keys) or keys[i] >= end and (
                    (end > start and self.text[end - 1] in _SURE_STOPS) or keys[i] >= self._end(start, end, _PARTICIPATION_STOP)):
                return []  # no key word between the sentence's start and its end bound (that last
                # character when it is one of _SURE_STOPS: no regex search needed)
        x, y = self._bounds(start, end, _PARTICIPATION_STOP)
        return [m for m in _PARTICIPATION.finditer(self.text, x, y) if start <= m.start() < end]

    def participation_sentences(self, sents) -> set[int] | None:
        """Indices of the sentences for which :meth:`participations` may find something (a superset;
        None: every sentence may), from the key words' positions once per letter instead of a look per
        sentence. A key word counts for the sentence it is in or follows (before the next one starts),
        and a sentence not ending in a character no match holds may see a key word further on (its
        end bound lies beyond its end). Sentences must be in order without overlap."""
        if not self.hint:
            return set()
        if self.keys is None or any(a.end > b.start for a, b in zip(sents, sents[1:])):
            return None
        starts = [sn.start for sn in sents]
        out = {bisect.bisect_right(starts, k) - 1 for k in self.keys}
        text = self.text
        out.update(i for i, sn in enumerate(sents) if sn.end <= sn.start or text[sn.end - 1] not in _SURE_STOPS)
        return out


def extract_contributions(ctx: FactContext) -> tuple[Fact, ...]:
    """Contribution facts and the ``contributesTo`` relations they imply (see module docstring)."""
    text = ctx.text
    mentions = SortedSpans(ctx.mentions)
    dates = SortedSpans(ctx.dates)
    quantities = SortedSpans(
        q for q in _repair_currency_prefix(ctx)
        if _is_money(q) or (_is_personnel(q) and not _NOT_GIVEN_NOUN.match(q.noun or "")
                            and not _NOT_GIVEN_NOUN.match(_last_word(text, q))
                            and not _LOOSE_SPAN.search(text, q.start, q.end)
                            and not _LOOSE_ARTICLE.fullmatch(text, q.start, q.end)))
    scope = _Scope(ctx, mentions, dates)
    low = scope.low  # the letter lower-cased (None: searches are not skipped)
    sents = ctx.parsed.sentences
    found = _SentenceMatches(text)

    records: list[dict] = []
    relations_only: list[tuple[Entity, Entity, tuple[int, int], str]] = []

    # the sentences that hold a quantity or may hold a participation, found once per letter (None: any)
    maybe = found.participation_sentences(sents)
    if maybe is not None:
        q_starts = [sn.start for sn in sents]
        for q in quantities.items:
            maybe.add(bisect.bisect_right(q_starts, q.start) - 1)
    for si, sent in enumerate(sents):
        troops = "troepen" in sent.text or "onderdeel" in sent.text
        if not troops and maybe is not None and si not in maybe:
            continue  # no quantity, troops word or participation: nothing below would come of it
        qs = quantities.between(sent.start, sent.end)
        parts = found.participations(sent.start, sent.end)
        if not (qs or troops or parts):
            continue  # nothing below would come of it
        has_trigger = found.has_trigger(sent.start, sent.end)
        lead_sent = None
        if qs or not has_trigger:  # the lead-in serves the quantities, or may bear the trigger
            lead = _lead_in(ctx, si)
            lead_sent = sents[lead] if lead is not None else None
            if not has_trigger and lead_sent is not None and found.has_trigger(lead_sent.start, lead_sent.end):
                has_trigger = True
        if not has_trigger:
            continue
        if troops:
            _troops_of_mission(ctx, scope, sent, relations_only)
        if parts:
            _participation(ctx, scope, sent, parts, relations_only)
        if not qs:
            continue

        prev_end = sent.start
        prev_record: dict | None = None
        now_sent = estimate_sent = None  # the sentence's own "momenteel" and "geraamd", read once
        status_of: dict[tuple[int, int], str] = {}
        for qi, q in enumerate(qs):
            next_start = qs[qi + 1].start if qi + 1 < len(qs) else sent.end
            seg_start = prev_end
            prev_end = q.end
            before = text[max(sent.start, q.start - 40):q.start]
            if _ceiling_before(before) or _search_slice(_NOT_A_GIFT_AFTER, text, q.end, min(sent.end, q.end + 80), low):
                continue
            clause = clause_of(text, sent.start, sent.end, q.start)
            status = status_of.get(clause)
            if status is None:  # quantities of one clause share its assessment (pure): read once
                status = status_of[clause] = assess(text, *clause)
            if status == "negated":
                continue
            # a parenthetical extra qualifies the item before it
            opened = text.rfind("(", seg_start, q.start)
            if opened >= 0 and text.find(")", opened, q.start) < 0 and prev_record is not None:
                close = text.find(")", q.end, sent.end)
                note_end = close if close >= 0 else q.end
                if _search(_EXTRA, text, q.end, note_end + 1, low) or _search(_EXTRA, text, opened, q.start, low):
                    prev_record["note"] = _SPACES.sub(" ", text[opened + 1:note_end]).strip()
                    prev_record["span"] = (prev_record["span"][0], max(prev_record["span"][1], note_end + 1))
                    continue

            # contributor: "door X", else the giver named before the number in its segment or
            # clause, else an adjective right by the number ("2.250 Tsjadische troepen"), else
            # "het kabinet", else the lead-in's
            contributor = scope.by_actor(*clause)
            if contributor is None:
                cands = scope.actors(seg_start, q.start) or scope.actors(clause[0], q.start)
                contributor = cands[-1] if cands else None
            if contributor is None:
                near = [m for m in mentions.between(q.start, min(sent.end, q.end + 25))
                        if m.entity.cls == "State" and scope.is_adjectival(m)]
                contributor = near[0] if near else None
            if contributor is None:
                contributor = scope.cabinet(clause[0], q.start) or scope.cabinet(sent.start, q.start)
            if contributor is None:
                # inverted order after a fronted phrase: "Met een bijdrage van … steunt Nederland …"
                cands = [m for m in scope.actors(q.end, min(clause[1], q.end + 40)) if m.entity.cls == "State"
                         and _ONE_WORD_GAP.fullmatch(text[q.end:m.start])]
                contributor = cands[0] if cands else None
            colon = text.rfind(":", sent.start, q.start)
            if contributor is None and colon >= 0:
                # the giver named in the same sentence's lead-in: "Nederland droeg bij aan X: in 2018 …"
                cands = scope.actors(sent.start, colon)
                contributor = cands[0] if cands else scope.cabinet(sent.start, colon)
            if contributor is None and lead_sent is not None:
                cands = scope.actors(lead_sent.start, lead_sent.end)
                contributor = cands[0] if cands else (scope.cabinet(lead_sent.start, lead_sent.end))
            if contributor is None:
                continue

            # mission(s): in the segment, clause, sentence; else what an anaphor refers to; else the
            # list's lead-in; else the one mission the paragraph has named so far
            missions = scope.missions(q.end, next_start) or scope.missions(seg_start, q.start) \
                or scope.missions(*clause) \
                or scope.missions(sent.start, sent.end)
            if not missions:
                missions = _antecedent(ctx, scope, sents, si, sent.start, sent.end)
            if not missions and lead_sent is not None:
                missions = scope.missions(lead_sent.start, lead_sent.end)
            if not missions:
                prior = _paragraph_missions(ctx, mentions, sent.start)
                if len({m.entity.key for m in prior}) == 1:
                    missions = prior[-1:]
            missions = [m for m in missions if m.entity.key != contributor.entity.key]
            if not missions:
                continue

            # co-contributors ("samen met Duitsland en Tsjechië") after the giver: before the number,
            # or anywhere in the clause for money (troops "samen met de Fransen actief" operate alongside)
            co = []
            for m in mentions.between(min(contributor.end, q.start), clause[1] if _is_money(q) else q.start):
                if m.entity.cls in ACTOR_CLASSES and m.entity.key != contributor.entity.key:
                    gap = text[max(0, m.start - 40):m.start]
                    if _WITH_BEFORE.search(gap) or (co and _LIST_GAP.search(gap)):
                        co.append(m)

            # time
            seg_dates = [d for d in dates.between(seg_start, next_start) if d.start >= clause[0] - 60]
            when = _time_props(ctx, seg_dates) or _time_props(ctx, dates.between(*clause)) \
                or (_time_props(ctx, dates.between(sent.start, sent.end)) if len(qs) == 1 else [])
            if not when:
                # an enumeration after a colon in the same sentence ("droegen in 2016 onder meer bij:
                # X …, Y …"): the lead-in before the colon dates every item
                if colon >= 0:
                    when = _time_props(ctx, dates.between(sent.start, colon))
            if not when and lead_sent is not None:
                when = _time_props(ctx, dates.between(lead_sent.start, lead_sent.end))
            if now_sent is None:
                now_sent = _search(_NOW, text, sent.start, sent.end, low) is not None
            now_in = now_sent or _search(_PRESENT, text, *clause, low) or (
                lead_sent is not None and _NOW.search(lead_sent.text))
            if not when and now_in and ctx.letter_date is not None:
                when = [("date", ctx.letter_date)]
            quantifier = q.quantifier
            if quantifier == "Exact" and estimate_sent is None:
                estimate_sent = _search(_ESTIMATE, text, sent.start, sent.end, low) is not None
            if quantifier == "Exact" and estimate_sent:
                quantifier = "Approximately"

            parts = [(q.start, q.end), (contributor.start, contributor.end)]
            parts += [(m.start, m.end) for m in missions]
            span = _span(text, parts, sent)
            record = {"contributor": contributor.entity, "co": [m.entity for m in co],
                      "missions": [m.entity for m in missions], "q": q, "when": when, "quantifier": quantifier,
                      "status": status, "span": span, "note": None, "sentence": (sent.start, sent.end)}
            extra = _PAREN_AFTER.match(text[q.end:min(sent.end, q.end + 110)])
            if extra and _EXTRA.search(extra.group(1)):
                record["note"] = _SPACES.sub(" ", extra.group(1)).strip()
                record["span"] = (span[0], max(span[1], q.end + extra.end()))
            records.append(record)
            prev_record = record

    return _facts(ctx, records, relations_only)


def _participation(ctx: FactContext, scope: _Scope, sent, matches, out: list) -> None:
    """Actors said to take part in or support a mission, without a number: contributesTo only.

    "X, Y en Z leveren een bijdrage aan M", "… leveren een bijdrage aan M: X, Y en Z", "bieden X, Y …
    luchttransportsteun aan M", "(troepen voor M …) met steun van X en Y", "de Nederlandse bijdrage
    aan M" (the adjective names the giver).
    """
    text = ctx.text
    for m in matches:
        clause = clause_of(text, sent.start, sent.end, m.start())
        status = assess(text, *clause)
        if status == "negated":
            continue
        if m.group("support"):
            # "met (logistieke) ondersteuning van X, Y en Z": the givers follow; the mission is named
            # before in the sentence
            missions = scope.missions(sent.start, m.start())
            actors = _coordinated(scope, text, m.end(), sent.end)
        elif m.group("adj2"):
            # "de primaire taak van de Nederlandse bijdrage is M te …": the giver's adjective before
            # the noun, and the one mission the sentence names
            actors = [a for a in scope.mentions.between(max(sent.start, m.start() - 30), m.start())
                      if a.entity.cls == "State" and scope.is_adjectival(a)
                      and _ADJ_GAP.fullmatch(text[a.end:m.start()])]
            named = {x.entity.key: x for x in scope.mentions.between(sent.start, sent.end)
                     if x.entity.cls in RECIPIENT_CLASSES}
            missions = list(named.values()) if len(named) == 1 else []
        elif m.group("adj"):
            # the adjective right before the noun: "de Nederlandse (militaire) bijdrage aan"
            adj = [a for a in scope.mentions.between(max(sent.start, m.start() - 30), m.start())
                   if a.entity.cls == "State" and scope.is_adjectival(a)
                   and _ADJ_GAP.fullmatch(text[a.end:m.start()])]
            if not adj:
                continue
            missions = scope.missions(m.end(), min(sent.end, m.end() + 80))
            missions = [x for x in missions if x.start <= m.end() + 12]  # right after "aan (de|het)"
            actors = adj
        else:
            missions = scope.missions(m.end(), sent.end) or scope.missions(*clause)
            colon = text.find(":", m.end(), sent.end)
            if missions and colon >= 0 and missions[0].end - 1 < colon < missions[0].start + 40:
                actors = scope.actors(colon, sent.end)
            else:
                actors = scope.actors(clause[0], m.end()) or scope.actors(*clause)
        actors = [a for a in actors if not scope._modifier(a)]
        for a in actors:
            for mi in missions:
                if a.entity.key != mi.entity.key:
                    out.append((a.entity, mi.entity, (sent.start, sent.end), status))


_PART_OF_MISSION = re.compile(r"\b(?:onderdeel|deel)\s+(?:uit\s+)?van\s+(?:de\s+|het\s+)?$", re.IGNORECASE)
_TROOPS_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:troepen|militairen|eenheden|soldaten|contingent\w*)\b", re.IGNORECASE)
_MISSION_TROOPS = re.compile(r"-?troepen\s+uit\s+", re.IGNORECASE)


def _troops_of_mission(ctx: FactContext, scope: _Scope, sent, out: list) -> None:
    """States whose troops a sentence places in a mission, without a number: contributesTo only.

    "De Senegalese troepen, nu deel van M, zijn …, de Togolese troepen in het zuiden, de Ghanezen …":
    every state named as troops (adjective/demonym) in a sentence that says they are part of M;
    "M-troepen uit X en Y": X and Y.
    """
    text = ctx.text
    found = scope.mentions.between(sent.start, sent.end)
    for mi in (m for m in found if m.entity.cls in RECIPIENT_CLASSES):
        status = assess(text, *clause_of(text, sent.start, sent.end, mi.start))
        if status == "negated":
            continue
        givers: list[Mention] = []
        tail = _MISSION_TROOPS.match(text, mi.end, sent.end)
        if tail:
            givers = _coordinated(scope, text, tail.end(), sent.end)
        elif _PART_OF_MISSION.search(text, max(sent.start, mi.start - 30), mi.start):
            for m in found:
                if m.entity.cls != "State" or not scope.is_adjectival(m):
                    continue
                before = text[max(0, m.start - 20):m.start]
                if _WITH_BEFORE.search(before):
                    continue  # "samen met de Fransen": alongside, not part of it
                demonym = m.surface.endswith(("en", "é")) and not m.surface.endswith("ische")
                if _TROOPS_AFTER.match(text, m.end, sent.end) or demonym:
                    givers.append(m)
        for g in givers:
            if g.entity.key != mi.entity.key:
                out.append((g.entity, mi.entity, (sent.start, sent.end), status))


def _coordinated(scope: _Scope, text: str, start: int, end: int) -> list[Mention]:
    """The actors of an enumeration starting at ``start`` ("Italië, Ierland, de Verenigde Staten en Kenia")."""
    out: list[Mention] = []
    pos = start
    for m in scope.mentions.between(start, end):
        if m.entity.cls not in ACTOR_CLASSES:
            break
        if not _ACTOR_LIST_GAP.fullmatch(text[pos:m.start]):
            break
        out.append(m)
        pos = m.end
    return out


def _facts(ctx: FactContext, records: list[dict], relations_only: list) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    seen: dict[tuple, list] = {}
    rel_seen: set[tuple] = set()
    for r in records:
        q: Quantity = r["q"]
        props: list[tuple[str, object]] = [("contributor", r["contributor"])]
        props += [("contributor", e) for e in r["co"]]
        props += [("mission", e) for e in r["missions"]]
        if _is_personnel(q):
            props.append(("personnel", int(q.value)))
        else:
            props += [("amount", q.value), ("currency", q.unit)]
        props.append(("quantifier", ("skg", r["quantifier"])))
        # the same contribution restated in another sentence (same giver, recipient, value and
        # quantifier, no conflicting time) is one fact; items of one list are not restatements.
        # Its identity: the properties so far (entities by key), before the time and the note
        ident = tuple([(k, v.key if isinstance(v, Entity) else v) for k, v in props])
        props += r["when"]
        if r["note"]:
            props.append(("note", r["note"]))
        when = [w for w in r["when"] if w != ("date", ctx.letter_date)]
        if any(sentence != r["sentence"] and (not when or not w2 or when == w2)
               for sentence, w2 in seen.get(ident, [])):
            continue
        seen.setdefault(ident, []).append((r["sentence"], when))
        ev = ctx.evidence(*r["span"])
        facts.append(Fact(kind="Contribution", subject_key=fact_key(ctx, "contribution", *r["span"]),
                          types=("Contribution",), props=tuple(props), evidence=ev, status=r["status"]))
        for c in [r["contributor"], *r["co"]]:
            for mi in r["missions"]:
                rk = (c.key, mi.key, ev.start, ev.end)
                if rk not in rel_seen:
                    rel_seen.add(rk)
                    facts.append(Fact(kind="Relation", subject_key=c.key, types=("Relation", "contributesTo"),
                                      props=(("contributesTo", mi),), evidence=ev, status=r["status"]))
    for actor, mission, span, status in relations_only:
        ev = ctx.evidence(*span)
        rk = (actor.key, mission.key, ev.start, ev.end)
        if rk in rel_seen:
            continue
        rel_seen.add(rk)
        facts.append(Fact(kind="Relation", subject_key=actor.key, types=("Relation", "contributesTo"),
                          props=(("contributesTo", mission),), evidence=ev, status=status))
    return tuple(facts)
