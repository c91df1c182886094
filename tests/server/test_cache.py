"""GET answers are cached per store version: the same answer again, and new data after a switch."""

from __future__ import annotations

import subprocess
import sys

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
