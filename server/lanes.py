"""Two lanes: expensive work takes a turn, cheap requests never wait behind it.

Workers run several request threads (gunicorn ``gthread``; pyoxigraph releases the GIL while it
evaluates, so threads compute at the same time). Without a limit, a burst of heavy requests would
take both cores and a resource page would queue behind them. So *heavy* work - the known expensive
routes (:data:`HEAVY_ROUTES`, relations deeper than one hop) and every SPARQL query not answered from
the response cache (:mod:`.cache`; the endpoint and the query page) - runs only while holding one of
``SAHELKG_HEAVY_SLOTS`` (default 2) turns shared by *all* workers of the server; the others wait for
a turn without a time limit running (:mod:`.watchdog` is re-armed when the turn starts, so waiting
never counts against the query limit). Everything else (resource, letter and actor pages, the actor
API at depth 1, cached answers, /health, static files) runs at once.

A turn is a POSIX record lock on one byte of a file the arbiter opened before forking (as the rate
limiter's table), plus a thread lock for the threads of one process: the kernel drops the locks of
a process that dies, so a SIGKILLed worker cannot keep a turn. Two turns by default, so that one
runaway query (which keeps its turn until the watchdog ends it) never holds up every other query.
A heavy request that waits longer than ``SAHELKG_HEAVY_WAIT`` s (default 60) is answered 503 with
``Retry-After``: the server is overloaded with expensive work, and says so.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import time
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, request

HEAVY_ROUTES = ("/timeline", "/api/timeline", "/api/paths", "/api/contributions/", "/dumps/")
POLL_S = 0.005  # a waiting request looks for a free turn this often

_local = threading.local()


class Busy(Exception):
    """No heavy turn came within the wait limit."""


class Turns:
    """``n`` turns shared by the processes forked after this object was made, and their threads."""

    def __init__(self, n: int) -> None:
        self.n = max(1, n)
        self._file = tempfile.TemporaryFile(prefix="sahelkg-turns-")  # kept open: closing drops all locks
        self._file.truncate(self.n)
        self._mine = [threading.Lock() for _ in range(self.n)]  # one thread per turn in this process
        self._holders: dict[int, list[int]] = {}  # thread ident -> turns it holds (one, in the server)
        self._lock = threading.Lock()

    def _try(self, i: int) -> bool:
        if not self._mine[i].acquire(blocking=False):
            return False
        try:
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB, 1, i)
        except OSError:  # another process holds it
            self._mine[i].release()
            return False
        return True

    def acquire(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        start = threading.get_ident() % self.n  # spread the first try
        while True:
            for k in range(self.n):
                i = (start + k) % self.n
                if self._try(i):
                    with self._lock:
                        self._holders.setdefault(threading.get_ident(), []).append(i)
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)

    def release(self, ident: int | None = None) -> None:
        """Give back a turn of thread ``ident`` (default: this thread), if it holds one."""
        ident = threading.get_ident() if ident is None else ident
        with self._lock:
            held = self._holders.get(ident)
            i = held.pop() if held else None
            if held is not None and not held:
                del self._holders[ident]
        if i is not None:
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_UN, 1, i)
            self._mine[i].release()


_turns: Turns | None = None


def slots() -> int:
    return max(1, int(os.environ.get("SAHELKG_HEAVY_SLOTS", "2")))


def wait_limit() -> float:
    return float(os.environ.get("SAHELKG_HEAVY_WAIT", "60"))


@contextmanager
def heavy_turn():
    """Hold one of the server's heavy turns (re-entrant within a thread); raises :class:`Busy`."""
    if _turns is None or getattr(_local, "depth", 0):
        _local.depth = getattr(_local, "depth", 0) + 1
        try:
            yield
        finally:
            _local.depth -= 1
        return
    from sahelkg.server import watchdog

    watchdog.pause()  # waiting for a turn is not running: no time limit meanwhile
    got = _turns.acquire(wait_limit())
    watchdog.resume()  # the time limit starts now
    if not got:
        raise Busy()
    _local.depth = 1
    try:
        yield
    finally:
        _local.depth = 0
        _turns.release()


def hand_over(ident: int) -> None:
    """Give the turn held by thread ``ident`` (a query the watchdog stopped) to the next request."""
    if _turns is not None:
        _turns.release(ident)


def is_heavy_route() -> bool:
    path = request.path
    if path.startswith(HEAVY_ROUTES):
        return True
    if path.startswith("/api/actors/") and path.endswith("/relations"):
        from sahelkg.server.actors import MAX_DEPTH

        depth = request.args.get("depth", "1").strip()  # out of range: a 400 at once, no turn needed
        return depth.isdigit() and 1 < int(depth) <= MAX_DEPTH
    return False


def busy_response() -> Response:
    msg = "the server is busy with expensive requests; retry shortly\n"
    return Response(msg, status=503, mimetype="text/plain", headers={"Retry-After": "5"})


def init_app(app: Flask) -> None:
    """Make the turns (in the arbiter, before the workers fork) and take one before the heavy
    routes. Register after the cache: a cached answer needs no turn. ``HEAVY_LANE=False`` turns it off."""
    global _turns
    if not app.config.get("HEAVY_LANE", True):
        return
    _turns = Turns(slots())

    @app.before_request
    def take_turn():
        if not is_heavy_route():
            return None
        cm = heavy_turn()
        try:
            cm.__enter__()
        except Busy:
            return busy_response()
        g.heavy_turn = cm
        return None

    @app.teardown_request
    def give_back(exc):
        cm = g.pop("heavy_turn", None)
        if cm is not None:
            cm.__exit__(None, None, None)
