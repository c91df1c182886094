"""Hostile input against a real ``sahelkg serve``: property-based fuzzing (hypothesis) of the SPARQL
endpoint, and schemathesis (valid and invalid requests) against the OpenAPI description of the JSON
API. Random and mutated queries, megabyte queries, deep nesting and long chains, invalid UTF-8 and odd
Accept headers get a 2xx or 4xx - never a 5xx, never a hang, never a dead worker."""

from __future__ import annotations

import http.client
import random
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serverproc import Server

ROOT = Path(__file__).resolve().parents[2]
CQS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "ontology" / "queries").glob("*.rq"))]
TIMEOUT = 10.0  # the server's query limit here; a request waiting much longer than this is a hang
RAN: dict[str, int] = {}

TOKENS = ["{", "}", "(", ")", "[", "]", ".", ";", ",", "?x", "$y", "<urn:a>", "<", ">", '"', "'", '"""', "#",
          "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
          "SERVICE", "LOAD", "INSERT", "DELETE", "DROP", "VALUES", "BIND", "AS", "GROUP BY", "ORDER BY", "LIMIT",
          "OFFSET", "*", "+", "/", "|", "^", "!", "a", "UNDEF", "COUNT(", "REGEX(", "xsd:integer", "^^", "@nl",
          "1e999999", "-0", "\\u0000", "\\U0010FFFF", "\x00", "\ufeff", "\u202e", "🇲🇱", "PREFIX x: <", "BASE <",
          "FROM <urn:g>", "FROM NAMED <urn:g>", "skg:", "rdfs:label", "_:b", "[]", "()", "NOT EXISTS {", "}}}}"]
ACCEPTS = ["*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/ld+json", "application/rdf+xml",
           "application/n-triples", "text/html", "application/json", "text/plain", "image/png", "",
           "application/sparql-results+json;q=abc", "*/*;q=0", "text/*;q=0.5, */*;q=nan", ";;;,,,",
           "application/sparql-results+json; charset=latin-1", "text/html;level=1;q=1.0, text/*;q=0.1",
           "x" * 4000, "application/" + "a" * 300, "*/*;q=1e309", "text/turtle;q=-1"]


@pytest.fixture(scope="module")
def fuzz_server(built_seed_data, tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("fuzz-log") / "serve.log", store=built_seed_data / "store", workers=2,
                 timeout=TIMEOUT)
    for _ in range(300):  # healthy means one worker answers; wait for both
        if len(srv.workers()) == 2:
            break
        time.sleep(0.1)
    time.sleep(1)
    workers = {p.pid for p in srv.workers()}
    yield srv
    # no fuzzed request killed or wedged a worker: the same processes are still serving
    alive = {p.pid for p in srv.workers()}
    log = srv.log.read_text(errors="replace")
    srv.stop()
    assert alive == workers, f"workers died during fuzzing: {sorted(workers - alive)}; log tail: {log[-3000:]}"
    assert "SIGSEGV" not in log and "Traceback" not in log, log[-3000:]
    print(f"\nfuzz examples sent: {RAN}")


def _ok(resp: requests.Response, what) -> None:
    assert resp.status_code < 500, (what if len(repr(what)) < 600 else repr(what)[:600], resp.status_code, resp.text[:300])


def _send(srv, query: str, how: str, accept: str) -> requests.Response:
    try:
        return _send_once(srv, query, how, accept)
    except requests.RequestException as e:  # a dropped connection is a dead worker or a hang
        raise AssertionError(f"{type(e).__name__} for a {how} query of {len(query)} chars: {query[:300]!r}") from None


def _send_once(srv, query: str, how: str, accept: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        return requests.get(srv.url + "/sparql", params={"query": query}, headers=headers, timeout=TIMEOUT + 20)
    if how == "form":
        return requests.post(srv.url + "/sparql", data={"query": query}, headers=headers, timeout=TIMEOUT + 20)
    headers["Content-Type"] = "application/sparql-query"
    return requests.post(srv.url + "/sparql", data=query.encode("utf-8", "surrogatepass"), headers=headers,
                         timeout=TIMEOUT + 20)


@st.composite
def mutated_queries(draw) -> str:
    q = draw(st.sampled_from(CQS))
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, len(q)))
        j = draw(st.integers(i, min(len(q), i + 200)))
        op = draw(st.sampled_from(["delete", "token", "text", "duplicate", "swap", "truncate"]))
        if op == "delete":
            q = q[:i] + q[j:]
        elif op == "token":
            q = q[:i] + " " + draw(st.sampled_from(TOKENS)) + " " + q[i:]
        elif op == "text":
            q = q[:i] + draw(st.text(max_size=40)) + q[i:]
        elif op == "duplicate":
            q = q[:j] + q[i:j] + q[j:]
        elif op == "swap" and j < len(q):
            q = q[:i] + q[j] + q[i + 1:j] + q[i] + q[j + 1:] if i < j else q
        else:
            q = q[:j]
    return q


SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), database=None)


def test_mutated_competency_questions(fuzz_server):
    @settings(max_examples=300, **SETTINGS)
    @given(q=mutated_queries(), how=st.sampled_from(["get", "form", "direct"]), accept=st.sampled_from(ACCEPTS))
    def run(q, how, accept):
        RAN["mutated"] = RAN.get("mutated", 0) + 1
        _ok(_send(fuzz_server, q, how, accept), q)

    run()


def test_random_text_and_token_soup(fuzz_server):
    @settings(max_examples=200, **SETTINGS)
    @given(q=st.one_of(st.text(max_size=300), st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join)),
           how=st.sampled_from(["get", "form", "direct"]), accept=st.sampled_from(ACCEPTS))
    def run(q, how, accept):
        RAN["random"] = RAN.get("random", 0) + 1
        _ok(_send(fuzz_server, q, how, accept), q)

    run()


def test_deep_nesting_and_long_chains(fuzz_server):
    shapes = {
        "groups": lambda n: "SELECT * WHERE { " + "{ " * n + "?s ?p ?o" + " }" * n + " }",
        "parens": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "brackets": lambda n: "SELECT * WHERE { ?s ?p " + "[ <urn:p> " * n + "?o" + " ]" * n + " }",
        "optional": lambda n: "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { " * n + "?s ?p ?o" + " }" * n + " }",
        "union": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " } LIMIT 1",
        "plus": lambda n: "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * n) + " > 0) } LIMIT 1",
        "path": lambda n: "ASK { ?s " + "/".join(["<urn:p>"] * n) + " ?o }",
        "not": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
        "unclosed": lambda n: "SELECT * WHERE " + "{ " * n,
    }

    @settings(max_examples=120, **SETTINGS)
    @given(shape=st.sampled_from(sorted(shapes)), n=st.one_of(st.integers(1, 300), st.integers(300, 60000)),
           how=st.sampled_from(["form", "direct"]))
    def run(shape, n, how):
        RAN["deep"] = RAN.get("deep", 0) + 1
        _ok(_send(fuzz_server, shapes[shape](n), how, "application/sparql-results+json"), (shape, n))

    run()


def test_megabyte_queries(fuzz_server):
    mb = 1024 * 1024
    big = [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # " + "x" * mb,
        'SELECT * WHERE { ?s ?p "' + "é" * (mb // 2) + '" }',
        "SELECT * WHERE { VALUES ?s { " + " ".join(f"<urn:x:{i}>" for i in range(mb // 14)) + " } ?s ?p ?o }",
        "SELECT * WHERE { " + "?s ?p ?o . " * (mb // 12) + "}",
        "PREFIX " + "p" * mb + ": <urn:x#> ASK {}",
        "?" * mb,
    ]
    for q in big:
        for how in ("form", "direct"):
            RAN["1MB"] = RAN.get("1MB", 0) + 1
            _ok(_send(fuzz_server, q, how, "*/*"), (q[:80], len(q), how))
        # a megabyte in the URL is refused by the HTTP layer itself, with a 4xx
        RAN["1MB"] = RAN.get("1MB", 0) + 1
        r = requests.get(fuzz_server.url + "/sparql?query=" + quote(q[:mb]), timeout=TIMEOUT + 20)
        assert 400 <= r.status_code < 500, r.status_code


def _raw(srv, method: str, target: str, body: bytes = b"", headers: dict | None = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=TIMEOUT + 20)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body or method == "POST":
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        return conn.getresponse().status
    finally:
        conn.close()


def test_invalid_utf8_everywhere(fuzz_server):
    @settings(max_examples=150, **SETTINGS)
    @given(junk=st.binary(min_size=1, max_size=300), where=st.sampled_from(["direct", "form", "url", "header", "path"]))
    def run(junk, where):
        RAN["bytes"] = RAN.get("bytes", 0) + 1
        bad = b"SELECT * WHERE { ?s ?p \xff\xfe" + junk + b" }"
        if where == "direct":
            status = _raw(fuzz_server, "POST", "/sparql", bad, {"Content-Type": "application/sparql-query"})
        elif where == "form":
            status = _raw(fuzz_server, "POST", "/sparql", b"query=" + bytes(quote(bad, safe=""), "ascii"),
                          {"Content-Type": "application/x-www-form-urlencoded"})
        elif where == "url":
            status = _raw(fuzz_server, "GET", "/sparql?query=" + quote(bad, safe="") + "&default-graph-uri=%ff%c0")
        elif where == "header":
            status = _raw(fuzz_server, "GET", "/sparql?query=ASK%7B%7D",
                          headers={"Accept": junk.decode("latin-1").replace("\r", " ").replace("\n", " ")})
        else:
            status = _raw(fuzz_server, "GET", "/id/" + quote(junk, safe="") + "/%ff%fe")
        assert status < 500, (where, junk, status)

    run()


def test_odd_accept_headers_and_parameters(fuzz_server):
    @settings(max_examples=150, **SETTINGS)
    @given(accept=st.one_of(st.sampled_from(ACCEPTS), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255),
                                                              max_size=200).map(str.strip)),
           fmt=st.one_of(st.none(), st.sampled_from(["json", "xml", "csv", "tsv", "turtle", "html", "nonsense", ""])),
           q=st.sampled_from(CQS[:5] + ["ASK {}", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "DESCRIBE <urn:x>"]),
           extra=st.dictionaries(st.sampled_from(["default-graph-uri", "named-graph-uri", "timeout", "query", "update"]),
                                 st.text(max_size=30), max_size=3))
    def run(accept, fmt, q, extra):
        RAN["accept"] = RAN.get("accept", 0) + 1
        params = {"query": q, **({"format": fmt} if fmt is not None else {}), **extra}
        r = requests.get(fuzz_server.url + "/sparql", params=params, headers={"Accept": accept}, timeout=TIMEOUT + 20)
        _ok(r, (accept, params))

    run()


def test_schemathesis_against_the_openapi_description(fuzz_server):
    schemathesis = pytest.importorskip("schemathesis")
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_url(fuzz_server.url + "/api/openapi.json")
    schema.config.base_url = fuzz_server.url
    checks = [schemathesis.checks.not_a_server_error]
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 3
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=60, **SETTINGS)
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                RAN["schemathesis"] = RAN.get("schemathesis", 0) + 1
                response = case.call(base_url=fuzz_server.url, timeout=TIMEOUT + 20)
                case.validate_response(response, checks=checks)

            check()


def test_random_paths_on_every_route(fuzz_server):
    routes = ["/", "/id/", "/graph/", "/letter/", "/actors/", "/api/actors/", "/api/paths", "/describe", "/static/",
              "/dumps/", "/timeline", "/api/timeline", "/void", "/sparql/", "/api/contributions/series"]

    @settings(max_examples=150, **SETTINGS)
    @given(route=st.sampled_from(routes), tail=st.text(max_size=80),
           params=st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=40), max_size=4))
    def run(route, tail, params):
        RAN["paths"] = RAN.get("paths", 0) + 1
        r = requests.get(fuzz_server.url + route + quote(tail.encode("utf-8", "surrogatepass"), safe="/"), params=params,
                         headers={"Accept": random.choice(["text/html", "application/json", "*/*"])}, timeout=TIMEOUT + 20)
        _ok(r, (route, tail, params))

    run()
