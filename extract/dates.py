"""Step 5b: dates, parts of months/years, spans and durations, resolved against the letter's date.

Candidates are found with one regular expression, which reads the day, month and year; the
day–month–year core is then checked against the calendar (same answers as dateparser with
``languages=["nl"]``, ``DATE_ORDER="DMY"`` on the canonical "D maand YYYY", which the tests compare,
without its millisecond a call). Our own rules around it:

* ``jl.``/``j.l.``/``jongstleden``/``afgelopen`` → the most recent occurrence on or before the letter's
  date; ``a.s.``/``aanstaande``/``komende`` → the next occurrence on or after it; a day or month with
  no year and no such cue → the occurrence nearest to the letter's date (a letter of 11 April
  mentioning "20 maart" means last month; one of 5 January mentioning "20 december" means last
  December). Without a letter date such mentions keep ``date=None``.
* Parts (granularity ``"part"``): ``begin`` → the 1st (of the month, or 1 January), ``medio`` → the
  15th (or 1 July), ``eind``/``einde`` → the last day (of the month, or 31 December); quarters,
  halves (``het eerste kwartaal van 2023``, ``de tweede helft van 2018``) and seasons set ``date`` to
  the first and ``end_date`` to the last day.
* Months (``januari 2013``, ``in november a.s.``) → ``date`` = 1st, ``end_date`` = last day.
* Years (``in 2014``) → ``year`` only; a bare number like 2017 is a year only after a cue word
  (in, sinds, vanaf, tot, …) or when :func:`parse_date` is given just the year. Spans
  (``2014–2019``, ``van 2014 tot 2019``, ``tussen 2014 en 2019``, ``van 1 tot en met 15 januari
  2019``) → ``date`` .. ``end_date``; ``end_date`` is the end as written and ``inclusive_end`` says
  whether it is included (``2014–2019`` ends 31 December 2019, included; ``van 2014 tot 2019``
  ends at 1 January 2019, not included).
* ``tot en met``/``t/m`` before a day, part, month or year is included in the span and sets
  ``inclusive_end``; plain ``tot`` is not part of the span.
* Durations (``vijftien maanden``, ``twee jaar``, ``anderhalf jaar``) → ``months``.
* Numeric dates are day-first (``11-04-2013``, ``11/4/2013``, ``11.04.2013``) or ISO (``2013-04-11``).
* Day lists (``op 23, 24 maart en 1 april``, ``op 30 en 31 maart``) give one mention per day.

``year`` is set on every resolved mention (the year of ``date``, or the start year of a span).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sahelkg.extract.model import DateMention, Normalised, Parsed
from sahelkg.extract.numbers import (
    NUMBER_WORD,
    AnchorWords,
    Openers,
    anchored_finditer,
    folded,
    hits_by_span,
    is_letter,
    lowercase_twin,
    word_number,
)

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "febr": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_FULL = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_MONTH = rf"(?:{_MONTH_FULL}|(?:jan|febr|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_PAST = r"(?:jl\.?|j\.l\.|jongstleden|l\.l\.|ll\.)"
_NEXT = r"(?:a\.s\.?|aanstaande|as\.)"
_REL = rf"(?:{_PAST}|{_NEXT})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:e|ste|de)?"
_PART_WORD = r"(?:begin|eind|einde|medio|half|halverwege|midden|ultimo|primo)"
_PERIOD = (
    r"(?:(?:het\s+|de\s+|in\s+het\s+|in\s+de\s+)?(?P<ord>eerste|tweede|derde|vierde|1e|2e|3e|4e)\s+"
    r"(?P<period>kwartaal|helft|halfjaar|jaarhelft)\s+(?:van\s+)?)"
)
_SEASON = r"(?:(?P<season>voorjaar|zomer|najaar|winter|lente|herfst)(?:\s+van)?\s+)"
_INCL = r"(?P<incl>tot\s+en\s+met|t/m|t\.m\.)"
_DURATION_UNIT = r"(?P<dunit>maanden|maand|jaar|jaren|kalenderjaar)"
# compiled once (re.* with a string looks its pattern up in re's cache on every call)
_DIGITS_RX = re.compile(r"\d+")
_DAY_RX = re.compile(_DAY)
_PAST_RX = re.compile(_PAST)
_NEXT_RX = re.compile(_NEXT)
_EEN_HALF = re.compile(r"een\s+half")

_CANDIDATE = re.compile(
    rf"""(?<![\w/.-])(?:{_INCL}\s+)?(?:
      (?P<nd>[12]\d|3[01]|0?[1-9])(?P<nsep>[-/.])(?P<nm>1[0-2]|0?[1-9])(?P=nsep)(?P<ny>{_YEAR})(?![\w/-]|\.\d)
    | (?P<iy>{_YEAR})-(?P<im>1[0-2]|0[1-9])-(?P<id>[12]\d|3[01]|0[1-9])(?![\w/-]|\.\d)
    | (?:van\s+|tussen\s+)?(?P<sd1>{_DAY})(?:\s+(?P<sm1>{_MONTH}))?(?:\s+(?P<sy1>{_YEAR}))?
          \s*(?:–|—|-|\s(?:tot\s+en\s+met|t/m|tot)\s)\s*
          (?P<sd2>{_DAY})\s+(?P<sm2>{_MONTH})(?:\s+(?P<sy2>{_YEAR}))?(?![\w-])
    | (?:van\s+|tussen\s+)?(?P<y1>{_YEAR})\s*(?:–|—|-|/|\s(?P<yincl>tot\s+en\s+met|t/m)\s|\s(?:tot|en)\s)\s*(?P<y2>{_YEAR}|\d\d)(?![\w/-]|\.\d)
    | (?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<days>{_DAY}(?:(?:,\s*|\s+en\s+){_DAY})*)\s+(?P<m>{_MONTH})(?:\s+(?P<y>{_YEAR}))?(?![\w-])(?:\s+(?P<rel>{_REL}))?
    | (?:{_PERIOD}|{_SEASON})(?P<py>{_YEAR})(?![\w-])
    | (?P<part>{_PART_WORD})[\s-]+(?:(?P<pm>{_MONTH})(?:\s+(?P<pmy>{_YEAR}))?(?:\s+(?P<prel>{_REL}))?|(?P<pyear>{_YEAR}))(?![\w-])
    | (?P<mo>{_MONTH_FULL})\s+(?:(?P<moy>{_YEAR})|(?P<morel>{_REL}))(?![\w-])
    | (?P<mcue>afgelopen|vorige|komende|volgende|aanstaande|in|sinds|vanaf|per|tot|eind|begin|medio|na|voor)\s+(?P<mo2>{_MONTH_FULL})(?![\w-])(?!\s+(?:{_YEAR}|{_REL}))
    | (?:(?P<ycue>in|sinds|vanaf|tot|na|voor|per|uit|van|jaar|sedert|begin|eind|medio|het\s+jaar|najaar|voorjaar|zomer)\s+)?(?P<year>{_YEAR})(?![\w/-]|\.\d|,\d)(?!\s*(?:–|—|-|/)\s*\d|\s+(?:tot|t/m|en)\s+{_YEAR})
    | (?P<num>\d{{1,3}}|{NUMBER_WORD}|anderhalf|een\s+half)\s+{_DURATION_UNIT}(?![\w-])
    )""",
    re.I | re.X,
)
_CANDIDATE_LOWER = lowercase_twin(_CANDIDATE)  # the same matches in folded (lower-cased) text, faster
# every date mention contains a digit, a month name or a duration unit
_ANCHOR = re.compile(rf"\d+|(?<!\w)(?:{_MONTH_FULL}|jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|maand|maanden|jaar|jaren|kalenderjaar)(?!\w)", re.I)
# the same spans over lower-case text ("\d+|(?<![^\W\d_])(?:jan|…)"), found faster (numbers.AnchorWords)
_ANCHOR_LOWER = AnchorWords("jan|feb|maart|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec|maand|jaar|jaren|kalenderjaar"
                            .split("|"), glued=is_letter)
# The ASCII words a candidate can begin with ("tot en met", "t/m", "van"/"tussen", a weekday, a period,
# season or part word, a month, a cue word, a number word); anchored_finditer counts a word start with
# any other word as tried without running _CANDIDATE there (it cannot match)
_OPENERS = Openers(
    ["tot", "t", "van", "tussen", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
     "het", "de", "in", "eerste", "tweede", "derde", "vierde",
     "voorjaar", "zomer", "najaar", "winter", "lente", "herfst",
     "begin", "eind", "einde", "medio", "half", "halverwege", "midden", "ultimo", "primo",
     *MONTHS, "afgelopen", "vorige", "komende", "volgende", "aanstaande", "sinds", "vanaf", "per", "na", "voor",
     "uit", "jaar", "sedert", "anderhalf", "een"],
    re.compile(NUMBER_WORD),
)
# The words that can come before the first anchor (digits, a month, a duration unit) inside a
# candidate, and the separators between them besides whitespace ("t/m", "t.m.", "maandag,", "medio-")
_LEAD = Openers(
    ["tot", "en", "met", "t", "m", "van", "tussen", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
     "zaterdag", "zondag", "het", "de", "in", "eerste", "tweede", "derde", "vierde", "kwartaal", "helft", "halfjaar",
     "jaarhelft", "voorjaar", "zomer", "najaar", "winter", "lente", "herfst",
     "begin", "eind", "einde", "medio", "half", "halverwege", "midden", "ultimo", "primo",
     "afgelopen", "vorige", "komende", "volgende", "aanstaande", "sinds", "vanaf", "per", "na", "voor",
     "uit", "jaar", "sedert", "anderhalf", "een"],
    re.compile(NUMBER_WORD),
)
_LEAD_SEPS = ",/.-"

_DATE_LINE = re.compile(
    rf"(?:Den Haag|'s-Gravenhage|Brussel|Bamako|Datum)\s*[,:]?\s+(\d{{1,2}}\s+{_MONTH}\s+{_YEAR})", re.I
)
_RECEIVED = re.compile(rf"\(\s*ontvangen\s+(\d{{1,2}}\s+{_MONTH}\s+{_YEAR})\s*\)", re.I)
_SENT = re.compile(rf"\(\s*ingezonden\s+(\d{{1,2}}\s+{_MONTH}\s+{_YEAR})\s*\)", re.I)
_ANY_DATE = re.compile(rf"\b(\d{{1,2}}\s+{_MONTH}\s+{_YEAR})\b", re.I)
# A page's own publication line: "Nieuwsbericht | 12-06-2020 | 14:30", "Publicatiedatum: 3 mei 2021",
# "Vastgesteld 20 juli 2023", "Gepubliceerd op 12-06-2020" (day-month-year with - . or /).
_PUBLISHED = re.compile(
    rf"\b(?:Nieuwsbericht|Persbericht|Nieuwsitem|Toespraak|Publicatie(?:datum)?|Gepubliceerd(?:\s+op)?|"
    rf"Verschenen(?:\s+op)?|Vastgesteld|Datum(?:\s+publicatie)?)\s*[|:,]?\s*"
    rf"(?:(?P<num>(?P<d>\d{{1,2}})[-./](?P<m>\d{{1,2}})[-./](?P<y>{_YEAR}))|(?P<text>\d{{1,2}}\s+{_MONTH}\s+{_YEAR}))\b",
    re.I)
# A date right after one of these is a term or deadline in the text, not the paper's own date.
_NOT_OWN_DATE_BEFORE = re.compile(r"\b(?:tot(?:\s+en\s+met)?|t/m|uiterlijk|vanaf|sinds|per)\s+$", re.I)


def _dmy(day: int, month: int, year: int) -> dt.date | None:
    """The date of a day, month and year already read from the text; None for impossible dates
    (31 februari, day 0, month 13).

    The candidate pattern has done the reading, so what is left is a calendar check: the same
    answer as dateparser on the canonical "D maand YYYY" (``languages=["nl"]``, ``DATE_ORDER="DMY"``,
    strict; checked for every day 1–31, month 1–12 and year 1800–2099; ``tests/extract/test_dates.py``
    compares them) at a thousandth of the cost.
    """
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(s: str) -> int:
    return int(_DIGITS_RX.match(s).group())


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _resolve_day(day: int, month: int, rel: str | None, letter_date: dt.date | None) -> dt.date | None:
    """A day and month without a year: jl. → last on/before the letter date, a.s. → next on/after,
    otherwise the nearest occurrence."""
    if letter_date is None:
        return None
    cands = [d for y in (letter_date.year - 1, letter_date.year, letter_date.year + 1) if (d := _dmy(day, month, y))]
    if not cands:
        return None
    kind = _rel_kind(rel)
    if kind == "past":
        past = [d for d in cands if d <= letter_date]
        return max(past) if past else None
    if kind == "next":
        nxt = [d for d in cands if d >= letter_date]
        return min(nxt) if nxt else None
    return min(cands, key=lambda d: (abs((d - letter_date).days), d))


def _resolve_month(month: int, rel: str | None, letter_date: dt.date | None) -> int | None:
    """The year of a month named without one (same rules as :func:`_resolve_day`, by month)."""
    if letter_date is None:
        return None
    kind = _rel_kind(rel)
    here = letter_date.year * 12 + letter_date.month - 1
    cands = [y * 12 + month - 1 for y in (letter_date.year - 1, letter_date.year, letter_date.year + 1)]
    if kind == "past":
        c = max(x for x in cands if x <= here)
    elif kind == "next":
        c = min(x for x in cands if x >= here)
    else:
        c = min(cands, key=lambda x: (abs(x - here), x))
    return c // 12


def _rel_kind(rel: str | None) -> str | None:
    if not rel:
        return None
    r = rel.lower()
    if _PAST_RX.fullmatch(r) or r in ("afgelopen", "vorige"):
        return "past"
    if _NEXT_RX.fullmatch(r) or r in ("komende", "volgende", "aanstaande"):
        return "next"
    return None


def dates_in(text: str, letter_date: dt.date | None, start: int = 0, end: int | None = None, hits=None,
             low: str | None = None) -> list[DateMention]:
    """Date mentions in ``text[start:end]`` (offsets into ``text``), resolved against ``letter_date``.
    ``low``: ``numbers.folded(text)``, when the caller has it (the pattern then runs on it)."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    for m in anchored_finditer(_CANDIDATE if low is None else _CANDIDATE_LOWER, _ANCHOR, text, start, end, back=48,
                               ahead=64, hits=hits, openers=_OPENERS, lead=_LEAD, seps=_LEAD_SEPS, folded_text=low):
        out.extend(_mentions(text, m, letter_date))
    return out


def _mentions(text: str, m: re.Match, ld: dt.date | None) -> list[DateMention]:
    """The mentions of one candidate. ``m`` may be a match over the lower-cased text (same spans): its
    groups are read only where case does not matter, the rest is read from ``text``."""
    g = m.group
    incl = bool(g("incl"))
    s0, e0 = m.start(), m.end()
    if g("nd") or g("iy"):  # numeric dates: 11-04-2013, 11/4/2013, 11.04.2013, 2013-04-11
        d = _dmy(int(g("nd")), int(g("nm")), int(g("ny"))) if g("nd") else _dmy(int(g("id")), int(g("im")), int(g("iy")))
        if d is None:
            return []
        return [DateMention(s0, e0, "day", d, None, year=d.year, inclusive_end=incl)]
    if g("sd1"):  # day span: "van 1 tot en met 15 januari 2019", "1-15 januari"
        m2, y2 = _month(g("sm2")), int(g("sy2")) if g("sy2") else None
        m1 = _month(g("sm1")) if g("sm1") else m2
        y1 = int(g("sy1")) if g("sy1") else y2
        if y2 is None:
            y2 = _resolve_month(m2, None, ld)
            y1 = y1 or y2
        if y1 is None or y2 is None:
            return []
        d1, d2 = _dmy(_day(g("sd1")), m1, y1), _dmy(_day(g("sd2")), m2, y2)
        if not d1 or not d2 or d2 < d1:
            return []
        sep = text[m.end("sd1") : m.start("sd2")]
        return [DateMention(s0, e0, "span", d1, d2, year=d1.year, inclusive_end="met" in sep or "/m" in sep or "-" in sep or "–" in sep)]
    if g("y1"):  # "2014–2019", "van 2014 tot 2019", "2016/17"
        y1, y2s = int(g("y1")), g("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 <= y1 or y2 - y1 > 50:
            return []
        sep = text[m.end("y1") : m.start("y2")]
        inclusive = bool(g("yincl")) or sep.strip() in ("–", "—", "-", "/", "en")
        # "van 2014 tot 2019": 2019 itself is not included, so the span ends where 2019 begins
        last = dt.date(y2, 12, 31) if inclusive else dt.date(y2, 1, 1)
        return [DateMention(s0, e0, "span", dt.date(y1, 1, 1), last, year=y1, inclusive_end=inclusive)]
    if g("days"):
        return _day_mentions(text, m, ld, incl)
    if g("py"):  # quarters, halves, seasons
        y = int(g("py"))
        d1, d2 = _period(g("ord"), g("period"), g("season"), y)
        if d1 is None:
            return []
        return [DateMention(s0, e0, "part", d1, d2, year=y, inclusive_end=incl)]
    if g("part"):
        part = g("part").lower()
        if g("pyear"):
            y = int(g("pyear"))
            d = _part_of_year(part, y)
        else:
            mo = _month(g("pm"))
            y = int(g("pmy")) if g("pmy") else _resolve_month(mo, g("prel"), ld)
            d = _part_of_month(part, mo, y) if y else None
        return [DateMention(s0, e0, "part", d, None, year=y if d else None, inclusive_end=incl)]
    if g("mo"):
        mo = _month(g("mo"))
        y = int(g("moy")) if g("moy") else _resolve_month(mo, g("morel"), ld)
        return [_month_mention(s0, e0, mo, y, incl)]
    if g("mo2"):
        cue = g("mcue").lower()
        mo = _month(g("mo2"))
        rel = cue if cue in ("afgelopen", "vorige", "komende", "volgende", "aanstaande") else None
        if cue in ("eind", "begin", "medio"):
            y = _resolve_month(mo, None, ld)
            d = _part_of_month(cue, mo, y) if y else None
            return [DateMention(s0, e0, "part", d, None, year=y if d else None, inclusive_end=incl)]
        y = _resolve_month(mo, rel, ld)
        # the cue word is part of the span only when it says which occurrence ("afgelopen juli")
        s = s0 if rel or incl else m.start("mo2")
        return [_month_mention(s, e0, mo, y, incl)]
    if g("year"):
        if not g("ycue") and not incl:
            return []  # a bare number like 2017 may be a year, a count or a name ("de 2017 UN …")
        cue = (g("ycue") or "").lower()
        y = int(g("year"))
        if cue in ("eind", "begin", "medio"):
            return [DateMention(s0, e0, "part", _part_of_year(cue, y), None, year=y, inclusive_end=incl)]
        s = s0 if incl else m.start("year")
        return [DateMention(s, e0, "year", None, None, year=y, inclusive_end=incl)]
    if g("num"):
        n = g("num").lower()
        unit = g("dunit").lower()
        if n == "anderhalf":
            months = 18 if unit.startswith(("jaar", "kalender")) else None
            if months is None:
                return []
        elif _EEN_HALF.fullmatch(n):
            months = 6 if unit.startswith("jaar") else None
            if months is None:
                return []
        else:
            v = int(n) if n.isdigit() else word_number(n)
            if v is None or (n in ("een", "één") and unit in ("jaar", "maand") and False):
                return []
            months = v * 12 if unit.startswith(("jaar", "kalender")) else v
        if incl:
            s0 = m.start("num")
        return [DateMention(s0, e0, "duration", months=months)]
    return []


def _month_mention(s: int, e: int, mo: int, y: int | None, incl: bool) -> DateMention:
    if y is None:
        return DateMention(s, e, "month", None, None, inclusive_end=incl)
    return DateMention(s, e, "month", dt.date(y, mo, 1), _last_day(y, mo), year=y, inclusive_end=incl)


def _day_mentions(text: str, m: re.Match, ld: dt.date | None, incl: bool) -> list[DateMention]:
    """"11 april 2013", "maandag 21 februari a.s.", and lists "23, 24 maart en 1 april"."""
    mo = _month(m.group("m"))
    y = int(m.group("y")) if m.group("y") else None
    rel = m.group("rel")
    out = []
    # the days read in place (offsets into the text) and in the text's own case (_DAY_RX is case-sensitive)
    days = list(_DAY_RX.finditer(text, m.start("days"), m.end("days")))
    for i, dm in enumerate(days):
        day = _day(dm.group())
        if y is not None:
            d = _dmy(day, mo, y)
        else:
            d = _resolve_day(day, mo, rel, ld)
        if i == len(days) - 1:
            s = (m.start("incl") if incl else m.start("wd") if m.group("wd") else dm.start()) if len(days) == 1 else dm.start()
            e = m.end()
        else:
            s, e = dm.start(), dm.end()
        if d is None and y is not None:
            continue  # impossible date (31 februari)
        out.append(DateMention(s, e, "day", d, None, year=d.year if d else None, inclusive_end=incl and i == len(days) - 1))
    return out


def _part_of_month(part: str, mo: int, y: int) -> dt.date:
    if part in ("begin", "primo"):
        return dt.date(y, mo, 1)
    if part in ("medio", "half", "halverwege", "midden"):
        return dt.date(y, mo, 15)
    return _last_day(y, mo)  # eind, einde, ultimo


def _part_of_year(part: str, y: int) -> dt.date:
    if part in ("begin", "primo"):
        return dt.date(y, 1, 1)
    if part in ("medio", "half", "halverwege", "midden"):
        return dt.date(y, 7, 1)
    return dt.date(y, 12, 31)


_ORD = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4}
_SEASONS = {"voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8), "najaar": (9, 11), "herfst": (9, 11)}


def _period(ordinal: str | None, period: str | None, season: str | None, y: int) -> tuple[dt.date | None, dt.date | None]:
    if season:
        s = season.lower()
        if s == "winter":
            return dt.date(y, 1, 1), _last_day(y, 2)
        a, b = _SEASONS[s]
        return dt.date(y, a, 1), _last_day(y, b)
    n = _ORD.get((ordinal or "").lower())
    if n is None:
        return None, None
    if period.lower() == "kwartaal":
        if n > 4:
            return None, None
        return dt.date(y, 3 * n - 2, 1), _last_day(y, 3 * n)
    if n > 2:
        return None, None
    return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if n == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))


def find_dates(parsed: Parsed, letter_date: dt.date | None) -> tuple[DateMention, ...]:
    """Every date mention in the running text (offsets into it), sentence by sentence."""
    text = parsed.text
    out: list[DateMention] = []
    spans = [(s.start, s.end) for s in parsed.sentences]
    low = folded(text)
    for (s, e), hits in zip(spans, hits_by_span(_ANCHOR, text, spans, _ANCHOR_LOWER)):
        if hits:
            out.extend(dates_in(text, letter_date, s, e, hits, low))
    return tuple(out)


def parse_date(text: str, letter_date: dt.date | None = None) -> DateMention | None:
    """The first date mention in a phrase (offsets into ``text``): ``parse_date("op 29 juni jl.",
    date(2017, 9, 11))`` → DateMention(granularity="day", date=2017-06-29)."""
    found = dates_in(text, letter_date)
    if not found:
        m = _BARE_YEAR.fullmatch(text)
        if m:  # a phrase that is only a year ("2014"): the caller has cut it out as a date
            y = int(m.group(1))
            return DateMention(m.start(1), m.end(1), "year", None, None, year=y)
    return found[0] if found else None


_BARE_YEAR = re.compile(rf"\s*({_YEAR})\s*")


def publication_date(text: str) -> tuple[dt.date, int, int] | None:
    """A page's publication line in ``text`` ("Nieuwsbericht | 12-06-2020", "Vastgesteld 20 juli
    2023"): the date and the offsets of its digits in ``text``; None when there is none."""
    for m in _PUBLISHED.finditer(text):
        if m.group("num"):
            d = _dmy(int(m.group("d")), int(m.group("m")), int(m.group("y"))) if 1 <= int(m.group("m")) <= 12 else None
            if d:
                return d, m.start("num"), m.end("num")
        elif (d := _full(m.group("text"))):
            return d, m.start("text"), m.end("text")
    return None


def letter_date_from_text(text: str) -> dt.date | None:
    """The letter's own date from its text: the "(ontvangen 30 juni 2014)" of answers to questions,
    else the "Den Haag, 11 april 2013" line, else "(ingezonden …)", else a publication line
    ("Nieuwsbericht | 12-06-2020"), else the first full date in the letter's opening (first 3,000
    characters) that is not a term in the text ("tot 31 mei 2021", "vanaf 1 januari")."""
    head = text[:20_000]
    for rx in (_RECEIVED, _DATE_LINE, _SENT):
        m = rx.search(head)
        if m:
            d = _full(m.group(1))
            if d:
                return d
    pub = publication_date(text[:3000])
    if pub:
        return pub[0]
    opening = re.sub(r"\s+", " ", text[:3000])
    for m in _ANY_DATE.finditer(opening):
        if not _NOT_OWN_DATE_BEFORE.search(opening[max(0, m.start() - 12):m.start()]):
            return _full(m.group(1))
    return None


def _full(s: str) -> dt.date | None:
    m = re.match(rf"(\d{{1,2}})\s+({_MONTH})\s+({_YEAR})", s.strip(), re.I)
    if not m:
        return None
    return _dmy(int(m.group(1)), _month(m.group(2)), int(m.group(3)))


def find_letter_date(normalised: Normalised) -> dt.date | None:
    """The letter's own date from its running text (and asides: a date may sit in a header)."""
    d = letter_date_from_text(normalised.text)
    if d is None and normalised.asides:
        d = letter_date_from_text("\n".join(a.text for a in normalised.asides))
    return d
