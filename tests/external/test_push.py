"""``sahelkg push`` publishes the store to a real external SPARQL server (Virtuoso) and keeps it in step."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from sahelkg.graph.push import Remote, push, remote_graph_sizes, remote_select

pytestmark = pytest.mark.external

BASE = "https://w3id.org/sahelkg/"


def _store_with(graphs: dict[str, int]) -> Store:
    store = Store()
    for g, n in graphs.items():
        for i in range(n):
            store.add(Quad(NamedNode(f"{BASE}id/thing/{i}"), NamedNode(f"{BASE}ontology#n"),
                           Literal(f"waarde {i} — «{g[-1]}»", language="nl"), NamedNode(g)))
    return store


def test_push_replaces_graphs_and_drops_stale_ones(virtuoso):
    remote = Remote(virtuoso.sparql, virtuoso.graph_store, virtuoso.sparql)
    a, b = f"{BASE}graph/letter/a", f"{BASE}graph/letter/b"
    report = push(_store_with({a: 3, b: 2}), remote, BASE)
    assert report.graphs == {a: 3, b: 2}
    assert remote_graph_sizes(remote, f"{BASE}graph/") == {a: 3, b: 2}

    # Letter b removed and letter a changed: the server follows, nothing else is left behind.
    report = push(_store_with({a: 5}), remote, BASE)
    assert report.dropped == [b]
    assert remote_graph_sizes(remote, f"{BASE}graph/") == {a: 5}
    rows = remote_select(remote, f'SELECT ?o WHERE {{ GRAPH <{a}> {{ <{BASE}id/thing/4> ?p ?o }} }}')
    assert rows == [{"o": "waarde 4 — «a»"}]  # non-ASCII survives the trip


def test_push_cli_sends_the_seed_graph(virtuoso, seed_settings, seed_store_path):
    env = {**os.environ, "SAHELKG_DATA": str(seed_settings.data_dir)}
    out = subprocess.run([sys.executable, "-m", "sahelkg", "push", virtuoso.sparql,
                          "--graph-store", virtuoso.graph_store], capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    remote = Remote(virtuoso.sparql, virtuoso.graph_store, virtuoso.sparql)
    held = remote_graph_sizes(remote, f"{BASE}graph/letter/")
    assert len(held) == 5 and all(n > 0 for n in held.values())


def test_push_to_nowhere_is_one_clear_error(seed_settings, seed_store_path):
    env = {**os.environ, "SAHELKG_DATA": str(seed_settings.data_dir)}
    out = subprocess.run([sys.executable, "-m", "sahelkg", "push", "http://127.0.0.1:9/sparql"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 1
    assert out.stderr.startswith("sahelkg: error: http://127.0.0.1:9/sparql") and "Traceback" not in out.stderr
