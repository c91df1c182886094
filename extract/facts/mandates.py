"""Mandates: who allows a mission (or a national deployment to it), until when, with how many people.

Rules for the genre:

- A sentence states a mandate when it speaks of a mandate ("mandaat", "mandaten", "resolutie",
  "troepenplafond", "gemandateerd") or of extending/continuing a contribution ("de Nederlandse bijdrage
  aan X te verlengen", "voort te zetten"); the clause around that word is read. A decision, intention
  or consideration to deploy ("heeft besloten om van … tot en met … maximaal N militairen in te zetten
  voor X", "is voornemens om …", "bij te dragen aan") is a national mandate when it names the mission
  and a period or ceiling; its issuer is the state named before the verb ("het kabinet" is NL).
- Another state's parliament or government, or its own contribution ("De Duitse Bondsdag stemde in
  met … de Duitse bijdrage") makes the mandate that state's.
- An ended mandate ("besloten het mandaat … te beëindigen"): a date after "per" is its end, and
  without one the deadline of the next sentence in the paragraph ("De missie moet uiterlijk …").
- Issuer: a *national* mandate ("nationale mandaten", "Nederlandse bijdrage", "het kabinet
  besluit/heeft besloten", "Nederland heeft … een mandaat") is issued by the state (``state/NLD``
  unless another state's adjective qualifies the mandate); a mandate of the UN Security Council when
  the clause names it or a resolution; otherwise the Council of the EU for EU missions
  (``mission/eu…``) and the UN Security Council for the others.
- Mission: the Mission mentions of the clause (several coordinated missions → one mandate each;
  a mission in parentheses after "met" shares a combined mandate and gets none of its own), else the
  mission "de/deze missie" refers to (the last one named earlier in the paragraph).
- End: a date after "tot (en met)", "t/m", "uiterlijk", or before "af(lopen)"; start: after
  "vanaf", "per", "met ingang van"; the decision date ("op 29 juni … verlengd") is ``skg:date``.
  A duration ("voor een duur van vijftien maanden", "met een jaar", "voor de periode van achttien
  maanden") gives the start from the end (``start = end − duration``, month ends kept, so an
  extension starts where the old mandate ended) or the end from a start (``end = start + duration
  − 1 day``); the stated duration is kept as ``skg:duration`` (xsd:duration, "P15M"). An extension
  (verlengen, voortzetten, hernieuwd) without a start starts at the end of an earlier mandate of
  the same mission and issuer stated in the same letter.
- Ceiling: a personnel quantity after "maximaal/maximum/plafond/mandaat van|voor" or in
  parentheses right after the mission; a second police figure ("en 1.920 politiefunctionarissen")
  is ``skg:policeCeiling``. A ceiling sentence without a mission ("Het troepenplafond van … blijft
  gehandhaafd") completes the mandate stated just before it in the paragraph.
- Resolution numbers are strings ("2364"). Mandates of one mission and issuer with the same
  resolution or end date within a letter are merged.
- A mandate known by neither its end nor its ceiling (only a duration or a resolution) is not emitted:
  the schema's contract wants one of them.
- Negated clauses assert nothing ("behoren niet tot het mandaat", "zal niet worden verlengd").
- A national mandate also yields the relation ``<state> skg:contributesTo <mission>`` (same evidence).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from itertools import accumulate
from operator import attrgetter

from sahelkg.extract.facts.modality import SpanIndex, assess, clause_of, fact_key, paragraph_start
from sahelkg.extract.facts.prefilter import lowered, words_test
from sahelkg.extract.mentions import first_per_entity
from sahelkg.extract.model import DateMention, Entity, Fact, FactContext, Mention
from sahelkg.extract.numbers import key_starts, keyed_finditer, matches_at

_MANDATE_WORD = re.compile(r"\b(?:[\w]+-)?(?=[mgrtp])(?:mandaat|mandaten|gemandateerd\w*|resolutie|troepenplafond|plafond)\b", re.IGNORECASE)
_EXTEND = re.compile(r"\b(?:verleng\w*|voort\s+te\s+zetten|voortzetting|voortgezet|hernieuw\w*|continuer\w*)\b", re.IGNORECASE)
_EXTEND_KEYS = ("verleng", "voort", "hernieuw", "continuer")  # every match starts with one
# a decision to deploy people ("heeft besloten om … maximaal 250 militairen in te zetten voor X"):
# a national mandate when it states a period or a ceiling; an intention or consideration of one
# ("is voornemens om …") is the same mandate, planned or considered (status from the clause)
_DEPLOY = re.compile(
    r"\b(?:besloten|besluit|besloot|instemming|ingestemd|stemde\w*\s+in|voornemens|voornemen|beoogt|overweegt)\b[^.;:]{0,200}?"
    r"\b(?:in\s+te\s+zetten|te\s+ontplooien|uit\s+te\s+zenden|te\s+stationeren|te\s+sturen|in\s+te\s+zet\w*|inzet\s+van|"
    r"bij\s+te\s+dragen|te\s+leveren|beschikbaar\s+te\s+stellen)\b",
    re.IGNORECASE)
_DEPLOY_KEYS = ("besl", "instemming", "ingestemd", "stemde", "voornemen", "beoogt", "overweegt")  # every match starts with one
_TERMINATE = re.compile(r"\b(?:beëindig\w*|opgeheven|op\s+te\s+heffen|af\s+te\s+sluiten|afgesloten)\b", re.IGNORECASE)
# another state's parliament or government deciding on its own contribution ("De Duitse Bondsdag stemde in")
_FOREIGN_BODY = re.compile(
    r"\s+(?:\w+\s+)?(?:nationale\s+)?(?:mandaat|bijdrage\w*|parlement|Bondsdag|Bundestag|Assemblée|Nationale\s+Assemblee|"
    r"regering|kabinet|Tweede\s+Kamer|Lagerhuis|Congres|Storting|Folketing|Riksdag)\b", re.IGNORECASE)
_CONTRIB = re.compile(r"\b(?:bijdrage\w*|deelname|inzet)\b", re.IGNORECASE)
_NATIONAL = re.compile(
    r"\b(?:nationale\s+manda+t\w*|nationaal\s+mandaat|Nederlandse\s+(?:militaire\s+|personele\s+|politie)?bijdrage\w*|"
    r"kabinet\s+(?:heeft\s+)?(?:besluit|besloten|besloot)|(?:besluit|besloot|heeft)\s+het\s+kabinet\b|Nederland\s+heeft\s+(?:\w+\s+){0,5}?(?:een\s+)?mandaat|"
    r"huidige\s+mandaat\s+van\s+maximaal|Nederland\s+(?:levert|leverde|draagt|zet)\b|personele\s+bijdrage)", re.IGNORECASE)
_UN = re.compile(r"\b(?:Veiligheidsraad|Security\s+Council|resolutie|VN-mandaat)\b", re.IGNORECASE)
_EU_COUNCIL = re.compile(r"\b(?:Raad\s+(?:van\s+de\s+(?:EU|Europese\s+Unie)|Buitenlandse\s+Zaken)|de\s+Raad)\b")
_RESOLUTION = re.compile(r"\bresolutie\s+(?:nr\.\s*)?(\d{3,5})\b", re.IGNORECASE)
_END_BEFORE = re.compile(
    r"\b(?:tot\s+en\s+met|tot|t/m|uiterlijk|until|eindig\w*\s+(?:op|in|per)?|af\s+(?:op|in|per))\s*(?:\w+\s+)?$",
    re.IGNORECASE)
_END_INSIDE = re.compile(r"(?:tot|t/m|uiterlijk)\b", re.IGNORECASE)
_END_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,1}af\b|^\s*(?:\w+\s+){0,1}(?:ten\s+)?einde\b|"
    r"^\s*(?:te\s+)?(?:laten\s+)?(?:aflopen|afloopt|eindigen|eindigt|beëindigen|beëindigd|stoppen)\b", re.IGNORECASE)
_START_BEFORE = re.compile(r"\b(?:vanaf|per|met\s+ingang\s+van|ingaande)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DECISION_BEFORE = re.compile(r"\bop\s+$", re.IGNORECASE)
_CEILING_BEFORE = re.compile(
    r"(?:maximaal|maximum\s+van|plafond\s+(?:\w+\s+){0,3}?(?:van|op|bedraagt|is|blijft)|mandaat\s+(?:van|voor)|mandaten\s+(?:van|voor))"
    r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_POLICE = re.compile(r"^(?:politie|agent|police|ipo|fpu|marechaussee)", re.IGNORECASE)
_TO_MISSION_BEFORE = re.compile(
    r"\b(?:bijdrage|deelname|inzet|bijdragen)\b[^.;:]{0,60}?\b(?:aan|in|voor|bij)\s+(?:de\s+|het\s+)?(?:[\w-]+\s+){0,8}$",
    re.IGNORECASE)
_ANAPHOR = re.compile(r"\b(?:de|deze|die)\s+(?:missie|operatie|taakgroep|missies)\b|\bhaar\s+mandaat\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:voor\s+(?:de\s+|een\s+)?(?:duur|periode|termijn)\s+van|met|voor)\s+(?P<n>\d{1,2}|een|één|twee|drie|vier|vijf|zes|"
    r"zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|"
    r"twintig|vierentwintig|zesendertig|half)\s+(?P<unit>jaar|jaren|maand|maanden)\b", re.IGNORECASE)
_SUBORDINATE = re.compile(r",\s*(?:mits|omdat|tenzij|indien|zodat|waardoor|hoewel|terwijl|waarbij)\b", re.IGNORECASE)
_WORDS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
          "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
          "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
          "vierentwintig": 24, "zesendertig": 36}

UNSC = "organisation/un-security-council"
EU_COUNCIL = "organisation/council-of-the-eu"
NLD = "state/NLD"

# compiled once (re.* with a string looks its pattern up in re's cache on every call)
_AND_GAP = re.compile(r"\s*(?:en|,)\s*")
_BOTH_MISSIONS = re.compile(r"\bbeide\s+missies\b", re.IGNORECASE)
_KABINET = re.compile(r"\bkabinet\b", re.IGNORECASE)
_DEADLINE_BEFORE = re.compile(r"\b(?:uiterlijk|tot\s+en\s+met|tot|t/m)\s+(?:op\s+)?$")
_MET_BEFORE = re.compile(r"\bmet\s+(?:de\s+|het\s+)?$")
_OWN_MANDATE_AFTER = re.compile(r"\s+(?:nationale\s+)?(?:mandaat|bijdrage)")


def _known(key: str, cls: str) -> Entity:
    """The gazetteer's entity for ``key`` (labels, Wikidata), or a bare one if it has none."""
    try:
        from sahelkg.extract import gazetteer

        return gazetteer.load().entity(key)
    except Exception:  # noqa: BLE001 - gazetteer missing or key unknown: a bare entity still types the node
        return Entity(key=key, cls=cls)


class _Matches:
    """Regex matches over the whole text, found again per sentence by offset."""

    def __init__(self, matches) -> None:
        self.matches = list(matches)
        self.starts = [m.start() for m in self.matches]

    def first(self, start: int, end: int):
        i = bisect.bisect_left(self.starts, start)
        return self.matches[i] if i < len(self.starts) and self.starts[i] < end else None


# every mandate word holds one of these (lower case): where to try _MANDATE_WORD
_MANDATE_KEYS = ("manda", "resolutie", "plafond")


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what ``\w`` matches


def _mandate_words(text: str, low: str | None) -> list[re.Match]:
    """``list(_MANDATE_WORD.finditer(text))``, trying the pattern only where a match can start: at the
    start of the word holding a key hit ("troepenplafond", "gemandateerd"), or of the word before it
    when a hyphen joins them ("VN-mandaat"). ``low``: the lower-cased text (None: scan it all)."""
    if low is None:
        return list(_MANDATE_WORD.finditer(text))
    starts = set()
    for k in key_starts(low, _MANDATE_KEYS):
        while k > 0 and _is_word(text[k - 1]):
            k -= 1
        starts.add(k)
        if k > 1 and text[k - 1] == "-" and _is_word(text[k - 2]):
            j = k - 1
            while j > 0 and _is_word(text[j - 1]):
                j -= 1
            starts.add(j)
    return matches_at(_MANDATE_WORD, text, sorted(starts))


def _sentences_with(sentences, *found: _Matches):
    """Indices of the sentences in which one of the ``found`` matches starts, in order: the others
    have no trigger and state no mandate. All of them when the sentences are not in order without
    overlap (then a match is looked up in each)."""
    if any(a.end > b.start for a, b in zip(sentences, sentences[1:])):
        return range(len(sentences))
    starts = [s.start for s in sentences]
    out = set()
    for f in found:
        for p in f.starts:
            i = bisect.bisect_right(starts, p) - 1
            if i >= 0 and p < sentences[i].end:
                out.add(i)
    return sorted(out)


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` months; a month's last day stays a month's last day."""
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    last = calendar.monthrange(y, m)[1]
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        return dt.date(y, m, last)
    return dt.date(y, m, min(d.day, last))


def _duration_months(text: str, start: int, end: int, dates: list[DateMention]) -> int | None:
    for d in dates:
        if d.granularity == "duration" and d.months:
            return d.months
    m = _DURATION.search(text, start, end)
    if not m:
        return None
    n = m.group("n").lower()
    if n == "half":
        return 6
    k = int(n) if n.isdigit() else _WORDS.get(n)
    if k is None:
        return None
    return k * 12 if m.group("unit").lower().startswith("ja") else k


def extract_mandates(ctx: FactContext) -> tuple[Fact, ...]:
    """Mandate facts (see module docstring)."""
    text = ctx.text
    records: list[dict] = []
    indexes = None  # made when the first sentence needs them (most letters have few such sentences)
    # one pass of each pattern over the whole text; sentences look their first match up by offset
    low = lowered(text)
    words = _Matches(_mandate_words(text, low))
    extends = _Matches(keyed_finditer(_EXTEND, text, low, _EXTEND_KEYS))
    deploys = _Matches(keyed_finditer(_DEPLOY, text, low, _DEPLOY_KEYS))
    sentences = ctx.parsed.sentences
    for si in _sentences_with(sentences, words, extends, deploys):
        sent = sentences[si]
        trig = words.first(sent.start, sent.end)
        ext = extends.first(sent.start, sent.end)
        dep = None
        if trig is None and not (ext and _CONTRIB.search(text, sent.start, sent.end)):
            dep = deploys.first(sent.start, sent.end)
            if dep is None:
                continue
            trig = dep
        anchor = trig or ext
        clause = clause_of(text, sent.start, sent.end, anchor.start())
        # the dates may follow the mandate word in the same clause or the next ones, up to a
        # subordinate clause ("mits", "omdat" …) that no longer speaks of it
        sub = _SUBORDINATE.search(text, anchor.end(), sent.end)
        region = (clause[0], sub.start() if sub else sent.end)
        status = assess(text, *clause)
        if status == "negated":
            continue
        if indexes is None:
            indexes = _indexes(ctx)
        persons, missions_all, date_index, mentions = indexes
        window = text[region[0]:region[1]]
        low_window = low[region[0]:region[1]] if low is not None else None
        quants = persons.between(*region)
        dates = date_index.between(*region)
        ceilings = []
        for q in quants:
            a = max(0, q.start - 40)
            if _search(_CEILING_BEFORE, text[a:q.start], low[a:q.start] if low is not None else None) \
                    or q.quantifier == "AtMost" \
                    or text[max(0, q.start - 2):q.start].strip() == "(" \
                    or (ceilings and _AND_GAP.fullmatch(text[ceilings[-1].end:q.start])):
                ceilings.append(q)  # "plafond van 11.200 militairen en 1.440 agenten"

        # which missions: named in the clause; else "beide missies" / "de missie" / a bare mandate
        # sentence refer back into the paragraph
        ms = _missions(text, missions_all.between(*region))
        explicit = bool(ms)
        if dep is not None and not (ms and (ceilings or any(d.granularity in ("span", "day", "month") for d in dates))):
            continue  # a decision to deploy is a mandate only with its mission and a period or ceiling
        if trig is None and ms:
            # "de Nederlandse bijdrage aan X te verlengen": X must be what the contribution goes to
            # … and named before the verb that extends it (not a mission named after it)
            ms = [m for m in ms if m.start < ext.start() and _TO_MISSION_BEFORE.search(text[max(0, m.start - 60):m.start])]
            if not ms:
                continue
        if not ms:
            prior = missions_all.between(paragraph_start(text, sent.start), sent.start)
            both = _search(_BOTH_MISSIONS, window, low_window)
            if prior and both:
                keys: list[str] = []
                for m in reversed(prior):
                    if m.entity.key not in keys:
                        keys.append(m.entity.key)
                        ms.insert(0, m)
                    if len(ms) == 2:
                        break
            elif prior and (_search(_ANAPHOR, window, low_window) or _search(_MANDATE_WORD, window, low_window)):
                ms = [prior[-1]]
        para = paragraph_start(text, sent.start)
        if not explicit and ceilings and records and records[-1]["para"] == para \
                and not _search(_BOTH_MISSIONS, window, low_window):
            _complete(records[-1], ceilings, text, sent)
            continue
        if not ms:
            continue

        # issuer
        issuer = _issuer(mentions, text, region, ms[0].entity, window, low_window)
        if dep is not None and issuer.cls != "State":
            # who decides or intends to deploy: the state named before the verb ("het kabinet" is NL)
            deciders = [m for m in mentions.between(sent.start, dep.start()) if m.entity.cls == "State"]
            if deciders:
                issuer = deciders[-1].entity
            elif _KABINET.search(text[sent.start:dep.start()]):
                issuer = _mention_or_known(mentions, region, NLD, "State")

        # when
        end_d = start_d = decided = None
        for d in dates:
            before = text[max(0, d.start - 30):d.start]
            after = text[d.end:d.end + 20]
            val = d.end_date or d.date if d.granularity in ("span", "year", "month", "part") else d.date
            if d.granularity == "duration":
                continue
            if d.granularity == "span" and d.date and d.end_date:
                start_d, end_d = start_d or d.date, end_d or d.end_date  # "van 1 januari 2020 tot en met …"
                continue
            if d.granularity == "year" and d.year and val is None:
                val = dt.date(d.year, 12, 31)
            if d.inclusive_end or _END_BEFORE.search(before) or _END_INSIDE.match(text, d.start) \
                    or _END_AFTER.search(after):
                end_d = end_d or val
            elif _START_BEFORE.search(before):
                start_d = start_d or d.date
            elif _DECISION_BEFORE.search(before) and d.granularity == "day":
                decided = decided or d.date
        follow = None
        # (the window is searched for an end only when no end date is known: both cases need that)
        terminated = not end_d and _search(_TERMINATE, window, low_window) is not None
        if terminated and start_d:
            end_d, start_d = start_d, None  # "het mandaat … te beëindigen per 1 juli": the end
        elif terminated and si + 1 < len(sentences) \
                and paragraph_start(text, sentences[si + 1].start) == paragraph_start(text, sent.start):
            # the deadline of an ended mandate in the next sentence: "De missie moet uiterlijk 31
            # december 2023 zijn vertrokken", "De terugtrekking moet uiterlijk … zijn afgerond"
            nxt = sentences[si + 1]
            for d in date_index.between(nxt.start, nxt.end):
                if d.granularity == "day" and d.date and \
                        _DEADLINE_BEFORE.search(text[max(0, d.start - 20):d.start]):
                    end_d, follow = d.date, nxt
                    break
        months = _duration_months(text, *region, dates)
        resolution = _search(_RESOLUTION, window, low_window)
        extension = None  # read once, for the first record

        for mi, m in enumerate(ms):
            ceiling = police = None
            if explicit:
                own = [q for q in ceilings if m.end <= q.start and (mi + 1 >= len(ms) or q.end <= ms[mi + 1].start)]
                pick = own or (ceilings if len(ms) == 1 else [])
            else:
                pick = ceilings  # missions referred back to ("beide missies") share the stated ceiling
            for q in pick:
                noun = (q.noun or "").lower()
                if _POLICE.match(noun) and ceiling is not None:
                    police = police or int(q.value)
                else:
                    ceiling = ceiling if ceiling is not None else int(q.value)
            if not any((end_d, start_d, months, ceiling, resolution)):
                continue
            if extension is None:
                extension = _search(_EXTEND, window, low_window) is not None
            records.append({
                "mission": m.entity, "issuer": issuer, "start": start_d, "end": end_d, "date": decided,
                "months": months, "ceiling": ceiling, "police": police,
                "resolution": resolution.group(1) if resolution else None,
                "extension": extension, "status": status,
                "span": (sent.start, (follow or sent).end), "para": paragraph_start(text, sent.start),
            })
    return _facts(ctx, _merge(records))


def _search(rx: re.Pattern, window: str, low_window: str | None) -> re.Match | None:
    """``rx.search(window)``; not run (None) when the lower-cased window ``low_window`` holds none of
    the words every match holds (a few ``in`` tests cost less than the regex trying each position)."""
    if low_window is not None:
        test = words_test(rx)
        if test is not None and not test(low_window):
            return None
    return rx.search(window)


class SortedSpans(SpanIndex):
    """A :class:`SpanIndex` (same items, same order, same answers) that costs less: sorted with a key
    read in C (``attrgetter``; a stable sort on equal keys), and :meth:`between` returns the slice
    itself when no item of it can end after ``end`` (``reach[k]``: the furthest end among the first
    ``k + 1`` items), instead of testing each item."""

    def __init__(self, items) -> None:
        self.items = sorted(items, key=_START_END)
        self.starts = [i.start for i in self.items]
        self.reach = list(accumulate((i.end for i in self.items), max))

    def between(self, start: int, end: int) -> list:
        """The items that lie inside [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        if hi <= lo:
            return []
        if self.reach[hi - 1] <= end:
            return self.items[lo:hi]
        return [i for i in self.items[lo:hi] if i.end <= end]


_START_END = attrgetter("start", "end")


def _indexes(ctx: FactContext) -> tuple[SpanIndex, SpanIndex, SpanIndex, SpanIndex]:
    """(personnel quantities, Mission mentions, dates, mentions) of the letter, each by start."""
    return (SortedSpans([q for q in ctx.quantities if q.unit == "persons"]),
            SortedSpans([m for m in ctx.mentions if m.entity.cls == "Mission"]),
            SortedSpans(ctx.dates), SortedSpans(ctx.mentions))


def _missions(text: str, ms: list[Mention]) -> list[Mention]:
    """Distinct missions; one named in parentheses after "met" shares the mandate before it."""
    kept = []
    for m in ms:
        opened = text.rfind("(", 0, m.start)
        closed = text.rfind(")", 0, m.start)
        if opened > closed and _MET_BEFORE.search(text[max(0, m.start - 15):m.start]):
            continue
        kept.append(m)
    return first_per_entity(kept)


def _issuer(mentions: SpanIndex, text: str, region: tuple[int, int], mission: Entity,
            window: str, low_window: str | None) -> Entity:
    """``window``: ``text`` in ``region``; ``low_window``: the same lower-cased (None: not known)."""
    national = _search(_NATIONAL, window, low_window)
    if not national:
        # another state's parliament/government or its own contribution: that state's national mandate
        for m in mentions.between(*region):
            if m.entity.cls == "State" and m.entity.key != NLD and _FOREIGN_BODY.match(text, m.end):
                return m.entity
    if national:
        # another state's adjective right before "mandaat"/"bijdrage" makes it that state's mandate
        for m in mentions.between(*region):
            if m.entity.cls == "State" and m.entity.key != NLD:
                if _OWN_MANDATE_AFTER.match(text[m.end:m.end + 25]):
                    return m.entity
        return _mention_or_known(mentions, region, NLD, "State")
    if _search(_UN, window, low_window):
        return _mention_or_known(mentions, region, UNSC, "Organisation")
    if mission.key.startswith("mission/eu") or _EU_COUNCIL.search(window):
        return _mention_or_known(mentions, region, EU_COUNCIL, "Organisation")
    return _mention_or_known(mentions, region, UNSC, "Organisation")


def _mention_or_known(mentions: SpanIndex, region, key: str, cls: str) -> Entity:
    for m in mentions.between(*region):
        if m.entity.key == key:
            return m.entity
    return _known(key, cls)


def _complete(record: dict, ceilings, text: str, sent) -> None:
    """A ceiling stated in its own sentence completes the mandate just before it."""
    for q in ceilings:
        noun = (q.noun or "").lower()
        if record["ceiling"] is None and not _POLICE.match(noun):
            record["ceiling"] = int(q.value)
        elif record["police"] is None and _POLICE.match(noun):
            record["police"] = int(q.value)
    record["span"] = (record["span"][0], sent.end)


def _merge(records: list[dict]) -> list[dict]:
    """Mandates of one mission and issuer with the same resolution or end date become one."""
    out: list[dict] = []
    for r in records:
        for o in out:
            if o["mission"].key != r["mission"].key or o["issuer"].key != r["issuer"].key:
                continue
            same_res = r["resolution"] and r["resolution"] == o["resolution"]
            same_end = r["end"] and r["end"] == o["end"]
            if (same_res or same_end) and not (r["resolution"] and o["resolution"] and r["resolution"] != o["resolution"]):
                if _richness(r) > _richness(o):
                    o["span"], o["status"] = r["span"], r["status"]
                for k in ("start", "end", "date", "months", "ceiling", "police", "resolution"):
                    if o[k] is None:
                        o[k] = r[k]
                o["extension"] = o["extension"] or r["extension"]
                break
        else:
            out.append(dict(r))
    # dates from durations, and extensions starting where an earlier mandate ended
    for r in out:
        if r["months"] and r["end"] and not r["start"]:
            r["start"] = add_months(r["end"], -r["months"])
        elif r["months"] and r["start"] and not r["end"]:
            r["end"] = add_months(r["start"], r["months"]) - dt.timedelta(days=1)
        if r["extension"] and not r["start"] and r["end"]:
            earlier = [o["end"] for o in out if o is not r and o["end"] and o["end"] < r["end"]
                       and o["mission"].key == r["mission"].key and o["issuer"].key == r["issuer"].key]
            if earlier:
                r["start"] = max(earlier)
    return out


def _richness(r: dict) -> int:
    return sum(r[k] is not None for k in ("start", "end", "months", "ceiling", "resolution"))


def _facts(ctx: FactContext, records: list[dict]) -> tuple[Fact, ...]:
    facts = []
    for r in records:
        if r["end"] is None and r["ceiling"] is None:
            continue  # the contract: a mandate fact states its end or its ceiling
        props: list[tuple[str, object]] = [("mission", r["mission"]), ("issuer", r["issuer"])]
        if r["start"]:
            props.append(("startDate", r["start"]))
        if r["end"]:
            props.append(("endDate", r["end"]))
        if r["date"]:
            props.append(("date", r["date"]))
        if r["months"]:
            props.append(("duration", ("duration", f"P{r['months']}M")))
        if r["ceiling"] is not None:
            props.append(("personnelCeiling", r["ceiling"]))
        if r["police"] is not None:
            props.append(("policeCeiling", r["police"]))
        if r["resolution"]:
            props.append(("resolution", r["resolution"]))
        ev = ctx.evidence(*r["span"])
        facts.append(Fact(kind="Mandate", subject_key=fact_key(ctx, "mandate", *r["span"]), types=("Mandate",),
                          props=tuple(props), evidence=ev, status=r["status"]))
        if r["issuer"].cls == "State":
            # a national mandate is the state's own deployment: it contributes to the mission
            facts.append(Fact(kind="Relation", subject_key=r["issuer"].key, types=("Relation", "contributesTo"),
                              props=(("contributesTo", r["mission"]),), evidence=ev, status=r["status"]))
    return tuple(facts)
