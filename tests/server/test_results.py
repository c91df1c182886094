"""The row cap and the native serialisers: the TSV / N-Triples cut loses nothing below the cap,
keeps exactly ``row_limit`` rows above it, and every format round-trips through a real parser."""

from __future__ import annotations

import json

import pytest
import rdflib
from pyoxigraph import (BlankNode, DefaultGraph, Literal, NamedNode, Quad, QueryResultsFormat, Store,
                        parse_query_results)

from sahelkg.server.results import RESULTS_FORMATS, serialise

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def store():
    s = Store()
    n = NamedNode
    awkward = ["tab\there", "new\nline", 'quote " and \\ backslash', "émoji 🙂", "<b>html</b> & co", ""]
    for i, text in enumerate(awkward):
        s.add(Quad(n(f"http://ex/s{i}"), n("http://ex/p"), Literal(text, language="nl" if i % 2 else None), DefaultGraph()))
    s.add(Quad(n("http://ex/s0"), n("http://ex/q"), Literal("5", datatype=n(XSD + "integer")), DefaultGraph()))
    s.add(Quad(n("http://ex/s0"), n("http://ex/r"), BlankNode("b0"), DefaultGraph()))
    for i in range(120):
        s.add(Quad(n(f"http://ex/many{i}"), n("http://ex/m"), Literal(str(i)), DefaultGraph()))
    return s


SELECT = "SELECT ?s ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <http://ex/none> ?missing } FILTER(?p != <http://ex/m>) }"


@pytest.mark.parametrize("media_type", list(RESULTS_FORMATS))
def test_below_the_cap_nothing_is_lost(store, media_type):
    native = json.loads(store.query(SELECT).serialize(format=QueryResultsFormat.JSON))
    out = serialise(store.query(SELECT), media_type, row_limit=1000)
    assert not out.truncated and out.rows == len(native["results"]["bindings"]) == 8
    if media_type == "text/csv":  # CSV is lossy by design (no datatypes); compare values only
        assert "new\nline" in out.body.decode() or '"new\nline"' in out.body.decode()
        return
    back = parse_query_results(out.body, format=RESULTS_FORMATS[media_type])
    mine = json.loads(back.serialize(format=QueryResultsFormat.JSON))
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
    assert sorted(map(key, mine["results"]["bindings"])) == sorted(map(key, native["results"]["bindings"]))
    assert mine["head"]["vars"] == ["s", "o", "missing"]


@pytest.mark.parametrize("limit,expected_rows,truncated", [(120, 120, False), (119, 119, True), (5, 5, True), (0, 0, True)])
def test_cap_keeps_exactly_the_limit(store, limit, expected_rows, truncated):
    out = serialise(store.query("SELECT ?s WHERE { ?s <http://ex/m> ?o }"), "application/sparql-results+json", limit)
    assert out.rows == expected_rows and out.truncated is truncated
    assert len(json.loads(out.body)["results"]["bindings"]) == expected_rows


def test_empty_and_variable_free_results(store):
    none = serialise(store.query("SELECT ?x WHERE { FILTER(false) }"), "application/sparql-results+json", 10)
    assert json.loads(none.body) == {"head": {"vars": ["x"]}, "results": {"bindings": []}} and not none.truncated
    for media_type, fmt in RESULTS_FORMATS.items():  # one solution binding nothing: as pyoxigraph writes it
        one = serialise(store.query("SELECT * {}"), media_type, 10)
        assert one.rows == 1 and one.body == store.query("SELECT * {}").serialize(format=fmt)


@pytest.mark.parametrize("media_type,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                            ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_graphs_are_capped_and_parse(store, media_type, fmt):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    full = serialise(store.query(q), media_type, 1000)
    assert not full.truncated and len(rdflib.Graph().parse(data=full.body, format=fmt)) == len(store)
    cut = serialise(store.query(q), media_type, 10)
    assert cut.truncated and len(rdflib.Graph().parse(data=cut.body, format=fmt)) == 10
