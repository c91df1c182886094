"""The values that flow through the extraction pipeline, one frozen dataclass per step.

Data flows one way::

    read.read_letter(path)            -> Letter        (text exactly as stored; offsets refer to it)
    normalise.normalise(letter)       -> Normalised    (running text + map back to Letter.text)
    sentences.split(normalised)       -> Parsed        (sentences and tokens, spaCy ``nl``)
    mentions.find_mentions(parsed)    -> tuple[Mention, ...]   (gazetteer + discovered entities)
    values.find_quantities(parsed)    -> tuple[Quantity, ...]
    dates.find_dates(parsed, letter_date) -> tuple[DateMention, ...]
    facts.*(context)                  -> tuple[Fact, ...]      (one module per fact type)
    rdf.to_quads(extraction)          -> list[pyoxigraph.Quad]

Offsets: ``start``/``end`` on spans *inside the pipeline* are offsets into ``Normalised.text``
unless the field says ``orig``; :meth:`Normalised.to_original` maps them back to ``Letter.text``
(Unicode code points). Evidence in the graph always carries original offsets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# --------------------------------------------------------------------------- step 1: read


@dataclass(frozen=True)
class Letter:
    """One parliamentary paper as read from disk.

    ``text`` is the letter's text exactly as stored for .txt/.md (decoded); for .html and .pdf it is
    the text extracted from the document, which the graph stores too (``skg:text``), so that evidence
    offsets always point into a text a researcher can see.
    """

    name: str  # stable identifier for IRIs: the file stem, e.g. "000_825a412ac6e2827a"
    text: str
    media_type: str  # "text/plain", "text/markdown", "text/html", "application/pdf"
    encoding: str  # the detected source encoding ("utf-8", "cp1252", ...; "pdf" for PDFs)
    sha256: str  # of the text with line endings and trailing spaces normalised (read.text_fingerprint): duplicates
    path: str | None = None
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- step 2: normalise


@dataclass(frozen=True)
class Aside:
    """A part of the letter set apart from the running text (page header/footer, footnote, markup)."""

    kind: Literal["header", "footer", "footnote", "markup", "heading"]
    orig_start: int
    orig_end: int
    text: str


@dataclass(frozen=True)
class Normalised:
    """Running text with PDF hyphenation undone and wrapped lines joined.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in ``letter.text`` of the
    character that became ``text[i]``; the last entry is ``len(letter.text)`` (or the end of the
    last mapped character), so ``to_original(start, end)`` maps half-open spans.
    """

    letter: Letter
    text: str
    offsets: tuple[int, ...]
    asides: tuple[Aside, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to the half-open span of ``letter.text`` it came from."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1


# --------------------------------------------------------------------------- step 3: sentences


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True)
class Parsed:
    normalised: Normalised
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return self.normalised.text


# --------------------------------------------------------------------------- step 4: mentions

EntityClass = Literal["State", "Organisation", "ArmedGroup", "Mission", "Person", "Place"]


@dataclass(frozen=True)
class Entity:
    """A real-world entity: from the gazetteer (linked) or discovered in the text (``unlinked``).

    ``key`` is the IRI path under ``id/``, e.g. ``"state/MLI"``, ``"mission/minusma"``,
    ``"group/jnim"``, ``"person/k-h-ollongren"``; unlinked keys are derived from the name so the same
    unknown name resolves to one node across letters.
    """

    key: str
    cls: EntityClass
    label_en: str | None = None
    label_nl: str | None = None
    alt_labels: tuple[str, ...] = ()
    wikidata: str | None = None  # "Q912" (verified; never guessed)
    iso3166: str | None = None  # alpha-3, states only
    unlinked: bool = False
    extra: tuple[tuple[str, str], ...] = ()  # e.g. (("role", "Minister van Defensie"),)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity: Entity
    sentence: int = -1  # index into Parsed.sentences
    how: Literal["gazetteer", "title", "signature", "pattern"] = "gazetteer"


# --------------------------------------------------------------------------- step 5: values

Quantifier = Literal["Exact", "Approximately", "AtMost", "AtLeast"]


@dataclass(frozen=True)
class Quantity:
    """A number found in the text, with its unit where one is stated.

    ``unit``: "persons" (personen, militairen, agenten, trainers, ...), a currency code ("EUR",
    "USD"), or None. ``value`` is exact (Decimal), money already multiplied out ("3,8 miljoen" ->
    3800000).
    """

    start: int
    end: int
    value: Decimal
    unit: str | None = None
    quantifier: Quantifier = "Exact"
    noun: str | None = None  # the counted noun as written ("militairen"), if any


@dataclass(frozen=True)
class DateMention:
    """A date or span found in the text, resolved against the letter's date where relative.

    ``granularity``: "day", "month", "season"/"part" (eind/medio/begin ... are resolved to a day but
    marked), "year", "span" (``start``..``end``), "duration" (``months`` set, no calendar date).
    """

    start: int
    end: int
    granularity: Literal["day", "month", "part", "year", "span", "duration"]
    date: dt.date | None = None
    end_date: dt.date | None = None
    year: int | None = None
    months: int | None = None
    inclusive_end: bool = False  # "tot en met"


# --------------------------------------------------------------------------- step 6: facts


@dataclass(frozen=True)
class Evidence:
    """A quoted passage: ``exact == letter.text[start:end]`` (original offsets, code points)."""

    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class Fact:
    """One extracted statement with the passage it came from.

    ``kind`` is one of "Contribution", "Mandate", "Event", "Relation", "Letter". ``subject_key`` is
    the fact's own node key under ``id/`` (for Relation: the subject entity key). ``props`` holds
    schema properties as (local name in ``skg:``, value) pairs; a value is an :class:`Entity`,
    a ``datetime.date``, an int, a ``Decimal``, a str, or ("gYear", 2018). ``types`` are the
    ``skg:`` class local names (e.g. ("Event", "Attack")).
    """

    kind: str
    subject_key: str
    types: tuple[str, ...]
    props: tuple[tuple[str, object], ...]
    evidence: Evidence
    status: Literal["asserted", "planned", "considered"] = "asserted"


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one letter."""

    letter: Letter
    facts: tuple[Fact, ...]
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...] = ()
    warnings: tuple[str, ...] = ()
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FactContext:
    """What every fact extractor reads: the parsed letter and everything found in it.

    A fact extractor is a pure function ``(FactContext) -> tuple[Fact, ...]``; the list of them lives
    in one tuple, ``sahelkg.extract.facts.FACT_EXTRACTORS``.
    """

    parsed: Parsed
    mentions: tuple[Mention, ...]
    quantities: tuple[Quantity, ...]
    dates: tuple[DateMention, ...]
    letter_date: dt.date | None = None

    @property
    def text(self) -> str:
        return self.parsed.text

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the normalised span [start, end): original offsets and the original quote."""
        o_start, o_end = self.parsed.normalised.to_original(start, end)
        return Evidence(o_start, o_end, self.parsed.normalised.letter.text[o_start:o_end])

    def within(self, items, start: int, end: int):
        """The spans among ``items`` (mentions, quantities, dates) that lie inside [start, end)."""
        return tuple(i for i in items if i.start >= start and i.end <= end)
