"""GET answers are cached per store version: the same answer again, and new data after a switch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sahelkg.server import create_app


def test_cached_answers_are_identical_and_keep_their_headers(sample_store):
    client = create_app({"STORE_PATH": str(sample_store), "TESTING": True}).test_client()
    first = client.get("/api/actors?q=mali")
    again = client.get("/api/actors?q=mali")
    assert first.status_code == again.status_code == 200 and first.data == again.data
    assert again.headers.get("Access-Control-Allow-Origin") == first.headers.get("Access-Control-Allow-Origin")
    html = client.get("/", headers={"Accept": "text/html"})
    assert "Content-Security-Policy" in client.get("/", headers={"Accept": "text/html"}).headers
    assert html.mimetype == "text/html"
    # another Accept is another answer
    q = "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201"
    assert client.get(q, headers={"Accept": "text/csv"}).mimetype == "text/csv"
    assert client.get(q, headers={"Accept": "application/sparql-results+json"}).mimetype.endswith("json")


def test_a_new_store_version_is_not_answered_from_the_cache(tmp_path):
    from sahelkg.server import store as server_store

    store = tmp_path / "store"
    nt = tmp_path / "a.nt"
    nt.write_text('<https://w3id.org/sahelkg/id/state/AAA> <http://www.w3.org/2000/01/rdf-schema#label> "Aland"@en .\n')
    load = [sys.executable, "-m", "sahelkg", "load", str(nt), "--store", str(store),
            "--graph", "https://example.org/g"]
    assert subprocess.run(load, capture_output=True).returncode == 0
    client = create_app({"STORE_PATH": str(store), "TESTING": True}).test_client()
    q = "/sparql?query=SELECT%20%3Fl%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fl%20%7D"
    assert "Aland" in client.get(q, headers={"Accept": "text/csv"}).get_data(as_text=True)
    nt.write_text('<https://w3id.org/sahelkg/id/state/BBB> <http://www.w3.org/2000/01/rdf-schema#label> "Bland"@en .\n')
    assert subprocess.run(load, capture_output=True).returncode == 0
    server_store._checked.clear()  # the next version check happens at once instead of within 0.5 s
    assert "Bland" in client.get(q, headers={"Accept": "text/csv"}).get_data(as_text=True)


def _app(store, folder, **config):
    return create_app({"STORE_PATH": str(store), "TESTING": True, "RESPONSE_CACHE_DIR": str(folder), **config})


def _cache_of(response) -> str:
    """``hit`` or ``miss``, from the Server-Timing header."""
    for part in response.headers.get("Server-Timing", "").split(","):
        name, _, params = part.strip().partition(";")
        if name == "cache":
            return params.removeprefix("desc=")
    return ""


Q = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


def test_one_workers_answer_serves_the_others_from_disk(sample_store, tmp_path):
    import diskcache

    one = _app(sample_store, tmp_path / "c").test_client()
    other = _app(sample_store, tmp_path / "c").test_client()  # another worker: its own app, the same folder
    first = one.get(Q, headers={"Accept": "text/csv"})
    assert first.status_code == 200 and _cache_of(first) == "miss"
    again = other.get(Q, headers={"Accept": "text/csv"})
    assert _cache_of(again) == "hit" and again.data == first.data and again.mimetype == "text/csv"
    assert again.headers.get("Access-Control-Allow-Origin") == "*"  # added again on each hit
    with diskcache.Cache(str(tmp_path / "c")) as on_disk:
        assert len(on_disk) == 1  # kept on disk, not in the worker


def test_errors_and_uncacheable_routes_are_not_kept(sample_store, tmp_path):
    client = _app(sample_store, tmp_path / "c").test_client()
    bad = "/sparql?query=SELEKT"
    assert client.get(bad).status_code == 400
    assert _cache_of(client.get(bad)) == "miss"
    assert _cache_of(client.get("/health")) == ""
    assert client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}).status_code == 200
    assert _cache_of(client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})) == "hit"
    assert _cache_of(client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"})) == "miss"


def test_servers_with_other_settings_do_not_share_answers(sample_store, tmp_path):
    q = "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%2050"
    wide = _app(sample_store, tmp_path / "c", ROW_LIMIT=10000).test_client()
    narrow = _app(sample_store, tmp_path / "c", ROW_LIMIT=3).test_client()
    rows = wide.get(q, headers={"Accept": "text/csv"}).get_data(as_text=True).strip().splitlines()
    cut = narrow.get(q, headers={"Accept": "text/csv"})
    assert _cache_of(cut) == "miss"
    assert len(cut.get_data(as_text=True).strip().splitlines()) < len(rows)


def test_a_broken_cache_folder_costs_speed_not_answers(sample_store, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    client = _app(sample_store, blocker).test_client()
    with caplog.at_level("WARNING", logger="sahelkg.cache"):
        for _ in range(3):
            r = client.get(Q, headers={"Accept": "text/csv"})
            assert r.status_code == 200 and r.get_data(as_text=True).startswith("n")
    problems = [r for r in caplog.records if r.name == "sahelkg.cache"]
    assert len(problems) == 1 and str(blocker) in problems[0].getMessage()  # said once, naming the folder


def test_the_folder_keeps_to_its_size_limit(sample_store, tmp_path):
    import diskcache

    client = _app(sample_store, tmp_path / "c", RESPONSE_CACHE_MB=1, RATE_LIMIT="off").test_client()
    filler = "x" * 20_000  # each answer echoes ~20 kB: 200 answers are ~4 MB, four times the limit
    for i in range(200):
        q = f'SELECT ("{filler}{i}" AS ?x) WHERE {{}}'
        assert client.post("/sparql", data={"query": q}, headers={"Accept": "text/csv"}).status_code == 200
    with diskcache.Cache(str(tmp_path / "c")) as on_disk:
        assert on_disk.volume() < 1.5 * 2**20
        assert 10 < len(on_disk) < 200


def test_the_cache_folder_is_beside_the_store_or_in_the_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    from sahelkg.server.cache import cache_dir

    monkeypatch.delenv("SAHELKG_RESPONSE_CACHE_DIR", raising=False)
    store = tmp_path / "data" / "store"
    store.mkdir(parents=True)
    assert cache_dir(str(store)) == (tmp_path / "data" / "cache" / "responses").resolve()
    remote = cache_dir("http://127.0.0.1:8890/sparql")
    assert remote.parent == Path(tempfile.gettempdir()) and remote == cache_dir("http://127.0.0.1:8890/sparql")
    blocked = tmp_path / "blocked"
    (blocked / "store").mkdir(parents=True)
    (blocked / "cache").write_text("a file where the cache folder would go")  # cannot be made, even by root
    assert cache_dir(str(blocked / "store")).parent == Path(tempfile.gettempdir())
    monkeypatch.setenv("SAHELKG_RESPONSE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir(str(store)) == tmp_path / "mine"
