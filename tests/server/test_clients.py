"""Real third-party clients against ``sahelkg serve``: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

STATES = "SELECT ?s WHERE { ?s a <https://w3id.org/sahelkg/ontology#State> } ORDER BY ?s"
MLI = "https://w3id.org/sahelkg/id/state/MLI"


def wrapper(base_url, query, fmt, method=None):
    sw = SPARQLWrapper(base_url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    return sw.query()


@pytest.mark.parametrize("method", [None, POST])
def test_sparqlwrapper_select_json(base_url, method):
    res = wrapper(base_url, STATES, JSON, method).convert()
    assert [b["s"]["value"] for b in res["results"]["bindings"]][1] == MLI


def test_sparqlwrapper_select_xml_and_csv(base_url):
    doc = wrapper(base_url, STATES, XML).convert()
    assert MLI in doc.toxml()
    csv_text = wrapper(base_url, STATES, CSV).convert().decode()
    assert MLI in csv_text.splitlines()[2]


def test_sparqlwrapper_ask_and_construct(base_url):
    assert wrapper(base_url, f"ASK {{ <{MLI}> ?p ?o }}", JSON).convert()["boolean"] is True
    ttl = wrapper(base_url, f"CONSTRUCT {{ <{MLI}> ?p ?o }} WHERE {{ <{MLI}> ?p ?o }}", TURTLE).convert()
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    assert (rdflib.URIRef(MLI), rdflib.RDFS.label, rdflib.Literal("Mali", lang="en")) in g


def test_sparqlwrapper_sees_bad_query(base_url):
    with pytest.raises(QueryBadFormed) as e:
        wrapper(base_url, "SELECT ?s WHERE { ?s ", JSON)
    assert "error at" in str(e.value)


def test_rdflib_sparqlstore(base_url):
    store = SPARQLStore(base_url + "/sparql", returnFormat="json")
    g = rdflib.Graph(store=store)
    rows = list(g.query(STATES))
    assert str(rows[1][0]) == MLI
    assert (rdflib.URIRef(MLI), rdflib.RDFS.label, rdflib.Literal("Mali", lang="en")) in g
    labels = {str(o) for o in g.objects(rdflib.URIRef(MLI), rdflib.RDFS.label)}
    assert labels == {"Mali"}
    assert g.query(f"ASK {{ <{MLI}> ?p ?o }}").askAnswer is True
