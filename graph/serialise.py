"""Serialise quads to the formats researchers exchange, deterministically.

Every format sorts its statements (graph, subject, predicate, object by their N-Triples form, with
``rdf:type`` first), so two exports of the same graph are byte-identical and diffs are readable.

* ``turtle`` / ``ntriples``: the triples of all the given quads (graphs flattened, duplicates
  merged); plain RDF 1.1 - a quoted triple (RDF-star) is an error.
* ``trig`` / ``nquads``: the quads, with their named graphs.
* ``jsonld``: JSON-LD 1.1 with the published context (``ontology/context.jsonld``, served by the
  endpoint) inline plus our resource prefixes, so offline parsers need nothing from the network;
  one ``@graph`` object per named graph; values are explicit value objects keeping their exact
  lexical form (``{"@value": "12", "@type": "xsd:integer"}``) so a round trip is lossless.

Prefixes: the standard ones of :mod:`sahelkg.namespaces`, plus one per resource kind under the
base (``letter:``, ``mission:``, ``state:`` ... -> ``<base>id/<kind>/``) and ``lg:`` for letter graphs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from sahelkg.errors import SahelkgError
from sahelkg.namespaces import DEFAULT_BASE_IRI, PREFIXES, RDF, XSD

FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
EXTENSIONS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "ntriples": "nt", "jsonld": "jsonld"}
MEDIA_TYPES = {"turtle": "text/turtle", "trig": "application/trig", "nquads": "application/n-quads",
               "ntriples": "application/n-triples", "jsonld": "application/ld+json"}
_RDF_FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
                "ntriples": RdfFormat.N_TRIPLES}
_RDF_TYPE = RDF + "type"
_KIND = re.compile(r"[a-z][a-z0-9]*")


def prefixes_for(quads: Iterable[Quad] | None = None, base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The standard prefixes plus ``<kind>:`` for every resource kind under ``base_iri`` in ``quads``."""
    base = base_iri if base_iri.endswith("/") else base_iri + "/"
    out = dict(PREFIXES)
    out["lg"] = base + "graph/letter/"
    ids = base + "id/"
    kinds: set[str] = set()
    for q in quads or ():
        for t in (q.subject, q.object, q.graph_name):
            if isinstance(t, NamedNode) and t.value.startswith(ids):
                kinds.add(t.value[len(ids):].split("/", 1)[0])
    for kind in sorted(kinds):
        if _KIND.fullmatch(kind):
            out[kind if kind not in out else kind + "id"] = f"{ids}{kind}/"
    return out


def _sort_key(q: Quad) -> tuple:
    g = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
    return g, str(q.subject), q.predicate.value != _RDF_TYPE, str(q.predicate), str(q.object)


def sorted_quads(quads: Iterable[Quad]) -> list[Quad]:
    return sorted(set(quads), key=_sort_key)


def sorted_triples(quads: Iterable[Quad]) -> list[Triple]:
    triples = {Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), t.predicate.value != _RDF_TYPE, str(t.predicate), str(t.object)))


def _check_plain(quads: list[Quad]) -> None:
    for q in quads:
        if isinstance(q.subject, Triple) or isinstance(q.object, Triple):
            raise SahelkgError("the graph holds an RDF-star quoted triple, which Turtle 1.1 cannot express; "
                               "export as N-Quads")


def serialise_quads(quads: Iterable[Quad], fmt: str, base_iri: str = DEFAULT_BASE_IRI,
                    prefixes: dict[str, str] | None = None) -> bytes:
    """``quads`` as ``fmt`` (one of :data:`FORMATS`), sorted for stable diffs."""
    if fmt not in FORMATS:
        raise SahelkgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    quads = sorted_quads(quads)
    _check_plain(quads)
    if prefixes is None:
        prefixes = prefixes_for(quads, base_iri) if fmt in ("turtle", "trig", "jsonld") else {}
    if fmt == "jsonld":
        return to_jsonld(quads, prefixes)
    if fmt == "turtle":
        return serialize(sorted_triples(quads), format=RdfFormat.TURTLE, prefixes=prefixes)
    if fmt == "ntriples":
        return serialize(sorted_triples(quads), format=RdfFormat.N_TRIPLES)
    if fmt == "trig":
        return serialize(quads, format=RdfFormat.TRIG, prefixes=prefixes)
    return serialize(quads, format=RdfFormat.N_QUADS)


# -------------------------------------------------------------------- JSON-LD

def published_context() -> dict:
    """The ``@context`` object the ontology publishes (``ontology/context.jsonld``), or {} if absent."""
    from sahelkg.resources import ontology_dir

    try:
        ctx = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8")).get("@context", {})
    except (OSError, ValueError):
        return {}
    return ctx if isinstance(ctx, dict) else {}


def jsonld_context(prefixes: dict[str, str] | None = None) -> dict:
    """The published context plus our prefixes (resource kinds, letter graphs) it does not define."""
    ctx = dict(published_context())
    for p, ns in sorted((prefixes or prefixes_for()).items()):
        ctx.setdefault(p, ns)
    return ctx


def _terms(ctx: dict) -> dict[str, str]:
    """Expanded property IRI -> context term usable as a key with explicit value objects.

    Terms with a container, reverse or scoped context would change what a value means; they are not used.
    """
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")}

    def expand(iri: str) -> str:
        p, _, local = iri.partition(":")
        return prefixes[p] + local if p in prefixes and not local.startswith("//") else iri

    out: dict[str, str] = {}
    for term, d in sorted(ctx.items()):
        if term.startswith("@") or ":" in term or not isinstance(d, dict):
            continue
        if set(d) - {"@id", "@type"} or not isinstance(d.get("@id"), str):
            continue
        out.setdefault(expand(d["@id"]), term)
    return out


def _compacter(prefixes: dict[str, str]):
    by_len = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for p, ns in by_len:
            if iri.startswith(ns) and len(iri) > len(ns):
                local = iri[len(ns):]
                if not local.startswith("//"):
                    return f"{p}:{local}"
        return iri

    return compact


def to_jsonld(quads: list[Quad], prefixes: dict[str, str]) -> bytes:
    """Deterministic compacted JSON-LD for ``quads`` (already sorted)."""
    ctx = jsonld_context(prefixes)
    compact = _compacter({k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")})
    terms = _terms(ctx)

    def node_id(t) -> str:
        return f"_:{t.value}" if isinstance(t, BlankNode) else compact(t.value)

    def value(o) -> dict:
        if isinstance(o, (NamedNode, BlankNode)):
            return {"@id": node_id(o)}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == XSD + "string":
            return {"@value": o.value}
        return {"@value": o.value, "@type": compact(o.datatype.value)}

    graphs: dict[str, dict[str, dict]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, DefaultGraph) else node_id(q.graph_name)
        nodes = graphs.setdefault(g, {})
        sid = node_id(q.subject)
        node = nodes.setdefault(sid, {"@id": sid})
        if q.predicate.value == _RDF_TYPE and isinstance(q.object, NamedNode):
            node.setdefault("@type", []).append(compact(q.object.value))
        else:
            key = terms.get(q.predicate.value) or compact(q.predicate.value)
            node.setdefault(key, []).append(value(q.object))
    top = graphs.pop("", {})
    for g in sorted(graphs):
        holder = top.setdefault(g, {"@id": g})
        holder["@graph"] = [graphs[g][s] for s in sorted(graphs[g])]
    doc = {"@context": ctx, "@graph": [top[s] for s in sorted(top)]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()
