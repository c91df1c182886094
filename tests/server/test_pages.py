"""Pages for people in a browser, in-process over the sample store: the query page (as a plain
form, without JS), resource pages, the letter view, escaping and security headers."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
import rdflib

from skg_sample import LETTERS, RELATIONS

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
MLI = "https://w3id.org/sahelkg/id/state/MLI"


def test_query_page_without_a_query_shows_the_editor_form(client):
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert '<form method="get" action="/" id="query-form">' in page
    assert 'name="query"' in page and "PREFIX skg: &lt;https://w3id.org/sahelkg/ontology#&gt;" in page
    assert "/static/vendor/codemirror/mode/sparql/sparql.js" in page


def test_query_page_runs_a_query_server_side_and_links_iris(client):
    q = "SELECT ?s ?label WHERE { ?s a skg:State ; rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?s"
    r = client.get("/?query=" + quote(q), headers=HTML)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'href="/id/state/MLI"' in page and ">Mali<" in page
    assert "Added PREFIX declarations for: skg, rdfs" in page
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in page
    assert 'id="share-link"' in page and quote(q)[:30] in page.replace("&amp;", "&") or "share-link" in page


def test_query_page_shows_syntax_errors_and_refusals(client):
    r = client.get("/?query=" + quote("SELECT ?s WHERE { ?s "), headers=HTML)
    assert r.status_code == 400 and "error at" in r.get_data(as_text=True)
    r = client.get("/?query=" + quote("DROP ALL"), headers=HTML)
    assert r.status_code == 403 and "read-only" in r.get_data(as_text=True)


def test_query_page_handles_ask_and_construct(client):
    r = client.get("/?query=" + quote("ASK { ?s ?p ?o }"), headers=HTML)
    assert 'id="boolean-result">true<' in r.get_data(as_text=True)
    r = client.get("/?query=" + quote(f"CONSTRUCT {{ <{MLI}> ?p ?o }} WHERE {{ <{MLI}> ?p ?o }}"), headers=HTML)
    page = r.get_data(as_text=True)
    assert "format=turtle" in page and "skg:memberOf" in page


def test_examples_come_from_the_competency_questions(client, tmp_path, monkeypatch):
    (tmp_path / "q01_states.rq").write_text("# title: Which states?\n# description: Every <state> we know.\n"
                                            "SELECT ?s WHERE { ?s a skg:State }\n", encoding="utf-8")
    monkeypatch.setattr("sahelkg.server.pages.queries_dir", lambda: tmp_path)
    page = client.get("/", headers=HTML).get_data(as_text=True)
    assert "Which states?" in page and "Every &lt;state&gt; we know." in page
    assert 'href="/?query=%23%20title' in page  # works as a plain link without JS


def test_browser_get_on_sparql_is_sent_to_the_query_page(client):
    r = client.get("/sparql?query=" + quote("ASK {}"), headers=HTML)
    assert r.status_code == 303 and r.headers["Location"].startswith("/?query=")
    assert client.get("/sparql?query=" + quote("ASK {}")).status_code == 200  # */* stays machine


def test_resource_page_lists_statements_with_sources_and_passages(client):
    r = client.get("/id/state/MLI", headers=HTML)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<h1 id="label">Mali</h1>' in page and "skg:State" in page
    assert "“Mali is lid van ECOWAS”" in page
    assert 'href="/letter/901_sample#c-' in page
    # incoming: France supports Mali, with its passage
    assert "“Frankrijk steunt de regering van Mali”" in page and 'href="/id/state/FRA"' in page
    assert 'href="/actors/state/MLI/graph"' in page


def test_contribution_page_uses_the_nodes_own_evidence(client):
    page = client.get("/id/contribution/900-1", headers=HTML).get_data(as_text=True)
    assert page.count("Het kabinet zendt 250 militairen naar de VN-missie in Mali") >= 3  # one per statement


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_resource_content_negotiation(client, accept, fmt):
    r = client.get("/id/state/MLI", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
    g = rdflib.Graph().parse(data=r.data, format=fmt)
    assert (rdflib.URIRef(MLI), rdflib.RDFS.label, rdflib.Literal("Mali", lang="en")) in g
    assert (rdflib.URIRef("https://w3id.org/sahelkg/id/state/FRA"), rdflib.URIRef("https://w3id.org/sahelkg/ontology#supports"),
            rdflib.URIRef(MLI)) in g


def test_resource_format_parameter_and_unknown_iri(client):
    assert client.get("/id/state/MLI?format=ntriples", headers=HTML).headers["Content-Type"].startswith("application/n-triples")
    assert client.get("/id/state/XXX", headers=HTML).status_code == 404
    assert client.get("/id/state/XXX").status_code == 404


def test_graph_and_external_iris_dereference(client):
    page = client.get("/graph/letter/900_sample", headers=HTML).get_data(as_text=True)
    assert "prov:wasDerivedFrom" in page and "/letter/900_sample" in page
    r = client.get("/describe?iri=" + quote("http://www.wikidata.org/entity/Q912"), headers=HTML)
    assert r.status_code == 200 and 'href="/id/state/MLI"' in r.get_data(as_text=True)


def test_letter_view_highlights_each_passage_at_its_offsets(client):
    r = client.get("/letter/900_sample", headers=HTML)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", page, re.S)]
    text = LETTERS["900_sample"][1]
    for name, s, rel, o, passage in RELATIONS:
        if name == "900_sample":
            start = text.index(passage)
            assert f'id="c-{start}"' in page
            assert passage in "".join(marks)
    assert 'href="/id/statement/900_sample-0"' in page  # linked to the fact's node


def test_letter_text_is_escaped(client):
    page = client.get("/letter/901_sample", headers=HTML).get_data(as_text=True)
    assert " &amp; de &lt;AU&gt;." in page and "<AU>" not in page
    assert client.get("/letter/nope", headers=HTML).status_code == 404


def test_pages_carry_a_content_security_policy(client):
    for path in ("/", "/id/state/MLI", "/letter/900_sample", "/actors/state/MLI/graph", "/actors"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, path
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert "<script>" not in r.get_data(as_text=True), f"inline script on {path}"
        assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_vendored_libraries_are_served_from_node_modules(client, root):
    if not (root / "server" / "node_modules" / "codemirror").is_dir():
        pytest.skip("run `make js` (npm ci --prefix server) first")
    assert client.get("/static/vendor/codemirror/lib/codemirror.js").status_code == 200
    assert client.get("/static/vendor/cytoscape/dist/cytoscape.min.js").status_code == 200
    assert client.get("/static/vendor/other/x.js").status_code == 404
    assert client.get("/static/vendor/codemirror/../../package.json").status_code == 404


def test_ontology_iri_negotiates(client, root):
    if not (root / "ontology" / "sahelkg.ttl").is_file():
        pytest.skip("ontology/sahelkg.ttl not written yet")
    r = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/sahelkg/ontology#State"), rdflib.RDF.type, rdflib.OWL.Class) in g
    h = client.get("/ontology", headers=HTML)
    assert h.status_code in (200, 503) and h.mimetype in ("text/html", "text/plain")
