"""What the endpoint and the dataset are, in RDF: SPARQL 1.1 Service Description and VoID.

Counts come from the store (per store version, cached); IRIs of the endpoint and dumps from the
request's own URL, so a copy served elsewhere describes itself.
"""

from __future__ import annotations

import threading

from flask import current_app, request
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from sahelkg.namespaces import DCTERMS, PREFIXES, RDF, RDFS, SD, SKG, VOID, XSD
from sahelkg.server.store import get_store, store_version

FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
DUMPS = {"sahelkg.nq": "application/n-quads", "sahelkg.trig": "application/trig"}
DESCRIPTION_PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}
VOCABULARIES = ("skg", "rdf", "rdfs", "owl", "skos", "dcterms", "prov", "oa", "xsd")

_cache: dict = {}
_cache_lock = threading.Lock()


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


def _stats() -> dict:
    """Counts over the whole store, cached per store version."""
    cfg = current_app.config
    key = (str(cfg["STORE_PATH"]), store_version(cfg["STORE_PATH"]))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    st = get_store()

    def one(q: str) -> int:
        for row in st.query(q, use_default_graph_as_union=True):
            return int(row[0].value)
        return 0

    stats = {
        "triples": one("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        "subjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"),
        "objects": one("SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }"),
        "properties": one("SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }"),
        "entities": one("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c }"),
        "graphs": [(r["g"].value, int(r["n"].value)) for r in st.query(
            "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")],
        "classes": [(r["c"].value, int(r["n"].value)) for r in st.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c",
            use_default_graph_as_union=True)],
        "property_counts": [(r["p"].value, int(r["n"].value)) for r in st.query(
            "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p",
            use_default_graph_as_union=True)],
    }
    # one example per class, at most five
    seen, examples = set(), []
    for r in st.query(
            f"SELECT ?c (MIN(STR(?s)) AS ?e) {{ ?s a ?c FILTER(STRSTARTS(STR(?s), \"{cfg['BASE_IRI']}id/\")) }} "
            "GROUP BY ?c ORDER BY ?c", use_default_graph_as_union=True):
        e = r["e"].value
        if e not in seen:
            seen.add(e)
            examples.append(e)
    stats["examples"] = examples[:5]
    with _cache_lock:
        _cache.clear()
        _cache[key] = stats
    return stats


def endpoint_iri() -> str:
    return request.url_root + "sparql"


def dataset_iri() -> str:
    return request.url_root + "void#dataset"


def service_description() -> list[Triple]:
    """SPARQL 1.1 Service Description of ``/sparql``."""
    s = _stats()
    svc = _n(endpoint_iri())
    cfg = current_app.config
    ds, dg = BlankNode(), BlankNode()
    t = [
        Triple(svc, _n(RDF + "type"), _n(SD + "Service")),
        Triple(svc, _n(SD + "endpoint"), svc),
        Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        Triple(svc, _n(SD + "defaultEntailmentRegime"), _n("http://www.w3.org/ns/entailment/Simple")),
        Triple(svc, _n(RDFS + "label"), Literal("sahelkg SPARQL endpoint", language="en")),
        Triple(svc, _n(RDFS + "comment"), Literal(
            "Read-only SPARQL 1.1 Query endpoint. The default graph is the union of all named graphs (one per "
            "letter, plus the ontology), unless the request names its own dataset (FROM, default-graph-uri). "
            f"SPARQL Update, LOAD and SERVICE are refused. Results are cut at {cfg['ROW_LIMIT']} rows "
            f"(header X-SPARQL-Results-Truncated: true); queries stop after {cfg['QUERY_TIMEOUT']:g} s.",
            language="en")),
        Triple(svc, _n(SD + "defaultDataset"), ds),
        Triple(ds, _n(RDF + "type"), _n(SD + "Dataset")),
        Triple(ds, _n(DCTERMS + "source"), _n(dataset_iri())),
        Triple(ds, _n(SD + "defaultGraph"), dg),
        Triple(dg, _n(RDF + "type"), _n(SD + "Graph")),
        Triple(dg, _n(RDFS + "comment"), Literal("The union of all named graphs.", language="en")),
        Triple(dg, _n(VOID + "triples"), _int(s["triples"])),
    ]
    t += [Triple(svc, _n(SD + "resultFormat"), _n(FORMATS + f)) for f in RESULT_FORMATS]
    for g, n in s["graphs"]:
        ng, gr = BlankNode(), BlankNode()
        t += [Triple(ds, _n(SD + "namedGraph"), ng), Triple(ng, _n(RDF + "type"), _n(SD + "NamedGraph")),
              Triple(ng, _n(SD + "name"), _n(g)), Triple(ng, _n(SD + "graph"), gr),
              Triple(gr, _n(RDF + "type"), _n(SD + "Graph")), Triple(gr, _n(VOID + "triples"), _int(n))]
    return t


def void_description() -> list[Triple]:
    """VoID description of the dataset: counts, partitions, vocabularies, examples, dumps."""
    s = _stats()
    d = _n(dataset_iri())
    t = [
        Triple(d, _n(RDF + "type"), _n(VOID + "Dataset")),
        Triple(d, _n(DCTERMS + "title"), Literal("sahelkg: Dutch parliamentary letters on Mali and the Sahel",
                                                 language="en")),
        Triple(d, _n(DCTERMS + "description"), Literal(
            "Facts (contributions, mandates, events, relations between actors) extracted from Dutch parliamentary "
            "letters about the missions in Mali and the Sahel, each with its source letter and quoted passage.",
            language="en")),
        Triple(d, _n(VOID + "sparqlEndpoint"), _n(endpoint_iri())),
        Triple(d, _n(VOID + "uriSpace"), Literal(current_app.config["BASE_IRI"] + "id/")),
        Triple(d, _n(VOID + "triples"), _int(s["triples"])),
        Triple(d, _n(VOID + "entities"), _int(s["entities"])),
        Triple(d, _n(VOID + "distinctSubjects"), _int(s["subjects"])),
        Triple(d, _n(VOID + "distinctObjects"), _int(s["objects"])),
        Triple(d, _n(VOID + "properties"), _int(s["properties"])),
        Triple(d, _n(VOID + "classes"), _int(len(s["classes"]))),
        Triple(d, _n(VOID + "rootResource"), _n(SKG.rstrip("#"))),
    ]
    t += [Triple(d, _n(VOID + "vocabulary"), _n(PREFIXES[p].rstrip("#"))) for p in VOCABULARIES]
    t += [Triple(d, _n(VOID + "exampleResource"), _n(e)) for e in s["examples"]]
    for name in DUMPS:
        t.append(Triple(d, _n(VOID + "dataDump"), _n(request.url_root + "dumps/" + name)))
    for c, n in s["classes"]:
        p = BlankNode()
        t += [Triple(d, _n(VOID + "classPartition"), p), Triple(p, _n(VOID + "class"), _n(c)),
              Triple(p, _n(VOID + "entities"), _int(n))]
    for prop, n in s["property_counts"]:
        p = BlankNode()
        t += [Triple(d, _n(VOID + "propertyPartition"), p), Triple(p, _n(VOID + "property"), _n(prop)),
              Triple(p, _n(VOID + "triples"), _int(n))]
    return t
