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

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from sahelkg.extract.model import Entity, Evidence, Extraction, Fact
from sahelkg.namespaces import DCTERMS, OA, OWL, PROV, RDF, RDFS, SKG, SKOS, WD, XSD, Iris, DEFAULT_BASE_IRI

# How the quads are made (speed; the quads are the same either way): pyoxigraph's ``Quad(s, p, o, g)``
# tries the object as a NamedNode, then a BlankNode, then a Literal, and each failed try costs as much
# as a whole quad with a node object (~1.6 µs a quad with a literal object against ~0.2 µs). So a quad
# whose object is a node is made directly from cached nodes, and a quad whose object is a literal is
# written as one N-Quads line; all the lines of a letter are parsed at once at the end (``lenient``:
# their IRIs are those of nodes already made, and so already checked, and the parser reads the
# literals exactly as written) and put back in their places, so the list's order is unchanged.

XSD_STRING = NamedNode(XSD + "string")
_XSD = {n: NamedNode(XSD + n) for n in ("date", "integer", "decimal", "gYear", "duration", "boolean",
                                        "nonNegativeInteger", "string")}
#: the N-Quads suffix of a literal of each datatype used
_DT = {n: f"^^<{XSD}{n}>" for n in ("date", "integer", "decimal", "gYear", "duration", "boolean",
                                     "nonNegativeInteger")}
_TRUE = f'"true"{_DT["boolean"]}'
_FALSE = f'"false"{_DT["boolean"]}'
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


def _quoted(s: str) -> str:
    """``s`` as an N-Quads string: quoted, with the four characters N-Quads forbids raw in one
    (backslash, double quote, line feed, carriage return) escaped."""
    if "\\" in s or '"' in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{s}"'


_EV_TYPES = (_iri(SKG + "Evidence"), _iri(OA + "TextQuoteSelector"), _iri(OA + "TextPositionSelector"))
_OA_EXACT, _OA_START, _OA_END = (_iri(OA + k) for k in ("exact", "start", "end"))
_RDFS_LABEL = _iri(RDFS + "label")
_SKOS_ALT = _iri(SKOS + "altLabel")
_SKG_MENTIONS = _iri(SKG + "mentions")
_STATEMENT = _iri(RDF + "Statement")
_RDF_S, _RDF_P, _RDF_O = _iri(RDF + "subject"), _iri(RDF + "predicate"), _iri(RDF + "object")
_NNI = _DT["nonNegativeInteger"]
_OWL_SAME_AS = _iri(OWL + "sameAs")


@lru_cache(maxsize=4096)
def _skg(local: str) -> NamedNode:
    """The node of ``skg:<local>`` (a property or class; few distinct ones, made once)."""
    return _iri(SKG + local)


class _Writer:
    """Collects a letter's triples in order, then makes each distinct one a quad (see the note above)."""

    def __init__(self, extraction: Extraction, base_iri: str) -> None:
        self.iris = Iris(base_iri)
        self.extraction = extraction
        self.letter = extraction.letter
        self.g = NamedNode(self.iris.letter_graph(self.letter.name))
        self.s = NamedNode(self.iris.letter(self.letter.name))
        #: (subject, predicate node, object) in order; the object is a term or a literal's N-Quads text
        self.triples: list[tuple] = []
        self._id = f"{self.iris.base}id/"
        self._nodes: dict[str, NamedNode] = {}
        self._evidence: dict[tuple[int, int], NamedNode] = {}

    def add(self, s, p, o) -> None:
        """One quad in the letter's graph; ``o`` is a term or a literal's N-Quads text (see :meth:`value`)."""
        self.triples.append((s, p if p.__class__ is NamedNode else _iri(p), o))

    def finish(self) -> list[Quad]:
        """The distinct quads in the order first added.

        Two triples are the same quad exactly when their terms are equal (a literal is always given
        as its N-Quads text, except the letter's text, so equal literals have equal texts).
        """
        g, tail = self.g, f" <{self.g.value}> .\n"
        quads: list = []
        lines: list[str] = []
        slots: list[int] = []
        for s, p, o in dict.fromkeys(self.triples):
            if o.__class__ is str:
                slots.append(len(quads))
                quads.append(None)
                lines.append(f"<{s.value}> <{p.value}> {o}{tail}")
            else:
                quads.append(Quad(s, p, o, g))
        if lines:
            for i, q in zip(slots, parse("".join(lines), format=RdfFormat.N_QUADS, lenient=True)):
                quads[i] = q
        return quads

    def node(self, key: str) -> NamedNode:
        n = self._nodes.get(key)
        if n is None:
            n = self._nodes[key] = NamedNode(self._id + _safe(key))
        return n

    def value(self, prop: str, v):
        """A property value: a node, or a literal as its N-Quads text (a ``str``)."""
        if isinstance(v, Entity):
            return self.node(v.key)
        if isinstance(v, bool):
            return _TRUE if v else _FALSE
        if isinstance(v, int):
            return f'"{v!s}"{_DT["integer"]}'
        if isinstance(v, Decimal):
            lex = format(v.normalize(), "f") if v == v.to_integral_value() else str(v)
            return f'"{lex}"{_DT["decimal"]}'
        if isinstance(v, float):
            return f'"{v!r}"{_DT["decimal"]}'
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return f'"{v.isoformat()}"{_DT["date"]}'
        if isinstance(v, tuple) and len(v) == 2:
            tag, x = v
            if tag == "gYear":
                return f'"{int(x):04d}"{_DT["gYear"]}'
            if tag == "duration":
                return _quoted(str(x)) + _DT["duration"]
            if tag == "skg":
                return _iri(SKG + str(x))
            if tag == "id":
                return self.node(str(x))
        if prop in _PROSE:
            return _quoted(str(v)) + "@nl"
        return _quoted(str(v))

    def evidence(self, ev: Evidence) -> NamedNode:
        text = self.letter.text
        start, end = max(0, min(ev.start, len(text))), max(0, min(ev.end, len(text)))
        n = self._evidence.get((start, end))
        if n is not None:  # its quads are in already (several facts quote one passage)
            return n
        n = self._evidence[start, end] = self.node(f"evidence/{self.letter.name}-{start}-{end}")
        put = self.triples.append
        put((n, _A, _EV_TYPES[0]))
        put((n, _A, _EV_TYPES[1]))
        put((n, _A, _EV_TYPES[2]))
        put((n, _OA_EXACT, _quoted(text[start:end])))
        put((n, _OA_START, f'"{start}"{_NNI}'))
        put((n, _OA_END, f'"{end}"{_NNI}'))
        put((n, _DERIVED, self.s))
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
    w.add(s, SKG + "text", Literal(letter.text))  # one long literal: made directly, not parsed
    w.add(s, SKG + "sha256", _quoted(letter.sha256))
    w.add(s, DCTERMS + "format", _quoted(letter.media_type))

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
    return w.finish()


def _entities(w: _Writer, extraction: Extraction) -> None:
    try:
        from sahelkg.extract.mentions import is_adjectival
    except ImportError:  # pragma: no cover - transitional, before the mention finder lands
        def is_adjectival(_m) -> bool:
            return False
    surfaces: dict[str, list[str]] = {}
    done = set()
    for m in extraction.mentions:
        e = m.entity
        seen = (m.surface, e.key, m.how, e.unlinked)  # all that decides what this mention adds
        if seen in done:
            continue  # the same name for the same entity again: adds nothing
        done.add(seen)
        surface = " ".join(m.surface.split())
        if surface and not is_adjectival(m):
            lst = surfaces.setdefault(m.entity.key, [])
            if surface not in lst:
                lst.append(surface)
    mentioned = {m.entity.key for m in extraction.mentions}
    mentioned.update(extraction.metadata.get("footnote_entities", ()))  # named in a footnote
    put, value, letter_node = w.triples.append, w.value, w.s
    for e in extraction.entities:
        n = w.node(e.key)
        put((n, _A, _skg(e.cls)))
        labels = set()
        if e.label_nl:
            put((n, _RDFS_LABEL, _quoted(e.label_nl) + "@nl"))
            labels.add(e.label_nl)
        if e.label_en:
            put((n, _RDFS_LABEL, _quoted(e.label_en) + "@en"))
            labels.add(e.label_en)
        seen = surfaces.get(e.key, ())
        if not labels:
            first = seen[0] if seen else e.key.rsplit("/", 1)[-1]
            put((n, _RDFS_LABEL, _quoted(first) + "@nl"))
            labels.add(first)
        for alt in seen:
            if alt not in labels:
                put((n, _SKOS_ALT, _quoted(alt) + "@nl"))
        if e.wikidata:
            put((n, _OWL_SAME_AS, _iri(WD + e.wikidata)))
        if e.iso3166:
            put((n, _skg("iso3166"), _quoted(e.iso3166)))
        if e.unlinked:
            put((n, _skg("unlinked"), _TRUE))
        for k, v in e.extra:
            if k in _EXTRA_PROPS:
                put((n, _skg(_EXTRA_PROPS[k]), value(k, v)))
        if e.key in mentioned:
            put((letter_node, _SKG_MENTIONS, n))


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
                _reify(w, s, _iri(DCTERMS + "creator"), person, fact, f"{fact.subject_key}-creator")
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
                w.add(o, _RDFS_LABEL, _quoted(props.get("paperLabel", str(v[1]))) + "@nl")
                if "paperDossier" in props:
                    w.add(o, SKG + "dossier", _quoted(props["paperDossier"]))
                    w.add(o, SKG + "number", _quoted(props["paperNumber"]))
                ev = fact.evidence
                _reify(w, s, p, o, fact, f"statement/{w.letter.name}-{ev.start}-{ev.end}-ref")
            else:
                w.add(o, _A, _iri(SKG + "Letter"))


def _reify(w: _Writer, s, p, o, fact: Fact, key: str) -> None:
    st = w.node(key if key.startswith("statement/") else f"statement/{w.letter.name}-{key.replace('/', '-')}")
    w.add(st, _A, _STATEMENT)
    w.add(st, _RDF_S, s)
    w.add(st, _RDF_P, p)
    w.add(st, _RDF_O, o)
    w.add(st, _DERIVED, w.s)
    w.add(st, _EVIDENCE, w.evidence(fact.evidence))
    w.status(st, fact.status)


def _fact(w: _Writer, fact: Fact, key: str) -> None:
    n = w.node(key)
    put, value = w.triples.append, w.value
    for t in fact.types or (fact.kind,):
        put((n, _A, _skg(t)))
    put((n, _DERIVED, w.s))
    put((n, _EVIDENCE, w.evidence(fact.evidence)))
    if fact.status in _STATUS_IRI:
        put((n, _STATUS, _STATUS_IRI[fact.status]))
    for k, v in fact.props:
        # a fact's short description is its rdfs:label (Dutch, the letters' language)
        if k == "label":
            put((n, _RDFS_LABEL, _quoted(str(v)) + "@nl"))
        else:
            put((n, _skg(k), value(k, v)))


def _relation(w: _Writer, fact: Fact, statements: dict) -> None:
    subject = w.node(fact.subject_key)
    ev = fact.evidence
    annotations = [(k, v) for k, v in fact.props if not isinstance(v, Entity)]
    put, value, letter_node = w.triples.append, w.value, w.s
    status = _STATUS_IRI.get(fact.status)
    for k, v in fact.props:
        if not isinstance(v, Entity):
            continue
        p, o = _skg(k), w.node(v.key)
        if fact.status == "asserted":
            put((subject, p, o))
        i = statements.get((ev.start, ev.end), 0) + 1
        statements[(ev.start, ev.end)] = i
        st = w.node(f"statement/{w.letter.name}-{ev.start}-{ev.end}-{i}")
        put((st, _A, _STATEMENT))
        put((st, _RDF_S, subject))
        put((st, _RDF_P, p))
        put((st, _RDF_O, o))
        put((st, _DERIVED, letter_node))
        put((st, _EVIDENCE, w.evidence(ev)))
        if status is not None:
            put((st, _STATUS, status))
        for ak, av in annotations:
            put((st, _skg(ak), value(ak, av)))
