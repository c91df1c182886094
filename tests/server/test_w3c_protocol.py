"""The W3C SPARQL 1.1 Protocol test suite against a running ``sahelkg serve``.

Every ``query_*`` and ``bad_*`` test must pass; the ``update_*`` tests must get a clean refusal
(403 with a message), since the endpoint is read-only. The manifest is read with rdflib; requests
are replayed as written (method, path, headers, body in its declared encoding).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib import RDF, Namespace
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parents[2]
SUITE = Path(ROOT).parent / "shared" / "w3c-sparql-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

RESULTS = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}


def _manifest():
    if not SUITE.is_dir():
        return None, []
    g = rdflib.Graph()
    g.parse(SUITE / "manifest.ttl", format="turtle", publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = list(Collection(g, g.value(manifest, MF.entries)))
    return g, entries


GRAPH, ENTRIES = _manifest()
pytestmark = pytest.mark.skipif(GRAPH is None, reason=f"W3C protocol suite not found at {SUITE}")


def _requests(test):
    action = GRAPH.value(test, MF.action)
    out = []
    for req in Collection(GRAPH, GRAPH.value(action, HT.requests)):
        headers = {}
        hl = GRAPH.value(req, HT.headers)
        if hl is not None:
            for h in Collection(GRAPH, hl):
                headers[str(GRAPH.value(h, HT.fieldName))] = str(GRAPH.value(h, HT.fieldValue))
        body = GRAPH.value(req, HT.body)
        data = None
        if body is not None:
            enc = str(GRAPH.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(GRAPH.value(body, CNT.chars)).encode(enc.lower())
        resp = GRAPH.value(req, HT.resp)
        out.append({
            "method": str(GRAPH.value(req, HT.methodName)),
            "path": str(GRAPH.value(req, HT.absolutePath)),
            "headers": headers,
            "data": data,
            "status": {str(s)[len(HTS):] for s in GRAPH.objects(resp, MF.expectedStatus)},
            "format": str(GRAPH.value(resp, MF.expectedFormat) or "") or None,
            "boolean": GRAPH.value(resp, MF.expectedBoolean),
        })
    return out


def _name(test) -> str:
    return str(test).rsplit("#", 1)[-1]


def _send(base_url: str, r: dict) -> requests.Response:
    # requests would add a form Content-Type for str bodies; bytes are sent exactly as given
    return requests.request(r["method"], base_url + r["path"], headers=r["headers"], data=r["data"],
                            timeout=30, allow_redirects=False)


def _boolean(resp: requests.Response) -> bool:
    ct = resp.headers["Content-Type"].split(";")[0]
    if ct == "application/sparql-results+json":
        return json.loads(resp.content)["boolean"]
    assert ct == "application/sparql-results+xml", ct
    return b"<boolean>true</boolean>" in resp.content


QUERY_TESTS = [t for t in ENTRIES if _name(t).startswith(("query_", "bad_"))]
UPDATE_TESTS = [t for t in ENTRIES if _name(t).startswith("update_")]


@pytest.mark.parametrize("test", QUERY_TESTS, ids=_name)
def test_query_protocol(base_url, test):
    for r in _requests(test):
        resp = _send(base_url, r)
        status_class = f"{resp.status_code // 100}xx"
        assert status_class in r["status"], (
            f"{_name(test)}: {r['method']} {r['path']} gave {resp.status_code} ({resp.text[:300]!r}); "
            f"expected {sorted(r['status'])}")
        ct = resp.headers.get("Content-Type", "").split(";")[0]
        if r["format"] == "boolean":
            assert ct in ("application/sparql-results+json", "application/sparql-results+xml"), ct
        if r["format"] == "tabular":
            assert ct in RESULTS, ct
        if r["format"] == "RDF":
            assert ct in RDF_TYPES, ct
            rdflib.Graph().parse(data=resp.content, format=RDF_TYPES[ct])
        if r["boolean"] is not None:
            assert _boolean(resp) is r["boolean"].toPython(), f"{_name(test)}: wrong boolean: {resp.text}"
        if status_class == "4xx":
            assert resp.text.strip(), "an error must say what was wrong"


@pytest.mark.parametrize("test", UPDATE_TESTS, ids=_name)
def test_update_refused(base_url, test):
    first = _requests(test)[0]
    resp = _send(base_url, first)
    assert resp.status_code == 403, f"{_name(test)}: {resp.status_code} {resp.text[:200]}"
    assert "read-only" in resp.text


def test_suite_is_complete():
    """The manifest has the tests we count on (so a truncated copy cannot pass silently)."""
    assert len(QUERY_TESTS) >= 20 and len(UPDATE_TESTS) >= 7
