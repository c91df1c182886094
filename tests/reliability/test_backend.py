"""``serve --backend URL``: the front end over a real external SPARQL server (Virtuoso on loopback,
filled with ``sahelkg push``) answers the pages, the actor API and the endpoint like the embedded store."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import requests

from serverproc import Server, run_cli

pytestmark = pytest.mark.external

BASE = "https://w3id.org/sahelkg/"


class _Text(HTMLParser):
    """The visible text and the link targets of a page (what a reader gets from it)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.links: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for k, v in attrs:
            if k == "href" and v:
                self.links.add(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words += data.split()


def page_view(html: str) -> tuple[list[str], set[str]]:
    p = _Text()
    p.feed(html)
    return sorted(p.words), p.links


def _sorted_json(x):
    """JSON with every list sorted (a remote server may return rows in another order)."""
    if isinstance(x, dict):
        return {k: _sorted_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return sorted((_sorted_json(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
    return x


@pytest.fixture(scope="module")
def pair(built_seed_data, virtuoso, tmp_path_factory):
    """(local server, server with --backend Virtuoso) over the same seed graph."""
    push = run_cli("--data", str(built_seed_data), "push", virtuoso.sparql, "--graph-store", virtuoso.graph_store)
    assert push.returncode == 0, push.stderr
    logs = tmp_path_factory.mktemp("backend-logs")
    local = Server(logs / "local.log", store=built_seed_data / "store", timeout=30)
    try:
        remote = Server(logs / "remote.log", backend=virtuoso.sparql, timeout=30)  # same limit: pages state it
    except Exception:
        local.stop()
        raise
    yield local, remote
    remote.stop()
    local.stop()


def _ids(local_url: str, kind: str, limit: int = 6) -> list[str]:
    r = requests.get(local_url + "/api/actors", params={"class": kind, "limit": limit}, timeout=30)
    assert r.status_code == 200
    return [a["id"] for a in r.json()["actors"]]


def test_actor_api_answers_the_same(pair):
    local, remote = pair
    paths = ["/api/actors", "/api/actors?q=mali", "/api/actors?class=Mission&limit=20", "/api/actors?q=%3Cscript%3E",
             "/api/actors/nowhere/none/relations", "/api/actors/state/MLI/relations?depth=2",
             "/api/actors/state/NLD/relations?types=contributesTo"]
    paths += [f"/api/actors/{i}/relations" for i in _ids(local.url, "ArmedGroup") + _ids(local.url, "State")]
    paths += ["/api/paths?from=state/NLD&to=mission/minusma", "/api/paths?from=state/NLD&to=group/jnim"]
    compared = 0
    for path in paths:
        a = requests.get(local.url + path, timeout=60)
        b = requests.get(remote.url + path, timeout=60)
        assert a.status_code == b.status_code, (path, a.text[:300], b.text[:300])
        if a.status_code == 200:
            assert _sorted_json(a.json()) == _sorted_json(b.json()), path
            compared += 1
    assert compared >= 10
    # the timeline: the same events, each with the same letter and quote (its SAMPLE()d label or
    # class may differ, as SPARQL leaves that choice to the engine)
    for path in ("/api/timeline", "/api/timeline?actor=group/jnim"):
        a = requests.get(local.url + path, timeout=60).json()
        b = requests.get(remote.url + path, timeout=60).json()
        key = lambda ev: sorted((e["iri"], e["letter"], e["quote"], e["start"], e["end"]) for e in ev["events"])  # noqa: E731
        assert a["count"] == b["count"] and key(a) == key(b), path


def test_pages_read_the_same(pair):
    local, remote = pair
    letters = [r["letter"]["value"].rsplit("/", 1)[-1] for r in requests.get(
        local.url + "/sparql", params={"query": "PREFIX skg: <https://w3id.org/sahelkg/ontology#> "
                                                "SELECT ?letter { ?letter a skg:Letter } ORDER BY ?letter"},
        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()["results"]["bindings"]]
    assert letters
    paths = ["/", "/actors", "/ontology", "/id/mission/minusma", "/id/nothing/here", "/timeline"]
    paths += [f"/letter/{n}" for n in letters[:3]] + [f"/id/{i}" for i in _ids(local.url, "Person", 3)]
    paths += [f"/actors/{i}/graph" for i in _ids(local.url, "State", 2)]
    for path in paths:
        a = requests.get(local.url + path, headers={"Accept": "text/html"}, timeout=60)
        b = requests.get(remote.url + path, headers={"Accept": "text/html"}, timeout=60)
        assert a.status_code == b.status_code, (path, b.text[:500])
        assert b.headers.get("Content-Security-Policy") == a.headers.get("Content-Security-Policy")
        wa, la = page_view(a.text.replace(local.url, "SERVER"))  # pages show their own endpoint URL
        wb, lb = page_view(b.text.replace(remote.url, "SERVER"))
        if path == "/timeline":
            # SAMPLE() picks differently on Virtuoso (a place's Dutch or English label, one of
            # several classes): the same events are listed, each linking to the same letter
            ev = lambda links: {x for x in links if x.startswith(("/id/event/", "/letter/"))}  # noqa: E731
            assert ev(la) == ev(lb), (path, sorted(ev(la) ^ ev(lb))[:10])
            continue
        if path.startswith("/id/"):
            # the same statements, linking to the same resources; the quoted passages under them are
            # missing over Virtuoso 7.2, which drops OPTIONAL { … { … BIND } UNION { … BIND } } there
            # (known gap, docs/scaling.md)
            res = lambda links: {x for x in links if not x.startswith("/letter/")}  # noqa: E731
            assert res(la) == res(lb), (path, sorted(res(la) ^ res(lb))[:10])
            continue
        assert wa == wb, (path, sorted(set(wa) ^ set(wb))[:20])
        if path.startswith("/letter/"):
            # where two facts quote the same span, which one the highlight links to depends on row order
            assert len(la) == len(lb) and {x for x in la if not x.startswith("/id/")} == \
                {x for x in lb if not x.startswith("/id/")}, path
        else:
            assert la == lb, (path, sorted(la ^ lb)[:10])


def test_endpoint_answers_the_competency_questions(pair, root):
    """The endpoint hands user queries to the backend: the answers are Virtuoso's own. Most of the
    competency questions come back the same; the rest differ where SPARQL leaves it to the engine
    (SAMPLE) or where Virtuoso 7.2 deviates (YEAR() on a plain literal is an error there; NOT EXISTS
    with property paths). docs/scaling.md lists them."""
    local, remote = pair
    queries = sorted((root / "ontology" / "queries").glob("*.rq"))
    assert len(queries) >= 20
    same, differing = [], {}
    for q in queries:
        text = q.read_text(encoding="utf-8")
        a = requests.post(local.url + "/sparql", data={"query": text},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
        b = requests.post(remote.url + "/sparql", data={"query": text},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert a.status_code == 200, (q.name, a.text[:300])
        assert "Traceback" not in b.text
        if b.status_code != 200:
            assert b.status_code >= 400 and "backend" in b.text, (q.name, b.text[:300])
            differing[q.name] = f"{b.status_code}: {b.text.strip()[:120]}"
        elif _rows(a.json()) != _rows(b.json()):
            differing[q.name] = f"rows differ ({len(a.json()['results']['bindings'])} vs {len(b.json()['results']['bindings'])})"
        else:
            same.append(q.name)
    print(f"competency questions answered the same over Virtuoso: {len(same)}/{len(queries)}; differing: {differing}")
    assert len(same) >= 0.75 * len(queries), differing


def _rows(res: dict) -> list:
    """Result rows as sorted tuples of (var, value) - datatype spellings differ between servers."""
    if "boolean" in res:
        return [res["boolean"]]
    out = []
    for b in res["results"]["bindings"]:
        out.append(tuple(sorted((k, _num(v["value"])) for k, v in b.items())))
    return sorted(out)


def _num(v: str) -> str:
    """Numbers compared by value ("250" vs "250.0", "1.0E3" vs "1000")."""
    if re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", v):
        f = float(v)
        return str(int(f)) if f == int(f) else repr(f)
    return v


def test_endpoint_protocol_over_the_backend(pair):
    _, remote = pair
    r = requests.get(remote.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                     headers={"Accept": "text/csv"}, timeout=60)
    assert r.status_code == 200 and int(r.text.splitlines()[1]) > 1000
    r = requests.get(remote.url + "/sparql", params={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o "
                                                              f"FILTER(?s = <{BASE}id/state/MLI>) }}"},
                     headers={"Accept": "text/turtle"}, timeout=60)
    assert r.status_code == 200 and "Mali" in r.text
    r = requests.get(remote.url + "/sparql", params={"query": "SELEC nonsense"}, timeout=60)
    assert r.status_code == 400
    r = requests.post(remote.url + "/sparql", data={"update": f"DROP GRAPH <{BASE}graph/ontology>"}, timeout=60)
    assert r.status_code == 403  # our guard stands in front of the backend too
    r = requests.get(remote.url + "/dumps/sahelkg.nq", timeout=120)
    assert r.status_code == 200 and r.text.count("\n") > 1000


def test_unreachable_backend_is_one_clear_error_at_start(tmp_path):
    with pytest.raises(RuntimeError) as e:
        Server(tmp_path / "s.log", backend="http://127.0.0.1:9/sparql")
    text = (tmp_path / "s.log").read_text()
    assert "sahelkg: error: http://127.0.0.1:9/sparql: backend unusable" in text, text
    assert "Traceback" not in text and "exited 1" in str(e.value)
