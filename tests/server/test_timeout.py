"""The query timeout is truly enforced: a pathological query is stopped at the limit (its process
killed and replaced) while the same worker keeps answering other requests."""

from __future__ import annotations

import threading
import time

import psutil
import pytest
import requests

from conftest import TIMEOUT, Server

# a five-way cross product of every triple: never finishes on any store with more than a few triples
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def one_worker(sample_store, tmp_path_factory):
    """One gunicorn worker, so the pathological query and the others share a worker process."""
    srv = Server(sample_store, tmp_path_factory.mktemp("timeout-log") / "serve.log", workers=1,
                 SAHELKG_EXECUTORS="2", SAHELKG_THREADS="4")
    yield srv
    srv.stop()


def executor_pids(server_proc) -> set[int]:
    return {p.pid for p in psutil.Process(server_proc.pid).children(recursive=True)
            if "sahelkg.server.executor" in " ".join(p.cmdline())}


def test_pathological_query_is_stopped_on_time_while_others_are_served(one_worker):
    before = executor_pids(one_worker.proc)
    assert len(before) >= 2
    slow: dict = {}

    def run_slow():
        t0 = time.monotonic()
        r = requests.post(one_worker.url + "/sparql", data={"query": PATHOLOGICAL}, timeout=60)
        slow.update(status=r.status_code, text=r.text, elapsed=time.monotonic() - t0, done=time.monotonic())

    t = threading.Thread(target=run_slow)
    t.start()
    time.sleep(0.5)  # the slow query is now running in an executor
    answered = []
    while t.is_alive() and len(answered) < 200:
        r = requests.get(one_worker.url + "/sparql", params={"query": "ASK { ?s a ?c }"}, timeout=30)
        answered.append((r.status_code, r.json()["boolean"], time.monotonic()))
    t.join()
    assert slow["status"] == 503, slow
    assert f"{TIMEOUT:g} s" in slow["text"]
    assert TIMEOUT - 0.1 <= slow["elapsed"] < TIMEOUT + 2.0, f"stopped after {slow['elapsed']:.2f} s"
    served_meanwhile = [a for a in answered if a[2] < slow["done"]]
    assert len(served_meanwhile) >= 5, "other requests were not served while the slow query ran"
    assert all(s == 200 and b is True for s, b, _ in answered)
    # the executor that ran it was killed and replaced: no process keeps burning CPU
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        after = executor_pids(one_worker.proc)
        if len(after) == len(before) and after != before:
            break
        time.sleep(0.2)
    assert len(after) == len(before) and len(before - after) == 1, (before, after)
    killed = (before - after).pop()
    assert not psutil.pid_exists(killed) or psutil.Process(killed).status() == psutil.STATUS_ZOMBIE


def test_server_still_healthy_after_timeouts(one_worker):
    for _ in range(2):
        r = requests.get(one_worker.url + "/sparql", params={"query": PATHOLOGICAL}, timeout=60)
        assert r.status_code == 503
    h = requests.get(one_worker.url + "/health", timeout=30).json()
    assert h["status"] == "ok" and h["executors_replaced"] >= 2
    r = requests.get(one_worker.url + "/sparql", params={"query": "ASK {}"}, timeout=30)
    assert r.status_code == 200
