"""The query timeout is truly enforced: a pathological query is answered 503 at the limit and the
worker process running it is ended and replaced, while the other workers keep answering."""

from __future__ import annotations

import json
import threading
import time

import psutil
import pytest
import requests

from server_helpers import TIMEOUT, Server

# a five-way cross product of every triple: never finishes on any store with more than a few triples
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def timeout_server(sample_store, tmp_path_factory):
    srv = Server(sample_store, tmp_path_factory.mktemp("timeout-log") / "serve.log", workers=2,
                 SAHELKG_QUERY_TIMEOUT=str(TIMEOUT))
    yield srv
    srv.stop()


def worker_pids(server_proc) -> set[int]:
    pids = set()
    for p in psutil.Process(server_proc.pid).children():
        try:
            if p.status() != psutil.STATUS_ZOMBIE:
                pids.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return pids


def test_pathological_query_is_stopped_on_time_while_others_are_served(timeout_server):
    srv = timeout_server
    deadline = time.monotonic() + 30
    while len(worker_pids(srv.proc)) < 2 and time.monotonic() < deadline:  # both workers booted
        time.sleep(0.2)
    before = worker_pids(srv.proc)
    assert len(before) == 2
    slow: dict = {}

    def run_slow():
        t0 = time.monotonic()
        r = requests.post(srv.url + "/sparql", data={"query": PATHOLOGICAL}, timeout=60)
        slow.update(status=r.status_code, text=r.text, elapsed=time.monotonic() - t0, done=time.monotonic(),
                    cors=r.headers.get("Access-Control-Allow-Origin"))

    t = threading.Thread(target=run_slow)
    t.start()
    time.sleep(0.5)  # the slow query now occupies one worker
    answered = []
    while t.is_alive() and len(answered) < 500:
        r = requests.get(srv.url + "/sparql", params={"query": "ASK { ?s a ?c }"}, timeout=30)
        answered.append((r.status_code, r.json()["boolean"] if r.status_code == 200 else r.text, time.monotonic()))
    t.join()
    assert slow["status"] == 503, slow
    assert f"{TIMEOUT:g} s limit" in slow["text"] and slow["cors"] == "*"
    assert TIMEOUT - 0.1 <= slow["elapsed"] < TIMEOUT + 2.0, f"stopped after {slow['elapsed']:.2f} s"
    served_meanwhile = [a for a in answered if a[2] < slow["done"]]
    assert len(served_meanwhile) >= 5, "other requests were not served while the slow query ran"
    assert all(s == 200 and b is True for s, b, _ in answered), [a for a in answered if a[0] != 200][:3]
    # the worker that ran it is gone (nothing keeps burning CPU) and gunicorn started another
    deadline = time.monotonic() + 15
    after = before
    while time.monotonic() < deadline:
        after = worker_pids(srv.proc)
        if len(after) == 2 and after != before:
            break
        time.sleep(0.2)
    assert len(after) == 2 and len(before - after) == 1, (before, after)
    # the timeout has its own structured access-log line
    lines = [json.loads(x) for x in srv.log.read_text().splitlines() if x.startswith("{")]
    assert any(e.get("timeout") and e["status"] == 503 and e["path"] == "/sparql" for e in lines)


def test_timeouts_on_every_worker_leave_a_working_server(timeout_server):
    srv = timeout_server
    results = []

    def slow():
        results.append(requests.get(srv.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=60).status_code)

    threads = [threading.Thread(target=slow) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [503, 503]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(srv.url + "/health", timeout=5).json()["status"] == "ok":
                break
        except requests.RequestException:
            time.sleep(0.2)
    r = requests.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_pages_are_under_the_same_limit(timeout_server):
    """Not only /sparql: the query page runs user queries too, and is stopped the same way."""
    r = requests.get(timeout_server.url + "/", params={"query": PATHOLOGICAL}, timeout=60)
    assert r.status_code == 503
