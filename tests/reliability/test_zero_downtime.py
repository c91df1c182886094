"""Zero-downtime updates: while ``sahelkg serve`` answers a steady stream of queries, ``sahelkg add``
and ``sahelkg build --full`` switch the store under it, and an admin reload replaces every worker.
Not one request fails, and afterwards every worker answers from the new data."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests

from serverproc import Server, run_cli

pytestmark = pytest.mark.slow

LETTERS_Q = ("PREFIX skg: <https://w3id.org/sahelkg/ontology#> "
             "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l a skg:Letter ; skg:text ?t }")
# A letter of our own (not a seed): a short Kamerbrief in the genre's usual wording.
NEW_LETTER = """\
Geachte voorzitter,

Hierbij informeer ik uw Kamer over de Nederlandse bijdrage aan de VN-missie MINUSMA in Mali.
Het kabinet heeft besloten om in 2019 ongeveer 250 militairen te leveren aan MINUSMA.
Frankrijk steunt met Operatie Barkhane de strijd tegen gewapende groepen in Noord-Mali.

De Minister van Buitenlandse Zaken,
"""


class Load:
    """``n`` client threads querying until stopped; every answer and failure is recorded."""

    def __init__(self, url: str, n: int = 4, max_requests: int = 20000) -> None:
        self.url, self.stop_flag = url, threading.Event()
        self.status: Counter = Counter()
        self.failures: list[str] = []
        self.counts: list[tuple[float, int]] = []  # (time, letters seen)
        self.lock = threading.Lock()
        self.left = max_requests
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(n)]
        for t in self.threads:
            t.start()

    def _run(self, i: int) -> None:
        while not self.stop_flag.is_set():
            with self.lock:
                if self.left <= 0:
                    return
                self.left -= 1
            try:
                if i % 2 == 0:
                    r = requests.get(self.url + "/sparql", params={"query": LETTERS_Q},
                                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
                    n = int(r.json()["results"]["bindings"][0]["n"]["value"]) if r.status_code == 200 else None
                else:
                    r = requests.get(self.url + "/api/actors", params={"q": "mali"}, timeout=30)
                    n = None
            except (requests.RequestException, ValueError, KeyError) as e:
                with self.lock:
                    self.failures.append(f"{type(e).__name__}: {e}")
                continue
            with self.lock:
                self.status[r.status_code] += 1
                if r.status_code != 200:
                    self.failures.append(f"{r.status_code}: {r.text[:200]}")
                if n is not None:
                    self.counts.append((time.monotonic(), n))

    def finish(self) -> None:
        self.stop_flag.set()
        for t in self.threads:
            t.join(60)

    def latest(self) -> int | None:
        with self.lock:
            return self.counts[-1][1] if self.counts else None


def _letters(url: str) -> int:
    r = requests.get(url + "/sparql", params={"query": LETTERS_Q}, headers={"Accept": "application/sparql-results+json"},
                     timeout=30)
    assert r.status_code == 200
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _wait_for(pred, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.2)
    return False


def test_add_build_and_reload_under_load_refuse_nothing(seed_copy, tmp_path):
    store = seed_copy / "store"
    with Server(tmp_path / "serve.log", store=store, workers=3, timeout=30) as srv:
        before = _letters(srv.url)
        load = Load(srv.url)
        try:
            time.sleep(2)
            # 1. `sahelkg add`: an incremental new version, switched atomically under the server
            letter = tmp_path / "brief-zero-downtime.txt"
            letter.write_text(NEW_LETTER, encoding="utf-8")
            done = run_cli("--data", str(seed_copy), "add", str(letter))
            assert done.returncode == 0, done.stderr
            assert _wait_for(lambda: load.latest() == before + 1), (before, load.latest())
            # 2. `sahelkg build --full`: a whole new store version (every letter re-extracted)
            done = run_cli("--data", str(seed_copy), "build", "--full")
            assert done.returncode == 0, done.stderr
            time.sleep(2)
            # 3. graceful reload of every worker, from loopback
            old_workers = {p.pid for p in srv.workers()}
            r = requests.post(srv.url + "/admin/reload", timeout=30)
            assert r.status_code == 202, r.text
            assert _wait_for(lambda: not old_workers & {p.pid for p in srv.workers()}
                             and len(srv.workers()) == 3), "the workers were not replaced"
            time.sleep(2)
        finally:
            load.finish()
        assert not load.failures, load.failures[:10]
        assert sum(load.status.values()) >= 100 and set(load.status) == {200}, load.status
        # afterwards every worker answers from the new data (several requests reach all of them)
        assert {_letters(srv.url) for _ in range(12)} == {before + 1}
        seen = [n for _, n in load.counts]
        assert seen[0] == before and seen[-1] == before + 1
        # once a worker has seen the new version it never goes back to the old one... per worker;
        # across workers the switch shows as a short mix, then only the new count
        last_old = max(i for i, n in enumerate(seen) if n == before)
        assert all(n == before + 1 for n in seen[last_old + 1:])
