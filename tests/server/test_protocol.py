"""Our own SPARQL Protocol tests over real HTTP against ``sahelkg serve``: every content type, every
error status, the service description, VoID, limits, CORS and the access log."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
import rdflib
import requests

from server_helpers import ROW_LIMIT

SELECT = "SELECT ?s ?label WHERE { ?s a <https://w3id.org/sahelkg/ontology#State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) = 'en') } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/sahelkg/id/state/MLI>) }"
STATES = ["https://w3id.org/sahelkg/id/state/FRA", "https://w3id.org/sahelkg/id/state/MLI",
          "https://w3id.org/sahelkg/id/state/NLD"]


def get(base_url, query, **kw):
    return requests.get(base_url + "/sparql", params={"query": query, **kw.pop("params", {})}, timeout=30, **kw)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_every_results_format(base_url, accept):
    r = get(base_url, SELECT, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == accept
    if accept.endswith("json"):
        rows = [b["s"]["value"] for b in r.json()["results"]["bindings"]]
    elif accept.endswith("xml"):
        res = rdflib.query.Result.parse(io.BytesIO(r.content), format="xml")
        rows = [str(row[0]) for row in res]
    elif accept == "text/csv":
        rows = [row["s"] for row in csv.DictReader(io.StringIO(r.text))]
    else:
        lines = r.text.splitlines()
        assert lines[0].split("\t") == ["?s", "?label"]
        rows = [line.split("\t")[0].strip("<>") for line in lines[1:]]
    assert rows == STATES


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_in_every_rdf_format(base_url, accept, fmt):
    r = get(base_url, CONSTRUCT, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == accept
    g = rdflib.Graph().parse(data=r.content, format=fmt)
    assert (rdflib.URIRef(STATES[1]), rdflib.RDFS.label, rdflib.Literal("Mali", lang="en")) in g


def test_describe_gives_rdf(base_url):
    r = get(base_url, f"DESCRIBE <{STATES[1]}>")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=r.content, format="turtle")) > 0


@pytest.mark.parametrize("accept,kind,expected", [
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.5", "select", "application/sparql-results+xml"),
    ("text/csv;q=0.2, text/tab-separated-values;q=0.8", "select", "text/tab-separated-values"),
    ("application/json", "select", "application/sparql-results+json"),
    ("*/*", "select", "application/sparql-results+json"),
    ("text/*", "select", "text/csv"),
    ("text/csv, application/sparql-results+xml;q=0.1", "ask", "application/sparql-results+xml"),
    ("application/rdf+xml;q=0.3, application/ld+json;q=0.7", "construct", "application/ld+json"),
    ("text/html, */*;q=0.1", "construct", "text/turtle"),
    ("application/sparql-results+json;charset=utf-8", "select", "application/sparql-results+json"),
    ("Application/SPARQL-Results+XML", "ask", "application/sparql-results+xml"),
    ("application/json, text/javascript, */*; q=0.01", "select", "application/sparql-results+json"),
])
def test_accept_with_q_values(base_url, accept, kind, expected):
    query = {"select": SELECT, "ask": "ASK { ?s ?p ?o }", "construct": CONSTRUCT}[kind]
    r = requests.post(base_url + "/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == expected


@pytest.mark.parametrize("fmt,expected", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                          ("xml", "application/sparql-results+xml"), ("json", "application/sparql-results+json"),
                                          ("text/csv", "text/csv")])
def test_format_parameter_overrides_accept(base_url, fmt, expected):
    r = get(base_url, SELECT, params={"format": fmt}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == expected


def test_post_direct_and_form_agree(base_url):
    a = requests.post(base_url + "/sparql", data=SELECT.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    b = requests.post(base_url + "/sparql", data={"query": SELECT}, timeout=30)
    c = get(base_url, SELECT)
    assert a.status_code == b.status_code == c.status_code == 200
    assert a.json() == b.json() == c.json()


def test_default_graph_is_the_union_and_dataset_parameters_narrow_it(base_url):
    q = "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a <https://w3id.org/sahelkg/ontology#Letter> }"
    n = lambda r: int(r.json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert n(get(base_url, q)) == 2
    one = "https://w3id.org/sahelkg/graph/letter/901_sample"
    assert n(get(base_url, q, params={"default-graph-uri": one})) == 1
    named = "SELECT ?g { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = get(base_url, named, params={"named-graph-uri": one})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [one]
    # FROM in the query is honoured (not replaced by the union)
    assert n(get(base_url, q.replace("{ ?s", f"FROM <{one}> {{ ?s"))) == 1


def test_syntax_error_is_400_with_message_and_position(base_url):
    r = get(base_url, "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert r.status_code == 400
    assert "3:1" in r.text or "error at" in r.text, r.text
    assert r.headers["Content-Type"].startswith("text/plain")


def test_unacceptable_accept_is_406(base_url):
    r = get(base_url, SELECT, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = get(base_url, "ASK {}", headers={"Accept": "text/csv"})
    assert r.status_code == 406
    r = get(base_url, CONSTRUCT, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406 and "text/turtle" in r.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405(base_url, method):
    r = requests.request(method, base_url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 405
    assert "GET" in r.headers.get("Allow", "") and "POST" in r.headers.get("Allow", "")


@pytest.mark.parametrize("how", ["form", "direct", "get", "query-param"])
def test_update_is_refused_with_403(base_url, how):
    update = "INSERT DATA { <http://example/s> <http://example/p> 1 }"
    if how == "form":
        r = requests.post(base_url + "/sparql", data={"update": update}, timeout=30)
    elif how == "direct":
        r = requests.post(base_url + "/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30)
    elif how == "get":
        r = requests.get(base_url + "/sparql", params={"update": update}, timeout=30)
    else:
        r = get(base_url, update)
    assert r.status_code == 403 and "read-only" in r.text
    assert get(base_url, "ASK { <http://example/s> ?p ?o }").json()["boolean"] is False


@pytest.mark.parametrize("text", ["LOAD <http://example.org/data.ttl>", "PREFIX ex: <http://ex/>\nCLEAR ALL",
                                  "# comment\nDROP GRAPH <http://x>"])
def test_load_and_other_updates_are_refused(base_url, text):
    r = requests.post(base_url + "/sparql", data={"query": text}, timeout=30)
    assert r.status_code == 403


def test_service_is_refused(base_url):
    q = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = get(base_url, q)
    assert r.status_code == 403 and "SERVICE" in r.text
    # the word inside a string or an IRI is not a SERVICE clause
    ok = get(base_url, 'SELECT ("SERVICE" AS ?x) { } # SERVICE')
    assert ok.status_code == 200


def test_request_body_is_capped(base_url):
    big = "SELECT * {} #" + "x" * (2 * 1024 * 1024)
    r = requests.post(base_url + "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413


def test_rows_are_capped_with_a_header(base_url):
    q = "SELECT ?a ?b { ?a ?p ?x . ?b ?q ?y } LIMIT 1000"
    r = get(base_url, q)
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == ROW_LIMIT
    assert r.headers["X-SPARQL-Results-Truncated"] == "true"
    assert r.headers["X-SPARQL-Row-Limit"] == str(ROW_LIMIT)
    small = get(base_url, SELECT)
    assert "X-SPARQL-Results-Truncated" not in small.headers
    triples = get(base_url, "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }", headers={"Accept": "application/n-triples"})
    assert len(triples.text.strip().splitlines()) == ROW_LIMIT and triples.headers["X-SPARQL-Results-Truncated"] == "true"


def test_cors_on_read_endpoints(base_url):
    r = get(base_url, "ASK {}", headers={"Origin": "https://yasgui.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    pre = requests.options(base_url + "/sparql", headers={"Origin": "https://yasgui.example",
                                                          "Access-Control-Request-Method": "POST",
                                                          "Access-Control-Request-Headers": "content-type"}, timeout=30)
    assert pre.status_code == 200 and "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "X-SPARQL-Results-Truncated" in pre.headers.get("Access-Control-Expose-Headers", "") or \
        "X-SPARQL-Results-Truncated" in r.headers.get("Access-Control-Expose-Headers", "")
    api = requests.get(base_url + "/api/actors", headers={"Origin": "https://x.example"}, timeout=30)
    assert api.headers["Access-Control-Allow-Origin"] == "*"


def test_service_description(base_url):
    r = requests.get(base_url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    svc = rdflib.URIRef(base_url + "/sparql")
    assert (svc, rdflib.RDF.type, SD.Service) in g
    assert (svc, SD.endpoint, svc) in g
    assert (svc, SD.feature, SD.UnionDefaultGraph) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert "union of all" in str(g.value(svc, rdflib.RDFS.comment))
    names = {str(o) for o in g.objects(None, SD.name)}
    assert "https://w3id.org/sahelkg/graph/letter/900_sample" in names
    # other RDF formats by negotiation
    assert requests.get(base_url + "/sparql", headers={"Accept": "application/ld+json"}, timeout=30).headers["Content-Type"].startswith("application/ld+json")


def test_void_description(base_url):
    r = requests.get(base_url + "/void", headers={"Accept": "text/turtle"}, timeout=30)
    g = rdflib.Graph().parse(data=r.content, format="turtle")
    VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
    ds = next(g.subjects(rdflib.RDF.type, VOID.Dataset))
    triples = int(g.value(ds, VOID.triples))
    count = get(base_url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").json()["results"]["bindings"][0]["n"]["value"]
    assert triples == int(count)
    assert str(g.value(ds, VOID.sparqlEndpoint)) == base_url + "/sparql"
    assert rdflib.URIRef("https://w3id.org/sahelkg/ontology") in set(g.objects(ds, VOID.vocabulary))
    assert len(set(g.objects(ds, VOID.exampleResource))) >= 1
    dumps = [str(d) for d in g.objects(ds, VOID.dataDump)]
    assert dumps
    for d in dumps:
        dr = requests.get(d, timeout=30)
        assert dr.status_code == 200
        ds2 = rdflib.Dataset()
        ds2.parse(data=dr.content, format="nquads" if d.endswith(".nq") else "trig")
        assert sum(1 for _ in ds2.quads()) == triples


def test_health(base_url):
    r = requests.get(base_url + "/health", timeout=30)
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_one_structured_access_log_line_per_request(server):
    marker = f"/sparql?query=ASK%7B%7D&format=json&marker={time.time_ns()}"
    requests.get(server.url + marker, timeout=30)
    time.sleep(0.3)
    lines = [json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")]
    mine = [e for e in lines if e.get("path") == "/sparql" and e.get("status") == 200]
    assert mine, "no access log line for /sparql"
    e = mine[-1]
    assert e["method"] == "GET" and isinstance(e["duration_ms"], float) and "query_ms" in e
