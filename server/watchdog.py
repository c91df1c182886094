"""The time limit, truly enforced: a request that runs too long is answered 503 and its process ends.

pyoxigraph cannot cancel a query from Python, so the unit we can stop is the process. ``sahelkg
serve`` runs gunicorn ``gthread`` workers: a few processes, each serving requests on several threads
(query evaluation releases the GIL, so they compute side by side). Each worker has one watchdog
thread. A request arms a deadline for its thread (``before_request``; :mod:`.lanes` pauses it while
the request waits for a heavy turn and restarts it when the turn begins) and disarms it when its
response is built, before gunicorn writes anything. If a deadline passes while armed, the watchdog
(which runs because query evaluation releases the GIL) writes a complete 503 response on that
request's socket and logs one access-log line. The process must then end, the only way to stop the
query, but its other requests are not lost: the worker stops accepting connections (gunicorn's
arbiter starts a replacement at once), hands the runaway's heavy turn to the next request, lets
every other request in flight finish and be written (each still under its own deadline), and
exits. Arm/disarm/fire share one lock, so a response is never written twice.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time

log = logging.getLogger("sahelkg.access")
TICK = 0.05  # seconds between checks
EXIT_CODE = 1  # not 3/4, which would make gunicorn's arbiter halt
STOP_ACCEPTING_S = 1.5  # gunicorn's gthread loop notices `alive = False` within 1 s

current: "Watchdog | None" = None  # the watchdog of this process, if any (only under `sahelkg serve`)


class _Slot:
    __slots__ = ("deadline", "sock", "info", "fired")

    def __init__(self, deadline, sock, info) -> None:
        self.deadline, self.sock, self.info, self.fired = deadline, sock, info, False


class Watchdog:
    def __init__(self, timeout: float, worker=None) -> None:
        self.timeout = timeout
        self.worker = worker  # the gunicorn worker (stopped from accepting when a query has to be ended)
        self.lock = threading.Lock()
        self.slots: dict[int, _Slot] = {}  # request thread -> its deadline and socket
        self.in_flight = 0  # requests inside the WSGI app or being written (see counting())
        self.fired = 0
        self.drain_since: float | None = None
        self.thread = threading.Thread(target=self._watch, name="sahelkg-watchdog", daemon=True)

    def start(self) -> "Watchdog":
        self.thread.start()
        return self

    def arm(self, sock, info: dict) -> None:
        with self.lock:
            self.slots[threading.get_ident()] = _Slot(time.monotonic() + self.timeout, sock, info)

    def disarm(self) -> None:
        with self.lock:
            slot = self.slots.get(threading.get_ident())
            if slot is not None and not slot.fired:
                del self.slots[threading.get_ident()]

    def pause(self) -> None:
        """No deadline for this thread's request until :meth:`resume` (waiting for a heavy turn)."""
        with self.lock:
            slot = self.slots.get(threading.get_ident())
            if slot is not None and not slot.fired:
                slot.deadline = None

    def resume(self) -> None:
        """A full time limit for this thread's request, from now."""
        with self.lock:
            slot = self.slots.get(threading.get_ident())
            if slot is not None and not slot.fired:
                slot.deadline = time.monotonic() + self.timeout

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1

    def _watch(self) -> None:
        while True:
            time.sleep(TICK)
            with self.lock:
                now = time.monotonic()
                for ident, slot in list(self.slots.items()):
                    if not slot.fired and slot.deadline is not None and now >= slot.deadline:
                        self._fire(ident, slot)
                if self.drain_since is not None:
                    waited = now - self.drain_since
                    if (waited >= STOP_ACCEPTING_S and self.in_flight <= self.fired) or waited >= 2 * self.timeout + 5:
                        self._exit()

    def _fire(self, ident: int, slot: _Slot) -> None:
        """Answer ``slot``'s request 503 and start ending this process (called with the lock held)."""
        slot.fired = True
        self.fired += 1
        body = (f"query stopped: it ran longer than the {self.timeout:g} s limit "
                "(simplify it, add a LIMIT, or narrow it with more specific patterns)\n").encode()
        head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\nAccess-Control-Allow-Origin: *\r\n"
                "X-Content-Type-Options: nosniff\r\n\r\n").encode()
        try:
            if slot.sock is not None:
                slot.sock.sendall(head + body)
                slot.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        started = slot.info.get("t0")
        entry = {**{k: v for k, v in slot.info.items() if k != "t0"}, "status": 503, "timeout": True,
                 "duration_ms": round((time.perf_counter() - started) * 1000, 3) if started else None,
                 "pid": os.getpid(), "worker_exit": True}
        log.info(json.dumps(entry, separators=(",", ":")))
        for h in log.handlers:
            h.flush()
        from sahelkg.server import lanes

        lanes.hand_over(ident)  # the runaway's heavy turn goes to the next request
        if self.worker is None:
            self._exit()
        if self.drain_since is None:
            self.drain_since = time.monotonic()
            self.worker.alive = False  # stop accepting; the arbiter starts a replacement when we exit

    def _exit(self) -> None:
        for h in log.handlers:
            h.flush()
        os._exit(EXIT_CODE)


def install(timeout: float, worker=None) -> Watchdog:
    """Start this process's watchdog (call once per worker, after fork)."""
    global current
    current = Watchdog(timeout, worker).start()
    return current


def pause() -> None:
    if current is not None:
        current.pause()


def resume() -> None:
    if current is not None:
        current.resume()


class _Counted:
    """A WSGI response iterable that tells the watchdog when gunicorn has finished with it."""

    def __init__(self, inner, done) -> None:
        self.inner, self.done = inner, done

    def __iter__(self):
        return iter(self.inner)

    def close(self) -> None:
        try:
            close = getattr(self.inner, "close", None)
            if close is not None:
                close()
        finally:
            done, self.done = self.done, None
            if done is not None:
                done()


def counting(wsgi_app):
    """Wrap ``wsgi_app`` so the watchdog knows how many requests are in flight (until written)."""

    def app(environ, start_response):
        wd = current
        if wd is None:
            return wsgi_app(environ, start_response)
        wd.enter()
        try:
            inner = wsgi_app(environ, start_response)
        except BaseException:
            wd.leave()
            raise
        return _Counted(inner, wd.leave)

    return app


def init_app(app) -> None:
    """Arm around every request when this process has a watchdog (under gunicorn); no-op otherwise."""
    from flask import g, request

    app.wsgi_app = counting(app.wsgi_app)

    @app.before_request
    def arm():
        if current is not None:
            sock = request.environ.get("gunicorn.socket")
            current.arm(sock, {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + "Z",
                               "method": request.method, "path": request.path, "t0": g.get("t0"),
                               "remote": request.remote_addr})

    @app.after_request
    def disarm(resp):
        if current is not None:
            current.disarm()
        return resp

    @app.teardown_request
    def disarm_always(exc):
        if current is not None:
            current.disarm()
