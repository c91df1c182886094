"""Entities the gazetteer lacks, found from the language of the letters themselves.

Three kinds of evidence, each a :class:`~sahelkg.extract.model.Mention` with its own ``how``:

- ``"title"``: a title or role before a name — "president Bazoum", "kolonel Abdoulaye Maïga",
  "de Nederlandse diplomaat Koen Davidse", "het lid Jasper van Dijk (SP)" (party kept in ``extra``),
  French/English titles ("le colonel …", "Prime Minister …") and appositions "de Hoge
  Vertegenwoordiger van de EU, Mogherini,"; unknown persons keep the title in ``extra``;
- ``"signature"``: a signature block — "De Minister van Defensie,\nK.H. Ollongren", or a full name
  on its own line — giving the person; unknown signatories carry ``extra=(("role", …),)``.
  :func:`signatures` returns each with its role for the letter's ``dcterms:creator``;
- ``"pattern"``: a group, mission or fund named by the words around it — "de terroristische
  organisatie X", "Katiba X", "Front …", "Mouvement …" (with a following "(ABBR)"), "operatie X",
  "missie X", "… Fund …", "…fonds" (funds: class Mission, ``extra=(("kind", "fund"),)``).

A discovered name that the gazetteer knows links to the gazetteer entity (see :func:`_link_person`
for persons: whole names, initials, surnames with fitting given names or titles, names cut off by
the page margin). Unknown names become ``Entity(unlinked=True)`` with the key
``<kind>/<slugify(name)>``, so the same unknown name is one node across letters; none is dropped
silently. Later mentions of a discovered abbreviation or (unambiguous) surname are found too.

The mention's span is the name only (not the title). Discovered mentions never overlap gazetteer
mentions (those win, except a place inside a longer discovered name, or a known surname inside a
full name with another given name) nor each other. The patterns' regular expressions are tried only
where one Aho-Corasick pass found their trigger words, so discovery costs little per megabyte.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import ahocorasick

from sahelkg.extract import gazetteer as gz
from sahelkg.extract.model import Entity, Mention, Parsed
from sahelkg.namespaces import slugify

# --------------------------------------------------------------------------- vocabulary

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"  # capitals, Latin-1 and Latin Extended-A (Ş, Ž, …)
_LOW = "a-zß-öø-ÿā-ž"
_WORD = rf"[{_UP}][{_LOW}{_UP}'’]*(?:-[{_UP}{_LOW}][{_LOW}{_UP}'’]*)*"  # Maïga, Hennis-Plasschaert, N'Daw
_PARTICLE = r"(?:van|de|der|den|ter|ten|te|ag|al|el|ben|bin|ibn|ould|abu|abou|dos|da|du|di|le|la)"
_PARTICLE_PREFIX = r"(?:al|el|ag|ad|ar|as|an|at|az)-"  # al-Sahraoui
# A personal name: capitalised words, particles between them ("Jasper van Dijk", "Ag Ghaly")
_NAME = (
    rf"(?:{_PARTICLE_PREFIX})?{_WORD}"
    rf"(?:[ \t]+(?:(?:{_PARTICLE}[ \t]+){{0,2}}(?:{_PARTICLE_PREFIX})?{_WORD}))" + "{0,3}"
)
_INITIALS = rf"(?:[{_UP}][a-z]?\.[ \t]?){{1,6}}"

# Words that are never (part of) a discovered name, whatever their capital letter.
STOPWORDS = frozenset(
    """
    de het een deze dit die dat daarnaast daarom dan ook en of in op aan van voor met bij uit
    tot over naar om als maar nog wel niet zo zij hij wij u uw ons onze haar zijn hun er hier
    januari februari maart april mei juni juli augustus september oktober november december
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    kamer kamerstuk kamerbrief kamerlid kamerleden staten-generaal tweede eerste voorzitter
    minister ministers ministerie staatssecretaris kabinet regering raad commissie
    buitenlandse binnenlandse zaken defensie justitie veiligheid handel ontwikkelingssamenwerking
    algemene financien financiën economische klimaat asiel migratie koninkrijksrelaties
    president premier generaal kolonel kapitein majoor luitenant vraag antwoord brief bijlage
    nederlandse nederland europese europa afrika sahel noord zuid oost west centraal midden
    operatie missie mission operation opération taakgroep task force nr nr. herdruk
    mevrouw heer dhr mr dr drs ir prof the le la les du des of and for et pour
    """.split()
)

TITLES = (
    r"interim-?president|transitiepresident|president|vice-?president|"
    r"interim-?premier|transitiepremier|minister-?president|premier|eerste minister|"
    r"luitenant-?kolonel|luitenant[ -]generaal|brigade-?generaal|generaal-?majoor|generaal|"
    r"kolonel|majoor|kapitein|commandant|force commander|"
    r"minister|staatssecretaris|ambassadeur|gezant|diplomaat|secretaris-?generaal|"
    r"speciaal gezant|speciale vertegenwoordiger|hoge vertegenwoordiger|"
    r"special representative of the secretary[- ]general|srsg|emir|leider|oprichter|woordvoerder|"
    r"kamerlid|mevrouw|de heer|dhr\.|mw\.|mr\.|dr\.|"
    r"oud-president|ex-president|oud-premier|oud-minister|"
    r"colonel-major|lieutenant-colonel|lieutenant colonel|colonel|capitaine|captain|"
    r"prime minister|premier ministre|président"
)
# "de Nederlandse diplomaat Koen Davidse": adjectives allowed between article and title
_TITLE_RE = re.compile(
    rf"(?<![\w-])(?P<title>(?i:{TITLES}))[ \t]+(?P<name>(?:{_INITIALS}[ \t]*)?{_NAME})"
)
# "de Hoge Vertegenwoordiger van de VN, Guterres," / "de Nigerese president, Bazoum,"
_APPOSITION_RE = re.compile(
    rf"(?<![\w-])(?P<title>(?i:{TITLES}))(?P<qual>(?:[ \t]+[^\s,.;:()]+){{0,6}}?),[ \t]+"
    rf"(?P<name>{_NAME})(?=[ \t]*[,.;)])"
)
# "het lid Jasper van Dijk (SP)", "de leden Sjoerdsma (D66) en …"
_MP_RE = re.compile(
    rf"(?<![\w-])(?:het[ \t]+lid|lid|Kamerlid|kamerlid)[ \t]+(?P<name>{_NAME})[ \t]*\((?P<party>[\w\-/ ]{{1,20}})\)"
)
# "De Minister van Defensie,\nK.H. Ollongren" (line break or, after line joining, a space)
_SIGNATURE_RE = re.compile(
    rf"(?<![\w-])(?P<role>(?:[Dd]e|DE)[ \t]+(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris|MINISTER|STAATSSECRETARIS)"
    rf"(?:[ \t]+(?:van|voor|en|{_WORD}|\n(?=\S)))*?)[ \t]*,[ \t]*(?:\n[ \t]*){{0,2}}"
    rf"(?P<name>{_INITIALS}[ \t]*(?:(?:{_PARTICLE})[ \t]+){{0,2}}{_WORD}(?:[ \t]+(?!De\b|Het\b){_WORD})?)"
)
# The same with a full name instead of initials, only as a block of its own lines:
# "De Minister van Defensie,\nKajsa Ollongren" (never an apposition in running text)
_SIGNATURE_FULL_RE = re.compile(
    rf"(?<![^\n])(?P<role>(?:[Dd]e|DE)[ \t]+(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris|MINISTER|STAATSSECRETARIS)"
    rf"(?:[ \t]+(?:van|voor|en|{_WORD}))*?)[ \t]*,[ \t]*(?:\n[ \t]*){{1,2}}"
    rf"(?P<name>{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_WORD}){{1,3}})[ \t]*(?=\n|$)"
)
# Groups: "de terroristische organisatie Boko Haram", "rebellengroep X", "militie X"
_GROUP_DESC = (
    r"(?:(?:gewapende|terroristische|jihadistische|extremistische|islamitische|islamistische|"
    r"separatistische|salafistische|rebellen|etnische|zelfverdedigings)[ \t]*)?"
    r"(?:groepering|groep|organisatie|beweging|militie|rebellengroep|terreurgroep|strijdgroep)"
)
_FR_LINK = (
    r"(?:de|du|des|la|le|les|l'|l’|d'|d’|pour|et|au|aux|en|à|contre|sur|"
    r"national|nationale|patriotique|islamique|populaire|arabe|touareg|unifié|unifiée|uni|unie|"
    r"démocratique|révolutionnaire|républicain|républicaine|armé|armée|"
    r"for|of|the|and|in)"
)
# a French (or English) proper name: capitalised words, each optionally after link words
_FR_NAME = rf"(?:[ \t]+(?:{_FR_LINK}(?:[ \t]+|(?<=['’])))*{_WORD})" + "{1,8}"
_GROUP_RE = re.compile(
    rf"(?<![\w-])(?P<desc>{_GROUP_DESC})[ \t]+(?P<name>(?:{_PARTICLE_PREFIX})?{_WORD}(?:[ \t]+(?:{_PARTICLE_PREFIX})?{_WORD}){{0,4}})"
)
_FRENCH_GROUP_RE = re.compile(
    rf"(?<![\w-])(?P<name>(?:Katiba|Katibat|Mouvement|Front|Groupe|Coordination|Rassemblement|Jama'at|Jama’at|Jamaat|Ansar)"
    rf"{_FR_NAME})"
    rf"(?:[ \t]*\((?P<abbr>[{_UP}][{_UP}0-9\-]{{1,12}})\))?"
)
# Funds: "het Sahel Stabilisatiefonds", "het Regional Security Fund voor de Sahel", "Peace Fund"
_FUND_RE = re.compile(
    rf"(?<![\w-])(?P<name>(?:{_WORD}[ \t]+){{0,4}}?(?:[{_UP}][\w-]*fonds|Fund|Fonds|Trust[ \t]+Fund|Trustfonds)"
    rf"(?:[ \t]+(?:voor|for|van|in|of|the|de|het|and|pour|la|le)(?:[ \t]+(?:de|het|the|la|le))?[ \t]+{_WORD}){{0,3}})"
)
_FUND_KEYS = ("fonds", "Fonds", "Fund")  # every fund name contains one of them


# what may stand in a fund name before a fund word, read backwards: the rest of the word, then at
# most five words (four before the key word, and "Trust" of "Trust Fund")
_FUND_LEAD = re.compile(r"[\w\-'’]*(?:[ \t]+[\w\-'’]+){0,5}")


def _fund_matches(text: str):
    """The matches of ``_FUND_RE.finditer(text)``, the pattern tried only near a fund word.

    A fund name is made of word characters, hyphens, apostrophes, spaces and tabs only, so no match
    crosses a line break, and every match holds a fund word ("fonds", "Fonds", "Fund") with at most
    five words of those characters between its start and that word. So the next match at or after
    ``pos`` starts no earlier than five such words before the first fund word at or after ``pos``
    (read backwards with one pattern over the reversed text), and one search from there to the end of
    the line finds it, or shows that the line holds no more (``pos``/``endpos``: the look-behind still
    sees the character before, and the match ends in the line, as in the whole letter).
    """
    keys = sorted(i for w in _FUND_KEYS for i in _occurrences(text, w))
    if not keys:
        return
    n, rev, pos = len(text), text[::-1], 0
    lead = _FUND_LEAD.match
    for k in keys:
        if k < pos:
            continue
        end = text.find("\n", k)
        end = n if end < 0 else end
        start = k - (lead(rev, n - k).end() - (n - k))
        m = _FUND_RE.search(text, max(start, pos), end)
        if m is None:
            pos = end  # no match starts anywhere from ``pos`` to the end of this line
            continue
        yield m
        pos = m.end()


def _occurrences(text: str, word: str):
    """Start offsets of ``word`` in ``text`` (overlapping ones too), in order, found with ``str.find``."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


# Missions: "operatie Sabre", "Operation Juniper Shield", "de missie Resolute Support", "Taakgroep X"
_MISSION_RE = re.compile(
    rf"(?<![\w-])(?:[Oo]peratie|[Oo]peration|[Oo]pération|[Mm]issie|[Mm]ission|Taakgroep|[Tt]ask [Ff]orce)"
    rf"[ \t]+(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})"
)


# Words that start each pattern. One Aho-Corasick pass over the word-folded text finds them, and
# each pattern's regular expression is then tried only there (``rx.match(text, pos)``), which keeps
# discovery fast however long the letter.
_TITLE_WORDS = """interim-president interimpresident transitiepresident president vice-president vicepresident
    interim-premier interimpremier transitiepremier minister-president premier eerste-minister
    luitenant-kolonel luitenantkolonel luitenant-generaal brigade-generaal brigadegeneraal generaal-majoor
    generaal kolonel majoor kapitein commandant force-commander minister staatssecretaris ambassadeur
    gezant diplomaat secretaris-generaal speciaal-gezant speciale-vertegenwoordiger hoge-vertegenwoordiger
    special-representative srsg emir leider oprichter woordvoerder kamerlid mevrouw de-heer dhr mw mr dr
    oud-president ex-president oud-premier oud-minister colonel-major lieutenant-colonel colonel capitaine
    captain prime-minister premier-ministre président""".split()
_GROUP_WORDS = """gewapende terroristische jihadistische extremistische islamitische islamistische separatistische
    salafistische etnische groepering groep organisatie beweging militie rebellengroep terreurgroep strijdgroep
    rebellengroepering rebellenbeweging rebellenmilitie zelfverdedigingsmilitie zelfverdedigingsgroep""".split()
_FRENCH_WORDS = "katiba katibat mouvement front groupe coordination rassemblement jama-at jamaat ansar".split()
_MISSION_WORDS = "operatie operation opération missie mission taakgroep task-force".split()
_SIGNATURE_WORDS = "minister minister-president staatssecretaris".split()
_MP_WORDS = "lid kamerlid".split()


@lru_cache(maxsize=1)
def trigger_keys() -> dict[str, frozenset[str]]:
    """Automaton key (``" " + word_fold(word) + " "``) -> the pattern kinds its word starts.

    ``mentions`` puts these keys into the gazetteer's automaton too, so one pass over a letter finds
    names and trigger words (see :func:`remember_triggers`)."""
    table: dict[str, set[str]] = {}
    for kind, words in (
        ("title", _TITLE_WORDS), ("group", _GROUP_WORDS), ("french", _FRENCH_WORDS),
        ("mission", _MISSION_WORDS), ("signature", _SIGNATURE_WORDS), ("mp", _MP_WORDS),
    ):
        for w in words:
            table.setdefault(" " + gz.word_fold(w.replace("-", " ")) + " ", set()).add(kind)
    return {key: frozenset(kinds) for key, kinds in table.items()}


@lru_cache(maxsize=1)
def _triggers() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for key, kinds in trigger_keys().items():
        a.add_word(key, (len(key), kinds))
    a.make_automaton()
    return a


def _trigger_positions(text: str, folded: str | None) -> dict[str, list[int]]:
    """Start offsets in ``text`` of every trigger word, by pattern kind (callers must not change them).

    The last folded text and its positions are kept as one tuple: ``find_mentions`` asks for the
    signatures and then for the rest with the same folded text, which is read once. The tuple holds
    the folded text, so no other text can have its identity while it is kept.
    """
    if folded is None:
        folded = " " + gz.word_fold(text) + " "
    last = _last_triggers
    if last[0] is folded:
        return last[1]
    out: dict[str, list[int]] = {}
    for last_char, (length, kinds) in _triggers().iter(folded):
        start = last_char - length + 1
        for k in kinds:
            out.setdefault(k, []).append(start)
    remember_triggers(folded, out)
    return out


_last_triggers: tuple[str | None, dict[str, list[int]]] = (None, {})


def remember_triggers(folded: str, positions: dict[str, list[int]]) -> None:
    """Keep the trigger positions of ``folded`` (what :func:`_trigger_positions` would find, in the
    same order) for the next call with this very string: ``gazetteer_mentions`` finds them in its
    own pass."""
    global _last_triggers
    _last_triggers = (folded, positions)


def _comma_on_line(text: str, positions: list[int]) -> list[int]:
    """The positions after which a comma comes before the next line break: the only ones where
    ``_APPOSITION_RE`` can match (nothing it reads before its comma is a line break)."""
    out = []
    for pos in positions:
        comma = text.find(",", pos)
        if comma >= 0 and text.find("\n", pos, comma) < 0:
            out.append(pos)
    return out


def _matches(rx: re.Pattern, text: str, positions: list[int], back: int = 0):
    """``rx.match`` at each position (optionally ``back`` characters earlier), each match once."""
    seen = set()
    for pos in positions:
        m = rx.match(text, max(0, pos - back))
        if m and m.start() not in seen:
            seen.add(m.start())
            yield m


# --------------------------------------------------------------------------- helpers


_NAME_PARTICLE = re.compile(r"(?i)van|de|ter|ten|den")
_BLANKS = re.compile(r"[ \t]+")
_TRAILING_PARTICLES = re.compile(rf"(?:\s+{_PARTICLE})*\s*$")
_WORD_BEFORE = re.compile(r"(^|[.!?:;\n]\s*|\s)(\S+)[ \t]+$")


def _clean_name(name: str) -> str:
    """Trim trailing stopwords ("Bazoum De" after joined lines) and whitespace; '' if nothing is left."""
    tokens = name.split()
    while tokens and tokens[-1].lower().strip(".,") in STOPWORDS:
        tokens.pop()
    while tokens and tokens[0].lower() in STOPWORDS and not _NAME_PARTICLE.fullmatch(tokens[0]):
        tokens.pop(0)
    if tokens and tokens[0].lower() in ("van", "de", "ter", "ten", "den") and len(tokens) == 1:
        return ""
    return " ".join(tokens)


def _is_plausible_name(name: str) -> bool:
    if not name or len(name) < 3:
        return False
    words = [w for w in _BLANKS.split(name) if w]
    capitalised = [w for w in words if w[0].isupper()]
    if not capitalised:
        return False
    if all(w.lower().strip(".") in STOPWORDS for w in capitalised):
        return False
    if name.isupper() and len(name) > 6:
        return False  # a heading in capitals
    return True


def _link_person(g: gz.Gazetteer, name: str, title: str | None = None) -> Entity | None:
    """:func:`_find_person`, remembered per gazetteer (a pure function of the name and title; the
    same signatories and officials come back letter after letter). The memo is emptied when it
    reaches ``_LINK_MEMO`` names, so memory stays bounded over a long build."""
    memo = g.memo("link_person")
    key = (name, title)
    if key in memo:
        return memo[key]
    if len(memo) >= _LINK_MEMO:
        memo.clear()
    found = memo[key] = _find_person(g, name, title)
    return found


_LINK_MEMO = 20000


def _find_person(g: gz.Gazetteer, name: str, title: str | None = None) -> Entity | None:
    """The gazetteer person this name refers to, if certain; None otherwise.

    A whole name the gazetteer lists ("K.H. Ollongren", "Jasper van Dijk") links directly. Otherwise
    the longest trailing part that is a gazetteer surname is tried: the person links when the
    given names or initials written before it fit that person ("Moussa Keïta" is not Ibrahim
    Boubacar Keïta) and, if several persons share the surname, when only one carries the title
    ("kapitein Traoré"). A surname cut off by the page margin ("Hennis-Plasschae") links when
    exactly one gazetteer surname starts with it.
    """
    e = g.lookup(name, cls="Person")
    if e:
        return e
    m = re.match(rf"^({_INITIALS})[ \t]*", name)
    initials = [c for c in (m.group(1) if m else "") if c.isupper()]
    tokens = name[m.end() if m else 0 :].split()
    for k in range(len(tokens)):
        cands = g.persons_with_surname(" ".join(tokens[k:]))
        if not cands:
            continue
        given = tokens[:k]
        cands = tuple(c for c in cands if _given_fits(c, given, initials))
        if len(cands) > 1 and title:
            cands = tuple(c for c in cands if title.lower() in c.titles)
        return cands[0].entity if len(cands) == 1 else None
    if tokens and len(tokens) <= 2:
        cands = g.persons_with_surname_prefix(" ".join(tokens))
        cands = tuple(c for c in cands if _given_fits(c, [], initials))
        if len(cands) == 1:
            return cands[0].entity
    return None


def _given_fits(entry: gz.Entry, given: list[str], initials: list[str]) -> bool:
    """Whether given names / initials written before a surname fit a gazetteer person."""
    if not given and not initials:
        return True
    surname = gz.fold(entry.surname or "").split()
    known_given: set[str] = set()
    known_first: set[str] = set()  # the first given name of each full form
    known_initials: set[str] = set()  # the first initial of each form
    particles = ("van", "de", "der", "den", "ter", "ten", "al", "el", "ag")
    for n in entry.names:
        words = gz.fold(n.text).split()
        if not surname or words[-len(surname) :] != surname:
            continue
        firsts = [w for w in words[: len(words) - len(surname)] if w not in particles]
        if not firsts:
            continue
        known_initials.add(firsts[0][0])
        if not firsts[0].endswith("."):
            known_first.add(firsts[0])
        known_given.update(w for w in firsts if not w.endswith("."))
    if given:
        g0 = gz.fold(given[0])
        if g0 not in known_first or not all(gz.fold(w) in known_given for w in given):
            return False
    if initials and known_initials and gz.fold(initials[0]) not in known_initials:
        return False
    return True


@lru_cache(maxsize=4096)  # the same unknown names come back letter after letter; an Entity is immutable
def _unlinked(kind: str, cls: str, name: str, extra: tuple[tuple[str, str], ...] = (), alt: tuple[str, ...] = ()) -> Entity:
    return Entity(
        key=f"{kind}/{slugify(name)}",
        cls=cls,  # type: ignore[arg-type]
        label_nl=name,
        alt_labels=alt,
        unlinked=True,
        extra=extra,
    )


class _Collector:
    """Gathers non-overlapping discovered mentions, refusing any that overlaps a taken span."""

    def __init__(self, parsed: Parsed, taken: tuple[Mention, ...]) -> None:
        self.parsed = parsed
        self.mask = bytearray(len(parsed.text))
        for m in taken:
            self.mask[m.start : m.end] = b"\x01" * (m.end - m.start)
        self.taken = taken
        self._by_start: tuple[list[int], list[Mention], int] | None = None  # taken sorted by start, longest
        self.found: list[Mention] = []
        self.starts = [s.start for s in parsed.sentences]

    def _clashing(self, start: int, end: int) -> list[Mention]:
        """The taken mentions overlapping [start, end): those starting in [start - longest + 1, end)."""
        if self._by_start is None:
            ordered = sorted(self.taken, key=lambda m: m.start)
            longest = max((m.end - m.start for m in ordered), default=0)
            self._by_start = ([m.start for m in ordered], ordered, longest)
        starts, ordered, longest = self._by_start
        lo, hi = bisect.bisect_left(starts, start - longest + 1), bisect.bisect_left(starts, end)
        return [m for m in ordered[lo:hi] if start < m.end]

    def free(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) < 0  # no taken byte in [start, end), found without a copy

    def add(self, start: int, end: int, entity: Entity, how: str, swallow: tuple[str, ...] = ()) -> None:
        """Add a mention unless it overlaps one already there.

        ``swallow``: classes whose gazetteer mentions lying wholly inside the new name do not block
        it ("Front pour la Libération du Sahel" contains the place "Sahel"; "Marieke Ag Ghaly" the
        surname of another person); find_mentions drops the inner ones.
        """
        if end <= start:
            return
        if not self.free(start, end):
            if not swallow:
                return
            clash = self._clashing(start, end)
            if any(m.start < start or m.end > end or m.entity.cls not in swallow for m in clash):
                return
            if any(f.start < end and start < f.end for f in self.found):
                return
        self.mask[start:end] = b"\x01" * (end - start)
        i = bisect.bisect_right(self.starts, start) - 1  # the sentence holding ``start``, if any
        self.found.append(
            Mention(
                start=start,
                end=end,
                surface=self.parsed.text[start:end],
                entity=entity,
                sentence=i if i >= 0 and start < self.parsed.sentences[i].end else -1,
                how=how,  # type: ignore[arg-type]
            )
        )


def _name_span(m: re.Match, group: str, name: str) -> tuple[int, int]:
    """Span of the cleaned ``name`` inside match group ``group``."""
    s = m.start(group)
    raw = m.group(group)
    i = raw.find(name.split()[0]) if name else -1
    start = s + max(i, 0)
    j = raw.rfind(name.split()[-1]) if name else -1
    end = s + (j + len(name.split()[-1]) if j >= 0 else len(raw))
    return start, end


# --------------------------------------------------------------------------- discovery


def signatures(parsed: Parsed, *, folded: str | None = None) -> tuple[tuple[Mention, str], ...]:
    """Each signatory in a signature block, with the role it signs in ("Minister van Defensie").

    The person links to the gazetteer where the name is known ("K.H. Ollongren"; a surname cut off
    by the page margin, "Hennis-Plasschae", links when only one gazetteer surname starts so);
    otherwise it is an unlinked person carrying ``extra=(("role", role),)``.
    """
    text = parsed.text
    g = gz.load()
    starts = [s.start for s in parsed.sentences]
    from sahelkg.extract.mentions import _sentence_index

    out: list[tuple[Mention, str]] = []
    positions = _trigger_positions(text, folded).get("signature", [])
    positions = [p for p in positions if text[max(0, p - 3) : p].lower() == "de "]
    seen: set[int] = set()
    matches = list(_matches(_SIGNATURE_RE, text, positions, back=3))
    matches += [m for m in _matches(_SIGNATURE_FULL_RE, text, positions, back=3)
                if not any(x.start("name") == m.start("name") for x in matches)]
    for m in sorted(matches, key=lambda x: x.start("name")):
        if m.start("name") in seen:
            continue
        seen.add(m.start("name"))
        role = " ".join(m.group("role").split()[1:])  # drop "De"
        role = role[:1].upper() + role[1:]
        raw = m.group("name").rstrip()
        name = " ".join(raw.split())
        start, end = m.start("name"), m.start("name") + len(raw)
        linked = _link_person(g, name)
        entity = linked or _unlinked("person", "Person", name, (("role", role),))
        mention = Mention(start, end, text[start:end], entity, _sentence_index(parsed, starts, start), "signature")
        out.append((mention, role))
    return tuple(out)


def discover(
    parsed: Parsed,
    taken: tuple[Mention, ...] = (),
    include_signatures: bool = True,
    *,
    folded: str | None = None,
) -> tuple[Mention, ...]:
    """Discovered mentions not overlapping ``taken`` (the gazetteer's), sorted by start.

    ``folded``: ``" " + word_fold(parsed.text) + " "`` if the caller has it already.
    """
    text = parsed.text
    if not text:
        return ()
    g = gz.load()
    if folded is None:
        folded = " " + gz.word_fold(text) + " "
    at = _trigger_positions(text, folded)
    col = _Collector(parsed, taken)
    gaz_at = None  # the starts of the taken mentions, made when a title needs them

    if include_signatures:
        for mention, _role in signatures(parsed, folded=folded):
            col.add(mention.start, mention.end, mention.entity, "signature")

    for m in _matches(_MP_RE, text, at.get("mp", []) + [p - 4 for p in at.get("mp", []) if p >= 4]):
        name = _clean_name(m.group("name"))
        if not _is_plausible_name(name):
            continue
        start, end = _name_span(m, "name", name)
        linked = _link_person(g, name)
        party = m.group("party").strip()
        entity = linked or _unlinked("person", "Person", name, (("party", party), ("role", "Kamerlid")))
        col.add(start, end, entity, "title")

    inner_starts = None
    titles = at.get("title", [])
    for rx, positions in ((_TITLE_RE, titles), (_APPOSITION_RE, _comma_on_line(text, titles))):
        for m in _matches(rx, text, positions):
            name = _clean_name(m.group("name"))
            if not _is_plausible_name(name):
                continue
            start, end = _name_span(m, "name", name)
            if gaz_at is None:
                gaz_at = {m.start for m in taken}
            if start in gaz_at:
                continue  # the gazetteer knows this name (e.g. "Bazoum")
            if col.mask.find(1, start + 1, end) < 0:
                trim_at = ()  # no taken mention starts inside the name (the mask holds them all)
            else:
                if inner_starts is None:  # sorted once per letter, for a bisect per title
                    inner_starts = sorted(m.start for m in taken if m.entity.cls != "Person")
                trim_at = inner_starts
            start, end, name = _trim_before_taken(text, trim_at, start, end)
            if not _is_plausible_name(name):
                continue
            known = g.lookup(name)
            if known is not None and known.cls != "Person":
                continue  # "minister Frankrijk"? a state or organisation is no person
            title = " ".join(m.group("title").split()).lower()
            linked = _link_person(g, name, title)
            entity = linked or _unlinked("person", "Person", name, (("title", title),))
            col.add(start, end, entity, "title", swallow=("Person",))

    for m in _matches(_GROUP_RE, text, at.get("group", [])):
        name = _clean_name(m.group("name"))
        if not _is_plausible_name(name):
            continue
        start, end = _name_span(m, "name", name)
        known = g.lookup(name)
        if known is not None and known.cls not in ("ArmedGroup", "Organisation"):
            continue
        col.add(start, end, known or _unlinked("group", "ArmedGroup", name), "pattern")

    for m in _matches(_FRENCH_GROUP_RE, text, at.get("french", [])):
        name = " ".join(m.group("name").split())
        if len(name.split()) < 2:
            continue
        start, end = m.start("name"), m.end("name")
        abbr = m.group("abbr")
        known = g.lookup(name) or (g.lookup(abbr) if abbr else None)
        entity = known or _unlinked("group", "ArmedGroup", name, alt=(abbr,) if abbr else ())
        col.add(start, end, entity, "pattern", swallow=("Place", "State"))

    for m in _matches(_MISSION_RE, text, at.get("mission", [])):
        if _inside_proper_name(text, m.start()):
            continue  # "Joint Mission Analysis Cell", "Stabilization Mission in Mali"
        name = _clean_name(m.group("name"))
        if not _is_plausible_name(name):
            continue
        start, end = _name_span(m, "name", name)
        known = g.lookup(name)
        if known is not None:
            if known.cls == "Mission":
                col.add(start, end, known, "pattern")
            continue  # "missie Mali" names a place, not a mission
        col.add(start, end, _unlinked("mission", "Mission", name), "pattern")

    if "onds" in text or "Fund" in text:
        for m in _fund_matches(text):
            name = " ".join(m.group("name").split())
            start, end = m.start("name"), m.end("name")
            if name.split()[0].lower() in ("de", "het", "een", "dit", "deze", "dat", "die", "the", "le", "la"):
                rest = name.split(maxsplit=1)
                if len(rest) < 2:
                    continue
                start += m.group("name").find(rest[1])
                name = rest[1]
            if len(name) < 5 or name.lower() in ("fund", "fonds", "trust fund", "trustfonds"):
                continue
            known = g.lookup(name)
            if known is not None and known.cls != "Mission":
                continue
            entity = known or _unlinked("mission", "Mission", name, (("kind", "fund"),))
            col.add(start, end, entity, "pattern", swallow=("Place", "State", "Organisation"))

    _echo(text, col)
    return tuple(sorted(col.found, key=lambda x: x.start))


def _echo(text: str, col: _Collector) -> None:
    """Later mentions of what was discovered: its abbreviation ("(FLS)") or a person's surname."""
    forms: dict[str, Entity] = {}
    g = gz.load()
    surnames: dict[str, set[str]] = {}
    for m in col.found:
        if m.entity.unlinked and m.entity.cls == "Person" and len(m.surface.split()) > 1:
            surnames.setdefault(m.surface.split()[-1], set()).add(m.entity.key)
    for m in list(col.found):
        e = m.entity
        if not e.unlinked:
            continue
        for a in e.alt_labels:
            if a.isupper() and len(a) >= 2:
                forms.setdefault(a, e)
        if e.cls == "Person" and m.how == "title":
            last = m.surface.split()[-1]
            if (
                len(m.surface.split()) > 1
                and len(last) >= 4
                and last.lower() not in STOPWORDS
                and len(surnames.get(last, ())) == 1
                and not g.persons_with_surname(last)
                and g.lookup(last) is None
            ):
                forms.setdefault(last, e)
    for form, e in forms.items():
        how = "pattern" if e.cls != "Person" else "title"
        for start, end in _whole_word_spans(text, form):
            col.add(start, end, e, how)


def _whole_word_spans(text: str, form: str):
    """The spans ``re.finditer(r"(?<![\\w-])" + re.escape(form) + r"(?![\\w-])", text)`` gives, found with
    ``str.find`` (a pattern that begins with a look-behind makes the regex engine try every position)."""
    if not form:
        yield from (m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text))
        return
    n, size, pos = len(form), len(text), 0
    while (p := text.find(form, pos)) >= 0:
        q = p + n
        if (p == 0 or not _word_or_dash(text[p - 1])) and (q >= size or not _word_or_dash(text[q])):
            yield p, q
            pos = q
        else:
            pos = p + 1


def _word_or_dash(c: str) -> bool:
    """Whether ``c`` is what ``[\\w-]`` matches (``\\w`` in a str pattern: alphanumeric or underscore)."""
    return c.isalnum() or c == "_" or c == "-"


def _trim_before_taken(text: str, taken_starts: list[int], start: int, end: int) -> tuple[int, int, str]:
    """Cut a name span before the first known mention inside it, then drop trailing particles.

    "Kapitein Traoré van de Mouvement Patriotique …": the name stops before the gazetteer's
    MPSR mention, leaving "Traoré". ``taken_starts``: the sorted starts of the known mentions that
    are no persons.
    """
    i = bisect.bisect_right(taken_starts, start)
    if i < len(taken_starts) and taken_starts[i] < end:
        end = taken_starts[i]
    seg = _TRAILING_PARTICLES.sub("", text[start:end])
    return start, start + len(seg), " ".join(seg.split())


def _inside_proper_name(text: str, start: int) -> bool:
    """True when the word before ``start`` is capitalised and on the same line (part of a longer name)."""
    before = text[max(0, start - 40) : start]
    m = _WORD_BEFORE.search(before)
    if not m or not m.group(2)[:1].isupper() or m.group(2).lower() in STOPWORDS:
        return False
    sentence_initial = m.group(1) != " " and (m.start(2) > 0 or start <= 40)
    return not sentence_initial
