"""Serialising query results with a row cap, in the thread that made them (a pyoxigraph rule)."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions,
                        RdfFormat, Triple, parse, parse_query_results, serialize)

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


class _Cut(Exception):
    """Raised from inside a serialiser once enough lines are written."""


class _Lines:
    """A write target for pyoxigraph that keeps the bytes and stops after ``limit`` newlines.

    pyoxigraph writes in ~8 KiB chunks, so at most one chunk more than needed is produced.
    """

    def __init__(self, limit: int) -> None:
        self.buf = bytearray()
        self.lines = 0
        self.limit = limit
        self.cut = False

    def write(self, chunk) -> int:
        self.buf += chunk
        self.lines += bytes(chunk).count(b"\n")
        if self.lines > self.limit:
            self.cut = True
            raise _Cut()
        return len(chunk)

    def flush(self) -> None:
        pass


def _first_lines(result, fmt, limit: int) -> tuple[bytes, int, bool]:
    """Serialise ``result`` line-based (TSV or N-Triples), keeping at most ``limit`` lines."""
    out = _Lines(limit)
    try:
        result.serialize(out, format=fmt)
    except Exception:  # noqa: BLE001 - our _Cut, possibly wrapped by pyoxigraph
        if not out.cut:
            raise
    lines = bytes(out.buf).split(b"\n")[:-1]  # every line ends with a newline
    truncated = out.cut and len(lines) > limit
    lines = lines[:limit]
    return b"".join(line + b"\n" for line in lines), len(lines), truncated


def serialise(result, media_type: str, row_limit: int) -> Serialised:
    """``result`` of ``Store.query`` as ``media_type``, keeping at most ``row_limit`` rows or triples.

    Rows are first written as TSV (one row per line: the format escapes newlines) and triples as
    N-Triples (one per line), cut at the limit, then converted by pyoxigraph's own parsers and
    serialisers, so every format is produced natively and the TSV round trip loses nothing.
    """
    form = form_of(result)
    if form == "ASK":
        return Serialised(result.serialize(format=RESULTS_FORMATS[media_type]), media_type, form, 1)
    if form == "SELECT":
        tsv, lines, truncated = _first_lines(result, QueryResultsFormat.TSV, row_limit + 1)  # + header
        if media_type == "text/tab-separated-values":
            body = tsv
        else:
            body = parse_query_results(tsv, format=QueryResultsFormat.TSV).serialize(format=RESULTS_FORMATS[media_type])
        return Serialised(body, media_type, form, max(lines - 1, 0), truncated)
    nt, lines, truncated = _first_lines(result, RdfFormat.N_TRIPLES, row_limit)
    if media_type == "application/n-triples":
        return Serialised(nt, media_type, form, lines, truncated)
    triples = [q.triple for q in parse(nt, format=RdfFormat.N_TRIPLES)]
    body, _ = serialise_triples(triples, media_type)
    return Serialised(body, media_type, form, lines, truncated)


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
