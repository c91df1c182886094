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
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from sahelkg.extract.model import Entity, Evidence, Extraction, Fact
from sahelkg.namespaces import DCTERMS, OA, OWL, PROV, RDF, RDFS, SKG, SKOS, WD, XSD, Iris, DEFAULT_BASE_IRI

# How the quads are made (speed; the quads are the same either way). While a letter is written, every
# triple is kept as plain strings: a triple with a node object as the tuple ``(s, p, o)`` of IRIs, a
# triple with a literal object as its N-Quads line ``<s> <p> "…"`` (graph and dot left off). Strings
# hash cheaply (a NamedNode's hash is a call into Rust each time), so the distinct triples are found
# with one ``dict.fromkeys``; equal strings are exactly equal terms. Only then are pyoxigraph objects
# made: a node once per distinct IRI (``NamedNode()`` checks the IRI: ~0.3 µs), a quad with a node
# object directly, and the quads with a literal object by parsing all of the letter's lines at once.
# pyoxigraph's ``Quad(s, p, o, g)`` tries the object as a NamedNode, then a BlankNode, then a Literal,
# and each failed try costs as much as a whole quad (~1.6 µs a quad with a literal object against
# ~0.3 µs); parsing (``lenient``: the IRIs are checked when their nodes are made, and the parser reads
# the literals exactly as written) costs ~0.6 µs a line. Parsing everything, node quads included,
# would cost ~2 µs a quad (four long IRIs each), so node quads are not written as text. The parsed
# quads are put back in their places, so the list's order is that of the triples.

#: the N-Quads suffix of a literal of each datatype used
_DT = {n: f"^^<{XSD}{n}>" for n in ("date", "integer", "decimal", "gYear", "duration", "boolean",
                                     "nonNegativeInteger")}
_TRUE = f'"true"{_DT["boolean"]}'
_FALSE = f'"false"{_DT["boolean"]}'
_NNI = _DT["nonNegativeInteger"]
# IRIs of properties and classes (all terms are IRI strings until the letter is finished)
_A = RDF + "type"
_DERIVED = PROV + "wasDerivedFrom"
_EVIDENCE = SKG + "evidence"
_STATUS = SKG + "status"
_STATUS_IRI = {"planned": SKG + "Planned", "considered": SKG + "Considered"}
_EV_TYPES = (SKG + "Evidence", OA + "TextQuoteSelector", OA + "TextPositionSelector")
_OA_EXACT, _OA_START, _OA_END = (OA + k for k in ("exact", "start", "end"))
_RDFS_LABEL = RDFS + "label"
_SKOS_ALT = SKOS + "altLabel"
_SKG_MENTIONS = SKG + "mentions"
_STATEMENT = RDF + "Statement"
_RDF_S, _RDF_P, _RDF_O = RDF + "subject", RDF + "predicate", RDF + "object"
_OWL_SAME_AS = OWL + "sameAs"
_SKG_LETTER = SKG + "Letter"
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


#: local name → the IRI ``skg:<local>``, one string object per name (so its hash is computed once).
#: Looked up as ``_SKG_IRI.get(k) or _skg(k)``: a plain dict, as a subclass's ``d[k]`` goes through a
#: Python-level ``__getitem__`` call (slot_mp_subscript), several times dearer than the lookup itself.
_SKG_IRI: dict[str, str] = {}


def _skg(local: str) -> str:
    """The IRI ``skg:<local>``; its node is made (and so the IRI checked) the first time."""
    iri = _SKG_IRI.get(local)
    if iri is None:
        iri = SKG + local
        node = _vocab(iri)  # an IRI that is not one raises here, not in the lenient parser
        if len(_SKG_IRI) < 4096:  # property and class names come from the extractors' code: few
            _SKG_IRI[local] = iri
            _VOCAB[iri] = node
    return iri


def _safe(key: str) -> str:
    """An IRI-safe form of a key (keys are slugs already; this guards unexpected characters)."""
    if _SAFE_KEY.fullmatch(key):
        return key  # the common case: nothing to escape
    return quote(key, safe="/-_.~:")


_SAFE_KEY = re.compile(r"[A-Za-z0-9/\-_.~:]*")


def _quoted(s: str) -> str:
    """``s`` as an N-Quads string: quoted, with the four characters N-Quads forbids raw in one
    (backslash, double quote, line feed, carriage return) escaped."""
    if "\\" in s or '"' in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{s}"'


#: IRI → node of the properties, classes and Wikidata items, kept across letters (bounded); each
#: letter starts its own table of nodes as a copy of it
_VOCAB: dict[str, NamedNode] = {}


def _vocab(iri: str) -> NamedNode:
    n = _VOCAB.get(iri)
    if n is None:
        n = NamedNode(iri)
        if len(_VOCAB) < 4096:
            _VOCAB[iri] = n
    return n


for _iri in (_A, _DERIVED, _EVIDENCE, _STATUS, *_STATUS_IRI.values(), *_EV_TYPES, _OA_EXACT, _OA_START,
             _OA_END, _RDFS_LABEL, _SKOS_ALT, _SKG_MENTIONS, _STATEMENT, _RDF_S, _RDF_P, _RDF_O,
             _OWL_SAME_AS, _SKG_LETTER, *_LETTER_PROPS.values()):
    _VOCAB[_iri] = NamedNode(_iri)


#: the namespaces of properties, classes and Wikidata items (their nodes are kept across letters)
_VOCAB_NS = (SKG, RDF, RDFS, OWL, PROV, OA, SKOS, DCTERMS, WD)
for _iri in (*(SKG + c for c in (*_KIND_CLASS.values(), "text", "sha256", "Signature", "signature", "office",
                                 "signatory", "dossier", "number")), DCTERMS + "format", DCTERMS + "creator"):
    _VOCAB[_iri] = NamedNode(_iri)


class _Writer:
    """Collects a letter's triples as strings in order, then makes each distinct one a quad (see the
    note above)."""

    def __init__(self, extraction: Extraction, base_iri: str) -> None:
        self.iris = Iris(base_iri)
        self.extraction = extraction
        self.letter = extraction.letter
        self.g = self.iris.letter_graph(self.letter.name)
        self.s = self.iris.letter(self.letter.name)
        #: in order: ``(s, p, o)`` IRIs for a node object, the N-Quads line ``<s> <p> "…"`` (no graph, no
        #: dot) for a literal object, or a ready Quad (the letter's text)
        self.triples: list = []
        self._id = f"{self.iris.base}id/"
        self._keys: dict[str, str] = {}
        # the IRIs of evidence and statement nodes are these prefixes plus numbers (which need no
        # escaping): ``_safe`` of the prefix once, not of every key
        self.evidence_prefix = self._id + _safe(f"evidence/{self.letter.name}-")
        self.statement_prefix = self._id + _safe(f"statement/{self.letter.name}-")
        self._evidence: dict[tuple[int, int], str] = {}
        #: IRI → node: the vocabulary's, and each of this letter's made as soon as its IRI is
        self.nodes: dict[str, NamedNode] = dict(_VOCAB)
        self.nodes[self.g] = NamedNode(self.g)
        self.nodes[self.s] = NamedNode(self.s)

    def add(self, s: str, p: str, o: str) -> None:
        """One quad in the letter's graph: ``o`` is an IRI or a literal's N-Quads text (see :meth:`value`)."""
        if o[0] == '"':  # a literal's text starts with its quote, an IRI never does
            self.triples.append(f"<{s}> <{p}> {o}")
        else:
            self.triples.append((s, p, o))

    def finish(self) -> list[Quad]:
        """The distinct quads in the order first added (equal strings are exactly equal terms)."""
        nodes = self.nodes
        g = nodes[self.g]
        quads: list = []
        put = quads.append
        lines: list[str] = []
        slots: list[int] = []
        for t in dict.fromkeys(self.triples):
            if t.__class__ is tuple:
                s, p, o = t
                try:
                    put(Quad(nodes[s], nodes[p], nodes[o], g))
                except KeyError:  # a vocabulary term first used after this letter's table was made
                    put(Quad(self.term(s), self.term(p), self.term(o), g))
            elif t.__class__ is str:
                slots.append(len(quads))
                put(None)
                lines.append(t)
            else:
                put(t)
        if lines:
            tail = f" <{self.g}> .\n"
            for i, q in zip(slots, parse(tail.join(lines) + tail, format=RdfFormat.N_QUADS, lenient=True)):
                quads[i] = q
        return quads

    def term(self, iri: str) -> NamedNode:
        """The node of any IRI (made once)."""
        n = self.nodes.get(iri)
        if n is None:
            n = self.nodes[iri] = _vocab(iri) if iri.startswith(_VOCAB_NS) else NamedNode(iri)
        return n

    def node(self, key: str) -> str:
        """The IRI of ``<base>id/<key>`` (its node is made at once, for :meth:`finish`)."""
        iri = self._keys.get(key)
        if iri is None:
            iri = self._keys[key] = self._id + _safe(key)
            if iri not in self.nodes:
                self.nodes[iri] = NamedNode(iri)
        return iri

    def value(self, prop: str, v) -> str:
        """A property value: a node's IRI, or a literal's N-Quads text (which starts with ``"``)."""
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
                return _skg(str(x))
            if tag == "id":
                return self.node(str(x))
        if prop in _PROSE:
            return _quoted(str(v)) + "@nl"
        return _quoted(str(v))

    def evidence(self, ev: Evidence) -> str:
        text = self.letter.text
        start, end = max(0, min(ev.start, len(text))), max(0, min(ev.end, len(text)))
        n = self._evidence.get((start, end))
        if n is not None:  # its quads are in already (several facts quote one passage)
            return n
        n = self._evidence[start, end] = f"{self.evidence_prefix}{start}-{end}"
        if n not in self.nodes:
            self.nodes[n] = NamedNode(n)
        self.triples += (
            (n, _A, _EV_TYPES[0]), (n, _A, _EV_TYPES[1]), (n, _A, _EV_TYPES[2]),
            f"<{n}> <{_OA_EXACT}> {_quoted(text[start:end])}",
            f'<{n}> <{_OA_START}> "{start}"{_NNI}',
            f'<{n}> <{_OA_END}> "{end}"{_NNI}',
            (n, _DERIVED, self.s),
        )
        return n

    def status(self, node: str, status: str) -> None:
        if status in _STATUS_IRI:
            self.triples.append((node, _STATUS, _STATUS_IRI[status]))


def to_quads(extraction: Extraction, base_iri: str = DEFAULT_BASE_IRI) -> list[Quad]:
    """The extraction's quads, all in the letter's named graph (see module docstring)."""
    w = _Writer(extraction, base_iri)
    letter, s = extraction.letter, w.s
    w.add(w.g, _DERIVED, s)
    w.add(s, _A, _SKG_LETTER)
    # one long literal: made directly, not parsed
    w.triples.append(Quad(w.nodes[s], w.term(SKG + "text"), Literal(letter.text), w.nodes[w.g]))
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
            lst = surfaces.setdefault(e.key, [])
            if surface not in lst:
                lst.append(surface)
    mentioned = {m.entity.key for m in extraction.mentions}
    mentioned.update(extraction.metadata.get("footnote_entities", ()))  # named in a footnote
    mentioned.update(extraction.metadata.get("named_in_mission_names", ()))  # "EUTM Mozambique"
    put, value, letter_node, skg = w.triples.append, w.value, w.s, _SKG_IRI.get
    for e in extraction.entities:
        n = w.node(e.key)
        put((n, _A, skg(e.cls) or _skg(e.cls)))
        labels = set()
        if e.label_nl:
            put(f"<{n}> <{_RDFS_LABEL}> {_quoted(e.label_nl)}@nl")
            labels.add(e.label_nl)
        if e.label_en:
            put(f"<{n}> <{_RDFS_LABEL}> {_quoted(e.label_en)}@en")
            labels.add(e.label_en)
        seen = surfaces.get(e.key, ())
        if not labels:
            first = seen[0] if seen else e.key.rsplit("/", 1)[-1]
            put(f"<{n}> <{_RDFS_LABEL}> {_quoted(first)}@nl")
            labels.add(first)
        for alt in seen:
            if alt not in labels:
                put(f"<{n}> <{_SKOS_ALT}> {_quoted(alt)}@nl")
        if e.wikidata:
            put((n, _OWL_SAME_AS, WD + e.wikidata))  # its node: made in finish (w.term)
        if e.iso3166:
            put(f"<{n}> <{_skg('iso3166')}> {_quoted(e.iso3166)}")
        if e.unlinked:
            put(f"<{n}> <{_skg('unlinked')}> {_TRUE}")
        for k, v in e.extra:
            if k in _EXTRA_PROPS:
                w.add(n, _skg(_EXTRA_PROPS[k]), value(k, v))
        if e.key in mentioned:
            put((letter_node, _SKG_MENTIONS, n))


def _letter_fact(w: _Writer, fact: Fact) -> None:
    s = w.s
    if "Signature" in fact.types:
        sig = w.node(fact.subject_key)
        w.add(sig, _A, SKG + "Signature")
        w.add(s, SKG + "signature", sig)
        for k, v in fact.props:
            if k == "office":
                w.add(sig, SKG + "office", w.value(k, v))
            elif k == "signatory":
                person = w.value(k, v)
                w.add(sig, SKG + "signatory", person)
                w.add(s, DCTERMS + "creator", person)
                _reify(w, s, DCTERMS + "creator", person, fact, f"{fact.subject_key}-creator")
        return
    props = dict(fact.props)
    if "kind" in props and props["kind"] in _KIND_CLASS:
        w.add(s, _A, SKG + _KIND_CLASS[props["kind"]])
    for k, v in fact.props:
        if k.startswith("paper"):
            continue
        p = _LETTER_PROPS.get(k) or _skg(k)
        o = w.value(k, v)
        w.add(s, p, o)
        if k in ("references", "sameAs"):
            # the cited (or own) paper: one node per dossier and number, whoever cites it
            if k == "references":
                w.add(o, _A, _SKG_LETTER)
                w.add(o, _RDFS_LABEL, _quoted(props.get("paperLabel", str(v[1]))) + "@nl")
                if "paperDossier" in props:
                    w.add(o, SKG + "dossier", _quoted(props["paperDossier"]))
                    w.add(o, SKG + "number", _quoted(props["paperNumber"]))
                ev = fact.evidence
                _reify(w, s, p, o, fact, f"statement/{w.letter.name}-{ev.start}-{ev.end}-ref")
            else:
                w.add(o, _A, _SKG_LETTER)


def _reify(w: _Writer, s: str, p: str, o: str, fact: Fact, key: str) -> None:
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
    put, value, skg = w.triples.append, w.value, _SKG_IRI.get
    for t in fact.types or (fact.kind,):
        put((n, _A, skg(t) or _skg(t)))
    put((n, _DERIVED, w.s))
    put((n, _EVIDENCE, w.evidence(fact.evidence)))
    if fact.status in _STATUS_IRI:
        put((n, _STATUS, _STATUS_IRI[fact.status]))
    for k, v in fact.props:
        # a fact's short description is its rdfs:label (Dutch, the letters' language)
        if k == "label":
            put(f"<{n}> <{_RDFS_LABEL}> {_quoted(str(v))}@nl")
        else:
            o, p = value(k, v), skg(k) or _skg(k)
            put(f"<{n}> <{p}> {o}" if o[0] == '"' else (n, p, o))


def _relation(w: _Writer, fact: Fact, statements: dict) -> None:
    subject = w.node(fact.subject_key)
    ev = fact.evidence
    value, skg = w.value, _SKG_IRI.get
    # the other props annotate each statement: their predicates and values made once per fact
    annotations = [(skg(k) or _skg(k), value(k, v)) for k, v in fact.props if not isinstance(v, Entity)]
    triples, letter_node, nodes = w.triples, w.s, w.nodes
    status = _STATUS_IRI.get(fact.status)
    span = (ev.start, ev.end)
    for k, v in fact.props:
        if not isinstance(v, Entity):
            continue
        p, o = skg(k) or _skg(k), w.node(v.key)
        if fact.status == "asserted":
            triples.append((subject, p, o))
        i = statements[span] = statements.get(span, 0) + 1
        st = f"{w.statement_prefix}{ev.start}-{ev.end}-{i}"
        if st not in nodes:
            nodes[st] = NamedNode(st)
        triples += ((st, _A, _STATEMENT), (st, _RDF_S, subject), (st, _RDF_P, p), (st, _RDF_O, o),
                    (st, _DERIVED, letter_node))
        triples.append((st, _EVIDENCE, w.evidence(ev)))  # after the above: its first use adds its quads
        if status is not None:
            triples.append((st, _STATUS, status))
        for ap, ao in annotations:
            triples.append(f"<{st}> <{ap}> {ao}" if ao[0] == '"' else (st, ap, ao))
