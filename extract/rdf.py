"""Step 7: an extraction as quads in the letter's named graph, with provenance as SCHEMA.md says.

Everything goes into one graph per letter, ``<base>graph/letter/<name>``, which has
``prov:wasDerivedFrom`` → the letter. No blank nodes: every node has a deterministic IRI, so the same
letter always gives the same quads and graphs diff and merge cleanly.

- Letter ``<base>id/letter/<name>``: typed ``skg:Letter`` (and ``skg:Article100Letter``,
  ``skg:Answers`` or ``skg:Report`` by its kind), ``skg:text`` (the text as stored, so evidence offsets can be
  checked), ``skg:sha256``, ``dcterms:format``, ``skg:mentions`` → every entity mentioned, plus the
  ``Letter`` facts (date, chamber, dossier, number, kind, title, ``dcterms:creator`` plus a
  ``skg:signature`` node with ``skg:signatory`` and ``skg:office``, ``dcterms:references`` to
  ``id/letter/kst-<dossier>-<number>`` nodes, ``owl:sameAs`` to its own paper node).
- Entities ``<base>id/<key>``: their ``skg:`` class, ``rdfs:label`` (``@nl``/``@en``),
  ``skos:altLabel`` for the other surfaces seen in this letter (not adjectives), ``owl:sameAs wd:Q…``,
  ``skg:iso3166``, ``skg:unlinked true`` for discovered ones. Emitted in every letter graph that
  mentions them; the graph builder resolves across letters.
- Contribution, Mandate, Event facts: node ``<base>id/<subject_key>`` (``-2``, ``-3`` … appended
  when a letter has several facts with one key), typed, ``prov:wasDerivedFrom`` → letter,
  ``skg:evidence`` → ``<base>id/evidence/<letter>-<start>-<end>`` (``skg:Evidence``, ``oa:TextQuoteSelector`` and
  ``oa:TextPositionSelector``; ``oa:exact`` is *re-sliced from the letter text*, so
  ``text[start:end] == exact`` holds by construction), ``skg:status skg:Planned|skg:Considered``
  when not asserted.
- Relation facts (``subject_key`` = subject entity; each Entity-valued prop = predicate → object):
  the direct triple when asserted, and always a reified ``rdf:Statement``
  ``<base>id/statement/<letter>-<start>-<end>-<i>`` with ``prov:wasDerivedFrom``, ``skg:evidence``
  and ``skg:status`` when not asserted; other props annotate the statement.

Values of ``Fact.props``: :class:`Entity` → its IRI; ``date`` → xsd:date; ``int`` → xsd:integer;
``Decimal``/``float`` → xsd:decimal; ``bool`` → xsd:boolean; ``str`` → string (``@nl`` for prose
properties); ``("gYear", 2018)`` → xsd:gYear; ``("duration", "P15M")`` → xsd:duration;
``("skg", "Exact")`` → ``skg:Exact``; ``("id", "letter/kst-29521-446")`` → ``<base>id/…``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from sahelkg.extract.model import Entity, Evidence, Extraction, Fact
from sahelkg.namespaces import DCTERMS, OA, OWL, PROV, RDF, RDFS, SKG, SKOS, WD, XSD, Iris, DEFAULT_BASE_IRI

XSD_STRING = NamedNode(XSD + "string")
_XSD = {n: NamedNode(XSD + n) for n in ("date", "integer", "decimal", "gYear", "duration", "boolean",
                                        "nonNegativeInteger", "string")}
_A = NamedNode(RDF + "type")
_DERIVED = NamedNode(PROV + "wasDerivedFrom")
_EVIDENCE = NamedNode(SKG + "evidence")
_STATUS = NamedNode(SKG + "status")
_STATUS_IRI = {"planned": NamedNode(SKG + "Planned"), "considered": NamedNode(SKG + "Considered")}
#: prose-valued properties get a language tag (the letters are Dutch)
_PROSE = frozenset({"title", "subject", "note", "office", "role"})
#: letter properties that live outside skg:
_LETTER_PROPS = {
    "date": DCTERMS + "date", "title": DCTERMS + "title", "subject": DCTERMS + "subject",
    "references": DCTERMS + "references", "dateSubmitted": DCTERMS + "dateSubmitted", "sameAs": OWL + "sameAs",
}
#: the letter kinds that have their own subclass of skg:Letter
_KIND_CLASS = {"artikel-100-brief": "Article100Letter", "antwoorden-kamervragen": "Answers", "verslag": "Report"}
_EXTRA_PROPS = {"kind": "kind", "role": "role", "party": "party"}


def _safe(key: str) -> str:
    """An IRI-safe form of a key (keys are slugs already; this guards unexpected characters)."""
    if _SAFE_KEY.fullmatch(key):
        return key  # the common case: nothing to escape
    return quote(key, safe="/-_.~:")


_SAFE_KEY = re.compile(r"[A-Za-z0-9/\-_.~:]*")


@lru_cache(maxsize=4096)
def _iri(iri: str) -> NamedNode:
    """The node of a property or class IRI (few distinct ones, made once)."""
    return NamedNode(iri)


class _Writer:
    def __init__(self, extraction: Extraction, base_iri: str) -> None:
        self.iris = Iris(base_iri)
        self.extraction = extraction
        self.letter = extraction.letter
        self.g = NamedNode(self.iris.letter_graph(self.letter.name))
        self.s = NamedNode(self.iris.letter(self.letter.name))
        self.quads: list[Quad] = []
        self._seen: set[Quad] = set()
        self._id = f"{self.iris.base}id/"
        self._evidence: dict[tuple[int, int], NamedNode] = {}

    def add(self, s, p, o) -> None:
        q = Quad(s, p if p.__class__ is NamedNode else _iri(p), o, self.g)
        if q not in self._seen:
            self._seen.add(q)
            self.quads.append(q)

    def node(self, key: str) -> NamedNode:
        return NamedNode(self._id + _safe(key))

    def value(self, prop: str, v):
        if isinstance(v, Entity):
            return self.node(v.key)
        if isinstance(v, bool):
            return Literal("true" if v else "false", datatype=_XSD["boolean"])
        if isinstance(v, int):
            return Literal(str(v), datatype=_XSD["integer"])
        if isinstance(v, Decimal):
            return Literal(format(v.normalize(), "f") if v == v.to_integral_value() else str(v),
                           datatype=_XSD["decimal"])
        if isinstance(v, float):
            return Literal(repr(v), datatype=_XSD["decimal"])
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return Literal(v.isoformat(), datatype=_XSD["date"])
        if isinstance(v, tuple) and len(v) == 2:
            tag, x = v
            if tag == "gYear":
                return Literal(f"{int(x):04d}", datatype=_XSD["gYear"])
            if tag == "duration":
                return Literal(str(x), datatype=_XSD["duration"])
            if tag == "skg":
                return _iri(SKG + str(x))
            if tag == "id":
                return self.node(str(x))
        if prop in _PROSE:
            return Literal(str(v), language="nl")
        return Literal(str(v))

    def evidence(self, ev: Evidence) -> NamedNode:
        text = self.letter.text
        start, end = max(0, min(ev.start, len(text))), max(0, min(ev.end, len(text)))
        n = self._evidence.get((start, end))
        if n is not None:  # its quads are in already (several facts quote one passage)
            return n
        n = self._evidence[start, end] = self.node(f"evidence/{self.letter.name}-{start}-{end}")
        self.add(n, _A, _iri(SKG + "Evidence"))
        self.add(n, _A, _iri(OA + "TextQuoteSelector"))
        self.add(n, _A, _iri(OA + "TextPositionSelector"))
        self.add(n, _iri(OA + "exact"), Literal(text[start:end]))
        self.add(n, _iri(OA + "start"), Literal(str(start), datatype=_XSD["nonNegativeInteger"]))
        self.add(n, _iri(OA + "end"), Literal(str(end), datatype=_XSD["nonNegativeInteger"]))
        self.add(n, _DERIVED, self.s)
        return n

    def status(self, node, status: str) -> None:
        if status in _STATUS_IRI:
            self.add(node, _STATUS, _STATUS_IRI[status])


def to_quads(extraction: Extraction, base_iri: str = DEFAULT_BASE_IRI) -> list[Quad]:
    """The extraction's quads, all in the letter's named graph (see module docstring)."""
    w = _Writer(extraction, base_iri)
    letter, s = extraction.letter, w.s
    w.add(w.g, _DERIVED, s)
    w.add(s, _A, _iri(SKG + "Letter"))
    w.add(s, SKG + "text", Literal(letter.text))
    w.add(s, SKG + "sha256", Literal(letter.sha256))
    w.add(s, DCTERMS + "format", Literal(letter.media_type))

    _entities(w, extraction)
    keys: dict[str, int] = {}
    statements: dict[tuple[int, int], int] = {}
    for fact in extraction.facts:
        if fact.kind == "Letter":
            _letter_fact(w, fact)
        elif fact.kind == "Relation":
            _relation(w, fact, statements)
        else:
            n = keys.get(fact.subject_key, 0) + 1
            keys[fact.subject_key] = n
            _fact(w, fact, fact.subject_key if n == 1 else f"{fact.subject_key}-{n}")
    return w.quads


def _entities(w: _Writer, extraction: Extraction) -> None:
    try:
        from sahelkg.extract.mentions import is_adjectival
    except ImportError:  # pragma: no cover - transitional, before the mention finder lands
        def is_adjectival(_m) -> bool:
            return False
    surfaces: dict[str, list[str]] = {}
    for m in extraction.mentions:
        surface = " ".join(m.surface.split())
        if surface and not is_adjectival(m):
            lst = surfaces.setdefault(m.entity.key, [])
            if surface not in lst:
                lst.append(surface)
    mentioned = {m.entity.key for m in extraction.mentions}
    mentioned.update(extraction.metadata.get("footnote_entities", ()))  # named in a footnote
    for e in extraction.entities:
        n = w.node(e.key)
        w.add(n, _A, _iri(SKG + e.cls))
        labels = set()
        if e.label_nl:
            w.add(n, RDFS + "label", Literal(e.label_nl, language="nl"))
            labels.add(e.label_nl)
        if e.label_en:
            w.add(n, RDFS + "label", Literal(e.label_en, language="en"))
            labels.add(e.label_en)
        seen = surfaces.get(e.key, [])
        if not labels:
            first = seen[0] if seen else e.key.rsplit("/", 1)[-1]
            w.add(n, RDFS + "label", Literal(first, language="nl"))
            labels.add(first)
        for alt in seen:
            if alt not in labels:
                w.add(n, SKOS + "altLabel", Literal(alt, language="nl"))
        if e.wikidata:
            w.add(n, OWL + "sameAs", _iri(WD + e.wikidata))
        if e.iso3166:
            w.add(n, SKG + "iso3166", Literal(e.iso3166))
        if e.unlinked:
            w.add(n, SKG + "unlinked", Literal("true", datatype=_XSD["boolean"]))
        for k, v in e.extra:
            if k in _EXTRA_PROPS:
                w.add(n, SKG + _EXTRA_PROPS[k], w.value(k, v))
        if e.key in mentioned:
            w.add(w.s, SKG + "mentions", n)


def _letter_fact(w: _Writer, fact: Fact) -> None:
    s = w.s
    if "Signature" in fact.types:
        sig = w.node(fact.subject_key)
        w.add(sig, _A, _iri(SKG + "Signature"))
        w.add(s, SKG + "signature", sig)
        for k, v in fact.props:
            if k == "office":
                w.add(sig, SKG + "office", w.value(k, v))
            elif k == "signatory":
                person = w.value(k, v)
                w.add(sig, SKG + "signatory", person)
                w.add(s, DCTERMS + "creator", person)
                _reify(w, s, NamedNode(DCTERMS + "creator"), person, fact, f"{fact.subject_key}-creator")
        return
    props = dict(fact.props)
    if "kind" in props and props["kind"] in _KIND_CLASS:
        w.add(s, _A, _iri(SKG + _KIND_CLASS[props["kind"]]))
    for k, v in fact.props:
        if k.startswith("paper"):
            continue
        p = _iri(_LETTER_PROPS.get(k, SKG + k))
        o = w.value(k, v)
        w.add(s, p, o)
        if k in ("references", "sameAs"):
            # the cited (or own) paper: one node per dossier and number, whoever cites it
            if k == "references":
                w.add(o, _A, _iri(SKG + "Letter"))
                w.add(o, RDFS + "label", Literal(props.get("paperLabel", str(v[1])), language="nl"))
                if "paperDossier" in props:
                    w.add(o, SKG + "dossier", Literal(props["paperDossier"]))
                    w.add(o, SKG + "number", Literal(props["paperNumber"]))
                ev = fact.evidence
                _reify(w, s, p, o, fact, f"statement/{w.letter.name}-{ev.start}-{ev.end}-ref")
            else:
                w.add(o, _A, _iri(SKG + "Letter"))


def _reify(w: _Writer, s, p, o, fact: Fact, key: str) -> None:
    st = w.node(key if key.startswith("statement/") else f"statement/{w.letter.name}-{key.replace('/', '-')}")
    w.add(st, _A, _iri(RDF + "Statement"))
    w.add(st, RDF + "subject", s)
    w.add(st, RDF + "predicate", p)
    w.add(st, RDF + "object", o)
    w.add(st, _DERIVED, w.s)
    w.add(st, _EVIDENCE, w.evidence(fact.evidence))
    w.status(st, fact.status)


def _fact(w: _Writer, fact: Fact, key: str) -> None:
    n = w.node(key)
    for t in fact.types or (fact.kind,):
        w.add(n, _A, _iri(SKG + t))
    w.add(n, _DERIVED, w.s)
    w.add(n, _EVIDENCE, w.evidence(fact.evidence))
    w.status(n, fact.status)
    for k, v in fact.props:
        # a fact's short description is its rdfs:label (Dutch, the letters' language)
        if k == "label":
            w.add(n, RDFS + "label", Literal(str(v), language="nl"))
        else:
            w.add(n, SKG + k, w.value(k, v))


def _relation(w: _Writer, fact: Fact, statements: dict) -> None:
    subject = w.node(fact.subject_key)
    ev = fact.evidence
    annotations = [(k, v) for k, v in fact.props if not isinstance(v, Entity)]
    for k, v in fact.props:
        if not isinstance(v, Entity):
            continue
        p, o = _iri(SKG + k), w.node(v.key)
        if fact.status == "asserted":
            w.add(subject, p, o)
        i = statements.get((ev.start, ev.end), 0) + 1
        statements[(ev.start, ev.end)] = i
        st = w.node(f"statement/{w.letter.name}-{ev.start}-{ev.end}-{i}")
        w.add(st, _A, _iri(RDF + "Statement"))
        w.add(st, RDF + "subject", subject)
        w.add(st, RDF + "predicate", p)
        w.add(st, RDF + "object", o)
        w.add(st, _DERIVED, w.s)
        w.add(st, _EVIDENCE, w.evidence(ev))
        w.status(st, fact.status)
        for ak, av in annotations:
            w.add(st, SKG + ak, w.value(ak, av))
