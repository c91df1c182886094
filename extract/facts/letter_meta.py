"""Facts about the letter itself: date, chamber, dossier and number, kind, title, signatories, cited papers.

All facts have ``kind="Letter"``. The letter node's own properties come as one fact per property
(``subject_key="letter/<name>"``), each with the passage that states it. Property values use the
tagged tuples :mod:`sahelkg.extract.rdf` understands: ``("skg", "TweedeKamer")`` for an ``skg:`` IRI,
``("id", "letter/kst-29521-446")`` for a resource IRI.

- Date: the "Den Haag, …" / "'s-Gravenhage, …" line, else the answer's "(ontvangen …)", else the date
  the date finder chose. Chamber: the addressee ("Aan de Voorzitter van de Tweede Kamer …"), else the
  running head ("Eerste Kamer, vergaderjaar …"), else the series ("Handelingen II", "Kamerstukken I"),
  else, for written questions, the Tweede Kamer (their usual house). Dossier and number: the running
  head ("…, 29 521, AB"), a dossier line before the addressee ("29 521" alone or followed by its
  title; a well-known dossier title alone), "Nr. 207" or a short letter code ("AB", "AZ HERDRUK") before
  the heading. Kind: "antwoorden-kamervragen", "artikel-100-brief" (article 100 named at the start),
  else the heading's first word ("brief", "verslag", "nota", "motie").
- A letter stating its own dossier and number is ``owl:sameAs`` its paper node, so citations of it by
  other letters meet it.
- Signatures are separate nodes (``types=("Signature",)``, key ``signature/<name>-<i>``) with
  ``signatory`` → the :class:`Entity` of the person (when named) and ``office`` → the office they sign in
  ("Minister van Defensie"); the letter gets ``dcterms:creator`` → the person.
- Cited papers ("Kamerstuk 29 521, nr. 446") become ``("references", ("id", "letter/kst-29521-446"))``
  with ``paper`` props so the RDF can label and describe the cited node; two letters citing the same
  paper point at one IRI.
- Answers to written questions: each questioner (``skg:questioner`` → Person, party kept in
  ``Entity.extra``), the date the questions were submitted (``dcterms:dateSubmitted``), the subject
  ("over …"), and the answering minister(s) as signatures (a co-signer named only by office gets a
  signature without a person).

Offsets: the letter head, page headers and signature block are partly set aside by normalisation
(running heads, Markdown markup), so these rules read the letter's *original* text and their evidence
offsets are original offsets directly.
"""

from __future__ import annotations

import datetime as dt
import re

from sahelkg.extract.dates import publication_date
from sahelkg.extract.model import Entity, Evidence, Fact, FactContext
from sahelkg.namespaces import slugify

HEAD = 3000  # the letter head (number, dossier, addressee, date) lies within the first characters

_MONTHS = {m: i for i, m in enumerate(
    ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"), start=1)}

_ADDRESSEE = re.compile(r"Aan\s+de\s+[Vv]oorzitter\s+van\s+de\s+(Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-\s*Generaal)?")
_HEADER_CHAMBER = re.compile(
    r"(Tweede|Eerste)\s+Kamer,\s+(?:vergaderjaar|zitting)\s+\d{4}\s*[–-]\s*\d{4}"
    r"(?:,\s+(\d{2}\s?\d{3}(?:-[A-Z0-9]+)?)(?:,\s+(?:nr\.\s*)?([A-Z]{1,3}|\d{1,4})\b)?)?")
_QUESTIONS = re.compile(
    r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>[^()\n]{2,80}?)\s*\((?P<party>[^)]{1,30})\)"
    r"(?P<rest>.{0,400}?)\(ingezonden\s+(?P<sub>\d{1,2}\s+\w+\s+\d{4})\)", re.DOTALL)
_ANSWER = re.compile(
    r"Antwoord\s+(?:van\s+)?(?:de\s+)?(?P<title>[Mm]inister|[Ss]taatssecretaris)\s+(?P<name>[A-Z][\w'’\-]+(?:\s+(?:van|de|der|den)\s+[A-Z][\w'’\-]+)*)"
    r"\s*\((?P<dept>[^)]{3,80})\)(?P<co>.{0,200}?)\(ontvangen\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})\)", re.DOTALL)
_CO_SIGNED = re.compile(r"mede\s+(?:namens|ondertekend\s+(?:door\s+)?(?:de\s+)?)\s*(?P<office>(?:[Mm]inister|[Ss]taatssecretaris)\s+(?:van|voor)\s+[A-Z][\w\s-]{2,60}?)(?=\s*\(|,|\.|$)")
_NUMBER_LINE = re.compile(r"(?m)^[\s*#]*(?:Nr\.\s*(?P<nr>\d{1,4})|(?P<letters>[A-Z]{1,3}))(?=[\s*]+(?:HERDRUK|BRIEF|VERSLAG|NOTA|MOTIE|AMENDEMENT|LIJST|BRIEVEN)\b|[\s*]*(?:<sup>|$))")
_NR_TOKEN = re.compile(r"(?m)^[\s*]*Nr\.\s*(\d{1,4})\b")
_DOSSIER_LINE = re.compile(r"(?m)^[ \t*#]*(\d{2}\s\d{3}(?:-[A-Z0-9]{1,3})?)(?:[ \t*]*$|[ \t]+(?=[A-Z][a-z]))")
_HEADING = re.compile(
    r"(?:BRIEF|BRIEVEN|VERSLAG|NOTA|MOTIE|AMENDEMENT|LIJST\s+VAN\s+VRAGEN)\s+(?:VAN|EN|NAAR|HOUDENDE)\s+"
    r"[A-Z][A-Z ,\-\n]{5,400}?(?=\s*[*\n]\s*[\n*]|\s*\n\s*Aan\s|\s*\*\*|\s*$)")
_ARTIKEL_100 = re.compile(r"artikel[\s-]+100(?:\s+van\s+de\s+Grondwet)?", re.IGNORECASE)
_DATE_LINE = re.compile(r"(?:Den\s+Haag|['’]s-Gravenhage),?\s+(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})")
_CHAMBER_HEADING = re.compile(
    r"(?m)^[ \t#*]*(Tweede|Eerste)\s+Kamer\s+der\s+Staten-\s*Generaal[ \t*]*(?:[/|–-][^\n]*)?$")
_PAPER_SERIES = re.compile(r"\b(?:Aanhangsel\s+(?:van\s+de\s+)?Handelingen|Handelingen|Kamerstukken)\s+(I{1,2})\b")
_SIGNATURE = re.compile(
    r"(?m)^[ \t]*(?:De|de)\s+(?P<office>(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-[Pp]resident)(?:\s+(?:van|voor)\s+[^,\n]{3,90})?),[ \t]*\n"
    r"[ \t]*(?:(?:drs|dr|mr|ir|ing|prof)\.\s*)*(?P<name>(?:[A-Z][a-zA-Z]?\.\s?)+(?:[A-Z]\.)?\s*[A-Z][^\n,]{1,60}?)[ \t]*$")
_CITATION = re.compile(
    r"(?:(?:Tweede\s+|Eerste\s+)?Kamer(?:stuk(?:ken)?|brief)(?:\s+I{1,2}\s+\d{4}(?:/\d{2,4}|[–-]\d{4}),)?)"
    r"\s+(?P<dossier>\d{2}\s?\d{3}(?:-[A-Z0-9]{1,3})?)"
    r"(?:\s*\([^)]{0,40}\))?,\s*(?P<nr>nrs?\.|nummers?)\s*"
    r"(?P<number>(?:[A-Z]{1,3}|\d{1,5})(?:\s*(?:,|en)\s*(?:[A-Z]{1,3}|\d{1,5})\b)*)\b")
_CITED_NUMBER = re.compile(r"[A-Z]{1,3}|\d{1,5}")
_END = re.compile(r"$")


def _may_cite_article(head: str) -> bool:
    """False when ``_ARTIKEL_100`` cannot match in ``head`` (a case-insensitive pattern tries every
    position): a match holds the digits "100"; and its letters other than "i" each lower-case to
    themselves alone wherever it matches them, so a match leaves "art" and "kel" in ``head.lower()``
    ("i" also matches "İ" and "ı")."""
    if "100" not in head:
        return False
    low = head.lower()
    return "kel" in low and "art" in low


def _citations(text: str):
    """The matches of ``_CITATION.finditer(text)``, the pattern tried only where one can start.

    Every citation contains "Kamer" and starts there or at a "Tweede"/"Eerste" and whitespace right
    before it; the regex engine, which cannot skip ahead to an optional prefix, would try every
    position of the letter. Candidates are tried in text order from the end of the last match, as
    ``finditer`` does, so the matches are the same.
    """
    last = 0
    k = text.find("Kamer")
    while k >= 0:
        c = _chamber_word_before(text, k)
        starts = (c, k) if c >= 0 else (k,)
        for c in starts:
            if c >= last and (m := _CITATION.match(text, c)):
                yield m
                last = m.end()
                break
        k = text.find("Kamer", max(k + 1, last))


def _chamber_word_before(text: str, k: int) -> int:
    """Where "Tweede"/"Eerste" starts if it and some whitespace end right at ``k``, else -1."""
    j = k
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j - 6 if j < k and j >= 6 and text[j - 6 : j] in ("Tweede", "Eerste") else -1


def _header_chambers(text: str):
    """The matches of ``_HEADER_CHAMBER.finditer(text)``, the pattern tried only where one can start.

    Every match is "Tweede"/"Eerste", whitespace, then "Kamer,": it starts six characters before the
    whitespace run that ends at a "Kamer," (str.find), and nowhere else. Candidates are tried in text
    order from the end of the last match, as ``finditer`` does, so the matches are the same.
    """
    last = 0
    k = text.find("Kamer,")
    while k >= 0:
        s = _chamber_word_before(text, k)
        if s >= last and (m := _HEADER_CHAMBER.match(text, s)):
            yield m
            last = m.end()
        k = text.find("Kamer,", max(k + 1, last))


_OFFICE_KEYS = ("inister", "taatssecretaris")  # each office the signature pattern reads starts with a letter and one of these


def _signature_blocks(text: str, pos: int):
    """The matches of ``_SIGNATURE.finditer(text, pos)``, the pattern tried only where one can start.

    A match starts at a line's start, then spaces or tabs, "De"/"de", whitespace and the office,
    whose second letter starts "inister" or "taatssecretaris" (str.find): walking back from there over
    the whitespace, the "De" and the spaces gives the one start a match can have. Candidates come in
    text order (a later office word cannot lie between an earlier one's "De" and its line start) and
    are tried from the end of the last match, as ``finditer`` does.
    """
    keys = sorted(i for w in _OFFICE_KEYS for i in _find_all(text, w, pos + 1))
    last = pos
    for k in keys:
        j = k - 1  # the office's first letter
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j == k - 1 or text[j - 2 : j] not in ("De", "de"):
            continue
        s = j - 2
        while s > 0 and text[s - 1] in " \t":
            s -= 1
        if s >= last and (s == 0 or text[s - 1] == "\n") and (m := _SIGNATURE.match(text, s)):
            yield m
            last = m.end()


def _find_all(text: str, word: str, pos: int):
    """Start offsets of ``word`` in ``text`` from ``pos`` on, in order (``str.find``)."""
    i = text.find(word, pos)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


# Well-known dossier titles: a letter that names only its dossier's title still states its dossier.
DOSSIER_TITLES = {
    "nederlandse deelname aan vredesmissies": "29521",
    "afrikabeleid": "29237",
    "raad algemene zaken en raad buitenlandse zaken": "21501-02",
    "internationale veiligheidsstrategie": "33694",
}


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), _MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        return None


def _parse_date(s: str) -> dt.date | None:
    parts = s.split()
    return _date(*parts) if len(parts) == 3 else None


_PDF_HYPHEN = re.compile(r"(?<=[A-Za-z])-\s*\n\s*(?=[A-Za-z])")
_WHITESPACE = re.compile(r"\s+")


def _squash(s: str) -> str:
    """Collapse whitespace and undo a PDF hyphenation left in a heading ("ONTWIKKELINGS- SAMENWERKING")."""
    if "\n" in s:  # a PDF hyphenation ends a line
        s = _PDF_HYPHEN.sub("", s)
    return _WHITESPACE.sub(" ", s).strip(" ,*")


def _dossier(s: str) -> str:
    return s.replace(" ", "").replace("\u00a0", "")


def _dossier_label(s: str) -> str:
    """ "29521" / "29 521" → "29 521", the way papers print a dossier number."""
    d = _dossier(s)
    head, _, tail = d.partition("-")
    return (f"{head[:-3]} {head[-3:]}" if len(head) == 5 else head) + (f"-{tail}" if tail else "")


def paper_key(dossier: str, number: str) -> str:
    """The IRI key of a parliamentary paper: ``letter/kst-29521-446`` (dossier spaces dropped, lower case)."""
    return f"letter/kst-{_dossier(dossier).lower()}-{number.lower()}"


class _Out:
    def __init__(self, ctx: FactContext) -> None:
        self.ctx = ctx
        self.name = ctx.parsed.normalised.letter.name
        self.key = f"letter/{self.name}"
        self.facts: list[Fact] = []

    def evidence(self, start: int, end: int) -> Evidence:
        text = self.ctx.parsed.normalised.letter.text
        return Evidence(start, end, text[start:end])

    def add(self, prop: str, value, start: int, end: int, extra: tuple = ()) -> None:
        self.facts.append(Fact(kind="Letter", subject_key=self.key, types=("Letter",),
                               props=((prop, value),) + extra, evidence=self.evidence(start, end)))


def _person_at(ctx: FactContext, start: int, end: int, name: str, persons: list | None = None) -> Entity:
    """The linked person mentioned at original span [start, end), else an unlinked one named ``name``.

    ``persons``: :func:`_persons` of ``ctx`` if the caller has it already."""
    for ms, me, entity in _persons(ctx) if persons is None else persons:
        if ms < end and start < me:
            return entity
    clean = _WHITESPACE.sub(" ", name).strip()
    return Entity(key=f"person/{slugify(clean)}", cls="Person", label_nl=clean, unlinked=True)


def _persons(ctx: FactContext) -> list[tuple[int, int, Entity]]:
    """The person mentions' original spans and entities, in mention order."""
    to_original = ctx.parsed.normalised.to_original
    return [(*to_original(m.start, m.end), m.entity) for m in ctx.mentions if m.entity.cls == "Person"]


def extract_letter_meta(ctx: FactContext) -> tuple[Fact, ...]:
    """Letter metadata facts (see module docstring)."""
    text = ctx.parsed.normalised.letter.text
    head = text[:HEAD]
    out = _Out(ctx)
    persons = None  # the person mentions' original spans, read once, when a questioner or signatory needs them

    def person_at(start: int, end: int, name: str) -> Entity:
        nonlocal persons
        if persons is None:
            persons = _persons(ctx)
        return _person_at(ctx, start, end, name, persons)

    # date: "Den Haag, 11 april 2013", else the answer's "(ontvangen …)", else the letter date found upstream
    m = date_line = _DATE_LINE.search(head)
    ans = _ANSWER.search(head)
    if m and (d := _date(*m.groups())):
        out.add("date", d, m.start(), m.end())
    elif ans and (d := _parse_date(ans.group("date"))):
        out.add("date", d, ans.start("date"), ans.end("date"))
    elif (pub := publication_date(head)) is not None:
        out.add("date", pub[0], pub[1], pub[2])  # a web page's "Nieuwsbericht | 12-06-2020"
    elif ctx.letter_date is not None:
        dm = next((x for x in ctx.dates if x.date == ctx.letter_date), None)
        if dm is not None:
            out.add("date", ctx.letter_date, *ctx.parsed.normalised.to_original(dm.start, dm.end))

    # chamber, dossier, number
    chamber_done = dossier_done = number_done = False
    if m := (addressee := _ADDRESSEE.search(head)):
        out.add("chamber", ("skg", f"{m.group(1)}Kamer"), m.start(), m.end())
        chamber_done = True
    for m in _header_chambers(text):
        if not chamber_done:
            out.add("chamber", ("skg", f"{m.group(1)}Kamer"), m.start(), m.end())
            chamber_done = True
        if m.group(2) and not dossier_done:
            out.add("dossier", _dossier(m.group(2)), m.start(2), m.end(2))
            dossier_done = True
        if m.group(3) and not number_done:
            out.add("number", m.group(3), m.start(3), m.end(3))
            number_done = True
        if chamber_done and dossier_done and number_done:
            break
    # each pattern below holds a literal word that str's search rules out faster than the pattern
    if not chamber_done and "Staten-" in head[:1000] and (m := _CHAMBER_HEADING.search(head[:1000])):
        # a report or page headed by the chamber itself: "# Tweede Kamer der Staten-Generaal"
        out.add("chamber", ("skg", f"{m.group(1)}Kamer"), m.start(1), m.end())
        chamber_done = True
    if not chamber_done and ("Handelingen" in head or "Kamerstukken" in head) and (m := _PAPER_SERIES.search(head)):
        # "Aanhangsel Handelingen II", "Kamerstukken I 2019/20": the series names the chamber
        out.add("chamber", ("skg", "TweedeKamer" if m.group(1) == "II" else "EersteKamer"), m.start(), m.end())
        chamber_done = True
    q = _QUESTIONS.search(head)
    if not chamber_done and q:
        # written questions are put by members of the Tweede Kamer unless the text says otherwise
        chamber = "EersteKamer" if "Eerste Kamer" in head else "TweedeKamer"
        out.add("chamber", ("skg", chamber), q.start(), q.start("party") - 1)
    pre = head[: (addressee or date_line or _END.search(head)).start()]
    if not dossier_done and (m := _DOSSIER_LINE.search(pre)):
        out.add("dossier", _dossier(m.group(1)), m.start(1), m.end(1))
        dossier_done = True
    if not dossier_done:
        for line in re.finditer(r"(?m)^[ \t*#]*([A-Z][^\n*]{3,80}?)[ \t*]*$", pre):
            if (dn := DOSSIER_TITLES.get(line.group(1).strip().lower())) is not None:
                out.add("dossier", dn, line.start(1), line.end(1))
                out.add("subject", line.group(1).strip(), line.start(1), line.end(1))
                break
    if not number_done and (m := _NUMBER_LINE.search(pre)):
        g = "nr" if m.group("nr") else "letters"
        out.add("number", m.group(g), m.start(g), m.end(g))
    elif not number_done and (m := _NR_TOKEN.search(pre)):
        out.add("number", m.group(1), m.start(1), m.end(1))

    # the letter as a parliamentary paper others cite: one node for both
    dossiers = [f for f in out.facts if f.props[0][0] == "dossier"]
    numbers = [f for f in out.facts if f.props[0][0] == "number"]
    if dossiers and numbers:
        key = paper_key(dossiers[0].props[0][1], numbers[0].props[0][1])
        ev = numbers[0].evidence
        out.add("sameAs", ("id", key), ev.start, ev.end)

    # kind and title
    h = _HEADING.search(head)
    if h:
        out.add("title", _squash(h.group()), h.start(), h.end())
    kind = None
    if q or ans:
        kind, ks, ke = "antwoorden-kamervragen", (q or ans).start(), (q or ans).end()
    elif h and _may_cite_article(head) and (a := _ARTIKEL_100.search(text, 0, HEAD)):
        kind, ks, ke = "artikel-100-brief", a.start(), a.end()
    elif h:
        word = h.group().split()[0]
        kind = {"BRIEF": "brief", "BRIEVEN": "brief", "VERSLAG": "verslag", "NOTA": "nota",
                "MOTIE": "motie", "AMENDEMENT": "amendement",
                "LIJST": "lijst-van-vragen-en-antwoorden"}.get(word, "brief")
        ks, ke = h.start(), h.start() + len(word)
    if kind:
        out.add("kind", kind, ks, ke)

    # questions and answers
    if q:
        party = q.group("party").strip()
        # "het lid Jasper van Dijk (SP)", "de leden Ten Broeke en Knops (VVD)": one questioner each
        who, base, pos = q.group("who"), q.start("who"), 0
        spans = []
        for sep in re.finditer(r"\s*,\s*|\s+en\s+", who):
            spans.append((pos, sep.start()))
            pos = sep.end()
        spans.append((pos, len(who.rstrip())))
        for a, b in spans:
            if b <= a:
                continue
            s0, e0 = base + a, base + b
            person = person_at(s0, e0, _squash(text[s0:e0]))
            if not person.extra:
                person = Entity(**{**person.__dict__, "extra": (("party", party),)})
            out.add("questioner", person, s0, q.end("party") + 1)
        sub = _parse_date(q.group("sub"))
        if sub:
            out.add("dateSubmitted", sub, q.start("sub"), q.end("sub"))
        subj = re.search(r"\bover\s+(.{3,200}?)\s*\(ingezonden", q.group(0), re.DOTALL)
        if subj:
            out.add("subject", _squash(subj.group(1)), q.start() + subj.start(1), q.start() + subj.end(1))

    # signatories
    sigs: list[tuple[str, Entity | None, int, int]] = []
    if ans:
        office = f"{ans.group('title').capitalize()} van {_squash(ans.group('dept'))}"
        person = person_at(ans.start("name"), ans.end("name"), ans.group("name"))
        sigs.append((office, person, ans.start(), ans.end("dept") + 1))
        for co in _CO_SIGNED.finditer(ans.group("co")):
            s = ans.start("co") + co.start("office")
            sigs.append((_squash(co.group("office")), None, s, ans.start("co") + co.end("office")))
    tail_from = max(0, len(text) - 3000)
    for m in _signature_blocks(text, tail_from):
        office = _squash(m.group("office"))
        office = office[0].upper() + office[1:]
        person = person_at(m.start("name"), m.end("name"), m.group("name"))
        sigs.append((office, person, m.start(), m.end("name")))
    for i, (office, person, s, e) in enumerate(sigs):
        props = (("office", office),) + ((("signatory", person),) if person is not None else ())
        out.facts.append(Fact(kind="Letter", subject_key=f"signature/{out.name}-{i + 1}", types=("Signature",),
                              props=props + (("letter", ("id", out.key)),), evidence=out.evidence(s, e)))

    # cited papers
    seen: set[str] = set()
    for m in _citations(text):
        # "Kamerstuk 29 521, nr. 446", "Kamerstukken II 2019/20, 29 521, nr. 400", "nrs. 400 en 401"
        numbers = _CITED_NUMBER.findall(m.group("number"))
        end = m.end()
        if m.group("nr").lower() in ("nr.", "nummer"):
            numbers = numbers[:1]  # "nr. 426, 15 oktober 2021": one paper, then a date
            end = m.start("number") + len(numbers[0])
        for number in numbers:
            key = paper_key(m.group("dossier"), number)
            if key in seen:
                continue
            seen.add(key)
            label = f"Kamerstuk {_dossier_label(m.group('dossier'))}, nr. {number}"
            out.add("references", ("id", key), m.start(), end,
                    extra=(("paperDossier", _dossier(m.group("dossier"))), ("paperNumber", number),
                           ("paperLabel", label)))
    return tuple(out.facts)
