"""Heavy turns (server/lanes.py): shared by processes, given back by a process that dies, re-entrant;
and POSTed queries answered from the cache by their body."""

from __future__ import annotations

import os
import signal
import threading
import time

from sahelkg.server import create_app, lanes


def test_turns_are_shared_by_threads_and_forked_processes():
    turns = lanes.Turns(1)
    assert turns.acquire(1.0)
    other: list[bool] = []
    t = threading.Thread(target=lambda: other.append(turns.acquire(0.2)))
    t.start()
    t.join()
    assert other == [False]  # the one turn is taken, by this thread
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the turn is held by the parent process
        os.write(w, b"1" if turns.acquire(0.2) else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(r, 1) == b"0"
    turns.release()
    assert turns.acquire(0.2)
    turns.release()


def test_a_killed_holder_gives_its_turn_back():
    turns = lanes.Turns(1)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: take the turn, say so, and hang on to it
        turns.acquire(1.0)
        os.write(w, b"x")
        time.sleep(60)
        os._exit(0)
    os.read(r, 1)
    assert not turns.acquire(0.2)  # the child holds it
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert turns.acquire(2.0)  # the kernel dropped the dead process's lock
    turns.release()


def test_hand_over_frees_a_stopped_request_turn():
    turns = lanes.Turns(1)
    held = threading.Event()
    idents: list[int] = []

    def runaway():
        turns.acquire(1.0)
        idents.append(threading.get_ident())
        held.set()
        time.sleep(0.5)

    t = threading.Thread(target=runaway)
    t.start()
    held.wait(2)
    assert not turns.acquire(0.05)
    turns.release(idents[0])  # what the watchdog does when it stops that request
    assert turns.acquire(0.2)
    turns.release()
    t.join()


def test_heavy_requests_wait_for_a_turn_and_cheap_or_cached_ones_do_not(sample_store, monkeypatch):
    monkeypatch.setenv("SAHELKG_HEAVY_WAIT", "0.3")
    app = create_app({"STORE_PATH": str(sample_store), "TESTING": True})
    client = app.test_client()
    j = {"Accept": "application/sparql-results+json"}
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = client.post("/sparql", data={"query": q}, headers=j)
    assert first.status_code == 200
    turns = lanes._turns
    assert turns is not None and lanes.slots() == 2
    assert turns.acquire(1.0) and turns.acquire(1.0)  # every turn taken
    try:
        # the same POSTed query again: answered from the cache (keyed by its body), no turn needed
        again = client.post("/sparql", data={"query": q}, headers=j)
        assert again.status_code == 200 and again.data == first.data
        # a query not in the cache is heavy: it waits, and after SAHELKG_HEAVY_WAIT gets a 503
        other = client.post("/sparql", data={"query": q + " LIMIT 1"}, headers=j)
        assert other.status_code == 503 and "busy" in other.get_data(as_text=True)
        timeline = client.get("/api/timeline")
        assert timeline.status_code == 503 and timeline.headers["Retry-After"] == "5"
        deep = client.get("/api/actors/state/NLD/relations?depth=2")
        assert deep.status_code == 503
        # a syntax error is found before a turn is asked for: a 400 at once, not a wait and a 503
        typo = client.post("/sparql", data={"query": "SELEKT * WHERE { ?s ?p ?o }"}, headers=j)
        assert typo.status_code == 400 and "syntax" in typo.get_data(as_text=True).lower()
        # cheap requests do not wait
        assert client.get("/health").status_code == 200
        assert client.get("/api/actors?q=mali").status_code == 200
        assert client.get("/api/actors/state/NLD/relations?depth=9").status_code == 400  # refused at once
    finally:
        turns.release()
        turns.release()
    assert client.post("/sparql", data={"query": q + " LIMIT 1"}, headers=j).status_code == 200
