"""A running server follows the store's atomic ``current`` switch: a new version (``sahelkg load``)
is answered within a second or so, without a restart and without a refused request."""

from __future__ import annotations

import threading
import time

import requests
from pyoxigraph import RdfFormat, serialize

from server_helpers import Server, _load
from skg_sample import sample_quads

ASK = "ASK { GRAPH <http://example.org/switch-test> { ?s ?p ?o } }"


def test_server_sees_a_new_store_version_without_restart(tmp_path):
    nq = tmp_path / "sample.nq"
    nq.write_bytes(serialize(sample_quads(), format=RdfFormat.N_QUADS))
    store = tmp_path / "store"
    _load(store, nq)
    srv = Server(store, tmp_path / "serve.log", workers=2)
    try:
        assert requests.get(srv.url + "/sparql", params={"query": ASK}, timeout=30).json()["boolean"] is False
        failures: list = []
        stop = threading.Event()

        def keep_asking():
            while not stop.is_set():
                r = requests.get(srv.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
                if r.status_code != 200:
                    failures.append((r.status_code, r.text))

        t = threading.Thread(target=keep_asking)
        t.start()
        extra = tmp_path / "extra.nt"
        extra.write_text("<http://example.org/s> <http://example.org/p> \"new\" .\n", encoding="utf-8")
        _load(store, extra, "http://example.org/switch-test")
        deadline = time.monotonic() + 10
        seen = False
        while time.monotonic() < deadline and not seen:
            seen = requests.get(srv.url + "/sparql", params={"query": ASK}, timeout=30).json()["boolean"]
            time.sleep(0.1)
        stop.set()
        t.join()
        assert seen, "the new version was not picked up"
        assert not failures, failures[:3]
    finally:
        srv.stop()
