"""Statements about one resource, each with the letter it comes from and the quoted passage.

A statement's passage is the ``skg:evidence`` of its reification (``rdf:Statement`` with the same
subject, predicate, object in the same graph) when there is one, else the evidence of the node that
carries it (a contribution, mandate or event), as SCHEMA.md lays provenance out.

The order of the triple patterns matters to Oxigraph's planner: the reification is reached from the
bound resource first (``rdf:object ?x`` for incoming statements), which took the incoming query of a
well-connected actor from ~200 ms to ~10 ms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sahelkg.server.lookup import select

LIMIT = 2000

_OUT = """
SELECT ?x ?p ?o ?g ?letter ?exact ?start ?end ?kind WHERE {
  GRAPH ?g { ?x ?p ?o }
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?letter } }
  OPTIONAL { GRAPH ?g {
    { ?st rdf:subject ?x ; rdf:predicate ?p ; rdf:object ?o ; skg:evidence ?ev . BIND("statement" AS ?kind) }
    UNION { ?x skg:evidence ?ev . BIND("node" AS ?kind) }
    ?ev oa:exact ?exact .
    OPTIONAL { ?ev oa:start ?start } OPTIONAL { ?ev oa:end ?end } } }
} LIMIT %d""" % LIMIT

_IN = """
SELECT ?x ?s ?p ?g ?letter ?exact ?start ?end ?kind WHERE {
  GRAPH ?g { ?s ?p ?x }
  FILTER(?p NOT IN (rdf:subject, rdf:object))
  OPTIONAL { GRAPH ?g { ?g prov:wasDerivedFrom ?letter } }
  OPTIONAL { GRAPH ?g {
    { ?st rdf:object ?x ; rdf:subject ?s ; rdf:predicate ?p ; skg:evidence ?ev . BIND("statement" AS ?kind) }
    UNION { ?s skg:evidence ?ev . BIND("node" AS ?kind) }
    ?ev oa:exact ?exact .
    OPTIONAL { ?ev oa:start ?start } OPTIONAL { ?ev oa:end ?end } } }
} LIMIT %d""" % LIMIT


@dataclass
class Statement:
    subject: object
    predicate: object
    object: object
    graph: object
    letter: object = None
    passages: list = field(default_factory=list)  # (exact, start, end), statement evidence first


def _collect(rows: list[dict], subject_of, object_of) -> list[Statement]:
    by_key: dict[tuple, Statement] = {}
    for r in rows:
        s, o = subject_of(r), object_of(r)
        key = (str(s), str(r["p"]), str(o), str(r["g"]))
        st = by_key.get(key)
        if st is None:
            st = by_key[key] = Statement(s, r["p"], o, r["g"], r.get("letter"))
        if "exact" in r:
            p = (r["exact"].value, _int(r.get("start")), _int(r.get("end")), r.get("kind").value if r.get("kind") else "")
            if p[:3] not in [x[:3] for x in st.passages]:
                st.passages.append(p)
                st.passages.sort(key=lambda x: x[3] != "statement")
    return list(by_key.values())


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def outgoing(iri: str) -> list[Statement]:
    return _collect(select(_OUT, x="iri:" + iri), lambda r: r["x"], lambda r: r["o"])


def incoming(iri: str) -> list[Statement]:
    return _collect(select(_IN, x="iri:" + iri), lambda r: r["s"], lambda r: r["x"])


@dataclass
class Grouped:
    """One (subject, predicate, object) shown once, with every graph that states it."""

    subject: object
    predicate: object
    object: object
    sources: list  # Statement, one per graph


def grouped(statements: list[Statement]) -> list[Grouped]:
    """Statements merged across graphs, in (predicate, subject, object) order."""
    out: dict[tuple, Grouped] = {}
    for st in statements:
        key = (str(st.subject), str(st.predicate), str(st.object))
        if key not in out:
            out[key] = Grouped(st.subject, st.predicate, st.object, [])
        out[key].sources.append(st)
    return sorted(out.values(), key=lambda x: (x.predicate.value, str(x.subject), str(x.object)))
