"""Step 5a: quantities — counts of people, sums of money, percentages, other counted things.

A :class:`Quantity` span runs from its qualifier (``ongeveer``) or currency sign to the counted noun
when the noun follows directly (``ongeveer 450 militairen``), else to the end of the number, scale
word or currency (``€ 3 miljoen``, ``3 mln EUR``).

Units: ``"persons"`` for nouns that count people (personen, militairen, troepen, agenten, trainers,
VN-militairen, vluchtelingen, …; compounds ending in one of them count too), a currency code for
money (``€``/``euro``/``EUR`` → EUR, ``$``/``US$``/``dollar``/``USD`` → USD, ``pond``/``£`` → GBP,
``CFA``/``FCFA`` → XOF), ``"percent"`` for ``procent``/``%``, else None (``noun`` still says what
was counted: ``tien vluchten``).

Quantifiers: ``maximaal``, ``ten hoogste``, ``hoogstens``, ``tot (een maximum van)``,
``niet meer dan``, ``minder dan``, ``bijna`` → AtMost; ``ongeveer``, ``circa``, ``ca.``, ``zo'n``,
``rond``, ``omstreeks``, ``naar schatting``, ``een …tal`` → Approximately; ``minstens``,
``ten minste``, ``minimaal``, ``meer dan``, ``ruim`` (a bit more than) → AtLeast.

Not quantities: years and days of dates (``in 2014``, ``11 april``), reference numbers
(``nr. 207``, ``resolutie 2364``, ``artikel 100``, ``Kamerstuk 29 521``), identifiers (``C-130``,
``G5``, ``100-brief``), clock times, ordinals, and ``een`` unless it counts people
(``een persoon``, ``een Burkinabé`` in a list of counted soldiers).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from sahelkg.extract.model import Parsed, Quantifier, Quantity
from sahelkg.extract.numbers import (
    DIGITS,
    AnchorWords,
    Openers,
    anchored_finditer,
    folded,
    hits_by_span,
    lowercase_twin,
    NUMBER_WORD,
    SCALE,
    digits_value,
    integral,
    scale_value,
    word_number,
)

_QUALIFIERS: list[tuple[str, Quantifier]] = [
    (r"tot een maximum van", "AtMost"),
    (r"met een maximum van", "AtMost"),
    (r"een maximum van", "AtMost"),
    (r"maximaal", "AtMost"),
    (r"maximum", "AtMost"),
    (r"ten hoogste", "AtMost"),
    (r"hoogstens", "AtMost"),
    (r"niet meer dan", "AtMost"),
    (r"minder dan", "AtMost"),
    (r"tot maximaal", "AtMost"),
    (r"bijna", "AtMost"),
    (r"nagenoeg", "AtMost"),
    (r"tot", "AtMost"),
    (r"ongeveer", "Approximately"),
    (r"circa", "Approximately"),
    (r"ca\.", "Approximately"),
    (r"zo['’]n", "Approximately"),
    (r"rond(?:om)?", "Approximately"),
    (r"omstreeks", "Approximately"),
    (r"naar schatting", "Approximately"),
    (r"ongeveer zo['’]n", "Approximately"),
    (r"grofweg", "Approximately"),
    (r"ten minste", "AtLeast"),
    (r"tenminste", "AtLeast"),
    (r"minstens", "AtLeast"),
    (r"minimaal", "AtLeast"),
    (r"meer dan", "AtLeast"),
    (r"ruim", "AtLeast"),
    (r"bijna", "AtMost"),
]
_QUAL_RE = "|".join(sorted({q for q, _ in _QUALIFIERS}, key=len, reverse=True))
_QUAL_KIND = {}
for _q, _k in _QUALIFIERS:
    _QUAL_KIND.setdefault(_q, _k)

_CUR_PRE = r"€|EUR|USD|US\$|\$|£|GBP|FCFA|CFA|XOF|CHF"
_CUR_POST = (
    r"euro(?:['’]s)?|EUR|USD|US-dollar|Amerikaanse dollars?|dollars?|pond|GBP|FCFA|CFA-franc|CFA|XOF|"
    r"Zwitserse frank|CHF|procent|%"
)
_CURRENCY = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euro's": "EUR", "euro’s": "EUR",
    "usd": "USD", "us$": "USD", "$": "USD", "dollar": "USD", "dollars": "USD", "us-dollar": "USD",
    "amerikaanse dollar": "USD", "amerikaanse dollars": "USD",
    "£": "GBP", "gbp": "GBP", "pond": "GBP",
    "fcfa": "XOF", "cfa": "XOF", "xof": "XOF", "cfa-franc": "XOF",
    "chf": "CHF", "zwitserse frank": "CHF",
    "procent": "percent", "%": "percent",
}

_NUM = rf"(?P<digits>{DIGITS}|\d+\.\d{{1,2}}(?=\s*{SCALE}))|(?P<approx>{NUMBER_WORD})tal|(?P<words>{NUMBER_WORD}|anderhalf)"
# every quantity contains a digit, a currency sign or a number word
_ANCHOR_WORDS = [
    "een", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien",
    "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig", "dertig", "veertig", "vijftig",
    "zestig", "zeventig", "tachtig", "negentig", "honderd", "duizend", "anderhalf",
]
_ANCHOR = re.compile(r"\d+|[€$£]|(?<![\w-])(?:" + "|".join(_ANCHOR_WORDS) + ")", re.I)
# the same spans over lower-case text: digits and currency signs ("\d+|[€$£]"), and the words
# (not after a word character or a hyphen), found with str.find (numbers.AnchorWords)
_ANCHOR_LOWER = AnchorWords(_ANCHOR_WORDS, lambda c: c.isalnum() or c == "_" or c == "-", signs="€$£")
_QUANTITY = re.compile(
    rf"(?<![\w.,/-])"
    rf"(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:(?P<een>een|één)\s+(?=\w+tal\b))?"
    rf"(?:(?P<cur_pre>{_CUR_PRE})\s?)?"
    rf"(?:{_NUM})"
    rf"(?![\w]|[.,]\d|-\w|/\d)"
    rf"(?:\s?(?P<scale>{SCALE})(?!\w))?"
    rf"(?:\s?(?P<cur_post>{_CUR_POST})(?![\w-])(?!\s?[\d€$£]))?",  # "2018 EUR 4,25 mln": EUR is the next one's
    re.I,
)

_QUANTITY_LOWER = lowercase_twin(_QUANTITY)  # the same matches in folded (lower-cased) text, faster

# The ASCII words a quantity can begin with: a qualifier's first word, "een" (een …tal), a currency
# code, a number word (with "tal"); anchored_finditer counts a word start with any other word as tried
# without running _QUANTITY there (it cannot match)
_OPENERS = Openers(
    {re.findall(r"[a-z]+", form)[0] for q, _ in _QUALIFIERS for form in (q.replace("(?:om)?", ""), q.replace("(?:om)?", "om"))}
    | {"een", "eur", "usd", "us", "gbp", "fcfa", "cfa", "xof", "chf", "anderhalf"},
    re.compile(rf"(?:{NUMBER_WORD})(?:tal)?"),
)
# The words that can come before the first anchor inside a quantity (every word of a qualifier,
# "een", currency codes, number words), and the separators between them besides whitespace
_LEAD = Openers(
    {w for q, _ in _QUALIFIERS for form in (q, q.replace("(?:om)?", "om"))
     for w in re.findall(r"[a-z]+", form.replace("(?:om)?", "").replace("['’]", "'"))}
    | {"een", "eur", "usd", "us", "gbp", "fcfa", "cfa", "xof", "chf", "anderhalf"},
    re.compile(rf"(?:{NUMBER_WORD})(?:tal)?"),
)
_LEAD_SEPS = ".'’"

_PERSON_NOUNS = (
    "personen|persoon|marechaussees|marechaussee|militairen|militair|manschappen|agenten|agent|politieagenten|politiefunctionarissen|"
    "functionarissen|trainers|instructeurs|troepen|soldaten|stafofficieren|officieren|officier|adviseurs|"
    "adviseur|experts|deskundigen|medewerkers|mensen|burgers|strijders|rebellen|jihadisten|terroristen|"
    "slachtoffers|doden|gewonden|vluchtelingen|ontheemden|waarnemers|mariniers|commando['’]s|leden|"
    "personeelsleden|gendarmes|peacekeepers|blauwhelmen|vrouwen|kinderen|jongeren|verdachten|"
    "gevangenen|gijzelaars|inwoners|mannen|burgerdoden|vliegers|piloten|vredeshandhavers|politiemensen|"
    "rekruten|cadetten|studenten|deelnemers|vrijwilligers|specialisten|planners|liaisonofficieren|"
    "ambtenaren|diplomaten|functionaris|manschap|militairen|officers|officer|police officers|troops|"
    "personnel|Malinezen|Nigerezen|Burkinezen|Senegalezen|Fransen|Nederlanders|Duitsers|Belgen|Tsjadiërs|"
    "Mauritaniërs|Amerikanen|Russen|Britten|Canadezen|Denen|Noren|Esten|Ieren|Italianen|Spanjaarden"
)
_PERSON_SET = frozenset(w.replace("['’]", "'").lower() for w in _PERSON_NOUNS.split("|"))


class _PersonNoun:
    """``match(word)``: does ``word`` count people? Exact nouns, and compounds ending in one
    (``VN-militairen``, ``grondtroepen``, ``politiefunctionarissen``); case-insensitive."""

    @staticmethod
    @lru_cache(maxsize=65536)
    def match(word: str) -> bool:
        w = word.lower().replace("’", "'")
        if w in _PERSON_SET:
            return True
        if len(w) > 40:
            return False
        return any(w[i:] in _PERSON_SET for i in range(1, len(w) - 3))


_PERSON_RE = _PersonNoun()
_MODIFIER = re.compile(
    r"^(?:extra|nieuwe?|andere|overige|Nederlandse|[A-ZÀ-Þ][\w'’-]*(?:se|sche|ische|ese|aanse|ense|e)|"
    r"[a-zà-þ][\w'’-]*e|[A-ZÀ-Þ][\w'’-]+)$"
)
_STOP_NOUN = frozenset(
    "van de het een en of tot in op aan voor met bij uit door over naar als om dat die dit deze zijn is was "
    "wordt worden werd zal zullen heeft hebben had per tot". split()
)
_MONTH = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|febr|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_REF_WORDS = frozenset(
    """nr nrs nummer nummers resolutie resoluties artikel artikelen art kamerstuk kamerstukken hoofdstuk vraag
    vragen antwoord antwoorden hoofdtaak taak doelstelling stap scenario module ronde bijlage bijlagen pagina
    pagina's blz p par lid sub onderdeel versie fase niveau categorie punt regel protocol tabel figuur week dag
    jaar res s/res motie amendement voetnoot vergaderjaar kamp sectie sector telefoon flintlock g nh c""".split()
) | frozenset(_MONTH.split("|"))
_YEAR_CUES = frozenset("in sinds vanaf tot na voor per eind begin medio jaar uit van t/m najaar voorjaar".split())
_HAS_DIGIT = re.compile(r"\d")
_DATE_AFTER = re.compile(rf"^\s*(?:(?:{_MONTH})\b|(?:en|,)\s+\d{{1,2}}\s+(?:{_MONTH})\b)", re.I)
_REF_LIST_BEFORE = re.compile(
    r"\b(?:[Vv]raag|[Vv]ragen|[Aa]ntwoord(?:en)?|nrs?\.?|[Rr]esoluties?|[Aa]rtikel(?:en)?|[Bb]ijlagen?)\s+\d+[a-z]?"
    r"(?:\s*(?:,|en|t/m|tot en met|[–-])\s*\d+[a-z]?)*\s*(?:,|en|t/m|tot en met|[–-])\s*$"
)
_EEN_FORMS = frozenset(("een", "één", "Een", "Één", "EEN"))
_EEN = re.compile(r"\b(?:een|één)\b", re.I)
_DOSSIER_TAIL = re.compile(r"(?<![\d.,])\d{2} $")
_YEARLIKE = re.compile(r"(?:1[89]|20)\d\d")
_ENUM_AFTER = re.compile(r"[.)]\s")
_TIME_OR_ORDINAL = re.compile(r"\s*(?:uur|u\.|h\b|e\b|ste\b|de\b)")
_GLUED = re.compile(r"[A-Za-z]-?\s?$")
_FIRST_WORD = re.compile(r"\s+([\w'’-]+)")
_QUAL_LOOKUP: dict[str, Quantifier] = {}
for _q, _k in _QUALIFIERS:
    for _form in {_q.replace("\\", "").replace("['’]", "'"), _q.replace("\\", "").replace("['’]", "'").replace("rond(?:om)?", "rond")}:
        _QUAL_LOOKUP.setdefault(_form, _k)
_QUAL_LOOKUP.setdefault("rondom", "Approximately")


def _person_follows(after: str) -> bool:
    m = _FIRST_WORD.match(after)
    return bool(m and _PERSON_RE.match(m.group(1)))


_VERB_AFTER = re.compile(r"\s+(?:het|de|dit|dat|deze|zij|hij|ik|wij|we|men|u|uw|hem|haar|ze|zich|hun)\b", re.I)
_DOSSIER = re.compile(r"^\d{2} \d{3}(?:-[\dA-Z]+)?\b")


def quantities_in(text: str, start: int = 0, end: int | None = None, hits=None, low: str | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]``, offsets into ``text`` (one sentence or phrase at a time:
    lists sharing a noun, ``40 Tsjadische, vijf Franse … militairen``, are resolved inside it).
    ``low``: ``numbers.folded(text)``, when the caller has it (the pattern then runs on it)."""
    end = len(text) if end is None else end
    found: list[Quantity] = []
    pending: list[Quantity] = []  # "40 Tsjadische," waiting for the noun of the list
    for m in anchored_finditer(_QUANTITY if low is None else _QUANTITY_LOWER, _ANCHOR, text, start, end, back=40,
                               ahead=60, hits=hits, openers=_OPENERS, lead=_LEAD, seps=_LEAD_SEPS, folded_text=low):
        q = _quantity(text, m, end, start)
        if q is None:
            continue
        q, shares = q
        if q.unit is None and q.noun is None and shares:
            pending.append(q)
            continue
        if pending and q.unit == "persons" and q.start - pending[-1].end < 120:
            for p in pending:
                found.append(Quantity(p.start, p.end, p.value, "persons", p.quantifier, q.noun))
            pending = []
        elif pending:
            found.extend(p for p in pending if not _is_een(text, p))
            pending = []
        found.append(q)
    found.extend(p for p in pending if not _is_een(text, p))
    found = [q for q in found if not (_is_een(text, q) and q.unit != "persons")]
    return _borrow_units(text, found)


_OF_THE = re.compile(r"\s+van\s+(?:de|het|die|deze)\s+(?:[\w'’-]+\s+){0,2}$")
_RANGE_WORD = re.compile(r"\s*(?:naar|tot|à|á|a|of|en|[-–])\s*")
_EXTRA = re.compile(r"\s*(?:extra|meer|aanvullende|additionele)\b", re.I)


def _borrow_units(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Bare numbers that share the unit of a neighbour in the same sentence:
    ``ruim 2.000 van de beloofde 3.500 troepen``, ``van 250 naar 300 militairen``,
    ``tussen 200 en 300 agenten`` (the next one's), and
    ``25 personen (50 extra vanaf de zomer)`` (the previous one's)."""
    out = list(qs)
    for i, q in enumerate(out):
        if q.unit is not None or (q.noun and q.noun.lower() not in ("extra", "meer")):
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        between = text[q.end : nxt.start] if nxt is not None else ""
        if nxt is not None and nxt.unit == "persons" and (_OF_THE.match(between) or _RANGE_WORD.fullmatch(between)):
            out[i] = Quantity(q.start, q.end, q.value, nxt.unit, q.quantifier, nxt.noun)
            continue
        prev = out[i - 1] if i > 0 else None
        if prev is not None and prev.unit == "persons" and q.start - prev.end < 12 and _EXTRA.match(text, _num_end(text, q)):
            out[i] = Quantity(q.start, q.end, q.value, prev.unit, q.quantifier, prev.noun)
    return out


def _num_end(text: str, q: Quantity) -> int:
    m = _NUM_AT.match(text, q.start)
    return m.end() if m else q.end


_NUM_AT = re.compile(r"[^\s\d]*\s*[\d.,]+|\S+")


def _is_een(text: str, q: Quantity) -> bool:
    return q.value == 1 and _EEN.search(text, q.start, q.end) is not None


def _quantity(text: str, m: re.Match, limit: int, first: int = 0) -> tuple[Quantity, bool] | None:
    """One regex match → (Quantity, shares-a-later-noun) or None when it is not a quantity.

    ``m`` may be a match over the lower-cased text (same spans): its groups are read only where case
    does not matter, the rest is read from ``text``.
    The tests that refuse a match are pure, so they run cheapest and commonest first (dates, years)."""
    s, e = m.start(), m.end()
    digits, approx, qual, cur_pre, cur_post, scale = m.group("digits", "approx", "qual", "cur_pre", "cur_post", "scale")
    num_s = m.start("digits") if digits else m.start("approx") if approx else m.start("words")
    cur = cur_pre or cur_post
    unit = _CURRENCY.get(cur.lower()) if cur else None
    if digits:
        raw = digits
        if not unit and not scale:  # the text around is read only here
            q0 = m.start("qual") if qual else num_s
            before = text[q0 - 40 if q0 > 40 else 0 : q0]
            de = m.end("digits")
            after = text[de : de + 40 if de + 40 < limit else limit]
            if _DATE_AFTER.match(after):
                return None  # the day of a date: "11 april"
            words = before.split()
            last = words[-1].lower().rstrip(".").replace("’", "'").rsplit("-", 1)[-1] if words and before[-1:].isspace() else ""
            if _YEARLIKE.fullmatch(raw) and (last in _YEAR_CUES or not _person_follows(after)):
                return None  # a year
            if last in _REF_WORDS or (last in ("i", "ii") and len(words) > 1 and words[-2].lower().startswith("kamerstuk")):
                return None  # a reference number: "nr. 207", "resolutie 2364", "artikel 100"
            if _HAS_DIGIT.search(before) and _REF_LIST_BEFORE.search(before):
                return None
            if _DOSSIER.match(text[num_s : num_s + 12]) or (len(raw) == 3 and _DOSSIER_TAIL.search(before)):
                return None  # a dossier number: "29 521"
            if _ENUM_AFTER.match(after) and not text[first:num_s].strip(" ("):
                return None  # an enumerator: "1. Politieke situatie"
            if _TIME_OR_ORDINAL.match(after):
                return None  # clock time or ordinal
            if before and not before.endswith(" ") and _GLUED.search(before):
                return None
        value = digits_value(raw)
        if value is None:
            return None
    quantifier: Quantifier = _qualifier(qual) if qual else "Exact"
    if approx:
        v = word_number(approx)
        if v is None:
            return None
        value, quantifier = Decimal(v), ("Approximately" if quantifier == "Exact" else quantifier)
    elif not digits:
        w = text[m.start("words") : m.end("words")]  # the text's own case: _EEN_FORMS tells "Een" from "EEn"
        if w.lower() == "anderhalf":
            if not scale:
                return None
            value = Decimal("1.5")
        else:
            if w in _EEN_FORMS and not (unit or scale):
                nxt = _FIRST_WORD.match(text, e)
                if not nxt or (nxt.group(1)[:1].islower() and not _PERSON_RE.match(nxt.group(1))):
                    return None  # "een bijdrage": the article (checked early: it is very common)
            v = word_number(w)
            if v is None:
                return None
            value = Decimal(v)
    if scale or (digits and not (raw.isdigit() and raw.isascii())):
        value = integral(value * scale_value(scale))
    # else: ASCII digits or a word's number, read as a Decimal of exponent 0, which integral() keeps as it is
    # the counted noun
    if unit is not None:
        noun, noun_end, shares = None, None, False  # money and percentages count no noun
    else:
        noun, noun_end, shares = _noun_after(text, e, limit)
    if unit is None and noun and _PERSON_RE.match(noun):
        unit = "persons"
    words = m.group("words")
    if words and words.lower() in ("een", "één") and unit != "persons" and not shares:
        return None  # "een" as an article, not a count
    if words and not (unit or scale) and (_VERB_AFTER.match(text, m.end()) or text[max(0, s - 3) : s] == "in "):
        return None  # "acht het kabinet" (deems), "vier de …"
    if unit is None and noun is None and not shares and qual and qual.lower() == "tot":
        # "tot" only qualifies counted things ("tot 250 militairen"), not bare numbers
        s = num_s if not m.group("een") else m.start("een")
        quantifier = "Exact"
    end = noun_end or e
    if unit in ("EUR", "USD", "GBP", "XOF", "CHF", "percent"):
        end = e
    return Quantity(s, end, value, unit, quantifier, noun), shares


def _qualifier(q: str) -> Quantifier:
    return _QUAL_LOOKUP.get(" ".join(q.lower().replace("’", "'").split()), "Exact")


def _noun_after(text: str, pos: int, limit: int) -> tuple[str | None, int | None, bool]:
    """(noun, end offset, shares): the counted noun after a number, skipping up to three modifiers
    (``40 Tsjadische militairen``, ``604 juridisch adviseurs``, ``25 Individual Police Officers``,
    ``vijf Duitse marechaussee- en politiefunctionarissen``). ``shares`` is True when the number
    is followed only by modifiers and a list separator (``40 Tsjadische, vijf …``); the end offset
    is then that of the last modifier."""
    words = list(islice(_WORDS.finditer(text, pos, min(limit, pos + 90)), 6))  # the loop reads no further
    if not words or words[0].start() - pos > 1:
        return None, None, False
    for i, w in enumerate(words[:4]):
        tok = w.group()
        if _PERSON_RE.match(tok):
            return tok, w.end(), False
        if i == 0 and _THING_NOUN.fullmatch(tok):
            return tok, w.end(), False  # "drie Chinook-helikopters", "twee C-130's", "een A400M": counted things
        if i + 1 < len(words) and f"{tok} {words[i + 1].group()}".lower() in _PERSON_SET:
            return f"{tok} {words[i + 1].group()}", words[i + 1].end(), False
        if tok.endswith("-") and i + 2 < len(words) and words[i + 1].group().lower() in ("en", "of"):
            last = words[i + 2]
            if _PERSON_RE.match(last.group()):
                return last.group(), last.end(), False
        if tok in ",;" or tok.lower() in ("en", "of"):
            if i >= 1 and all(_MODIFIER.match(x.group()) for x in words[:i]):
                return None, words[i - 1].end(), True
            break
        if tok in ":()." or tok.lower() in _STOP_NOUN:
            break
    first = words[0].group()
    if first.isalpha() and first.islower() and len(first) > 2 and first not in _STOP_NOUN and first not in _NOT_NOUN:
        return first, words[0].end(), False
    return None, None, False


_WORDS = re.compile(r"[\w'’-]+|[,;:().]")
# a thing's name counted right after the number: a compound whose head is a lower-case noun
# ("Chinook-helikopters", "NH90-transporthelikopters") or a type designation with digits ("A400M", "C-130's")
_THING_NOUN = re.compile(r"[\w'’]+-[a-zà-þ]{2,}[a-df-zà-þ'’]|(?=[\w'’-]*\d)[A-Z][\w'’-]*")
_NOT_NOUN = frozenset("extra meer minder per procent keer maal jaar".split()) - {"keer", "jaar"}


def find_quantities(parsed: Parsed) -> tuple[Quantity, ...]:
    """Every quantity in the letter's running text, sentence by sentence (offsets into it)."""
    text = parsed.text
    out: list[Quantity] = []
    spans = [(s.start, s.end) for s in parsed.sentences]
    low = folded(text)
    for (s, e), hits in zip(spans, hits_by_span(_ANCHOR, text, spans, _ANCHOR_LOWER)):
        if hits:
            out.extend(quantities_in(text, s, e, hits, low))
    return tuple(out)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in a phrase (offsets into ``text``): ``"ongeveer 450 militairen"`` →
    Quantity(value=450, unit="persons", quantifier="Approximately", noun="militairen")."""
    qs = quantities_in(text)
    return qs[0] if qs else None
