"""Content negotiation for SPARQL results and RDF: ``Accept`` with q-values, ``format=`` as fallback.

Werkzeug parses ``Accept`` (q-values, wildcards, specificity); the tables below say which media types
we produce for which kind of result, in our order of preference (used when the client has none).
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

# media type -> short name (pyoxigraph format chosen from it later)
RESULTS_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN_TYPES = {k: v for k, v in RESULTS_TYPES.items() if v in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
# Usual synonyms some clients send or put in ?format=
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "application/x-turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "text/plain": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
FORMS = {"SELECT": RESULTS_TYPES, "ASK": BOOLEAN_TYPES, "CONSTRUCT": GRAPH_TYPES, "DESCRIBE": GRAPH_TYPES}
SPARQL_TYPES = {**RESULTS_TYPES, **GRAPH_TYPES}


def accept_from(header: str | None, format_param: str | None) -> MIMEAccept:
    """The client's preferences: ``format=`` wins when given, else ``Accept``; nothing means ``*/*``."""
    return _accept_from(header, format_param)


@lru_cache(maxsize=1024)
def _accept_from(header: str | None, format_param: str | None) -> MIMEAccept:
    if format_param:
        mt = format_param.strip().lower()
        return MIMEAccept([(ALIASES.get(mt, mt), 1)])
    if not header or not header.strip():
        return MIMEAccept([("*/*", 1)])
    # media-type parameters (charset=…) do not change what we can produce: match on the type alone
    accept = MIMEAccept([(v.split(";", 1)[0].strip().lower(), q) for v, q in parse_accept_header(header, MIMEAccept)])
    aliased = [(ALIASES.get(v, v) if "/" in v else v, q) for v, q in accept]
    # keep the originals too, so application/json still matches results JSON
    return MIMEAccept(list(accept) + [(v, q) for v, q in aliased if (v, q) not in list(accept)])


def choose(accept: MIMEAccept, offered: dict[str, str]) -> str | None:
    """The best media type in ``offered`` the client accepts (ours first on ties), or None."""
    return _choose(tuple(accept), tuple(offered))


@lru_cache(maxsize=1024)
def _choose(accept: tuple, offered: tuple) -> str | None:
    # clients send the same few Accept headers over and over; matching is the costly part
    return MIMEAccept(list(accept)).best_match(list(offered))


def acceptable_for_any(accept: MIMEAccept) -> bool:
    return choose(accept, SPARQL_TYPES) is not None


def prefers_html(accept: MIMEAccept, offered: dict[str, str]) -> bool:
    """True when a browser asks for HTML above every machine format we offer."""
    html_q = accept["text/html"]
    if not html_q:
        return False
    best = choose(accept, offered)
    return best is None or accept.quality(best) < html_q or (
        accept.quality(best) == html_q and "text/html" in [v for v, _ in accept] and best not in [v for v, _ in accept]
    )
