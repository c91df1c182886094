"""Serialising query results with a row cap, in the thread that made them (a pyoxigraph rule).

SELECT rows are written to SPARQL JSON by us (so we can stop after ``row_limit`` rows) and turned
into XML, CSV or TSV by pyoxigraph's own serialisers; triples go to pyoxigraph's RDF serialisers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import islice

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions,
                        RdfFormat, Triple, parse_query_results, serialize)

from sahelkg.namespaces import PREFIXES
from sahelkg.server.negotiate import FORMS

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
}
CHARSET = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


@dataclass
class Serialised:
    """What goes back over HTTP: body bytes, its media type, rows written and whether rows were cut."""

    body: bytes
    media_type: str
    form: str
    rows: int
    truncated: bool = False

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type in CHARSET else "")


def term_json(term) -> dict:
    """One RDF term in SPARQL 1.1 Query Results JSON form (RDF-star triples included)."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def form_of(result) -> str:
    if isinstance(result, QuerySolutions):
        return "SELECT"
    if isinstance(result, QueryBoolean):
        return "ASK"
    return "CONSTRUCT"


def serialise(result, media_type: str, row_limit: int) -> Serialised:
    """``result`` of ``Store.query`` as ``media_type``, keeping at most ``row_limit`` rows or triples."""
    form = form_of(result)
    if form == "ASK":
        return Serialised(result.serialize(format=RESULTS_FORMATS[media_type]), media_type, form, 1)
    if form == "SELECT":
        names = [v.value for v in result.variables]
        rows = list(islice(result, row_limit + 1))
        truncated = len(rows) > row_limit
        rows = rows[:row_limit]
        bindings = []
        for row in rows:
            b = {}
            for name in names:
                t = row[name]
                if t is not None:
                    b[name] = term_json(t)
            bindings.append(b)
        body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode()
        if media_type != "application/sparql-results+json":
            parsed = parse_query_results(body, format=QueryResultsFormat.JSON)
            body = parsed.serialize(format=RESULTS_FORMATS[media_type])
        return Serialised(body, media_type, form, len(rows), truncated)
    triples = list(islice(result, row_limit + 1))
    truncated = len(triples) > row_limit
    triples = triples[:row_limit]
    body, _ = serialise_triples(triples, media_type)
    return Serialised(body, media_type, form, len(triples), truncated)


def serialise_triples(triples, media_type: str, prefixes: dict | None = None) -> tuple[bytes, str]:
    """A list of pyoxigraph triples as ``media_type`` (Turtle, RDF/XML and JSON-LD with our prefixes)."""
    fmt = RDF_FORMATS[media_type]
    if fmt in (RdfFormat.TURTLE, RdfFormat.RDF_XML, RdfFormat.JSON_LD):
        body = serialize(triples, format=fmt, prefixes={**PREFIXES, **(prefixes or {})})
    else:
        body = serialize(triples, format=fmt)
    return body, media_type + ("; charset=utf-8" if media_type in CHARSET else "")


def offered_for(form: str) -> dict[str, str]:
    return FORMS[form]
