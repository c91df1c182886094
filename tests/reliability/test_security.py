"""Security: read-only SPARQL (Update, LOAD, SERVICE refused), no path traversal on any route,
untrusted letter text and labels escaped on every HTML page (with a Content-Security-Policy, proven in
headless Chromium), admin operations from loopback or with the token only, per-client rate limiting."""

from __future__ import annotations

import http.client
import re
import time
from pathlib import Path

import pytest
import requests
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from serverproc import Server, run_cli

BASE = "https://w3id.org/sahelkg/"
SKG, RDF, RDFS = BASE + "ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#"
OA, PROV, XSD = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#", "http://www.w3.org/2001/XMLSchema#"
SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
IMG = "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
ATTR = "' onmouseover='document.documentElement.setAttribute(\"data-pwned\",\"attr\")' x='"
PAYLOADS = (SCRIPT, IMG, ATTR)
NAME = f"Front {SCRIPT} de libération {IMG} {ATTR}"
TEXT = (f"Geachte voorzitter,\n\nDe groep {NAME} heeft Mali aangevallen. {SCRIPT}\n"
        f"Nederland steunt Mali. {IMG}\n")


def n(x: str) -> NamedNode:
    return NamedNode(x)


def hostile_quads() -> list[Quad]:
    """A letter whose text and whose actor's names carry script and attribute-breaking payloads."""
    g, letter = n(BASE + "graph/letter/xss_letter"), n(BASE + "id/letter/xss_letter")
    grp, mli = n(BASE + "id/group/xss"), n(BASE + "id/state/MLI")
    st, ev, evn = n(BASE + "id/statement/xss-1"), n(BASE + "id/evidence/xss-1"), n(BASE + "id/event/xss-1")
    passage = f"De groep {NAME} heeft Mali aangevallen."
    start = TEXT.index(passage)
    onto = n(BASE + "graph/ontology")
    return [
        Quad(n(SKG + "ArmedGroup"), n(RDFS + "subClassOf"), n(SKG + "Actor"), onto),
        Quad(n(SKG + "State"), n(RDFS + "subClassOf"), n(SKG + "Actor"), onto),
        Quad(n(SKG + "Attack"), n(RDFS + "subClassOf"), n(SKG + "Event"), onto),
        Quad(n(SKG + "opposes"), n(RDFS + "subPropertyOf"), n(SKG + "actorRelation"), onto),
        Quad(g, n(PROV + "wasDerivedFrom"), letter, g),
        Quad(letter, n(RDF + "type"), n(SKG + "Letter"), g),
        Quad(letter, n(SKG + "text"), Literal(TEXT), g),
        Quad(letter, n("http://purl.org/dc/terms/date"), Literal("2020-01-01", datatype=n(XSD + "date")), g),
        Quad(grp, n(RDF + "type"), n(SKG + "ArmedGroup"), g),
        Quad(grp, n(RDFS + "label"), Literal(NAME, language="en"), g),
        Quad(grp, n(RDFS + "label"), Literal(f"{IMG} (nl)", language="nl"), g),
        Quad(mli, n(RDF + "type"), n(SKG + "State"), g),
        Quad(mli, n(RDFS + "label"), Literal(f"Mali {SCRIPT}", language="en"), g),
        Quad(grp, n(SKG + "opposes"), mli, g),
        Quad(st, n(RDF + "type"), n(RDF + "Statement"), g),
        Quad(st, n(RDF + "subject"), grp, g), Quad(st, n(RDF + "predicate"), n(SKG + "opposes"), g),
        Quad(st, n(RDF + "object"), mli, g), Quad(st, n(SKG + "evidence"), ev, g),
        Quad(ev, n(OA + "exact"), Literal(passage), g),
        Quad(ev, n(OA + "start"), Literal(str(start), datatype=n(XSD + "integer")), g),
        Quad(ev, n(OA + "end"), Literal(str(start + len(passage)), datatype=n(XSD + "integer")), g),
        Quad(evn, n(RDF + "type"), n(SKG + "Attack"), g),
        Quad(evn, n(RDFS + "label"), Literal(f"aanval {SCRIPT}"), g),
        Quad(evn, n(SKG + "agent"), grp, g), Quad(evn, n(SKG + "affected"), mli, g),
        Quad(evn, n(SKG + "date"), Literal("2020-01-01", datatype=n(XSD + "date")), g),
        Quad(evn, n(SKG + "place"), mli, g), Quad(evn, n(SKG + "evidence"), ev, g),
        Quad(evn, n(PROV + "wasDerivedFrom"), letter, g),
    ]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A server over a store holding only the hostile letter (loaded with ``sahelkg load``)."""
    tmp = tmp_path_factory.mktemp("hostile")
    nq = tmp / "hostile.nq"
    nq.write_bytes(serialize(hostile_quads(), format=RdfFormat.N_QUADS))
    done = run_cli("load", str(nq), "--store", str(tmp / "store"))
    assert done.returncode == 0, done.stderr
    srv = Server(tmp / "serve.log", store=tmp / "store", workers=2, timeout=20)
    yield srv
    srv.stop()


HTML_PAGES = [
    "/", "/actors", "/ontology", "/timeline", "/timeline?actor=group/xss", "/id/group/xss", "/id/state/MLI",
    "/id/event/xss-1", "/id/statement/xss-1", "/letter/xss_letter", "/actors/group/xss/graph",
    "/describe?iri=" + requests.utils.quote(BASE + "id/group/xss"),
    "/?query=" + requests.utils.quote("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"),
    "/?query=" + requests.utils.quote(f"SELECT * WHERE {{ ?s ?p \"{IMG}\" }} # {SCRIPT}"),
    "/id/" + requests.utils.quote(SCRIPT), "/letter/" + requests.utils.quote(IMG), "/api/docs",
]


def _csp(resp) -> str:
    return resp.headers.get("Content-Security-Policy", "")


def test_every_html_page_escapes_untrusted_text_and_carries_a_csp(hostile):
    shown = 0
    for path in HTML_PAGES:
        r = requests.get(hostile.url + path, headers={"Accept": "text/html"}, timeout=60)
        assert r.status_code in (200, 400, 404), (path, r.status_code, r.text[:300])
        assert r.headers["Content-Type"].startswith("text/html"), path
        csp = _csp(r)
        script_src = re.search(r"script-src ([^;]*)", csp)
        assert script_src and "'unsafe-inline'" not in script_src.group(1) and "'unsafe-eval'" not in script_src.group(1), (path, csp)
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp, (path, csp)
        for p in PAYLOADS:
            assert p not in r.text, (path, p)
        assert "<img src=x" not in r.text and "<script>document" not in r.text, path
        shown += "pwned" in r.text  # the payload is shown, as text
    assert shown >= 8


def test_payloads_never_run_in_a_browser(hostile):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("Debian chromium is not installed (scripts/system-deps.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium), args=args, headless=True)
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path in HTML_PAGES:
                page.goto(hostile.url + path, wait_until="load")
                page.wait_for_timeout(300)
                for el in page.query_selector_all("a, td, span, li, h1, h2, p, mark"):
                    if "onmouseover" in (el.text_content() or ""):
                        el.hover(timeout=2000)
                        break
                state = page.evaluate("""() => ({
                    pwned: document.documentElement.getAttribute('data-pwned'),
                    imgs: [...document.querySelectorAll('img')].filter(i => i.hasAttribute('onerror')).length,
                    handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name === 'onmouseover')).length,
                    scripts: [...document.scripts].filter(s => s.textContent.includes('pwned')).length,
                })""")
                assert state == {"pwned": None, "imgs": 0, "handlers": 0, "scripts": 0}, (path, state)
                text = page.evaluate("() => document.body.innerText")
                if path in ("/id/group/xss", "/letter/xss_letter"):
                    assert "onerror=" in text and "<script>" in text, path  # shown as text, not run
            assert not dialogs
        finally:
            browser.close()


# ------------------------------------------------------------------------------------ read-only

def _count(url: str) -> int:
    r = requests.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_update_load_and_service_are_refused(hostile):
    url = hostile.url
    before = _count(url)
    g = f"<{BASE}graph/letter/xss_letter>"
    attempts = [
        ("GET", {"update": f"CLEAR GRAPH {g}"}, None, None),
        ("POST", None, {"update": f"DROP GRAPH {g}"}, None),
        ("POST", None, {"query": f"INSERT DATA {{ GRAPH {g} {{ <urn:a> <urn:b> <urn:c> }} }}"}, None),
        ("POST", None, f"DELETE WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", "application/sparql-update"),
        ("POST", None, f"LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH {g}", "application/sparql-query"),
        ("GET", {"query": "# a comment first\nPREFIX x: <urn:x#>\n load <http://127.0.0.1:9/x.ttl>"}, None, None),
        ("GET", {"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}, None, None),
        ("GET", {"query": "SELECT * { ?s ?p ?o SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?x } }"}, None, None),
        ("POST", None, {"query": "PREFIX : <urn:x#> SELECT * { { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }"}, None),
    ]
    for method, params, data, ctype in attempts:
        headers = {"Content-Type": ctype} if ctype else {}
        r = requests.request(method, url + "/sparql", params=params, data=data, headers=headers, timeout=30)
        assert r.status_code in (400, 403), (params, data, r.status_code, r.text[:200])
    assert _count(url) == before
    # the word SERVICE or LOAD inside a string or IRI is no reason to refuse
    r = requests.get(url + "/sparql", params={"query": 'SELECT ("SERVICE LOAD INSERT" AS ?x) {}'},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200


# ------------------------------------------------------------------------------------ path traversal

TRAVERSALS = ["../../../../../../etc/passwd", "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "..%252f..%252f..%252fetc%252fpasswd", "....//....//....//etc/passwd", "%2e%2e%5c%2e%2e%5cetc%5cpasswd",
              "..\\..\\..\\etc\\passwd", "/etc/passwd", "%00../../etc/passwd"]
PREFIXES = ["/static/", "/static/vendor/codemirror/", "/static/vendor/cytoscape/", "/dumps/", "/letter/", "/id/",
            "/graph/", "/api/actors/", "/actors/", "/", "/api/", "/describe?iri=file:///", "/sparql?query="]


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalisation of ``..``)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_no_path_traversal_on_any_route(hostile, root):
    secret = (root / "pyproject.toml").read_bytes()[:60]
    tried = 0
    for prefix in PREFIXES:
        for t in TRAVERSALS:
            status, body = _raw_get(hostile.port, prefix + t)
            tried += 1
            assert status < 500, (prefix + t, status, body[:200])
            assert b"root:x:0:0" not in body and secret not in body, (prefix + t, status)
            assert status != 200 or prefix in ("/sparql?query=",), (prefix + t, status, body[:200])
    assert tried == len(PREFIXES) * len(TRAVERSALS)
    for path in ("/static/vendor/codemirror/../../../../pyproject.toml", "/static/..%2f..%2fpyproject.toml",
                 "/static/vendor/codemirror/..%2f..%2f..%2f..%2fpyproject.toml"):
        status, body = _raw_get(hostile.port, path)
        assert secret not in body and status in (400, 403, 404), (path, status)


# ------------------------------------------------------------------------------------ admin operations

def test_admin_reload_only_from_loopback_or_with_the_token(hostile, tmp_path):
    from sahelkg.server import create_app

    r = requests.post(hostile.url + "/admin/reload", timeout=30)  # loopback: allowed
    assert r.status_code == 202, r.text
    hostile.wait_healthy(10)  # the reloaded workers answer again
    assert requests.get(hostile.url + "/admin/reload", timeout=30).status_code == 405  # never on GET

    app = create_app({"STORE_PATH": str(Path(hostile.log).parent / "store"), "ADMIN_TOKEN": "s3cret-token",
                      "RATE_LIMIT": "off", "TESTING": True})
    c = app.test_client()
    remote = {"REMOTE_ADDR": "203.0.113.7"}
    assert c.post("/admin/reload", environ_base=remote).status_code == 403
    assert c.post("/admin/reload", environ_base=remote, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert c.post("/admin/reload", environ_base=remote, headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
    assert c.post("/admin/reload", environ_base=remote,
                  headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert c.post("/admin/reload", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    no_token = create_app({"STORE_PATH": str(Path(hostile.log).parent / "store"), "RATE_LIMIT": "off", "TESTING": True})
    assert no_token.test_client().post("/admin/reload", environ_base=remote,
                                       headers={"Authorization": "Bearer "}).status_code == 403


# ------------------------------------------------------------------------------------ rate limiting

def test_rate_limit_answers_429_with_retry_after_across_workers(tmp_path, hostile):
    store = Path(hostile.log).parent / "store"
    rate, burst = 4, 8
    with Server(tmp_path / "limited.log", store=store, workers=3, timeout=20,
                env={"SAHELKG_RATE_LIMIT": f"{rate}/s", "SAHELKG_RATE_BURST": str(burst)}) as srv:
        time.sleep(1.0)  # the start-up health checks' tokens come back
        t0 = time.monotonic()
        codes, retry = [], []
        for _ in range(40):
            r = requests.get(srv.url + "/api/actors", params={"q": "x"}, timeout=30)
            codes.append(r.status_code)
            if r.status_code == 429:
                retry.append(r.headers.get("Retry-After"))
                assert r.json()["error"].startswith("too many requests")
        elapsed = time.monotonic() - t0
        assert set(codes) == {200, 429}, codes
        # one bucket for all three workers: bursts plus refill, not three times that
        assert codes.count(200) <= burst + rate * elapsed + 1, (codes.count(200), elapsed)
        assert all(v is not None and v.isdigit() and int(v) >= 1 for v in retry), retry
        assert requests.get(srv.url + "/health", timeout=10).status_code == 200  # monitoring is never limited
        while (r := requests.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30)).status_code == 200:
            pass  # use the bucket up
        assert r.status_code == 429 and r.headers["Content-Type"].startswith("text/plain")
        time.sleep(int(r.headers["Retry-After"]))  # waiting as told is enough
        assert requests.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200


def test_rate_limit_setting_is_checked():
    from sahelkg.server.ratelimit import parse_rate

    assert parse_rate("20/s") == 20 and parse_rate("600/m") == 10 and parse_rate("off") is None
    with pytest.raises(ValueError, match="SAHELKG_RATE_LIMIT"):
        parse_rate("lots")
