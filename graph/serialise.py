"""Serialise quads to the formats researchers exchange (deterministic order)."""

from __future__ import annotations

from pyoxigraph import RdfFormat, serialize

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import PREFIXES

_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
}


def serialise_quads(quads, fmt: str) -> bytes:
    """``quads`` as ``fmt`` ("turtle", "trig", "nquads", "ntriples", "jsonld"), sorted for stable diffs."""
    quads = sorted(quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    if fmt == "jsonld":
        import rdflib

        ds = rdflib.Dataset()
        ds.parse(data=serialize(quads, format=RdfFormat.N_QUADS), format="nquads")
        return ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True).encode()
    try:
        rdf_format = _FORMATS[fmt]
    except KeyError:
        raise SahelkgError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(_FORMATS) + ['jsonld'])}")
    if fmt in ("turtle", "ntriples"):
        from pyoxigraph import Triple

        triples = sorted({Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
        return serialize(triples, format=rdf_format, prefixes=PREFIXES if fmt == "turtle" else None) if fmt == "turtle" else serialize(triples, format=rdf_format)
    return serialize(quads, format=rdf_format, prefixes=PREFIXES) if fmt == "trig" else serialize(quads, format=rdf_format)
